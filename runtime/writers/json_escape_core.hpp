// The pieces both JSON string writers share: text_escape.cpp (result lines) and
// explain_json.cpp (`--explain`, byte for byte what nlohmann writes). They treat
// the quote, the backslash and control bytes alike and differ only in bytes from
// 0x7F up, which each caller's word test decides.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace sluice::rt::json_escape {

inline constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
inline constexpr std::uint64_t kHigh = 0x8080808080808080ULL;

inline std::uint64_t load8(const char* p) {
  std::uint64_t x = 0;
  std::memcpy(&x, p, 8);
  return x;
}

// SWAR: the high bit of each byte of x that is below 0x20, a quote or a backslash
// (exact for "any byte is": other bits may be set alongside a flagged byte).
[[gnu::always_inline]] inline std::uint64_t special_bytes(std::uint64_t x) {
  const std::uint64_t quote = x ^ (kOnes * '"'), backslash = x ^ (kOnes * '\\');
  const std::uint64_t below = (x - kOnes * 0x20) & ~x;
  return (below | ((quote - kOnes) & ~quote) | ((backslash - kOnes) & ~backslash)) & kHigh;
}

// Copies s[i, stop) while it is whole words that `plain(p)` accepts; then, when
// fewer than 8 bytes are left and the last 8 of the text (all at or after `start`)
// are plain, ends the text with one overlapping copy: the plain bytes before i among
// them were written as they are, so the copy rewrites them unchanged. Moves i.
template <class Plain>
[[gnu::always_inline]] inline char* copy_plain_words(char* out, const char* s, std::size_t& i, std::size_t stop,
                                                     std::size_t start, Plain plain) {
  for (; stop - i >= 8 && plain(s + i); i += 8, out += 8) std::memcpy(out, s + i, 8);
  if (i < stop && stop - i < 8 && stop - start >= 8 && plain(s + stop - 8)) {
    std::memcpy(out - (i - (stop - 8)), s + stop - 8, 8);
    out += stop - i;
    i = stop;
  }
  return out;
}

// The escape of byte c (a quote, a backslash, a control byte or DEL): the
// two-character escapes, else \u00xx in lower-case hex. Returns the end.
[[gnu::always_inline]] inline char* put_escape(char* out, unsigned char c) {
  static constexpr char kHex[] = "0123456789abcdef";
  *out++ = '\\';
  switch (c) {
    case '"': *out++ = '"'; break;
    case '\\': *out++ = '\\'; break;
    case '\n': *out++ = 'n'; break;
    case '\r': *out++ = 'r'; break;
    case '\t': *out++ = 't'; break;
    case '\b': *out++ = 'b'; break;
    case '\f': *out++ = 'f'; break;
    default:
      std::memcpy(out, "u00", 3);
      out[3] = kHex[c >> 4];
      out[4] = kHex[c & 0xF];
      out += 5;
  }
  return out;
}

}  // namespace sluice::rt::json_escape
