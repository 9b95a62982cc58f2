// The checker: one case per diagnostic code (exact code, message and line:column,
// from tests/golden/diagnostics/), the language.md §1 example checks clean, the
// annotations lowering relies on (slots, refs, types), generic BANT reports.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "compiler/builtins.hpp"
#include "compiler/check.hpp"
#include "compiler/modules.hpp"

using namespace sluice;

namespace {

struct Checked {
  SourceManager sm;
  Diagnostics diags;
  CheckedPolicy policy;
};

std::unique_ptr<Checked> check_text(const std::string& path, const std::string& text, bool lints = false) {
  auto r = std::make_unique<Checked>();
  ModuleSet modules = load_modules_from_text(r->sm, path, text, r->diags);
  r->policy = check(std::move(modules), r->sm, r->diags);
  if (lints) lint(r->policy, r->sm, r->diags);
  r->diags.sort();
  return r;
}

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string golden_path(const std::string& name) {
  return std::string(SLUICE_SOURCE_DIR) + "/tests/golden/" + name;
}

std::string position(const Checked& c, const Diagnostic& d) {
  LineCol lc = c.sm.file(d.primary.span.file).line_col(d.primary.span.begin);
  return std::to_string(lc.line) + ":" + std::to_string(lc.column);
}

std::string dump(const Checked& c) {
  std::string s;
  for (const auto& d : c.diags.items()) s += d.code + " " + position(c, d) + " " + d.message + "\n";
  return s;
}

const ast::Stage& stage(const CheckedPolicy& p, const std::string& name) {
  for (const auto& s : p.funnels.at(0).decl->stages)
    if (s.name.name == name) return s;
  FAIL("no stage " << name);
  throw 0;
}

}  // namespace

