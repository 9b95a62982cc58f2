#include "cli/eval_parallel.hpp"

#include <cstdio>
#include <exception>
#include <latch>

#include <fmt/format.h>

#include "cli/interrupt.hpp"
#include "cli/eval_record.hpp"

namespace sluice::cli {

namespace {

constexpr std::size_t kSequentialFragment = std::size_t{1} << 20;
constexpr std::size_t kKeepBytes = std::size_t{4} << 20;  // buffers kept for reuse by a spare job
// A CSV chunk's bytes: its results are about 2.4 times its size (NDJSON's about its
// size), so its output stays near an NDJSON chunk's (docs/performance.md).
constexpr std::size_t kCsvChunkBytes = std::size_t{1} << 19;

}  // namespace

// A worker's evaluator, explanation and fragment writer live as long as the worker:
// the writer renders its constant text once, not once per chunk. It writes into
// `out`, which is swapped with the job's buffer after each chunk.
struct ParallelEval::Worker {
  Worker(const EvalSetup& setup, rt::OutputFormat format)
      : evaluator(*setup.program, setup.record),
        summary(setup.program->ir),
        sink(&out),
        writer(rt::make_fragment_writer(format, setup.program->ir, setup.record, sink)) {
    evaluator.machine().set_step_budget(static_cast<std::int64_t>(setup.limits.eval_steps));
  }
  rt::Evaluator evaluator;
  Summary summary;
  rt::EvalResult result;
  std::array<rt::RecordIn, rt::kMaxBatch> recs;  // a batch read (eval_batch)
  std::unique_ptr<rt::ChunkReader> reader;       // built for the first chunk, restarted for the next
  std::unique_ptr<rt::CsvChunkReader> csv_reader;  // likewise, for the CSV input being run (its header)
  rt::Explanation explanation;  // for --explain, reused from record to record
  std::string out;  // what writers that cannot hand over a block (CSV) write into
  rt::OutputSink sink;
  std::unique_ptr<rt::ResultWriter> writer;
};

// Each worker builds its state on its own thread, so that its allocations come from
// that thread's malloc arena: built here one after the other, two workers' summaries
// shared cache lines, and Summary::add took 2.4 times its -j 1 samples.
ParallelEval::ParallelEval(const EvalSetup& setup, rt::OutputFormat format, bool explain, int jobs)
    : setup_(setup), format_(format), explain_(explain), own_summary_(std::make_unique<Summary>(setup.program->ir)) {
  const auto n = static_cast<std::size_t>(jobs);
  workers_.resize(n);
  std::vector<std::exception_ptr> failed(n);
  std::latch built(jobs);
  for (std::size_t i = 0; i < n; ++i) {
    threads_.emplace_back([this, i, &failed, &built] {
      try {
        workers_[i] = std::make_unique<Worker>(setup_, format_);
      } catch (...) {  // memory exhaustion: thrown from the constructor below
        failed[i] = std::current_exception();
      }
      Worker* worker = workers_[i].get();
      built.count_down();  // `failed` and `built` are gone after this
      if (worker != nullptr) work(*worker);
    });
  }
  built.wait();
  for (const auto& e : failed) {
    if (e) {
      stop();
      std::rethrow_exception(e);
    }
  }
}

ParallelEval::~ParallelEval() { stop(); }

void ParallelEval::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  work_ready_.notify_all();
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
}

void ParallelEval::work(Worker& worker) {
  for (;;) {
    Job* job = nullptr;
    {
      std::unique_lock lock(mutex_);
      work_ready_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;
      job = queue_.front();
      queue_.pop_front();
    }
    evaluate_chunk(worker, *job);
    {
      std::lock_guard lock(mutex_);
      job->done = true;
    }
    job_done_.notify_all();
  }
}

