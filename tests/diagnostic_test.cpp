// Diagnostics: sorting, suggestions, and the three renderers.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "compiler/diagnostic.hpp"

using namespace sluice;

namespace {

Span span_of(const SourceManager& sm, FileId f, const std::string& needle) {
  auto pos = sm.file(f).text.find(needle);
  REQUIRE(pos != std::string::npos);
  return {f, static_cast<std::uint32_t>(pos), static_cast<std::uint32_t>(pos + needle.size())};
}

}  // namespace

TEST_CASE("source files map offsets to lines and code-point columns") {
  SourceFile f("a.funnel", "ab\ncd\u00e9x\n\nlast");
  CHECK(f.line_col(0).line == 1);
  CHECK(f.line_col(3).line == 2);
  CHECK(f.line_col(3).column == 1);
  CHECK(f.line_col(7).column == 4);  // after c, d and the two-byte é
  CHECK(f.line_text(2) == "cd\u00e9x");
  CHECK(f.line_text(3).empty());
  CHECK(f.line_text(4) == "last");
  CHECK(f.line_text(9).empty());
  CHECK(f.line_col(1000).line == 4);  // clamped, never out of range
}

TEST_CASE("text rendering matches the rustc-like shape of cli.md") {
  SourceManager sm;
  std::string text = "record lead { lead_score: int }\nfunnel f for lead {\n  stage MQL {\n    entry lead_scroe >= 100\n  }\n}\n";
  FileId f = sm.add("policies/acme.funnel", text);
  Diagnostics d;
  d.error("E0107", span_of(sm, f, "lead_scroe"), "unknown field `lead_scroe` in record `lead`",
          "did you mean `lead_score`?");
  std::string out = render_text(d, sm);
  CHECK(out ==
        "error[E0107]: unknown field `lead_scroe` in record `lead`\n"
        " --> policies/acme.funnel:4:11\n"
        "  |\n"
        "4 |     entry lead_scroe >= 100\n"
        "  |           ^^^^^^^^^^ did you mean `lead_score`?\n"
        "\n");
}

TEST_CASE("secondary labels and help are rendered; other files get a ::: line") {
  SourceManager sm;
  FileId a = sm.add("a.funnel", "let x = 1\nlet x = 2\n");
  FileId b = sm.add("std/bant", "criterion budget : budget_confirmed\n");
  Diagnostic diag{"E0101", Severity::error, "`x` is declared twice", {span_of(sm, a, "x = 2"), "declared again here"}, {}, "rename one of them"};
  diag.primary.span.end = diag.primary.span.begin + 1;
  Label first{span_of(sm, a, "x = 1"), "first declared here"};
  first.span.end = first.span.begin + 1;
  diag.secondary.push_back(first);
  diag.secondary.push_back({span_of(sm, b, "budget_confirmed"), "needed here"});
  Diagnostics d;
  d.add(diag);
  std::string out = render_text(d, sm);
  CHECK(out.find(" --> a.funnel:2:5\n") != std::string::npos);
  CHECK(out.find("1 | let x = 1\n  |     - first declared here\n") != std::string::npos);
  CHECK(out.find(" ::: std/bant:1:20\n") != std::string::npos);
  CHECK(out.find("  = help: rename one of them\n") != std::string::npos);
}

TEST_CASE("tabs are expanded so the carets stay under the span; control bytes are not echoed") {
  SourceManager sm;
  FileId f = sm.add("t.funnel", "\tentry x\x01 == 1\n");
  Diagnostics d;
  d.error("E0107", span_of(sm, f, "x"), "unknown field `x`");
  std::string out = render_text(d, sm);
  CHECK(out.find("1 |     entry x  == 1\n  |           ^\n") != std::string::npos);
}

TEST_CASE("diagnostics sort by position and drop duplicates; --werror promotes") {
  SourceManager sm;
  FileId f = sm.add("a.funnel", "abcdefghij");
  Diagnostics d;
  d.warning("W0501", {f, 5, 6}, "later");
  d.error("E0107", {f, 1, 2}, "earlier");
  d.error("E0107", {f, 1, 2}, "earlier");
  d.sort();
  REQUIRE(d.items().size() == 2);
  CHECK(d.items()[0].message == "earlier");
  CHECK(d.error_count() == 1);
  CHECK(d.warning_count() == 1);
  d.promote_warnings();
  CHECK(d.error_count() == 2);
}

TEST_CASE("did-you-mean suggestions are close names only") {
  std::vector<std::string> names = {"lead_score", "email", "title", "company"};
  CHECK(closest_name("lead_scroe", names) == "lead_score");
  CHECK(closest_name("emial", names) == "email");
  CHECK(closest_name("Title", names) == "title");
  CHECK(closest_name("budget", names).empty());
  CHECK(closest_name("x", {}).empty());
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("ab", "ba") == 1);
}

TEST_CASE("JSON and SARIF renderings carry code, location and level") {
  SourceManager sm;
  FileId f = sm.add("p.funnel", "entry lead_scroe\n");
  Diagnostics d;
  d.error("E0107", span_of(sm, f, "lead_scroe"), "unknown field `lead_scroe`", "did you mean `lead_score`?");
  d.warning("W0510", span_of(sm, f, "entry"), "unused");
  auto j = nlohmann::json::parse(render_json(d, sm));
  CHECK(j["errors"] == 1);
  CHECK(j["warnings"] == 1);
  CHECK(j["diagnostics"][0]["location"]["line"] == 1);
  CHECK(j["diagnostics"][0]["location"]["column"] == 7);
  auto s = nlohmann::json::parse(render_sarif(d, sm, "sluice 0.1.0"));
  CHECK(s["version"] == "2.1.0");
  auto& run = s["runs"][0];
  CHECK(run["tool"]["driver"]["name"] == "sluice");
  CHECK(run["tool"]["driver"]["rules"].size() == 2);
  CHECK(run["results"][0]["level"] == "error");
  CHECK(run["results"][0]["locations"][0]["physicalLocation"]["region"]["startColumn"] == 7);
  CHECK(run["results"][1]["level"] == "warning");
}
