// Layouts that keep comments written inside an expression beside the part they
// describe: object and list literals holding comments (`given { ... }` of a test
// with a note per field, an `emit` payload, a constant list) become blocks with
// one entry per line, and an `and`/`or` chain holding comments is broken before
// each operator, each comment staying with its operand.
#include <algorithm>

#include "compiler/format_internal.hpp"

namespace sluice::format {
namespace {

bool comment_inside(const Printer& p, std::size_t open) {
  const auto& t = p.tokens();
  if (open >= t.size() || t[open].kind != TokKind::open || t[open].match < 0) return false;
  return p.has_comment(open, static_cast<std::size_t>(t[open].match));
}

// The token of a literal's opening bracket, when `e` is written as a bare literal.
std::size_t literal_open(const Printer& p, const ast::Expr& e) {
  if (e.kind != ast::ExprKind::object_lit && e.kind != ast::ExprKind::list_lit) return p.tokens().size();
  const std::size_t open = p.index_at(e.span.begin);
  return p.tokens()[open].kind == TokKind::open ? open : p.tokens().size();
}

}  // namespace

bool literal_block_needed(const Printer& p, const ast::Expr& e) {
  return comment_inside(p, literal_open(p, e));
}

void print_entries(Printer& p, std::size_t first, const std::string& prefix, const std::vector<ast::Ident>* keys,
                   const std::vector<ast::ExprPtr>& values, std::size_t open, const std::string& tail,
                   std::size_t last) {
  const bool object = keys != nullptr;
  const auto& t = p.tokens();
  if (open >= t.size() || t[open].match < 0) throw FormatBug("literal without its bracket");
  const Block b{open, static_cast<std::size_t>(t[open].match), true};
  std::string head = prefix;
  while (!head.empty() && head.back() == ' ') head.pop_back();
  head += head.empty() ? "" : " ";
  head += object ? "{" : "[";
  if (b.close == open + 1) {  // nothing inside, not even a comment
    p.item(first, std::max(b.close, last), {head + (object ? "}" : "]") + tail});
    return;
  }
  p.item(first, open, {head});
  p.indent();
  std::size_t k = 0;
  each_item(
      p, b,
      [&](std::size_t i) {
        if (k >= values.size() || !values[k] || p.tokens()[i].begin > values[k]->span.begin)
          unexpected(p, i, "literal");
        const ast::Expr& value = *values[k];
        std::size_t entry_last = p.item_last(i, value.span.end);
        const bool more = k + 1 < values.size();
        const std::size_t comma = p.code(entry_last + 1);
        if (comma < b.close && p.tok(comma) == ",") entry_last = comma;
        const std::string key = object ? (*keys)[k].name + ": " : "";
        ++k;
        if (literal_block_needed(p, value)) {
          print_literal(p, i, key, value, more ? "," : "", entry_last);
        } else {
          p.item(i, entry_last, expr_lines(key, value, more ? "," : "", p.column(), p.src()));
        }
        return entry_last;
      },
      std::string(object ? "}" : "]") + tail, last);
  if (k != values.size()) throw FormatBug("literal entries not all found");
}

void print_literal(Printer& p, std::size_t first, const std::string& prefix, const ast::Expr& e,
                   const std::string& tail, std::size_t last) {
  const std::size_t open = literal_open(p, e);
  if (open >= p.tokens().size()) throw FormatBug("literal without its bracket");
  const bool object = e.kind == ast::ExprKind::object_lit;
  print_entries(p, first, prefix, object ? &e.keys : nullptr, e.args, open, tail, last);
}

void print_expr_item(Printer& p, std::size_t first, std::size_t last, const std::string& prefix,
                     const ast::Expr& e) {
  if (literal_block_needed(p, e)) {
    print_literal(p, first, prefix, e, "", last);
    return;
  }
  const auto chain = chain_lines(e, p.src());
  const std::size_t e_first = p.index_at(e.span.begin);
  const std::size_t before = e_first > 0 ? e_first - 1 : e_first;  // a `(` here wraps the whole chain
  if (!p.has_comment(first, last) || chain.empty() || p.tok(before) == "(") {
    p.item(first, last, expr_lines(prefix, e, "", p.column(), p.src()));
    return;
  }
  std::size_t line_last = p.item_last(first, chain[0].operand->span.end);
  p.item(first, line_last, {prefix + chain[0].text});
  p.indent();
  p.indent();  // continuation lines sit 4 spaces in
  for (std::size_t k = 1; k < chain.size(); ++k) {
    const std::size_t line_first = p.code(line_last + 1);  // the operator
    line_last = k + 1 == chain.size() ? last : p.item_last(line_first, chain[k].operand->span.end);
    p.item(line_first, line_last, {chain[k].text});
  }
  p.dedent();
  p.dedent();
}

}  // namespace sluice::format
