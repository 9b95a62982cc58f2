// runtime/explain: what `sluice explain` tells a person about one record.
#include "eval_test_support.hpp"

#include <fstream>
#include <limits>
#include <sstream>

#include "runtime/explain.hpp"
#include "runtime/format_value.hpp"
#include "runtime/reader.hpp"

using namespace sluice;
using namespace sluice::test;
using rt::Truth;

namespace {

const char* kPolicy = R"(policy "t" version "1.0.0"
qualification Fit {
  criterion sized : employees >= 50
  criterion named : email is set
  pass when all
}
record lead {
  id: text key
  email: text?
  score: int?
  employees: int?
  meeting: bool = false
  quiet_days: int = 0
  stage: text?
}
funnel f for lead {
  stage field stage
  qualify with Fit
  stage Known { entry email is set }
  stage Responded { entry email is set and score >= 10 }
  stage MQL { entry score >= 100  exit meeting and employees >= 50  sla 2d }
  stage SAL { entry meeting }
  stage Recycled side { }
  transition "quiet" SAL -> Recycled when quiet_days > 90
  transition "back" Recycled -> MQL when score >= 100 and meeting
}
)";

struct Explained {
  std::unique_ptr<rt::LoadedProgram> p = build(kPolicy);
  rt::Evaluator ev{*p};
  rt::EvalResult out;
  rt::Explanation run(const Rec& r, const char* as_of = "2026-01-15") {
    ev.evaluate(r.data(), -1, ms(as_of), out);
    return rt::explain(ev, out);
  }
};

}  // namespace

TEST_CASE("one condition short of the next stage: that condition and its value are named", "[explain]") {
  Explained x;
  Rec r(*x.p);
  r.text("id", "L-1").text("stage", "Known").text("email", "a@b.co").integer("score", 8);
  rt::Explanation e = x.run(r);
  CHECK(e.key == "L-1");
  CHECK(e.stage == "Known");
  CHECK(e.rule == "no further stage's entry holds, so it stays in Known");
  REQUIRE(e.next.size() == 1);
  const rt::ConditionExplanation& next = e.next[0];
  CHECK(next.stage == "Responded");
  CHECK(next.kind == "entry");
  CHECK(next.holds == Truth::false_);
  REQUIRE(next.terms.size() == 2);
  CHECK(next.terms[0].text == "email is set");
  CHECK(next.terms[0].holds == Truth::true_);
  CHECK(next.terms[1].text == "score >= 10");
  CHECK(next.terms[1].holds == Truth::false_);
  CHECK(next.terms[1].detail == "score = 8, needs >= 10");

  std::string text = rt::to_text(e);
  CHECK_THAT(text, Catch::Contains("L-1: Known (stays)"));
  CHECK_THAT(text, Catch::Contains("- score >= 10: score = 8, needs >= 10"));
  CHECK_THAT(text, Catch::Contains("+ email is set"));

  nlohmann::json j = rt::to_json(e);
  CHECK(j["next"]["stage"] == "Responded");
  CHECK(j["next"]["terms"][1]["holds"] == "false");
  CHECK(j["next"]["terms"][1]["detail"] == "score = 8, needs >= 10");
}

TEST_CASE("an unset value is named as not set", "[explain]") {
  Explained x;
  Rec r(*x.p);
  r.text("id", "L-2").text("stage", "Known").text("email", "a@b.co");
  rt::Explanation e = x.run(r);
  REQUIRE(e.next.size() == 1);
  CHECK(e.next[0].holds == Truth::unset);
  CHECK(e.next[0].terms[1].holds == Truth::unset);
  CHECK(e.next[0].terms[1].detail == "score is not set, needs >= 10");
}

