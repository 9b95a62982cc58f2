// `sluice test --coverage` (runtime/test_coverage.hpp) and its reports.
#include <catch2/catch.hpp>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "compiler/compile.hpp"
#include "compiler/diagnostic.hpp"
#include "runtime/program.hpp"
#include "runtime/test_coverage.hpp"
#include "runtime/test_report.hpp"
#include "runtime/test_runner.hpp"
#include "runtime/timefmt.hpp"

namespace {

using namespace sluice;

// Main stages Known -> MQL (with an exit) -> SAL, a side stage reached by a
// transition, and a qualification used by SAL's entry.
const char* const kPolicy = R"(policy "p" version "1"
record lead {
  id: text key
  email: text?
  score: int = 0
  meeting: bool = false
  junk: bool = false
  budget: bool = false
  stage: text?
}
qualification Fit {
  criterion scored : score >= 50
  criterion funded : budget
  pass when all
}
funnel leads for lead {
  stage field stage
  stage Known { entry email is set }
  stage MQL { entry score >= 100  exit meeting }
  stage SAL { entry meeting and passes Fit }
  stage Trash side { }
  transition "junk" any -> Trash when junk
}
)";

struct Run {
  std::vector<rt::TestOutcome> outcomes;
  std::vector<rt::FunnelCoverage> coverage;
};

Run run(const std::string& tests) {
  CompileResult r = compile_text("policy.funnel", std::string(kPolicy) + tests);
  INFO(render_text(r.diagnostics, r.sources));
  REQUIRE(r.program.has_value());
  std::string error;
  auto program = rt::prepare_program(std::move(*r.program), error);
  INFO(error);
  REQUIRE(program != nullptr);
  rt::CoverageRecorder recorder(program->ir);
  rt::TestRunOptions options;
  REQUIRE(rt::parse_instant("2026-01-15", options.default_as_of_ms));
  options.coverage = &recorder;
  Run out;
  out.outcomes = rt::run_tests(*program, options);
  out.coverage = recorder.funnels();
  return out;
}

