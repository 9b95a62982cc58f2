// Fills record slots from a simdjson on-demand object, reading only the keys the
// layout names (others are skipped unparsed). Shared by the NDJSON and JSON-array
// readers and by CSV cells that hold JSON (lists, objects).
#pragma once
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <simdjson.h>

#include "runtime/arena.hpp"
#include "runtime/reader.hpp"
#include "runtime/readers/json_walk.hpp"
#include "runtime/readers/scalar_parse.hpp"
#include "runtime/readers/schema.hpp"
#include "runtime/readers/unread_keys.hpp"

namespace sluice::rt::readers {

namespace od = simdjson::ondemand;

// `depth` counts containers as simdjson does (the record object is 1); a container
// is entered only when its depth is within ReaderLimits::max_depth, and parsers
// are sized with kParserDepthMargin more, so simdjson's own depth is never exceeded.
inline constexpr std::size_t kParserDepthMargin = 2;

class JsonFiller {
 public:
  JsonFiller(const RecordSchema& schema, Arena& arena, const ReaderLimits& limits);

  // Texts are copied into the arena instead of pointing into the input (CSV: the
  // cells are parsed from a buffer the next cell reuses). Without it, the input must
  // stay in place as long as the record's Values are read.
  void set_copy_text(bool copy) { copy_text_ = copy; }

  // Fills the root layout's slots `base` (all unset on entry) from `obj`. After a
  // data error the rest of the object is still read for the key field only.
  void fill_root(od::object obj, Value* base, ReadError& err);
  // Fills slot `s` of the root layout from `v` (a CSV cell's JSON).
  void fill_root_slot(od::value v, std::int32_t s, Value* base, ReadError& err);
  // Applies defaults and reports missing required fields of one layout instance.
  // Fields of an object that is absent stay unset and are not required.
  void finish(std::int32_t layout, Value* base, ReadError& err);

  // The structural walk (json_walk.cpp): fills the root layout's slots `base` (all
  // unset on entry) from a document simdjson's stage 1 has indexed, without on-demand's
  // per-value bookkeeping. It reads only the common, valid cases; on anything else
  // (escapes, numbers beyond plain integers, a data error, a limit, broken JSON) it
  // returns false, having maybe filled some slots, and the caller reads the record
  // again from scratch with fill_root, which reports what is wrong. So a record it
  // accepts reads exactly as fill_root would read it.
  bool walk_root(const char* doc, const StructuralIndex& index, Value* base, ReadError& err);
  // The same for slot `s` of the root layout, from a document that is that slot's
  // value (a CSV cell's JSON), as fill_root_slot reads it. On false, slot `s` is
  // unchanged when it is a list; an object's fields may have been set.
  bool walk_root_slot(const char* doc, const StructuralIndex& index, std::int32_t s, Value* base, ReadError& err);

  // The JSON itself was broken: the document cannot be read further.
  bool broken() const { return broken_; }
  // Maps a simdjson error to E_DATA_JSON / E_DATA_UTF8 / E_DATA_LIMIT.
  static void json_error(simdjson::error_code e, ReadError& err);

