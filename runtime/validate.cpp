// Program-level validation: version, pools, layouts, records, calendars, funnels
// and tests, each chunk with what it may refer to (runtime/validate_code.cpp).
#include "runtime/validate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "runtime/validate_internal.hpp"

namespace sluice::rt {
namespace {

using validation::ChunkContext;

bool is_scalar_kind(TypeKind k) {
  return k == TypeKind::bool_ || k == TypeKind::int_ || k == TypeKind::number || k == TypeKind::text ||
         k == TypeKind::date || k == TypeKind::duration || k == TypeKind::enum_;
}

class Validator {
 public:
  Validator(const ir::Program& p, std::string& error) : p_(p), error_(error) {}

  bool run() {
    if (p_.ir_version != ir::kIrVersion) {
      error_ = fmt::format("this IR was written by another version: ir_version {}, expected {}", p_.ir_version, ir::kIrVersion);
      return false;
    }
    if (!spans() || !constants() || !layouts() || !records() || !calendars()) return false;
    for (std::size_t f = 0; f < p_.funnels.size(); ++f)
      if (!funnel(p_.funnels[f], fmt::format("funnels[{}]", f))) return false;
    for (std::size_t t = 0; t < p_.tests.size(); ++t)
      if (!test(p_.tests[t], fmt::format("tests[{}]", t))) return false;
    return true;
  }

 private:
  bool fail(const std::string& path, const std::string& what) {
    error_ = fmt::format("ir: {}: {}", path, what);
    return false;
  }
  template <typename T>
  bool index(const std::string& path, T v, std::size_t size, const char* what) {
    if (v >= 0 && static_cast<std::size_t>(v) < size) return true;
    return fail(path, fmt::format("{} {} out of range ({} available)", what, static_cast<std::int64_t>(v), size));
  }
  bool chunk(ir::Chunk c, const ChunkContext& ctx, const std::string& path, bool required) {
    return validation::check_chunk(p_, c, ctx, path, required, error_);
  }
  bool pos(const ir::SrcPos& s, const std::string& path) { return index(path, s.file, p_.files.size(), "file"); }

  bool spans() {
    if (p_.spans.size() != p_.code.size())
      return fail("spans", fmt::format("{} positions for {} instructions", p_.spans.size(), p_.code.size()));
    for (std::size_t i = 0; i < p_.spans.size(); ++i)
      if (!pos(p_.spans[i], fmt::format("spans[{}]", i))) return false;
    return true;
  }

  bool constant(const ir::Constant& c, const std::string& path, bool in_list) {
    if (c.kind == TypeKind::list) {
      if (in_list) return fail(path, "a list constant holds scalars only");
      for (std::size_t i = 0; i < c.list.size(); ++i)
        if (!constant(c.list[i], fmt::format("{}[{}]", path, i), true)) return false;
      return true;
    }
    if (c.kind == TypeKind::number && !std::isfinite(c.n)) return fail(path, "number is not finite");
    if (c.kind == TypeKind::null_ || (is_scalar_kind(c.kind) && c.kind != TypeKind::enum_)) return true;
    return fail(path, fmt::format("kind {} is not a constant kind", static_cast<int>(c.kind)));
  }

  bool constants() {
    for (std::size_t i = 0; i < p_.constants.size(); ++i)
      if (!constant(p_.constants[i], fmt::format("constants[{}]", i), false)) return false;
    return true;
  }

