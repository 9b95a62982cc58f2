// The undeclared keys of one layout (an export's columns no rule reads) that the
// structural walk has met, so that its key-order guess recognises them by their raw
// bytes as it recognises declared keys (RecordSchema::RawKeys), instead of measuring
// each one and looking it up on every record. A key is kept per parent: the same
// bytes under another parent are another entry, so a guess never crosses objects.
// At most kMax keys of up to kMaxBytes bytes are kept; the others are looked up as
// before. Memory is allocated only when a key is first kept.
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <unordered_map>
#include <vector>

namespace sluice::rt::readers {

class UnreadKeys {
 public:
  static constexpr std::size_t kMax = 256;
  static constexpr std::size_t kMaxBytes = 31;  // the key and its closing quote fill at most 4 words

  // Whether the key at `raw` (just after its opening quote, inside a simdjson-padded
  // document) is kept key k. As RawKeys::is: the first two words at once, a further
  // word only once those matched (the key is still open there, so reads stay in the
  // padding).
  bool is(std::size_t k, const char* raw) const {
    const Key& key = keys_[k];
    std::uint64_t x0, x1;
    std::memcpy(&x0, raw, 8);
    std::memcpy(&x1, raw + 8, 8);
    if ((((x0 & key.mask[0]) ^ key.bits[0]) | ((x1 & key.mask[1]) ^ key.bits[1])) != 0) return false;
    for (std::uint32_t i = 2; i < key.words; ++i) {
      std::uint64_t x;
      std::memcpy(&x, raw + 8 * i, 8);
      if ((x & key.mask[i]) != key.bits[i]) return false;
    }
    return true;
  }

  // The index of the undeclared key `raw[0, len)` (no quote or backslash in it) under
  // `parent`, kept now if new; -1 when it is too long or kMax keys are kept already.
  std::int32_t keep(std::int32_t parent, const char* raw, std::size_t len) {
    if (len > kMaxBytes) return -1;
    Key key;
    key.parent = parent;
    key.words = static_cast<std::uint32_t>((len + 1 + 7) / 8);
    char quoted[32] = {};
    std::memcpy(quoted, raw, len);
    quoted[len] = '"';
    for (std::size_t i = 0; i < key.words; ++i) {
      const std::size_t n = std::min<std::size_t>(8, len + 1 - 8 * i);
      std::memcpy(&key.bits[i], quoted + 8 * i, n);
      std::memset(&key.mask[i], 0xFF, n);
    }
    const auto found = index_.find(key);
    if (found != index_.end()) return found->second;
    if (keys_.size() >= kMax) return -1;
    const auto k = static_cast<std::int32_t>(keys_.size());
    keys_.push_back(key);
    index_.emplace(key, k);
    return k;
  }

 private:
  struct Key {
    std::int32_t parent = -1;
    std::uint32_t words = 0;
    std::uint64_t bits[4] = {}, mask[4] = {};
    // The mask follows from the length, which the closing quote's place in bits gives.
    bool operator==(const Key& o) const {
      return parent == o.parent && words == o.words && std::memcmp(bits, o.bits, sizeof bits) == 0;
    }
  };
  struct Hash {
    std::size_t operator()(const Key& k) const {
      std::uint64_t h = static_cast<std::uint32_t>(k.parent) * 0x9E3779B97F4A7C15ULL;
      for (std::uint64_t b : k.bits) h = (h ^ b) * 0x100000001B3ULL;
      return static_cast<std::size_t>(h ^ (h >> 29));
    }
  };
  std::vector<Key> keys_;
  std::unordered_map<Key, std::int32_t, Hash> index_;  // to keep each key once
};

}  // namespace sluice::rt::readers
