// A test's inline `given { ... }` object as JSON keyed by field names: the test
// runner feeds it to the record reader. Dates become ISO-8601 UTC strings
// ("2026-01-15T00:00:00Z"), durations their literal form ("90d"), see docs/ir.md.
#include <fmt/format.h>

#include "compiler/ir_disasm.hpp"
#include "compiler/ir_json_internal.hpp"
#include "compiler/lower_internal.hpp"

namespace sluice::lowering {

using ast::Expr;
using ast::ExprKind;

namespace {

void render_constant(const ir::Constant& c, std::string& out) {
  switch (c.kind) {
    case TypeKind::null_: out += "null"; return;
    case TypeKind::bool_: out += c.b ? "true" : "false"; return;
    case TypeKind::int_: out += fmt::format("{}", c.i); return;
    case TypeKind::number: out += json_text::number(c.n); return;
    case TypeKind::text: case TypeKind::enum_: json_text::append_quoted(out, c.s); return;
    case TypeKind::date: json_text::append_quoted(out, ir::iso_instant(c.i)); return;
    case TypeKind::duration: json_text::append_quoted(out, ir::duration_text(c.i)); return;
    case TypeKind::list:
      out += '[';
      for (std::size_t i = 0; i < c.list.size(); ++i) {
        if (i) out += ',';
        render_constant(c.list[i], out);
      }
      out += ']';
      return;
    default: internal_error("a `given` value has no JSON form");
  }
}

// `-5`, `-2.5`, `-3d`: a negated literal is a value in a `given` object.
bool negated_literal(const Expr& e, ir::Constant& out) {
  if (e.kind != ExprKind::unary || e.op != ast::Op::neg || e.args.size() != 1 || !e.args[0]) return false;
  const Expr& x = *e.args[0];
  out = ir::Constant{};
  switch (x.kind) {
    case ExprKind::int_lit: out.kind = TypeKind::int_; out.i = -x.int_value; return true;
    case ExprKind::duration_lit: out.kind = TypeKind::duration; out.i = -x.int_value; return true;
    case ExprKind::number_lit: out.kind = TypeKind::number; out.n = -x.number_value; return true;
    default: return false;
  }
}

void render(const Lowerer& l, const Expr& e, std::string& out) {
  if (e.kind == ExprKind::object_lit) {
    if (e.keys.size() != e.args.size()) internal_error("object literal keys and values differ in number");
    out += '{';
    for (std::size_t i = 0; i < e.args.size(); ++i) {
      if (i) out += ',';
      json_text::append_quoted(out, e.keys[i].name);
      out += ':';
      render(l, *e.args[i], out);
    }
    out += '}';
    return;
  }
  if (e.kind == ExprKind::list_lit) {
    out += '[';
    for (std::size_t i = 0; i < e.args.size(); ++i) {
      if (i) out += ',';
      render(l, *e.args[i], out);
    }
    out += ']';
    return;
  }
  ir::Constant c;
  if (l.constant_value(e, c) || negated_literal(e, c)) return render_constant(c, out);
  internal_error("a `given` value is not a literal");
}

}  // namespace

std::string Lowerer::given_json(const Expr& object) {
  std::string out;
  render(*this, object, out);
  return out;
}

}  // namespace sluice::lowering
