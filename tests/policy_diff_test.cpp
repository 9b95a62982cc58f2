// The structural diff: each kind of declaration and clause, cosmetic edits, imported
// modules, and partial input that must not crash.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "compiler/policy_diff.hpp"
#include "source_files.hpp"

using namespace sluice;
namespace fs = std::filesystem;

namespace {

// One parsed version of a policy.
struct Parsed {
  SourceManager sm;
  Diagnostics diags;
  ModuleSet modules;
  Parsed(const std::string& path, std::string text) { modules = load_modules_from_text(sm, path, std::move(text), diags); }
  diff::PolicyView view() const { return {&modules, &sm}; }
};

std::vector<diff::Change> diff_texts(const std::string& a, const std::string& b) {
  Parsed pa("old.funnel", a), pb("new.funnel", b);
  return diff::diff_policies(pa.view(), pb.view());
}

// "where|kind|before|after" per change, lines joined by ";".
std::vector<std::string> summary(const std::vector<diff::Change>& changes) {
  std::vector<std::string> out;
  auto join = [](const std::vector<std::string>& v) {
    std::string s;
    for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ";" : "") + v[i];
    return s;
  };
  for (const auto& c : changes) out.push_back(c.where + "|" + diff::change_kind_name(c.kind) + "|" + join(c.before) + "|" + join(c.after));
  return out;
}

std::string replace(std::string s, const std::string& from, const std::string& to) {
  const auto at = s.find(from);
  REQUIRE(at != std::string::npos);
  return s.replace(at, from.size(), to);
}

const char* const kBase = R"(policy "p" version "1.0.0"
const mql_min = 60
record lead {
  id: text key
  email: text?
  score: int = 0
  stage: text?
}
qualification Fit {
  criterion scored "Scored" : score > 10
  criterion mail : email is set
  pass when all
}
funnel f for lead {
  stage field stage
  qualify with Fit
  let hot = score >= mql_min
  stage Known { owner marketing  entry email is set }
  stage MQL { owner sdr  entry hot  sla 2d }
  stage SAL { entry passes Fit  on enter { emit accepted { id: id } } }
  stage Lost side { }
  transition "lost" any -> Lost when score < 0
}
)";

}  // namespace

TEST_CASE("identical and cosmetically different policies have no changes") {
  CHECK(diff_texts(kBase, kBase).empty());
  std::string cosmetic = replace(kBase, "let hot = score >= mql_min", "let hot   =   score>=mql_min   # hot lead");
  cosmetic = replace(cosmetic, "stage Known { owner marketing  entry email is set }",
                     "# the first stage\n  stage Known {\n    owner marketing\n    entry email   is set\n  }");
  CHECK(summary(diff_texts(kBase, cosmetic)).empty());
}

TEST_CASE("fold_source drops comments and layout but keeps tokens") {
  CHECK(diff::fold_source("lead_score>=60  # x\n  and  company.employees >= 50") ==
        "lead_score >= 60 and company.employees >= 50");
  CHECK(diff::fold_source("add_months( close_date , 12 )") == "add_months(close_date, 12)");
  CHECK(diff::fold_source("x in [\"a # not a comment\", \"b\"]") == "x in [\"a # not a comment\", \"b\"]");
  CHECK(diff::fold_source("d >= 2026-01-15T09:30:00Z") == "d >= 2026-01-15T09:30:00Z");
  CHECK(diff::fold_source("a: list<{ n: int }>") == "a: list<{ n: int }>");
  CHECK(diff::fold_source("a > b and (c < d)") == "a > b and (c < d)");
  CHECK(diff::fold_source("x < -5 or y == - 2 or z - 1 > 0 or -(w)") == "x < -5 or y == -2 or z - 1 > 0 or -(w)");
  CHECK(diff::fold_source("\"unterminated") == "\"unterminated");
  CHECK(diff::fold_source("").empty());
}

TEST_CASE("a changed const threshold and version are reported with before and after lines") {
  std::string b = replace(kBase, "const mql_min = 60", "const mql_min = 75");
  b = replace(b, "version \"1.0.0\"", "version \"1.1.0\"");
  CHECK(summary(diff_texts(kBase, b)) == std::vector<std::string>{
                                              "policy version|changed|version \"1.0.0\"|version \"1.1.0\"",
                                              "const mql_min|changed|const mql_min = 60|const mql_min = 75"});
}

