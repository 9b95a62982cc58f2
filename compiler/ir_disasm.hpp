// Opcode metadata and a human-readable listing of IR code, both generated from the
// one opcode list in compiler/ir.hpp (SLUICE_OPCODES).
#pragma once
#include <string>

#include "compiler/ir.hpp"

namespace sluice::ir {

struct OpcodeInfo {
  const char* name;     // "AND_SC", as in the JSON
  const char* operand_a;  // "target"; "_" when the operand is unused (must be 0)
  const char* operand_b;
};

// Precondition: op < Opcode::count_.
const OpcodeInfo& opcode_info(Opcode op);
bool opcode_valid(Opcode op);

// One line per instruction of `chunk`: index, opcode, operands, what they denote
// (constant values, jump targets, built-in names) and the source position, e.g.
//   "   12  AND_SC        3        ; -> 16   policy.funnel:14:11"
// Indices outside the program are shown as such, never dereferenced.
std::string disassemble(const Program& program, Chunk chunk);

// ISO-8601 UTC instant: "2026-01-15T00:00:00Z", with ".123" only when the
// milliseconds are not 0.
std::string iso_instant(std::int64_t ms);
// A duration in the largest unit that divides it exactly: "90d", "36h", "30min",
// "45s", "1500ms"; negative ones with a leading "-".
std::string duration_text(std::int64_t ms);

// A constant as it would be written in a policy: 100, 2.5, "text", 2026-01-15T00:00:00Z,
// 90d, ["a", "b"], null.
std::string constant_to_text(const Constant& c);

}  // namespace sluice::ir
