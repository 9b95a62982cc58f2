// What a reader needs to know about one record type, prepared once per reader: for
// every layout (the record's and its list elements'), the slots under each parent
// with a lookup by input key, and the default values as run-time Values. Lookups
// during reading are hash probes on string views: no allocation per record.
#pragma once
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/ir.hpp"
#include "runtime/value.hpp"

namespace sluice::rt::readers {

class RecordSchema {
 public:
  // Throws std::invalid_argument when the record's layouts are inconsistent (a
  // hand-built program; loaded programs are validated before they get here).
  // `by_field_name`: keys are policy field names instead of input keys (`from`).
  RecordSchema(const ir::Program& program, std::int32_t record, bool by_field_name);

  const ir::Program& program() const { return *program_; }
  std::int32_t root() const { return root_; }
  std::int32_t key_slot() const { return key_slot_; }
  const ir::Layout& layout(std::int32_t l) const { return program_->layouts[static_cast<std::size_t>(l)]; }
  const ir::Slot& slot(std::int32_t l, std::int32_t s) const {
    return layout(l).slots[static_cast<std::size_t>(s)];
  }
  std::size_t width(std::int32_t l) const { return layout(l).slots.size(); }
  // The slot of layout `l` under `parent` (-1: top level of the layout) read from
  // `key`, or -1 when the policy does not name it.
  std::int32_t find(std::int32_t l, std::int32_t parent, std::string_view key) const;
  // The input keys of one layout as raw JSON bytes, to tell whether the key that
  // starts at `raw` (just after its opening quote, in a simdjson-padded buffer) is
  // slot `s`'s key without unescaping or measuring it. A slot key holds no quote or
  // backslash (else it never matches here), so the key followed by the closing quote
  // is compared in 8-byte words, the bytes past the quote masked off. The first two
  // words are compared at once, without a branch: `raw` lies inside the document and
  // simdjson guarantees SIMDJSON_PADDING (>= 16) readable bytes after it. A further
  // word is only read once those matched, which means the input key is still open
  // there, so reads stay in the padding.
  class RawKeys {
   public:
    bool is(std::int32_t s, const char* raw) const {
      const Key& k = keys_[s];
      std::uint64_t x0, x1;
      std::memcpy(&x0, raw, 8);
      std::memcpy(&x1, raw + 8, 8);
      if ((((x0 & k.mask0) ^ k.bits0) | ((x1 & k.mask1) ^ k.bits1)) != 0) return false;
      for (std::uint32_t i = 0; i < k.more; ++i) {
        std::uint64_t x;
        std::memcpy(&x, raw + 16 + 8 * i, 8);
        if ((x & more_[k.first + i].mask) != more_[k.first + i].bits) return false;
      }
      return true;
    }

   private:
    friend class RecordSchema;
    struct Word {
      std::uint64_t bits = 0, mask = 0;
    };
    // A slot matched by hash lookup only has bits0 1 under mask0 0: never equal.
    struct Key {
      std::uint64_t bits0 = 1, mask0 = 0, bits1 = 0, mask1 = 0;
      std::uint32_t first = 0, more = 0;  // words past the 16th byte, in more_
    };
    const Key* keys_ = nullptr;
    const Word* more_ = nullptr;
  };
  RawKeys raw_keys(std::int32_t l) const {
    const Index& ix = index_[static_cast<std::size_t>(l)];
    RawKeys k;
    k.keys_ = ix.raw_keys.data();
    k.more_ = ix.raw_more.data();
    return k;
  }
  // The key this schema reads a slot from (input key, or field name).
  std::string_view key_of(std::int32_t l, std::int32_t s) const;
  // The field's own name: the last part of its path.
  static std::string_view field_name(const ir::Slot& slot);
  // The slots of layout `l` that finishing a record looks at: those with a default
  // or required (optional fields without a default need nothing), in slot order.
  const std::vector<std::int32_t>& finish_slots(std::int32_t l) const {
    return index_[static_cast<std::size_t>(l)].finish_slots;
  }
  // The slot's declared default as a Value (unset when it has none).
  Value default_value(const ir::Slot& slot) const;

 private:
  // Open addressing with linear probing over a constant-time key hash: plain loops, no
  // allocation, fast even in debug builds (this runs for every input key).
  struct KeyTable {
    struct Entry {
      std::string_view key;
      std::uint64_t head = 0, tail = 0;  // the key's first and last 8 bytes (schema.cpp)
      std::int32_t slot = -1;  // -1: empty
    };
    std::vector<Entry> entries;  // size: a power of two, at least twice the keys
    std::size_t count = 0;
    void insert(std::string_view key, std::int32_t slot);  // the first insert of a key wins
    std::int32_t find(std::string_view key) const;
  };
  struct Index {
    std::vector<KeyTable> by_parent;          // [parent + 1]
    std::vector<RawKeys::Key> raw_keys;       // [slot]
    std::vector<RawKeys::Word> raw_more;      // words past a key's 16th byte
    std::vector<std::int32_t> finish_slots;
  };

  void index_layout(std::int32_t l, int depth);
  void index_raw_keys(std::int32_t l);
  Value constant_value(std::int32_t c, TypeKind want) const;

  const ir::Program* program_;
  bool by_field_name_;
  std::int32_t root_ = -1;
  std::int32_t key_slot_ = -1;
  std::vector<Index> index_;                      // parallel to program.layouts (empty when unused)
  std::vector<std::vector<Value>> list_defaults_; // element storage for list defaults, by constant
};

}  // namespace sluice::rt::readers
