#include <fmt/format.h>

#include "compiler/parse_state.hpp"
#include "compiler/utf8.hpp"

namespace sluice::parser {
namespace {

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
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = utf8_length(text, i);
    const auto byte = static_cast<unsigned char>(text[i]);
    if (n == 0 || (n == 1 && is_control(byte))) {
      const auto at = static_cast<std::uint32_t>(i);
      diags.error("E0005", Span{file, at, at + 1}, "file is not UTF-8 text",
                  byte == 0 ? std::string("NUL byte") : fmt::format("byte 0x{:02X}", byte),
                  "a policy is a UTF-8 text file; check that this is the right file");
      return false;
    }
    i += n;
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
