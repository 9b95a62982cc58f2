// Private to runtime/validate*.cpp.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "compiler/ir.hpp"

namespace sluice::rt::validation {

// What the instructions of one chunk may refer to.
struct ChunkContext {
  std::int32_t slots = 0;               // LOAD: record slots
  std::int32_t element_width = 1;       // LOAD_ELEM field bound: the widest layout
  std::int32_t lets = 0;                // LET: lets readable here
  bool in_let = false;                  // the chunk is a let's value (only earlier lets)
  std::vector<std::int32_t> criteria;   // QUAL_*: per readable qualification, its criteria count
  std::int32_t own_qual = -1;           // the chunk is a criterion (or the pass rule) of this one
  bool is_pass = false;                 // ... its pass rule, which may read its own QUAL_MET
  bool allow_result = false;            // RESULT: test expectations only
  // Filled while checking: lets and qualifications the chunk reads (for cycles).
  mutable std::vector<std::int32_t> lets_read, quals_read;
};

// Checks one chunk: inside the code, every instruction's operands, jump targets
// and quantifier bodies, and the stack discipline (no underflow, exactly one value
// at the end, one value per quantifier body). `required`: an absent chunk is an error.
bool check_chunk(const ir::Program& p, ir::Chunk c, const ChunkContext& ctx, const std::string& path,
                 bool required, std::string& error);

}  // namespace sluice::rt::validation
