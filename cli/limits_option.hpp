// `--limit NAME=VALUE` (repeatable): raise or lower one of the compiler's or the
// record readers' limits for this run (docs/security.md lists them). Every
// command that reads policies or records takes it.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "cli/args.hpp"
#include "compiler/parse.hpp"
#include "runtime/reader.hpp"
#include "runtime/vm.hpp"

namespace sluice::cli {

// What one run may read: policy limits (compiler) and record limits (readers).
struct LimitSettings {
  Limits policy;
  rt::ReaderLimits records;
  std::size_t eval_steps = static_cast<std::size_t>(rt::kDefaultEvalSteps);  // Machine::set_step_budget
};

// One overridable limit: its name on the command line, its default, the highest
// value accepted (a sanity cap: beyond it a limit no longer protects memory or
// the stack), and what it bounds.
struct LimitInfo {
  const char* name;
  std::size_t default_value;
  std::size_t max_value;
  const char* bounds;
};

// Every limit, in the order of docs/security.md.
const std::vector<LimitInfo>& limit_table();

// Adds the `--limit NAME=N` option spec.
void add_limit_option(std::vector<OptionSpec>& specs);

// Applies every `--limit` of `args` to `out`. On a bad one returns false with
// `error` naming the valid limits and their defaults (the caller exits 2).
bool apply_limit_options(const ParsedArgs& args, LimitSettings& out, std::string& error);

// Parses "NAME=VALUE" (VALUE a decimal count, bytes may end in K, M or G:
// binary multiples) into `out`. Exposed for tests.
bool apply_limit(const std::string& assignment, LimitSettings& out, std::string& error);

}  // namespace sluice::cli
