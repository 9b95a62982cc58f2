// `sluice test --coverage`: what the tests of a policy exercised, per funnel
// (docs/testing.md, "Coverage"). Items are
//   - each stage: entered by some test record (placed, advanced into, passed over
//     on the way, or reached by a transition);
//   - each criterion — a stage's `entry` and `exit` and each criterion of a
//     reported qualification — counted twice: seen true, and seen false or not set;
//   - each transition: fired for some test record.
// Every test record that was evaluated without an error is checked against every
// criterion of the funnel it was evaluated in, not only those its decision
// consulted: the recorder evaluates them with the Evaluator's Machine right after
// evaluate(), so the hot evaluation path carries no coverage cost.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "compiler/ir.hpp"
#include "runtime/evaluate.hpp"
#include "runtime/result.hpp"

namespace sluice::rt {

struct StageCoverage {
  std::string name;
  std::string where;   // "policy.funnel:17:3"
  bool entered = false;
};

struct CriterionCoverage {
  std::string what;    // "entry of `MQL`", "exit of `MQL`", "criterion `budget` of `BANT`"
  std::string where;
  bool seen_true = false;
  bool seen_false = false;  // false or not set
};

struct TransitionCoverage {
  std::string what;    // "transition `stale` (MQL -> Recycled)", "transition (any -> Lost)"
  std::string where;
  bool fired = false;
};

struct CoverageCount {
  std::size_t covered = 0, total = 0;
  // 100 when there is nothing to cover.
  double percent() const { return total == 0 ? 100.0 : 100.0 * static_cast<double>(covered) / static_cast<double>(total); }
  // Exact: no rounding decides a threshold.
  bool below(double min_percent) const { return static_cast<double>(covered) * 100.0 < min_percent * static_cast<double>(total); }
  CoverageCount& operator+=(const CoverageCount& o) {
    covered += o.covered;
    total += o.total;
    return *this;
  }
};

struct FunnelCoverage {
  std::string funnel;
  std::vector<StageCoverage> stages;
  std::vector<CriterionCoverage> criteria;
  std::vector<TransitionCoverage> transitions;

  CoverageCount stage_count() const;
  CoverageCount criterion_count() const;  // two items per criterion
  CoverageCount transition_count() const;
  CoverageCount count() const;            // the three added up
  // "policy.funnel:17:3  stage `Lost` never entered", in the order of the funnel.
  std::vector<std::string> not_exercised() const;
};

CoverageCount total_coverage(const std::vector<FunnelCoverage>& funnels);

class CoverageRecorder {
 public:
  // Every funnel of the program, with nothing exercised yet.
  explicit CoverageRecorder(const ir::Program& program);

  // Records one test record; call right after evaluator.evaluate(..., result). An
  // error result records nothing (the Machine may hold another funnel).
  void observe(Evaluator& evaluator, const EvalResult& result);

  const std::vector<FunnelCoverage>& funnels() const { return funnels_; }

 private:
  std::vector<FunnelCoverage> funnels_;
  // Per funnel, parallel to FunnelCoverage::criteria: the condition of each.
  std::vector<std::vector<ir::Chunk>> conditions_;
};

}  // namespace sluice::rt
