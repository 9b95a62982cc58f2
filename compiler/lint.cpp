// Lints over a checked policy: structural warnings (W05xx) and the one structural
// error found here (E0401, a transition out of a terminal stage). Runs even after
// type errors, so it reads only declarations and tolerates unannotated expressions.
#include <limits>
#include <unordered_map>
#include <vector>

#include "compiler/check_internal.hpp"

namespace sluice {
namespace {

using check_detail::fold_constant;
using check_detail::folded_text;

struct Linter {
  const CheckedPolicy& policy;
  const SourceManager& sm;
  Diagnostics& diags;

  std::string text(const ast::Expr* e) const {
    if (!e) return "true";  // an omitted condition holds
    if (e->span.file >= sm.size()) return {};
    return folded_text(sm.file(e->span.file).slice(e->span));
  }

  // nullopt unless the condition folds to a bool constant.
  std::optional<bool> constant_bool(const ast::Expr* e) const {
    if (!e) return true;
    auto c = fold_constant(*e, policy.constants);
    if (!c || c->kind != TypeKind::bool_) return std::nullopt;
    return c->b;
  }

  void warn(const char* code, Span at, std::string message, std::string label = {}, std::string help = {}) {
    diags.warning(code, at, std::move(message), std::move(label), std::move(help));
  }

  void warn2(const char* code, Span at, std::string message, std::string label, Span other, std::string other_label) {
    Diagnostic d;
    d.code = code;
    d.severity = Severity::warning;
    d.message = std::move(message);
    d.primary = {at, std::move(label)};
    d.secondary.push_back({other, std::move(other_label)});
    diags.add(std::move(d));
  }

  const ast::Stage* stage(const ast::Funnel& f, const std::string& name) const {
    for (const auto& s : f.stages)
      if (s.name.name == name) return &s;
    return nullptr;
  }

  void funnel(const ast::Funnel& f) {
    stages(f);
    transitions(f);
  }

  void stages(const ast::Funnel& f) {
    std::map<std::string, const ast::Stage*> displays;
    const std::vector<std::size_t> shadowing = shadowing_stages(f);
    for (std::size_t i = 0; i < f.stages.size(); ++i) {
      const ast::Stage& s = f.stages[i];
      const std::string shown = s.display ? *s.display : s.name.name;
      auto [it, fresh] = displays.emplace(shown, &s);
      if (!fresh && it->second->name.name != s.name.name)
        warn2("W0510", s.display ? s.display_span : s.name.span,
              "stage `" + s.name.name + "` has the same display name as stage `" + it->second->name.name + "`",
              "\"" + shown + "\" again", it->second->name.span, "first used here");
      if (s.kind == ast::StageKind::side) {
        bool entered = false;
        for (const auto& t : f.transitions) entered = entered || t.target.name == s.name.name;
        if (!entered)
          warn("W0501", s.name.span, "side stage `" + s.name.name + "` is never entered",
               "no transition leads here", "add `transition ... -> " + s.name.name + " when ...`");
      }
      if (s.kind == ast::StageKind::terminal && s.sla.kind != ast::SlaKind::none)
        warn("W0509", s.sla.span, "an SLA on terminal stage `" + s.name.name + "` can only ever be breached",
             "a terminal stage is never left");
      if (s.entry && constant_bool(s.entry.get()) == false)
        warn("W0503", s.entry->span, "the entry condition of stage `" + s.name.name + "` is always false",
             "no record can ever enter by it");
      if (s.kind == ast::StageKind::side || shadowing[i] == kNone) continue;
      const ast::Stage& later = f.stages[shadowing[i]];
      warn2("W0504", s.name.span,
            "stage `" + s.name.name + "` can never be reached by its entry: stage `" + later.name.name +
                "` comes later with the same entry condition",
            "shadowed", later.entry ? later.entry->span : later.name.span, "the same condition");
    }
  }

  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);

