// Funnels: record, stage field, lets and qualifications (instantiated per funnel on
// clones), stages, SLAs, actions and transitions.
#include <algorithm>

#include "compiler/check_internal.hpp"

namespace sluice::check_detail {

Ctx Checker::funnel_ctx(FunnelState& fs) {
  Ctx c;
  c.funnel = &fs;
  c.module = fs.module;
  c.funnel_lets = true;
  return c;
}

std::int32_t Checker::stage_index(const ast::Funnel& f, const std::string& name) const {
  for (std::size_t i = 0; i < f.stages.size(); ++i)
    if (f.stages[i].name.name == name) return static_cast<std::int32_t>(i);
  return -1;
}

void Checker::check_funnels() {
  for (std::size_t m = 0; m < policy_.modules.modules.size(); ++m)
    for (auto& f : file_of(m).funnels) {
      FunnelInstance fi;
      fi.decl = &f;
      fi.module = m;
      const Global* g = global(f.record.name);
      if (g && g->kind == GlobalKind::record) {
        Ctx user;
        user.module = m;
        note_use(user, *g);
        const ast::Record* decl = &file_of(g->module).records[g->index];
        for (std::size_t r = 0; r < policy_.records.size(); ++r)
          if (policy_.records[r].decl == decl) fi.record = static_cast<std::int32_t>(r);
      } else {
        std::string near = closest_name(f.record.name, names_of(GlobalKind::record));
        error("E0102", f.record.span, "unknown record `" + f.record.name + "`",
              near.empty() ? std::string{} : "did you mean `" + near + "`?");
      }
      FunnelState fs;
      fs.instance = policy_.funnels.size();
      fs.decl = &f;
      fs.module = m;
      fs.record = fi.record;
      policy_.funnels.push_back(std::move(fi));
      funnels_.push_back(std::move(fs));
    }
  // Checked only once all are known: FunnelState addresses are now stable.
  for (auto& fs : funnels_)
    if (fs.record >= 0) check_funnel(fs);
}

void Checker::check_funnel(FunnelState& fs) {
  ast::Funnel& f = *fs.decl;
  FunnelInstance& fi = policy_.funnels[fs.instance];
  const RecordInfo& ri = policy_.records[static_cast<std::size_t>(fs.record)];
  const Type& record_type = *record_types_[static_cast<std::size_t>(fs.record)];
  std::map<std::string, Span> stages;
  for (const auto& s : f.stages) {
    auto [it, fresh] = stages.emplace(s.name.name, s.name.span);
    if (!fresh)
      error2("E0110", s.name.span, "stage `" + s.name.name + "` is declared twice in funnel `" + f.name.name + "`",
             "declared again here", it->second, "first declared here");
    auto slot = ri.slot_by_path.find(snake_case(s.name.name) + "_entered_at");
    fi.stamp_slots.push_back(slot == ri.slot_by_path.end() ? -1 : slot->second);
  }
  for (const auto& l : f.lets) {
    auto [it, fresh] = fs.local_lets.emplace(l.name.name, &l);
    if (!fresh)
      error2("E0112", l.name.span, "let `" + l.name.name + "` is declared twice in funnel `" + f.name.name + "`",
             "declared again here", it->second->name.span, "first declared here");
  }
  if (f.stage_field) {
    const std::string& n = f.stage_field->name;
    TypeRef t;
    for (const auto& [fname, ft] : record_type.fields)
      if (fname == n) t = ft;
    if (!t) {
      std::vector<std::string> names;
      for (const auto& [fname, ft] : record_type.fields) names.push_back(fname);
      std::string near = closest_name(n, names);
      error("E0107", f.stage_field->span, "unknown field `" + n + "` in record `" + ri.decl->name.name + "`",
            near.empty() ? std::string{} : "did you mean `" + near + "`?");
    } else if (!text_like(*t)) {
      error("E0214", f.stage_field->span, "the stage field must be `text` or an enum; `" + n + "` is `" + to_string(*t) + "`");
    } else {
      fi.stage_field_slot = slot_of(ri, n);
      if (t->kind == TypeKind::enum_)
        for (const auto& s : f.stages) {
          bool found = false;
          for (const auto& v : t->enum_values) found = found || v == s.name.name;
          if (!found)
            error2("E0215", s.name.span, "stage `" + s.name.name + "` is not a value of the stage field `" + n + "`",
                   "the stage field could not hold it", f.stage_field->span, "stage field declared here",
                   "add \"" + s.name.name + "\" to the enum of `" + n + "`, or make the field `text`");
        }
    }
  }
  Ctx c = funnel_ctx(fs);
  for (const auto& l : f.lets) let_instance(fs, l, fs.module, false, c, l.name.span);
  for (const auto& q : f.qualify_with) {
    const Global* g = global(q.name);
    if (!g || g->kind != GlobalKind::qualification) {
      std::string near = closest_name(q.name, names_of(GlobalKind::qualification));
      error("E0104", q.span, "unknown qualification `" + q.name + "`",
            near.empty() ? std::string{} : "did you mean `" + near + "`?",
            "import one, e.g. `import \"std/" + [&] {
              std::string lower;
              for (char ch : q.name) lower += static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
              return lower;
            }() + "\"`, or declare a `qualification`");
      continue;
    }
    qual_instance(fs, *g, c, q.span, true);
  }
  if (f.applies) condition(*f.applies, c, "the `applies when` condition");
  for (auto& s : f.stages) check_stage(fs, s);
  for (auto& t : f.transitions) {
    std::vector<std::string> names;
    for (const auto& s : f.stages) names.push_back(s.name.name);
    auto check_stage_name = [&](const ast::Ident& id) {
      if (stage_index(f, id.name) >= 0) return;
      std::string near = closest_name(id.name, names);
      error("E0103", id.span, "unknown stage `" + id.name + "` in funnel `" + f.name.name + "`",
            near.empty() ? std::string{} : "did you mean `" + near + "`?");
    };
    for (const auto& s : t.sources) check_stage_name(s);
    check_stage_name(t.target);
    if (t.when) condition(*t.when, c, "the `when` condition");
    check_actions(fs, t.actions);
  }
}

void Checker::check_stage(FunnelState& fs, ast::Stage& s) {
  Ctx c = funnel_ctx(fs);
  if (s.entry) condition(*s.entry, c, "the `entry` condition");
  if (s.exit) condition(*s.exit, c, "the `exit` condition");
  ast::Sla& sla = s.sla;
  if (sla.kind == ast::SlaKind::duration && sla.duration_ms <= 0)
    error("E0404", sla.span, "an SLA must be longer than zero");
  if (sla.kind == ast::SlaKind::business_days || sla.kind == ast::SlaKind::business_hours) {
    if (sla.amount <= 0) error("E0404", sla.span, "an SLA must be longer than zero");
    const Global* g = global(sla.calendar.name);
    if (g && g->kind == GlobalKind::calendar) {
      note_use(c, *g);
      const ast::Calendar* decl = &file_of(g->module).calendars[g->index];
      for (std::size_t k = 0; k < policy_.calendars.size(); ++k)
        if (policy_.calendars[k] == decl) sla.calendar_index = static_cast<std::int32_t>(k);
    } else {
      std::string near = closest_name(sla.calendar.name, names_of(GlobalKind::calendar));
      error("E0105", sla.calendar.span, "unknown calendar `" + sla.calendar.name + "`",
            near.empty() ? std::string{} : "did you mean `" + near + "`?",
            "declare it with `calendar " + sla.calendar.name + " { ... }`");
    }
  }
  check_actions(fs, s.on_enter);
  check_actions(fs, s.on_exit);
}

void Checker::check_actions(FunnelState& fs, std::vector<ast::Action>& actions) {
  Ctx c = funnel_ctx(fs);
  const RecordInfo& ri = policy_.records[static_cast<std::size_t>(fs.record)];
  const Type& record_type = *record_types_[static_cast<std::size_t>(fs.record)];
  auto field = [&](ast::Action& a) -> TypeRef {
    for (const auto& [n, t] : record_type.fields)
      if (n == a.target.name) {
        a.slot = slot_of(ri, n);
        return t;
      }
    std::vector<std::string> names;
    for (const auto& [n, t] : record_type.fields) names.push_back(n);
    std::string near = closest_name(a.target.name, names);
    error("E0107", a.target.span, "unknown field `" + a.target.name + "` in record `" + ri.decl->name.name + "`",
          near.empty() ? std::string{} : "did you mean `" + near + "`?");
    return nullptr;
  };
  auto holds_object = [](const Type& t) {
    return t.kind == TypeKind::object || (t.kind == TypeKind::list && t.element && t.element->kind == TypeKind::object);
  };
  for (auto& a : actions) {
    switch (a.kind) {
      case ast::ActionKind::set: {
        TypeRef target = field(a);
        TypeRef t = a.value ? root(*a.value, c, target) : nullptr;
        if (!target || !t) break;
        if (holds_object(*target)) {
          error("E0202", a.target.span, "`set` cannot replace the object field `" + a.target.name + "`", {},
                "set its fields one by one");
          break;
        }
        require_value(*a.value, t, target, "the value of `" + a.target.name + "`");
        break;
      }
      case ast::ActionKind::stamp: {
        TypeRef target = field(a);
        if (target && target->kind != TypeKind::date)
          error("E0216", a.target.span, "`stamp` needs a `date` field; `" + a.target.name + "` is `" + to_string(*target) + "`");
        break;
      }
      case ast::ActionKind::emit: {
        std::map<std::string, Span> seen;
        for (std::size_t i = 0; i < a.values.size(); ++i) {
          if (i < a.keys.size() && !seen.emplace(a.keys[i].name, a.keys[i].span).second)
            error("E0112", a.keys[i].span, "key `" + a.keys[i].name + "` is given twice in event `" + a.target.name + "`");
          if (!a.values[i]) continue;
          TypeRef t = root(*a.values[i], c);
          if (holds_object(*t))
            error("E0218", a.values[i]->span, "an event field cannot hold a whole object", {},
                  "emit its fields one by one");
        }
        break;
      }
      case ast::ActionKind::notify:
        break;
    }
  }
}

std::int32_t Checker::let_instance(FunnelState& fs, const ast::Let& decl, std::size_t module, bool top_level, Ctx& user,
                                   Span use) {
  auto [it, fresh] = fs.lets.try_emplace(&decl);
  if (!fresh) {
    if (it->second.state == State::active) {
      std::string chain;
      auto pos = std::find(active_chain_.begin(), active_chain_.end(), decl.name.name);
      for (auto i = pos; i != active_chain_.end(); ++i) chain += "`" + *i + "` -> ";
      error("E0115", decl.name.span, "`" + decl.name.name + "` depends on itself: " + chain + "`" + decl.name.name + "`");
    }
    return it->second.index;
  }
  if (nesting_ >= kMaxNesting) {
    error("E0121", decl.name.span, "declarations refer to each other too deeply");
    it->second.state = State::done;
    return -1;
  }
  Generic g{decl.name.name, module, user.generic ? user.generic->use_site : use};
  Ctx c;
  c.funnel = &fs;
  c.module = module;
  c.funnel_lets = !top_level;
  if (top_level) c.generic = &g;
  ++nesting_;
  active_chain_.push_back(decl.name.name);
  ast::ExprPtr value = decl.value ? ast::clone(*decl.value) : nullptr;
  if (value) root(*value, c);
  active_chain_.pop_back();
  --nesting_;
  auto& lets = policy_.funnels[fs.instance].lets;
  lets.push_back(LetInstance{decl.name.name, &decl, std::move(value)});
  Instance& inst = fs.lets[&decl];
  inst.state = State::done;
  inst.index = static_cast<std::int32_t>(lets.size() - 1);
  return inst.index;
}

std::int32_t Checker::qual_instance(FunnelState& fs, const Global& g, Ctx& user, Span use, bool reported) {
  const ast::Qualification& q = file_of(g.module).qualifications[g.index];
  used_.insert(&q);
  note_use(user, g);
  auto& quals = policy_.funnels[fs.instance].quals;
  auto [it, fresh] = fs.quals.try_emplace(&q);
  if (!fresh) {
    if (it->second.state == State::active) {
      std::string chain;
      auto pos = std::find(active_chain_.begin(), active_chain_.end(), q.name.name);
      for (auto i = pos; i != active_chain_.end(); ++i) chain += "`" + *i + "` -> ";
      error("E0115", q.name.span, "`" + q.name.name + "` depends on itself: " + chain + "`" + q.name.name + "`");
      return -1;
    }
    if (reported && it->second.index >= 0) quals[static_cast<std::size_t>(it->second.index)].reported = true;
    return it->second.index;
  }
  if (nesting_ >= kMaxNesting) {
    error("E0121", q.name.span, "declarations refer to each other too deeply");
    it->second.state = State::done;
    return -1;
  }
  quals.push_back(QualInstance{&q, g.module, {}, nullptr, reported});
  const auto index = static_cast<std::int32_t>(quals.size() - 1);
  it->second.index = index;
  Generic gen{q.name.name, g.module, user.generic ? user.generic->use_site : use};
  Ctx c;
  c.funnel = &fs;
  c.module = g.module;
  c.generic = &gen;
  ++nesting_;
  active_chain_.push_back(q.name.name);
  std::vector<ast::ExprPtr> criteria;
  for (const auto& cr : q.criteria) {
    ast::ExprPtr v = cr.condition ? ast::clone(*cr.condition) : nullptr;
    if (v) condition(*v, c, "criterion `" + cr.name.name + "`");
    criteria.push_back(std::move(v));
  }
  ast::ExprPtr pass;
  if (q.rule == ast::PassRule::expr && q.pass_expr) {
    pass = ast::clone(*q.pass_expr);
    Ctx pc = c;
    pc.criteria_qual = index;
    condition(*pass, pc, "the `pass when` condition");
  }
  active_chain_.pop_back();
  --nesting_;
  // Re-fetch: nested instantiations may have grown the vector.
  QualInstance& inst = policy_.funnels[fs.instance].quals[static_cast<std::size_t>(index)];
  inst.criteria = std::move(criteria);
  inst.pass_expr = std::move(pass);
  fs.quals[&q].state = State::done;
  return index;
}

}  // namespace sluice::check_detail
