// Compact plans for the commonest condition shapes, decoded once per chunk when a
// Machine is built, so that evaluating them skips the instruction loop and does not
// re-recognise the shape on every call. A plan is one leaf, or two leaves joined by
// a short-circuit `and` / `or`:
//   leaf:  LOAD s                        a field's value
//          LOAD s; IS_SET | IS_NOT_SET   presence
//          LOAD s; CONST k; <cmp | IN>   with at most one I2N after LOAD or CONST
//          LOAD s; CALL f 1; CONST k; <cmp>
//          LET i | QUAL_PASSED q | QUAL_MET q c
//          LOAD s; ANY d 3; LOAD_ELEM d f; CONST k; <cmp>   `any x in s where x.f <cmp> k`
//   join:  <leaf a>; AND_SC n; <leaf b>; AND    (and OR_SC / OR), n = |b| + 1
//   outer: <join of a, b>; AND_SC n; <leaf c>; AND   (or OR_SC / OR), e.g. `(x and y) or z`
// Machine::run_plan / plan_tri (vm.hpp, vm_plan_run.cpp) give exactly run()'s values
// (truths) and faults, at the same instructions, using the operator functions of
// vm_ops.hpp; tests/vm_test.cpp compares them on every shape.
#pragma once
#include <cstdint>
#include <vector>

#include "compiler/ir.hpp"
#include "runtime/value.hpp"

namespace sluice::rt {

struct PlanLeaf {
  // compare_int / compare_num / compare_text: `compare` without I2N of a field with
  // an int-like (int, date, duration), number or text (== and != only) constant,
  // whose commonest cases (a field of the constant's kind, or unset) are inlined;
  // member_text: `member` of a list constant of texts only, likewise; len_compare:
  // `call_compare` of len with an int constant, whose list case is inlined.
  enum class Kind : std::uint8_t {
    load, is_set, is_not_set, compare_int, compare_num, compare_text, compare, member, member_text,
    call_compare, len_compare, let, qual_passed, qual_met, any_compare
  };
  Kind kind = Kind::load;
  ir::Opcode op = ir::Opcode::EQ;  // compare, call_compare: the comparison
  bool widen_x = false;            // compare, member: an int field is compared as a number (I2N)
  std::uint8_t outcomes = 0;       // comparisons: bit c + 1 set when op holds for order c (-1, 0, 1)
  std::int32_t index = 0;          // slot; let; qualification
  std::int32_t arg = 0;            // call_compare, len_compare: the builtin id; qual_met: the criterion
  std::int32_t pc = 0;             // where a fault is reported (call_compare: the CALL; its comparison is pc + 2;
                                   // any_compare: the ANY, its LOAD_ELEM pc + 1, comparison pc + 3, end pc + 4)
  std::int32_t depth = 0;          // any_compare: the loop depth d
  Value k;                         // compare, member, call_compare: the constant, already widened by I2N

  bool holds(int order) const { return (outcomes >> (order + 1)) & 1; }
};

struct Plan {
  enum class Join : std::uint8_t { none, and_, or_ };
  Join join = Join::none;
  Join outer = Join::none;         // joins (a join b) with c
  std::int32_t start = 0, length = 0;  // the chunk decoded
  PlanLeaf a, b, c;                // b only when joined, c only when outer
};

// The plan for `chunk`, or false when it has another shape. `constants` is
// LoadedProgram::constants (parallel to program.constants).
bool decode_plan(const ir::Program& program, const std::vector<Value>& constants, ir::Chunk chunk, Plan& plan);

}  // namespace sluice::rt
