// `sluice eval POLICY [RECORDS...]`: evaluate records against a policy and write
// one result per record, in input order (docs/eval.md).
#include <fcntl.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <map>

#include <fmt/format.h>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/eval_inputs.hpp"
#include "cli/eval_parallel.hpp"
#include "cli/eval_record.hpp"
#include "cli/eval_summary.hpp"
#include "cli/interrupt.hpp"
#include "runtime/evaluate.hpp"
#include "runtime/explain.hpp"
#include "runtime/writers/writer.hpp"

namespace sluice::cli {

namespace {

constexpr std::int64_t kProgressEvery = 100000;

const char* const kDescription =
    "Evaluate CRM records against a policy (`.funnel` source or compiled `.ir.json`) and\n"
    "write one result per record, in input order. RECORDS are files or `-` for standard\n"
    "input (the default when none is given): NDJSON, a JSON array or CSV, told by the\n"
    "extension (.ndjson/.jsonl, .json, .csv) or --input-format. Every input is read as\n"
    "the record of the funnel named by --funnel, else of the policy's first funnel.\n"
    "\n"
    "-j N evaluates NDJSON inputs and CSV files on N threads (the output is the same\n"
    "bytes, in input order); JSON-array inputs, CSV from standard input or a pipe, and\n"
    "--format table use one thread.\n"
    "\n"
    "Exit status: 0 all records evaluated, 1 the policy has errors, 2 bad usage\n"
    "(unknown option, missing file), 3 finished but some records were errors (their\n"
    "error lines are in the output).";

// After the last record: the progress line ended, a write error reported, the
// summary printed. The exit status.
int finish_eval(const ParsedArgs& args, const rt::OutputSink& sink, const Summary& summary, bool shown) {
  if (shown) std::fputc('\n', stderr);
  if (sink.error() != 0) {
    std::fprintf(stderr, "sluice eval: cannot write the results: %s\n", std::strerror(sink.error()));
    return 1;
  }
  if (args.has("summary")) summary.print();
  if (interrupted()) {
    std::fprintf(stderr, "sluice eval: interrupted after %lld records (the output ends after the last one)\n",
                 static_cast<long long>(summary.records()));
    return kInterruptedStatus;
  }
  return summary.errors() > 0 ? 3 : 0;
}

}  // namespace

int command_eval(int argc, char** argv) {
  std::vector<OptionSpec> specs = {
      {"format", 0, true, "FMT", "output: ndjson (default), json, csv or table"},
      {"explain", 0, false, "", "add an \"explain\" object to each result (JSON formats)"},
      {"jobs", 'j', true, "N", "evaluate NDJSON and CSV files on N threads (default 1), e.g. -j 2"},
      {"output", 'o', true, "FILE", "write results to FILE instead of standard output"},
      {"summary", 0, false, "", "print counts per stage and per error code to standard error"},
      {"help", 'h', false, "", "show this help"},
  };
  add_eval_options(specs);
  ParsedArgs args;
  std::string error;
  if (!parse_args(argc, argv, specs, args, error)) return usage_error("eval", error);
  if (args.has("help")) {
    std::fputs(format_help("sluice eval [options] POLICY [RECORDS...]", kDescription, specs).c_str(), stdout);
    return 0;
  }
  if (args.positionals.empty()) return usage_error("eval", "expected a POLICY file");
  rt::OutputFormat format = rt::OutputFormat::ndjson;
  if (auto f = args.get("format")) {
    if (*f == "ndjson") format = rt::OutputFormat::ndjson;
    else if (*f == "json") format = rt::OutputFormat::json;
    else if (*f == "csv") format = rt::OutputFormat::csv;
    else if (*f == "table") format = rt::OutputFormat::table;
    else return usage_error("eval", fmt::format("unknown output format `{}` (expected ndjson, json, csv or table)", *f));
  }
  int jobs = 1;
  if (auto j = args.get("jobs")) {
    char* end = nullptr;
    const long n = std::strtol(j->c_str(), &end, 10);
    if (j->empty() || *end != '\0' || n < 1 || n > 1024) {
      return usage_error("eval", fmt::format("`-j {}`: expected a number of threads from 1 to 1024", *j));
    }
    jobs = static_cast<int>(n);
  }
  std::vector<std::string> inputs(args.positionals.begin() + 1, args.positionals.end());
  if (inputs.empty()) inputs.push_back("-");
  EvalSetup setup;
  if (int status = prepare_eval("eval", args, args.positionals[0], inputs, setup)) return status;

  int fd = STDOUT_FILENO;
  if (auto path = args.get("output")) {
    fd = ::open(path->c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return usage_error("eval", fmt::format("cannot write `{}`: {}", *path, std::strerror(errno)));
  }
  std::signal(SIGPIPE, SIG_IGN);  // a closed pipe is EPIPE from write(): the sink stops quietly
  install_interrupt_handler();     // Ctrl-C: stop after a whole result line (cli/interrupt.hpp)
  const ir::Program& ir = setup.program->ir;
  rt::OutputSink sink(fd);
  const bool explain = args.has("explain");
  const bool progress = ::isatty(STDERR_FILENO) == 1;
  bool shown = false;
  std::int64_t shown_at = 0;
  auto show_progress = [&](std::int64_t done) {
    if (progress && done / kProgressEvery > shown_at / kProgressEvery) {
      shown_at = done;
      std::fprintf(stderr, "\rsluice eval: %lld records", static_cast<long long>(done));
      shown = true;
    }
  };
  if (jobs > 1 && rt::has_fragments(format)) {
    int status = 0;
    {
      ParallelEval parallel(setup, format, explain, jobs);
      parallel.begin(sink);
      for (const std::string& path : inputs) {
        InputStream input(path);
        if (!input.ok()) {
          std::fprintf(stderr, "sluice eval: cannot read `%s`: %s\n", path.c_str(), std::strerror(errno));
          return 2;
        }
        const auto mapped = map_input("eval", path, setup);
        if (!parallel.run(path, input.stream(), mapped.get(), sink, show_progress)) return 1;
        if (sink.closed() || sink.error() != 0 || interrupted()) break;
      }
      parallel.end(sink);
      status = finish_eval(args, sink, parallel.summary(), shown);
    }
    if (fd != STDOUT_FILENO) ::close(fd);
    return status;
  }
  auto writer = rt::make_writer(format, ir, setup.record, sink);
  rt::Evaluator evaluator(*setup.program, setup.record);
  evaluator.machine().set_step_budget(static_cast<std::int64_t>(setup.limits.eval_steps));
  rt::EvalResult result;
  std::array<rt::RecordIn, rt::kMaxBatch> recs;
  rt::Explanation explanation;  // reused from record to record
  Summary summary(ir);
  std::int64_t done = 0;
  for (const std::string& path : inputs) {
    InputStream input(path);
    if (!input.ok()) {
      std::fprintf(stderr, "sluice eval: cannot read `%s`: %s\n", path.c_str(), std::strerror(errno));
      return 2;
    }
    auto reader = open_reader("eval", path, input.stream(), setup);
    if (!reader) return 1;
    // A write error (a full disk) or Ctrl-C stops the run between two batches.
    while (!sink.closed() && sink.error() == 0 && !interrupted()) {
      const std::size_t n =
          eval_batch(setup, explain ? &explanation : nullptr, evaluator, result, recs, *reader, *writer, summary);
      if (n == 0) break;
      const std::int64_t before = done;
      done += static_cast<std::int64_t>(n);
      if (done / kProgressEvery > before / kProgressEvery) show_progress(done);
    }
    if (sink.closed() || sink.error() != 0 || interrupted()) break;
  }
  writer->finish();
  const int status = finish_eval(args, sink, summary, shown);
  if (fd != STDOUT_FILENO) ::close(fd);
  return status;
}

}  // namespace sluice::cli
