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

}  // namespace sluice::ast
