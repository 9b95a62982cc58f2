// `sluice test` runner (runtime/test_runner.hpp) and its reports (runtime/test_report.hpp).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "compiler/compile.hpp"
#include "compiler/diagnostic.hpp"
#include "runtime/program.hpp"
#include "runtime/test_report.hpp"
#include "runtime/test_runner.hpp"
#include "runtime/timefmt.hpp"

namespace {

using namespace sluice;

const char* const kHeader = R"(policy "p" version "1"
record deal {
  id: text key
  amount: number?
  seats: int = 1
  status: enum("open", "won")?
  stage: text?
  region: text? from "Region__c"
}
funnel deals for deal {
  stage field stage
  stage Open { entry amount / seats >= 0 }
  stage Won terminal {
    entry status == "won"
    on enter { emit won { account: id, amount: amount, region: region } }
  }
}
)";

// Compiles `tests` after kHeader as `<dir>/policy.funnel` and runs its tests.
std::vector<rt::TestOutcome> run(const std::string& tests, rt::TestRunOptions options = {},
                                 const std::string& dir = ".") {
  const std::string source = std::string(kHeader) + tests;
  CompileResult r = compile_text(dir + "/policy.funnel", source);
  INFO(render_text(r.diagnostics, r.sources));
  REQUIRE(r.program.has_value());
  std::string error;
  auto program = rt::prepare_program(std::move(*r.program), error);
  INFO(error);
  REQUIRE(program != nullptr);
  options.sources = {source};
  if (options.default_as_of_ms == 0) REQUIRE(rt::parse_instant("2026-01-15", options.default_as_of_ms));
  return rt::run_tests(*program, options);
}

const rt::TestOutcome& only(const std::vector<rt::TestOutcome>& outcomes) {
  REQUIRE(outcomes.size() == 1);
  return outcomes.front();
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("a test whose expectations hold passes") {
  auto outcomes = run(R"(test "open" {
  given { id: "D-1", amount: 5 }
  expect stage == "Open" and moved and entered == ["Open"] and funnel == "deals" and not unstaged
  expect amount == 5
})");
  const auto& t = only(outcomes);
  CHECK(t.name == "open");
  CHECK(t.where == "./policy.funnel:18:1");
  INFO((t.failures.empty() ? std::string() : t.failures.front().message));
  CHECK(t.passed());
}

TEST_CASE("a failing condition reports where, the text, the actual values and the trace") {
  auto outcomes = run(R"(test "lost" {
  given { id: "D-1", amount: 5, status: "won" }
  expect stage == "Open"   # it is Won
})");
  const auto& t = only(outcomes);
  REQUIRE(t.failures.size() == 1);
  const auto& f = t.failures.front();
  CHECK(f.where == "./policy.funnel:20:3");
  CHECK(f.text == "expect stage == \"Open\"");
  CHECK(f.message == "expected true, got false; actual stage = \"Won\"");
  CHECK(contains(f.trace, "D-1: Won (from no stage; entered Won)"));
}

TEST_CASE("a condition that is not set fails and names the missing field") {
  auto outcomes = run(R"(test "unset" {
  given { id: "D-1" }
  expect amount > 3
})");
  const auto& t = only(outcomes);
  REQUIRE(t.failures.size() == 1);
  CHECK(t.failures[0].message == "expected true, got not set; actual amount = not set");
}

TEST_CASE("expect event compares the emitted fields") {
  SECTION("equal values (an int expected, a number emitted) pass") {
    auto outcomes = run(R"(test "won" {
  given { id: "D-2", amount: 12000, status: "won", stage: "Open" }
  expect event won with { account: "D-2", amount: 12000 }
})");
    CHECK(only(outcomes).passed());
  }
  SECTION("a different value fails with both values") {
    auto outcomes = run(R"(test "won" {
  given { id: "D-2", amount: 700, status: "won" }
  expect event won with { amount: 800 }
})");
    const auto& t = only(outcomes);
    REQUIRE(t.failures.size() == 1);
    CHECK(t.failures[0].message == "event `won` was emitted, but amount = 700.0 (expected 800)");
  }
  SECTION("an event that was not emitted fails") {
    auto outcomes = run(R"(test "open" {
  given { id: "D-2", amount: 700 }
  expect event won
})");
    const auto& t = only(outcomes);
    REQUIRE(t.failures.size() == 1);
    CHECK(t.failures[0].message == "expected event `won`, but no event was emitted");
  }
}

