// runtime/report: funnel metrics on small data sets whose answers are worked out by
// hand (docs/report.md, "A worked example"), and the renderers.
#include <catch2/catch.hpp>

#include <sstream>

#include "compiler/compile.hpp"
#include "runtime/report.hpp"
#include "runtime/timefmt.hpp"
#include "source_files.hpp"

using namespace sluice;
using namespace sluice::rt::report;

namespace {

constexpr std::int64_t kDay = 86400000;

ir::Program acceptance_policy() {
  CompileResult c = compile_text("policy.funnel", test::read_source_file("tests/golden/report/policy.funnel"));
  REQUIRE(c.program);
  return std::move(*c.program);
}

Report run(const ir::Program& p, const std::string& text, ReportOptions options = {}) {
  ReportBuilder b(p, std::move(options));
  std::istringstream in(text);
  b.add_stream(in, "in");
  return b.build();
}

const StageRow& stage(const Group& g, const std::string& name) {
  for (const StageRow& s : g.stages)
    if (s.name == name) return s;
  FAIL("no stage " << name);
  throw std::logic_error("unreachable");
}

std::int64_t ms_of(const char* instant) {
  std::int64_t ms = 0;
  REQUIRE(rt::parse_instant(instant, ms));
  return ms;
}

const char* kResult =
    R"({"id":"X","policy":"report-acceptance","version":"1.0.0","funnel":"pipeline","stage":"MQL","from":"Lead",)"
    R"("moved":true,"entered":["MQL"],"owner":"sdr","qualifications":{"BANT":{"passed":false,"score":1,"met":[],"missing":[]}},)"
    R"("set":{"stage":"MQL","mql_entered_at":"2026-01-15T00:00:00Z"},"events":[],)"
    R"("sla":{"stage":"MQL","state":"breached","due":"2026-01-17T00:00:00Z","overdue":"1d"}})";

}  // namespace

TEST_CASE("nearest-rank percentiles", "[report]") {
  const std::vector<std::int64_t> six = {1, 1, 2, 2, 5, 7};
  CHECK(nearest_rank(six, 50) == 2);  // rank ceil(3) = 3
  CHECK(nearest_rank(six, 90) == 7);  // rank ceil(5.4) = 6
  const std::vector<std::int64_t> two = {10, 12};
  CHECK(nearest_rank(two, 50) == 10);  // the lower of two: a sample, never an average
  CHECK(nearest_rank(two, 90) == 12);
  const std::vector<std::int64_t> one = {4};
  CHECK(nearest_rank(one, 0) == 4);
  CHECK(nearest_rank(one, 100) == 4);
  std::vector<std::int64_t> ten;
  for (int i = 1; i <= 10; ++i) ten.push_back(i);
  CHECK(nearest_rank(ten, 90) == 9);
  CHECK(nearest_rank(ten, 50) == 5);
}

