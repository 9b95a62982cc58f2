// The machine around the instruction loop (vm_run.cpp): sizing, per-record state,
// memoised lets and qualifications.
#include "runtime/vm.hpp"

#include "runtime/builtins/builtins.hpp"
#include "runtime/vm_sizing.hpp"

namespace sluice::rt {

const char* fault_code_name(FaultCode c) {
  switch (c) {
    case FaultCode::none: return "";
    case FaultCode::overflow: return "E_OVERFLOW";
    case FaultCode::div_zero: return "E_DIV_ZERO";
    case FaultCode::bad_value: return "E_VALUE";
    case FaultCode::limit:
    case FaultCode::steps: return "E_LIMIT";
  }
  return "";
}

const char* fault_message(FaultCode c) {
  switch (c) {
    case FaultCode::none: return "";
    case FaultCode::overflow: return "integer overflow";
    case FaultCode::div_zero: return "division by zero";
    case FaultCode::bad_value: return "value out of range";
    case FaultCode::limit: return "evaluation limit exceeded";
    case FaultCode::steps: return "more quantifier steps than the eval-steps limit allows for one record";
  }
  return "";
}

Machine::Machine(const LoadedProgram& program)
    : program_(program), code_(program.ir.code.data()), constants_(program.constants.data()) {
  const MachineSizes sizes = measure_program(program.ir);
  chunk_depth_ = sizes.chunk_depth;
  loop_depth_ = sizes.loop_depth;
  max_levels_ = sizes.levels;
  stack_.resize(chunk_depth_ * static_cast<std::size_t>(max_levels_));
  loops_.resize(loop_depth_ * static_cast<std::size_t>(max_levels_));
  lets_.resize(sizes.lets);
  let_state_.resize(sizes.lets);
  quals_.resize(sizes.quals);
  for (QualResult& q : quals_) q.met.reserve(sizes.criteria);
  qual_state_.resize(sizes.quals);
}

void Machine::begin(const ir::Funnel& funnel, const Value* slots, std::int64_t as_of_ms) {
  steps_left_ = step_budget_;
  funnel_ = &funnel;
  slots_ = slots;
  as_of_ = as_of_ms;
  arena_.reset();
  sp_ = 0;
  level_ = 0;
  std::fill(let_state_.begin(), let_state_.end(), 0);
  std::fill(qual_state_.begin(), qual_state_.end(), 0);
}

bool Machine::run_short_call(ir::Chunk chunk, Value& value, Fault& fault) {
  const ir::Instr* in = code_ + chunk.start;
  if (in[1].op != ir::Opcode::CALL || in[1].b != 1 || in[2].op != ir::Opcode::CONST ||
      !vm_ops::is_comparison(in[3].op))
    return false;
  BuiltinContext ctx{program_, arena_, as_of_};
  FaultCode code = FaultCode::none;
  value = call_builtin(static_cast<BuiltinId>(in[1].a), slots_ + in[0].a, 1, ctx, code);
  if (code != FaultCode::none) {
    fault = {code, chunk.start + 1};
    value = Value::unset();
    return true;
  }
  if (!vm_ops::compare_into(in[3].op, value, constants_[in[2].a])) {
    fault = {FaultCode::bad_value, chunk.start + 3};
    value = Value::unset();
  }
  return true;
}

Value Machine::let_value(std::int32_t index, std::int32_t pc, Fault& fault) {
  if (funnel_ == nullptr || index < 0 || static_cast<std::size_t>(index) >= funnel_->lets.size() ||
      static_cast<std::size_t>(index) >= lets_.size()) {
    fault = {FaultCode::bad_value, pc};
    return Value::unset();
  }
  const auto i = static_cast<std::size_t>(index);
  if (let_state_[i] == 2) return lets_[i];
  if (let_state_[i] == 1) {  // a let that reads itself: validation forbids it
    fault = {FaultCode::bad_value, pc};
    return Value::unset();
  }
  let_state_[i] = 1;
  const Value v = run_chunk(funnel_->lets[i].value, fault);
  if (fault) {
    let_state_[i] = 0;
    return Value::unset();
  }
  lets_[i] = v;
  let_state_[i] = 2;
  return v;
}

const QualResult& Machine::qualification(std::int32_t q, Fault& fault) {
  const QualResult* r = qual_for(q, true, -1, fault);
  return r != nullptr ? *r : no_qual_;
}

const QualResult* Machine::qual_for(std::int32_t q, bool need_passed, std::int32_t pc, Fault& fault) {
  if (funnel_ == nullptr || q < 0 || static_cast<std::size_t>(q) >= funnel_->qualifications.size() ||
      static_cast<std::size_t>(q) >= quals_.size()) {
    fault = {FaultCode::bad_value, pc};
    return nullptr;
  }
  const auto i = static_cast<std::size_t>(q);
  QualResult& r = quals_[i];
  std::uint8_t& state = qual_state_[i];
  if (state == 3 || (state == 2 && !need_passed)) return &r;
  if (state != 0) {  // re-entered while computing: a cycle validation should have caught
    fault = {FaultCode::bad_value, pc};
    return nullptr;
  }
  const ir::Qualification& def = funnel_->qualifications[i];
  state = 1;
  r.passed = Value::unset();
  r.score = 0;
  r.met.assign(def.criteria.size(), 0);
  std::size_t met = 0;
  for (std::size_t c = 0; c < def.criteria.size(); ++c) {
    const Value v = run_chunk(def.criteria[c].condition, fault);
    if (fault) {
      state = 0;
      return nullptr;
    }
    if (!v.is_true()) continue;  // false and not set both count as not met
    r.met[c] = 1;
    ++met;
    if (__builtin_add_overflow(r.score, def.criteria[c].weight, &r.score)) {
      fault = {FaultCode::overflow, def.criteria[c].condition.start};
      state = 0;
      return nullptr;
    }
  }
  switch (def.rule) {
    case ir::PassRule::all: r.passed = Value::boolean(met == def.criteria.size()); break;
    case ir::PassRule::at_least: r.passed = Value::boolean(static_cast<double>(met) >= def.threshold); break;
    case ir::PassRule::score: r.passed = Value::boolean(static_cast<double>(r.score) >= def.threshold); break;
    case ir::PassRule::expr: {
      state = 2;  // the pass chunk reads met/score of this same qualification
      const Value v = run_chunk(def.pass, fault);
      if (fault) {
        state = 0;
        return nullptr;
      }
      r.passed = v.tag == Tag::boolean ? v : Value::unset();
      break;
    }
  }
  state = 3;
  return &r;
}

Value Machine::missing_list(std::int32_t q) {
  const auto i = static_cast<std::size_t>(q);
  const QualResult& r = quals_[i];
  const ir::Qualification& def = funnel_->qualifications[i];
  std::uint32_t n = 0;
  for (std::uint8_t m : r.met) n += m == 0;
  Value* elems = arena_.make_array<Value>(n);
  std::uint32_t k = 0;
  for (std::size_t c = 0; c < r.met.size(); ++c)
    if (r.met[c] == 0) elems[k++] = Value::text(def.criteria[c].name);  // names live in the IR
  return Value::list(elems, n);
}

}  // namespace sluice::rt
