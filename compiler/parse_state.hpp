// Internal to the parser (included by compiler/parse*.cpp only): the builder state
// the PEGTL actions fill while matching, and the reporting of syntax errors.
// No PEGTL here: the actions convert PEGTL inputs to pointers before calling in.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "compiler/ast.hpp"
#include "compiler/diagnostic.hpp"
#include "compiler/literals.hpp"
#include "compiler/parse.hpp"
#include "compiler/source.hpp"

namespace sluice::parser {

// Thrown (outside PEGTL's parse_error) when a file has so many errors that going
// on would only bury the first ones.
struct StopParsing {};

// The static description of one commit point (grammar::syntax_error_info plus
// what the control derives from the rule's type).
struct CommitPoint {
  const char* code;
  const char* message;
  const char* help;
  const char* keywords;    // for "did you mean"
  bool expects_name;       // the rule derives from grammar::name
  bool unterminated_text;  // grammar::text_close
};

// A `{`, `(`, `[` or quote that is open: named in "expected `}` to close ..." and
// the scope of "duplicate `entry`" checks.
struct OpenBlock {
  std::string what;  // "stage MQL", "`(`"
  Span open;
  std::vector<std::pair<std::string, Span>> seen;  // single-use items already given
};

struct ParseState {
  ParseState(const SourceFile& src, FileId file, Diagnostics& diags, const Limits& limits, ast::File& out);

  const SourceFile& src;
  const char* base;  // src.text.data(): spans are offsets from here
  FileId file;
  Diagnostics& diags;
  const Limits& limits;
  ast::File& out;

  std::size_t depth = 0;
  std::size_t errors = 0;
  std::uint32_t text_open = 0;  // offset of the last opening quote

  // Expression builder: operands are pushed, operators pop and push.
  std::vector<ast::ExprPtr> exprs;
  std::vector<std::pair<std::size_t, std::size_t>> marks;  // (exprs, keys) sizes at `(`, `[`, `{`
  std::vector<ast::Ident> idents;
  std::vector<ast::Ident> keys;
  std::vector<std::pair<std::string, Span>> texts;

  // Type builder.
  std::vector<ast::TypeExprPtr> types;
  std::vector<ast::FieldDecl> fields;
  std::vector<std::size_t> field_marks;

  std::vector<OpenBlock> blocks;

  // Declarations in progress.
  std::optional<ast::Funnel> funnel;
  std::optional<ast::Stage> stage;
  std::optional<ast::Transition> transition;
  std::optional<ast::Qualification> qualification;
  std::optional<ast::Criterion> criterion;
  std::optional<ast::Calendar> calendar;
  std::optional<ast::Test> test;
  std::vector<ast::Action> actions;
  bool payload = false;        // the last emit / expect event had `{ ... }`
  bool on_exit = false;        // `on exit` rather than `on enter`
  std::int64_t amount = 0;     // sla N business ...
  bool business_hours = false;
  int first_day = 0;           // weekday range start
  std::uint8_t day_mask = 0;
  std::int32_t hours_start = 0, hours_end = 0;

  Span span(const char* begin, const char* end) const;
  std::uint32_t offset(const char* p) const { return static_cast<std::uint32_t>(p - base); }
  std::uint32_t line_of(std::uint32_t offset) const { return src.line_col(offset).line; }

  ast::ExprPtr pop_expr();
  ast::Ident pop_ident();
  std::pair<std::string, Span> pop_text();
  ast::TypeExprPtr pop_type();
  // Elements above the innermost mark (call arguments, list elements, object values).
  std::vector<ast::ExprPtr> pop_marked(std::vector<ast::Ident>* keys_out);

  void open_block(std::string what, Span at);
  void close_block();
  // A single-use item (`entry`, `sla`, `timezone`, ...) of the innermost block.
  void once(const std::string& item, Span at);

  // Drops whatever a declaration abandoned by a syntax error left behind.
  void reset();

  // Every parser diagnostic goes through report() or error() (they enforce the cap).
  void report(Diagnostic d);
  void error(const char* code, Span at, std::string message, std::string label = {}, std::string help = {});
  void literal_error(Span at, const literals::Problem& p) { error("E0013", at, p.message, {}, p.help); }
  void syntax_error(std::uint32_t at, const CommitPoint& point);
  void too_deep(std::uint32_t at);

 private:
  void count_error(Span at);  // throws StopParsing past the cap
};

// The checks made before parsing (compiler/parse_limits.cpp): size (E0002), line
// length (E0003) and UTF-8 text (E0005). False: the file must not be parsed.
bool check_limits(const SourceFile& src, FileId file, Diagnostics& diags, const Limits& limits);

}  // namespace sluice::parser
