// Run-time values written out: as JSON (result lines, explain) and as text for
// people (explain, the table writer). Dates are ISO-8601 instants
// ("2026-01-15T00:00:00Z"), durations Sluice durations ("2d3h", readable back by
// parse_duration), texts and enum values JSON strings, "not set" JSON null.
//
// A list of objects is a run of `width` Values per element; its field names come
// from the element Layout (Slot::element_layout of the list's slot). Without one,
// each element is written as an array of its field values.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "compiler/ir.hpp"
#include "runtime/value.hpp"

namespace sluice::rt {

// Where to find the names of object-list fields; both may be absent.
struct ValueShape {
  const ir::Program* program = nullptr;
  std::int32_t element_layout = -1;   // index into program->layouts
};

// The shape of the value held by `slot` of `layout` (its element layout for lists).
ValueShape shape_of_slot(const ir::Program& program, std::int32_t layout, std::int32_t slot);

nlohmann::json value_to_json(const Value& v, ValueShape shape = {});

// Appends the same JSON as value_to_json, compact, to `out` (no allocation beyond
// `out`'s growth: for the writers' hot loop).
void append_value_json(std::string& out, const Value& v, ValueShape shape = {});
// Appends `text` as a JSON string: quotes, escapes for `"` `\` and control
// characters; other bytes (UTF-8) are copied as they are.
void append_json_string(std::string& out, std::string_view text);

// For people, in the policy's own literal syntax: 80, 3.5, "CTO", true,
// 2026-01-15T00:00:00Z, 2d, [1, 2], { name: "Ann", role: "cfo" }; "not set" when
// the value is not set. Lists longer than 10 elements are cut: [1, 2, ... (25 more)].
std::string value_to_text(const Value& v, ValueShape shape = {});
void append_value_text(std::string& out, const Value& v, ValueShape shape = {});

}  // namespace sluice::rt