TEST_CASE("the current stage's exit terms, the qualification's missing criteria, the SLA", "[explain]") {
  Explained x;
  Rec r(*x.p);
  r.text("id", "L-3").text("stage", "MQL").text("email", "a@b.co").integer("score", 120).integer("employees", 20)
      .boolean("meeting", true).date("mql_entered_at", "2026-01-10");
  rt::Explanation e = x.run(r);
  CHECK(e.stage == "MQL");
  CHECK(e.rule == "exit of MQL (`meeting and employees >= 50`) is false, so it stays (entry of SAL holds)");
  REQUIRE(e.exit.size() == 1);
  REQUIRE(e.exit[0].terms.size() == 2);
  CHECK(e.exit[0].terms[0].holds == Truth::true_);
  CHECK(e.exit[0].terms[1].detail == "employees = 20, needs >= 50");
  REQUIRE(e.qualifications.size() == 1);
  CHECK(e.qualifications[0].name == "Fit");
  CHECK(e.qualifications[0].passed == Truth::false_);
  CHECK(e.qualifications[0].met == std::vector<std::string>{"named"});
  CHECK(e.qualifications[0].missing == std::vector<std::string>{"sized"});
  REQUIRE(e.sla.size() == 1);
  CHECK(e.sla[0].state == "breached");
  CHECK(e.sla[0].limit == "2d");

  std::string text = rt::to_text(e);
  CHECK_THAT(text, Catch::Contains("Fit: not passed, score 1, missing sized"));
  CHECK_THAT(text, Catch::Contains("SLA of MQL (2d): breached, due 2026-01-12T00:00:00Z, overdue 3d"));
  nlohmann::json j = rt::to_json(e);
  CHECK(j["sla"]["overdue"] == "3d");
  CHECK(j["qualifications"]["Fit"]["missing"] == nlohmann::json::array({"sized"}));
}

TEST_CASE("the rule for moves, placements, transitions and unstaged records", "[explain]") {
  Explained x;
  Rec moved(*x.p);
  moved.text("stage", "Known").text("email", "a@b.co").integer("score", 100);
  rt::Explanation e = x.run(moved);
  CHECK(e.rule == "entry of MQL held (passing Responded)");
  CHECK(e.moved);
  CHECK(e.entered == std::vector<std::string>{"Responded", "MQL"});
  CHECK_THAT(rt::to_text(e), Catch::Contains("record: MQL (from Known; entered Responded, MQL)"));

  Rec placed(*x.p);
  placed.text("email", "a@b.co");
  CHECK(x.run(placed).rule == "entry of Known held (the most advanced stage whose entry holds; it had no stage)");

  Rec quiet(*x.p);
  quiet.text("stage", "SAL").integer("quiet_days", 100);
  CHECK(x.run(quiet).rule == "transition `quiet` (SAL -> Recycled) fired: `quiet_days > 90` holds");

  Rec side(*x.p);  // a side stage shows the transitions that could take it out
  side.text("stage", "Recycled").integer("score", 120);
  e = x.run(side);
  CHECK(e.rule == "Recycled is a side stage and no transition from it fired, so it stays");
  CHECK(e.next.empty());
  REQUIRE(e.transitions.size() == 1);
  CHECK(e.transitions[0].label == "back");
  CHECK(e.transitions[0].stage == "MQL");
  CHECK(e.transitions[0].terms.at(1).text == "meeting");
  CHECK(e.transitions[0].terms.at(1).holds == Truth::false_);

  Rec nobody(*x.p);
  e = x.run(nobody);
  CHECK(e.stage.empty());
  CHECK(e.rule == "no stage's entry holds; nearest: Known needs `email is set`");
  REQUIRE(e.next.size() == 1);  // the nearest stage's entry
  CHECK(e.next[0].stage == "Known");
  CHECK(rt::to_json(e)["stage"].is_null());
}

TEST_CASE("an error record explains only its error", "[explain]") {
  Explained x;
  Rec r(*x.p);
  r.text("id", "L-9").text("stage", "Nope");
  rt::Explanation e = x.run(r);
  CHECK(e.error);
  CHECK(e.error_code == "E_DATA_STAGE");
  CHECK(rt::to_text(e) == "L-9: error E_DATA_STAGE: stage: unknown stage `Nope` in funnel `f`\n");
  nlohmann::json j = rt::to_json(e);
  CHECK(j["error"]["code"] == "E_DATA_STAGE");
}

