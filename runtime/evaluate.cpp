// The decision half of the evaluator: which funnel, which current stage, which
// transition or main-path move (language.md §6 steps 1-4; docs/semantics.md).
// evaluate_effects.cpp carries the decision out (stamps, actions, SLA).
#include "runtime/evaluate.hpp"

#include <algorithm>
#include <cstdint>
#include <iterator>

#include <fmt/format.h>

#include "compiler/diagnostic.hpp"
#include "runtime/idempotency.hpp"

namespace sluice::rt {
namespace {

// Data echoed into an error message is cut to this many bytes (at a UTF-8
// character boundary), so a hostile record cannot blow up its error line.
constexpr std::size_t kEchoLimit = 80;

std::string_view echo(std::string_view text) {
  if (text.size() <= kEchoLimit) return text;
  std::size_t cut = kEchoLimit;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut);
}

}  // namespace

Evaluator::Evaluator(const LoadedProgram& program, std::int32_t record)
    : program_(program), machine_(program), record_(record) {
  const auto& funnels = program_.ir.funnels;
  if (record_ < 0 && !funnels.empty()) record_ = funnels.front().record;
  paths_.resize(funnels.size());
  for (std::size_t f = 0; f < funnels.size(); ++f) {
    const auto& stages = funnels[f].stages;
    Path& path = paths_[f];
    path.rank.assign(stages.size(), -1);
    for (std::size_t s = 0; s < stages.size(); ++s) {
      if (stages[s].kind == ir::StageKind::side) continue;
      path.rank[s] = static_cast<std::int32_t>(path.stages.size());
      path.stages.push_back(static_cast<std::int32_t>(s));
    }
    for (const ir::Stage& stage : stages) {
      path.entry_plan.push_back(machine_.plan_of(stage.entry));
      path.exit_plan.push_back(machine_.plan_of(stage.exit));
    }
    for (const ir::Transition& t : funnels[f].transitions) path.when_plan.push_back(machine_.plan_of(t.when));
    path.applies_plan = machine_.plan_of(funnels[f].applies);
    // A transition into C itself does not match (the record is already there); `any`
    // also matches a record with no C yet.
    const auto& transitions = funnels[f].transitions;
    for (std::int32_t c = -1; c < static_cast<std::int32_t>(stages.size()); ++c) {
      path.candidate_first.push_back(static_cast<std::int32_t>(path.candidates.size()));
      for (std::size_t t = 0; t < transitions.size(); ++t) {
        const ir::Transition& tr = transitions[t];
        if (tr.target == c) continue;
        if (!tr.from_any && (c < 0 || std::find(tr.sources.begin(), tr.sources.end(), c) == tr.sources.end())) continue;
        path.candidates.push_back(static_cast<std::int32_t>(t));
      }
    }
    path.candidate_first.push_back(static_cast<std::int32_t>(path.candidates.size()));
    for (const ir::Transition& t : funnels[f].transitions) {
      bool target_ok = t.target >= 0 && static_cast<std::size_t>(t.target) < stages.size();
      path.transition_context.push_back(
          !t.label.empty() ? t.label : "-> " + (target_ok ? stages[static_cast<std::size_t>(t.target)].name : std::string()));
    }
  }
}

void Evaluator::evaluate(const Value* slots, std::int32_t funnel, std::int64_t as_of_ms,
                         EvalResult& out) {
  out.clear();
  slots_ = slots;
  as_of_ = as_of_ms;
  out_ = &out;
  funnel_ = nullptr;
  funnel_index_ = -1;

  bool ok = choose_funnel(funnel) && read_current_stage() && try_transitions() &&
            (out.transition >= 0 || advance()) && apply_move() && collect_qualifications();
  if (ok) {
    compute_sla();
    out.moved = out.stage != out.from;
    return;
  }
  if (!out.error) return;  // no funnel applies: unstaged, not an error
  // An error record carries only the error: drop what was decided before it.
  std::string code = std::move(out.error_code);
  std::string message = std::move(out.error_message);
  std::int32_t chosen = out.funnel;
  out.clear();
  out.error = true;
  out.error_code = std::move(code);
  out.error_message = std::move(message);
  out.funnel = chosen;
}

bool Evaluator::eval_chunk(ir::Chunk chunk, Value& value) {
  Fault fault;
  value = machine_.eval(chunk, fault);
  return fault ? fail_fault(fault) : true;
}

const std::string& Evaluator::key_text() {
  if (key_ready_) return key_text_;
  const ir::Record& record = program_.ir.records[static_cast<std::size_t>(funnel_->record)];
  key_text_.clear();
  if (record.key_slot >= 0) append_key_text(slots_[record.key_slot], key_text_);
  key_ready_ = true;
  return key_text_;
}

bool Evaluator::test_chunk(ir::Chunk chunk, const Plan* plan, bool& holds) {
  Fault fault;
  holds = machine_.test(chunk, plan, fault) == Tri::yes;
  return fault ? fail_fault(fault) : true;
}

