// len, lower, upper, trim, domain.
#include <cstring>

#include "runtime/builtins/families.hpp"

namespace sluice::rt::builtins {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
char to_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
char to_upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

// A copy of `text` in the arena with every byte mapped by `f` (ASCII only: UTF-8
// multi-byte sequences have no bytes below 0x80, so they pass through unchanged).
template <class F>
Value map_bytes(std::string_view text, Arena& arena, F f) {
  char* out = arena.make_array<char>(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) out[i] = f(text[i]);
  return Value::text({out, text.size()});
}

}  // namespace

Value len(const Value* args, int, BuiltinContext&, FaultCode& fault) {
  const Value& v = args[0];
  if (v.tag == Tag::list) return Value::integer(v.len);
  if (v.tag != Tag::text) return v.is_set() ? fail(fault, FaultCode::bad_value) : Value::unset();
  std::int64_t points = 0;
  for (char c : v.as_text()) points += (static_cast<unsigned char>(c) & 0xC0) != 0x80;  // not a continuation byte
  return Value::integer(points);
}

Value lower(const Value* args, int, BuiltinContext& ctx, FaultCode& fault) {
  if (args[0].tag != Tag::text) return args[0].is_set() ? fail(fault, FaultCode::bad_value) : Value::unset();
  return map_bytes(args[0].as_text(), ctx.arena, to_lower);
}

Value upper(const Value* args, int, BuiltinContext& ctx, FaultCode& fault) {
  if (args[0].tag != Tag::text) return args[0].is_set() ? fail(fault, FaultCode::bad_value) : Value::unset();
  return map_bytes(args[0].as_text(), ctx.arena, to_upper);
}

Value trim(const Value* args, int, BuiltinContext&, FaultCode& fault) {
  if (args[0].tag != Tag::text) return args[0].is_set() ? fail(fault, FaultCode::bad_value) : Value::unset();
  std::string_view t = args[0].as_text();
  while (!t.empty() && is_space(t.front())) t.remove_prefix(1);
  while (!t.empty() && is_space(t.back())) t.remove_suffix(1);
  return Value::text(t);  // a view of the argument: no copy needed
}

Value domain(const Value* args, int, BuiltinContext& ctx, FaultCode& fault) {
  if (args[0].tag != Tag::text) return args[0].is_set() ? fail(fault, FaultCode::bad_value) : Value::unset();
  const std::string_view t = args[0].as_text();
  const std::size_t at = t.rfind('@');
  if (at == std::string_view::npos || at + 1 == t.size()) return Value::unset();
  return map_bytes(t.substr(at + 1), ctx.arena, to_lower);
}

}  // namespace sluice::rt::builtins