  // Per stage, the nearest later main or terminal stage with the same entry text
  // (W0504), or kNone: one pass from the end, each text folded once.
  std::vector<std::size_t> shadowing_stages(const ast::Funnel& f) const {
    std::vector<std::size_t> later(f.stages.size(), kNone);
    std::unordered_map<std::string, std::size_t> nearest;
    for (std::size_t i = f.stages.size(); i-- > 0;) {
      if (f.stages[i].kind == ast::StageKind::side) continue;
      auto [it, fresh] = nearest.try_emplace(text(f.stages[i].entry.get()), i);
      if (!fresh) {
        later[i] = it->second;
        it->second = i;
      }
    }
    return later;
  }

  // Does every source of `later` also match `earlier`?
  bool covers(const ast::Funnel& f, const ast::Transition& earlier, const ast::Transition& later) const {
    if (earlier.from_any) {
      if (later.from_any) return true;
      for (const auto& s : later.sources) {
        const ast::Stage* st = stage(f, s.name);
        if (!st || st->kind == ast::StageKind::terminal) return false;
      }
      return true;
    }
    if (later.from_any) return false;
    for (const auto& s : later.sources) {
      bool found = false;
      for (const auto& e : earlier.sources) found = found || e.name == s.name;
      if (!found) return false;
    }
    return true;
  }

  void transitions(const ast::Funnel& f) {
    for (std::size_t j = 0; j < f.transitions.size(); ++j) {
      const ast::Transition& t = f.transitions[j];
      for (const auto& s : t.sources)
        if (const ast::Stage* st = stage(f, s.name); st && st->kind == ast::StageKind::terminal)
          diags.error("E0401", s.span, "stage `" + s.name + "` is terminal: no transition can leave it",
                      "a terminal stage is never left", "remove `" + s.name + "` from the sources, or drop `terminal`");
      for (std::size_t i = 0; i < j; ++i) {
        const ast::Transition& earlier = f.transitions[i];
        if (!covers(f, earlier, t)) continue;
        bool always = constant_bool(earlier.when.get()) == true;
        if (!always && text(earlier.when.get()) != text(t.when.get())) continue;
        warn2("W0502", t.span, "this transition can never fire",
              always ? "an earlier transition from the same stages always fires first"
                     : "an earlier transition from the same stages has the same condition",
              earlier.span, "this one fires first");
        break;
      }
    }
  }

  void qualifications() {
    for (const auto& m : policy.modules.modules)
      for (const auto& q : m.ast->qualifications)
        if (q.has_pass && q.rule == ast::PassRule::at_least && q.threshold > static_cast<double>(q.criteria.size()))
          warn("W0511", q.pass_span,
               "`" + q.name.name + "` can never pass: it needs " + std::to_string(static_cast<long long>(q.threshold)) +
                   " criteria and has " + std::to_string(q.criteria.size()));
  }

  void unused() {
    for (const auto& [l, m] : policy.unused_lets)
      warn("W0505", l->name.span, "let `" + l->name.name + "` is never used", {}, "remove it, or use it in a condition");
    for (const auto& [c, m] : policy.unused_consts)
      warn("W0506", c->name.span, "const `" + c->name.name + "` is never used");
    for (const auto& [q, m] : policy.unused_quals)
      warn("W0507", q->name.span, "qualification `" + q->name.name + "` is never used", {},
           "name it in a funnel's `qualify with`, or use `passes " + q->name.name + "`");
    for (const auto& m : policy.modules.modules) {
      if (sm.file(m.file).is_stdlib) continue;
      for (std::size_t i = 0; i < m.ast->imports.size() && i < m.imports.size() && i < m.import_used.size(); ++i)
        if (m.imports[i] != std::numeric_limits<std::size_t>::max() && !m.import_used[i])
          warn("W0508", m.ast->imports[i].span, "unused import `" + m.ast->imports[i].path + "`",
               "nothing from it is used here");
    }
  }
};

}  // namespace

void lint(const CheckedPolicy& policy, const SourceManager& sm, Diagnostics& diags) {
  Linter l{policy, sm, diags};
  for (const auto& fi : policy.funnels)
    if (fi.decl) l.funnel(*fi.decl);
  l.qualifications();
  // A file without a `policy` header is a module: its declarations are there for the
  // files that import it, so "never used" would be noise when it is checked alone.
  const auto& root = policy.modules.modules[policy.modules.root];
  if (root.ast && root.ast->header) l.unused();
}

}  // namespace sluice
