// The standard library as embedded: every module checks on its own, every module and each
// of its top-level names is documented in docs/stdlib.md, the "needs field" report and its
// fix with `from`, and constants that std/fit and std/time take from the importer.
#include <catch2/catch.hpp>

#include <fstream>
#include <regex>
#include <sstream>

#include "compiler/compile.hpp"
#include "compiler/modules.hpp"

using namespace sluice;

namespace {

std::string read_doc(const char* relative) {
  std::ifstream in(std::string(SLUICE_SOURCE_DIR) + "/" + relative);
  REQUIRE(in);
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

std::string all_messages(const Diagnostics& d) {
  std::string s;
  for (const auto& x : d.items()) s += x.code + " " + x.message + "\n";
  return s;
}

// The names a module declares at top level: `let`, `qualification`, `calendar`, `const`.
std::vector<std::string> declared_names(const std::string& source) {
  static const std::regex decl(R"((?:^|\n)(?:let|qualification|calendar|const)\s+([A-Za-z_][A-Za-z0-9_]*))");
  std::vector<std::string> out;
  for (std::sregex_iterator it(source.begin(), source.end(), decl), end; it != end; ++it) out.push_back((*it)[1]);
  return out;
}

const char* kBantRecord = R"(
funnel leads for lead {
  qualify with BANT
  stage Open {}
}
)";

}  // namespace

TEST_CASE("the standard library holds the documented modules") {
  auto names = stdlib_names();
  for (const char* want : {"std/anum", "std/bant", "std/champ", "std/fit", "std/meddic", "std/meddpicc",
                           "std/persona", "std/time"}) {
    INFO(want);
    CHECK(std::find(names.begin(), names.end(), want) != names.end());
  }
}

TEST_CASE("every embedded module checks on its own with no diagnostic") {
  CompileOptions options;
  options.require_policy = false;
  for (const std::string& name : stdlib_names()) {
    INFO(name);
    const std::string* source = stdlib_source(name);
    REQUIRE(source != nullptr);
    CompileResult r = compile_text(name + ".funnel", *source, options);
    INFO(all_messages(r.diagnostics));
    CHECK(r.diagnostics.items().empty());
  }
}

TEST_CASE("a policy that imports every module and uses nothing compiles cleanly") {
  std::string text = "policy \"all\" version \"1\"\n";
  for (const std::string& name : stdlib_names()) text += "import \"" + name + "\"\n";
  CompileResult r = compile_text("all.funnel", text);
  INFO(all_messages(r.diagnostics));
  CHECK(r.program.has_value());
  CHECK(r.diagnostics.error_count() == 0);
}

TEST_CASE("docs/stdlib.md documents every module and every name it declares") {
  const std::string doc = read_doc("docs/stdlib.md");
  for (const std::string& name : stdlib_names()) {
    INFO(name);
    CHECK(doc.find("## `" + name + "`") != std::string::npos);
    const std::vector<std::string> decls = declared_names(*stdlib_source(name));
    CHECK_FALSE(decls.empty());
    for (const std::string& d : decls) {
      INFO(d);
      CHECK(doc.find("`" + d + "`") != std::string::npos);
    }
  }
}

TEST_CASE("a framework reports each field the record lacks, and `from` fixes it") {
  const std::string bad = std::string("policy \"p\" version \"1\"\nimport \"std/bant\"\n") +
                          "record lead { id: text key\n  Budget_OK: bool = false\n  amount: number?\n"
                          "  contact_role: text?\n  need_identified: bool = false\n  timeline_days: int? }\n" +
                          kBantRecord;
  CompileResult r = compile_text("p.funnel", bad);
  INFO(all_messages(r.diagnostics));
  CHECK_FALSE(r.program.has_value());
  REQUIRE(r.diagnostics.error_count() == 1);
  const Diagnostic& d = r.diagnostics.items().at(0);
  CHECK(d.code == "E0113");
  CHECK(d.message == "BANT (std/bant:4) needs field `budget_confirmed: bool` in record `lead`");

  const std::string fixed = std::string("policy \"p\" version \"1\"\nimport \"std/bant\"\n") +
                            "record lead { id: text key\n  budget_confirmed: bool = false from \"Budget_OK\"\n"
                            "  amount: number?\n  contact_role: text?\n  need_identified: bool = false\n"
                            "  timeline_days: int? }\n" +
                            kBantRecord;
  CompileResult ok = compile_text("p.funnel", fixed);
  INFO(all_messages(ok.diagnostics));
  CHECK(ok.program.has_value());
  CHECK(ok.diagnostics.items().empty());
}

TEST_CASE("std/fit reads the ICP from the importer's constants, or reports the one missing") {
  const std::string head = "policy \"p\" version \"1\"\nimport \"std/fit\"\n";
  const std::string rest = R"(
record lead { id: text key
  company: { employees: int?, industry: text?, country: text? } }
funnel f for lead { stage Fit { entry fit_organisation } }
)";
  const std::string consts =
      "const icp_max_employees = 5000\nconst icp_industries = [\"Software\"]\nconst icp_countries = [\"PL\"]\n";
  CompileResult missing = compile_text("p.funnel", head + consts + rest);
  INFO(all_messages(missing.diagnostics));
  REQUIRE(missing.diagnostics.error_count() == 1);
  CHECK(missing.diagnostics.items().at(0).code == "E0113");
  CHECK(missing.diagnostics.items().at(0).message.find("needs field `icp_min_employees") != std::string::npos);

  CompileResult ok = compile_text("p.funnel", head + "const icp_min_employees = 50\n" + consts + rest);
  INFO(all_messages(ok.diagnostics));
  CHECK(ok.program.has_value());
  CHECK(ok.diagnostics.items().empty());
}

TEST_CASE("a wrongly typed importer constant is a type error, not a crash") {
  const std::string text = R"(policy "p" version "1"
import "std/time"
const response_sla_hours = "four"
record lead { id: text key
  created_at: date?
  first_response_at: date? }
funnel f for lead { stage Late { entry response_sla_breached } }
)";
  CompileResult r = compile_text("p.funnel", text);
  INFO(all_messages(r.diagnostics));
  CHECK_FALSE(r.program.has_value());
  CHECK(r.diagnostics.error_count() >= 1);
}
