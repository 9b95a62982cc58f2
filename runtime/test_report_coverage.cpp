// Writing `sluice test --coverage` results: the text table, the JSON object and the
// JUnit properties (declared in test_report.hpp).
#include <iterator>

#include <fmt/format.h>

#include "runtime/test_report.hpp"

namespace sluice::rt {

namespace {

std::string percent_text(const CoverageCount& c) { return fmt::format("{:.1f}", c.percent()); }

std::string count_text(const CoverageCount& c) { return fmt::format("{} of {}", c.covered, c.total); }

nlohmann::json count_json(const CoverageCount& c) {
  // Rounded to 0.1, as the text shows it; `covered`/`total` are exact.
  const double percent = static_cast<double>(static_cast<long long>(c.percent() * 10.0 + 0.5)) / 10.0;
  return {{"covered", c.covered}, {"total", c.total}, {"percent", percent}};
}

}  // namespace

CoverageCount count_coverage(const std::vector<PolicyTests>& policies) {
  CoverageCount c;
  for (const PolicyTests& p : policies) c += total_coverage(p.coverage);
  return c;
}

std::string coverage_to_text(const std::vector<PolicyTests>& policies) {
  std::string out;
  auto it = std::back_inserter(out);
  for (const PolicyTests& p : policies) {
    for (const FunnelCoverage& f : p.coverage) {
      const CoverageCount all = f.count();
      fmt::format_to(it, "coverage of funnel `{}` ({}): {}% ({})\n", f.funnel, p.file, percent_text(all),
                     count_text(all));
      auto row = [&](const char* what, const CoverageCount& c) {
        fmt::format_to(it, "  {:<24}{:<12}{:>6}%\n", what, count_text(c), percent_text(c));
      };
      row("stages entered", f.stage_count());
      row("criteria true / false", f.criterion_count());
      row("transitions fired", f.transition_count());
      const std::vector<std::string> missing = f.not_exercised();
      if (missing.empty()) continue;
      out += "  not exercised:\n";
      for (const std::string& line : missing) fmt::format_to(it, "    {}\n", line);
    }
  }
  const CoverageCount total = count_coverage(policies);
  fmt::format_to(it, "total coverage: {}% ({})\n", percent_text(total), count_text(total));
  return out;
}

nlohmann::json coverage_to_json(const std::vector<FunnelCoverage>& funnels) {
  nlohmann::json out = nlohmann::json::array();
  for (const FunnelCoverage& f : funnels) {
    nlohmann::json stages = nlohmann::json::array();
    for (const StageCoverage& s : f.stages) stages.push_back({{"stage", s.name}, {"where", s.where}, {"entered", s.entered}});
    nlohmann::json criteria = nlohmann::json::array();
    for (const CriterionCoverage& k : f.criteria) {
      criteria.push_back({{"criterion", k.what}, {"where", k.where}, {"seen_true", k.seen_true}, {"seen_false", k.seen_false}});
    }
    nlohmann::json transitions = nlohmann::json::array();
    for (const TransitionCoverage& t : f.transitions) {
      transitions.push_back({{"transition", t.what}, {"where", t.where}, {"fired", t.fired}});
    }
    nlohmann::json one = count_json(f.count());
    one["funnel"] = f.funnel;
    one["stages"] = std::move(stages);
    one["criteria"] = std::move(criteria);
    one["transitions"] = std::move(transitions);
    one["not_exercised"] = f.not_exercised();
    out.push_back(std::move(one));
  }
  return out;
}

nlohmann::json coverage_total_to_json(const CoverageCount& count) { return count_json(count); }

std::string coverage_to_junit_properties(const std::vector<FunnelCoverage>& funnels, const char* indent) {
  std::string out;
  auto it = std::back_inserter(out);
  fmt::format_to(it, "{}<properties>\n", indent);
  fmt::format_to(it, "{}  <property name=\"coverage\" value=\"{}\"/>\n", indent, percent_text(total_coverage(funnels)));
  for (const FunnelCoverage& f : funnels) {
    fmt::format_to(it, "{}  <property name=\"coverage.{}\" value=\"{}\"/>\n", indent, xml_escape(f.funnel),
                   percent_text(f.count()));
  }
  fmt::format_to(it, "{}</properties>\n", indent);
  return out;
}

}  // namespace sluice::rt
