// A small, strict command-line parser shared by the subcommands: `--name value`,
// `--name=value`, `-x value`, flags, `--` ends options, `-` is a positional (stdin).
// Unknown options are errors (exit 2), never ignored.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sluice::cli {

struct OptionSpec {
  std::string name;        // long name without dashes: "format"
  char short_name = 0;     // 'o', or 0
  bool takes_value = false;
  std::string metavar;     // "FILE"
  std::string help;
};

struct ParsedArgs {
  std::vector<std::string> positionals;
  std::map<std::string, std::vector<std::string>> values;  // option -> values given
  bool has(const std::string& name) const { return values.count(name) != 0; }
  std::optional<std::string> get(const std::string& name) const;
};

// argv[0] is the subcommand name. Returns false with `error` set on bad usage.
bool parse_args(int argc, char** argv, const std::vector<OptionSpec>& specs, ParsedArgs& out, std::string& error);

// "Usage: ...\n\n<description>\n\nOptions:\n  --format FMT  ..." for --help.
std::string format_help(const std::string& usage, const std::string& description,
                        const std::vector<OptionSpec>& specs);

// Prints "sluice <cmd>: <error>\nTry `sluice <cmd> --help`." to stderr and returns 2.
int usage_error(const std::string& command, const std::string& error);

}  // namespace sluice::cli
