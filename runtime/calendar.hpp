// Business time of a calendar (working days, working hours, holidays) in its IANA time
// zone. Used by the business built-ins and by the evaluator's SLAs. The exact rules are
// in docs/builtins.md ("Business time"); in short:
//  - a business day is a local date whose weekday is a working day and that is not a
//    holiday; working hours are local wall-clock hours [start, end) of a business day,
//    so a 09:00..17:00 day has 8 business hours even on a DST change day;
//  - adding business time first moves the start to the next working instant (a start
//    outside working hours begins at the next business day's opening); days keep the
//    local time of day (Friday 16:00 + 2 business days = Tuesday 16:00), hours count
//    only working hours;
//  - instants are ms since the epoch, UTC; results outside years 0000..9999, and
//    additions in a calendar without working time, give kNoInstant.
#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

#include "compiler/ir.hpp"

namespace date { class time_zone; }

namespace sluice::rt {

enum class BusinessUnit : std::uint8_t { days, hours };

// "No such instant": never due.
inline constexpr std::int64_t kNoInstant = INT64_MAX;

// The IANA zone of that name from the system database, nullptr when there is none.
const date::time_zone* find_time_zone(std::string_view name);

// A calendar prepared once (holidays sorted, the zone resolved); immutable, shareable.
class BusinessCalendar {
 public:
  // `zone` must not be null.
  BusinessCalendar(const ir::Calendar& calendar, const date::time_zone* zone);

  bool is_business_day(std::int64_t instant_ms) const;
  // amount > 0 moves forward; amount < 0 moves back (days only: negative hours give
  // kNoInstant); 0 returns the start unchanged.
  std::int64_t add(std::int64_t start_ms, std::int64_t amount, BusinessUnit unit) const;
  // The largest n such that add(a, n days) <= b; negative when b < a (-(b to a)).
  std::int64_t days_between(std::int64_t a_ms, std::int64_t b_ms) const;
  // Working milliseconds between the instants (negative when b < a).
  std::int64_t working_ms_between(std::int64_t a_ms, std::int64_t b_ms) const;

  const date::time_zone* zone() const { return zone_; }

 private:
  std::int64_t to_local(std::int64_t utc_ms) const;
  std::int64_t from_local(std::int64_t local_ms) const;
  bool is_business(std::int64_t day) const;
  std::int64_t count(std::int64_t d0, std::int64_t d1) const;  // business days in [d0, d1)
  std::int64_t nth_after(std::int64_t day, std::int64_t n) const;   // kNoDay when none
  std::int64_t nth_before(std::int64_t day, std::int64_t n) const;
  struct DayTime {
    std::int64_t day, tod;  // local day number (INT64_MAX: none), ms into that day
  };
  DayTime open_forward(std::int64_t local_ms) const;   // the next working instant
  DayTime open_backward(std::int64_t local_ms) const;  // the previous working instant
  std::int64_t worked_today(std::int64_t local_ms) const;   // working ms of its day before it
  std::int64_t add_days(std::int64_t local_ms, std::int64_t n) const;
  std::int64_t add_hours_ms(std::int64_t local_ms, std::int64_t ms) const;

  const date::time_zone* zone_;
  std::uint8_t working_days_;        // bit 0 = Monday
  int per_week_;                     // working weekdays
  std::int64_t open_ms_, close_ms_;  // working hours within a local day
  std::vector<std::int64_t> holidays_;  // local day numbers on working weekdays, sorted
};

// The functions the evaluator and the built-ins call.
std::int64_t add_business_time(const BusinessCalendar& calendar, std::int64_t start_ms,
                               std::int64_t amount, BusinessUnit unit);
// Convenience for a calendar that was not prepared (prepares it on each call).
std::int64_t add_business_time(const ir::Calendar& calendar, const date::time_zone* zone,
                               std::int64_t start_ms, std::int64_t amount, BusinessUnit unit);
std::int64_t business_days_between(const BusinessCalendar& calendar, std::int64_t a_ms, std::int64_t b_ms);
double business_hours_between(const BusinessCalendar& calendar, std::int64_t a_ms, std::int64_t b_ms);
bool is_business_day(const BusinessCalendar& calendar, std::int64_t instant_ms);

}  // namespace sluice::rt
