// Record readers: NDJSON, a JSON array, CSV -> one slot array per record, in input
// order. A record that cannot be read still comes out (with `error` set) so that
// every input record yields exactly one output line.
#pragma once
#include <cstdint>
#include <istream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/ir.hpp"
#include "runtime/arena.hpp"
#include "runtime/value.hpp"

namespace sluice::rt {

struct RecordIn {
  std::int64_t line = 0;        // 1-based input line (CSV: the line the row starts on)
  std::int64_t index = 0;       // 0-based record number
  const Value* slots = nullptr; // the record's layout, filled (valid until the next read)
  Value key;                    // the key field when it could be read (for error lines)
  bool error = false;
  std::string error_code;       // E_DATA_JSON, E_DATA_TYPE, E_DATA_MISSING, E_DATA_RANGE, ...
  std::string error_message;    // names the field: "lead_score: expected int, got \"high\""
};

enum class InputFormat { ndjson, json, csv };

struct ReaderLimits {
  std::size_t max_line_bytes = 64u << 20;   // NDJSON line / CSV record
  std::size_t max_depth = 64;               // JSON nesting
  std::size_t max_list = 100000;            // elements in one list
  std::size_t max_field_bytes = 16u << 20;  // one CSV field
  std::size_t max_document_bytes = std::size_t{1} << 30;  // a whole JSON-array input (read at once)
  // NDJSON records are read by walking simdjson's structural index, and only the
  // records the walk gives up on by on-demand (readers/json_walk.cpp). Off: on-demand
  // for every record, as the tests that compare the two paths need. Same results.
  bool structural_walk = true;
  // CSV lines are split 64 bytes at a time where they are plain (readers/csv_line.cpp),
  // the rest byte by byte. Off: byte by byte, for the tests that compare the two.
  bool csv_simple_lines = true;
};

// The most records one next_batch() call returns.
inline constexpr std::size_t kMaxBatch = 32;

class RecordReader {
 public:
  virtual ~RecordReader() = default;
  // false at end of input. A bad record returns true with `rec.error` set.
  virtual bool next(RecordIn& rec) = 0;
  // Reads up to `max` (1 <= max <= kMaxBatch) records into recs[0..n) and returns n;
  // 0 at the end of input. All n stay valid until the next call of next() or next_batch(), so
  // a caller can run each stage of its work over the whole batch (the code of one
  // stage stays in the instruction cache). Fewer than `max` does not mean the end.
  virtual std::size_t next_batch(RecordIn* recs, std::size_t max) { return max > 0 && next(recs[0]) ? 1 : 0; }
};

// `record` indexes program.records. `by_field_name`: keys are policy field names
// (test `given`), not input keys (`from`).
std::unique_ptr<RecordReader> make_reader(InputFormat format, std::istream& in,
                                          const ir::Program& program, std::int32_t record,
                                          const ReaderLimits& limits = {},
                                          bool by_field_name = false);

// An NDJSON reader over lines already in memory (an `eval -j N` chunk), parsed where
// they are: at least 64 readable bytes must follow `text`: zeros (rt::InputChunk's
// padding), or, when `text` ends with a newline, the rest of a mapped file
// (rt::InputChunker over an rt::MappedFile). Results are those make_reader gives for the same bytes. restart() turns
// it to the next chunk as a new reader would read it (lines and record numbers from
// 1 and 0 again), keeping its parser, arena and slot arrays: a worker builds one
// reader, not one per chunk.
class ChunkReader : public RecordReader {
 public:
  virtual void restart(std::string_view text) = 0;
  // Lines read since the start or the last restart, blank ones and a last one
  // without a newline included.
  virtual std::int64_t lines() const = 0;
};
std::unique_ptr<ChunkReader> make_ndjson_reader_in_place(std::string_view text, const ir::Program& program,
                                                         std::int32_t record, const ReaderLimits& limits = {});

}  // namespace sluice::rt
