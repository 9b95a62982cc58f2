// The per-reader state every reader shares: the schema, the slot array handed out
// in RecordIn, the arena for lists and copied texts, and the record's first error.
// begin() resets it for the next record; end() fills RecordIn.
#pragma once
#include <algorithm>
#include <vector>

#include "runtime/arena.hpp"
#include "runtime/reader.hpp"
#include "runtime/readers/scalar_parse.hpp"
#include "runtime/readers/schema.hpp"

namespace sluice::rt::readers {

struct RecordState {
  RecordState(const ir::Program& program, std::int32_t record, bool by_field_name, const ReaderLimits& lim)
      : schema(program, record, by_field_name), limits(lim), slots(schema.width(schema.root())),
        blank(slots.size()) {}

  void begin() {
    arena.reset();
    // A copy of unset slots (one memmove), cheaper than storing each Value.
    std::copy(blank.begin(), blank.end(), slots.begin());
    err.clear();
  }
  // `line` is the record's first input line.
  void end(RecordIn& rec, std::int64_t line) {
    rec.line = line;
    rec.index = index++;
    rec.slots = slots.data();
    rec.key = schema.key_slot() >= 0 ? slots[static_cast<std::size_t>(schema.key_slot())] : Value::unset();
    rec.error = err.any();
    rec.error_code = err.any() ? err.code : "";
    rec.error_message = err.message;
  }

  RecordSchema schema;
  ReaderLimits limits;
  Arena arena;
  std::vector<Value> slots;
  const std::vector<Value> blank;  // all unset, as many as slots
  ReadError err;
  std::int64_t index = 0;
};

}  // namespace sluice::rt::readers
