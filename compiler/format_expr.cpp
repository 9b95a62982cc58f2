// Expression and type layout for the formatter. Parentheses are minimal: only
// where precedence (language.md §4) or an open-ended quantifier needs them.
// Literals are copied from the source, so `1.50`, `3d` and escapes keep their
// spelling. Recursion follows the AST, whose nesting the parser bounds
// (Limits::max_depth); left-leaning operator chains, which the parser does not
// bound, are walked in loops.
#include <algorithm>

#include <fmt/format.h>

#include "compiler/format_internal.hpp"

namespace sluice::format {
namespace {

using ast::Expr;
using ast::ExprKind;
using ast::Op;

constexpr int kLoosest = 0;
constexpr int kCompare = 4;
constexpr int kPostfix = 9;

int level_of(const Expr& e) {
  switch (e.kind) {
    case ExprKind::binary:
      switch (e.op) {
        case Op::or_: return 1;
        case Op::and_: return 2;
        case Op::coalesce: return 5;
        case Op::add: case Op::sub: return 6;
        case Op::mul: case Op::div: case Op::mod: return 7;
        default: return kCompare;
      }
    case ExprKind::unary: return e.op == Op::not_ ? 3 : 8;
    case ExprKind::is_set: case ExprKind::between: return kCompare;
    default: return kPostfix;
  }
}

const char* op_text(Op op) { return ast::op_spelling(op); }

const char* quant_text(ast::Quant q) {
  switch (q) {
    case ast::Quant::any: return "any";
    case ast::Quant::all: return "all";
    default: return "count";
  }
}

// The operands of a left-leaning chain of one precedence level, leftmost first:
// `a - b + c` gives [a, b, c] and [-, +]. Comparisons do not chain.
struct Chain {
  std::vector<const Expr*> operands;
  std::vector<Op> ops;
};
Chain flatten(const Expr& e) {
  Chain c;
  const int level = level_of(e);
  const Expr* cur = &e;
  while (cur->kind == ExprKind::binary && level_of(*cur) == level && cur->args.size() == 2) {
    c.ops.push_back(cur->op);
    c.operands.push_back(cur->args[1].get());
    cur = cur->args[0].get();
    if (level == kCompare) break;
  }
  c.operands.push_back(cur);
  std::reverse(c.operands.begin(), c.operands.end());
  std::reverse(c.ops.begin(), c.ops.end());
  return c;
}

class Writer {
 public:
  explicit Writer(std::string_view src) : src_(src) {}
  std::string out;

  // `min`: the loosest level allowed here without parentheses; `rightmost`:
  // nothing follows before a closing bracket, a comma or the end of the item.
  void expr(const Expr& e, int min, bool rightmost) {
    const bool parens =
        level_of(e) < min || (e.kind == ExprKind::quantifier && !rightmost) || written_in_parens(e);
    sole_call_arg_ = false;
    if (parens) out += '(';
    bare(e, parens || rightmost);
    if (parens) out += ')';
  }

 private:
  // Parentheses the user wrote are kept (they often say what was meant, and the
  // IR keeps each condition's source text for explanations). A call's own
  // parentheses around its only argument are not the user's.
  bool written_in_parens(const Expr& e) const {
    if (sole_call_arg_) return false;
    auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    std::size_t before = e.span.begin, after = e.span.end;
    while (before > 0 && blank(src_[before - 1])) --before;
    while (after < src_.size() && blank(src_[after])) ++after;
    return before > 0 && src_[before - 1] == '(' && after < src_.size() && src_[after] == ')';
  }

  void slice(const Expr& e) { out += src_.substr(e.span.begin, e.span.end - e.span.begin); }
  void arg(const Expr& e, std::size_t i, int min, bool rightmost) {
    if (i >= e.args.size() || !e.args[i]) throw FormatBug("expression without its operand");
    expr(*e.args[i], min, rightmost);
  }
  template <typename Items>
  void comma_list(const Items& items) {
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (i) out += ", ";
      expr(*items[i], kLoosest, true);
    }
  }

