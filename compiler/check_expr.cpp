// Expression typing: dispatch, literals, quantifiers, roots (a condition or value
// checked on its own) and the deferred "needs field" reports of generics.
#include "compiler/check_internal.hpp"

namespace sluice::check_detail {

std::string Checker::text_of(const ast::Expr& e) const {
  if (e.span.file >= sm_.size()) return {};
  return folded_text(sm_.file(e.span.file).slice(e.span));
}

TypeRef Checker::root(ast::Expr& e, Ctx& c, const TypeRef& expected) {
  std::size_t mark = missing_.size();
  TypeRef t = expr(e, c, expected);
  if (expected) hint(e, expected);
  // Report the names this root left missing, now that their expected types are known
  // (entries before `mark` belong to an enclosing root that is still being checked).
  std::vector<Missing> mine(std::make_move_iterator(missing_.begin() + static_cast<std::ptrdiff_t>(mark)),
                            std::make_move_iterator(missing_.end()));
  missing_.resize(mark);
  report_missing(mine);
  return t;
}

void Checker::condition(ast::Expr& e, Ctx& c, const std::string& what) {
  TypeRef t = root(e, c, type_of(TypeKind::bool_));
  if (t->kind != TypeKind::bool_ && !is_error(*t) && t->kind != TypeKind::null_)
    error("E0201", e.span, what + " must be `bool`, found `" + to_string(*t) + "`", "this is `" + to_string(*t) + "`",
          is_numeric(*t) ? "compare it with a number, e.g. `" + text_of(e) + " > 0`" : std::string{});
}

void Checker::require_value(ast::Expr& e, const TypeRef& t, const TypeRef& target, const std::string& what) {
  if (!t || !target || is_error(*t) || is_error(*target)) return;
  if (target->kind == TypeKind::list && e.kind == ast::ExprKind::list_lit) {
    for (auto& el : e.args)
      if (el->type) require_value(*el, el->type, target->element, what);
    return;
  }
  if (target->kind == TypeKind::enum_ && e.kind == ast::ExprKind::text_lit) {
    check_enum_value(*target, e, e);
    return;
  }
  if (!assignable(*t, *target))
    error("E0202", e.span, what + " must be `" + to_string(*target) + "`, found `" + to_string(*t) + "`",
          "this is `" + to_string(*t) + "`");
}

TypeRef Checker::expr(ast::Expr& e, Ctx& c, const TypeRef& expected) {
  using K = ast::ExprKind;
  TypeRef t;
  switch (e.kind) {
    case K::int_lit: t = type_of(TypeKind::int_); break;
    case K::number_lit: t = type_of(TypeKind::number); break;
    case K::text_lit: t = type_of(TypeKind::text); break;
    case K::bool_lit: t = type_of(TypeKind::bool_); break;
    case K::null_lit: t = type_of(TypeKind::null_); break;
    case K::date_lit:
    case K::now:
    case K::today: t = type_of(TypeKind::date); break;
    case K::duration_lit: t = type_of(TypeKind::duration); break;
    case K::list_lit: t = list_literal(e, c); break;
    case K::object_lit: {
      std::vector<std::pair<std::string, TypeRef>> fields;
      std::map<std::string, Span> seen;
      for (std::size_t i = 0; i < e.args.size(); ++i) {
        TypeRef v = expr(*e.args[i], c);
        if (i >= e.keys.size()) continue;
        if (!seen.emplace(e.keys[i].name, e.keys[i].span).second)
          error("E0112", e.keys[i].span, "key `" + e.keys[i].name + "` is given twice");
        fields.emplace_back(e.keys[i].name, v);
      }
      t = make_object(std::move(fields));
      break;
    }
    case K::name: t = name(e, c, expected); break;
    case K::member: t = member(e, c, expected); break;
    case K::call: t = call(e, c); break;
    case K::passes: {
      t = type_of(TypeKind::bool_);
      const Global* g = global(e.ident.name);
      if (!g || g->kind != GlobalKind::qualification) {
        std::string near = closest_name(e.ident.name, names_of(GlobalKind::qualification));
        error("E0104", e.ident.span, "unknown qualification `" + e.ident.name + "`",
              near.empty() ? std::string{} : "did you mean `" + near + "`?",
              "import one, e.g. `import \"std/bant\"`, or declare a `qualification`");
        t = type_of(TypeKind::error);
      } else if (!c.funnel) {
        error("E0208", e.span, "`passes " + e.ident.name + "` is not a constant", "it depends on the record");
        t = type_of(TypeKind::error);
      } else {
        Span use = c.generic ? c.generic->use_site : e.span;
        std::int32_t q = qual_instance(*c.funnel, *g, c, use, !c.results);
        e.ref = {ast::RefKind::qual_passed, q, -1, -1};
        if (q < 0) t = type_of(TypeKind::error);
      }
      break;
    }
    case K::unary: {
      bool is_not = e.op == ast::Op::not_;
      TypeRef a = expr(*e.args.at(0), c, is_not ? type_of(TypeKind::bool_) : expected);
      if (is_error(*a) || a->kind == TypeKind::null_) {
        t = is_not ? type_of(TypeKind::bool_) : a;
      } else if (is_not) {
        t = type_of(TypeKind::bool_);
        if (a->kind != TypeKind::bool_)
          error("E0205", e.args[0]->span, "`not` needs a `bool`, found `" + to_string(*a) + "`");
      } else if (is_numeric(*a) || a->kind == TypeKind::duration) {
        t = a;
      } else {
        error("E0205", e.span, "cannot negate a `" + to_string(*a) + "`");
        t = type_of(TypeKind::error);
      }
      break;
    }
    case K::binary: t = binary(e, c); break;
    case K::is_set:
      expr(*e.args.at(0), c);
      t = type_of(TypeKind::bool_);
      break;
    case K::between: t = comparison(e, c); break;
    case K::quantifier: t = quantifier(e, c); break;
  }
  if (!t) t = type_of(TypeKind::error);
  e.type = t;
  return t;
}

TypeRef Checker::list_literal(ast::Expr& e, Ctx& c) {
  TypeRef element = type_of(TypeKind::null_);
  for (auto& el : e.args) {
    TypeRef t = expr(*el, c);
    TypeRef j = join(element, t);
    if (!j) {
      error("E0219", el->span,
            "list elements must share one type: `" + to_string(*element) + "` and `" + to_string(*t) + "`");
      return make_list(type_of(TypeKind::error));
    }
    element = j;
  }
  return make_list(element);
}

TypeRef Checker::quantifier(ast::Expr& e, Ctx& c) {
  const char* word = e.quant == ast::Quant::any ? "any" : e.quant == ast::Quant::all ? "all" : "count";
  ast::Expr& list = *e.args.at(0);
  TypeRef lt = expr(list, c);
  TypeRef element = type_of(TypeKind::error);
  std::int32_t layout = -1;
  if (lt->kind == TypeKind::list) {
    element = lt->element;
    // The element layout of the list the quantifier walks (record fields only).
    if (c.funnel && c.funnel->record >= 0) {
      const RecordInfo& ri = policy_.records[static_cast<std::size_t>(c.funnel->record)];
      const ir::Slot* slot = nullptr;
      if (list.ref.kind == ast::RefKind::field && list.ref.slot >= 0)
        slot = &ri.layout.slots.at(static_cast<std::size_t>(list.ref.slot));
      else if ((list.ref.kind == ast::RefKind::element_field || list.ref.kind == ast::RefKind::element) &&
               list.ref.depth >= 0 && static_cast<std::size_t>(list.ref.depth) < c.quants.size()) {
        std::int32_t outer = c.quants[static_cast<std::size_t>(list.ref.depth)].layout;
        if (outer >= 0) slot = &ri.element_layouts.at(static_cast<std::size_t>(outer)).slots.at(
                                   static_cast<std::size_t>(std::max(list.ref.slot, 0)));
      }
      if (slot) layout = slot->element_layout;
    }
  } else if (!is_error(*lt) && lt->kind != TypeKind::null_) {
    error("E0217", list.span, "`" + std::string(word) + "` needs a list, found `" + to_string(*lt) + "`");
  }
  c.quants.push_back({e.ident.name, element, static_cast<std::int32_t>(c.quants.size()), layout});
  ast::Expr& cond = *e.args.at(1);
  TypeRef ct = expr(cond, c, type_of(TypeKind::bool_));
  hint(cond, type_of(TypeKind::bool_));
  c.quants.pop_back();
  if (ct->kind != TypeKind::bool_ && !is_error(*ct) && ct->kind != TypeKind::null_)
    error("E0201", cond.span, "the `where` condition must be `bool`, found `" + to_string(*ct) + "`");
  return type_of(e.quant == ast::Quant::count ? TypeKind::int_ : TypeKind::bool_);
}

void Checker::missing_name(ast::Expr& e, Ctx& c, const std::string& path, const TypeRef& expected,
                           std::vector<std::string> candidates) {
  std::string near = closest_name(path, candidates);
  if (c.generic && c.funnel && c.funnel->record >= 0) {
    const std::string& record = policy_.records[static_cast<std::size_t>(c.funnel->record)].decl->name.name;
    missing_.push_back({&e, path, expected, *c.generic, record, near});
    return;
  }
  std::string label = near.empty() ? std::string{} : "did you mean `" + near + "`?";
  if (c.funnel && c.funnel->record >= 0) {
    const std::string& record = policy_.records[static_cast<std::size_t>(c.funnel->record)].decl->name.name;
    error("E0107", e.span, "unknown field `" + path + "` in record `" + record + "`", label);
  } else {
    error("E0116", e.span, "unknown name `" + path + "`", label);
  }
}

void Checker::hint(const ast::Expr& e, const TypeRef& t) {
  if (!t || is_error(*t) || t->kind == TypeKind::null_) return;
  for (auto& m : missing_)
    if (m.expr == &e && !m.hint) m.hint = t;
}

void Checker::report_missing(const std::vector<Missing>& items) {
  for (const auto& m : items) {
    std::string field = m.path;
    if (m.hint && !is_error(*m.hint) && m.hint->kind != TypeKind::null_) field += ": " + to_string(*m.hint);
    Diagnostic d;
    d.code = "E0113";
    d.message = m.generic.name + " (" + where(m.generic.module, m.expr->span) + ") needs field `" + field +
                "` in record `" + m.record + "`";
    d.primary = {m.generic.use_site, "`" + m.generic.name + "` is used here"};
    d.secondary.push_back({m.expr->span, "`" + m.path + "` is read here"});
    const Global* near = m.suggestion.empty() ? nullptr : global(m.suggestion);
    if (m.suggestion.empty()) {
      d.help = "add `" + field + "` to record `" + m.record + "`, or map a column of yours onto it with `from`";
    } else if (near != nullptr && near->kind == GlobalKind::const_) {
      // A library may read a constant its importer declares (std/fit's ICP limits).
      d.help = "your policy declares `const " + m.suggestion + "`; declare `const " + m.path +
               "` the same way, or add field `" + field + "` to record `" + m.record + "`";
    } else {
      d.help = "record `" + m.record + "` has `" + m.suggestion + "`; rename it to `" + m.path + "` or add `" + field +
               "` (use `from` to keep your column name)";
    }
    diags_.add(std::move(d));
  }
}

}  // namespace sluice::check_detail
