// The leaves of a Plan (vm_plan.hpp) that Machine::leaf_value does not inline: the
// values and faults of run() on the same instructions. A leaf that calls out (a
// let, a qualification) runs it one level up, as run() does; the others touch
// neither the stack nor the level.
#include "runtime/builtins/builtins.hpp"
#include "runtime/vm.hpp"

namespace sluice::rt {

Value Machine::leaf_other(const PlanLeaf& leaf, Fault& fault) {
  using Kind = PlanLeaf::Kind;
  switch (leaf.kind) {
    case Kind::load: return slots_[leaf.index];
    case Kind::is_set: return Value::boolean(slots_[leaf.index].is_set());
    case Kind::is_not_set: return Value::boolean(!slots_[leaf.index].is_set());
    case Kind::compare_int: case Kind::compare_num: case Kind::compare_text: case Kind::compare:
    case Kind::member: case Kind::member_text: {
      Value x = slots_[leaf.index];
      if (leaf.widen_x && x.tag == Tag::int_) x = Value::number(static_cast<double>(x.u.i));
      bool ok = true;
      if (leaf.kind == Kind::member || leaf.kind == Kind::member_text) x = vm_ops::member_of(x, leaf.k, ok);
      else ok = vm_ops::compare_into(leaf.op, x, leaf.k);
      if (ok) return x;
      fault = {FaultCode::bad_value, leaf.pc};
      return Value::unset();
    }
    case Kind::call_compare: case Kind::len_compare: {
      BuiltinContext ctx{program_, arena_, as_of_};
      FaultCode code = FaultCode::none;
      Value v = call_builtin(static_cast<BuiltinId>(leaf.arg), slots_ + leaf.index, 1, ctx, code);
      if (code != FaultCode::none) {
        fault = {code, leaf.pc};
        return Value::unset();
      }
      if (vm_ops::compare_into(leaf.op, v, leaf.k)) return v;
      fault = {FaultCode::bad_value, leaf.pc + 2};
      return Value::unset();
    }
    case Kind::any_compare: {
      const Tri t = any_tri(leaf, fault);
      return t == Tri::unknown ? Value::unset() : Value::boolean(t == Tri::yes);
    }
    case Kind::let: {
      ++level_;
      const Value v = let_value(leaf.index, leaf.pc, fault);
      --level_;
      return v;  // unset on a fault
    }
    case Kind::qual_passed: case Kind::qual_met: {
      ++level_;
      const QualResult* q = qual_for(leaf.index, leaf.kind == Kind::qual_passed, leaf.pc, fault);
      --level_;
      if (q == nullptr) return Value::unset();
      if (leaf.kind == Kind::qual_passed) return q->passed;
      if (leaf.arg < 0 || static_cast<std::size_t>(leaf.arg) >= q->met.size()) {
        fault = {FaultCode::bad_value, leaf.pc};
        return Value::unset();
      }
      return Value::boolean(q->met[static_cast<std::size_t>(leaf.arg)] != 0);
    }
  }
  fault = {FaultCode::bad_value, leaf.pc};
  return Value::unset();
}

// run()'s ANY over a LOAD_ELEM-compare body: an unset list is unset, an empty one
// false; each element after the first takes a step; a true body ends it, else any
// body not a bool makes it unset. Faults at the instruction run() reports them at.
Tri Machine::any_tri(const PlanLeaf& leaf, Fault& fault) {
  const Value& list = slots_[leaf.index];
  if (!list.is_set()) return Tri::unknown;
  if (list.tag != Tag::list) {
    fault = {FaultCode::bad_value, leaf.pc};
    return Tri::unknown;
  }
  if (list.len == 0) return Tri::no;
  if (static_cast<std::size_t>(leaf.depth) >= loop_depth_) {
    fault = {FaultCode::limit, leaf.pc};
    return Tri::unknown;
  }
  if (leaf.arg >= list.width) {
    fault = {FaultCode::bad_value, leaf.pc + 1};
    return Tri::unknown;
  }
  const Value& k = leaf.k;
  bool unknown = false;
  for (std::uint32_t i = 0;;) {
    Value x = list.u.elems[static_cast<std::size_t>(i) * list.width + static_cast<std::size_t>(leaf.arg)];
    Tri t;
    if (x.tag == Tag::int_ && k.tag == Tag::int_) {
      t = leaf.holds(vm_ops::order(x.u.i, k.u.i)) ? Tri::yes : Tri::no;
    } else if (vm_ops::compare_into(leaf.op, x, k)) {
      t = tri_of(x);
    } else {
      fault = {FaultCode::bad_value, leaf.pc + 3};
      return Tri::unknown;
    }
    if (t == Tri::yes) return Tri::yes;
    unknown |= t == Tri::unknown;
    if (++i >= list.len) break;
    if (--steps_left_ < 0) {
      fault = {FaultCode::steps, leaf.pc + 4};
      return Tri::unknown;
    }
  }
  return unknown ? Tri::unknown : Tri::no;
}

const Plan* Machine::other_plan_for(ir::Chunk chunk) const {
  for (auto p = static_cast<std::size_t>(plan_at_[static_cast<std::size_t>(chunk.start)]);
       p < plans_.size() && plans_[p].start == chunk.start; ++p)
    if (plans_[p].length == chunk.length) return &plans_[p];
  return nullptr;
}

}  // namespace sluice::rt