TEST_CASE("every diagnostic code has its golden snippet with the exact message and position") {
  struct Case {
    const char* file;
    const char* code;
    const char* message;
    const char* at;
  };
  const Case cases[] = {
      {"E0101-duplicate-name", "E0101", "`lead` is declared twice", "15:7"},
      {"E0102-unknown-record", "E0102", "unknown record `leed`", "15:18"},
      {"E0103-unknown-stage", "E0103", "unknown stage `Knwon` in funnel `leads`", "19:32"},
      {"E0104-unknown-qualification", "E0104", "unknown qualification `BANTT`", "24:28"},
      {"E0105-unknown-calendar", "E0105", "unknown calendar `emeaa`", "24:28"},
      {"E0106-unknown-funnel", "E0106", "unknown funnel `lead_funnel`", "21:10"},
      {"E0107-unknown-field", "E0107", "unknown field `lead_scroe` in record `lead`", "19:11"},
      {"E0108-unknown-function", "E0108", "unknown function `lenght`", "18:21"},
      {"E0109-duplicate-field", "E0109", "field `email` is declared twice in record `lead`", "6:3"},
      {"E0110-duplicate-stage", "E0110", "stage `Known` is declared twice in funnel `leads`", "18:9"},
      {"E0111-duplicate-criterion", "E0111", "criterion `scored` is declared twice in `Fit`", "23:13"},
      {"E0112-duplicate-let", "E0112", "let `hot` is declared twice in funnel `leads`", "18:7"},
      {"E0113-generic-needs-field", "E0113",
       "BANT (std/bant:4) needs field `budget_confirmed: bool` in record `lead`", "22:16"},
      {"E0114-unknown-criterion", "E0114", "qualification `BANT` has no criterion `budgett`", "24:26"},
      {"E0115-let-cycle", "E0115", "`a` depends on itself: `a` -> `b` -> `a`", "17:7"},
      {"E0116-unknown-name", "E0116", "unknown name `treshold_base`", "15:19"},
      {"E0117-not-a-value", "E0117", "`BANT` is a qualification, not a value", "24:21"},
      {"E0118-two-keys", "E0118", "record `lead` has more than one `key` field", "5:3"},
      {"E0119-stamp-type", "E0119", "field `mql_entered_at` must be `date?`: it holds when stage `MQL` was entered", "7:3"},
      {"E0201-condition-not-bool", "E0201", "the `entry` condition must be `bool`, found `int`", "18:21"},
      {"E0202-value-does-not-fit", "E0202", "the value of `title` must be `text`, found `int`", "20:28"},
      {"E0203-not-an-enum-value", "E0203", "`wonn` is not a value of `deal_status`", "18:45"},
      {"E0204-incompatible-comparison", "E0204", "cannot compare `int` with `text`", "18:35"},
      {"E0205-bad-arithmetic", "E0205", "cannot apply `+` to `text` and `int`", "18:21"},
      {"E0206-pattern-not-constant", "E0206", "`matches` needs a constant text pattern", "18:35"},
      {"E0207-invalid-pattern", "E0207", "invalid pattern: missing ): @(acme\\.com", "18:35"},
      {"E0208-not-constant", "E0208", "const `cutoff` must be a constant expression", "15:16"},
      {"E0209-constant-fault", "E0209", "division by zero in a constant expression", "15:17"},
      {"E0210-wrong-arity", "E0210", "`days_since` takes 1 argument, found 2", "18:21"},
      {"E0211-argument-type", "E0211", "argument 1 of `days_since` must be `date`, found `text`", "18:32"},
      {"E0212-calendar-argument", "E0212", "argument 3 of `business_days_between` must name a calendar", "22:66"},
      {"E0213-no-fields", "E0213", "`email` is `text`, which has no field `domain`", "18:27"},
      {"E0214-stage-field-type", "E0214", "the stage field must be `text` or an enum; `lead_score` is `int`", "16:15"},
      {"E0215-stage-not-in-enum", "E0215", "stage `Lost` is not a value of the stage field `deal_status`", "19:9"},
      {"E0216-stamp-not-date", "E0216", "`stamp` needs a `date` field; `title` is `text`", "20:22"},
      {"E0217-quantifier-not-list", "E0217", "`any` needs a list, found `{ employees: int, industry: text }`", "18:30"},
      {"E0218-whole-object", "E0218", "an event field cannot hold a whole object", "20:53"},
      {"E0219-mixed-list", "E0219", "list elements must share one type: `int` and `text`", "18:41"},
      {"E0220-duplicate-enum-value", "E0220", "enum value `open` is listed twice", "6:36"},
      {"E0301-unknown-std-module", "E0301", "unknown standard module `std/bnat`", "2:8"},
      {"E0302-import-not-found", "E0302", "", "2:8"},
      {"E0303-import-cycle", "E0303", "", "2:8"},
      {"E0304-bad-import-path", "E0304", "import path `bant` must start with `std/`, `./` or `../`", "2:8"},
      {"E0401-transition-from-terminal", "E0401", "stage `Won` is terminal: no transition can leave it", "20:23"},
      {"E0402-no-pass-rule", "E0402", "qualification `Fit` has no `pass when` rule", "21:15"},
      {"E0404-empty-sla", "E0404", "an SLA must be longer than zero", "20:5"},
      {"E0405-test-without-funnel", "E0405", "test `nothing to run` needs a funnel, and the policy declares none", "15:6"},
      {"E0406-calendar-hours", "E0406", "calendar `emea` has working hours that end before they start", "3:1"},
  };
  for (const auto& k : cases) {
    DYNAMIC_SECTION(k.file) {
      std::string path = golden_path(std::string("diagnostics/") + k.file + ".funnel");
      auto c = check_text(path, read(path), /*lints=*/true);
      std::vector<const Diagnostic*> errors;
      for (const auto& d : c->diags.items())
        if (d.severity == Severity::error) errors.push_back(&d);
      INFO(dump(*c));
      REQUIRE(errors.size() == 1);
      CHECK(errors[0]->code == k.code);
      if (*k.message) CHECK(errors[0]->message == k.message);
      CHECK(position(*c, *errors[0]) == k.at);
    }
  }
}

TEST_CASE("module errors name the files involved") {
  SECTION("file not found") {
    std::string path = golden_path("diagnostics/E0302-import-not-found.funnel");
    auto c = check_text(path, read(path));
    REQUIRE(c->diags.items().size() == 1);
    CHECK(c->diags.items()[0].message.find("no-such-file.funnel") != std::string::npos);
    CHECK(c->diags.items()[0].message.find("file not found") != std::string::npos);
  }
  SECTION("a file importing itself is a cycle") {
    std::string path = golden_path("diagnostics/E0303-import-cycle.funnel");
    auto c = check_text(path, read(path));
    REQUIRE(c->diags.items().size() == 1);
    CHECK(c->diags.items()[0].message.rfind("import cycle: ", 0) == 0);
  }
}

