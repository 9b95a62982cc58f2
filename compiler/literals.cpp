#include "compiler/literals.hpp"

#include <charconv>
#include <cstdint>
#include <limits>
#include <string>

namespace sluice::literals {
namespace {

constexpr std::int64_t kInt64Max = std::numeric_limits<std::int64_t>::max();

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string quoted(std::string_view s) { return "`" + std::string(s) + "`"; }

// Milliseconds per duration unit; 0 for an unknown unit.
std::int64_t unit_ms(std::string_view unit) {
  if (unit == "w") return 7 * 86'400'000LL;
  if (unit == "d") return 86'400'000LL;
  if (unit == "h") return 3'600'000LL;
  if (unit == "min") return 60'000LL;
  if (unit == "s") return 1'000LL;
  if (unit == "ms") return 1LL;
  return 0;
}

// Unsigned decimal digits; false on overflow of int64.
bool digits_value(std::string_view digits, std::int64_t& out) {
  auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out);
  return ec == std::errc() && p == digits.data() + digits.size();
}

unsigned two(std::string_view s, std::size_t at) {
  return static_cast<unsigned>((s[at] - '0') * 10 + (s[at + 1] - '0'));
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// A duration `<int>[.<frac>]<unit>` in whole milliseconds.
NumberValue duration_value(std::string_view token, std::string_view int_part, std::string_view frac,
                           std::int64_t per_unit) {
  NumberValue v;
  v.kind = NumberValue::Kind::duration;
  const Problem too_long{"duration " + quoted(token) + " is too long",
                         "durations must stay within about 292 million years"};
  std::int64_t whole = 0;
  if (!digits_value(int_part, whole) || whole > kInt64Max / per_unit) {
    v.problem = too_long;
    return v;
  }
  std::int64_t ms = whole * per_unit;
  if (!frac.empty()) {
    // frac / 10^len of a unit must be a whole number of milliseconds.
    if (frac.size() > 9) {
      v.problem = {"duration " + quoted(token) + " has too many decimal places", ""};
      return v;
    }
    std::int64_t f = 0, scale = 1;
    digits_value(frac, f);
    for (std::size_t i = 0; i < frac.size(); ++i) scale *= 10;
    // per_unit <= 6.048e8 and f < 1e9: the product fits in int64.
    if ((f * per_unit) % scale != 0) {
      v.problem = {"duration " + quoted(token) + " is not a whole number of milliseconds", ""};
      return v;
    }
    std::int64_t extra = f * per_unit / scale;
    if (ms > kInt64Max - extra) {
      v.problem = too_long;
      return v;
    }
    ms += extra;
  }
  v.int_value = ms;
  return v;
}

}  // namespace

NumberValue parse_number(std::string_view token) {
  std::size_t i = 0;
  while (i < token.size() && is_digit(token[i])) ++i;
  std::string_view int_part = token.substr(0, i);
  std::string_view frac;
  if (i + 1 < token.size() && token[i] == '.' && is_digit(token[i + 1])) {
    std::size_t start = ++i;
    while (i < token.size() && is_digit(token[i])) ++i;
    frac = token.substr(start, i - start);
  }
  std::string_view unit = token.substr(i);
  NumberValue v;
  if (!unit.empty()) {
    std::int64_t per_unit = unit_ms(unit);
    if (per_unit == 0) {
      v.problem = {"unknown duration unit " + quoted(unit) + " in " + quoted(token),
                   "units are `w`, `d`, `h`, `min`, `s` and `ms`, written right after the number: `90d`, `30min`"};
      return v;
    }
    return duration_value(token, int_part, frac, per_unit);
  }
  if (!frac.empty()) {
    v.kind = NumberValue::Kind::number;
    auto [p, ec] = std::from_chars(token.data(), token.data() + token.size(), v.number_value);
    if (ec != std::errc() || p != token.data() + token.size())
      v.problem = {"number " + quoted(token) + " is out of range", ""};
    return v;
  }
  if (!digits_value(int_part, v.int_value))
    v.problem = {"integer " + quoted(token) + " does not fit in 64 bits",
                 "the largest int is 9223372036854775807; write a decimal point for a `number`"};
  return v;
}

std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool valid_civil_date(std::int64_t y, unsigned m, unsigned d) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1) return false;
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= kDays[m - 1] + ((m == 2 && leap) ? 1 : 0);
}

