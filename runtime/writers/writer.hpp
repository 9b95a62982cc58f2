// Result writers: one output record per input record, in input order, in the
// formats of `sluice eval --format` (docs/eval.md). Each formats into a reusable
// buffer (the sink's, or for JSON its own, handed over in blocks); the sink writes
// large blocks.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "compiler/ir.hpp"
#include "runtime/reader.hpp"
#include "runtime/result.hpp"
#include "runtime/writers/output_sink.hpp"

namespace sluice::rt {

struct Explanation;  // runtime/explain.hpp

enum class OutputFormat { ndjson, json, csv, table };

class ResultWriter {
 public:
  virtual ~ResultWriter() = default;
  // One input record. `in.error`: the reader's error; else `result` holds the
  // evaluation (itself possibly an error). `explain`: added as "explain" (JSON
  // formats; the bytes of to_json(*explain) dumped), or nullptr.
  virtual void write(const RecordIn& in, const EvalResult& result, const Explanation* explain) = 0;
  // After the last record (closes a JSON array, prints the last table rows).
  virtual void finish() = 0;
  // A fragment writer's bytes not yet in its sink (those finish() will write).
  virtual std::size_t buffered() const { return 0; }
  // Finishes a fragment writer's chunk without copying its bytes where the writer can:
  // `block` takes the writer's buffer, whose first N bytes are the chunk's (N returned;
  // bytes after them are stale), and the writer keeps block's old storage for the next
  // chunk. nullopt: this writer finished into its sink, as finish() does.
  virtual std::optional<std::size_t> finish_block(std::string& block) {
    (void)block;
    finish();
    return std::nullopt;
  }
};

// `record`: the record type the input was read as (Program::records index), for
// the key field's name and the `set` field names.
std::unique_ptr<ResultWriter> make_writer(OutputFormat format, const ir::Program& program, std::int32_t record,
                                          OutputSink& sink);

// Parallel evaluation (`eval -j N`) formats each chunk of records on its own with a
// fragment writer, and the caller frames the concatenated fragments:
//   fragment_prologue + fragment(1) + ... + fragment(n) + fragment_epilogue
// gives the same bytes as one whole writer. Fragments: NDJSON lines, CSV rows without
// the header, JSON-array elements each preceded by ",\n" (the prologue is "[" and the
// caller drops the first fragment's leading ','). The table format has no fragments.
bool has_fragments(OutputFormat format);
std::unique_ptr<ResultWriter> make_fragment_writer(OutputFormat format, const ir::Program& program,
                                                   std::int32_t record, OutputSink& sink);
std::string fragment_prologue(OutputFormat format, const ir::Program& program, std::int32_t record);
std::string fragment_epilogue(OutputFormat format, bool any_records);

}  // namespace sluice::rt
