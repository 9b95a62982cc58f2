// Validation of an IR program before anything runs (runtime/load.cpp calls it), so
// that the machine's hot loop can trust every index: an IR file may be hand-edited,
// truncated or written by another version, and must be rejected, not obeyed.
#pragma once
#include <string>

#include "compiler/ir.hpp"

namespace sluice::rt {

// Quantifiers nested deeper than this in one chunk are rejected.
inline constexpr int kMaxQuantifierNesting = 64;

// True when `program` is safe to run. Otherwise false, with one message naming the
// offending part: "ir: funnels[0].stages[2].entry: code[57] AND_SC jumps to 63,
// past the end of its chunk (61)". A wrong version gives "this IR was written by
// another version: ir_version N, expected 1". Never throws.
bool validate_program(const ir::Program& program, std::string& error);

}  // namespace sluice::rt
