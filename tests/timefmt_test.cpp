// ISO-8601 instants and durations: what parses, what is rejected, and round trips.
#include <catch2/catch.hpp>

#include <cstdio>

#include "runtime/timefmt.hpp"

using namespace sluice;

namespace {

std::string reformat(const char* text) {
  std::int64_t ms = 0;
  if (!rt::parse_instant(text, ms)) return "rejected";
  return rt::format_instant(ms);
}

std::string reduration(const char* text) {
  std::int64_t ms = 0;
  if (!rt::parse_duration(text, ms)) return "rejected";
  return rt::format_duration(ms);
}

}  // namespace

TEST_CASE("instants parse to ms since the epoch, UTC") {
  std::int64_t ms = -1;
  REQUIRE(rt::parse_instant("1970-01-01", ms));
  CHECK(ms == 0);
  REQUIRE(rt::parse_instant("2026-01-15", ms));
  CHECK(ms == 1768435200000);
  REQUIRE(rt::parse_instant("1969-12-31T23:59:59.999Z", ms));
  CHECK(ms == -1);
  CHECK(reformat("2026-01-15") == "2026-01-15T00:00:00Z");
  CHECK(reformat("2026-01-15T10:00:00Z") == "2026-01-15T10:00:00Z");
  CHECK(reformat("2026-01-15T10:00Z") == "2026-01-15T10:00:00Z");
  CHECK(reformat("2026-01-15T10:00:00") == "2026-01-15T10:00:00Z");  // no offset: UTC
  CHECK(reformat("2026-01-15T10:00:00.123+02:00") == "2026-01-15T08:00:00.123Z");
  CHECK(reformat("2026-01-15T01:00:00-0530") == "2026-01-15T06:30:00Z");
  CHECK(reformat("2026-01-15T00:30:00+01:00") == "2026-01-14T23:30:00Z");
  CHECK(reformat("2026-01-15T10:00:00.5Z") == "2026-01-15T10:00:00.500Z");
  CHECK(reformat("2026-01-15T10:00:00.123456789Z") == "2026-01-15T10:00:00.123Z");
  CHECK(reformat("2024-02-29") == "2024-02-29T00:00:00Z");
  CHECK(reformat("2000-02-29") == "2000-02-29T00:00:00Z");
  CHECK(reformat("0000-01-01") == "0000-01-01T00:00:00Z");
  CHECK(reformat("9999-12-31T23:59:59.999Z") == "9999-12-31T23:59:59.999Z");
}

TEST_CASE("impossible dates and times and garbage are rejected") {
  for (const char* bad : {"2025-02-30", "2025-02-29", "1900-02-29", "2026-13-01", "2026-00-10", "2026-01-00",
                          "2026-04-31", "2026-01-15T25:00:00Z", "2026-01-15T24:00:00Z", "2026-01-15T10:60:00Z",
                          "2026-01-15T10:00:60Z", "2026-01-15T10:00:00+24:00", "2026-01-15T10:00:00+01:60",
                          "2026-1-15", "26-01-15", "2026/01/15", "2026-01-15T", "2026-01-15T10", "2026-01-15 10:00",
                          "2026-01-15T10:00:00Zjunk", "2026-01-15T10:00:00.Z", "2026-01-15T10:00:00.1234567890Z",
                          "", "garbage", "+2026-01-15", "２０２６-01-15"}) {
    INFO(bad);
    CHECK(reformat(bad) == "rejected");
  }
}

TEST_CASE("plain dates: every year 0000 to 9999 reads as the calendar says, impossible days are rejected") {
  // parse_instant reads "YYYY-MM-DD" by a path of its own: days 29 to 31 of every
  // month of every year (and days 1 to 28 of every 97th year) must give what
  // days_from_civil gives, or be rejected past a month's end, as must months 00 and
  // 13 and day 00.
  char text[16];
  std::size_t wrong = 0, checked = 0;
  for (int y = 0; y <= 9999; ++y) {
    for (unsigned m = 0; m <= 13; ++m) {
      for (unsigned d = 0; d <= 31; ++d) {
        if (m >= 1 && m <= 12 && d >= 1 && d <= 28) {
          if (y % 97 != 0) continue;  // the digits of every year are read below, at day 29 to 31
        }
        std::snprintf(text, sizeof text, "%04d-%02u-%02u", y, m, d);
        const bool real = m >= 1 && m <= 12 && d >= 1 && d <= rt::days_in_month(y, m);
        std::int64_t ms = -1;
        const bool parsed = rt::parse_instant(text, ms);
        ++checked;
        if (parsed != real || (real && ms != rt::days_from_civil(y, m, d) * rt::kMsPerDay)) ++wrong;
      }
    }
  }
  CHECK(checked > 100000);
  CHECK(wrong == 0);
  // A non-digit in any digit place, or another separator, makes it no date.
  const std::string good = "2024-02-29";
  for (std::size_t i = 0; i < good.size(); ++i) {
    for (const char c : {'/', ':', 'a', ' ', '\0', '-', '5', static_cast<char>('0' - 1), static_cast<char>('9' + 1),
                         static_cast<char>(0x80)}) {
      if (c == good[i] || (c == '5' && good[i] != '-')) continue;  // a digit: only in a separator's place
      std::string t = good;
      t[i] = c;
      std::int64_t ms = 0;
      INFO(i << " " << static_cast<int>(c));
      CHECK_FALSE(rt::parse_instant(t, ms));
    }
  }
}

