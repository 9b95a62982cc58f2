#include "compiler/parse_state.hpp"

#include <algorithm>
#include <cassert>
#include <string>

#include <fmt/format.h>

namespace sluice::parser {
namespace {

// More errors than this in one file are almost always one mistake seen many
// times (a missing quote, a pasted binary); stop and let the first ones speak.
constexpr std::size_t kMaxErrors = 100;

constexpr std::string_view kReserved[] = {
    "and", "or", "not", "in", "is", "set", "where", "any", "all", "count", "true",
    "false", "null", "between", "contains", "starts", "ends", "matches", "passes", "now", "today"};

bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
bool is_operator_char(char c) { return std::string_view("=!<>?+-*/%.").find(c) != std::string_view::npos; }

// The offset of the next token at or after `at`, past whitespace and comments.
std::uint32_t skip_blank(std::string_view text, std::uint32_t at) {
  while (at < text.size()) {
    const char c = text[at];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      ++at;
    } else if (c == '#') {
      while (at < text.size() && text[at] != '\n') ++at;
    } else {
      break;
    }
  }
  return at;
}

// The extent of the token starting at `at` (at < size): a word, a quoted text
// (to the end of its line), a run of operator characters, or one code point.
std::uint32_t token_end(std::string_view text, std::uint32_t at) {
  std::uint32_t end = at + 1;
  const char c = text[at];
  if (is_word_char(c)) {
    while (end < text.size() && is_word_char(text[end])) ++end;
  } else if (c == '"') {
    while (end < text.size() && text[end] != '"' && text[end] != '\n') ++end;
    if (end < text.size() && text[end] == '"') ++end;
  } else if (is_operator_char(c)) {
    while (end < text.size() && is_operator_char(text[end])) ++end;
  } else {
    while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
  }
  return end;
}

// The token that ends right before `at` (used for "after `+`").
std::string_view previous_token(std::string_view text, std::uint32_t at) {
  while (at > 0 && (text[at - 1] == ' ' || text[at - 1] == '\t' || text[at - 1] == '\r' || text[at - 1] == '\n'))
    --at;
  if (at == 0) return {};
  std::uint32_t begin = at - 1;
  const char c = text[begin];
  if (is_word_char(c)) {
    while (begin > 0 && is_word_char(text[begin - 1])) --begin;
  } else if (is_operator_char(c)) {
    while (begin > 0 && is_operator_char(text[begin - 1])) --begin;
  }
  return text.substr(begin, at - begin);
}

std::string shorten(std::string_view s) {
  constexpr std::size_t kMax = 32;
  return s.size() <= kMax ? std::string(s) : std::string(s.substr(0, kMax)) + "...";
}

std::vector<std::string> split_words(std::string_view words) {
  std::vector<std::string> out;
  while (!words.empty()) {
    const auto space = words.find(' ');
    out.emplace_back(words.substr(0, space));
    words.remove_prefix(space == std::string_view::npos ? words.size() : space + 1);
  }
  return out;
}

bool is_reserved(std::string_view word) {
  for (auto r : kReserved)
    if (r == word) return true;
  return false;
}

}  // namespace

ParseState::ParseState(const SourceFile& s, FileId f, Diagnostics& d, const Limits& l, ast::File& o)
    : src(s), base(s.text.data()), file(f), diags(d), limits(l), out(o) {}

Span ParseState::span(const char* begin, const char* end) const { return Span{file, offset(begin), offset(end)}; }

ast::ExprPtr ParseState::pop_expr() {
  assert(!exprs.empty());
  if (exprs.empty()) return std::make_unique<ast::Expr>(ast::ExprKind::null_lit, Span{file, 0, 0});
  auto e = std::move(exprs.back());
  exprs.pop_back();
  return e;
}

ast::Ident ParseState::pop_ident() {
  assert(!idents.empty());
  if (idents.empty()) return {};
  auto id = std::move(idents.back());
  idents.pop_back();
  return id;
}

std::pair<std::string, Span> ParseState::pop_text() {
  assert(!texts.empty());
  if (texts.empty()) return {};
  auto t = std::move(texts.back());
  texts.pop_back();
  return t;
}

ast::TypeExprPtr ParseState::pop_type() {
  assert(!types.empty());
  if (types.empty()) return std::make_unique<ast::TypeExpr>();
  auto t = std::move(types.back());
  types.pop_back();
  return t;
}

