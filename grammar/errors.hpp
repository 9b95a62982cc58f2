// The message of every commit point (`must<Rule>`), as PEGTL's json_errors.hpp:
// one `syntax_error<Rule>` per rule, with its code (docs/diagnostics-syntax.md),
// headline and advice. compiler/parse.cpp's control refuses to compile a commit
// point that has no entry here. (Not for tao::pegtl::must_if: that raises on
// every local failure of a listed rule, which would break backtracking.)
//
// Substitutions the parser makes in messages: `{prev}` is the token before the error
// (usually the operator or keyword that committed). E0011 messages get
// " to close `<block>` opened at line N" appended.
#pragma once
#include "grammar/declarations.hpp"

namespace sluice::grammar {

struct syntax_error_info {
  const char* code = nullptr;
  const char* message = nullptr;
  const char* help = nullptr;
  // Space-separated keywords expected here: a misspelt one found instead gets a
  // "did you mean" help.
  const char* keywords = nullptr;
};

template <typename Rule>
inline constexpr syntax_error_info syntax_error{};

#define SLUICE_SYNTAX(rule, code, message, help) \
  template <>                                    \
  inline constexpr syntax_error_info syntax_error<rule>{code, message, help, nullptr}

#define SLUICE_SYNTAX_KEYWORDS(rule, code, message, help, keywords) \
  template <>                                                     \
  inline constexpr syntax_error_info syntax_error<rule>{code, message, help, keywords}

#define SLUICE_EXPECTED_EXPR(rule) \
  SLUICE_SYNTAX(rule, "E0010", "expected an expression after `{prev}`", nullptr)

// ------------------------------------------------------------ tokens and expressions

SLUICE_SYNTAX(text_close, "E0013", "unterminated text literal",
              "close the text with `\"` on the same line; write `\\n` for a line break");
SLUICE_SYNTAX(with_after_starts, "E0010", "expected `with` after `starts`", "write `starts with`");
SLUICE_SYNTAX(with_after_ends, "E0010", "expected `with` after `ends`", "write `ends with`");
SLUICE_EXPECTED_EXPR(expression);
SLUICE_EXPECTED_EXPR(object_value);
SLUICE_EXPECTED_EXPR(neg_operand);
SLUICE_EXPECTED_EXPR(mul_operand);
SLUICE_EXPECTED_EXPR(add_operand);
SLUICE_EXPECTED_EXPR(coalesce_operand);
SLUICE_EXPECTED_EXPR(compare_operand);
SLUICE_EXPECTED_EXPR(not_operand);
SLUICE_EXPECTED_EXPR(and_operand);
SLUICE_EXPECTED_EXPR(or_operand);
SLUICE_SYNTAX(paren_close, "E0011", "expected `)`", nullptr);
SLUICE_SYNTAX(call_close, "E0011", "expected `,` or `)`", "separate arguments with `,`");
SLUICE_SYNTAX(list_close, "E0011", "expected `,` or `]`", "separate list elements with `,`");
SLUICE_SYNTAX(object_close, "E0011", "expected `,` or `}`",
              "write `key: value` pairs separated by `,`");
SLUICE_SYNTAX(object_colon, "E0010", "expected `:` after the key", "write `key: value`");
SLUICE_SYNTAX(quantifier_variable, "E0010", "expected a variable name after `{prev}`",
              "write `any x in LIST where CONDITION`");
SLUICE_SYNTAX(quantifier_in, "E0010", "expected `in` after the quantifier variable",
              "write `any x in LIST where CONDITION`");
SLUICE_SYNTAX(quantifier_list, "E0010", "expected a list after `in`",
              "write `any x in LIST where CONDITION`");
SLUICE_SYNTAX(quantifier_where, "E0010", "expected `where` after the list",
              "write `any x in LIST where CONDITION`");
SLUICE_SYNTAX(quantifier_condition, "E0010", "expected a condition after `where`", nullptr);
SLUICE_SYNTAX(passes_name, "E0010", "expected a qualification name after `passes`",
              "write `passes BANT`");
SLUICE_SYNTAX(member_name, "E0010", "expected a field name after `.`", nullptr);
SLUICE_SYNTAX(is_set_word, "E0010", "expected `set` after `{prev}`",
              "write `is set` or `is not set`");
SLUICE_SYNTAX(between_low, "E0010", "expected the lower bound after `between`",
              "write `x between LOW and HIGH`");
SLUICE_SYNTAX(between_and, "E0010", "expected `and` in `between ... and ...`",
              "write `x between LOW and HIGH`");
SLUICE_SYNTAX(between_high, "E0010", "expected the upper bound after `and`",
              "write `x between LOW and HIGH`");
SLUICE_SYNTAX(unchained_comparison, "E0012", "comparisons do not chain; combine them with `and`",
              "write `a < b and b < c`");

// ------------------------------------------------------------ records and types

#define SLUICE_TYPE_HELP \
  "types are `bool`, `int`, `number`, `text`, `date`, `duration`, `enum(\"a\", \"b\")`, `list<T>` and `{ field: T }`, with `?` for optional"
SLUICE_SYNTAX(record_name, "E0010", "expected a record name after `record`", nullptr);
SLUICE_SYNTAX(record_open, "E0010", "expected `{` after the record name", nullptr);
SLUICE_SYNTAX(record_close, "E0011", "expected a field or `}`", "a field is `name: type`");
SLUICE_SYNTAX(field_name, "E0010", "expected a field name", nullptr);
SLUICE_SYNTAX(field_colon, "E0010", "expected `:` after the field name", "a field is `name: type`");
SLUICE_SYNTAX_KEYWORDS(field_type, "E0010", "expected a type", SLUICE_TYPE_HELP,
                       "bool int number text date duration enum list");
SLUICE_SYNTAX(list_element_type, "E0010", "expected the element type after `list<`", SLUICE_TYPE_HELP);
SLUICE_SYNTAX(list_type_open, "E0010", "expected `<` after `list`", "write `list<text>`");
SLUICE_SYNTAX(list_type_close, "E0010", "expected `>` to close `list<`", "write `list<text>`");
SLUICE_SYNTAX(object_type_close, "E0011", "expected a field or `}`", "a field is `name: type`");
SLUICE_SYNTAX(enum_open, "E0010", "expected `(` after `enum`", "write `enum(\"open\", \"won\")`");
SLUICE_SYNTAX(enum_value, "E0010", "expected a quoted enum value", "write `enum(\"open\", \"won\")`");
SLUICE_SYNTAX(enum_close, "E0011", "expected `,` or `)`", "write `enum(\"open\", \"won\")`");
SLUICE_SYNTAX(default_value, "E0010", "expected a default value after `=`", nullptr);
SLUICE_SYNTAX(from_name, "E0010", "expected a quoted source name after `from`",
              "write `from \"Lead_Score__c\"`");

// ------------------------------------------------------------ funnels, stages, transitions

SLUICE_SYNTAX(let_name, "E0010", "expected a name after `let`", nullptr);
SLUICE_SYNTAX(let_equals, "E0010", "expected `=` after the name", "write `let name = expression`");
SLUICE_EXPECTED_EXPR(let_value);
SLUICE_SYNTAX(set_target, "E0010", "expected a field name after `set`", "write `set field = value`");
SLUICE_SYNTAX(set_equals, "E0010", "expected `=` after the field name", "write `set field = value`");
SLUICE_EXPECTED_EXPR(set_value);
SLUICE_SYNTAX(stamp_target, "E0010", "expected a field name after `stamp`", nullptr);
SLUICE_SYNTAX(emit_name, "E0010", "expected an event name after `emit`",
              "write `emit event_name { key: value }`");
SLUICE_SYNTAX(notify_team, "E0010", "expected a quoted team after `notify`",
              "write `notify \"team\" \"message\"`");
SLUICE_SYNTAX(notify_message, "E0010", "expected a quoted message after the team",
              "write `notify \"team\" \"message\"`");
SLUICE_SYNTAX(owner_name, "E0010", "expected a team name after `owner`", nullptr);
SLUICE_SYNTAX(description_text, "E0010", "expected a quoted description", nullptr);
SLUICE_SYNTAX(entry_condition, "E0010", "expected a condition after `entry`", nullptr);
SLUICE_SYNTAX(exit_condition, "E0010", "expected a condition after `exit`", nullptr);
SLUICE_SYNTAX(sla_value, "E0010", "expected a duration after `sla`",
              "write `sla 2d`, `sla 12h` or `sla 2 business days in CALENDAR`");
SLUICE_SYNTAX(sla_unit, "E0010", "expected `days` or `hours` after `business`", nullptr);
SLUICE_SYNTAX(sla_in, "E0010", "expected `in` and a calendar name",
              "write `sla 2 business days in CALENDAR`");
SLUICE_SYNTAX(sla_calendar, "E0010", "expected a calendar name after `in`", nullptr);
SLUICE_SYNTAX(on_event, "E0010", "expected `enter` or `exit` after `on`", nullptr);
SLUICE_SYNTAX(on_open, "E0010", "expected `{` to start the actions", nullptr);
SLUICE_SYNTAX_KEYWORDS(on_close, "E0011", "expected an action or `}`",
                       "actions are `set`, `stamp`, `emit` and `notify`",
                       "set stamp emit notify");
SLUICE_SYNTAX(stage_name, "E0010", "expected a stage name after `stage`", nullptr);
SLUICE_SYNTAX(stage_open, "E0010", "expected `{` after the stage name",
              "write `stage NAME [\"Display name\"] [terminal | side] { ... }`");
SLUICE_SYNTAX_KEYWORDS(stage_close, "E0011", "expected a stage item or `}`",
                       "stage items are `owner`, `description`, `entry`, `exit`, `sla`, `on enter` and `on exit`",
                       "owner description entry exit sla on");
SLUICE_SYNTAX(stage_field_name, "E0010", "expected a field name after `stage field`", nullptr);
SLUICE_SYNTAX(transition_sources, "E0010", "expected the source stages of the transition",
              "write `transition [\"label\"] A, B -> C when CONDITION` (or `any -> C`)");
SLUICE_SYNTAX(transition_source, "E0010", "expected a stage name after `,`", nullptr);
SLUICE_SYNTAX(transition_arrow, "E0010", "expected `->` after the source stages",
              "write `transition [\"label\"] A, B -> C when CONDITION`");
SLUICE_SYNTAX(transition_target, "E0010", "expected the target stage after `->`", nullptr);
SLUICE_SYNTAX(transition_when, "E0010", "expected `when` after the target stage",
              "write `transition [\"label\"] A -> B when CONDITION`");
SLUICE_SYNTAX(transition_condition, "E0010", "expected a condition after `when`", nullptr);
SLUICE_SYNTAX_KEYWORDS(transition_close, "E0011", "expected an action or `}`",
                       "actions are `set`, `stamp`, `emit` and `notify`",
                       "set stamp emit notify");
SLUICE_SYNTAX(applies_when, "E0010", "expected `when` after `applies`", nullptr);
SLUICE_SYNTAX(applies_condition, "E0010", "expected a condition after `applies when`", nullptr);
SLUICE_SYNTAX(qualify_with, "E0010", "expected `with` after `qualify`", "write `qualify with BANT, MEDDIC`");
SLUICE_SYNTAX(qualify_name, "E0010", "expected a qualification name", "write `qualify with BANT, MEDDIC`");
SLUICE_SYNTAX(funnel_name, "E0010", "expected a funnel name after `funnel`", nullptr);
SLUICE_SYNTAX(funnel_for, "E0010", "expected `for` after the funnel name", "write `funnel NAME for RECORD { ... }`");
SLUICE_SYNTAX(funnel_record, "E0010", "expected a record name after `for`", nullptr);
SLUICE_SYNTAX(funnel_open, "E0010", "expected `{` after the record name", nullptr);
SLUICE_SYNTAX_KEYWORDS(funnel_close, "E0011", "expected a funnel item or `}`",
                       "funnel items are `applies when`, `stage field`, `qualify with`, `let`, `stage` and `transition`",
                       "applies stage qualify let transition");

// ------------------------------------------------------------ other declarations

SLUICE_SYNTAX(policy_name, "E0010", "expected the quoted policy name after `policy`",
              "write `policy \"name\" version \"1.0.0\"`");
SLUICE_SYNTAX(policy_version_word, "E0010", "expected `version` after the policy name",
              "write `policy \"name\" version \"1.0.0\"`");
SLUICE_SYNTAX(policy_version, "E0010", "expected the quoted version after `version`",
              "write `policy \"name\" version \"1.0.0\"`");
SLUICE_SYNTAX(import_path, "E0010", "expected a quoted path after `import`",
              "write `import \"std/bant\"` or `import \"./shared.funnel\"`");
SLUICE_SYNTAX(const_name, "E0010", "expected a name after `const`", nullptr);
SLUICE_SYNTAX(const_equals, "E0010", "expected `=` after the name", "write `const name = value`");
SLUICE_EXPECTED_EXPR(const_value);
SLUICE_SYNTAX(criterion_name, "E0010", "expected a criterion name after `criterion`", nullptr);
SLUICE_SYNTAX(weight_value, "E0010", "expected a whole number after `weight`", nullptr);
SLUICE_SYNTAX(criterion_colon, "E0010", "expected `:` before the criterion's condition",
              "write `criterion NAME [\"label\"] [weight N] : CONDITION`");
SLUICE_SYNTAX(criterion_condition, "E0010", "expected a condition after `:`", nullptr);
SLUICE_SYNTAX(pass_when, "E0010", "expected `when` after `pass`", nullptr);
SLUICE_SYNTAX(pass_body, "E0010", "expected a pass rule after `pass when`",
              "write `pass when all`, `pass when at least N`, `pass when score >= X` or a condition");
SLUICE_SYNTAX(at_least_value, "E0010", "expected a whole number after `at least`", nullptr);
SLUICE_SYNTAX(score_value, "E0010", "expected a number after `score >=`", nullptr);
SLUICE_SYNTAX(qualification_name, "E0010", "expected a name after `qualification`", nullptr);
SLUICE_SYNTAX(qualification_open, "E0010", "expected `{` after the qualification name", nullptr);
SLUICE_SYNTAX_KEYWORDS(qualification_close, "E0011", "expected `criterion`, `pass when` or `}`", nullptr,
                       "criterion pass");
SLUICE_SYNTAX(timezone_name, "E0010", "expected a quoted time zone after `timezone`",
              "write `timezone \"Europe/Warsaw\"`");
SLUICE_SYNTAX(working_days_word, "E0010", "expected `days` after `working`", nullptr);
SLUICE_SYNTAX(weekday_spec, "E0010", "expected weekdays after `working days`",
              "write `working days mon..fri` or `working days mon, tue, thu`");
SLUICE_SYNTAX(range_last_day, "E0010", "expected a weekday after `..`",
              "weekdays are `mon`, `tue`, `wed`, `thu`, `fri`, `sat` and `sun`");
SLUICE_SYNTAX(listed_day, "E0010", "expected a weekday after `,`",
              "weekdays are `mon`, `tue`, `wed`, `thu`, `fri`, `sat` and `sun`");
SLUICE_SYNTAX(hours_start, "E0010", "expected a time after `hours`", "write `hours 09:00..17:00`");
SLUICE_SYNTAX(hours_dots, "E0010", "expected `..` between the two times", "write `hours 09:00..17:00`");
SLUICE_SYNTAX(hours_end, "E0010", "expected a time after `..`", "write `hours 09:00..17:00`");
SLUICE_SYNTAX(holidays_open, "E0010", "expected `[` after `holidays`",
              "write `holidays [2026-12-24, 2026-12-25]`");
SLUICE_SYNTAX(holidays_close, "E0011", "expected a date, `,` or `]`",
              "write `holidays [2026-12-24, 2026-12-25]`");
SLUICE_SYNTAX(calendar_name, "E0010", "expected a name after `calendar`", nullptr);
SLUICE_SYNTAX(calendar_open, "E0010", "expected `{` after the calendar name", nullptr);
SLUICE_SYNTAX_KEYWORDS(calendar_close, "E0011", "expected a calendar setting or `}`",
                       "calendar settings are `timezone`, `working days`, `hours` and `holidays`",
                       "timezone working hours holidays");
SLUICE_SYNTAX(test_funnel_name, "E0010", "expected a funnel name after `funnel`", nullptr);
SLUICE_SYNTAX(as_of_word, "E0010", "expected `of` after `as`", "write `as of 2026-01-15`");
SLUICE_SYNTAX(as_of_date, "E0010", "expected a date after `as of`", "write `as of 2026-01-15`");
SLUICE_SYNTAX(given_value, "E0010", "expected `{` or `file` after `given`",
              "write `given { field: value }` or `given file \"fixtures/x.json\"`");
SLUICE_SYNTAX(given_path, "E0010", "expected a quoted path after `given file`", nullptr);
SLUICE_SYNTAX(expect_event_name, "E0010", "expected an event name after `event`", nullptr);
SLUICE_SYNTAX(expect_with, "E0010", "expected `{` after `with`", "write `with { key: value }`");
SLUICE_SYNTAX(expect_body, "E0010", "expected a condition, `event` or `error` after `expect`", nullptr);
SLUICE_SYNTAX(test_name, "E0010", "expected the quoted test name after `test`",
              "write `test \"what it proves\" { ... }`");
SLUICE_SYNTAX(test_open, "E0010", "expected `{` after the test name", nullptr);
SLUICE_SYNTAX_KEYWORDS(test_close, "E0011", "expected a test item or `}`",
                       "test items are `funnel`, `as of`, `given` and `expect`",
                       "funnel as given expect");
SLUICE_SYNTAX_KEYWORDS(declaration, "E0010", "expected a declaration",
                       "declarations start with `policy`, `import`, `const`, `record`, `calendar`, `let`, "
                       "`qualification`, `funnel` or `test`",
                       "policy import const record calendar let qualification funnel test");

#undef SLUICE_EXPECTED_EXPR
#undef SLUICE_TYPE_HELP
#undef SLUICE_SYNTAX
#undef SLUICE_SYNTAX_KEYWORDS

}  // namespace sluice::grammar
