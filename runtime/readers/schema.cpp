#include "runtime/readers/schema.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace sluice::rt::readers {

namespace {

[[noreturn]] void bad(const std::string& what) {
  throw std::invalid_argument("record layout: " + what);
}

// An input key's first and last 8 bytes (zero-filled when shorter), loaded once per
// lookup: they make the hash, in constant time, and compare whole keys of up to
// 16 bytes without a call to memcmp.
struct KeyWords {
  std::uint64_t head = 0, tail = 0;
  explicit KeyWords(std::string_view s) {
    const std::size_t n = s.size();
    if (n >= 8) {
      std::memcpy(&head, s.data(), 8);
      std::memcpy(&tail, s.data() + n - 8, 8);
    } else if (n > 0) {
      std::memcpy(&head, s.data(), n);
    }
  }
  // Keys that share length, head and tail only share a probe sequence: lookups
  // still compare whole keys, and the table is at most half full, so a probe for
  // any input key ends at an empty entry (after at most as many steps as keys).
  std::uint64_t hash(std::size_t n) const {
    const std::uint64_t h = (head ^ (tail * 0x9E3779B97F4A7C15ull) ^ n) * 0xFF51AFD7ED558CCDull;
    return h ^ (h >> 29);
  }
};

Value scalar_value(const ir::Constant& c, TypeKind want) {
  switch (c.kind) {
    case TypeKind::bool_: return Value::boolean(c.b);
    case TypeKind::int_:
      return want == TypeKind::number ? Value::number(static_cast<double>(c.i)) : Value::integer(c.i);
    case TypeKind::number: return Value::number(c.n);
    case TypeKind::text:
    case TypeKind::enum_: return Value::text(c.s);
    case TypeKind::date: return Value::date(c.i);
    case TypeKind::duration: return Value::duration(c.i);
    default: return Value::unset();
  }
}

}  // namespace

void RecordSchema::KeyTable::insert(std::string_view key, std::int32_t slot) {
  if ((count + 1) * 2 > entries.size()) {
    std::vector<Entry> old = std::move(entries);
    entries.assign(old.empty() ? 8 : old.size() * 2, Entry{});
    count = 0;
    for (const Entry& e : old) {
      if (e.slot >= 0) insert(e.key, e.slot);
    }
  }
  const KeyWords words(key);
  const std::size_t mask = entries.size() - 1;
  for (std::size_t i = words.hash(key.size()) & mask;; i = (i + 1) & mask) {
    if (entries[i].slot < 0) {
      entries[i] = {key, words.head, words.tail, slot};
      ++count;
      return;
    }
    if (entries[i].key == key) return;
  }
}

std::int32_t RecordSchema::KeyTable::find(std::string_view key) const {
  if (entries.empty()) return -1;
  const KeyWords words(key);
  const std::size_t n = key.size();
  const std::size_t mask = entries.size() - 1;
  for (std::size_t i = words.hash(n) & mask;; i = (i + 1) & mask) {
    const Entry& e = entries[i];
    if (e.slot < 0) return -1;
    if (e.key.size() == n && e.head == words.head && e.tail == words.tail &&
        (n <= 16 || std::memcmp(e.key.data() + 8, key.data() + 8, n - 16) == 0)) {
      return e.slot;
    }
  }
}

RecordSchema::RecordSchema(const ir::Program& program, std::int32_t record, bool by_field_name)
    : program_(&program), by_field_name_(by_field_name) {
  if (record < 0 || static_cast<std::size_t>(record) >= program.records.size()) {
    bad("no record " + std::to_string(record));
  }
  const ir::Record& rec = program.records[static_cast<std::size_t>(record)];
  root_ = rec.layout;
  key_slot_ = rec.key_slot;
  index_.resize(program.layouts.size());
  list_defaults_.resize(program.constants.size());
  index_layout(root_, 0);
  for (std::size_t l = 0; l < index_.size(); ++l) {
    if (!index_[l].by_parent.empty()) index_raw_keys(static_cast<std::int32_t>(l));
  }
  if (key_slot_ >= static_cast<std::int32_t>(width(root_))) bad("key slot out of range");
}

