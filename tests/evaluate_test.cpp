// The evaluation rules of docs/semantics.md (language.md §6) as executable examples.
#include "eval_test_support.hpp"

#include "runtime/idempotency.hpp"

using namespace sluice;
using namespace sluice::test;
using rt::Outcome;

namespace {

// A small funnel with every kind of stage; each rule below is shown on it.
const char* kFunnel = R"(policy "t" version "1.0.0"
record lead {
  id: text key
  email: text?
  score: int?
  meeting: bool = false
  competitor: bool = false
  quiet_days: int = 0
  won: bool = false
  lost: bool = false
  stage: text?
}
funnel f for lead {
  stage field stage
  stage Known { entry email is set }
  stage Responded { entry email is set and score >= 10 }
  stage MQL { entry score >= 100  exit meeting  sla 2d }
  stage SAL { entry meeting }
  stage Won terminal { entry won }
  stage Lost terminal { entry lost }
  stage Disqualified side { }
  stage Recycled side { }
  transition "competitor" any -> Disqualified when competitor
  transition "quiet" SAL -> Recycled when quiet_days > 90
  transition "back" Recycled -> MQL when score >= 100
}
)";


}  // namespace

TEST_CASE("transitions: the first that matches fires, and only one", "[transition]") {
  Run run(kFunnel);
  Rec r(*run.p);
  r.text("id", "L-1").text("stage", "SAL").boolean("competitor", true).integer("quiet_days", 120);
  run.eval(r);
  REQUIRE_FALSE(run.out.error);
  CHECK(run.stage() == "Disqualified");
  CHECK(run.from() == "SAL");
  CHECK(run.out.transition == 0);
  CHECK(run.out.outcome == Outcome::transition);
  CHECK(entered(*run.p, run.out) == std::vector<std::string>{"Disqualified"});
  CHECK(run.out.moved);

  Rec quiet(*run.p);
  quiet.text("id", "L-2").text("stage", "SAL").integer("quiet_days", 120).boolean("won", true);
  run.eval(quiet);
  CHECK(run.stage() == "Recycled");  // a transition wins over the main-path advance to Won
  CHECK(run.out.transition == 1);
}

TEST_CASE("transitions: `any` is every non-terminal stage, and no stage yet", "[transition]") {
  Run run(kFunnel);
  Rec known(*run.p);
  known.text("stage", "Known").text("email", "a@b.co").boolean("competitor", true);
  run.eval(known);
  CHECK(run.stage() == "Disqualified");

  Rec recycled(*run.p);  // side stages are non-terminal too
  recycled.text("stage", "Recycled").boolean("competitor", true);
  run.eval(recycled);
  CHECK(run.stage() == "Disqualified");

  Rec fresh(*run.p);  // no current stage: `any` matches, the transition wins over placement
  fresh.text("email", "a@b.co").boolean("competitor", true);
  run.eval(fresh);
  CHECK(run.stage() == "Disqualified");
  CHECK(run.out.transition == 0);
  CHECK(run.out.outcome == Outcome::transition);
  CHECK(run.out.from == -1);
  REQUIRE(run.out.entered.size() == 1);

  Rec fresh_listed(*run.p);  // a source list never matches a record with no stage
  fresh_listed.text("email", "a@b.co").integer("quiet_days", 200);  // "quiet" would fire from SAL
  run.eval(fresh_listed);
  CHECK(run.stage() == "Known");
  CHECK(run.out.transition == -1);
  CHECK(run.out.outcome == Outcome::placed);

  Rec already(*run.p);  // a transition into the current stage does not match
  already.text("stage", "Disqualified").boolean("competitor", true);
  run.eval(already);
  CHECK(run.stage() == "Disqualified");
  CHECK_FALSE(run.out.moved);
  CHECK(run.out.sets.empty());
  CHECK(run.out.outcome == Outcome::stayed_side);
}

