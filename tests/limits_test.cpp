// Inputs at the extremes (docs/security.md): 100 000-deep nesting in every nesting
// construct of a policy, and nesting just under the highest `--limit nesting`
// through every recursive pass (checker, lowering, IR JSON writer and reader,
// validator, formatter); huge stage counts and list literals; 100 000-deep JSON
// and a 1 000 000-element list in a record. Each ends in a diagnostic or a result,
// never a crash.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include "compiler/compile.hpp"
#include "compiler/format.hpp"
#include "compiler/ir_json.hpp"
#include "io_test_support.hpp"
#include "runtime/program.hpp"

using namespace sluice;

namespace {

const std::string kHeader = "policy \"p\" version \"1.0.0\"\n";
const std::string kRecord = "record lead {\n  id: text key\n  n: int?\n}\n";
const std::string kFunnel = "funnel f for lead {\n  stage A { entry true }\n}\n";

// `n` copies of `token`, 500 to a line (so the line limit is not what trips).
std::string repeated(const std::string& token, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    out += token;
    if (i % 500 == 499) out += '\n';
  }
  return out + '\n';
}

// The five ways to nest in a policy, `depth` deep.
std::vector<std::pair<std::string, std::string>> nested_policies(std::size_t depth) {
  auto around = [&](const std::string& open, const std::string& inner, const std::string& close) {
    return repeated(open, depth) + inner + repeated(close, depth);
  };
  return {
      {"parentheses", kHeader + kRecord + "const deep = " + around("(", "1", ")") + kFunnel},
      {"not", kHeader + kRecord + "funnel f for lead {\n  stage A { entry " + repeated("not ", depth) + "true }\n}\n"},
      {"list literals", kHeader + kRecord + "const deep = " + around("[", "1", "]") + kFunnel},
      {"record types", kHeader + "record lead {\n  id: text key\n  c: " + around("{ a: ", "int", " }") + "}\n" + kFunnel},
      {"given objects", kHeader + kRecord + kFunnel + "test \"t\" {\n  as of 2026-01-01\n  given { id: \"x\", n: " +
                            around("{ a: ", "1", " }") + " }\n  expect stage == \"A\"\n}\n"},
  };
}

bool has_code(const Diagnostics& diags, const std::string& code) {
  for (const auto& d : diags.items())
    if (d.code == code) return true;
  return false;
}

}  // namespace

TEST_CASE("100 000-deep nesting in a policy is E0004, for every nesting construct") {
  for (const auto& [name, text] : nested_policies(100000)) {
    INFO(name);
    CompileResult r = compile_text("deep.funnel", text);
    CHECK(has_code(r.diagnostics, "E0004"));
    CHECK_FALSE(r.program);
    FormatResult f = format_source("deep.funnel", text);
    CHECK(has_code(f.diagnostics, "E0004"));
  }
}

TEST_CASE("nesting just under the highest limit goes through every pass without exhausting the stack") {
  CompileOptions options;
  options.limits.max_depth = 500;  // the cap of `--limit nesting` (cli/limits_option.cpp)
  for (const auto& [name, text] : nested_policies(490)) {
    INFO(name);
    CompileResult r = compile_text("deep.funnel", text, options);
    CHECK_FALSE(has_code(r.diagnostics, "E0004"));
    CHECK_FALSE(has_code(r.diagnostics, "E0999"));
    FormatResult f = format_source("deep.funnel", text, options.limits);
    CHECK(f.text);
    if (!r.program) continue;  // rejected by the checker (E0121, E0208, E0202): a diagnostic, not a crash
    const std::string json = write_ir(*r.program);
    ir::Program back;
    std::string error;
    REQUIRE(read_ir(json, back, error));
    CHECK(rt::prepare_program(std::move(back), error) != nullptr);
  }
}

// The lints are left out: W0504 compares every pair of stages (quadratic; reported).
TEST_CASE("10 000 stages and a 100 000-element list literal compile in seconds") {
  CompileOptions options;
  options.lints = false;
  std::string stages = kHeader + kRecord + "funnel f for lead {\n";
  for (int i = 0; i < 10000; ++i) stages += "  stage S" + std::to_string(i) + " { entry n > " + std::to_string(i) + " }\n";
  stages += "}\n";
  auto start = std::chrono::steady_clock::now();
  CompileResult r = compile_text("stages.funnel", stages, options);
  CHECK(r.program);
  std::string list = kHeader + kRecord + "const big = [";
  for (int i = 0; i < 100000; ++i) list += (i ? (i % 1000 == 0 ? ",\n" : ", ") : "") + std::to_string(i);
  list += "]\n" + kFunnel;
  CompileResult l = compile_text("list.funnel", list, options);
  CHECK((l.program || l.diagnostics.has_errors()));
  // Not a timing test: a generous ceiling that only a quadratic pass would reach.
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(60));
}

TEST_CASE("100 000-deep JSON and a 1 000 000-element list in a record are error lines") {
  using namespace io_test;
  const std::string base = R"({"id":"L-2","Lead_Score__c":5,"company":{},"buying_group":[],"pain_points":[])";
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  std::string million = "[";
  for (int i = 0; i < 1000000; ++i) million += i ? ",\"x\"" : "\"x\"";
  million += "]";
  // JSON deeper than the record's layout is a type error where it stops fitting;
  // the layout itself is deeper than the depth limit in the last case.
  struct Case { const char* name; std::string line; const char* code; std::size_t depth; };
  const std::vector<Case> cases = {
      {"deep list in a list<text> field", base + R"(,"pain_points":)" + deep + "}", "E_DATA_TYPE", 64},
      {"deep object in an int field", base + R"(,"company":{"employees":)" + std::string(100000, '{') + "}}",
       "E_DATA_TYPE", 64},
      {"deep JSON as the whole line", deep, "E_DATA_TYPE", 64},
      {"a million-element list", base + R"(,"pain_points":)" + million + "}", "E_DATA_LIMIT", 64},
      {"deep JSON in a list of objects, limit 2", base + R"(,"buying_group":[{"name":)" + deep + "}]}",
       "E_DATA_LIMIT", 2},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    rt::ReaderLimits limits;
    limits.max_depth = c.depth;
    auto rows = read_all(rt::InputFormat::ndjson, c.line + "\n" + base + "}\n", lead_program(), limits);
    REQUIRE(rows.size() == 2);  // the next record is read as usual
    CHECK(rows[0].error);
    CHECK(rows[0].code == c.code);
    CHECK_FALSE(rows[1].error);
  }
  // Deep JSON under an ignored key is skipped without being parsed.
  auto rows = read_all(rt::InputFormat::ndjson, base + R"(,"other":)" + deep + "}\n", lead_program(), {});
  REQUIRE(rows.size() == 1);
  CHECK_FALSE(rows[0].error);
}