const rt::CriterionCoverage& criterion(const rt::FunnelCoverage& f, const std::string& what) {
  for (const rt::CriterionCoverage& c : f.criteria)
    if (c.what == what) return c;
  FAIL("no criterion " << what);
  throw std::logic_error("unreachable");
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("the items of a funnel: stages, present conditions, reported criteria, transitions") {
  const Run r = run("");
  REQUIRE(r.coverage.size() == 1);
  const rt::FunnelCoverage& f = r.coverage.front();
  CHECK(f.funnel == "leads");
  CHECK(f.stages.size() == 4);
  // Entries of Known, MQL, SAL; exit of MQL; Fit's two criteria. Trash has no entry.
  REQUIRE(f.criteria.size() == 6);
  CHECK(f.criteria[0].what == "entry of `Known`");
  CHECK(f.criteria[0].where == "policy.funnel:18:23");
  CHECK(f.criteria[2].what == "exit of `MQL`");
  CHECK(f.criteria[4].what == "criterion `scored` of `Fit`");
  REQUIRE(f.transitions.size() == 1);
  CHECK(f.transitions[0].what == "transition `junk` (any -> Trash)");
  CHECK(f.transitions[0].where == "policy.funnel:22:3");
  // 4 stages + 2 x 6 criteria + 1 transition; no tests: nothing covered.
  CHECK(f.count().total == 17);
  CHECK(f.count().covered == 0);
  CHECK(f.not_exercised().size() == 4 + 6 + 1);
  CHECK(f.not_exercised()[0] == "policy.funnel:18:3  stage `Known` never entered");
  CHECK(f.not_exercised()[4] == "policy.funnel:18:23  entry of `Known` never evaluated");
}

TEST_CASE("a record that passes over stages enters each of them") {
  const Run r = run(R"(
test "straight to SAL" {
  given { id: "a", email: "x@y.z", score: 120, meeting: true, budget: true, stage: "Known" }
  expect stage == "SAL"
}
)");
  REQUIRE(r.outcomes.front().passed());
  const rt::FunnelCoverage& f = r.coverage.front();
  CHECK_FALSE(f.stages[0].entered);  // it started in Known
  CHECK(f.stages[1].entered);        // passed over
  CHECK(f.stages[2].entered);
  CHECK_FALSE(f.stages[3].entered);
  CHECK(f.stage_count().covered == 2);
}

TEST_CASE("every criterion of the funnel is seen on every record, true or false or not set") {
  const Run r = run(R"(
test "known" {
  given { id: "a", email: "x@y.z", score: 10 }
  expect stage == "Known"
}
test "anonymous" {
  given { id: "b" }
  expect unstaged
}
)");
  const rt::FunnelCoverage& f = r.coverage.front();
  const auto& known = criterion(f, "entry of `Known`");
  CHECK(known.seen_true);
  CHECK(known.seen_false);  // `email is set` is false for "b"
  const auto& mql = criterion(f, "entry of `MQL`");
  CHECK_FALSE(mql.seen_true);
  CHECK(mql.seen_false);
  const auto& scored = criterion(f, "criterion `scored` of `Fit`");
  CHECK_FALSE(scored.seen_true);
  CHECK(scored.seen_false);
  CHECK(f.criterion_count().covered == 2 + 1 + 1 + 1 + 1 + 1);  // Known 2, MQL/exit/SAL/scored/funded 1 each
  const auto missing = f.not_exercised();
  CHECK(std::find(missing.begin(), missing.end(), "policy.funnel:19:21  entry of `MQL` never seen true") !=
        missing.end());
}

TEST_CASE("a fired transition is covered; error records and other funnels record nothing") {
  const Run r = run(R"(
test "junk goes to the trash" {
  given { id: "a", email: "x@y.z", junk: true }
  expect stage == "Trash"
}
test "an unknown stage is a data error" {
  given { id: "b", stage: "Nowhere" }
  expect error "E_DATA_STAGE"
}
)");
  const rt::FunnelCoverage& f = r.coverage.front();
  CHECK(f.transitions[0].fired);
  CHECK(f.stages[3].entered);
  // Only the first record was recorded: `email is set` was never false.
  CHECK_FALSE(criterion(f, "entry of `Known`").seen_false);
}

TEST_CASE("percentages and the threshold are exact") {
  rt::CoverageCount c{2, 3};
  CHECK(c.percent() == Approx(66.6667).epsilon(1e-4));
  CHECK(c.below(66.7));
  CHECK_FALSE(c.below(66.6));
  CHECK(rt::CoverageCount{0, 0}.percent() == 100.0);
  CHECK_FALSE(rt::CoverageCount{0, 0}.below(100));
  CHECK_FALSE(rt::CoverageCount{3, 3}.below(100));
  CHECK(rt::CoverageCount{0, 3}.below(0.1));
}

TEST_CASE("coverage reports: text table, JSON numbers, JUnit properties") {
  const Run r = run(R"(
test "known" {
  given { id: "a", email: "x@y.z", score: 10 }
  expect stage == "Known"
}
)");
  rt::PolicyTests p;
  p.file = "policy.funnel";
  p.policy = "p";
  p.tests = r.outcomes;
  p.with_coverage = true;
  p.coverage = r.coverage;
  const std::string text = rt::tests_to_text({p});
  INFO(text);
  CHECK(contains(text, "coverage of funnel `leads` (policy.funnel): "));
  CHECK(contains(text, "  stages entered          1 of 4        25.0%\n"));
  CHECK(contains(text, "  transitions fired       0 of 1         0.0%\n"));
  CHECK(contains(text, "    policy.funnel:22:3  transition `junk` (any -> Trash) never fired\n"));
  // The closing line stays last.
  CHECK(text.substr(text.size() - 19) == "1 passed, 0 failed\n");

  const rt::CoverageCount total = rt::count_coverage({p});
  CHECK(total.total == 17);
  const auto json = nlohmann::json::parse(rt::tests_to_json({p}));
  CHECK(json["coverage"]["total"] == 17);
  CHECK(json["coverage"]["covered"] == total.covered);
  CHECK(json["policies"][0]["coverage"][0]["funnel"] == "leads");
  CHECK(json["policies"][0]["coverage"][0]["transitions"][0]["fired"] == false);

  const std::string junit = rt::tests_to_junit({p});
  INFO(junit);
  const auto props = junit.find("<properties>");
  REQUIRE(props != std::string::npos);
  CHECK(props < junit.find("<testcase"));  // before the testcases, as the JUnit schemas want
  CHECK(contains(junit, "<property name=\"coverage.leads\" value=\""));

  // Without --coverage nothing of it appears.
  p.with_coverage = false;
  CHECK_FALSE(contains(rt::tests_to_text({p}), "coverage"));
  CHECK_FALSE(contains(rt::tests_to_junit({p}), "<properties>"));
}