std::vector<ast::ExprPtr> ParseState::pop_marked(std::vector<ast::Ident>* keys_out) {
  assert(!marks.empty());
  const auto [expr_mark, key_mark] = marks.empty() ? std::pair<std::size_t, std::size_t>{exprs.size(), keys.size()}
                                                   : marks.back();
  if (!marks.empty()) marks.pop_back();
  std::vector<ast::ExprPtr> items;
  for (std::size_t i = expr_mark; i < exprs.size(); ++i) items.push_back(std::move(exprs[i]));
  exprs.resize(std::min(expr_mark, exprs.size()));
  if (keys_out) {
    for (std::size_t i = key_mark; i < keys.size(); ++i) keys_out->push_back(std::move(keys[i]));
    keys.resize(std::min(key_mark, keys.size()));
  }
  return items;
}

void ParseState::open_block(std::string what, Span at) { blocks.push_back({std::move(what), at, {}}); }

void ParseState::close_block() {
  assert(!blocks.empty());
  if (!blocks.empty()) blocks.pop_back();
}

void ParseState::once(const std::string& item, Span at) {
  if (blocks.empty()) return;
  auto& block = blocks.back();
  for (const auto& [name, first] : block.seen) {
    if (name != item) continue;
    Diagnostic d{"E0015", Severity::error, fmt::format("duplicate `{}` in `{}`", item, block.what),
                 {at, "given again here"}, {{first, "first given here"}},
                 fmt::format("keep one `{}`", item)};
    report(std::move(d));
    return;
  }
  block.seen.emplace_back(item, at);
}

void ParseState::reset() {
  depth = 0;
  exprs.clear();
  marks.clear();
  idents.clear();
  keys.clear();
  texts.clear();
  types.clear();
  fields.clear();
  field_marks.clear();
  blocks.clear();
  funnel.reset();
  stage.reset();
  transition.reset();
  qualification.reset();
  criterion.reset();
  calendar.reset();
  test.reset();
  actions.clear();
  payload = on_exit = business_hours = false;
  day_mask = 0;
}

void ParseState::report(Diagnostic d) {
  const Span at = d.primary.span;
  diags.add(std::move(d));
  count_error(at);
}

void ParseState::error(const char* code, Span at, std::string message, std::string label, std::string help) {
  diags.error(code, at, std::move(message), std::move(label), std::move(help));
  count_error(at);
}

void ParseState::count_error(Span at) {
  if (++errors < kMaxErrors) return;
  diags.error("E0017", at, fmt::format("too many errors ({}); stopping here", errors), {},
              "fix the errors above and compile again");
  throw StopParsing{};
}

void ParseState::syntax_error(std::uint32_t at, const CommitPoint& point) {
  const std::string_view text = src.text;
  const std::uint32_t found = skip_blank(text, at);
  const bool at_end = found >= text.size();
  const std::uint32_t found_end = at_end ? found : token_end(text, found);
  const std::string_view token = text.substr(found, found_end - found);
  const Span found_span{file, found, found_end};

  if (point.expects_name && !at_end && is_reserved(token)) {
    error("E0014", found_span, fmt::format("`{}` is a reserved word and cannot be used as a name", token),
          "reserved word", fmt::format("choose another name, such as `{}_`", token));
    return;
  }
  if (point.unterminated_text) {
    const Span open{file, text_open, at};
    error(point.code, open, point.message, "this text has no closing `\"`", point.help ? point.help : "");
    return;
  }

  std::string message = point.message;
  if (auto p = message.find("{prev}"); p != std::string::npos)
    message.replace(p, 6, shorten(previous_token(text, at)));
  std::vector<Label> secondary;
  if (std::string_view(point.code) == "E0011" && !blocks.empty()) {
    const auto& block = blocks.back();
    message += fmt::format(" to close `{}` opened at line {}", block.what, line_of(block.open.begin));
    secondary.push_back({block.open, "opened here"});
  }
  const bool chained = std::string_view(point.code) == "E0012";
  const std::string label = at_end    ? "found end of file"
                            : chained ? "a second comparison"
                                      : fmt::format("found `{}`", shorten(token));
  std::string help = point.help ? point.help : "";
  if (point.keywords && !at_end && is_word_char(token.front())) {
    if (auto guess = closest_name(std::string(token), split_words(point.keywords)); !guess.empty())
      help = fmt::format("did you mean `{}`?", guess);
  }
  report({point.code, Severity::error, std::move(message), {found_span, label}, std::move(secondary), std::move(help)});
}

void ParseState::too_deep(std::uint32_t at) {
  error("E0004", Span{file, at, at + 1},
        fmt::format("nesting is deeper than {} levels", limits.max_depth), "too deeply nested",
        "split the expression into `let` declarations");
}

}  // namespace sluice::parser
