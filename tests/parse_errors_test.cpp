// Syntax errors and limits: every class of parser diagnostic with its code and
// position, recovery after broken declarations, and the E0002..E0005 limits.
#include <catch2/catch.hpp>

#include "tests/parse_support.hpp"

using namespace sluice;
using parse_support::parse_text;

// ---------------------------------------------------------------- syntax errors

TEST_CASE("a chained comparison is E0012 at the second operator") {
  auto p = parse_text("let x = a < b < c\nlet y = a == b != c\n");
  CHECK(p->codes() == "E0012@1:15 E0012@2:16");
  CHECK(p->diags.items()[0].message == "comparisons do not chain; combine them with `and`");
  CHECK(p->diags.items()[0].help == "write `a < b and b < c`");
}

TEST_CASE("an unclosed block names where it was opened (E0011)") {
  auto p = parse_text(R"(funnel f for lead {
  stage MQL {
    owner sdr

  stage SAL { }
}
)");
  REQUIRE(p->codes() == "E0011@5:3");
  const auto& d = p->diags.items()[0];
  CHECK(d.message == "expected a stage item or `}` to close `stage MQL` opened at line 2");
  CHECK(d.primary.message == "found `stage`");
  REQUIRE(d.secondary.size() == 1);
  CHECK(d.secondary[0].message == "opened here");
  CHECK(p->sm.file(p->id).line_col(d.secondary[0].span.begin).column == 13);

  auto eof = parse_text("record r {\n  a: int\n  b: { c: int\n");
  REQUIRE(eof->codes() == "E0011@4:1");
  CHECK(eof->diags.items()[0].message == "expected a field or `}` to close `{` opened at line 3");
  CHECK(eof->diags.items()[0].primary.message == "found end of file");

  auto paren = parse_text("let x = (a and (b or c)\n");
  REQUIRE(paren->codes() == "E0011@2:1");
  CHECK(paren->diags.items()[0].message == "expected `)` to close `(` opened at line 1");
}

TEST_CASE("bad literals are E0013 and parsing goes on") {
  auto p = parse_text(
      "let a = 2025-02-30\n"
      "let b = 99999999999999999999\n"
      "let c = \"bad \\q escape\"\n"
      "let d = 2days\n"
      "let e = \"\\u{D800}\"\n"
      "let f = 2025-01-06T24:00:00Z\n"
      "let g = 1.0001s\n"
      "let h = 1\n");
  CHECK(p->codes() == "E0013@1:9 E0013@2:9 E0013@3:14 E0013@4:9 E0013@5:10 E0013@6:9 E0013@7:9");
  CHECK(p->file->lets.size() == 8);  // every declaration still reaches the AST
  const auto& items = p->diags.items();
  CHECK(items[0].message == "invalid date `2025-02-30`");
  CHECK(items[1].message == "integer `99999999999999999999` does not fit in 64 bits");
  CHECK(items[2].message == "unknown escape `\\q` in text");
  CHECK(items[3].message == "unknown duration unit `days` in `2days`");
  CHECK(items[4].message == "invalid unicode escape `\\u{D800}`");

  auto text = parse_text("let a = \"never closed\nlet b = 1\n");
  REQUIRE(text->codes() == "E0013@1:9");
  CHECK(text->diags.items()[0].message == "unterminated text literal");
  CHECK(text->file->lets.size() == 1);

  auto sla = parse_text("funnel f for r { stage S { sla 2 } }");
  CHECK(sla->codes() == "E0013@1:32");
  CHECK(sla->diags.items()[0].help == "write `2d` for days or `2h` for hours");
}

TEST_CASE("a reserved word where a name belongs is E0014") {
  auto p = parse_text("let in = 3\nrecord r { set: int }\nfunnel f for lead { stage where { } }\n");
  CHECK(p->codes() == "E0014@1:5 E0014@2:12 E0014@3:27");
  CHECK(p->diags.items()[0].message == "`in` is a reserved word and cannot be used as a name");
}

TEST_CASE("a single-use item given twice is E0015") {
  auto p = parse_text(R"(funnel f for lead {
  stage S {
    entry a
    entry b
  }
}
record r { id: text key key }
policy "a" version "1"
)");
  CHECK(p->codes() == "E0015@4:5 E0015@7:25 E0016@8:1");
  const auto& dup = p->diags.items()[0];
  CHECK(dup.message == "duplicate `entry` in `stage S`");
  REQUIRE(dup.secondary.size() == 1);
  CHECK(p->sm.file(p->id).line_col(dup.secondary[0].span.begin).line == 3);
  CHECK(p->file->funnels.size() == 1);
}