TEST_CASE("the language.md example checks clean, lints included") {
  std::string path = golden_path("parse_ok/acme.funnel");
  auto c = check_text(path, read(path), /*lints=*/true);
  INFO(dump(*c));
  CHECK(c->diags.items().empty());
  REQUIRE(c->policy.funnels.size() == 1);
  const FunnelInstance& f = c->policy.funnels[0];
  CHECK(f.quals.size() == 2);  // BANT (qualify with, passes) and MEDDIC
  CHECK(f.quals[0].decl->name.name == "BANT");
  CHECK(f.quals[0].reported);
  REQUIRE(f.lets.size() == 1);
  CHECK(f.lets[0].name == "icp_fit");
  CHECK(f.lets[0].value->type->kind == TypeKind::bool_);
  REQUIRE(c->policy.tests.size() == 1);
  CHECK(c->policy.tests[0].check_funnel == 0);
  // Every stage has a stamp slot, and the record gained `<stage>_entered_at` fields.
  const RecordInfo& lead = c->policy.records.at(0);
  for (auto slot : f.stamp_slots) CHECK(slot >= 0);
  CHECK(lead.slot_by_path.count("mql_entered_at") == 1);
  CHECK(lead.slot_by_path.count("sal_entered_at") == 1);
  CHECK(lead.slot_by_path.count("disqualified_entered_at") == 1);
}

TEST_CASE("the other parse_ok goldens check clean") {
  for (const char* name : {"business_time", "qualifications", "tests_and_events"}) {
    DYNAMIC_SECTION(name) {
      std::string path = golden_path(std::string("parse_ok/") + name + ".funnel");
      auto c = check_text(path, read(path), /*lints=*/true);
      INFO(dump(*c));
      CHECK(c->diags.items().empty());
    }
  }
}

TEST_CASE("record layouts: presence slots, parents, list elements, from, defaults, key, stamps") {
  auto c = check_text("layout.funnel", R"(policy "p" version "1"
record lead {
  id: text key
  score: int from "Lead_Score__c"
  boost: number = 2
  company: { employees: int?, address: { city: text? } }
  group: list<{ name: text, tags: list<text> }>
  tags: list<enum("a", "b")>
  mql_entered_at: date?
  stage: text?
}
funnel f for lead {
  stage field stage
  stage MQL { entry score > 1 }
  stage ClosedWon terminal { entry score > 2 }
  stage SalesQL side { owner sales }
  transition "x" MQL -> SalesQL when boost > 1.5
}
)");
  INFO(dump(*c));
  REQUIRE(c->diags.items().empty());
  const RecordInfo& r = c->policy.records.at(0);
  const auto& slots = r.layout.slots;
  auto slot = [&](const std::string& path) -> const ir::Slot& { return slots.at(static_cast<std::size_t>(r.slot_by_path.at(path))); };
  CHECK(r.key_slot == r.slot_by_path.at("id"));
  CHECK(slot("id").is_key);
  CHECK(slot("score").input_key == "Lead_Score__c");
  CHECK(slot("score").kind == TypeKind::int_);
  REQUIRE(slot("boost").default_const >= 0);
  const ir::Constant& boost = c->policy.constants.at(static_cast<std::size_t>(slot("boost").default_const));
  CHECK(boost.kind == TypeKind::number);
  CHECK(boost.n == 2.0);
  CHECK(slot("company").kind == TypeKind::object);
  CHECK(slot("company.employees").parent == r.slot_by_path.at("company"));
  CHECK(slot("company.employees").input_key == "employees");
  CHECK(slot("company.address.city").parent == r.slot_by_path.at("company.address"));
  CHECK(slot("company.address").parent == r.slot_by_path.at("company"));
  // A list of objects: its element layout holds the element fields, relative paths.
  const ir::Slot& group = slot("group");
  CHECK(group.kind == TypeKind::list);
  CHECK(group.element_kind == TypeKind::object);
  const ir::Layout& el = r.element_layouts.at(static_cast<std::size_t>(group.element_layout));
  REQUIRE(el.slots.size() == 2);
  CHECK(el.slots[0].path == "name");
  CHECK(el.slots[1].path == "tags");
  CHECK(el.slots[1].element_layout >= 0);
  // A scalar list: one element slot with path "".
  const ir::Slot& tags = slot("tags");
  CHECK(tags.element_kind == TypeKind::enum_);
  const ir::Layout& tl = r.element_layouts.at(static_cast<std::size_t>(tags.element_layout));
  REQUIRE(tl.slots.size() == 1);
  CHECK(tl.slots[0].enum_values == std::vector<std::string>{"a", "b"});
  // Stamps: declared (kept, marked) and implicit (appended), in lower snake case.
  CHECK(slot("mql_entered_at").is_stamp);
  CHECK(slot("closed_won_entered_at").is_stamp);
  CHECK(slot("closed_won_entered_at").optional);
  CHECK(slot("closed_won_entered_at").kind == TypeKind::date);
  CHECK(slot("sales_ql_entered_at").is_stamp);
  const FunnelInstance& f = c->policy.funnels.at(0);
  CHECK(f.stage_field_slot == r.slot_by_path.at("stage"));
  CHECK(f.stamp_slots == std::vector<std::int32_t>{r.slot_by_path.at("mql_entered_at"),
                                                   r.slot_by_path.at("closed_won_entered_at"),
                                                   r.slot_by_path.at("sales_ql_entered_at")});
}

