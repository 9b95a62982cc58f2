// Chunk validation: operands and a stack-depth simulation. Jumps only go forward
// and there is no unconditional jump, so one linear pass sees every instruction
// with the depth it falls through with, and checks that each jump lands with the
// same depth.
#include <fmt/format.h>

#include "compiler/builtins.hpp"
#include "compiler/ir_disasm.hpp"
#include "runtime/validate.hpp"
#include "runtime/validate_internal.hpp"

namespace sluice::rt::validation {
namespace {

using ir::Opcode;

// A region that must leave exactly one value above `base`: the chunk itself, or a
// quantifier body (whose `base` counts the list below it).
struct Frame {
  std::int64_t end;
  std::int64_t base;
  std::int64_t id;
  std::int64_t owner;  // the quantifier's pc, -1 for the chunk
};

// How many values an instruction pops and pushes (quantifiers: their list stays
// below the body; the loop replaces it with the result).
void stack_effect(const ir::Instr& in, std::int64_t& pops, std::int64_t& pushes) {
  pops = 0;
  pushes = 1;
  switch (in.op) {
    case Opcode::CONST: case Opcode::LOAD: case Opcode::LOAD_ELEM: case Opcode::NOW: case Opcode::TODAY:
    case Opcode::LET: case Opcode::NULL_: case Opcode::QUAL_PASSED: case Opcode::QUAL_SCORE:
    case Opcode::QUAL_MET: case Opcode::QUAL_MISSING: case Opcode::RESULT:
      return;
    case Opcode::I2N:  // checked against the depth separately; net effect 0
      pushes = 0;
      return;
    case Opcode::NEG_I: case Opcode::NEG_N: case Opcode::NEG_DUR: case Opcode::MATCHES: case Opcode::NOT:
    case Opcode::IS_SET: case Opcode::IS_NOT_SET: case Opcode::AND_SC: case Opcode::OR_SC:
    case Opcode::ANY: case Opcode::ALL: case Opcode::COUNT:
      pops = 1;
      return;
    case Opcode::COALESCE_SC:  // falling through pops the unset value; the jump keeps it
      pops = 1;
      pushes = 0;
      return;
    case Opcode::BETWEEN: pops = 3; return;
    case Opcode::LIST: pops = in.a; return;
    case Opcode::CALL: pops = in.b; return;
    default: pops = 2; return;  // the binary operators
  }
}

bool is_jump(Opcode op) { return op == Opcode::AND_SC || op == Opcode::OR_SC || op == Opcode::COALESCE_SC; }
bool is_quantifier(Opcode op) { return op == Opcode::ANY || op == Opcode::ALL || op == Opcode::COUNT; }

class ChunkChecker {
 public:
  ChunkChecker(const ir::Program& p, ir::Chunk c, const ChunkContext& ctx, const std::string& path, std::string& error)
      : p_(p), c_(c), ctx_(ctx), path_(path), error_(error) {}

  bool run() {
    const std::int64_t start = c_.start, end = start + c_.length;
    if (c_.length < 1) return fail(fmt::format("chunk [{}, {}] is empty", c_.start, c_.length));
    if (end > static_cast<std::int64_t>(p_.code.size()))
      return fail(fmt::format("chunk [{}, {}] ends past the code ({} instructions)", c_.start, c_.length, p_.code.size()));
    arrival_depth_.assign(static_cast<std::size_t>(c_.length), -1);
    arrival_frame_.assign(static_cast<std::size_t>(c_.length), -1);
    frames_.push_back(Frame{end, 0, 0, -1});
    std::int64_t depth = 0;
    for (std::int64_t pc = start;; ++pc) {
      while (frames_.size() > 1 && frames_.back().end == pc) {
        const Frame& f = frames_.back();
        if (depth != f.base + 1)
          return fail(fmt::format("the body of the quantifier at code[{}] leaves {} values, expected 1", f.owner, depth - f.base));
        depth = f.base;
        frames_.pop_back();
      }
      if (pc == end) break;
      const auto rel = static_cast<std::size_t>(pc - start);
      if (arrival_depth_[rel] >= 0) {
        if (arrival_frame_[rel] != frames_.back().id)
          return fail(fmt::format("a jump lands at code[{}], inside a quantifier body it is not in", pc));
        if (arrival_depth_[rel] != depth)
          return fail(fmt::format("a jump lands at code[{}] with {} values on the stack, the code before it leaves {}",
                                  pc, arrival_depth_[rel], depth));
      }
      if (!instruction(pc, depth)) return false;
    }
    if (depth != 1) return fail(fmt::format("the chunk leaves {} values on the stack, expected 1", depth));
    return true;
  }