// Each slot key whose raw JSON bytes can be compared (no quote or backslash in it,
// and the slot owns the key under its parent): the key and its closing quote as
// 8-byte words, the bytes past the quote masked off in the last word.
void RecordSchema::index_raw_keys(std::int32_t l) {
  Index& ix = index_[static_cast<std::size_t>(l)];
  ix.raw_keys.assign(width(l), RawKeys::Key{});
  for (std::int32_t s = 0; s < static_cast<std::int32_t>(width(l)); ++s) {
    const std::string_view key = key_of(l, s);
    if (key.find_first_of("\"\\") != std::string_view::npos || find(l, slot(l, s).parent, key) != s) continue;
    const std::string quoted = std::string(key) + '"';
    RawKeys::Key& k = ix.raw_keys[static_cast<std::size_t>(s)];
    k.first = static_cast<std::uint32_t>(ix.raw_more.size());
    for (std::size_t at = 0; at < quoted.size(); at += 8) {
      const std::size_t n = std::min<std::size_t>(8, quoted.size() - at);
      RawKeys::Word w;
      std::memcpy(&w.bits, quoted.data() + at, n);
      std::memset(&w.mask, 0xFF, n);
      if (at == 0) {
        k.bits0 = w.bits;
        k.mask0 = w.mask;
      } else if (at == 8) {
        k.bits1 = w.bits;
        k.mask1 = w.mask;
      } else {
        ix.raw_more.push_back(w);
        ++k.more;
      }
    }
  }
}

void RecordSchema::index_layout(std::int32_t l, int depth) {
  if (l < 0 || static_cast<std::size_t>(l) >= program_->layouts.size()) {
    bad("no layout " + std::to_string(l));
  }
  if (depth > 64) bad("list element layouts nest deeper than 64 (a cycle?)");
  const auto& slots = layout(l).slots;
  if (slots.size() > 0xFFFF) bad("a layout has more than 65535 slots");
  Index& ix = index_[static_cast<std::size_t>(l)];
  if (!ix.by_parent.empty()) return;  // shared element layout, already indexed
  ix.by_parent.resize(slots.size() + 1);
  for (std::int32_t s = 0; s < static_cast<std::int32_t>(slots.size()); ++s) {
    const ir::Slot& sl = slots[static_cast<std::size_t>(s)];
    if (sl.parent < -1 || sl.parent >= s || (sl.parent >= 0 && slots[static_cast<std::size_t>(sl.parent)].kind != TypeKind::object)) {
      bad("slot `" + sl.path + "` has a bad parent");
    }
    if (sl.default_const >= static_cast<std::int32_t>(program_->constants.size())) {
      bad("slot `" + sl.path + "` has a bad default");
    }
    if (sl.default_const >= 0 || (!sl.optional && !sl.is_stamp)) ix.finish_slots.push_back(s);
    // The first slot with a given key wins; the compiler rejects duplicates anyway.
    ix.by_parent[static_cast<std::size_t>(sl.parent + 1)].insert(key_of(l, s), s);
    if (sl.kind == TypeKind::list && sl.element_kind == TypeKind::object) {
      if (sl.element_layout < 0) bad("list `" + sl.path + "` of objects has no element layout");
      index_layout(sl.element_layout, depth + 1);
      if (width(sl.element_layout) == 0) bad("list `" + sl.path + "` has an empty element layout");
    }
    if (sl.default_const >= 0 && program_->constants[static_cast<std::size_t>(sl.default_const)].kind == TypeKind::list) {
      auto& elems = list_defaults_[static_cast<std::size_t>(sl.default_const)];
      if (elems.empty()) {
        for (const auto& e : program_->constants[static_cast<std::size_t>(sl.default_const)].list) {
          elems.push_back(scalar_value(e, sl.element_kind));
        }
      }
    }
  }
}

std::string_view RecordSchema::field_name(const ir::Slot& slot) {
  std::string_view p = slot.path;
  auto dot = p.rfind('.');
  return dot == std::string_view::npos ? p : p.substr(dot + 1);
}

std::string_view RecordSchema::key_of(std::int32_t l, std::int32_t s) const {
  const ir::Slot& sl = slot(l, s);
  if (by_field_name_ || sl.input_key.empty()) return field_name(sl);
  return sl.input_key;
}

std::int32_t RecordSchema::find(std::int32_t l, std::int32_t parent, std::string_view key) const {
  return index_[static_cast<std::size_t>(l)].by_parent[static_cast<std::size_t>(parent + 1)].find(key);
}

Value RecordSchema::default_value(const ir::Slot& slot) const {
  if (slot.default_const < 0) return Value::unset();
  return constant_value(slot.default_const, slot.kind);
}

Value RecordSchema::constant_value(std::int32_t c, TypeKind want) const {
  const ir::Constant& k = program_->constants[static_cast<std::size_t>(c)];
  if (k.kind != TypeKind::list) return scalar_value(k, want);
  const auto& elems = list_defaults_[static_cast<std::size_t>(c)];
  return Value::list(elems.data(), static_cast<std::uint32_t>(elems.size()));
}

}  // namespace sluice::rt::readers
