// Conversion of literal tokens (already shaped by the grammar) into values:
// numbers, durations, dates, clock times and text escapes. Pure functions without
// PEGTL; a failure carries the message and advice of an E0013 diagnostic.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace sluice::literals {

struct Problem {
  std::string message;  // empty: no problem
  std::string help;
  explicit operator bool() const { return !message.empty(); }
};

// `42`, `3.5`, `90d`, `1.5h`, `30min`: digits, an optional fraction, and an
// optional unit written right after the number.
struct NumberValue {
  enum class Kind { integer, number, duration } kind = Kind::integer;
  std::int64_t int_value = 0;  // integer, or milliseconds for a duration
  double number_value = 0;
  Problem problem;
};
NumberValue parse_number(std::string_view token);

// `2025-01-06` (midnight UTC) or `2025-01-06T09:22[:00[.250]][Z|+02:00]` (UTC when
// no offset is written), as milliseconds since 1970-01-01T00:00:00Z.
struct DateValue {
  std::int64_t ms = 0;
  Problem problem;
};
DateValue parse_date(std::string_view token);

// `09:00` -> minutes since midnight; `24:00` is allowed as an end of day.
struct ClockValue {
  std::int32_t minutes = 0;
  Problem problem;
};
ClockValue parse_clock(std::string_view token);

// The quoted token `"..."` (quotes included) with \" \\ \n \t \u{1F600}-style escapes resolved.
// `bad_begin`/`bad_end` locate a bad escape within the token.
struct TextValue {
  std::string text;
  Problem problem;
  std::size_t bad_begin = 0, bad_end = 0;
};
TextValue parse_text(std::string_view token);

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d);
bool valid_civil_date(std::int64_t y, unsigned m, unsigned d);

}  // namespace sluice::literals
