// `sluice eval -j N`: NDJSON inputs are cut into chunks of whole lines
// (rt::InputChunker), CSV files into chunks of whole records (rt::CsvChunker),
// evaluated by N worker threads, each with its own reader, Evaluator and fragment
// writer, and written in input order, so the output is byte for byte what one
// thread writes. At most 2N + 2 chunks (about 1 MB each) are in flight. JSON-array
// inputs, and CSV read from a pipe or standard input, are evaluated on the calling
// thread.
#pragma once
#include <condition_variable>
#include <deque>
#include <functional>
#include <istream>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "cli/eval_inputs.hpp"
#include "cli/eval_summary.hpp"
#include "runtime/csv_chunks.hpp"
#include "runtime/input_chunker.hpp"
#include "runtime/writers/writer.hpp"

namespace sluice::cli {

class ParallelEval {
 public:
  // `format` must have fragments (rt::has_fragments).
  ParallelEval(const EvalSetup& setup, rt::OutputFormat format, bool explain, int jobs);
  ~ParallelEval();
  ParallelEval(const ParallelEval&) = delete;
  ParallelEval& operator=(const ParallelEval&) = delete;

  // Writes the prologue (CSV header, "[") to the sink: once, before the first input.
  void begin(rt::OutputSink& sink);
  // Evaluates one input and appends its results to the sink; an input that is
  // `mapped` (map_input) is cut in place instead of read from `in`. `progress` is called
  // on this thread with the number of records done so far. False (after printing
  // why) when the records could not be read at all.
  bool run(const std::string& path, std::istream& in, rt::MappedFile* mapped, rt::OutputSink& sink,
           const std::function<void(std::int64_t)>& progress);
  // Writes the epilogue ("]") after the last input.
  void end(rt::OutputSink& sink);
  // Every worker's counts, merged.
  Summary summary() const;

 private:
  struct Job {
    rt::InputChunk chunk;
    const rt::CsvHeader* csv = nullptr;  // a CSV chunk: its input's header row
    std::string out;       // the chunk's results, formatted as a fragment: its first out_used bytes
    std::size_t out_used = 0;
    std::int64_t records = 0;
    std::string failure;   // why the chunk could not be read ("" = fine)
    bool done = false;
  };
  struct Worker;

  void work(Worker& worker);
  // Lets the workers finish what is queued and joins them.
  void stop();
  void evaluate_chunk(Worker& worker, Job& job);
  rt::RecordReader& reader_for(Worker& worker, const Job& job);
  bool run_sequential(const std::string& path, std::istream& in, rt::OutputSink& sink,
                      const std::function<void(std::int64_t)>& progress);
  bool run_csv(const std::string& path, std::istream& in, rt::MappedFile& mapped, rt::OutputSink& sink,
               const std::function<void(std::int64_t)>& progress);
  // Queues the chunks `next_chunk` cuts (false at the end) to the workers and writes
  // their results in order; `mapped`: the input they are views of, or nullptr.
  bool run_chunks(rt::MappedFile* mapped, rt::OutputSink& sink, const std::function<void(std::int64_t)>& progress,
                  const std::function<bool(Job&)>& next_chunk);
  // Appends a finished fragment in order (dropping the first JSON element's comma).
  void emit(rt::OutputSink& sink, std::string_view fragment, std::int64_t records);

  const EvalSetup& setup_;
  rt::OutputFormat format_;
  bool explain_;
  std::vector<std::unique_ptr<Worker>> workers_;
  std::vector<std::thread> threads_;
  std::mutex mutex_;
  std::condition_variable work_ready_, job_done_;
  std::deque<Job*> queue_;
  std::optional<rt::MappedLineCounter> lines_;  // the mapped input being run: its chunks' line offsets
  bool stopping_ = false;
  bool any_records_ = false;
  std::int64_t done_ = 0;
  std::unique_ptr<Summary> own_summary_;  // of inputs evaluated on this thread
};

}  // namespace sluice::cli