// The worker's reader for the job's chunk: built for its first chunk, restarted for the next.
rt::RecordReader& ParallelEval::reader_for(Worker& worker, const Job& job) {
  const std::string_view text = job.chunk.text();
  if (job.csv != nullptr) {
    return rt::csv_chunk_reader(worker.csv_reader, text, job.chunk.line_offset + 1, *job.csv, setup_.program->ir,
                                setup_.record, setup_.limits.records);
  }
  if (worker.reader == nullptr) {
    worker.reader = rt::make_ndjson_reader_in_place(text, setup_.program->ir, setup_.record, setup_.limits.records);
  } else {
    worker.reader->restart(text);
  }
  return *worker.reader;
}

void ParallelEval::evaluate_chunk(Worker& worker, Job& job) {
  job.records = 0;
  job.out_used = 0;
  job.failure.clear();
  worker.out.clear();
  try {
    rt::RecordReader& reader = reader_for(worker, job);
    LineOffset lines(job.chunk, lines_ ? &*lines_ : nullptr);
    // A CSV chunk's reader numbers its lines as in the whole input already.
    LineOffset* moves = job.csv != nullptr ? nullptr : &lines;
    rt::Explanation* explanation = explain_ ? &worker.explanation : nullptr;
    while (const std::size_t n = eval_batch(setup_, explanation, worker.evaluator, worker.result, worker.recs, reader,
                                            *worker.writer, worker.summary, moves)) {
      job.records += static_cast<std::int64_t>(n);
    }
    // The JSON writers hand their buffer over (no copy of the chunk's bytes); the
    // others wrote into worker.out.
    if (const auto used = worker.writer->finish_block(job.out)) {
      job.out_used = *used;
    } else {
      worker.out.swap(job.out);
      job.out_used = job.out.size();
    }
    if (lines_) lines_->chunk_read(job.chunk.input_begin, job.chunk.input_end, worker.reader->lines());
  } catch (const std::exception& e) {  // only a defect of the program's layout or memory exhaustion
    job.failure = e.what();
  }
}

void ParallelEval::begin(rt::OutputSink& sink) {
  sink.buffer() += rt::fragment_prologue(format_, setup_.program->ir, setup_.record);
  sink.written();
}

void ParallelEval::end(rt::OutputSink& sink) {
  sink.buffer() += rt::fragment_epilogue(format_, any_records_);
  sink.flush();
}

void ParallelEval::emit(rt::OutputSink& sink, std::string_view fragment, std::int64_t records) {
  if (records == 0 || sink.closed()) return;
  const bool drop_comma = format_ == rt::OutputFormat::json && !any_records_;
  sink.write_through(fragment.substr(drop_comma ? 1 : 0));
  any_records_ = true;
  done_ += records;
}

bool ParallelEval::run(const std::string& path, std::istream& in, rt::MappedFile* mapped, rt::OutputSink& sink,
                       const std::function<void(std::int64_t)>& progress) {
  const rt::InputFormat format = input_format_of(path, setup_.input_format);
  if (format == rt::InputFormat::csv && mapped != nullptr) return run_csv(path, in, *mapped, sink, progress);
  if (format != rt::InputFormat::ndjson) return run_sequential(path, in, sink, progress);
  rt::InputChunker chunker = mapped != nullptr ? rt::InputChunker(*mapped)
                                               : rt::InputChunker(in, setup_.limits.records.max_line_bytes);
  // Set before any chunk is queued; every chunk is done before it goes.
  if (mapped != nullptr) lines_.emplace(mapped->text());
  const bool ok = run_chunks(mapped, sink, progress, [&](Job& job) { return chunker.next(job.chunk); });
  lines_.reset();
  return ok;
}

// A CSV file is cut by records on this thread (rt::CsvChunker); without a header
// row a chunk could start from, one reader reads it (and reports the header).
bool ParallelEval::run_csv(const std::string& path, std::istream& in, rt::MappedFile& mapped, rt::OutputSink& sink,
                           const std::function<void(std::int64_t)>& progress) {
  rt::CsvChunker chunker(mapped.text(), setup_.limits.records, kCsvChunkBytes);
  if (!chunker.read_header()) return run_sequential(path, in, sink, progress);
  // The workers are idle between inputs: their readers were built for the last header.
  for (auto& w : workers_) w->csv_reader.reset();
  return run_chunks(&mapped, sink, progress, [&](Job& job) {
    rt::CsvChunk cut;
    if (!chunker.next(cut)) return false;
    job.chunk.view_of(mapped.text(), cut.begin, cut.end, cut.first_line - 1);
    job.csv = &chunker.header();
    return true;
  });
}