  bool slot(const ir::Layout& layout, std::size_t i, const std::string& path) {
    const ir::Slot& s = layout.slots[i];
    if (!is_scalar_kind(s.kind) && s.kind != TypeKind::list && s.kind != TypeKind::object)
      return fail(path, fmt::format("kind {} is not a field kind", static_cast<int>(s.kind)));
    if (s.kind == TypeKind::enum_ && s.enum_values.empty()) return fail(path, "an enum without values");
    if (s.parent != -1) {
      if (s.parent < 0 || static_cast<std::size_t>(s.parent) >= i)
        return fail(path, fmt::format("parent {} is not an earlier slot", s.parent));
      if (layout.slots[static_cast<std::size_t>(s.parent)].kind != TypeKind::object)
        return fail(path, fmt::format("parent {} is not an object", s.parent));
    }
    if (s.kind == TypeKind::list) {
      // Object elements need their layout; other elements may have a one-slot layout.
      if (!is_scalar_kind(s.element_kind) && s.element_kind != TypeKind::object && s.element_kind != TypeKind::list)
        return fail(path, "a list's elements must be scalars, objects or lists");
      if ((s.element_kind == TypeKind::object || s.element_layout != -1) &&
          !index(path + ".element_layout", s.element_layout, p_.layouts.size(), "layout"))
        return false;
    } else if (s.element_layout != -1) {
      return fail(path, "only lists have an element layout");
    }
    if (s.is_stamp && s.kind != TypeKind::date) return fail(path, "a stage stamp must be a date");
    if (s.default_const != -1) {
      if (!index(path + ".default", s.default_const, p_.constants.size(), "constant")) return false;
      const TypeKind k = p_.constants[static_cast<std::size_t>(s.default_const)].kind;
      const bool fits = k == s.kind || k == TypeKind::null_ || (s.kind == TypeKind::enum_ && k == TypeKind::text);
      if (!fits) return fail(path + ".default", "the default constant's kind differs from the field's");
    }
    return true;
  }

  // Element layouts must not contain themselves (a reader would recurse forever).
  bool layouts() {
    const std::size_t n = p_.layouts.size();
    std::vector<std::vector<std::size_t>> children(n);
    std::vector<std::size_t> parents(n, 0);
    for (std::size_t l = 0; l < n; ++l) {
      const auto& slots = p_.layouts[l].slots;
      for (std::size_t i = 0; i < slots.size(); ++i) {
        if (!slot(p_.layouts[l], i, fmt::format("layouts[{}].slots[{}]", l, i))) return false;
        if (slots[i].element_layout >= 0) {
          children[l].push_back(static_cast<std::size_t>(slots[i].element_layout));
          ++parents[static_cast<std::size_t>(slots[i].element_layout)];
        }
      }
      max_width_ = std::max<std::int32_t>(max_width_, static_cast<std::int32_t>(slots.size()));
    }
    std::vector<std::size_t> ready;
    for (std::size_t l = 0; l < n; ++l)
      if (parents[l] == 0) ready.push_back(l);
    std::size_t seen = 0;
    while (!ready.empty()) {
      const std::size_t l = ready.back();
      ready.pop_back();
      ++seen;
      for (std::size_t c : children[l])
        if (--parents[c] == 0) ready.push_back(c);
    }
    if (seen != n) return fail("layouts", "an element layout contains itself");
    return true;
  }

  bool records() {
    for (std::size_t r = 0; r < p_.records.size(); ++r) {
      const ir::Record& rec = p_.records[r];
      const std::string path = fmt::format("records[{}]", r);
      if (!index(path + ".layout", rec.layout, p_.layouts.size(), "layout")) return false;
      const auto& slots = p_.layouts[static_cast<std::size_t>(rec.layout)].slots;
      if (rec.key_slot != -1) {
        if (!index(path + ".key_slot", rec.key_slot, slots.size(), "slot")) return false;
        if (slots[static_cast<std::size_t>(rec.key_slot)].parent != -1) return fail(path + ".key_slot", "the key is not a top-level field");
      }
    }
    return true;
  }

  bool calendars() {
    for (std::size_t i = 0; i < p_.calendars.size(); ++i) {
      const ir::Calendar& c = p_.calendars[i];
      const std::string path = fmt::format("calendars[{}]", i);
      if (c.timezone.empty()) return fail(path, "no time zone");
      if (c.working_days > 0x7F) return fail(path, "working days is not a set of 7 days");
      if (c.start_minute < 0 || c.start_minute >= c.end_minute || c.end_minute > 24 * 60)
        return fail(path, fmt::format("working hours {}..{} (minutes) are not within one day", c.start_minute, c.end_minute));
    }
    return true;
  }

  const ir::Slot* slot_of(const ir::Funnel& f, std::int32_t s) const {
    const auto& slots = p_.layouts[static_cast<std::size_t>(p_.records[static_cast<std::size_t>(f.record)].layout)].slots;
    return s >= 0 && static_cast<std::size_t>(s) < slots.size() ? &slots[static_cast<std::size_t>(s)] : nullptr;
  }

