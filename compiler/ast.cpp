#include "compiler/ast.hpp"

namespace sluice::ast {

// Recursion depth is bounded by the parser's nesting limit (Limits::max_depth).
ExprPtr clone(const Expr& e) {
  auto copy = std::make_unique<Expr>(e.kind, e.span);
  copy->op = e.op;
  copy->quant = e.quant;
  copy->negated = e.negated;
  copy->int_value = e.int_value;
  copy->number_value = e.number_value;
  copy->bool_value = e.bool_value;
  copy->text = e.text;
  copy->ident = e.ident;
  copy->args.reserve(e.args.size());
  for (const auto& arg : e.args) copy->args.push_back(arg ? clone(*arg) : nullptr);
  copy->keys = e.keys;
  copy->type = e.type;  // types are immutable and shared
  copy->ref = e.ref;
  return copy;
}

const char* op_spelling(Op op) {
  switch (op) {
    case Op::or_: return "or";
    case Op::and_: return "and";
    case Op::eq: return "==";
    case Op::ne: return "!=";
    case Op::lt: return "<";
    case Op::le: return "<=";
    case Op::gt: return ">";
    case Op::ge: return ">=";
    case Op::in: return "in";
    case Op::not_in: return "not in";
    case Op::contains: return "contains";
    case Op::starts_with: return "starts with";
    case Op::ends_with: return "ends with";
    case Op::matches: return "matches";
    case Op::coalesce: return "??";
    case Op::add: return "+";
    case Op::sub: return "-";
    case Op::mul: return "*";
    case Op::div: return "/";
    case Op::mod: return "%";
    default: return "?";
  }
}

}  // namespace sluice::ast
