// Record schemas -> slot layouts (ir.hpp "record layout") and semantic field types.
// A nested object gets a presence slot followed by its fields (parent = that slot);
// a list gets one slot and an element layout (scalar lists: one slot with path "");
// every stage of every funnel over the record adds an optional `<stage>_entered_at`.
#include <set>

#include "compiler/check_internal.hpp"

namespace sluice::check_detail {
namespace {

constexpr int kMaxTypeDepth = 32;

TypeKind named_kind(const std::string& n, bool& ok) {
  ok = true;
  if (n == "bool") return TypeKind::bool_;
  if (n == "int") return TypeKind::int_;
  if (n == "number") return TypeKind::number;
  if (n == "text") return TypeKind::text;
  if (n == "date") return TypeKind::date;
  if (n == "duration") return TypeKind::duration;
  ok = false;
  return TypeKind::error;
}

TypeKind kind_of(const ast::TypeExpr& t) {
  bool ok = false;
  switch (t.kind) {
    case ast::TypeExprKind::named: return named_kind(t.name.name, ok);
    case ast::TypeExprKind::enum_: return TypeKind::enum_;
    case ast::TypeExprKind::list: return TypeKind::list;
    case ast::TypeExprKind::object: return TypeKind::object;
  }
  return TypeKind::error;
}

// A default of a `number` (or `list<number>`) field written as an int literal.
void widen_ints(ir::Constant& c, const Type& to) {
  if (to.kind == TypeKind::number && c.kind == TypeKind::int_) {
    c.kind = TypeKind::number;
    c.n = static_cast<double>(c.i);
  }
  if (to.kind == TypeKind::list && c.kind == TypeKind::list && to.element)
    for (auto& e : c.list) widen_ints(e, *to.element);
}

}  // namespace

TypeRef Checker::resolve_type(const ast::TypeExpr& t, int depth) {
  if (depth > kMaxTypeDepth) return type_of(TypeKind::error);
  switch (t.kind) {
    case ast::TypeExprKind::named: {
      bool ok = false;
      return type_of(named_kind(t.name.name, ok));
    }
    case ast::TypeExprKind::enum_:
      return make_enum(t.enum_values);
    case ast::TypeExprKind::list:
      return make_list(t.element ? resolve_type(*t.element, depth + 1) : type_of(TypeKind::error));
    case ast::TypeExprKind::object: {
      std::vector<std::pair<std::string, TypeRef>> fields;
      for (const auto& f : t.fields)
        fields.emplace_back(f.name.name, f.type ? resolve_type(*f.type, depth + 1) : type_of(TypeKind::error));
      return make_object(std::move(fields));
    }
  }
  return type_of(TypeKind::error);
}

void Checker::build_records() {
  for (std::size_t m = 0; m < policy_.modules.modules.size(); ++m)
    for (auto& r : file_of(m).records) {
      RecordInfo ri;
      ri.decl = &r;
      ri.module = m;
      add_fields(ri, ri.layout, r.fields, -1, "", true, 0);
      std::vector<std::pair<std::string, TypeRef>> fields;
      for (const auto& f : r.fields)
        fields.emplace_back(f.name.name, f.type ? resolve_type(*f.type, 0) : type_of(TypeKind::error));
      std::size_t declared = ri.layout.slots.size();
      add_stamps(ri);
      for (std::size_t i = declared; i < ri.layout.slots.size(); ++i)
        fields.emplace_back(ri.layout.slots[i].path, type_of(TypeKind::date));
      policy_.records.push_back(std::move(ri));
      record_types_.push_back(make_object(std::move(fields)));
    }
}

void Checker::add_fields(RecordInfo& ri, ir::Layout& layout, std::vector<ast::FieldDecl>& fields, std::int32_t parent,
                         const std::string& prefix, bool top, int depth) {
  const bool record_level = &layout == &ri.layout;
  const std::string record = ri.decl->name.name;
  std::map<std::string, Span> seen;
  for (auto& f : fields) {
    if (!f.type) continue;
    auto [it, fresh] = seen.emplace(f.name.name, f.name.span);
    if (!fresh) {
      error2("E0109", f.name.span, "field `" + prefix + f.name.name + "` is declared twice in record `" + record + "`",
             "declared again here", it->second, "first declared here");
      continue;
    }
    ast::TypeExpr& t = *f.type;
    ir::Slot slot;
    slot.path = prefix + f.name.name;
    slot.input_key = f.from ? *f.from : f.name.name;
    slot.kind = kind_of(t);
    slot.enum_values = t.enum_values;
    slot.parent = parent;
    slot.optional = t.optional;
    slot.is_key = f.is_key;
    if (t.kind == ast::TypeExprKind::named && slot.kind == TypeKind::error)
      error("E0120", t.name.span, "unknown type `" + t.name.name + "`", {},
            "the types are bool, int, number, text, date, duration, enum(...), list<T> and { ... }");
    if (t.kind == ast::TypeExprKind::enum_) {
      std::set<std::string> values;
      for (std::size_t i = 0; i < t.enum_values.size(); ++i)
        if (!values.insert(t.enum_values[i]).second)
          error("E0220", i < t.enum_spans.size() ? t.enum_spans[i] : t.span,
                "enum value `" + t.enum_values[i] + "` is listed twice");
    }
    if (f.is_key) {
      if (!top)
        error("E0118", f.span, "only a top-level field of a record can be its `key`");
      else if (ri.key_slot >= 0)
        error("E0118", f.name.span, "record `" + record + "` has more than one `key` field",
              "`" + ri.layout.slots[static_cast<std::size_t>(ri.key_slot)].path + "` is already its key");
      else if ((slot.kind != TypeKind::text && slot.kind != TypeKind::int_) || t.optional)
        error("E0118", f.span, "the `key` field `" + f.name.name + "` must be a `text` or `int` that is not optional");
      else
        ri.key_slot = static_cast<std::int32_t>(layout.slots.size());
    }
    if (f.default_value) slot.default_const = default_constant(f, resolve_type(t, depth), ri.module);
    if (depth > kMaxTypeDepth) {
      error("E0121", t.span, "types nested too deeply");
      return;
    }
    auto index = static_cast<std::int32_t>(layout.slots.size());
    if (t.kind == ast::TypeExprKind::list && t.element) {
      slot.element_kind = kind_of(*t.element);
      slot.element_layout = element_layout(ri, *t.element, depth + 1);
    }
    layout.slots.push_back(slot);
    if (record_level) ri.slot_by_path[slot.path] = index;
    if (t.kind == ast::TypeExprKind::object)
      add_fields(ri, layout, t.fields, index, slot.path + ".", false, depth + 1);
  }
}

std::int32_t Checker::element_layout(RecordInfo& ri, ast::TypeExpr& element, int depth) {
  ir::Layout l;
  if (element.kind == ast::TypeExprKind::object) {
    add_fields(ri, l, element.fields, -1, "", false, depth);
  } else {
    ir::Slot s;
    s.kind = kind_of(element);
    s.enum_values = element.enum_values;
    s.optional = element.optional;
    if (element.kind == ast::TypeExprKind::named && s.kind == TypeKind::error)
      error("E0120", element.name.span, "unknown type `" + element.name.name + "`");
    if (element.kind == ast::TypeExprKind::list && element.element && depth <= kMaxTypeDepth) {
      s.element_kind = kind_of(*element.element);
      s.element_layout = element_layout(ri, *element.element, depth + 1);
    }
    l.slots.push_back(std::move(s));
  }
  ri.element_layouts.push_back(std::move(l));
  return static_cast<std::int32_t>(ri.element_layouts.size() - 1);
}

void Checker::add_stamps(RecordInfo& ri) {
  const std::string& record = ri.decl->name.name;
  const Global* g = global(record);
  // Only funnels whose `for` resolves to this very declaration (not a duplicate).
  if (!g || g->kind != GlobalKind::record || &file_of(g->module).records[g->index] != ri.decl) return;
  for (std::size_t m = 0; m < policy_.modules.modules.size(); ++m)
    for (const auto& f : file_of(m).funnels) {
      if (f.record.name != record) continue;
      for (const auto& s : f.stages) {
        std::string path = snake_case(s.name.name) + "_entered_at";
        auto it = ri.slot_by_path.find(path);
        if (it != ri.slot_by_path.end()) {
          ir::Slot& slot = ri.layout.slots[static_cast<std::size_t>(it->second)];
          if (slot.is_stamp) continue;
          if (slot.kind != TypeKind::date || !slot.optional || slot.parent >= 0) {
            const ast::FieldDecl* decl = nullptr;
            for (const auto& fd : ri.decl->fields)
              if (fd.name.name == path) decl = &fd;
            error2("E0119", decl ? decl->span : ri.decl->name.span,
                   "field `" + path + "` must be `date?`: it holds when stage `" + s.name.name + "` was entered",
                   "declared with another type", s.name.span, "the stage");
          }
          slot.is_stamp = true;
          continue;
        }
        ir::Slot slot;
        slot.path = path;
        slot.input_key = path;
        slot.kind = TypeKind::date;
        slot.optional = true;
        slot.is_stamp = true;
        ri.slot_by_path[path] = static_cast<std::int32_t>(ri.layout.slots.size());
        ri.layout.slots.push_back(std::move(slot));
      }
    }
}

std::int32_t Checker::default_constant(ast::FieldDecl& f, const TypeRef& type, std::size_t module) {
  Ctx c;
  c.module = module;
  TypeRef t = root(*f.default_value, c, type);
  if (type->kind == TypeKind::object) {
    error("E0202", f.default_value->span, "an object field cannot have a default");
    return -1;
  }
  require_value(*f.default_value, t, type, "the default of `" + f.name.name + "`");
  if (is_error(*t)) return -1;
  std::string fault;
  auto value = fold_constant(*f.default_value, policy_.constants, &fault);
  if (!value) {
    if (fault.empty())
      error("E0208", f.default_value->span, "a default must be a constant", "this depends on the record or the time");
    else
      error("E0209", f.default_value->span, fault);
    return -1;
  }
  widen_ints(*value, *type);
  return add_constant(std::move(*value), "");
}

}  // namespace sluice::check_detail
