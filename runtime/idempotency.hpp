// Idempotency keys of emitted events: a stable 64-bit FNV-1a hash of the fields
// that identify one occurrence of an event, written as 16 lower-case hex digits.
// The exact byte layout is documented in docs/semantics.md ("Idempotency keys"):
// changing it changes every key an integration has already stored.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "runtime/value.hpp"

namespace sluice::rt {

// FNV-1a, 64 bits (offset basis 14695981039346656037, prime 1099511628211).
class Fnv1a64 {
 public:
  void bytes(std::string_view s) {
    for (unsigned char c : s) {
      h_ ^= c;
      h_ *= 1099511628211ull;
    }
  }
  // Fields are separated by the byte 0x1F (ASCII unit separator), so ("ab", "c")
  // and ("a", "bc") hash differently.
  void field(std::string_view s) {
    if (fields_++ > 0) bytes(std::string_view("\x1f", 1));
    bytes(s);
  }
  std::uint64_t value() const { return h_; }

 private:
  std::uint64_t h_ = 14695981039346656037ull;
  int fields_ = 0;
};

// The parts of one key. `record_key` is the record's key field as text (see
// append_key_text); `context` is the stage entered, or the transition's label.
struct IdempotencyParts {
  std::string_view policy;
  std::string_view record_key;
  std::string_view event;
  std::string_view context;
  std::int64_t instant_ms = 0;
};

// Writes the 16-hex-digit key into `out` (its capacity is reused).
void idempotency_key(const IdempotencyParts& parts, std::string& out);

// The record key as it enters the hash: text as is, int in decimal, anything else
// (unset, or a key of another kind) as the empty text.
void append_key_text(const Value& key, std::string& out);

}  // namespace sluice::rt