 private:
  bool fail(const std::string& what) {
    error_ = fmt::format("ir: {}: {}", path_, what);
    return false;
  }
  bool bad(std::int64_t pc, const ir::Instr& in, const std::string& what) {
    return fail(fmt::format("code[{}] {}: {}", pc, ir::opcode_name(in.op), what));
  }
  bool in_range(std::int64_t pc, const ir::Instr& in, std::int64_t v, std::int64_t limit, const char* what) {
    if (v >= 0 && v < limit) return true;
    return bad(pc, in, fmt::format("{} {} out of range ({} available)", what, v, limit));
  }

  bool operands(std::int64_t pc, const ir::Instr& in, std::int64_t depth) {
    const Frame& frame = frames_.back();
    const auto nesting = static_cast<std::int64_t>(frames_.size()) - 1;
    switch (in.op) {
      case Opcode::CONST: return in_range(pc, in, in.a, static_cast<std::int64_t>(p_.constants.size()), "constant");
      case Opcode::LOAD: return in_range(pc, in, in.a, ctx_.slots, "slot");
      case Opcode::LOAD_ELEM:
        if (in.a < 0 || in.a >= nesting)
          return bad(pc, in, fmt::format("depth {} is not bound here ({} enclosing quantifiers)", in.a, nesting));
        return in_range(pc, in, in.b, ctx_.element_width, "element field");
      case Opcode::LET:
        if (ctx_.in_let && in.a >= ctx_.lets)
          return bad(pc, in, fmt::format("let {} is read by a let that comes no later; a let may only read earlier lets", in.a));
        if (!in_range(pc, in, in.a, ctx_.lets, "let")) return false;
        ctx_.lets_read.push_back(in.a);
        return true;
      case Opcode::I2N:
        if (in.a < 0 || in.a >= depth - frame.base)
          return bad(pc, in, fmt::format("converts the value {} below the top, but only {} are on the stack", in.a, depth - frame.base));
        return true;
      case Opcode::MATCHES: return in_range(pc, in, in.a, static_cast<std::int64_t>(p_.regexes.size()), "regex");
      case Opcode::LIST: return in.a >= 0 || bad(pc, in, "negative element count");
      case Opcode::CALL: {
        if (!in_range(pc, in, in.a, static_cast<std::int64_t>(kBuiltinCount), "built-in")) return false;
        const BuiltinInfo& b = kBuiltins[in.a];
        if (in.b < b.min_args || in.b > b.max_args)
          return bad(pc, in, fmt::format("`{}` takes {}..{} arguments, not {}", b.name, b.min_args, b.max_args, in.b));
        return true;
      }
      case Opcode::QUAL_PASSED: case Opcode::QUAL_SCORE: case Opcode::QUAL_MET: case Opcode::QUAL_MISSING: {
        if (!in_range(pc, in, in.a, static_cast<std::int64_t>(ctx_.criteria.size()), "qualification")) return false;
        if (in.op == Opcode::QUAL_MET && !in_range(pc, in, in.b, ctx_.criteria[static_cast<std::size_t>(in.a)], "criterion"))
          return false;
        if (in.a == ctx_.own_qual) {
          if (!(ctx_.is_pass && in.op == Opcode::QUAL_MET))
            return bad(pc, in, "a qualification reads its own result (only its pass rule may read its criteria)");
          return true;
        }
        ctx_.quals_read.push_back(in.a);
        return true;
      }
      case Opcode::RESULT:
        if (!ctx_.allow_result) return bad(pc, in, "evaluation results are only readable in test expectations");
        return in_range(pc, in, in.a, 6, "result name");
      default:
        return true;
    }
  }

