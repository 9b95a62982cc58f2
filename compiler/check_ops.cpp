// Operator typing: logic, comparisons (with enum literal checks), membership,
// text predicates, `matches` (pattern validated with RE2), `??` and arithmetic.
#include <re2/re2.h>

#include "compiler/check_internal.hpp"

namespace sluice::check_detail {
namespace {

const char* op_text(ast::Op op) { return ast::op_spelling(op); }

bool quiet(const Type& t) { return is_error(t) || t.kind == TypeKind::null_; }

bool comparable(const TypeRef& a, const TypeRef& b, bool ordered) {
  if (quiet(*a) || quiet(*b)) return true;
  if (a->kind == TypeKind::object || b->kind == TypeKind::object) return false;
  TypeRef j = join(a, b);
  if (!j) return false;
  if (!ordered) return true;
  return is_orderable(*j) && a->kind != TypeKind::enum_ && b->kind != TypeKind::enum_;
}

bool is_number_text(const ast::Expr& e) {
  if (e.kind != ast::ExprKind::text_lit || e.text.empty()) return false;
  for (char ch : e.text)
    if (!((ch >= '0' && ch <= '9') || ch == '.' || ch == '-')) return false;
  return true;
}

}  // namespace

TypeRef Checker::binary(ast::Expr& e, Ctx& c) {
  ast::Expr& l = *e.args.at(0);
  ast::Expr& r = *e.args.at(1);
  const TypeRef boolean = type_of(TypeKind::bool_);
  switch (e.op) {
    case ast::Op::or_:
    case ast::Op::and_: {
      for (ast::Expr* side : {&l, &r}) {
        TypeRef t = expr(*side, c, boolean);
        hint(*side, boolean);
        if (!quiet(*t) && t->kind != TypeKind::bool_)
          error("E0205", side->span, std::string("`") + op_text(e.op) + "` needs `bool` operands, found `" +
                                         to_string(*t) + "`");
      }
      return boolean;
    }
    case ast::Op::eq: case ast::Op::ne: case ast::Op::lt: case ast::Op::le: case ast::Op::gt: case ast::Op::ge:
      return comparison(e, c);
    case ast::Op::in: case ast::Op::not_in: case ast::Op::contains:
      return membership(e, c);
    case ast::Op::starts_with:
    case ast::Op::ends_with:
    case ast::Op::matches: {
      TypeRef lt = expr(l, c, type_of(TypeKind::text));
      hint(l, type_of(TypeKind::text));
      if (!quiet(*lt) && !text_like(*lt))
        error("E0205", l.span, std::string("`") + op_text(e.op) + "` needs a `text`, found `" + to_string(*lt) + "`");
      if (e.op == ast::Op::matches) {
        check_pattern(r, c);
      } else {
        TypeRef rt = expr(r, c, type_of(TypeKind::text));
        if (!quiet(*rt) && !text_like(*rt))
          error("E0205", r.span, std::string("`") + op_text(e.op) + "` needs a `text`, found `" + to_string(*rt) + "`");
      }
      return boolean;
    }
    case ast::Op::coalesce: {
      TypeRef lt = expr(l, c), rt = expr(r, c);
      hint(l, rt);
      hint(r, lt);
      TypeRef j = join(lt, rt);
      if (!j || j->kind == TypeKind::object) {
        error("E0204", r.span, "`??` needs a fallback of the same type: `" + to_string(*lt) + "` and `" +
                                   to_string(*rt) + "`",
              "this is `" + to_string(*rt) + "`");
        return type_of(TypeKind::error);
      }
      return j;
    }
    default:
      return arithmetic(e, c);
  }
}

TypeRef Checker::comparison(ast::Expr& e, Ctx& c) {
  const TypeRef boolean = type_of(TypeKind::bool_);
  std::vector<TypeRef> types;
  for (auto& a : e.args) types.push_back(expr(*a, c));
  for (std::size_t i = 0; i < e.args.size(); ++i)
    for (std::size_t j = 0; j < e.args.size(); ++j)
      if (i != j) hint(*e.args[i], types[j]);
  bool ordered = e.kind == ast::ExprKind::between || (e.op != ast::Op::eq && e.op != ast::Op::ne);
  ast::Expr& l = *e.args.at(0);
  for (std::size_t i = 1; i < e.args.size(); ++i) {
    ast::Expr& r = *e.args[i];
    const TypeRef& lt = types[0];
    const TypeRef& rt = types[i];
    if (quiet(*lt) || quiet(*rt)) continue;
    // `deal_status == "won"`: the literal must be one of the enum's values.
    if (!ordered && lt->kind == TypeKind::enum_ && r.kind == ast::ExprKind::text_lit) {
      check_enum_value(*lt, r, l);
      continue;
    }
    if (!ordered && rt->kind == TypeKind::enum_ && l.kind == ast::ExprKind::text_lit) {
      check_enum_value(*rt, l, r);
      continue;
    }
    // `expect stage == "MQL"`: the literal must name a stage of the funnel.
    if (!ordered && c.results && c.funnel && l.ref.kind == ast::RefKind::result &&
        (l.ref.index == static_cast<int>(ast::ResultName::stage) || l.ref.index == static_cast<int>(ast::ResultName::from)) &&
        r.kind == ast::ExprKind::text_lit && stage_index(*c.funnel->decl, r.text) < 0) {
      std::vector<std::string> names;
      for (const auto& s : c.funnel->decl->stages) names.push_back(s.name.name);
      std::string near = closest_name(r.text, names);
      error("E0103", r.span, "unknown stage `" + r.text + "` in funnel `" + c.funnel->decl->name.name + "`",
            near.empty() ? std::string{} : "did you mean `" + near + "`?");
      continue;
    }
    if (comparable(lt, rt, ordered)) continue;
    Diagnostic d;
    d.code = "E0204";
    d.message = "cannot compare `" + to_string(*lt) + "` with `" + to_string(*rt) + "`";
    if (ordered && (lt->kind == TypeKind::enum_ || rt->kind == TypeKind::enum_) && join(lt, rt))
      d.message = "enum values have no order: `" + std::string(e.kind == ast::ExprKind::between ? "between" : op_text(e.op)) +
                  "` cannot compare them";
    d.primary = {r.span, "this is `" + to_string(*rt) + "`"};
    d.secondary.push_back({l.span, "this is `" + to_string(*lt) + "`"});
    if (is_numeric(*lt) && is_number_text(r)) d.help = "remove the quotes to compare with the number " + r.text;
    diags_.add(std::move(d));
  }
  return boolean;
}

TypeRef Checker::membership(ast::Expr& e, Ctx& c) {
  ast::Expr& l = *e.args.at(0);
  ast::Expr& r = *e.args.at(1);
  TypeRef lt = expr(l, c), rt = expr(r, c);
  const TypeRef boolean = type_of(TypeKind::bool_);
  bool contains = e.op == ast::Op::contains;
  ast::Expr& list = contains ? l : r;
  ast::Expr& item = contains ? r : l;
  const TypeRef& list_t = contains ? lt : rt;
  const TypeRef& item_t = contains ? rt : lt;
  if (quiet(*list_t)) return boolean;
  if (list_t->kind == TypeKind::list) {
    hint(item, list_t->element);
    if (quiet(*item_t)) return boolean;
    if (item_t->kind == TypeKind::enum_ && !contains) check_enum_list(*item_t, list, item);
    if (list_t->element->kind == TypeKind::enum_ && item.kind == ast::ExprKind::text_lit) {
      check_enum_value(*list_t->element, item, list);
      return boolean;
    }
    if (!comparable(item_t, list_t->element, false))
      error2("E0204", item.span,
             "cannot look for `" + to_string(*item_t) + "` in a `" + to_string(*list_t) + "`",
             "this is `" + to_string(*item_t) + "`", list.span, "this is `" + to_string(*list_t) + "`");
    return boolean;
  }
  if (contains && text_like(*list_t)) {
    hint(item, type_of(TypeKind::text));
    if (!quiet(*item_t) && !text_like(*item_t))
      error("E0205", item.span, "`contains` on a text needs a `text`, found `" + to_string(*item_t) + "`");
    return boolean;
  }
  error("E0204", list.span,
        std::string("`") + op_text(e.op) + "` needs a list" + (contains ? " or a text" : "") + ", found `" +
            to_string(*list_t) + "`",
        {}, !contains && text_like(*list_t) ? "to look for a part of a text, write `TEXT contains PART`" : std::string{});
  return boolean;
}

TypeRef Checker::arithmetic(ast::Expr& e, Ctx& c) {
  ast::Expr& l = *e.args.at(0);
  ast::Expr& r = *e.args.at(1);
  TypeRef lt = expr(l, c), rt = expr(r, c);
  hint(l, rt);
  hint(r, lt);
  if (is_error(*lt) || is_error(*rt)) return type_of(TypeKind::error);
  if (lt->kind == TypeKind::null_) return rt;
  if (rt->kind == TypeKind::null_) return lt;
  const TypeKind a = lt->kind, b = rt->kind;
  const ast::Op op = e.op;
  if (a == TypeKind::int_ && b == TypeKind::int_) return lt;
  if (is_numeric(*lt) && is_numeric(*rt)) return type_of(TypeKind::number);
  if (op == ast::Op::add && text_like(*lt) && text_like(*rt)) return type_of(TypeKind::text);
  if ((op == ast::Op::add || op == ast::Op::sub) && a == TypeKind::date && b == TypeKind::duration) return lt;
  if (op == ast::Op::sub && a == TypeKind::date && b == TypeKind::date) return type_of(TypeKind::duration);
  if ((op == ast::Op::add || op == ast::Op::sub) && a == TypeKind::duration && b == TypeKind::duration) return lt;
  if (op == ast::Op::mul && a == TypeKind::duration && b == TypeKind::int_) return lt;
  std::string help;
  if (op == ast::Op::add && (text_like(*lt) || text_like(*rt))) help = "`+` joins two texts; both sides must be text";
  if (b == TypeKind::date && a == TypeKind::duration) help = "write the date first: `DATE + DURATION`";
  if (a == TypeKind::int_ && b == TypeKind::duration && op == ast::Op::mul) help = "write the duration first: `DURATION * N`";
  error("E0205", e.span,
        std::string("cannot apply `") + op_text(op) + "` to `" + to_string(*lt) + "` and `" + to_string(*rt) + "`", {},
        help);
  return type_of(TypeKind::error);
}

void Checker::check_pattern(ast::Expr& p, Ctx& c) {
  TypeRef t = expr(p, c, type_of(TypeKind::text));
  const std::string* pattern = nullptr;
  if (p.kind == ast::ExprKind::text_lit) pattern = &p.text;
  else if (p.ref.kind == ast::RefKind::constant && p.ref.index >= 0 &&
           policy_.constants.at(static_cast<std::size_t>(p.ref.index)).kind == TypeKind::text)
    pattern = &policy_.constants[static_cast<std::size_t>(p.ref.index)].s;
  if (!pattern) {
    if (!is_error(*t))
      error("E0206", p.span, "`matches` needs a constant text pattern", "this is not a text literal or text const",
            "write the pattern in quotes, e.g. `email matches \"@acme\\\\.com$\"`");
    return;
  }
  RE2::Options options;
  options.set_log_errors(false);
  RE2 re(*pattern, options);
  if (!re.ok()) error("E0207", p.span, "invalid pattern: " + re.error(), "this pattern does not compile");
}

bool Checker::check_enum_value(const Type& enum_type, ast::Expr& literal, const ast::Expr& enum_side) {
  if (literal.kind != ast::ExprKind::text_lit) return true;
  for (const auto& v : enum_type.enum_values)
    if (v == literal.text) return true;
  std::string values;
  for (const auto& v : enum_type.enum_values) values += (values.empty() ? "`" : ", `") + v + "`";
  std::string near = closest_name(literal.text, enum_type.enum_values);
  std::string subject = &literal == &enum_side ? to_string(enum_type) : "`" + text_of(enum_side) + "`";
  error("E0203", literal.span, "`" + literal.text + "` is not a value of " + subject,
        near.empty() ? std::string{} : "did you mean `" + near + "`?", "the values are " + values);
  return false;
}

void Checker::check_enum_list(const Type& enum_type, ast::Expr& list, const ast::Expr& enum_side) {
  if (list.kind == ast::ExprKind::list_lit) {
    for (auto& el : list.args) check_enum_value(enum_type, *el, enum_side);
    return;
  }
  if (list.ref.kind != ast::RefKind::constant || list.ref.index < 0) return;
  for (const auto& v : policy_.constants.at(static_cast<std::size_t>(list.ref.index)).list) {
    bool found = v.kind != TypeKind::text;
    for (const auto& ev : enum_type.enum_values) found = found || ev == v.s;
    if (!found)
      error("E0203", list.span, "`" + v.s + "` (in `" + text_of(list) + "`) is not a value of `" + text_of(enum_side) + "`");
  }
}

}  // namespace sluice::check_detail
