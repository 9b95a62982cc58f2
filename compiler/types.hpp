// Semantic types. Every expression has one, known at compile time. Optionality
// (`T?`) belongs to record fields, not to types: any value may be "not set" at run
// time and three-valued logic handles it.
#pragma once
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace sluice {

enum class TypeKind : std::uint8_t {
  error,     // after a reported error: silences follow-on errors
  null_,     // the literal `null` (not set); unifies with any type
  bool_,
  int_,      // 64-bit signed
  number,    // double
  text,
  date,      // instant, ms since epoch, UTC
  duration,  // ms
  enum_,     // enum_values; at run time a text value that is one of them
  list,      // element
  object,    // fields (nested objects, list elements)
};

struct Type;
using TypeRef = std::shared_ptr<const Type>;

struct Type {
  TypeKind kind = TypeKind::error;
  std::vector<std::string> enum_values;                 // enum_
  TypeRef element;                                      // list
  std::vector<std::pair<std::string, TypeRef>> fields;  // object, in declaration order
};

// Shared singletons for the scalar kinds.
TypeRef type_of(TypeKind k);  // error, null_, bool_, int_, number, text, date, duration
TypeRef make_enum(std::vector<std::string> values);
TypeRef make_list(TypeRef element);
TypeRef make_object(std::vector<std::pair<std::string, TypeRef>> fields);

bool is_numeric(const Type& t);     // int or number
bool is_orderable(const Type& t);   // int, number, text, date, duration
bool is_error(const Type& t);
// Structural equality (enums equal when their value lists are equal).
bool same_type(const Type& a, const Type& b);
// Can a value of type `from` be used where `to` is expected: same type, int→number,
// null→anything, enum→text, text literal→enum is checked separately, error→anything.
bool assignable(const Type& from, const Type& to);
// The user-facing spelling: `int`, `list<text>`, `enum("won", "lost")`, `{ a: int }`.
std::string to_string(const Type& t);

}  // namespace sluice