TEST_CASE("forward-only: a record never moves backwards", "[advance]") {
  Run run(kFunnel);
  Rec r(*run.p);  // in SAL, but only Known's entry holds now
  r.text("stage", "SAL").text("email", "a@b.co").integer("score", 1);
  run.eval(r);
  CHECK(run.stage() == "SAL");
  CHECK_FALSE(run.out.moved);
  CHECK(run.out.entered.empty());
  CHECK(run.out.sets.empty());
  CHECK(run.out.outcome == Outcome::stayed_no_further);
}

TEST_CASE("exit gating: a further entry holds but the exit does not", "[advance]") {
  Run run(kFunnel);
  Rec r(*run.p);
  r.text("stage", "MQL").text("email", "a@b.co").integer("score", 150).boolean("won", true);
  run.eval(r);
  CHECK(run.stage() == "MQL");
  CHECK(run.out.outcome == Outcome::stayed_exit);
  CHECK(stage_name(*run.p, run.out, run.out.candidate) == "Won");

  r.boolean("meeting", true);
  run.eval(r);
  CHECK(run.stage() == "Won");  // the most advanced entry that holds: Won, past SAL
  CHECK(entered(*run.p, run.out) == std::vector<std::string>{"SAL", "Won"});
}

TEST_CASE("pass-over: a move stamps every main stage between C and M", "[enter]") {
  Run run(kFunnel);
  Rec r(*run.p);
  r.text("id", "L-1").text("stage", "Known").text("email", "a@b.co").integer("score", 100);
  run.eval(r);
  REQUIRE_FALSE(run.out.error);
  CHECK(run.stage() == "MQL");
  CHECK(run.from() == "Known");
  CHECK(run.out.outcome == Outcome::advanced);
  CHECK(entered(*run.p, run.out) == std::vector<std::string>{"Responded", "MQL"});
  CHECK(set_paths(*run.p, run.out) ==
        std::vector<std::string>{"stage", "responded_entered_at", "mql_entered_at"});
  const Value* stage = find_set(*run.p, run.out, "stage");
  REQUIRE(stage);
  CHECK(stage->as_text() == "MQL");
  CHECK(find_set(*run.p, run.out, "mql_entered_at")->u.i == ms("2026-01-15"));
  CHECK(find_set(*run.p, run.out, "responded_entered_at")->u.i == ms("2026-01-15"));
}

TEST_CASE("pass-over skips terminal stages: SAL -> Lost does not enter Won", "[enter]") {
  Run run(kFunnel);
  Rec r(*run.p);
  r.text("stage", "SAL").boolean("meeting", true).boolean("lost", true);
  run.eval(r);
  CHECK(run.stage() == "Lost");
  CHECK(entered(*run.p, run.out) == std::vector<std::string>{"Lost"});
}

TEST_CASE("placement: with no current stage the record enters M alone", "[enter]") {
  Run run(kFunnel);
  Rec r(*run.p);
  r.text("email", "a@b.co").integer("score", 100);
  run.eval(r);
  CHECK(run.stage() == "MQL");
  CHECK(run.out.from == -1);
  CHECK(run.out.moved);
  CHECK(run.out.outcome == Outcome::placed);
  CHECK(entered(*run.p, run.out) == std::vector<std::string>{"MQL"});
  CHECK(set_paths(*run.p, run.out) == std::vector<std::string>{"stage", "mql_entered_at"});

  Rec empty_stage(*run.p);  // an empty stage field is no stage
  empty_stage.text("stage", "").text("email", "a@b.co");
  run.eval(empty_stage);
  CHECK(run.stage() == "Known");
  CHECK(run.out.outcome == Outcome::placed);
}

TEST_CASE("stamps already set are never overwritten", "[enter]") {
  Run run(kFunnel);
  Rec r(*run.p);
  r.text("stage", "Known").text("email", "a@b.co").integer("score", 100).date("mql_entered_at", "2025-06-01");
  run.eval(r);
  CHECK(run.stage() == "MQL");
  CHECK(set_paths(*run.p, run.out) == std::vector<std::string>{"stage", "responded_entered_at"});
}

