#include "runtime/test_runner.hpp"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include <fmt/format.h>

#include "runtime/evaluate.hpp"
#include "runtime/explain.hpp"
#include "runtime/reader.hpp"
#include "runtime/test_coverage.hpp"
#include "runtime/test_expect.hpp"

namespace sluice::rt {

namespace {

std::string where_of(const ir::Program& ir, const ir::SrcPos& pos) {
  const bool known = pos.file >= 0 && static_cast<std::size_t>(pos.file) < ir.files.size();
  return fmt::format("{}:{}:{}", known ? ir.files[static_cast<std::size_t>(pos.file)] : "?", pos.line, pos.column);
}

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// A test's `given` record: inline JSON keyed by field names, or the first record
// of a file of raw input keys. Owns the reader, which owns the record's slots.
class GivenRecord {
 public:
  // False with `problem` set when no record could be read at all; a record that
  // was read but is bad is returned with rec().error set.
  bool read(const ir::Program& ir, const ir::Test& test, std::int32_t record, const ReaderLimits& limits,
            std::string& problem) {
    InputFormat format = InputFormat::json;
    bool by_field_name = true;
    std::istream* in = &text_;
    if (!test.given_file.empty()) {
      std::filesystem::path path(test.given_file);
      const bool known = test.pos.file >= 0 && static_cast<std::size_t>(test.pos.file) < ir.files.size();
      if (path.is_relative() && known) {
        path = std::filesystem::path(ir.files[static_cast<std::size_t>(test.pos.file)]).parent_path() / path;
      }
      file_.open(path, std::ios::binary);
      if (!file_) {
        problem = fmt::format("cannot read the given file `{}`", path.string());
        return false;
      }
      in = &file_;
      by_field_name = false;
      if (ends_with(test.given_file, ".ndjson") || ends_with(test.given_file, ".jsonl")) format = InputFormat::ndjson;
    } else if (!test.given_json.empty()) {
      text_.str(test.given_json);
    } else {
      problem = "the test has no `given` record";
      return false;
    }
    try {
      reader_ = make_reader(format, *in, ir, record, limits, by_field_name);
    } catch (const std::exception& e) {
      problem = fmt::format("cannot read the given record: {}", e.what());
      return false;
    }
    if (!reader_->next(rec_)) {
      problem = test.given_file.empty() ? "the given record is empty"
                                        : fmt::format("the given file `{}` holds no record", test.given_file);
      return false;
    }
    return true;
  }
  const RecordIn& rec() const { return rec_; }

 private:
  std::istringstream text_;
  std::ifstream file_;
  std::unique_ptr<RecordReader> reader_;
  RecordIn rec_;
};

class TestRun {
 public:
  TestRun(const LoadedProgram& program, const TestRunOptions& options)
      : program_(program), ir_(program.ir), options_(options), checker_(program) {}

  TestOutcome run(const ir::Test& test) {
    TestOutcome out;
    out.name = test.name;
    out.where = where_of(ir_, test.pos);
    const auto started = std::chrono::steady_clock::now();
    run_into(test, out);
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return out;
  }

 private:
  const LoadedProgram& program_;
  const ir::Program& ir_;
  const TestRunOptions& options_;
  ExpectChecker checker_;

