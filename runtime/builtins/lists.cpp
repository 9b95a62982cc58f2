// min, max, sum, coalesce: over their arguments or the elements of one list.
#include <cmath>

#include "runtime/builtins/families.hpp"
#include "runtime/vm_compare.hpp"

namespace sluice::rt::builtins {
namespace {

// The values min/max range over: the elements of a single list argument, else the
// arguments. False when a list of objects is given (there is no order on them).
bool operands(const Value* args, int argc, const Value*& first, std::size_t& count) {
  if (argc == 1 && args[0].tag == Tag::list) {
    if (args[0].width != 1) return false;
    first = args[0].u.elems;
    count = args[0].len;
  } else {
    first = args;
    count = static_cast<std::size_t>(argc);
  }
  return true;
}

// sign = -1 picks the smallest, +1 the largest. Unset when any value is unset or
// there are none.
Value extreme(const Value* args, int argc, FaultCode& fault, int sign) {
  if (argc == 1 && !args[0].is_set()) return Value::unset();
  const Value* v = nullptr;
  std::size_t n = 0;
  if (!operands(args, argc, v, n)) return fail(fault, FaultCode::bad_value);
  if (n == 0) return Value::unset();
  Value best = v[0];
  for (std::size_t i = 0; i < n; ++i) {
    if (!v[i].is_set()) return Value::unset();
    bool ok = true;
    const int c = compare_scalars(v[i], best, ok);
    if (!ok) return fail(fault, FaultCode::bad_value);
    if (c == sign) best = v[i];
  }
  return best;
}

}  // namespace

Value min(const Value* args, int argc, BuiltinContext&, FaultCode& fault) { return extreme(args, argc, fault, -1); }
Value max(const Value* args, int argc, BuiltinContext&, FaultCode& fault) { return extreme(args, argc, fault, 1); }

Value sum(const Value* args, int, BuiltinContext&, FaultCode& fault) {
  const Value& list = args[0];
  if (!list.is_set()) return Value::unset();
  if (list.tag != Tag::list || list.width != 1) return fail(fault, FaultCode::bad_value);
  std::int64_t total = 0;
  double real = 0;
  bool is_number = false;  // an empty list sums to the int 0
  for (std::uint32_t i = 0; i < list.len; ++i) {
    const Value& e = list.u.elems[i];
    if (e.tag == Tag::unset) continue;
    if (e.tag == Tag::number) {
      if (!is_number) real = static_cast<double>(total);
      is_number = true;
      real += e.u.n;
    } else if (e.tag == Tag::int_) {
      if (is_number) real += static_cast<double>(e.u.i);
      else if (__builtin_add_overflow(total, e.u.i, &total)) return fail(fault, FaultCode::overflow);
    } else {
      return fail(fault, FaultCode::bad_value);
    }
  }
  if (!is_number) return Value::integer(total);
  if (!std::isfinite(real)) return fail(fault, FaultCode::bad_value);
  return Value::number(real);
}

Value coalesce(const Value* args, int argc, BuiltinContext&, FaultCode&) {
  for (int i = 0; i < argc; ++i)
    if (args[i].is_set()) return args[i];
  return Value::unset();
}

}  // namespace sluice::rt::builtins