TEST_CASE("a side stage stays until a transition moves it; then it enters only the target", "[side]") {
  Run run(kFunnel);
  Rec r(*run.p);
  r.text("stage", "Recycled").text("email", "a@b.co").integer("score", 50).boolean("meeting", true);
  run.eval(r);
  CHECK(run.stage() == "Recycled");
  CHECK(run.out.outcome == Outcome::stayed_side);

  r.integer("score", 100);
  run.eval(r);
  CHECK(run.stage() == "MQL");
  CHECK(run.out.transition == 2);
  CHECK(entered(*run.p, run.out) == std::vector<std::string>{"MQL"});  // no pass-over
  CHECK(set_paths(*run.p, run.out) == std::vector<std::string>{"stage", "mql_entered_at"});
}

TEST_CASE("a terminal stage is never left, not even by a transition", "[terminal]") {
  Run run(kFunnel);
  Rec r(*run.p);
  r.text("stage", "Won").boolean("lost", true).boolean("competitor", true);
  run.eval(r);
  CHECK(run.stage() == "Won");
  CHECK_FALSE(run.out.moved);
  CHECK(run.out.transition == -1);
  CHECK(run.out.sets.empty());
  CHECK(run.out.outcome == Outcome::stayed_terminal);
}

TEST_CASE("unstaged: no stage and no entry holds, with the nearest stage's missing terms", "[unstaged]") {
  Run run(kFunnel);
  Rec r(*run.p);
  r.text("id", "L-9");
  run.eval(r);
  REQUIRE_FALSE(run.out.error);
  CHECK(run.out.stage == -1);
  CHECK_FALSE(run.out.moved);
  CHECK(run.out.outcome == Outcome::unstaged);
  CHECK(run.out.unstaged_reason == "no stage's entry holds; nearest: Known needs `email is set`");
  CHECK(run.out.sets.empty());
}

TEST_CASE("funnels: the first whose `applies` holds, or the one named", "[funnel]") {
  Run run(R"(policy "t" version "1"
record deal { id: text key  kind: text  stage: text? }
funnel renewal for deal {
  applies when kind == "renewal"
  stage field stage
  stage Open { }
}
funnel upsell for deal {
  applies when kind == "upsell"
  stage Open { }
  stage Closed { entry kind == "never" }
}
)");
  Rec renewal(*run.p);
  renewal.text("id", "D-1").text("kind", "renewal");
  run.eval(renewal);
  CHECK(run.out.funnel == 0);
  CHECK(run.stage() == "Open");
  CHECK(set_paths(*run.p, run.out) == std::vector<std::string>{"stage", "open_entered_at"});

  Rec upsell(*run.p);
  upsell.text("id", "D-2").text("kind", "upsell");
  run.eval(upsell);
  CHECK(run.out.funnel == 1);
  // A funnel without a stage field writes no stage field (and has no current stage).
  CHECK(set_paths(*run.p, run.out) == std::vector<std::string>{"open_entered_at"});

  Rec other(*run.p);
  other.text("id", "D-3").text("kind", "cross-sell");
  run.eval(other);
  CHECK_FALSE(run.out.error);
  CHECK(run.out.funnel == -1);
  CHECK(run.out.outcome == Outcome::no_funnel);
  CHECK(run.out.unstaged_reason == "no funnel applies");

  run.eval(other, "2026-01-15", 1);  // named: `applies` is not consulted
  CHECK(run.out.funnel == 1);
  CHECK(run.stage() == "Open");

  run.eval(other, "2026-01-15", 7);
  CHECK(run.out.error);
  CHECK(run.out.error_code == "E_FUNNEL");
}