DateValue parse_date(std::string_view t) {
  // Shape guaranteed by grammar::date_token: YYYY-MM-DD[THH:MM[:SS[.f+]][Z|±HH:MM]].
  DateValue v;
  const std::int64_t year = (t[0] - '0') * 1000 + (t[1] - '0') * 100 + two(t, 2);
  const unsigned month = two(t, 5), day = two(t, 8);
  if (!valid_civil_date(year, month, day)) {
    v.problem = {"invalid date " + quoted(t), "months are 01..12 and days must exist in that month"};
    return v;
  }
  std::int64_t ms = days_from_civil(year, month, day) * 86'400'000LL;
  if (t.size() > 10) {
    const unsigned hour = two(t, 11), minute = two(t, 14);
    unsigned second = 0;
    std::size_t i = 16;
    std::int64_t fraction_ms = 0;
    if (i < t.size() && t[i] == ':') {
      second = two(t, i + 1);
      i += 3;
      if (i < t.size() && t[i] == '.') {
        // Keep milliseconds; finer digits are truncated.
        std::int64_t scale = 100;
        for (++i; i < t.size() && is_digit(t[i]); ++i, scale /= 10) fraction_ms += (t[i] - '0') * scale;
      }
    }
    std::int64_t offset_min = 0;
    if (i < t.size() && (t[i] == '+' || t[i] == '-')) {
      const unsigned oh = two(t, i + 1), om = two(t, i + 4);
      if (oh > 23 || om > 59) {
        v.problem = {"invalid UTC offset in " + quoted(t), "write an offset like `+02:00` or `Z`"};
        return v;
      }
      offset_min = (t[i] == '-' ? -1 : 1) * static_cast<std::int64_t>(oh * 60 + om);
    }
    if (hour > 23 || minute > 59 || second > 59) {
      v.problem = {"invalid time of day in " + quoted(t), "hours are 00..23, minutes and seconds 00..59"};
      return v;
    }
    ms += ((hour * 60 + minute) * 60 + second) * 1000LL + fraction_ms - offset_min * 60'000LL;
  }
  v.ms = ms;
  return v;
}

ClockValue parse_clock(std::string_view t) {
  ClockValue v;
  const std::size_t colon = t.find(':');
  unsigned hour = 0;
  for (std::size_t i = 0; i < colon; ++i) hour = hour * 10 + static_cast<unsigned>(t[i] - '0');
  const unsigned minute = two(t, colon + 1);
  if (minute > 59 || hour > 24 || (hour == 24 && minute != 0)) {
    v.problem = {"invalid time " + quoted(t), "write a time between `00:00` and `24:00`"};
    return v;
  }
  v.minutes = static_cast<std::int32_t>(hour * 60 + minute);
  return v;
}

TextValue parse_text(std::string_view token) {
  TextValue v;
  // Shape guaranteed by grammar::text_token: `"` body `"` with every `\` escaping a char.
  const std::string_view body = token.substr(1, token.size() - 2);
  auto fail = [&](std::size_t begin, std::size_t end, std::string message, std::string help) {
    v.problem = {std::move(message), std::move(help)};
    v.bad_begin = begin + 1;  // +1: the opening quote
    v.bad_end = end + 1;
  };
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body[i] != '\\') {
      v.text += body[i];
      continue;
    }
    const char e = body[i + 1];
    if (e == '"' || e == '\\') {
      v.text += e;
    } else if (e == 'n') {
      v.text += '\n';
    } else if (e == 't') {
      v.text += '\t';
    } else if (e == 'u') {
      const std::size_t open = i + 2, close = body.find('}', open);
      const bool braced = open < body.size() && body[open] == '{' && close != std::string_view::npos;
      std::uint32_t cp = 0;
      bool ok = braced && close - open >= 2 && close - open <= 7;
      for (std::size_t k = open + 1; ok && k < close; ++k) {
        const char h = body[k];
        const int d = is_digit(h) ? h - '0' : (h >= 'a' && h <= 'f') ? h - 'a' + 10
                                              : (h >= 'A' && h <= 'F') ? h - 'A' + 10 : -1;
        ok = d >= 0;
        cp = cp * 16 + static_cast<std::uint32_t>(d < 0 ? 0 : d);
      }
      if (!ok || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        const std::size_t end = braced ? close + 1 : i + 2;
        fail(i, end, "invalid unicode escape " + quoted(body.substr(i, end - i)),
             "write `\\u{` 1 to 6 hex digits `}` for a code point up to 10FFFF, e.g. `\\u{1F600}`");
        return v;
      }
      append_utf8(v.text, cp);
      i = close;
      continue;
    } else {
      // The escaped char may be the first byte of a multi-byte code point.
      std::size_t end = i + 2;
      while (end < body.size() && (static_cast<unsigned char>(body[end]) & 0xC0) == 0x80) ++end;
      fail(i, end, "unknown escape " + quoted(body.substr(i, end - i)) + " in text",
           "escapes are `\\\"`, `\\\\`, `\\n`, `\\t` and `\\u{1F600}`");
      return v;
    }
    ++i;
  }
  return v;
}

}  // namespace sluice::literals
