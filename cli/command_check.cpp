// `sluice check PATH...`: parse, type-check and lint; print every diagnostic.
#include <cstdio>
#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/limits_option.hpp"
#include "cli/policy_files.hpp"
#include "compiler/compile.hpp"

namespace sluice::cli {

int command_check(int argc, char** argv) {
  std::vector<OptionSpec> specs = {
      {"format", 0, true, "FMT", "text (default; to standard error), json or sarif (to standard output)"},
      {"werror", 0, false, "", "treat warnings as errors"},
      {"no-lints", 0, false, "", "skip the lints (warnings)"},
      {"help", 'h', false, "", "show this help"},
  };
  add_limit_option(specs);
  ParsedArgs args;
  std::string error;
  if (!parse_args(argc, argv, specs, args, error)) return usage_error("check", error);
  if (args.has("help")) {
    std::fputs(format_help("sluice check [options] PATH...",
                           "Parse, type-check and lint funnel policies. A folder means every `*.funnel` file\n"
                           "below it. Every error of a file is reported in one run.\n\n"
                           "Exit status: 0 no errors (warnings allowed unless --werror), 1 errors, 2 bad usage.",
                           specs)
                   .c_str(),
               stdout);
    return 0;
  }
  LimitSettings limits;
  if (!apply_limit_options(args, limits, error)) return usage_error("check", error);
  std::string format = args.get("format").value_or("text");
  if (format != "text" && format != "json" && format != "sarif")
    return usage_error("check", "unknown format `" + format + "` (expected text, json or sarif)");
  if (args.positionals.empty()) return usage_error("check", "no policy given");
  std::vector<std::string> files;
  if (!expand_policy_paths(args.positionals, files, error)) return usage_error("check", error);
  if (files.empty()) return usage_error("check", "no `*.funnel` files found");

  CompileOptions options;
  options.werror = args.has("werror");
  options.limits = limits.policy;
  options.lints = !args.has("no-lints");
  options.require_policy = false;  // a module file is checked on its own
  std::size_t errors = 0, warnings = 0;
  nlohmann::json json_diags = nlohmann::json::array();
  nlohmann::json sarif;
  bool color = stderr_wants_color();
  for (const auto& file : files) {
    CompileResult r = compile_file(file, options);
    errors += r.diagnostics.error_count();
    warnings += r.diagnostics.warning_count();
    if (format == "text") {
      std::fputs(render_text(r.diagnostics, r.sources, color).c_str(), stderr);
    } else if (format == "json") {
      auto j = nlohmann::json::parse(render_json(r.diagnostics, r.sources));
      for (auto& d : j["diagnostics"]) json_diags.push_back(std::move(d));
    } else {
      auto j = nlohmann::json::parse(render_sarif(r.diagnostics, r.sources, std::string("sluice ") + kVersion));
      if (sarif.is_null()) {
        sarif = std::move(j);
      } else {  // merge this file's rules and results into the one run
        auto& run = sarif["runs"][0];
        auto& rules = run["tool"]["driver"]["rules"];
        for (auto& result : j["runs"][0]["results"]) {
          std::string id = result["ruleId"];
          std::size_t index = rules.size();
          for (std::size_t i = 0; i < rules.size(); ++i)
            if (rules[i]["id"] == id) index = i;
          if (index == rules.size()) {
            for (auto& rule : j["runs"][0]["tool"]["driver"]["rules"])
              if (rule["id"] == id) rules.push_back(rule);
          }
          result["ruleIndex"] = index;
          run["results"].push_back(std::move(result));
        }
      }
    }
  }
  if (format == "json") {
    nlohmann::json root;
    root["diagnostics"] = std::move(json_diags);
    root["errors"] = errors;
    root["warnings"] = warnings;
    root["files"] = files.size();
    std::fputs((root.dump(2) + "\n").c_str(), stdout);
  } else if (format == "sarif") {
    std::fputs((sarif.dump(2) + "\n").c_str(), stdout);
  } else {
    std::fputs(fmt::format("checked {} file{}: {} error{}, {} warning{}\n", files.size(), files.size() == 1 ? "" : "s",
                           errors, errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s")
                   .c_str(),
               stderr);
  }
  return errors > 0 ? 1 : 0;
}

}  // namespace sluice::cli
