// What ReportBuilder keeps between lines (runtime/report.cpp reads lines,
// runtime/report_build.cpp counts and summarises). Not part of the public interface.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "runtime/report.hpp"

namespace sluice::rt::report {

// The policy's view of one funnel, prepared once.
struct FunnelInfo {
  const ir::Funnel* funnel = nullptr;
  std::map<std::string, std::int32_t> stage_by_name;
  std::map<std::string, std::int32_t> stage_by_stamp;   // "mql_entered_at" -> stage
  std::vector<std::int32_t> next;                       // per stage: next main-path stage, -1 none
  std::vector<std::string> stage_field_keys;            // plain records: input keys to the stage field
  std::vector<std::vector<std::string>> stamp_paths;    // plain records: input keys to each stamp
};

enum class SlaSeen : std::uint8_t { none, ok, breached, unknown };

// What one line tells about one record.
struct Evidence {
  std::int32_t funnel = -1;
  std::int32_t current = -1;                          // stage now, -1 unstaged
  std::vector<bool> entered;                          // per stage: evidence it was entered
  std::vector<std::optional<std::int64_t>> stamp;     // per stage: entered-at
  bool existed_before = false;                        // result line with a `from` stage
  std::optional<std::int64_t> first_entry;            // set by finish()
  std::string owner;
  SlaSeen sla = SlaSeen::none;
  std::int32_t sla_stage = -1;
  std::vector<std::pair<std::string, int>> quals;     // name, 1 passed / 0 failed / -1 unknown

  void reset(std::size_t stages) {
    entered.assign(stages, false);
    stamp.assign(stages, std::nullopt);
  }
  // The first entry is the earliest stamp, unless the record was already in a stage
  // before the evaluation that wrote the stamps (then it is not known).
  void finish() {
    first_entry.reset();
    if (existed_before) return;
    for (const auto& s : stamp)
      if (s && (!first_entry || *s < *first_entry)) first_entry = s;
  }
};

struct OwnerAcc {
  std::int64_t with_sla = 0, breached = 0;
};

struct GroupAcc {
  GroupAcc(std::int32_t f, std::string by, std::size_t stages);
  void add(const FunnelInfo& info, const Evidence& ev);

  std::int32_t funnel;
  std::string by_value;
  std::int64_t records = 0, unstaged = 0;
  std::vector<std::int64_t> current, entered, reached_next, out_of_order;
  std::vector<std::int64_t> sla_ok, sla_breached, sla_unknown;
  std::vector<std::vector<std::int64_t>> samples;   // per stage: ms to the next stage's stamp
  std::map<std::string, OwnerAcc> owners;
  std::vector<QualRow> quals;                       // first-seen order
};

struct State {
  State(const ir::Program& p, ReportOptions o);
  static std::vector<std::string> input_keys(const ir::Layout& layout, std::int32_t slot);
  void problem(const std::string& where, const std::string& what);
  GroupAcc& group_for(std::int32_t funnel, const std::string& by_value);
  std::string read_result(const nlohmann::json& doc, Evidence& ev);
  std::string read_record(const nlohmann::json& doc, Evidence& ev);
  std::string stage_of(const FunnelInfo& info, const nlohmann::json* value, std::int32_t& stage,
                       const std::string& what);
  std::string stamp_of(const nlohmann::json& value, const std::string& key, Evidence& ev, std::int32_t stage);
  Report build() const;

  const ir::Program& program;
  ReportOptions options;
  std::vector<std::string> by_path;
  std::vector<FunnelInfo> funnels;
  std::vector<GroupAcc> groups;
  std::map<std::pair<std::int32_t, std::string>, std::size_t> group_index;
  std::set<std::string> versions_seen;
  std::optional<std::int64_t> latest_stamp;
  std::int64_t lines = 0, results = 0, records = 0, eval_errors = 0, no_funnel = 0, other_funnel = 0;
  std::int64_t outside_period = 0, unknown_first_entry = 0, unreadable = 0;
  std::map<std::string, std::int64_t> eval_error_codes;
  std::vector<std::string> problems;
};

}  // namespace sluice::rt::report