TEST_CASE("expressions are annotated with types and references") {
  auto c = check_text("refs.funnel", R"(policy "p" version "1"
import "std/bant"
const big = 100
calendar emea { timezone "Europe/Warsaw" }
let hot = score >= big
record lead {
  id: text key
  score: int = 0
  amount: number?
  company: { employees: int? }
  group: list<{ name: text, roles: list<text> }>
  budget_confirmed: bool = false
  contact_role: enum("decision_maker", "economic_buyer")?
  need_identified: bool = false
  timeline_days: int?
  seen_at: date?
}
funnel f for lead {
  let warm = hot or score > 50
  stage A { entry warm and company.employees > 10 }
  stage B { entry any m in group where any r in m.roles where r == m.name }
  stage C { entry passes BANT and BANT.score >= 2 and BANT.need and len(BANT.missing) == 0 }
  stage D { entry business_days_between(seen_at, now, emea) > amount }
}
)");
  INFO(dump(*c));
  REQUIRE(c->diags.items().empty());
  const CheckedPolicy& p = c->policy;
  const RecordInfo& r = p.records.at(0);
  const FunnelInstance& f = p.funnels.at(0);
  // Lets in dependency order: `hot` (top level, read by `warm`) first.
  REQUIRE(f.lets.size() == 2);
  CHECK(f.lets[0].name == "hot");
  CHECK(f.lets[1].name == "warm");
  const ast::Expr& hot = *f.lets[0].value;  // score >= big
  CHECK(hot.args[0]->ref.kind == ast::RefKind::field);
  CHECK(hot.args[0]->ref.slot == r.slot_by_path.at("score"));
  CHECK(hot.args[1]->ref.kind == ast::RefKind::constant);
  CHECK(p.constants.at(static_cast<std::size_t>(hot.args[1]->ref.index)).i == 100);
  const ast::Expr& warm = *f.lets[1].value;
  CHECK(warm.args[0]->ref.kind == ast::RefKind::let);
  CHECK(warm.args[0]->ref.index == 0);

  const ast::Expr& a = *stage(p, "A").entry;
  CHECK(a.args[0]->ref.kind == ast::RefKind::let);
  CHECK(a.args[0]->ref.index == 1);
  const ast::Expr& employees = *a.args[1]->args[0];
  CHECK(employees.ref.kind == ast::RefKind::field);
  CHECK(employees.ref.slot == r.slot_by_path.at("company.employees"));
  CHECK(employees.type->kind == TypeKind::int_);

  const ast::Expr& b = *stage(p, "B").entry;  // any m in group where any r in m.roles where r == m.name
  CHECK(b.kind == ast::ExprKind::quantifier);
  CHECK(b.args[0]->ref.kind == ast::RefKind::field);
  const ast::Expr& inner = *b.args[1];
  CHECK(inner.args[0]->ref.kind == ast::RefKind::element_field);  // m.roles
  CHECK(inner.args[0]->ref.depth == 0);
  CHECK(inner.args[0]->ref.slot == 1);
  const ast::Expr& cmp = *inner.args[1];  // r == m.name
  CHECK(cmp.args[0]->ref.kind == ast::RefKind::element);
  CHECK(cmp.args[0]->ref.depth == 1);
  CHECK(cmp.args[1]->ref.kind == ast::RefKind::element_field);
  CHECK(cmp.args[1]->ref.depth == 0);
  CHECK(cmp.args[1]->ref.slot == 0);

  const ast::Expr& cexpr = *stage(p, "C").entry;  // ((passes and score>=2) and need) and len(missing)==0
  const ast::Expr& passes = *cexpr.args[0]->args[0]->args[0];
  CHECK(passes.ref.kind == ast::RefKind::qual_passed);
  CHECK(passes.ref.index == 0);
  CHECK(cexpr.args[0]->args[0]->args[1]->args[0]->ref.kind == ast::RefKind::qual_score);
  const ast::Expr& need = *cexpr.args[0]->args[1];
  CHECK(need.ref.kind == ast::RefKind::qual_criterion);
  CHECK(need.ref.slot == 2);
  const ast::Expr& len = *cexpr.args[1]->args[0];
  CHECK(len.ref.kind == ast::RefKind::builtin);
  CHECK(len.ref.index == static_cast<int>(BuiltinId::len));
  CHECK(len.args[0]->ref.kind == ast::RefKind::qual_missing);
  REQUIRE(f.quals.size() == 1);
  CHECK(f.quals[0].criteria.size() == 4);
  CHECK(f.quals[0].criteria[0]->type->kind == TypeKind::bool_);
  CHECK(f.quals[0].criteria[1]->args[0]->ref.kind == ast::RefKind::field);

  const ast::Expr& d = *stage(p, "D").entry;  // business_days_between(...) > amount : int vs number
  CHECK(d.args[0]->args[2]->ref.kind == ast::RefKind::calendar);
  CHECK(d.args[0]->args[2]->ref.index == 0);
  CHECK(d.args[0]->type->kind == TypeKind::int_);
  CHECK(d.args[1]->type->kind == TypeKind::number);
}

