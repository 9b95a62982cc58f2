// Typed scalars from input text, shared by the JSON and CSV readers: numbers in
// JSON syntax with int64/double range checks, CSV booleans, and the messages that
// name a field and what it got ("lead_score: expected int, got \"high\"").
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "compiler/ir.hpp"
#include "runtime/value.hpp"

namespace sluice::rt::readers {

// Error codes of record reading (docs/eval.md).
inline constexpr const char* kDataJson = "E_DATA_JSON";
inline constexpr const char* kDataCsv = "E_DATA_CSV";
inline constexpr const char* kDataType = "E_DATA_TYPE";
inline constexpr const char* kDataEnum = "E_DATA_ENUM";
inline constexpr const char* kDataMissing = "E_DATA_MISSING";
inline constexpr const char* kDataRange = "E_DATA_RANGE";
inline constexpr const char* kDataLimit = "E_DATA_LIMIT";
inline constexpr const char* kDataUtf8 = "E_DATA_UTF8";

enum class Parsed : std::uint8_t { ok, wrong_type, out_of_range, malformed };

// Whether `s` is a JSON number, -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?;
// `integral_syntax` is set when it has neither fraction nor exponent.
bool json_number_syntax(std::string_view s, bool& integral_syntax);

// `token` in JSON number syntax (-?int frac? exp?). An int accepts an integral
// value written with a fraction or exponent (100.0, 1e2) when it is within range;
// 100.5 is wrong_type. Not JSON number syntax: malformed.
Parsed parse_int_token(std::string_view token, std::int64_t& out);
// Any JSON number; beyond the double range (1e400, 1e-400): out_of_range.
Parsed parse_number_token(std::string_view token, double& out);
// true/false/yes/no/1/0, ASCII case-insensitive.
bool parse_bool_word(std::string_view text, bool& out);

// A text value as `kind` (date, duration, enum_, text): the JSON reader's string
// fields and every CSV cell that is not a number or bool. Text results point into
// `text`. wrong_type when it does not parse, out_of_range for an enum non-member.
Parsed parse_text_as(const ir::Slot& slot, TypeKind kind, std::string_view text, Value& out);

// Spelling of a slot's (or list element's) type in messages: int, list, enum, ...
std::string_view kind_name(TypeKind kind);
// `text` quoted as in JSON and cut to a readable length, for "got ..." in messages.
std::string quote_for_message(std::string_view text);
// `token` as written (a JSON number, true, ...), cut to a readable length.
std::string token_for_message(std::string_view token);
// "contact_role: expected one of \"a\", \"b\", got \"x\"".
std::string enum_message(std::string_view path, const ir::Slot& slot, std::string_view got_quoted);

// The first problem of a record: later ones are not reported.
struct ReadError {
  const char* code = nullptr;
  std::string message;
  bool any() const { return code != nullptr; }
  void fail(const char* c, std::string m) {
    if (code == nullptr) {
      code = c;
      message = std::move(m);
    }
  }
  void clear() {
    code = nullptr;
    message.clear();
  }
};

}  // namespace sluice::rt::readers
