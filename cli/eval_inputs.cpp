#include "cli/eval_inputs.hpp"

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "runtime/format_value.hpp"
#include "runtime/timefmt.hpp"

namespace sluice::cli {

namespace {

// The mapped input and what the SIGBUS handler says of it: set before the file is
// read, as a handler may only write and exit.
char shrunk_message[1024];
std::size_t shrunk_length = 0;
const char* mapped_begin = nullptr;
std::size_t mapped_size = 0;

// A fault inside the mapping: the file lost the page. Any other SIGBUS is not
// ours to explain: the default action runs when the instruction faults again.
void on_sigbus(int, siginfo_t* info, void*) {
  const auto* at = static_cast<const char*>(info->si_addr);
  if (at >= mapped_begin && at < mapped_begin + mapped_size) {
    const ssize_t ignored = ::write(STDERR_FILENO, shrunk_message, shrunk_length);
    (void)ignored;
    ::_exit(1);
  }
  ::signal(SIGBUS, SIG_DFL);
}

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

void add_eval_options(std::vector<OptionSpec>& specs) {
  specs.push_back({"input-format", 0, true, "FMT", "ndjson, json or csv (default: by file extension, else ndjson)"});
  specs.push_back({"as-of", 0, true, "INSTANT", "evaluate as of this ISO-8601 date or instant (default: now, read once)"});
  specs.push_back({"funnel", 0, true, "NAME", "use this funnel (default: the first whose `applies` holds)"});
  add_limit_option(specs);
}

int prepare_eval(const std::string& command, const ParsedArgs& args, const std::string& policy,
                 const std::vector<std::string>& inputs, EvalSetup& setup) {
  std::string limit_error;
  if (!apply_limit_options(args, setup.limits, limit_error)) return usage_error(command, limit_error);
  if (auto f = args.get("input-format")) {
    if (*f == "ndjson") setup.input_format = rt::InputFormat::ndjson;
    else if (*f == "json") setup.input_format = rt::InputFormat::json;
    else if (*f == "csv") setup.input_format = rt::InputFormat::csv;
    else return usage_error(command, fmt::format("unknown input format `{}` (expected ndjson, json or csv)", *f));
  }
  if (auto a = args.get("as-of")) {
    if (!rt::parse_instant(*a, setup.as_of_ms)) {
      return usage_error(command, fmt::format("`{}` is not an ISO-8601 date or instant (like 2026-01-15 or "
                                              "2026-01-15T09:30:00Z)", *a));
    }
  } else {
    setup.as_of_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch()).count();
  }
  std::error_code ec;
  if (!std::filesystem::is_regular_file(policy, ec)) {
    return usage_error(command, fmt::format("policy file `{}` does not exist", policy));
  }
  for (const std::string& path : inputs) {
    if (path != "-" && !std::filesystem::exists(path, ec)) {
      return usage_error(command, fmt::format("records file `{}` does not exist", path));
    }
  }
  std::string error;
  setup.program = rt::load_program(policy, error, setup.limits.policy);
  if (!setup.program) {
    std::fputs(error.c_str(), stderr);
    if (!error.empty() && error.back() != '\n') std::fputc('\n', stderr);
    return 1;
  }
  const ir::Program& ir = setup.program->ir;
  if (ir.funnels.empty()) {
    std::fprintf(stderr, "sluice %s: policy `%s` has no funnel to evaluate\n", command.c_str(), policy.c_str());
    return 1;
  }
  if (auto name = args.get("funnel")) {
    std::string known;
    for (std::size_t f = 0; f < ir.funnels.size(); ++f) {
      if (ir.funnels[f].name == *name) setup.funnel = static_cast<std::int32_t>(f);
      known += (f ? ", `" : "`") + ir.funnels[f].name + "`";
    }
    if (setup.funnel < 0) {
      return usage_error(command, fmt::format("no funnel `{}` in the policy (it has {})", *name, known));
    }
  }
  // Records are read as the record of the named funnel, else of the first one.
  setup.record = ir.funnels[static_cast<std::size_t>(setup.funnel >= 0 ? setup.funnel : 0)].record;
  return 0;
}

rt::InputFormat input_format_of(const std::string& path, const std::optional<rt::InputFormat>& forced) {
  if (forced) return *forced;
  if (ends_with(path, ".csv")) return rt::InputFormat::csv;
  if (ends_with(path, ".json")) return rt::InputFormat::json;
  return rt::InputFormat::ndjson;  // .ndjson, .jsonl, standard input, anything else
}

InputStream::InputStream(const std::string& path) {
  if (path == "-") {
    stream_ = &std::cin;
    return;
  }
  file_.open(path, std::ios::binary);
  if (file_) stream_ = &file_;
}

std::unique_ptr<rt::RecordReader> open_reader(const std::string& command, const std::string& path,
                                              std::istream& in, const EvalSetup& setup) {
  try {
    return rt::make_reader(input_format_of(path, setup.input_format), in, setup.program->ir, setup.record,
                            setup.limits.records);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "sluice %s: cannot read records: %s\n", command.c_str(), e.what());
    return nullptr;
  }
}

std::unique_ptr<rt::MappedFile> map_input(const std::string& command, const std::string& path,
                                          const EvalSetup& setup) {
  const rt::InputFormat format = input_format_of(path, setup.input_format);
  if (format != rt::InputFormat::ndjson && format != rt::InputFormat::csv) return nullptr;
  auto file = rt::MappedFile::map(path);
  if (!file) return nullptr;
  // Only the main thread maps files, between inputs, before any worker reads them.
  std::string message = fmt::format("sluice {}: `{}` became shorter while it was being read\n", command, path);
  if (message.size() > sizeof shrunk_message) {
    message = fmt::format("sluice {}: an input file became shorter while it was being read\n", command);
  }
  std::memcpy(shrunk_message, message.data(), message.size());
  shrunk_length = message.size();
  // With the padding the readers read past the end: unless the file ends on a
  // page boundary, it lies in the file's last page, which a cut takes away too.
  mapped_begin = file->text().data();
  mapped_size = file->text().size() + rt::MappedFile::kPadding;
  static const bool installed = [] {
    struct sigaction action {};
    action.sa_sigaction = on_sigbus;
    action.sa_flags = SA_SIGINFO;
    sigemptyset(&action.sa_mask);
    return ::sigaction(SIGBUS, &action, nullptr) == 0;
  }();
  (void)installed;
  return file;
}

std::string key_text(const rt::Value& key) {
  if (key.tag == rt::Tag::text) return std::string(key.as_text());
  return key.is_set() ? rt::value_to_text(key) : std::string();
}

}  // namespace sluice::cli
