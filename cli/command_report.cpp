// `sluice report --policy POLICY [RESULTS...]`: funnel metrics (volumes, conversion,
// velocity, SLA breaches, qualification pass rates) from `sluice eval` results or
// stamped records, as a table, JSON, CSV or a self-contained HTML page (docs/report.md).
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/limits_option.hpp"
#include "runtime/program.hpp"
#include "runtime/report.hpp"
#include "runtime/timefmt.hpp"

namespace sluice::cli {

namespace {

const char* const kDescription =
    "Funnel metrics from the result lines of `sluice eval` (NDJSON) or from plain records\n"
    "that carry `<stage>_entered_at` stamps, per funnel (and per --by value): records now\n"
    "in each stage, records that ever entered it, conversion to the next main-path stage,\n"
    "median and p90 days between stages (nearest rank), SLA breaches per stage and owner,\n"
    "and qualification pass rates. docs/report.md defines every metric.\n"
    "\n"
    "--policy is required: result lines name stages but not their order on the main path,\n"
    "which conversion and velocity need. RESULTS are files or `-` (standard input, the\n"
    "default). Each line is told apart by its keys: an eval result (policy, funnel, stage),\n"
    "an eval error line (error), or a plain record (read as the --funnel's record).\n"
    "\n"
    "Examples:\n"
    "  sluice eval policy.funnel leads.ndjson | sluice report --policy policy.funnel -\n"
    "  sluice report --policy policy.funnel crm-export.ndjson --from 2026-01-01 --to 2026-04-01\n"
    "  sluice report --policy policy.funnel results.ndjson --format html -o report.html\n"
    "\n"
    "Exit status: 0 report written, 1 the policy has errors or some lines were unreadable\n"
    "(the report is still written; they are counted and the first 20 named), 2 bad usage.";

bool parse_time_option(const ParsedArgs& args, const char* name, std::optional<std::int64_t>& out, std::string& error) {
  auto text = args.get(name);
  if (!text) return true;
  std::int64_t ms = 0;
  if (!rt::parse_instant(*text, ms)) {
    error = fmt::format("--{} `{}` is not an ISO-8601 date or instant (like 2026-01-15 or 2026-01-15T09:30:00Z)", name, *text);
    return false;
  }
  out = ms;
  return true;
}

}  // namespace

int command_report(int argc, char** argv) {
  std::vector<OptionSpec> specs = {
      {"policy", 0, true, "FILE", "the policy (.funnel or .ir.json) the results come from; required"},
      {"funnel", 0, true, "NAME", "report only this funnel, and read plain records as its record (default: all)"},
      {"by", 0, true, "FIELD", "also group by this key of each line, dotted when nested (`company.industry`)"},
      {"from", 0, true, "INSTANT", "only records whose first entry is at or after INSTANT (`--from 2026-01-01`)"},
      {"to", 0, true, "INSTANT", "only records whose first entry is before INSTANT (`--to 2026-02-01`: January)"},
      {"as-of", 0, true, "INSTANT", "the instant shown in the report (default: the latest entered-at stamp read)"},
      {"format", 0, true, "FMT", "table (default), json, csv or html (`--format html -o report.html`)"},
      {"output", 'o', true, "FILE", "write the report to FILE instead of standard output"},
      {"help", 'h', false, "", "show this help"},
  };
  add_limit_option(specs);
  ParsedArgs args;
  std::string error;
  if (!parse_args(argc, argv, specs, args, error)) return usage_error("report", error);
  if (args.has("help")) {
    std::fputs(format_help("sluice report --policy POLICY [options] [RESULTS...]", kDescription, specs).c_str(), stdout);
    return 0;
  }
  LimitSettings limits;
  if (!apply_limit_options(args, limits, error)) return usage_error("report", error);
  const std::string format = args.get("format").value_or("table");
  if (format != "table" && format != "json" && format != "csv" && format != "html")
    return usage_error("report", fmt::format("unknown format `{}` (expected table, json, csv or html)", format));
  rt::report::ReportOptions options;
  if (!parse_time_option(args, "from", options.from_ms, error) || !parse_time_option(args, "to", options.to_ms, error) ||
      !parse_time_option(args, "as-of", options.as_of_ms, error))
    return usage_error("report", error);
  if (options.from_ms && options.to_ms && *options.to_ms <= *options.from_ms)
    return usage_error("report", "--to must be later than --from (the period is from <= first entry < to)");
  options.by = args.get("by").value_or("");
  const auto policy = args.get("policy");
  if (!policy)
    return usage_error("report", "--policy is required: results name stages but not their order on the main path");
  std::vector<std::string> inputs = args.positionals;
  if (inputs.empty()) inputs.push_back("-");
  std::error_code ec;
  if (!std::filesystem::is_regular_file(*policy, ec))
    return usage_error("report", fmt::format("policy file `{}` does not exist", *policy));
  for (const std::string& path : inputs)
    if (path != "-" && !std::filesystem::is_regular_file(path, ec))
      return usage_error("report", fmt::format("results file `{}` does not exist", path));

  auto program = rt::load_program(*policy, error, limits.policy);
  if (!program) {
    std::fputs(error.c_str(), stderr);
    if (!error.empty() && error.back() != '\n') std::fputc('\n', stderr);
    return 1;
  }
  const ir::Program& ir = program->ir;
  if (ir.funnels.empty()) {
    std::fprintf(stderr, "sluice report: policy `%s` has no funnel\n", policy->c_str());
    return 1;
  }
  if (auto name = args.get("funnel")) {
    for (std::size_t f = 0; f < ir.funnels.size(); ++f)
      if (ir.funnels[f].name == *name) options.funnel = static_cast<std::int32_t>(f);
    if (options.funnel < 0) return usage_error("report", fmt::format("no funnel `{}` in the policy", *name));
  }

  rt::report::ReportBuilder builder(ir, options);
  for (const std::string& path : inputs) {
    if (path == "-") {
      builder.add_stream(std::cin, "<stdin>");
      continue;
    }
    std::ifstream file(path, std::ios::binary);
    if (!file) {
      std::fprintf(stderr, "sluice report: cannot read `%s`: %s\n", path.c_str(), std::strerror(errno));
      return 2;
    }
    builder.add_stream(file, path);
  }
  const rt::report::Report report = builder.build();
  std::string text = format == "json"   ? rt::report::render_json(report)
                     : format == "csv"  ? rt::report::render_csv(report)
                     : format == "html" ? rt::report::render_html(report)
                                        : rt::report::render_table(report);
  if (auto out = args.get("output")) {
    std::ofstream file(*out, std::ios::binary | std::ios::trunc);
    if (!file || !file.write(text.data(), static_cast<std::streamsize>(text.size())) || !file.flush()) {
      std::fprintf(stderr, "sluice report: cannot write `%s`: %s\n", out->c_str(), std::strerror(errno));
      return 2;
    }
  } else {
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
  }
  if (report.unreadable > 0) {
    std::fprintf(stderr, "sluice report: %lld unreadable lines (counted in the report; the first is %s)\n",
                 static_cast<long long>(report.unreadable), report.problems.empty() ? "-" : report.problems[0].c_str());
    return 1;
  }
  return 0;
}

}  // namespace sluice::cli
