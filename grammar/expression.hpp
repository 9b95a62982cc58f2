// Expressions, loosest first (language.md §4):
//   or / and / not / comparison (non-chaining) / ?? / + - / * / % / unary - /
//   postfix `.field` / primary.
// Binary levels are left-associative: `seq<operand, star<tail>>`, each tail knowing
// its operator, so the builder folds left as tails complete. Every operator commits
// to its right operand (`must<>`), so no action ever fires on a path that is later
// abandoned.
#pragma once
#include "grammar/lexical.hpp"

namespace sluice::grammar {

struct expression;
// Named operand slots: the rule a `must<>` commits to, so each has its own message.
// Defined at the end of the file, once the levels they alias are complete.
struct object_value;
struct quantifier_list;
struct quantifier_condition;
struct neg_operand;
struct not_operand;

// ------------------------------------------------------------ operators
// Longest first within each level: `<=` before `<`, `not in` before `in`.

struct op_eq : TAO_PEGTL_STRING("==") {};
struct op_ne : TAO_PEGTL_STRING("!=") {};
struct op_le : TAO_PEGTL_STRING("<=") {};
struct op_lt : one<'<'> {};
struct op_ge : TAO_PEGTL_STRING(">=") {};
struct op_gt : one<'>'> {};
struct op_not_in : seq<kw_not, sep, kw_in> {};
struct op_in : kw_in {};
struct op_contains : kw_contains {};
struct with_after_starts : kw_with {};
struct with_after_ends : kw_with {};
struct op_starts_with : seq<kw_starts, sep, must<with_after_starts>> {};
struct op_ends_with : seq<kw_ends, sep, must<with_after_ends>> {};
struct op_matches : kw_matches {};
struct op_coalesce : TAO_PEGTL_STRING("??") {};
struct op_add : one<'+'> {};
struct op_sub : seq<one<'-'>, not_at<one<'>'>>> {};
struct op_mul : one<'*'> {};
struct op_div : one<'/'> {};
struct op_mod : one<'%'> {};
struct op_neg : seq<one<'-'>, not_at<one<'>'>>> {};

// A binary operator and its committed right operand.
template <typename Op, typename Operand>
struct binary_tail : seq<sep, Op, sep, must<Operand>> {};

// ------------------------------------------------------------ primaries

struct paren_open : one<'('> {};
struct paren_close : one<')'> {};
struct paren_expr : seq<paren_open, sep, must<expression>, sep, must<paren_close>> {};

struct list_open : one<'['> {};
struct list_close : one<']'> {};
struct list_lit
    : seq<list_open, sep, opt<expression, star<sep, comma, sep, expression>, opt<sep, comma>>, sep,
          must<list_close>> {};

struct object_open : one<'{'> {};
struct object_close : one<'}'> {};
struct object_key : any_word {};
struct object_colon : colon {};
struct object_entry : seq<object_key, sep, must<object_colon>, sep, must<object_value>> {};
struct object_lit
    : seq<object_open, sep, opt<object_entry, star<sep, comma, sep, object_entry>, opt<sep, comma>>,
          sep, must<object_close>> {};

struct text_lit : text_token {};
struct date_lit : date_token {};
struct number_lit : number_token {};
struct true_lit : kw_true {};
struct false_lit : kw_false {};
struct null_lit : kw_null {};
struct now_lit : kw_now {};
struct today_lit : kw_today {};

// any|all|count X in LIST where COND: LIST at the `??` level, COND a full expression
// that extends as far right as it can.
struct quantifier_kind : sor<kw_any, kw_all, kw_count> {};
struct quantifier_variable : name {};
struct quantifier_in : kw_in {};
struct quantifier_where : kw_where {};
struct quantifier
    : seq<quantifier_kind, sep, must<quantifier_variable>, sep, must<quantifier_in>, sep,
          must<quantifier_list>, sep, must<quantifier_where>, sep, must<quantifier_condition>> {};

struct passes_name : name {};
struct passes_expr : seq<kw_passes, sep, must<passes_name>> {};

struct call_open : one<'('> {};
struct call_close : one<')'> {};
struct call_args
    : seq<call_open, sep, opt<expression, star<sep, comma, sep, expression>, opt<sep, comma>>, sep,
          must<call_close>> {};
struct name_ref : seq<not_at<declaration_start>, name> {};
struct name_or_call : seq<name_ref, opt<sep, call_args>> {};

// Dates before numbers: `2025-01-06` must not read as `2025 - 01 - 06`.
struct primary
    : sor<paren_expr, list_lit, object_lit, text_lit, date_lit, number_lit, quantifier, passes_expr,
          true_lit, false_lit, null_lit, now_lit, today_lit, name_or_call> {};

// ------------------------------------------------------------ postfix and unary

struct member_name : any_word {};
struct member_tail : seq<one<'.'>, must<member_name>> {};
struct postfix_level : seq<primary, star<member_tail>> {};

struct neg_prefixed : seq<op_neg, sep, must<neg_operand>> {};
struct unary_level : sor<neg_prefixed, postfix_level> {};

// ------------------------------------------------------------ binary levels

struct mul_operand : unary_level {};
struct multiplicative_level
    : seq<unary_level, star<sor<binary_tail<op_mul, mul_operand>, binary_tail<op_div, mul_operand>,
                                binary_tail<op_mod, mul_operand>>>> {};

struct add_operand : multiplicative_level {};
struct additive_level
    : seq<multiplicative_level,
          star<sor<binary_tail<op_add, add_operand>, binary_tail<op_sub, add_operand>>>> {};

struct coalesce_operand : additive_level {};
struct coalesce_level : seq<additive_level, star<binary_tail<op_coalesce, coalesce_operand>>> {};

// Comparisons: at most one per operand pair; a second one is E0012.
struct compare_operand : coalesce_level {};
struct is_set_word : kw_set {};
struct is_not_set_tail : seq<sep, kw_is, sep, kw_not, sep, must<is_set_word>> {};
struct is_set_tail : seq<sep, kw_is, sep, must<is_set_word>> {};
struct between_low : coalesce_level {};
struct between_and : kw_and {};
struct between_high : coalesce_level {};
struct between_tail
    : seq<sep, kw_between, sep, must<between_low>, sep, must<between_and>, sep, must<between_high>> {};
struct comparison_tail
    : sor<binary_tail<op_eq, compare_operand>, binary_tail<op_ne, compare_operand>,
          binary_tail<op_le, compare_operand>, binary_tail<op_lt, compare_operand>,
          binary_tail<op_ge, compare_operand>, binary_tail<op_gt, compare_operand>,
          binary_tail<op_not_in, compare_operand>, binary_tail<op_in, compare_operand>,
          binary_tail<op_contains, compare_operand>, binary_tail<op_starts_with, compare_operand>,
          binary_tail<op_ends_with, compare_operand>, binary_tail<op_matches, compare_operand>,
          is_not_set_tail, is_set_tail, between_tail> {};
struct comparison_start
    : sor<op_eq, op_ne, op_le, op_lt, op_ge, op_gt, op_not_in, op_in, kw_contains, kw_starts, kw_ends,
          kw_matches, kw_is, kw_between> {};
struct unchained_comparison : not_at<sep, comparison_start> {};
struct comparison_level : seq<coalesce_level, opt<comparison_tail, must<unchained_comparison>>> {};

struct not_prefixed : seq<kw_not, sep, must<not_operand>> {};
struct not_level : sor<not_prefixed, comparison_level> {};

struct and_operand : not_level {};
struct and_level : seq<not_level, star<binary_tail<kw_and, and_operand>>> {};

struct or_operand : and_level {};
struct or_level : seq<and_level, star<binary_tail<kw_or, or_operand>>> {};

struct expression : or_level {};

struct object_value : expression {};
struct quantifier_list : coalesce_level {};
struct quantifier_condition : expression {};
struct neg_operand : unary_level {};
struct not_operand : not_level {};

}  // namespace sluice::grammar
