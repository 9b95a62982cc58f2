// Source text -> AST: the language.md examples and snippets, precedence, literals,
// contextual keywords and spans (errors and limits: tests/parse_errors_test.cpp).
#include "tests/source_files.hpp"
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "tests/parse_support.hpp"

using namespace sluice;
using parse_support::expr;
using parse_support::parse_text;
using parse_support::sexpr;

namespace {

// language.md §1, verbatim.
// language.md §1's example.
const std::string kExample = sluice::test::read_source_file("tests/golden/parse_ok/acme.funnel");

constexpr std::int64_t kDay = 86'400'000;

const ast::FieldDecl& field(const ast::Record& r, const std::string& name) {
  for (const auto& f : r.fields)
    if (f.name.name == name) return f;
  FAIL("no field " << name);
  return r.fields.front();
}

std::string slice(const parse_support::Parsed& p, Span s) { return std::string(p.sm.file(p.id).slice(s)); }

}  // namespace

TEST_CASE("the complete example of language.md §1 parses into the expected AST") {
  auto p = parse_text(kExample);
  INFO(p->rendered());
  REQUIRE_FALSE(p->diags.has_errors());
  const auto& f = *p->file;

  REQUIRE(f.header);
  CHECK(f.header->name == "acme-lead-to-revenue");
  CHECK(f.header->version == "2.1.0");
  REQUIRE(f.imports.size() == 2);
  CHECK(f.imports[1].path == "std/meddic");
  CHECK(slice(*p, f.imports[1].path_span) == "\"std/meddic\"");
  REQUIRE(f.consts.size() == 1);
  CHECK(sexpr(*f.consts[0].value) == R"(["Software" "Fintech" "Healthcare IT"])");

  // Declaration order across kinds.
  using D = ast::DeclKind;
  REQUIRE(f.order.size() == 6);
  CHECK(f.order[0].kind == D::import);
  CHECK(f.order[2].kind == D::const_);
  CHECK(f.order[3].kind == D::record);
  CHECK(f.order[4].kind == D::funnel);
  CHECK(f.order[5].kind == D::test);

  const auto& lead = f.records.at(0);
  CHECK(lead.name.name == "lead");
  CHECK(lead.fields.size() == 27);
  CHECK(field(lead, "id").is_key);
  CHECK(field(lead, "email").type->optional);
  CHECK(sexpr(*field(lead, "program_successes").default_value) == "0");
  CHECK(field(lead, "lead_score").from == "Lead_Score__c");
  const auto& company = *field(lead, "company").type;
  CHECK(company.kind == ast::TypeExprKind::object);
  REQUIRE(company.fields.size() == 3);
  CHECK(company.fields[0].name.name == "employees");
  CHECK(company.fields[0].type->optional);
  const auto& group = *field(lead, "buying_group").type;
  CHECK(group.kind == ast::TypeExprKind::list);
  CHECK(group.element->kind == ast::TypeExprKind::object);
  CHECK(group.element->fields.at(2).type->name.name == "int");
  const auto& role = *field(lead, "contact_role").type;
  CHECK(role.kind == ast::TypeExprKind::enum_);
  CHECK(role.enum_values.size() == 5);
  CHECK(role.optional);
  CHECK(slice(*p, role.span) == R"(enum("decision_maker", "economic_buyer", "influencer", "user", "unknown")?)");
  CHECK(field(lead, "pain_points").type->element->name.name == "text");

  const auto& funnel = f.funnels.at(0);
  CHECK(funnel.name.name == "lead_to_revenue");
  CHECK(funnel.record.name == "lead");
  REQUIRE(funnel.stage_field);
  CHECK(funnel.stage_field->name == "lifecycle_stage");
  REQUIRE(funnel.qualify_with.size() == 2);
  CHECK(funnel.qualify_with[1].name == "MEDDIC");
  REQUIRE(funnel.lets.size() == 1);
  CHECK(sexpr(*funnel.lets[0].value) ==
        "(and (>= company.employees 50) (in company.industry target_industries))");

  REQUIRE(funnel.stages.size() == 11);
  const char* names[] = {"Anonymous", "Known", "Responded", "MQL", "SAL", "SQL",
                         "Opportunity", "Won", "Lost", "Disqualified", "Recycled"};
  for (std::size_t i = 0; i < 11; ++i) CHECK(funnel.stages[i].name.name == names[i]);
  const auto& anonymous = funnel.stages[0];
  CHECK(anonymous.display == "Anonymous visitor");
  CHECK(anonymous.description == "Web activity is tracked, identity is not yet known.");
  CHECK(anonymous.entry == nullptr);
  const auto& mql = funnel.stages[3];
  CHECK(mql.owner->name == "sdr");
  CHECK(sexpr(*mql.entry) ==
        "(or (and (>= lead_score 100) icp_fit) (any m buying_group (> m.lead_score 100)))");
  CHECK(sexpr(*mql.exit) == "meeting_scheduled");
  CHECK(mql.sla.kind == ast::SlaKind::duration);
  CHECK(mql.sla.duration_ms == 2 * kDay);
  CHECK(slice(*p, mql.sla.span) == "sla 2d");
  CHECK(sexpr(*funnel.stages[5].entry) == "(and meeting_held sales_sees_potential)");
  CHECK(sexpr(*funnel.stages[6].entry) == "(and meeting_held (passes BANT))");

  const auto& won = funnel.stages[7];
  CHECK(won.kind == ast::StageKind::terminal);
  CHECK(slice(*p, won.close_span) == "}");
  REQUIRE(won.on_enter.size() == 2);
  const auto& emit = won.on_enter[0];
  CHECK(emit.kind == ast::ActionKind::emit);
  CHECK(emit.target.name == "renewal_opportunity");
  REQUIRE(emit.keys.size() == 3);
  CHECK(emit.keys[1].name == "close_date");
  CHECK(sexpr(*emit.values[1]) == "add_months(close_date (?? contract_months 12))");
  const auto& notify = won.on_enter[1];
  CHECK(notify.kind == ast::ActionKind::notify);
  CHECK(notify.team == "customer_success");
  CHECK(notify.message == "Deal won: hand-off to onboarding");
  CHECK(funnel.stages[9].kind == ast::StageKind::side);
  CHECK(funnel.stages[1].kind == ast::StageKind::main);

  REQUIRE(funnel.transitions.size() == 3);
  CHECK(funnel.transitions[0].label == "competitor");
  CHECK(funnel.transitions[0].from_any);
  CHECK(funnel.transitions[0].target.name == "Disqualified");
  const auto& quiet = funnel.transitions[1];
  CHECK_FALSE(quiet.from_any);
  REQUIRE(quiet.sources.size() == 2);
  CHECK(quiet.sources[1].name == "Opportunity");
  CHECK(sexpr(*quiet.when) == "(> days_since(last_activity_at) 90)");

  const auto& test = f.tests.at(0);
  CHECK(test.name == "100 points and an ICP fit make an MQL");
  CHECK(test.as_of == std::int64_t{20468} * kDay);  // 2026-01-15
  REQUIRE(test.given);
  CHECK(test.given->keys.size() == 7);
  CHECK(sexpr(*test.given->args[5]) == "[]");
  REQUIRE(test.expects.size() == 2);
  CHECK(sexpr(*test.expects[0].condition) == R"((== stage "MQL"))");
  CHECK(sexpr(*test.expects[1].condition) == "(== BANT.score 0)");
}

