// The expression machine: runs a Chunk of the flat instruction array against one
// record. No exceptions, no heap allocation per record (the arena is reset per
// record). A fault (overflow, division by zero, bad value) stops the chunk and is
// reported as a Fault value, not thrown.
#pragma once
#include <algorithm>
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

// Small per-record states (0..3, 0 = not begun) that start over for each record
// without being cleared: an entry marked in an older epoch reads as 0.
class EpochStates {
 public:
  // `epochs` (at most 2^30, so that epoch << 2 fits): records between real clears.
  explicit EpochStates(std::uint32_t epochs = 1u << 30) : epochs_(epochs) {}
  void resize(std::size_t n) { marks_.assign(n, 0); }
  void start_over() {
    if (++epoch_ < epochs_) return;
    epoch_ = 1;  // out of epochs: clear for real, once
    std::fill(marks_.begin(), marks_.end(), 0u);
  }
  std::uint8_t get(std::size_t i) const {
    return (marks_[i] >> 2) == epoch_ ? static_cast<std::uint8_t>(marks_[i] & 3u) : 0;
  }
  void set(std::size_t i, std::uint8_t state) { marks_[i] = epoch_ << 2 | state; }

 private:
  std::uint32_t epochs_;
  std::vector<std::uint32_t> marks_;  // epoch << 2 | state
  std::uint32_t epoch_ = 1;
};

// One per worker thread. Not thread-safe; cheap to reuse across records.
class Machine {
 public:
  explicit Machine(const LoadedProgram& program);
  // Not copyable: it keeps pointers into its own plans (criterion_plans_), and
  // Evaluator keeps pointers into them too.
  Machine(const Machine&) = delete;
  Machine& operator=(const Machine&) = delete;

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
  // The plan test() runs for `chunk` (nullptr: none, or absent), for callers that
  // test the same chunks on every record to look up once; then test(chunk, plan,
  // fault) is test(chunk, fault) without the look-up.
  const Plan* plan_of(ir::Chunk chunk) const { return chunk.present() ? plan_for(chunk) : nullptr; }
  Tri test(ir::Chunk chunk, const Plan* plan, Fault& fault) {
    if (!chunk.present()) return Tri::yes;
    if (plan == nullptr || slots_ == nullptr || max_levels_ <= 0) return test(chunk, fault);
    return test_plan(*plan, fault);
  }
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
  EpochStates let_state_;          // 0 not computed, 1 computing, 2 done
  std::vector<QualResult> quals_;
  EpochStates qual_state_;         // 0 not computed, 1 criteria, 2 pass chunk, 3 done
  QualResult no_qual_;             // returned for a bad index
  // Plans of the program's chunks (vm_plan.hpp) in order of start; plan_at_[pc] is
  // the first plan of a chunk starting at pc, -1 none (chunks of different lengths,
  // e.g. an entry and its first term, may start at one pc).
  std::vector<Plan> plans_;
  std::vector<std::int32_t> plan_at_;
  // The criteria of every qualification of every funnel, flat, with their plans
  // looked up once (nullptr: none): qual_for tests them in one loop.
  // funnel_quals_[f] is funnel f's first entry of qual_steps_, which holds each
  // qualification's first step; begin() points quals_of_funnel_ at the funnel's own.
  struct QualPlans {
    std::uint32_t first = 0;       // into criterion_plans_
    bool all_planned = false;      // no criterion needs test_chunk
  };
  std::vector<const Plan*> criterion_plans_;
  std::vector<QualPlans> qual_steps_;
  std::vector<std::uint32_t> funnel_quals_;
  const QualPlans* quals_of_funnel_ = nullptr;  // nullptr: a funnel of no known program
  std::size_t qual_count_ = 0;     // begin(): the funnel's qualifications the Machine has room for

  void build_plans();
  void build_criterion_plans();
  Tri test_plan(const Plan& plan, Fault& fault);  // at level 0
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
  Value pair_value(const Plan& plan, Fault& fault);
  Tri plan_tri(const Plan& plan, Fault& fault);
  Tri pair_tri(const Plan& plan, Fault& fault);
  Tri leaf_tri(const PlanLeaf& leaf, Fault& fault);
  // any_compare: the ANY loop's truth (unknown: unset), steps and faults.
  Tri any_tri(const PlanLeaf& leaf, Fault& fault);
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

// The Kleene join of `a` with the value `next()` gives, as AND_SC / OR_SC and the
// final AND / OR do: `next` runs only when `a` does not decide; a fault in either
// ends the chunk unset.
template <class Next>
[[gnu::always_inline]] inline Value join_value(Plan::Join join, const Value& a, Fault& fault, Next next) {
  if (join == Plan::Join::none || fault) return a;
  if (join == Plan::Join::and_ ? a.is_false() : a.is_true()) return a;
  const Value b = next();
  if (fault) return Value::unset();
  return join == Plan::Join::and_ ? vm_ops::kleene_and(a, b) : vm_ops::kleene_or(a, b);
}

[[gnu::always_inline]] inline Value Machine::pair_value(const Plan& plan, Fault& fault) {
  return join_value(plan.join, leaf_value(plan.a, fault), fault,
                    [&]() __attribute__((always_inline)) { return leaf_value(plan.b, fault); });
}

// The outer join works on the pair's value as the pair's join works on a.
[[gnu::always_inline]] inline Value Machine::run_plan(const Plan& plan, Fault& fault) {
  return join_value(plan.outer, pair_value(plan, fault), fault,
                    [&]() __attribute__((always_inline)) { return leaf_value(plan.c, fault); });
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
    case Kind::len_compare: {  // len(list) is its length; len(unset) is unset
      const Value& x = slots_[leaf.index];
      if (x.tag == Tag::list) return yes_if(leaf.holds(vm_ops::order(static_cast<std::int64_t>(x.len), leaf.k.u.i)));
      if (!x.is_set()) return Tri::unknown;
      break;
    }
    case Kind::any_compare: return any_tri(leaf, fault);
    default: break;
  }
  return tri_of(leaf_other(leaf, fault));
}

// join_value on truths: `and` is decided by a no, `or` by a yes; else both
// agreeing give their truth, and anything else is unknown.
template <class Next>
[[gnu::always_inline]] inline Tri join_tri(Plan::Join join, Tri a, Fault& fault, Next next) {
  if (join == Plan::Join::none || fault) return a;
  const Tri decisive = join == Plan::Join::and_ ? Tri::no : Tri::yes;
  if (a == decisive) return a;
  const Tri b = next();
  if (fault) return Tri::unknown;
  if (b == decisive) return b;
  return a == b ? a : Tri::unknown;
}

[[gnu::always_inline]] inline Tri Machine::pair_tri(const Plan& plan, Fault& fault) {
  return join_tri(plan.join, leaf_tri(plan.a, fault), fault,
                    [&]() __attribute__((always_inline)) { return leaf_tri(plan.b, fault); });
}

[[gnu::always_inline]] inline Tri Machine::plan_tri(const Plan& plan, Fault& fault) {
  return join_tri(plan.outer, pair_tri(plan, fault), fault,
                    [&]() __attribute__((always_inline)) { return leaf_tri(plan.c, fault); });
}

}  // namespace sluice::rt
