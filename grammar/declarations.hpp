// Top-level declarations and the whole file, with error recovery: a declaration
// that raises a syntax error is skipped up to the next line that starts with a
// declaration keyword, so every broken declaration of a file is reported in one
// run and the good ones still reach the AST.
#pragma once
#include "grammar/funnel.hpp"
#include "grammar/record.hpp"

namespace sluice::grammar {

// ------------------------------------------------------------ header, imports, constants

struct policy_name : text_token {};
struct policy_version_word : kw_version {};
struct policy_version : text_token {};
struct policy_decl
    : seq<kw_policy, sep, must<policy_name>, sep, must<policy_version_word>, sep,
          must<policy_version>> {};

struct import_path : text_token {};
struct import_decl : seq<kw_import, sep, must<import_path>> {};

struct const_name : name {};
struct const_equals : equals {};
struct const_value : expression {};
struct const_decl : seq<kw_const, sep, must<const_name>, sep, must<const_equals>, sep, must<const_value>> {};

// ------------------------------------------------------------ qualifications

struct criterion_name : name {};
struct criterion_label : text_token {};
struct weight_value : integer_token {};
struct criterion_weight : seq<kw_weight, sep, must<weight_value>> {};
struct criterion_colon : colon {};
struct criterion_condition : expression {};
struct criterion_decl
    : seq<kw_criterion, sep, must<criterion_name>, opt<sep, criterion_label>,
          opt<sep, criterion_weight>, sep, must<criterion_colon>, sep, must<criterion_condition>> {};

// pass when all | at least N | score >= X | EXPR
struct pass_when : kw_when {};
struct at_least_value : integer_token {};
struct pass_at_least : seq<kw_at, sep, kw_least, sep, must<at_least_value>> {};
struct score_at_least : TAO_PEGTL_STRING(">=") {};
struct score_value : number_token {};
struct pass_score : seq<kw_score, sep, score_at_least, sep, must<score_value>> {};
// `all` alone; `all x in ...` starts a quantifier.
struct pass_all : seq<kw_all, not_at<sep, name, sep, kw_in>> {};
struct pass_condition : expression {};
struct pass_body : sor<pass_at_least, pass_score, pass_all, pass_condition> {};
struct pass_rule : seq<kw_pass, sep, must<pass_when>, sep, must<pass_body>> {};

struct qualification_item : sor<criterion_decl, pass_rule> {};
struct qualification_name : name {};
struct qualification_label : text_token {};
struct qualification_open : one<'{'> {};
struct qualification_close : one<'}'> {};
struct qualification_decl
    : seq<kw_qualification, sep, must<qualification_name>, opt<sep, qualification_label>, sep,
          must<qualification_open>, star<sep, qualification_item>, sep, must<qualification_close>> {};

// ------------------------------------------------------------ calendars

struct timezone_name : text_token {};
struct timezone_item : seq<kw_timezone, sep, must<timezone_name>> {};

struct working_days_word : kw_days {};
struct range_first_day : weekday {};
struct range_last_day : weekday {};
struct weekday_range
    : seq<at<weekday, sep, dot_dot>, range_first_day, sep, dot_dot, sep, must<range_last_day>> {};
struct listed_day : weekday {};
struct weekday_list : seq<listed_day, star<sep, comma, sep, must<listed_day>>> {};
struct weekday_spec : sor<weekday_range, weekday_list> {};
struct working_days_item : seq<kw_working, sep, must<working_days_word>, sep, must<weekday_spec>> {};

struct hours_start : clock_token {};
struct hours_dots : dot_dot {};
struct hours_end : clock_token {};
struct hours_item : seq<kw_hours, sep, must<hours_start>, sep, must<hours_dots>, sep, must<hours_end>> {};

struct holiday_date : date_token {};
struct holidays_open : one<'['> {};
struct holidays_close : one<']'> {};
struct holidays_item
    : seq<kw_holidays, sep, must<holidays_open>, sep,
          opt<holiday_date, star<sep, comma, sep, holiday_date>, opt<sep, comma>>, sep,
          must<holidays_close>> {};

struct calendar_item : sor<timezone_item, working_days_item, hours_item, holidays_item> {};
struct calendar_name : name {};
struct calendar_open : one<'{'> {};
struct calendar_close : one<'}'> {};
struct calendar_decl
    : seq<kw_calendar, sep, must<calendar_name>, sep, must<calendar_open>, star<sep, calendar_item>,
          sep, must<calendar_close>> {};

// ------------------------------------------------------------ tests

struct test_funnel_name : name {};
struct test_funnel : seq<kw_funnel, sep, must<test_funnel_name>> {};

struct as_of_word : kw_of {};
struct as_of_date : date_token {};
struct test_as_of : seq<kw_as, sep, must<as_of_word>, sep, must<as_of_date>> {};

struct given_path : text_token {};
struct given_file : seq<kw_file, sep, must<given_path>> {};
struct given_object : object_lit {};
struct given_value : sor<given_file, given_object> {};
struct test_given : seq<kw_given, sep, must<given_value>> {};

// `expect event NAME` and `expect error "..."` only when the word after `event` /
// `error` fits; otherwise `event` or `error` starts an ordinary condition.
struct expect_event_name : name {};
struct expect_with : object_lit {};
struct test_item_keyword : sor<kw_funnel, kw_as, kw_given, kw_expect> {};
struct expect_event
    : seq<at<kw_event, sep, not_at<test_item_keyword>, name>, kw_event, sep, must<expect_event_name>,
          opt<sep, kw_with, sep, must<expect_with>>> {};
struct expect_error_text : text_token {};
struct expect_error : seq<at<kw_error, sep, one<'"'>>, kw_error, sep, expect_error_text> {};
struct expect_condition : expression {};
struct expect_body : sor<expect_event, expect_error, expect_condition> {};
struct expect_item : seq<kw_expect, sep, must<expect_body>> {};

struct test_item : sor<test_funnel, test_as_of, test_given, expect_item> {};
struct test_name : text_token {};
struct test_open : one<'{'> {};
struct test_close : one<'}'> {};
struct test_decl
    : seq<kw_test, sep, must<test_name>, sep, must<test_open>, star<sep, test_item>, sep,
          must<test_close>> {};

// ------------------------------------------------------------ the file

struct declaration
    : sor<policy_decl, import_decl, const_decl, record_decl, calendar_decl, let_decl,
          qualification_decl, funnel_decl, test_decl> {};

// Recovery skips whole lines (always at least one character) until a line that
// starts, in column 1, with a declaration keyword.
struct skipped_line : sor<one<'\n'>, seq<plus<not_one<'\n'>>, opt<one<'\n'>>>> {};
struct recovery : seq<skipped_line, star<not_at<declaration_start>, skipped_line>> {};
struct top_item : sor<try_catch<must<declaration>>, recovery> {};
struct file : seq<opt<utf8_bom>, sep, until<eof, top_item, sep>> {};

}  // namespace sluice::grammar
