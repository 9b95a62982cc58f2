// The per-reader state every reader shares: the schema, the slot arrays handed out
// in RecordIn, the arena for lists and copied texts, and the record's first error.
// begin() resets it for the next record; end() fills RecordIn. A reader that returns
// batches (RecordReader::next_batch) asks for `batch` slot arrays; one arena holds
// all of a batch's records: it is reset only by the batch's first record.
#pragma once
#include <algorithm>
#include <vector>

#include "runtime/arena.hpp"
#include "runtime/reader.hpp"
#include "runtime/readers/scalar_parse.hpp"
#include "runtime/readers/schema.hpp"

namespace sluice::rt::readers {

struct RecordState {
  RecordState(const ir::Program& program, std::int32_t record, bool by_field_name, const ReaderLimits& lim,
              std::size_t batch_size = 1)
      : schema(program, record, by_field_name), limits(lim), batch(batch_size), width(schema.width(schema.root())),
        storage(width * batch), blank(width), slots(storage.data()) {}
  RecordState(const RecordState&) = delete;  // `slots` points into `storage`
  RecordState& operator=(const RecordState&) = delete;

  // `in_batch` (< batch): the record's place in its batch (0: the first, or no batch).
  void begin(std::size_t in_batch = 0) {
    if (in_batch == 0) arena.reset();
    slots = storage.data() + in_batch * width;
    // A copy of unset slots (one memmove), cheaper than storing each Value.
    std::copy(blank.begin(), blank.end(), slots);
    err.clear();
  }
  // `line` is the record's first input line.
  void end(RecordIn& rec, std::int64_t line) {
    rec.line = line;
    rec.index = index++;
    rec.slots = slots;
    rec.key = schema.key_slot() >= 0 ? slots[static_cast<std::size_t>(schema.key_slot())] : Value::unset();
    rec.error = err.any();
    if (rec.error) {
      rec.error_code = err.code;
      rec.error_message = err.message;
    } else {  // most records: no string to copy
      rec.error_code.clear();
      rec.error_message.clear();
    }
  }

  RecordSchema schema;
  ReaderLimits limits;
  Arena arena;
  const std::size_t batch;         // the most records of one batch
  const std::size_t width;         // slots per record
  std::vector<Value> storage;      // `batch` records' slots
  const std::vector<Value> blank;  // all unset, `width` of them
  Value* slots;                    // the current record's `width` slots
  ReadError err;
  std::int64_t index = 0;
};

}  // namespace sluice::rt::readers
