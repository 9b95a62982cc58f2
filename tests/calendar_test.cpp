// Business time in a calendar's own time zone: SLA due instants over weekends,
// holidays and the 2026 DST changes in Europe/Warsaw (29 March, 25 October).
#include <catch2/catch.hpp>

#include "runtime/calendar.hpp"
#include "runtime/timefmt.hpp"

using namespace sluice;
using rt::BusinessCalendar;
using rt::BusinessUnit;

namespace {

std::int64_t at(const char* iso) {
  std::int64_t ms = 0;
  REQUIRE(rt::parse_instant(iso, ms));
  return ms;
}

ir::Calendar emea_definition() {
  ir::Calendar c;
  c.name = "emea";
  c.timezone = "Europe/Warsaw";
  c.working_days = 0x1F;  // mon..fri
  c.start_minute = 9 * 60;
  c.end_minute = 17 * 60;
  for (const char* h : {"2026-12-24", "2026-12-25", "2026-12-26", "2027-01-01"}) c.holidays.push_back(at(h));
  return c;
}

BusinessCalendar emea() {
  const auto* zone = rt::find_time_zone("Europe/Warsaw");
  REQUIRE(zone != nullptr);
  return BusinessCalendar(emea_definition(), zone);
}

std::string add(const BusinessCalendar& c, const char* start, std::int64_t n, BusinessUnit u) {
  const std::int64_t due = rt::add_business_time(c, at(start), n, u);
  return due == rt::kNoInstant ? "none" : rt::format_instant(due);
}

}  // namespace

TEST_CASE("business days keep the local time of day and skip weekends and holidays") {
  const BusinessCalendar c = emea();
  // Friday 16:00 in Warsaw (UTC+1) + 2 business days = Tuesday 16:00
  CHECK(add(c, "2026-01-16T16:00:00+01:00", 2, BusinessUnit::days) == "2026-01-20T15:00:00Z");
  CHECK(add(c, "2026-01-16T16:00:00+01:00", 1, BusinessUnit::days) == "2026-01-19T15:00:00Z");
  // Wednesday before Christmas: Thursday 24 and Friday 25 are holidays
  CHECK(add(c, "2026-12-23T10:00:00+01:00", 1, BusinessUnit::days) == "2026-12-28T09:00:00Z");
  CHECK(add(c, "2026-12-23T10:00:00+01:00", 2, BusinessUnit::days) == "2026-12-29T09:00:00Z");
  // a start outside working hours begins at the next opening
  CHECK(add(c, "2026-01-17T11:00:00+01:00", 1, BusinessUnit::days) == "2026-01-20T08:00:00Z");  // Saturday
  CHECK(add(c, "2026-01-16T18:30:00+01:00", 1, BusinessUnit::days) == "2026-01-20T08:00:00Z");  // Friday evening
  CHECK(add(c, "2026-01-16T07:00:00+01:00", 1, BusinessUnit::days) == "2026-01-19T08:00:00Z");  // Friday morning
  // going back
  CHECK(add(c, "2026-01-20T10:00:00+01:00", -2, BusinessUnit::days) == "2026-01-16T09:00:00Z");
  CHECK(add(c, "2026-01-18T10:00:00+01:00", -1, BusinessUnit::days) == "2026-01-15T16:00:00Z");  // Sunday: from Friday 17:00
  CHECK(add(c, "2026-01-20T10:00:00+01:00", 0, BusinessUnit::days) == "2026-01-20T09:00:00Z");
}

TEST_CASE("business hours count only working hours") {
  const BusinessCalendar c = emea();
  CHECK(add(c, "2026-01-16T16:00:00+01:00", 1, BusinessUnit::hours) == "2026-01-16T16:00:00Z");  // Friday 17:00
  CHECK(add(c, "2026-01-16T16:00:00+01:00", 2, BusinessUnit::hours) == "2026-01-19T09:00:00Z");  // Monday 10:00
  CHECK(add(c, "2026-01-16T16:00:00+01:00", 16, BusinessUnit::hours) == "2026-01-20T15:00:00Z");
  CHECK(add(c, "2026-01-17T12:00:00+01:00", 8, BusinessUnit::hours) == "2026-01-19T16:00:00Z");  // Saturday
  CHECK(add(c, "2026-12-23T16:00:00+01:00", 9, BusinessUnit::hours) == "2026-12-28T16:00:00Z");
  CHECK(add(c, "2026-01-16T16:00:00+01:00", -1, BusinessUnit::hours) == "none");
  CHECK(rt::business_hours_between(c, at("2026-01-16T16:00:00+01:00"), at("2026-01-20T16:00:00+01:00")) == 16.0);
  CHECK(rt::business_hours_between(c, at("2026-01-16T16:30:00+01:00"), at("2026-01-16T20:00:00+01:00")) == 0.5);
  CHECK(rt::business_hours_between(c, at("2026-01-20T16:00:00+01:00"), at("2026-01-16T16:00:00+01:00")) == -16.0);
  CHECK(rt::business_hours_between(c, at("2026-01-17T10:00:00Z"), at("2026-01-18T10:00:00Z")) == 0.0);
}

