// Result writers: the exact bytes of every format, and escaping.
#include <catch2/catch.hpp>

#include <array>
#include <csignal>

#include <unistd.h>

#include "io_test_support.hpp"
#include "runtime/explain.hpp"
#include "runtime/result.hpp"
#include "runtime/writers/output_sink.hpp"
#include "runtime/writers/line_buffer.hpp"
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

// The text one writer of `format` gives for `items` of `program`'s record 0.
std::string write_with(const sluice::ir::Program& program, OutputFormat format,
                       const std::vector<std::pair<RecordIn, EvalResult>>& items,
                       const sluice::rt::Explanation* explain = nullptr) {
  std::string out;
  {
    OutputSink sink(&out);
    auto writer = sluice::rt::make_writer(format, program, 0, sink);
    for (const auto& [in, r] : items) writer->write(in, r, explain);
    writer->finish();
  }
  return out;
}

std::string write_all(OutputFormat format, const std::vector<std::pair<RecordIn, EvalResult>>& items,
                      const sluice::rt::Explanation* explain = nullptr) {
  return write_with(funnel_program(), format, items, explain);
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
  sluice::rt::Explanation explain;
  explain.rule = "entry of MQL held";
  const std::string out = write_all(OutputFormat::ndjson, {{record_in(7, "L-7"), r}, {record_in(8, "L-8"), fault}}, &explain);
  CHECK(out ==
        R"({"id":"L-7","policy":"acme-lead-to-revenue","version":"2.1.0","funnel":"lead_to_revenue","stage":"MQL",)"
        R"("from":"Known","moved":true,"entered":["Responded","MQL"],"owner":"sdr",)"
        R"("qualifications":{"BANT":{"passed":false,"score":1,"met":["need"],"missing":["budget","authority","timeline"]}},)"
        R"("set":{},"events":[{"name":"renewal_opportunity","key":"0123456789abcdef","account":"L-1","amount":12000.0,"months":12}],)"
        R"("notifications":[{"team":"customer_success","message":"Deal won"}],)"
        R"("sla":{"stage":"MQL","state":"breached","due":"1970-01-01T00:00:00Z","overdue":"2d1h"},)"
        R"("explain":{"entered":[],"exit":null,"from":null,"funnel":null,"moved":false,"next":null,)"
        R"("qualifications":{},"rule":"entry of MQL held","sla":null,"stage":null,"transitions":[]}})"
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

TEST_CASE("an output sink writes a block through after what it buffered, in order") {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  {
    OutputSink sink(fds[1], 1024);
    sink.buffer() += "head,";
    sink.written();  // below a block: kept until the block written through
    sink.write_through("block,");
    sink.buffer() += "tail";
    CHECK(sink.flush());
  }
  char got[64] = {};
  const ssize_t n = ::read(fds[0], got, sizeof got);
  CHECK(std::string(got, n > 0 ? static_cast<std::size_t>(n) : 0) == "head,block,tail");
  ::close(fds[0]);
  ::close(fds[1]);

  std::string captured;
  OutputSink capture(&captured);
  capture.buffer() += "a";
  capture.write_through("b");
  CHECK(captured == "ab");

  REQUIRE(::pipe(fds) == 0);
  ::close(fds[0]);  // nobody reads: the sink closes, nothing more is written
  auto old = std::signal(SIGPIPE, SIG_IGN);
  {
    OutputSink sink(fds[1], 1024);
    sink.write_through("lost");
    CHECK(sink.closed());
    sink.write_through("also lost");
    CHECK(sink.closed());
  }
  std::signal(SIGPIPE, old);
  ::close(fds[1]);
}

// ---------------------------------------------------------------- the fast paths
// The JSON writers render constant text ahead (runtime/writers/json_pieces.*) and
// copy texts a word at a time: these cases pin the bytes where those paths and the
// general ones meet.

namespace {

std::string escaped_char(char c) {
  switch (c) {
    case '"': return "\\\"";
    case '\\': return "\\\\";
    case '\n': return "\\n";
    case '\x01': return "\\u0001";
    default: return std::string(1, c);
  }
}

std::string line_buffer_json(std::string_view text) {
  sluice::rt::writers::LineBuffer line;
  line.lit("<");
  sluice::rt::append_json_text(line, text);
  line.lit(">");
  return std::string(line.view());
}

// A qualification named `name` with criteria c0..c(n-1) of weight 1.
sluice::ir::Qualification numbered_qualification(const char* name, int n) {
  sluice::ir::Qualification q;
  q.name = name;
  for (int c = 0; c < n; ++c) {
    sluice::ir::Criterion k;
    k.name = "c" + std::to_string(c);
    q.criteria.push_back(k);
  }
  return q;
}

}  // namespace

TEST_CASE("JSON text: one special byte at every place of plain texts of every short length") {
  for (std::size_t len = 0; len <= 20; ++len) {
    const std::string plain = std::string("abcdefghijklmnopqrstu").substr(0, len);
    std::string out;
    sluice::rt::append_json_text(out, plain);
    CHECK(out == "\"" + plain + "\"");
    CHECK(line_buffer_json(plain) == "<\"" + plain + "\">");
    for (std::size_t at = 0; at < len; ++at) {
      for (char special : {'"', '\\', '\n', '\x01'}) {
        std::string text = plain;
        text[at] = special;
        const std::string expected = "\"" + plain.substr(0, at) + escaped_char(special) + plain.substr(at + 1) + "\"";
        out.clear();
        sluice::rt::append_json_text(out, text);
        CHECK(out == expected);
        CHECK(line_buffer_json(text) == "<" + expected + ">");
      }
    }
  }
}

TEST_CASE("JSON text: long texts are escaped in steps, sequences across a step kept whole") {
  std::string text(5000, 'x');
  text[4095] = '"';
  text.replace(4094, 1, "\xE2");  // "€" = E2 82 AC from 4094: ends past the first step
  text[4095] = '\x82';
  text[4096] = '\xAC';
  text[4200] = '\xFF';  // never valid
  text[4999] = '\\';
  std::string expected = "\"" + text.substr(0, 4200) + "\\ufffd" + text.substr(4201, 798) + "\\\\\"";
  std::string out;
  sluice::rt::append_json_text(out, text);
  CHECK(out == expected);
  CHECK(line_buffer_json(text) == "<" + expected + ">");
  CHECK(line_buffer_json(std::string(9000, 'y')) == "<\"" + std::string(9000, 'y') + "\">");
}

TEST_CASE("ndjson writer: qualifications rendered ahead and written one criterion at a time agree") {
  auto program = funnel_program();
  auto& quals = program.funnels[0].qualifications;
  quals.push_back(numbered_qualification("WIDE", 9));  // more criteria than are rendered ahead
  quals.push_back(numbered_qualification("SMALL", 3));
  quals.back().criteria[1].weight = 5;
  auto run = [&](std::int64_t small_score, sluice::rt::Value passed) {
    EvalResult r;
    r.funnel = 0;
    r.stage = 0;
    r.from = 0;
    for (int q = 0; q < 4; ++q) r.add_qualification();
    r.qualifications[0].met = {1, 1, 0, 1};
    r.qualifications[0].score = 3;
    r.qualifications[0].passed = Value::boolean(true);
    r.qualifications[2].met = {0, 1, 0, 0, 0, 0, 0, 0, 1};
    r.qualifications[2].score = 2;
    r.qualifications[3].met = {2, 1};  // shorter than the criteria; any non-zero flag held
    r.qualifications[3].score = small_score;
    r.qualifications[3].passed = passed;
    const std::string out = write_with(program, OutputFormat::ndjson, {{record_in(1, "L-1"), r}});
    const auto at = out.find("\"qualifications\":");
    return out.substr(at, out.find(",\"set\"") - at);
  };
  const std::string head =
      R"("qualifications":{"BANT":{"passed":true,"score":3,"met":["budget","authority","timeline"],"missing":["need"]},)"
      R"("WIDE":{"passed":null,"score":2,"met":["c1","c8"],"missing":["c0","c2","c3","c4","c5","c6","c7"]},)";
  // 6 is the weight of c0 and c1 (rendered ahead); 7 is not (written criterion by criterion)
  CHECK(run(6, Value::boolean(false)) ==
        head + R"("SMALL":{"passed":false,"score":6,"met":["c0","c1"],"missing":["c2"]}})");
  CHECK(run(7, Value::boolean(true)) ==
        head + R"("SMALL":{"passed":true,"score":7,"met":["c0","c1"],"missing":["c2"]}})");
  CHECK(run(6, Value{}) == head + R"("SMALL":{"passed":null,"score":6,"met":["c0","c1"],"missing":["c2"]}})");
}

TEST_CASE("ndjson writer: dates of stamps and SLAs alternate, stages and funnels out of range are null") {
  std::vector<std::pair<RecordIn, EvalResult>> items;
  for (std::int64_t day : {0, 0, 1, 1, 0}) {
    EvalResult r;
    r.funnel = 0;
    r.stage = 1;
    r.from = 7;  // out of range
    r.entered = {1, -3};
    r.sets.push_back({kMqlAt, Value::date(day * sluice::rt::kMsPerDay)});
    r.sets.push_back({kLeadSlots + 5, Value::duration(90 * sluice::rt::kMsPerMinute)});  // no such slot
    r.sla.state = SlaState::ok;
    r.sla.stage = 1;
    r.sla.due_ms = (day + 2) * sluice::rt::kMsPerDay + 1;
    items.emplace_back(record_in(1, "L-1"), r);
  }
  EvalResult lost;
  lost.funnel = 3;  // no such funnel
  lost.stage = 1;
  lost.unstaged_reason = "";
  items.emplace_back(record_in(2, "L-\"2\""), lost);
  const std::string out = write_all(OutputFormat::ndjson, items);
  std::vector<std::string> dates;  // every instant written, in order
  for (std::size_t at = out.find("\"1970-"); at != std::string::npos; at = out.find("\"1970-", at + 1))
    dates.push_back(out.substr(at + 1, out.find('"', at + 1) - at - 1));
  CHECK(dates == std::vector<std::string>{"1970-01-01T00:00:00Z", "1970-01-03T00:00:00.001Z",
                                          "1970-01-01T00:00:00Z", "1970-01-03T00:00:00.001Z",
                                          "1970-01-02T00:00:00Z", "1970-01-04T00:00:00.001Z",
                                          "1970-01-02T00:00:00Z", "1970-01-04T00:00:00.001Z",
                                          "1970-01-01T00:00:00Z", "1970-01-03T00:00:00.001Z"});
  CHECK(out.find(R"("stage":"Responded","from":null,"moved":false,"entered":["Responded",null],"owner":"marketing",)") !=
        std::string::npos);
  CHECK(out.find(R"("mql_entered_at":"1970-01-01T00:00:00Z","":"1h30min"},)") != std::string::npos);
  CHECK(out.find(R"("sla":{"stage":"Responded","state":"ok","due":"1970-01-03T00:00:00.001Z","overdue":null}})") !=
        std::string::npos);
  CHECK(out.find(R"({"id":"L-\"2\"","policy":"acme-lead-to-revenue","version":"2.1.0","funnel":null,"stage":null,)"
                 R"("from":null,"moved":false,"entered":[],"owner":null,"qualifications":{},"set":{},"events":[],)"
                 R"("sla":null})") != std::string::npos);
}

namespace {

// A result at `stage` of funnel 0 (from it, not moved) with the given `set` entries.
EvalResult result_with_sets(std::int32_t stage, std::vector<sluice::rt::SetOut> sets) {
  EvalResult r;
  r.funnel = 0;
  r.stage = stage;
  r.from = stage;
  r.sets = std::move(sets);
  return r;
}

// Every item written by one writer (its caches warm), and each by a fresh one.
void check_one_writer_matches_fresh_writers(const std::vector<std::pair<RecordIn, EvalResult>>& items) {
  std::string fresh;
  for (const auto& item : items) fresh += write_all(OutputFormat::ndjson, {item});
  CHECK(write_all(OutputFormat::ndjson, items) == fresh);
}

}  // namespace

TEST_CASE("ndjson writer: a stage's set text is reused only for the same slots, text and instant") {
  std::int64_t jan15 = 0, jan16 = 0;
  REQUIRE(sluice::rt::parse_instant("2026-01-15", jan15));
  REQUIRE(sluice::rt::parse_instant("2026-01-16", jan16));
  const auto text = [](const char* t) { return Value::text(t); };
  using sluice::rt::SetOut;
  const std::string long_text(200, 'x');
  const std::vector<std::vector<SetOut>> variants = {
      {{kEmail, text("MQL")}, {kMqlAt, Value::date(jan15)}},
      {{kEmail, text("MQX")}, {kMqlAt, Value::date(jan15)}},   // other text, same length
      {{kEmail, text("MQLs")}, {kMqlAt, Value::date(jan15)}},  // longer text
      {{kEmail, text("MQL")}, {kMqlAt, Value::date(jan16)}},   // other instant
      {{kIndustry, text("MQL")}, {kMqlAt, Value::date(jan15)}},  // other text slot
      {{kEmail, text("MQL")}, {kCloseDate, Value::date(jan15)}},  // other date slot
      {{kEmail, text("M\"Q")}, {kMqlAt, Value::date(jan15)}},  // escaped: never kept
      {{kEmail, text("")}, {kMqlAt, Value::date(jan15)}},
      {{kEmail, text("MQL")}, {kMqlAt, Value::date(jan15)}, {kScore, Value::integer(3)}},
      {{kEmail, text("MQL")}, {kMqlAt, Value::duration(jan15)}},
      {{kMqlAt, Value::date(jan15)}, {kEmail, text("MQL")}},
      {{kEmail, Value::text(long_text)}, {kMqlAt, Value::date(jan15)}},  // too long to keep
      {{kEmail, Value::integer(7)}, {kMqlAt, Value::date(jan15)}},
      {{kEmail, text("MQL")}},
      {},
  };
  std::vector<std::pair<RecordIn, EvalResult>> items;
  // Each variant after the first, and again, after the first: the stage's entry then
  // holds the text of whichever was last kept.
  for (std::int32_t stage : {2, 1, 9, -1}) {
    for (const auto& sets : variants) {
      for (const auto* s : {&variants[0], &sets, &sets, &variants[0]}) {
        items.emplace_back(record_in(1, "L-1"), result_with_sets(stage, *s));
      }
    }
  }
  check_one_writer_matches_fresh_writers(items);
  CHECK(write_all(OutputFormat::ndjson, {items[0], items[0]}).find(
            R"("set":{"email":"MQL","mql_entered_at":"2026-01-15T00:00:00Z"},"events")") != std::string::npos);
}

TEST_CASE("ndjson writer: the one-piece openings of stayed, placed and moved-into results") {
  const auto line_of = [](std::int32_t stage, std::int32_t from, bool moved, std::vector<std::int32_t> entered) {
    EvalResult r;
    r.funnel = 0;
    r.stage = stage;
    r.from = from;
    r.moved = moved;
    r.entered = std::move(entered);
    const std::string out = write_all(OutputFormat::ndjson, {{record_in(1, "L-1"), r}});
    const auto at = out.find("\"stage\":");
    return out.substr(at, out.find("\"qualifications\"") - at);
  };
  CHECK(line_of(1, 1, false, {}) ==
        R"("stage":"Responded","from":"Responded","moved":false,"entered":[],"owner":"marketing",)");
  CHECK(line_of(3, -1, true, {3}) == R"("stage":"Won","from":null,"moved":true,"entered":["Won"],"owner":null,)");
  CHECK(line_of(2, 0, true, {2}) == R"("stage":"MQL","from":"Known","moved":true,"entered":["MQL"],"owner":"sdr",)");
  CHECK(line_of(2, 2, true, {2}) == R"("stage":"MQL","from":"MQL","moved":true,"entered":["MQL"],"owner":"sdr",)");
  CHECK(line_of(2, 7, true, {2}) == R"("stage":"MQL","from":null,"moved":true,"entered":["MQL"],"owner":"sdr",)");
  // near misses: written piece by piece
  CHECK(line_of(2, 2, false, {2}) == R"("stage":"MQL","from":"MQL","moved":false,"entered":["MQL"],"owner":"sdr",)");
  CHECK(line_of(2, 0, false, {}) == R"("stage":"MQL","from":"Known","moved":false,"entered":[],"owner":"sdr",)");
  CHECK(line_of(2, -1, true, {1, 2}) ==
        R"("stage":"MQL","from":null,"moved":true,"entered":["Responded","MQL"],"owner":"sdr",)");
  CHECK(line_of(2, -1, true, {1}) == R"("stage":"MQL","from":null,"moved":true,"entered":["Responded"],"owner":"sdr",)");
  CHECK(line_of(2, -1, false, {2}) == R"("stage":"MQL","from":null,"moved":false,"entered":["MQL"],"owner":"sdr",)");
  CHECK(line_of(4, 4, false, {}) == R"("stage":null,"from":null,"moved":false,"entered":[],"owner":null,)");
  CHECK(line_of(4, -1, true, {4}) == R"("stage":null,"from":null,"moved":true,"entered":[null],"owner":null,)");
}

TEST_CASE("ndjson writer: criteria met read a word at a time, for every pattern of up to 8 flags") {
  auto program = funnel_program();
  auto& quals = program.funnels[0].qualifications;
  quals.clear();
  for (int n = 1; n <= 8; ++n) quals.push_back(numbered_qualification(("Q" + std::to_string(n)).c_str(), n));
  const std::uint8_t held[] = {1, 2, 0x80, 0xFF, 0x7F};
  std::size_t k = 0;
  for (std::uint32_t mask = 0; mask < 256; ++mask) {
    EvalResult r;
    r.funnel = 0;
    r.stage = 0;
    r.from = 0;
    std::string want = R"("qualifications":{)";
    for (int n = 1; n <= 8; ++n) {
      auto& q = r.add_qualification();
      // every flag as the mask says; one time in three, the last flag left out
      const std::size_t size = static_cast<std::size_t>(n) - (k % 3 == 0 && n > 1 ? 1 : 0);
      std::string met, missing;
      for (std::size_t c = 0; c < static_cast<std::size_t>(n); ++c) {
        const bool on = c < size && ((mask >> c) & 1) != 0;
        if (c < size) q.met.push_back(on ? held[k++ % 5] : 0);
        std::string& list = on ? met : missing;
        list += (list.empty() ? "" : ",") + ("\"c" + std::to_string(c) + "\"");
        q.score += on ? 1 : 0;
      }
      q.passed = Value::boolean(q.score == n);
      want += (n > 1 ? "," : "") + ("\"Q" + std::to_string(n) + "\":{\"passed\":") + (q.score == n ? "true" : "false") +
              ",\"score\":" + std::to_string(q.score) + ",\"met\":[" + met + "],\"missing\":[" + missing + "]}";
    }
    const std::string out = write_with(program, OutputFormat::ndjson, {{record_in(1, "L-1"), r}});
    const auto at = out.find("\"qualifications\":");
    REQUIRE(out.substr(at, out.find("},\"set\"") - at) == want);
  }
}

TEST_CASE("ndjson and json writers: lines handed to the sink in blocks arrive whole and in order") {
  const auto items = sample();
  std::vector<std::pair<RecordIn, EvalResult>> many;
  for (int k = 0; k < 400; ++k) many.insert(many.end(), items.begin(), items.end());  // well over one block
  const std::string one = write_all(OutputFormat::ndjson, items);
  std::string want;
  for (int k = 0; k < 400; ++k) want += one;
  CHECK(write_all(OutputFormat::ndjson, many) == want);
  std::string want_array = "[\n" + want.substr(0, want.size() - 1) + "\n]\n";  // the lines joined by ",\n"
  for (std::size_t at = want_array.find('\n', 2); at + 3 < want_array.size(); at = want_array.find('\n', at + 2)) {
    want_array.insert(at, ",");
  }
  CHECK(write_all(OutputFormat::json, many) == want_array);
}

// As `eval -j N` runs them: a fragment writer per worker formats chunk after chunk, its
// blocks handed over (finish_block) or finished into its sink's capture, and the blocks
// go round a few job buffers. Chunks shrink and grow, so a reused buffer holds stale
// bytes after the chunk's.
TEST_CASE("fragment writers: chunks handed over as blocks frame to the whole writer's bytes") {
  const auto items = sample();
  std::vector<std::pair<RecordIn, EvalResult>> all;
  const std::vector<std::size_t> chunks = {900, 1, 3, 0, 450, 2, 1200, 7, 1};
  std::size_t total = 0;
  for (std::size_t n : chunks) total += n;
  for (std::size_t k = 0; k < total; ++k) all.push_back(items[k % items.size()]);
  const auto program = funnel_program();
  for (OutputFormat format : {OutputFormat::ndjson, OutputFormat::json, OutputFormat::csv}) {
    CAPTURE(static_cast<int>(format));
    for (bool blocks : {true, false}) {
      CAPTURE(blocks);
      std::string captured;
      OutputSink capture(&captured);
      auto writer = sluice::rt::make_fragment_writer(format, program, 0, capture);
      std::array<std::string, 3> jobs;
      std::string out = sluice::rt::fragment_prologue(format, program, 0);
      bool any = false;
      std::size_t at = 0;
      for (std::size_t c = 0; c < chunks.size(); ++c) {
        for (std::size_t k = 0; k < chunks[c]; ++k, ++at) writer->write(all[at].first, all[at].second, nullptr);
        std::string& job = jobs[c % jobs.size()];
        std::string_view fragment;
        if (!blocks) {
          writer->finish();
          fragment = captured;
        } else if (const auto used = writer->finish_block(job)) {
          CHECK(format != OutputFormat::csv);
          REQUIRE(*used <= job.size());
          fragment = std::string_view(job).substr(0, *used);
        } else {
          CHECK(format == OutputFormat::csv);
          fragment = captured;
        }
        CHECK(writer->buffered() == 0);
        if (chunks[c] == 0) CHECK(fragment.empty());
        if (!fragment.empty()) {
          out += fragment.substr(format == OutputFormat::json && !any ? 1 : 0);
          any = true;
        }
        captured.clear();
      }
      out += sluice::rt::fragment_epilogue(format, any);
      CHECK(out == write_all(format, all));
    }
  }
}

TEST_CASE("fragment writers: buffered() counts what finish() will write") {
  std::string captured;
  OutputSink capture(&captured);
  auto writer = sluice::rt::make_fragment_writer(OutputFormat::ndjson, funnel_program(), 0, capture);
  CHECK(writer->buffered() == 0);
  const auto items = sample();
  for (int k = 0; k < 300; ++k) writer->write(items[0].first, items[0].second, nullptr);  // well over a hand-over block
  const std::size_t pending = writer->buffered();
  CHECK(pending > (std::size_t{1} << 16));
  const std::size_t all = 300 * write_all(OutputFormat::ndjson, {items[0]}).size();
  CHECK(captured.size() + pending == all);
  writer->finish();
  CHECK(writer->buffered() == 0);
  CHECK(captured.size() == all);
}
