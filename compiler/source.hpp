// Source text and byte-offset spans. Line and column are computed only when a
// diagnostic is printed, from a table of line starts.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>
#include <memory>

namespace sluice {

using FileId = std::uint32_t;

struct Span {
  FileId file = 0;
  std::uint32_t begin = 0;  // byte offset, inclusive
  std::uint32_t end = 0;    // byte offset, exclusive
};

struct LineCol {
  std::uint32_t line = 1;    // 1-based
  std::uint32_t column = 1;  // 1-based, counted in Unicode code points
};

struct SourceFile {
  std::string path;     // as the user named it (or "std/bant" for the standard library)
  std::string text;
  bool is_stdlib = false;
  std::vector<std::uint32_t> line_starts;  // byte offset of each line start

  SourceFile(std::string p, std::string t, bool stdlib = false);
  LineCol line_col(std::uint32_t offset) const;
  std::string_view line_text(std::uint32_t line) const;  // without the newline
  std::string_view slice(Span s) const;
};

// Owns every file loaded during one compilation; FileId indexes into it.
class SourceManager {
 public:
  FileId add(std::string path, std::string text, bool stdlib = false);
  const SourceFile& file(FileId id) const { return *files_.at(id); }
  std::size_t size() const { return files_.size(); }

 private:
  std::vector<std::unique_ptr<SourceFile>> files_;
};

// The parentheses a slice of source leaves unbalanced, outside string literals:
// `)` without their `(` (unopened) and `(` without their `)` (unclosed). A
// parenthesised operand's span excludes its parentheses, so the span of
// `(a and b) or c` starts inside them; callers that show such a slice re-balance it.
struct ParenBalance {
  std::size_t unopened = 0;
  std::size_t unclosed = 0;
};
ParenBalance paren_balance(std::string_view text);

}  // namespace sluice
