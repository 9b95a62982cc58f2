// One record of `sluice eval`: evaluate it (unless the reader already failed it),
// explain it when asked, write its result and count it. Shared by the one-thread
// loop (cli/command_eval.cpp) and the workers of `-j N` (cli/eval_parallel.cpp).
#pragma once
#include <array>

#include "cli/eval_inputs.hpp"
#include "cli/eval_summary.hpp"
#include "runtime/evaluate.hpp"
#include "runtime/explain.hpp"
#include "runtime/input_chunker.hpp"
#include "runtime/writers/writer.hpp"

namespace sluice::cli {

// The input lines before a `-j N` chunk, added to the line of each of its results
// that prints one (only error results do): the chunk's line_offset, or, for a
// mapped chunk (uncounted), worked out by `counter` on its first error, so most
// chunks never count.
class LineOffset {
 public:
  LineOffset(const rt::InputChunk& chunk, rt::MappedLineCounter* counter)
      : counter_(counter), begin_(chunk.input_begin), known_(chunk.line_offset) {}
  std::int64_t get() {
    if (known_ == rt::InputChunk::kUncounted) known_ = counter_->lines_before(begin_);
    return known_;
  }

 private:
  rt::MappedLineCounter* counter_;
  std::size_t begin_;
  std::int64_t known_;
};

// `explanation`: for `--explain`, reused from record to record (nullptr: no
// explaining). `lines`: moves the line of an error result (nullptr: none).
inline void eval_record(const EvalSetup& setup, rt::Explanation* explanation, rt::Evaluator& evaluator,
                        rt::EvalResult& result, rt::RecordIn& rec, rt::ResultWriter& writer, Summary& summary,
                        LineOffset* lines = nullptr) {
  bool explained = false;
  if (rec.error) {
    result.clear();
  } else {
    evaluator.evaluate(rec.slots, setup.funnel, setup.as_of_ms, result);
    if (explanation != nullptr && !result.error) {
      rt::explain_into(evaluator, result, *explanation);
      explained = true;
    }
  }
  if (lines != nullptr && (rec.error || result.error)) rec.line += lines->get();
  writer.write(rec, result, explained ? explanation : nullptr);
  summary.add(rec, result);
}

// Reads the next batch of records from `reader` (RecordReader::next_batch) into
// `recs`, then evaluates, writes and counts each of them (error lines moved by
// `lines`); returns how many, 0 at the end of the input. Reading a batch
// before evaluating it keeps the reader's code in the instruction cache for the
// whole batch instead of reader, evaluator and writer evicting each other for
// every record; evaluating and writing share one result, record by record.
inline std::size_t eval_batch(const EvalSetup& setup, rt::Explanation* explanation, rt::Evaluator& evaluator,
                              rt::EvalResult& result, std::array<rt::RecordIn, rt::kMaxBatch>& recs,
                              rt::RecordReader& reader, rt::ResultWriter& writer, Summary& summary,
                              LineOffset* lines = nullptr) {
  const std::size_t n = reader.next_batch(recs.data(), rt::kMaxBatch);
  for (std::size_t i = 0; i < n; ++i) eval_record(setup, explanation, evaluator, result, recs[i], writer, summary, lines);
  return n;
}

}  // namespace sluice::cli
