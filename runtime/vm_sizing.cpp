#include "runtime/vm_sizing.hpp"

#include <algorithm>

namespace sluice::rt {
namespace {

using ir::Opcode;

// The deepest the stack gets while the chunk runs (a linear scan: jumps only go
// forward and land where the scan's depth is the same, which validation checks).
std::size_t chunk_depth(const std::vector<ir::Instr>& code, ir::Chunk c) {
  if (!c.present() || c.start < 0 || c.length < 0 || static_cast<std::size_t>(c.start) + c.length > code.size())
    return 1;
  std::vector<std::int32_t> loop_ends;  // body ends of the quantifiers seen, innermost last
  std::int64_t depth = 0, peak = 1;
  for (std::int32_t pc = c.start; pc < c.start + c.length; ++pc) {
    while (!loop_ends.empty() && loop_ends.back() == pc) loop_ends.pop_back(), --depth;
    const ir::Instr& in = code[static_cast<std::size_t>(pc)];
    depth += stack_effect(in);
    if (in.op == Opcode::ANY || in.op == Opcode::ALL || in.op == Opcode::COUNT) loop_ends.push_back(pc + 1 + in.b);
    peak = std::max(peak, depth + 1);  // +1: room for the value an instruction pushes before popping
  }
  return static_cast<std::size_t>(peak);
}

}  // namespace

int stack_effect(const ir::Instr& in) {
  switch (in.op) {
    case Opcode::CONST: case Opcode::LOAD: case Opcode::LOAD_ELEM: case Opcode::NOW:
    case Opcode::TODAY: case Opcode::LET: case Opcode::NULL_: case Opcode::QUAL_PASSED:
    case Opcode::QUAL_SCORE: case Opcode::QUAL_MET: case Opcode::QUAL_MISSING: case Opcode::RESULT:
      return 1;
    case Opcode::I2N: case Opcode::NEG_I: case Opcode::NEG_N: case Opcode::NEG_DUR:
    case Opcode::MATCHES: case Opcode::NOT: case Opcode::AND_SC: case Opcode::OR_SC:
    case Opcode::IS_SET: case Opcode::IS_NOT_SET: case Opcode::ANY: case Opcode::ALL:
    case Opcode::COUNT:
      return 0;
    case Opcode::BETWEEN: return -2;
    case Opcode::LIST: return 1 - in.a;
    case Opcode::CALL: return 1 - in.b;
    case Opcode::COALESCE_SC: return -1;  // falls through popping; the right operand pushes
    default: return -1;                   // binary operators
  }
}

MachineSizes measure_program(const ir::Program& p) {
  MachineSizes s;
  for_each_chunk(p, [&](ir::Chunk c) { s.chunk_depth = std::max(s.chunk_depth, chunk_depth(p.code, c)); });
  for (const ir::Instr& in : p.code)
    if ((in.op == Opcode::ANY || in.op == Opcode::ALL || in.op == Opcode::COUNT) && in.a >= 0)
      s.loop_depth = std::max(s.loop_depth, std::min(static_cast<std::size_t>(in.a) + 1, kMaxLoopDepth));
  for (const ir::Funnel& f : p.funnels) {
    s.lets = std::max(s.lets, f.lets.size());
    s.quals = std::max(s.quals, f.qualifications.size());
    for (const ir::Qualification& q : f.qualifications) s.criteria = std::max(s.criteria, q.criteria.size());
    // Each let and qualification can be running at most once at a time.
    const std::size_t chain = 1 + f.lets.size() + f.qualifications.size();
    s.levels = std::max(s.levels, static_cast<int>(std::min<std::size_t>(chain, kMaxLevels)));
  }
  const std::size_t fit = std::max<std::size_t>(1, kMaxStackValues / s.chunk_depth);
  s.levels = static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(s.levels), fit));
  return s;
}

}  // namespace sluice::rt