TEST_CASE("the qualification snippets of language.md §5 parse") {
  auto p = parse_text(R"(
qualification BANT "Budget, Authority, Need, Timeline" {
  criterion budget    "Budget confirmed"  : budget_confirmed or amount > 0
  criterion authority "Decision maker"    : contact_role in ["decision_maker", "economic_buyer"]
  criterion need                          : need_identified
  criterion timeline                      : timeline_days <= 90
  pass when at least 3
}

qualification MEDDIC {
  criterion metrics           weight 20 : metrics_defined
  criterion economic_buyer    weight 20 : economic_buyer is set
  criterion decision_criteria weight 15 : decision_criteria is set
  criterion decision_process  weight 15 : decision_process is set
  criterion identify_pain     weight 15 : len(pain_points) >= 1
  criterion champion          weight 15 : champion is set
  pass when score >= 70
}
qualification Custom { criterion a : x  criterion b : y  pass when a and not b }
qualification Every { criterion a : x  pass when all }
)");
  INFO(p->rendered());
  REQUIRE_FALSE(p->diags.has_errors());
  const auto& q = p->file->qualifications;
  REQUIRE(q.size() == 4);
  CHECK(q[0].label == "Budget, Authority, Need, Timeline");
  REQUIRE(q[0].criteria.size() == 4);
  CHECK(q[0].criteria[1].label == "Decision maker");
  CHECK(q[0].criteria[2].label == std::nullopt);
  CHECK(sexpr(*q[0].criteria[1].condition) == R"((in contact_role ["decision_maker" "economic_buyer"]))");
  CHECK(q[0].rule == ast::PassRule::at_least);
  CHECK(q[0].threshold == 3);
  CHECK(q[0].has_pass);
  CHECK(q[1].criteria[0].weight == 20);
  CHECK(q[1].criteria[0].has_weight);
  CHECK(sexpr(*q[1].criteria[4].condition) == "(>= len(pain_points) 1)");
  CHECK(q[1].rule == ast::PassRule::score);
  CHECK(q[1].threshold == 70);
  CHECK(q[2].rule == ast::PassRule::expr);
  CHECK(sexpr(*q[2].pass_expr) == "(and a (not b))");
  CHECK(q[3].rule == ast::PassRule::all);
  CHECK(q[3].criteria[0].weight == 1);
}

