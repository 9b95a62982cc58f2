// The funnel part of the diff: header clauses, lets, stages (added, removed,
// reordered, and each clause of a stage present on both sides) and transitions.
#include <map>

#include "compiler/policy_diff_internal.hpp"

namespace sluice::diff {

namespace {

const char* kind_text(ast::StageKind kind) {
  switch (kind) {
    case ast::StageKind::main: return "main";
    case ast::StageKind::side: return "side";
    case ast::StageKind::terminal: return "terminal";
  }
  return "main";
}

std::string idents(const std::vector<ast::Ident>& list) {
  std::string s;
  for (std::size_t i = 0; i < list.size(); ++i) s += (i ? ", " : "") + list[i].name;
  return s;
}

// A transition's identity: its label, else its route.
std::string transition_key(const ast::Transition& t) {
  if (t.label) return "\"" + *t.label + "\"";
  return (t.from_any ? std::string("any") : idents(t.sources)) + " -> " + t.target.name;
}

std::string route(const ast::Transition& t) {
  return "route " + (t.from_any ? std::string("any") : idents(t.sources)) + " -> " + t.target.name;
}

}  // namespace

void Differ::funnels(const std::vector<const ast::Funnel*>& before, const std::vector<const ast::Funnel*>& after) {
  std::map<std::string, const ast::Funnel*> old_by_name, new_by_name;
  std::vector<Item> a, b;
  for (const ast::Funnel* f : before) {
    old_by_name.emplace(f->name.name, f);
    a.push_back({f->name.name, old_text(f->span)});
  }
  for (const ast::Funnel* f : after) {
    new_by_name.emplace(f->name.name, f);
    b.push_back({f->name.name, new_text(f->span)});
  }
  // Added and removed funnels whole; common ones clause by clause.
  for (const Item& i : a)
    if (new_by_name.count(i.key) == 0) line("funnel " + i.key, shorten(i.text), "");
  for (const Item& i : b)
    if (old_by_name.count(i.key) == 0) line("funnel " + i.key, "", shorten(i.text));
  // Without --funnel a record goes to the first funnel whose `applies` holds.
  order("funnel order", "funnels", a, b);
  for (const ast::Funnel* f : before) {
    auto it = new_by_name.find(f->name.name);
    if (it != new_by_name.end()) funnel("funnel " + f->name.name, *f, *it->second);
  }
}

void Differ::funnel(const std::string& where, const ast::Funnel& before, const ast::Funnel& after) {
  line(where + ", record", "for " + before.record.name, "for " + after.record.name);
  auto applies = [](const std::string& text) { return text.empty() ? std::string("applies always") : "applies " + text; };
  line(where + ", applies", applies(before.applies ? old_text(before.applies->span) : ""),
       applies(after.applies ? new_text(after.applies->span) : ""));
  auto field = [](const std::optional<ast::Ident>& f) { return f ? "stage field " + f->name : std::string("no stage field"); };
  line(where + ", stage field", field(before.stage_field), field(after.stage_field));
  auto qualify = [](const std::vector<ast::Ident>& q) { return q.empty() ? std::string("no qualify with") : "qualify with " + idents(q); };
  line(where + ", qualify with", qualify(before.qualify_with), qualify(after.qualify_with));
  std::vector<Item> la, lb;
  for (const ast::Let& l : before.lets) la.push_back({l.name.name, old_text(l.span)});
  for (const ast::Let& l : after.lets) lb.push_back({l.name.name, new_text(l.span)});
  items(where + ", let ", la, lb);
  stages(where, before, after);
  transitions(where, before, after);
}

void Differ::stages(const std::string& where, const ast::Funnel& before, const ast::Funnel& after) {
  std::vector<Item> a, b;
  std::map<std::string, const ast::Stage*> new_by_name;
  for (const ast::Stage& s : before.stages) a.push_back({s.name.name, old_text(s.span)});
  for (const ast::Stage& s : after.stages) {
    b.push_back({s.name.name, new_text(s.span)});
    new_by_name.emplace(s.name.name, &s);
  }
  std::map<std::string, bool> in_old;
  for (const Item& i : a) in_old[i.key] = true;
  for (const Item& i : a)
    if (new_by_name.count(i.key) == 0) line(where + ", stage " + i.key, shorten(i.text), "");
  for (const Item& i : b)
    if (in_old.count(i.key) == 0) line(where + ", stage " + i.key, "", shorten(i.text));
  order(where + ", stage order", "stages", a, b);
  for (const ast::Stage& s : before.stages) {
    auto it = new_by_name.find(s.name.name);
    if (it != new_by_name.end()) stage(where + ", stage " + s.name.name, s, *it->second);
  }
}

void Differ::stage(const std::string& where, const ast::Stage& before, const ast::Stage& after) {
  auto quoted = [](const char* what, const std::optional<std::string>& s) {
    return s ? std::string(what) + " \"" + *s + "\"" : std::string("no ") + what;
  };
  line(where + ", display name", quoted("display", before.display), quoted("display", after.display));
  line(where + ", kind", kind_text(before.kind), kind_text(after.kind));
  auto owner = [](const std::optional<ast::Ident>& o) { return o ? "owner " + o->name : std::string("no owner"); };
  line(where + ", owner", owner(before.owner), owner(after.owner));
  line(where + ", description", quoted("description", before.description), quoted("description", after.description));
  auto clause = [](const char* what, const std::string& text) {
    return text.empty() ? std::string("no ") + what + " (always true)" : std::string(what) + " " + text;
  };
  line(where + ", entry", clause("entry", before.entry ? old_text(before.entry->span) : ""),
       clause("entry", after.entry ? new_text(after.entry->span) : ""));
  line(where + ", exit", clause("exit", before.exit ? old_text(before.exit->span) : ""),
       clause("exit", after.exit ? new_text(after.exit->span) : ""));
  auto sla = [](const std::string& text) { return text.empty() ? std::string("no sla") : text; };
  line(where + ", sla", sla(before.sla.kind == ast::SlaKind::none ? "" : old_text(before.sla.span)),
       sla(after.sla.kind == ast::SlaKind::none ? "" : new_text(after.sla.span)));
  auto actions = [&](const std::vector<ast::Action>& list, bool old) {
    std::vector<std::string> out;
    for (const ast::Action& a : list) out.push_back(old ? old_text(a.span) : new_text(a.span));
    return out;
  };
  lines(where + ", on enter", actions(before.on_enter, true), actions(after.on_enter, false));
  lines(where + ", on exit", actions(before.on_exit, true), actions(after.on_exit, false));
}

void Differ::transitions(const std::string& where, const ast::Funnel& before, const ast::Funnel& after) {
  std::vector<Item> a, b;
  std::map<std::string, const ast::Transition*> new_by_key;
  for (const ast::Transition& t : before.transitions) a.push_back({transition_key(t), old_text(t.span)});
  for (const ast::Transition& t : after.transitions) {
    b.push_back({transition_key(t), new_text(t.span)});
    new_by_key.emplace(transition_key(t), &t);
  }
  std::map<std::string, bool> in_old;
  for (const Item& i : a) in_old[i.key] = true;
  for (const Item& i : a)
    if (new_by_key.count(i.key) == 0) line(where + ", transition " + i.key, shorten(i.text), "");
  for (const Item& i : b)
    if (in_old.count(i.key) == 0) line(where + ", transition " + i.key, "", shorten(i.text));
  // Transitions are tried in order: the first that holds wins.
  order(where + ", transition order", "transitions", a, b);
  for (const ast::Transition& t : before.transitions) {
    auto it = new_by_key.find(transition_key(t));
    if (it == new_by_key.end()) continue;
    const ast::Transition& u = *it->second;
    const std::string at = where + ", transition " + transition_key(t);
    line(at + ", route", route(t), route(u));
    line(at + ", when", "when " + (t.when ? old_text(t.when->span) : ""), "when " + (u.when ? new_text(u.when->span) : ""));
    std::vector<std::string> xa, xb;
    for (const ast::Action& x : t.actions) xa.push_back(old_text(x.span));
    for (const ast::Action& x : u.actions) xb.push_back(new_text(x.span));
    lines(at + ", actions", xa, xb);
  }
}

}  // namespace sluice::diff
