#include "runtime/idempotency.hpp"

#include <charconv>

namespace sluice::rt {

void idempotency_key(const IdempotencyParts& parts, std::string& out) {
  Fnv1a64 h;
  h.field(parts.policy);
  h.field(parts.record_key);
  h.field(parts.event);
  h.field(parts.context);
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, parts.instant_ms);
  (void)ec;  // 24 bytes always hold an int64
  h.field(std::string_view(digits, static_cast<std::size_t>(end - digits)));

  static constexpr char kHex[] = "0123456789abcdef";
  std::uint64_t v = h.value();
  out.resize(16);
  for (int i = 15; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = kHex[v & 0xF];
    v >>= 4;
  }
}

void append_key_text(const Value& key, std::string& out) {
  if (key.tag == Tag::text) {
    out.append(key.as_text());
  } else if (key.tag == Tag::int_) {
    char digits[24];
    auto [end, ec] = std::to_chars(digits, digits + sizeof digits, key.u.i);
    (void)ec;
    out.append(digits, end);
  }
}

}  // namespace sluice::rt