bool ParallelEval::run_chunks(rt::MappedFile* mapped, rt::OutputSink& sink,
                              const std::function<void(std::int64_t)>& progress,
                              const std::function<bool(Job&)>& next_chunk) {
  const std::size_t max_in_flight = 2 * workers_.size() + 2;
  std::deque<std::unique_ptr<Job>> in_flight;
  std::vector<std::unique_ptr<Job>> spare;
  std::string failure;
  // Waits for the oldest chunk and writes it.
  auto retire = [&] {
    Job& job = *in_flight.front();
    {
      std::unique_lock lock(mutex_);
      job_done_.wait(lock, [&] { return job.done; });
    }
    if (!job.failure.empty() && failure.empty()) failure = job.failure;
    if (failure.empty()) emit(sink, std::string_view(job.out).substr(0, job.out_used), job.records);
    progress(done_);
    if (mapped != nullptr) mapped->release_before(job.chunk.input_end);  // no later chunk reads before it
    // A chunk that held an over-sized line (up to the line limit) gives its memory
    // back rather than keeping it for the next chunk: peak memory stays near
    // (2N + 2) x 1 MB plus the one large line being read.
    if (job.chunk.capacity() > kKeepBytes) job.chunk.release();
    if (job.out.capacity() > kKeepBytes) std::string().swap(job.out);
    spare.push_back(std::move(in_flight.front()));
    in_flight.pop_front();
  };
  // Ctrl-C or a write error: read no more chunks; those in flight are still written whole.
  while (!sink.closed() && sink.error() == 0 && !interrupted() && failure.empty()) {
    std::unique_ptr<Job> job;
    if (spare.empty()) {
      job = std::make_unique<Job>();
    } else {
      job = std::move(spare.back());
      spare.pop_back();
    }
    job->csv = nullptr;
    if (!next_chunk(*job)) break;
    job->done = false;
    {
      std::lock_guard lock(mutex_);
      queue_.push_back(job.get());
    }
    work_ready_.notify_one();
    in_flight.push_back(std::move(job));
    while (in_flight.size() >= max_in_flight) retire();
  }
  while (!in_flight.empty()) retire();  // the workers still hold them: always wait
  if (!failure.empty()) {
    std::fprintf(stderr, "sluice eval: cannot read records: %s\n", failure.c_str());
    return false;
  }
  return true;
}

bool ParallelEval::run_sequential(const std::string& path, std::istream& in, rt::OutputSink& sink,
                                  const std::function<void(std::int64_t)>& progress) {
  auto reader = open_reader("eval", path, in, setup_);
  if (!reader) return false;
  Worker& worker = *workers_.front();  // idle: no NDJSON chunk is in flight now
  std::string fragment;
  rt::OutputSink capture(&fragment);
  auto writer = rt::make_fragment_writer(format_, setup_.program->ir, setup_.record, capture);
  std::int64_t records = 0;
  auto flush = [&] {
    writer->finish();
    emit(sink, fragment, records);
    progress(done_);
    fragment.clear();
    records = 0;
  };
  while (!sink.closed() && sink.error() == 0 && !interrupted()) {
    const std::size_t n = eval_batch(setup_, explain_ ? &worker.explanation : nullptr, worker.evaluator,
                                     worker.result, worker.recs, *reader, *writer, *own_summary_);
    if (n == 0) break;
    records += static_cast<std::int64_t>(n);
    if (fragment.size() + writer->buffered() >= kSequentialFragment) flush();
  }
  flush();
  return true;
}

Summary ParallelEval::summary() const {
  Summary all = *own_summary_;
  for (const auto& w : workers_) all.merge(w->summary);
  return all;
}

}  // namespace sluice::cli
