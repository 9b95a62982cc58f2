// The cheap regression guard of the evaluation hot path (docs/performance.md): once
// warmed up, reading a record, evaluating it and writing its result makes no heap
// allocation, for NDJSON and for CSV. Counted with a replaced global allocator, so
// the guard is exact and independent of the machine's speed (no timing).
#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cstdlib>
#include <new>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "runtime/evaluate.hpp"
#include "runtime/explain.hpp"
#include "runtime/reader.hpp"
#include "runtime/timefmt.hpp"
#include "runtime/writers/writer.hpp"

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

namespace {

constexpr int kRecords = 600;  // each format's input holds these twice: warm-up, then counted
const char* const kStages[] = {"", "Known", "MQL", "SAL", "SQL", "Opportunity", "Recycled"};
const char* const kIndustries[] = {"Software", "Fintech", "Retail", "Healthcare IT"};
const char* const kRoles[] = {"decision_maker", "economic_buyer", "influencer", "user", "unknown"};
const char* const kDeals[] = {"", "open", "won", "lost", "no_decision"};

// One record of the example policy's `lead`, varied by `i` so that the set moves,
// stays, transitions, wins (an event and a notification), breaches an SLA and
// carries lists. `csv`: a row of kCsvHeader, else an NDJSON object.
std::string record(int i, bool csv) {
  const std::string id = fmt::format("L-{:05}", i);
  const std::string email = i % 7 == 0 ? "" : fmt::format("p{}@co{}.example", i, i % 13);
  const int score = (i * 37) % 220;
  const int employees = (i * 53) % 1200;
  const char* industry = kIndustries[i % 4];
  const bool scheduled = i % 3 == 0, held = i % 5 == 0, potential = i % 2 == 0, budget = i % 4 != 1;
  const char* role = kRoles[i % 5];
  const char* deal = kDeals[i % 5];
  const char* stage = kStages[i % 7];
  const std::string mql_at = std::string(stage) == "MQL" ? fmt::format("2026-01-{:02}", 1 + i % 14) : "";
  const bool competitor = i % 23 == 0;
  const std::string activity = fmt::format("2025-{:02}-{:02}", 1 + i % 12, 1 + i % 28);
  const std::string group = i % 3 == 0 ? "[]" : fmt::format(R"([{{"name":"A{}","role":"CTO","lead_score":{}}}])", i, (i * 11) % 150);
  const std::string pains = i % 2 == 0 ? "[]" : R"(["slow hand-offs","data silos"])";
  if (csv) {
    auto cell = [](const std::string& s) {  // JSON cells hold quotes: RFC 4180 quoting
      std::string q = "\"";
      for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
      return q + "\"";
    };
    auto yn = [](bool b) { return b ? "yes" : "no"; };
    return fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
                       id, email, i % 4, score, "CTO", employees, industry, "DE", cell(group), yn(scheduled),
                       yn(held), yn(potential), yn(budget), role, yn(i % 2 == 1), 30 + i % 90, yn(i % 3 == 1),
                       "Eve", "price", "committee", cell(pains), i % 2 ? "Bo" : "", deal, 1000 + i, "2026-01-10",
                       12 + i % 24, yn(competitor), activity, stage, mql_at, "");
  }
  std::string line = fmt::format(
      R"({{"id":"{}","program_successes":{},"Lead_Score__c":{},"title":"CTO","company":{{"employees":{},"industry":"{}","country":"DE"}},)"
      R"("buying_group":{},"meeting_scheduled":{},"meeting_held":{},"sales_sees_potential":{},"budget_confirmed":{},)"
      R"("contact_role":"{}","need_identified":{},"timeline_days":{},"metrics_defined":{},"economic_buyer":"Eve",)"
      R"("decision_criteria":"price","decision_process":"committee","pain_points":{},"amount":{},"close_date":"2026-01-10",)"
      R"("contract_months":{},"is_competitor":{},"last_activity_at":"{}")",
      id, i % 4, score, employees, industry, group, scheduled, held, potential, budget, role, i % 2 == 1, 30 + i % 90,
      i % 3 == 1, pains, 1000 + i, 12 + i % 24, competitor, activity);
  if (!email.empty()) line += fmt::format(R"(,"email":"{}")", email);
  if (*deal != '\0') line += fmt::format(R"(,"deal_status":"{}")", deal);
  if (i % 2 == 1) line += R"(,"champion":"Bo")";
  if (*stage != '\0') line += fmt::format(R"(,"lifecycle_stage":"{}")", stage);
  if (!mql_at.empty()) line += fmt::format(R"(,"mql_entered_at":"{}")", mql_at);
  return line + "}\n";
}

