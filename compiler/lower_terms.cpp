// Explain terms: an entry/exit/when condition split on its top-level `and` chain,
// each conjunct with its own chunk and, for comparisons, its left operand's value.
#include "compiler/lower_internal.hpp"

namespace sluice::lowering {

using ast::Expr;
using ast::ExprKind;
using ast::Op;

namespace {

// The operator of a comparison conjunct as written in the language, or nullptr.
const char* comparison_operator(const Expr& e) {
  if (e.kind == ExprKind::between) return "between";
  if (e.kind != ExprKind::binary || e.op < Op::eq || e.op > Op::matches) return nullptr;
  return op_spelling(e.op);  // eq .. matches are the comparisons (ast.hpp order)
}

bool is_and(const Expr& e) { return e.kind == ExprKind::binary && e.op == Op::and_ && e.args.size() == 2; }

}  // namespace

std::vector<ir::Term> Lowerer::terms(const Expr* condition) {
  std::vector<ir::Term> out;
  if (!condition) return out;
  // Left-to-right conjuncts of nested `and`s, without recursion.
  std::vector<const Expr*> pending{condition}, conjuncts;
  while (!pending.empty()) {
    const Expr* e = pending.back();
    pending.pop_back();
    if (is_and(*e)) {
      pending.push_back(e->args[1].get());
      pending.push_back(e->args[0].get());
    } else {
      conjuncts.push_back(e);
    }
  }
  for (const Expr* c : conjuncts) {
    ir::Term t;
    t.text = folded_text(c->span);
    t.condition = chunk(*c);
    const char* op = comparison_operator(*c);
    const std::size_t operands = c->kind == ExprKind::between ? 3 : 2;
    if (op && c->args.size() == operands) {
      t.value = chunk(*c->args[0]);
      t.value_text = folded_text(c->args[0]->span);
      t.need = std::string(op) + " " + folded_text(c->args[1]->span);
      if (c->kind == ExprKind::between) t.need += " and " + folded_text(c->args[2]->span);
    }
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace sluice::lowering
