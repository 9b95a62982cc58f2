// Internal to compiler/format*.cpp: the token scan (comments, brackets), the
// line printer that places comments, and the expression layout.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/ast.hpp"

namespace sluice::format {

constexpr std::size_t kWidth = 100;   // break expressions longer than this
constexpr std::size_t kIndent = 2;
constexpr std::size_t kContinuation = 4;

// Thrown when the token walk and the AST disagree (a formatter bug, never bad
// input: the file already parsed without errors). The file is then left alone.
struct FormatBug : std::runtime_error {
  using std::runtime_error::runtime_error;
};

enum class TokKind : std::uint8_t { word, text, number, punct, open, close, comment };

struct Token {
  TokKind kind;
  std::uint32_t begin, end;
  std::int32_t depth = 0;   // open brackets around it (a bracket pair sits at the outer depth)
  std::int32_t match = -1;  // open/close: index of the partner bracket
  bool own_line = false;    // comment: nothing but blanks before it on its line
};

// Splits well-formed source text into tokens. Total: never fails on any input.
std::vector<Token> scan(std::string_view text);

// ------------------------------------------------------------ expressions

// The single-line spelling of an expression with minimal parentheses; literals
// keep their source spelling.
std::string expr_text(const ast::Expr& e, std::string_view src);
// The layout of `prefix EXPR suffix` starting at column `indent`: one line when it
// fits in kWidth, else broken at top-level `and`/`or`, or one entry per line for
// object and list literals. Lines after the first carry their own indentation.
std::vector<std::string> expr_lines(const std::string& prefix, const ast::Expr& e, const std::string& suffix,
                                    std::size_t indent, std::string_view src);
// An `and`/`or` chain as lines: the first operand, then `or OPERAND` per operand
// (parentheses as expr_text puts them). Empty when `e` is not such a chain.
struct ChainLine {
  std::string text;
  const ast::Expr* operand;
};
std::vector<ChainLine> chain_lines(const ast::Expr& e, std::string_view src);
std::string type_text(const ast::TypeExpr& t, std::string_view src);
// `name: TYPE [key] [= DEFAULT] [from "Column"]`, modifiers in this order.
std::string field_text(const ast::FieldDecl& f, std::string_view src);

// ------------------------------------------------------------ the printer

class Printer {
 public:
  Printer(std::string_view src, std::vector<Token> tokens);

  std::string_view src() const { return src_; }
  const std::vector<Token>& tokens() const { return toks_; }
  std::string_view tok(std::size_t i) const;
  // Whether a comment lies among tokens [first, last].
  bool has_comment(std::size_t first, std::size_t last) const;
  // The first token at or after `i` that is not a comment.
  std::size_t code(std::size_t i) const;
  // The index of the token that starts at `offset` (FormatBug when none).
  std::size_t index_at(std::uint32_t offset) const;
  // The last token of an item that starts at token `first` and reaches at least
  // to byte `known_end`, extended over brackets opened inside it.
  std::size_t item_last(std::size_t first, std::uint32_t known_end) const;
  // The next token at `depth` after `after` that can start an item (not a comment,
  // not a closing bracket); returns `limit` when there is none before it.
  std::size_t next_item(std::size_t after, std::size_t limit, std::int32_t depth) const;

  // Emits one construct spanning tokens [first, last] as `lines` at the current
  // indentation: comments inside it go above it, a comment after it on the same
  // source line goes at the end of its last line.
  void item(std::size_t first, std::size_t last, const std::vector<std::string>& lines);
  void line(std::size_t first, std::size_t last, const std::string& text) { item(first, last, {text}); }
  // Comments before byte `offset` that are still pending, each on its own line.
  void comments_before(std::uint32_t offset);
  void indent() { ++level_; block_start_ = true; }
  void dedent() { --level_; block_start_ = false; }
  void force_blank() { force_blank_ = true; }
  // Ends a block: its remaining comments stay inside, then `text` (the token at
  // `close`) one level out, never after a blank line.
  // `last` is the item's last token when more follows the brace on its line.
  void close(std::size_t close, const std::string& text = "}", std::size_t last = 0);
  std::size_t column() const { return level_ * kIndent; }
  std::string finish();

