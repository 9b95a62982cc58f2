// Funnels (lets, qualifications, stages, transitions, actions) and tests -> IR.
#include <fmt/format.h>

#include "compiler/lower_internal.hpp"

namespace sluice::lowering {
namespace {

ir::StageKind stage_kind(ast::StageKind k) {
  switch (k) {
    case ast::StageKind::main: return ir::StageKind::main;
    case ast::StageKind::side: return ir::StageKind::side;
    case ast::StageKind::terminal: return ir::StageKind::terminal;
  }
  internal_error("unknown stage kind");
}

ir::SlaKind sla_kind(ast::SlaKind k) {
  switch (k) {
    case ast::SlaKind::none: return ir::SlaKind::none;
    case ast::SlaKind::duration: return ir::SlaKind::duration;
    case ast::SlaKind::business_days: return ir::SlaKind::business_days;
    case ast::SlaKind::business_hours: return ir::SlaKind::business_hours;
  }
  internal_error("unknown SLA kind");
}

ir::PassRule pass_rule(ast::PassRule r) {
  switch (r) {
    case ast::PassRule::all: return ir::PassRule::all;
    case ast::PassRule::at_least: return ir::PassRule::at_least;
    case ast::PassRule::score: return ir::PassRule::score;
    case ast::PassRule::expr: return ir::PassRule::expr;
  }
  internal_error("unknown pass rule");
}

ir::Action lower_action(Lowerer& l, const ast::Action& a) {
  ir::Action out;
  out.pos = l.pos(a.span);
  switch (a.kind) {
    case ast::ActionKind::set:
      out.kind = ir::ActionKind::set;
      out.slot = a.slot;
      if (!a.value) internal_error("`set` without a value");
      out.value = l.chunk(*a.value);
      break;
    case ast::ActionKind::stamp:
      out.kind = ir::ActionKind::stamp;
      out.slot = a.slot;
      break;
    case ast::ActionKind::emit:
      out.kind = ir::ActionKind::emit;
      out.name = a.target.name;
      if (a.keys.size() != a.values.size()) internal_error("`emit` keys and values differ in number");
      for (std::size_t i = 0; i < a.keys.size(); ++i)
        out.fields.push_back(ir::EmitField{a.keys[i].name, l.chunk(*a.values[i])});
      break;
    case ast::ActionKind::notify:
      out.kind = ir::ActionKind::notify;
      out.team = a.team;
      out.message = a.message;
      break;
  }
  return out;
}

std::vector<ir::Action> lower_actions(Lowerer& l, const std::vector<ast::Action>& actions) {
  std::vector<ir::Action> out;
  for (const auto& a : actions) out.push_back(lower_action(l, a));
  return out;
}

ir::Qualification lower_qualification(Lowerer& l, const QualInstance& q) {
  const ast::Qualification& d = *q.decl;
  if (q.criteria.size() != d.criteria.size()) internal_error(fmt::format("qualification `{}`: criteria not checked", d.name.name));
  ir::Qualification out;
  out.name = d.name.name;
  out.label = d.label.value_or("");
  for (std::size_t i = 0; i < d.criteria.size(); ++i) {
    ir::Criterion c;
    c.name = d.criteria[i].name.name;
    c.label = d.criteria[i].label.value_or("");
    c.weight = d.criteria[i].weight;
    c.condition = l.chunk(*q.criteria[i]);
    out.criteria.push_back(std::move(c));
  }
  out.rule = pass_rule(d.rule);
  out.threshold = d.threshold;
  if (out.rule == ir::PassRule::expr) {
    if (!q.pass_expr) internal_error(fmt::format("qualification `{}`: pass expression not checked", d.name.name));
    out.pass = l.chunk(*q.pass_expr);
  }
  out.reported = q.reported;
  return out;
}

std::int32_t stage_index(const ast::Funnel& f, const std::string& name) {
  for (std::size_t i = 0; i < f.stages.size(); ++i)
    if (f.stages[i].name.name == name) return static_cast<std::int32_t>(i);
  internal_error(fmt::format("funnel `{}` has no stage `{}`", f.name.name, name));
}

ir::Stage lower_stage(Lowerer& l, const ast::Stage& s, std::int32_t stamp_slot) {
  ir::Stage out;
  out.name = s.name.name;
  out.display = s.display.value_or(s.name.name);
  out.kind = stage_kind(s.kind);
  out.owner = s.owner ? s.owner->name : std::string();
  out.description = s.description.value_or("");
  out.entry = l.optional_chunk(s.entry.get());
  out.exit = l.optional_chunk(s.exit.get());
  out.entry_terms = l.terms(s.entry.get());
  out.exit_terms = l.terms(s.exit.get());
  out.sla.kind = sla_kind(s.sla.kind);
  out.sla.duration_ms = s.sla.duration_ms;
  out.sla.amount = s.sla.amount;
  out.sla.calendar = s.sla.calendar_index;
  out.on_enter = lower_actions(l, s.on_enter);
  out.on_exit = lower_actions(l, s.on_exit);
  out.stamp_slot = stamp_slot;
  out.pos = l.pos(s.span);
  return out;
}

ir::Transition lower_transition(Lowerer& l, const ast::Funnel& f, const ast::Transition& t) {
  ir::Transition out;
  out.label = t.label.value_or("");
  out.from_any = t.from_any;
  for (const auto& source : t.sources) out.sources.push_back(stage_index(f, source.name));
  out.target = stage_index(f, t.target.name);
  out.when = l.optional_chunk(t.when.get());
  out.when_terms = l.terms(t.when.get());
  out.actions = lower_actions(l, t.actions);
  out.pos = l.pos(t.span);
  return out;
}

}  // namespace

ir::Funnel lower_funnel(Lowerer& l, const FunnelInstance& f) {
  const ast::Funnel& d = *f.decl;
  ir::Funnel out;
  out.name = d.name.name;
  out.record = f.record;
  out.applies = l.optional_chunk(d.applies.get());
  out.stage_field = f.stage_field_slot;
  for (const LetInstance& let : f.lets) {
    if (!let.value) internal_error(fmt::format("let `{}` not checked", let.name));
    out.lets.push_back(ir::Let{let.name, l.chunk(*let.value)});
  }
  for (const QualInstance& q : f.quals) out.qualifications.push_back(lower_qualification(l, q));
  if (f.stamp_slots.size() != d.stages.size()) internal_error(fmt::format("funnel `{}`: stamp slots not computed", d.name.name));
  for (std::size_t i = 0; i < d.stages.size(); ++i) out.stages.push_back(lower_stage(l, d.stages[i], f.stamp_slots[i]));
  for (const auto& t : d.transitions) out.transitions.push_back(lower_transition(l, d, t));
  return out;
}

ir::Test lower_test(Lowerer& l, const TestInstance& t) {
  const ast::Test& d = *t.decl;
  ir::Test out;
  out.name = d.name;
  out.funnel = t.funnel;
  out.as_of = d.as_of;
  if (d.given) out.given_json = l.given_json(*d.given);
  out.given_file = d.given_file.value_or("");
  for (const ast::Expect& e : d.expects) {
    ir::Expect x;
    x.pos = l.pos(e.span);
    switch (e.kind) {
      case ast::ExpectKind::condition:
        x.kind = ir::ExpectKind::condition;
        if (!e.condition) internal_error("`expect` without a condition");
        x.condition = l.chunk(*e.condition);
        break;
      case ast::ExpectKind::event:
        x.kind = ir::ExpectKind::event;
        x.event = e.event.name;
        if (e.with) {
          if (e.with->keys.size() != e.with->args.size()) internal_error("`with` keys and values differ in number");
          for (std::size_t i = 0; i < e.with->keys.size(); ++i)
            x.with.push_back(ir::EmitField{e.with->keys[i].name, l.chunk(*e.with->args[i])});
        }
        break;
      case ast::ExpectKind::error:
        x.kind = ir::ExpectKind::error;
        x.error = e.error;
        break;
    }
    out.expects.push_back(std::move(x));
  }
  out.pos = l.pos(d.span);
  return out;
}

}  // namespace sluice::lowering
