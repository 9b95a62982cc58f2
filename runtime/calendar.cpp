#include "runtime/calendar.hpp"

#include <date/tz.h>

#include <algorithm>
#include <bit>

#include "runtime/timefmt.hpp"

namespace sluice::rt {
namespace {

constexpr std::int64_t kNoDay = INT64_MAX;
// Local day numbers handled: the supported years plus one day of zone offset each side.
constexpr std::int64_t kFirstDay = floor_div(kMinInstant, kMsPerDay) - 1;
constexpr std::int64_t kLastDay = floor_div(kMaxInstant, kMsPerDay) + 1;
constexpr std::int64_t kSpanDays = kLastDay - kFirstDay;

// Monday = 0 .. Sunday = 6 (day 0, 1970-01-01, was a Thursday).
int weekday(std::int64_t day) { return static_cast<int>(floor_mod(day + 3, 7)); }

std::int64_t clamp_instant(std::int64_t ms) {
  return std::clamp(ms, kMinInstant - kMsPerDay, kMaxInstant + kMsPerDay);
}

}  // namespace

const date::time_zone* find_time_zone(std::string_view name) {
  try {
    return date::locate_zone(name);
  } catch (...) {  // unknown name, or no zone database on this system
    return nullptr;
  }
}

BusinessCalendar::BusinessCalendar(const ir::Calendar& calendar, const date::time_zone* zone)
    : zone_(zone),
      working_days_(calendar.working_days & 0x7F),
      per_week_(std::popcount(working_days_)),
      open_ms_(std::clamp<std::int64_t>(calendar.start_minute, 0, 1440) * kMsPerMinute),
      close_ms_(std::clamp<std::int64_t>(calendar.end_minute, 0, 1440) * kMsPerMinute) {
  for (std::int64_t h : calendar.holidays) {
    const std::int64_t day = floor_div(h, kMsPerDay);
    if ((working_days_ >> weekday(day)) & 1) holidays_.push_back(day);
  }
  std::sort(holidays_.begin(), holidays_.end());
  holidays_.erase(std::unique(holidays_.begin(), holidays_.end()), holidays_.end());
  if (close_ms_ < open_ms_) close_ms_ = open_ms_;  // empty hours: no working time
}

std::int64_t BusinessCalendar::to_local(std::int64_t utc_ms) const {
  const date::sys_seconds s{std::chrono::seconds{floor_div(utc_ms, 1000)}};
  return utc_ms + zone_->get_info(s).offset.count() * 1000;
}

std::int64_t BusinessCalendar::from_local(std::int64_t local_ms) const {
  const date::local_seconds l{std::chrono::seconds{floor_div(local_ms, 1000)}};
  // A wall-clock time skipped by a DST change maps to the change; a repeated one to
  // its first occurrence.
  const auto sys = zone_->to_sys(l, date::choose::earliest);
  return sys.time_since_epoch().count() * 1000 + floor_mod(local_ms, 1000);
}

bool BusinessCalendar::is_business(std::int64_t day) const {
  return ((working_days_ >> weekday(day)) & 1) && !std::binary_search(holidays_.begin(), holidays_.end(), day);
}

std::int64_t BusinessCalendar::count(std::int64_t d0, std::int64_t d1) const {
  const std::int64_t n = d1 - d0;
  const std::int64_t weeks = n / 7;
  std::int64_t result = weeks * per_week_;
  for (std::int64_t d = d0 + weeks * 7; d < d1; ++d) result += (working_days_ >> weekday(d)) & 1;
  const auto lo = std::lower_bound(holidays_.begin(), holidays_.end(), d0);
  const auto hi = std::lower_bound(lo, holidays_.end(), d1);
  return result - (hi - lo);
}

// The smallest e > day with n business days in (day, e]: the n-th business day after.
std::int64_t BusinessCalendar::nth_after(std::int64_t day, std::int64_t n) const {
  if (per_week_ == 0 || n > kSpanDays) return kNoDay;
  const auto holidays = static_cast<std::int64_t>(holidays_.size());
  std::int64_t lo = day + 1, hi = std::min(day + ((n + holidays) / per_week_ + 2) * 7, kLastDay);
  if (lo > hi || count(day + 1, hi + 1) < n) return kNoDay;
  while (lo < hi) {  // count(day + 1, e + 1) grows with e
    const std::int64_t mid = lo + (hi - lo) / 2;
    if (count(day + 1, mid + 1) >= n) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

// The largest e < day with n business days in [e, day): the n-th business day before.
std::int64_t BusinessCalendar::nth_before(std::int64_t day, std::int64_t n) const {
  if (per_week_ == 0 || n > kSpanDays) return kNoDay;
  const auto holidays = static_cast<std::int64_t>(holidays_.size());
  std::int64_t lo = std::max(day - ((n + holidays) / per_week_ + 2) * 7, kFirstDay), hi = day - 1;
  if (lo > hi || count(lo, day) < n) return kNoDay;
  while (lo < hi) {  // count(e, day) shrinks as e grows
    const std::int64_t mid = lo + (hi - lo + 1) / 2;
    if (count(mid, day) >= n) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

BusinessCalendar::DayTime BusinessCalendar::open_forward(std::int64_t local_ms) const {
  const std::int64_t day = floor_div(local_ms, kMsPerDay), tod = local_ms - day * kMsPerDay;
  if (is_business(day) && tod < close_ms_) return {day, std::max(tod, open_ms_)};
  return {nth_after(day, 1), open_ms_};
}

BusinessCalendar::DayTime BusinessCalendar::open_backward(std::int64_t local_ms) const {
  const std::int64_t day = floor_div(local_ms, kMsPerDay), tod = local_ms - day * kMsPerDay;
  if (is_business(day) && tod >= open_ms_) return {day, std::min(tod, close_ms_)};
  return {nth_before(day, 1), close_ms_};
}

std::int64_t BusinessCalendar::worked_today(std::int64_t local_ms) const {
  const std::int64_t day = floor_div(local_ms, kMsPerDay), tod = local_ms - day * kMsPerDay;
  if (!is_business(day)) return 0;
  return std::clamp(tod - open_ms_, std::int64_t{0}, close_ms_ - open_ms_);
}

std::int64_t BusinessCalendar::add_days(std::int64_t local_ms, std::int64_t n) const {
  const DayTime start = n > 0 ? open_forward(local_ms) : open_backward(local_ms);
  if (start.day == kNoDay) return kNoInstant;
  const std::int64_t target = n > 0 ? nth_after(start.day, n) : nth_before(start.day, -n);
  return target == kNoDay ? kNoInstant : target * kMsPerDay + start.tod;
}

std::int64_t BusinessCalendar::add_hours_ms(std::int64_t local_ms, std::int64_t ms) const {
  const std::int64_t window = close_ms_ - open_ms_;
  // Count from the opening of the first business day at or after the start.
  const DayTime start = open_forward(local_ms);
  std::int64_t day = start.day;
  if (day == kNoDay) return kNoInstant;
  const std::int64_t from_open = ms + (start.tod - open_ms_);
  const std::int64_t k = (from_open - 1) / window;  // whole days used up before the last one
  if (k > 0) day = nth_after(day, k);
  if (day == kNoDay) return kNoInstant;
  return day * kMsPerDay + open_ms_ + (from_open - k * window);
}

bool BusinessCalendar::is_business_day(std::int64_t instant_ms) const {
  return is_business(floor_div(to_local(clamp_instant(instant_ms)), kMsPerDay));
}

std::int64_t BusinessCalendar::add(std::int64_t start_ms, std::int64_t amount, BusinessUnit unit) const {
  if (amount == 0) return start_ms;
  if (start_ms < kMinInstant || start_ms > kMaxInstant) return kNoInstant;
  if (per_week_ == 0 || close_ms_ == open_ms_) return kNoInstant;
  const std::int64_t local = to_local(start_ms);
  std::int64_t result_local = kNoInstant;
  if (unit == BusinessUnit::days) {
    if (amount < -kSpanDays || amount > kSpanDays) return kNoInstant;
    result_local = add_days(local, amount);
  } else {
    std::int64_t ms = 0;
    if (amount < 0 || __builtin_mul_overflow(amount, kMsPerHour, &ms) || ms > kMaxInstant - kMinInstant)
      return kNoInstant;
    result_local = add_hours_ms(local, ms);
  }
  if (result_local == kNoInstant) return kNoInstant;
  const std::int64_t result = from_local(result_local);
  return result < kMinInstant || result > kMaxInstant ? kNoInstant : result;
}

std::int64_t BusinessCalendar::days_between(std::int64_t a_ms, std::int64_t b_ms) const {
  if (b_ms < a_ms) return -days_between(b_ms, a_ms);
  if (per_week_ == 0 || close_ms_ == open_ms_) return 0;
  const DayTime a = open_forward(to_local(clamp_instant(a_ms)));
  if (a.day == kNoDay) return 0;
  const std::int64_t b = to_local(clamp_instant(b_ms));
  const std::int64_t da = a.day, ta = a.tod;
  const std::int64_t db = floor_div(b, kMsPerDay), tb = b - db * kMsPerDay;
  if (db <= da) return 0;
  const std::int64_t k = count(da + 1, db + 1);
  // The k-th business day after a is b's own day when that is a business day; it only
  // counts once b's time of day reaches a's.
  return k > 0 && is_business(db) && tb < ta ? k - 1 : k;
}

std::int64_t BusinessCalendar::working_ms_between(std::int64_t a_ms, std::int64_t b_ms) const {
  if (b_ms < a_ms) return -working_ms_between(b_ms, a_ms);
  const std::int64_t a = to_local(clamp_instant(a_ms)), b = to_local(clamp_instant(b_ms));
  const std::int64_t da = floor_div(a, kMsPerDay), db = floor_div(b, kMsPerDay);
  if (b < a) return 0;  // a DST fall-back hour can put b's wall clock before a's
  return count(da, db) * (close_ms_ - open_ms_) - worked_today(a) + worked_today(b);
}

std::int64_t add_business_time(const BusinessCalendar& calendar, std::int64_t start_ms, std::int64_t amount,
                               BusinessUnit unit) {
  return calendar.add(start_ms, amount, unit);
}

std::int64_t add_business_time(const ir::Calendar& calendar, const date::time_zone* zone, std::int64_t start_ms,
                               std::int64_t amount, BusinessUnit unit) {
  if (zone == nullptr) return kNoInstant;
  return BusinessCalendar(calendar, zone).add(start_ms, amount, unit);
}

std::int64_t business_days_between(const BusinessCalendar& calendar, std::int64_t a_ms, std::int64_t b_ms) {
  return calendar.days_between(a_ms, b_ms);
}

double business_hours_between(const BusinessCalendar& calendar, std::int64_t a_ms, std::int64_t b_ms) {
  return static_cast<double>(calendar.working_ms_between(a_ms, b_ms)) / static_cast<double>(kMsPerHour);
}

bool is_business_day(const BusinessCalendar& calendar, std::int64_t instant_ms) {
  return calendar.is_business_day(instant_ms);
}

}  // namespace sluice::rt
