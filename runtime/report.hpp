// `sluice report`: funnel metrics from `sluice eval` result lines or from stamped
// records (docs/report.md defines every metric). ReportBuilder reads lines one at a
// time and keeps only counters and, for exact medians, one int64 per velocity sample;
// build() turns them into a Report that the renderers (report_render.cpp,
// report_html.cpp) write as a table, JSON, CSV or HTML.
#pragma once
#include <cstdint>
#include <istream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/ir.hpp"

namespace sluice::rt::report {

struct ReportOptions {
  std::int32_t funnel = -1;              // report this funnel only (-1: every funnel);
                                         // plain records are read as this funnel, else the first
  std::string by;                        // group by this key ("" : one group per funnel)
  std::optional<std::int64_t> from_ms;   // net-new period: first entry >= from
  std::optional<std::int64_t> to_ms;     //                 first entry <  to
  std::optional<std::int64_t> as_of_ms;  // shown in the report; default: the latest stamp read
};

// Groups beyond this many get one shared "(other)" group, so a --by over a unique key
// cannot grow memory without bound.
inline constexpr std::size_t kMaxGroups = 1000;
// Lines longer than this, or nested deeper, are counted as unreadable.
inline constexpr std::size_t kMaxLineBytes = 64u << 20;
inline constexpr int kMaxDepth = 64;
// How many unreadable lines are described by line number; the rest are only counted.
inline constexpr std::size_t kMaxProblems = 20;

// Input text shown in problems is cut to kMaxNameBytes, a --by value to kMaxGroupBytes
// (at a UTF-8 boundary, "..." appended); control characters become '?'.
inline constexpr std::size_t kMaxNameBytes = 80;
inline constexpr std::size_t kMaxGroupBytes = 200;
std::string clip(std::string_view text, std::size_t max);

// Nearest-rank percentile (docs/report.md): the ceil(p/100 * n)-th smallest sample,
// 1-based; the sample at rank 1 when that is 0. `sorted` must be ascending and non-empty.
std::int64_t nearest_rank(const std::vector<std::int64_t>& sorted, int percent);

struct StageRow {
  std::string name, display, owner;
  ir::StageKind kind = ir::StageKind::main;
  std::int64_t current = 0;   // records whose stage is this one now
  std::int64_t entered = 0;   // records with evidence of ever entering it
  // To the next main-path stage (main-path, non-terminal stages that have one):
  std::int32_t next = -1;     // index into Group::stages, -1 none
  std::int64_t reached_next = 0;  // of `entered`, those that also entered `next`
  std::int64_t velocity_samples = 0;
  std::int64_t median_ms = 0, p90_ms = 0;  // valid when velocity_samples > 0
  std::int64_t out_of_order = 0;  // next stamp earlier than this one: not a sample
  // SLA of records currently here (eval results only)
  std::int64_t sla_ok = 0, sla_breached = 0, sla_unknown = 0;
};

struct OwnerSla {
  std::string owner;  // "(none)" for a stage without an owner
  std::int64_t with_sla = 0, breached = 0;
};

struct QualRow {
  std::string name;
  std::int64_t passed = 0, failed = 0, unknown = 0;
};

struct Group {
  std::string funnel;
  std::string by_value;       // "" without --by
  std::int64_t records = 0;   // records counted in this group
  std::int64_t unstaged = 0;  // evaluated, but in no stage
  std::vector<StageRow> stages;  // the funnel's stages as written
  std::vector<OwnerSla> owners;  // sorted by owner
  std::vector<QualRow> qualifications;  // only those seen in the input
};

struct Report {
  std::string policy, version;       // from the policy given with --policy
  std::vector<std::string> versions_seen;  // policy versions named by result lines, sorted
  std::optional<std::int64_t> as_of_ms;
  std::optional<std::int64_t> from_ms, to_ms;
  std::string by;
  // input accounting: every non-blank line is exactly one of these
  std::int64_t lines = 0;            // non-blank lines read
  std::int64_t results = 0;          // eval result lines counted
  std::int64_t records = 0;          // plain stamped records counted
  std::int64_t eval_errors = 0;      // eval error lines ({"error": ...})
  std::map<std::string, std::int64_t> eval_error_codes;
  std::int64_t no_funnel = 0;        // result lines with "funnel": null
  std::int64_t other_funnel = 0;     // results of a funnel not reported (--funnel)
  std::int64_t outside_period = 0;   // first entry outside --from/--to
  std::int64_t unknown_first_entry = 0;  // a period was given but the first entry is not known
  std::int64_t unreadable = 0;       // not JSON, not an object, unknown funnel or stage, ...
  std::vector<std::string> problems;  // the first kMaxProblems unreadable lines, explained
  std::vector<Group> groups;         // in order of first appearance
};

struct State;  // runtime/report_internal.hpp

class ReportBuilder {
 public:
  ReportBuilder(const ir::Program& program, ReportOptions options);
  ~ReportBuilder();
  ReportBuilder(const ReportBuilder&) = delete;
  ReportBuilder& operator=(const ReportBuilder&) = delete;

  // One input line (without its newline); `where` names it in problems ("file:12").
  void add_line(std::string_view line, const std::string& where);
  // Every line of `in` (`\n` or `\r\n` ended); `name` prefixes line numbers in problems.
  // A line longer than kMaxLineBytes is skipped without being held in memory.
  void add_stream(std::istream& in, const std::string& name);
  Report build() const;

 private:
  std::unique_ptr<State> state_;
};

// Renderers (runtime/report_render.cpp, runtime/report_html.cpp). Each returns the
// whole document; a report is small (counters per stage), so nothing is streamed.
std::string render_table(const Report& report);
std::string render_json(const Report& report);
std::string render_csv(const Report& report);
std::string render_html(const Report& report);

// Shared by the renderers: "3.50" days, "66.7%" (or "-" with no base), the group's title.
std::string days_text(std::int64_t ms);
std::string percent_text(std::int64_t part, std::int64_t whole);
std::string group_title(const Report& report, const Group& group);
// The as-of instant, or "unknown" when no --as-of was given and no stamp was read.
std::string as_of_text(const Report& report);

}  // namespace sluice::rt::report