  bool instruction(std::int64_t pc, std::int64_t& depth) {
    const ir::Instr& in = p_.code[static_cast<std::size_t>(pc)];
    if (!ir::opcode_valid(in.op)) return fail(fmt::format("code[{}]: invalid opcode {}", pc, static_cast<int>(in.op)));
    const ir::OpcodeInfo& info = ir::opcode_info(in.op);
    if (std::string_view(info.operand_a) == "_" && in.a != 0) return bad(pc, in, "unused operand a is not 0");
    if (std::string_view(info.operand_b) == "_" && in.b != 0) return bad(pc, in, "unused operand b is not 0");
    if (!operands(pc, in, depth)) return false;
    Frame& frame = frames_.back();
    std::int64_t pops, pushes;
    stack_effect(in, pops, pushes);
    if (depth - pops < frame.base)
      return bad(pc, in, fmt::format("needs {} values, the stack holds {}", pops, depth - frame.base));
    if (is_jump(in.op)) {
      if (in.a < 0) return bad(pc, in, "jumps backwards");
      const std::int64_t target = pc + 1 + in.a;
      const std::int64_t jump_depth = depth;  // the tested value stays when jumping
      if (target > frame.end)
        return bad(pc, in, fmt::format("jumps to {}, past the end of its {} ({})", target,
                                       frames_.size() > 1 ? "quantifier body" : "chunk", frame.end));
      if (target == frame.end) {
        if (jump_depth != frame.base + 1)
          return bad(pc, in, fmt::format("jumps to the end with {} values on the stack, expected 1", jump_depth - frame.base));
      } else {
        const auto rel = static_cast<std::size_t>(target - c_.start);
        if (arrival_depth_[rel] >= 0 && (arrival_depth_[rel] != jump_depth || arrival_frame_[rel] != frame.id))
          return bad(pc, in, fmt::format("jumps to {}, where another jump lands with a different stack", target));
        arrival_depth_[rel] = jump_depth;
        arrival_frame_[rel] = frame.id;
      }
    }
    depth += pushes - pops;
    if (is_quantifier(in.op)) {
      const auto nesting = static_cast<std::int64_t>(frames_.size()) - 1;
      if (in.a != nesting)
        return bad(pc, in, fmt::format("binds depth {}, but it is nested in {} quantifiers", in.a, nesting));
      if (nesting >= kMaxQuantifierNesting)
        return bad(pc, in, fmt::format("quantifiers nested more than {} deep", kMaxQuantifierNesting));
      if (in.b < 1) return bad(pc, in, "empty body");
      if (pc + 1 + in.b > frame.end)
        return bad(pc, in, fmt::format("body ends at {}, past the end of its {} ({})", pc + 1 + in.b,
                                       frames_.size() > 1 ? "quantifier body" : "chunk", frame.end));
      // The list stays below the body (depth counts it); the loop replaces it with the result.
      frames_.push_back(Frame{pc + 1 + in.b, depth, next_id_++, pc});
    }
    return true;
  }

  const ir::Program& p_;
  ir::Chunk c_;
  const ChunkContext& ctx_;
  const std::string& path_;
  std::string& error_;
  std::vector<Frame> frames_;
  std::vector<std::int64_t> arrival_depth_, arrival_frame_;  // by pc - start
  std::int64_t next_id_ = 1;
};

}  // namespace

bool check_chunk(const ir::Program& p, ir::Chunk c, const ChunkContext& ctx, const std::string& path, bool required,
                 std::string& error) {
  if (!c.present()) {
    if (c.start != -1 || c.length != 0) {
      error = fmt::format("ir: {}: chunk [{}, {}] has a negative start", path, c.start, c.length);
      return false;
    }
    if (required) {
      error = fmt::format("ir: {}: missing", path);
      return false;
    }
    return true;
  }
  return ChunkChecker(p, c, ctx, path, error).run();
}

}  // namespace sluice::rt::validation
