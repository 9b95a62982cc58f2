// Counting one record's evidence into its group, and turning the counters into the
// Report (conversion, nearest-rank median and p90 of the velocity samples).
#include <algorithm>

#include "runtime/report_internal.hpp"

namespace sluice::rt::report {

GroupAcc::GroupAcc(std::int32_t f, std::string by, std::size_t stages)
    : funnel(f),
      by_value(std::move(by)),
      current(stages, 0),
      entered(stages, 0),
      reached_next(stages, 0),
      out_of_order(stages, 0),
      sla_ok(stages, 0),
      sla_breached(stages, 0),
      sla_unknown(stages, 0),
      samples(stages) {}

void GroupAcc::add(const FunnelInfo& info, const Evidence& ev) {
  ++records;
  if (ev.current >= 0) ++current[static_cast<std::size_t>(ev.current)];
  else ++unstaged;
  for (std::size_t s = 0; s < entered.size(); ++s) {
    if (!ev.entered[s]) continue;
    ++entered[s];
    const std::int32_t next = info.next[s];
    if (next < 0 || !ev.entered[static_cast<std::size_t>(next)]) continue;
    ++reached_next[s];
    const auto& from = ev.stamp[s];
    const auto& to = ev.stamp[static_cast<std::size_t>(next)];
    if (!from || !to) continue;
    if (*to < *from) ++out_of_order[s];
    else samples[s].push_back(*to - *from);
  }
  if (ev.sla != SlaSeen::none && ev.sla_stage >= 0) {
    const auto s = static_cast<std::size_t>(ev.sla_stage);
    if (ev.sla == SlaSeen::ok) ++sla_ok[s];
    else if (ev.sla == SlaSeen::breached) ++sla_breached[s];
    else ++sla_unknown[s];
    std::string owner = ev.owner.empty() ? info.funnel->stages[s].owner : ev.owner;
    OwnerAcc& o = owners[owner.empty() ? std::string("(none)") : owner];
    ++o.with_sla;
    if (ev.sla == SlaSeen::breached) ++o.breached;
  }
  for (const auto& [name, passed] : ev.quals) {
    auto it = std::find_if(quals.begin(), quals.end(), [&qual = name](const QualRow& q) { return q.name == qual; });
    if (it == quals.end()) {
      quals.push_back(QualRow{name, 0, 0, 0});
      it = quals.end() - 1;
    }
    if (passed == 1) ++it->passed;
    else if (passed == 0) ++it->failed;
    else ++it->unknown;
  }
}

Report State::build() const {
  Report r;
  r.policy = program.policy_name;
  r.version = program.policy_version;
  r.versions_seen.assign(versions_seen.begin(), versions_seen.end());
  r.as_of_ms = options.as_of_ms ? options.as_of_ms : latest_stamp;
  r.from_ms = options.from_ms;
  r.to_ms = options.to_ms;
  r.by = options.by;
  r.lines = lines;
  r.results = results;
  r.records = records;
  r.eval_errors = eval_errors;
  r.eval_error_codes = eval_error_codes;
  r.no_funnel = no_funnel;
  r.other_funnel = other_funnel;
  r.outside_period = outside_period;
  r.unknown_first_entry = unknown_first_entry;
  r.unreadable = unreadable;
  r.problems = problems;
  for (const GroupAcc& g : groups) {
    const ir::Funnel& f = *funnels[static_cast<std::size_t>(g.funnel)].funnel;
    const FunnelInfo& info = funnels[static_cast<std::size_t>(g.funnel)];
    Group out;
    out.funnel = f.name;
    out.by_value = g.by_value;
    out.records = g.records;
    out.unstaged = g.unstaged;
    for (std::size_t s = 0; s < f.stages.size(); ++s) {
      StageRow row;
      row.name = f.stages[s].name;
      row.display = f.stages[s].display;
      row.owner = f.stages[s].owner;
      row.kind = f.stages[s].kind;
      row.current = g.current[s];
      row.entered = g.entered[s];
      row.next = info.next[s];
      row.reached_next = g.reached_next[s];
      row.out_of_order = g.out_of_order[s];
      std::vector<std::int64_t> sorted = g.samples[s];
      std::sort(sorted.begin(), sorted.end());
      row.velocity_samples = static_cast<std::int64_t>(sorted.size());
      if (!sorted.empty()) {
        row.median_ms = nearest_rank(sorted, 50);
        row.p90_ms = nearest_rank(sorted, 90);
      }
      row.sla_ok = g.sla_ok[s];
      row.sla_breached = g.sla_breached[s];
      row.sla_unknown = g.sla_unknown[s];
      out.stages.push_back(std::move(row));
    }
    for (const auto& [owner, acc] : g.owners) out.owners.push_back(OwnerSla{owner, acc.with_sla, acc.breached});
    out.qualifications = g.quals;
    r.groups.push_back(std::move(out));
  }
  return r;
}

Report ReportBuilder::build() const { return state_->build(); }

}  // namespace sluice::rt::report