  void binary(const Expr& e, bool rightmost) {
    const Chain c = flatten(e);
    const int level = level_of(e);
    const int right_min = level == kCompare ? kCompare + 1 : level + 1;
    expr(*c.operands[0], level == kCompare ? kCompare + 1 : level, false);
    for (std::size_t i = 0; i < c.ops.size(); ++i) {
      out += fmt::format(" {} ", op_text(c.ops[i]));
      expr(*c.operands[i + 1], right_min, rightmost && i + 1 == c.ops.size());
    }
  }

  void member(const Expr& e) {
    std::vector<const Expr*> names;  // outermost first
    const Expr* cur = &e;
    while (cur->kind == ExprKind::member && !cur->args.empty() && cur->args[0]) {
      names.push_back(cur);
      cur = cur->args[0].get();
    }
    expr(*cur, kPostfix, false);
    for (auto it = names.rbegin(); it != names.rend(); ++it) out += "." + (*it)->ident.name;
  }

  void bare(const Expr& e, bool rightmost) {
    switch (e.kind) {
      case ExprKind::int_lit: case ExprKind::number_lit: case ExprKind::text_lit: case ExprKind::bool_lit:
      case ExprKind::null_lit: case ExprKind::date_lit: case ExprKind::duration_lit:
        slice(e);
        return;
      case ExprKind::now: out += "now"; return;
      case ExprKind::today: out += "today"; return;
      case ExprKind::name: out += e.ident.name; return;
      case ExprKind::passes: out += "passes " + e.ident.name; return;
      case ExprKind::list_lit:
        out += '[';
        comma_list(e.args);
        out += ']';
        return;
      case ExprKind::object_lit:
        if (e.args.empty()) {
          out += "{}";
          return;
        }
        out += "{ ";
        for (std::size_t i = 0; i < e.args.size(); ++i) {
          if (i) out += ", ";
          out += (i < e.keys.size() ? e.keys[i].name : std::string("?")) + ": ";
          arg(e, i, kLoosest, true);
        }
        out += " }";
        return;
      case ExprKind::call:
        out += e.ident.name + "(";
        sole_call_arg_ = e.args.size() == 1;
        comma_list(e.args);
        out += ')';
        return;
      case ExprKind::member: member(e); return;
      case ExprKind::unary:
        if (e.op == Op::not_) {
          out += "not ";
          arg(e, 0, 3, rightmost);
        } else {
          out += '-';
          if (!e.args.empty() && e.args[0] && e.args[0]->kind == ExprKind::unary) out += ' ';
          arg(e, 0, 8, rightmost);
        }
        return;
      case ExprKind::binary: binary(e, rightmost); return;
      case ExprKind::is_set:
        arg(e, 0, kCompare + 1, false);
        out += e.negated ? " is not set" : " is set";
        return;
      case ExprKind::between:
        arg(e, 0, kCompare + 1, false);
        out += " between ";
        arg(e, 1, kCompare + 1, false);
        out += " and ";
        arg(e, 2, kCompare + 1, rightmost);
        return;
      case ExprKind::quantifier:
        out += fmt::format("{} {} in ", quant_text(e.quant), e.ident.name);
        arg(e, 0, kCompare + 1, false);
        out += " where ";
        arg(e, 1, kLoosest, true);
        return;
    }
    throw FormatBug("unknown expression kind");
  }

  std::string_view src_;
  bool sole_call_arg_ = false;  // the next expression is a call's only argument
};

std::string text_of(const Expr& e, int min, bool rightmost, std::string_view src) {
  Writer w(src);
  w.expr(e, min, rightmost);
  return std::move(w.out);
}

std::vector<std::string> indented(std::vector<std::string> lines, std::size_t by) {
  for (auto& l : lines) l.insert(0, by, ' ');
  return lines;
}

}  // namespace

