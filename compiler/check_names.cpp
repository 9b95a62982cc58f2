// Name resolution. A bare name is looked up, innermost first: quantifier variables,
// test result names (in `expect`), criterion names (in `pass when`), the funnel's
// own lets, fields of the funnel's record, then top-level lets and consts.
#include "compiler/check_internal.hpp"

namespace sluice::check_detail {
namespace {

struct ResultInfo {
  const char* name;
  ast::ResultName id;
  TypeKind kind;
};
constexpr ResultInfo kResults[] = {
    {"stage", ast::ResultName::stage, TypeKind::text},     {"from", ast::ResultName::from, TypeKind::text},
    {"moved", ast::ResultName::moved, TypeKind::bool_},    {"entered", ast::ResultName::entered, TypeKind::list},
    {"funnel", ast::ResultName::funnel, TypeKind::text},   {"unstaged", ast::ResultName::unstaged, TypeKind::bool_},
};

const TypeRef* field_type(const Type& object, const std::string& name) {
  for (const auto& [n, t] : object.fields)
    if (n == name) return &t;
  return nullptr;
}

}  // namespace

TypeRef Checker::name(ast::Expr& e, Ctx& c, const TypeRef& expected) {
  const std::string& n = e.ident.name;
  for (auto it = c.quants.rbegin(); it != c.quants.rend(); ++it)
    if (it->name == n) {
      e.ref = {ast::RefKind::element, -1, 0, it->depth};
      return it->element;
    }
  if (c.results)
    for (const auto& r : kResults)
      if (n == r.name) {
        e.ref = {ast::RefKind::result, static_cast<std::int32_t>(r.id), -1, -1};
        return r.kind == TypeKind::list ? make_list(type_of(TypeKind::text)) : type_of(r.kind);
      }
  if (c.criteria_qual >= 0 && c.funnel) {
    const auto& q = policy_.funnels[c.funnel->instance].quals.at(static_cast<std::size_t>(c.criteria_qual));
    for (std::size_t i = 0; i < q.decl->criteria.size(); ++i)
      if (q.decl->criteria[i].name.name == n) {
        e.ref = {ast::RefKind::qual_criterion, c.criteria_qual, static_cast<std::int32_t>(i), -1};
        return type_of(TypeKind::bool_);
      }
    // A pass rule reads only its criteria (and consts).
    const Global* g = global(n);
    if (!g || g->kind != GlobalKind::const_) {
      std::vector<std::string> names;
      for (const auto& cr : q.decl->criteria) names.push_back(cr.name.name);
      std::string near = closest_name(n, names);
      error("E0114", e.span, "qualification `" + q.decl->name.name + "` has no criterion `" + n + "`",
            near.empty() ? std::string{} : "did you mean `" + near + "`?", "a `pass when` rule reads the criteria");
      return type_of(TypeKind::error);
    }
  }
  FunnelState* fs = c.funnel;
  if (fs && c.funnel_lets) {
    if (auto it = fs->local_lets.find(n); it != fs->local_lets.end()) {
      fs->used_local_lets.insert(it->second);
      std::int32_t i = let_instance(*fs, *it->second, fs->module, false, c, e.span);
      e.ref = {ast::RefKind::let, i, -1, -1};
      const auto& lets = policy_.funnels[fs->instance].lets;
      return i >= 0 && lets[static_cast<std::size_t>(i)].value ? lets[static_cast<std::size_t>(i)].value->type
                                                               : type_of(TypeKind::error);
    }
  }
  if (fs && fs->record >= 0) {
    if (const TypeRef* t = field_type(*record_types_[static_cast<std::size_t>(fs->record)], n)) {
      const RecordInfo& ri = policy_.records[static_cast<std::size_t>(fs->record)];
      e.ref = {ast::RefKind::field, -1, slot_of(ri, n), -1};
      return *t;
    }
  }
  if (const Global* g = global(n)) {
    note_use(c, *g);
    switch (g->kind) {
      case GlobalKind::const_: {
        used_.insert(&file_of(g->module).consts[g->index]);
        const ConstInfo& info = const_info(*g);
        if (info.index < 0) return type_of(TypeKind::error);
        e.ref = {ast::RefKind::constant, info.index, -1, -1};
        return info.type;
      }
      case GlobalKind::let: {
        const ast::Let& decl = file_of(g->module).lets[g->index];
        used_.insert(&decl);
        if (!fs) {
          error("E0208", e.span, "`" + n + "` is a `let`, not a constant", "a `let` is computed per record");
          return type_of(TypeKind::error);
        }
        std::int32_t i = let_instance(*fs, decl, g->module, true, c, c.generic ? c.generic->use_site : e.span);
        e.ref = {ast::RefKind::let, i, -1, -1};
        const auto& lets = policy_.funnels[fs->instance].lets;
        return i >= 0 && lets[static_cast<std::size_t>(i)].value ? lets[static_cast<std::size_t>(i)].value->type
                                                                 : type_of(TypeKind::error);
      }
      case GlobalKind::qualification:
        error("E0117", e.span, "`" + n + "` is a qualification, not a value", {},
              "use `passes " + n + "`, `" + n + ".score`, `" + n + ".missing` or `" + n + ".<criterion>`");
        return type_of(TypeKind::error);
      default:
        error("E0117", e.span, "`" + n + "` is a " + kind_name(g->kind) + ", not a value",
              g->kind == GlobalKind::calendar ? "a calendar can only be an argument of a business-time function"
                                              : std::string{});
        return type_of(TypeKind::error);
    }
  }
  std::vector<std::string> candidates;
  for (const auto& q : c.quants) candidates.push_back(q.name);
  if (fs && fs->record >= 0)
    for (const auto& [fname, t] : record_types_[static_cast<std::size_t>(fs->record)]->fields) candidates.push_back(fname);
  if (fs && c.funnel_lets)
    for (const auto& [lname, l] : fs->local_lets) candidates.push_back(lname);
  for (const auto& [gname, g] : globals_)
    if (g.kind == GlobalKind::const_ || (fs && g.kind == GlobalKind::let)) candidates.push_back(gname);
  missing_name(e, c, n, expected, std::move(candidates));
  return type_of(TypeKind::error);
}

TypeRef Checker::member(ast::Expr& e, Ctx& c, const TypeRef& expected) {
  ast::Expr& base = *e.args.at(0);
  const std::string& n = e.ident.name;
  if (base.kind == ast::ExprKind::name) {
    const Global* g = global(base.ident.name);
    bool shadowed = false;
    for (const auto& q : c.quants) shadowed = shadowed || q.name == base.ident.name;
    if (c.funnel && c.funnel->record >= 0)
      shadowed = shadowed || field_type(*record_types_[static_cast<std::size_t>(c.funnel->record)], base.ident.name);
    if (c.funnel && c.funnel_lets) shadowed = shadowed || c.funnel->local_lets.count(base.ident.name);
    if (g && g->kind == GlobalKind::qualification && !shadowed) return qual_member(e, c, *g);
  }
  TypeRef bt = expr(base, c);
  if (is_error(*bt)) {
    // A missing object in a generic: the report names the whole path.
    for (auto& m : missing_)
      if (m.expr == &base) {
        m.expr = &e;
        m.path += "." + n;
        m.hint = expected;
      }
    return bt;
  }
  if (bt->kind != TypeKind::object) {
    error("E0213", e.ident.span, "`" + text_of(base) + "` is `" + to_string(*bt) + "`, which has no field `" + n + "`");
    return type_of(TypeKind::error);
  }
  const TypeRef* ft = field_type(*bt, n);
  const RecordInfo* ri = c.funnel && c.funnel->record >= 0 ? &policy_.records[static_cast<std::size_t>(c.funnel->record)]
                                                            : nullptr;
  bool in_element = base.ref.kind == ast::RefKind::element || base.ref.kind == ast::RefKind::element_field;
  const ir::Layout* elements = nullptr;
  std::string base_path;
  if (ri && base.ref.kind == ast::RefKind::field && base.ref.slot >= 0) {
    base_path = ri->layout.slots.at(static_cast<std::size_t>(base.ref.slot)).path;
  } else if (ri && in_element && base.ref.depth >= 0 && static_cast<std::size_t>(base.ref.depth) < c.quants.size()) {
    std::int32_t l = c.quants[static_cast<std::size_t>(base.ref.depth)].layout;
    if (l >= 0) elements = &ri->element_layouts.at(static_cast<std::size_t>(l));
    if (elements && base.ref.kind == ast::RefKind::element_field)
      base_path = elements->slots.at(static_cast<std::size_t>(base.ref.slot)).path;
  } else {
    error("E0218", base.span, "only fields of the record and of list elements have fields",
          "`" + text_of(base) + "` is computed", "read the field of the record directly");
    return type_of(TypeKind::error);
  }
  std::string path = base_path.empty() ? n : base_path + "." + n;
  if (!ft) {
    std::vector<std::string> names;
    for (const auto& [fname, t] : bt->fields) names.push_back(fname);
    if (in_element || !ri) {
      std::string near = closest_name(n, names);
      error("E0107", e.ident.span, "unknown field `" + n + "` in the elements of `" + text_of(base) + "`",
            near.empty() ? std::string{} : "did you mean `" + near + "`?");
    } else {
      for (auto& name : names) name = base_path + "." + name;
      missing_name(e, c, path, expected, std::move(names));
    }
    return type_of(TypeKind::error);
  }
  if (in_element) {
    if (!elements) {
      error("E0218", base.span, "the elements of this list have no known fields", {},
            "quantify over a list field of the record");
      return type_of(TypeKind::error);
    }
    for (std::size_t i = 0; i < elements->slots.size(); ++i)
      if (elements->slots[i].path == path) {
        e.ref = {ast::RefKind::element_field, -1, static_cast<std::int32_t>(i), base.ref.depth};
        return *ft;
      }
    return type_of(TypeKind::error);
  }
  auto it = ri->slot_by_path.find(path);
  if (it == ri->slot_by_path.end()) return type_of(TypeKind::error);
  e.ref = {ast::RefKind::field, -1, it->second, -1};
  return *ft;
}

TypeRef Checker::qual_member(ast::Expr& e, Ctx& c, const Global& g) {
  ast::Expr& base = *e.args.at(0);
  base.type = type_of(TypeKind::null_);
  const std::string& n = e.ident.name;
  if (!c.funnel) {
    error("E0208", e.span, "`" + text_of(e) + "` is not a constant", "it depends on the record");
    return type_of(TypeKind::error);
  }
  Span use = c.generic ? c.generic->use_site : e.span;
  std::int32_t q = qual_instance(*c.funnel, g, c, use, !c.results);
  if (q < 0) return type_of(TypeKind::error);
  const ast::Qualification& decl = file_of(g.module).qualifications[g.index];
  if (n == "score") {
    e.ref = {ast::RefKind::qual_score, q, -1, -1};
    return type_of(TypeKind::int_);
  }
  if (n == "missing") {
    e.ref = {ast::RefKind::qual_missing, q, -1, -1};
    return make_list(type_of(TypeKind::text));
  }
  std::vector<std::string> names{"score", "missing"};
  for (std::size_t i = 0; i < decl.criteria.size(); ++i) {
    if (decl.criteria[i].name.name == n) {
      e.ref = {ast::RefKind::qual_criterion, q, static_cast<std::int32_t>(i), -1};
      return type_of(TypeKind::bool_);
    }
    names.push_back(decl.criteria[i].name.name);
  }
  std::string near = closest_name(n, names);
  error("E0114", e.ident.span, "qualification `" + decl.name.name + "` has no criterion `" + n + "`",
        near.empty() ? std::string{} : "did you mean `" + near + "`?",
        "its criteria: " + [&] {
          std::string s;
          for (std::size_t i = 2; i < names.size(); ++i) s += (i > 2 ? ", `" : "`") + names[i] + "`";
          return s;
        }() + "; also `score` and `missing`");
  return type_of(TypeKind::error);
}

}  // namespace sluice::check_detail