TEST_CASE("values as JSON and as text", "[format]") {
  using rt::append_value_json;
  using rt::value_to_json;
  using rt::value_to_text;
  auto json = [](const Value& v, rt::ValueShape shape = {}) {
    std::string s;
    append_value_json(s, v, shape);
    CHECK(nlohmann::json::parse(s) == value_to_json(v, shape));  // the two writers agree
    return s;
  };
  CHECK(json(Value::unset()) == "null");
  CHECK(value_to_text(Value::unset()) == "not set");
  CHECK(json(Value::boolean(true)) == "true");
  CHECK(json(Value::integer(-42)) == "-42");
  CHECK(json(Value::number(3)) == "3.0");
  CHECK(json(Value::number(0.1)) == "0.1");
  CHECK(value_to_text(Value::number(2.5)) == "2.5");
  CHECK(json(Value::date(ms("2026-01-15"))) == "\"2026-01-15T00:00:00Z\"");
  CHECK(value_to_text(Value::date(ms("2026-01-15T10:00:00.250Z"))) == "2026-01-15T10:00:00.250Z");
  CHECK(json(Value::duration(2 * rt::kMsPerDay + 3 * rt::kMsPerHour)) == "\"2d3h\"");
  CHECK(value_to_text(Value::duration(90 * rt::kMsPerDay)) == "90d");
  // Quotes, backslashes and control characters are escaped; UTF-8 is kept.
  CHECK(json(Value::text("a\"b\\c\n\x01 zł")) == "\"a\\\"b\\\\c\\n\\u0001 zł\"");
  CHECK(value_to_text(Value::text("CTO")) == "\"CTO\"");

  Value items[] = {Value::integer(1), Value::unset(), Value::integer(3)};
  CHECK(json(Value::list(items, 3)) == "[1,null,3]");
  CHECK(value_to_text(Value::list(items, 3)) == "[1, not set, 3]");
  CHECK(json(Value::list(nullptr, 0)) == "[]");
  std::vector<Value> many(25, Value::integer(7));
  CHECK(value_to_text(Value::list(many.data(), 25)) == "[7, 7, 7, 7, 7, 7, 7, 7, 7, 7, ... (15 more)]");
}

TEST_CASE("lists of objects are written with their field names", "[format]") {
  auto p = build(R"(policy "t" version "1"
record lead { id: text key  group: list<{ name: text, score: int?, home: { city: text? }? }>  stage: text? }
funnel f for lead { stage field stage  stage Known { } }
)");
  Rec r(*p);
  std::int32_t group = slot_of(*p, "group");
  rt::ValueShape shape = rt::shape_of_slot(p->ir, p->ir.records[0].layout, group);
  REQUIRE(shape.element_layout >= 0);
  const auto& element = p->ir.layouts[static_cast<std::size_t>(shape.element_layout)];
  // Build the rows in element-layout order, whatever it is.
  auto row = [&](const char* name, Value score, const char* city) {
    std::vector<Value> v(element.slots.size());
    for (std::size_t f = 0; f < element.slots.size(); ++f) {
      const std::string& path = element.slots[f].path;
      if (path == "name") v[f] = Value::text(r.keep(name));
      else if (path == "score") v[f] = score;
      else if (path == "home" && city) v[f] = Value::object_present();
      else if (path == "home.city" && city) v[f] = Value::text(r.keep(city));
    }
    return v;
  };
  r.objects("group", {row("Ann", Value::integer(120), "Oslo"), row("Bo", Value::unset(), nullptr)});
  const Value& list = r.data()[group];
  std::string s;
  rt::append_value_json(s, list, shape);
  CHECK(nlohmann::json::parse(s) == nlohmann::json::parse(
                                        R"([{"name":"Ann","score":120,"home":{"city":"Oslo"}},
                                            {"name":"Bo","score":null,"home":null}])"));
  CHECK(rt::value_to_json(list, shape) == nlohmann::json::parse(s));
  CHECK(rt::value_to_text(list, shape) ==
        R"([{ name: "Ann", score: 120, home: { city: "Oslo" } }, { name: "Bo", score: not set, home: not set }])");
  // Without the layout, each element is the array of its field values.
  CHECK(rt::value_to_json(list).size() == 2);
  CHECK(rt::value_to_json(list)[0].is_array());
}

