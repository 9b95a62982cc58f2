#include "runtime/format_value.hpp"

#include "runtime/writers/text_escape.hpp"

#include <iterator>

#include <fmt/format.h>

#include "runtime/timefmt.hpp"

namespace sluice::rt {
namespace {

// Values nest only as deep as the schema; a hand-made IR cannot make this recurse
// without bound.
constexpr int kMaxDepth = 32;
constexpr std::uint32_t kTextListCut = 10;

// The element layout of `shape` when it really describes elements `width` wide.
const ir::Layout* element_layout(ValueShape shape, std::uint16_t width) {
  if (shape.program == nullptr || shape.element_layout < 0 ||
      static_cast<std::size_t>(shape.element_layout) >= shape.program->layouts.size())
    return nullptr;
  const ir::Layout& layout = shape.program->layouts[static_cast<std::size_t>(shape.element_layout)];
  return layout.slots.size() == width ? &layout : nullptr;
}

std::string_view field_name(const ir::Slot& slot) {
  std::string_view path = slot.path;
  std::size_t dot = path.rfind('.');
  return dot == std::string_view::npos ? path : path.substr(dot + 1);
}

ValueShape slot_shape(const ir::Program* program, const ir::Slot& slot) {
  return {program, slot.element_layout};
}

// ---------------------------------------------------------------- compact text

struct TextWriter {
  std::string& out;
  bool json;  // JSON, or the policy's literal syntax for people

  void scalar(const Value& v) {
    char buf[kDurationChars > kInstantChars ? kDurationChars : kInstantChars];
    switch (v.tag) {
      case Tag::unset: out += json ? "null" : "not set"; break;
      case Tag::boolean: out += v.u.b ? "true" : "false"; break;
      case Tag::int_: fmt::format_to(std::back_inserter(out), "{}", v.u.i); break;
      case Tag::number:
        if (v.u.n != v.u.n || v.u.n - v.u.n != 0) out += json ? "null" : "not a number";
        else number(v.u.n);
        break;
      case Tag::text: append_json_string(out, v.as_text()); break;
      case Tag::date:
        if (json) out += '"';
        out.append(buf, format_instant(v.u.i, buf));
        if (json) out += '"';
        break;
      case Tag::duration:
        if (json) out += '"';
        out.append(buf, format_duration(v.u.i, buf));
        if (json) out += '"';
        break;
      case Tag::list: case Tag::object: break;  // not scalars
    }
  }

  // Shortest round-trip form, with ".0" on integral values so a number stays
  // recognisably a number (3.0, not 3).
  void number(double n) {
    std::size_t start = out.size();
    fmt::format_to(std::back_inserter(out), "{}", n);
    if (out.find_first_of(".eEn", start) == std::string::npos) out += ".0";
  }

  void value(const Value& v, ValueShape shape, int depth) {
    if (depth > kMaxDepth) { out += json ? "null" : "..."; return; }
    if (v.tag == Tag::object) { out += json ? "{}" : "{ }"; return; }  // a presence slot alone
    if (v.tag != Tag::list) { scalar(v); return; }
    const ir::Layout* layout = v.width > 1 || shape.element_layout >= 0 ? element_layout(shape, v.width) : nullptr;
    out += '[';
    for (std::uint32_t i = 0; i < v.len; ++i) {
      if (i > 0) out += json ? "," : ", ";
      if (!json && i == kTextListCut) {
        fmt::format_to(std::back_inserter(out), "... ({} more)", v.len - i);
        break;
      }
      const Value* elem = v.u.elems + static_cast<std::size_t>(i) * v.width;
      if (layout != nullptr) object(*layout, elem, -1, shape.program, depth + 1);
      else if (v.width == 1) value(*elem, {}, depth + 1);
      else tuple(elem, v.width, depth + 1);
    }
    out += ']';
  }

  void tuple(const Value* elem, std::uint16_t width, int depth) {
    out += '[';
    for (std::uint16_t f = 0; f < width; ++f) {
      if (f > 0) out += json ? "," : ", ";
      value(elem[f], {}, depth);
    }
    out += ']';
  }

