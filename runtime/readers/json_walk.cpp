// The structural walk: JsonFiller reads a record from the structural positions
// simdjson's stage 1 found, checking the JSON grammar itself, instead of through
// on-demand's iterators (whose per-value bookkeeping was most of the reading cost).
// It takes only the common, valid cases and gives up on anything else (see
// JsonFiller::walk_root); the on-demand reader then reads the record again and says
// what is wrong. What it accepts is never more than on-demand accepts: skipped values
// are checked against the JSON grammar, where on-demand only counts brackets.
#include <algorithm>

#include "runtime/readers/json_scalar.hpp"

namespace sluice::rt::readers {

bool StructuralIndex::index(const char* doc, std::size_t len) {
  if (len > simdjson::SIMDJSON_MAXSIZE_BYTES) return false;
  if (!stage1_ || len > capacity_) {
    const std::size_t want = std::max<std::size_t>({len, 2 * capacity_, std::size_t{1} << 16});
    const std::size_t capacity = std::min<std::size_t>(want, simdjson::SIMDJSON_MAXSIZE_BYTES);
    capacity_ = 0;
    if (!stage1_) {
      if (simdjson::get_active_implementation()->create_dom_parser_implementation(capacity, 64, stage1_)) {
        stage1_.reset();
        return false;
      }
    } else if (stage1_->set_capacity(capacity)) {
      stage1_.reset();
      return false;
    }
    capacity_ = capacity;
  }
  return stage1_->stage1(reinterpret_cast<const std::uint8_t*>(doc), len, simdjson::stage1_mode::regular) ==
         simdjson::SUCCESS;
}

namespace {

// The byte at structural position i; 0 past the last one.
inline char byte_at(const char* doc, const std::uint32_t* at, std::uint32_t n, std::uint32_t i) {
  return i < n ? doc[at[i]] : '\0';
}

// A string token: stage 1 has already matched its quotes; nothing may follow the
// closing one but blanks.
bool is_string_token(std::string_view tok) {
  tok = json_scalar::trim_token(tok);
  return tok.size() >= 2 && tok.front() == '"' && tok.back() == '"';
}

// A whole scalar token, as JSON spells it (skipped values are checked too).
bool is_json_scalar(std::string_view tok) {
  if (tok.empty()) return false;
  if (tok[0] == '"') return is_string_token(tok);
  tok = json_scalar::trim_token(tok);
  bool integral = false;
  return tok == "true" || tok == "false" || tok == "null" || json_number_syntax(tok, integral);
}

// A number that scalar_token leaves to the general path (a fraction, an exponent,
// many digits), read as fill_scalar reads it; false where that path would not read it.
bool general_number(std::string_view tok, TypeKind kind, Value& out) {
  if (kind != TypeKind::int_ && kind != TypeKind::number) return false;
  if (tok[0] != '-' && (tok[0] < '0' || tok[0] > '9')) return false;  // not a JSON number
  tok = json_scalar::trim_token(tok);
  if (kind == TypeKind::int_) {
    std::int64_t i = 0;
    if (parse_int_token(tok, i) != Parsed::ok) return false;
    out = Value::integer(i);
    return true;
  }
  double d = 0;
  if (parse_number_token(tok, d) != Parsed::ok) return false;
  out = Value::number(d);
  return true;
}

}  // namespace

// The scalar at structural i (one that exists), when it reads without an error.
[[gnu::always_inline]] inline bool JsonFiller::walk_scalar(const Walk& w, std::uint32_t i, const ir::Slot& slot,
                                                           TypeKind kind, Value& out) {
  std::string_view text;
  Parsed parsed = Parsed::ok;
  const std::string_view tok = w.token(i);
  const Token t = scalar_token(tok, slot, kind, out, text, parsed);
  if (t == Token::read) return true;
  if (t == Token::general) return general_number(tok, kind, out);
  return t == Token::escaped && walk_escaped(w, tok, slot, kind, out);
}

// A string with escapes (or blanks after it): unescaped into the arena, as
// unescaped_copy does, then read as scalar_token reads a plain one.
bool JsonFiller::walk_escaped(const Walk& w, std::string_view tok, const ir::Slot& slot, TypeKind kind,
                              Value& out) {
  if (!is_string_token(tok)) return false;
  char* text = arena_.make_array<char>(tok.size() + simdjson::SIMDJSON_PADDING);
  const char* end = w.index->unescape(tok.data() + 1, text);
  if (end == nullptr) return false;
  const std::string_view s(text, static_cast<std::size_t>(end - text));
  if (kind == TypeKind::text) {
    out = Value::text(s);
    return true;
  }
  return parse_text_as(slot, kind, s, out) == Parsed::ok;
}

JsonFiller::Walk JsonFiller::start_walk(const char* doc, const StructuralIndex& index, ReadError& err) {
  err_ = &err;
  broken_ = false;
  frames_.clear();
  return {&index, doc, index.positions(), index.count(), 0};
}

bool JsonFiller::walk_root(const char* doc, const StructuralIndex& index, Value* base, ReadError& err) {
  Walk w = start_walk(doc, index, err);
  if (byte_at(w.doc, w.at, w.n, 0) != '{') return false;
  w.i = 1;
  // The object must end the document (blanks aside), as on-demand checks.
  return walk_object(w, schema_.root(), -1, base, 1) && w.i == w.n;
}

// At the value of slot `s` (a structural that exists); leaves `w` after it. Inlined
// into walk_object: it runs for every value read.
[[gnu::always_inline]] inline bool JsonFiller::walk_value(Walk& w, std::int32_t l, std::int32_t s,
                                                          const ir::Slot& slot, TypeKind kind, Value* base,
                                                          std::size_t depth) {
  const char c = w.doc[w.at[w.i]];
  if (kind == TypeKind::object && c == '{') {
    if (depth + 1 > limits_.max_depth) return false;
    base[s] = Value::object_present();
    ++w.i;
    return walk_object(w, l, s, base, depth + 1);
  }
  if (kind == TypeKind::list && c == '[') return walk_list(w, slot, base[s], depth + 1);
  // A scalar, or null for an object or a list (scalar_token reads "null" for any kind;
  // anything else is `general` for them).
  if (!walk_scalar(w, w.i, slot, kind, base[s])) return false;
  ++w.i;
  return true;
}

bool JsonFiller::walk_root_slot(const char* doc, const StructuralIndex& index, std::int32_t s, Value* base,
                                ReadError& err) {
  Walk w = start_walk(doc, index, err);
  if (w.n == 0) return false;
  const std::int32_t l = schema_.root();
  const ir::Slot& slot = schema_.slot(l, s);
  // The cell is the top: depth 0, as in fill_root_slot. Nothing may follow the value.
  return walk_value(w, l, s, slot, kinds_[static_cast<std::size_t>(l)][static_cast<std::size_t>(s)], base, 0) &&
         w.i == w.n;
}

// At the structural after the object's `{`; leaves `w` after its `}`.
bool JsonFiller::walk_object(Walk& w, std::int32_t l, std::int32_t parent, Value* base, std::size_t depth) {
  std::int32_t* order = key_order_[static_cast<std::size_t>(l)].data();
  const ir::Slot* slots = schema_.layout(l).slots.data();
  const TypeKind* kinds = kinds_[static_cast<std::size_t>(l)].data();
  const RecordSchema::RawKeys keys = schema_.raw_keys(l);
  const std::size_t width = schema_.width(l);
  std::size_t at = width + static_cast<std::size_t>(parent + 1);
  if (byte_at(w.doc, w.at, w.n, w.i) == '}') {
    ++w.i;
    return true;
  }
  for (;;) {
    // A key, its colon and a value; whatever follows the value is checked below.
    if (w.i + 2 >= w.n) return false;
    const char* key = w.doc + w.at[w.i];
    if (*key != '"' || w.doc[w.at[w.i + 1]] != ':') return false;
    const char* raw = key + 1;
    std::int32_t s = predicted_slot(order, at, keys, raw);
    if (s == kLookUp) {
      s = other_key(order, at, l, parent, raw);
      if (s == kEscaped) return false;  // on-demand unescapes it
    }
    w.i += 2;
    if (s < 0) {
      if (s <= kUnread0) at = unread_at(width, s);  // the key after it is guessed from it
      if (!skip_value(w, depth)) return false;
    } else {
      at = static_cast<std::size_t>(s);
      if (!walk_value(w, l, s, slots[s], kinds[s], base, depth)) return false;
    }
    const char next = byte_at(w.doc, w.at, w.n, w.i);
    ++w.i;
    if (next == ',') continue;
    return next == '}';
  }
}

// A key predicted_slot did not guess (kept apart so that the guessed keys' loop stays
// lean): an undeclared key kept before, guessed from the key order (unread_guess), else the
// key measured and looked up, and kept when undeclared. The order entry at `at` then
// names it, unless it is an undeclared key that cannot be kept (-1).
[[gnu::noinline]] std::int32_t JsonFiller::other_key(std::int32_t* order, std::size_t at, std::int32_t l,
                                                     std::int32_t parent, const char* raw) {
  UnreadKeys& unread = unread_[static_cast<std::size_t>(l)];
  const std::size_t width = schema_.width(l);
  std::int32_t s = unread_guess(order, at, width, schema_.raw_keys(l), unread, raw);
  if (s != kLookUp) return s;
  const std::size_t len = raw_key_length(raw);
  if (raw[len] == '\\') return kEscaped;
  s = schema_.find(l, parent, std::string_view(raw, len));
  if (s < 0) {
    const std::int32_t k = unread.keep(parent, raw, len);
    s = k >= 0 ? kUnread0 - k : -1;
  }
  if (s != -1) order[at] = s;
  return s;
}

// At the list's `[`; leaves `w` after its `]`. A short list (the common case) is
// read in one pass into a buffer on the stack and copied into the arena once its
// length is known; a longer one is counted first (walk_long_list).
bool JsonFiller::walk_list(Walk& w, const ir::Slot& slot, Value& out, std::size_t depth) {
  if (depth > limits_.max_depth) return false;
  const bool objects = slot.element_kind == TypeKind::object;
  const std::size_t width = objects ? schema_.width(slot.element_layout) : 1;
  constexpr std::size_t kShort = 32;  // Values on the stack
  const std::size_t room = width <= kShort ? kShort / width : 0;
  union Buffer {  // left uninitialised: each element is filled before it is read
    Buffer() {}
    Value values[kShort];
  } buffer;
  Value* local = buffer.values;
  const std::uint32_t open = w.i;
  std::size_t count = 0;
  ++w.i;  // past the `[`
  if (byte_at(w.doc, w.at, w.n, w.i) != ']') {
    for (;; ++count) {
      if (count == room) {
        w.i = open;
        return walk_long_list(w, slot, width, out, depth);
      }
      if (!walk_element(w, slot, local + count * width, width, depth)) return false;
      const char next = byte_at(w.doc, w.at, w.n, w.i);
      ++w.i;
      if (next == ']') break;
      if (next != ',') return false;
    }
    ++count;
  } else {
    ++w.i;  // the `]`
  }
  if (count > limits_.max_list) return false;
  Value* elems = arena_.make_array<Value>(count * width);
  std::copy(local, local + count * width, elems);
  out = Value::list(elems, static_cast<std::uint32_t>(count), static_cast<std::uint16_t>(width));
  return true;
}

// One element of a list at `w` (a structural that exists) into `at` (`width` Values);
// leaves `w` after it.
bool JsonFiller::walk_element(Walk& w, const ir::Slot& slot, Value* at, std::size_t width, std::size_t depth) {
  if (w.i + 1 >= w.n) return false;  // the element and what follows it
  if (slot.element_kind != TypeKind::object) {
    *at = Value::unset();
    if (!walk_scalar(w, w.i, slot, slot.element_kind, *at)) return false;
    ++w.i;
    return true;
  }
  if (w.doc[w.at[w.i]] != '{' || depth + 1 > limits_.max_depth) return false;
  std::fill(at, at + width, Value::unset());
  ++w.i;
  if (!walk_object(w, slot.element_layout, -1, at, depth + 1)) return false;
  finish(slot.element_layout, at, *err_);
  return !err_->any();
}

// A list at its `[` too long for walk_list's buffer: its elements are counted first,
// by bracket depth alone, to size it as fill_list does; the walk then checks the
// grammar and that it found as many.
bool JsonFiller::walk_long_list(Walk& w, const ir::Slot& slot, std::size_t width, Value& out,
                                std::size_t depth) {
  std::size_t count = 1;
  for (std::uint32_t j = w.i + 1, open = 0;; ++j) {
    if (j >= w.n) return false;
    const char c = w.doc[w.at[j]];
    if (c == '[' || c == '{') {
      ++open;
    } else if (c == ']' || c == '}') {
      if (open == 0) break;
      --open;
    } else if (c == ',' && open == 0) {
      ++count;
    }
  }
  if (count > limits_.max_list || count * width > json_scalar::kMaxListValues) return false;
  Value* elems = arena_.make_array<Value>(count * width);
  ++w.i;  // past the `[`
  for (std::size_t k = 0; k < count; ++k) {
    if (!walk_element(w, slot, elems + k * width, width, depth)) return false;
    const char next = byte_at(w.doc, w.at, w.n, w.i);
    ++w.i;
    if (next != (k + 1 < count ? ',' : ']')) return false;
  }
  out = Value::list(elems, static_cast<std::uint32_t>(count), static_cast<std::uint16_t>(width));
  return true;
}

// Skips the value at `w` (a structural that exists), which no slot reads, checking it
// against the JSON grammar; a container's nesting is kept one bit a level (1: an
// object), so it may be at most 63 deep, and within max_depth.
bool JsonFiller::skip_value(Walk& w, std::size_t depth) const {
  std::uint64_t objects = 0;
  std::size_t open = 0;
  bool want_key = false;  // else a value is next
  for (;;) {
    if (w.i >= w.n) return false;
    if (want_key) {
      if (w.i + 2 >= w.n) return false;
      const std::string_view key = w.token(w.i);
      if (!is_string_token(key) || w.doc[w.at[w.i + 1]] != ':') return false;
      w.i += 2;
      want_key = false;
      continue;
    }
    const char c = w.doc[w.at[w.i]];
    if (c == '{' || c == '[') {
      if (open == 63 || depth + open + 1 > limits_.max_depth) return false;
      objects = (objects << 1) | (c == '{' ? 1u : 0u);
      ++open;
      ++w.i;
      if (byte_at(w.doc, w.at, w.n, w.i) != (c == '{' ? '}' : ']')) {
        want_key = c == '{';
        continue;
      }
      // An empty container: closed at once.
    } else {
      if (!is_json_scalar(w.token(w.i))) return false;
      ++w.i;
      if (open == 0) return true;
    }
    // After a value, or at an empty container's closing bracket: a comma, or
    // closing brackets.
    for (;;) {
      const char next = byte_at(w.doc, w.at, w.n, w.i);
      const bool object = (objects & 1) != 0;
      ++w.i;
      if (next == ',') {
        want_key = object;
        break;
      }
      if (next != (object ? '}' : ']')) return false;
      objects >>= 1;
      --open;
      if (open == 0) return true;
    }
  }
}

}  // namespace sluice::rt::readers