TEST_CASE("actions run in order: on exit, transition, then stamp and on enter", "[actions]") {
  Run run(R"(policy "t" version "1"
record lead { id: text key  score: int = 0  quiet_days: int = 0  note: text?  touched: date?  stage: text? }
funnel f for lead {
  stage field stage
  stage SAL {
    on exit { emit left_sal { score: score }  set score = 0  notify "sales" "left SAL" }
  }
  stage Recycled side {
    on enter { emit recycled { score: score, stamped: recycled_entered_at }  set note = "recycled" }
  }
  transition "quiet" SAL -> Recycled when quiet_days > 90 {
    emit went_quiet { days: quiet_days }
    stamp touched
    set note = "quiet"
  }
}
)");
  Rec r(*run.p);
  r.text("id", "L-1").text("stage", "SAL").integer("score", 42).integer("quiet_days", 91);
  run.eval(r);
  REQUIRE_FALSE(run.out.error);
  CHECK(run.stage() == "Recycled");
  CHECK(event_names(run.out) == std::vector<std::string>{"left_sal", "went_quiet", "recycled"});
  CHECK(run.out.events[0].stage == 0);   // SAL's on exit
  CHECK(run.out.events[1].stage == -1);  // the transition
  CHECK(run.out.events[2].stage == 1);   // Recycled's on enter
  // A `set` is output only: later reads in the same evaluation see the input.
  CHECK(event_field(run.out.events[2], "score")->u.i == 42);
  // ... and so is a stamp: the on-enter action reads the input's (unset) stamp.
  CHECK_FALSE(event_field(run.out.events[2], "stamped")->is_set());
  // One entry per field, in first-write order; the last write wins.
  CHECK(set_paths(*run.p, run.out) ==
        std::vector<std::string>{"stage", "score", "touched", "note", "recycled_entered_at"});
  CHECK(find_set(*run.p, run.out, "touched")->u.i == ms("2026-01-15"));
  CHECK(find_set(*run.p, run.out, "score")->u.i == 0);
  CHECK(find_set(*run.p, run.out, "note")->as_text() == "recycled");
  REQUIRE(run.out.notifications.size() == 1);
  CHECK(run.out.notifications[0].team == "sales");
  CHECK(run.out.notifications[0].message == "left SAL");
}

TEST_CASE("a renewal emit with add_months has an idempotency key stable across runs", "[actions][idempotency]") {
  const char* source = R"(policy "acme" version "1"
record deal { id: text key  status: text?  close_date: date?  months: int?  amount: number?  stage: text? }
funnel f for deal {
  stage field stage
  stage Open { }
  stage Won terminal {
    entry status == "won"
    on enter {
      emit renewal_opportunity { account: id, close_date: add_months(close_date, months ?? 12), amount: amount }
    }
  }
}
)";
  Run first(source);
  Rec r(*first.p);
  r.text("id", "D-7").text("stage", "Open").text("status", "won").date("close_date", "2026-01-31").integer("months", 1)
      .number("amount", 12000);
  first.eval(r, "2026-02-01T08:00:00Z");
  REQUIRE_FALSE(first.out.error);
  REQUIRE(first.out.events.size() == 1);
  const rt::EventOut& e = first.out.events[0];
  CHECK(e.name == "renewal_opportunity");
  CHECK(event_field(e, "account")->as_text() == "D-7");
  CHECK(event_field(e, "close_date")->u.i == ms("2026-02-28"));  // clamped to the month's end
  CHECK(event_field(e, "amount")->u.n == 12000);

  // The documented layout: FNV-1a 64 of the five fields joined by 0x1F.
  rt::Fnv1a64 h;
  for (const char* part : {"acme", "D-7", "renewal_opportunity", "Won"}) h.field(part);
  h.field(std::to_string(ms("2026-02-01T08:00:00Z")));
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h.value()));
  CHECK(e.idempotency_key == hex);

  // The same batch re-run (another process, same as-of): the same key.
  Run second(source);
  second.eval(r, "2026-02-01T08:00:00Z");
  REQUIRE(second.out.events.size() == 1);
  CHECK(second.out.events[0].idempotency_key == e.idempotency_key);

  // Another record or another entering instant: another key.
  std::string key = e.idempotency_key;
  Rec other(*first.p);
  other.text("id", "D-8").text("stage", "Open").text("status", "won");
  second.eval(other, "2026-02-01T08:00:00Z");
  CHECK(event_field(second.out.events[0], "close_date")->is_set() == false);
  CHECK(second.out.events[0].idempotency_key != key);
  second.eval(r, "2026-02-02T08:00:00Z");
  CHECK(second.out.events[0].idempotency_key != key);
}

