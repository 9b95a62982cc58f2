#include "runtime/test_report.hpp"

#include <iterator>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "compiler/utf8.hpp"

namespace sluice::rt {

namespace {

constexpr const char* kReplacement = "\xEF\xBF\xBD";  // U+FFFD

void indent_into(std::string& out, const std::string& text, const char* prefix) {
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    out += prefix;
    out.append(text, at, end - at);
    out += '\n';
    at = end + 1;
  }
}

// The whole failure as plain text: where, the expectation, what happened, and the
// trace unless it is `shown` already (the failures of one test share one record).
std::string failure_text(const ExpectFailure& f, const std::string* shown = nullptr) {
  std::string out = "--> " + f.where + "\n";
  if (!f.text.empty()) out += f.text + "\n";
  out += f.message + "\n";
  if (!f.trace.empty() && (shown == nullptr || *shown != f.trace)) {
    out += "how the record was decided:\n";
    indent_into(out, f.trace, "  ");
  }
  return out;
}

}  // namespace

TestTotals count_tests(const std::vector<PolicyTests>& policies) {
  TestTotals t;
  for (const PolicyTests& p : policies) {
    if (p.broken) ++t.broken;
    for (const TestOutcome& o : p.tests) (o.passed() ? t.passed : t.failed) += 1;
  }
  return t;
}

std::string tests_to_text(const std::vector<PolicyTests>& policies) {
  std::string out;
  auto it = std::back_inserter(out);
  for (const PolicyTests& p : policies) {
    if (p.broken) {
      fmt::format_to(it, "{}: the policy has errors, its tests did not run\n", p.file);
      continue;
    }
    if (p.tests.empty()) continue;
    fmt::format_to(it, "running {} test{} from {}\n", p.tests.size(), p.tests.size() == 1 ? "" : "s", p.file);
    for (const TestOutcome& t : p.tests) {
      fmt::format_to(it, "{} {}\n", t.passed() ? "ok" : "FAILED", t.name);
      const std::string* shown = nullptr;
      for (const ExpectFailure& f : t.failures) {
        indent_into(out, failure_text(f, shown), "    ");
        shown = &f.trace;
      }
    }
  }
  bool with_coverage = false;
  for (const PolicyTests& p : policies) with_coverage = with_coverage || p.with_coverage;
  if (with_coverage) out += coverage_to_text(policies);
  const TestTotals totals = count_tests(policies);
  fmt::format_to(it, "{} passed, {} failed\n", totals.passed, totals.failed);
  return out;
}

std::string tests_to_json(const std::vector<PolicyTests>& policies) {
  nlohmann::json root = nlohmann::json::object();
  nlohmann::json files = nlohmann::json::array();
  bool with_coverage = false;
  for (const PolicyTests& p : policies) {
    nlohmann::json tests = nlohmann::json::array();
    for (const TestOutcome& t : p.tests) {
      nlohmann::json failures = nlohmann::json::array();
      for (const ExpectFailure& f : t.failures) {
        failures.push_back({{"where", f.where}, {"expect", f.text}, {"message", f.message}, {"trace", f.trace}});
      }
      tests.push_back({{"name", t.name}, {"where", t.where}, {"passed", t.passed()}, {"failures", std::move(failures)}});
    }
    files.push_back({{"file", p.file}, {"policy", p.policy}, {"errors", p.broken}, {"tests", std::move(tests)}});
    if (p.with_coverage) files.back()["coverage"] = coverage_to_json(p.coverage);
    with_coverage = with_coverage || p.with_coverage;
  }
  const TestTotals totals = count_tests(policies);
  root["policies"] = std::move(files);
  root["passed"] = totals.passed;
  root["failed"] = totals.failed;
  root["policies_with_errors"] = totals.broken;
  if (with_coverage) root["coverage"] = coverage_total_to_json(count_coverage(policies));
  // Names and messages quote the policy's and the records' bytes, which may not be UTF-8.
  return root.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string tests_to_junit(const std::vector<PolicyTests>& policies) {
  const TestTotals totals = count_tests(policies);
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  auto it = std::back_inserter(out);
  fmt::format_to(it, "<testsuites tests=\"{}\" failures=\"{}\" errors=\"{}\">\n", totals.passed + totals.failed,
                 totals.failed, totals.broken);
  for (const PolicyTests& p : policies) {
    const std::string suite = xml_escape(p.policy.empty() ? p.file : p.policy);
    std::size_t failed = 0;
    for (const TestOutcome& t : p.tests) failed += t.passed() ? 0 : 1;
    fmt::format_to(it, "  <testsuite name=\"{}\" file=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\">\n", suite,
                   xml_escape(p.file), p.tests.size(), failed, p.broken ? 1 : 0);
    if (p.with_coverage && !p.broken) out += coverage_to_junit_properties(p.coverage, "    ");
    if (p.broken) {
      fmt::format_to(it, "    <testcase name=\"compile\" classname=\"{}\" time=\"0.000\">\n", suite);
      fmt::format_to(it, "      <error message=\"the policy has errors, its tests did not run\"/>\n");
      out += "    </testcase>\n";
    }
    for (const TestOutcome& t : p.tests) {
      fmt::format_to(it, "    <testcase name=\"{}\" classname=\"{}\" time=\"{:.3f}\"", xml_escape(t.name), suite,
                     t.seconds);
      if (t.passed()) {
        out += "/>\n";
        continue;
      }
      out += ">\n";
      std::string body;
      const std::string* shown = nullptr;
      for (const ExpectFailure& f : t.failures) {
        body += failure_text(f, shown);
        shown = &f.trace;
      }
      fmt::format_to(it, "      <failure message=\"{}\">{}</failure>\n", xml_escape(t.failures.front().message),
                     xml_escape(body, false));
      out += "    </testcase>\n";
    }
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  return out;
}

std::string xml_escape(std::string_view text, bool in_attribute) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (!in_attribute && (c == '\n' || c == '\t')) {
      out += c;
      ++i;
      continue;
    }
    switch (c) {
      case '&': out += "&amp;"; ++i; continue;
      case '<': out += "&lt;"; ++i; continue;
      case '>': out += "&gt;"; ++i; continue;
      case '"': out += "&quot;"; ++i; continue;
      case '\'': out += "&apos;"; ++i; continue;
      case '\n': out += "&#10;"; ++i; continue;
      case '\r': out += "&#13;"; ++i; continue;
      case '\t': out += "&#9;"; ++i; continue;
      default: break;
    }
    const std::size_t n = utf8_length(text, i);
    // U+FFFE and U+FFFF (EF BF BE/BF) are valid UTF-8 but not allowed in XML 1.0.
    const bool xml_nonchar = n == 3 && text.compare(i, 2, "\xEF\xBF") == 0 &&
                             (text[i + 2] == '\xBE' || text[i + 2] == '\xBF');
    if (n == 0 || xml_nonchar || static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      out += kReplacement;  // not allowed in XML 1.0 (or not UTF-8)
      ++i;
      continue;
    }
    out.append(text.substr(i, n));
    i += n;
  }
  return out;
}

}  // namespace sluice::rt
