#include "runtime/readers/json_fill.hpp"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

namespace sluice::rt::readers {

namespace {

// A list may hold at most this many Values in all (elements x element width), so a
// wide element layout cannot multiply max_list into gigabytes.
constexpr std::size_t kMaxListValues = std::size_t{1} << 24;

std::string_view trim_token(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// simdjson messages are sentences; ours are lower case without a final period.
std::string reason(simdjson::error_code e) {
  std::string m = simdjson::error_message(e);
  if (!m.empty() && m[0] >= 'A' && m[0] <= 'Z') m[0] = static_cast<char>(m[0] - 'A' + 'a');
  while (!m.empty() && (m.back() == '.' || m.back() == ' ')) m.pop_back();
  return m;
}

}  // namespace

JsonFiller::JsonFiller(const RecordSchema& schema, Arena& arena, const ReaderLimits& limits)
    : schema_(schema), arena_(arena), limits_(limits) {}

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

std::string_view JsonFiller::keep(std::string_view text) {
  if (!copy_text_ || text.empty()) return text;
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

void JsonFiller::fill_object(od::object obj, std::int32_t l, std::int32_t parent, Value* base,
                             std::size_t depth) {
  for (auto field : obj) {
    std::string_view key;
    if (auto e = field.unescaped_key().get(key)) return broken_json(e);
    const std::int32_t s = schema_.find(l, parent, key);
    if (s < 0 || !wanted(l, s)) continue;  // on-demand skips the value unparsed
    od::value v;
    if (auto e = field.value().get(v)) return broken_json(e);
    fill_value(v, l, s, base, depth);
    if (broken_) return;
  }
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
    default: return token_for_message(trim_token(v.raw_json_token()));
  }
}

void JsonFiller::fill_value(od::value v, std::int32_t l, std::int32_t s, Value* base, std::size_t depth) {
  const ir::Slot& slot = schema_.slot(l, s);
  Value& out = base[s];
  od::json_type t;
  if (auto e = v.type().get(t)) return broken_json(e);
  if (t == od::json_type::null) {
    if (trim_token(v.raw_json_token()) != "null") return broken_json(simdjson::N_ATOM_ERROR);
    out = Value::unset();
    return;
  }
  if (slot.kind == TypeKind::object) {
    if (t != od::json_type::object) return fail(kDataType, fmt::format("{}: expected an object, got {}", path(slot), got(v, t)));
    if (depth + 1 > limits_.max_depth) {
      return fail(kDataLimit, fmt::format("{}: nested deeper than {} levels", path(slot), limits_.max_depth));
    }
    od::object obj;
    if (auto e = v.get_object().get(obj)) return broken_json(e);
    out = Value::object_present();
    return fill_object(obj, l, s, base, depth + 1);
  }
  if (slot.kind == TypeKind::list) {
    if (t != od::json_type::array) return fail(kDataType, fmt::format("{}: expected a list, got {}", path(slot), got(v, t)));
    return fill_list(v, slot, out, depth + 1);
  }
  fill_scalar(v, t, slot, slot.kind, out);
}

void JsonFiller::fill_list(od::value v, const ir::Slot& slot, Value& out, std::size_t depth) {
  if (depth > limits_.max_depth) {
    return fail(kDataLimit, fmt::format("{}: nested deeper than {} levels", path(slot), limits_.max_depth));
  }
  od::array arr;
  if (auto e = v.get_array().get(arr)) return broken_json(e);
  std::size_t count = 0;
  if (auto e = arr.count_elements().get(count)) return broken_json(e);
  const bool objects = slot.element_kind == TypeKind::object;
  const std::size_t width = objects ? schema_.width(slot.element_layout) : 1;
  if (count > limits_.max_list || count * width > kMaxListValues) {
    return fail(kDataLimit, fmt::format("{}: list of {} elements is longer than the limit of {}", path(slot),
                                        count, std::min(limits_.max_list, kMaxListValues / width)));
  }
  Value* elems = arena_.make_array<Value>(count * width);
  std::fill(elems, elems + count * width, Value::unset());
  frames_.push_back({&slot, 0});
  std::size_t i = 0;
  for (auto item : arr) {
    if (i >= count) break;  // cannot happen after count_elements; keeps writes in bounds
    frames_.back().index = i;
    od::value ev;
    if (auto e = item.get(ev)) {
      broken_json(e);
      break;
    }
    od::json_type t;
    if (auto e = ev.type().get(t)) {
      broken_json(e);
      break;
    }
    Value* at = elems + i * width;
    if (objects) {
      od::object obj;
      if (t != od::json_type::object) {
        fail(kDataType, fmt::format("{}: expected an object, got {}", element_path(), got(ev, t)));
      } else if (depth + 1 > limits_.max_depth) {
        fail(kDataLimit, fmt::format("{}: nested deeper than {} levels", element_path(), limits_.max_depth));
      } else if (auto e = ev.get_object().get(obj)) {
        broken_json(e);
      } else {
        fill_object(obj, slot.element_layout, -1, at, depth + 1);
        if (!err_->any()) finish(slot.element_layout, at, *err_);
      }
    } else if (t == od::json_type::null) {
      if (trim_token(ev.raw_json_token()) != "null") broken_json(simdjson::N_ATOM_ERROR);
    } else {
      fill_scalar(ev, t, slot, slot.element_kind, *at);
    }
    if (broken_ || err_->any()) break;  // the rest of the list is skipped by on-demand
    ++i;
  }
  frames_.pop_back();
  if (!err_->any()) out = Value::list(elems, static_cast<std::uint32_t>(count), static_cast<std::uint16_t>(width));
}

void JsonFiller::fill_scalar(od::value v, od::json_type t, const ir::Slot& slot, TypeKind kind, Value& out) {
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
      std::string_view token = trim_token(v.raw_json_token());
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
      if (auto e = v.get_string().get(s)) return broken_json(e);
      s = keep(s);
      Parsed p = parse_text_as(slot, kind, s, out);
      if (p == Parsed::out_of_range) return fail(kDataEnum, enum_message(path(slot), slot, quote_for_message(s)));
      if (p != Parsed::ok) {
        return fail(kDataType, fmt::format("{}: expected {}, got {}", path(slot), kind_name(kind), quote_for_message(s)));
      }
      return;
    }
    default:
      return fail(kDataType, fmt::format("{}: a list of {} cannot be read", path(slot), kind_name(kind)));
  }
}

void JsonFiller::finish(std::int32_t layout, Value* base, ReadError& err) {
  const auto& slots = schema_.layout(layout).slots;
  for (std::size_t s = 0; s < slots.size(); ++s) {
    if (base[s].is_set()) continue;
    const ir::Slot& slot = slots[s];
    // Most unset slots are optional without a default: nothing to fill or report.
    if (slot.default_const < 0 && (slot.optional || slot.is_stamp)) continue;
    if (slot.parent >= 0 && !base[slot.parent].is_set()) continue;
    Value d = schema_.default_value(slot);
    if (d.is_set()) {
      base[s] = d;
    } else if (!slot.optional && !slot.is_stamp) {
      err_ = &err;
      err.fail(kDataMissing, fmt::format("{}: required field is missing or null", path(slot)));
    }
  }
}

}  // namespace sluice::rt::readers
