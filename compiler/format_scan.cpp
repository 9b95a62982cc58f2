// The formatter's token scan: just enough lexing to find comments (a `#` inside a
// text literal is not one), bracket pairs and item boundaries. The parser has
// already accepted the text; the scan is still total on any input.
#include <cctype>

#include "compiler/format_internal.hpp"

namespace sluice::format {
namespace {

bool word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }
bool digit(char c) { return c >= '0' && c <= '9'; }

// 42, 3.5, 90d, 30min, 09:00, 2026-01-15, 2025-01-06T09:22:00.250+02:00. A `..`
// (calendar ranges) always ends the token.
std::size_t number_end(std::string_view t, std::size_t i) {
  const std::size_t start = i;
  const bool date_like = i + 5 < t.size() && digit(t[i]) && digit(t[i + 1]) && digit(t[i + 2]) &&
                         digit(t[i + 3]) && t[i + 4] == '-' && digit(t[i + 5]);
  while (i < t.size()) {
    const char c = t[i];
    const bool next_digit = i + 1 < t.size() && digit(t[i + 1]);
    if (word_char(c)) {
      ++i;
    } else if ((c == '.' || c == ':') && next_digit) {
      ++i;
    } else if (date_like && (c == '-' || c == '+') && next_digit && i > start) {
      ++i;
    } else {
      break;
    }
  }
  return i;
}

std::size_t text_end(std::string_view t, std::size_t i) {
  ++i;  // the opening quote
  while (i < t.size() && t[i] != '"' && t[i] != '\n') {
    if (t[i] == '\\' && i + 1 < t.size() && t[i + 1] != '\n') ++i;
    ++i;
  }
  return i < t.size() && t[i] == '"' ? i + 1 : i;
}

std::size_t punct_end(std::string_view t, std::size_t i) {
  static constexpr std::string_view two[] = {"==", "!=", "<=", ">=", "->", "..", "??"};
  for (auto op : two)
    if (t.substr(i, 2) == op) return i + 2;
  return i + 1;
}

}  // namespace

std::vector<Token> scan(std::string_view t) {
  std::vector<Token> out;
  std::vector<std::size_t> open;  // indices of unclosed brackets
  bool line_has_token = false;
  std::size_t i = 0;
  while (i < t.size()) {
    const char c = t[i];
    if (c == '\n') {
      line_has_token = false;
      ++i;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r') {
      ++i;
      continue;
    }
    Token tk{TokKind::punct, static_cast<std::uint32_t>(i), 0};
    tk.depth = static_cast<std::int32_t>(open.size());
    std::size_t end = i + 1;
    if (c == '#') {
      tk.kind = TokKind::comment;
      tk.own_line = !line_has_token;
      end = t.find('\n', i);
      if (end == std::string_view::npos) end = t.size();
    } else if (c == '"') {
      tk.kind = TokKind::text;
      end = text_end(t, i);
    } else if (digit(c)) {
      tk.kind = TokKind::number;
      end = number_end(t, i);
    } else if (word_char(c)) {
      tk.kind = TokKind::word;
      while (end < t.size() && word_char(t[end])) ++end;
    } else if (c == '(' || c == '[' || c == '{') {
      tk.kind = TokKind::open;
      open.push_back(out.size());
    } else if (c == ')' || c == ']' || c == '}') {
      tk.kind = TokKind::close;
      if (!open.empty()) {
        const std::size_t partner = open.back();
        open.pop_back();
        tk.depth = out[partner].depth;
        tk.match = static_cast<std::int32_t>(partner);
        out[partner].match = static_cast<std::int32_t>(out.size());
      }
    } else {
      end = punct_end(t, i);
    }
    tk.end = static_cast<std::uint32_t>(end);
    out.push_back(tk);
    if (tk.kind != TokKind::comment) line_has_token = true;
    i = end;
  }
  return out;
}

}  // namespace sluice::format
