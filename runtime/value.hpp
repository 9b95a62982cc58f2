// Run-time values: 16 bytes, no ownership. Text points into the record's input
// buffer, the constant pool or the per-record arena; lists point at a run of
// Values (for object elements: `len` elements of `width` Values each, element i's
// field f at elems[i * width + f]).
#pragma once
#include <cstdint>
#include <cstring>
#include <string_view>

namespace sluice::rt {

enum class Tag : std::uint8_t { unset, boolean, int_, number, text, date, duration, list, object };

struct Value {
  Tag tag = Tag::unset;
  std::uint8_t reserved = 0;
  std::uint16_t width = 1;  // list: Values per element (1 for scalar elements)
  std::uint32_t len = 0;    // text: bytes; list: elements
  union {
    bool b;
    std::int64_t i;         // int, date (ms since epoch UTC), duration (ms)
    double n;
    const char* s;
    const Value* elems;
  } u{};

  static Value unset() { return {}; }
  static Value boolean(bool v) { Value x; x.tag = Tag::boolean; x.u.b = v; return x; }
  static Value integer(std::int64_t v) { Value x; x.tag = Tag::int_; x.u.i = v; return x; }
  static Value number(double v) { Value x; x.tag = Tag::number; x.u.n = v; return x; }
  static Value date(std::int64_t ms) { Value x; x.tag = Tag::date; x.u.i = ms; return x; }
  static Value duration(std::int64_t ms) { Value x; x.tag = Tag::duration; x.u.i = ms; return x; }
  static Value text(std::string_view v) {
    Value x; x.tag = Tag::text; x.u.s = v.data(); x.len = static_cast<std::uint32_t>(v.size()); return x;
  }
  static Value list(const Value* elems, std::uint32_t count, std::uint16_t width = 1) {
    Value x; x.tag = Tag::list; x.u.elems = elems; x.len = count; x.width = width; return x;
  }
  static Value object_present() { Value x; x.tag = Tag::object; return x; }

  bool is_set() const { return tag != Tag::unset; }
  bool is_true() const { return tag == Tag::boolean && u.b; }
  bool is_false() const { return tag == Tag::boolean && !u.b; }
  std::string_view as_text() const { return {u.s, len}; }
};
static_assert(sizeof(Value) == 16);

}  // namespace sluice::rt
