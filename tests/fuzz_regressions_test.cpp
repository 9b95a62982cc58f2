// Replays every input the fuzzers ever broke (tests/golden/fuzz_regressions/<target>/)
// through the same entry points as the fuzz targets (fuzz/fuzz_entry.hpp), with g++
// and without libFuzzer, so that each fixed crash stays fixed in the normal suite.
// docs/fuzzing.md says how a crash becomes a file here.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "fuzz/fuzz_entry.hpp"
#include "tests/source_files.hpp"

namespace fs = std::filesystem;

namespace {

using Entry = std::function<std::string(std::string_view)>;

const std::map<std::string, Entry>& entries() {
  static const std::map<std::string, Entry> all = {
      {"policy_compile", sluice::fuzz::run_policy_compile},
      {"ir_load", sluice::fuzz::run_ir_load},
      {"ndjson_eval", sluice::fuzz::run_ndjson_eval},
      {"csv_eval", sluice::fuzz::run_csv_eval},
      {"fmt_roundtrip", sluice::fuzz::run_fmt_roundtrip},
  };
  return all;
}

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<fs::path> files_in(const fs::path& dir) {
  std::vector<fs::path> out;
  if (!fs::is_directory(dir)) return out;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_regular_file() && e.path().filename().string().front() != '.') out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("every saved fuzz reproducer goes through its target without a finding") {
  const fs::path root = fs::path(SLUICE_SOURCE_DIR) / "tests/golden/fuzz_regressions";
  REQUIRE(fs::is_directory(root));
  for (const auto& dir : fs::directory_iterator(root)) {
    if (!dir.is_directory()) continue;
    const std::string target = dir.path().filename().string();
    if (target == "known_open") continue;
    INFO("target folder " << target);
    // A folder must be named after a target, or its files would silently never run.
    REQUIRE(entries().count(target) == 1);
    for (const auto& file : files_in(dir.path())) {
      INFO(file.string());
      CHECK(entries().at(target)(read_bytes(file)).empty());
    }
  }
}

// Findings reported but not fixed yet, in known_open/<target>/: each must still
// break its target. Once this fails for a file, the bug is fixed: move the file up
// into tests/golden/fuzz_regressions/<target>/, where it must then pass.
TEST_CASE("every known open finding still reproduces") {
  const fs::path root = fs::path(SLUICE_SOURCE_DIR) / "tests/golden/fuzz_regressions/known_open";
  if (!fs::is_directory(root)) return;
  for (const auto& dir : fs::directory_iterator(root)) {
    const std::string target = dir.path().filename().string();
    INFO("target folder known_open/" << target);
    REQUIRE(entries().count(target) == 1);
    for (const auto& file : files_in(dir.path())) {
      INFO(file.string() << " no longer reproduces: move it up to fuzz_regressions/" << target);
      CHECK_FALSE(entries().at(target)(read_bytes(file)).empty());
    }
  }
}

TEST_CASE("the fixed policy of the data targets compiles") {
  CHECK_NOTHROW(sluice::fuzz::eval_policy());
  CHECK(sluice::fuzz::eval_policy().ir.funnels.size() == 1);
}

TEST_CASE("project policies go through every source target") {
  for (const char* path : {"examples/lead-to-revenue/policy.funnel", "tests/golden/parse_ok/acme.funnel"}) {
    INFO(path);
    const std::string text = sluice::test::read_source_file(path);
    CHECK(sluice::fuzz::run_policy_compile(text).empty());
    CHECK(sluice::fuzz::run_fmt_roundtrip(text).empty());
  }
}

TEST_CASE("the data targets read good and bad records") {
  const std::string ndjson =
      "{\"id\": \"a\", \"email\": \"x@y.com\", \"Lead_Score__c\": 120, \"company\": {\"employees\": 100, "
      "\"industry\": \"Software\"}, \"buying_group\": [], \"tags\": [\"priority\"], \"created_at\": \"2026-01-01\"}\n"
      "{\"id\": \"b\", \"Lead_Score__c\": \"high\"}\nnot json\n";
  CHECK(sluice::fuzz::run_ndjson_eval(ndjson).empty());
  CHECK(sluice::fuzz::run_ndjson_eval("[{\"id\": \"a\", \"Lead_Score__c\": 1}, 3]").empty());
  CHECK(sluice::fuzz::run_csv_eval("id,Lead_Score__c,tags\na,120,\"[\"\"priority\"\"]\"\nb,x\n\"open").empty());
  CHECK(sluice::fuzz::run_ir_load(sluice::write_ir(sluice::fuzz::eval_policy().ir)).empty());
}

TEST_CASE("the fmt round-trip comparison sees a changed program") {
  const std::string a = "policy \"p\" version \"1\"\nrecord r { id: text key  n: int }\n"
                        "funnel f for r { stage A { entry n > 1 } }\n";
  std::string b = a;
  b.replace(b.find("n > 1"), 5, "n > 2");
  CHECK(sluice::fuzz::same_program(a, a + "\n# a comment\n").empty());
  CHECK(sluice::fuzz::same_program(a, b) == "the formatted text compiles to another program");
  CHECK(sluice::fuzz::same_program(a, "policy").rfind("the original compiles", 0) == 0);
}
