// The machine around the instruction loop (vm_run.cpp): sizing, per-record state,
// memoised lets and qualifications.
#include "runtime/vm.hpp"

#include <algorithm>
#include <functional>

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

Machine::Machine(const LoadedProgram& program) : program_(program) {
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
  build_plans();
  build_criterion_plans();
}

// Each distinct chunk of the program with a plan shape, in order of start.
void Machine::build_plans() {
  std::vector<ir::Chunk> chunks;
  for_each_chunk(program_.ir, [&](ir::Chunk c) {
    if (c.present()) chunks.push_back(c);
  });
  std::sort(chunks.begin(), chunks.end(), [](ir::Chunk x, ir::Chunk y) {
    return x.start != y.start ? x.start < y.start : x.length < y.length;
  });
  plan_at_.assign(program_.ir.code.size(), -1);
  Plan plan;
  for (std::size_t i = 0; i < chunks.size(); ++i) {
    if (i > 0 && chunks[i].start == chunks[i - 1].start && chunks[i].length == chunks[i - 1].length) continue;
    if (!decode_plan(program_.ir, program_.constants, chunks[i], plan)) continue;
    std::int32_t& first = plan_at_[static_cast<std::size_t>(plan.start)];
    if (first < 0) first = static_cast<std::int32_t>(plans_.size());
    plans_.push_back(plan);
  }
}

void Machine::build_criterion_plans() {
  for (const ir::Funnel& f : program_.ir.funnels) {
    funnel_quals_.push_back(static_cast<std::uint32_t>(qual_steps_.size()));
    for (const ir::Qualification& q : f.qualifications) {
      QualPlans& steps = qual_steps_.emplace_back();
      steps.first = static_cast<std::uint32_t>(criterion_plans_.size());
      steps.all_planned = true;
      for (const ir::Criterion& c : q.criteria) {
        // A pair at most (criteria are short): qual_for runs it with pair_tri.
        const Plan* plan = c.condition.present() ? plan_for(c.condition) : nullptr;
        if (plan != nullptr && plan->outer != Plan::Join::none) plan = nullptr;
        steps.all_planned &= plan != nullptr;
        criterion_plans_.push_back(plan);
      }
    }
  }
}

void Machine::begin(const ir::Funnel& funnel, const Value* slots, std::int64_t as_of_ms) {
  steps_left_ = step_budget_;
  // The funnel's criterion plans, when it is one of the program's funnels.
  const auto& funnels = program_.ir.funnels;
  const std::less<const ir::Funnel*> before{};
  quals_of_funnel_ = nullptr;
  if (!funnels.empty() && !before(&funnel, funnels.data()) && before(&funnel, funnels.data() + funnels.size()))
    quals_of_funnel_ = qual_steps_.data() + funnel_quals_[static_cast<std::size_t>(&funnel - funnels.data())];
  qual_count_ = std::min(funnel.qualifications.size(), quals_.size());
  funnel_ = &funnel;
  slots_ = slots;
  as_of_ = as_of_ms;
  arena_.reset();
  sp_ = 0;
  level_ = 0;
  let_state_.start_over();
  qual_state_.start_over();
}

Tri Machine::test(ir::Chunk chunk, Fault& fault) {
  sp_ = 0;
  level_ = 0;
  return test_chunk(chunk, fault);
}

Tri Machine::test_plan(const Plan& plan, Fault& fault) {
  sp_ = 0;
  level_ = 0;
  return plan_tri(plan, fault);
}

Value Machine::let_value(std::int32_t index, std::int32_t pc, Fault& fault) {
  if (funnel_ == nullptr || index < 0 || static_cast<std::size_t>(index) >= funnel_->lets.size() ||
      static_cast<std::size_t>(index) >= lets_.size()) {
    fault = {FaultCode::bad_value, pc};
    return Value::unset();
  }
  const auto i = static_cast<std::size_t>(index);
  const std::uint8_t state = let_state_.get(i);
  if (state == 2) return lets_[i];
  if (state == 1) {  // a let that reads itself: validation forbids it
    fault = {FaultCode::bad_value, pc};
    return Value::unset();
  }
  let_state_.set(i, 1);
  const Value v = run_chunk(funnel_->lets[i].value, fault);
  if (fault) {
    let_state_.set(i, 0);
    return Value::unset();
  }
  lets_[i] = v;
  let_state_.set(i, 2);
  return v;
}

const QualResult& Machine::qualification(std::int32_t q, Fault& fault) {
  const QualResult* r = qual_for(q, true, -1, fault);
  return r != nullptr ? *r : no_qual_;
}

const QualResult* Machine::qual_for(std::int32_t q, bool need_passed, std::int32_t pc, Fault& fault) {
  if (funnel_ == nullptr || q < 0 || static_cast<std::size_t>(q) >= qual_count_) {  // qual_count_: begin()
    fault = {FaultCode::bad_value, pc};
    return nullptr;
  }
  const auto i = static_cast<std::size_t>(q);
  QualResult& r = quals_[i];
  const std::uint8_t state = qual_state_.get(i);
  if (state == 3 || (state == 2 && !need_passed)) return &r;
  if (state != 0) {  // re-entered while computing: a cycle validation should have caught
    fault = {FaultCode::bad_value, pc};
    return nullptr;
  }
  const ir::Qualification& def = funnel_->qualifications[i];
  qual_state_.set(i, 1);
  r.passed = Value::unset();
  r.score = 0;
  const std::size_t n = def.criteria.size();
  if (r.met.size() != n) r.met.assign(n, 0);  // within the capacity reserved: no allocation
  const ir::Criterion* criteria = def.criteria.data();
  // test_chunk's choice, made once: the plans looked up when the Machine was built.
  const bool planned = quals_of_funnel_ != nullptr && level_ < max_levels_ && slots_ != nullptr;
  const Plan* const* plans = planned ? criterion_plans_.data() + quals_of_funnel_[i].first : nullptr;
  const bool all_planned = planned && quals_of_funnel_[i].all_planned;
  std::uint8_t* const met_flags = r.met.data();
  std::size_t met = 0;
  for (std::size_t c = 0; c < n; ++c) {
    const Tri t = all_planned            ? pair_tri(*plans[c], fault)
                  : plans != nullptr && plans[c] != nullptr ? pair_tri(*plans[c], fault)
                                                            : test_chunk(criteria[c].condition, fault);
    if (fault) {
      qual_state_.set(i, 0);
      return nullptr;
    }
    met_flags[c] = t == Tri::yes;  // false and not set both count as not met
    if (t != Tri::yes) continue;
    ++met;
    if (__builtin_add_overflow(r.score, criteria[c].weight, &r.score)) {
      fault = {FaultCode::overflow, criteria[c].condition.start};
      qual_state_.set(i, 0);
      return nullptr;
    }
  }
  switch (def.rule) {
    case ir::PassRule::all: r.passed = Value::boolean(met == def.criteria.size()); break;
    case ir::PassRule::at_least: r.passed = Value::boolean(static_cast<double>(met) >= def.threshold); break;
    case ir::PassRule::score: r.passed = Value::boolean(static_cast<double>(r.score) >= def.threshold); break;
    case ir::PassRule::expr: {
      qual_state_.set(i, 2);  // the pass chunk reads met/score of this same qualification
      const Tri t = test_chunk(def.pass, fault);
      if (fault) {
        qual_state_.set(i, 0);
        return nullptr;
      }
      r.passed = t == Tri::unknown ? Value::unset() : Value::boolean(t == Tri::yes);
      break;
    }
  }
  qual_state_.set(i, 3);
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
