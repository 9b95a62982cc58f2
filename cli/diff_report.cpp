// Renderers of DiffReport. The matrix keeps only cells where the stage changed:
// rows are old stages, columns new stages, with row and column totals.
#include "cli/diff_report.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace sluice::cli {

namespace {

std::string percent(double p) { return fmt::format("{:.2f}%", p); }

std::string signed_delta(std::int64_t d) { return d > 0 ? fmt::format("+{}", d) : fmt::format("{}", d); }

struct Matrix {
  std::vector<std::string> rows, cols;
  std::int64_t cell(const rt::ImpactReport& r, const std::string& from, const std::string& to) const {
    auto it = r.moves.find({from, to});
    return it == r.moves.end() ? 0 : it->second.count;
  }
};

Matrix matrix_of(const rt::ImpactReport& r) {
  std::set<std::string> rows, cols;
  for (const auto& [cell, counts] : r.moves) {
    rows.insert(cell.first);
    cols.insert(cell.second);
  }
  return {{rows.begin(), rows.end()}, {cols.begin(), cols.end()}};
}

// A table cell's text: record keys come from the input and may hold `|`.
std::string md_cell(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += "\\|";
    else if (c == '\n' || c == '\r') out += ' ';
    else out += c;
  }
  return out;
}

std::string examples_text(const rt::StageCell& cell) {
  std::string s;
  for (std::size_t i = 0; i < cell.examples.size(); ++i) s += (i ? ", " : "") + cell.examples[i];
  return s;
}

std::string impact_heading(const DiffReport& d) {
  std::string files;
  for (std::size_t i = 0; i < d.records_files.size(); ++i) files += (i ? ", " : "") + d.records_files[i];
  return fmt::format("Impact on {} records ({}) as of {}{}", d.impact->records, files, d.as_of,
                     d.as_of_is_clock ? " (the wall clock: pass --as-of for a repeatable report)" : "");
}

std::string gate_line(const DiffReport& d) {
  if (!d.gate_percent || d.impact == nullptr) return {};
  return fmt::format("gate: {} of records changed stage, limit {}: {}", percent(d.impact->changed_percent()),
                     percent(*d.gate_percent), d.gate_failed ? "FAILED" : "passed");
}