TEST_CASE("calendars and business-time SLAs of language.md §4 parse") {
  auto p = parse_text(R"(
calendar emea {
  timezone "Europe/Warsaw"
  working days mon..fri  hours 09:00..17:00
  holidays [2026-12-24, 2026-12-25, 2026-12-26, 2027-01-01]
}
calendar gulf { working days sun..thu hours 08:30..24:00 }
calendar weekend { working days sat, sun }
funnel f for lead {
  stage MQL { sla 2 business days in emea }
  stage SAL { sla 16 business hours in emea }
  let overdue = business_days_between(mql_entered_at, now, emea) > 2
}
)");
  INFO(p->rendered());
  REQUIRE_FALSE(p->diags.has_errors());
  const auto& c = p->file->calendars;
  REQUIRE(c.size() == 3);
  CHECK(c[0].timezone == "Europe/Warsaw");
  CHECK(c[0].working_days == 0x1F);
  CHECK(c[0].start_minute == 540);
  CHECK(c[0].end_minute == 1020);
  REQUIRE(c[0].holidays.size() == 4);
  CHECK(c[0].holidays[3] == std::int64_t{20819} * kDay);  // 2027-01-01
  CHECK(c[1].working_days == 0b1001111);                  // sun, mon..thu
  CHECK(c[1].start_minute == 510);
  CHECK(c[1].end_minute == 1440);
  CHECK(c[2].working_days == 0b1100000);
  const auto& stages = p->file->funnels.at(0).stages;
  CHECK(stages[0].sla.kind == ast::SlaKind::business_days);
  CHECK(stages[0].sla.amount == 2);
  CHECK(stages[0].sla.calendar.name == "emea");
  CHECK(stages[1].sla.kind == ast::SlaKind::business_hours);
  CHECK(stages[1].sla.amount == 16);
  CHECK(sexpr(*p->file->funnels[0].lets[0].value) == "(> business_days_between(mql_entered_at now emea) 2)");
}

TEST_CASE("funnel items of language.md §6 parse") {
  auto p = parse_text(R"(
funnel renewal for opportunity {
  applies when type == "renewal"
  stage Open { on exit { stamp closed_at  set reason = "moved" } }
  stage Closed terminal { on enter { emit closed } }
  transition Open -> Closed when amount == 0 { set amount = 1  notify "ops" "zero amount" }
}
)");
  INFO(p->rendered());
  REQUIRE_FALSE(p->diags.has_errors());
  const auto& f = p->file->funnels.at(0);
  CHECK(sexpr(*f.applies) == R"((== type "renewal"))");
  const auto& open = f.stages.at(0);
  REQUIRE(open.on_exit.size() == 2);
  CHECK(open.on_enter.empty());
  CHECK(open.on_exit[0].kind == ast::ActionKind::stamp);
  CHECK(open.on_exit[0].target.name == "closed_at");
  CHECK(open.on_exit[1].kind == ast::ActionKind::set);
  CHECK(sexpr(*open.on_exit[1].value) == R"("moved")");
  CHECK(f.stages.at(1).on_enter.at(0).keys.empty());
  const auto& t = f.transitions.at(0);
  CHECK_FALSE(t.label);
  REQUIRE(t.actions.size() == 2);
  CHECK(t.actions[1].team == "ops");
}

