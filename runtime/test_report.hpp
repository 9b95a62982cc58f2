// Writing `sluice test` outcomes: text for people, JSON for tools, JUnit XML for CI
// test reports.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "runtime/test_coverage.hpp"
#include "runtime/test_runner.hpp"

namespace sluice::rt {

// The tests of one policy file.
struct PolicyTests {
  std::string file;      // the path as given
  std::string policy;    // the policy's name ("" for a module)
  bool broken = false;   // the policy has errors: its tests did not run
  std::vector<TestOutcome> tests;
  bool with_coverage = false;            // `--coverage`: `coverage` was recorded
  std::vector<FunnelCoverage> coverage;  // per funnel of the policy
};

struct TestTotals {
  std::size_t passed = 0, failed = 0, broken = 0;  // broken: policies with errors
};
TestTotals count_tests(const std::vector<PolicyTests>& policies);

// One line per test (`ok NAME` / `FAILED NAME`), the details of each failure, and
// the last line `N passed, N failed`.
std::string tests_to_text(const std::vector<PolicyTests>& policies);
std::string tests_to_json(const std::vector<PolicyTests>& policies);
// <testsuites><testsuite name=POLICY ...><testcase ...><failure message=...>
std::string tests_to_junit(const std::vector<PolicyTests>& policies);

// `--coverage`: the policies' funnels added up (CoverageCount::percent).
CoverageCount count_coverage(const std::vector<PolicyTests>& policies);
// A table per funnel and what was not exercised, then `total coverage: P% (N of M)`
// (test_report_coverage.cpp). The formats above include their part of it when a
// policy has with_coverage.
std::string coverage_to_text(const std::vector<PolicyTests>& policies);
nlohmann::json coverage_to_json(const std::vector<FunnelCoverage>& funnels);
nlohmann::json coverage_total_to_json(const CoverageCount& count);
// <properties> of a JUnit <testsuite>: `coverage` and `coverage.FUNNEL`, in percent.
std::string coverage_to_junit_properties(const std::vector<FunnelCoverage>& funnels, const char* indent);

// Text safe in XML 1.0 content and attribute values: markup characters escaped,
// other control characters and invalid UTF-8 replaced with U+FFFD. In an attribute
// line breaks and tabs become character references (a parser would fold them to
// spaces); in element content they stay as they are.
std::string xml_escape(std::string_view text, bool in_attribute = true);

}  // namespace sluice::rt
