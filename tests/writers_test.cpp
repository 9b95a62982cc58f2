// Result writers: the exact bytes of every format, and escaping.
#include <catch2/catch.hpp>

#include <csignal>

#include <unistd.h>

#include "io_test_support.hpp"
#include "runtime/result.hpp"
#include "runtime/writers/output_sink.hpp"
#include "runtime/writers/text_escape.hpp"
#include "runtime/writers/writer.hpp"

using namespace io_test;
using sluice::rt::EvalResult;
using sluice::rt::OutputFormat;
using sluice::rt::OutputSink;
using sluice::rt::RecordIn;
using sluice::rt::SlaState;
using sluice::rt::Value;

namespace {

sluice::ir::Program funnel_program() {
  auto p = lead_program();
  p.policy_name = "acme-lead-to-revenue";
  p.policy_version = "2.1.0";
  sluice::ir::Funnel f;
  f.name = "lead_to_revenue";
  f.record = 0;
  for (auto [name, owner] : {std::pair{"Known", "marketing"}, {"Responded", "marketing"}, {"MQL", "sdr"}, {"Won", ""}}) {
    sluice::ir::Stage s;
    s.name = name;
    s.owner = owner;
    f.stages.push_back(s);
  }
  sluice::ir::Qualification bant;
  bant.name = "BANT";
  for (const char* c : {"budget", "authority", "need", "timeline"}) {
    sluice::ir::Criterion k;
    k.name = c;
    bant.criteria.push_back(k);
  }
  sluice::ir::Qualification hidden;
  hidden.name = "HIDDEN";
  hidden.reported = false;
  f.qualifications = {bant, hidden};
  p.funnels = {f};
  return p;
}

// The cli.md example: L-1 moved Known -> MQL.
EvalResult mql_result() {
  EvalResult r;
  r.funnel = 0;
  r.from = 0;
  r.stage = 2;
  r.moved = true;
  r.entered = {1, 2};
  auto& q = r.add_qualification();
  q.passed = Value::boolean(false);
  q.score = 1;
  q.met = {0, 0, 1, 0};
  auto& h = r.add_qualification();
  h.passed = Value::boolean(true);
  r.sets.push_back({kEmail, Value::text("a@b.co")});
  std::int64_t jan15 = 0;
  REQUIRE(sluice::rt::parse_instant("2026-01-15", jan15));
  r.sets.push_back({kMqlAt, Value::date(jan15)});
  return r;
}

RecordIn record_in(std::int64_t line, std::string_view key) {
  RecordIn in;
  in.line = line;
  in.key = Value::text(key);
  return in;
}

std::string write_all(OutputFormat format, const std::vector<std::pair<RecordIn, EvalResult>>& items,
                      const nlohmann::json* explain = nullptr) {
  auto program = funnel_program();
  std::string out;
  {
    OutputSink sink(&out);
    auto writer = sluice::rt::make_writer(format, program, 0, sink);
    for (const auto& [in, r] : items) writer->write(in, r, explain);
    writer->finish();
  }
  return out;
}

std::vector<std::pair<RecordIn, EvalResult>> sample() {
  std::vector<std::pair<RecordIn, EvalResult>> items;
  items.emplace_back(record_in(1, "L-1"), mql_result());
  RecordIn bad = record_in(2, "L-2");
  bad.error = true;
  bad.error_code = "E_DATA_TYPE";
  bad.error_message = "lead_score: expected int, got \"high\"";
  items.emplace_back(bad, EvalResult{});
  EvalResult unstaged;
  unstaged.funnel = 0;
  unstaged.unstaged_reason = "no stage's entry holds";
  unstaged.add_qualification().met = {0, 0, 0, 0};
  unstaged.add_qualification();
  items.emplace_back(record_in(3, "L-3"), unstaged);
  return items;
}

}  // namespace

TEST_CASE("ndjson writer: the cli.md result line, error line and unstaged line") {
  const std::string out = write_all(OutputFormat::ndjson, sample());
  CHECK(out ==
        R"({"id":"L-1","policy":"acme-lead-to-revenue","version":"2.1.0","funnel":"lead_to_revenue","stage":"MQL",)"
        R"("from":"Known","moved":true,"entered":["Responded","MQL"],"owner":"sdr",)"
        R"("qualifications":{"BANT":{"passed":false,"score":1,"met":["need"],"missing":["budget","authority","timeline"]}},)"
        R"("set":{"email":"a@b.co","mql_entered_at":"2026-01-15T00:00:00Z"},"events":[],"sla":null})"
        "\n"
        R"({"line":2,"id":"L-2","error":{"code":"E_DATA_TYPE","message":"lead_score: expected int, got \"high\""}})"
        "\n"
        R"({"id":"L-3","policy":"acme-lead-to-revenue","version":"2.1.0","funnel":"lead_to_revenue","stage":null,)"
        R"("reason":"no stage's entry holds","from":null,"moved":false,"entered":[],"owner":null,)"
        R"("qualifications":{"BANT":{"passed":null,"score":0,"met":[],"missing":["budget","authority","need","timeline"]}},)"
        R"("set":{},"events":[],"sla":null})"
        "\n");
}