TEST_CASE("generic qualifications and lets are checked against each funnel's record") {
  SECTION("a missing field is blamed on the use site, with the module line and the inferred type") {
    auto c = check_text("g.funnel", R"(policy "p" version "1"
import "std/bant"
record lead {
  id: text key
  amount: number?
  contact_role: text?
  need_identified: bool = false
  timeline_days: int?
}
funnel f for lead {
  stage A { entry passes BANT }
}
)");
    REQUIRE(c->diags.items().size() == 1);
    const Diagnostic& d = c->diags.items()[0];
    CHECK(d.code == "E0113");
    CHECK(d.message == "BANT (std/bant:4) needs field `budget_confirmed: bool` in record `lead`");
    CHECK(position(*c, d) == "11:19");
    REQUIRE(d.secondary.size() == 1);
    CHECK(c->sm.file(d.secondary[0].span.file).path == "std/bant");
    CHECK(c->sm.file(d.secondary[0].span.file).line_col(d.secondary[0].span.begin).line == 4);
  }
  SECTION("the needed type comes from the comparison; a nested path is named whole") {
    auto c = check_text("g.funnel", R"(policy "p" version "1"
let big = company.employees >= 500 and region in ["emea", "apac"]
record lead { id: text key }
funnel f for lead {
  stage A { entry big }
}
)");
    INFO(dump(*c));
    REQUIRE(c->diags.items().size() == 2);
    CHECK(c->diags.items()[0].message == "big (g.funnel:2) needs field `company.employees: int` in record `lead`");
    CHECK(c->diags.items()[1].message == "big (g.funnel:2) needs field `region: text` in record `lead`");
    CHECK(position(*c, c->diags.items()[0]) == "5:19");
  }
  SECTION("two funnels over two records: each instance is typed for its own record") {
    auto c = check_text("g.funnel", R"(policy "p" version "1"
let big = size > 10
record a { id: text key  size: int? }
record b { id: text key  size: number? }
funnel fa for a { stage A { entry big } }
funnel fb for b { stage B { entry big } }
)");
    INFO(dump(*c));
    REQUIRE(c->diags.items().empty());
    CHECK(c->policy.funnels[0].lets[0].value->args[0]->type->kind == TypeKind::int_);
    CHECK(c->policy.funnels[1].lets[0].value->args[0]->type->kind == TypeKind::number);
  }
  SECTION("a qualification used only by a test is instantiated but not reported") {
    auto c = check_text("g.funnel", R"(policy "p" version "1"
qualification Q { criterion hot : score > 5  pass when all }
record a { id: text key  score: int? }
funnel f for a { stage A { entry score > 1 } }
test "t" { given { id: "x", score: 9 } expect passes Q and stage == "A" }
)");
    INFO(dump(*c));
    REQUIRE(c->diags.items().empty());
    REQUIRE(c->policy.funnels[0].quals.size() == 1);
    CHECK_FALSE(c->policy.funnels[0].quals[0].reported);
  }
}

