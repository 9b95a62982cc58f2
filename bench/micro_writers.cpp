// The writers alone: one evaluated example record (a won deal: stamps, an event, a
// notification, qualifications) formatted again and again into a sink on /dev/null.
#include <fcntl.h>
#include <unistd.h>

#include <sstream>

#include <benchmark/benchmark.h>

#include "bench/bench_fixture.hpp"
#include "runtime/evaluate.hpp"
#include "runtime/reader.hpp"
#include "runtime/writers/writer.hpp"

namespace {

constexpr std::int64_t kRecord = 9;  // records.ndjson line 10: L-010, won

void write_one(benchmark::State& state, sluice::rt::OutputFormat format) {
  const auto& f = sluice::bench::fixture();
  std::istringstream in(f.ndjson);
  auto reader = sluice::rt::make_reader(sluice::rt::InputFormat::ndjson, in, f.program->ir, f.record);
  sluice::rt::RecordIn rec;
  for (std::int64_t i = 0; i <= kRecord; ++i) reader->next(rec);
  sluice::rt::Evaluator evaluator(*f.program, f.record);
  sluice::rt::EvalResult result;
  evaluator.evaluate(rec.slots, -1, f.as_of_ms, result);
  const int fd = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  {
    sluice::rt::OutputSink sink(fd);
    auto writer = sluice::rt::make_writer(format, f.program->ir, f.record, sink);
    for (auto _ : state) writer->write(rec, result, nullptr);
    writer->finish();
  }
  ::close(fd);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

void BM_write_ndjson(benchmark::State& state) { write_one(state, sluice::rt::OutputFormat::ndjson); }
void BM_write_csv(benchmark::State& state) { write_one(state, sluice::rt::OutputFormat::csv); }

}  // namespace

BENCHMARK(BM_write_ndjson);
BENCHMARK(BM_write_csv);