TEST_CASE("stage clauses: entry, exit, owner, sla, kind, actions") {
  std::string b = replace(kBase, "stage Known { owner marketing  entry email is set }",
                          "stage Known { owner sales  entry email is set and score > 0  exit score > 5 }");
  b = replace(b, "sla 2d", "sla 3d");
  b = replace(b, "emit accepted { id: id }", "emit accepted { id: id, score: score }");
  b = replace(b, "stage Lost side", "stage Lost terminal");
  CHECK(summary(diff_texts(kBase, b)) ==
        std::vector<std::string>{
            "funnel f, stage Known, owner|changed|owner marketing|owner sales",
            "funnel f, stage Known, entry|changed|entry email is set|entry email is set and score > 0",
            "funnel f, stage Known, exit|changed|no exit (always true)|exit score > 5",
            "funnel f, stage MQL, sla|changed|sla 2d|sla 3d",
            "funnel f, stage SAL, on enter|changed|emit accepted { id: id }|emit accepted { id: id, score: score }",
            "funnel f, stage Lost, kind|changed|side|terminal",
        });
}

TEST_CASE("stages added, removed and reordered") {
  std::string b = replace(kBase, "  stage MQL { owner sdr  entry hot  sla 2d }\n", "");
  b = replace(b, "stage SAL", "stage Won terminal { entry score > 1000 }\n  stage SAL");
  std::string reordered = replace(kBase, "  stage Known { owner marketing  entry email is set }\n", "");
  reordered = replace(reordered, "  stage Lost side", "  stage Known { owner marketing  entry email is set }\n  stage Lost side");
  const auto changes = summary(diff_texts(kBase, b));
  CHECK(changes == std::vector<std::string>{"funnel f, stage MQL|removed|stage MQL { owner sdr entry hot sla 2d }|",
                                            "funnel f, stage Won|added||stage Won terminal { entry score > 1000 }"});
  CHECK(summary(diff_texts(kBase, reordered)) ==
        std::vector<std::string>{"funnel f, stage order|reordered|stages Known, MQL, SAL, Lost|stages MQL, SAL, Known, Lost"});
}

TEST_CASE("transitions: condition, route, actions, added, removed, order") {
  std::string b = replace(kBase, "transition \"lost\" any -> Lost when score < 0",
                          "transition \"lost\" Known, MQL -> Lost when score < -5 { emit lost { id: id } }\n"
                          "  transition MQL -> Known when email is not set");
  CHECK(summary(diff_texts(kBase, b)) ==
        std::vector<std::string>{
            "funnel f, transition MQL -> Known|added||transition MQL -> Known when email is not set",
            "funnel f, transition \"lost\", route|changed|route any -> Lost|route Known, MQL -> Lost",
            "funnel f, transition \"lost\", when|changed|when score < 0|when score < -5",
            "funnel f, transition \"lost\", actions|added||emit lost { id: id }",
        });
  const std::string two = replace(kBase, "transition \"lost\" any -> Lost when score < 0",
                                  "transition \"lost\" any -> Lost when score < 0\n  transition \"back\" Lost -> Known when score > 0");
  const std::string swapped = replace(kBase, "transition \"lost\" any -> Lost when score < 0",
                                      "transition \"back\" Lost -> Known when score > 0\n  transition \"lost\" any -> Lost when score < 0");
  CHECK(summary(diff_texts(two, swapped)) ==
        std::vector<std::string>{"funnel f, transition order|reordered|transitions \"lost\", \"back\"|transitions \"back\", \"lost\""});
}

TEST_CASE("qualifications: criteria, weights, pass rule, label; records; lets; funnel header") {
  std::string b = replace(kBase, "criterion scored \"Scored\" : score > 10", "criterion scored \"Scored\" : score > 20");
  b = replace(b, "criterion mail : email is set\n", "");
  b = replace(b, "pass when all", "pass when at least 1");
  b = replace(b, "  score: int = 0\n", "  score: int = 5\n  region: text?\n");
  b = replace(b, "  email: text?\n", "");
  b = replace(b, "let hot = score >= mql_min", "let hot = score > mql_min");
  b = replace(b, "qualify with Fit", "");
  CHECK(summary(diff_texts(kBase, b)) ==
        std::vector<std::string>{
            "record lead, field email|removed|email: text?|",
            "record lead, field score|changed|score: int = 0|score: int = 5",
            "record lead, field region|added||region: text?",
            "qualification Fit, criterion scored|changed|criterion scored \"Scored\": score > 10|criterion scored \"Scored\": score > 20",
            "qualification Fit, criterion mail|removed|criterion mail: email is set|",
            "qualification Fit, pass rule|changed|pass when all|pass when at least 1",
            "funnel f, qualify with|changed|qualify with Fit|no qualify with",
            "funnel f, let hot|changed|let hot = score >= mql_min|let hot = score > mql_min",
        });
}