TEST_CASE("expected-token errors say what was expected and what was found (E0010)") {
  auto p = parse_text("stages X {}\nlet x = a +\nrecord r { id: integer }\n");
  REQUIRE(p->codes() == "E0010@1:1 E0010@3:1 E0010@3:16");
  const auto& items = p->diags.items();
  CHECK(items[0].message == "expected a declaration");
  CHECK(items[0].help.find("`funnel`") != std::string::npos);
  CHECK(items[1].message == "expected an expression after `+`");
  CHECK(items[1].primary.message == "found `record`");
  CHECK(items[2].message == "expected a type");
  CHECK(items[2].primary.message == "found `integer`");

  // A misspelt keyword is suggested.
  auto typo = parse_text("recrod r { }\nfunnel f for r {\n  stage S { entyr x }\n}\n");
  REQUIRE(typo->codes() == "E0010@1:1 E0011@3:13");
  CHECK(typo->diags.items()[0].help == "did you mean `record`?");
  CHECK(typo->diags.items()[1].help == "did you mean `entry`?");
}

TEST_CASE("every broken declaration is reported and the good ones are kept") {
  auto p = parse_text(R"(policy "p" version "1"
record lead { id: text key
  score int
}
const good_one = 1
let broken = (1 +
funnel f for lead {
  stage A { entry score >= }
}
let good_two = 2
test "t" { expect }
)");
  CHECK(p->codes() == "E0010@3:9 E0010@7:1 E0010@8:28 E0010@11:19");
  REQUIRE(p->file->consts.size() == 1);
  CHECK(p->file->consts[0].name.name == "good_one");
  REQUIRE(p->file->lets.size() == 1);
  CHECK(p->file->lets[0].name.name == "good_two");
  CHECK(p->file->records.empty());
  CHECK(p->file->funnels.empty());
  CHECK(p->file->order.size() == 2);
}

TEST_CASE("a file with very many errors stops at the cap (E0017)") {
  std::string text;
  for (int i = 0; i < 500; ++i) text += "let = 1\n";
  auto p = parse_text(text);
  CHECK(p->diags.items().size() == 101);
  CHECK(p->diags.items().back().code == "E0017");
}

// ---------------------------------------------------------------- limits

TEST_CASE("files larger than the limit are rejected before parsing (E0002)") {
  Limits small;
  small.max_file_bytes = 100;
  CHECK(parse_text(std::string(101, ' '), small)->codes() == "E0002@1:1");
  CHECK(parse_text(std::string(100, ' '), small)->codes().empty());
  // 50 MB with the default limit: rejected without looking at the content.
  auto big = parse_text(std::string(50u << 20, '('));
  CHECK(big->codes() == "E0002@1:1");
}

TEST_CASE("lines longer than the limit are rejected (E0003)") {
  Limits limits;
  limits.max_line_bytes = 20;
  auto p = parse_text("let a = 1\nlet b = 100000000000000000\n", limits);
  CHECK(p->codes() == "E0003@2:1");
  CHECK(p->diags.items()[0].message == "line 2 is longer than 20 bytes (26 bytes)");
  CHECK(parse_text("let a = 1\r\n", limits)->codes().empty());
}

TEST_CASE("deep nesting is E0004, never a stack overflow") {
  const std::size_t deep = 100'000;
  for (const char* open : {"(", "[", "not ", "-", "f(", "{a:"}) {
    std::string text = "let x = ";
    for (std::size_t i = 0; i < deep; ++i) (text += open) += '\n';  // lines stay short
    auto p = parse_text(text + "1\nlet y = 2\n");
    INFO(open);
    CHECK(p->codes() == "E0004@201:1");
    CHECK(p->file->lets.size() == 1);  // recovery reaches `let y`
  }
  std::string type = "record r { a: ";
  for (std::size_t i = 0; i < deep; ++i) type += "list<\n";
  CHECK(parse_text(type + "int")->codes() == "E0004@201:1");

  // Just within the limit is fine.
  std::string ok = "let x = " + std::string(150, '(') + "1" + std::string(150, ')');
  CHECK(parse_text(ok)->codes().empty());
  Limits tight;
  tight.max_depth = 3;
  CHECK(parse_text("let x = ((1))", tight)->codes().empty());
  CHECK(parse_text("let x = (((1)))", tight)->codes() == "E0004@1:12");
}

TEST_CASE("a file that is not UTF-8 text is E0005") {
  CHECK(parse_text(std::string("let x = 1\0", 10))->codes() == "E0005@1:10");
  CHECK(parse_text("let x = \"\xC3\x28\"")->codes() == "E0005@1:10");
  CHECK(parse_text("let x = \"\xED\xA0\x80\"")->codes() == "E0005@1:10");  // a surrogate
  CHECK(parse_text("let x = \"\xC0\xAF\"")->codes() == "E0005@1:10");      // overlong
  CHECK(parse_text("\x7F" "ELF\x02\x01")->codes() == "E0005@1:1");
  CHECK(parse_text("let x = \"h\xC3\xA9llo \xF0\x9F\x98\x80\"")->codes().empty());
}
