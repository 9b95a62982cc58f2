// The parse floor of `sluice eval` on NDJSON: read the file in 1 MiB blocks, split
// lines, and let simdjson on-demand touch exactly the fields the policy's record
// layout declares (the same set the reader fills), converting each value to its
// declared type. No evaluation and no output: whatever eval does beyond this is
// the price of the policy. The field list comes from the compiled IR, so the floor
// follows the policy instead of a hard-coded list.
//
//   parse_floor POLICY RECORDS.ndjson    prints records, fields touched, a checksum
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "runtime/program.hpp"

namespace od = simdjson::ondemand;
using sluice::TypeKind;

namespace {

struct Field {
  std::int32_t slot = -1;
  const sluice::ir::Slot* def = nullptr;
};

// The declared input keys of one (layout, parent slot), matched on their raw bytes as
// a hand-written program would: the key that followed the previous one last time is
// tried first (records of one export share their key order), then every key. Only a
// key with a backslash is unescaped. An undeclared key (an export's columns the
// policy does not read) is remembered as an unread entry, up to kMaxUnread of them,
// so that it too is recognised by the guess instead of by a pass over every key.
class KeyGroup {
 public:
  void add(std::string_view key, Field f) {
    const bool plain = std::none_of(key.begin(), key.end(), [](char c) {
      return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20;
    });
    entries_.push_back({std::string(key), f, -1, plain});
  }

  // The field of raw key `raw` (the bytes after the opening quote), given the entry
  // matched just before in this object (-1 at its start); nullptr if undeclared.
  const Field* find(const char* raw, std::int32_t& prev, simdjson::simdjson_result<od::field>& field) {
    const std::int32_t guess = next_of(prev);
    if (guess >= 0 && is(entries_[static_cast<std::size_t>(guess)], raw)) return matched(guess, prev);
    std::int32_t found = -1;
    std::size_t n = 0;
    while (raw[n] != '"' && raw[n] != '\\') ++n;
    if (raw[n] == '"') {
      for (std::size_t i = 0; i < entries_.size() && found < 0; ++i) {
        if (is(entries_[i], raw)) found = static_cast<std::int32_t>(i);
      }
    } else {
      std::string_view key;
      if (field.unescaped_key().get(key)) return nullptr;
      for (std::size_t i = 0; i < entries_.size() && found < 0; ++i) {
        if (entries_[i].key == key) found = static_cast<std::int32_t>(i);
      }
    }
    if (found < 0 && raw[n] == '"' && unread_ < kMaxUnread) {
      ++unread_;
      entries_.push_back({std::string(raw, n), Field{}, -1, true});
      found = static_cast<std::int32_t>(entries_.size() - 1);
    }
    if (found < 0) return nullptr;
    return matched(found, prev);
  }

 private:
  struct Entry {
    std::string key;
    Field field;
    std::int32_t next;  // the entry that followed this one last time
    bool plain;         // no character JSON must escape
  };
  // Raw bytes equal the key only for a key that JSON writes without escapes.
  static bool is(const Entry& e, const char* raw) {
    return e.plain && std::memcmp(raw, e.key.data(), e.key.size()) == 0 && raw[e.key.size()] == '"';
  }
  // Where the entry that follows `prev` is remembered. A reference into entries_: taken
  // only after the last push_back of a find.
  std::int32_t& next_of(std::int32_t prev) { return prev < 0 ? first_ : entries_[static_cast<std::size_t>(prev)].next; }
  // Entry i matched after `prev`: remembered as its successor; its field, or nullptr
  // for an unread key.
  const Field* matched(std::int32_t i, std::int32_t& prev) {
    next_of(prev) = i;
    prev = i;
    const Field& f = entries_[static_cast<std::size_t>(i)].field;
    return f.def != nullptr ? &f : nullptr;
  }
  static constexpr int kMaxUnread = 64;
  std::vector<Entry> entries_;  // declared keys, then the unread keys seen
  std::int32_t first_ = -1;
  int unread_ = 0;
};

// For every (layout, parent slot): the declared input keys.
class KeyTree {
 public:
  explicit KeyTree(const sluice::ir::Program& program) : by_layout_(program.layouts.size()) {
    for (std::size_t l = 0; l < program.layouts.size(); ++l) {
      const auto& slots = program.layouts[l].slots;
      by_layout_[l].resize(slots.size() + 1);
      for (std::size_t s = 0; s < slots.size(); ++s) {
        by_layout_[l][static_cast<std::size_t>(slots[s].parent + 1)].add(
            slots[s].input_key, Field{static_cast<std::int32_t>(s), &slots[s]});
      }
    }
  }
  KeyGroup& group(std::int32_t layout, std::int32_t parent) {
    return by_layout_[static_cast<std::size_t>(layout)][static_cast<std::size_t>(parent + 1)];
  }

 private:
  std::vector<std::vector<KeyGroup>> by_layout_;
};

struct Totals {
  std::uint64_t records = 0, fields = 0, checksum = 0, errors = 0;
};

class Floor {
 public:
  Floor(KeyTree& keys, Totals& totals) : keys_(keys), t_(totals) {}

