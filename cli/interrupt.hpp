// Ctrl-C (SIGINT) during `sluice eval`: the first one sets a flag that the eval
// loops check between records, so the output ends after a whole result line and
// the command exits 130 saying how many records were written; a second Ctrl-C
// ends the process at once (the default action is restored).
#pragma once

namespace sluice::cli {

// Installs the handler (reads are restarted, not failed, when it runs).
void install_interrupt_handler();
// Whether SIGINT arrived since install_interrupt_handler().
bool interrupted();

// The exit status after an interruption (128 + SIGINT, as a shell reports it).
inline constexpr int kInterruptedStatus = 130;

}  // namespace sluice::cli
