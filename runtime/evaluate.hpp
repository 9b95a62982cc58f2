// The funnel evaluator (language.md §6, docs/semantics.md): one record, one as-of
// instant -> an EvalResult (stage, moves, stamps, actions, SLA, qualifications).
// One Evaluator per worker thread; it owns the expression Machine. No exceptions
// and, once warmed up, no heap allocation per record: the EvalResult's vectors are
// cleared and reused.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "compiler/ir.hpp"
#include "runtime/program.hpp"
#include "runtime/result.hpp"
#include "runtime/value.hpp"
#include "runtime/vm.hpp"

namespace sluice::rt {

class Evaluator {
 public:
  // `record` (an index of Program::records) is the record type the slots are read
  // as; -1 means the record of the first funnel. When no funnel is named, only the
  // funnels over that record are candidates.
  explicit Evaluator(const LoadedProgram& program, std::int32_t record = -1);

  // Evaluates one record. `funnel_or_minus1`: a Program::funnels index, or -1 to
  // take the first funnel whose `applies` holds. Text and list Values in `out`
  // may point into the Machine's arena or into `slots`: they are valid until the
  // next evaluate() and as long as `slots` is.
  void evaluate(const Value* slots, std::int32_t funnel_or_minus1, std::int64_t as_of_ms,
                EvalResult& out);

  // After evaluate(): the Machine still holds that record and funnel, so explain
  // (runtime/explain.hpp) can evaluate single terms of it.
  Machine& machine() { return machine_; }
  const LoadedProgram& program() const { return program_; }
  std::int32_t record() const { return record_; }
  const Value* slots() const { return slots_; }
  std::int64_t as_of() const { return as_of_; }

  // The main path of a funnel: its `main` and `terminal` stages in the order
  // written (side stages are off it), and each stage's rank on it (-1: side).
  const std::vector<std::int32_t>& main_path(std::int32_t funnel) const { return paths_[funnel].stages; }
  std::int32_t rank(std::int32_t funnel, std::int32_t stage) const { return paths_[funnel].rank[stage]; }

 private:
  struct Path {
    std::vector<std::int32_t> stages;
    std::vector<std::int32_t> rank;
    // Per transition: its label, or "-> Target" when it has none (idempotency keys).
    std::vector<std::string> transition_context;
    // The Machine's plans (nullptr: none) of each stage's entry and exit and each
    // transition's `when`, looked up once.
    std::vector<const Plan*> entry_plan, exit_plan, when_plan;
    const Plan* applies_plan = nullptr;
    // The transitions that may fire from each current stage, in order: those of
    // stage c are candidates[candidate_first[c + 1] .. candidate_first[c + 2]) (c = -1:
    // no current stage).
    std::vector<std::int32_t> candidates, candidate_first;
  };

  const LoadedProgram& program_;
  Machine machine_;
  std::int32_t record_ = -1;
  std::vector<Path> paths_;

  // The evaluation in progress.
  const Value* slots_ = nullptr;
  std::int64_t as_of_ = 0;
  std::int32_t funnel_index_ = -1;
  const ir::Funnel* funnel_ = nullptr;
  EvalResult* out_ = nullptr;
  std::string key_text_;             // the record key, as hashed into idempotency keys
  bool key_ready_ = false;           // key_text_ is this record's
  std::vector<std::int32_t> scratch_;  // term counts for the unstaged reason

  // evaluate.cpp: the decision
  bool eval_chunk(ir::Chunk chunk, Value& value);
  // A condition: `holds` when it is true (false and unset do not hold).
  // `plan`: machine_.plan_of(chunk), looked up once (Path).
  bool test_chunk(ir::Chunk chunk, const Plan* plan, bool& holds);
  bool fail_fault(const Fault& fault);
  const std::string& key_text();
  bool choose_funnel(std::int32_t funnel);
  bool read_current_stage();
  bool try_transitions();
  bool advance();
  bool explain_unstaged();
  bool move_along_path(std::int32_t from_rank, std::int32_t to);

  // evaluate_effects.cpp: what a decision does
  bool apply_move();
  bool run_actions(const std::vector<ir::Action>& actions, std::int32_t stage,
                   const std::string& context);
  bool emit(const ir::Action& action, std::int32_t stage, const std::string& context);
  void put_set(std::int32_t slot, Value value);
  void stamp(std::int32_t slot);
  bool is_set_now(std::int32_t slot) const;
  bool collect_qualifications();
  void compute_sla();
};

}  // namespace sluice::rt