  ChunkContext funnel_context(const ir::Funnel& f) const {
    ChunkContext ctx;
    ctx.slots = static_cast<std::int32_t>(p_.layouts[static_cast<std::size_t>(p_.records[static_cast<std::size_t>(f.record)].layout)].slots.size());
    ctx.element_width = std::max(1, max_width_);
    ctx.lets = static_cast<std::int32_t>(f.lets.size());
    for (const auto& q : f.qualifications) ctx.criteria.push_back(static_cast<std::int32_t>(q.criteria.size()));
    return ctx;
  }

  bool terms(const std::vector<ir::Term>& ts, const ChunkContext& ctx, const std::string& path) {
    for (std::size_t i = 0; i < ts.size(); ++i) {
      const std::string tp = fmt::format("{}[{}]", path, i);
      if (!chunk(ts[i].condition, ctx, tp + ".condition", true) || !chunk(ts[i].value, ctx, tp + ".value", false))
        return false;
    }
    return true;
  }

  bool actions(const ir::Funnel& f, const std::vector<ir::Action>& as, const ChunkContext& ctx, const std::string& path) {
    for (std::size_t i = 0; i < as.size(); ++i) {
      const ir::Action& a = as[i];
      const std::string ap = fmt::format("{}[{}]", path, i);
      if (!pos(a.pos, ap + ".pos")) return false;
      switch (a.kind) {
        case ir::ActionKind::set:
          if (!slot_of(f, a.slot)) return fail(ap + ".slot", fmt::format("slot {} out of range", a.slot));
          if (!chunk(a.value, ctx, ap + ".value", true)) return false;
          break;
        case ir::ActionKind::stamp: {
          const ir::Slot* s = slot_of(f, a.slot);
          if (!s) return fail(ap + ".slot", fmt::format("slot {} out of range", a.slot));
          if (s->kind != TypeKind::date) return fail(ap + ".slot", "a stamp needs a date field");
          break;
        }
        case ir::ActionKind::emit:
          if (a.name.empty()) return fail(ap, "an event without a name");
          for (std::size_t k = 0; k < a.fields.size(); ++k)
            if (!chunk(a.fields[k].value, ctx, fmt::format("{}.fields[{}].value", ap, k), true)) return false;
          break;
        case ir::ActionKind::notify:
          break;
        default:
          return fail(ap, "unknown action kind");
      }
    }
    return true;
  }

  bool lets_and_qualifications(const ir::Funnel& f, const std::string& path);
  bool stages(const ir::Funnel& f, const ChunkContext& ctx, const std::string& path);
  bool transitions(const ir::Funnel& f, const ChunkContext& ctx, const std::string& path);

  bool funnel(const ir::Funnel& f, const std::string& path) {
    if (!index(path + ".record", f.record, p_.records.size(), "record")) return false;
    if (f.stage_field != -1) {
      const ir::Slot* s = slot_of(f, f.stage_field);
      if (!s) return fail(path + ".stage_field", fmt::format("slot {} out of range", f.stage_field));
      if ((s->kind != TypeKind::text && s->kind != TypeKind::enum_) || s->parent != -1)
        return fail(path + ".stage_field", "the stage field must be a top-level text or enum field");
    }
    const ChunkContext ctx = funnel_context(f);
    return chunk(f.applies, ctx, path + ".applies", false) && lets_and_qualifications(f, path) &&
           stages(f, ctx, path) && transitions(f, ctx, path);
  }

  bool test(const ir::Test& t, const std::string& path);