TEST_CASE("the acceptance data set: volumes, conversion, velocity", "[report]") {
  const ir::Program p = acceptance_policy();
  const Report r = run(p, test::read_source_file("tests/golden/report/stamped-records.ndjson"));
  CHECK(r.lines == 12);  // the blank line is not a record
  CHECK(r.records == 9);
  CHECK(r.unreadable == 3);
  REQUIRE(r.problems.size() == 3);
  CHECK(r.problems[0] == "in:11: `lead_entered_at` is not an ISO-8601 instant");
  CHECK(r.problems[1] == "in:12: `stage` names `Zombie`, not a stage of funnel `pipeline`");
  CHECK(r.problems[2] == "in:13: not valid JSON");
  REQUIRE(r.groups.size() == 1);
  const Group& g = r.groups[0];
  CHECK(g.records == 9);
  CHECK(stage(g, "Lead").current == 2);
  CHECK(stage(g, "Lead").entered == 8);
  CHECK(stage(g, "MQL").current == 2);
  CHECK(stage(g, "MQL").entered == 7);  // R8 was placed in MQL: it never entered Lead
  CHECK(stage(g, "SQL").entered == 4);
  CHECK(stage(g, "Won").entered == 2);
  CHECK(stage(g, "Lost").entered == 1);
  CHECK(stage(g, "Nurture").entered == 1);
  CHECK(stage(g, "Nurture").next == -1);
  CHECK(stage(g, "Won").next == -1);  // terminal: never left
  CHECK(stage(g, "Lead").reached_next == 6);
  CHECK(stage(g, "MQL").reached_next == 4);
  CHECK(stage(g, "SQL").reached_next == 2);
  CHECK(stage(g, "Lead").velocity_samples == 6);
  CHECK(stage(g, "Lead").median_ms == 2 * kDay);
  CHECK(stage(g, "Lead").p90_ms == 7 * kDay);
  CHECK(stage(g, "MQL").median_ms == 2 * kDay);
  CHECK(stage(g, "MQL").p90_ms == 5 * kDay);
  CHECK(stage(g, "SQL").median_ms == 10 * kDay);
  CHECK(stage(g, "SQL").p90_ms == 12 * kDay);
  CHECK(percent_text(stage(g, "MQL").reached_next, stage(g, "MQL").entered) == "57.1%");
  CHECK(r.as_of_ms == ms_of("2026-02-10"));  // the latest stamp when --as-of is not given
}

TEST_CASE("the period keeps net-new records: first entry on or after --from and before --to", "[report]") {
  const ir::Program p = acceptance_policy();
  ReportOptions o;
  o.from_ms = ms_of("2026-01-01");
  o.to_ms = ms_of("2026-02-01");
  const Report r = run(p, test::read_source_file("tests/golden/report/stamped-records.ndjson"), o);
  CHECK(r.records == 6);         // R1 R2 R3 R4 R5 R7
  CHECK(r.outside_period == 3);  // R6 starts on 02-01 (to is exclusive), R8 in February, R9 in December
  const Group& g = r.groups.at(0);
  CHECK(stage(g, "Lead").entered == 6);
  CHECK(stage(g, "Lead").reached_next == 6);
  CHECK(stage(g, "MQL").entered == 6);
  CHECK(stage(g, "MQL").reached_next == 4);
}

TEST_CASE("grouping with --by: records by a key; a missing key is (none)", "[report]") {
  const ir::Program p = acceptance_policy();
  ReportOptions o;
  o.by = "region";
  const Report r = run(p, test::read_source_file("tests/golden/report/stamped-records.ndjson"), o);
  REQUIRE(r.groups.size() == 3);
  CHECK(r.groups[0].by_value == "EU");
  CHECK(r.groups[0].records == 4);  // R1 R3 R5 R8
  CHECK(r.groups[1].by_value == "US");
  CHECK(r.groups[1].records == 4);  // R2 R4 R6 R9
  CHECK(r.groups[2].by_value == "(none)");
  CHECK(r.groups[2].records == 1);  // R7
}

TEST_CASE("eval result lines: evidence from stage, from, entered and set; SLA and qualifications", "[report]") {
  const ir::Program p = acceptance_policy();
  const std::string error = R"({"line":3,"id":"Y","error":{"code":"E_DATA_TYPE","message":"score: expected int"}})";
  const Report r = run(p, std::string(kResult) + "\n" + error + "\n");
  CHECK(r.results == 1);
  CHECK(r.eval_errors == 1);
  CHECK(r.eval_error_codes.at("E_DATA_TYPE") == 1);
  CHECK(r.versions_seen == std::vector<std::string>{"1.0.0"});
  const Group& g = r.groups.at(0);
  CHECK(stage(g, "Lead").entered == 1);  // `from`
  CHECK(stage(g, "Lead").reached_next == 1);
  CHECK(stage(g, "Lead").velocity_samples == 0);  // Lead's stamp is not in the result
  CHECK(stage(g, "MQL").current == 1);
  CHECK(stage(g, "MQL").sla_breached == 1);
  REQUIRE(g.owners.size() == 1);
  CHECK(g.owners[0].owner == "sdr");
  CHECK(g.owners[0].breached == 1);
  REQUIRE(g.qualifications.size() == 1);
  CHECK(g.qualifications[0].failed == 1);

  SECTION("a result whose record had a stage before has no known first entry for a period") {
    ReportOptions o;
    o.from_ms = ms_of("2026-01-01");
    const Report pr = run(p, std::string(kResult) + "\n", o);
    CHECK(pr.results == 0);
    CHECK(pr.unknown_first_entry == 1);
  }
}

