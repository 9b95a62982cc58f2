#include "compiler/types.hpp"

#include <array>

namespace sluice {

TypeRef type_of(TypeKind k) {
  // One shared instance per kind; composite kinds get an empty shape.
  static const std::array<TypeRef, 11> singletons = [] {
    std::array<TypeRef, 11> a;
    for (std::size_t i = 0; i < a.size(); ++i) {
      auto t = std::make_shared<Type>();
      t->kind = static_cast<TypeKind>(i);
      a[i] = std::move(t);
    }
    return a;
  }();
  auto i = static_cast<std::size_t>(k);
  return i < singletons.size() ? singletons[i] : singletons[0];
}

TypeRef make_enum(std::vector<std::string> values) {
  auto t = std::make_shared<Type>();
  t->kind = TypeKind::enum_;
  t->enum_values = std::move(values);
  return t;
}

TypeRef make_list(TypeRef element) {
  auto t = std::make_shared<Type>();
  t->kind = TypeKind::list;
  t->element = element ? std::move(element) : type_of(TypeKind::error);
  return t;
}

TypeRef make_object(std::vector<std::pair<std::string, TypeRef>> fields) {
  auto t = std::make_shared<Type>();
  t->kind = TypeKind::object;
  t->fields = std::move(fields);
  return t;
}

bool is_numeric(const Type& t) { return t.kind == TypeKind::int_ || t.kind == TypeKind::number; }

bool is_orderable(const Type& t) {
  switch (t.kind) {
    case TypeKind::int_:
    case TypeKind::number:
    case TypeKind::text:
    case TypeKind::date:
    case TypeKind::duration:
      return true;
    default:
      return false;
  }
}

bool is_error(const Type& t) { return t.kind == TypeKind::error; }

bool same_type(const Type& a, const Type& b) {
  if (&a == &b) return true;
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case TypeKind::enum_:
      return a.enum_values == b.enum_values;
    case TypeKind::list:
      if (!a.element || !b.element) return a.element == b.element;
      return same_type(*a.element, *b.element);
    case TypeKind::object:
      if (a.fields.size() != b.fields.size()) return false;
      for (std::size_t i = 0; i < a.fields.size(); ++i) {
        if (a.fields[i].first != b.fields[i].first) return false;
        if (!a.fields[i].second || !b.fields[i].second) return false;
        if (!same_type(*a.fields[i].second, *b.fields[i].second)) return false;
      }
      return true;
    default:
      return true;
  }
}

bool assignable(const Type& from, const Type& to) {
  if (from.kind == TypeKind::error || to.kind == TypeKind::error) return true;
  if (from.kind == TypeKind::null_) return true;
  if (same_type(from, to)) return true;
  if (from.kind == TypeKind::int_ && to.kind == TypeKind::number) return true;
  if (from.kind == TypeKind::enum_ && to.kind == TypeKind::text) return true;
  if (from.kind == TypeKind::enum_ && to.kind == TypeKind::enum_) {
    // A narrower enum fits a wider one: every value must be known to the target.
    for (const auto& v : from.enum_values) {
      bool found = false;
      for (const auto& w : to.enum_values) found = found || v == w;
      if (!found) return false;
    }
    return true;
  }
  if (from.kind == TypeKind::list && to.kind == TypeKind::list && from.element && to.element) {
    // Lists are not converted element by element at run time, so only an empty list
    // literal (element `null`) or an error may differ.
    return from.element->kind == TypeKind::null_ || from.element->kind == TypeKind::error;
  }
  return false;
}

std::string to_string(const Type& t) {
  switch (t.kind) {
    case TypeKind::error: return "error";
    case TypeKind::null_: return "null";
    case TypeKind::bool_: return "bool";
    case TypeKind::int_: return "int";
    case TypeKind::number: return "number";
    case TypeKind::text: return "text";
    case TypeKind::date: return "date";
    case TypeKind::duration: return "duration";
    case TypeKind::enum_: {
      std::string s = "enum(";
      for (std::size_t i = 0; i < t.enum_values.size(); ++i) {
        if (i) s += ", ";
        s += '"' + t.enum_values[i] + '"';
      }
      return s + ")";
    }
    case TypeKind::list:
      return "list<" + (t.element ? to_string(*t.element) : std::string("error")) + ">";
    case TypeKind::object: {
      std::string s = "{ ";
      for (std::size_t i = 0; i < t.fields.size(); ++i) {
        if (i) s += ", ";
        s += t.fields[i].first + ": " + (t.fields[i].second ? to_string(*t.fields[i].second) : "error");
      }
      return t.fields.empty() ? "{}" : s + " }";
    }
  }
  return "error";
}

}  // namespace sluice
