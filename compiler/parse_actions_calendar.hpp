// Internal to compiler/parse.cpp: actions for business calendars.
#pragma once
#include "compiler/parse_actions_decl.hpp"

namespace sluice::parser {

inline int weekday_index(std::string_view day) {
  static constexpr std::string_view kDays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  for (int i = 0; i < 7; ++i)
    if (day == kDays[i]) return i;
  return 0;
}

template <> struct action<g::calendar_name> : push_ident {};
template <>
struct action<g::calendar_open> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.calendar.emplace();
    st.calendar->name = st.pop_ident();
    open_block(in, st, "calendar " + st.calendar->name.name);
  }
};

template <> struct action<g::timezone_name> : push_text {};
template <>
struct action<g::timezone_item> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.once("timezone", st.span(in.begin(), in.end()));
    std::tie(st.calendar->timezone, st.calendar->timezone_span) = st.pop_text();
  }
};

template <>
struct action<g::range_first_day> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.first_day = weekday_index(in.string_view());
  }
};
// A range may wrap past sunday: `sun..thu`, `fri..mon`.
template <>
struct action<g::weekday_range> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    const auto text = in.string_view();
    const int last = weekday_index(text.substr(text.size() - 3));  // the range ends with a day
    for (int d = st.first_day;; d = (d + 1) % 7) {
      st.day_mask |= static_cast<std::uint8_t>(1u << d);
      if (d == last) break;
    }
  }
};
template <>
struct action<g::listed_day> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.day_mask |= static_cast<std::uint8_t>(1u << weekday_index(in.string_view()));
  }
};
template <>
struct action<g::working_days_item> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.once("working days", st.span(in.begin(), in.end()));
    st.calendar->working_days = st.day_mask;
    st.day_mask = 0;
  }
};

template <typename Input>
std::int32_t clock_minutes(const Input& in, ParseState& st) {
  const auto value = literals::parse_clock(in.string_view());
  if (value.problem) st.literal_error(st.span(in.begin(), in.end()), value.problem);
  return value.minutes;
}
template <>
struct action<g::hours_start> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.hours_start = clock_minutes(in, st);
  }
};
template <>
struct action<g::hours_end> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.hours_end = clock_minutes(in, st);
  }
};
template <>
struct action<g::hours_item> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    const Span at = st.span(in.begin(), in.end());
    st.once("hours", at);  // an empty or reversed range is the checker's E0406
    st.calendar->start_minute = st.hours_start;
    st.calendar->end_minute = st.hours_end;
  }
};

template <>
struct action<g::holiday_date> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    const Span at = st.span(in.begin(), in.end());
    const auto value = literals::parse_date(in.string_view());
    if (value.problem)
      st.literal_error(at, value.problem);
    else if (in.size() > 10)
      st.error("E0013", at, "a holiday is a whole day, written without a time", {},
               fmt::format("write `{}`", in.string_view().substr(0, 10)));
    st.calendar->holidays.push_back(value.ms);
    st.calendar->holiday_spans.push_back(at);
  }
};
template <>
struct action<g::holidays_open> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    open_block(in, st, "holidays [");
  }
};
template <> struct action<g::holidays_close> : close_block {};
template <>
struct action<g::holidays_item> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.once("holidays", st.span(in.begin(), in.end()));
  }
};

template <> struct action<g::calendar_close> : close_block {};
template <>
struct action<g::calendar_decl> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.calendar->span = st.span(in.begin(), in.end());
    append_decl(st, st.out.calendars, std::move(*st.calendar), ast::DeclKind::calendar);
    st.calendar.reset();
  }
};

}  // namespace sluice::parser
