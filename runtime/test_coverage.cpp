// Recording and counting `sluice test --coverage` (see test_coverage.hpp).
#include "runtime/test_coverage.hpp"

#include <fmt/format.h>

namespace sluice::rt {

namespace {

std::string where_of(const ir::Program& ir, const ir::SrcPos& pos) {
  const bool known = pos.file >= 0 && static_cast<std::size_t>(pos.file) < ir.files.size();
  return fmt::format("{}:{}:{}", known ? ir.files[static_cast<std::size_t>(pos.file)] : "?", pos.line, pos.column);
}

// A condition has no position of its own: its first instruction's is where it is written.
std::string where_of(const ir::Program& ir, ir::Chunk chunk) {
  if (chunk.start < 0 || static_cast<std::size_t>(chunk.start) >= ir.spans.size()) return "?:0:0";
  return where_of(ir, ir.spans[static_cast<std::size_t>(chunk.start)]);
}

std::string stage_name(const ir::Funnel& f, std::int32_t s) {
  return s >= 0 && static_cast<std::size_t>(s) < f.stages.size() ? f.stages[static_cast<std::size_t>(s)].name
                                                                   : std::string("?");
}

std::string transition_what(const ir::Funnel& f, const ir::Transition& t) {
  std::string sources;
  if (t.from_any) sources = "any";
  for (std::int32_t s : t.sources) sources += (sources.empty() ? "" : ", ") + stage_name(f, s);
  const std::string arrow = fmt::format("{} -> {}", sources, stage_name(f, t.target));
  return t.label.empty() ? fmt::format("transition ({})", arrow) : fmt::format("transition `{}` ({})", t.label, arrow);
}

template <class T, class Pred>
CoverageCount count_of(const std::vector<T>& items, Pred covered) {
  CoverageCount c;
  for (const T& item : items) {
    c.total += 1;
    c.covered += covered(item) ? 1 : 0;
  }
  return c;
}

}  // namespace

CoverageCount FunnelCoverage::stage_count() const {
  return count_of(stages, [](const StageCoverage& s) { return s.entered; });
}

CoverageCount FunnelCoverage::criterion_count() const {
  CoverageCount c;
  for (const CriterionCoverage& k : criteria) {
    c.total += 2;
    c.covered += (k.seen_true ? 1 : 0) + (k.seen_false ? 1 : 0);
  }
  return c;
}

CoverageCount FunnelCoverage::transition_count() const {
  return count_of(transitions, [](const TransitionCoverage& t) { return t.fired; });
}

CoverageCount FunnelCoverage::count() const {
  CoverageCount c = stage_count();
  c += criterion_count();
  c += transition_count();
  return c;
}

std::vector<std::string> FunnelCoverage::not_exercised() const {
  std::vector<std::string> out;
  for (const StageCoverage& s : stages) {
    if (!s.entered) out.push_back(fmt::format("{}  stage `{}` never entered", s.where, s.name));
  }
  for (const CriterionCoverage& k : criteria) {
    if (k.seen_true && k.seen_false) continue;
    const char* never = !k.seen_true && !k.seen_false ? "never evaluated"
                        : !k.seen_true               ? "never seen true"
                                                     : "never seen false";
    out.push_back(fmt::format("{}  {} {}", k.where, k.what, never));
  }
  for (const TransitionCoverage& t : transitions) {
    if (!t.fired) out.push_back(fmt::format("{}  {} never fired", t.where, t.what));
  }
  return out;
}

CoverageCount total_coverage(const std::vector<FunnelCoverage>& funnels) {
  CoverageCount c;
  for (const FunnelCoverage& f : funnels) c += f.count();
  return c;
}

CoverageRecorder::CoverageRecorder(const ir::Program& program) {
  for (const ir::Funnel& f : program.funnels) {
    FunnelCoverage cov;
    std::vector<ir::Chunk> conditions;
    cov.funnel = f.name;
    auto criterion = [&](std::string what, ir::Chunk chunk) {
      if (!chunk.present()) return;  // an omitted condition always holds: nothing to exercise
      cov.criteria.push_back({std::move(what), where_of(program, chunk), false, false});
      conditions.push_back(chunk);
    };
    for (const ir::Stage& s : f.stages) {
      cov.stages.push_back({s.name, where_of(program, s.pos), false});
      criterion(fmt::format("entry of `{}`", s.name), s.entry);
      criterion(fmt::format("exit of `{}`", s.name), s.exit);
    }
    for (const ir::Qualification& q : f.qualifications) {
      if (!q.reported) continue;  // used nowhere: it cannot change a decision
      for (const ir::Criterion& c : q.criteria) {
        criterion(fmt::format("criterion `{}` of `{}`", c.name, q.name), c.condition);
      }
    }
    for (const ir::Transition& t : f.transitions) {
      cov.transitions.push_back({transition_what(f, t), where_of(program, t.pos), false});
    }
    funnels_.push_back(std::move(cov));
    conditions_.push_back(std::move(conditions));
  }
}

void CoverageRecorder::observe(Evaluator& evaluator, const EvalResult& result) {
  if (result.error || result.funnel < 0 || static_cast<std::size_t>(result.funnel) >= funnels_.size()) return;
  FunnelCoverage& cov = funnels_[static_cast<std::size_t>(result.funnel)];
  for (std::int32_t s : result.entered) {
    if (s >= 0 && static_cast<std::size_t>(s) < cov.stages.size()) cov.stages[static_cast<std::size_t>(s)].entered = true;
  }
  if (result.transition >= 0 && static_cast<std::size_t>(result.transition) < cov.transitions.size()) {
    cov.transitions[static_cast<std::size_t>(result.transition)].fired = true;
  }
  const std::vector<ir::Chunk>& conditions = conditions_[static_cast<std::size_t>(result.funnel)];
  for (std::size_t i = 0; i < conditions.size(); ++i) {
    Fault fault;
    const Value v = evaluator.machine().eval(conditions[i], fault);
    if (fault) continue;  // a fault is neither true nor false
    CriterionCoverage& k = cov.criteria[i];
    if (v.is_true()) k.seen_true = true;
    else k.seen_false = true;
  }
}

}  // namespace sluice::rt
