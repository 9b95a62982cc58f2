// Checking one test's `expect` lines against an evaluated record (runtime/test_runner.cpp
// reads the record and evaluates it). Condition and `with` chunks run on a Machine of
// their own, so the Evaluator's Machine still holds the record for explain().
#pragma once
#include <cstdint>
#include <string>

#include "compiler/ir.hpp"
#include "runtime/program.hpp"
#include "runtime/result.hpp"
#include "runtime/vm.hpp"

namespace sluice::rt {

class ExpectChecker {
 public:
  explicit ExpectChecker(const LoadedProgram& program) : program_(program), machine_(program) {}

  // Prepares the checks of one record: its slots (read as `record`), instant and
  // result. `funnel` is the funnel conditions are read in (the evaluated one).
  void start(const Value* slots, std::int32_t record, std::int32_t funnel, std::int64_t as_of_ms,
             const EvalResult& result);

  // "" when the expectation holds, else what was expected and what happened.
  std::string check_condition(const ir::Expect& expect);
  std::string check_event(const ir::Expect& expect);

 private:
  const LoadedProgram& program_;
  Machine machine_;
  ResultView view_;
  const Value* slots_ = nullptr;
  const EvalResult* result_ = nullptr;
  std::int32_t record_ = -1;

  // Evaluates a chunk; on a fault returns false with `problem` set.
  bool eval(ir::Chunk chunk, Value& value, std::string& problem);
  // "stage = \"Responded\", lead_score = 80": the result names and fields `chunk` reads.
  std::string facts(ir::Chunk chunk) const;
  std::string where(std::int32_t pc) const;
};

}  // namespace sluice::rt