bool Evaluator::fail_fault(const Fault& fault) {
  EvalResult& out = *out_;
  out.error = true;
  out.error_code = fault_code_name(fault.code);
  out.error_message = fault_message(fault.code);
  const ir::Program& ir = program_.ir;
  if (fault.pc >= 0 && static_cast<std::size_t>(fault.pc) < ir.spans.size()) {
    const ir::SrcPos& pos = ir.spans[static_cast<std::size_t>(fault.pc)];
    if (pos.file >= 0 && static_cast<std::size_t>(pos.file) < ir.files.size())
      fmt::format_to(std::back_inserter(out.error_message), " at {}:{}:{}",
                     ir.files[static_cast<std::size_t>(pos.file)], pos.line, pos.column);
  }
  return false;
}

// Step 1: the named funnel, else the first funnel over this record whose `applies`
// holds (an absent `applies` holds).
bool Evaluator::choose_funnel(std::int32_t funnel) {
  const auto& funnels = program_.ir.funnels;
  auto pick = [&](std::int32_t f) {
    funnel_index_ = f;
    funnel_ = &funnels[static_cast<std::size_t>(f)];
    out_->funnel = f;
    key_ready_ = false;  // key_text() renders it when an event needs it
  };
  if (funnel >= 0) {
    if (static_cast<std::size_t>(funnel) >= funnels.size()) {
      out_->error = true;
      out_->error_code = "E_FUNNEL";
      fmt::format_to(std::back_inserter(out_->error_message),
                     "the policy has no funnel number {}", funnel);
      return false;
    }
    machine_.begin(funnels[static_cast<std::size_t>(funnel)], slots_, as_of_);
    pick(funnel);
    return true;
  }
  for (std::size_t f = 0; f < funnels.size(); ++f) {
    if (funnels[f].record != record_) continue;
    machine_.begin(funnels[f], slots_, as_of_);
    bool applies = false;
    if (!test_chunk(funnels[f].applies, paths_[f].applies_plan, applies)) return false;
    if (applies) {
      pick(static_cast<std::int32_t>(f));
      return true;
    }
  }
  out_->outcome = Outcome::no_funnel;
  out_->unstaged_reason = "no funnel applies";
  return false;
}

// Step 2: the current stage C from the stage field; not set or empty = no C.
bool Evaluator::read_current_stage() {
  if (funnel_->stage_field < 0) return true;
  const Value& v = slots_[funnel_->stage_field];
  if (!v.is_set() || (v.tag == Tag::text && v.len == 0)) return true;
  const ir::Record& record = program_.ir.records[static_cast<std::size_t>(funnel_->record)];
  const ir::Slot& field =
      program_.ir.layouts[static_cast<std::size_t>(record.layout)].slots[static_cast<std::size_t>(funnel_->stage_field)];
  EvalResult& out = *out_;
  if (v.tag != Tag::text) {
    out.error = true;
    out.error_code = "E_DATA_STAGE";
    fmt::format_to(std::back_inserter(out.error_message), "{}: a stage name must be text", field.path);
    return false;
  }
  std::string_view name = v.as_text();
  const auto& stages = funnel_->stages;
  for (std::size_t s = 0; s < stages.size(); ++s) {
    if (stages[s].name == name) {
      out.from = static_cast<std::int32_t>(s);
      out.stage = out.from;
      return true;
    }
  }
  // The error path may allocate.
  out.error = true;
  out.error_code = "E_DATA_STAGE";
  std::string_view shown = echo(name);
  fmt::format_to(std::back_inserter(out.error_message), "{}: unknown stage `{}{}` in funnel `{}`",
                 field.path, shown, shown.size() < name.size() ? "..." : "", funnel_->name);
  std::vector<std::string> names;
  for (const auto& s : stages) names.push_back(s.name);
  std::string suggestion = closest_name(std::string(shown), names);
  if (!suggestion.empty()) fmt::format_to(std::back_inserter(out.error_message), " (did you mean `{}`?)", suggestion);
  return false;
}

// Step 3: the first transition whose source matches C and whose `when` holds. A
// terminal C is never left; `any` also matches a record with no C yet (a new
// competitor lead is disqualified at once, not placed first); a transition into C
// itself does not match (the record is already there), so `any -> Disqualified`
// leaves a disqualified record alone.
bool Evaluator::try_transitions() {
  std::int32_t c = out_->from;
  if (c >= 0 && funnel_->stages[static_cast<std::size_t>(c)].kind == ir::StageKind::terminal) return true;
  const auto& transitions = funnel_->transitions;
  const Path& path = paths_[static_cast<std::size_t>(funnel_index_)];
  const auto first = static_cast<std::size_t>(path.candidate_first[static_cast<std::size_t>(c + 1)]);
  const auto last = static_cast<std::size_t>(path.candidate_first[static_cast<std::size_t>(c + 2)]);
  for (std::size_t i = first; i < last; ++i) {  // Path::candidates: source and target already match
    const auto t = static_cast<std::size_t>(path.candidates[i]);
    const ir::Transition& tr = transitions[t];
    bool when = false;
    if (!test_chunk(tr.when, path.when_plan[t], when)) return false;
    if (!when) continue;
    out_->transition = static_cast<std::int32_t>(t);
    out_->outcome = Outcome::transition;
    out_->stage = tr.target;
    out_->entered.push_back(tr.target);
    return true;
  }
  return true;
}

