// The PEGTL grammar on its own, in PEGTL's test style: for each important rule an
// input it matches, one it backtracks on (no match, input untouched, no error)
// and one that raises at a commit point with the rule's message.
#include <catch2/catch.hpp>
#include <string>
#include <tao/pegtl.hpp>
#include <tao/pegtl/contrib/analyze.hpp>

#include "grammar/errors.hpp"

namespace pegtl = tao::pegtl;
namespace g = sluice::grammar;

namespace {

// Like the parser's control: only commit points (`must<>`) raise, with their message.
template <typename Rule>
struct error_control : pegtl::normal<Rule> {
  template <typename Input, typename... States>
  [[noreturn]] static void raise(const Input& in, States&&...) {
    static_assert(g::syntax_error<Rule>.message != nullptr, "commit point without a message");
    throw pegtl::parse_error(g::syntax_error<Rule>.message, in);
  }
};

// The rule matches the whole input.
template <typename Rule>
bool matches(const std::string& text) {
  pegtl::memory_input in(text, "test");
  return pegtl::parse<pegtl::seq<Rule, pegtl::eof>, pegtl::nothing, error_control>(in);
}

// The rule fails without consuming input and without raising.
template <typename Rule>
bool backtracks(const std::string& text) {
  pegtl::memory_input in(text, "test");
  const bool matched = pegtl::parse<Rule, pegtl::nothing, error_control>(in);
  return !matched && in.current() == in.begin();
}

// The rule raises a syntax error; returns its message ("" when none is raised).
template <typename Rule>
std::string raises(const std::string& text) {
  pegtl::memory_input in(text, "test");
  try {
    (void)pegtl::parse<Rule, pegtl::nothing, error_control>(in);
  } catch (const pegtl::parse_error& e) {
    return std::string(e.message());
  }
  return {};
}

}  // namespace

TEST_CASE("the grammar has no left recursion or empty loops") {
  CHECK(pegtl::analyze<g::file>(-1) == 0);
}

TEST_CASE("whitespace includes newlines and # comments") {
  CHECK(matches<g::sep>("  \t\r\n # a comment\n\n# another"));
  CHECK(matches<g::sep>(""));
  CHECK_FALSE(matches<g::sep>("x"));
}

TEST_CASE("names exclude reserved words but accept contextual keywords") {
  CHECK(matches<g::name>("lead_score"));
  CHECK(matches<g::name>("_x9"));
  CHECK(matches<g::name>("owner"));
  CHECK(matches<g::name>("index"));  // not `in` + `dex`
  CHECK(matches<g::name>("settle"));
  CHECK(backtracks<g::name>("in"));
  CHECK(backtracks<g::name>("where"));
  CHECK(backtracks<g::name>("9lives"));
  CHECK(matches<g::any_word>("count"));
}