TEST_CASE("idempotency key: fields are separated, so shifting bytes changes the key", "[idempotency]") {
  std::string a, b;
  rt::idempotency_key({"p", "ab", "c", "s", 1}, a);
  rt::idempotency_key({"p", "a", "bc", "s", 1}, b);
  CHECK(a.size() == 16);
  CHECK(a != b);
  // FNV-1a of the empty input is the offset basis.
  CHECK(rt::Fnv1a64().value() == 14695981039346656037ull);
}

TEST_CASE("SLA with a duration: ok, breached, unknown, just entered", "[sla]") {
  Run run(kFunnel);
  Rec r(*run.p);
  r.text("id", "L-1").text("stage", "MQL").integer("score", 100).date("mql_entered_at", "2026-01-10T12:00:00Z");

  run.eval(r, "2026-01-11");
  CHECK(run.out.sla.state == rt::SlaState::ok);
  CHECK(stage_name(*run.p, run.out, run.out.sla.stage) == "MQL");
  CHECK(run.out.sla.due_ms == ms("2026-01-12T12:00:00Z"));
  CHECK(run.out.events.empty());

  run.eval(r, "2026-01-12T12:00:00Z");  // exactly at the due instant: not yet breached
  CHECK(run.out.sla.state == rt::SlaState::ok);

  run.eval(r, "2026-01-15T12:00:00Z");
  CHECK(run.out.sla.state == rt::SlaState::breached);
  CHECK(run.out.sla.overdue_ms == 3 * rt::kMsPerDay);
  REQUIRE(run.out.events.size() == 1);
  const rt::EventOut& e = run.out.events[0];
  CHECK(e.name == "sla_breached");
  CHECK(event_field(e, "stage")->as_text() == "MQL");
  CHECK(event_field(e, "due")->u.i == ms("2026-01-12T12:00:00Z"));
  CHECK(event_field(e, "overdue")->u.i == 3 * rt::kMsPerDay);
  // One key per stay: the next day's run reports the same breach under the same key.
  std::string key = e.idempotency_key;
  run.eval(r, "2026-01-16T12:00:00Z");
  CHECK(run.out.events.at(0).idempotency_key == key);

  Rec no_stamp(*run.p);
  no_stamp.text("stage", "MQL").integer("score", 100);
  run.eval(no_stamp);
  CHECK(run.out.sla.state == rt::SlaState::unknown);
  CHECK(run.out.events.empty());

  Rec entering(*run.p);  // enters MQL now: the SLA runs from now, even over an old stamp
  entering.text("stage", "Known").text("email", "a@b.co").integer("score", 100).date("mql_entered_at", "2025-01-01");
  run.eval(entering, "2026-01-15");
  CHECK(run.stage() == "MQL");
  CHECK(run.out.sla.state == rt::SlaState::ok);
  CHECK(run.out.sla.due_ms == ms("2026-01-17"));

  Rec elsewhere(*run.p);  // a stage without an SLA
  elsewhere.text("stage", "Known").text("email", "a@b.co");
  run.eval(elsewhere);
  CHECK(run.out.sla.state == rt::SlaState::none);
}

TEST_CASE("SLA in business days skips weekends and holidays", "[sla][calendar]") {
  Run run(R"(policy "t" version "1"
calendar emea {
  timezone "UTC"
  working days mon..fri  hours 09:00..17:00
  holidays [2026-12-24, 2026-12-25]
}
record lead { id: text key  stage: text? }
funnel f for lead {
  stage field stage
  stage MQL { sla 2 business days in emea }
}
)");
  Rec friday(*run.p);  // Friday 16:00 + 2 business days = Tuesday 16:00
  friday.text("stage", "MQL").date("mql_entered_at", "2026-01-09T16:00:00Z");
  run.eval(friday, "2026-01-12T18:00:00Z");  // Monday evening: a plain 2d SLA would be breached
  CHECK(run.out.sla.state == rt::SlaState::ok);
  CHECK(run.out.sla.due_ms == ms("2026-01-13T16:00:00Z"));
  run.eval(friday, "2026-01-13T17:00:00Z");
  CHECK(run.out.sla.state == rt::SlaState::breached);
  CHECK(run.out.sla.overdue_ms == rt::kMsPerHour);

  Rec christmas(*run.p);  // Wednesday 23 Dec; Thursday and Friday are holidays
  christmas.text("stage", "MQL").date("mql_entered_at", "2026-12-23T10:00:00Z");
  run.eval(christmas, "2026-12-28T10:00:00Z");
  CHECK(run.out.sla.state == rt::SlaState::ok);
  CHECK(run.out.sla.due_ms == ms("2026-12-29T10:00:00Z"));
}

