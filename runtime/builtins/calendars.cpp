// business_days_between, business_hours_between, add_business_days, is_business_day:
// thin wrappers over runtime/calendar.hpp. The calendar argument is the int index of
// a calendar of the program.
#include "runtime/builtins/families.hpp"
#include "runtime/calendar.hpp"
#include "runtime/timefmt.hpp"

namespace sluice::rt::builtins {
namespace {

const BusinessCalendar* calendar_at(const Value& v, const BuiltinContext& ctx) {
  if (v.tag != Tag::int_ || v.u.i < 0 || static_cast<std::uint64_t>(v.u.i) >= ctx.program.calendars.size())
    return nullptr;
  return &ctx.program.calendars[static_cast<std::size_t>(v.u.i)];
}

bool is_date(const Value& v) { return v.tag == Tag::date && v.u.i >= kMinInstant && v.u.i <= kMaxInstant; }

}  // namespace

Value business_days_between(const Value* args, int, BuiltinContext& ctx, FaultCode& fault) {
  const BusinessCalendar* cal = calendar_at(args[2], ctx);
  if (cal == nullptr) return fail(fault, FaultCode::bad_value);
  if (!args[0].is_set() || !args[1].is_set()) return Value::unset();
  if (!is_date(args[0]) || !is_date(args[1])) return fail(fault, FaultCode::bad_value);
  return Value::integer(rt::business_days_between(*cal, args[0].u.i, args[1].u.i));
}

Value business_hours_between(const Value* args, int, BuiltinContext& ctx, FaultCode& fault) {
  const BusinessCalendar* cal = calendar_at(args[2], ctx);
  if (cal == nullptr) return fail(fault, FaultCode::bad_value);
  if (!args[0].is_set() || !args[1].is_set()) return Value::unset();
  if (!is_date(args[0]) || !is_date(args[1])) return fail(fault, FaultCode::bad_value);
  return Value::number(rt::business_hours_between(*cal, args[0].u.i, args[1].u.i));
}

Value add_business_days(const Value* args, int, BuiltinContext& ctx, FaultCode& fault) {
  const BusinessCalendar* cal = calendar_at(args[2], ctx);
  if (cal == nullptr) return fail(fault, FaultCode::bad_value);
  if (!args[0].is_set() || !args[1].is_set()) return Value::unset();
  if (!is_date(args[0]) || args[1].tag != Tag::int_) return fail(fault, FaultCode::bad_value);
  const std::int64_t due = add_business_time(*cal, args[0].u.i, args[1].u.i, BusinessUnit::days);
  return due == kNoInstant ? Value::unset() : Value::date(due);
}

Value is_business_day(const Value* args, int, BuiltinContext& ctx, FaultCode& fault) {
  const BusinessCalendar* cal = calendar_at(args[1], ctx);
  if (cal == nullptr) return fail(fault, FaultCode::bad_value);
  if (!args[0].is_set()) return Value::unset();
  if (!is_date(args[0])) return fail(fault, FaultCode::bad_value);
  return Value::boolean(rt::is_business_day(*cal, args[0].u.i));
}

}  // namespace sluice::rt::builtins
