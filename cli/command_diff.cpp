// `sluice diff OLD NEW`: the semantic difference of two versions of a policy and,
// with --records, the impact of the change on a sample of records (docs/diff.md).
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/limits_option.hpp"
#include "cli/diff_git.hpp"
#include "cli/diff_report.hpp"
#include "cli/eval_inputs.hpp"
#include "cli/policy_files.hpp"
#include "compiler/compile.hpp"
#include "runtime/timefmt.hpp"

namespace sluice::cli {

namespace {

namespace fs = std::filesystem;

const char* const kDescription =
    "Compare two versions of a policy. OLD and NEW are `.funnel` files or git:REV:path\n"
    "(read from git revision REV of the repository in the current folder, with the files\n"
    "it imports relatively; a path is from the top of the repository unless it starts\n"
    "with ./ or ../). Prints what changed in meaning: policy version, imports, consts,\n"
    "records, lets, qualifications, and per funnel its stages (added, removed,\n"
    "reordered, entry, exit, owner, sla, kind, actions) and transitions. Whitespace and\n"
    "comments are not changes.\n"
    "\n"
    "With --records, every record is evaluated by both versions at one as-of instant and\n"
    "the impact is reported: records whose stage changed, a from->to matrix with example\n"
    "record keys, qualification passes, events that appear or vanish, data errors.\n"
    "\n"
    "Examples:\n"
    "  sluice diff git:HEAD:policies/acme.funnel policies/acme.funnel\n"
    "  sluice diff old.funnel new.funnel --records sample.ndjson --as-of 2026-01-15\n"
    "  sluice diff old.funnel new.funnel --records s.csv --fail-if-changed-over 5% --format markdown\n"
    "\n"
    "Exit status: 0 done (changes or not), 1 a policy has errors or the share of records\n"
    "that changed stage is over --fail-if-changed-over, 2 bad usage.";

// A temporary folder removed when it goes out of scope.
class TempDir {
 public:
  TempDir() {
    const char* base = std::getenv("TMPDIR");
    std::string pattern = std::string(base != nullptr && *base != '\0' ? base : "/tmp") + "/sluice-diff-XXXXXX";
    if (::mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// One version: where it was read from, its compilation and its modules.
struct Version {
  std::string name;  // as given
  std::string path;  // the file compiled
  CompileResult compiled;
  SourceManager sources;
  ModuleSet modules;
  Limits limits;  // --limit
};

// Resolves (git fetch), compiles and parses one version. Returns 0 or an exit status.
int load_version(const std::string& arg, const std::string& temp, Version& v) {
  v.name = arg;
  v.path = arg;
  if (is_git_spec(arg)) {
    if (temp.empty()) {
      std::fprintf(stderr, "sluice diff: cannot create a temporary folder: %s\n", std::strerror(errno));
      return 1;
    }
    std::string error;
    if (!fetch_git_policy(arg, temp, v.path, error)) return usage_error("diff", error);
  } else {
    std::error_code ec;
    if (!fs::is_regular_file(arg, ec)) return usage_error("diff", fmt::format("policy file `{}` does not exist", arg));
  }
  CompileOptions options;
  options.limits = v.limits;
  v.compiled = compile_file(v.path, options);
  if (!v.compiled.program) {
    std::fputs(render_text(v.compiled.diagnostics, v.compiled.sources, stderr_wants_color()).c_str(), stderr);
    std::fprintf(stderr, "sluice diff: `%s` has errors\n", arg.c_str());
    return 1;
  }
  Diagnostics diags;  // already reported (none are errors) by the compilation
  v.modules = load_modules(v.sources, v.path, diags, v.limits);
  return 0;
}

// "5%", "5" or "12.5%" -> 5, 5, 12.5 (0..100).
bool parse_percent(std::string text, double& out) {
  if (!text.empty() && text.back() == '%') text.pop_back();
  if (text.empty()) return false;
  char* end = nullptr;
  out = std::strtod(text.c_str(), &end);
  return *end == '\0' && out >= 0 && out <= 100;
}

// The funnel index of `name` in `program`, -1 for none given; -2 when not found.
std::int32_t funnel_index(const ir::Program& program, const std::optional<std::string>& name) {
  if (!name) return -1;
  for (std::size_t f = 0; f < program.funnels.size(); ++f)
    if (program.funnels[f].name == *name) return static_cast<std::int32_t>(f);
  return -2;
}

bool write_output(const std::optional<std::string>& path, const std::string& text) {
  if (!path) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return std::fflush(stdout) == 0;
  }
  std::ofstream out(*path, std::ios::binary | std::ios::trunc);
  out << text;
  return static_cast<bool>(out.flush());
}

}  // namespace

int command_diff(int argc, char** argv) {
  std::vector<OptionSpec> specs = {
      {"records", 0, true, "FILE", "replay these records through both versions (repeatable; NDJSON, JSON or CSV)"},
      {"input-format", 0, true, "FMT", "ndjson, json or csv (default: by file extension, else ndjson)"},
      {"as-of", 0, true, "INSTANT", "evaluate both versions as of this ISO-8601 date or instant (default: now)"},
      {"funnel", 0, true, "NAME", "evaluate this funnel (default: the first whose `applies` holds)"},
      {"format", 0, true, "FMT", "output: text (default), json or markdown (for a pull-request comment)"},
      {"output", 'o', true, "FILE", "write the report to FILE instead of standard output"},
      {"fail-if-changed-over", 0, true, "N%",
       "exit 1 when more than N% of the records change stage (needs --records), e.g. 5%"},
      {"help", 'h', false, "", "show this help"},
  };
  add_limit_option(specs);
  ParsedArgs args;
  std::string error;
  if (!parse_args(argc, argv, specs, args, error)) return usage_error("diff", error);
  if (args.has("help")) {
    std::fputs(format_help("sluice diff [options] OLD NEW", kDescription, specs).c_str(), stdout);
    return 0;
  }
  if (args.positionals.size() != 2) return usage_error("diff", "expected two policies: OLD NEW");
  const std::string format = args.get("format").value_or("text");
  if (format != "text" && format != "json" && format != "markdown")
    return usage_error("diff", fmt::format("unknown output format `{}` (expected text, json or markdown)", format));
  std::optional<rt::InputFormat> input_format;
  if (auto f = args.get("input-format")) {
    if (*f == "ndjson") input_format = rt::InputFormat::ndjson;
    else if (*f == "json") input_format = rt::InputFormat::json;
    else if (*f == "csv") input_format = rt::InputFormat::csv;
    else return usage_error("diff", fmt::format("unknown input format `{}` (expected ndjson, json or csv)", *f));
  }
  DiffReport report;
  std::int64_t as_of_ms = 0;
  if (auto a = args.get("as-of")) {
    if (!rt::parse_instant(*a, as_of_ms))
      return usage_error("diff", fmt::format("`{}` is not an ISO-8601 date or instant (like 2026-01-15)", *a));
  } else {
    as_of_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch()).count();
    report.as_of_is_clock = true;
  }
  report.as_of = rt::format_instant(as_of_ms);
  std::vector<std::string> records;
  if (args.values.count("records") != 0) records = args.values.at("records");
  for (const std::string& r : records) {
    std::error_code ec;
    if (r == "-") return usage_error("diff", "--records cannot be standard input (it is read once per version)");
    if (!fs::is_regular_file(r, ec)) return usage_error("diff", fmt::format("records file `{}` does not exist", r));
  }
  if (auto g = args.get("fail-if-changed-over")) {
    double p = 0;
    if (!parse_percent(*g, p))
      return usage_error("diff", fmt::format("--fail-if-changed-over `{}`: expected a percentage from 0 to 100, like 5%", *g));
    if (records.empty()) return usage_error("diff", "--fail-if-changed-over needs --records");
    report.gate_percent = p;
  }