TEST_CASE("formatting: milliseconds only when not zero; years outside 0000..9999 signed") {
  CHECK(rt::format_instant(0) == "1970-01-01T00:00:00Z");
  CHECK(rt::format_instant(1) == "1970-01-01T00:00:00.001Z");
  CHECK(rt::format_instant(-1) == "1969-12-31T23:59:59.999Z");
  CHECK(rt::format_instant(rt::kMaxInstant + 1) == "+10000-01-01T00:00:00Z");
  CHECK(rt::format_instant(rt::kMinInstant - 1) == "-0001-12-31T23:59:59.999Z");
  char buf[rt::kInstantChars];
  CHECK(rt::format_instant(INT64_MAX, buf) < rt::kInstantChars);
  CHECK(rt::format_instant(INT64_MIN, buf) < rt::kInstantChars);
  // every day of four years round-trips
  for (std::int64_t day = 20000; day < 20000 + 4 * 366; ++day) {
    const std::string text = rt::format_instant(day * rt::kMsPerDay + 1234);
    std::int64_t back = 0;
    REQUIRE(rt::parse_instant(text, back));
    CHECK(back == day * rt::kMsPerDay + 1234);
  }
}

TEST_CASE("durations: Sluice units and ISO-8601") {
  CHECK(reduration("90d") == "90d");
  CHECK(reduration("2w") == "14d");
  CHECK(reduration("2d3h") == "2d3h");
  CHECK(reduration("1h30min") == "1h30min");
  CHECK(reduration("45s") == "45s");
  CHECK(reduration("250ms") == "250ms");
  CHECK(reduration("1d2h3min4s5ms") == "1d2h3min4s5ms");
  CHECK(reduration("-2d") == "-2d");
  CHECK(reduration("0s") == "0s");
  CHECK(reduration("P2DT3H") == "2d3h");
  CHECK(reduration("P1W") == "7d");
  CHECK(reduration("PT1.5S") == "1s500ms");
  CHECK(reduration("PT90M") == "1h30min");
  for (const char* bad : {"", "d", "2", "2x", "3h2d", "2d2d", "1m", "P", "PT", "P1Y", "P1M", "P1.5D", "PT1H2H",
                          "99999999999999999999d", "9999999999999999w", "2 d", "--2d"}) {
    INFO(bad);
    CHECK(reduration(bad) == "rejected");
  }
  CHECK(rt::format_duration(INT64_MIN).front() == '-');
  CHECK(rt::format_duration(rt::kMsPerDay + 1) == "1d1ms");
}

TEST_CASE("formatting: the two-digit fast path writes what a printf of each field writes") {
  // Days spread over years 0000..9999, each at a time of day with and without milliseconds.
  std::uint64_t seed = 12345;
  auto next = [&seed] { return seed = seed * 6364136223846793005ULL + 1442695040888963407ULL; };
  const std::int64_t first_day = rt::floor_div(rt::kMinInstant, rt::kMsPerDay);
  const std::int64_t days = rt::floor_div(rt::kMaxInstant, rt::kMsPerDay) - first_day + 1;
  for (int k = 0; k < 20000; ++k) {
    const std::int64_t day = first_day + static_cast<std::int64_t>(next() >> 33) % days;
    const std::int64_t time = static_cast<std::int64_t>(next() >> 33) % rt::kMsPerDay;
    for (std::int64_t t : {time, time / 1000 * 1000}) {
      const std::int64_t ms = day * rt::kMsPerDay + t;
      const rt::CivilDate d = rt::civil_from_days(day);
      char want[64];
      int n = std::snprintf(want, sizeof want, "%04lld-%02u-%02uT%02lld:%02lld:%02lld", static_cast<long long>(d.year),
                            d.month, d.day, static_cast<long long>(t / rt::kMsPerHour),
                            static_cast<long long>(t % rt::kMsPerHour / rt::kMsPerMinute),
                            static_cast<long long>(t % rt::kMsPerMinute / rt::kMsPerSecond));
      if (t % 1000 != 0) {
        n += std::snprintf(want + n, sizeof want - static_cast<std::size_t>(n), ".%03lld",
                           static_cast<long long>(t % 1000));
      }
      std::snprintf(want + n, sizeof want - static_cast<std::size_t>(n), "Z");
      REQUIRE(rt::format_instant(ms) == want);
    }
  }
}
