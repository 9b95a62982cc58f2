// The one table of built-in functions, read by the type checker (compiler/check.cpp,
// which types each call by id) and the runtime (runtime/builtins/, which implements
// each id). Both index by BuiltinId, so they cannot drift: adding a row here without
// a type rule or an implementation fails a test (tests/builtins_test.cpp).
//
// X(id, name, min_args, max_args, signature, doc)
#pragma once
#include <cstdint>
#include <string_view>

#define SLUICE_BUILTINS(X)                                                                                      \
  X(len, "len", 1, 1, "len(text | list<T>) -> int", "number of characters (code points) of a text, or elements of a list") \
  X(lower, "lower", 1, 1, "lower(text) -> text", "the text in lower case (ASCII letters)")                      \
  X(upper, "upper", 1, 1, "upper(text) -> text", "the text in upper case (ASCII letters)")                      \
  X(trim, "trim", 1, 1, "trim(text) -> text", "the text without leading and trailing white space")             \
  X(domain, "domain", 1, 1, "domain(text) -> text", "the lower-cased part of an e-mail address after the last `@`; not set when there is none") \
  X(abs, "abs", 1, 1, "abs(int) -> int | abs(number) -> number | abs(duration) -> duration", "absolute value")  \
  X(round, "round", 1, 2, "round(number) -> int | round(number, int) -> number", "rounds half away from zero; with a second argument, to that many decimals") \
  X(min, "min", 1, 16, "min(T, T, ...) -> T | min(list<T>) -> T", "the smallest of its arguments (or list elements); not set if any is not set") \
  X(max, "max", 1, 16, "max(T, T, ...) -> T | max(list<T>) -> T", "the largest of its arguments (or list elements); not set if any is not set") \
  X(sum, "sum", 1, 1, "sum(list<int>) -> int | sum(list<number>) -> number", "the sum of the elements; not-set elements are skipped") \
  X(coalesce, "coalesce", 1, 16, "coalesce(T, T, ...) -> T", "the first argument that is set")              \
  X(days_since, "days_since", 1, 1, "days_since(date) -> int", "whole days from the date to `now`, rounded down") \
  X(days_between, "days_between", 2, 2, "days_between(date, date) -> int", "whole days from the first date to the second, rounded down") \
  X(add_months, "add_months", 2, 2, "add_months(date, int) -> date", "the date that many calendar months later, clamped to the last day of a shorter month") \
  X(date_of, "date_of", 1, 1, "date_of(date | text) -> date", "the date at 00:00 UTC of an instant, or a text parsed as an ISO-8601 date (not set when it is not one)") \
  X(year, "year", 1, 1, "year(date) -> int", "the calendar year (UTC)")                                        \
  X(quarter, "quarter", 1, 1, "quarter(date) -> int", "the calendar quarter 1..4 (UTC)")                     \
  X(business_days_between, "business_days_between", 3, 3, "business_days_between(date, date, CALENDAR) -> int", "whole business days of the calendar from the first instant to the second") \
  X(business_hours_between, "business_hours_between", 3, 3, "business_hours_between(date, date, CALENDAR) -> number", "working hours of the calendar from the first instant to the second") \
  X(add_business_days, "add_business_days", 3, 3, "add_business_days(date, int, CALENDAR) -> date", "the instant that many business days of the calendar later") \
  X(is_business_day, "is_business_day", 2, 2, "is_business_day(date, CALENDAR) -> bool", "whether the instant falls on a working day of the calendar that is not a holiday")

namespace sluice {

enum class BuiltinId : std::uint8_t {
#define SLUICE_X(id, name, lo, hi, sig, doc) id,
  SLUICE_BUILTINS(SLUICE_X)
#undef SLUICE_X
      count_
};

struct BuiltinInfo {
  BuiltinId id;
  std::string_view name;
  int min_args, max_args;
  std::string_view signature;
  std::string_view doc;
};

inline constexpr BuiltinInfo kBuiltins[] = {
#define SLUICE_X(id, name, lo, hi, sig, doc) {BuiltinId::id, name, lo, hi, sig, doc},
    SLUICE_BUILTINS(SLUICE_X)
#undef SLUICE_X
};

inline constexpr std::size_t kBuiltinCount = static_cast<std::size_t>(BuiltinId::count_);

// nullptr when no built-in has that name.
inline const BuiltinInfo* find_builtin(std::string_view name) {
  for (const auto& b : kBuiltins)
    if (b.name == name) return &b;
  return nullptr;
}

}  // namespace sluice
