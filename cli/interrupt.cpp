#include "cli/interrupt.hpp"

#include <atomic>
#include <csignal>

namespace sluice::cli {

namespace {

std::atomic<bool> g_interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free, "the flag is set from a signal handler");

void on_sigint(int) { g_interrupted.store(true, std::memory_order_relaxed); }

}  // namespace

void install_interrupt_handler() {
  struct sigaction action {};
  action.sa_handler = on_sigint;
  sigemptyset(&action.sa_mask);
  // SA_RESTART: a read or write in progress resumes, so no input line is cut in
  // two by the signal. SA_RESETHAND: a second Ctrl-C terminates as usual.
  action.sa_flags = SA_RESTART | SA_RESETHAND;
  sigaction(SIGINT, &action, nullptr);
}

bool interrupted() { return g_interrupted.load(std::memory_order_relaxed); }

}  // namespace sluice::cli
