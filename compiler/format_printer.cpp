// The formatter's line printer: indentation, the user's blank lines (at most one
// in a row) and the placement of comments by source position.
#include <algorithm>

#include <fmt/format.h>

#include "compiler/format_internal.hpp"

namespace sluice::format {

Printer::Printer(std::string_view src, std::vector<Token> tokens) : src_(src), toks_(std::move(tokens)) {
  for (std::size_t i = 0; i < toks_.size(); ++i)
    if (toks_[i].kind == TokKind::comment) comments_.push_back(i);
}

std::string_view Printer::tok(std::size_t i) const {
  if (i >= toks_.size()) return {};
  return src_.substr(toks_[i].begin, toks_[i].end - toks_[i].begin);
}

bool Printer::has_comment(std::size_t first, std::size_t last) const {
  for (std::size_t i = first; i <= last && i < toks_.size(); ++i)
    if (toks_[i].kind == TokKind::comment) return true;
  return false;
}

std::size_t Printer::code(std::size_t i) const {
  while (i < toks_.size() && toks_[i].kind == TokKind::comment) ++i;
  return i;
}

std::size_t Printer::index_at(std::uint32_t offset) const {
  std::size_t lo = 0, hi = toks_.size();
  while (lo < hi) {  // the first token beginning at or after `offset`
    const std::size_t mid = (lo + hi) / 2;
    if (toks_[mid].begin < offset) lo = mid + 1; else hi = mid;
  }
  if (lo == toks_.size() || toks_[lo].begin != offset)
    throw FormatBug(fmt::format("no token starts at byte {}", offset));
  return lo;
}

std::size_t Printer::item_last(std::size_t first, std::uint32_t known_end) const {
  std::size_t last = first;
  while (last + 1 < toks_.size() && toks_[last + 1].begin < known_end) ++last;
  // Brackets opened inside the item close inside it.
  for (std::size_t i = first; i <= last; ++i) {
    const Token& t = toks_[i];
    if (t.kind == TokKind::open && t.match > 0 && static_cast<std::size_t>(t.match) > last)
      last = static_cast<std::size_t>(t.match);
  }
  // A comment is never the last token of an item.
  while (last > first && toks_[last].kind == TokKind::comment) --last;
  return last;
}

std::size_t Printer::next_item(std::size_t after, std::size_t limit, std::int32_t depth) const {
  for (std::size_t i = after + 1; i < limit && i < toks_.size(); ++i) {
    const Token& t = toks_[i];
    if (t.kind == TokKind::comment || t.kind == TokKind::close) continue;
    if (t.kind == TokKind::punct && src_[t.begin] == ',') continue;  // optional commas between fields
    if (t.depth == depth) return i;
  }
  return limit;
}

bool Printer::blank_between(std::uint32_t a, std::uint32_t b) const {
  bool seen_newline = false;
  for (std::uint32_t i = a; i < b && i < src_.size(); ++i) {
    const char c = src_[i];
    if (c == '\n') {
      if (seen_newline) return true;
      seen_newline = true;
    } else if (c != ' ' && c != '\t' && c != '\r') {
      seen_newline = false;
    }
  }
  return false;
}

void Printer::emit(const std::string& text) {
  out_.push_back({text.empty() ? text : std::string(column(), ' ') + text, {}});
}

void Printer::blank_line_check(std::uint32_t begin) {
  if (force_blank_) {
    if (!out_.empty()) emit("");
  } else if (!block_start_ && blank_between(prev_end_, begin)) {
    emit("");
  }
  force_blank_ = false;
  block_start_ = false;
}

static std::string comment_text(std::string_view raw) {
  while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\t' || raw.back() == '\r')) raw.remove_suffix(1);
  return std::string(raw);
}

void Printer::comments_before(std::uint32_t offset) {
  while (next_comment_ < comments_.size() && toks_[comments_[next_comment_]].begin < offset) {
    const Token& c = toks_[comments_[next_comment_++]];
    blank_line_check(c.begin);
    emit(comment_text(src_.substr(c.begin, c.end - c.begin)));
    prev_end_ = c.end;
  }
}

void Printer::item(std::size_t first, std::size_t last, const std::vector<std::string>& lines) {
  comments_before(toks_[last].end);
  blank_line_check(toks_[first].begin);
  for (const auto& l : lines) emit(l);
  prev_end_ = toks_[last].end;
  // A comment right after the item, on the same source line, stays at its end.
  if (next_comment_ < comments_.size() && comments_[next_comment_] == last + 1 &&
      !toks_[last + 1].own_line) {
    const Token& c = toks_[last + 1];
    out_.back().comment = comment_text(src_.substr(c.begin, c.end - c.begin));
    prev_end_ = c.end;
    ++next_comment_;
  }
}

void Printer::close(std::size_t close, const std::string& text, std::size_t last) {
  if (close >= toks_.size()) throw FormatBug("block without its closing bracket");
  comments_before(toks_[close].begin);
  if (level_ > 0) --level_;
  block_start_ = true;
  item(close, std::max(close, last), {text});
}

std::string Printer::finish() {
  level_ = 0;
  comments_before(static_cast<std::uint32_t>(src_.size()) + 1);
  // Trailing comments of consecutive lines start in one column, two spaces after
  // the longest line of the run.
  std::string text;
  for (std::size_t i = 0; i < out_.size();) {
    std::size_t end = i, width = 0;
    while (end < out_.size() && !out_[end].comment.empty()) width = std::max(width, out_[end++].code.size());
    if (end == i) {
      text += out_[i++].code + "\n";
      continue;
    }
    for (; i < end; ++i)
      text += out_[i].code + std::string(width + 2 - out_[i].code.size(), ' ') + out_[i].comment + "\n";
  }
  return text;
}

}  // namespace sluice::format