TEST_CASE("text literals") {
  CHECK(matches<g::text_token>(R"("plain")"));
  CHECK(matches<g::text_token>(R"("with \"quotes\" and \\ \n \u{1F600}")"));
  CHECK(matches<g::text_token>(R"("")"));
  CHECK(backtracks<g::text_token>("plain"));
  CHECK(raises<g::text_token>("\"unterminated\nnext line\"") == "unterminated text literal");
  CHECK(raises<g::text_token>(R"("ends with a backslash \")") == "unterminated text literal");
}

TEST_CASE("date, number and clock tokens") {
  CHECK(matches<g::date_token>("2025-01-06"));
  CHECK(matches<g::date_token>("2025-01-06T09:22:00Z"));
  CHECK(matches<g::date_token>("2025-01-06T09:22:00.123+02:00"));
  CHECK(matches<g::date_token>("2025-01-06T09:22"));
  CHECK(backtracks<g::date_token>("2025-1-6"));
  CHECK(backtracks<g::date_token>("20250106"));
  CHECK(matches<g::number_token>("42"));
  CHECK(matches<g::number_token>("3.5"));
  CHECK(matches<g::number_token>("30min"));
  CHECK(matches<g::number_token>("2days"));  // one token; the unit is checked on conversion
  CHECK(backtracks<g::number_token>(".5"));
  CHECK(matches<g::integer_token>("20"));
  CHECK(backtracks<g::integer_token>("20d"));
  CHECK(backtracks<g::integer_token>("2.5"));
  CHECK(matches<g::clock_token>("09:00"));
  CHECK(matches<g::clock_token>("9:00"));
  CHECK(backtracks<g::clock_token>("0900"));
}

TEST_CASE("expressions") {
  CHECK(matches<g::expression>("a or b and not c == 1"));
  CHECK(matches<g::expression>("any m in buying_group where m.lead_score > 100"));
  CHECK(matches<g::expression>("x ?? 1 + 2 * -y % 3"));
  CHECK(matches<g::expression>("x between 1 and 2"));
  CHECK(matches<g::expression>("email is not set"));
  CHECK(matches<g::expression>("t starts with \"a\""));
  CHECK(matches<g::expression>("x not in [1, 2, ]"));
  CHECK(matches<g::expression>("f(a, b).c"));
  CHECK(matches<g::expression>("passes BANT and BANT.score >= 3"));
  CHECK(matches<g::expression>("{ a: 1, b: [2] }"));
  CHECK(backtracks<g::expression>(")"));
  CHECK(backtracks<g::expression>("where"));
  CHECK(raises<g::expression>("a +") == "expected an expression after `{prev}`");
  CHECK(raises<g::expression>("(a") == "expected `)`");
  CHECK(raises<g::expression>("[1 2]") == "expected `,` or `]`");
  CHECK(raises<g::expression>("f(1 2)") == "expected `,` or `)`");
  CHECK(raises<g::expression>("{ a 1 }") == "expected `:` after the key");
  CHECK(raises<g::expression>("a.") == "expected a field name after `.`");
  CHECK(raises<g::expression>("x is 1") == "expected `set` after `{prev}`");
  CHECK(raises<g::expression>("t starts \"a\"") == "expected `with` after `starts`");
  CHECK(raises<g::expression>("x between 1 or 2") == "expected `and` in `between ... and ...`");
  CHECK(raises<g::expression>("any m buying_group") == "expected `in` after the quantifier variable");
  CHECK(raises<g::expression>("any m in g m") == "expected `where` after the list");
  CHECK(raises<g::expression>("passes 3") == "expected a qualification name after `passes`");
}

TEST_CASE("comparisons do not chain") {
  CHECK(matches<g::expression>("a < b and b < c"));
  CHECK(matches<g::expression>("(a < b) == c"));
  const std::string chained = "comparisons do not chain; combine them with `and`";
  CHECK(raises<g::expression>("a < b < c") == chained);
  CHECK(raises<g::expression>("a == b != c") == chained);
  CHECK(raises<g::expression>("a is set == true") == chained);
  CHECK(raises<g::expression>("a in b not in c") == chained);
}

TEST_CASE("operators are matched longest first") {
  CHECK(matches<g::op_le>("<="));
  CHECK(matches<g::op_not_in>("not  in"));
  CHECK(backtracks<g::op_not_in>("not inside"));
  CHECK(backtracks<g::op_in>("index"));
  CHECK(backtracks<g::op_sub>("->"));
  CHECK(matches<g::expression>("a <= b"));
  CHECK(matches<g::expression>("a not in b"));
}

TEST_CASE("types and records") {
  CHECK(matches<g::field_type>("list<{ name: text, role: enum(\"a\", \"b\")? }>"));
  CHECK(matches<g::field_type>("int?"));
  CHECK(backtracks<g::field_type>("integer"));
  CHECK(raises<g::field_type>("list<>") == "expected the element type after `list<`");
  CHECK(raises<g::field_type>("list<int") == "expected `>` to close `list<`");
  CHECK(raises<g::field_type>("enum(a)") == "expected a quoted enum value");
  CHECK(matches<g::record_decl>("record lead { id: text key\n score: int = 0 from \"S\", x: bool }"));
  CHECK(matches<g::record_decl>("record r { key: text key  from: text from \"f\" }"));
  CHECK(backtracks<g::record_decl>("recorder x {}"));
  CHECK(raises<g::record_decl>("record lead { id text }") == "expected `:` after the field name");
  CHECK(raises<g::record_decl>("record lead { id: }") == "expected a type");
  CHECK(raises<g::record_decl>("record lead { id: int") == "expected a field or `}`");
}

TEST_CASE("stages, transitions and funnels") {
  CHECK(matches<g::stage_decl>("stage MQL \"Marketing\" { owner sdr entry a exit b sla 2d }"));
  CHECK(matches<g::stage_decl>("stage Won terminal { on enter { emit won { a: 1 } notify \"t\" \"m\" } }"));
  CHECK(matches<g::stage_decl>("stage S { sla 2 business hours in emea  on exit { set x = 1 stamp y } }"));
  CHECK(backtracks<g::stage_decl>("stages X {}"));
  CHECK(raises<g::stage_decl>("stage { }") == "expected a stage name after `stage`");
  CHECK(raises<g::stage_decl>("stage S { entry }") == "expected a condition after `entry`");
  CHECK(raises<g::stage_decl>("stage S { owner sdr") == "expected a stage item or `}`");
  CHECK(raises<g::stage_decl>("stage S { sla 2 business weeks in c }") == "expected `days` or `hours` after `business`");
  CHECK(raises<g::stage_decl>("stage S { on start { } }") == "expected `enter` or `exit` after `on`");
  CHECK(matches<g::stage_field_item>("stage field lifecycle_stage"));
  CHECK(backtracks<g::stage_field_item>("stage field { }"));
  CHECK(backtracks<g::stage_field_item>("stage field \"Field\" { }"));
  CHECK(matches<g::transition_decl>("transition \"x\" any -> D when c"));
  CHECK(matches<g::transition_decl>("transition A, B -> C when c { set x = 1 }"));
  CHECK(raises<g::transition_decl>("transition A => B when c") == "expected `->` after the source stages");
  CHECK(raises<g::transition_decl>("transition A -> B c") == "expected `when` after the target stage");
  CHECK(matches<g::funnel_decl>("funnel f for lead { applies when x  qualify with A, B  let y = 1 }"));
  CHECK(raises<g::funnel_decl>("funnel f lead { }") == "expected `for` after the funnel name");
}

TEST_CASE("qualifications, calendars and tests") {
  CHECK(matches<g::qualification_decl>("qualification Q \"L\" { criterion a \"A\" weight 2 : x pass when all }"));
  CHECK(matches<g::qualification_decl>("qualification Q { criterion a : x pass when score >= 1.5 }"));
  CHECK(matches<g::qualification_decl>("qualification Q { criterion at : x pass when at }"));
  CHECK(matches<g::qualification_decl>("qualification Q { pass when all criterion a : x }"));
  CHECK(matches<g::pass_body>("all c in xs where c"));
  CHECK(backtracks<g::pass_all>("all c in xs where c"));
  CHECK(raises<g::qualification_decl>("qualification Q { criterion a x }") ==
        "expected `:` before the criterion's condition");
  CHECK(raises<g::qualification_decl>("qualification Q { pass when at least many }") ==
        "expected a whole number after `at least`");
  CHECK(matches<g::calendar_decl>("calendar c { timezone \"UTC\" working days mon, wed hours 9:00..17:30 holidays [] }"));
  CHECK(raises<g::calendar_decl>("calendar c { working days monday }") == "expected weekdays after `working days`");
  CHECK(raises<g::calendar_decl>("calendar c { hours 9..17 }") == "expected a time after `hours`");
  CHECK(matches<g::test_decl>("test \"t\" { funnel f as of 2026-01-01 given { a: 1 } expect a == 1 }"));
  CHECK(matches<g::test_decl>("test \"t\" { given file \"x.json\" expect event e with { a: 1 } expect error \"boom\" }"));
  CHECK(matches<g::test_decl>("test \"t\" { expect event\n  expect x }"));  // `event` is a field here
  CHECK(backtracks<g::expect_event>("event\n  expect x"));
  CHECK(raises<g::test_decl>("test t { }") == "expected the quoted test name after `test`");
  CHECK(raises<g::test_decl>("test \"t\" { as 2026-01-01 }") == "expected `of` after `as`");
  CHECK(raises<g::test_decl>("test \"t\" { given [] }") == "expected `{` or `file` after `given`");
}

TEST_CASE("top-level declarations and the file") {
  CHECK(matches<g::file>("policy \"p\" version \"1\"\nimport \"std/bant\"\nconst c = 1\nlet l = c"));
  CHECK(matches<g::file>("\xEF\xBB\xBF# only a comment\n"));
  CHECK(matches<g::file>(""));
  CHECK(backtracks<g::declaration>("stage X {}"));
  CHECK(raises<g::policy_decl>("policy \"p\" \"1\"") == "expected `version` after the policy name");
  CHECK(raises<g::const_decl>("const c 1") == "expected `=` after the name");
  // A broken declaration is skipped to the next line that starts with a keyword.
  CHECK(matches<g::file>("const = 1\nconst b = 2\n  let x = \nlet y = 3\n"));
  CHECK(matches<g::file>("garbage here\n"));
}
