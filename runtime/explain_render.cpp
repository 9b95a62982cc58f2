// An Explanation as JSON (`eval --explain`) and as text (`sluice explain`).
#include <iterator>

#include <fmt/format.h>

#include "runtime/explain.hpp"
#include "runtime/timefmt.hpp"

namespace sluice::rt {
namespace {

nlohmann::json or_null(const std::string& s) { return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s); }

nlohmann::json condition_json(const ConditionExplanation& c) {
  nlohmann::json terms = nlohmann::json::array();
  for (const TermExplanation& t : c.terms) {
    nlohmann::json term = {{"text", t.text}, {"holds", truth_name(t.holds)}};
    if (!t.detail.empty()) term["detail"] = t.detail;
    terms.push_back(std::move(term));
  }
  nlohmann::json j = {{"stage", c.stage}, {"condition", c.kind}, {"holds", truth_name(c.holds)}, {"terms", std::move(terms)}};
  if (!c.label.empty()) j["label"] = c.label;
  return j;
}

nlohmann::json conditions_json(const std::vector<ConditionExplanation>& list) {
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& c : list) arr.push_back(condition_json(c));
  return arr;
}

// "+" holds, "-" false, "?" not set, "!" a fault.
char mark(Truth t) {
  switch (t) {
    case Truth::true_: return '+';
    case Truth::false_: return '-';
    case Truth::unset: return '?';
    case Truth::error: return '!';
  }
  return '?';
}

void condition_text(std::string& out, const ConditionExplanation& c, const char* heading) {
  auto it = std::back_inserter(out);
  fmt::format_to(it, "  {} ({}):\n", heading, truth_name(c.holds));
  if (c.terms.empty()) fmt::format_to(it, "    {} (the whole condition)\n", mark(c.holds));
  for (const TermExplanation& t : c.terms) {
    fmt::format_to(it, "    {} {}", mark(t.holds), t.text);
    if (!t.detail.empty()) fmt::format_to(it, ": {}", t.detail);
    else if (t.holds != Truth::true_) fmt::format_to(it, ": {}", truth_name(t.holds));
    out += '\n';
  }
}

std::string join(const std::vector<std::string>& items) {
  std::string s;
  for (const auto& i : items) s += (s.empty() ? "" : ", ") + i;
  return s;
}

}  // namespace

nlohmann::json to_json(const Explanation& e) {
  nlohmann::json j;
  if (e.error) {
    j["error"] = {{"code", e.error_code}, {"message", e.error_message}};
    return j;
  }
  j["funnel"] = or_null(e.funnel);
  j["stage"] = or_null(e.stage);
  j["from"] = or_null(e.from);
  j["moved"] = e.moved;
  j["entered"] = e.entered;
  j["rule"] = e.rule;
  j["next"] = e.next.empty() ? nlohmann::json(nullptr) : condition_json(e.next.front());
  j["exit"] = e.exit.empty() ? nlohmann::json(nullptr) : condition_json(e.exit.front());
  j["transitions"] = conditions_json(e.transitions);
  nlohmann::json quals = nlohmann::json::object();
  for (const auto& q : e.qualifications)
    quals[q.name] = {{"passed", truth_name(q.passed)}, {"score", q.score}, {"met", q.met}, {"missing", q.missing}};
  j["qualifications"] = std::move(quals);
  if (e.sla.empty()) {
    j["sla"] = nullptr;
  } else {
    const SlaExplanation& s = e.sla.front();
    nlohmann::json sla = {{"stage", s.stage}, {"state", s.state}, {"limit", s.limit}};
    if (s.state != "unknown") sla["due"] = format_instant(s.due_ms);
    if (s.state == "breached") sla["overdue"] = format_duration(s.overdue_ms);
    j["sla"] = std::move(sla);
  }
  return j;
}

std::string to_text(const Explanation& e) {
  std::string out;
  auto it = std::back_inserter(out);
  std::string who = e.key.empty() ? std::string("record") : e.key;
  if (e.error) {
    fmt::format_to(it, "{}: error {}: {}\n", who, e.error_code, e.error_message);
    return out;
  }
  if (e.stage.empty()) {
    fmt::format_to(it, "{}: unstaged\n", who);
  } else {
    fmt::format_to(it, "{}: {}", who, e.stage);
    if (e.moved) fmt::format_to(it, " (from {}; entered {})", e.from.empty() ? "no stage" : e.from, join(e.entered));
    else fmt::format_to(it, " (stays)");
    out += '\n';
  }
  if (!e.rule.empty()) fmt::format_to(it, "  why: {}\n", e.rule);
  for (const auto& c : e.next) condition_text(out, c, fmt::format("next: entry of {}", c.stage).c_str());
  for (const auto& c : e.exit) condition_text(out, c, fmt::format("exit of {}", c.stage).c_str());
  for (const auto& c : e.transitions) {
    std::string heading = c.label.empty() ? fmt::format("transition to {}", c.stage)
                                          : fmt::format("transition `{}` to {}", c.label, c.stage);
    condition_text(out, c, heading.c_str());
  }
  for (const auto& q : e.qualifications) {
    fmt::format_to(it, "  {}: {}, score {}", q.name, q.passed == Truth::true_ ? "passed" : "not passed", q.score);
    if (!q.missing.empty()) fmt::format_to(it, ", missing {}", join(q.missing));
    out += '\n';
  }
  for (const auto& s : e.sla) {
    fmt::format_to(it, "  SLA of {} ({}): {}", s.stage, s.limit, s.state);
    if (s.state == "unknown") fmt::format_to(it, " (no entered-at stamp)");
    else fmt::format_to(it, ", due {}", format_instant(s.due_ms));
    if (s.state == "breached") fmt::format_to(it, ", overdue {}", format_duration(s.overdue_ms));
    out += '\n';
  }
  return out;
}

}  // namespace sluice::rt
