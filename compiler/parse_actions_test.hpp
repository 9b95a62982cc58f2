// Internal to compiler/parse.cpp: actions for `test` declarations.
#pragma once
#include "compiler/parse_actions_funnel.hpp"

namespace sluice::parser {

template <> struct action<g::test_name> : push_text {};
template <>
struct action<g::test_open> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.test.emplace();
    std::tie(st.test->name, st.test->name_span) = st.pop_text();
    open_block(in, st, "test \"" + st.test->name + "\"");
  }
};

template <> struct action<g::test_funnel_name> : push_ident {};
template <>
struct action<g::test_funnel> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.once("funnel", st.span(in.begin(), in.end()));
    st.test->funnel = st.pop_ident();
  }
};

template <>
struct action<g::as_of_date> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    const Span at = st.span(in.begin(), in.end());
    const auto value = literals::parse_date(in.string_view());
    if (value.problem) st.literal_error(at, value.problem);
    st.test->as_of = value.ms;
    st.test->as_of_span = at;
  }
};
template <>
struct action<g::test_as_of> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.once("as of", st.span(in.begin(), in.end()));
  }
};

template <> struct action<g::given_path> : push_text {};
template <>
struct action<g::given_file> {
  template <typename Input>
  static void apply(const Input&, ParseState& st) {
    auto [path, span] = st.pop_text();
    st.test->given_file = std::move(path);
    st.test->given.reset();
  }
};
template <>
struct action<g::given_object> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    build_object::apply(in, st);
    st.test->given = st.pop_expr();
    st.test->given_file.reset();
  }
};
template <>
struct action<g::test_given> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    const Span at = st.span(in.begin(), in.end());
    st.once("given", at);
    st.test->given_span = at;
  }
};

template <typename Input>
ast::Expect& new_expect(const Input& in, ParseState& st, ast::ExpectKind kind) {
  auto& e = st.test->expects.emplace_back();
  e.kind = kind;
  e.span = st.span(in.begin(), in.end());
  return e;
}

template <> struct action<g::expect_event_name> : push_ident {};
template <> struct action<g::expect_with> : object_then_flag {};
template <>
struct action<g::expect_event> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    ast::ExprPtr with;
    if (st.payload) with = st.pop_expr();
    st.payload = false;
    auto& e = new_expect(in, st, ast::ExpectKind::event);
    e.event = st.pop_ident();
    e.with = std::move(with);
  }
};

template <> struct action<g::expect_error_text> : push_text {};
template <>
struct action<g::expect_error> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    new_expect(in, st, ast::ExpectKind::error).error = st.pop_text().first;
  }
};

template <>
struct action<g::expect_condition> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    auto condition = st.pop_expr();
    new_expect(in, st, ast::ExpectKind::condition).condition = std::move(condition);
  }
};

// The whole `expect ...` item is the span users see in a failing test.
template <>
struct action<g::expect_item> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.test->expects.back().span = st.span(in.begin(), in.end());
  }
};

template <> struct action<g::test_close> : close_block {};
template <>
struct action<g::test_decl> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.test->span = st.span(in.begin(), in.end());
    append_decl(st, st.out.tests, std::move(*st.test), ast::DeclKind::test);
    st.test.reset();
  }
};

}  // namespace sluice::parser