void text_impact(const DiffReport& d, std::string& out) {
  const rt::ImpactReport& r = *d.impact;
  out += "\n" + impact_heading(d) + "\n";
  out += fmt::format("  changed stage: {} of {} ({})\n", r.changed, r.records, percent(r.changed_percent()));
  for (const auto& [funnel, n] : r.changed_by_funnel) out += fmt::format("    funnel {}: {}\n", funnel, n);
  if (!r.moves.empty()) {
    const Matrix m = matrix_of(r);
    std::size_t w = std::string("old \\ new").size();
    for (const auto& s : m.rows) w = std::max(w, s.size());
    std::vector<std::size_t> cw;
    for (const auto& c : m.cols) cw.push_back(std::max<std::size_t>(c.size(), 6));
    out += "\n  moves (rows: old stage, columns: new stage)\n";
    std::string head = fmt::format("    {:<{}}", "old \\ new", w);
    for (std::size_t c = 0; c < m.cols.size(); ++c) head += fmt::format("  {:>{}}", m.cols[c], cw[c]);
    out += head + fmt::format("  {:>6}\n", "total");
    std::vector<std::int64_t> col_totals(m.cols.size(), 0);
    for (const auto& row : m.rows) {
      std::string line = fmt::format("    {:<{}}", row, w);
      std::int64_t total = 0;
      for (std::size_t c = 0; c < m.cols.size(); ++c) {
        const std::int64_t n = m.cell(r, row, m.cols[c]);
        total += n;
        col_totals[c] += n;
        line += fmt::format("  {:>{}}", n ? std::to_string(n) : std::string("."), cw[c]);
      }
      out += line + fmt::format("  {:>6}\n", total);
    }
    std::string line = fmt::format("    {:<{}}", "total", w);
    for (std::size_t c = 0; c < m.cols.size(); ++c) line += fmt::format("  {:>{}}", col_totals[c], cw[c]);
    out += line + fmt::format("  {:>6}\n", r.changed);
    out += "\n  examples\n";
    for (const auto& [cell, counts] : r.moves)
      out += fmt::format("    {} -> {} ({}): {}\n", cell.first, cell.second, counts.count, examples_text(counts));
  }
  out += "\n  records per stage (old -> new)\n";
  std::set<std::string> labels;
  for (const auto& [l, n] : r.old_stages) labels.insert(l);
  for (const auto& [l, n] : r.new_stages) labels.insert(l);
  for (const auto& l : labels) {
    auto o = r.old_stages.count(l) ? r.old_stages.at(l) : 0;
    auto n = r.new_stages.count(l) ? r.new_stages.at(l) : 0;
    out += fmt::format("    {:<24} {:>8} -> {:>8} ({})\n", l, o, n, signed_delta(n - o));
  }
  if (!r.qualifications.empty()) {
    out += "\n  qualification passes (old -> new)\n";
    for (const auto& [q, c] : r.qualifications)
      out += fmt::format("    {:<24} {:>8} -> {:>8} ({})\n", q, c.old_passed, c.new_passed,
                         signed_delta(c.new_passed - c.old_passed));
  }
  if (!r.events.empty()) {
    out += "\n  events (old -> new)\n";
    for (const auto& [e, c] : r.events)
      out += fmt::format("    {:<24} {:>8} -> {:>8} ({} appeared, {} vanished)\n", e, c.old_count, c.new_count,
                         c.appeared, c.vanished);
  }
  std::int64_t old_errors = 0, new_errors = 0;
  for (const auto& [code, n] : r.old_errors) old_errors += n;
  for (const auto& [code, n] : r.new_errors) new_errors += n;
  out += fmt::format("\n  data errors: old {}, new {}\n", old_errors, new_errors);
  for (const auto& [code, n] : r.old_errors) out += fmt::format("    old {}: {}\n", code, n);
  for (const auto& [code, n] : r.new_errors) out += fmt::format("    new {}: {}\n", code, n);
}

}  // namespace

std::string diff_to_text(const DiffReport& d) {
  std::string out = fmt::format("sluice diff {} -> {}\n", d.old_name, d.new_name);
  if (d.changes.empty()) out += "\nno semantic changes\n";
  for (const diff::Change& c : d.changes) {
    out += fmt::format("\n{} ({})\n", c.where, diff::change_kind_name(c.kind));
    for (const auto& l : c.before) out += "  - " + l + "\n";
    for (const auto& l : c.after) out += "  + " + l + "\n";
  }
  if (!d.changes.empty()) out += fmt::format("\n{} change{}\n", d.changes.size(), d.changes.size() == 1 ? "" : "s");
  if (d.impact != nullptr) text_impact(d, out);
  if (const std::string g = gate_line(d); !g.empty()) out += "\n" + g + "\n";
  return out;
}

std::string diff_to_json(const DiffReport& d) {
  nlohmann::ordered_json j;
  j["old"] = d.old_name;
  j["new"] = d.new_name;
  j["changes"] = nlohmann::ordered_json::array();
  for (const diff::Change& c : d.changes) {
    j["changes"].push_back({{"where", c.where}, {"kind", diff::change_kind_name(c.kind)}, {"before", c.before},
                            {"after", c.after}});
  }
  if (d.impact != nullptr) {
    const rt::ImpactReport& r = *d.impact;
    nlohmann::ordered_json im;
    im["records_files"] = d.records_files;
    im["as_of"] = d.as_of;
    im["as_of_is_clock"] = d.as_of_is_clock;
    im["records"] = r.records;
    im["changed"] = r.changed;
    im["changed_percent"] = std::round(r.changed_percent() * 100.0) / 100.0;
    im["changed_by_funnel"] = r.changed_by_funnel;
    im["moves"] = nlohmann::ordered_json::array();
    for (const auto& [cell, counts] : r.moves)
      im["moves"].push_back({{"from", cell.first}, {"to", cell.second}, {"count", counts.count}, {"examples", counts.examples}});
    im["old_stages"] = r.old_stages;
    im["new_stages"] = r.new_stages;
    im["qualifications"] = nlohmann::ordered_json::object();
    for (const auto& [q, c] : r.qualifications) im["qualifications"][q] = {{"old_passed", c.old_passed}, {"new_passed", c.new_passed}};
    im["events"] = nlohmann::ordered_json::object();
    for (const auto& [e, c] : r.events)
      im["events"][e] = {{"old", c.old_count}, {"new", c.new_count}, {"appeared", c.appeared}, {"vanished", c.vanished}};
    im["old_errors"] = r.old_errors;
    im["new_errors"] = r.new_errors;
    j["impact"] = std::move(im);
  }
  if (d.gate_percent && d.impact != nullptr) j["gate"] = {{"limit_percent", *d.gate_percent}, {"failed", d.gate_failed}};
  return j.dump(2) + "\n";
}

