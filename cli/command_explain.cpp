// `sluice explain POLICY RECORDS [--id ID]`: for people, why each record (or the
// one with key ID) sits where it is and what it lacks for the next stage.
#include <csignal>
#include <cstdio>
#include <cstring>

#include <fmt/format.h>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/eval_inputs.hpp"
#include "cli/interrupt.hpp"
#include "runtime/evaluate.hpp"
#include "runtime/explain.hpp"

namespace sluice::cli {

namespace {

const char* const kDescription =
    "Explain, for people, why each record sits in its stage: the rule that put it\n"
    "there, each condition of the next stage's entry and of the current stage's exit\n"
    "with its value, the unmet criteria of every reported qualification, and the SLA.\n"
    "RECORDS are read as for `sluice eval` (files or `-`, NDJSON, JSON array or CSV).\n"
    "\n"
    "Exit status: 0 done, 1 the policy has errors or no record has the --id, 2 bad\n"
    "usage (unknown option, missing file), 3 some records could not be read or evaluated,\n"
    "130 interrupted (Ctrl-C: the output ends after the last whole explanation).";

}  // namespace

int command_explain(int argc, char** argv) {
  std::vector<OptionSpec> specs = {
      {"id", 0, true, "ID", "explain only the record whose key is ID"},
      {"help", 'h', false, "", "show this help"},
  };
  add_eval_options(specs);
  ParsedArgs args;
  std::string error;
  if (!parse_args(argc, argv, specs, args, error)) return usage_error("explain", error);
  if (args.has("help")) {
    std::fputs(format_help("sluice explain [options] POLICY RECORDS...", kDescription, specs).c_str(), stdout);
    return 0;
  }
  if (args.positionals.size() < 2) return usage_error("explain", "expected a POLICY file and RECORDS");
  const std::vector<std::string> inputs(args.positionals.begin() + 1, args.positionals.end());
  EvalSetup setup;
  if (int status = prepare_eval("explain", args, args.positionals[0], inputs, setup)) return status;
  std::signal(SIGPIPE, SIG_IGN);  // `| head`: writes fail and the command ends quietly
  install_interrupt_handler();     // Ctrl-C: stop after a whole explanation (cli/interrupt.hpp)
  const std::optional<std::string> id = args.get("id");
  rt::Evaluator evaluator(*setup.program, setup.record);
  evaluator.machine().set_step_budget(static_cast<std::int64_t>(setup.limits.eval_steps));
  rt::EvalResult result;
  bool matched = false, errors = false;
  std::int64_t written = 0;
  std::string out;
  for (const std::string& path : inputs) {
    if (interrupted()) break;
    InputStream input(path);
    if (!input.ok()) {
      std::fprintf(stderr, "sluice explain: cannot read `%s`: %s\n", path.c_str(), std::strerror(errno));
      return 2;
    }
    auto reader = open_reader("explain", path, input.stream(), setup);
    if (!reader) return 1;
    rt::RecordIn rec;
    while (!interrupted() && reader->next(rec)) {
      if (id && key_text(rec.key) != *id) continue;
      matched = true;
      out.clear();
      if (rec.error) {
        errors = true;
        const std::string key = key_text(rec.key);
        out = fmt::format("{}line {}: {} {}\n", key.empty() ? "" : "`" + key + "` at ", rec.line, rec.error_code,
                          rec.error_message);
      } else {
        evaluator.evaluate(rec.slots, setup.funnel, setup.as_of_ms, result);
        errors = errors || result.error;
        out = rt::to_text(rt::explain(evaluator, result));
      }
      if (!out.empty()) out += '\n';  // a blank line between records
      if (std::fwrite(out.data(), 1, out.size(), stdout) != out.size()) return errors ? 3 : 0;  // output closed
      ++written;
    }
  }
  if (interrupted()) {
    std::fflush(stdout);
    std::fprintf(stderr, "sluice explain: interrupted after %lld records (the output ends after the last one)\n",
                 static_cast<long long>(written));
    return kInterruptedStatus;
  }
  if (id && !matched) {
    std::fprintf(stderr, "sluice explain: no record has the key `%s`\n", id->c_str());
    return 1;
  }
  return errors ? 3 : 0;
}

}  // namespace sluice::cli
