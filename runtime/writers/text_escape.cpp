#include "runtime/writers/text_escape.hpp"

#include <cstdint>
#include <cstring>

#include "compiler/utf8.hpp"
#include "runtime/writers/json_escape_core.hpp"

namespace sluice::rt {

namespace {

// Bytes copied as they are inside a JSON string: printable ASCII but the quote and
// the backslash.
constexpr bool plain_json_byte(unsigned char c) { return c >= 0x20 && c < 0x7F && c != '"' && c != '\\'; }

// Whether all 8 bytes at p are plain: none is special, nor 0x7F..0xFF.
[[gnu::always_inline]] inline bool plain_json_word(const char* p) {
  const std::uint64_t x = json_escape::load8(p);
  const std::uint64_t above = ((x + json_escape::kOnes) | x) & json_escape::kHigh;  // 0x7F..0xFF
  return (json_escape::special_bytes(x) | above) == 0;
}

// The escape of text[i] (not a plain byte), or of the UTF-8 sequence it starts;
// moves i past it. At most kJsonEscapeGrowth bytes per input byte.
[[gnu::noinline]] char* escape_one(char* out, std::string_view text, std::size_t& i) {
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
  return json_escape::put_escape(out, c);  // the other control characters and DEL as \u00xx
}

// Escapes text[index, stop) to out and returns the end; index ends at or past stop
// (a UTF-8 sequence that starts before stop is copied whole). out needs room for
// kJsonEscapeGrowth * (stop - index) + 3 bytes.
[[gnu::noinline]] char* escape_json_span(char* out, std::string_view text, std::size_t& index, std::size_t stop) {
  const char* s = text.data();
  const std::size_t start = index;
  std::size_t i = index;
  while (i < stop) {
    out = json_escape::copy_plain_words(out, s, i, stop, start, plain_json_word);  // most texts are one plain run
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
    p = json_escape::copy_plain_words(p, s, i, n, 0, plain_json_word);
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