TEST_CASE("working hours are local wall-clock hours across the DST changes in Warsaw") {
  const BusinessCalendar c = emea();
  // spring: Friday 27 March 16:00 CET (UTC+1) -> Tuesday 31 March 16:00 CEST (UTC+2)
  CHECK(add(c, "2026-03-27T16:00:00+01:00", 2, BusinessUnit::days) == "2026-03-31T14:00:00Z");
  CHECK(add(c, "2026-03-27T16:00:00+01:00", 16, BusinessUnit::hours) == "2026-03-31T14:00:00Z");
  CHECK(rt::business_hours_between(c, at("2026-03-27T15:00:00Z"), at("2026-03-31T14:00:00Z")) == 16.0);
  CHECK(rt::business_days_between(c, at("2026-03-27T15:00:00Z"), at("2026-03-31T14:00:00Z")) == 2);
  // autumn: Friday 23 October 16:00 CEST -> Tuesday 27 October 16:00 CET
  CHECK(add(c, "2026-10-23T16:00:00+02:00", 2, BusinessUnit::days) == "2026-10-27T15:00:00Z");
  CHECK(add(c, "2026-10-23T16:00:00+02:00", 16, BusinessUnit::hours) == "2026-10-27T15:00:00Z");
  // Monday 00:30 in Warsaw is still Sunday in UTC
  CHECK(rt::is_business_day(c, at("2026-01-18T23:30:00Z")));
  CHECK(!rt::is_business_day(c, at("2026-01-18T22:30:00Z")));

  // A round-the-clock calendar counts the wall clock: 24 business hours on the
  // 23-hour day of the spring change (docs/builtins.md).
  ir::Calendar always = emea_definition();
  always.working_days = 0x7F;
  always.start_minute = 0;
  always.end_minute = 24 * 60;
  const BusinessCalendar a(always, rt::find_time_zone("Europe/Warsaw"));
  CHECK(rt::business_hours_between(a, at("2026-03-29T00:00:00+01:00"), at("2026-03-30T00:00:00+02:00")) == 24.0);
  // a wall-clock time the change skips maps to the change itself
  CHECK(add(a, "2026-03-29T01:30:00+01:00", 1, BusinessUnit::hours) == "2026-03-29T01:00:00Z");
}

TEST_CASE("business days between instants is the inverse of adding them") {
  const BusinessCalendar c = emea();
  const std::int64_t fri = at("2026-01-16T16:00:00+01:00");
  CHECK(rt::business_days_between(c, fri, at("2026-01-20T16:00:00+01:00")) == 2);
  CHECK(rt::business_days_between(c, fri, at("2026-01-20T15:59:00+01:00")) == 1);
  CHECK(rt::business_days_between(c, fri, at("2026-01-18T12:00:00+01:00")) == 0);
  CHECK(rt::business_days_between(c, at("2026-01-20T16:00:00+01:00"), fri) == -2);
  CHECK(rt::business_days_between(c, at("2026-12-23T10:00:00+01:00"), at("2026-12-29T10:00:00+01:00")) == 2);
  for (std::int64_t n = 1; n <= 40; ++n) {
    const std::int64_t due = rt::add_business_time(c, at("2026-12-10T11:15:00+01:00"), n, BusinessUnit::days);
    CHECK(rt::business_days_between(c, at("2026-12-10T11:15:00+01:00"), due) == n);
  }
  CHECK(rt::is_business_day(c, at("2026-12-28T12:00:00Z")));
  CHECK(!rt::is_business_day(c, at("2026-12-24T12:00:00Z")));
}

TEST_CASE("calendars without working time and far-away results have no due instant") {
  ir::Calendar none = emea_definition();
  none.working_days = 0;
  const BusinessCalendar c(none, rt::find_time_zone("UTC"));
  CHECK(add(c, "2026-01-16T16:00:00Z", 2, BusinessUnit::days) == "none");
  CHECK(add(c, "2026-01-16T16:00:00Z", 2, BusinessUnit::hours) == "none");
  CHECK(rt::business_days_between(c, at("2026-01-01"), at("2026-02-01")) == 0);
  ir::Calendar empty_hours = emea_definition();
  empty_hours.end_minute = empty_hours.start_minute;
  CHECK(add(BusinessCalendar(empty_hours, rt::find_time_zone("UTC")), "2026-01-16T10:00:00Z", 1, BusinessUnit::hours) == "none");

  const BusinessCalendar e = emea();
  CHECK(add(e, "2026-01-16T16:00:00Z", 1'000'000'000, BusinessUnit::days) == "none");
  CHECK(add(e, "2026-01-16T16:00:00Z", INT64_MAX, BusinessUnit::hours) == "none");
  CHECK(add(e, "9999-12-31T10:00:00Z", 1, BusinessUnit::days) == "none");
  CHECK(add(e, "2026-01-05T10:00:00+01:00", 261 * 10, BusinessUnit::days).substr(0, 4) == "2036");
}

TEST_CASE("the unprepared overload and zone lookup") {
  CHECK(rt::find_time_zone("Europe/Atlantis") == nullptr);
  CHECK(rt::find_time_zone("UTC") != nullptr);
  const auto* zone = rt::find_time_zone("Europe/Warsaw");
  CHECK(rt::add_business_time(emea_definition(), zone, at("2026-01-16T15:00:00Z"), 2, BusinessUnit::days) ==
        at("2026-01-20T15:00:00Z"));
  CHECK(rt::add_business_time(emea_definition(), nullptr, at("2026-01-16T15:00:00Z"), 2, BusinessUnit::days) ==
        rt::kNoInstant);
}
