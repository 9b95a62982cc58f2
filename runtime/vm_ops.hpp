// Operator semantics shared by the instruction loop (vm_run.cpp) and the machine's
// plans (vm_plan_run.cpp): both must give the same value and the same fault for
// the same instructions, so they call the same inline code.
#pragma once
#include <cstring>

#include "compiler/ir.hpp"
#include "runtime/value.hpp"
#include "runtime/vm_compare.hpp"

namespace sluice::rt::vm_ops {

inline Value kleene_not(const Value& v) { return v.tag == Tag::boolean ? Value::boolean(!v.u.b) : Value::unset(); }
inline Value kleene_and(const Value& a, const Value& b) {
  if (a.is_false() || b.is_false()) return Value::boolean(false);
  if (a.is_true() && b.is_true()) return Value::boolean(true);
  return Value::unset();
}
inline Value kleene_or(const Value& a, const Value& b) {
  if (a.is_true() || b.is_true()) return Value::boolean(true);
  if (a.is_false() && b.is_false()) return Value::boolean(false);
  return Value::unset();
}

// LT LE GT GE from a three-way comparison.
inline bool ordered(ir::Opcode op, int c) {
  switch (op) {
    case ir::Opcode::LT: return c < 0;
    case ir::Opcode::LE: return c <= 0;
    case ir::Opcode::GT: return c > 0;
    default: return c >= 0;
  }
}

// -1, 0 or 1 as a is below, equal to or above b.
template <class T>
int order(T a, T b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

// a <op> b for EQ NE LT LE GT GE on ints, dates or durations (of one kind).
inline bool int_holds(ir::Opcode op, std::int64_t a, std::int64_t b) {
  const int c = order(a, b);
  return op == ir::Opcode::EQ ? c == 0 : op == ir::Opcode::NE ? c != 0 : ordered(op, c);
}

inline bool is_comparison(ir::Opcode op) {
  return op == ir::Opcode::EQ || op == ir::Opcode::NE || op == ir::Opcode::LT || op == ir::Opcode::LE ||
         op == ir::Opcode::GT || op == ir::Opcode::GE;
}

// Whether two set values of one kind are equal, for the kinds whose equality is
// plain bytes (ints, dates, durations, bools, texts): what values_equal says for
// them, without the call. Numbers (NaN) and lists take the general path.
inline bool plain_kind(Tag t) { return t == Tag::int_ || t == Tag::date || t == Tag::duration || t == Tag::boolean; }
inline bool plain_equal(const Value& x, const Value& y) {
  if (x.tag == Tag::text) return x.len == y.len && (x.len == 0 || std::memcmp(x.u.s, y.u.s, x.len) == 0);
  return x.tag == Tag::boolean ? x.u.b == y.u.b : x.u.i == y.u.i;
}

// x = x <op> y for EQ NE LT LE GT GE: unset when either side is unset. False when the
// kinds cannot be compared (the caller faults E_VALUE at the instruction).
inline bool compare_into(ir::Opcode op, Value& x, const Value& y) {
  if (!x.is_set() || !y.is_set()) {
    x = Value::unset();
    return true;
  }
  if (x.tag == y.tag && (x.tag == Tag::int_ || x.tag == Tag::date || x.tag == Tag::duration)) {
    x = Value::boolean(int_holds(op, x.u.i, y.u.i));
    return true;
  }
  if (x.tag == Tag::text && y.tag == Tag::text && (op == ir::Opcode::EQ || op == ir::Opcode::NE)) {
    x = Value::boolean(plain_equal(x, y) == (op == ir::Opcode::EQ));
    return true;
  }
  bool ok = true;
  if (op == ir::Opcode::EQ || op == ir::Opcode::NE) {
    const Value eq = values_equal(x, y, ok);
    x = op == ir::Opcode::EQ ? eq : kleene_not(eq);
    return ok;
  }
  const int c = compare_scalars(x, y, ok);
  x = Value::boolean(ordered(op, c));
  return ok;
}

// x == element for each element of `list`: true on a match, else unset when anything
// was unset, else false. `ok` false on kinds that cannot be compared.
inline Value member_of(const Value& x, const Value& list, bool& ok) {
  ok = true;
  if (!x.is_set() || !list.is_set()) return Value::unset();
  if (list.tag != Tag::list || list.width != 1) {
    ok = false;
    return Value::unset();
  }
  bool unknown = false;
  for (std::uint32_t i = 0; i < list.len; ++i) {
    const Value& e = list.u.elems[i];
    if (e.tag == x.tag && (x.tag == Tag::text || plain_kind(x.tag))) {
      if (plain_equal(x, e)) return Value::boolean(true);
      continue;
    }
    const Value eq = values_equal(x, list.u.elems[i], ok);
    if (!ok) return Value::unset();
    if (eq.is_true()) return eq;
    unknown |= !eq.is_set();
  }
  return unknown ? Value::unset() : Value::boolean(false);
}

}  // namespace sluice::rt::vm_ops