 private:
  void blank_line_check(std::uint32_t begin);
  void emit(const std::string& text);
  bool blank_between(std::uint32_t a, std::uint32_t b) const;

  std::string_view src_;
  std::vector<Token> toks_;
  std::vector<std::size_t> comments_;  // token indices of comments, in order
  std::size_t next_comment_ = 0;
  struct OutLine {
    std::string code;     // indentation included; empty for a blank line
    std::string comment;  // a trailing comment, aligned with its neighbours at the end
  };
  std::vector<OutLine> out_;
  std::size_t level_ = 0;
  std::uint32_t prev_end_ = 0;   // source end of the last emitted thing
  bool block_start_ = true;      // nothing emitted yet in the current block
  bool force_blank_ = false;
};

// ------------------------------------------------------------ declarations

// The token at `from` or after it that opens a block (`{`) at `depth`.
std::size_t find_open(const Printer& p, std::size_t from, std::int32_t depth);
// Prints `header {` (or `header {}` for an empty block) and indents. Returns the
// index of the closing `}` and whether the block has content to print.
struct Block {
  std::size_t open, close;
  bool has_content;
};
Block open_block(Printer& p, std::size_t first, std::size_t open, const std::vector<std::string>& header);
// Calls `print_item(i)` for every item of the block (i = its first token); it
// returns the item's last token. Then closes the block.
template <typename F>
void each_item(Printer& p, const Block& b, F&& print_item, const std::string& tail = "}", std::size_t tail_last = 0) {
  if (!b.has_content) return;
  const std::int32_t depth = p.tokens()[b.open].depth + 1;
  for (std::size_t i = p.next_item(b.open, b.close, depth); i < b.close; i = p.next_item(i, b.close, depth)) {
    const std::size_t last = print_item(i);
    if (last < i) throw FormatBug("an item ends before it starts");  // never loop on the same item
    i = last;
  }
  p.close(b.close, tail, tail_last);
}
// `prefix EXPR` as the item spanning tokens [first, last], keeping comments
// written inside the expression beside their part (compiler/format_commented.cpp).
void print_expr_item(Printer& p, std::size_t first, std::size_t last, const std::string& prefix,
                     const ast::Expr& e);
// Literals holding comments are printed as blocks.
bool literal_block_needed(const Printer& p, const ast::Expr& e);
// `prefix {` entries `}tail` for the object or list literal `e` whose item starts at
// token `first` and ends at token `last`.
void print_literal(Printer& p, std::size_t first, const std::string& prefix, const ast::Expr& e,
                   const std::string& tail, std::size_t last);
// The same for entries held outside an Expr (an `emit` payload); `keys` is null
// for a list.
void print_entries(Printer& p, std::size_t first, const std::string& prefix, const std::vector<ast::Ident>* keys,
                   const std::vector<ast::ExprPtr>& values, std::size_t open, const std::string& tail,
                   std::size_t last);
[[noreturn]] void unexpected(const Printer& p, std::size_t i, const char* where);

void print_file(Printer& p, const ast::File& file);
void print_let(Printer& p, const ast::Let& l);
void print_funnel(Printer& p, const ast::Funnel& f);
void print_stage(Printer& p, const ast::Stage& s, std::size_t first);
// `header {` actions `}`; the header's tokens start at `first`, `open` is its `{`.
void print_actions(Printer& p, const std::vector<ast::Action>& actions, std::size_t first, std::size_t open,
                   const std::string& header);
void print_test(Printer& p, const ast::Test& t);
void print_calendar(Printer& p, const ast::Calendar& c);

}  // namespace sluice::format
