// Helpers for tests/parse_test.cpp: parse a text, list its diagnostics as
// "CODE@line:col", and print expressions as s-expressions to check precedence.
#pragma once
#include <memory>
#include <string>

#include <fmt/format.h>

#include "compiler/ast.hpp"
#include "compiler/diagnostic.hpp"
#include "compiler/parse.hpp"

namespace parse_support {

using namespace sluice;

struct Parsed {
  SourceManager sm;
  Diagnostics diags;
  FileId id = 0;
  std::unique_ptr<ast::File> file;

  // "E0012@3:7 E0011@9:1", sorted by position.
  std::string codes() const {
    std::string out;
    for (const auto& d : diags.items()) {
      const auto lc = sm.file(d.primary.span.file).line_col(d.primary.span.begin);
      out += fmt::format("{}{}@{}:{}", out.empty() ? "" : " ", d.code, lc.line, lc.column);
    }
    return out;
  }
  std::string rendered() const { return render_text(diags, sm); }
};

inline std::unique_ptr<Parsed> parse_text(std::string text, const Limits& limits = {}) {
  auto p = std::make_unique<Parsed>();
  p->id = p->sm.add("test.funnel", std::move(text));
  p->file = sluice::parse(p->sm, p->id, p->diags, limits);
  p->diags.sort();
  return p;
}

inline const char* op_name(ast::Op op) {
  static const char* names[] = {"?",  "not", "neg", "or", "and", "==", "!=", "<",  "<=", ">",
                                ">=", "in",  "not in", "contains", "starts with", "ends with",
                                "matches", "??", "+", "-", "*", "/", "%"};
  return names[static_cast<int>(op)];
}

// A compact, unambiguous rendering: `(and a (== b 1))`.
inline std::string sexpr(const ast::Expr& e) {
  using K = ast::ExprKind;
  auto arg = [&](std::size_t i) { return sexpr(*e.args.at(i)); };
  auto all_args = [&] {
    std::string s;
    for (std::size_t i = 0; i < e.args.size(); ++i) s += (i ? " " : "") + arg(i);
    return s;
  };
  switch (e.kind) {
    case K::int_lit: return std::to_string(e.int_value);
    case K::number_lit: return fmt::format("{}", e.number_value);
    case K::text_lit: return "\"" + e.text + "\"";
    case K::bool_lit: return e.bool_value ? "true" : "false";
    case K::null_lit: return "null";
    case K::date_lit: return fmt::format("date:{}", e.int_value);
    case K::duration_lit: return fmt::format("ms:{}", e.int_value);
    case K::list_lit: return "[" + all_args() + "]";
    case K::object_lit: {
      std::string s = "{";
      for (std::size_t i = 0; i < e.args.size(); ++i) s += (i ? " " : "") + e.keys.at(i).name + ":" + arg(i);
      return s + "}";
    }
    case K::now: return "now";
    case K::today: return "today";
    case K::name: return e.ident.name;
    case K::member: return arg(0) + "." + e.ident.name;
    case K::call: return e.ident.name + "(" + all_args() + ")";
    case K::passes: return "(passes " + e.ident.name + ")";
    case K::unary:
    case K::binary: return std::string("(") + op_name(e.op) + " " + all_args() + ")";
    case K::is_set: return "(" + std::string(e.negated ? "is-not-set " : "is-set ") + arg(0) + ")";
    case K::between: return "(between " + all_args() + ")";
    case K::quantifier: {
      const char* q = e.quant == ast::Quant::any ? "any" : e.quant == ast::Quant::all ? "all" : "count";
      return fmt::format("({} {} {} {})", q, e.ident.name, arg(0), arg(1));
    }
  }
  return "?";
}

// The s-expression of `let x = <text>` parsed on its own.
inline std::string expr(const std::string& text) {
  auto p = parse_text("let x = " + text + "\n");
  if (p->diags.has_errors() || p->file->lets.size() != 1) return "error: " + p->codes();
  return sexpr(*p->file->lets[0].value);
}

}  // namespace parse_support
