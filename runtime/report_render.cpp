// The report as an aligned table (people), JSON (programs) and tidy CSV
// (spreadsheets: one metric per row). Definitions: docs/report.md.
#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "runtime/report.hpp"
#include "runtime/timefmt.hpp"

namespace sluice::rt::report {

namespace {

using ojson = nlohmann::ordered_json;

const char* kind_name(ir::StageKind k) {
  switch (k) {
    case ir::StageKind::main: return "main";
    case ir::StageKind::side: return "side";
    case ir::StageKind::terminal: return "terminal";
  }
  return "main";
}

double rounded(double x, double scale) { return std::round(x * scale) / scale; }

// Rows of cells printed in aligned columns: text columns (`left`, a mask) left-aligned,
// numbers right-aligned.
std::string aligned(const std::vector<std::vector<std::string>>& rows, const std::vector<bool>& left) {
  std::vector<std::size_t> width;
  for (const auto& row : rows)
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (width.size() <= c) width.push_back(0);
      width[c] = std::max(width[c], row[c].size());
    }
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (c) line += "  ";
      line += c < left.size() && left[c] ? fmt::format("{:<{}}", row[c], width[c]) : fmt::format("{:>{}}", row[c], width[c]);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += "  " + line + "\n";
  }
  return out;
}

std::string input_summary(const Report& r) {
  std::string out = fmt::format("input: {} lines: {} eval results, {} stamped records, {} eval errors", r.lines,
                                r.results, r.records, r.eval_errors);
  if (!r.eval_error_codes.empty()) {
    std::string codes;
    for (const auto& [code, n] : r.eval_error_codes) codes += fmt::format("{}{} {}", codes.empty() ? "" : ", ", code, n);
    out += " (" + codes + ")";
  }
  out += fmt::format(", {} unreadable", r.unreadable);
  if (r.no_funnel) out += fmt::format(", {} in no funnel", r.no_funnel);
  if (r.other_funnel) out += fmt::format(", {} of other funnels", r.other_funnel);
  if (r.from_ms || r.to_ms)
    out += fmt::format(", {} outside the period, {} with no known first entry", r.outside_period, r.unknown_first_entry);
  return out + "\n";
}