std::string expr_text(const ast::Expr& e, std::string_view src) { return text_of(e, kLoosest, true, src); }

std::vector<std::string> expr_lines(const std::string& prefix, const ast::Expr& e, const std::string& suffix,
                                    std::size_t indent, std::string_view src) {
  std::string single = prefix + expr_text(e, src) + suffix;
  if (indent + single.size() <= kWidth) return {std::move(single)};
  std::vector<std::string> lines;
  if ((e.kind == ExprKind::object_lit || e.kind == ExprKind::list_lit) && !e.args.empty()) {
    const bool object = e.kind == ExprKind::object_lit;
    lines.push_back(prefix + (object ? "{" : "["));
    for (std::size_t i = 0; i < e.args.size(); ++i) {
      if (!e.args[i]) throw FormatBug("literal without its element");
      const std::string key = object && i < e.keys.size() ? e.keys[i].name + ": " : "";
      const std::string comma = i + 1 < e.args.size() ? "," : "";
      for (auto& l : indented(expr_lines(key, *e.args[i], comma, indent + kIndent, src), kIndent))
        lines.push_back(std::move(l));
    }
    lines.push_back((object ? "}" : "]") + suffix);
    return lines;
  }
  const auto chain = chain_lines(e, src);
  if (!chain.empty()) {
    lines.push_back(prefix + chain[0].text);
    for (std::size_t i = 1; i < chain.size(); ++i) lines.push_back(std::string(kContinuation, ' ') + chain[i].text);
    lines.back() += suffix;
    return lines;
  }
  return {std::move(single)};
}

std::string field_text(const ast::FieldDecl& f, std::string_view src) {
  if (!f.type) throw FormatBug("field without its type");
  std::string out = f.name.name + ": " + type_text(*f.type, src);
  if (f.is_key) out += " key";
  if (f.default_value) out += " = " + expr_text(*f.default_value, src);
  if (f.from) out += " from " + std::string(src.substr(f.from_span.begin, f.from_span.end - f.from_span.begin));
  return out;
}

std::vector<ChainLine> chain_lines(const ast::Expr& e, std::string_view src) {
  if (e.kind != ExprKind::binary || (e.op != Op::or_ && e.op != Op::and_)) return {};
  const Chain c = flatten(e);
  const int level = level_of(e);
  std::vector<ChainLine> lines{{text_of(*c.operands[0], level, false, src), c.operands[0]}};
  for (std::size_t i = 0; i < c.ops.size(); ++i)
    lines.push_back({std::string(op_text(c.ops[i])) + " " +
                         text_of(*c.operands[i + 1], level + 1, i + 1 == c.ops.size(), src),
                     c.operands[i + 1]});
  return lines;
}

std::string type_text(const ast::TypeExpr& t, std::string_view src) {
  std::string out;
  switch (t.kind) {
    case ast::TypeExprKind::named: out = t.name.name; break;
    case ast::TypeExprKind::enum_:
      out = "enum(";
      for (std::size_t i = 0; i < t.enum_spans.size(); ++i) {
        if (i) out += ", ";
        out += src.substr(t.enum_spans[i].begin, t.enum_spans[i].end - t.enum_spans[i].begin);
      }
      out += ')';
      break;
    case ast::TypeExprKind::list:
      if (!t.element) throw FormatBug("list type without its element");
      out = "list<" + type_text(*t.element, src) + ">";
      break;
    case ast::TypeExprKind::object:
      if (t.fields.empty()) {
        out = "{}";
        break;
      }
      out = "{ ";
      for (std::size_t i = 0; i < t.fields.size(); ++i) {
        if (i) out += ", ";
        out += field_text(t.fields[i], src);
      }
      out += " }";
      break;
  }
  if (t.optional) out += '?';
  return out;
}

}  // namespace sluice::format
