// `sluice fmt`: over every policy of the project (globbed at test time, so files
// added later are covered) formatting is idempotent, keeps every comment and keeps
// the compiled program; plus layout rules, parentheses, hostile inputs and the diff.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "compiler/compile.hpp"
#include "compiler/format.hpp"
#include "compiler/format_diff.hpp"
#include "compiler/format_internal.hpp"
#include "compiler/ir_json.hpp"
#include "fuzz/fuzz_compare.hpp"

namespace fs = std::filesystem;
using sluice::format_source;

namespace {

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Every policy file the project ships or tests with.
std::vector<fs::path> project_policies() {
  const fs::path root = SLUICE_SOURCE_DIR;
  std::vector<fs::path> out;
  for (const char* dir : {"tests/golden/parse_ok", "tests/golden/ir", "tests/golden/test_runner", "tests/golden/fmt",
                          "stdlib/std", "examples"}) {
    if (!fs::exists(root / dir)) continue;
    for (const auto& e : fs::recursive_directory_iterator(root / dir))
      if (e.is_regular_file() && e.path().extension() == ".funnel") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Comments, found independently of the formatter's own scan: `#` outside "...".
std::vector<std::string> comments_of(const std::string& text) {
  std::vector<std::string> out;
  bool in_text = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_text) {
      if (c == '\\') ++i;
      else if (c == '"' || c == '\n') in_text = false;
    } else if (c == '"') {
      in_text = true;
    } else if (c == '#') {
      std::size_t end = text.find('\n', i);
      if (end == std::string::npos) end = text.size();
      std::string comment = text.substr(i, end - i);
      while (!comment.empty() && (comment.back() == ' ' || comment.back() == '\r')) comment.pop_back();
      out.push_back(comment);
      i = end;
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The program as JSON without source positions, source texts without blanks: the
// comparison the fmt round-trip fuzz target makes (fuzz/fuzz_compare.hpp).
nlohmann::json comparable(const nlohmann::json& j) { return sluice::fuzz::without_positions(j); }

struct Compiled {
  std::optional<nlohmann::json> program;
  std::vector<std::string> codes;
};
Compiled compile(const std::string& path, const std::string& text) {
  sluice::CompileOptions options;
  options.require_policy = false;
  options.lints = false;
  auto r = sluice::compile_text(path, text, options);
  Compiled c;
  for (const auto& d : r.diagnostics.items()) c.codes.push_back(d.code);
  if (r.program) c.program = comparable(nlohmann::json::parse(sluice::write_ir(*r.program)));
  return c;
}

std::string formatted(const std::string& text) {
  auto r = format_source("t.funnel", text);
  INFO(sluice::render_text(r.diagnostics, r.sources));
  REQUIRE(r.text);
  return *r.text;
}

}  // namespace

TEST_CASE("every project policy: idempotent, comments kept, same program") {
  const auto files = project_policies();
  REQUIRE(files.size() >= 20);
  for (const auto& file : files) {
    const std::string path = file.string();
    INFO(path);
    const std::string text = read(file);
    auto once = format_source(path, text);
    INFO(sluice::render_text(once.diagnostics, once.sources));
    REQUIRE(once.text);
    auto twice = format_source(path, *once.text);
    REQUIRE(twice.text);
    CHECK(*twice.text == *once.text);
    CHECK(comments_of(*once.text) == comments_of(text));
    const Compiled before = compile(path, text), after = compile(path, *once.text);
    CHECK(before.codes == after.codes);
    REQUIRE(before.program.has_value() == after.program.has_value());
    if (before.program) CHECK(*before.program == *after.program);
  }
}

TEST_CASE("canonical layout of blocks, items and blank lines") {
  const std::string in =
      "policy \"p\" version \"1\"\nrecord r { id: text key  n: int = 0 s: text? }\n\n\n\n"
      "funnel f for r { stage field s\n\n\n  stage A { entry n > 1  owner ops }   stage B side {} }";
  CHECK(formatted(in) ==
        "policy \"p\" version \"1\"\n\nrecord r {\n  id: text key\n  n: int = 0\n  s: text?\n}\n\n"
        "funnel f for r {\n  stage field s\n\n  stage A {\n    entry n > 1\n    owner ops\n  }\n"
        "  stage B side {}\n}\n");
}

TEST_CASE("comments stay where they were written") {
  const std::string in =
      "# head\npolicy \"p\" version \"1\"  # trailing\nconst a = \"x#y\" # after text with #\n"
      "record r {\n  id: text key # id\n  # own line\n  n: int\n}\n# tail";
  const std::string out = formatted(in);
  CHECK(out ==
        "# head\npolicy \"p\" version \"1\"  # trailing\n\nconst a = \"x#y\"  # after text with #\n\n"
        "record r {\n  id: text key  # id\n  # own line\n  n: int\n}\n# tail\n");
  CHECK(comments_of(out) == comments_of(in));
}

TEST_CASE("trailing comments of consecutive lines are aligned") {
  CHECK(formatted("const a = 1 # one\nconst long_name = 2 # two\n") ==
        "const a = 1          # one\nconst long_name = 2  # two\n");
}

TEST_CASE("literals keep their spelling; text escapes are untouched") {
  const std::string in = "const a = [1.50, 3d, 2026-01-15, 2025-01-06T09:22:00Z, \"q\\\"#\\n\", 007]\n";
  CHECK(formatted(in) == in);
}

TEST_CASE("user parentheses are kept, spacing is canonical") {
  CHECK(formatted("const a = (1+2)*3\n") == "const a = (1 + 2) * 3\n");
  CHECK(formatted("const a = 1+(2*3)\n") == "const a = 1 + (2 * 3)\n");
  CHECK(formatted("const a = not(true)and - 1<2\n") == "const a = not (true) and -1 < 2\n");
  CHECK(formatted("const a = len( [1 ,2] )\n") == "const a = len([1, 2])\n");
}

TEST_CASE("parentheses the precedence needs are added when the tree lacks them") {
  using namespace sluice::ast;
  const std::string src = "abc";
  auto lit = [&](std::uint32_t at) {
    auto e = std::make_unique<Expr>(ExprKind::int_lit, sluice::Span{0, at, at + 1});
    return e;
  };
  auto bin = [](Op op, ExprPtr l, ExprPtr r) {
    auto e = std::make_unique<Expr>(ExprKind::binary, sluice::Span{});
    e->op = op;
    e->args.push_back(std::move(l));
    e->args.push_back(std::move(r));
    return e;
  };
  const std::string wide(200, ' ');
  const std::string text = src + wide;  // no `(` around any span
  using sluice::format::expr_text;
  CHECK(expr_text(*bin(Op::mul, bin(Op::add, lit(0), lit(1)), lit(2)), text) == "(a + b) * c");
  CHECK(expr_text(*bin(Op::sub, lit(0), bin(Op::sub, lit(1), lit(2))), text) == "a - (b - c)");
  CHECK(expr_text(*bin(Op::sub, bin(Op::sub, lit(0), lit(1)), lit(2)), text) == "a - b - c");
  CHECK(expr_text(*bin(Op::eq, bin(Op::lt, lit(0), lit(1)), lit(2)), text) == "(a < b) == c");
  CHECK(expr_text(*bin(Op::and_, bin(Op::or_, lit(0), lit(1)), lit(2)), text) == "(a or b) and c");
  // A quantifier's condition runs to the right: as a left operand it needs parentheses.
  auto quant = std::make_unique<Expr>(ExprKind::quantifier, sluice::Span{});
  quant->ident.name = "m";
  quant->args.push_back(lit(0));
  quant->args.push_back(lit(1));
  auto q2 = clone(*quant);
  CHECK(expr_text(*bin(Op::or_, std::move(quant), lit(2)), text) == "(any m in a where b) or c");
  CHECK(expr_text(*bin(Op::or_, lit(2), std::move(q2)), text) == "c or any m in a where b");
  auto neg = std::make_unique<Expr>(ExprKind::unary, sluice::Span{});
  neg->op = Op::not_;
  neg->args.push_back(bin(Op::and_, lit(0), lit(1)));
  CHECK(expr_text(*neg, text) == "not (a and b)");
}

TEST_CASE("long expressions break at top-level and/or, 4 spaces in") {
  std::string cond = "n > 1";
  for (int i = 2; i < 20; ++i) cond += fmt::format(" and n != {}", i * 1000);
  const std::string in = "record r { n: int }\nfunnel f for r { stage A { entry " + cond + " } }\n";
  const std::string out = formatted(in);
  CHECK(out.find("    entry n > 1\n        and n != 2000\n        and n != 3000\n") != std::string::npos);
  std::size_t start = 0;
  while (start < out.size()) {
    const std::size_t end = out.find('\n', start);
    CHECK(end - start <= sluice::format::kWidth);
    start = end + 1;
  }
  CHECK(formatted(out) == out);
}

TEST_CASE("a file with syntax errors is not formatted") {
  auto r = format_source("bad.funnel", "record r { n: }\nconst x = 1 +\n");
  CHECK_FALSE(r.text);
  REQUIRE(r.diagnostics.has_errors());
  CHECK(r.diagnostics.items()[0].code.rfind("E0", 0) == 0);
}

TEST_CASE("empty files, comment-only files and CRLF line ends") {
  CHECK(formatted("") == "");
  CHECK(formatted("\n\n  \n") == "");
  CHECK(formatted("# only\n\n\n# comments   \n") == "# only\n\n# comments\n");
  CHECK(formatted("const a = 1\r\n# c\r\nconst b = 2\r\n") == "const a = 1\n# c\nconst b = 2\n");
}

TEST_CASE("hostile input: long chains, deep nesting, limits") {
  std::string chain = "const a = true";
  for (int i = 0; i < 10000; ++i) chain += i % 50 ? " or true" : "\n or true";
  chain += "\n";
  const std::string out = formatted(chain);
  CHECK(formatted(out) == out);

  std::string nested = "const a = " + std::string(150, '(') + "1" + std::string(150, ')') + "\n";
  CHECK(formatted(nested) == "const a = (1)\n");  // redundant nested pairs fold into one
  std::string too_deep = "const a = " + std::string(5000, '(') + "1" + std::string(5000, ')') + "\n";
  auto r = format_source("deep.funnel", too_deep);
  CHECK_FALSE(r.text);
  CHECK(r.diagnostics.has_errors());

  sluice::Limits small;
  small.max_file_bytes = 10;
  CHECK_FALSE(format_source("big.funnel", "const a = 12345\n", small).text);
}

TEST_CASE("unified diff") {
  CHECK(sluice::unified_diff("p", "a\nb\n", "a\nb\n").empty());
  CHECK(sluice::unified_diff("p", "a\nb\nc\n", "a\nB\nc\n") == "--- a/p\n+++ b/p\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n");
  CHECK(sluice::unified_diff("p", "x", "x\n") ==
        "--- a/p\n+++ b/p\n@@ -1 +1 @@\n-x\n\\ No newline at end of file\n+x\n");
  CHECK(sluice::unified_diff("p", "", "a\n") == "--- a/p\n+++ b/p\n@@ -0,0 +1 @@\n+a\n");
  // Far-apart changes make two hunks.
  std::string before, after;
  for (int i = 0; i < 20; ++i) {
    before += fmt::format("{}\n", i);
    after += fmt::format("{}\n", i == 1 || i == 18 ? 100 + i : i);
  }
  const std::string d = sluice::unified_diff("p", before, after);
  CHECK(d.find("@@ -1,5 +1,5 @@") != std::string::npos);
  CHECK(d.find("@@ -16,5 +16,5 @@") != std::string::npos);
  // Beyond the table bound the changed region is one replacement, still a valid diff.
  std::string big_a, big_b;
  for (int i = 0; i < 3000; ++i) {
    big_a += fmt::format("a{}\n", i);
    big_b += fmt::format("b{}\n", i);
  }
  const std::string big = sluice::unified_diff("p", big_a, big_b);
  CHECK(big.find("@@ -1,3000 +1,3000 @@") != std::string::npos);
}
