// What `sluice diff` prints: the structural changes and, with --records, the impact
// report, as text (terminal), JSON (tools) or markdown (a pull-request comment).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "compiler/policy_diff.hpp"
#include "runtime/impact.hpp"

namespace sluice::cli {

struct DiffReport {
  std::string old_name, new_name;           // as given on the command line
  std::vector<diff::Change> changes;
  const rt::ImpactReport* impact = nullptr;  // null without --records
  std::vector<std::string> records_files;
  std::string as_of;                        // ISO-8601 instant
  bool as_of_is_clock = false;              // no --as-of: the wall clock was read
  std::optional<double> gate_percent;       // --fail-if-changed-over
  bool gate_failed = false;
};

std::string diff_to_text(const DiffReport& report);
std::string diff_to_json(const DiffReport& report);
std::string diff_to_markdown(const DiffReport& report);

}  // namespace sluice::cli
