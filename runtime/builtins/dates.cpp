// days_since, days_between, add_months, date_of, year, quarter. Dates are ms since
// the epoch, UTC; whole days round down (floor), so they can be negative.
#include "runtime/builtins/families.hpp"
#include "runtime/timefmt.hpp"

namespace sluice::rt::builtins {
namespace {

bool in_range(std::int64_t ms) { return ms >= kMinInstant && ms <= kMaxInstant; }

// Whole days from a to b, rounded down; overflow is a fault.
Value whole_days(std::int64_t a, std::int64_t b, FaultCode& fault) {
  std::int64_t diff = 0;
  if (__builtin_sub_overflow(b, a, &diff)) return fail(fault, FaultCode::overflow);
  return Value::integer(floor_div(diff, kMsPerDay));
}

CivilDate civil_of(std::int64_t ms) { return civil_from_days(floor_div(ms, kMsPerDay)); }

}  // namespace

Value days_since(const Value* args, int, BuiltinContext& ctx, FaultCode& fault) {
  if (!args[0].is_set()) return Value::unset();
  if (args[0].tag != Tag::date) return fail(fault, FaultCode::bad_value);
  return whole_days(args[0].u.i, ctx.as_of_ms, fault);
}

Value days_between(const Value* args, int, BuiltinContext&, FaultCode& fault) {
  if (!args[0].is_set() || !args[1].is_set()) return Value::unset();
  if (args[0].tag != Tag::date || args[1].tag != Tag::date) return fail(fault, FaultCode::bad_value);
  return whole_days(args[0].u.i, args[1].u.i, fault);
}

Value add_months(const Value* args, int, BuiltinContext&, FaultCode& fault) {
  if (!args[0].is_set() || !args[1].is_set()) return Value::unset();
  if (args[0].tag != Tag::date || args[1].tag != Tag::int_ || !in_range(args[0].u.i))
    return fail(fault, FaultCode::bad_value);
  const std::int64_t day = floor_div(args[0].u.i, kMsPerDay);
  const std::int64_t time_of_day = args[0].u.i - day * kMsPerDay;
  const CivilDate d = civil_from_days(day);
  std::int64_t months = 0;
  if (__builtin_add_overflow(d.year * 12 + (d.month - 1), args[1].u.i, &months))
    return fail(fault, FaultCode::bad_value);
  const std::int64_t year = floor_div(months, 12);
  const auto month = static_cast<unsigned>(floor_mod(months, 12) + 1);
  if (year < 0 || year > 9999) return fail(fault, FaultCode::bad_value);
  const unsigned last = days_in_month(year, month);
  const std::int64_t result = days_from_civil(year, month, d.day < last ? d.day : last) * kMsPerDay + time_of_day;
  return Value::date(result);
}

Value date_of(const Value* args, int, BuiltinContext&, FaultCode& fault) {
  const Value& v = args[0];
  std::int64_t ms = 0;
  if (v.tag == Tag::date) ms = v.u.i;
  else if (v.tag == Tag::text) {
    if (!parse_instant(v.as_text(), ms)) return Value::unset();
  } else {
    return v.is_set() ? fail(fault, FaultCode::bad_value) : Value::unset();
  }
  return Value::date(floor_div(ms, kMsPerDay) * kMsPerDay);
}

Value year(const Value* args, int, BuiltinContext&, FaultCode& fault) {
  if (!args[0].is_set()) return Value::unset();
  if (args[0].tag != Tag::date) return fail(fault, FaultCode::bad_value);
  return Value::integer(civil_of(args[0].u.i).year);
}

Value quarter(const Value* args, int, BuiltinContext&, FaultCode& fault) {
  if (!args[0].is_set()) return Value::unset();
  if (args[0].tag != Tag::date) return fail(fault, FaultCode::bad_value);
  return Value::integer((civil_of(args[0].u.i).month - 1) / 3 + 1);
}

}  // namespace sluice::rt::builtins
