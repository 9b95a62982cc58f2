// One record of `sluice eval`: evaluate it (unless the reader already failed it),
// explain it when asked, write its result and count it. Shared by the one-thread
// loop (cli/command_eval.cpp) and the workers of `-j N` (cli/eval_parallel.cpp).
#pragma once
#include <array>

#include "cli/eval_inputs.hpp"
#include "cli/eval_summary.hpp"
#include "runtime/evaluate.hpp"
#include "runtime/explain.hpp"
#include "runtime/writers/writer.hpp"

namespace sluice::cli {

// `explanation`: for `--explain`, reused from record to record (nullptr: no
// explaining).
inline void eval_record(const EvalSetup& setup, rt::Explanation* explanation, rt::Evaluator& evaluator,
                        rt::EvalResult& result, const rt::RecordIn& rec, rt::ResultWriter& writer, Summary& summary) {
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
  writer.write(rec, result, explained ? explanation : nullptr);
  summary.add(rec, result);
}

// Reads the next batch of records from `reader` (RecordReader::next_batch) into
// `recs`, then evaluates, writes and counts each of them (each record's line moved
// by `line_offset`); returns how many, 0 at the end of the input. Reading a batch
// before evaluating it keeps the reader's code in the instruction cache for the
// whole batch instead of reader, evaluator and writer evicting each other for
// every record; evaluating and writing share one result, record by record.
inline std::size_t eval_batch(const EvalSetup& setup, rt::Explanation* explanation, rt::Evaluator& evaluator,
                              rt::EvalResult& result, std::array<rt::RecordIn, rt::kMaxBatch>& recs,
                              rt::RecordReader& reader, rt::ResultWriter& writer, Summary& summary,
                              std::int64_t line_offset = 0) {
  const std::size_t n = reader.next_batch(recs.data(), rt::kMaxBatch);
  for (std::size_t i = 0; i < n; ++i) {
    recs[i].line += line_offset;
    eval_record(setup, explanation, evaluator, result, recs[i], writer, summary);
  }
  return n;
}

}  // namespace sluice::cli
