// One function per built-in, grouped by the file that implements it; table.cpp puts
// them in BuiltinId order.
#pragma once
#include "runtime/builtins/builtins.hpp"

namespace sluice::rt::builtins {

#define SLUICE_BUILTIN_FN(name) Value name(const Value* args, int argc, BuiltinContext& ctx, FaultCode& fault)

// strings.cpp
SLUICE_BUILTIN_FN(len);
SLUICE_BUILTIN_FN(lower);
SLUICE_BUILTIN_FN(upper);
SLUICE_BUILTIN_FN(trim);
SLUICE_BUILTIN_FN(domain);
// numbers.cpp
SLUICE_BUILTIN_FN(abs);
SLUICE_BUILTIN_FN(round);
// lists.cpp
SLUICE_BUILTIN_FN(min);
SLUICE_BUILTIN_FN(max);
SLUICE_BUILTIN_FN(sum);
SLUICE_BUILTIN_FN(coalesce);
// dates.cpp
SLUICE_BUILTIN_FN(days_since);
SLUICE_BUILTIN_FN(days_between);
SLUICE_BUILTIN_FN(add_months);
SLUICE_BUILTIN_FN(date_of);
SLUICE_BUILTIN_FN(year);
SLUICE_BUILTIN_FN(quarter);
// calendars.cpp
SLUICE_BUILTIN_FN(business_days_between);
SLUICE_BUILTIN_FN(business_hours_between);
SLUICE_BUILTIN_FN(add_business_days);
SLUICE_BUILTIN_FN(is_business_day);

#undef SLUICE_BUILTIN_FN

// A fault: unset result.
inline Value fail(FaultCode& fault, FaultCode code) {
  fault = code;
  return Value::unset();
}

}  // namespace sluice::rt::builtins
