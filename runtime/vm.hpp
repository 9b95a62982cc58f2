// The expression machine: runs a Chunk of the flat instruction array against one
// record. No exceptions, no heap allocation per record (the arena is reset per
// record). A fault (overflow, division by zero, bad value) stops the chunk and is
// reported as a Fault value, not thrown.
#pragma once
#include <cstdint>
#include <vector>

#include "compiler/ir.hpp"
#include "runtime/arena.hpp"
#include "runtime/program.hpp"
#include "runtime/value.hpp"
#include "runtime/vm_ops.hpp"
#include "runtime/vm_plan.hpp"

namespace sluice::rt {

enum class FaultCode : std::uint8_t {
  none,
  overflow,       // E_OVERFLOW: integer overflow
  div_zero,       // E_DIV_ZERO: division by zero
  bad_value,      // E_VALUE: a value out of range (non-finite number, bad date)
  limit,          // E_LIMIT: a run-time limit (stack depth, list size)
  steps,          // E_LIMIT: more quantifier steps than the record's budget
};

// Quantifier iterations allowed for one record in one funnel (`--limit eval-steps=N`).
// Without loops a chunk runs each instruction at most once and lets and
// qualifications are memoised, so evaluating a record costs at most about
// |IR instructions| x (1 + this budget) steps, however the record is shaped.
inline constexpr std::int64_t kDefaultEvalSteps = 10'000'000;
const char* fault_code_name(FaultCode c);     // "E_DIV_ZERO"
const char* fault_message(FaultCode c);       // "division by zero"

struct Fault {
  FaultCode code = FaultCode::none;
  std::int32_t pc = -1;          // instruction; Program::spans[pc] gives file:line:col
  explicit operator bool() const { return code != FaultCode::none; }
};

// A condition's three-valued truth: yes or no when it evaluates to a bool, else
// unknown (unset, or a value of another kind).
enum class Tri : std::uint8_t { no, yes, unknown };
inline Tri tri_of(const Value& v) {
  return v.tag != Tag::boolean ? Tri::unknown : (v.u.b ? Tri::yes : Tri::no);
}

// Qualification outcome for one record.
struct QualResult {
  Value passed;                  // bool or unset
  std::int64_t score = 0;        // sum of weights of criteria that held (true)
  std::vector<std::uint8_t> met; // per criterion: 1 when it held (true)
};

// Values for the RESULT opcode (test expectations).
struct ResultView {
  Value stage, from, moved, entered, funnel, unstaged;
};

// One per worker thread. Not thread-safe; cheap to reuse across records.
class Machine {
 public:
  explicit Machine(const LoadedProgram& program);

  // Start a record: `slots` must outlive the evaluation; `as_of_ms` is `now`.
  void begin(const ir::Funnel& funnel, const Value* slots, std::int64_t as_of_ms);
  // Evaluate one chunk. An absent chunk evaluates to true.
  Value eval(ir::Chunk chunk, Fault& fault) {
    sp_ = 0;
    level_ = 0;
    return run_chunk(chunk, fault);
  }
  // tri_of(eval(chunk, fault)), without building the Value for planned chunks:
  // what conditions (entries, transitions, criteria) need.
  Tri test(ir::Chunk chunk, Fault& fault);
  // Whether `chunk` has a plan (vm_plan.hpp): it skips the instruction loop.
  bool planned(ir::Chunk chunk) const { return chunk.present() && plan_for(chunk) != nullptr; }
  // Evaluate (once per record, memoised) qualification q of the current funnel.
  const QualResult& qualification(std::int32_t q, Fault& fault);
  void set_result(const ResultView* result) { result_ = result; }
  // Quantifier iterations allowed per record from now on (kDefaultEvalSteps).
  void set_step_budget(std::int64_t steps) { step_budget_ = steps; }
  Arena& arena() { return arena_; }