  const ir::Program& p_;
  std::string& error_;
  std::int32_t max_width_ = 1;
};

// Lets read only earlier lets; lets and qualifications must not depend on each
// other in a cycle (the machine computes each once per record, on first use).
bool Validator::lets_and_qualifications(const ir::Funnel& f, const std::string& path) {
  const std::size_t lets = f.lets.size(), quals = f.qualifications.size();
  std::vector<std::vector<std::size_t>> reads(lets + quals);  // node -> nodes it reads
  const auto record = [&](std::size_t node, const ChunkContext& ctx) {
    for (auto l : ctx.lets_read) reads[node].push_back(static_cast<std::size_t>(l));
    for (auto q : ctx.quals_read) reads[node].push_back(lets + static_cast<std::size_t>(q));
  };
  for (std::size_t i = 0; i < lets; ++i) {
    ChunkContext ctx = funnel_context(f);
    ctx.lets = static_cast<std::int32_t>(i);
    ctx.in_let = true;
    if (!chunk(f.lets[i].value, ctx, fmt::format("{}.lets[{}].value", path, i), true)) return false;
    record(i, ctx);
  }
  for (std::size_t q = 0; q < quals; ++q) {
    const ir::Qualification& qual = f.qualifications[q];
    const std::string qp = fmt::format("{}.qualifications[{}]", path, q);
    ChunkContext ctx = funnel_context(f);
    ctx.own_qual = static_cast<std::int32_t>(q);
    for (std::size_t c = 0; c < qual.criteria.size(); ++c)
      if (!chunk(qual.criteria[c].condition, ctx, fmt::format("{}.criteria[{}].condition", qp, c), true)) return false;
    if (!std::isfinite(qual.threshold)) return fail(qp + ".threshold", "not a finite number");
    if (qual.rule == ir::PassRule::expr) {
      ctx.is_pass = true;
      if (!chunk(qual.pass, ctx, qp + ".pass", true)) return false;
    } else if (qual.pass.present()) {
      return fail(qp + ".pass", "only the expression rule has a pass chunk");
    } else if (static_cast<int>(qual.rule) > static_cast<int>(ir::PassRule::expr)) {
      return fail(qp + ".rule", "unknown pass rule");
    }
    record(lets + q, ctx);
  }
  // Kahn's algorithm on "is read by" edges: whatever is never freed is on a cycle.
  std::vector<std::size_t> pending(lets + quals, 0);
  std::vector<std::vector<std::size_t>> readers(lets + quals);
  for (std::size_t n = 0; n < reads.size(); ++n)
    for (std::size_t m : reads[n]) {
      ++pending[n];
      readers[m].push_back(n);
    }
  std::vector<std::size_t> ready;
  for (std::size_t n = 0; n < pending.size(); ++n)
    if (pending[n] == 0) ready.push_back(n);
  while (!ready.empty()) {
    const std::size_t n = ready.back();
    ready.pop_back();
    for (std::size_t r : readers[n])
      if (--pending[r] == 0) ready.push_back(r);
  }
  for (std::size_t n = 0; n < pending.size(); ++n)
    if (pending[n] != 0)
      return fail(n < lets ? fmt::format("{}.lets[{}]", path, n) : fmt::format("{}.qualifications[{}]", path, n - lets),
                  "lets and qualifications read each other in a cycle");
  return true;
}

bool Validator::stages(const ir::Funnel& f, const ChunkContext& ctx, const std::string& path) {
  std::set<std::string> names;
  for (std::size_t i = 0; i < f.stages.size(); ++i) {
    const ir::Stage& s = f.stages[i];
    const std::string sp = fmt::format("{}.stages[{}]", path, i);
    if (s.name.empty() || !names.insert(s.name).second) return fail(sp, fmt::format("stage name `{}` is empty or repeated", s.name));
    if (static_cast<int>(s.kind) > static_cast<int>(ir::StageKind::terminal)) return fail(sp, "unknown stage kind");
    if (!pos(s.pos, sp + ".pos")) return false;
    if (!chunk(s.entry, ctx, sp + ".entry", false) || !chunk(s.exit, ctx, sp + ".exit", false)) return false;
    if (!terms(s.entry_terms, ctx, sp + ".entry_terms") || !terms(s.exit_terms, ctx, sp + ".exit_terms")) return false;
    switch (s.sla.kind) {
      case ir::SlaKind::none: break;
      case ir::SlaKind::duration:
        if (s.sla.duration_ms < 0) return fail(sp + ".sla", "negative duration");
        break;
      case ir::SlaKind::business_days: case ir::SlaKind::business_hours:
        if (s.sla.amount < 0) return fail(sp + ".sla", "negative amount");
        if (!index(sp + ".sla.calendar", s.sla.calendar, p_.calendars.size(), "calendar")) return false;
        break;
      default: return fail(sp + ".sla", "unknown SLA kind");
    }
    if (!actions(f, s.on_enter, ctx, sp + ".on_enter") || !actions(f, s.on_exit, ctx, sp + ".on_exit")) return false;
    if (s.stamp_slot != -1) {
      const ir::Slot* slot = slot_of(f, s.stamp_slot);
      if (!slot) return fail(sp + ".stamp_slot", fmt::format("slot {} out of range", s.stamp_slot));
      if (slot->kind != TypeKind::date || slot->parent != -1) return fail(sp + ".stamp_slot", "a stamp needs a top-level date field");
    }
  }
  return true;
}

bool Validator::transitions(const ir::Funnel& f, const ChunkContext& ctx, const std::string& path) {
  for (std::size_t i = 0; i < f.transitions.size(); ++i) {
    const ir::Transition& t = f.transitions[i];
    const std::string tp = fmt::format("{}.transitions[{}]", path, i);
    if (!pos(t.pos, tp + ".pos")) return false;
    if (!index(tp + ".target", t.target, f.stages.size(), "stage")) return false;
    if (t.from_any == !t.sources.empty()) return fail(tp, "a transition has either `any` or a list of source stages");
    for (std::size_t k = 0; k < t.sources.size(); ++k) {
      const std::string sp = fmt::format("{}.sources[{}]", tp, k);
      if (!index(sp, t.sources[k], f.stages.size(), "stage")) return false;
      const ir::Stage& s = f.stages[static_cast<std::size_t>(t.sources[k])];
      if (s.kind == ir::StageKind::terminal) return fail(sp, fmt::format("leaves terminal stage `{}`", s.name));
    }
    if (!chunk(t.when, ctx, tp + ".when", false) || !terms(t.when_terms, ctx, tp + ".when_terms")) return false;
    if (!actions(f, t.actions, ctx, tp + ".actions")) return false;
  }
  return true;
}

// A test's expectations run against its funnel or, when the funnel is chosen by
// `applies` at run time, against any funnel: then they may only use what every
// funnel has.
bool Validator::test(const ir::Test& t, const std::string& path) {
  if (!pos(t.pos, path + ".pos")) return false;
  ChunkContext ctx;
  if (t.funnel != -1) {
    if (!index(path + ".funnel", t.funnel, p_.funnels.size(), "funnel")) return false;
    ctx = funnel_context(p_.funnels[static_cast<std::size_t>(t.funnel)]);
  } else {
    for (std::size_t f = 0; f < p_.funnels.size(); ++f) {
      ChunkContext one = funnel_context(p_.funnels[f]);
      if (f == 0) { ctx = one; continue; }
      ctx.slots = std::min(ctx.slots, one.slots);
      ctx.lets = std::min(ctx.lets, one.lets);
      ctx.criteria.resize(std::min(ctx.criteria.size(), one.criteria.size()));
      for (std::size_t q = 0; q < ctx.criteria.size(); ++q) ctx.criteria[q] = std::min(ctx.criteria[q], one.criteria[q]);
    }
  }
  ctx.allow_result = true;
  for (std::size_t i = 0; i < t.expects.size(); ++i) {
    const ir::Expect& e = t.expects[i];
    const std::string ep = fmt::format("{}.expects[{}]", path, i);
    if (!pos(e.pos, ep + ".pos")) return false;
    switch (e.kind) {
      case ir::ExpectKind::condition:
        if (!chunk(e.condition, ctx, ep + ".condition", true)) return false;
        break;
      case ir::ExpectKind::event:
        if (e.event.empty()) return fail(ep, "an expected event without a name");
        for (std::size_t k = 0; k < e.with.size(); ++k)
          if (!chunk(e.with[k].value, ctx, fmt::format("{}.with[{}].value", ep, k), true)) return false;
        break;
      case ir::ExpectKind::error:
        break;
      default:
        return fail(ep, "unknown expectation kind");
    }
  }
  return true;
}

}  // namespace

bool validate_program(const ir::Program& program, std::string& error) {
  error.clear();
  try {
    return Validator(program, error).run();
  } catch (const std::exception& e) {  // allocation failure on an absurd program
    error = fmt::format("ir: cannot be validated: {}", e.what());
    return false;
  }
}

}  // namespace sluice::rt