namespace {

// The bytes `eval --explain` wrote before the direct serializer.
std::string nlohmann_text(const rt::Explanation& e) {
  return rt::to_json(e).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string file_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("the direct JSON equals to_json's dump on every example record", "[explain][json]") {
  const char* examples[] = {"bant-vs-meddic", "classic-waterfall", "hourglass", "lead-to-revenue", "lifecycle",
                            "revenue-waterfall"};
  long explained = 0;
  for (const char* name : examples) {
    const std::string dir = std::string(SLUICE_SOURCE_DIR) + "/examples/" + name;
    std::string error;
    auto program = rt::load_program(dir + "/policy.funnel", error);
    REQUIRE(program != nullptr);
    std::string as_of = file_text(dir + "/as-of");
    while (!as_of.empty() && (as_of.back() == '\n' || as_of.back() == ' ')) as_of.pop_back();
    std::ifstream in(dir + "/records.ndjson", std::ios::binary);
    REQUIRE(in);
    const std::int32_t record = program->ir.funnels[0].record;
    auto reader = rt::make_reader(rt::InputFormat::ndjson, in, program->ir, record);
    rt::Evaluator ev(*program, record);
    rt::EvalResult result;
    rt::RecordIn rec;
    rt::Explanation reused;  // as `eval --explain` keeps it from record to record
    while (reader->next(rec)) {
      if (rec.error) continue;
      ev.evaluate(rec.slots, -1, ms(as_of.c_str()), result);
      rt::explain_into(ev, result, reused);
      const std::string direct = rt::explain_json(reused);
      INFO(name << " line " << rec.line);
      CHECK(direct == nlohmann_text(reused));
      CHECK(direct == nlohmann_text(rt::explain(ev, result)));  // reuse leaves nothing behind
      ++explained;
    }
  }
  CHECK(explained > 50);
}

TEST_CASE("the direct JSON escapes texts and writes numbers as nlohmann does", "[explain][json]") {
  std::string controls;
  for (int c = 0; c < 0x20; ++c) controls += static_cast<char>(c);
  controls += "\x7f\"\\/";
  const std::string invalid[] = {"\xff", "a\xc3", "\xed\xa0\x80 surrogate", "\xc0\xaf overlong", "\xf4\x90\x80\x80",
                                 "ok \xe2\x82 cut", "\x80\x80"};
  rt::Explanation e;
  CHECK(rt::explain_json(e) == nlohmann_text(e));  // empty lists, empty strings as null
  e.funnel = controls;
  e.stage = "zł € 𝄞";
  e.from = "quote \" and backslash \\";
  e.moved = true;
  e.entered = {"", controls, "日本"};
  e.rule = "tab\there\r\n";
  rt::ConditionExplanation c;
  c.stage = "MQL";
  c.kind = "when";
  c.label = "la\bbel\f";
  c.holds = Truth::error;
  c.terms.push_back({"a >= 1", Truth::unset, ""});
  c.terms.push_back({"b", Truth::false_, "b = \"x\", needs 1"});
  e.next.push_back(c);
  e.exit.push_back(c);
  e.transitions = {c, c};
  e.transitions[1].label.clear();
  e.transitions[1].terms.clear();
  rt::QualificationExplanation q;
  q.name = "Zeta";
  q.passed = Truth::true_;
  q.score = std::numeric_limits<std::int64_t>::min();
  q.met = {"a", controls};
  e.qualifications.push_back(q);
  q.name = "Alpha";
  q.score = std::numeric_limits<std::int64_t>::max();
  q.met.clear();
  q.missing = {"m"};
  e.qualifications.push_back(q);
  q.name = "Zeta";  // a repeated name: the later one stands, as in to_json
  q.score = -7;
  e.qualifications.push_back(q);
  q.name = "\xc3\xa9";
  e.qualifications.push_back(q);
  e.sla.push_back({"breached", "MQL", "2 business days in emea", ms("2026-01-15T10:00:00.250Z"), 3 * rt::kMsPerDay});
  CHECK(rt::explain_json(e) == nlohmann_text(e));
  for (const char* state : {"ok", "unknown"}) {
    e.sla.front().state = state;
    e.sla.front().due_ms = -1;
    CHECK(rt::explain_json(e) == nlohmann_text(e));
  }
  for (const std::string& bad : invalid) {  // nlohmann's U+FFFD replacement, exactly
    INFO(bad);
    e.rule = bad;
    e.entered = {bad, "fine"};
    e.qualifications.front().name = bad;
    CHECK(rt::explain_json(e) == nlohmann_text(e));
  }
  // Every length around the 8-byte steps, with one byte to escape (or a UTF-8
  // sequence, or a stray byte) at every place.
  const std::string specials[] = {"\"", "\\", "\n", std::string(1, '\0'), "\x1f", "\x7f", "\xc5\x82", "\xe2\x82\xac",
                                  "\xf0\x9d\x84\x9e", "\x80"};
  rt::Explanation one;
  for (std::size_t size = 0; size <= 24; ++size) {
    for (std::size_t at = 0; at <= size; ++at) {
      for (const std::string& special : specials) {
        one.rule = std::string(size, 'x');
        one.rule.insert(at, special);
        INFO(one.rule);
        CHECK(rt::explain_json(one) == nlohmann_text(one));
      }
    }
  }
  rt::Explanation error;
  error.error = true;
  error.error_code = "E_DATA";
  error.error_message = "bad \xff value \"x\"";
  error.rule = "ignored";
  CHECK(rt::explain_json(error) == nlohmann_text(error));
}
