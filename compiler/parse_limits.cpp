#include <fmt/format.h>

#include "compiler/parse_state.hpp"

namespace sluice::parser {
namespace {

// Length of the well-formed UTF-8 sequence at `p`, or 0 when it is malformed
// (overlong forms, surrogates and code points past U+10FFFF included).
std::size_t utf8_length(const unsigned char* p, const unsigned char* end) {
  const unsigned c = p[0];
  std::size_t n;
  std::uint32_t cp;
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2, cp = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3, cp = c & 0x0F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4, cp = c & 0x07;
  } else {
    return 0;
  }
  if (static_cast<std::size_t>(end - p) < n) return 0;
  for (std::size_t i = 1; i < n; ++i) {
    if ((p[i] & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (p[i] & 0x3F);
  }
  const bool overlong = (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000);
  if (overlong || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return 0;
  return n;
}

// Control characters other than tab, line feed and carriage return mark binary data.
bool is_control(unsigned char c) { return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F; }

}  // namespace

bool check_limits(const SourceFile& src, FileId file, Diagnostics& diags, const Limits& limits) {
  const std::string& text = src.text;
  if (text.size() > limits.max_file_bytes) {
    diags.error("E0002", Span{file, 0, 0},
                fmt::format("file is too large (more than {} bytes)", limits.max_file_bytes),
                {}, "split the policy into modules with `import`");
    return false;
  }
  const auto* begin = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = begin + text.size();
  for (const auto* p = begin; p < end;) {
    const std::size_t n = utf8_length(p, end);
    if (n == 0 || (n == 1 && is_control(*p))) {
      const auto at = static_cast<std::uint32_t>(p - begin);
      diags.error("E0005", Span{file, at, at + 1}, "file is not UTF-8 text",
                  *p == 0 ? std::string("NUL byte") : fmt::format("byte 0x{:02X}", *p),
                  "a policy is a UTF-8 text file; check that this is the right file");
      return false;
    }
    p += n;
  }
  for (std::size_t line = 0; line < src.line_starts.size(); ++line) {
    const std::size_t start = src.line_starts[line];
    std::size_t stop = line + 1 < src.line_starts.size() ? src.line_starts[line + 1] - 1 : text.size();
    if (stop > start && text[stop - 1] == '\r') --stop;
    if (stop - start > limits.max_line_bytes) {
      const auto at = static_cast<std::uint32_t>(start);
      diags.error("E0003", Span{file, at, at}, 
                  fmt::format("line {} is longer than {} bytes ({} bytes)", line + 1, limits.max_line_bytes, stop - start),
                  "line too long", "break the line; newlines are whitespace anywhere in a policy");
      return false;
    }
  }
  return true;
}

}  // namespace sluice::parser
