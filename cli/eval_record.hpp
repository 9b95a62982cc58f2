// One record of `sluice eval`: evaluate it (unless the reader already failed it),
// explain it when asked, write its result and count it. Shared by the one-thread
// loop (cli/command_eval.cpp) and the workers of `-j N` (cli/eval_parallel.cpp).
#pragma once
#include <nlohmann/json.hpp>

#include "cli/eval_inputs.hpp"
#include "cli/eval_summary.hpp"
#include "runtime/evaluate.hpp"
#include "runtime/explain.hpp"
#include "runtime/writers/writer.hpp"

namespace sluice::cli {

inline void eval_record(const EvalSetup& setup, bool explain, rt::Evaluator& evaluator, rt::EvalResult& result,
                        const rt::RecordIn& rec, rt::ResultWriter& writer, Summary& summary) {
  nlohmann::json explained;
  if (rec.error) {
    result.clear();
  } else {
    evaluator.evaluate(rec.slots, setup.funnel, setup.as_of_ms, result);
    if (explain && !result.error) explained = rt::to_json(rt::explain(evaluator, result));
  }
  writer.write(rec, result, explained.is_null() ? nullptr : &explained);
  summary.add(rec, result);
}

}  // namespace sluice::cli
