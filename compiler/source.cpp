#include "compiler/source.hpp"

#include <algorithm>

namespace sluice {

SourceFile::SourceFile(std::string p, std::string t, bool stdlib)
    : path(std::move(p)), text(std::move(t)), is_stdlib(stdlib) {
  line_starts.push_back(0);
  for (std::uint32_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') line_starts.push_back(i + 1);
}

LineCol SourceFile::line_col(std::uint32_t offset) const {
  if (offset > text.size()) offset = static_cast<std::uint32_t>(text.size());
  auto it = std::upper_bound(line_starts.begin(), line_starts.end(), offset);
  auto line = static_cast<std::uint32_t>(it - line_starts.begin());  // 1-based
  std::uint32_t start = line_starts[line - 1];
  std::uint32_t col = 1;
  for (std::uint32_t i = start; i < offset; ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++col;  // count code points
  return {line, col};
}

std::string_view SourceFile::line_text(std::uint32_t line) const {
  if (line == 0 || line > line_starts.size()) return {};
  std::uint32_t start = line_starts[line - 1];
  std::uint32_t end = line < line_starts.size() ? line_starts[line] : static_cast<std::uint32_t>(text.size());
  std::string_view v(text.data() + start, end - start);
  while (!v.empty() && (v.back() == '\n' || v.back() == '\r')) v.remove_suffix(1);
  return v;
}

std::string_view SourceFile::slice(Span s) const {
  auto b = std::min<std::size_t>(s.begin, text.size());
  auto e = std::min<std::size_t>(std::max(s.begin, s.end), text.size());
  return std::string_view(text).substr(b, e - b);
}

FileId SourceManager::add(std::string path, std::string text, bool stdlib) {
  files_.push_back(std::make_unique<SourceFile>(std::move(path), std::move(text), stdlib));
  return static_cast<FileId>(files_.size() - 1);
}

ParenBalance paren_balance(std::string_view text) {
  ParenBalance b;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '(') {
      ++b.unclosed;
    } else if (c == ')') {
      if (b.unclosed > 0) --b.unclosed;
      else ++b.unopened;
    }
  }
  return b;
}

}  // namespace sluice