 private:
  // An active quantifier (ANY/ALL/COUNT): the list, the element bound, the tally.
  struct Loop {
    const Value* elems = nullptr;
    std::uint32_t len = 0, index = 0;
    std::uint16_t width = 1;
    ir::Opcode kind = ir::Opcode::ANY;
    bool active = false;
    bool unknown = false;          // a body result was not set (ANY/ALL)
    std::int32_t body = 0, end = 0;  // body start; the instruction after the body
    std::int32_t outer = -1;       // the enclosing active loop's depth, -1 none
    std::int64_t count = 0;        // COUNT
  };

  const LoadedProgram& program_;
  const ir::Funnel* funnel_ = nullptr;
  const Value* slots_ = nullptr;
  std::int64_t as_of_ = 0;
  const ResultView* result_ = nullptr;
  std::int64_t step_budget_ = kDefaultEvalSteps;
  std::int64_t steps_left_ = kDefaultEvalSteps;  // reset by begin()
  Arena arena_;
  // Chunks that run inside a chunk (a let, a qualification) stack on top of it: one
  // "level" each, at most max_levels_, each needing at most chunk_depth_ values and
  // loop_depth_ quantifier slots.
  std::vector<Value> stack_;
  std::size_t sp_ = 0;             // where the next run's values start
  std::size_t chunk_depth_ = 1;
  std::vector<Loop> loops_;        // level * loop_depth_ + depth
  std::size_t loop_depth_ = 1;
  int level_ = 0, max_levels_ = 1;
  std::vector<Value> lets_;
  std::vector<std::uint8_t> let_state_;    // 0 not computed, 1 computing, 2 done
  std::vector<QualResult> quals_;
  std::vector<std::uint8_t> qual_state_;   // 0 not computed, 1 criteria, 2 pass chunk, 3 done
  QualResult no_qual_;             // returned for a bad index
  // Plans of the program's chunks (vm_plan.hpp) in order of start; plan_at_[pc] is
  // the first plan of a chunk starting at pc, -1 none (chunks of different lengths,
  // e.g. an entry and its first term, may start at one pc).
  std::vector<Plan> plans_;
  std::vector<std::int32_t> plan_at_;

