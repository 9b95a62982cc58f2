#include "runtime/readers/scalar_parse.hpp"

#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "runtime/timefmt.hpp"

namespace sluice::rt::readers {

namespace {

constexpr std::size_t kShownBytes = 40;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

bool json_number_syntax(std::string_view s, bool& integral_syntax) {
  std::size_t i = 0, n = s.size();
  if (i < n && s[i] == '-') ++i;
  if (i >= n || !is_digit(s[i])) return false;
  if (s[i] == '0') {
    ++i;
  } else {
    while (i < n && is_digit(s[i])) ++i;
  }
  integral_syntax = true;
  if (i < n && s[i] == '.') {
    integral_syntax = false;
    ++i;
    if (i >= n || !is_digit(s[i])) return false;
    while (i < n && is_digit(s[i])) ++i;
  }
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    integral_syntax = false;
    ++i;
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    if (i >= n || !is_digit(s[i])) return false;
    while (i < n && is_digit(s[i])) ++i;
  }
  return i == n;
}

namespace {

// Cuts at most kShownBytes bytes without splitting a UTF-8 sequence.
std::string_view cut(std::string_view s, bool& cut_off) {
  cut_off = s.size() > kShownBytes;
  if (!cut_off) return s;
  std::size_t end = kShownBytes;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return s.substr(0, end);
}

}  // namespace

Parsed parse_number_token(std::string_view token, double& out) {
  bool integral = false;
  if (!json_number_syntax(token, integral)) return Parsed::malformed;
  auto [ptr, ec] = std::from_chars(token.data(), token.data() + token.size(), out);
  // Beyond the double range, either way (1e400, 1e-400): from_chars does not say which.
  if (ec == std::errc::result_out_of_range) return Parsed::out_of_range;
  if (ec != std::errc() || ptr != token.data() + token.size()) return Parsed::malformed;
  return std::isfinite(out) ? Parsed::ok : Parsed::out_of_range;
}

Parsed parse_int_token(std::string_view token, std::int64_t& out) {
  bool integral = false;
  if (!json_number_syntax(token, integral)) return Parsed::malformed;
  if (integral) {
    auto [ptr, ec] = std::from_chars(token.data(), token.data() + token.size(), out);
    if (ec == std::errc::result_out_of_range) return Parsed::out_of_range;
    return ec == std::errc() && ptr == token.data() + token.size() ? Parsed::ok : Parsed::malformed;
  }
  double d = 0;
  Parsed p = parse_number_token(token, d);
  if (p != Parsed::ok) return p;
  if (d != std::trunc(d)) return Parsed::wrong_type;
  // [-2^63, 2^63): both bounds are exact doubles.
  if (d < -9223372036854775808.0 || d >= 9223372036854775808.0) return Parsed::out_of_range;
  out = static_cast<std::int64_t>(d);
  return Parsed::ok;
}

bool parse_bool_word(std::string_view text, bool& out) {
  auto eq = [&](std::string_view word) {
    if (text.size() != word.size()) return false;
    for (std::size_t i = 0; i < word.size(); ++i) {
      char c = text[i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (c != word[i]) return false;
    }
    return true;
  };
  if (eq("true") || eq("yes") || eq("1")) {
    out = true;
    return true;
  }
  if (eq("false") || eq("no") || eq("0")) {
    out = false;
    return true;
  }
  return false;
}

Parsed parse_text_as(const ir::Slot& slot, TypeKind kind, std::string_view text, Value& out) {
  switch (kind) {
    case TypeKind::text:
      out = Value::text(text);
      return Parsed::ok;
    case TypeKind::date: {
      std::int64_t ms = 0;
      if (!parse_instant(text, ms)) return Parsed::wrong_type;
      out = Value::date(ms);
      return Parsed::ok;
    }
    case TypeKind::duration: {
      std::int64_t ms = 0;
      if (!parse_duration(text, ms)) return Parsed::wrong_type;
      out = Value::duration(ms);
      return Parsed::ok;
    }
    case TypeKind::enum_:
      for (const auto& v : slot.enum_values) {
        if (v == text) {
          out = Value::text(text);
          return Parsed::ok;
        }
      }
      return Parsed::out_of_range;
    default:
      return Parsed::wrong_type;
  }
}

std::string_view kind_name(TypeKind kind) {
  switch (kind) {
    case TypeKind::bool_: return "bool";
    case TypeKind::int_: return "int";
    case TypeKind::number: return "number";
    case TypeKind::text: return "text";
    case TypeKind::date: return "date (ISO-8601)";
    case TypeKind::duration: return "duration (like 90d)";
    case TypeKind::enum_: return "enum";
    case TypeKind::list: return "list";
    case TypeKind::object: return "object";
    default: return "value";
  }
}

std::string quote_for_message(std::string_view text) {
  bool cut_off = false;
  std::string_view shown = cut(text, cut_off);
  std::string out = "\"";
  for (char c : shown) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
    } else {
      out += c;
    }
  }
  out += cut_off ? "...\"" : "\"";
  return out;
}

std::string token_for_message(std::string_view token) {
  bool cut_off = false;
  std::string out(cut(token, cut_off));
  if (cut_off) out += "...";
  return out;
}

std::string enum_message(std::string_view path, const ir::Slot& slot, std::string_view got_quoted) {
  std::string allowed;
  for (const auto& v : slot.enum_values) {
    if (!allowed.empty()) allowed += ", ";
    allowed += quote_for_message(v);
  }
  return fmt::format("{}: expected one of {}, got {}", path, allowed, got_quoted);
}

}  // namespace sluice::rt::readers