std::string csv_cell(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

std::string days_text(std::int64_t ms) { return fmt::format("{:.2f}", static_cast<double>(ms) / kMsPerDay); }

std::string percent_text(std::int64_t part, std::int64_t whole) {
  if (whole <= 0) return "-";
  return fmt::format("{:.1f}%", 100.0 * static_cast<double>(part) / static_cast<double>(whole));
}

std::string group_title(const Report& report, const Group& g) {
  std::string title = "funnel " + g.funnel;
  if (!report.by.empty()) title += ", " + report.by + " = " + g.by_value;
  return title;
}

std::string as_of_text(const Report& r) { return r.as_of_ms ? format_instant(*r.as_of_ms) : std::string("unknown"); }

std::string render_table(const Report& r) {
  std::string out = fmt::format("policy {} version {}, as of {}\n", r.policy, r.version, as_of_text(r));
  if (r.from_ms || r.to_ms)
    out += fmt::format("period: first entry from {} to {} (exclusive)\n", r.from_ms ? format_instant(*r.from_ms) : "-",
                       r.to_ms ? format_instant(*r.to_ms) : "-");
  out += input_summary(r);
  for (const std::string& p : r.problems) out += "  unreadable " + p + "\n";
  for (const Group& g : r.groups) {
    out += fmt::format("\n{}: {} records, {} unstaged\n", group_title(r, g), g.records, g.unstaged);
    std::vector<std::vector<std::string>> rows = {
        {"stage", "kind", "now", "entered", "next", "reached", "conversion", "median days", "p90 days", "samples"}};
    for (const StageRow& s : g.stages) {
      std::vector<std::string> row = {s.name, kind_name(s.kind), std::to_string(s.current), std::to_string(s.entered)};
      if (s.next >= 0) {
        row.push_back(g.stages[static_cast<std::size_t>(s.next)].name);
        row.push_back(std::to_string(s.reached_next));
        row.push_back(percent_text(s.reached_next, s.entered));
        row.push_back(s.velocity_samples ? days_text(s.median_ms) : "-");
        row.push_back(s.velocity_samples ? days_text(s.p90_ms) : "-");
        row.push_back(std::to_string(s.velocity_samples));
      }
      rows.push_back(std::move(row));
    }
    out += aligned(rows, {true, true, false, false, true});
    std::vector<std::vector<std::string>> sla = {{"SLA stage", "owner", "ok", "breached", "unknown", "breach rate"}};
    for (const StageRow& s : g.stages) {
      const std::int64_t with = s.sla_ok + s.sla_breached + s.sla_unknown;
      if (with == 0) continue;
      sla.push_back({s.name, s.owner.empty() ? "(none)" : s.owner, std::to_string(s.sla_ok),
                     std::to_string(s.sla_breached), std::to_string(s.sla_unknown), percent_text(s.sla_breached, with)});
    }
    if (sla.size() > 1) out += "\n" + aligned(sla, {true, true});
    std::vector<std::vector<std::string>> owners = {{"SLA owner", "with SLA", "breached"}};
    for (const OwnerSla& o : g.owners) owners.push_back({o.owner, std::to_string(o.with_sla), std::to_string(o.breached)});
    if (owners.size() > 1) out += "\n" + aligned(owners, {true});
    std::vector<std::vector<std::string>> quals = {{"qualification", "passed", "failed", "unknown", "pass rate"}};
    for (const QualRow& q : g.qualifications)
      quals.push_back({q.name, std::to_string(q.passed), std::to_string(q.failed), std::to_string(q.unknown),
                       percent_text(q.passed, q.passed + q.failed)});
    if (quals.size() > 1) out += "\n" + aligned(quals, {true});
  }
  if (r.groups.empty()) out += "\nno records to report\n";
  return out;
}

std::string render_json(const Report& r) {
  ojson doc;
  doc["policy"] = r.policy;
  doc["version"] = r.version;
  doc["versions_seen"] = r.versions_seen;
  doc["as_of"] = r.as_of_ms ? ojson(format_instant(*r.as_of_ms)) : ojson(nullptr);
  doc["from"] = r.from_ms ? ojson(format_instant(*r.from_ms)) : ojson(nullptr);
  doc["to"] = r.to_ms ? ojson(format_instant(*r.to_ms)) : ojson(nullptr);
  doc["by"] = r.by.empty() ? ojson(nullptr) : ojson(r.by);
  ojson in;
  in["lines"] = r.lines;
  in["results"] = r.results;
  in["records"] = r.records;
  in["eval_errors"] = r.eval_errors;
  in["eval_error_codes"] = ojson::object();
  for (const auto& [code, n] : r.eval_error_codes) in["eval_error_codes"][code] = n;
  in["no_funnel"] = r.no_funnel;
  in["other_funnel"] = r.other_funnel;
  in["outside_period"] = r.outside_period;
  in["unknown_first_entry"] = r.unknown_first_entry;
  in["unreadable"] = r.unreadable;
  in["problems"] = r.problems;
  doc["input"] = in;
  doc["groups"] = ojson::array();
  for (const Group& g : r.groups) {
    ojson gj;
    gj["funnel"] = g.funnel;
    gj["group"] = r.by.empty() ? ojson(nullptr) : ojson(g.by_value);
    gj["records"] = g.records;
    gj["unstaged"] = g.unstaged;
    gj["stages"] = ojson::array();
    for (const StageRow& s : g.stages) {
      ojson sj;
      sj["stage"] = s.name;
      sj["kind"] = kind_name(s.kind);
      sj["owner"] = s.owner.empty() ? ojson(nullptr) : ojson(s.owner);
      sj["now"] = s.current;
      sj["entered"] = s.entered;
      if (s.next >= 0) {
        ojson nj;
        nj["stage"] = g.stages[static_cast<std::size_t>(s.next)].name;
        nj["reached"] = s.reached_next;
        nj["conversion"] = s.entered ? ojson(rounded(static_cast<double>(s.reached_next) / static_cast<double>(s.entered), 1e4))
                                     : ojson(nullptr);
        nj["samples"] = s.velocity_samples;
        nj["median_days"] = s.velocity_samples ? ojson(rounded(static_cast<double>(s.median_ms) / kMsPerDay, 1e3)) : ojson(nullptr);
        nj["p90_days"] = s.velocity_samples ? ojson(rounded(static_cast<double>(s.p90_ms) / kMsPerDay, 1e3)) : ojson(nullptr);
        nj["out_of_order"] = s.out_of_order;
        sj["to_next"] = nj;
      } else {
        sj["to_next"] = nullptr;
      }
      sj["sla"] = {{"ok", s.sla_ok}, {"breached", s.sla_breached}, {"unknown", s.sla_unknown}};
      gj["stages"].push_back(sj);
    }
    gj["sla_by_owner"] = ojson::array();
    for (const OwnerSla& o : g.owners)
      gj["sla_by_owner"].push_back({{"owner", o.owner}, {"with_sla", o.with_sla}, {"breached", o.breached}});
    gj["qualifications"] = ojson::array();
    for (const QualRow& q : g.qualifications) {
      const std::int64_t known = q.passed + q.failed;
      gj["qualifications"].push_back(
          {{"name", q.name}, {"passed", q.passed}, {"failed", q.failed}, {"unknown", q.unknown},
           {"pass_rate", known ? ojson(rounded(static_cast<double>(q.passed) / static_cast<double>(known), 1e4)) : ojson(nullptr)}});
    }
    doc["groups"].push_back(gj);
  }
  return doc.dump(2, ' ', false, ojson::error_handler_t::replace) + "\n";
}

std::string render_csv(const Report& r) {
  std::string out = "funnel,group,section,item,metric,value\r\n";
  auto row = [&](const Group& g, const char* section, const std::string& item, const char* metric, const std::string& value) {
    out += fmt::format("{},{},{},{},{},{}\r\n", csv_cell(g.funnel), csv_cell(g.by_value), section, csv_cell(item), metric,
                       csv_cell(value));
  };
  for (const Group& g : r.groups) {
    row(g, "group", "", "records", std::to_string(g.records));
    row(g, "group", "", "unstaged", std::to_string(g.unstaged));
    for (const StageRow& s : g.stages) {
      row(g, "stage", s.name, "now", std::to_string(s.current));
      row(g, "stage", s.name, "entered", std::to_string(s.entered));
      if (s.next >= 0) {
        row(g, "stage", s.name, "next", g.stages[static_cast<std::size_t>(s.next)].name);
        row(g, "stage", s.name, "reached_next", std::to_string(s.reached_next));
        row(g, "stage", s.name, "conversion",
            s.entered ? fmt::format("{:.4f}", static_cast<double>(s.reached_next) / static_cast<double>(s.entered)) : "");
        row(g, "stage", s.name, "velocity_samples", std::to_string(s.velocity_samples));
        row(g, "stage", s.name, "median_days", s.velocity_samples ? days_text(s.median_ms) : "");
        row(g, "stage", s.name, "p90_days", s.velocity_samples ? days_text(s.p90_ms) : "");
      }
      if (s.sla_ok + s.sla_breached + s.sla_unknown > 0) {
        row(g, "stage", s.name, "sla_ok", std::to_string(s.sla_ok));
        row(g, "stage", s.name, "sla_breached", std::to_string(s.sla_breached));
        row(g, "stage", s.name, "sla_unknown", std::to_string(s.sla_unknown));
      }
    }
    for (const OwnerSla& o : g.owners) {
      row(g, "owner", o.owner, "with_sla", std::to_string(o.with_sla));
      row(g, "owner", o.owner, "sla_breached", std::to_string(o.breached));
    }
    for (const QualRow& q : g.qualifications) {
      row(g, "qualification", q.name, "passed", std::to_string(q.passed));
      row(g, "qualification", q.name, "failed", std::to_string(q.failed));
      row(g, "qualification", q.name, "unknown", std::to_string(q.unknown));
    }
  }
  return out;
}

}  // namespace sluice::rt::report
