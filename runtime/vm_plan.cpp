// Decoding a chunk's instructions into a Plan (vm_plan.hpp), once per Machine.
#include "runtime/vm_plan.hpp"

#include "compiler/builtins.hpp"
#include "runtime/vm_ops.hpp"

namespace sluice::rt {
namespace {

using ir::Opcode;

constexpr std::int32_t kMaxLeafLength = 5;

// PlanLeaf::outcomes of a comparison: which orders (bit 0 less, 1 equal, 2 greater) make it hold.
std::uint8_t outcomes(Opcode op) {
  std::uint8_t bits = 0;
  for (int c = -1; c <= 1; ++c)
    if (op == Opcode::EQ ? c == 0 : op == Opcode::NE ? c != 0 : vm_ops::ordered(op, c)) bits |= 1u << (c + 1);
  return bits;
}

bool texts_only(const Value& list) {
  if (list.tag != Tag::list || list.width != 1) return false;
  for (std::uint32_t i = 0; i < list.len; ++i)
    if (list.u.elems[i].tag != Tag::text) return false;
  return true;
}

// The inlined kind of a field compared with a constant of kind t, if any.
PlanLeaf::Kind fast_kind(Tag t, Opcode op) {
  if (t == Tag::int_ || t == Tag::date || t == Tag::duration) return PlanLeaf::Kind::compare_int;
  if (t == Tag::number) return PlanLeaf::Kind::compare_num;
  if (t == Tag::text && (op == Opcode::EQ || op == Opcode::NE)) return PlanLeaf::Kind::compare_text;
  return PlanLeaf::Kind::compare;
}

struct Decoder {
  const std::vector<ir::Instr>& code;
  const std::vector<Value>& constants;

  bool constant(const ir::Instr& in, Value& k) const {
    if (in.op != Opcode::CONST || in.a < 0 || static_cast<std::size_t>(in.a) >= constants.size()) return false;
    k = constants[static_cast<std::size_t>(in.a)];
    return true;
  }

  // LOAD s; [I2N 0]; CONST k; [I2N 0|1]; <cmp | IN>: one I2N at most, as the compiler
  // widens one side. I2N d widens the value d places below the top when it is an int.
  bool compare(const ir::Instr* in, std::int32_t length, std::int32_t start, PlanLeaf& leaf) const {
    std::int32_t i = 1;
    bool widened = false, widen_k = false;
    if (in[i].op == Opcode::I2N) {
      if (in[i].a != 0) return false;
      leaf.widen_x = widened = true;
      ++i;
    }
    if (i >= length || !constant(in[i], leaf.k)) return false;
    ++i;
    if (i < length && in[i].op == Opcode::I2N && !widened) {
      if (in[i].a == 0) widen_k = true;
      else if (in[i].a == 1) leaf.widen_x = true;
      else return false;
      ++i;
    }
    if (i != length - 1) return false;
    const Opcode op = in[i].op;
    if (vm_ops::is_comparison(op)) leaf.kind = PlanLeaf::Kind::compare;
    else if (op == Opcode::IN) leaf.kind = PlanLeaf::Kind::member;
    else return false;
    if (widen_k && leaf.k.tag == Tag::int_) leaf.k = Value::number(static_cast<double>(leaf.k.u.i));
    if (leaf.kind == PlanLeaf::Kind::compare && !leaf.widen_x) leaf.kind = fast_kind(leaf.k.tag, op);
    if (leaf.kind == PlanLeaf::Kind::member && !leaf.widen_x && texts_only(leaf.k)) leaf.kind = PlanLeaf::Kind::member_text;
    leaf.op = op;
    leaf.outcomes = outcomes(op);
    leaf.pc = start + i;
    return true;
  }

  // LOAD s; ANY d 3; LOAD_ELEM d f; CONST k; <cmp>: the body compares an element's
  // field with a constant, nothing widened.
  bool any(const ir::Instr* in, std::int32_t start, PlanLeaf& leaf) const {
    if (in[1].b != 3 || in[1].a < 0 || in[2].op != Opcode::LOAD_ELEM || in[2].a != in[1].a || in[2].b < 0 ||
        !constant(in[3], leaf.k) || !vm_ops::is_comparison(in[4].op))
      return false;
    leaf.kind = PlanLeaf::Kind::any_compare;
    leaf.depth = in[1].a;
    leaf.arg = in[2].b;
    leaf.op = in[4].op;
    leaf.outcomes = outcomes(leaf.op);
    leaf.pc = start + 1;
    return true;
  }