TEST_CASE("bad lines are counted and explained, never fatal", "[report]") {
  const ir::Program p = acceptance_policy();
  const std::string deep = std::string(100, '[') + std::string(100, ']');
  const std::string text = "[1,2]\n" + deep + "\n\"text\"\n" +
                           R"({"policy":"other","funnel":"pipeline","stage":"Lead"})" "\n" +
                           R"({"policy":"report-acceptance","funnel":"nope","stage":"Lead"})" "\n" +
                           R"({"policy":"report-acceptance","funnel":"pipeline","stage":7})" "\n" +
                           R"({"policy":"report-acceptance","funnel":"pipeline","stage":"Lead","sla":{"stage":"Lead","state":"late"}})" "\n" +
                           R"({"policy":"report-acceptance","funnel":null,"stage":null})" "\n" +
                           R"({"stage":"MQL","mql_entered_at":12})" "\n" + "{\"stage\":\"Le\xff\"}\n" + "{\"a\":";
  const Report r = run(p, text);
  CHECK(r.lines == 11);
  CHECK(r.no_funnel == 1);
  CHECK(r.unreadable == 10);
  CHECK(r.results + r.records == 0);
  CHECK(r.problems.at(1) == "in:2: JSON nested deeper than 64 levels");
  CHECK(r.problems.at(3) == "in:4: result of policy `other`, not of `report-acceptance`");
  // every renderer copes with a report that has no group
  CHECK(render_table(r).find("no records to report") != std::string::npos);
  CHECK(render_html(r).find("No records to report.") != std::string::npos);
  CHECK(render_csv(r) == "funnel,group,section,item,metric,value\r\n");
}

TEST_CASE("a record stamped out of order is counted, not a negative sample", "[report]") {
  const ir::Program p = acceptance_policy();
  const Report r = run(p, R"({"stage":"MQL","lead_entered_at":"2026-01-05","mql_entered_at":"2026-01-02"})");
  const Group& g = r.groups.at(0);
  CHECK(stage(g, "Lead").reached_next == 1);
  CHECK(stage(g, "Lead").velocity_samples == 0);
  CHECK(stage(g, "Lead").out_of_order == 1);
}

TEST_CASE("HTML escapes user text and holds every number as text", "[report][html]") {
  const ir::Program p = acceptance_policy();
  ReportOptions o;
  o.by = "region";
  const Report r = run(p,
                       R"({"region":"<script>alert(1)</script>","stage":"MQL","lead_entered_at":"2026-01-01","mql_entered_at":"2026-01-03"})"
                       "\n"
                       R"({"stage":"<img src=x onerror=alert(1)>"})",
                       o);
  const std::string html = render_html(r);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("<img") == std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  CHECK(html.find("<html lang=\"en\">") != std::string::npos);
  CHECK(html.find("<title>Funnel report: report-acceptance 1.0.0</title>") != std::string::npos);
  CHECK(html.find("role=\"img\"") != std::string::npos);
  CHECK(html.find("▼ <tspan font-weight=\"700\">100.0%</tspan> to MQL (1 of 1)") != std::string::npos);
  CHECK(html.find("median 2.00 d · p90 2.00 d · 1 record<") != std::string::npos);
  CHECK(html.find("http") == html.find("http://www.w3.org/2000/svg"));  // no other URL: nothing is fetched
}

