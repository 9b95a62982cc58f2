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

namespace sluice::rt {

enum class FaultCode : std::uint8_t {
  none,
  overflow,       // E_OVERFLOW: integer overflow
  div_zero,       // E_DIV_ZERO: division by zero
  bad_value,      // E_VALUE: a value out of range (non-finite number, bad date)
  limit,          // E_LIMIT: a run-time limit (stack depth, list size)
};
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
  Value eval(ir::Chunk chunk, Fault& fault);
  // Evaluate (once per record, memoised) qualification q of the current funnel.
  const QualResult& qualification(std::int32_t q, Fault& fault);
  void set_result(const ResultView* result) { result_ = result; }
  Arena& arena() { return arena_; }

 private:
  const LoadedProgram& program_;
  const ir::Funnel* funnel_ = nullptr;
  const Value* slots_ = nullptr;
  std::int64_t as_of_ = 0;
  const ResultView* result_ = nullptr;
  Arena arena_;
  std::vector<Value> stack_;
  std::vector<Value> lets_;
  std::vector<std::uint8_t> let_state_;    // 0 not computed, 1 computing, 2 done
  std::vector<QualResult> quals_;
  std::vector<std::uint8_t> qual_done_;
  std::vector<const Value*> bound_;        // quantifier elements by depth
  Value run(std::int32_t start, std::int32_t end, Fault& fault);
};

}  // namespace sluice::rt