  // The fields of `layout` whose parent is `parent`, as one object.
  void object(const ir::Layout& layout, const Value* elem, std::int32_t parent, const ir::Program* program,
              int depth) {
    if (depth > kMaxDepth) { out += json ? "null" : "..."; return; }
    out += json ? "{" : "{ ";
    bool first = true;
    for (std::size_t f = 0; f < layout.slots.size(); ++f) {
      const ir::Slot& slot = layout.slots[f];
      if (slot.parent != parent) continue;
      if (!first) out += json ? "," : ", ";
      first = false;
      if (json) append_json_string(out, field_name(slot));
      else out.append(field_name(slot));
      out += json ? ":" : ": ";
      if (slot.kind == TypeKind::object && elem[f].tag == Tag::object)
        object(layout, elem, static_cast<std::int32_t>(f), program, depth + 1);
      else
        value(elem[f], slot_shape(program, slot), depth + 1);
    }
    out += json ? "}" : (first ? "}" : " }");
  }
};

// ---------------------------------------------------------------- nlohmann

nlohmann::json to_json(const Value& v, ValueShape shape, int depth);

nlohmann::json object_json(const ir::Layout& layout, const Value* elem, std::int32_t parent,
                           const ir::Program* program, int depth) {
  if (depth > kMaxDepth) return nullptr;
  nlohmann::json obj = nlohmann::json::object();
  for (std::size_t f = 0; f < layout.slots.size(); ++f) {
    const ir::Slot& slot = layout.slots[f];
    if (slot.parent != parent) continue;
    std::string key(field_name(slot));
    if (slot.kind == TypeKind::object && elem[f].tag == Tag::object)
      obj[key] = object_json(layout, elem, static_cast<std::int32_t>(f), program, depth + 1);
    else
      obj[key] = to_json(elem[f], slot_shape(program, slot), depth + 1);
  }
  return obj;
}

nlohmann::json to_json(const Value& v, ValueShape shape, int depth) {
  if (depth > kMaxDepth) return nullptr;
  switch (v.tag) {
    case Tag::unset: return nullptr;
    case Tag::boolean: return v.u.b;
    case Tag::int_: return v.u.i;
    case Tag::number:
      if (v.u.n != v.u.n || v.u.n - v.u.n != 0) return nullptr;
      return v.u.n;
    case Tag::text: return std::string(v.as_text());
    case Tag::date: return format_instant(v.u.i);
    case Tag::duration: return format_duration(v.u.i);
    case Tag::object: return nlohmann::json::object();
    case Tag::list: break;
  }
  nlohmann::json arr = nlohmann::json::array();
  const ir::Layout* layout = v.width > 1 || shape.element_layout >= 0 ? element_layout(shape, v.width) : nullptr;
  for (std::uint32_t i = 0; i < v.len; ++i) {
    const Value* elem = v.u.elems + static_cast<std::size_t>(i) * v.width;
    if (layout != nullptr) {
      arr.push_back(object_json(*layout, elem, -1, shape.program, depth + 1));
    } else if (v.width == 1) {
      arr.push_back(to_json(*elem, {}, depth + 1));
    } else {
      nlohmann::json t = nlohmann::json::array();
      for (std::uint16_t f = 0; f < v.width; ++f) t.push_back(to_json(elem[f], {}, depth + 1));
      arr.push_back(std::move(t));
    }
  }
  return arr;
}

}  // namespace

ValueShape shape_of_slot(const ir::Program& program, std::int32_t layout, std::int32_t slot) {
  if (layout < 0 || static_cast<std::size_t>(layout) >= program.layouts.size()) return {&program, -1};
  const auto& slots = program.layouts[static_cast<std::size_t>(layout)].slots;
  if (slot < 0 || static_cast<std::size_t>(slot) >= slots.size()) return {&program, -1};
  return {&program, slots[static_cast<std::size_t>(slot)].element_layout};
}

nlohmann::json value_to_json(const Value& v, ValueShape shape) { return to_json(v, shape, 0); }

void append_value_json(std::string& out, const Value& v, ValueShape shape) {
  TextWriter{out, true}.value(v, shape, 0);
}

// One JSON string escaper for every output (runtime/writers/text_escape.cpp): control
// characters escaped, invalid UTF-8 replaced, so every line stays valid JSON.
void append_json_string(std::string& out, std::string_view text) { append_json_text(out, text); }

std::string value_to_text(const Value& v, ValueShape shape) {
  std::string out;
  append_value_text(out, v, shape);
  return out;
}

void append_value_text(std::string& out, const Value& v, ValueShape shape) {
  TextWriter{out, false}.value(v, shape, 0);
}

}  // namespace sluice::rt
