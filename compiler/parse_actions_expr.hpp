// Internal to compiler/parse.cpp: actions that build expressions on the operand
// stack. Literals and names push; operators pop their operands and push the node.
#pragma once
#include "compiler/parse_control.hpp"

namespace sluice::parser {

using ast::Expr;
using ast::ExprKind;
using ast::ExprPtr;
namespace g = grammar;

inline ExprPtr make_expr(ExprKind kind, Span span) { return std::make_unique<Expr>(kind, span); }

inline Span join(const Span& a, const Span& b) { return Span{a.file, a.begin, b.end}; }

// ------------------------------------------------------------ literals

template <>
struct action<g::text_open> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.text_open = st.offset(in.begin());
  }
};

template <>
struct action<g::text_lit> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    push_text::apply(in, st);
    auto [text, span] = st.pop_text();
    auto e = make_expr(ExprKind::text_lit, span);
    e->text = std::move(text);
    st.exprs.push_back(std::move(e));
  }
};

template <>
struct action<g::date_lit> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    const Span at = st.span(in.begin(), in.end());
    const auto value = literals::parse_date(in.string_view());
    if (value.problem) st.literal_error(at, value.problem);
    auto e = make_expr(ExprKind::date_lit, at);
    e->int_value = value.ms;
    st.exprs.push_back(std::move(e));
  }
};

template <>
struct action<g::number_lit> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    const Span at = st.span(in.begin(), in.end());
    const auto value = literals::parse_number(in.string_view());
    if (value.problem) st.literal_error(at, value.problem);
    using K = literals::NumberValue::Kind;
    auto e = make_expr(value.kind == K::number     ? ExprKind::number_lit
                       : value.kind == K::duration ? ExprKind::duration_lit
                                                   : ExprKind::int_lit,
                       at);
    e->int_value = value.int_value;
    e->number_value = value.number_value;
    st.exprs.push_back(std::move(e));
  }
};

template <ExprKind Kind, bool Value = false>
struct push_atom {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    auto e = make_expr(Kind, st.span(in.begin(), in.end()));
    e->bool_value = Value;
    st.exprs.push_back(std::move(e));
  }
};
template <> struct action<g::true_lit> : push_atom<ExprKind::bool_lit, true> {};
template <> struct action<g::false_lit> : push_atom<ExprKind::bool_lit, false> {};
template <> struct action<g::null_lit> : push_atom<ExprKind::null_lit> {};
template <> struct action<g::now_lit> : push_atom<ExprKind::now> {};
template <> struct action<g::today_lit> : push_atom<ExprKind::today> {};

// ------------------------------------------------------------ brackets

template <typename Input>
void open_bracket(const Input& in, ParseState& st, const char* what) {
  st.marks.emplace_back(st.exprs.size(), st.keys.size());
  open_block(in, st, what);
}

template <> struct action<g::paren_open> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) { open_block(in, st, "("); }
};
template <> struct action<g::call_open> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) { open_bracket(in, st, "("); }
};
template <> struct action<g::list_open> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) { open_bracket(in, st, "["); }
};
template <> struct action<g::object_open> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) { open_bracket(in, st, "{"); }
};
template <> struct action<g::paren_close> : close_block {};
template <> struct action<g::call_close> : close_block {};
template <> struct action<g::list_close> : close_block {};
template <> struct action<g::object_close> : close_block {};

template <>
struct action<g::list_lit> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    auto e = make_expr(ExprKind::list_lit, st.span(in.begin(), in.end()));
    e->args = st.pop_marked(nullptr);
    st.exprs.push_back(std::move(e));
  }
};

template <> struct action<g::object_key> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) { st.keys.push_back(ident_of(in, st)); }
};

// Object literals, and the rules that reuse their syntax (emit payloads, `given`,
// `expect event ... with`), push one object_lit expression.
struct build_object {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    auto e = make_expr(ExprKind::object_lit, st.span(in.begin(), in.end()));
    e->args = st.pop_marked(&e->keys);
    st.exprs.push_back(std::move(e));
  }
};
template <> struct action<g::object_lit> : build_object {};

// ------------------------------------------------------------ names, calls, members

template <>
struct action<g::name_ref> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    auto e = make_expr(ExprKind::name, st.span(in.begin(), in.end()));
    e->ident = ident_of(in, st);
    st.exprs.push_back(std::move(e));
  }
};

template <>
struct action<g::call_args> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    auto args = st.pop_marked(nullptr);
    auto callee = st.pop_expr();  // the name just before `(`
    auto e = make_expr(ExprKind::call, Span{st.file, callee->span.begin, st.offset(in.end())});
    e->ident = std::move(callee->ident);
    e->args = std::move(args);
    st.exprs.push_back(std::move(e));
  }
};

template <>
struct action<g::member_tail> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    auto object = st.pop_expr();
    auto e = make_expr(ExprKind::member, Span{st.file, object->span.begin, st.offset(in.end())});
    e->ident = ast::Ident{std::string(in.string_view().substr(1)), st.span(in.begin() + 1, in.end())};
    e->args.push_back(std::move(object));
    st.exprs.push_back(std::move(e));
  }
};