TEST_CASE("SLA in business hours counts only working hours", "[sla][calendar]") {
  Run run(R"(policy "t" version "1"
calendar office { timezone "UTC"  working days mon..fri  hours 09:00..17:00 }
record lead { id: text key  stage: text? }
funnel f for lead {
  stage field stage
  stage MQL { sla 4 business hours in office }
}
)");
  Rec r(*run.p);  // Friday 15:00 + 4 working hours = Monday 11:00
  r.text("stage", "MQL").date("mql_entered_at", "2026-01-09T15:00:00Z");
  run.eval(r, "2026-01-12T10:00:00Z");
  CHECK(run.out.sla.state == rt::SlaState::ok);
  CHECK(run.out.sla.due_ms == ms("2026-01-12T11:00:00Z"));
}

TEST_CASE("an unknown current stage is a data error naming the field and funnel", "[errors]") {
  Run run(kFunnel);
  Rec r(*run.p);
  r.text("id", "L-1").text("stage", "Foo").text("email", "a@b.co");
  run.eval(r);
  CHECK(run.out.error);
  CHECK(run.out.error_code == "E_DATA_STAGE");
  CHECK(run.out.error_message == "stage: unknown stage `Foo` in funnel `f`");
  CHECK(run.out.stage == -1);
  CHECK(run.out.sets.empty());

  Rec lower(*run.p);
  lower.text("stage", "mql");
  run.eval(lower);
  CHECK(run.out.error_message == "stage: unknown stage `mql` in funnel `f` (did you mean `MQL`?)");

  Rec huge(*run.p);  // echoed data is cut short
  huge.text("stage", std::string(5000, 'x'));
  run.eval(huge);
  CHECK(run.out.error);
  CHECK(run.out.error_message.size() < 200);
}

TEST_CASE("an arithmetic fault makes the record an error naming file:line:column", "[errors]") {
  Run run(R"(policy "t" version "1"
record lead { id: text key  total: int = 0  n: int = 0  stage: text? }
funnel f for lead {
  stage field stage
  stage Known { }
  stage Heavy { entry total / n > 10 }
}
)");
  Rec r(*run.p);
  r.text("id", "L-1").integer("total", 50).integer("n", 0);
  run.eval(r);
  CHECK(run.out.error);
  CHECK(run.out.error_code == "E_DIV_ZERO");
  CHECK(run.out.error_message == "division by zero at policy.funnel:6:23");
  CHECK(run.out.sets.empty());
  CHECK(run.out.entered.empty());

  // The same Evaluator and result go on with the next record.
  Rec fine(*run.p);
  fine.text("id", "L-2").integer("total", 50).integer("n", 2);
  run.eval(fine);
  CHECK_FALSE(run.out.error);
  CHECK(run.stage() == "Heavy");

  Rec big(*run.p);
  big.integer("total", INT64_MIN).integer("n", -1);
  run.eval(big);
  CHECK(run.out.error_code == "E_OVERFLOW");
}

TEST_CASE("results are reused across records without leaking state", "[reuse]") {
  Run run(kFunnel);
  Rec breached(*run.p);
  breached.text("id", "A").text("stage", "MQL").integer("score", 100).date("mql_entered_at", "2026-01-01");
  Rec quiet(*run.p);
  quiet.text("id", "B").text("stage", "Known").text("email", "b@c.d");
  for (int i = 0; i < 3; ++i) {
    run.eval(breached);
    CHECK(run.out.events.size() == 1);
    CHECK(run.out.sla.state == rt::SlaState::breached);
    run.eval(quiet);
    CHECK(run.out.events.empty());
    CHECK(run.out.sets.empty());
    CHECK(run.out.sla.state == rt::SlaState::none);
  }
}