  TempDir old_temp, new_temp;
  Version old_version, new_version;
  LimitSettings limits;
  if (!apply_limit_options(args, limits, error)) return usage_error("diff", error);
  old_version.limits = new_version.limits = limits.policy;
  if (int status = load_version(args.positionals[0], old_temp.path(), old_version)) return status;
  if (int status = load_version(args.positionals[1], new_temp.path(), new_version)) return status;
  report.old_name = old_version.name;
  report.new_name = new_version.name;
  report.changes = diff::diff_policies({&old_version.modules, &old_version.sources},
                                       {&new_version.modules, &new_version.sources});

  std::unique_ptr<rt::LoadedProgram> old_program, new_program;
  std::optional<rt::ImpactCollector> collector;
  if (!records.empty()) {
    old_program = rt::prepare_program(std::move(*old_version.compiled.program), error);
    if (old_program) new_program = rt::prepare_program(std::move(*new_version.compiled.program), error);
    if (!old_program || !new_program) {
      std::fprintf(stderr, "sluice diff: %s\n", error.c_str());
      return 1;
    }
    rt::ReplaySide sides[2] = {{old_program.get(), -1, -1}, {new_program.get(), -1, -1}};
    for (rt::ReplaySide& side : sides) {
      const ir::Program& ir = side.program->ir;
      if (ir.funnels.empty()) {
        std::fprintf(stderr, "sluice diff: a version has no funnel to evaluate records with\n");
        return 1;
      }
      side.funnel = funnel_index(ir, args.get("funnel"));
      if (side.funnel == -2)
        return usage_error("diff", fmt::format("no funnel `{}` in both versions", *args.get("funnel")));
      side.record = ir.funnels[static_cast<std::size_t>(side.funnel >= 0 ? side.funnel : 0)].record;
    }
    collector.emplace(*old_program, *new_program);
    for (const std::string& path : records) {
      std::ifstream a(path, std::ios::binary), b(path, std::ios::binary);
      if (!a || !b) return usage_error("diff", fmt::format("cannot read `{}`: {}", path, std::strerror(errno)));
      const rt::ReplayLimits replay_limits{limits.records, static_cast<std::int64_t>(limits.eval_steps)};
      if (!rt::replay(sides[0], sides[1], input_format_of(path, input_format), a, b, as_of_ms, *collector, error,
                      replay_limits)) {
        std::fprintf(stderr, "sluice diff: `%s`: %s\n", path.c_str(), error.c_str());
        return 1;
      }
    }
    report.impact = &collector->report();
    report.records_files = records;
    if (report.gate_percent) report.gate_failed = report.impact->changed_percent() > *report.gate_percent;
  }

  const std::string text = format == "json" ? diff_to_json(report)
                           : format == "markdown" ? diff_to_markdown(report)
                                                  : diff_to_text(report);
  if (!write_output(args.get("output"), text)) {
    std::fprintf(stderr, "sluice diff: cannot write the report: %s\n", std::strerror(errno));
    return 1;
  }
  return report.gate_failed ? 1 : 0;
}

}  // namespace sluice::cli
