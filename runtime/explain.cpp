// Building an Explanation from an evaluated record (see explain.hpp).
#include "runtime/explain.hpp"

#include <iterator>

#include <fmt/format.h>

#include "runtime/format_value.hpp"
#include "runtime/idempotency.hpp"
#include "runtime/timefmt.hpp"

namespace sluice::rt {
namespace {

// The next element of a list being refilled: a kept one (its storage reused; the
// caller sets every member) or a new one. The caller trims the list to `used`.
template <class T>
T& refill(std::vector<T>& list, std::size_t& used) {
  if (used == list.size()) list.emplace_back();
  return list[used++];
}

Truth truth_of(const Value& v) {
  if (v.is_true()) return Truth::true_;
  if (v.is_false()) return Truth::false_;
  return Truth::unset;
}

class Explainer {
 public:
  Explainer(Evaluator& ev, const EvalResult& result)
      : ev_(ev), r_(result), ir_(ev.program().ir),
        funnel_(result.funnel >= 0 ? &ir_.funnels[static_cast<std::size_t>(result.funnel)] : nullptr) {}

  // Fills `e` (its strings cleared, its lists as the last record left them).
  void run(Explanation& e);

 private:
  Evaluator& ev_;
  const EvalResult& r_;
  const ir::Program& ir_;
  const ir::Funnel* funnel_;