TEST_CASE("ndjson writer: events, notifications, SLA, evaluation errors, explain") {
  EvalResult r = mql_result();
  r.sets.clear();
  auto& e = r.add_event();
  e.name = "renewal_opportunity";
  e.idempotency_key = "0123456789abcdef";
  e.fields = {{"account", Value::text("L-1")}, {"amount", Value::number(12000)}, {"months", Value::integer(12)}};
  auto& n = r.add_notification();
  n.team = "customer_success";
  n.message = "Deal won";
  r.sla.state = SlaState::breached;
  r.sla.stage = 2;
  r.sla.due_ms = 0;
  r.sla.overdue_ms = 2 * sluice::rt::kMsPerDay + sluice::rt::kMsPerHour;
  EvalResult fault;
  fault.error = true;
  fault.error_code = "E_DIV_ZERO";
  fault.error_message = "division by zero at policy.funnel:14:11";
  nlohmann::json explain = {{"rule", "entry of MQL held"}};
  const std::string out = write_all(OutputFormat::ndjson, {{record_in(7, "L-7"), r}, {record_in(8, "L-8"), fault}}, &explain);
  CHECK(out ==
        R"({"id":"L-7","policy":"acme-lead-to-revenue","version":"2.1.0","funnel":"lead_to_revenue","stage":"MQL",)"
        R"("from":"Known","moved":true,"entered":["Responded","MQL"],"owner":"sdr",)"
        R"("qualifications":{"BANT":{"passed":false,"score":1,"met":["need"],"missing":["budget","authority","timeline"]}},)"
        R"("set":{},"events":[{"name":"renewal_opportunity","key":"0123456789abcdef","account":"L-1","amount":12000.0,"months":12}],)"
        R"("notifications":[{"team":"customer_success","message":"Deal won"}],)"
        R"("sla":{"stage":"MQL","state":"breached","due":"1970-01-01T00:00:00Z","overdue":"2d1h"},)"
        R"("explain":{"rule":"entry of MQL held"}})"
        "\n"
        R"({"line":8,"id":"L-8","error":{"code":"E_DIV_ZERO","message":"division by zero at policy.funnel:14:11"}})"
        "\n");
}

TEST_CASE("json writer: the same objects in an array") {
  auto items = sample();
  items.resize(2);
  const std::string out = write_all(OutputFormat::json, items);
  CHECK(out.rfind("[\n{\"id\":\"L-1\",", 0) == 0);
  CHECK(out.find("\"sla\":null},\n{\"line\":2,\"id\":\"L-2\"") != std::string::npos);
  CHECK(out.substr(out.size() - 4) == "}\n]\n");
  CHECK(nlohmann::json::parse(out).size() == 2);
  CHECK(write_all(OutputFormat::json, {}) == "[]\n");
}

TEST_CASE("csv writer: header, rows, errors") {
  const std::string out = write_all(OutputFormat::csv, sample());
  CHECK(out ==
        "id,stage,from,moved,BANT_passed,BANT_score,sla_breached,error\r\n"
        "L-1,MQL,Known,true,false,1,,\r\n"
        "L-2,,,,,,,\"E_DATA_TYPE: lead_score: expected int, got \"\"high\"\"\"\r\n"
        "L-3,,,false,,0,,\r\n");
  CHECK(write_all(OutputFormat::csv, {}) == "id,stage,from,moved,BANT_passed,BANT_score,sla_breached,error\r\n");
}

TEST_CASE("table writer: aligned columns") {
  const std::string out = write_all(OutputFormat::table, sample());
  CHECK(out ==
        "id   stage       from   moved  owner  BANT       sla  note\n"
        "L-1  MQL         Known  yes    sdr    failed 1\n"
        "L-2  error                                            E_DATA_TYPE lead_score: expected int, got \"high\"\n"
        "L-3  (unstaged)         no            unknown 0       no stage's entry holds\n");
}

TEST_CASE("JSON strings are escaped for any bytes") {
  std::string out;
  sluice::rt::append_json_text(out, std::string("q\"b\\s/\n\r\t\b\f\x01\x1f\x7f", 14));
  CHECK(out == R"("q\"b\\s/\n\r\t\b\f\u0001\u001f\u007f")");
  out.clear();
  sluice::rt::append_json_text(out, "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80");  // é € 😀 kept as UTF-8
  CHECK(out == "\"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\"");
  out.clear();
  // a lone continuation byte, a truncated sequence, an overlong, a surrogate, beyond U+10FFFF
  sluice::rt::append_json_text(out, "a\x80 b\xC3 c\xC0\xAF d\xED\xA0\x80 e\xF4\x90\x80\x80");
  CHECK(out == R"("a\ufffd b\ufffd c\ufffd\ufffd d\ufffd\ufffd\ufffd e\ufffd\ufffd\ufffd\ufffd")");
  out.clear();
  sluice::rt::append_json_text(out, std::string("nul\0byte", 8));
  CHECK(out == R"("nul\u0000byte")");
}

TEST_CASE("CSV fields are quoted when they need it") {
  std::string out;
  for (const char* f : {"plain", "a,b", "say \"hi\"", "two\nlines", " padded", "cr\r", ""}) {
    sluice::rt::append_csv_field(out, f);
    out += '|';
  }
  CHECK(out == "plain|\"a,b\"|\"say \"\"hi\"\"\"|\"two\nlines\"|\" padded\"|\"cr\r\"||");
}

TEST_CASE("an output sink writes in blocks and reports a closed pipe") {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  ::close(fds[0]);  // nobody reads
  auto old = std::signal(SIGPIPE, SIG_IGN);
  {
    OutputSink sink(fds[1], 16);
    sink.buffer() += "0123456789";
    sink.written();  // below a block: kept
    CHECK_FALSE(sink.closed());
    sink.buffer() += "0123456789";
    sink.written();  // a block: written, EPIPE
    CHECK(sink.closed());
    CHECK(sink.buffer().empty());
    CHECK_FALSE(sink.flush());
  }
  std::signal(SIGPIPE, old);
  ::close(fds[1]);
}