  void object(od::object obj, std::int32_t layout, std::int32_t parent) {
    KeyGroup& group = keys_.group(layout, parent);
    std::int32_t prev = -1;
    for (auto field : obj) {
      od::raw_json_string raw;
      if (field.key().get(raw)) return fail();
      const Field* f = group.find(raw.raw(), prev, field);
      if (f == nullptr) continue;  // skipped unparsed, as the reader does
      od::value v;
      if (field.value().get(v)) return fail();
      value(v, layout, *f);
    }
  }

 private:
  void fail() { ++t_.errors; }

  void value(od::value v, std::int32_t layout, const Field& f) {
    ++t_.fields;
    bool is_null = false;
    if (!v.is_null().get(is_null) && is_null) return;
    if (f.def->kind == TypeKind::object) {
      od::object obj;
      if (v.get_object().get(obj)) return fail();
      return object(obj, layout, f.slot);
    }
    if (f.def->kind == TypeKind::list) {
      od::array arr;
      if (v.get_array().get(arr)) return fail();
      for (auto item : arr) {
        od::value ev;
        if (item.get(ev)) return fail();
        if (f.def->element_kind == TypeKind::object) {
          od::object obj;
          if (ev.get_object().get(obj)) return fail();
          object(obj, f.def->element_layout, -1);
        } else {
          scalar(ev, f.def->element_kind);
        }
      }
      return;
    }
    scalar(v, f.def->kind);
  }

  void scalar(od::value v, TypeKind kind) {
    switch (kind) {
      case TypeKind::bool_: {
        bool b = false;
        if (v.get_bool().get(b)) return fail();
        t_.checksum += b ? 1 : 0;
        return;
      }
      case TypeKind::int_: {
        std::int64_t i = 0;
        if (v.get_int64().get(i)) return fail();
        t_.checksum += static_cast<std::uint64_t>(i);
        return;
      }
      case TypeKind::number: {
        double d = 0;
        if (v.get_double().get(d)) return fail();
        t_.checksum += static_cast<std::uint64_t>(d);
        return;
      }
      default: {
        std::string_view s;
        if (v.get_string().get(s)) return fail();
        t_.checksum += s.size();
        return;
      }
    }
  }

  KeyTree& keys_;
  Totals& t_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: parse_floor POLICY RECORDS.ndjson\n");
    return 2;
  }
  std::string error;
  auto program = sluice::rt::load_program(argv[1], error);
  if (!program) {
    std::fprintf(stderr, "parse_floor: %s\n", error.c_str());
    return 1;
  }
  const sluice::ir::Program& ir = program->ir;
  if (ir.funnels.empty()) {
    std::fprintf(stderr, "parse_floor: the policy has no funnel\n");
    return 1;
  }
  const std::int32_t layout = ir.records[static_cast<std::size_t>(ir.funnels[0].record)].layout;
  std::FILE* in = std::fopen(argv[2], "rb");
  if (in == nullptr) {
    std::fprintf(stderr, "parse_floor: cannot read `%s`\n", argv[2]);
    return 2;
  }
  KeyTree keys(ir);
  Totals totals;
  Floor floor(keys, totals);
  od::parser parser;
  constexpr std::size_t kBlock = std::size_t{1} << 20;
  std::vector<char> buf(4 * kBlock + simdjson::SIMDJSON_PADDING);
  std::size_t have = 0;
  bool eof = false;
  while (!eof || have > 0) {
    if (!eof && buf.size() - simdjson::SIMDJSON_PADDING - have >= kBlock) {
      const std::size_t got = std::fread(buf.data() + have, 1, kBlock, in);
      have += got;
      eof = got == 0;
    }
    std::size_t at = 0;
    for (;;) {
      const void* nl = std::memchr(buf.data() + at, '\n', have - at);
      if (nl == nullptr && !(eof && at < have)) break;
      const std::size_t end = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - buf.data()) : have;
      if (end > at) {
        ++totals.records;
        od::document doc;
        od::object obj;
        const simdjson::padded_string_view line(buf.data() + at, end - at, buf.size() - at);
        if (parser.iterate(line).get(doc) || doc.get_object().get(obj)) {
          ++totals.errors;
        } else {
          floor.object(obj, layout, -1);
        }
      }
      at = nl ? end + 1 : have;
    }
    std::memmove(buf.data(), buf.data() + at, have - at);
    have -= at;
    if (have + kBlock + simdjson::SIMDJSON_PADDING > buf.size()) buf.resize(buf.size() * 2);
    std::memset(buf.data() + have, 0, simdjson::SIMDJSON_PADDING);
  }
  std::fclose(in);
  std::printf("records %llu fields %llu errors %llu checksum %llu\n", static_cast<unsigned long long>(totals.records),
              static_cast<unsigned long long>(totals.fields), static_cast<unsigned long long>(totals.errors),
              static_cast<unsigned long long>(totals.checksum));
  return 0;
}