TEST_CASE("JSON and CSV carry the same numbers", "[report]") {
  const ir::Program p = acceptance_policy();
  const Report r = run(p, test::read_source_file("tests/golden/report/stamped-records.ndjson"));
  const std::string json = render_json(r);
  CHECK(json.find("\"conversion\": 0.5714") != std::string::npos);
  CHECK(json.find("\"median_days\": 10.0") != std::string::npos);
  const std::string csv = render_csv(r);
  CHECK(csv.find("pipeline,,stage,MQL,conversion,0.5714\r\n") != std::string::npos);
  CHECK(csv.find("pipeline,,stage,Lead,p90_days,7.00\r\n") != std::string::npos);
}

TEST_CASE("the eval results of records.ndjson: volumes, SLA per stage and owner, pass rates", "[report]") {
  const ir::Program p = acceptance_policy();
  const Report r = run(p, test::read_source_file("tests/golden/report/results.ndjson"));
  CHECK(r.results == 8);
  CHECK(r.eval_errors == 1);
  CHECK(r.as_of_ms == ms_of("2026-01-15"));
  const Group& g = r.groups.at(0);
  CHECK(stage(g, "Lead").entered == 2);       // E5 (from), E9 (placed)
  CHECK(stage(g, "Lead").reached_next == 1);  // E5
  CHECK(stage(g, "MQL").current == 3);        // E1 E2 E3
  CHECK(stage(g, "MQL").entered == 6);        // and E4, E7 (from), E5 (passed over)
  CHECK(stage(g, "MQL").reached_next == 2);   // E4, E5
  CHECK(stage(g, "MQL").velocity_samples == 1);  // only E5 has both stamps in its result
  CHECK(stage(g, "MQL").median_ms == 0);
  CHECK(stage(g, "SQL").entered == 3);        // E4, E5, E6 (from)
  CHECK(stage(g, "SQL").reached_next == 1);
  CHECK(stage(g, "MQL").sla_ok == 1);         // E1, due 01-17
  CHECK(stage(g, "MQL").sla_breached == 1);   // E2, in MQL since 01-10
  CHECK(stage(g, "MQL").sla_unknown == 1);    // E3, no stamp
  REQUIRE(g.owners.size() == 1);
  CHECK(g.owners[0].owner == "sdr");
  CHECK(g.owners[0].with_sla == 3);
  CHECK(g.owners[0].breached == 1);
  REQUIRE(g.qualifications.size() == 1);
  CHECK(g.qualifications[0].name == "Fit");
  CHECK(g.qualifications[0].passed == 2);     // E1, E5
  CHECK(g.qualifications[0].failed == 6);
}

TEST_CASE("input text in problems and groups is clipped and has no control characters", "[report]") {
  CHECK(clip("abc", 10) == "abc");
  CHECK(clip("a\nb\tc", 10) == "a?b?c");
  CHECK(clip("abcdef", 3) == "abc...");
  CHECK(clip("ab\xc3\xa9", 3) == "ab...");  // never cuts a UTF-8 sequence in two
  const ir::Program p = acceptance_policy();
  const Report r = run(p, "{\"stage\":\"" + std::string(500, 'x') + "\"}\n");
  REQUIRE(r.problems.size() == 1);
  CHECK(r.problems[0] == "in:1: `stage` names `" + std::string(80, 'x') + "...`, not a stage of funnel `pipeline`");
}

TEST_CASE("groups beyond the limit share one (other) group per funnel", "[report]") {
  const ir::Program p = acceptance_policy();
  ReportOptions o;
  o.by = "id";
  std::string text;
  for (std::size_t i = 0; i < kMaxGroups + 5; ++i) text += "{\"id\":\"R" + std::to_string(i) + "\",\"stage\":\"Lead\"}\n";
  const Report r = run(p, text, o);
  REQUIRE(r.groups.size() == kMaxGroups + 1);
  CHECK(r.groups.back().by_value == "(other)");
  CHECK(r.groups.back().records == 5);
  CHECK(r.records == static_cast<std::int64_t>(kMaxGroups + 5));
}
