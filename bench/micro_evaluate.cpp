// The evaluator on one fixed record (no reading, no writing): the example record
// given by the argument (its 0-based line in records.ndjson), without and with the
// explain structure that `--explain` adds.
#include <sstream>

#include <benchmark/benchmark.h>

#include "bench/bench_fixture.hpp"
#include "runtime/evaluate.hpp"
#include "runtime/explain.hpp"
#include "runtime/reader.hpp"

namespace {

// Reads records up to `index`; the reader keeps that record's slots alive.
struct OneRecord {
  std::istringstream in;
  std::unique_ptr<sluice::rt::RecordReader> reader;
  sluice::rt::RecordIn rec;
  explicit OneRecord(std::int64_t index) : in(sluice::bench::fixture().ndjson) {
    const auto& f = sluice::bench::fixture();
    reader = sluice::rt::make_reader(sluice::rt::InputFormat::ndjson, in, f.program->ir, f.record);
    for (std::int64_t i = 0; i <= index; ++i) reader->next(rec);
  }
};

void BM_evaluate(benchmark::State& state) {
  const auto& f = sluice::bench::fixture();
  OneRecord one(state.range(0));
  sluice::rt::Evaluator evaluator(*f.program, f.record);
  sluice::rt::EvalResult result;
  for (auto _ : state) {
    evaluator.evaluate(one.rec.slots, -1, f.as_of_ms, result);
    benchmark::DoNotOptimize(result.stage);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

void BM_evaluate_explain(benchmark::State& state) {
  const auto& f = sluice::bench::fixture();
  OneRecord one(state.range(0));
  sluice::rt::Evaluator evaluator(*f.program, f.record);
  sluice::rt::EvalResult result;
  sluice::rt::Explanation explanation;  // reused and written as `eval --explain` does
  sluice::rt::writers::LineBuffer line;
  for (auto _ : state) {
    evaluator.evaluate(one.rec.slots, -1, f.as_of_ms, result);
    sluice::rt::explain_into(evaluator, result, explanation);
    line.clear();
    sluice::rt::append_explain_json(line, explanation);
    benchmark::DoNotOptimize(line.view().data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

}  // namespace

// 0: an anonymous visitor; 6: an MQL with an SLA; 9: a won deal (event, notification).
BENCHMARK(BM_evaluate)->Arg(0)->Arg(6)->Arg(9);
BENCHMARK(BM_evaluate_explain)->Arg(0)->Arg(6)->Arg(9);
