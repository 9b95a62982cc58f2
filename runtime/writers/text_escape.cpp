#include "runtime/writers/text_escape.hpp"

#include <cstdint>
#include <cstring>

#include "compiler/utf8.hpp"

namespace sluice::rt {

namespace {

// Bytes copied as they are inside a JSON string: printable ASCII but the quote and
// the backslash.
constexpr bool plain_json_byte(unsigned char c) { return c >= 0x20 && c < 0x7F && c != '"' && c != '\\'; }

// Whether all 8 bytes at p are plain (SWAR: each test flags a byte's high bit when
// some byte is below 0x20, above 0x7E, a quote or a backslash; exact for "any").
[[gnu::always_inline]] inline bool plain_json_word(const char* p) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  std::uint64_t x = 0;
  std::memcpy(&x, p, 8);
  const std::uint64_t quote = x ^ (kOnes * '"'), backslash = x ^ (kOnes * '\\');
  const std::uint64_t below = (x - kOnes * 0x20) & ~x;
  const std::uint64_t above = (x + kOnes) | x;  // 0x7F..0xFF
  const std::uint64_t special = ((quote - kOnes) & ~quote) | ((backslash - kOnes) & ~backslash);
  return ((below | above | special) & kHigh) == 0;
}

// The escape of text[i] (not a plain byte), or of the UTF-8 sequence it starts;
// moves i past it. At most kJsonEscapeGrowth bytes per input byte.
[[gnu::noinline]] char* escape_one(char* out, std::string_view text, std::size_t& i) {
  static constexpr char kHex[] = "0123456789abcdef";
  const auto c = static_cast<unsigned char>(text[i]);
  if (c >= 0x80) {
    const std::size_t n = utf8_length(text, i);  // >= 0x80: 0 or 2 to 4
    if (n == 0) {
      std::memcpy(out, "\\ufffd", 6);
      ++i;
      return out + 6;
    }
    std::memcpy(out, text.data() + i, n);
    i += n;
    return out + n;
  }
  ++i;
  *out++ = '\\';
  switch (c) {
    case '"': *out++ = '"'; break;
    case '\\': *out++ = '\\'; break;
    case '\n': *out++ = 'n'; break;
    case '\r': *out++ = 'r'; break;
    case '\t': *out++ = 't'; break;
    case '\b': *out++ = 'b'; break;
    case '\f': *out++ = 'f'; break;
    default:  // the other control characters and DEL
      std::memcpy(out, "u00", 3);
      out[3] = kHex[c >> 4];
      out[4] = kHex[c & 0xF];
      out += 5;
  }
  return out;
}

// Escapes text[index, stop) to out and returns the end; index ends at or past stop
// (a UTF-8 sequence that starts before stop is copied whole). out needs room for
// kJsonEscapeGrowth * (stop - index) + 3 bytes.
[[gnu::noinline]] char* escape_json_span(char* out, std::string_view text, std::size_t& index, std::size_t stop) {
  const char* s = text.data();
  const std::size_t start = index;
  std::size_t i = index;
  while (i < stop) {
    while (stop - i >= 8 && plain_json_word(s + i)) {  // most texts are one plain run
      std::memcpy(out, s + i, 8);
      out += 8;
      i += 8;
    }
    // Fewer than 8 left: when the last 8 bytes are all plain, the ones before i
    // among them were copied as they are, so one overlapping copy ends the text.
    if (stop - i < 8 && stop - start >= 8 && plain_json_word(s + stop - 8)) {
      std::memcpy(out - (i - (stop - 8)), s + stop - 8, 8);
      out += stop - i;
      i = stop;
      break;
    }
    while (i < stop && plain_json_byte(static_cast<unsigned char>(s[i]))) *out++ = s[i++];
    if (i < stop) out = escape_one(out, text, i);
  }
  index = i;
  return out;
}

// Input bytes escaped per step: bounds the room asked for a long text.
constexpr std::size_t kEscapeChunk = 4096;

}  // namespace

void append_json_text(writers::LineBuffer& out, std::string_view text) {
  std::size_t i = 0;
  const std::size_t n = text.size();
  if (n <= kEscapeChunk) {  // at once, with the plain words of the text copied inline
    char* p = out.room(kJsonEscapeGrowth * n + 5);
    *p++ = '"';
    const char* s = text.data();
    for (; n - i >= 8 && plain_json_word(s + i); i += 8, p += 8) std::memcpy(p, s + i, 8);
    if (i < n && n - i < 8 && n >= 8 && plain_json_word(s + n - 8)) {  // see escape_json_span
      std::memcpy(p - (i - (n - 8)), s + n - 8, 8);
      p += n - i;
      i = n;
    }
    for (; i < n && n < 8 && plain_json_byte(static_cast<unsigned char>(s[i])); ++i) *p++ = s[i];  // short texts
    if (i < n) p = escape_json_span(p, text, i, n);
    *p++ = '"';
    out.commit(p);
    return;
  }
  out.put('"');
  while (i < text.size()) {
    const std::size_t stop = text.size() - i > kEscapeChunk ? i + kEscapeChunk : text.size();
    out.commit(escape_json_span(out.room(kJsonEscapeGrowth * (stop - i) + 3), text, i, stop));
  }
  out.put('"');
}

void append_json_text(std::string& out, std::string_view text) {
  out += '"';
  std::size_t i = 0;
  while (i < text.size()) {  // grow by the worst case, escape, cut back to what was written
    const std::size_t stop = text.size() - i > kEscapeChunk ? i + kEscapeChunk : text.size();
    const std::size_t start = out.size();
    out.resize(start + kJsonEscapeGrowth * (stop - i) + 3);
    out.resize(static_cast<std::size_t>(escape_json_span(out.data() + start, text, i, stop) - out.data()));
  }
  out += '"';
}

void append_csv_field(std::string& out, std::string_view text) {
  const bool quote = text.find_first_of(",\"\r\n") != std::string_view::npos ||
                     (!text.empty() && (text.front() == ' ' || text.back() == ' '));
  if (!quote) {
    out.append(text);
    return;
  }
  out += '"';
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

std::size_t display_width(std::string_view text) {
  std::size_t n = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

}  // namespace sluice::rt