 private:
  struct Frame {            // an enclosing list element, for "buying_group[2].role"
    const ir::Slot* list;
    std::size_t index;
  };
  // What scalar_token made of a raw token (see json_fill.cpp).
  enum class Token : std::uint8_t { read, general, escaped, bad_text };
  Token scalar_token(std::string_view tok, const ir::Slot& slot, TypeKind kind, Value& out, std::string_view& text,
                     Parsed& parsed);
  // The structural walk's cursor: the index, the document, its structural positions,
  // their count and the current one.
  struct Walk {
    const StructuralIndex* index;
    const char* doc;
    const std::uint32_t* at;
    std::uint32_t n;
    std::uint32_t i;
    // The raw token at position j (< n): its bytes up to the next position, blanks
    // after it included, as on-demand's raw_json_token (at[n] is the length).
    std::string_view token(std::uint32_t j) const { return {doc + at[j], at[j + 1] - at[j]}; }
  };
  // A walk over the indexed `doc` from its first position, reporting to `err`.
  Walk start_walk(const char* doc, const StructuralIndex& index, ReadError& err);
  bool walk_object(Walk& w, std::int32_t l, std::int32_t parent, Value* base, std::size_t depth);
  bool walk_value(Walk& w, std::int32_t l, std::int32_t s, const ir::Slot& slot, TypeKind kind, Value* base,
                  std::size_t depth);
  bool walk_escaped(const Walk& w, std::string_view tok, const ir::Slot& slot, TypeKind kind, Value& out);
  bool walk_scalar(const Walk& w, std::uint32_t i, const ir::Slot& slot, TypeKind kind, Value& out);
  bool walk_list(Walk& w, const ir::Slot& slot, Value& out, std::size_t depth);
  bool walk_long_list(Walk& w, const ir::Slot& slot, std::size_t width, Value& out, std::size_t depth);
  bool walk_element(Walk& w, const ir::Slot& slot, Value* at, std::size_t width, std::size_t depth);
  bool skip_value(Walk& w, std::size_t depth) const;
  // The bytes of the raw key at `raw` (after its opening quote) up to its closing
  // quote or its first backslash, whichever comes first.
  static std::size_t raw_key_length(const char* raw) {
    std::size_t n = 0;
    while (raw[n] != '"' && raw[n] != '\\') ++n;
    return n;
  }
  // The slot the key at `raw` (the bytes after its opening quote) is predicted to be,
  // from the key order seen so far (key_order_), or kLookUp.
  static constexpr std::int32_t kLookUp = -2;
  static std::int32_t predicted_slot(const std::int32_t* order, std::size_t at, const RecordSchema::RawKeys& keys,
                                     const char* raw) {
    const std::int32_t s = order[at];
    if (s >= 0 && keys.is(s, raw)) return s;
    // An optional key absent from this record: the one after it may come instead.
    const std::int32_t skip = s >= 0 ? order[static_cast<std::size_t>(s)] : -1;
    if (skip >= 0 && keys.is(skip, raw)) return skip;
    return kLookUp;
  }
  // The walk's guess after predicted_slot missed, from the undeclared keys met so far
  // (unread_): order holds kept key k as kUnread0 - k, and the entry after it is
  // unread_at(width, kUnread0 - k).
  static constexpr std::int32_t kUnread0 = -3;
  static std::size_t unread_at(std::size_t width, std::int32_t v) {
    return 2 * width + 1 + static_cast<std::size_t>(kUnread0 - v);
  }
  static std::int32_t unread_guess(const std::int32_t* order, std::size_t at, std::size_t width,
                                   const RecordSchema::RawKeys& keys, const UnreadKeys& unread, const char* raw) {
    const std::int32_t s = order[at];
    std::int32_t next = -1;  // the key after the guessed one, absent from this record
    if (s <= kUnread0) {
      if (unread.is(static_cast<std::size_t>(kUnread0 - s), raw)) return s;
      next = order[unread_at(width, s)];
      if (next >= 0) return keys.is(next, raw) ? next : kLookUp;
    } else if (s >= 0) {
      next = order[static_cast<std::size_t>(s)];  // predicted_slot tried it if declared
    }
    if (next <= kUnread0 && unread.is(static_cast<std::size_t>(kUnread0 - next), raw)) return next;
    return kLookUp;
  }
  static constexpr std::int32_t kEscaped = std::numeric_limits<std::int32_t>::min();  // other_key: a key with escapes
  std::int32_t other_key(std::int32_t* order, std::size_t at, std::int32_t l, std::int32_t parent, const char* raw);
  void fill_object(od::object& obj, std::int32_t l, std::int32_t parent, Value* base, std::size_t depth);
  void fill_value(od::value& v, std::int32_t l, std::int32_t s, Value* base, std::size_t depth);
  void fill_list(od::value& v, const ir::Slot& slot, Value& out, std::size_t depth);
  bool read_scalar(od::value& v, const ir::Slot& slot, TypeKind kind, Value& out);
  void fill_scalar(od::value& v, od::json_type t, const ir::Slot& slot, TypeKind kind, Value& out);
  void text_error(const ir::Slot& slot, TypeKind kind, std::string_view text, Parsed p);
  std::int32_t key_slot(od::field& field, const char* raw, std::int32_t l,
                       std::int32_t parent);
  bool wanted(std::int32_t l, std::int32_t s) const;
  std::string element_path() const;
  std::string path(const ir::Slot& slot) const;
  std::string got(od::value v, od::json_type t);
  void fail(const char* code, std::string message) { err_->fail(code, std::move(message)); }
  void broken_json(simdjson::error_code e);
  simdjson::error_code string_of(od::value& v, std::string_view tok, std::string_view& s);
  simdjson::error_code unescaped_copy(od::value& v, std::string_view& s);
  std::string_view copy(std::string_view text);

  const RecordSchema& schema_;
  Arena& arena_;
  const ReaderLimits& limits_;
  bool copy_text_ = false;
  bool broken_ = false;
  ReadError* err_ = nullptr;
  std::vector<Frame> frames_;
  // The key order of the objects read so far, per layout, to try the likely slot
  // before a hash lookup (records of one export share their key order): entry s is
  // the slot whose key came after slot s's, entry width + 1 + p the first key under
  // parent p (-1 for the layout's top), entry unread_at(width, kUnread0 - k) the key
  // after kept undeclared key k (the walk's only); -1 when not known yet.
  std::vector<std::vector<std::int32_t>> key_order_;
  std::vector<UnreadKeys> unread_;  // per layout
  // Each layout's slot kinds, packed: the per-field dispatch reads one byte
  // instead of a field of the (large) ir::Slot.
  std::vector<std::vector<TypeKind>> kinds_;
  // Each layout's finish_slots with their parent and default Value, computed once.
  struct Finish {
    std::int32_t slot, parent;
    bool required;
    Value default_value;  // unset when it has none
  };
  std::vector<std::vector<Finish>> finish_;
};

}  // namespace sluice::rt::readers
