// `sluice check --format sarif` (compiler/diagnostic_sarif.cpp) and the rule catalog
// (compiler/diagnostic_rules.hpp). Schema validation is in tests/e2e/coverage.sh.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "compiler/diagnostic.hpp"
#include "compiler/diagnostic_rules.hpp"

namespace {

using namespace sluice;

Span span_of(const SourceManager& sm, FileId f, const std::string& needle, std::size_t from = 0) {
  const std::string& text = sm.file(f).text;
  const auto at = static_cast<std::uint32_t>(text.find(needle, from));
  return Span{f, at, static_cast<std::uint32_t>(at + needle.size())};
}

nlohmann::json sarif_of(const Diagnostics& d, const SourceManager& sm) {
  return nlohmann::json::parse(render_sarif(d, sm, "sluice 0.1.0"));
}

}  // namespace

TEST_CASE("the rule catalog: sorted lookups and GitHub anchors of docs/diagnostics.md") {
  const DiagnosticRule* rule = find_diagnostic_rule("E0107");
  REQUIRE(rule != nullptr);
  CHECK(rule->name == "UnknownField");
  CHECK(find_diagnostic_rule("E9999") == nullptr);
  CHECK(find_diagnostic_rule("") == nullptr);
  CHECK(find_diagnostic_rule("W0511") != nullptr);  // the last one
  CHECK(find_diagnostic_rule("E0001") != nullptr);  // the first one
  CHECK(diagnostic_anchor("E0002") == "e0002--file-too-large");
  CHECK(diagnostic_anchor("E0016") == "e0016--policy-header-not-first");
  CHECK(diagnostic_anchor("E0107") == "names-e01xx");
  CHECK(diagnostic_anchor("W0505") == "lints-w05xx-warnings---werror-makes-them-errors");
  CHECK(diagnostic_anchor("E9999").empty());
}

TEST_CASE("SARIF rules carry name, descriptions, help and a default level") {
  unsetenv("SLUICE_DOCS_URI");
  SourceManager sm;
  FileId f = sm.add("p.funnel", "entry lead_scroe\n");
  Diagnostics d;
  d.error("E0107", span_of(sm, f, "lead_scroe"), "unknown field `lead_scroe`");
  d.warning("W0505", span_of(sm, f, "entry"), "unused let `x`");
  d.error("E7777", span_of(sm, f, "entry"), "a code the catalog does not know");
  d.promote_warnings();  // --werror: W0505 is reported as an error
  const auto s = sarif_of(d, sm);
  CHECK(s["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json");
  const auto& driver = s["runs"][0]["tool"]["driver"];
  CHECK(driver["version"] == "0.1.0");
  CHECK_FALSE(driver.contains("informationUri"));  // no SLUICE_DOCS_URI
  const auto& rules = driver["rules"];
  REQUIRE(rules.size() == 3);
  CHECK(rules[0]["id"] == "E0107");
  CHECK(rules[0]["name"] == "UnknownField");
  CHECK(rules[0]["help"]["text"].get<std::string>().find("docs/diagnostics.md#names-e01xx") != std::string::npos);
  CHECK_FALSE(rules[0].contains("helpUri"));
  CHECK(rules[1]["id"] == "E7777");
  CHECK(rules[1]["name"] == "E7777");
  CHECK(rules[1]["shortDescription"]["text"] == "a code the catalog does not know");
  CHECK(rules[2]["id"] == "W0505");
  CHECK(rules[2]["defaultConfiguration"]["level"] == "warning");
  const auto& results = s["runs"][0]["results"];
  for (const auto& r : results) CHECK(rules[r["ruleIndex"].get<std::size_t>()]["id"] == r["ruleId"]);
}

TEST_CASE("SARIF help links use SLUICE_DOCS_URI when it is an absolute http(s) URI") {
  SourceManager sm;
  FileId f = sm.add("p.funnel", "entry x\n");
  Diagnostics d;
  d.error("E0002", span_of(sm, f, "entry"), "too large");
  setenv("SLUICE_DOCS_URI", "https://docs.example.com/sluice", 1);
  auto s = sarif_of(d, sm);
  CHECK(s["runs"][0]["tool"]["driver"]["informationUri"] == "https://docs.example.com/sluice/");
  CHECK(s["runs"][0]["tool"]["driver"]["rules"][0]["helpUri"] ==
        "https://docs.example.com/sluice/diagnostics.md#e0002--file-too-large");
  setenv("SLUICE_DOCS_URI", "docs/", 1);  // relative: not a valid helpUri
  s = sarif_of(d, sm);
  CHECK_FALSE(s["runs"][0]["tool"]["driver"].contains("informationUri"));
  unsetenv("SLUICE_DOCS_URI");
}

TEST_CASE("SARIF locations are relative to the checkout and URI-escaped") {
  const std::string cwd = std::filesystem::current_path().string();
  SourceManager sm;
  FileId rel = sm.add("./policies/a b#1.funnel", "entry x\n");
  FileId abs_in = sm.add(cwd + "/sub/p.funnel", "entry x\n");
  FileId abs_out = sm.add("/definitely-elsewhere/p.funnel", "entry x\n");
  Diagnostics d;
  d.error("E0107", span_of(sm, rel, "x"), "m");
  d.error("E0107", span_of(sm, abs_in, "x"), "m");
  d.error("E0107", span_of(sm, abs_out, "x"), "m");
  const auto s = sarif_of(d, sm);
  const auto& results = s["runs"][0]["results"];
  auto art = [&](std::size_t i) { return results[i]["locations"][0]["physicalLocation"]["artifactLocation"]; };
  CHECK(art(0)["uri"] == "policies/a%20b%231.funnel");
  CHECK(art(0)["uriBaseId"] == "%SRCROOT%");
  if (cwd != "/") {
    CHECK(art(1)["uri"] == "sub/p.funnel");
    CHECK(art(2)["uri"] == "file:///definitely-elsewhere/p.funnel");
    CHECK_FALSE(art(2).contains("uriBaseId"));
  }
  const auto& region = results[0]["locations"][0]["physicalLocation"]["region"];
  CHECK(region["startLine"] == 1);
  CHECK(region["startColumn"] == 7);
  CHECK(region["endColumn"] == 8);
}

TEST_CASE("SARIF fingerprints survive a moved line and change with its text") {
  auto fingerprint = [](const std::string& text, const std::string& needle) {
    SourceManager sm;
    FileId f = sm.add("p.funnel", text);
    Diagnostics d;
    d.error("E0107", span_of(sm, f, needle), "unknown field `lead_scroe`");
    return sarif_of(d, sm)["runs"][0]["results"][0]["partialFingerprints"]["sluiceDiagnostic/v1"].get<std::string>();
  };
  const std::string one = fingerprint("entry lead_scroe >= 1\n", "lead_scroe");
  CHECK(one.size() == 16);
  CHECK(fingerprint("\n\n  entry lead_scroe >= 1\n", "lead_scroe") == one);
  CHECK(fingerprint("entry lead_scroe >= 2\n", "lead_scroe") != one);
}
