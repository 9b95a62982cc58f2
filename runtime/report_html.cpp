// The report as one self-contained HTML file: inline CSS, inline SVG charts (a funnel
// of the main path with conversion between stages, and velocity), tables with every
// number as text, a print stylesheet. No scripts, fonts or network. All user text
// (policy, stage, owner, group names) is escaped.
#include <algorithm>

#include <fmt/format.h>

#include "runtime/report.hpp"
#include "runtime/timefmt.hpp"

namespace sluice::rt::report {

namespace {

std::string esc(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

const char* const kStyle = R"(
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a;
       margin: 2rem auto; max-width: 1100px; padding: 0 1rem; line-height: 1.4; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.3rem; border-bottom: 2px solid #1f4e79; padding-bottom: .2rem; margin-top: 2.2rem; }
h3 { font-size: 1.05rem; margin: 1.4rem 0 .4rem; }
.meta { color: #333; margin: .2rem 0; }
table { border-collapse: collapse; margin: .3rem 0 1rem; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid #c8c8c8; padding: .25rem .6rem; text-align: right; }
th[scope=row], thead th:first-child, th.t, td.t { text-align: left; }
thead th { background: #eef3f8; }
figure { margin: .5rem 0 1rem; }
svg { max-width: 100%; height: auto; }
svg text { font-family: inherit; }
.problems { color: #8a1c1c; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  section { break-before: page; }
  section:first-of-type { break-before: auto; }
  figure, table { break-inside: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
)";

bool on_main_path(const StageRow& s) { return s.kind != ir::StageKind::side; }

// Main-path stages as centred bars, widths proportional to "entered", with the
// conversion to the next stage between two bars.
std::string funnel_svg(const Group& g, const std::string& id) {
  std::vector<std::size_t> main;
  std::int64_t max_entered = 1;
  for (std::size_t i = 0; i < g.stages.size(); ++i)
    if (on_main_path(g.stages[i])) {
      main.push_back(i);
      max_entered = std::max(max_entered, g.stages[i].entered);
    }
  const int bar_h = 34, gap = 26, top = 10, label_w = 190, area = 560, centre = label_w + 20 + area / 2;
  const int height = top * 2 + static_cast<int>(main.size()) * (bar_h + gap);
  std::string desc, body;
  for (std::size_t k = 0; k < main.size(); ++k) {
    const StageRow& s = g.stages[main[k]];
    const int y = top + static_cast<int>(k) * (bar_h + gap);
    const int w = std::max(2, static_cast<int>(static_cast<double>(area) * static_cast<double>(s.entered) /
                                               static_cast<double>(max_entered)));
    body += fmt::format(R"(<text x="{}" y="{}" text-anchor="end" font-size="15" font-weight="600">{}</text>)", label_w,
                        y + 22, esc(s.name));
    body += fmt::format(R"(<rect x="{}" y="{}" width="{}" height="{}" rx="3" fill="#1f4e79"/>)", centre - w / 2, y, w, bar_h);
    body += fmt::format(R"(<text x="{}" y="{}" font-size="14">{} entered · {} now</text>)", centre + area / 2 + 12, y + 22,
                        s.entered, s.current);
    desc += fmt::format("{}: {} entered, {} now. ", s.name, s.entered, s.current);
    if (s.next >= 0 && k + 1 < main.size()) {
      const std::string& next = g.stages[static_cast<std::size_t>(s.next)].name;
      const std::string rate = percent_text(s.reached_next, s.entered);
      body += fmt::format(R"(<text x="{}" y="{}" text-anchor="middle" font-size="14" fill="#1a1a1a">▼ <tspan font-weight="700">{}</tspan> to {} ({} of {})</text>)",
                          centre, y + bar_h + 18, rate, esc(next), s.reached_next, s.entered);
      desc += fmt::format("{} of them reached {} ({}). ", s.reached_next, next, rate);
    }
  }
  return fmt::format(
      R"(<svg role="img" aria-labelledby="{0}-t {0}-d" viewBox="0 0 1000 {1}" width="1000" height="{1}" xmlns="http://www.w3.org/2000/svg">)"
      R"(<title id="{0}-t">Funnel of {2}</title><desc id="{0}-d">{3}</desc>{4}</svg>)",
      id, height, esc(g.funnel), esc(desc), body);
}

// Median and p90 days from each main-path stage to the next, as paired bars.
std::string velocity_svg(const Group& g, const std::string& id) {
  std::vector<std::size_t> pairs;
  std::int64_t max_ms = 1;
  for (std::size_t i = 0; i < g.stages.size(); ++i)
    if (g.stages[i].next >= 0 && g.stages[i].velocity_samples > 0) {
      pairs.push_back(i);
      max_ms = std::max(max_ms, g.stages[i].p90_ms);
    }
  if (pairs.empty()) return "<p>No record has entered-at stamps for two consecutive stages, so there is no velocity to show.</p>";
  const int row_h = 46, top = 10, label_w = 200, area = 440;
  const int height = top * 2 + static_cast<int>(pairs.size()) * row_h + 20;
  std::string desc, body;
  for (std::size_t k = 0; k < pairs.size(); ++k) {
    const StageRow& s = g.stages[pairs[k]];
    const std::string label = s.name + " → " + g.stages[static_cast<std::size_t>(s.next)].name;
    const int y = top + static_cast<int>(k) * row_h;
    auto width = [&](std::int64_t ms) {
      return std::max(1, static_cast<int>(static_cast<double>(area) * static_cast<double>(ms) / static_cast<double>(max_ms)));
    };
    body += fmt::format(R"(<text x="{}" y="{}" text-anchor="end" font-size="14" font-weight="600">{}</text>)", label_w, y + 20,
                        esc(label));
    body += fmt::format(R"(<rect x="{}" y="{}" width="{}" height="15" fill="#1f4e79"/>)", label_w + 12, y + 4, width(s.median_ms));
    body += fmt::format(R"(<rect x="{}" y="{}" width="{}" height="15" fill="#9dbbd8"/>)", label_w + 12, y + 21, width(s.p90_ms));
    body += fmt::format(R"(<text x="{}" y="{}" font-size="13">median {} d · p90 {} d · {} record{}</text>)",
                        label_w + 24 + area, y + 20, days_text(s.median_ms), days_text(s.p90_ms), s.velocity_samples,
                        s.velocity_samples == 1 ? "" : "s");
    desc += fmt::format("{}: median {} days, p90 {} days over {} records. ", label, days_text(s.median_ms),
                        days_text(s.p90_ms), s.velocity_samples);
  }
  const int ly = height - 12;
  body += fmt::format(R"(<rect x="{}" y="{}" width="14" height="10" fill="#1f4e79"/><text x="{}" y="{}" font-size="12">median</text>)",
                      label_w + 12, ly - 9, label_w + 30, ly);
  body += fmt::format(R"(<rect x="{}" y="{}" width="14" height="10" fill="#9dbbd8"/><text x="{}" y="{}" font-size="12">p90</text>)",
                      label_w + 92, ly - 9, label_w + 110, ly);
  return fmt::format(
      R"(<svg role="img" aria-labelledby="{0}-t {0}-d" viewBox="0 0 1000 {1}" width="1000" height="{1}" xmlns="http://www.w3.org/2000/svg">)"
      R"(<title id="{0}-t">Days between stages of {2}</title><desc id="{0}-d">{3}</desc>{4}</svg>)",
      id, height, esc(g.funnel), esc(desc), body);
}

std::string stage_table(const Group& g) {
  std::string out =
      "<table><thead><tr><th scope=\"col\">stage</th><th scope=\"col\" class=\"t\">owner</th><th scope=\"col\">now</th>"
      "<th scope=\"col\">entered</th><th scope=\"col\" class=\"t\">next stage</th><th scope=\"col\">reached next</th>"
      "<th scope=\"col\">conversion</th><th scope=\"col\">median days</th><th scope=\"col\">p90 days</th>"
      "<th scope=\"col\">samples</th></tr></thead><tbody>";
  for (const StageRow& s : g.stages) {
    out += fmt::format("<tr><th scope=\"row\">{}{}</th><td class=\"t\">{}</td><td>{}</td><td>{}</td>", esc(s.name),
                       s.kind == ir::StageKind::side ? " (side)" : s.kind == ir::StageKind::terminal ? " (terminal)" : "",
                       esc(s.owner), s.current, s.entered);
    if (s.next >= 0) {
      out += fmt::format("<td class=\"t\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                         esc(g.stages[static_cast<std::size_t>(s.next)].name), s.reached_next,
                         percent_text(s.reached_next, s.entered), s.velocity_samples ? days_text(s.median_ms) : "-",
                         s.velocity_samples ? days_text(s.p90_ms) : "-", s.velocity_samples);
    } else {
      out += "<td></td><td></td><td></td><td></td><td></td><td></td></tr>";
    }
  }
  return out + "</tbody></table>";
}

std::string sla_tables(const Group& g) {
  std::string rows;
  for (const StageRow& s : g.stages) {
    const std::int64_t with = s.sla_ok + s.sla_breached + s.sla_unknown;
    if (with == 0) continue;
    rows += fmt::format("<tr><th scope=\"row\">{}</th><td class=\"t\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                        esc(s.name), esc(s.owner.empty() ? "(none)" : s.owner), s.sla_ok, s.sla_breached, s.sla_unknown,
                        percent_text(s.sla_breached, with));
  }
  if (rows.empty()) return "<p>No record is in a stage with an SLA (SLA states come from <code>sluice eval</code> results).</p>";
  std::string out =
      "<table><thead><tr><th scope=\"col\">stage</th><th scope=\"col\" class=\"t\">owner</th><th scope=\"col\">ok</th>"
      "<th scope=\"col\">breached</th><th scope=\"col\">unknown</th><th scope=\"col\">breach rate</th></tr></thead><tbody>" +
      rows + "</tbody></table>";
  out += "<table><thead><tr><th scope=\"col\">owner</th><th scope=\"col\">with SLA</th><th scope=\"col\">breached</th></tr>"
         "</thead><tbody>";
  for (const OwnerSla& o : g.owners)
    out += fmt::format("<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td></tr>", esc(o.owner), o.with_sla, o.breached);
  return out + "</tbody></table>";
}

std::string qual_table(const Group& g) {
  if (g.qualifications.empty()) return "<p>No qualification results in the input.</p>";
  std::string out =
      "<table><thead><tr><th scope=\"col\">qualification</th><th scope=\"col\">passed</th><th scope=\"col\">failed</th>"
      "<th scope=\"col\">unknown</th><th scope=\"col\">pass rate</th></tr></thead><tbody>";
  for (const QualRow& q : g.qualifications)
    out += fmt::format("<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", esc(q.name), q.passed,
                       q.failed, q.unknown, percent_text(q.passed, q.passed + q.failed));
  return out + "</tbody></table>";
}

}  // namespace

std::string render_html(const Report& r) {
  const std::string title = fmt::format("Funnel report: {} {}", r.policy, r.version);
  std::string out = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{}</style>\n"
      "</head>\n<body>\n<header>\n<h1>Funnel report: {} <small>version {}</small></h1>\n",
      esc(title), kStyle, esc(r.policy), esc(r.version));
  out += fmt::format("<p class=\"meta\">As of <time id=\"as-of\">{}</time>.", esc(as_of_text(r)));
  if (r.from_ms || r.to_ms)
    out += fmt::format(" Records whose first entry is from {} to {} (exclusive).", r.from_ms ? format_instant(*r.from_ms) : "-",
                       r.to_ms ? format_instant(*r.to_ms) : "-");
  out += fmt::format(" Input: {} lines, {} eval results, {} stamped records, {} eval errors, {} unreadable.</p>\n", r.lines,
                     r.results, r.records, r.eval_errors, r.unreadable);
  if (!r.problems.empty()) {
    out += "<ul class=\"problems\">";
    for (const std::string& p : r.problems) out += "<li>unreadable " + esc(p) + "</li>";
    out += "</ul>\n";
  }
  out += "</header>\n<main>\n";
  for (std::size_t i = 0; i < r.groups.size(); ++i) {
    const Group& g = r.groups[i];
    const std::string id = fmt::format("g{}", i + 1);
    out += fmt::format("<section aria-labelledby=\"{0}\">\n<h2 id=\"{0}\">{1}</h2>\n<p class=\"meta\">{2} records, {3} unstaged.</p>\n",
                       id, esc(group_title(r, g)), g.records, g.unstaged);
    out += "<h3>Funnel: records that entered each stage, and conversion to the next</h3>\n<figure>" +
           funnel_svg(g, id + "-funnel") + "</figure>\n";
    out += "<h3>Stages</h3>\n" + stage_table(g) + "\n";
    out += "<h3>Velocity: days from entering a stage to entering the next</h3>\n<figure>" +
           velocity_svg(g, id + "-velocity") + "</figure>\n";
    out += "<h3>SLA of records now in a stage with an SLA</h3>\n" + sla_tables(g) + "\n";
    out += "<h3>Qualification pass rates</h3>\n" + qual_table(g) + "\n</section>\n";
  }
  if (r.groups.empty()) out += "<p>No records to report.</p>\n";
  out += "</main>\n<footer><p class=\"meta\">Written by <code>sluice report</code>. Definitions of every metric: "
         "docs/report.md.</p></footer>\n</body>\n</html>\n";
  return out;
}

}  // namespace sluice::rt::report
