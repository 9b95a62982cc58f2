#include "runtime/timefmt.hpp"

#include <cstring>

namespace sluice::rt {
namespace {

// A cursor over the text; every reader returns false without moving past the end.
struct Cursor {
  std::string_view s;
  std::size_t i = 0;
  bool done() const { return i == s.size(); }
  bool peek(char c) const { return i < s.size() && s[i] == c; }
  bool eat(char c) {
    if (!peek(c)) return false;
    ++i;
    return true;
  }
  bool digit() const { return i < s.size() && s[i] >= '0' && s[i] <= '9'; }
  // Exactly n digits.
  bool fixed(int n, int& out) {
    out = 0;
    for (int k = 0; k < n; ++k) {
      if (!digit()) return false;
      out = out * 10 + (s[i++] - '0');
    }
    return true;
  }
  // One or more digits, without overflowing.
  bool number(std::int64_t& out) {
    if (!digit()) return false;
    out = 0;
    while (digit()) {
      if (__builtin_mul_overflow(out, 10, &out) || __builtin_add_overflow(out, s[i] - '0', &out))
        return false;
      ++i;
    }
    return true;
  }
};

// Milliseconds of a fraction of a second: digits after the point, truncated.
bool fraction_ms(Cursor& c, std::int64_t& ms) {
  ms = 0;
  int n = 0;
  while (c.digit()) {
    if (++n > 9) return false;
    if (n <= 3) ms = ms * 10 + (c.s[c.i] - '0');
    ++c.i;
  }
  if (n == 0) return false;
  for (int k = n; k < 3; ++k) ms *= 10;
  return true;
}

bool parse_offset(Cursor& c, std::int64_t& offset_ms) {
  offset_ms = 0;
  if (c.eat('Z')) return true;
  int sign = c.eat('+') ? 1 : (c.eat('-') ? -1 : 0);
  if (sign == 0) return true;  // no offset: UTC
  int hh = 0, mm = 0;
  if (!c.fixed(2, hh)) return false;
  c.eat(':');
  if (!c.fixed(2, mm) || hh > 23 || mm > 59) return false;
  offset_ms = sign * (hh * kMsPerHour + mm * kMsPerMinute);
  return true;
}

bool add(std::int64_t& total, std::int64_t count, std::int64_t unit) {
  std::int64_t part = 0;
  return !__builtin_mul_overflow(count, unit, &part) && !__builtin_add_overflow(total, part, &total);
}

// ISO-8601 "P[nW][nD][T[nH][nM][n[.f]S]]"; the leading 'P' is consumed already.
bool parse_iso_duration(Cursor& c, std::int64_t& ms) {
  bool any = false, in_time = false;
  int last_rank = -1;
  while (!c.done()) {
    if (!in_time && c.eat('T')) {
      in_time = true;
      last_rank = 1;
      if (c.done()) return false;
      continue;
    }
    std::int64_t n = 0, frac = 0;
    if (!c.number(n)) return false;
    bool has_frac = false;
    if (c.eat('.') || c.eat(',')) {
      if (!fraction_ms(c, frac)) return false;
      has_frac = true;
    }
    if (c.done()) return false;
    char u = c.s[c.i++];
    int rank = 0;
    std::int64_t unit = 0;
    if (!in_time && u == 'W') rank = 0, unit = 7 * kMsPerDay;
    else if (!in_time && u == 'D') rank = 1, unit = kMsPerDay;
    else if (in_time && u == 'H') rank = 2, unit = kMsPerHour;
    else if (in_time && u == 'M') rank = 3, unit = kMsPerMinute;
    else if (in_time && u == 'S') rank = 4, unit = kMsPerSecond;
    else return false;  // years, months or a misplaced unit
    if (rank <= last_rank || (has_frac && rank != 4)) return false;
    last_rank = rank;
    if (!add(ms, n, unit) || !add(ms, frac, 1)) return false;
    any = true;
  }
  return any;
}

struct Unit {
  const char* name;
  std::int64_t ms;
};
constexpr Unit kUnits[] = {{"w", 7 * kMsPerDay}, {"d", kMsPerDay},     {"h", kMsPerHour},
                           {"min", kMsPerMinute}, {"ms", 1},           {"s", kMsPerSecond}};
// Rank of each entry above in decreasing size (ms is the smallest).
constexpr int kUnitRank[] = {0, 1, 2, 3, 5, 4};

bool parse_sluice_duration(Cursor& c, std::int64_t& ms) {
  int last_rank = -1;
  bool any = false;
  while (!c.done()) {
    std::int64_t n = 0;
    if (!c.number(n)) return false;
    int found = -1;
    for (int k = 0; k < 6; ++k) {  // "min" and "ms" are tried before "s"
      std::size_t len = std::strlen(kUnits[k].name);
      if (c.s.substr(c.i, len) == kUnits[k].name) {
        found = k;
        c.i += len;
        break;
      }
    }
    if (found < 0 || kUnitRank[found] <= last_rank) return false;
    last_rank = kUnitRank[found];
    if (!add(ms, n, kUnits[found].ms)) return false;
    any = true;
  }
  return any;
}

std::size_t put_uint(char* out, std::uint64_t v, int min_digits) {
  char tmp[24];
  int n = 0;
  do {
    tmp[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  while (n < min_digits) tmp[n++] = '0';
  for (int k = 0; k < n; ++k) out[k] = tmp[n - 1 - k];
  return static_cast<std::size_t>(n);
}

// The two digits of v < 100.
inline void put2(char* out, std::uint32_t v) {
  out[0] = static_cast<char>('0' + v / 10);
  out[1] = static_cast<char>('0' + v % 10);
}

// Whether year y has month m and day d.
bool real_date(std::int64_t y, int m, int d) {
  return m >= 1 && m <= 12 && d >= 1 && static_cast<unsigned>(d) <= days_in_month(y, static_cast<unsigned>(m));
}

// "YYYY-MM-DD" exactly, the commonest instant in CRM exports: true with `days`
// since the epoch when it is such a text and a real date, false otherwise
// (parse_instant's general path then decides). Its eight digits are checked and
// read without the cursor's per-character tests: about 116 instructions a date
// against the general path's 177 (callgrind).
bool plain_date(std::string_view t, std::int64_t& days) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return false;
  auto digit = [&](std::size_t i) { return std::uint32_t{static_cast<unsigned char>(t[i])} - std::uint32_t{'0'}; };
  const std::uint32_t v[8] = {digit(0), digit(1), digit(2), digit(3), digit(5), digit(6), digit(8), digit(9)};
  const bool bad = (v[0] > 9) | (v[1] > 9) | (v[2] > 9) | (v[3] > 9) | (v[4] > 9) | (v[5] > 9) | (v[6] > 9) | (v[7] > 9);
  const auto y = static_cast<int>(v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3]);
  const auto m = static_cast<int>(v[4] * 10 + v[5]);
  const auto d = static_cast<int>(v[6] * 10 + v[7]);
  if (bad || !real_date(y, m, d)) return false;
  days = days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
  return true;
}

// Every other instant (and every text that is none). Not inlined, so that the
// plain date's path saves no registers for it.
[[gnu::noinline]] bool parse_instant_general(std::string_view text, std::int64_t& ms) {
  Cursor c{text};
  int y = 0, mo = 0, d = 0;
  if (!c.fixed(4, y) || !c.eat('-') || !c.fixed(2, mo) || !c.eat('-') || !c.fixed(2, d)) return false;
  if (!real_date(y, mo, d)) return false;
  std::int64_t result = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * kMsPerDay;
  if (c.done()) {
    ms = result;
    return true;
  }
  int hh = 0, mi = 0, ss = 0;
  std::int64_t frac = 0, offset = 0;
  if (!c.eat('T') || !c.fixed(2, hh) || !c.eat(':') || !c.fixed(2, mi)) return false;
  if (c.eat(':')) {
    if (!c.fixed(2, ss)) return false;
    if ((c.eat('.') || c.eat(',')) && !fraction_ms(c, frac)) return false;
  }
  if (hh > 23 || mi > 59 || ss > 59) return false;
  if (!parse_offset(c, offset) || !c.done()) return false;
  ms = result + hh * kMsPerHour + mi * kMsPerMinute + ss * kMsPerSecond + frac - offset;
  return true;
}

}  // namespace

bool parse_instant(std::string_view text, std::int64_t& ms) {
  if (std::int64_t days = 0; plain_date(text, days)) {
    ms = days * kMsPerDay;
    return true;
  }
  return parse_instant_general(text, ms);
}

bool parse_duration(std::string_view text, std::int64_t& ms) {
  Cursor c{text};
  bool negative = c.eat('-');
  std::int64_t total = 0;
  bool ok = c.eat('P') ? parse_iso_duration(c, total) : parse_sluice_duration(c, total);
  if (!ok) return false;
  ms = negative ? -total : total;
  return true;
}

std::size_t format_instant(std::int64_t ms, char* out) {
  const std::int64_t days = floor_div(ms, kMsPerDay);
  const auto rest = static_cast<std::uint32_t>(floor_mod(ms, kMsPerDay));
  const CivilDate date = civil_from_days(days);
  std::size_t n = 0;
  if (date.year >= 0 && date.year <= 9999) {  // four digits, as almost every instant
    put2(out, static_cast<std::uint32_t>(date.year) / 100);
    put2(out + 2, static_cast<std::uint32_t>(date.year) % 100);
    n = 4;
  } else {
    out[n++] = date.year < 0 ? '-' : '+';
    n += put_uint(out + n, static_cast<std::uint64_t>(date.year < 0 ? -date.year : date.year), 4);
  }
  out[n] = '-';
  put2(out + n + 1, date.month);
  out[n + 3] = '-';
  put2(out + n + 4, date.day);
  out[n + 6] = 'T';
  constexpr auto kHour = static_cast<std::uint32_t>(kMsPerHour), kMinute = static_cast<std::uint32_t>(kMsPerMinute),
                 kSecond = static_cast<std::uint32_t>(kMsPerSecond);
  put2(out + n + 7, rest / kHour);
  out[n + 9] = ':';
  put2(out + n + 10, rest / kMinute % 60);
  out[n + 12] = ':';
  put2(out + n + 13, rest / kSecond % 60);
  n += 15;
  const std::uint32_t millis = rest % kSecond;
  if (millis != 0) {
    out[n] = '.';
    out[n + 1] = static_cast<char>('0' + millis / 100);
    put2(out + n + 2, millis % 100);
    n += 4;
  }
  out[n++] = 'Z';
  return n;
}

std::string format_instant(std::int64_t ms) {
  char buf[kInstantChars];
  return std::string(buf, format_instant(ms, buf));
}

std::size_t format_duration(std::int64_t ms, char* out) {
  std::size_t n = 0;
  // Work in unsigned so that INT64_MIN has a magnitude.
  std::uint64_t rest = ms < 0 ? 0 - static_cast<std::uint64_t>(ms) : static_cast<std::uint64_t>(ms);
  if (ms < 0) out[n++] = '-';
  if (rest == 0) {
    out[n++] = '0';
    out[n++] = 's';
    return n;
  }
  constexpr Unit kParts[] = {{"d", kMsPerDay}, {"h", kMsPerHour}, {"min", kMsPerMinute},
                             {"s", kMsPerSecond}, {"ms", 1}};
  for (const Unit& u : kParts) {
    const std::uint64_t count = rest / static_cast<std::uint64_t>(u.ms);
    rest %= static_cast<std::uint64_t>(u.ms);
    if (count == 0) continue;
    n += put_uint(out + n, count, 1);
    for (const char* p = u.name; *p != '\0'; ++p) out[n++] = *p;
  }
  return n;
}

std::string format_duration(std::int64_t ms) {
  char buf[kDurationChars];
  return std::string(buf, format_duration(ms, buf));
}

}  // namespace sluice::rt
