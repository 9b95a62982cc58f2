// The instruction loop: one switch over the opcodes of compiler/ir.hpp, whose
// comments are the semantics implemented here. Values live on a fixed stack;
// quantifiers are loops over their body (no recursion); a fault stops the chunk.
#include <re2/re2.h>

#include <cmath>
#include <cstring>

#include "runtime/builtins/builtins.hpp"
#include "runtime/timefmt.hpp"
#include "runtime/vm.hpp"
#include "runtime/vm_compare.hpp"
#include "runtime/vm_ops.hpp"

namespace sluice::rt {
namespace {

using ir::Opcode;

using vm_ops::kleene_and;
using vm_ops::kleene_not;
using vm_ops::kleene_or;
using vm_ops::member_of;

double as_number(const Value& v) { return v.tag == Tag::int_ ? static_cast<double>(v.u.i) : v.u.n; }
bool date_in_range(std::int64_t ms) { return ms >= kMinInstant && ms <= kMaxInstant; }

}  // namespace

Value Machine::run(std::int32_t start, std::int32_t end, Fault& fault) {
  if (level_ >= max_levels_ || sp_ + chunk_depth_ > stack_.size()) {
    fault = {FaultCode::limit, start};
    return Value::unset();
  }
  const ir::Instr* const code = program_.ir.code.data();
  const std::size_t my_sp = sp_;
  Value* const base = stack_.data() + sp_;
  Value* const limit = stack_.data() + stack_.size();
  Value* top = base;  // one past the top value
  Loop* const loops = loops_.data() + static_cast<std::size_t>(level_) * loop_depth_;
  std::int32_t inner = -1;  // depth of the innermost running quantifier
  std::int32_t pc = start;
  ++level_;

// Stop the chunk with a fault at this instruction; FAIL keeps one set by a nested run.
#define FAULT(code_)                  \
  do {                                \
    fault = {FaultCode::code_, pc};   \
    goto failed;                      \
  } while (0)
#define BINARY                                              \
  Value& x = top[-2];                                       \
  const Value y = top[-1];                                  \
  --top;                                                    \
  if (!x.is_set() || !y.is_set()) {                         \
    x = Value::unset();                                     \
    break;                                                  \
  }
// Calls out to a nested chunk (a let, a qualification) above our values.
#define CALL_OUT(expr)                                      \
  sp_ = static_cast<std::size_t>(top - stack_.data());      \
  expr;                                                     \
  sp_ = my_sp;                                              \
  if (fault) goto failed

  for (;;) {
    // The end of a quantifier body: tally its result, then loop or finish.
    while (inner >= 0 && pc == loops[inner].end) {
      Loop& l = loops[inner];
      const Value r = *--top;
      bool done = false;
      if (l.kind == Opcode::ANY) done = r.is_true(), l.unknown |= r.tag != Tag::boolean;
      else if (l.kind == Opcode::ALL) done = r.is_false(), l.unknown |= r.tag != Tag::boolean;
      else l.count += r.is_true();
      if (!done && ++l.index < l.len) {
        if (--steps_left_ < 0) FAULT(steps);  // nested quantifiers multiply: bound them
        pc = l.body;
        break;
      }
      if (l.kind == Opcode::COUNT) top[-1] = Value::integer(l.count);
      else if (done) top[-1] = Value::boolean(l.kind == Opcode::ANY);
      else top[-1] = l.unknown ? Value::unset() : Value::boolean(l.kind == Opcode::ALL);
      l.active = false;
      inner = l.outer;
    }
    if (pc >= end) break;
    if (top == limit) FAULT(limit);
    const ir::Instr& in = code[pc];
    switch (in.op) {
      case Opcode::CONST: *top++ = program_.constants[static_cast<std::size_t>(in.a)]; break;
      case Opcode::LOAD:
        if (slots_ == nullptr) FAULT(bad_value);
        *top++ = slots_[in.a];
        break;
      case Opcode::LOAD_ELEM: {
        if (in.a < 0 || static_cast<std::size_t>(in.a) >= loop_depth_ || !loops[in.a].active) FAULT(bad_value);
        const Loop& l = loops[in.a];
        if (in.b < 0 || in.b >= l.width) FAULT(bad_value);
        *top++ = l.elems[static_cast<std::size_t>(l.index) * l.width + static_cast<std::size_t>(in.b)];
        break;
      }
      case Opcode::NOW: *top++ = Value::date(as_of_); break;
      case Opcode::TODAY: *top++ = Value::date(floor_div(as_of_, kMsPerDay) * kMsPerDay); break;
      case Opcode::LET: {
        Value v;
        CALL_OUT(v = let_value(in.a, pc, fault));
        *top++ = v;
        break;
      }
      case Opcode::NULL_: *top++ = Value::unset(); break;
      case Opcode::I2N: {
        Value& v = top[-1 - in.a];
        if (v.tag == Tag::int_) v = Value::number(static_cast<double>(v.u.i));
        break;
      }
      case Opcode::ADD_I: case Opcode::SUB_I: case Opcode::MUL_I: {
        BINARY
        std::int64_t r = 0;
        const bool over = in.op == Opcode::ADD_I   ? __builtin_add_overflow(x.u.i, y.u.i, &r)
                          : in.op == Opcode::SUB_I ? __builtin_sub_overflow(x.u.i, y.u.i, &r)
                                                   : __builtin_mul_overflow(x.u.i, y.u.i, &r);
        if (over) FAULT(overflow);
        x = Value::integer(r);
        break;
      }
      case Opcode::DIV_I: case Opcode::MOD_I: {
        BINARY
        if (y.u.i == 0) FAULT(div_zero);
        if (y.u.i == -1) {  // INT64_MIN / -1 overflows; x % -1 is always 0
          if (in.op == Opcode::MOD_I) x = Value::integer(0);
          else if (x.u.i == INT64_MIN) FAULT(overflow);
          else x = Value::integer(-x.u.i);
          break;
        }
        x = Value::integer(in.op == Opcode::DIV_I ? x.u.i / y.u.i : x.u.i % y.u.i);
        break;
      }
      case Opcode::NEG_I: case Opcode::NEG_DUR: {
        Value& x = top[-1];
        if (!x.is_set()) break;
        if (x.u.i == INT64_MIN) FAULT(overflow);
        x.u.i = -x.u.i;
        break;
      }
      case Opcode::ADD_N: case Opcode::SUB_N: case Opcode::MUL_N: case Opcode::DIV_N: case Opcode::MOD_N: {
        BINARY
        const double a = as_number(x), b = as_number(y);
        double r = 0;
        if ((in.op == Opcode::DIV_N || in.op == Opcode::MOD_N) && b == 0) FAULT(div_zero);
        switch (in.op) {
          case Opcode::ADD_N: r = a + b; break;
          case Opcode::SUB_N: r = a - b; break;
          case Opcode::MUL_N: r = a * b; break;
          case Opcode::DIV_N: r = a / b; break;
          default: r = std::fmod(a, b); break;
        }
        if (!std::isfinite(r)) FAULT(bad_value);
        x = Value::number(r);
        break;
      }
      case Opcode::NEG_N:
        if (top[-1].is_set()) top[-1] = Value::number(-as_number(top[-1]));
        break;
      case Opcode::CONCAT: {
        BINARY
        if (x.tag != Tag::text || y.tag != Tag::text) FAULT(bad_value);
        const std::size_t n = std::size_t{x.len} + y.len;
        if (n > UINT32_MAX) FAULT(limit);
        char* out = arena_.make_array<char>(n);
        if (x.len != 0) std::memcpy(out, x.u.s, x.len);
        if (y.len != 0) std::memcpy(out + x.len, y.u.s, y.len);
        x = Value::text({out, n});
        break;
      }
      case Opcode::ADD_DATE_DUR: case Opcode::SUB_DATE_DUR: {
        BINARY
        std::int64_t r = 0;
        if (in.op == Opcode::ADD_DATE_DUR ? __builtin_add_overflow(x.u.i, y.u.i, &r)
                                          : __builtin_sub_overflow(x.u.i, y.u.i, &r))
          FAULT(overflow);
        if (!date_in_range(r)) FAULT(bad_value);
        x = Value::date(r);
        break;
      }
      case Opcode::SUB_DATE_DATE: case Opcode::ADD_DUR: case Opcode::SUB_DUR: case Opcode::MUL_DUR_I: {
        BINARY
        std::int64_t r = 0;
        const bool over = in.op == Opcode::ADD_DUR     ? __builtin_add_overflow(x.u.i, y.u.i, &r)
                          : in.op == Opcode::MUL_DUR_I ? __builtin_mul_overflow(x.u.i, y.u.i, &r)
                                                       : __builtin_sub_overflow(x.u.i, y.u.i, &r);
        if (over) FAULT(overflow);
        x = Value::duration(r);
        break;
      }
      case Opcode::EQ: case Opcode::NE: case Opcode::LT: case Opcode::LE: case Opcode::GT: case Opcode::GE:
        --top;
        if (!vm_ops::compare_into(in.op, top[-1], top[0])) FAULT(bad_value);
        break;
      case Opcode::BETWEEN: {
        const Value x = top[-3], lo = top[-2], hi = top[-1];
        top -= 2;
        Value above = Value::unset(), below = Value::unset();
        bool ok = true;
        if (x.is_set() && lo.is_set()) above = Value::boolean(compare_scalars(lo, x, ok) <= 0);
        if (ok && x.is_set() && hi.is_set()) below = Value::boolean(compare_scalars(x, hi, ok) <= 0);
        if (!ok) FAULT(bad_value);
        top[-1] = kleene_and(above, below);
        break;
      }
      case Opcode::IN: case Opcode::CONTAINS_LIST: {
        const Value a = top[-2], b = top[-1];
        --top;
        bool ok = true;
        top[-1] = in.op == Opcode::IN ? member_of(a, b, ok) : member_of(b, a, ok);
        if (!ok) FAULT(bad_value);
        break;
      }
      case Opcode::CONTAINS_TEXT: case Opcode::STARTS_WITH: case Opcode::ENDS_WITH: {
        BINARY
        if (x.tag != Tag::text || y.tag != Tag::text) FAULT(bad_value);
        const std::string_view s = x.as_text(), t = y.as_text();
        bool r = false;
        if (in.op == Opcode::CONTAINS_TEXT) r = s.find(t) != std::string_view::npos;
        else if (t.size() <= s.size())
          r = in.op == Opcode::STARTS_WITH ? s.substr(0, t.size()) == t : s.substr(s.size() - t.size()) == t;
        x = Value::boolean(r);
        break;
      }
      case Opcode::MATCHES: {
        Value& x = top[-1];
        if (!x.is_set()) break;
        if (x.tag != Tag::text) FAULT(bad_value);
        const re2::RE2& re = *program_.regexes[static_cast<std::size_t>(in.a)];
        x = Value::boolean(re2::RE2::PartialMatch(re2::StringPiece(x.u.s, x.len), re));
        break;
      }
      case Opcode::NOT: top[-1] = kleene_not(top[-1]); break;
      case Opcode::AND_SC: case Opcode::OR_SC: case Opcode::COALESCE_SC: {
        if (in.a < 0) FAULT(bad_value);  // jumps only go forward
        const Value& v = top[-1];
        const bool jump = in.op == Opcode::AND_SC  ? v.is_false()
                          : in.op == Opcode::OR_SC ? v.is_true()
                                                   : v.is_set();
        if (jump) {
          pc += 1 + in.a;
          continue;
        }
        if (in.op == Opcode::COALESCE_SC) --top;
        break;
      }
      case Opcode::AND: top[-2] = kleene_and(top[-2], top[-1]), --top; break;
      case Opcode::OR: top[-2] = kleene_or(top[-2], top[-1]), --top; break;
      case Opcode::IS_SET: top[-1] = Value::boolean(top[-1].is_set()); break;
      case Opcode::IS_NOT_SET: top[-1] = Value::boolean(!top[-1].is_set()); break;
      case Opcode::LIST: {
        const auto n = static_cast<std::uint32_t>(in.a);
        Value* elems = arena_.make_array<Value>(n);
        top -= n;
        for (std::uint32_t i = 0; i < n; ++i) elems[i] = top[i];
        *top++ = Value::list(elems, n);
        break;
      }
      case Opcode::ANY: case Opcode::ALL: case Opcode::COUNT: {
        if (in.b <= 0) FAULT(bad_value);  // a body leaves one value
        const Value list = top[-1];
        const std::int32_t body_end = pc + 1 + in.b;
        if (!list.is_set() || (list.tag == Tag::list && list.len == 0)) {
          top[-1] = !list.is_set()              ? Value::unset()
                    : in.op == Opcode::COUNT    ? Value::integer(0)
                                                : Value::boolean(in.op == Opcode::ALL);
          pc = body_end;
          continue;
        }
        if (list.tag != Tag::list) FAULT(bad_value);
        if (in.a < 0 || static_cast<std::size_t>(in.a) >= loop_depth_ || loops[in.a].active) FAULT(limit);
        Loop& l = loops[in.a];
        l = Loop{list.u.elems, list.len, 0, list.width, in.op, true, false, pc + 1, body_end, inner, 0};
        inner = in.a;
        ++pc;
        continue;
      }
      case Opcode::CALL: {
        BuiltinContext ctx{program_, arena_, as_of_};
        FaultCode code = FaultCode::none;
        const Value r = call_builtin(static_cast<BuiltinId>(in.a), top - in.b, in.b, ctx, code);
        if (code != FaultCode::none) {
          fault = {code, pc};
          goto failed;
        }
        top -= in.b;
        *top++ = r;
        break;
      }
      case Opcode::QUAL_PASSED: case Opcode::QUAL_SCORE: case Opcode::QUAL_MET: case Opcode::QUAL_MISSING: {
        const QualResult* q = nullptr;
        CALL_OUT(q = qual_for(in.a, in.op == Opcode::QUAL_PASSED, pc, fault));
        if (in.op == Opcode::QUAL_PASSED) *top++ = q->passed;
        else if (in.op == Opcode::QUAL_SCORE) *top++ = Value::integer(q->score);
        else if (in.op == Opcode::QUAL_MISSING) *top++ = missing_list(in.a);
        else if (in.b < 0 || static_cast<std::size_t>(in.b) >= q->met.size()) FAULT(bad_value);
        else *top++ = Value::boolean(q->met[static_cast<std::size_t>(in.b)] != 0);
        break;
      }
      case Opcode::RESULT: {
        Value v;
        if (result_ != nullptr) {
          const Value* fields[] = {&result_->stage, &result_->from, &result_->moved,
                                   &result_->entered, &result_->funnel, &result_->unstaged};
          if (in.a < 0 || in.a > 5) FAULT(bad_value);
          v = *fields[in.a];
        }
        *top++ = v;
        break;
      }
      default: FAULT(bad_value);
    }
    ++pc;
  }
#undef FAULT
#undef BINARY
#undef CALL_OUT
  --level_;
  return top > base ? top[-1] : Value::unset();

failed:
  for (std::int32_t d = inner; d >= 0; d = loops[d].outer) loops[d].active = false;
  sp_ = my_sp;
  --level_;
  return Value::unset();
}

}  // namespace sluice::rt
