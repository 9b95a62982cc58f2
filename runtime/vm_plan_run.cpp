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
    case Kind::call_compare: {
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

const Plan* Machine::other_plan_for(ir::Chunk chunk) const {
  for (auto p = static_cast<std::size_t>(plan_at_[static_cast<std::size_t>(chunk.start)]);
       p < plans_.size() && plans_[p].start == chunk.start; ++p)
    if (plans_[p].length == chunk.length) return &plans_[p];
  return nullptr;
}

}  // namespace sluice::rt