  void build_plans();
  Value run(std::int32_t start, std::int32_t end, Fault& fault);
  // At sp_; absent = true. Inline: most chunks are short conditions with a plan.
  Value run_chunk(ir::Chunk chunk, Fault& fault) {
    if (!chunk.present()) return Value::boolean(true);
    if (const Plan* plan = runnable_plan(chunk)) return run_plan(*plan, fault);
    return run(chunk.start, chunk.start + chunk.length, fault);
  }
  // tri_of(run_chunk(chunk, fault)).
  [[gnu::always_inline]] Tri test_chunk(ir::Chunk chunk, Fault& fault) {
    if (!chunk.present()) return Tri::yes;
    if (const Plan* plan = runnable_plan(chunk)) return plan_tri(*plan, fault);
    return tri_of(run(chunk.start, chunk.start + chunk.length, fault));
  }
  // The plan of a present chunk when it may run now: run()'s level limit and its
  // LOAD check fault in run(), so a plan leaves both cases to it.
  const Plan* runnable_plan(ir::Chunk chunk) const {
    return level_ < max_levels_ && slots_ != nullptr ? plan_for(chunk) : nullptr;
  }
  const Plan* plan_for(ir::Chunk chunk) const {
    const auto start = static_cast<std::size_t>(chunk.start);
    if (start >= plan_at_.size() || plan_at_[start] < 0) return nullptr;
    const Plan& plan = plans_[static_cast<std::size_t>(plan_at_[start])];
    return plan.length == chunk.length ? &plan : other_plan_for(chunk);
  }
  // The plans of other chunks starting at the same instruction.
  const Plan* other_plan_for(ir::Chunk chunk) const;
  // A decoded chunk, with run()'s values and faults; its commonest leaves inline,
  // the others in leaf_other (vm_plan_run.cpp).
  Value run_plan(const Plan& plan, Fault& fault);
  Value leaf_value(const PlanLeaf& leaf, Fault& fault);
  Value leaf_other(const PlanLeaf& leaf, Fault& fault);
  Tri plan_tri(const Plan& plan, Fault& fault);
  Tri leaf_tri(const PlanLeaf& leaf, Fault& fault);
  Value let_value(std::int32_t index, std::int32_t pc, Fault& fault);
  // QUAL_* of qualification q at pc: the result once the criteria are known (during
  // its own pass chunk, `need_passed` = false allows reading met/score/missing).
  const QualResult* qual_for(std::int32_t q, bool need_passed, std::int32_t pc, Fault& fault);
  Value missing_list(std::int32_t q);
};

[[gnu::always_inline]] inline Value Machine::leaf_value(const PlanLeaf& leaf, Fault& fault) {
  switch (leaf.kind) {
    case PlanLeaf::Kind::load: return slots_[leaf.index];
    case PlanLeaf::Kind::is_set: return Value::boolean(slots_[leaf.index].is_set());
    case PlanLeaf::Kind::is_not_set: return Value::boolean(!slots_[leaf.index].is_set());
    default: return leaf_other(leaf, fault);
  }
}

// AND_SC / OR_SC jump to the chunk's end when the left value decides; else the
// final AND / OR joins both. A fault in either leaf ends the chunk unset.
[[gnu::always_inline]] inline Value Machine::run_plan(const Plan& plan, Fault& fault) {
  const Value a = leaf_value(plan.a, fault);
  if (plan.join == Plan::Join::none || fault) return a;
  if (plan.join == Plan::Join::and_ ? a.is_false() : a.is_true()) return a;
  const Value b = leaf_value(plan.b, fault);
  if (fault) return Value::unset();
  return plan.join == Plan::Join::and_ ? vm_ops::kleene_and(a, b) : vm_ops::kleene_or(a, b);
}

// tri_of(leaf_value(leaf, fault)); the cases inlined give what compare_into and
// member_of give for them (an unset field makes any comparison or `in` unset).
[[gnu::always_inline]] inline Tri Machine::leaf_tri(const PlanLeaf& leaf, Fault& fault) {
  using Kind = PlanLeaf::Kind;
  const auto yes_if = [](bool b) { return b ? Tri::yes : Tri::no; };
  switch (leaf.kind) {
    case Kind::load: return tri_of(slots_[leaf.index]);
    case Kind::is_set: return yes_if(slots_[leaf.index].is_set());
    case Kind::is_not_set: return yes_if(!slots_[leaf.index].is_set());
    case Kind::compare_int: case Kind::compare_num: case Kind::compare_text: case Kind::compare: case Kind::member:
    case Kind::member_text: {
      const Value& x = slots_[leaf.index];
      if (!x.is_set()) return Tri::unknown;
      const Value& k = leaf.k;
      if (leaf.kind == Kind::member_text && x.tag == Tag::text) {
        for (std::uint32_t i = 0; i < k.len; ++i)
          if (vm_ops::plain_equal(x, k.u.elems[i])) return Tri::yes;
        return Tri::no;
      }
      if (x.tag != k.tag) break;
      if (leaf.kind == Kind::compare_int) return yes_if(leaf.holds(vm_ops::order(x.u.i, k.u.i)));
      if (leaf.kind == Kind::compare_num) return yes_if(leaf.holds(vm_ops::order(x.u.n, k.u.n)));
      if (leaf.kind == Kind::compare_text) return yes_if(vm_ops::plain_equal(x, k) == (leaf.op == ir::Opcode::EQ));
      break;
    }
    default: break;
  }
  return tri_of(leaf_other(leaf, fault));
}

// run_plan's Kleene join on truths: `and` is decided by a no, `or` by a yes; else
// both leaves agreeing give their truth, and anything else is unknown.
[[gnu::always_inline]] inline Tri Machine::plan_tri(const Plan& plan, Fault& fault) {
  const Tri a = leaf_tri(plan.a, fault);
  if (plan.join == Plan::Join::none || fault) return a;
  const Tri decisive = plan.join == Plan::Join::and_ ? Tri::no : Tri::yes;
  if (a == decisive) return a;
  const Tri b = leaf_tri(plan.b, fault);
  if (fault) return Tri::unknown;
  if (b == decisive) return b;
  return a == b ? a : Tri::unknown;
}

}  // namespace sluice::rt
