#include "cli/args.hpp"

#include <cstdio>

#include <fmt/format.h>

namespace sluice::cli {

std::optional<std::string> ParsedArgs::get(const std::string& name) const {
  auto it = values.find(name);
  if (it == values.end() || it->second.empty()) return std::nullopt;
  return it->second.back();
}

bool parse_args(int argc, char** argv, const std::vector<OptionSpec>& specs, ParsedArgs& out, std::string& error) {
  bool options_done = false;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (options_done || arg == "-" || arg.empty() || arg[0] != '-') {
      out.positionals.push_back(arg);
      continue;
    }
    if (arg == "--") {
      options_done = true;
      continue;
    }
    const OptionSpec* spec = nullptr;
    std::optional<std::string> inline_value;
    if (arg.rfind("--", 0) == 0) {
      std::string name = arg.substr(2);
      if (auto eq = name.find('='); eq != std::string::npos) {
        inline_value = name.substr(eq + 1);
        name = name.substr(0, eq);
      }
      for (const auto& s : specs)
        if (s.name == name) spec = &s;
      if (!spec) {
        error = fmt::format("unknown option `--{}`", name);
        return false;
      }
    } else {
      if (arg.size() != 2) {
        error = fmt::format("unknown option `{}`", arg);
        return false;
      }
      for (const auto& s : specs)
        if (s.short_name == arg[1]) spec = &s;
      if (!spec) {
        error = fmt::format("unknown option `{}`", arg);
        return false;
      }
    }
    if (spec->takes_value) {
      if (inline_value) {
        out.values[spec->name].push_back(*inline_value);
      } else if (i + 1 < argc) {
        out.values[spec->name].push_back(argv[++i]);
      } else {
        error = fmt::format("option `--{}` needs a value ({})", spec->name, spec->metavar);
        return false;
      }
    } else {
      if (inline_value) {
        error = fmt::format("option `--{}` takes no value", spec->name);
        return false;
      }
      out.values[spec->name].push_back("");
    }
  }
  return true;
}

std::string format_help(const std::string& usage, const std::string& description,
                        const std::vector<OptionSpec>& specs) {
  std::string out = "Usage: " + usage + "\n\n" + description + "\n";
  if (specs.empty()) return out;
  out += "\nOptions:\n";
  std::vector<std::string> left;
  std::size_t width = 0;
  for (const auto& s : specs) {
    std::string l = s.short_name ? fmt::format("-{}, --{}", s.short_name, s.name) : fmt::format("    --{}", s.name);
    if (s.takes_value) l += " " + s.metavar;
    width = std::max(width, l.size());
    left.push_back(std::move(l));
  }
  for (std::size_t i = 0; i < specs.size(); ++i) out += fmt::format("  {:<{}}  {}\n", left[i], width, specs[i].help);
  return out;
}

int usage_error(const std::string& command, const std::string& error) {
  std::fprintf(stderr, "sluice %s: %s\nTry `sluice %s --help`.\n", command.c_str(), error.c_str(), command.c_str());
  return 2;
}

}  // namespace sluice::cli
