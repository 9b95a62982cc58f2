// What `sluice eval` and `sluice explain` share: the policy, the funnel and record
// type the input is read as, the as-of instant, and the record inputs.
#pragma once
#include <cstdint>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/args.hpp"
#include "cli/limits_option.hpp"
#include "runtime/mapped_file.hpp"
#include "runtime/program.hpp"
#include "runtime/reader.hpp"

namespace sluice::cli {

struct EvalSetup {
  std::unique_ptr<rt::LoadedProgram> program;
  std::int32_t funnel = -1;   // --funnel, or -1: the first whose `applies` holds
  std::int32_t record = -1;   // the record type every input is read as
  std::int64_t as_of_ms = 0;  // --as-of, or the wall clock read once
  std::optional<rt::InputFormat> input_format;  // --input-format
  LimitSettings limits;                          // --limit
};

// The options both commands take (--input-format, --as-of, --funnel, --limit).
void add_eval_options(std::vector<OptionSpec>& specs);

// Checks the options and that every input exists, then loads the policy. Returns
// 0, or the exit status after printing why (2 usage, 1 policy errors).
int prepare_eval(const std::string& command, const ParsedArgs& args, const std::string& policy,
                 const std::vector<std::string>& inputs, EvalSetup& setup);

// The input format of `path`: the forced one, else by extension (.ndjson, .jsonl,
// .json, .csv), else NDJSON (standard input included).
rt::InputFormat input_format_of(const std::string& path, const std::optional<rt::InputFormat>& forced);

// One record input: a file, or standard input for "-".
class InputStream {
 public:
  explicit InputStream(const std::string& path);
  bool ok() const { return stream_ != nullptr; }
  std::istream& stream() { return *stream_; }

 private:
  std::ifstream file_;
  std::istream* stream_ = nullptr;
};

// A reader for one input as the setup's record. nullptr, after printing why, when
// the program's record layout is unusable (a defect, not bad input).
std::unique_ptr<rt::RecordReader> open_reader(const std::string& command, const std::string& path,
                                              std::istream& in, const EvalSetup& setup);

// The mapping of an NDJSON or CSV input file for `eval -j N` to cut in place
// (rt::MappedFile), or nullptr to read it as a stream (standard input, a pipe,
// JSON-array inputs). One thread reads streams even from files: its parser
// reads the block read(2) just copied from the cache, where reading the mapping
// waits on memory at every new page (measured in docs/performance.md). The
// first mapping installs a SIGBUS handler: a file that shrinks while it is read
// ends the command with status 1 and a message naming it, not a crash.
std::unique_ptr<rt::MappedFile> map_input(const std::string& command, const std::string& path,
                                          const EvalSetup& setup);

// A record key as plain text (for --id and messages); "" when not set.
std::string key_text(const rt::Value& key);

}  // namespace sluice::cli
