// JSON text helpers shared by the IR writer/reader and the lowering of test `given`
// objects (compiler/lower_given.cpp), so both spell strings and numbers the same way.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "compiler/ir.hpp"

namespace sluice::json_text {

// A JSON string literal. Valid UTF-8 is kept as is; control characters, `"` and `\`
// are escaped; bytes that are not valid UTF-8 become U+FFFD, so the output always
// parses.
std::string quote(std::string_view s);
void append_quoted(std::string& out, std::string_view s);

// The shortest text that reads back as the same double, always with a `.` or an
// exponent so it reads back as a number, not an integer ("3.0", "0.1", "1e+300",
// "-0.0"). Non-finite values, which JSON cannot hold, are written as the strings
// "inf", "-inf" and "nan" (quoted).
std::string number(double d);

}  // namespace sluice::json_text

namespace sluice::ir_names {

// The JSON spellings of the IR's enumerations, indexed by the enum's value. Writer
// and reader both use these tables, so a name cannot be spelled two ways.
inline constexpr const char* kTypeKinds[] = {"error", "null", "bool", "int", "number", "text",
                                             "date", "duration", "enum", "list", "object"};
inline constexpr const char* kStageKinds[] = {"main", "side", "terminal"};
inline constexpr const char* kSlaKinds[] = {"none", "duration", "business_days", "business_hours"};
inline constexpr const char* kActionKinds[] = {"set", "stamp", "emit", "notify"};
inline constexpr const char* kPassRules[] = {"all", "at_least", "score", "expr"};
inline constexpr const char* kExpectKinds[] = {"condition", "event", "error"};

// The name of enum value `v` in `table`, or "?" when out of range.
template <typename E, std::size_t N>
const char* name_of(E v, const char* const (&table)[N]) {
  const auto i = static_cast<std::size_t>(v);
  return i < N ? table[i] : "?";
}

// The enum value spelled `name`, or nothing.
template <typename E, std::size_t N>
std::optional<E> from_name(std::string_view name, const char* const (&table)[N]) {
  for (std::size_t i = 0; i < N; ++i)
    if (name == table[i]) return static_cast<E>(i);
  return std::nullopt;
}

}  // namespace sluice::ir_names
