// One input through the pipeline, for each fuzz target (fuzz/<target>.cpp) and for
// the replay of every crash found (tests/fuzz_regressions_test.cpp, built with g++
// in the normal suite). Header-only so that both can include it without a library.
//
// Each run_* function must return normally for ANY bytes: bad input is reported by
// the pipeline as diagnostics or error records, never by a crash. A broken
// invariant (the compiler wrote an IR its own loader rejects, formatting changed
// the program, ...) is returned as a message; the fuzz targets abort on it.
#pragma once
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>

#include "compiler/compile.hpp"
#include "compiler/diagnostic.hpp"
#include "compiler/format.hpp"
#include "compiler/ir_json.hpp"
#include "fuzz/fuzz_compare.hpp"
#include "fuzz/fuzz_policy.hpp"
#include "runtime/evaluate.hpp"
#include "runtime/csv_chunks.hpp"
#include "runtime/explain.hpp"
#include "runtime/format_value.hpp"
#include "runtime/program.hpp"
#include "runtime/reader.hpp"
#include "runtime/test_runner.hpp"
#include "runtime/writers/output_sink.hpp"
#include "runtime/writers/writer.hpp"

namespace sluice::fuzz {

// 2026-02-01T00:00:00Z: a fixed instant keeps every run reproducible.
inline constexpr std::int64_t kAsOfMs = 1769904000000;

// Reads every record of `data` as `format`, evaluates, explains and writes it as
// NDJSON (into memory): the whole of `sluice eval --explain` but the files.
inline void evaluate_records(const rt::LoadedProgram& program, rt::InputFormat format,
                             std::string_view data) {
  if (program.ir.funnels.empty()) return;
  const std::int32_t record = program.ir.funnels[0].record;
  std::istringstream in{std::string(data)};
  auto reader = rt::make_reader(format, in, program.ir, record);
  if (!reader) return;
  std::string captured;
  rt::OutputSink sink(&captured);
  auto writer = rt::make_writer(rt::OutputFormat::ndjson, program.ir, record, sink);
  rt::Evaluator evaluator(program, record);
  rt::EvalResult result;
  rt::RecordIn rec;
  rt::Explanation explanation;  // reused, as `eval --explain` does
  while (reader->next(rec)) {
    bool explained = false;
    if (rec.error) {
      result.clear();
    } else {
      evaluator.evaluate(rec.slots, -1, kAsOfMs, result);
      if (!result.error) {
        rt::explain_into(evaluator, result, explanation);
        explained = true;
      }
    }
    writer->write(rec, result, explained ? &explanation : nullptr);
    captured.clear();  // bounded memory however many records the input holds
  }
  writer->finish();
}

// The fixed policy of the data targets (fuzz/fuzz_policy.hpp), compiled once.
inline const rt::LoadedProgram& eval_policy() {
  static const std::unique_ptr<rt::LoadedProgram> program = [] {
    auto compiled = compile_text("fuzz_policy.funnel", std::string(kEvalPolicy));
    std::string error = render_text(compiled.diagnostics, compiled.sources);
    std::unique_ptr<rt::LoadedProgram> loaded;
    if (compiled.program) loaded = rt::prepare_program(std::move(*compiled.program), error);
    return loaded;
  }();
  if (!program) throw std::logic_error("the fuzz policy (fuzz/fuzz_policy.hpp) does not compile");
  return *program;
}

// Policy source -> check, compile, write + read + validate the IR, run its tests.
// One libFuzzer input through `run`: a broken invariant is printed as
// "fuzz_<target>: <what>" and aborts, which libFuzzer reports as a finding.
inline int fuzz_one(const char* target, std::string (*run)(std::string_view), const std::uint8_t* data,
                    std::size_t size) {
  const std::string broken = run({reinterpret_cast<const char*>(data), size});
  if (!broken.empty()) {
    std::fprintf(stderr, "fuzz_%s: %s\n", target, broken.c_str());
    std::abort();
  }
  return 0;
}

inline std::string run_policy_compile(std::string_view data) {
  CompileOptions options;
  options.require_policy = false;
  auto compiled = compile_text(kPolicyPath, std::string(data), options);
  (void)render_text(compiled.diagnostics, compiled.sources);
  (void)render_json(compiled.diagnostics, compiled.sources);
  if (!compiled.program) return {};
  // What the compiler writes, its own loader must accept, unchanged.
  const std::string json = write_ir(*compiled.program);
  ir::Program reread;
  std::string error;
  if (!read_ir(json, reread, error)) return "the compiler wrote an IR read_ir rejects: " + error;
  if (write_ir(reread) != json) return "write_ir(read_ir(json)) differs from json";
  auto loaded = rt::prepare_program(std::move(reread), error);
  if (!loaded) return "the compiler wrote an IR the loader rejects: " + error;
  rt::TestRunOptions run;
  run.default_as_of_ms = kAsOfMs;
  run.sources = {std::string(data)};
  (void)rt::run_tests(*loaded, run);
  evaluate_records(*loaded, rt::InputFormat::ndjson, "{}\n");
  return {};
}

// IR JSON -> read, validate, and (when accepted) evaluate a few records: whatever
// the validator lets through, the machine must run safely.
inline std::string run_ir_load(std::string_view data) {
  ir::Program program;
  std::string error;
  if (!read_ir(std::string(data), program, error)) return {};
  auto loaded = rt::prepare_program(std::move(program), error);
  if (!loaded) return {};
  evaluate_records(*loaded, rt::InputFormat::ndjson, "{}\n{\"id\": \"k\"}\n");
  return {};
}

// The readers' limits in the fuzz targets: small, so that inputs reach them.
// `fast`: the readers' fast paths (ReaderLimits::structural_walk, csv_simple_lines).
inline rt::ReaderLimits fuzz_limits(bool fast) {
  rt::ReaderLimits limits;
  limits.structural_walk = fast;
  limits.csv_simple_lines = fast;
  limits.max_depth = 8;
  limits.max_list = 64;  // also the most fields of a CSV row
  return limits;
}

// Appends every record `reader` reads as one comparable line: its place, error and
// slots. `index`: records before it (the reader's own index restarts in each chunk).
inline void append_records(const rt::LoadedProgram& program, rt::RecordReader& reader, std::int64_t& index,
                           std::string& out) {
  const std::int32_t record = program.ir.funnels[0].record;
  const std::int32_t layout = program.ir.records[static_cast<std::size_t>(record)].layout;
  const std::size_t width = program.ir.layouts[static_cast<std::size_t>(layout)].slots.size();
  rt::RecordIn rec;
  while (reader.next(rec)) {
    out += std::to_string(rec.line) + " " + std::to_string(index++) + " " + rec.error_code + " " +
           rec.error_message + " ";
    rt::append_value_json(out, rec.key);
    for (std::size_t s = 0; s < width; ++s) {
      out += ' ';
      rt::append_value_json(out, rec.slots[s], rt::shape_of_slot(program.ir, layout, static_cast<std::int32_t>(s)));
    }
    out += '\n';
  }
}

// Every record of `data` as one comparable text, read by one reader.
inline std::string records_text(const rt::LoadedProgram& program, rt::InputFormat format, std::string_view data,
                                bool fast) {
  std::istringstream in{std::string(data)};
  auto reader = rt::make_reader(format, in, program.ir, program.ir.funnels[0].record, fuzz_limits(fast));
  std::string out;
  std::int64_t index = 0;
  append_records(program, *reader, index, out);
  return out;
}

// The same for CSV cut into chunks of about `target` bytes and read chunk by chunk,
// as `eval -j N` does (rt::CsvChunker); nullopt when the chunker leaves the input to
// one reader (no usable header).
inline std::optional<std::string> chunked_csv_text(const rt::LoadedProgram& program, std::string_view data,
                                                   std::size_t target) {
  const std::string padded = std::string(data) + std::string(64, '\0');
  const std::string_view text(padded.data(), data.size());
  const rt::ReaderLimits limits = fuzz_limits(true);
  rt::CsvChunker chunker(text, limits, target);
  if (!chunker.read_header()) return std::nullopt;
  std::unique_ptr<rt::CsvChunkReader> reader;
  std::string out;
  std::int64_t index = 0;
  rt::CsvChunk chunk;
  while (chunker.next(chunk)) {
    const std::string_view part = text.substr(chunk.begin, chunk.end - chunk.begin);
    append_records(program,
                   rt::csv_chunk_reader(reader, part, chunk.first_line, chunker.header(), program.ir,
                                        program.ir.funnels[0].record, limits),
                   index, out);
  }
  return out;
}

// The records of `data` read with the fast paths (the structural walk, CSV's simple
// lines) and without them (on-demand alone, byte by byte): the same, or what differs.
inline std::string same_both_ways(rt::InputFormat format, std::string_view data) {
  const std::string walked = records_text(eval_policy(), format, data, true);
  const std::string on_demand = records_text(eval_policy(), format, data, false);
  if (walked != on_demand) return "the fast paths read:\n" + walked + "the general ones read:\n" + on_demand;
  return {};
}

// NDJSON records (a JSON array when the input starts with `[`) of the fixed policy.
// NDJSON must read the same with the structural walk as with on-demand alone.
inline std::string run_ndjson_eval(std::string_view data) {
  const bool array = !data.empty() && data.front() == '[';
  evaluate_records(eval_policy(), array ? rt::InputFormat::json : rt::InputFormat::ndjson, data);
  if (array) return {};
  return same_both_ways(rt::InputFormat::ndjson, data);
}

// CSV records of the fixed policy; they must read the same by the simple-line path
// and the walk of JSON cells as byte by byte and by on-demand, and the same in
// chunks of 1 byte (a chunk a record) and of 16 bytes as whole.
inline std::string run_csv_eval(std::string_view data) {
  evaluate_records(eval_policy(), rt::InputFormat::csv, data);
  if (std::string differs = same_both_ways(rt::InputFormat::csv, data); !differs.empty()) return differs;
  const std::string whole = records_text(eval_policy(), rt::InputFormat::csv, data, true);
  for (std::size_t target : {std::size_t{1}, std::size_t{16}}) {
    const std::optional<std::string> chunked = chunked_csv_text(eval_policy(), data, target);
    if (chunked && *chunked != whole) {
      return "read in chunks of " + std::to_string(target) + " bytes:\n" + *chunked + "read whole:\n" + whole;
    }
  }
  return {};
}

// Policy source -> fmt: the formatted text must be stable (formatting it again
// changes nothing) and compile to the same program, source positions aside.
inline std::string run_fmt_roundtrip(std::string_view data) {
  const std::string text(data);
  auto once = format_source(kPolicyPath, text);
  if (!once.text) return {};
  auto twice = format_source(kPolicyPath, *once.text);
  if (!twice.text) return "the formatted text does not parse:\n" + render_text(twice.diagnostics, twice.sources);
  if (*twice.text != *once.text) return "formatting is not idempotent";
  return same_program(text, *once.text);
}

}  // namespace sluice::fuzz