TEST_CASE("type rules") {
  auto ok = [](const std::string& entry) {
    auto c = check_text("t.funnel", R"(policy "p" version "1"
record lead { id: text key  n: int?  x: number?  t: text?  d: date?  e: enum("a", "b")?  l: list<int>  s: list<text>  o: { k: int? } }
funnel f for lead { stage A { entry )" + entry + R"( } }
)");
    INFO(entry << "\n" << dump(*c));
    CHECK(c->diags.items().empty());
  };
  auto bad = [](const std::string& entry, const std::string& code) {
    auto c = check_text("t.funnel", R"(policy "p" version "1"
record lead { id: text key  n: int?  x: number?  t: text?  d: date?  e: enum("a", "b")?  l: list<int>  s: list<text>  o: { k: int? } }
funnel f for lead { stage A { entry )" + entry + R"( } }
)");
    INFO(entry << "\n" << dump(*c));
    REQUIRE(c->diags.items().size() == 1);
    CHECK(c->diags.items()[0].code == code);
  };
  ok("n + 1 > x * 2.5");                      // int widens to number
  ok("d - 2026-01-01 > 3d");                   // date - date is a duration
  ok("d + 2w < now and today <= d - 12h");    // date ± duration is a date
  ok("n between 1 and x");
  ok("e in [\"a\"] and e != \"b\" and e == t");
  ok("t contains \"x\" and s contains t and l contains 3 and t starts with \"a\" and t ends with \"b\"");
  ok("(n ?? 0) + (x ?? 1.5) > 0 and (count v in l where v > 2) >= 1");
  ok("o is set and o.k is not set and t matches \"^a+$\" and null == n");
  ok("round(x) == n and round(x, 2) > 1.5 and abs(d - now) > 1d and min(n, x, 3) < max(l) and sum(l) > 0");
  ok("lower(t) == upper(t) and trim(domain(t)) == \"x\" and coalesce(t, \"y\") == \"y\" and len(s) + len(t) > 1");
  ok("year(d) == 2026 and quarter(date_of(t)) == 1 and days_between(d, now) > days_since(add_months(d, 1))");
  bad("n + \"1\" > 0", "E0205");
  bad("e == \"c\"", "E0203");
  bad("e in [\"a\", \"z\"]", "E0203");
  bad("e < \"a\"", "E0204");
  bad("d > 5", "E0204");
  bad("t in l", "E0204");
  bad("n in t", "E0204");
  bad("not n", "E0205");
  bad("-t == \"a\"", "E0205");
  bad("n and true", "E0205");
  bad("lower(n) == \"a\"", "E0211");
  bad("min(l, s) == 1", "E0211");
  bad("sum(s) > 0", "E0211");
  bad("o == o", "E0204");
  bad("o.k.z > 1", "E0213");
  bad("o.kk > 1", "E0107");
  bad("(count v in l where v) > 0", "E0201");
  bad("any v in l where v + 1", "E0201");
  bad("is_business_day(d, nowhere)", "E0105");
}

TEST_CASE("consts fold to constants, lists included") {
  auto c = check_text("c.funnel", R"(policy "p" version "1"
const a = 2 * 3 + 1
const names = ["x", "y"]
const mix = [1, 2.5]
const later = 2026-01-01 + 2d
const neg = -a
record r { id: text key  t: text?  n: number? }
funnel f for r { stage A { entry t in names and n in mix and n > neg and now > later } }
)");
  INFO(dump(*c));
  REQUIRE(c->diags.items().empty());
  const auto& k = c->policy.constants;
  auto find = [&](const std::string& name) -> const ir::Constant& {
    for (std::size_t i = 0; i < k.size(); ++i)
      if (c->policy.constant_names[i] == name) return k[i];
    FAIL("no constant " << name);
    throw 0;
  };
  CHECK(find("a").i == 7);
  CHECK(find("names").kind == TypeKind::list);
  CHECK(find("names").list.size() == 2);
  CHECK(find("mix").list[0].kind == TypeKind::number);
  CHECK(find("later").kind == TypeKind::date);
  CHECK(find("later").i == 1767225600000 + 2 * 86400000LL);
  CHECK(find("neg").i == -7);
}