TEST_CASE("expect error matches the evaluation's error message") {
  SECTION("the expected error passes") {
    auto outcomes = run(R"(test "zero" {
  given { id: "D-1", amount: 5, seats: 0 }
  expect error "division by zero"
})");
    CHECK(only(outcomes).passed());
  }
  SECTION("another error fails with the actual one") {
    auto outcomes = run(R"(test "zero" {
  given { id: "D-1", amount: 5, seats: 0 }
  expect error "overflow"
})");
    const auto& t = only(outcomes);
    REQUIRE(t.failures.size() == 1);
    CHECK(contains(t.failures[0].message, "expected an error containing \"overflow\", got E_DIV_ZERO: division by zero"));
  }
  SECTION("no error fails") {
    auto outcomes = run(R"(test "fine" {
  given { id: "D-1", amount: 5 }
  expect error "division by zero"
})");
    const auto& t = only(outcomes);
    REQUIRE(t.failures.size() == 1);
    CHECK(contains(t.failures[0].message, "but the record was evaluated"));
  }
  SECTION("an unexpected error fails the test once, at the test") {
    auto outcomes = run(R"(test "zero" {
  given { id: "D-1", amount: 5, seats: 0 }
  expect stage == "Open"
  expect moved
})");
    const auto& t = only(outcomes);
    REQUIRE(t.failures.size() == 1);
    CHECK(t.failures[0].where == "./policy.funnel:18:1");
    CHECK(contains(t.failures[0].message, "the record could not be evaluated: E_DIV_ZERO"));
  }
}

TEST_CASE("given file reads raw input keys relative to the policy's folder") {
  const auto dir = std::filesystem::temp_directory_path() / "sluice_test_runner_test";
  std::filesystem::create_directories(dir / "fixtures");
  std::ofstream(dir / "fixtures" / "d.json") << R"([{"id": "D-9", "amount": 3, "status": "won", "Region__c": "EMEA"}])";
  std::ofstream(dir / "fixtures" / "bad.ndjson") << "{\"id\": \"D-9\", \"amount\": \"lots\"}\n";
  SECTION("a JSON array of one record") {
    auto outcomes = run(R"(test "file" {
  given file "fixtures/d.json"
  expect stage == "Won" and region == "EMEA"
  expect event won with { region: "EMEA", account: "D-9" }
})", {}, dir.string());
    const auto& t = only(outcomes);
    INFO((t.failures.empty() ? std::string() : t.failures.front().message));
    CHECK(t.passed());
  }
  SECTION("a record that cannot be read is an error an `expect error` can match") {
    auto outcomes = run(R"(test "bad" {
  given file "fixtures/bad.ndjson"
  expect error "amount"
})", {}, dir.string());
    CHECK(only(outcomes).passed());
  }
  SECTION("a missing file fails the test") {
    auto outcomes = run(R"(test "missing" {
  given file "fixtures/none.json"
  expect stage == "Won"
})", {}, dir.string());
    const auto& t = only(outcomes);
    REQUIRE(t.failures.size() == 1);
    CHECK(contains(t.failures[0].message, "cannot read the given file"));
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("as of: the test's own instant, else the run's") {
  const std::string tests = R"(test "dated" {
  as of 2026-02-01
  given { id: "D-1", amount: 1 }
  expect today == 2026-02-01
}
test "undated" {
  given { id: "D-1", amount: 1 }
  expect today == 2026-01-15
})";
  auto outcomes = run(tests);
  REQUIRE(outcomes.size() == 2);
  CHECK(outcomes[0].passed());
  CHECK(outcomes[1].passed());
}