std::string diff_to_markdown(const DiffReport& d) {
  std::string out = fmt::format("### Policy diff: `{}` → `{}`\n\n", d.old_name, d.new_name);
  if (d.changes.empty()) out += "No semantic changes.\n";
  for (const diff::Change& c : d.changes) {
    out += fmt::format("**{}** ({})\n\n```diff\n", c.where, diff::change_kind_name(c.kind));
    for (const auto& l : c.before) out += "- " + l + "\n";
    for (const auto& l : c.after) out += "+ " + l + "\n";
    out += "```\n\n";
  }
  if (d.impact != nullptr) {
    const rt::ImpactReport& r = *d.impact;
    out += fmt::format("#### {}\n\n", impact_heading(d));
    out += fmt::format("**{} of {} records ({}) change stage.**\n\n", r.changed, r.records, percent(r.changed_percent()));
    if (!r.moves.empty()) {
      const Matrix m = matrix_of(r);
      out += "| old \\ new |";
      for (const auto& c : m.cols) out += " " + c + " |";
      out += " total |\n|---|";
      for (std::size_t c = 0; c <= m.cols.size(); ++c) out += "---:|";
      out += "\n";
      for (const auto& row : m.rows) {
        out += "| " + row + " |";
        std::int64_t total = 0;
        for (const auto& c : m.cols) {
          const std::int64_t n = m.cell(r, row, c);
          total += n;
          out += n ? fmt::format(" {} |", n) : std::string(" |");
        }
        out += fmt::format(" {} |\n", total);
      }
      out += "| total |";
      for (const auto& c : m.cols) {
        std::int64_t total = 0;
        for (const auto& row : m.rows) total += m.cell(r, row, c);
        out += fmt::format(" {} |", total);
      }
      out += fmt::format(" {} |\n", r.changed);
      out += "\n| move | records | examples |\n|---|---:|---|\n";
      for (const auto& [cell, counts] : r.moves)
        out += fmt::format("| {} → {} | {} | {} |\n", cell.first, cell.second, counts.count, md_cell(examples_text(counts)));
    }
    if (!r.qualifications.empty()) {
      out += "\n| qualification | passed (old) | passed (new) | change |\n|---|---:|---:|---:|\n";
      for (const auto& [q, c] : r.qualifications)
        out += fmt::format("| {} | {} | {} | {} |\n", q, c.old_passed, c.new_passed, signed_delta(c.new_passed - c.old_passed));
    }
    if (!r.events.empty()) {
      out += "\n| event | old | new | appeared | vanished |\n|---|---:|---:|---:|---:|\n";
      for (const auto& [e, c] : r.events)
        out += fmt::format("| {} | {} | {} | {} | {} |\n", e, c.old_count, c.new_count, c.appeared, c.vanished);
    }
    std::int64_t old_errors = 0, new_errors = 0;
    for (const auto& [code, n] : r.old_errors) old_errors += n;
    for (const auto& [code, n] : r.new_errors) new_errors += n;
    out += fmt::format("\nData errors: old {}, new {}.\n", old_errors, new_errors);
  }
  if (const std::string g = gate_line(d); !g.empty()) out += "\n" + g + "\n";
  return out;
}

}  // namespace sluice::cli
