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
#include "runtime/evaluate.hpp"
#include "runtime/explain.hpp"
#include "runtime/writers/writer.hpp"

namespace sluice::cli {

namespace {

constexpr std::int64_t kProgressEvery = 100000;

// Counts for --summary: per funnel and stage, unstaged, and per error code.
class Summary {
 public:
  explicit Summary(const ir::Program& program) : program_(program), stages_(program.funnels.size()) {
    for (std::size_t f = 0; f < program.funnels.size(); ++f) stages_[f].assign(program.funnels[f].stages.size(), 0);
  }
  void add(const rt::RecordIn& in, const rt::EvalResult& r) {
    ++records_;
    if (in.error || r.error) {
      ++errors_[in.error ? in.error_code : r.error_code];
    } else if (r.funnel >= 0 && r.stage >= 0 && static_cast<std::size_t>(r.funnel) < stages_.size() &&
               static_cast<std::size_t>(r.stage) < stages_[static_cast<std::size_t>(r.funnel)].size()) {
      ++stages_[static_cast<std::size_t>(r.funnel)][static_cast<std::size_t>(r.stage)];
    } else {
      ++unstaged_;
    }
  }
  std::int64_t errors() const {
    std::int64_t n = 0;
    for (const auto& [code, count] : errors_) n += count;
    return n;
  }
  void print() const {
    std::string out = fmt::format("{} records: {} evaluated, {} errors\n", records_, records_ - errors(), errors());
    const bool many = program_.funnels.size() > 1;
    for (std::size_t f = 0; f < stages_.size(); ++f) {
      for (std::size_t s = 0; s < stages_[f].size(); ++s) {
        if (stages_[f][s] == 0) continue;
        const std::string name = many ? program_.funnels[f].name + "." + program_.funnels[f].stages[s].name
                                      : program_.funnels[f].stages[s].name;
        out += fmt::format("  stage {:<24} {:>10}\n", name, stages_[f][s]);
      }
    }
    if (unstaged_ > 0) out += fmt::format("  {:<30} {:>10}\n", "unstaged", unstaged_);
    for (const auto& [code, count] : errors_) out += fmt::format("  error {:<24} {:>10}\n", code, count);
    std::fputs(out.c_str(), stderr);
  }

 private:
  const ir::Program& program_;
  std::vector<std::vector<std::int64_t>> stages_;
  std::int64_t records_ = 0, unstaged_ = 0;
  std::map<std::string, std::int64_t> errors_;
};

const char* const kDescription =
    "Evaluate CRM records against a policy (`.funnel` source or compiled `.ir.json`) and\n"
    "write one result per record, in input order. RECORDS are files or `-` for standard\n"
    "input (the default when none is given): NDJSON, a JSON array or CSV, told by the\n"
    "extension (.ndjson/.jsonl, .json, .csv) or --input-format. Every input is read as\n"
    "the record of the funnel named by --funnel, else of the policy's first funnel.\n"
    "\n"
    "-j N is accepted for scripts, but this version evaluates on one thread.\n"
    "\n"
    "Exit status: 0 all records evaluated, 1 the policy has errors, 2 bad usage\n"
    "(unknown option, missing file), 3 finished but some records were errors (their\n"
    "error lines are in the output).";

}  // namespace

int command_eval(int argc, char** argv) {
  std::vector<OptionSpec> specs = {
      {"format", 0, true, "FMT", "output: ndjson (default), json, csv or table"},
      {"explain", 0, false, "", "add an \"explain\" object to each result (JSON formats)"},
      {"jobs", 'j', true, "N", "threads (accepted; evaluation is single-threaded in this version)"},
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
  if (auto j = args.get("jobs")) {
    char* end = nullptr;
    const long n = std::strtol(j->c_str(), &end, 10);
    if (j->empty() || *end != '\0' || n < 1 || n > 1024) {
      return usage_error("eval", fmt::format("`-j {}`: expected a number of threads from 1 to 1024", *j));
    }
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
  const ir::Program& ir = setup.program->ir;
  rt::OutputSink sink(fd);
  auto writer = rt::make_writer(format, ir, setup.record, sink);
  rt::Evaluator evaluator(*setup.program, setup.record);
  rt::EvalResult result;
  Summary summary(ir);
  const bool explain = args.has("explain");
  const bool progress = ::isatty(STDERR_FILENO) == 1;
  std::int64_t done = 0;
  bool shown = false;
  for (const std::string& path : inputs) {
    InputStream input(path);
    if (!input.ok()) {
      std::fprintf(stderr, "sluice eval: cannot read `%s`: %s\n", path.c_str(), std::strerror(errno));
      return 2;
    }
    auto reader = open_reader("eval", path, input.stream(), setup);
    if (!reader) return 1;
    rt::RecordIn rec;
    while (!sink.closed() && reader->next(rec)) {
      nlohmann::json explained;
      if (rec.error) {
        result.clear();
      } else {
        evaluator.evaluate(rec.slots, setup.funnel, setup.as_of_ms, result);
        if (explain && !result.error) explained = rt::to_json(rt::explain(evaluator, result));
      }
      writer->write(rec, result, explained.is_null() ? nullptr : &explained);
      summary.add(rec, result);
      if (progress && ++done % kProgressEvery == 0) {
        std::fprintf(stderr, "\rsluice eval: %lld records", static_cast<long long>(done));
        shown = true;
      }
    }
    if (sink.closed()) break;
  }
  writer->finish();
  if (shown) std::fputc('\n', stderr);
  if (sink.error() != 0) {
    std::fprintf(stderr, "sluice eval: cannot write the results: %s\n", std::strerror(sink.error()));
    return 1;
  }
  if (args.has("summary")) summary.print();
  if (fd != STDOUT_FILENO) ::close(fd);
  return summary.errors() > 0 ? 3 : 0;
}

}  // namespace sluice::cli
