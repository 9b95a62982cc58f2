// The scalar tokens both JSON paths read without a general parser: shared by the
// on-demand loops (json_fill.cpp) and the structural walk (json_walk.cpp), and
// inlined into both, since they run for every value of the input.
#pragma once
#include <cstdint>
#include <cstring>
#include <string_view>

#include "runtime/readers/byte_search.hpp"
#include "runtime/readers/json_fill.hpp"

namespace sluice::rt::readers {

namespace json_scalar {

// A list may hold at most this many Values in all (elements x element width), so a
// wide element layout cannot multiply max_list into gigabytes.
constexpr std::size_t kMaxListValues = std::size_t{1} << 24;

// A JSON integer of at most 18 digits that is the whole token (no fraction,
// exponent or trailing space): the common case, read without the general number
// parser. Anything else is left to parse_int_token / parse_number_token.
inline bool plain_integer(std::string_view tok, std::int64_t& out) {
  const bool negative = !tok.empty() && tok[0] == '-';
  const char* first = tok.data() + (negative ? 1 : 0);
  const std::size_t digits = tok.size() - (negative ? 1 : 0);
  if (digits == 0 || digits > 18 || (digits > 1 && first[0] == '0')) return false;
  std::uint64_t x = 0;
  for (std::size_t i = 0; i < digits; ++i) {
    const unsigned d = static_cast<unsigned char>(first[i]) - unsigned{'0'};
    if (d > 9) return false;
    x = x * 10 + d;
  }
  out = negative ? -static_cast<std::int64_t>(x) : static_cast<std::int64_t>(x);
  return true;
}

// The token without the blanks JSON allows after it (a raw token runs up to the
// next structural character).
inline std::string_view trim_token(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// 4 bytes at `p` (a literal, or a token in a simdjson-padded buffer) as one word.
inline std::uint32_t load4(const char* p) {
  std::uint32_t w;
  std::memcpy(&w, p, 4);
  return w;
}

// Whether the n bytes at `p` (in a simdjson-padded buffer) hold a backslash.
inline bool has_backslash(const char* p, std::size_t n) { return find_byte(p, 0, n, '\\') != n; }

}  // namespace json_scalar

// The common cases of a scalar token (on-demand's raw_json_token: the value's bytes up
// to the next structural character), with the same result as fill_value's general path
// (type(), then fill_scalar) would give. `read`: `out` holds it. `general`: that path
// must look at it. `escaped`: a string that needs unescaping (or copying). `bad_text`:
// a string that does not read as `kind`: `text` and `parsed` say why. Shared by the
// on-demand loops and the structural walk (json_walk.cpp); inlined into both.
[[gnu::always_inline]] inline JsonFiller::Token JsonFiller::scalar_token(std::string_view tok, const ir::Slot& slot,
                                                                          TypeKind kind, Value& out,
                                                                          std::string_view& text, Parsed& parsed) {
  if (tok.empty()) return Token::general;
  // The token's first 4 bytes as one word: it lies in the padded document.
  const std::uint32_t head = json_scalar::load4(tok.data());
  if (tok.size() == 4 && head == json_scalar::load4("null")) {
    out = Value::unset();
    return Token::read;
  }
  switch (kind) {
    case TypeKind::bool_:
      if (tok.size() == 4 && head == json_scalar::load4("true")) {
        out = Value::boolean(true);
        return Token::read;
      }
      if (tok.size() == 5 && head == json_scalar::load4("fals") && tok[4] == 'e') {
        out = Value::boolean(false);
        return Token::read;
      }
      return Token::general;
    case TypeKind::int_:
    case TypeKind::number: {
      std::int64_t i = 0;
      if (!json_scalar::plain_integer(tok, i)) return Token::general;
      if (kind == TypeKind::int_) {
        out = Value::integer(i);
        return Token::read;
      }
      // Exact as a double up to 2^53; -0 keeps its sign through the general path.
      if (i == 0 && tok[0] == '-') return Token::general;
      if (i > (std::int64_t{1} << 53) || i < -(std::int64_t{1} << 53)) return Token::general;
      out = Value::number(static_cast<double>(i));
      return Token::read;
    }
    case TypeKind::text:
    case TypeKind::enum_:
    case TypeKind::date:
    case TypeKind::duration: {
      if (tok[0] != '"') return Token::general;
      // A string without escapes is its raw bytes between the quotes (see string_of).
      if (copy_text_ || tok.size() < 2 || tok.back() != '"' || json_scalar::has_backslash(tok.data() + 1, tok.size() - 2)) {
        return Token::escaped;
      }
      text = tok.substr(1, tok.size() - 2);
      if (kind == TypeKind::text) {
        out = Value::text(text);
        return Token::read;
      }
      parsed = parse_text_as(slot, kind, text, out);
      return parsed == Parsed::ok ? Token::read : Token::bad_text;
    }
    default:
      return Token::general;
  }
}

}  // namespace sluice::rt::readers
