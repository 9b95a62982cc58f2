// The effects half of the evaluator: carrying a decision out (language.md §6 steps
// 5-6; docs/semantics.md): stage field, stamps, on exit / transition / on enter
// actions in that order, qualifications, and the SLA of the stage the record ends in.
#include <algorithm>

#include "runtime/evaluate.hpp"
#include "runtime/idempotency.hpp"
#include "runtime/evaluate_sla.hpp"

namespace sluice::rt {

bool Evaluator::apply_move() {
  EvalResult& out = *out_;
  if (out.stage == out.from) return true;
  const auto& stages = funnel_->stages;
  const ir::Stage& target = stages[static_cast<std::size_t>(out.stage)];
  Value stage_name = Value::text(target.name);
  if (funnel_->stage_field >= 0) put_set(funnel_->stage_field, stage_name);

  if (out.from >= 0 && !run_actions(stages[static_cast<std::size_t>(out.from)].on_exit, out.from, target.name))
    return false;
  if (out.transition >= 0) {
    const ir::Transition& t = funnel_->transitions[static_cast<std::size_t>(out.transition)];
    const std::string& context =
        paths_[static_cast<std::size_t>(funnel_index_)].transition_context[static_cast<std::size_t>(out.transition)];
    if (!run_actions(t.actions, -1, context)) return false;
  }
  for (std::int32_t s : out.entered) {
    const ir::Stage& stage = stages[static_cast<std::size_t>(s)];
    stamp(stage.stamp_slot);
    if (!run_actions(stage.on_enter, s, stage.name)) return false;
  }
  // The stage field always ends holding the stage the record is in, whatever an
  // action may have set it to.
  if (funnel_->stage_field >= 0) put_set(funnel_->stage_field, stage_name);
  return true;
}

bool Evaluator::run_actions(const std::vector<ir::Action>& actions, std::int32_t stage,
                            const std::string& context) {
  for (const ir::Action& action : actions) {
    switch (action.kind) {
      case ir::ActionKind::set: {
        Value v;
        if (!eval_chunk(action.value, v)) return false;
        put_set(action.slot, v);
        break;
      }
      case ir::ActionKind::stamp:
        stamp(action.slot);
        break;
      case ir::ActionKind::emit:
        if (!emit(action, stage, context)) return false;
        break;
      case ir::ActionKind::notify: {
        NotifyOut& n = out_->add_notification();
        n.team.assign(action.team);
        n.message.assign(action.message);
        break;
      }
    }
  }
  return true;
}

bool Evaluator::emit(const ir::Action& action, std::int32_t stage, const std::string& context) {
  EventOut& e = out_->add_event();
  e.name.assign(action.name);
  e.stage = stage;
  e.fields.resize(action.fields.size());
  for (std::size_t i = 0; i < action.fields.size(); ++i) {
    e.fields[i].first.assign(action.fields[i].key);
    if (!eval_chunk(action.fields[i].value, e.fields[i].second)) return false;
  }
  idempotency_key({program_.ir.policy_name, key_text(), action.name, context, as_of_}, e.idempotency_key);
  return true;
}

// One entry per slot: a later write replaces the value and keeps the position.
void Evaluator::put_set(std::int32_t slot, Value value) {
  if (slot < 0) return;
  for (SetOut& s : out_->sets) {
    if (s.slot == slot) {
      s.value = value;
      return;
    }
  }
  out_->sets.push_back({slot, value});
}

// Whether the slot holds a value, counting what this evaluation has written.
bool Evaluator::is_set_now(std::int32_t slot) const {
  for (const SetOut& s : out_->sets)
    if (s.slot == slot) return s.value.is_set();
  return slots_[slot].is_set();
}

// A stamp is written once: never over a value the record (or this run) has.
void Evaluator::stamp(std::int32_t slot) {
  if (slot < 0 || is_set_now(slot)) return;
  put_set(slot, Value::date(as_of_));
}

bool Evaluator::collect_qualifications() {
  const std::size_t n = funnel_->qualifications.size();
  out_->add_qualifications(n);
  for (std::size_t q = 0; q < n; ++q) {
    Fault fault;
    const QualResult& r = machine_.qualification(static_cast<std::int32_t>(q), fault);
    if (fault) return fail_fault(fault);  // evaluate() then clears the result
    QualResult& copy = out_->qualifications[q];
    copy.passed = r.passed;
    copy.score = r.score;
    copy.met.assign(r.met.begin(), r.met.end());
  }
  return true;
}

// Step 6: the SLA of the stage the record ends in. It runs from the entered-at
// stamp: "now" when the stage was entered in this evaluation (even if an old stamp
// was kept), else the record's stamp; without one the state is unknown.
void Evaluator::compute_sla() {
  EvalResult& out = *out_;
  if (out.stage < 0) return;
  const ir::Stage& stage = funnel_->stages[static_cast<std::size_t>(out.stage)];
  if (stage.sla.kind == ir::SlaKind::none) return;
  out.sla.stage = out.stage;
  std::int64_t entered = 0;
  if (std::find(out.entered.begin(), out.entered.end(), out.stage) != out.entered.end()) {
    entered = as_of_;
  } else if (stage.stamp_slot >= 0 && slots_[stage.stamp_slot].tag == Tag::date) {
    entered = slots_[stage.stamp_slot].u.i;
  } else {
    out.sla.state = SlaState::unknown;
    return;
  }
  out.sla.due_ms = sla_due(program_, stage.sla, entered);
  if (as_of_ <= out.sla.due_ms) {
    out.sla.state = SlaState::ok;
    return;
  }
  out.sla.state = SlaState::breached;
  out.sla.overdue_ms = as_of_ - out.sla.due_ms;
  EventOut& e = out.add_event();
  e.name.assign("sla_breached");
  e.stage = out.stage;
  e.fields.resize(3);
  e.fields[0].first.assign("stage");
  e.fields[0].second = Value::text(stage.name);
  e.fields[1].first.assign("due");
  e.fields[1].second = Value::date(out.sla.due_ms);
  e.fields[2].first.assign("overdue");
  e.fields[2].second = Value::duration(out.sla.overdue_ms);
  idempotency_key({program_.ir.policy_name, key_text(), e.name, stage.name, entered}, e.idempotency_key);
}

}  // namespace sluice::rt