TEST_CASE("const errors: cycles and overflow") {
  auto c = check_text("c.funnel", R"(policy "p" version "1"
const a = b + 1
const b = a + 1
const big = 9223372036854775807 + 1
record r { id: text key }
funnel f for r { stage A { entry a > big } }
)");
  INFO(dump(*c));
  bool cycle = false, overflow = false;
  for (const auto& d : c->diags.items()) {
    cycle = cycle || (d.code == "E0115" && d.message.find("depends on itself") != std::string::npos);
    overflow = overflow || (d.code == "E0209" && d.message == "integer overflow in a constant expression");
  }
  CHECK(cycle);
  CHECK(overflow);
}

TEST_CASE("tests: result names come before fields; given keys must be fields") {
  auto c = check_text("t.funnel", R"(policy "p" version "1"
record r { id: text key  stage: text?  n: int? }
funnel f for r { stage field stage  stage A { entry n > 1 } }
test "t" {
  given { id: "x", n: 2, nn: 3 }
  expect stage == "A" and moved and not unstaged and from == "B" and len(entered) == 1 and funnel == "f"
}
)");
  INFO(dump(*c));
  REQUIRE(c->diags.items().size() == 2);
  CHECK(c->diags.items()[0].code == "E0107");
  CHECK(c->diags.items()[0].message == "unknown field `nn` in record `r`");
  CHECK(c->diags.items()[1].code == "E0103");
  CHECK(c->diags.items()[1].message == "unknown stage `B` in funnel `f`");
  const ast::Expr& e = *c->policy.tests.at(0).decl->expects.at(0).condition;
  const ast::Expr* left = &e;
  while (left->kind == ast::ExprKind::binary && left->op == ast::Op::and_) left = left->args[0].get();
  CHECK(left->args[0]->ref.kind == ast::RefKind::result);
  CHECK(left->args[0]->ref.index == static_cast<int>(ast::ResultName::stage));
}

TEST_CASE("deep let chains are bounded, not a stack overflow") {
  std::string text = "policy \"p\" version \"1\"\nrecord r { id: text key  n: int? }\n";
  for (int i = 0; i < 500; ++i) text += "let l" + std::to_string(i) + " = l" + std::to_string(i + 1) + "\n";
  text += "let l500 = n > 1\nfunnel f for r { stage A { entry l0 } }\n";
  auto c = check_text("deep.funnel", text);
  bool bounded = false;
  for (const auto& d : c->diags.items()) bounded = bounded || d.code == "E0121";
  CHECK(bounded);
}

TEST_CASE("types: spelling, equality and assignability") {
  TypeRef e = make_enum({"won", "lost"});
  TypeRef obj = make_object({{"a", type_of(TypeKind::int_)}, {"b", make_list(type_of(TypeKind::text))}});
  CHECK(to_string(*e) == "enum(\"won\", \"lost\")");
  CHECK(to_string(*obj) == "{ a: int, b: list<text> }");
  CHECK(to_string(*make_list(e)) == "list<enum(\"won\", \"lost\")>");
  CHECK(same_type(*make_enum({"won", "lost"}), *e));
  CHECK_FALSE(same_type(*make_enum({"lost", "won"}), *e));
  CHECK(assignable(*type_of(TypeKind::int_), *type_of(TypeKind::number)));
  CHECK_FALSE(assignable(*type_of(TypeKind::number), *type_of(TypeKind::int_)));
  CHECK(assignable(*e, *type_of(TypeKind::text)));
  CHECK_FALSE(assignable(*type_of(TypeKind::text), *e));
  CHECK(assignable(*make_enum({"won"}), *e));
  CHECK(assignable(*type_of(TypeKind::null_), *obj));
  CHECK(assignable(*make_list(type_of(TypeKind::null_)), *make_list(type_of(TypeKind::int_))));
  CHECK_FALSE(assignable(*make_list(type_of(TypeKind::int_)), *make_list(type_of(TypeKind::number))));
  CHECK(is_orderable(*type_of(TypeKind::duration)));
  CHECK_FALSE(is_orderable(*e));
}
