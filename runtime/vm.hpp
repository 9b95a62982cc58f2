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
  const ir::Instr* code_;          // program_.ir.code
  const Value* constants_;         // program_.constants
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

  Value run(std::int32_t start, std::int32_t end, Fault& fault);
  // At sp_; absent = true. Inline with run_short: most chunks are short conditions.
  Value run_chunk(ir::Chunk chunk, Fault& fault) {
    if (!chunk.present()) return Value::boolean(true);
    Value v;
    if (chunk.length <= 4 && run_short(chunk, v, fault)) return v;
    return run(chunk.start, chunk.start + chunk.length, fault);
  }
  // The commonest conditions (`flag`, `x is set`, `x >= 100`, `x in [..]`) without
  // entering the instruction loop; false when the chunk has another shape.
  bool run_short(ir::Chunk chunk, Value& value, Fault& fault);
  // LOAD; CALL of one argument; CONST; comparison (`len(list) >= 1`), for run_short.
  bool run_short_call(ir::Chunk chunk, Value& value, Fault& fault);
  Value let_value(std::int32_t index, std::int32_t pc, Fault& fault);
  // QUAL_* of qualification q at pc: the result once the criteria are known (during
  // its own pass chunk, `need_passed` = false allows reading met/score/missing).
  const QualResult* qual_for(std::int32_t q, bool need_passed, std::int32_t pc, Fault& fault);
  Value missing_list(std::int32_t q);
};

// A chunk of one to four instructions that starts with a LOAD: LOAD; LOAD IS_SET;
// LOAD IS_NOT_SET; LOAD CONST <comparison or IN>; LOAD CALL CONST <comparison>. The
// values and faults are those of run() (the operators come from vm_ops.hpp); so is
// its level limit, which falls back to run() to report it. (run()'s stack check
// cannot fail below that limit: each level uses at most chunk_depth_ values.)
[[gnu::always_inline]] inline bool Machine::run_short(ir::Chunk chunk, Value& value, Fault& fault) {
  if (level_ >= max_levels_ || slots_ == nullptr) return false;
  const ir::Instr* in = code_ + chunk.start;
  if (in[0].op != ir::Opcode::LOAD) return false;
  if (chunk.length == 4) return in[1].op == ir::Opcode::CALL && run_short_call(chunk, value, fault);
  const Value& x = slots_[in[0].a];
  if (chunk.length == 1) {
    value = x;
    return true;
  }
  if (chunk.length == 2) {
    if (in[1].op != ir::Opcode::IS_SET && in[1].op != ir::Opcode::IS_NOT_SET) return false;
    value = Value::boolean(x.is_set() == (in[1].op == ir::Opcode::IS_SET));
    return true;
  }
  if (in[1].op != ir::Opcode::CONST) return false;
  const Value& y = constants_[in[1].a];
  const ir::Opcode op = in[2].op;
  bool ok = true;
  if (vm_ops::is_comparison(op)) {
    value = x;
    ok = vm_ops::compare_into(op, value, y);
  } else if (op == ir::Opcode::IN) {
    value = vm_ops::member_of(x, y, ok);
  } else {
    return false;
  }
  if (!ok) {
    fault = {FaultCode::bad_value, chunk.start + 2};
    value = Value::unset();
  }
  return true;
}

}  // namespace sluice::rt