// Step 4: forward-only advance along the main path.
bool Evaluator::advance() {
  EvalResult& out = *out_;
  std::int32_t c = out.from;
  if (c >= 0) {
    ir::StageKind kind = funnel_->stages[static_cast<std::size_t>(c)].kind;
    if (kind == ir::StageKind::terminal) { out.outcome = Outcome::stayed_terminal; return true; }
    if (kind == ir::StageKind::side) { out.outcome = Outcome::stayed_side; return true; }
  }
  const Path& path = paths_[static_cast<std::size_t>(funnel_index_)];
  std::int32_t from_rank = c >= 0 ? path.rank[static_cast<std::size_t>(c)] : -1;
  // M: the most advanced main-path stage beyond C whose entry holds. Searching from
  // the end stops at the first hit, so stages before M are not evaluated.
  std::int32_t m = -1;
  for (std::int32_t r = static_cast<std::int32_t>(path.stages.size()) - 1; r > from_rank; --r) {
    std::int32_t s = path.stages[static_cast<std::size_t>(r)];
    bool entry = false;
    const auto i = static_cast<std::size_t>(s);
    if (!test_chunk(funnel_->stages[i].entry, path.entry_plan[i], entry)) return false;
    if (entry) { m = s; break; }
  }
  if (m < 0) {
    if (c >= 0) { out.outcome = Outcome::stayed_no_further; return true; }
    return explain_unstaged();
  }
  if (c < 0) {  // no history: placed in M alone
    out.outcome = Outcome::placed;
    out.stage = m;
    out.entered.push_back(m);
    return true;
  }
  bool exit = false;
  const auto ci = static_cast<std::size_t>(c);
  if (!test_chunk(funnel_->stages[ci].exit, path.exit_plan[ci], exit)) return false;
  if (!exit) {
    out.outcome = Outcome::stayed_exit;
    out.candidate = m;
    return true;
  }
  return move_along_path(from_rank, m);
}

// C -> M: enters every `main` stage strictly between them, then M. Terminal stages
// between them are outcomes, not steps, and are not passed over (Opportunity ->
// Lost does not enter Won).
bool Evaluator::move_along_path(std::int32_t from_rank, std::int32_t to) {
  EvalResult& out = *out_;
  const Path& path = paths_[static_cast<std::size_t>(funnel_index_)];
  std::int32_t to_rank = path.rank[static_cast<std::size_t>(to)];
  for (std::int32_t r = from_rank + 1; r < to_rank; ++r) {
    std::int32_t s = path.stages[static_cast<std::size_t>(r)];
    if (funnel_->stages[static_cast<std::size_t>(s)].kind == ir::StageKind::main) out.entered.push_back(s);
  }
  out.entered.push_back(to);
  out.outcome = Outcome::advanced;
  out.stage = to;
  return true;
}

// No C and no entry holds: say which main-path stage came nearest (fewest entry
// terms not true; the earliest on a tie) and what it lacks. A term that faults
// counts as not true here: the entry itself did not fault (it short-circuited).
bool Evaluator::explain_unstaged() {
  EvalResult& out = *out_;
  out.outcome = Outcome::unstaged;
  const Path& path = paths_[static_cast<std::size_t>(funnel_index_)];
  if (path.stages.empty()) {
    fmt::format_to(std::back_inserter(out.unstaged_reason), "funnel `{}` has no main-path stage", funnel_->name);
    return true;
  }
  auto holds = [&](ir::Chunk chunk) {
    Fault fault;
    return machine_.eval(chunk, fault).is_true() && !fault;
  };
  std::int32_t best = -1;
  std::size_t best_missing = SIZE_MAX;
  for (std::int32_t s : path.stages) {
    const ir::Stage& stage = funnel_->stages[static_cast<std::size_t>(s)];
    std::size_t missing = stage.entry_terms.empty() ? 1 : 0;
    for (const ir::Term& term : stage.entry_terms) missing += holds(term.condition) ? 0 : 1;
    if (missing < best_missing) { best = s; best_missing = missing; }
  }
  out.candidate = best;
  const ir::Stage& nearest = funnel_->stages[static_cast<std::size_t>(best)];
  auto reason = std::back_inserter(out.unstaged_reason);
  fmt::format_to(reason, "no stage's entry holds; nearest: {} needs ", nearest.name);
  bool first = true;
  for (const ir::Term& term : nearest.entry_terms) {
    if (holds(term.condition)) continue;
    fmt::format_to(reason, "{}`{}`", first ? "" : " and ", term.text);
    first = false;
  }
  // A condition without terms (or whose terms all hold though the whole does not,
  // e.g. through a short-circuit) is named as a whole.
  if (first) fmt::format_to(reason, "its entry");
  return true;
}

}  // namespace sluice::rt
