// Expressions -> stack-machine instructions, exactly per the opcode comments in
// compiler/ir.hpp. Typed opcodes are chosen from Expr::type; an int meeting a
// number is widened with I2N right after it is pushed.
#include <fmt/format.h>

#include "compiler/builtins.hpp"
#include "compiler/lower_internal.hpp"

namespace sluice::lowering {

using ast::Expr;
using ast::ExprKind;
using ast::Op;
using ast::RefKind;
using ir::Opcode;

namespace {

bool is_numeric_kind(TypeKind k) { return k == TypeKind::int_ || k == TypeKind::number; }
// An operand of type `null` (the literal) takes the other side's kind.
TypeKind effective(TypeKind k, TypeKind other) { return k == TypeKind::null_ ? other : k; }
// Both numeric and at least one a number: ints among them are widened.
bool widens(TypeKind a, TypeKind b) {
  return is_numeric_kind(a) && is_numeric_kind(b) && (a == TypeKind::number || b == TypeKind::number);
}

const Expr& arg(const Expr& e, std::size_t i) {
  if (i >= e.args.size() || !e.args[i]) internal_error(fmt::format("expression kind {} lacks operand {}", static_cast<int>(e.kind), i));
  return *e.args[i];
}

}  // namespace

ir::Chunk Lowerer::chunk(const Expr& e) {
  ir::Chunk c;
  c.start = here();
  quantifier_depth_ = 0;
  shift_bases_.clear();
  expr(e);
  c.length = here() - c.start;
  return c;
}

void Lowerer::emit(Opcode op, const Expr& at, std::int32_t a, std::int32_t b) {
  out_.code.push_back(ir::Instr{op, a, b});
  out_.spans.push_back(pos(at.span));
}

void Lowerer::patch_jump(std::int32_t pc) { out_.code[static_cast<std::size_t>(pc)].a = here() - pc - 1; }

void Lowerer::value(const Expr& e, bool to_number) {
  expr(e);
  if (to_number && kind_of(e) == TypeKind::int_) emit(Opcode::I2N, e, 0);
}

bool Lowerer::constant_value(const Expr& e, ir::Constant& out) const {
  out = ir::Constant{};
  switch (e.kind) {
    case ExprKind::int_lit: out.kind = TypeKind::int_; out.i = e.int_value; return true;
    case ExprKind::number_lit: out.kind = TypeKind::number; out.n = e.number_value; return true;
    case ExprKind::text_lit: out.kind = TypeKind::text; out.s = e.text; return true;
    case ExprKind::bool_lit: out.kind = TypeKind::bool_; out.b = e.bool_value; return true;
    case ExprKind::null_lit: out.kind = TypeKind::null_; return true;
    case ExprKind::date_lit: out.kind = TypeKind::date; out.i = e.int_value; return true;
    case ExprKind::duration_lit: out.kind = TypeKind::duration; out.i = e.int_value; return true;
    case ExprKind::name: {
      if (e.ref.kind != RefKind::constant) return false;
      const auto index = static_cast<std::size_t>(e.ref.index);
      if (e.ref.index < 0 || index >= policy_.constants.size()) internal_error("constant reference out of range");
      out = policy_.constants[index];
      if (out.kind == TypeKind::enum_) out.kind = TypeKind::text;
      return true;
    }
    case ExprKind::list_lit: {
      out.kind = TypeKind::list;
      for (const auto& element : e.args) {
        ir::Constant c;
        if (!element || !constant_value(*element, c) || c.kind == TypeKind::list) return false;
        out.list.push_back(std::move(c));
      }
      if (element_kind_of(e) == TypeKind::number) widen_constant(out);
      return true;
    }
    default:
      return false;
  }
}

void Lowerer::expr(const Expr& e) {
  switch (e.kind) {
    case ExprKind::int_lit: case ExprKind::number_lit: case ExprKind::text_lit: case ExprKind::bool_lit:
    case ExprKind::date_lit: case ExprKind::duration_lit:
      literal(e);
      return;
    case ExprKind::null_lit: emit(Opcode::NULL_, e); return;
    case ExprKind::list_lit: list_literal(e, false); return;
    case ExprKind::now: emit(Opcode::NOW, e); return;
    case ExprKind::today: emit(Opcode::TODAY, e); return;
    case ExprKind::name: case ExprKind::member: reference(e); return;
    case ExprKind::call: call(e); return;
    case ExprKind::passes: emit(Opcode::QUAL_PASSED, e, e.ref.index); return;
    case ExprKind::unary: unary(e); return;
    case ExprKind::binary: binary(e); return;
    case ExprKind::is_set:
      expr(arg(e, 0));
      emit(e.negated ? Opcode::IS_NOT_SET : Opcode::IS_SET, e);
      return;
    case ExprKind::between: between(e); return;
    case ExprKind::quantifier: quantifier(e); return;
    case ExprKind::object_lit: break;  // only in emit/test objects, lowered field by field
  }
  internal_error(fmt::format("expression kind {} cannot be lowered here", static_cast<int>(e.kind)));
}

void Lowerer::literal(const Expr& e) {
  ir::Constant c;
  constant_value(e, c);
  emit(Opcode::CONST, e, intern_constant(c));
}

void Lowerer::list_literal(const Expr& e, bool elements_to_number) {
  const bool to_number = elements_to_number || element_kind_of(e) == TypeKind::number;
  ir::Constant c;
  if (constant_value(e, c)) {
    if (to_number) widen_constant(c);
    emit(Opcode::CONST, e, intern_constant(c));
    return;
  }
  for (const auto& element : e.args) value(*element, to_number);
  emit(Opcode::LIST, e, static_cast<std::int32_t>(e.args.size()));
}

void Lowerer::reference(const Expr& e) {
  const ast::Ref& r = e.ref;
  switch (r.kind) {
    case RefKind::field: emit(Opcode::LOAD, e, r.slot); return;
    case RefKind::element_field: emit(Opcode::LOAD_ELEM, e, element_depth(r.depth), r.slot); return;
    case RefKind::element: emit(Opcode::LOAD_ELEM, e, element_depth(r.depth), 0); return;
    case RefKind::let: emit(Opcode::LET, e, r.index); return;
    case RefKind::constant: literal(e); return;
    case RefKind::qual_score: emit(Opcode::QUAL_SCORE, e, r.index); return;
    case RefKind::qual_criterion: emit(Opcode::QUAL_MET, e, r.index, r.slot); return;
    case RefKind::qual_missing: emit(Opcode::QUAL_MISSING, e, r.index); return;
    case RefKind::qual_passed: emit(Opcode::QUAL_PASSED, e, r.index); return;
    case RefKind::result: emit(Opcode::RESULT, e, r.index); return;
    case RefKind::calendar: {
      ir::Constant c;
      c.kind = TypeKind::int_;
      c.i = r.index;
      emit(Opcode::CONST, e, intern_constant(c));
      return;
    }
    case RefKind::unresolved: case RefKind::builtin: break;
  }
  internal_error(fmt::format("name `{}` is not resolved", e.ident.name));
}

std::int32_t Lowerer::element_depth(std::int32_t checker_depth) const {
  std::int32_t depth = checker_depth;
  for (std::int32_t base : shift_bases_)
    if (checker_depth >= base) ++depth;
  return depth;
}

void Lowerer::call(const Expr& e) {
  if (e.ref.kind != RefKind::builtin || e.ref.index < 0 || static_cast<std::size_t>(e.ref.index) >= kBuiltinCount)
    internal_error(fmt::format("call of `{}` is not resolved to a built-in", e.ident.name));
  const auto id = static_cast<BuiltinId>(e.ref.index);
  // The widenings the built-in signatures need: round takes a number; min, max
  // and coalesce over mixed ints and numbers return a number.
  const bool mixed_to_number =
      (id == BuiltinId::min || id == BuiltinId::max || id == BuiltinId::coalesce) && kind_of(e) == TypeKind::number;
  for (std::size_t i = 0; i < e.args.size(); ++i) {
    const bool to_number = mixed_to_number || (id == BuiltinId::round && i == 0);
    value(arg(e, i), to_number);
  }
  emit(Opcode::CALL, e, e.ref.index, static_cast<std::int32_t>(e.args.size()));
}

void Lowerer::unary(const Expr& e) {
  expr(arg(e, 0));
  if (e.op == Op::not_) {
    emit(Opcode::NOT, e);
    return;
  }
  switch (kind_of(e)) {
    case TypeKind::int_: emit(Opcode::NEG_I, e); return;
    case TypeKind::number: emit(Opcode::NEG_N, e); return;
    case TypeKind::duration: emit(Opcode::NEG_DUR, e); return;
    default: internal_error("negation of a value that is not a number or duration");
  }
}

void Lowerer::binary(const Expr& e) {
  const Expr& l = arg(e, 0);
  const Expr& r = arg(e, 1);
  switch (e.op) {
    case Op::and_: logic(e, Opcode::AND_SC, Opcode::AND); return;
    case Op::or_: logic(e, Opcode::OR_SC, Opcode::OR); return;
    case Op::coalesce: coalesce(e); return;
    case Op::add: case Op::sub: case Op::mul: case Op::div: case Op::mod: arithmetic(e); return;
    case Op::eq: comparison(e, Opcode::EQ); return;
    case Op::ne: comparison(e, Opcode::NE); return;
    case Op::lt: comparison(e, Opcode::LT); return;
    case Op::le: comparison(e, Opcode::LE); return;
    case Op::gt: comparison(e, Opcode::GT); return;
    case Op::ge: comparison(e, Opcode::GE); return;
    case Op::starts_with: comparison(e, Opcode::STARTS_WITH); return;
    case Op::ends_with: comparison(e, Opcode::ENDS_WITH); return;
    case Op::in: membership(e, l, r, Opcode::IN); return;
    case Op::not_in:
      membership(e, l, r, Opcode::IN);
      emit(Opcode::NOT, e);
      return;
    case Op::contains:
      if (kind_of(l) == TypeKind::list) membership(e, r, l, Opcode::CONTAINS_LIST);
      else comparison(e, Opcode::CONTAINS_TEXT);
      return;
    case Op::matches: matches(e); return;
    default: break;
  }
  internal_error(fmt::format("binary operator {} cannot be lowered", static_cast<int>(e.op)));
}

// a AND_SC(skip) b AND: when `a` is false the jump lands after AND with `a` (false)
// as the result; OR likewise with true.
void Lowerer::logic(const Expr& e, Opcode short_circuit, Opcode combine) {
  expr(arg(e, 0));
  const std::int32_t jump = here();
  emit(short_circuit, e);
  expr(arg(e, 1));
  emit(combine, e);
  patch_jump(jump);
}

// a COALESCE_SC(skip) b: a set `a` jumps over `b` and stays the result.
void Lowerer::coalesce(const Expr& e) {
  const bool to_number = kind_of(e) == TypeKind::number;
  value(arg(e, 0), to_number);
  const std::int32_t jump = here();
  emit(Opcode::COALESCE_SC, e);
  value(arg(e, 1), to_number);
  patch_jump(jump);
}

void Lowerer::arithmetic(const Expr& e) {
  const Expr& l = arg(e, 0);
  const Expr& r = arg(e, 1);
  const TypeKind lk = effective(kind_of(l), kind_of(r));
  const TypeKind rk = effective(kind_of(r), lk);
  const auto numeric = [&](Opcode int_op, Opcode number_op) {
    const bool n = widens(lk, rk);
    value(l, n);
    value(r, n);
    emit(n ? number_op : int_op, e);
  };
  // Opcodes over a (date|duration, duration|int) pair take the operands in that
  // order; evaluation has no side effects, so a swapped operand order is safe.
  const auto ordered = [&](const Expr& first, const Expr& second, Opcode op) {
    expr(first);
    expr(second);
    emit(op, e);
  };
  const bool ints = (lk == TypeKind::int_ || lk == TypeKind::number) && is_numeric_kind(rk);
  const bool texts = (lk == TypeKind::text || lk == TypeKind::enum_) && (rk == TypeKind::text || rk == TypeKind::enum_);
  using TK = TypeKind;
  switch (e.op) {
    case Op::add:
      if (ints) return numeric(Opcode::ADD_I, Opcode::ADD_N);
      if (texts) return ordered(l, r, Opcode::CONCAT);
      if (lk == TK::date && rk == TK::duration) return ordered(l, r, Opcode::ADD_DATE_DUR);
      if (lk == TK::duration && rk == TK::date) return ordered(r, l, Opcode::ADD_DATE_DUR);
      if (lk == TK::duration && rk == TK::duration) return ordered(l, r, Opcode::ADD_DUR);
      break;
    case Op::sub:
      if (ints) return numeric(Opcode::SUB_I, Opcode::SUB_N);
      if (lk == TK::date && rk == TK::duration) return ordered(l, r, Opcode::SUB_DATE_DUR);
      if (lk == TK::date && rk == TK::date) return ordered(l, r, Opcode::SUB_DATE_DATE);
      if (lk == TK::duration && rk == TK::duration) return ordered(l, r, Opcode::SUB_DUR);
      break;
    case Op::mul:
      if (ints) return numeric(Opcode::MUL_I, Opcode::MUL_N);
      if (lk == TK::duration && rk == TK::int_) return ordered(l, r, Opcode::MUL_DUR_I);
      if (lk == TK::int_ && rk == TK::duration) return ordered(r, l, Opcode::MUL_DUR_I);
      break;
    case Op::div:
      if (ints) return numeric(Opcode::DIV_I, Opcode::DIV_N);
      break;
    case Op::mod:
      if (ints) return numeric(Opcode::MOD_I, Opcode::MOD_N);
      break;
    default:
      break;
  }
  internal_error(fmt::format("no arithmetic opcode for `{}` and `{}`", to_string(*type_of(lk)), to_string(*type_of(rk))));
}

void Lowerer::comparison(const Expr& e, Opcode op) {
  const Expr& l = arg(e, 0);
  const Expr& r = arg(e, 1);
  const bool n = widens(kind_of(l), kind_of(r));
  value(l, n);
  value(r, n);
  emit(op, e);
}

// `item in list` (IN: [item list]) and `list contains item` (CONTAINS_LIST: [list item]).
void Lowerer::membership(const Expr& e, const Expr& item, const Expr& list, Opcode op) {
  const TypeKind ik = kind_of(item), ek = element_kind_of(list);
  const bool widen_item = ik == TypeKind::int_ && ek == TypeKind::number;
  const bool widen_list = ik == TypeKind::number && ek == TypeKind::int_;
  ir::Constant constant;
  if (widen_list && list.kind != ExprKind::list_lit && !constant_value(list, constant))
    return widened_membership(e, item, list);
  const auto push_list = [&] {
    if (list.kind == ExprKind::list_lit) return list_literal(list, widen_list);
    if (widen_list) {  // a `const` list of ints compared with a number
      widen_constant(constant);
      return emit(Opcode::CONST, list, intern_constant(constant));
    }
    expr(list);
  };
  if (op == Opcode::IN) {
    value(item, widen_item);
    push_list();
  } else {
    push_list();
    value(item, widen_item);
  }
  emit(op, e);
}

// A number looked up in a run-time list of ints: the list cannot be widened as a
// whole, so each element is, inside a quantifier:
//   (any el in list where number(el) == item) or not (item == item)
// The second operand is false when `item` is set and not set otherwise, which gives
// IN's answer (not set) for an unset item even on an empty list.
void Lowerer::widened_membership(const Expr& e, const Expr& item, const Expr& list) {
  expr(list);
  const std::int32_t quant = here();
  emit(Opcode::ANY, e, quantifier_depth_);
  ++quantifier_depth_;
  emit(Opcode::LOAD_ELEM, list, quantifier_depth_ - 1, 0);
  emit(Opcode::I2N, list, 0);
  // Quantifiers inside `item` now sit one level deeper than the checker numbered them.
  shift_bases_.push_back(quantifier_depth_ - 1 - static_cast<std::int32_t>(shift_bases_.size()));
  expr(item);
  shift_bases_.pop_back();
  emit(Opcode::EQ, e);
  --quantifier_depth_;
  out_.code[static_cast<std::size_t>(quant)].b = here() - quant - 1;
  const std::int32_t jump = here();
  emit(Opcode::OR_SC, e);
  expr(item);
  expr(item);
  emit(Opcode::EQ, e);
  emit(Opcode::NOT, e);
  emit(Opcode::OR, e);
  patch_jump(jump);
}

void Lowerer::between(const Expr& e) {
  const Expr& x = arg(e, 0);
  const Expr& lo = arg(e, 1);
  const Expr& hi = arg(e, 2);
  const TypeKind xk = kind_of(x), lk = kind_of(lo), hk = kind_of(hi);
  const bool all_numeric = is_numeric_kind(xk) && is_numeric_kind(lk) && is_numeric_kind(hk);
  const bool n = all_numeric && (xk == TypeKind::number || lk == TypeKind::number || hk == TypeKind::number);
  value(x, n);
  value(lo, n);
  value(hi, n);
  emit(Opcode::BETWEEN, e);
}

void Lowerer::matches(const Expr& e) {
  const Expr& pattern = arg(e, 1);
  ir::Constant c;
  if (!constant_value(pattern, c) || c.kind != TypeKind::text)
    internal_error("`matches` pattern is not a constant text");
  expr(arg(e, 0));
  emit(Opcode::MATCHES, e, intern_regex(c.s));
}

// list ANY(depth, body_len) body...: the body is the condition, run per element.
void Lowerer::quantifier(const Expr& e) {
  expr(arg(e, 0));
  const Opcode op = e.quant == ast::Quant::any ? Opcode::ANY : e.quant == ast::Quant::all ? Opcode::ALL : Opcode::COUNT;
  const std::int32_t pc = here();
  emit(op, e, quantifier_depth_);
  ++quantifier_depth_;
  expr(arg(e, 1));
  --quantifier_depth_;
  out_.code[static_cast<std::size_t>(pc)].b = here() - pc - 1;
}

}  // namespace sluice::lowering
