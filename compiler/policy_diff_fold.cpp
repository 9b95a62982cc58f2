// fold_source: a tiny tokenizer that drops comments and layout so that two
// spellings of the same code compare equal and read like the source.
#include <array>
#include <cctype>
#include <string_view>

#include "compiler/policy_diff.hpp"

namespace sluice::diff {

namespace {

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

bool is_keyword(std::string_view word) {
  static constexpr std::array<std::string_view, 16> kWords = {
      "and", "or", "not", "in", "where", "when", "is", "between", "contains", "matches",
      "any", "all", "count", "entry", "exit", "pass"};
  for (std::string_view k : kWords)
    if (k == word) return true;
  return false;
}

// The length of the token at the start of `s` (s is not empty, not whitespace).
std::size_t token_length(std::string_view s) {
  const char c = s[0];
  if (c == '"') {
    std::size_t i = 1;
    while (i < s.size() && s[i] != '"' && s[i] != '\n') i += (s[i] == '\\' && i + 1 < s.size()) ? 2 : 1;
    return i < s.size() && s[i] == '"' ? i + 1 : i;
  }
  if (std::isdigit(static_cast<unsigned char>(c)) != 0) {
    std::size_t i = 0;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])) != 0) ++i;
    // A date or instant literal (2026-01-15, 2026-01-15T09:30:00Z) is one token.
    if (i == 4 && i + 1 < s.size() && s[i] == '-' && std::isdigit(static_cast<unsigned char>(s[i + 1])) != 0) {
      while (i < s.size() && (is_word_char(s[i]) || s[i] == '-' || s[i] == ':' || s[i] == '.' || s[i] == '+')) ++i;
      return i;
    }
    while (i < s.size() && (is_word_char(s[i]) || (s[i] == '.' && i + 1 < s.size() &&
                                                    std::isdigit(static_cast<unsigned char>(s[i + 1])) != 0))) ++i;
    return i;
  }
  if (is_word_char(c)) {
    std::size_t i = 0;
    while (i < s.size() && is_word_char(s[i])) ++i;
    return i;
  }
  if (s.size() >= 2) {
    const std::string_view two = s.substr(0, 2);
    if (two == ">=" || two == "<=" || two == "==" || two == "!=" || two == "??" || two == "->") return 2;
  }
  return 1;
}

// Whether the folded text needs a space between `prev` and `cur`.
// `type_open`: `prev` is the `<` of `list<T>`; `type_close`: `cur` is its `>`;
// `after_sign`: `prev` is a unary minus.
bool needs_space(std::string_view prev, std::string_view cur, bool type_open, bool type_close, bool after_sign) {
  if (cur == ")" || cur == "]" || cur == "," || cur == "." || cur == "?" || cur == ":" || type_close) return false;
  if (prev == "(" || prev == "[" || prev == "." || type_open || after_sign) return false;
  // A call: `days_since(`, but `and (`; a type: `list<`.
  if (cur == "(" && is_word_char(prev[0]) && !is_keyword(prev)) return false;
  if (cur == "<" && prev == "list") return false;
  return true;
}

}  // namespace

std::string fold_source(std::string_view text) {
  std::string out;
  std::string_view prev;
  int type_angles = 0;       // open `list<` brackets
  bool prev_type_open = false;
  bool prev_sign = false;    // the previous token is a unary minus
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (std::isspace(static_cast<unsigned char>(c)) != 0) {
      ++i;
      continue;
    }
    if (c == '#') {
      while (i < text.size() && text[i] != '\n') ++i;
      continue;
    }
    const std::size_t n = token_length(text.substr(i));
    const std::string_view tok = text.substr(i, n);
    const bool type_close = tok == ">" && type_angles > 0;
    if (!prev.empty() && needs_space(prev, tok, prev_type_open, type_close, prev_sign)) out += ' ';
    out += tok;
    // A minus is unary at the start, after an operator, a keyword or an opening bracket.
    prev_sign = tok == "-" && (prev.empty() || is_keyword(prev) ||
                               (!is_word_char(prev[0]) && prev[0] != '"' && prev != ")" && prev != "]"));
    prev_type_open = tok == "<" && prev == "list";
    if (prev_type_open) ++type_angles;
    if (type_close) --type_angles;
    prev = tok;
    i += n;
  }
  return out;
}

}  // namespace sluice::diff
