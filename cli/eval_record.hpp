// One record of `sluice eval`: evaluate it (unless the reader already failed it),
// explain it when asked, write its result and count it. Shared by the one-thread
// loop (cli/command_eval.cpp) and the workers of `-j N` (cli/eval_parallel.cpp).
#pragma once
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

}  // namespace sluice::cli
