// abs, round.
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "runtime/builtins/families.hpp"

namespace sluice::rt::builtins {
namespace {

// x rounded half away from zero to `decimals` places, done on the shortest decimal
// spelling of x (so 2.675 rounds to 2.68, as the person who wrote 2.675 expects,
// although the nearest double is 2.67499999...).
double round_decimals(double x, std::int64_t decimals) {
  if (x == 0 || !std::isfinite(x)) return x;
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::scientific);
  *res.ptr = '\0';
  // buf: [-]d[.ddd]e±XX
  const char* p = buf;
  const bool negative = *p == '-';
  if (negative) ++p;
  char digits[32];
  int n = 0;
  for (; *p != 'e'; ++p)
    if (*p != '.') digits[n++] = *p;
  const long exponent = std::strtol(p + 1, nullptr, 10);  // x = 0.digits * 10^(exponent + 1)
  if (decimals > 400) decimals = 400;
  if (decimals < -400) decimals = -400;
  const std::int64_t keep = exponent + 1 + decimals;  // significant digits that stay
  if (keep >= n) return x;
  if (keep < 0) return 0.0;
  std::uint64_t mantissa = 0;
  for (std::int64_t i = 0; i < keep; ++i) mantissa = mantissa * 10 + static_cast<std::uint64_t>(digits[i] - '0');
  if (digits[keep] >= '5') ++mantissa;  // half away from zero: the sign is applied after
  if (mantissa == 0) return 0.0;
  char out[64];
  std::snprintf(out, sizeof out, "%s%llue%lld", negative ? "-" : "", static_cast<unsigned long long>(mantissa),
                static_cast<long long>(exponent + 1 - keep));
  double result = 0;
  std::from_chars(out, out + std::strlen(out), result);
  return result;
}

}  // namespace

Value abs(const Value* args, int, BuiltinContext&, FaultCode& fault) {
  const Value& v = args[0];
  switch (v.tag) {
    case Tag::unset: return v;
    case Tag::number: return Value::number(std::fabs(v.u.n));
    case Tag::int_:
    case Tag::duration: {
      if (v.u.i == INT64_MIN) return fail(fault, FaultCode::overflow);
      Value r = v;
      r.u.i = v.u.i < 0 ? -v.u.i : v.u.i;
      return r;
    }
    default: return fail(fault, FaultCode::bad_value);
  }
}

Value round(const Value* args, int argc, BuiltinContext&, FaultCode& fault) {
  const Value& v = args[0];
  if (!v.is_set() || (argc == 2 && !args[1].is_set())) return Value::unset();
  if (v.tag != Tag::number && v.tag != Tag::int_) return fail(fault, FaultCode::bad_value);
  const double x = v.tag == Tag::int_ ? static_cast<double>(v.u.i) : v.u.n;
  if (!std::isfinite(x)) return fail(fault, FaultCode::bad_value);
  if (argc == 2) {
    if (args[1].tag != Tag::int_) return fail(fault, FaultCode::bad_value);
    return Value::number(round_decimals(x, args[1].u.i));
  }
  if (v.tag == Tag::int_) return v;
  const double r = std::round(x);  // half away from zero
  if (r < -9223372036854775808.0 || r >= 9223372036854775808.0) return fail(fault, FaultCode::overflow);
  return Value::integer(static_cast<std::int64_t>(r));
}

}  // namespace sluice::rt::builtins
