// Writing `sluice test` outcomes: text for people, JSON for tools, JUnit XML for CI
// test reports.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/test_runner.hpp"

namespace sluice::rt {

// The tests of one policy file.
struct PolicyTests {
  std::string file;      // the path as given
  std::string policy;    // the policy's name ("" for a module)
  bool broken = false;   // the policy has errors: its tests did not run
  std::vector<TestOutcome> tests;
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

// Text safe in XML 1.0 content and attribute values: markup characters escaped,
// other control characters and invalid UTF-8 replaced with U+FFFD. In an attribute
// line breaks and tabs become character references (a parser would fold them to
// spaces); in element content they stay as they are.
std::string xml_escape(std::string_view text, bool in_attribute = true);

}  // namespace sluice::rt
