// Internal to compiler/parse.cpp: actions for the header, imports, constants,
// lets, records (with their types), calendars and tests.
#pragma once
#include <fmt/format.h>

#include "compiler/parse_actions_expr.hpp"

namespace sluice::parser {

template <typename Vector>
void append_decl(ParseState& st, Vector& list, typename Vector::value_type&& decl, ast::DeclKind kind) {
  list.push_back(std::move(decl));
  st.out.order.push_back({kind, static_cast<std::uint32_t>(list.size() - 1)});
}

// ------------------------------------------------------------ header, imports, constants, lets

template <> struct action<g::policy_name> : push_text {};
template <> struct action<g::policy_version> : push_text {};
template <>
struct action<g::policy_decl> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    ast::PolicyHeader h;
    h.span = st.span(in.begin(), in.end());
    std::tie(h.version, h.version_span) = st.pop_text();
    std::tie(h.name, h.name_span) = st.pop_text();
    if (st.out.header) {
      st.report({"E0015", Severity::error, "duplicate `policy` header", {h.span, "given again here"},
               {{st.out.header->span, "first given here"}}, "a file has one `policy` header"});
    } else if (!st.out.order.empty()) {
      st.error("E0016", h.span, "the `policy` header must come before every other declaration",
               "not at the start", "move `policy \"...\" version \"...\"` to the top of the file");
    }
    if (!st.out.header) st.out.header = std::move(h);
  }
};

template <> struct action<g::import_path> : push_text {};
template <>
struct action<g::import_decl> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    ast::Import imp;
    imp.span = st.span(in.begin(), in.end());
    std::tie(imp.path, imp.path_span) = st.pop_text();
    append_decl(st, st.out.imports, std::move(imp), ast::DeclKind::import);
  }
};

template <> struct action<g::const_name> : push_ident {};
template <>
struct action<g::const_decl> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    ast::Const c;
    c.span = st.span(in.begin(), in.end());
    c.value = st.pop_expr();
    c.name = st.pop_ident();
    append_decl(st, st.out.consts, std::move(c), ast::DeclKind::const_);
  }
};

// `let` is both a top-level declaration and a funnel item.
template <> struct action<g::let_name> : push_ident {};
template <>
struct action<g::let_decl> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    ast::Let let;
    let.span = st.span(in.begin(), in.end());
    let.value = st.pop_expr();
    let.name = st.pop_ident();
    if (st.funnel)
      st.funnel->lets.push_back(std::move(let));
    else
      append_decl(st, st.out.lets, std::move(let), ast::DeclKind::let);
  }
};

// ------------------------------------------------------------ types

template <>
struct action<g::named_type> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    auto t = std::make_unique<ast::TypeExpr>();
    t->kind = ast::TypeExprKind::named;
    t->name = ident_of(in, st);
    st.types.push_back(std::move(t));
  }
};

template <>
struct action<g::enum_open> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    auto t = std::make_unique<ast::TypeExpr>();
    t->kind = ast::TypeExprKind::enum_;
    st.types.push_back(std::move(t));
    open_block(in, st, "enum(");
  }
};
template <> struct action<g::enum_close> : close_block {};
template <>
struct action<g::enum_value> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    push_text::apply(in, st);
    auto [value, span] = st.pop_text();
    st.types.back()->enum_values.push_back(std::move(value));
    st.types.back()->enum_spans.push_back(span);
  }
};

template <>
struct action<g::list_type> {
  template <typename Input>
  static void apply(const Input&, ParseState& st) {
    auto t = std::make_unique<ast::TypeExpr>();
    t->kind = ast::TypeExprKind::list;
    t->element = st.pop_type();
    st.types.push_back(std::move(t));
  }
};

template <>
struct action<g::object_type_open> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.field_marks.push_back(st.fields.size());
    open_block(in, st, "{");
  }
};
template <> struct action<g::object_type_close> : close_block {};

// Moves the fields declared since the innermost `{` out of the field stack.
inline std::vector<ast::FieldDecl> pop_fields(ParseState& st) {
  const std::size_t mark = st.field_marks.empty() ? st.fields.size() : st.field_marks.back();
  if (!st.field_marks.empty()) st.field_marks.pop_back();
  std::vector<ast::FieldDecl> fields(std::make_move_iterator(st.fields.begin() + static_cast<std::ptrdiff_t>(mark)),
                                     std::make_move_iterator(st.fields.end()));
  st.fields.resize(mark);
  return fields;
}

template <>
struct action<g::object_type> {
  template <typename Input>
  static void apply(const Input&, ParseState& st) {
    auto t = std::make_unique<ast::TypeExpr>();
    t->kind = ast::TypeExprKind::object;
    t->fields = pop_fields(st);
    st.types.push_back(std::move(t));
  }
};

template <>
struct action<g::type_optional> {
  template <typename Input>
  static void apply(const Input&, ParseState& st) {
    st.types.back()->optional = true;
  }
};

// The two places a type is written (a field, a list element) are the recursive
// entry points, so they carry the nesting guard and set the type's whole span.
struct finish_type : depth_limited {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.types.back()->span = st.span(in.begin(), in.end());
  }
};
template <> struct action<g::field_type> : finish_type {};
template <> struct action<g::list_element_type> : finish_type {};

// ------------------------------------------------------------ fields and records

template <>
struct action<g::field_name> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.fields.emplace_back();
    st.fields.back().name = ident_of(in, st);
  }
};

inline void duplicate_modifier(ParseState& st, Span at, const char* what) {
  st.error("E0015", at, fmt::format("duplicate `{}` on field `{}`", what, st.fields.back().name.name),
           "given again here", fmt::format("keep one `{}`", what));
}

template <>
struct action<g::key_modifier> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    if (st.fields.back().is_key) duplicate_modifier(st, st.span(in.begin(), in.end()), "key");
    st.fields.back().is_key = true;
  }
};

template <>
struct action<g::default_modifier> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    auto value = st.pop_expr();
    if (st.fields.back().default_value) duplicate_modifier(st, st.span(in.begin(), in.end()), "=");
    st.fields.back().default_value = std::move(value);
  }
};

template <> struct action<g::from_name> : push_text {};
template <>
struct action<g::from_modifier> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    auto [from, span] = st.pop_text();
    if (st.fields.back().from) duplicate_modifier(st, st.span(in.begin(), in.end()), "from");
    st.fields.back().from = std::move(from);
    st.fields.back().from_span = span;
  }
};

template <>
struct action<g::field_decl> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.fields.back().type = st.pop_type();
    st.fields.back().span = st.span(in.begin(), in.end());
  }
};

template <> struct action<g::record_name> : push_ident {};
template <>
struct action<g::record_open> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.field_marks.push_back(st.fields.size());
    open_block(in, st, "record " + st.idents.back().name);
  }
};
template <> struct action<g::record_close> : close_block {};
template <>
struct action<g::record_decl> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    ast::Record r;
    r.span = st.span(in.begin(), in.end());
    r.fields = pop_fields(st);
    r.name = st.pop_ident();
    append_decl(st, st.out.records, std::move(r), ast::DeclKind::record);
  }
};

}  // namespace sluice::parser