const char* const kCsvHeader =
    "id,email,program_successes,Lead_Score__c,title,company.employees,company.industry,company.country,"
    "buying_group,meeting_scheduled,meeting_held,sales_sees_potential,budget_confirmed,contact_role,"
    "need_identified,timeline_days,metrics_defined,economic_buyer,decision_criteria,decision_process,"
    "pain_points,champion,deal_status,amount,close_date,contract_months,is_competitor,last_activity_at,"
    "lifecycle_stage,mql_entered_at,opportunity_entered_at\n";

struct Counts {
  long records = 0, errors = 0, moved = 0, events = 0, allocations = 0, json_keys = 0;
};

// Reads the input (the same kRecords records twice), evaluates and writes every
// record to /dev/null; counts allocations over the second half only. `explain`:
// adds the explain object to each result, as `eval --explain` does, and also
// builds its nlohmann::json (to_json), which allocates per record.
Counts run(rt::InputFormat in_format, rt::OutputFormat out_format, const std::string& input, bool explain = false) {
  std::string error;
  auto program = rt::load_program(SLUICE_SOURCE_DIR "/examples/lead-to-revenue/policy.funnel", error);
  REQUIRE(program != nullptr);
  const std::int32_t record = program->ir.funnels[0].record;
  std::int64_t as_of = 0;
  REQUIRE(rt::parse_instant("2026-01-15", as_of));
  const int fd = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  REQUIRE(fd >= 0);
  Counts counts;
  {
    std::istringstream in(input);
    rt::OutputSink sink(fd);
    auto reader = rt::make_reader(in_format, in, program->ir, record);
    auto writer = rt::make_writer(out_format, program->ir, record, sink);
    rt::Evaluator evaluator(*program, record);
    rt::EvalResult result;
    // Read in batches, as `sluice eval` reads (cli/eval_record.hpp).
    std::array<rt::RecordIn, rt::kMaxBatch> recs;
    rt::Explanation explanation;
    long before = 0;
    bool counting = false;
    while (const std::size_t n = reader->next_batch(recs.data(), rt::kMaxBatch)) {
      if (!counting && counts.records >= kRecords) {  // the first batch of the second half
        counting = true;
        before = g_allocations.load();
      }
      for (std::size_t i = 0; i < n; ++i) {
        const rt::RecordIn& rec = recs[i];
        if (rec.error) {
          ++counts.errors;
          result.clear();
        } else {
          evaluator.evaluate(rec.slots, -1, as_of, result);
          if (result.error) ++counts.errors;
          counts.moved += result.moved ? 1 : 0;
          counts.events += static_cast<long>(result.events.size());
        }
        const bool explained = explain && !rec.error && !result.error;
        if (explained) {
          rt::explain_into(evaluator, result, explanation);
          counts.json_keys += static_cast<long>(rt::to_json(explanation).size());
        }
        writer->write(rec, result, explained ? &explanation : nullptr);
        ++counts.records;
      }
    }
    counts.allocations = g_allocations.load() - before;
    writer->finish();
  }
  ::close(fd);
  return counts;
}

std::string input(bool csv) {
  std::string text = csv ? kCsvHeader : "";
  for (int pass = 0; pass < 2; ++pass)
    for (int i = 0; i < kRecords; ++i) text += record(i, csv);
  return text;
}

}  // namespace

TEST_CASE("NDJSON read, evaluate and write allocate nothing per record once warm", "[perf]") {
  const Counts c = run(rt::InputFormat::ndjson, rt::OutputFormat::ndjson, input(false));
  REQUIRE(c.records == 2 * kRecords);
  CHECK(c.errors == 0);
  CHECK(c.moved > kRecords / 4);  // the workload really moves records and emits events
  CHECK(c.events > 0);
  CHECK(c.allocations == 0);
}

TEST_CASE("CSV read, evaluate and write allocate nothing per record once warm", "[perf]") {
  const Counts c = run(rt::InputFormat::csv, rt::OutputFormat::csv, input(true));
  REQUIRE(c.records == 2 * kRecords);
  CHECK(c.errors == 0);
  CHECK(c.moved > kRecords / 4);
  CHECK(c.events > 0);
  CHECK(c.allocations == 0);
}

TEST_CASE("the guard sees allocations in the library: --explain builds JSON per record", "[perf]") {
  // The same loop with the explain object's nlohmann::json built per record must
  // count allocations, or the two checks above could not fail.
  const Counts c = run(rt::InputFormat::ndjson, rt::OutputFormat::ndjson, input(false), true);
  REQUIRE(c.records == 2 * kRecords);
  CHECK(c.errors == 0);
  CHECK(c.json_keys > 0);
  CHECK(c.allocations >= kRecords);
}
