// Impact replay: two versions over the same records -> changed counts, the from->to
// cells with example keys, qualification passes, events, data errors per side.
#include <catch2/catch.hpp>

#include <sstream>

#include "compiler/compile.hpp"
#include "runtime/impact.hpp"
#include "runtime/timefmt.hpp"

using namespace sluice;

namespace {

std::unique_ptr<rt::LoadedProgram> load(const std::string& text) {
  CompileResult compiled = compile_text("policy.funnel", text);
  INFO(render_text(compiled.diagnostics, compiled.sources));
  REQUIRE(compiled.program);
  std::string error;
  auto program = rt::prepare_program(std::move(*compiled.program), error);
  INFO(error);
  REQUIRE(program);
  return program;
}

std::string policy(int threshold, const std::string& extra_record_field = "", const std::string& id_decl = "id: text key") {
  return R"(policy "p" version "1"
qualification Hot {
  criterion scored : score >= )" + std::to_string(threshold) + R"(
  pass when all
}
record lead {
  )" + id_decl + R"(
  score: int
  won: bool = false
)" + extra_record_field + R"(}
funnel f for lead {
  qualify with Hot
  stage Known { entry id is set }
  stage MQL { entry passes Hot  on enter { emit became_mql { id: id } } }
  stage Won terminal { entry won }
}
)";
}

rt::ImpactReport run(const rt::LoadedProgram& a, const rt::LoadedProgram& b, const std::string& input,
                     rt::InputFormat format = rt::InputFormat::ndjson) {
  rt::ImpactCollector collector(a, b);
  std::istringstream in_a(input), in_b(input);
  std::int64_t as_of = 0;
  REQUIRE(rt::parse_instant("2026-01-15", as_of));
  std::string error;
  const rt::ReplaySide sa{&a, -1, a.ir.funnels[0].record}, sb{&b, -1, b.ir.funnels[0].record};
  REQUIRE(rt::replay(sa, sb, format, in_a, in_b, as_of, collector, error));
  return collector.report();
}

const char* const kRecords =
    "{\"id\":\"A\",\"score\":10}\n"
    "{\"id\":\"B\",\"score\":60}\n"
    "{\"id\":\"C\",\"score\":70}\n"
    "{\"id\":\"D\",\"score\":80}\n"
    "{\"id\":\"E\",\"score\":90}\n"
    "{\"id\":\"F\",\"score\":95}\n"
    "{\"id\":\"G\",\"score\":\"high\"}\n"
    "{\"id\":\"H\",\"score\":99,\"won\":true}\n";

}  // namespace

TEST_CASE("raising a threshold moves records out of MQL, counted per cell with examples") {
  auto a = load(policy(50));
  auto b = load(policy(85));
  const rt::ImpactReport r = run(*a, *b, kRecords);
  CHECK(r.records == 8);
  CHECK(r.changed == 3);  // B, C, D: 60, 70, 80 < 85
  CHECK(r.changed_percent() == Approx(37.5));
  CHECK(r.changed_by_funnel.at("f") == 3);
  REQUIRE(r.moves.size() == 1);
  const auto& cell = r.moves.at({"MQL", "Known"});
  CHECK(cell.count == 3);
  CHECK(cell.examples == std::vector<std::string>{"B", "C", "D"});
  CHECK(r.old_stages.at("MQL") == 5);
  CHECK(r.new_stages.at("MQL") == 2);
  CHECK(r.old_stages.at("Won") == 1);
  CHECK(r.old_stages.at("(error)") == 1);
  CHECK(r.qualifications.at("Hot").old_passed == 6);  // B..F and H
  CHECK(r.qualifications.at("Hot").new_passed == 3);  // E, F, H
  CHECK(r.events.at("became_mql").old_count == 5);
  CHECK(r.events.at("became_mql").new_count == 2);
  CHECK(r.events.at("became_mql").vanished == 3);
  CHECK(r.events.at("became_mql").appeared == 0);
  CHECK(r.old_errors.at("E_DATA_TYPE") == 1);
  CHECK(r.new_errors.at("E_DATA_TYPE") == 1);
}

TEST_CASE("identical versions change nothing; examples are capped at three per cell") {
  auto a = load(policy(50));
  auto b = load(policy(50));
  const rt::ImpactReport same = run(*a, *b, kRecords);
  CHECK(same.changed == 0);
  CHECK(same.moves.empty());
  CHECK(same.events.at("became_mql").appeared == 0);

  auto high = load(policy(1000));
  std::string many;
  for (int i = 0; i < 50; ++i) many += "{\"id\":\"R" + std::to_string(i) + "\",\"score\":60}\n";
  const rt::ImpactReport r = run(*a, *high, many);
  CHECK(r.changed == 50);
  CHECK(r.moves.at({"MQL", "Known"}).count == 50);
  CHECK(r.moves.at({"MQL", "Known"}).examples.size() == rt::kExamplesPerCell);

  const std::string long_key(500, 'k');
  const rt::ImpactReport cut = run(*a, *high, "{\"id\":\"" + long_key + "\",\"score\":60}\n");
  CHECK(cut.moves.at({"MQL", "Known"}).examples.at(0) == long_key.substr(0, rt::kMaxExampleBytes) + "...");
}

TEST_CASE("a record only one version can read is a move from or to (error)") {
  // The new version requires a field the input lacks: every record is an error there.
  auto a = load(policy(50));
  auto b = load(policy(50, "  region: text\n"));
  const rt::ImpactReport r = run(*a, *b, "{\"id\":\"A\",\"score\":60}\n{\"id\":\"B\",\"score\":1}\n");
  CHECK(r.changed == 2);
  CHECK(r.moves.at({"MQL", "(error)"}).examples == std::vector<std::string>{"A"});
  CHECK(r.moves.at({"Known", "(error)"}).count == 1);
  CHECK(r.new_errors.at("E_DATA_MISSING") == 2);
  CHECK(r.old_errors.empty());
}

TEST_CASE("CSV input and a record type without a key") {
  // No `key` field: records are named by their record number.
  auto a = load(policy(50, "", "id: text?"));
  auto b = load(policy(85, "", "id: text?"));
  const rt::ImpactReport r = run(*a, *b, "id,score\nX,60\n,70\nY,90\n", rt::InputFormat::csv);
  CHECK(r.records == 3);
  CHECK(r.changed == 2);
  CHECK(r.moves.at({"MQL", "Known"}).examples == std::vector<std::string>{"#1"});
  CHECK(r.moves.at({"MQL", "(unstaged)"}).examples == std::vector<std::string>{"#2"});  // no id: no Known
}
