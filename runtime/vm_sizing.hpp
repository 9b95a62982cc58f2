// How much room the machine needs for a program, measured once when a Machine is
// built so that evaluation never allocates.
#pragma once
#include <cstddef>

#include "compiler/ir.hpp"

namespace sluice::rt {

struct MachineSizes {
  std::size_t chunk_depth = 1;  // most values any one chunk holds on the stack at once
  std::size_t loop_depth = 1;   // quantifier depths (the largest depth operand + 1)
  std::size_t lets = 0;         // most lets of one funnel
  std::size_t quals = 0;        // most qualifications of one funnel
  std::size_t criteria = 0;     // most criteria of one qualification
  int levels = 1;               // chunks running inside one another (lets, qualifications)
};

// Nested let/qualification evaluations deeper than this, quantifiers nested deeper
// than kMaxLoopDepth, are a fault (E_LIMIT); so is nesting that would make the stack
// larger than kMaxStackValues.
inline constexpr int kMaxLevels = 128;
inline constexpr std::size_t kMaxLoopDepth = 256;
inline constexpr std::size_t kMaxStackValues = std::size_t{1} << 20;

MachineSizes measure_program(const ir::Program& program);

// Stack effect of one instruction when its operands are on the stack (the net change
// a linear scan adds); quantifiers keep their list slot, their body adds one value
// that the loop consumes at the body's end.
int stack_effect(const ir::Instr& instr);

}  // namespace sluice::rt
