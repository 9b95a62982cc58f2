// Lexical rules of the funnel language: whitespace and comments, names, keywords
// and literal tokens. Pure PEGTL rules, no actions; compiler/parse.cpp builds the
// AST from them. Tokens never include surrounding whitespace, so every rule's match
// is exactly the span a diagnostic should point at; `sep` is written explicitly
// between tokens.
#pragma once
#include <tao/pegtl.hpp>
#include <tao/pegtl/contrib/analyze_traits.hpp>

namespace sluice::grammar {

using namespace tao::pegtl;

// ------------------------------------------------------------ whitespace

struct comment : seq<one<'#'>, star<not_one<'\n'>>> {};
struct blank_char : one<' ', '\t', '\r', '\n'> {};
struct sep : star<sor<blank_char, comment>> {};
struct utf8_bom : TAO_PEGTL_STRING("\xEF\xBB\xBF") {};

// ------------------------------------------------------------ reserved words
// They cannot name anything, but may follow `.` as member names (`BANT.all`).

struct kw_and : TAO_PEGTL_KEYWORD("and") {};
struct kw_or : TAO_PEGTL_KEYWORD("or") {};
struct kw_not : TAO_PEGTL_KEYWORD("not") {};
struct kw_in : TAO_PEGTL_KEYWORD("in") {};
struct kw_is : TAO_PEGTL_KEYWORD("is") {};
struct kw_set : TAO_PEGTL_KEYWORD("set") {};
struct kw_where : TAO_PEGTL_KEYWORD("where") {};
struct kw_any : TAO_PEGTL_KEYWORD("any") {};
struct kw_all : TAO_PEGTL_KEYWORD("all") {};
struct kw_count : TAO_PEGTL_KEYWORD("count") {};
struct kw_true : TAO_PEGTL_KEYWORD("true") {};
struct kw_false : TAO_PEGTL_KEYWORD("false") {};
struct kw_null : TAO_PEGTL_KEYWORD("null") {};
struct kw_between : TAO_PEGTL_KEYWORD("between") {};
struct kw_contains : TAO_PEGTL_KEYWORD("contains") {};
struct kw_starts : TAO_PEGTL_KEYWORD("starts") {};
struct kw_ends : TAO_PEGTL_KEYWORD("ends") {};
struct kw_matches : TAO_PEGTL_KEYWORD("matches") {};
struct kw_passes : TAO_PEGTL_KEYWORD("passes") {};
struct kw_now : TAO_PEGTL_KEYWORD("now") {};
struct kw_today : TAO_PEGTL_KEYWORD("today") {};

struct reserved_word
    : sor<kw_and, kw_or, kw_not, kw_in, kw_is, kw_set, kw_where, kw_any, kw_all, kw_count,
          kw_true, kw_false, kw_null, kw_between, kw_contains, kw_starts, kw_ends, kw_matches,
          kw_passes, kw_now, kw_today> {};

// ------------------------------------------------------------ contextual keywords
// Meaningful only where the grammar expects them; elsewhere they are plain names
// (a record may have fields called `owner`, `score` or `from`).

struct kw_policy : TAO_PEGTL_KEYWORD("policy") {};
struct kw_version : TAO_PEGTL_KEYWORD("version") {};
struct kw_import : TAO_PEGTL_KEYWORD("import") {};
struct kw_const : TAO_PEGTL_KEYWORD("const") {};
struct kw_record : TAO_PEGTL_KEYWORD("record") {};
struct kw_key : TAO_PEGTL_KEYWORD("key") {};
struct kw_from : TAO_PEGTL_KEYWORD("from") {};
struct kw_calendar : TAO_PEGTL_KEYWORD("calendar") {};
struct kw_let : TAO_PEGTL_KEYWORD("let") {};
struct kw_qualification : TAO_PEGTL_KEYWORD("qualification") {};
struct kw_criterion : TAO_PEGTL_KEYWORD("criterion") {};
struct kw_weight : TAO_PEGTL_KEYWORD("weight") {};
struct kw_pass : TAO_PEGTL_KEYWORD("pass") {};
struct kw_when : TAO_PEGTL_KEYWORD("when") {};
struct kw_at : TAO_PEGTL_KEYWORD("at") {};
struct kw_least : TAO_PEGTL_KEYWORD("least") {};
struct kw_score : TAO_PEGTL_KEYWORD("score") {};
struct kw_funnel : TAO_PEGTL_KEYWORD("funnel") {};
struct kw_for : TAO_PEGTL_KEYWORD("for") {};
struct kw_applies : TAO_PEGTL_KEYWORD("applies") {};
struct kw_stage : TAO_PEGTL_KEYWORD("stage") {};
struct kw_field : TAO_PEGTL_KEYWORD("field") {};
struct kw_qualify : TAO_PEGTL_KEYWORD("qualify") {};
struct kw_with : TAO_PEGTL_KEYWORD("with") {};
struct kw_owner : TAO_PEGTL_KEYWORD("owner") {};
struct kw_description : TAO_PEGTL_KEYWORD("description") {};
struct kw_entry : TAO_PEGTL_KEYWORD("entry") {};
struct kw_exit : TAO_PEGTL_KEYWORD("exit") {};
struct kw_sla : TAO_PEGTL_KEYWORD("sla") {};
struct kw_business : TAO_PEGTL_KEYWORD("business") {};
struct kw_days : TAO_PEGTL_KEYWORD("days") {};
struct kw_hours : TAO_PEGTL_KEYWORD("hours") {};
struct kw_on : TAO_PEGTL_KEYWORD("on") {};
struct kw_enter : TAO_PEGTL_KEYWORD("enter") {};
struct kw_terminal : TAO_PEGTL_KEYWORD("terminal") {};
struct kw_side : TAO_PEGTL_KEYWORD("side") {};
struct kw_transition : TAO_PEGTL_KEYWORD("transition") {};
struct kw_emit : TAO_PEGTL_KEYWORD("emit") {};
struct kw_stamp : TAO_PEGTL_KEYWORD("stamp") {};
struct kw_notify : TAO_PEGTL_KEYWORD("notify") {};
struct kw_timezone : TAO_PEGTL_KEYWORD("timezone") {};
struct kw_working : TAO_PEGTL_KEYWORD("working") {};
struct kw_holidays : TAO_PEGTL_KEYWORD("holidays") {};
struct kw_test : TAO_PEGTL_KEYWORD("test") {};
struct kw_as : TAO_PEGTL_KEYWORD("as") {};
struct kw_of : TAO_PEGTL_KEYWORD("of") {};
struct kw_given : TAO_PEGTL_KEYWORD("given") {};
struct kw_file : TAO_PEGTL_KEYWORD("file") {};
struct kw_expect : TAO_PEGTL_KEYWORD("expect") {};
struct kw_event : TAO_PEGTL_KEYWORD("event") {};
struct kw_error : TAO_PEGTL_KEYWORD("error") {};
struct kw_enum : TAO_PEGTL_KEYWORD("enum") {};
struct kw_list : TAO_PEGTL_KEYWORD("list") {};

// ------------------------------------------------------------ line starts

// Succeeds, consuming nothing, in column 1 (PEGTL's `bol` would need eager
// position tracking; this looks at the previous byte instead).
struct at_line_start {
  using rule_t = at_line_start;
  using subs_t = empty_list;
  template <typename ParseInput>
  [[nodiscard]] static bool match(ParseInput& in) noexcept {
    return in.current() == in.begin() || in.current()[-1] == '\n';
  }
};

struct declaration_keyword
    : sor<kw_policy, kw_import, kw_const, kw_record, kw_calendar, kw_let, kw_qualification,
          kw_funnel, kw_test> {};

// A declaration keyword in column 1 always starts a declaration: it never
// continues an expression left incomplete on the line before, and error recovery
// resumes there.
struct declaration_start : seq<at_line_start, declaration_keyword> {};

// ------------------------------------------------------------ names

// A name a declaration introduces or an expression refers to. Rules that expect a
// name derive from it, so a reserved word found there is reported as such (E0014).
struct name : seq<not_at<reserved_word>, identifier> {};
// After `.` and as an object key any word is allowed (`BANT.all`, `{ count: 3 }`).
struct any_word : identifier {};

// ------------------------------------------------------------ literal tokens

// "..." on one line; escapes are validated when the token is converted, so a bad
// escape is reported without losing the rest of the file.
struct text_escape : seq<one<'\\'>, not_one<'\n', '\r'>> {};
struct text_char : sor<text_escape, not_one<'"', '\\', '\n', '\r'>> {};
struct text_close : one<'"'> {};
struct text_open : one<'"'> {};
struct text_token : seq<text_open, star<text_char>, must<text_close>> {};

// 2025-01-06, 2025-01-06T09:22:00Z, 2025-01-06T09:22:00.250+02:00. Only the shape
// is matched here; the calendar check (2025-02-30) happens on conversion.
struct two_digits : rep<2, digit> {};
struct date_part : seq<rep<4, digit>, one<'-'>, two_digits, one<'-'>, two_digits> {};
struct utc_offset : sor<one<'Z'>, seq<one<'+', '-'>, two_digits, one<':'>, two_digits>> {};
struct seconds_part : seq<one<':'>, two_digits, opt<one<'.'>, plus<digit>>> {};
struct time_part : seq<one<'T'>, two_digits, one<':'>, two_digits, opt<seconds_part>, opt<utc_offset>> {};
struct date_token : seq<date_part, opt<time_part>, not_at<identifier_other>> {};

// 42, 3.5, and a number immediately followed by a unit (90d, 30min). The whole
// run of word characters is one token so that `2days` is reported as a bad unit
// rather than as `2` followed by a stray name.
struct number_token : seq<plus<digit>, opt<one<'.'>, plus<digit>>, star<identifier_other>> {};
struct integer_token : seq<plus<digit>, not_at<sor<identifier_other, one<'.'>>>> {};

// 09:00 in calendar hours.
struct clock_token : seq<rep_min_max<1, 2, digit>, one<':'>, two_digits> {};

struct weekday
    : sor<TAO_PEGTL_KEYWORD("mon"), TAO_PEGTL_KEYWORD("tue"), TAO_PEGTL_KEYWORD("wed"),
          TAO_PEGTL_KEYWORD("thu"), TAO_PEGTL_KEYWORD("fri"), TAO_PEGTL_KEYWORD("sat"),
          TAO_PEGTL_KEYWORD("sun")> {};

// ------------------------------------------------------------ punctuation

struct comma : one<','> {};
struct colon : one<':'> {};
struct equals : seq<one<'='>, not_at<one<'='>>> {};
struct dot_dot : TAO_PEGTL_STRING("..") {};
struct arrow : TAO_PEGTL_STRING("->") {};

}  // namespace sluice::grammar

template <typename Name>
struct tao::pegtl::analyze_traits<Name, sluice::grammar::at_line_start> : analyze_opt_traits<> {};
