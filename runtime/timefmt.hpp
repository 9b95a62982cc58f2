// ISO-8601 instants and Sluice durations: parsing input texts to milliseconds since
// the epoch (UTC) and formatting them back. Dates live in years 0000..9999 (the range
// four-digit ISO years can spell); the VM faults instead of leaving it.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace sluice::rt {

inline constexpr std::int64_t kMsPerSecond = 1000;
inline constexpr std::int64_t kMsPerMinute = 60 * kMsPerSecond;
inline constexpr std::int64_t kMsPerHour = 60 * kMsPerMinute;
inline constexpr std::int64_t kMsPerDay = 24 * kMsPerHour;
inline constexpr std::int64_t kMinInstant = -62167219200000;  // 0000-01-01T00:00:00Z
inline constexpr std::int64_t kMaxInstant = 253402300799999;  // 9999-12-31T23:59:59.999Z

// Floor division and modulo (the sign of the result follows the divisor).
constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}
constexpr std::int64_t floor_mod(std::int64_t a, std::int64_t b) {
  const std::int64_t r = a % b;  // never overflows, unlike a - floor_div(a, b) * b
  return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r;
}

struct CivilDate {
  std::int64_t year;
  unsigned month;  // 1..12
  unsigned day;    // 1..31
};

// Days since 1970-01-01 of a proleptic Gregorian date, and back (H. Hinnant's algorithms).
constexpr std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}
constexpr CivilDate civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const auto d = static_cast<unsigned>(doy - (153 * mp + 2) / 5 + 1);
  const auto m = static_cast<unsigned>(mp < 10 ? mp + 3 : mp - 9);
  return {yoe + era * 400 + (m <= 2 ? 1 : 0), m, d};
}
constexpr bool is_leap_year(std::int64_t y) { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); }
constexpr unsigned days_in_month(std::int64_t y, unsigned m) {
  constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap_year(y) ? 29u : kDays[m - 1];
}

// "2026-01-15" (midnight UTC), "2026-01-15T10:00Z", "2026-01-15T10:00:00Z",
// "2026-01-15T10:00:00.123+02:00" (offsets ±HH:MM or ±HHMM; a fraction of up to nine
// digits is truncated to milliseconds; no offset means UTC). False on anything else,
// including impossible dates (2025-02-30) and times (25:00, 24:00, 10:60).
bool parse_instant(std::string_view text, std::int64_t& ms);

// Durations: Sluice units in decreasing order, each at most once, optionally negative
// ("2w3d", "90d", "1h30min", "45s", "250ms", "-2d"), or ISO-8601 "P2DT3H", "PT1.5S",
// "P1W" (years and months are rejected: their length varies). False on overflow.
bool parse_duration(std::string_view text, std::int64_t& ms);

// Buffer sizes that always suffice for the char* formatters.
inline constexpr std::size_t kInstantChars = 32;
inline constexpr std::size_t kDurationChars = 48;

// "2026-01-15T00:00:00Z", with ".123" only when the milliseconds are not zero.
// Years outside 0000..9999 are written with a sign and at least four digits.
std::size_t format_instant(std::int64_t ms, char* out);
std::string format_instant(std::int64_t ms);

// "2d3h", "1h30min", "45s", "250ms", "0s", "-2d": days, hours, minutes, seconds and
// milliseconds, largest first, zero units left out (parse_duration reads it back).
std::size_t format_duration(std::int64_t ms, char* out);
std::string format_duration(std::int64_t ms);

}  // namespace sluice::rt
