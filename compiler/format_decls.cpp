// The formatter's top level: the policy header, imports, constants, records, lets
// and qualifications, one blank line between declarations.
#include <algorithm>

#include <fmt/format.h>

#include "compiler/format_internal.hpp"

namespace sluice::format {
namespace {

std::string_view slice(const Printer& p, Span s) { return p.src().substr(s.begin, s.end - s.begin); }

void print_fields(Printer& p, const std::vector<ast::FieldDecl>& fields, const Block& b, const std::string& tail,
                  std::size_t last);

// `let NAME = EXPR` and `const NAME = EXPR`.
void print_binding(Printer& p, const char* keyword, const ast::Ident& name, const ast::ExprPtr& value, Span span) {
  if (!value) throw FormatBug("binding without a value");
  const std::size_t first = p.index_at(span.begin);
  const std::size_t last = p.item_last(first, span.end);
  print_expr_item(p, first, last, fmt::format("{} {} = ", keyword, name.name), *value);
}

// A field whose type is an object is one line when it fits and holds no
// comment; else a block with one nested field per line (commas are optional
// between fields), so comments stay beside the nested field they describe.
std::size_t print_field(Printer& p, const ast::FieldDecl& f, std::size_t i) {
  const std::size_t last = p.item_last(i, f.span.end);
  const std::string one = field_text(f, p.src());
  const ast::TypeExpr* type = f.type.get();
  if (!type || type->kind != ast::TypeExprKind::object || type->fields.empty() ||
      (p.column() + one.size() <= kWidth && !p.has_comment(i, last))) {
    p.line(i, last, one);
    return last;
  }
  const Block b = open_block(p, i, p.index_at(type->span.begin), {f.name.name + ":"});
  std::string tail = "}";
  if (type->optional) tail += '?';
  if (f.is_key) tail += " key";
  if (f.default_value) tail += " = " + expr_text(*f.default_value, p.src());
  if (f.from) tail += " from " + std::string(slice(p, f.from_span));
  print_fields(p, type->fields, b, tail, last);
  return last;
}

void print_fields(Printer& p, const std::vector<ast::FieldDecl>& fields, const Block& b, const std::string& tail,
                  std::size_t last) {
  std::size_t k = 0;
  each_item(
      p, b,
      [&](std::size_t i) {
        if (k >= fields.size() || fields[k].span.begin != p.tokens()[i].begin) unexpected(p, i, "fields");
        return print_field(p, fields[k++], i);
      },
      tail, last);
  if (k != fields.size()) throw FormatBug("fields not all found");
}

void print_record(Printer& p, const ast::Record& r) {
  const std::size_t first = p.index_at(r.span.begin);
  const Block b = open_block(p, first, find_open(p, first, p.tokens()[first].depth), {"record " + r.name.name});
  print_fields(p, r.fields, b, "}", 0);
}

// `criterion NAME ["label"] [weight N] : `, parts as written.
struct CriterionHead {
  std::string name, label, weight;
};
CriterionHead criterion_head(const Printer& p, const ast::Criterion& c) {
  CriterionHead h{c.name.name, {}, {}};
  const std::size_t i = p.index_at(c.span.begin);
  std::size_t j = p.code(p.code(i + 1) + 1);
  if (j < p.tokens().size() && p.tokens()[j].kind == TokKind::text) {
    h.label = p.tok(j);
    j = p.code(j + 1);
  }
  if (p.tok(j) == "weight") h.weight = "weight " + std::string(p.tok(p.code(j + 1)));
  return h;
}

// The criteria of a qualification are aligned in columns: names, labels, weights
// and the `:` before each condition, as language.md writes them.
std::vector<std::string> criterion_heads(const Printer& p, const ast::Qualification& q) {
  std::vector<CriterionHead> parts;
  std::size_t name_w = 0, label_w = 0, weight_w = 0;
  for (const auto& c : q.criteria) {
    parts.push_back(criterion_head(p, c));
    name_w = std::max(name_w, parts.back().name.size());
    label_w = std::max(label_w, parts.back().label.size());
    weight_w = std::max(weight_w, parts.back().weight.size());
  }
  auto pad = [](const std::string& s, std::size_t w) { return s + std::string(w - s.size(), ' '); };
  std::vector<std::string> heads;
  for (const auto& h : parts) {
    std::string head = "criterion " + pad(h.name, name_w);
    if (label_w) head += " " + pad(h.label, label_w);
    if (weight_w) head += " " + pad(h.weight, weight_w);
    heads.push_back(head + " : ");
  }
  return heads;
}

void print_qualification(Printer& p, const ast::Qualification& q) {
  const std::size_t first = p.index_at(q.span.begin);
  std::string header = "qualification " + q.name.name;
  const std::size_t label = p.code(p.code(first + 1) + 1);
  if (label < p.tokens().size() && p.tokens()[label].kind == TokKind::text) header += " " + std::string(p.tok(label));
  const Block b = open_block(p, first, find_open(p, first, p.tokens()[first].depth), {header});
  const std::vector<std::string> heads = criterion_heads(p, q);
  std::size_t k = 0;
  each_item(p, b, [&](std::size_t i) {
    if (p.tok(i) == "criterion") {
      if (k >= q.criteria.size() || !q.criteria[k].condition) unexpected(p, i, "qualification");
      const auto& c = q.criteria[k++];
      const std::size_t last = p.item_last(i, c.span.end);
      print_expr_item(p, i, last, heads[k - 1], *c.condition);
      return last;
    }
    if (p.tok(i) != "pass") unexpected(p, i, "qualification");
    if (q.rule == ast::PassRule::expr) {
      if (!q.pass_expr) throw FormatBug("pass rule without its expression");
      const std::size_t last = p.item_last(i, std::max(q.pass_span.end, q.pass_expr->span.end));
      print_expr_item(p, i, last, "pass when ", *q.pass_expr);
      return last;
    }
    const std::size_t last = p.item_last(i, q.pass_span.end);
    std::string text = "pass when";  // all | at least N | score >= X, numbers as written
    for (std::size_t j = i + 2; j <= last; ++j)
      if (p.tokens()[j].kind != TokKind::comment) text += " " + std::string(p.tok(j));
    p.line(i, last, text);
    return last;
  });
  if (k != q.criteria.size()) throw FormatBug("criteria not all found");
}

void print_decl(Printer& p, const ast::File& file, const ast::DeclRef& d) {
  switch (d.kind) {
    case ast::DeclKind::import: {
      const auto& imp = file.imports.at(d.index);
      const std::size_t first = p.index_at(imp.span.begin);
      p.line(first, p.item_last(first, imp.span.end), "import " + std::string(slice(p, imp.path_span)));
      return;
    }
    case ast::DeclKind::const_: {
      const auto& c = file.consts.at(d.index);
      print_binding(p, "const", c.name, c.value, c.span);
      return;
    }
    case ast::DeclKind::let: {
      const auto& l = file.lets.at(d.index);
      print_binding(p, "let", l.name, l.value, l.span);
      return;
    }
    case ast::DeclKind::record: print_record(p, file.records.at(d.index)); return;
    case ast::DeclKind::qualification: print_qualification(p, file.qualifications.at(d.index)); return;
    case ast::DeclKind::funnel: print_funnel(p, file.funnels.at(d.index)); return;
    case ast::DeclKind::calendar: print_calendar(p, file.calendars.at(d.index)); return;
    case ast::DeclKind::test: print_test(p, file.tests.at(d.index)); return;
  }
}

}  // namespace

void print_let(Printer& p, const ast::Let& l) { print_binding(p, "let", l.name, l.value, l.span); }

std::size_t find_open(const Printer& p, std::size_t from, std::int32_t depth) {
  const auto& t = p.tokens();
  for (std::size_t i = from; i < t.size(); ++i)
    if (t[i].kind == TokKind::open && t[i].depth == depth && p.tok(i) == "{" && t[i].match > 0) return i;
  throw FormatBug("block without its opening brace");
}

Block open_block(Printer& p, std::size_t first, std::size_t open, const std::vector<std::string>& header) {
  const std::size_t close = static_cast<std::size_t>(p.tokens()[open].match);
  if (close == open + 1) {  // `{}` with not even a comment inside
    std::vector<std::string> lines = header;
    lines.back() += " {}";
    p.item(first, close, lines);
    return {open, close, false};
  }
  std::vector<std::string> lines = header;
  lines.back() += " {";
  p.item(first, open, lines);
  p.indent();
  return {open, close, true};
}

void unexpected(const Printer& p, std::size_t i, const char* where) {
  throw FormatBug(fmt::format("unexpected `{}` at byte {} in {}", p.tok(i), i < p.tokens().size() ? p.tokens()[i].begin : 0, where));
}

void print_file(Printer& p, const ast::File& file) {
  bool first_decl = true;
  if (file.header) {
    const auto& h = *file.header;
    const std::size_t first = p.index_at(h.span.begin);
    p.line(first, p.item_last(first, h.span.end),
           fmt::format("policy {} version {}", slice(p, h.name_span), slice(p, h.version_span)));
    first_decl = false;
  }
  const ast::DeclRef* prev = nullptr;
  for (const auto& d : file.order) {
    // Consecutive imports, constants and lets (one-line declarations) keep the
    // user's grouping; other declarations are separated by one blank line.
    const bool grouped = prev && prev->kind == d.kind &&
                         (d.kind == ast::DeclKind::import || d.kind == ast::DeclKind::const_ ||
                          d.kind == ast::DeclKind::let);
    if (!first_decl && !grouped) p.force_blank();
    print_decl(p, file, d);
    first_decl = false;
    prev = &d;
  }
}

}  // namespace sluice::format
