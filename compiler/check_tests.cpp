// `test` blocks of the entry file: the named funnel, `given` records (keys must be
// fields, values constants of the field's type) and `expect` conditions, where the
// result names (stage, from, moved, entered, funnel, unstaged) come before fields.
#include "compiler/check_internal.hpp"

namespace sluice::check_detail {

void Checker::check_tests() {
  const std::size_t root_module = policy_.modules.root;
  std::map<std::string, Span> names;
  for (auto& t : file_of(root_module).tests) {
    if (!names.emplace(t.name, t.name_span).second)
      error2("E0112", t.name_span, "test `" + t.name + "` is declared twice", "declared again here",
             names[t.name], "first declared here");
    TestInstance ti;
    ti.decl = &t;
    if (t.funnel) {
      for (std::size_t i = 0; i < policy_.funnels.size(); ++i)
        if (policy_.funnels[i].decl->name.name == t.funnel->name) ti.funnel = static_cast<std::int32_t>(i);
      if (ti.funnel < 0) {
        std::vector<std::string> funnel_names;
        for (const auto& f : policy_.funnels) funnel_names.push_back(f.decl->name.name);
        std::string near = closest_name(t.funnel->name, funnel_names);
        error("E0106", t.funnel->span, "unknown funnel `" + t.funnel->name + "`",
              near.empty() ? std::string{} : "did you mean `" + near + "`?");
        policy_.tests.push_back(ti);
        continue;
      }
    }
    ti.check_funnel = ti.funnel;
    for (std::size_t i = 0; i < policy_.funnels.size() && ti.check_funnel < 0; ++i)
      if (policy_.funnels[i].module == root_module) ti.check_funnel = static_cast<std::int32_t>(i);
    if (ti.check_funnel < 0 && !policy_.funnels.empty()) ti.check_funnel = 0;
    if (ti.check_funnel < 0) {
      error("E0405", t.name_span, "test `" + t.name + "` needs a funnel, and the policy declares none");
      policy_.tests.push_back(ti);
      continue;
    }
    FunnelState& fs = funnels_[static_cast<std::size_t>(ti.check_funnel)];
    policy_.tests.push_back(ti);
    if (fs.record < 0) continue;
    Ctx c = funnel_ctx(fs);
    c.module = root_module;
    c.results = true;
    const std::string& record = policy_.records[static_cast<std::size_t>(fs.record)].decl->name.name;
    if (t.given) check_given(*t.given, record_types_[static_cast<std::size_t>(fs.record)], record, "", c);
    for (auto& x : t.expects) {
      if (x.kind == ast::ExpectKind::condition && x.condition) condition(*x.condition, c, "an `expect` condition");
      if (x.kind == ast::ExpectKind::event && x.with) root(*x.with, c);
    }
  }
}

void Checker::check_given(ast::Expr& e, const TypeRef& type, const std::string& record, const std::string& prefix,
                          Ctx& c) {
  if (e.kind != ast::ExprKind::object_lit) {
    TypeRef t = root(e, c);
    error("E0202", e.span, "`given` must be an object of field values, found `" + to_string(*t) + "`");
    return;
  }
  e.type = type;
  std::map<std::string, Span> seen;
  for (std::size_t i = 0; i < e.args.size() && i < e.keys.size(); ++i) {
    const ast::Ident& key = e.keys[i];
    ast::Expr& v = *e.args[i];
    if (!seen.emplace(key.name, key.span).second) error("E0112", key.span, "key `" + key.name + "` is given twice");
    TypeRef ft;
    std::vector<std::string> names;
    for (const auto& [n, t] : type->fields) {
      if (n == key.name) ft = t;
      names.push_back(n);
    }
    if (!ft) {
      std::string near = closest_name(key.name, names);
      error("E0107", key.span, "unknown field `" + prefix + key.name + "` in record `" + record + "`",
            near.empty() ? std::string{} : "did you mean `" + near + "`?");
      root(v, c);
      continue;
    }
    const std::string path = prefix + key.name;
    if (ft->kind == TypeKind::object && v.kind == ast::ExprKind::object_lit) {
      check_given(v, ft, record, path + ".", c);
      continue;
    }
    if (ft->kind == TypeKind::list && ft->element->kind == TypeKind::object && v.kind == ast::ExprKind::list_lit) {
      v.type = ft;
      for (auto& el : v.args) check_given(*el, ft->element, record, path + "[].", c);
      continue;
    }
    TypeRef t = root(v, c, ft);
    require_value(v, t, ft, "field `" + path + "`");
    if (!is_error(*t) && !fold_constant(v, policy_.constants))
      error("E0208", v.span, "a `given` value must be a constant", "this depends on the record or the time");
  }
}

}  // namespace sluice::check_detail