TEST_CASE("the --filter option runs only the tests whose name contains the text") {
  const std::string tests = R"(test "alpha one" { given { id: "A" } expect unstaged or stage == "Open" }
test "beta" { given { id: "B" } expect unstaged or stage == "Open" }
test "alpha two" { given { id: "C" } expect unstaged or stage == "Open" }
)";
  rt::TestRunOptions options;
  options.filter = "alpha";
  auto outcomes = run(tests, options);
  REQUIRE(outcomes.size() == 2);
  CHECK(outcomes[0].name == "alpha one");
  CHECK(outcomes[1].name == "alpha two");
  options.filter = "nothing";
  CHECK(run(tests, options).empty());
}

TEST_CASE("expectation text is the rest of the line without its comment") {
  CHECK(rt::expectation_text("a\n  expect x == \"#1\"  # note\n", 2, 3) == "expect x == \"#1\"");
  CHECK(rt::expectation_text("é expect y\n", 1, 3) == "expect y");
  CHECK(rt::expectation_text("one line", 5, 1).empty());
  CHECK(rt::expectation_text("one line", 0, 1).empty());
  CHECK(rt::expectation_text("short", 1, 40).empty());
}

TEST_CASE("reports: text ends with the totals, JUnit escapes names and messages") {
  rt::PolicyTests p;
  p.file = "a&b.funnel";
  p.policy = "p<1>";
  rt::TestOutcome ok;
  ok.name = "ok \"quoted\"";
  rt::TestOutcome bad;
  bad.name = "bad <tag> & 'apos'";
  bad.failures.push_back({"a.funnel:3:4", "expect x < 1", "expected true, got false; actual x = \"a\x01\xff\"", "x: y\n"});
  p.tests = {ok, bad};
  const std::string text = rt::tests_to_text({p});
  CHECK(contains(text, "ok ok \"quoted\"\nFAILED bad <tag> & 'apos'\n    --> a.funnel:3:4\n    expect x < 1\n"));
  CHECK(contains(text, "    how the record was decided:\n      x: y\n"));
  CHECK(text.substr(text.size() - 19) == "1 passed, 1 failed\n");

  const std::string xml = rt::tests_to_junit({p});
  CHECK(contains(xml, "<testsuites tests=\"2\" failures=\"1\" errors=\"0\">"));
  CHECK(contains(xml, "<testsuite name=\"p&lt;1&gt;\" file=\"a&amp;b.funnel\" tests=\"2\" failures=\"1\""));
  CHECK(contains(xml, "<testcase name=\"ok &quot;quoted&quot;\" classname=\"p&lt;1&gt;\" time=\"0.000\"/>"));
  CHECK(contains(xml, "<testcase name=\"bad &lt;tag&gt; &amp; &apos;apos&apos;\""));
  CHECK(contains(xml, "<failure message=\"expected true, got false; actual x = &quot;a\xEF\xBF\xBD\xEF\xBF\xBD&quot;\">"));
  CHECK(!contains(xml, "\x01"));
  CHECK(contains(xml, "\">--&gt; a.funnel:3:4\nexpect x &lt; 1\n"));

  const std::string json = rt::tests_to_json({p});
  CHECK(contains(json, "\"passed\": 1"));
  CHECK(contains(json, "\"failed\": 1"));
}

TEST_CASE("xml_escape keeps valid UTF-8 and replaces what XML cannot hold") {
  CHECK(rt::xml_escape("café\t<&>") == "café&#9;&lt;&amp;&gt;");
  CHECK(rt::xml_escape(std::string("\xC3", 1)) == "\xEF\xBF\xBD");           // truncated sequence
  CHECK(rt::xml_escape(std::string("\xED\xA0\x80", 3)) == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  CHECK(rt::xml_escape(std::string("\0x", 2)) == "\xEF\xBF\xBDx");
  CHECK(rt::xml_escape("a\n\tb", false) == "a\n\tb");
  CHECK(rt::xml_escape("a\n\r<", false) == "a\n&#13;&lt;");
}
