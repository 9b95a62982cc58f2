// The readers alone: NDJSON and CSV text -> slot arrays, about 1 MiB per iteration
// of the example records (bench/bench_fixture.hpp).
#include <sstream>

#include <benchmark/benchmark.h>

#include "bench/bench_fixture.hpp"
#include "runtime/reader.hpp"

namespace {

void read_all(benchmark::State& state, sluice::rt::InputFormat format, const std::string& text) {
  const auto& f = sluice::bench::fixture();
  std::int64_t records = 0;
  for (auto _ : state) {
    std::istringstream in(text);
    auto reader = sluice::rt::make_reader(format, in, f.program->ir, f.record);
    sluice::rt::RecordIn rec;
    while (reader->next(rec)) {
      benchmark::DoNotOptimize(rec.slots);
      ++records;
    }
  }
  state.SetItemsProcessed(records);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(text.size()));
}

void BM_read_ndjson(benchmark::State& state) {
  read_all(state, sluice::rt::InputFormat::ndjson, sluice::bench::fixture().ndjson);
}
void BM_read_csv(benchmark::State& state) {
  read_all(state, sluice::rt::InputFormat::csv, sluice::bench::fixture().csv);
}

}  // namespace

BENCHMARK(BM_read_ndjson)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_read_csv)->Unit(benchmark::kMillisecond);