  const ir::Stage& stage(std::int32_t s) const { return funnel_->stages[static_cast<std::size_t>(s)]; }
  const std::string& stage_name(std::int32_t s) const {
    static const std::string none;
    return s >= 0 ? stage(s).name : none;
  }
  Truth eval_truth(ir::Chunk chunk, std::string* fault_text);
  ValueShape shape_of(ir::Chunk chunk) const;
  void term(const ir::Term& t, TermExplanation& out);
  void condition(const std::string& stage, const char* kind, ir::Chunk whole, const std::vector<ir::Term>& terms,
                 ConditionExplanation& c);
  std::string terms_text(const std::vector<ir::Term>& terms) const;
  std::string rule();
  void next_and_exit(Explanation& e);
  void side_transitions(Explanation& e);
  void qualifications(Explanation& e);
  void sla(Explanation& e);
};

Truth Explainer::eval_truth(ir::Chunk chunk, std::string* fault_text) {
  Fault fault;
  Value v = ev_.machine().eval(chunk, fault);
  if (fault) {
    if (fault_text) *fault_text = fault_message(fault.code);
    return Truth::error;
  }
  return truth_of(v);
}

// A term's left operand that is a plain field read gets that field's shape, so a
// list of objects is shown with its field names.
ValueShape Explainer::shape_of(ir::Chunk chunk) const {
  if (chunk.length == 1 && chunk.start >= 0 && static_cast<std::size_t>(chunk.start) < ir_.code.size()) {
    const ir::Instr& in = ir_.code[static_cast<std::size_t>(chunk.start)];
    if (in.op == ir::Opcode::LOAD) {
      const ir::Record& rec = ir_.records[static_cast<std::size_t>(funnel_->record)];
      return shape_of_slot(ir_, rec.layout, in.a);
    }
  }
  return {&ir_, -1};
}

void Explainer::term(const ir::Term& t, TermExplanation& out) {
  out.text = t.text;
  out.detail.clear();
  out.holds = eval_truth(t.condition, &out.detail);
  if (out.holds == Truth::error || !t.value.present()) return;
  Fault fault;
  Value left = ev_.machine().eval(t.value, fault);
  auto detail = std::back_inserter(out.detail);
  if (fault) {
    fmt::format_to(detail, "{}: {}", t.value_text, fault_message(fault.code));
  } else if (!left.is_set()) {
    fmt::format_to(detail, "{} is not set, needs {}", t.value_text, t.need);
  } else {
    fmt::format_to(detail, "{} = {}, needs {}", t.value_text, value_to_text(left, shape_of(t.value)), t.need);
  }
}

void Explainer::condition(const std::string& stage, const char* kind, ir::Chunk whole,
                          const std::vector<ir::Term>& terms, ConditionExplanation& c) {
  c.stage = stage;
  c.kind = kind;
  c.label.clear();
  c.holds = eval_truth(whole, nullptr);
  std::size_t used = 0;
  for (const ir::Term& t : terms) term(t, refill(c.terms, used));
  c.terms.resize(used);
}

std::string Explainer::terms_text(const std::vector<ir::Term>& terms) const {
  std::string text;
  for (const ir::Term& t : terms) text += (text.empty() ? "" : " and ") + t.text;
  return text;
}

std::string Explainer::rule() {
  switch (r_.outcome) {
    case Outcome::none: return r_.error ? r_.error_message : std::string();
    case Outcome::no_funnel: return r_.unstaged_reason;
    case Outcome::unstaged: return r_.unstaged_reason;
    case Outcome::transition: {
      const ir::Transition& t = funnel_->transitions[static_cast<std::size_t>(r_.transition)];
      std::string name = t.label.empty() ? std::string("transition") : fmt::format("transition `{}`", t.label);
      std::string when = terms_text(t.when_terms);
      return fmt::format("{} ({} -> {}) fired{}", name, stage_name(r_.from), stage_name(r_.stage),
                         when.empty() ? std::string() : fmt::format(": `{}` holds", when));
    }
    case Outcome::placed:
      return fmt::format("entry of {} held (the most advanced stage whose entry holds; it had no stage)",
                         stage_name(r_.stage));
    case Outcome::advanced: {
      std::string passed;
      for (std::size_t i = 0; i + 1 < r_.entered.size(); ++i)
        passed += (passed.empty() ? "" : ", ") + stage_name(r_.entered[i]);
      return fmt::format("entry of {} held{}", stage_name(r_.stage),
                         passed.empty() ? std::string() : fmt::format(" (passing {})", passed));
    }
    case Outcome::stayed_terminal: return fmt::format("{} is terminal, so it stays", stage_name(r_.stage));
    case Outcome::stayed_side:
      return fmt::format("{} is a side stage and no transition from it fired, so it stays", stage_name(r_.stage));
    case Outcome::stayed_exit: {
      const ir::Stage& c = stage(r_.stage);
      std::string exit = terms_text(c.exit_terms);
      Truth t = eval_truth(c.exit, nullptr);
      return fmt::format("exit of {}{} is {}, so it stays (entry of {} holds)", c.name,
                         exit.empty() ? std::string() : fmt::format(" (`{}`)", exit),
                         t == Truth::unset ? "not set" : "false", stage_name(r_.candidate));
    }
    case Outcome::stayed_no_further:
      return fmt::format("no further stage's entry holds, so it stays in {}", stage_name(r_.stage));
  }
  return {};
}

// The entry of the next main-path stage (for an unstaged record: the nearest one)
// and the exit of the current stage.
void Explainer::next_and_exit(Explanation& e) {
  std::int32_t next = -1;
  std::size_t exits = 0, nexts = 0;
  if (r_.stage < 0) {
    next = r_.candidate;
  } else if (stage(r_.stage).kind == ir::StageKind::main) {
    const auto& path = ev_.main_path(r_.funnel);
    std::size_t rank = static_cast<std::size_t>(ev_.rank(r_.funnel, r_.stage));
    if (rank + 1 < path.size()) next = path[rank + 1];
    const ir::Stage& here = stage(r_.stage);
    if (here.exit.present()) condition(here.name, "exit", here.exit, here.exit_terms, refill(e.exit, exits));
  }
  e.exit.resize(exits);
  if (next >= 0) {
    const ir::Stage& s = stage(next);
    condition(s.name, "entry", s.entry, s.entry_terms, refill(e.next, nexts));
  }
  e.next.resize(nexts);
}

// A side stage is left only by a transition: show each that could fire from it.
void Explainer::side_transitions(Explanation& e) {
  if (r_.stage < 0 || stage(r_.stage).kind != ir::StageKind::side) {
    e.transitions.clear();
    return;
  }
  std::size_t used = 0;
  for (const ir::Transition& t : funnel_->transitions) {
    if (t.target == r_.stage) continue;
    bool from_here = t.from_any;
    for (std::int32_t s : t.sources) from_here = from_here || s == r_.stage;
    if (!from_here) continue;
    ConditionExplanation& c = refill(e.transitions, used);
    condition(stage_name(t.target), "when", t.when, t.when_terms, c);
    c.label = t.label;
  }
  e.transitions.resize(used);
}

void Explainer::qualifications(Explanation& e) {
  const auto& quals = funnel_->qualifications;
  std::size_t used = 0;
  for (std::size_t q = 0; q < quals.size() && q < r_.qualifications.size(); ++q) {
    if (!quals[q].reported) continue;
    const QualResult& res = r_.qualifications[q];
    QualificationExplanation& x = refill(e.qualifications, used);
    x.name = quals[q].name;
    x.label = quals[q].label;
    x.passed = truth_of(res.passed);
    x.score = res.score;
    std::size_t met_used = 0, missing_used = 0;
    for (std::size_t c = 0; c < quals[q].criteria.size(); ++c) {
      bool met = c < res.met.size() && res.met[c] != 0;
      (met ? refill(x.met, met_used) : refill(x.missing, missing_used)) = quals[q].criteria[c].name;
    }
    x.met.resize(met_used);
    x.missing.resize(missing_used);
  }
  e.qualifications.resize(used);
}

void Explainer::sla(Explanation& e) {
  if (r_.sla.state == SlaState::none || r_.sla.stage < 0) return;
  const ir::Sla& s = stage(r_.sla.stage).sla;
  SlaExplanation x;
  x.state = r_.sla.state == SlaState::ok ? "ok" : r_.sla.state == SlaState::breached ? "breached" : "unknown";
  x.stage = stage_name(r_.sla.stage);
  std::string calendar = s.calendar >= 0 && static_cast<std::size_t>(s.calendar) < ir_.calendars.size()
                             ? ir_.calendars[static_cast<std::size_t>(s.calendar)].name
                             : std::string();
  switch (s.kind) {
    case ir::SlaKind::none: break;
    case ir::SlaKind::duration: x.limit = format_duration(s.duration_ms); break;
    case ir::SlaKind::business_days: x.limit = fmt::format("{} business days in {}", s.amount, calendar); break;
    case ir::SlaKind::business_hours: x.limit = fmt::format("{} business hours in {}", s.amount, calendar); break;
  }
  x.due_ms = r_.sla.due_ms;
  x.overdue_ms = r_.sla.overdue_ms;
  e.sla.push_back(std::move(x));
}

void Explainer::run(Explanation& e) {
  e.error = r_.error;
  e.error_code = r_.error_code;
  e.error_message = r_.error_message;
  if (funnel_ != nullptr) {
    e.funnel = funnel_->name;
    const ir::Record& rec = ir_.records[static_cast<std::size_t>(funnel_->record)];
    if (rec.key_slot >= 0 && ev_.slots() != nullptr) append_key_text(ev_.slots()[rec.key_slot], e.key);
  }
  e.rule = rule();
  // An error record's decision was dropped, and the Machine may hold another
  // funnel: nothing more can be said about it.
  if (r_.error || funnel_ == nullptr) {
    e.entered.clear();
    e.next.clear();
    e.exit.clear();
    e.transitions.clear();
    e.qualifications.clear();
    return;
  }
  e.stage = stage_name(r_.stage);
  e.from = stage_name(r_.from);
  e.moved = r_.moved;
  std::size_t entered = 0;
  for (std::int32_t s : r_.entered) refill(e.entered, entered) = stage_name(s);
  e.entered.resize(entered);
  next_and_exit(e);
  side_transitions(e);
  qualifications(e);
  sla(e);
}

// Its texts emptied and its SLA dropped; Explainer::run refills (or empties) the
// other lists, keeping the storage of their elements.
void clear(Explanation& e) {
  e.key.clear();
  e.error = false;
  e.error_code.clear();
  e.error_message.clear();
  e.funnel.clear();
  e.stage.clear();
  e.from.clear();
  e.moved = false;
  e.rule.clear();
  e.sla.clear();
}

}  // namespace

const char* truth_name(Truth t) {
  switch (t) {
    case Truth::true_: return "true";
    case Truth::false_: return "false";
    case Truth::unset: return "not set";
    case Truth::error: return "error";
  }
  return "not set";
}

Explanation explain(Evaluator& evaluator, const EvalResult& result) {
  Explanation e;
  Explainer(evaluator, result).run(e);
  return e;
}

void explain_into(Evaluator& evaluator, const EvalResult& result, Explanation& out) {
  clear(out);
  Explainer(evaluator, result).run(out);
}

}  // namespace sluice::rt