  // The leaf that is exactly code[start, start + length).
  bool leaf(std::int32_t start, std::int32_t length, PlanLeaf& leaf) const {
    if (length < 1 || length > kMaxLeafLength) return false;
    const ir::Instr* in = code.data() + start;
    leaf = PlanLeaf{};
    leaf.index = in[0].a;
    leaf.pc = start;
    if (length == 1) {
      switch (in[0].op) {
        case Opcode::LOAD: leaf.kind = PlanLeaf::Kind::load; return in[0].a >= 0;
        case Opcode::LET: leaf.kind = PlanLeaf::Kind::let; return true;
        case Opcode::QUAL_PASSED: leaf.kind = PlanLeaf::Kind::qual_passed; return true;
        case Opcode::QUAL_MET:
          leaf.kind = PlanLeaf::Kind::qual_met;
          leaf.arg = in[0].b;
          return true;
        default: return false;
      }
    }
    if (in[0].op != Opcode::LOAD || in[0].a < 0) return false;
    if (length == 5 && in[1].op == Opcode::ANY) return any(in, start, leaf);
    if (length == 2) {
      if (in[1].op == Opcode::IS_SET) leaf.kind = PlanLeaf::Kind::is_set;
      else if (in[1].op == Opcode::IS_NOT_SET) leaf.kind = PlanLeaf::Kind::is_not_set;
      else return false;
      return true;
    }
    if (in[1].op == Opcode::CALL) {
      if (length != 4 || in[1].b != 1 || !constant(in[2], leaf.k) || !vm_ops::is_comparison(in[3].op)) return false;
      leaf.kind = in[1].a == static_cast<std::int32_t>(BuiltinId::len) && leaf.k.tag == Tag::int_
                      ? PlanLeaf::Kind::len_compare
                      : PlanLeaf::Kind::call_compare;
      leaf.arg = in[1].a;
      leaf.op = in[3].op;
      leaf.outcomes = outcomes(leaf.op);
      leaf.pc = start + 1;
      return true;
    }
    return compare(in, length, start, leaf);
  }
};

// The final AND / OR of code[start, start + n), the short-circuit jump that goes
// with it, and the join they make; false for another last instruction.
bool join_of(const ir::Program& program, std::int32_t start, std::int32_t n, Opcode& sc, Plan::Join& join) {
  const Opcode last = program.code[static_cast<std::size_t>(start + n - 1)].op;
  if (last != Opcode::AND && last != Opcode::OR) return false;
  sc = last == Opcode::AND ? Opcode::AND_SC : Opcode::OR_SC;
  join = last == Opcode::AND ? Plan::Join::and_ : Plan::Join::or_;
  return true;
}

// A leaf, or <a>; AND_SC n; <b>; AND with the jump landing at the end (n = |b| + 1),
// exactly code[start, start + n), into plan.a, plan.join, plan.b.
bool decode_pair(const ir::Program& program, const Decoder& d, std::int32_t start, std::int32_t n, Plan& plan) {
  if (d.leaf(start, n, plan.a)) return true;
  Opcode sc{};
  Plan::Join join{};
  if (!join_of(program, start, n, sc, join)) return false;
  for (std::int32_t la = 1; la <= kMaxLeafLength && la + 3 <= n; ++la) {
    const ir::Instr& jump = program.code[static_cast<std::size_t>(start + la)];
    if (jump.op != sc || jump.a != n - la - 1) continue;
    if (d.leaf(start, la, plan.a) && d.leaf(start + la + 1, n - la - 2, plan.b)) {
      plan.join = join;
      return true;
    }
  }
  return false;
}

}  // namespace

bool decode_plan(const ir::Program& program, const std::vector<Value>& constants, ir::Chunk chunk, Plan& plan) {
  if (!chunk.present() || chunk.length < 1 ||
      static_cast<std::size_t>(chunk.start) + static_cast<std::size_t>(chunk.length) > program.code.size())
    return false;
  const Decoder d{program.code, constants};
  plan = Plan{};
  plan.start = chunk.start;
  plan.length = chunk.length;
  if (decode_pair(program, d, chunk.start, chunk.length, plan)) return true;
  // <join of a, b>; AND_SC n; <c>; AND (n = |c| + 1): the join is at least 4 long.
  const std::int32_t n = chunk.length;
  Opcode sc{};
  Plan::Join outer{};
  if (!join_of(program, chunk.start, n, sc, outer)) return false;
  for (std::int32_t lc = 1; lc <= kMaxLeafLength && lc + 6 <= n; ++lc) {
    const std::int32_t at = n - lc - 2;  // the jump
    const ir::Instr& jump = program.code[static_cast<std::size_t>(chunk.start + at)];
    if (jump.op != sc || jump.a != lc + 1) continue;
    plan = Plan{};
    plan.start = chunk.start;
    plan.length = chunk.length;
    if (decode_pair(program, d, chunk.start, at, plan) && plan.join != Plan::Join::none &&
        d.leaf(chunk.start + at + 1, lc, plan.c)) {
      plan.outer = outer;
      return true;
    }
  }
  plan = Plan{};
  return false;
}

}  // namespace sluice::rt
