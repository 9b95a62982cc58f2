// `sluice test`: runs the `test` blocks of a compiled policy (language.md §8). Each
// test reads its `given` record, evaluates it with the Evaluator as of its instant,
// then checks every `expect` against the result; a failure says where the
// expectation is, what was expected, what happened and how the record was decided.
// Rendering the outcomes (text, JSON, JUnit XML) is in runtime/test_report.hpp.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "runtime/program.hpp"
#include "runtime/reader.hpp"
#include "runtime/vm.hpp"

namespace sluice::rt {

class CoverageRecorder;  // runtime/test_coverage.hpp

struct TestRunOptions {
  // The instant of a test without `as of` (`sluice test --as-of`, else the wall clock).
  std::int64_t default_as_of_ms = 0;
  // Only tests whose name contains this text run ("" = all).
  std::string filter;
  // Source texts parallel to program.ir.files ("" or missing when unknown): used
  // to quote a failing expectation as written.
  std::vector<std::string> sources;
  // When set (`--coverage`), every record evaluated without an error is recorded in
  // it; it must have been made for the program the tests run on.
  CoverageRecorder* coverage = nullptr;
  // Limits for reading `given` records and evaluating them (`sluice test --limit`).
  ReaderLimits records;
  std::int64_t eval_steps = kDefaultEvalSteps;
};

struct ExpectFailure {
  std::string where;    // "policy.funnel:12:3"
  std::string text;     // the expectation as written ("" when the source is unknown)
  std::string message;  // what was expected and what happened
  std::string trace;    // how the record was decided (explain text), "" when not evaluated
};

struct TestOutcome {
  std::string name;
  std::string where;    // of the `test` block
  std::vector<ExpectFailure> failures;  // empty: passed
  double seconds = 0;   // wall time of the test (JUnit output only)
  bool passed() const { return failures.empty(); }
};

// Runs the program's tests in declaration order. `given file` paths are relative
// to the folder of the file the test is written in. Never throws on bad records or
// files: those become failures of their test.
std::vector<TestOutcome> run_tests(const LoadedProgram& program, const TestRunOptions& options);

// The expectation's source text at line:column (1-based, column in code points) of
// `source`: the rest of that line without a trailing `#` comment, trimmed.
std::string expectation_text(const std::string& source, std::int32_t line, std::int32_t column);

}  // namespace sluice::rt
