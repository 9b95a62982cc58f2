// `sluice test [PATH...]`: run the `test` blocks of policies (language.md §8, docs/testing.md).
#include <chrono>
#include <cstdio>

#include <fmt/format.h>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/policy_files.hpp"
#include "compiler/compile.hpp"
#include "runtime/program.hpp"
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
    "Exit status: 0 every test passed, 1 a test failed or a policy has errors (its\n"
    "diagnostics are printed to standard error), 2 bad usage.";

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
bool test_file(const std::string& path, rt::TestRunOptions options, bool color, rt::PolicyTests& out) {
  CompileOptions compile_options;
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
  out.tests = rt::run_tests(*program, options);
  return true;
}

}  // namespace

int command_test(int argc, char** argv) {
  const std::vector<OptionSpec> specs = {
      {"format", 0, true, "FMT", "text (default), json or junit (JUnit XML)"},
      {"as-of", 0, true, "INSTANT", "the instant of tests without `as of` (default: now, read once)"},
      {"filter", 0, true, "TEXT", "run only the tests whose name contains TEXT"},
      {"help", 'h', false, "", "show this help"},
  };
  ParsedArgs args;
  std::string error;
  if (!parse_args(argc, argv, specs, args, error)) return usage_error("test", error);
  if (args.has("help")) {
    std::fputs(format_help("sluice test [options] [PATH...]", kDescription, specs).c_str(), stdout);
    return 0;
  }
  const std::string format = args.get("format").value_or("text");
  if (format != "text" && format != "json" && format != "junit")
    return usage_error("test", fmt::format("unknown format `{}` (expected text, json or junit)", format));
  rt::TestRunOptions options;
  options.filter = args.get("filter").value_or("");
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
    if (test_file(file, options, color, tests)) policies.push_back(std::move(tests));
  }
  std::string out = format == "json"    ? rt::tests_to_json(policies)
                    : format == "junit" ? rt::tests_to_junit(policies)
                                        : rt::tests_to_text(policies);
  std::fputs(out.c_str(), stdout);
  const rt::TestTotals totals = rt::count_tests(policies);
  return totals.failed > 0 || totals.broken > 0 ? 1 : 0;
}

}  // namespace sluice::cli
