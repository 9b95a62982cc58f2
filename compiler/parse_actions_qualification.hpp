// Internal to compiler/parse.cpp: actions for qualification frameworks.
#pragma once
#include "compiler/parse_actions_decl.hpp"

namespace sluice::parser {

template <> struct action<g::qualification_name> : push_ident {};
template <> struct action<g::qualification_label> : push_text {};
template <>
struct action<g::qualification_open> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.qualification.emplace();
    // The label, when written, was pushed after the name.
    const bool labelled = !st.texts.empty();
    if (labelled) st.qualification->label = st.pop_text().first;
    st.qualification->name = st.pop_ident();
    open_block(in, st, "qualification " + st.qualification->name.name);
  }
};

template <>
struct action<g::criterion_name> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.criterion.emplace();
    st.criterion->name = ident_of(in, st);
  }
};
template <>
struct action<g::criterion_label> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    push_text::apply(in, st);
    st.criterion->label = st.pop_text().first;
  }
};
template <>
struct action<g::weight_value> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    const Span at = st.span(in.begin(), in.end());
    const auto value = literals::parse_number(in.string_view());
    if (value.problem) st.literal_error(at, value.problem);
    st.criterion->weight = value.int_value;
    st.criterion->has_weight = true;
    st.criterion->weight_span = at;
  }
};
template <>
struct action<g::criterion_decl> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.criterion->condition = st.pop_expr();
    st.criterion->span = st.span(in.begin(), in.end());
    st.qualification->criteria.push_back(std::move(*st.criterion));
    st.criterion.reset();
  }
};

template <>
struct action<g::at_least_value> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    const auto value = literals::parse_number(in.string_view());
    if (value.problem) st.literal_error(st.span(in.begin(), in.end()), value.problem);
    st.qualification->rule = ast::PassRule::at_least;
    st.qualification->threshold = static_cast<double>(value.int_value);
  }
};
template <>
struct action<g::score_value> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    const Span at = st.span(in.begin(), in.end());
    const auto value = literals::parse_number(in.string_view());
    using K = literals::NumberValue::Kind;
    if (value.problem)
      st.literal_error(at, value.problem);
    else if (value.kind == K::duration)
      st.error("E0013", at, fmt::format("a score threshold is a number, not the duration `{}`", in.string_view()));
    st.qualification->rule = ast::PassRule::score;
    st.qualification->threshold =
        value.kind == K::number ? value.number_value : static_cast<double>(value.int_value);
  }
};
template <>
struct action<g::pass_all> {
  template <typename Input>
  static void apply(const Input&, ParseState& st) {
    st.qualification->rule = ast::PassRule::all;
  }
};
template <>
struct action<g::pass_condition> {
  template <typename Input>
  static void apply(const Input&, ParseState& st) {
    st.qualification->rule = ast::PassRule::expr;
    st.qualification->pass_expr = st.pop_expr();
  }
};
template <>
struct action<g::pass_rule> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    const Span at = st.span(in.begin(), in.end());
    st.once("pass when", at);
    st.qualification->has_pass = true;
    st.qualification->pass_span = at;
  }
};

template <> struct action<g::qualification_close> : close_block {};
template <>
struct action<g::qualification_decl> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.qualification->span = st.span(in.begin(), in.end());
    append_decl(st, st.out.qualifications, std::move(*st.qualification), ast::DeclKind::qualification);
    st.qualification.reset();
  }
};

}  // namespace sluice::parser