  void run_into(const ir::Test& test, TestOutcome& out) {
    auto fail = [&](const ir::SrcPos& pos, std::string text, std::string message, std::string trace = {}) {
      out.failures.push_back({where_of(ir_, pos), std::move(text), std::move(message), std::move(trace)});
    };
    const bool funnel_ok = test.funnel >= 0 && static_cast<std::size_t>(test.funnel) < ir_.funnels.size();
    if (ir_.funnels.empty() || (test.funnel >= 0 && !funnel_ok)) {
      return fail(test.pos, {}, "the test has no funnel to evaluate");
    }
    // A named funnel's record, else the first funnel's (as the checker typed `given`).
    const std::int32_t record = ir_.funnels[static_cast<std::size_t>(funnel_ok ? test.funnel : 0)].record;
    GivenRecord given;
    std::string problem;
    if (!given.read(ir_, test, record, options_.records, problem)) return fail(test.pos, {}, problem);
    const RecordIn& rec = given.rec();
    const std::int64_t as_of = test.as_of.value_or(options_.default_as_of_ms);
    Evaluator evaluator(program_, record);
    evaluator.machine().set_step_budget(options_.eval_steps);
    EvalResult result;
    if (!rec.error) evaluator.evaluate(rec.slots, test.funnel, as_of, result);
    if (!rec.error && options_.coverage != nullptr) options_.coverage->observe(evaluator, result);
    const bool error = rec.error || result.error;
    const std::string error_text = rec.error ? fmt::format("{}: {}", rec.error_code, rec.error_message)
                                             : fmt::format("{}: {}", result.error_code, result.error_message);
    bool expects_error = false;
    for (const ir::Expect& e : test.expects) expects_error = expects_error || e.kind == ir::ExpectKind::error;
    if (error && !expects_error) return fail(test.pos, {}, "the record could not be evaluated: " + error_text);

    std::string trace;  // computed once, for the first failure that needs it
    auto trace_text = [&]() -> const std::string& {
      if (trace.empty() && !error) trace = to_text(explain(evaluator, result));
      return trace;
    };
    if (!error) {
      const std::int32_t funnel = result.funnel >= 0 ? result.funnel : (funnel_ok ? test.funnel : 0);
      checker_.start(rec.slots, record, funnel, as_of, result);
    }
    for (const ir::Expect& e : test.expects) {
      std::string message;
      if (e.kind == ir::ExpectKind::error) {
        if (!error) {
          message = fmt::format("expected an error containing \"{}\", but the record was evaluated ({})", e.error,
                                placement(result));
        } else if (error_text.find(e.error) == std::string::npos) {
          message = fmt::format("expected an error containing \"{}\", got {}", e.error, error_text);
        }
      } else if (error) {
        message = "not checked: the record could not be evaluated: " + error_text;
      } else {
        message = e.kind == ir::ExpectKind::condition ? checker_.check_condition(e) : checker_.check_event(e);
      }
      if (message.empty()) continue;
      fail(e.pos, quote(e.pos), std::move(message), e.kind == ir::ExpectKind::error ? std::string() : trace_text());
    }
  }

  // "stage `Open`" or "unstaged".
  std::string placement(const EvalResult& result) const {
    if (result.funnel < 0 || result.stage < 0) return "unstaged";
    return "stage `" + ir_.funnels[static_cast<std::size_t>(result.funnel)].stages[static_cast<std::size_t>(result.stage)].name + "`";
  }

  std::string quote(const ir::SrcPos& pos) const {
    if (pos.file < 0 || static_cast<std::size_t>(pos.file) >= options_.sources.size()) return {};
    return expectation_text(options_.sources[static_cast<std::size_t>(pos.file)], pos.line, pos.column);
  }
};

}  // namespace

std::vector<TestOutcome> run_tests(const LoadedProgram& program, const TestRunOptions& options) {
  std::vector<TestOutcome> out;
  TestRun run(program, options);
  for (const ir::Test& test : program.ir.tests) {
    if (!options.filter.empty() && test.name.find(options.filter) == std::string::npos) continue;
    out.push_back(run.run(test));
  }
  return out;
}

std::string expectation_text(const std::string& source, std::int32_t line, std::int32_t column) {
  if (line < 1 || column < 1) return {};
  std::size_t begin = 0;
  for (std::int32_t l = 1; l < line; ++l) {
    begin = source.find('\n', begin);
    if (begin == std::string::npos) return {};
    ++begin;
  }
  std::size_t end = source.find('\n', begin);
  if (end == std::string::npos) end = source.size();
  // Columns count code points: skip column - 1 of them (UTF-8 lead bytes).
  std::size_t at = begin;
  for (std::int32_t c = 1; c < column && at < end; ++c) {
    ++at;
    while (at < end && (static_cast<unsigned char>(source[at]) & 0xC0) == 0x80) ++at;
  }
  // Cut a `#` comment that is not inside a string.
  bool in_string = false;
  std::size_t stop = at;
  for (; stop < end; ++stop) {
    const char ch = source[stop];
    if (in_string && ch == '\\') { ++stop; continue; }
    if (ch == '"') in_string = !in_string;
    else if (ch == '#' && !in_string) break;
  }
  if (stop > end) stop = end;
  while (stop > at && (source[stop - 1] == ' ' || source[stop - 1] == '\t' || source[stop - 1] == '\r')) --stop;
  return source.substr(at, stop - at);
}

}  // namespace sluice::rt