template <> struct action<g::passes_name> : push_ident {};
template <>
struct action<g::passes_expr> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    auto e = make_expr(ExprKind::passes, st.span(in.begin(), in.end()));
    e->ident = st.pop_ident();
    st.exprs.push_back(std::move(e));
  }
};

template <> struct action<g::quantifier_variable> : push_ident {};
template <>
struct action<g::quantifier> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    auto e = make_expr(ExprKind::quantifier, st.span(in.begin(), in.end()));
    const auto text = in.string_view();
    e->quant = text.starts_with("any") ? ast::Quant::any : text.starts_with("all") ? ast::Quant::all : ast::Quant::count;
    auto condition = st.pop_expr();
    auto list = st.pop_expr();
    e->ident = st.pop_ident();
    e->args.push_back(std::move(list));
    e->args.push_back(std::move(condition));
    st.exprs.push_back(std::move(e));
  }
};

// ------------------------------------------------------------ operators

template <> struct action<g::primary> : depth_limited {};

template <ast::Op Op>
struct build_prefix : depth_limited {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    auto e = make_expr(ExprKind::unary, st.span(in.begin(), in.end()));
    e->op = Op;
    e->args.push_back(st.pop_expr());
    st.exprs.push_back(std::move(e));
  }
};
template <> struct action<g::neg_prefixed> : build_prefix<ast::Op::neg> {};
template <> struct action<g::not_prefixed> : build_prefix<ast::Op::not_> {};

template <typename OpRule> inline constexpr ast::Op op_of = ast::Op::none;
template <> inline constexpr ast::Op op_of<g::kw_or> = ast::Op::or_;
template <> inline constexpr ast::Op op_of<g::kw_and> = ast::Op::and_;
template <> inline constexpr ast::Op op_of<g::op_eq> = ast::Op::eq;
template <> inline constexpr ast::Op op_of<g::op_ne> = ast::Op::ne;
template <> inline constexpr ast::Op op_of<g::op_lt> = ast::Op::lt;
template <> inline constexpr ast::Op op_of<g::op_le> = ast::Op::le;
template <> inline constexpr ast::Op op_of<g::op_gt> = ast::Op::gt;
template <> inline constexpr ast::Op op_of<g::op_ge> = ast::Op::ge;
template <> inline constexpr ast::Op op_of<g::op_in> = ast::Op::in;
template <> inline constexpr ast::Op op_of<g::op_not_in> = ast::Op::not_in;
template <> inline constexpr ast::Op op_of<g::op_contains> = ast::Op::contains;
template <> inline constexpr ast::Op op_of<g::op_starts_with> = ast::Op::starts_with;
template <> inline constexpr ast::Op op_of<g::op_ends_with> = ast::Op::ends_with;
template <> inline constexpr ast::Op op_of<g::op_matches> = ast::Op::matches;
template <> inline constexpr ast::Op op_of<g::op_coalesce> = ast::Op::coalesce;
template <> inline constexpr ast::Op op_of<g::op_add> = ast::Op::add;
template <> inline constexpr ast::Op op_of<g::op_sub> = ast::Op::sub;
template <> inline constexpr ast::Op op_of<g::op_mul> = ast::Op::mul;
template <> inline constexpr ast::Op op_of<g::op_div> = ast::Op::div;
template <> inline constexpr ast::Op op_of<g::op_mod> = ast::Op::mod;

// Left-associative folding: each tail combines the operand stack's top two.
template <typename OpRule, typename Operand>
struct action<g::binary_tail<OpRule, Operand>> {
  static_assert(op_of<OpRule> != ast::Op::none, "binary operator without an ast::Op");
  template <typename Input>
  static void apply(const Input&, ParseState& st) {
    auto rhs = st.pop_expr();
    auto lhs = st.pop_expr();
    auto e = make_expr(ExprKind::binary, join(lhs->span, rhs->span));
    e->op = op_of<OpRule>;
    e->args.push_back(std::move(lhs));
    e->args.push_back(std::move(rhs));
    st.exprs.push_back(std::move(e));
  }
};

template <bool Negated>
struct build_is_set {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    auto subject = st.pop_expr();
    auto e = make_expr(ExprKind::is_set, Span{st.file, subject->span.begin, st.offset(in.end())});
    e->negated = Negated;
    e->args.push_back(std::move(subject));
    st.exprs.push_back(std::move(e));
  }
};
template <> struct action<g::is_set_tail> : build_is_set<false> {};
template <> struct action<g::is_not_set_tail> : build_is_set<true> {};

template <>
struct action<g::between_tail> {
  template <typename Input>
  static void apply(const Input&, ParseState& st) {
    auto high = st.pop_expr();
    auto low = st.pop_expr();
    auto subject = st.pop_expr();
    auto e = make_expr(ExprKind::between, join(subject->span, high->span));
    e->args.push_back(std::move(subject));
    e->args.push_back(std::move(low));
    e->args.push_back(std::move(high));
    st.exprs.push_back(std::move(e));
  }
};

}  // namespace sluice::parser