TEST_CASE("test items of language.md §7 parse") {
  auto p = parse_text(R"(
test "NAME" {
  funnel lead_to_revenue  as of 2026-01-15T10:30:00+02:00
  given file "fixtures/x.json"
  expect stage == "MQL"
  expect passes BANT
  expect event renewal_opportunity with { amount: 12000 }
  expect event sla_breached
  expect error "division by zero"
  expect event == "x"
}
)");
  INFO(p->rendered());
  REQUIRE_FALSE(p->diags.has_errors());
  const auto& t = p->file->tests.at(0);
  CHECK(t.funnel->name == "lead_to_revenue");
  CHECK(t.as_of == std::int64_t{20468} * kDay + (8 * 60 + 30) * 60'000);
  CHECK(t.given_file == "fixtures/x.json");
  CHECK_FALSE(t.given);
  REQUIRE(t.expects.size() == 6);
  CHECK(sexpr(*t.expects[1].condition) == "(passes BANT)");
  CHECK(t.expects[2].kind == ast::ExpectKind::event);
  CHECK(t.expects[2].event.name == "renewal_opportunity");
  CHECK(sexpr(*t.expects[2].with) == "{amount:12000}");
  CHECK(t.expects[3].with == nullptr);
  CHECK(t.expects[4].kind == ast::ExpectKind::error);
  CHECK(t.expects[4].error == "division by zero");
  // `event` is an ordinary name when no event name follows.
  CHECK(t.expects[5].kind == ast::ExpectKind::condition);
  CHECK(slice(*p, t.expects[4].span) == R"(expect error "division by zero")");
}

TEST_CASE("precedence follows the table of language.md §4") {
  CHECK(expr("a or b and c") == "(or a (and b c))");
  CHECK(expr("a and b or c") == "(or (and a b) c)");
  CHECK(expr("x ?? 1 + 2") == "(?? x (+ 1 2))");
  CHECK(expr("not a == b") == "(not (== a b))");
  CHECK(expr("not not a") == "(not (not a))");
  CHECK(expr("a - b - c") == "(- (- a b) c)");
  CHECK(expr("a + b * c % d") == "(+ a (% (* b c) d))");
  CHECK(expr("-a.b * 2") == "(* (neg a.b) 2)");
  CHECK(expr("- -a") == "(neg (neg a))");
  CHECK(expr("a ?? b ?? c") == "(?? (?? a b) c)");
  CHECK(expr("a + b == c ?? d") == "(== (+ a b) (?? c d))");
  CHECK(expr("x not in [1, 2,]") == "(not in x [1 2])");
  CHECK(expr("x is not set or y is set") == "(or (is-not-set x) (is-set y))");
  CHECK(expr("x between 1 and 5 and y") == "(and (between x 1 5) y)");
  CHECK(expr("t starts with \"a\" and t ends with \"b\"") == R"((and (starts with t "a") (ends with t "b")))");
  CHECK(expr("t contains \"a\" or t matches \"^x\"") == R"((or (contains t "a") (matches t "^x")))");
  CHECK(expr("f(a, g(b))(c)") == "error: E0010@1:19");  // no call on a call
  CHECK(expr("f(a, g(b),).c.d") == "f(a g(b)).c.d");
  CHECK(expr("(a or b) and c") == "(and (or a b) c)");
  CHECK(expr("BANT.all and x.count") == "(and BANT.all x.count)");
}

TEST_CASE("quantifiers: the list is at the ?? level, the condition extends right") {
  CHECK(expr("any m in g where m.s > 1 and m.t") == "(any m g (and (> m.s 1) m.t))");
  CHECK(expr("(any m in g where m.s > 1) and ok") == "(and (any m g (> m.s 1)) ok)");
  CHECK(expr("count m in a ?? b where m") == "(count m (?? a b) m)");
  CHECK(expr("all x in xs where any y in x.ys where y == 1") == "(all x xs (any y x.ys (== y 1)))");
  CHECK(expr("len(xs) > 0 and all x in xs where x") == "(and (> len(xs) 0) (all x xs x))");
}

TEST_CASE("literals: numbers, texts, dates and durations") {
  CHECK(expr("42") == "42");
  CHECK(expr("3.5") == "3.5");
  CHECK(expr("9223372036854775807") == "9223372036854775807");
  CHECK(expr(R"("a\"b\\c\n\t\u{41}\u{1F600}")") == "\"a\"b\\c\n\tA\U0001F600\"");
  CHECK(expr("2025-01-06") == "date:1736121600000");
  CHECK(expr("2025-01-06T09:22:00Z") == "date:1736155320000");
  CHECK(expr("2025-01-06T09:22:00.250+02:00") == "date:1736148120250");
  CHECK(expr("2024-02-29T23:59") == "date:1709251140000");
  CHECK(expr("1970-01-01") == "date:0");
  CHECK(expr("90d") == "ms:7776000000");
  CHECK(expr("2w") == "ms:1209600000");
  CHECK(expr("12h") == "ms:43200000");
  CHECK(expr("30min") == "ms:1800000");
  CHECK(expr("45s") == "ms:45000");
  CHECK(expr("1.5h") == "ms:5400000");
  CHECK(expr("250ms") == "ms:250");
  CHECK(expr("today - 2025-01-06 > 2d") == "(> (- today date:1736121600000) ms:172800000)");
  CHECK(expr("[true, false, null, now]") == "[true false null now]");
  CHECK(expr("{ a: 1, count: [2], }") == "{a:1 count:[2]}");
  CHECK(expr("index") == "index");  // `in` + `dex` is a name
}

TEST_CASE("contextual keywords are ordinary names") {
  auto p = parse_text(R"(
record r { owner: text, score: int  stage: text  from: text from "From__c"  key: text key  field: int event: int }
funnel f for r {
  stage field stage
  stage field terminal { entry owner is set and score > 1 and key == from }
}
)");
  INFO(p->rendered());
  REQUIRE_FALSE(p->diags.has_errors());
  const auto& r = p->file->records.at(0);
  REQUIRE(r.fields.size() == 7);
  CHECK(field(r, "from").from == "From__c");
  CHECK(field(r, "key").is_key);
  CHECK_FALSE(field(r, "field").is_key);
  const auto& f = p->file->funnels.at(0);
  CHECK(f.stage_field->name == "stage");
  REQUIRE(f.stages.size() == 1);
  CHECK(f.stages[0].name.name == "field");
  CHECK(f.stages[0].kind == ast::StageKind::terminal);
}

TEST_CASE("spans are byte offsets into the file") {
  auto p = parse_text("let  total = price *  qty # comment\n");
  REQUIRE_FALSE(p->diags.has_errors());
  const auto& let = p->file->lets.at(0);
  CHECK(slice(*p, let.span) == "let  total = price *  qty");
  CHECK(slice(*p, let.name.span) == "total");
  CHECK(slice(*p, let.value->span) == "price *  qty");
  CHECK(slice(*p, let.value->args[1]->span) == "qty");
  CHECK(let.value->span.file == p->id);
}

// ---------------------------------------------------------------- the project's own policies

TEST_CASE("every policy shipped with the project parses without syntax errors") {
  namespace fs = std::filesystem;
  const fs::path root = SLUICE_SOURCE_DIR;
  std::size_t files = 0;
  for (const char* dir : {"stdlib/std", "examples", "tests/golden/parse_ok", "tests/golden/diagnostics"}) {
    if (!fs::exists(root / dir)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(root / dir)) {
      const auto name = entry.path().filename().string();
      if (entry.path().extension() != ".funnel" || name.rfind("E00", 0) == 0) continue;  // E00xx: syntax goldens
      std::ifstream in(entry.path(), std::ios::binary);
      const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      auto p = parse_text(text);
      INFO(entry.path().string() << "\n" << p->rendered());
      CHECK_FALSE(p->diags.has_errors());
      ++files;
    }
  }
  CHECK(files >= 2);  // at least the standard library
}

TEST_CASE("CRLF line endings and a byte-order mark are accepted") {
  auto p = parse_text("\xEF\xBB\xBFpolicy \"p\" version \"1\"\r\n# comment\r\nlet x = a <\r\n  b\r\nlet y = \"t\"\r\n");
  INFO(p->rendered());
  CHECK_FALSE(p->diags.has_errors());
  REQUIRE(p->file->lets.size() == 2);
  CHECK(sexpr(*p->file->lets[0].value) == "(< a b)");
  CHECK(p->file->lets[1].value->text == "t");
}

TEST_CASE("ast::clone makes an independent deep copy with spans and annotations") {
  auto p = parse_text("let x = any m in g where f(m.a, [1, {k: \"v\"}]) ?? -2d between 1 and 2\n");
  REQUIRE_FALSE(p->diags.has_errors());
  const ast::Expr& original = *p->file->lets.at(0).value;
  const_cast<ast::Expr&>(original).ref.kind = ast::RefKind::let;
  auto copy = ast::clone(original);
  CHECK(sexpr(*copy) == sexpr(original));
  CHECK(copy->span.begin == original.span.begin);
  CHECK(copy->span.end == original.span.end);
  CHECK(copy->ref.kind == ast::RefKind::let);
  CHECK(copy->args[0].get() != original.args[0].get());
  copy->args[1]->args[0]->ident.name = "changed";
  CHECK(sexpr(original).find("changed") == std::string::npos);
}
