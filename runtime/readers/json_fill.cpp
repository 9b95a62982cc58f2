#include "runtime/readers/json_fill.hpp"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "runtime/readers/json_scalar.hpp"

namespace sluice::rt::readers {

namespace {

// simdjson messages are sentences; ours are lower case without a final period.
std::string reason(simdjson::error_code e) {
  std::string m = simdjson::error_message(e);
  if (!m.empty() && m[0] >= 'A' && m[0] <= 'Z') m[0] = static_cast<char>(m[0] - 'A' + 'a');
  while (!m.empty() && (m.back() == '.' || m.back() == ' ')) m.pop_back();
  return m;
}

}  // namespace

JsonFiller::JsonFiller(const RecordSchema& schema, Arena& arena, const ReaderLimits& limits)
    : schema_(schema), arena_(arena), limits_(limits), key_order_(schema.program().layouts.size()),
      unread_(key_order_.size()), kinds_(key_order_.size()) {
  for (std::size_t l = 0; l < key_order_.size(); ++l) {
    key_order_[l].assign(2 * schema.width(static_cast<std::int32_t>(l)) + 1 + UnreadKeys::kMax, -1);
    for (const ir::Slot& slot : schema.program().layouts[l].slots) kinds_[l].push_back(slot.kind);
  }
  finish_.resize(key_order_.size());
  for (std::size_t l = 0; l < finish_.size(); ++l) {
    const auto layout = static_cast<std::int32_t>(l);
    for (const std::int32_t s : schema.finish_slots(layout)) {
      const ir::Slot& slot = schema.slot(layout, s);
      finish_[l].push_back({s, slot.parent, !slot.optional && !slot.is_stamp, schema.default_value(slot)});
    }
  }
}

void JsonFiller::json_error(simdjson::error_code e, ReadError& err) {
  if (e == simdjson::UTF8_ERROR) {
    err.fail(kDataUtf8, "invalid UTF-8 in the input");
  } else if (e == simdjson::DEPTH_ERROR) {
    err.fail(kDataLimit, "JSON nesting is too deep");
  } else {
    err.fail(kDataJson, "malformed JSON: " + reason(e));
  }
}

void JsonFiller::broken_json(simdjson::error_code e) {
  broken_ = true;
  json_error(e, *err_);
}

bool JsonFiller::wanted(std::int32_t l, std::int32_t s) const {
  if (!err_->any()) return true;
  return l == schema_.root() && frames_.empty() && s == schema_.key_slot();
}

std::string JsonFiller::element_path() const {
  std::string p;
  for (const Frame& f : frames_) {
    if (!p.empty()) p += '.';
    fmt::format_to(std::back_inserter(p), "{}[{}]", f.list->path, f.index);
  }
  return p;
}

std::string JsonFiller::path(const ir::Slot& slot) const {
  // A scalar list element is named by its frame alone: `pain_points[2]`.
  if (!frames_.empty() && frames_.back().list == &slot) return element_path();
  std::string p = element_path();
  if (!p.empty()) p += '.';
  p += slot.path;
  return p;
}

// A string without escapes is its raw bytes between the quotes: it points into the
// input, which the readers keep for as long as the record (its batch) lives, and
// needs no unescaping. One with escapes is unescaped by simdjson into the parser's
// buffer, which the next document reuses, so it is copied into the arena. `tok` is
// the value's raw token: the quoted string (whitespace after it takes the general path).
[[gnu::always_inline]] inline simdjson::error_code JsonFiller::string_of(od::value& v, std::string_view tok,
                                                                          std::string_view& s) {
  if (!copy_text_ && tok.size() >= 2 && tok.back() == '"' && !json_scalar::has_backslash(tok.data() + 1, tok.size() - 2)) {
    s = tok.substr(1, tok.size() - 2);
    return simdjson::SUCCESS;
  }
  return unescaped_copy(v, s);
}

// The general case of string_of: escapes, whitespace after the string, or CSV.
simdjson::error_code JsonFiller::unescaped_copy(od::value& v, std::string_view& s) {
  if (auto e = v.get_string().get(s)) return e;
  if (!s.empty()) s = copy(s);
  return simdjson::SUCCESS;
}

std::string_view JsonFiller::copy(std::string_view text) {
  char* copy = arena_.make_array<char>(text.size());
  std::memcpy(copy, text.data(), text.size());
  return {copy, text.size()};
}

void JsonFiller::fill_root(od::object obj, Value* base, ReadError& err) {
  err_ = &err;
  broken_ = false;
  frames_.clear();
  fill_object(obj, schema_.root(), -1, base, 1);
}

void JsonFiller::fill_root_slot(od::value v, std::int32_t s, Value* base, ReadError& err) {
  err_ = &err;
  broken_ = false;
  frames_.clear();
  fill_value(v, schema_.root(), s, base, 0);  // the cell is the top: depth 0
}

// scalar_token for an on-demand value: true when `v` was read (or its error
// reported), false when fill_value's general path must look at it. Strings are
// always finished here: a second get_string would unescape the string again.
[[gnu::always_inline]] inline bool JsonFiller::read_scalar(od::value& v, const ir::Slot& slot, TypeKind kind,
                                                         Value& out) {
  std::string_view text;
  Parsed parsed = Parsed::ok;
  switch (scalar_token(v.raw_json_token(), slot, kind, out, text, parsed)) {
    case Token::read: return true;
    case Token::general: return false;
    case Token::escaped:
      if (auto e = unescaped_copy(v, text)) {
        broken_json(e);
        return true;
      }
      if (kind == TypeKind::text) {
        out = Value::text(text);
        return true;
      }
      parsed = parse_text_as(slot, kind, text, out);
      if (parsed == Parsed::ok) return true;
      break;
    case Token::bad_text: break;
  }
  text_error(slot, kind, text, parsed);
  return true;
}

void JsonFiller::fill_object(od::object& obj, std::int32_t l, std::int32_t parent, Value* base,
                             std::size_t depth) {
  std::vector<std::int32_t>& order = key_order_[static_cast<std::size_t>(l)];
  const ir::Slot* slots = schema_.layout(l).slots.data();
  const TypeKind* kinds = kinds_[static_cast<std::size_t>(l)].data();
  const RecordSchema::RawKeys keys = schema_.raw_keys(l);
  // The entry predicting the next key: the object's start, then the last slot read.
  std::size_t at = schema_.width(l) + static_cast<std::size_t>(parent + 1);
  for (auto item : obj) {
    // The field and its value are used in place, never copied: copying these small
    // structs made GCC store them in pieces and reload them whole, a store-forwarding
    // stall on every field.
    if (auto e = item.error()) return broken_json(e);
    od::field& field = item.value_unsafe();
    const od::raw_json_string raw = field.key();
    std::int32_t s = predicted_slot(order.data(), at, keys, raw.raw());
    if (s == kLookUp) {
      s = key_slot(field, raw.raw(), l, parent);
      if (broken_) return;
      if (s >= 0) order[at] = s;
    }
    if (s < 0) continue;  // on-demand skips the value unparsed
    at = static_cast<std::size_t>(s);
    if (!wanted(l, s)) continue;
    od::value& v = field.value();
    // Scalars are read here; containers and the unusual cases go through fill_value.
    const TypeKind kind = kinds[s];
    if (kind == TypeKind::object || kind == TypeKind::list || !read_scalar(v, slots[s], kind, base[s])) {
      fill_value(v, l, s, base, depth);
    }
    if (broken_) return;
  }
}

// The slot of an input key that was not the predicted one. A key without a
// backslash is its raw bytes up to the closing quote; one with escapes is unescaped.
std::int32_t JsonFiller::key_slot(od::field& field, const char* raw, std::int32_t l,
                                  std::int32_t parent) {
  const std::size_t n = raw_key_length(raw);
  std::string_view key(raw, n);
  if (raw[n] == '\\') {
    if (auto e = field.unescaped_key().get(key)) {
      broken_json(e);
      return -1;
    }
  }
  return schema_.find(l, parent, key);
}

std::string JsonFiller::got(od::value v, od::json_type t) {
  switch (t) {
    case od::json_type::object: return "an object";
    case od::json_type::array: return "a list";
    case od::json_type::null: return "null";
    case od::json_type::string: {
      std::string_view s;
      if (v.get_string().get(s)) return "a malformed string";
      return quote_for_message(s);
    }
    default: return token_for_message(json_scalar::trim_token(v.raw_json_token()));
  }
}

void JsonFiller::fill_value(od::value& v, std::int32_t l, std::int32_t s, Value* base, std::size_t depth) {
  const ir::Slot& slot = schema_.slot(l, s);
  Value& out = base[s];
  od::json_type t;
  if (auto e = v.type().get(t)) return broken_json(e);
  if (t == od::json_type::null) {
    if (json_scalar::trim_token(v.raw_json_token()) != "null") return broken_json(simdjson::N_ATOM_ERROR);
    out = Value::unset();
    return;
  }
  if (slot.kind == TypeKind::object) {
    if (t != od::json_type::object) return fail(kDataType, fmt::format("{}: expected an object, got {}", path(slot), got(v, t)));
    if (depth + 1 > limits_.max_depth) {
      return fail(kDataLimit, fmt::format("{}: nested deeper than {} levels", path(slot), limits_.max_depth));
    }
    auto obj = v.get_object();  // used in place (see fill_object)
    if (auto e = obj.error()) return broken_json(e);
    out = Value::object_present();
    return fill_object(obj.value_unsafe(), l, s, base, depth + 1);
  }
  if (slot.kind == TypeKind::list) {
    if (t != od::json_type::array) return fail(kDataType, fmt::format("{}: expected a list, got {}", path(slot), got(v, t)));
    return fill_list(v, slot, out, depth + 1);
  }
  fill_scalar(v, t, slot, slot.kind, out);
}

void JsonFiller::fill_list(od::value& v, const ir::Slot& slot, Value& out, std::size_t depth) {
  if (depth > limits_.max_depth) {
    return fail(kDataLimit, fmt::format("{}: nested deeper than {} levels", path(slot), limits_.max_depth));
  }
  auto got_arr = v.get_array();  // used in place (see fill_object)
  if (auto e = got_arr.error()) return broken_json(e);
  od::array& arr = got_arr.value_unsafe();
  std::size_t count = 0;
  if (auto e = arr.count_elements().get(count)) return broken_json(e);
  const bool objects = slot.element_kind == TypeKind::object;
  const std::size_t width = objects ? schema_.width(slot.element_layout) : 1;
  if (count > limits_.max_list || count * width > json_scalar::kMaxListValues) {
    return fail(kDataLimit, fmt::format("{}: list of {} elements is longer than the limit of {}", path(slot),
                                        count, std::min(limits_.max_list, json_scalar::kMaxListValues / width)));
  }
  Value* elems = arena_.make_array<Value>(count * width);
  std::fill(elems, elems + count * width, Value::unset());
  frames_.push_back({&slot, 0});
  std::size_t i = 0;
  for (auto item : arr) {
    if (i >= count) break;  // cannot happen after count_elements; keeps writes in bounds
    frames_.back().index = i;
    if (auto e = item.error()) {
      broken_json(e);
      break;
    }
    od::value& ev = item.value_unsafe();  // in place, as in fill_object
    od::json_type t;
    if (auto e = ev.type().get(t)) {
      broken_json(e);
      break;
    }
    Value* at = elems + i * width;
    if (objects) {
      if (t != od::json_type::object) {
        fail(kDataType, fmt::format("{}: expected an object, got {}", element_path(), got(ev, t)));
      } else if (depth + 1 > limits_.max_depth) {
        fail(kDataLimit, fmt::format("{}: nested deeper than {} levels", element_path(), limits_.max_depth));
      } else if (auto obj = ev.get_object(); obj.error()) {
        broken_json(obj.error());
      } else {
        fill_object(obj.value_unsafe(), slot.element_layout, -1, at, depth + 1);
        if (!err_->any()) finish(slot.element_layout, at, *err_);
      }
    } else if (t == od::json_type::null) {
      if (json_scalar::trim_token(ev.raw_json_token()) != "null") broken_json(simdjson::N_ATOM_ERROR);
    } else if (!read_scalar(ev, slot, slot.element_kind, *at)) {
      fill_scalar(ev, t, slot, slot.element_kind, *at);
    }
    if (broken_ || err_->any()) break;  // the rest of the list is skipped by on-demand
    ++i;
  }
  frames_.pop_back();
  if (!err_->any()) out = Value::list(elems, static_cast<std::uint32_t>(count), static_cast<std::uint16_t>(width));
}

void JsonFiller::text_error(const ir::Slot& slot, TypeKind kind, std::string_view text, Parsed p) {
  if (p == Parsed::out_of_range) return fail(kDataEnum, enum_message(path(slot), slot, quote_for_message(text)));
  fail(kDataType, fmt::format("{}: expected {}, got {}", path(slot), kind_name(kind), quote_for_message(text)));
}

void JsonFiller::fill_scalar(od::value& v, od::json_type t, const ir::Slot& slot, TypeKind kind, Value& out) {
  switch (kind) {
    case TypeKind::bool_: {
      if (t != od::json_type::boolean) return fail(kDataType, fmt::format("{}: expected bool, got {}", path(slot), got(v, t)));
      bool b = false;
      if (auto e = v.get_bool().get(b)) return broken_json(e);
      out = Value::boolean(b);
      return;
    }
    case TypeKind::int_:
    case TypeKind::number: {
      if (t != od::json_type::number) {
        return fail(kDataType, fmt::format("{}: expected {}, got {}", path(slot), kind_name(kind), got(v, t)));
      }
      std::string_view token = json_scalar::trim_token(v.raw_json_token());
      std::int64_t i = 0;
      double n = 0;
      Parsed p = kind == TypeKind::int_ ? parse_int_token(token, i) : parse_number_token(token, n);
      switch (p) {
        case Parsed::ok:
          out = kind == TypeKind::int_ ? Value::integer(i) : Value::number(n);
          return;
        case Parsed::wrong_type:
          return fail(kDataType, fmt::format("{}: expected int, got {}", path(slot), token_for_message(token)));
        case Parsed::out_of_range:
          return fail(kDataRange, fmt::format("{}: {} is out of the {} range", path(slot), token_for_message(token),
                                              kind == TypeKind::int_ ? "64-bit int" : "number"));
        case Parsed::malformed:
          return broken_json(simdjson::NUMBER_ERROR);
      }
      return;
    }
    case TypeKind::text:
    case TypeKind::enum_:
    case TypeKind::date:
    case TypeKind::duration: {
      if (t != od::json_type::string) {
        return fail(kDataType, fmt::format("{}: expected {}, got {}", path(slot), kind_name(kind), got(v, t)));
      }
      std::string_view s;
      if (auto e = string_of(v, v.raw_json_token(), s)) return broken_json(e);
      const Parsed p = parse_text_as(slot, kind, s, out);
      if (p != Parsed::ok) text_error(slot, kind, s, p);
      return;
    }
    default:
      return fail(kDataType, fmt::format("{}: a list of {} cannot be read", path(slot), kind_name(kind)));
  }
}

void JsonFiller::finish(std::int32_t layout, Value* base, ReadError& err) {
  for (const Finish& f : finish_[static_cast<std::size_t>(layout)]) {
    if (base[f.slot].is_set()) continue;
    if (f.parent >= 0 && !base[f.parent].is_set()) continue;
    if (f.default_value.is_set()) {
      base[f.slot] = f.default_value;
    } else if (f.required) {
      err_ = &err;
      err.fail(kDataMissing, fmt::format("{}: required field is missing or null", path(schema_.slot(layout, f.slot))));
    }
  }
}

}  // namespace sluice::rt::readers