TEST_CASE("a change in an imported module is a change of the policy") {
  static int counter = 0;
  const fs::path dir = fs::temp_directory_path() / ("sluice_policy_diff_test_" + std::to_string(::getpid()) + "_" +
                                                    std::to_string(++counter));
  fs::create_directories(dir / "old");
  fs::create_directories(dir / "new");
  const std::string policy = "policy \"p\" version \"1\"\nimport \"./fit.funnel\"\nimport \"std/bant\"\n"
                             "record r { id: text key }\nfunnel f for r { stage A { entry hot } }\n";
  std::ofstream(dir / "old" / "fit.funnel") << "let hot = true\n";
  std::ofstream(dir / "new" / "fit.funnel") << "let hot = false\n";
  Parsed a((dir / "old" / "p.funnel").string(), policy);
  Parsed b((dir / "new" / "p.funnel").string(), replace(policy, "import \"std/bant\"\n", ""));
  const auto changes = summary(diff::diff_policies(a.view(), b.view()));
  fs::remove_all(dir);
  CHECK(changes == std::vector<std::string>{
                       "import `std/bant`|removed|import \"std/bant\"|",
                       "let hot|changed|let hot = true|let hot = false",
                       "qualification BANT|removed|" + diff::fold_source(*stdlib_source("std/bant")).substr(0, 160) + " ...|",
                   });
}

TEST_CASE("funnels added and removed; broken or missing input does not crash") {
  const std::string renamed = replace(kBase, "funnel f for lead", "funnel g for lead");
  const auto changes = diff_texts(kBase, renamed);
  REQUIRE(changes.size() == 2);
  CHECK(changes[0].where == "funnel f");
  CHECK(changes[0].kind == diff::ChangeKind::removed);
  CHECK(changes[1].where == "funnel g");
  CHECK(changes[1].after.at(0).size() <= 164);
  // A syntax error leaves a partial AST: what was parsed is compared.
  const std::string broken = replace(kBase, "stage MQL { owner sdr", "stage MQL { owner ((( sdr");
  CHECK_NOTHROW(diff_texts(kBase, broken));
  CHECK_NOTHROW(diff_texts("", "policy"));
  CHECK(diff::diff_policies({}, {}).empty());
}

TEST_CASE("a condition that starts with a parenthesis is shown whole") {
  const std::string a = replace(kBase, "entry hot", "entry (hot and score > 1) or score > 500");
  const std::string b = replace(kBase, "entry hot", "entry (hot and score > 2) or score > 500");
  CHECK(summary(diff_texts(a, b)) ==
        std::vector<std::string>{"funnel f, stage MQL, entry|changed|entry (hot and score > 1) or score > 500|"
                                 "entry (hot and score > 2) or score > 500"});
}

TEST_CASE("funnel order matters: the first funnel that applies takes the record") {
  const std::string two = std::string(kBase) + "funnel g for lead { stage Only { } }\n";
  std::string swapped = replace(two, "funnel g for lead { stage Only { } }\n", "");
  swapped = replace(swapped, "funnel f for lead", "funnel g for lead { stage Only { } }\nfunnel f for lead");
  CHECK(summary(diff_texts(two, swapped)) == std::vector<std::string>{"funnel order|reordered|funnels f, g|funnels g, f"});
}

TEST_CASE("garbage in: folding and diffing arbitrary bytes ends and does not crash") {
  std::uint32_t state = 12345;
  auto next = [&] { return state = state * 1103515245u + 12345u; };
  const std::string alphabet = "ab_9 \t\n#\"\\(){}[]<>=!?-+.:,\x80\xff";
  for (int round = 0; round < 200; ++round) {
    std::string text;
    const std::size_t n = next() % 200;
    for (std::size_t i = 0; i < n; ++i) text += alphabet[next() % alphabet.size()];
    CHECK_NOTHROW(diff::fold_source(text));
    CHECK_NOTHROW(diff_texts(text, std::string(kBase) + text));
  }
}
