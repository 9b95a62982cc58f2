// language.md §1's example policy (with std/bant and std/meddic) on hand-checked
// records, and the no-allocation guarantee of a warmed-up evaluation.
#include "tests/source_files.hpp"
#include "eval_test_support.hpp"

#include <atomic>
#include <cstdlib>
#include <new>

// Counts heap allocations, to show that a warmed-up evaluation makes none. Every
// unaligned form is replaced, so that each allocation meets its matching free.
namespace {
std::atomic<long> g_allocations{0};
void* counted_malloc(std::size_t size) noexcept {
  ++g_allocations;
  return std::malloc(size ? size : 1);
}
}  // namespace
void* operator new(std::size_t size) {
  if (void* p = counted_malloc(size)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) { return operator new(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept { return counted_malloc(size); }
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept { return counted_malloc(size); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }

using namespace sluice;
using namespace sluice::test;
using rt::Outcome;

namespace {

// language.md §1, with std/bant and std/meddic.
// language.md §1's example.
const std::string kAcme = sluice::test::read_source_file("tests/golden/parse_ok/acme.funnel");

std::int32_t qual_index(const rt::LoadedProgram& p, const std::string& name) {
  const auto& quals = p.ir.funnels[0].qualifications;
  for (std::size_t q = 0; q < quals.size(); ++q)
    if (quals[q].name == name) return static_cast<std::int32_t>(q);
  FAIL("no qualification " << name);
  return -1;
}

}  // namespace

TEST_CASE("language.md §1: the test block's lead is an MQL with a BANT score of 0", "[example]") {
  Run run(kAcme.c_str());
  Rec r(*run.p);
  r.text("id", "L-1").text("email", "a@b.co").integer("program_successes", 2).integer("lead_score", 100)
      .integer("company.employees", 300).text("company.industry", "Software");
  run.eval(r, "2026-01-15");
  REQUIRE_FALSE(run.out.error);
  CHECK(run.stage() == "MQL");
  CHECK(entered(*run.p, run.out) == std::vector<std::string>{"MQL"});  // placed: no history
  REQUIRE(run.out.qualifications.size() == 2);
  const rt::QualResult& bant = run.out.qualifications[static_cast<std::size_t>(qual_index(*run.p, "BANT"))];
  CHECK(bant.score == 0);
  CHECK(bant.passed.is_false());
  CHECK(run.out.sla.state == rt::SlaState::ok);
  CHECK(run.out.sla.due_ms == ms("2026-01-17"));
}

TEST_CASE("language.md §1: more hand-checked records", "[example]") {
  Run run(kAcme.c_str());

  Rec known(*run.p);  // Known -> Responded; Retail is not an ICP industry, so not MQL
  known.text("id", "L-2").text("lifecycle_stage", "Known").text("email", "x@y.z").integer("program_successes", 1)
      .integer("lead_score", 150).integer("company.employees", 300).text("company.industry", "Retail");
  run.eval(known);
  CHECK(run.stage() == "Responded");
  CHECK(entered(*run.p, run.out) == std::vector<std::string>{"Responded"});

  Rec group(*run.p);  // a buying-group member over 100 makes an MQL; Responded is passed over
  group.text("id", "L-3").text("lifecycle_stage", "Known").text("email", "x@y.z").integer("lead_score", 10)
      .objects("buying_group", {{Value::text("Ann"), Value::text("cfo"), Value::integer(120)}});
  run.eval(group);
  CHECK(run.stage() == "MQL");
  CHECK(entered(*run.p, run.out) == std::vector<std::string>{"Responded", "MQL"});

  Rec stuck(*run.p);  // in MQL without a meeting: the exit holds it there
  stuck.text("id", "L-4").text("lifecycle_stage", "MQL").integer("lead_score", 10).boolean("meeting_held", true)
      .boolean("sales_sees_potential", true).date("mql_entered_at", "2026-01-10");
  run.eval(stuck);
  CHECK(run.stage() == "MQL");
  CHECK(run.out.outcome == Outcome::stayed_exit);
  CHECK(run.out.sla.state == rt::SlaState::breached);
  CHECK(run.out.sla.overdue_ms == 3 * rt::kMsPerDay);

  Rec won(*run.p);  // Opportunity -> Won: the renewal event and the hand-off notification
  won.text("id", "L-5").text("lifecycle_stage", "Opportunity").integer("lead_score", 10).text("deal_status", "won")
      .number("amount", 24000).date("close_date", "2026-01-31");
  run.eval(won);
  CHECK(run.stage() == "Won");
  REQUIRE(event_names(run.out) == std::vector<std::string>{"renewal_opportunity"});
  CHECK(event_field(run.out.events[0], "close_date")->u.i == ms("2027-01-31"));
  REQUIRE(run.out.notifications.size() == 1);
  CHECK(run.out.notifications[0].team == "customer_success");

  Rec quiet(*run.p);  // both transitions match from SQL: "competitor" is written first
  quiet.text("id", "L-6").text("lifecycle_stage", "SQL").integer("lead_score", 10).boolean("is_competitor", true)
      .date("last_activity_at", "2025-06-01");
  run.eval(quiet);
  CHECK(run.stage() == "Disqualified");
  quiet.boolean("is_competitor", false);
  run.eval(quiet);
  CHECK(run.stage() == "Recycled");

  Rec anonymous(*run.p);  // Anonymous has no entry: every record is at least there
  anonymous.text("id", "L-7").integer("lead_score", 0);
  run.eval(anonymous);
  CHECK(run.stage() == "Anonymous");
}

TEST_CASE("a warmed-up evaluation makes no heap allocation", "[reuse]") {
  Run run(kAcme.c_str());
  std::deque<Rec> records;  // Rec is not copyable
  auto add = [&]() -> Rec& { return records.emplace_back(*run.p); };
  // A move with a long idempotency key, events, a notification and qualifications.
  add().text("id", "a-long-record-key-of-many-bytes").text("lifecycle_stage", "Opportunity").integer("lead_score", 10)
      .text("deal_status", "won").number("amount", 24000).date("close_date", "2026-01-31");
  // An SLA breach event.
  add().text("id", "L-2").text("lifecycle_stage", "MQL").integer("lead_score", 10).date("mql_entered_at", "2026-01-01");
  // A transition, a stay, a move with pass-over. (Error records may allocate their message.)
  add().text("id", "L-3").text("lifecycle_stage", "SQL").integer("lead_score", 10).boolean("is_competitor", true);
  add().text("id", "L-4").text("lifecycle_stage", "Known").integer("lead_score", 10).text("email", "a@b.co");
  add().text("id", "L-5").text("lifecycle_stage", "Known").integer("lead_score", 10).text("email", "a@b.co")
      .integer("program_successes", 3).integer("company.employees", 400).text("company.industry", "Fintech");
  const std::int64_t as_of = ms("2026-01-15");
  for (int i = 0; i < 2; ++i)  // warm up: buffers grow to their size
    for (const Rec& r : records) run.ev.evaluate(r.data(), -1, as_of, run.out);
  long before = g_allocations.load();
  for (int i = 0; i < 3; ++i)
    for (const Rec& r : records) run.ev.evaluate(r.data(), -1, as_of, run.out);
  long after = g_allocations.load();
  CHECK(after == before);
  run.eval(records[0]);
  CHECK(run.stage() == "Won");  // the loop above really evaluated something
  CHECK(run.out.events.size() == 1);
}
