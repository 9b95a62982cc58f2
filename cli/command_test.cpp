// `sluice test [PATH...]`: run the `test` blocks of policies (language.md §8, docs/testing.md).
#include <cctype>
#include <chrono>
#include <cstdio>
#include <exception>
#include <string>

#include <fmt/format.h>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/limits_option.hpp"
#include "cli/policy_files.hpp"
#include "compiler/compile.hpp"
#include "runtime/program.hpp"
#include "runtime/test_coverage.hpp"
#include "runtime/test_report.hpp"
#include "runtime/test_runner.hpp"
#include "runtime/timefmt.hpp"

namespace sluice::cli {

namespace {

const char* const kDescription =
    "Run the `test` blocks of funnel policies. A folder means every `*.funnel` file below\n"
    "it; the default is the current folder. Files without a `policy` header (modules)\n"
    "and without tests are skipped. A test without `as of` runs as of --as-of, else the\n"
    "wall clock read once per run.\n"
    "\n"
    "--coverage adds, per funnel, which stages were entered, which criteria (entry,\n"
    "exit, qualification criteria) were seen both true and false and which\n"
    "transitions fired, with a percentage and what no test exercised (file:line).\n"
    "--coverage-min P also fails the run when the total is below P percent:\n"
    "  sluice test --coverage-min 80 policies/\n"
    "\n"
    "Exit status: 0 every test passed, 1 a test failed, a policy has errors (its\n"
    "diagnostics are printed to standard error) or coverage is below --coverage-min,\n"
    "2 bad usage.";

// The source texts of the program's files, for quoting failing expectations.
std::vector<std::string> source_texts(const ir::Program& program, const SourceManager& sources) {
  std::vector<std::string> texts(program.files.size());
  for (std::size_t i = 0; i < program.files.size(); ++i) {
    for (std::size_t f = 0; f < sources.size(); ++f) {
      const SourceFile& file = sources.file(static_cast<FileId>(f));
      if (file.path == program.files[i]) texts[i] = file.text;
    }
  }
  return texts;
}

// Compiles and runs one file. Returns false when the file is a module without tests.
bool test_file(const std::string& path, rt::TestRunOptions options, bool color, bool coverage,
               const Limits& limits, rt::PolicyTests& out) {
  CompileOptions compile_options;
  compile_options.limits = limits;
  compile_options.lints = false;          // `sluice check` reports the lints
  compile_options.require_policy = false; // a module is skipped below, not an error
  CompileResult r = compile_file(path, compile_options);
  out.file = path;
  if (r.diagnostics.has_errors() || !r.program) {
    std::fputs(render_text(r.diagnostics, r.sources, color).c_str(), stderr);
    out.broken = true;
    return true;
  }
  if (r.program->policy_name.empty() && r.program->tests.empty()) return false;
  out.policy = r.program->policy_name;
  options.sources = source_texts(*r.program, r.sources);
  std::string error;
  auto program = rt::prepare_program(std::move(*r.program), error);
  if (!program) {
    std::fprintf(stderr, "sluice test: `%s`: %s\n", path.c_str(), error.c_str());
    out.broken = true;
    return true;
  }
  if (!coverage) {
    out.tests = rt::run_tests(*program, options);
    return true;
  }
  rt::CoverageRecorder recorder(program->ir);
  options.coverage = &recorder;
  out.tests = rt::run_tests(*program, options);
  out.with_coverage = true;
  out.coverage = recorder.funnels();
  return true;
}

// A percentage from 0 to 100 ("80", "72.5"), the whole text.
bool parse_percent(const std::string& text, double& out) {
  if (text.empty() || text.size() > 32 || std::isdigit(static_cast<unsigned char>(text[0])) == 0) return false;
  if (text.find_first_of("xXeEnN") != std::string::npos) return false;  // plain decimals only
  std::size_t used = 0;
  try {
    out = std::stod(text, &used);
  } catch (const std::exception&) {
    return false;
  }
  return used == text.size() && out >= 0 && out <= 100;  // NaN fails both comparisons
}

}  // namespace

int command_test(int argc, char** argv) {
  std::vector<OptionSpec> specs = {
      {"format", 0, true, "FMT", "text (default), json or junit (JUnit XML)"},
      {"as-of", 0, true, "INSTANT", "the instant of tests without `as of` (default: now, read once)"},
      {"filter", 0, true, "TEXT", "run only the tests whose name contains TEXT"},
      {"coverage", 0, false, "", "report the stages, criteria and transitions the tests exercised"},
      {"coverage-min", 0, true, "P", "exit 1 when total coverage is below P percent (0-100); implies --coverage"},
      {"help", 'h', false, "", "show this help"},
  };
  add_limit_option(specs);
  ParsedArgs args;
  std::string error;
  if (!parse_args(argc, argv, specs, args, error)) return usage_error("test", error);
  if (args.has("help")) {
    std::fputs(format_help("sluice test [options] [PATH...]", kDescription, specs).c_str(), stdout);
    return 0;
  }
  LimitSettings limits;
  if (!apply_limit_options(args, limits, error)) return usage_error("test", error);
  const std::string format = args.get("format").value_or("text");
  if (format != "text" && format != "json" && format != "junit")
    return usage_error("test", fmt::format("unknown format `{}` (expected text, json or junit)", format));
  double coverage_min = 0;
  if (auto p = args.get("coverage-min")) {
    if (!parse_percent(*p, coverage_min))
      return usage_error("test", fmt::format("--coverage-min `{}` is not a number from 0 to 100", *p));
  }
  const bool coverage = args.has("coverage") || args.has("coverage-min");
  rt::TestRunOptions options;
  options.filter = args.get("filter").value_or("");
  options.records = limits.records;
  options.eval_steps = static_cast<std::int64_t>(limits.eval_steps);
  if (auto a = args.get("as-of")) {
    if (!rt::parse_instant(*a, options.default_as_of_ms)) {
      return usage_error("test", fmt::format("`{}` is not an ISO-8601 date or instant (like 2026-01-15 or "
                                             "2026-01-15T09:30:00Z)", *a));
    }
  } else {
    options.default_as_of_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                   std::chrono::system_clock::now().time_since_epoch()).count();
  }
  std::vector<std::string> paths = args.positionals;
  if (paths.empty()) paths.push_back(".");
  std::vector<std::string> files;
  if (!expand_policy_paths(paths, files, error)) return usage_error("test", error);
  if (files.empty()) return usage_error("test", "no `*.funnel` files found");

  const bool color = stderr_wants_color();
  std::vector<rt::PolicyTests> policies;
  for (const std::string& file : files) {
    rt::PolicyTests tests;
    if (test_file(file, options, color, coverage, limits.policy, tests)) policies.push_back(std::move(tests));
  }
  std::string out = format == "json"    ? rt::tests_to_json(policies)
                    : format == "junit" ? rt::tests_to_junit(policies)
                                        : rt::tests_to_text(policies);
  std::fputs(out.c_str(), stdout);
  const rt::TestTotals totals = rt::count_tests(policies);
  bool too_low = false;
  if (args.has("coverage-min")) {
    const rt::CoverageCount total = rt::count_coverage(policies);
    too_low = total.below(coverage_min);
    if (too_low) {
      std::fprintf(stderr, "sluice test: total coverage %.1f%% (%zu of %zu) is below the minimum %g%%\n",
                   total.percent(), total.covered, total.total, coverage_min);
    }
  }
  return totals.failed > 0 || totals.broken > 0 || too_low ? 1 : 0;
}

}  // namespace sluice::cli
