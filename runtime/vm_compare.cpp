#include "runtime/vm_compare.hpp"

namespace sluice::rt {
namespace {

template <class T>
int order(T x, T y) { return x < y ? -1 : (y < x ? 1 : 0); }

bool is_numeric(Tag t) { return t == Tag::int_ || t == Tag::number; }
double as_number(const Value& v) { return v.tag == Tag::int_ ? static_cast<double>(v.u.i) : v.u.n; }

}  // namespace

int compare_scalars(const Value& a, const Value& b, bool& ok) {
  ok = true;
  if (a.tag != b.tag) {
    if (is_numeric(a.tag) && is_numeric(b.tag)) return order(as_number(a), as_number(b));
    ok = false;
    return 0;
  }
  switch (a.tag) {
    case Tag::boolean: return order(a.u.b, b.u.b);
    case Tag::int_:
    case Tag::date:
    case Tag::duration: return order(a.u.i, b.u.i);
    case Tag::number: return order(a.u.n, b.u.n);
    case Tag::text: {
      const int c = a.as_text().compare(b.as_text());  // char_traits<char>: unsigned bytes
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    default: ok = false; return 0;
  }
}

Value values_equal(const Value& a, const Value& b, bool& ok) {
  ok = true;
  if (!a.is_set() || !b.is_set()) return Value::unset();
  if (a.tag == Tag::list && b.tag == Tag::list) {
    if (a.width != b.width) {
      ok = false;
      return Value::unset();
    }
    if (a.len != b.len) return Value::boolean(false);
    bool unknown = false;
    const std::size_t n = static_cast<std::size_t>(a.len) * a.width;
    for (std::size_t i = 0; i < n; ++i) {
      const Value& x = a.u.elems[i];
      const Value& y = b.u.elems[i];
      if (!x.is_set() || !y.is_set()) {
        unknown = true;
        continue;
      }
      if (x.tag == Tag::list || y.tag == Tag::list) {  // lists hold scalars; be defensive
        ok = false;
        return Value::unset();
      }
      const int c = compare_scalars(x, y, ok);
      if (!ok) return Value::unset();
      if (c != 0) return Value::boolean(false);
    }
    return unknown ? Value::unset() : Value::boolean(true);
  }
  if (a.tag == Tag::object || b.tag == Tag::object) {  // presence only
    ok = a.tag == b.tag;
    return ok ? Value::boolean(true) : Value::unset();
  }
  const int c = compare_scalars(a, b, ok);
  return ok ? Value::boolean(c == 0) : Value::unset();
}

}  // namespace sluice::rt
