// Lints: each fires on its golden snippet (tests/golden/diagnostics/W05xx-*-warn.funnel)
// and stays quiet on clean input, including the language.md example.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "compiler/check.hpp"
#include "compiler/modules.hpp"

using namespace sluice;

namespace {

struct Linted {
  SourceManager sm;
  Diagnostics diags;
};

std::unique_ptr<Linted> lint_text(const std::string& path, const std::string& text) {
  auto r = std::make_unique<Linted>();
  ModuleSet modules = load_modules_from_text(r->sm, path, text, r->diags);
  CheckedPolicy policy = check(std::move(modules), r->sm, r->diags);
  lint(policy, r->sm, r->diags);
  r->diags.sort();
  return r;
}

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string dump(const Linted& c) {
  std::string s;
  for (const auto& d : c.diags.items()) {
    LineCol lc = c.sm.file(d.primary.span.file).line_col(d.primary.span.begin);
    s += d.code + " " + std::to_string(lc.line) + ":" + std::to_string(lc.column) + " " + d.message + "\n";
  }
  return s;
}

const char* kRecord = R"(policy "p" version "1"
record lead {
  id: text key
  email: text?
  lead_score: int = 0
  is_competitor: bool = false
  lifecycle_stage: text?
}
)";

}  // namespace

TEST_CASE("each lint fires on its golden snippet, alone") {
  struct Case {
    const char* file;
    const char* code;
    const char* message;
    const char* at;
  };
  const Case cases[] = {
      {"W0501-side-never-entered-warn", "W0501", "side stage `Nurture` is never entered", "15:9"},
      {"W0502-transition-never-fires-warn", "W0502", "this transition can never fire", "18:3"},
      {"W0503-entry-always-false-warn", "W0503", "the entry condition of stage `MQL` is always false", "14:21"},
      {"W0504-stage-shadowed-warn", "W0504",
       "stage `MQL` can never be reached by its entry: stage `SAL` comes later with the same entry condition", "14:9"},
      {"W0505-unused-let-warn", "W0505", "let `hot` is never used", "13:7"},
      {"W0506-unused-const-warn", "W0506", "const `threshold` is never used", "11:7"},
      {"W0507-unused-qualification-warn", "W0507", "qualification `Fit` is never used", "17:15"},
      {"W0508-unused-import-warn", "W0508", "unused import `std/meddic`", "2:1"},
      {"W0509-sla-on-terminal-warn", "W0509", "an SLA on terminal stage `Won` can only ever be breached", "16:5"},
      {"W0510-duplicate-display-name-warn", "W0510", "stage `SQL` has the same display name as stage `MQL`", "15:13"},
      {"W0511-pass-impossible-warn", "W0511", "`Fit` can never pass: it needs 3 criteria and has 2", "20:3"},
  };
  for (const auto& k : cases) {
    DYNAMIC_SECTION(k.file) {
      std::string path = std::string(SLUICE_SOURCE_DIR) + "/tests/golden/diagnostics/" + k.file + ".funnel";
      auto c = lint_text(path, read(path));
      INFO(dump(*c));
      REQUIRE(c->diags.items().size() == 1);
      const Diagnostic& d = c->diags.items()[0];
      CHECK(d.code == k.code);
      CHECK(d.severity == Severity::warning);
      CHECK(d.message == k.message);
      LineCol lc = c->sm.file(d.primary.span.file).line_col(d.primary.span.begin);
      CHECK(std::to_string(lc.line) + ":" + std::to_string(lc.column) == k.at);
    }
  }
}

TEST_CASE("lints stay quiet on clean policies") {
  for (const char* name : {"acme", "business_time", "qualifications", "tests_and_events"}) {
    DYNAMIC_SECTION(name) {
      std::string path = std::string(SLUICE_SOURCE_DIR) + "/tests/golden/parse_ok/" + name + ".funnel";
      auto c = lint_text(path, read(path));
      INFO(dump(*c));
      CHECK(c->diags.items().empty());
    }
  }
}

TEST_CASE("a transition out of a terminal stage is an error; `any` skips terminal stages") {
  auto c = lint_text("t.funnel", std::string(kRecord) + R"(
funnel f for lead {
  stage field lifecycle_stage
  stage Won terminal { entry lead_score > 100 }
  stage Out side { owner sdr }
  transition "any" any -> Out when is_competitor
  transition "bad" Won -> Out when lead_score < 0
}
)");
  INFO(dump(*c));
  REQUIRE(c->diags.items().size() == 1);
  CHECK(c->diags.items()[0].code == "E0401");
  CHECK(c->diags.items()[0].severity == Severity::error);
}

TEST_CASE("transition shadowing needs covering sources and an always-true or identical condition") {
  auto count = [](const std::string& transitions) {
    auto c = lint_text("t.funnel", std::string(kRecord) + R"(
funnel f for lead {
  stage field lifecycle_stage
  stage A { entry email is set }
  stage B { entry lead_score > 10 }
  stage X side { owner sdr }
  stage Y side { owner sdr }
)" + transitions + "}\n");
    INFO(dump(*c));
    std::size_t n = 0;
    for (const auto& d : c->diags.items()) n += d.code == "W0502";
    return n;
  };
  // Different sources: both can fire.
  CHECK(count("transition A -> X when is_competitor\ntransition B -> Y when is_competitor\n") == 0);
  // A narrower earlier source does not cover a wider later one.
  CHECK(count("transition A -> X when is_competitor\ntransition A, B -> Y when is_competitor\n") == 0);
  // Constant true covers everything after it from the same stages.
  CHECK(count("transition A, B -> X when true\ntransition B -> Y when lead_score > 3\n") == 1);
  // A constant that folds to true, through a const.
  CHECK(count("transition any -> X when 1 < 2\ntransition A -> Y when is_competitor\n") == 1);
  // Different conditions: no warning.
  CHECK(count("transition A -> X when is_competitor\ntransition A -> Y when lead_score > 3\n") == 0);
}

TEST_CASE("stage shadowing compares entry conditions with whitespace folded; side stages are ignored") {
  auto c = lint_text("t.funnel", std::string(kRecord) + R"(
funnel f for lead {
  stage field lifecycle_stage
  stage A { entry email is set }
  stage B { entry lead_score > 10 }
  stage C side { entry lead_score > 10 }
  stage D { entry lead_score >    10 or email is set }
  transition A -> C when is_competitor
}
)");
  INFO(dump(*c));
  CHECK(c->diags.items().empty());
}

TEST_CASE("unused declarations inside the standard library are not reported") {
  auto c = lint_text("t.funnel", std::string(kRecord) + R"(import "std/bant"
import "std/meddic"
funnel f for lead {
  stage field lifecycle_stage
  stage A { entry email is set }
}
)");
  INFO(dump(*c));
  // The imports are unused (W0508, twice); BANT and MEDDIC themselves are not reported.
  REQUIRE(c->diags.items().size() == 2);
  CHECK(c->diags.items()[0].code == "W0508");
  CHECK(c->diags.items()[1].code == "W0508");
}
