// The structural walk (runtime/readers/json_walk.cpp): which records it reads itself,
// and that every record, whether it reads it or gives up, reads exactly as the
// on-demand reader alone reads it (ReaderLimits::structural_walk off): the same
// values, errors, messages and line numbers, on crafted lines and on thousands of
// randomly damaged ones.
#include <catch2/catch.hpp>

#include <random>

#include "io_test_support.hpp"
#include "runtime/readers/json_fill.hpp"
#include "runtime/readers/schema.hpp"

using namespace io_test;
using sluice::rt::InputFormat;
using sluice::rt::ReaderLimits;

namespace {

namespace rd = sluice::rt::readers;

const std::string kGood =
    R"({"id":"L-1","email":"a@b.co","Lead_Score__c":120,"company":{"employees":300,"industry":"Software"},)"
    R"("buying_group":[{"name":"Ann","role":"cfo","lead_score":110},{"name":"Bob"}],"pain_points":["cost"],)"
    R"("contact_role":"user","amount":12000.5,"close_date":"2026-03-01","meeting_scheduled":true,"cycle":"90d","extra":{"x":[1,2]}})";
const std::string kMinimal = R"({"id":"L-2","Lead_Score__c":5,"company":{},"buying_group":[],"pain_points":[]})";
// Nested objects in list elements, nulls in a list, undeclared keys holding every
// kind of JSON value, numbers in every spelling, keys out of the usual order.
const std::string kNested =
    R"({"unknown":[{"a":[true,false,null,1.5e3,"s",-0.25E-2]},{},[]],"id":"L-3","Lead_Score__c":7,)"
    R"("company":{"industry":"X","employees":1,"ceo":{"n":{}}},"buying_group":[{"name":"A","boss":{"name":"B"}},)"
    R"({"lead_score":-4,"name":"C","boss":null}],"pain_points":["a","b",null],"tags":[],"amount":-7,)"
    R"("mql_entered_at":"2026-01-02T03:04:05Z","cycle":"2d3h","x":-0.0,"y":"","z":null})";

// Whether the walk reads `line` itself (true) or gives it up to on-demand.
bool walked(const std::string& line, const ReaderLimits& limits = {}) {
  const auto program = lead_program();
  const rd::RecordSchema schema(program, 0, false);
  sluice::rt::Arena arena;
  rd::JsonFiller filler(schema, arena, limits);
  const std::string padded = line + std::string(64, '\0');
  rd::StructuralIndex index;
  std::vector<sluice::rt::Value> slots(schema.width(schema.root()), sluice::rt::Value::unset());
  rd::ReadError err;
  return index.index(padded.data(), line.size()) && filler.walk_root(padded.data(), index, slots.data(), err);
}

// `input` read with the walk and without it gives the same records.
void same_both_ways(const std::string& input, ReaderLimits limits = {}) {
  const auto program = lead_program();
  limits.structural_walk = true;
  const auto with_walk = read_all(InputFormat::ndjson, input, program, limits);
  const auto in_place = read_in_place(input, program, limits);
  limits.structural_walk = false;
  const auto on_demand = read_all(InputFormat::ndjson, input, program, limits);
  const auto label = [&](std::size_t i) {
    std::size_t from = 0;
    for (std::size_t k = 0; k < i && from != std::string::npos; ++k) from = input.find('\n', from) + 1;
    return "record " + std::to_string(i) + ": " + input.substr(from, input.find('\n', from) - from);
  };
  check_same_rows(with_walk, on_demand, label);
  check_same_rows(in_place, on_demand, label);
}

// same_both_ways at the default limits, then at tight ones: depth 3, and lists of at
// most `max_list` elements.
void same_at_default_and_tight_limits(const std::string& input, std::size_t max_list) {
  same_both_ways(input);
  ReaderLimits tight;
  tight.max_depth = 3;
  tight.max_list = max_list;
  same_both_ways(input, tight);
}

// `line` with one random change: a byte dropped, replaced or inserted (mostly JSON's
// own characters), or a piece of it repeated elsewhere.
std::string damaged(std::string line, std::mt19937& rng) {
  static const std::string kBytes = "{}[]:,\"\\ \t0123456789.-+eEtrufalsn\x01\x7f\xC3\xA9\xFFxu";
  const auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
  const char byte = kBytes[pick(kBytes.size())];
  const std::size_t at = pick(line.size() + 1);
  switch (pick(4)) {
    case 0:
      if (at < line.size()) line.erase(at, 1 + pick(3));
      break;
    case 1:
      if (at < line.size()) line[at] = byte;
      break;
    case 2: line.insert(at, 1, byte); break;
    default: {
      const std::size_t from = pick(line.size()), len = 1 + pick(24);
      line.insert(at, line.substr(from, len));
    }
  }
  return line;
}

}  // namespace

TEST_CASE("json walk: reads the common record shapes itself") {
  CHECK(walked(kGood));
  CHECK(walked(kMinimal));
  CHECK(walked(kNested));
  CHECK(walked(R"({"id":"L-4","Lead_Score__c":1e2,"company":null,"buying_group":null,"pain_points":[]})"));
  CHECK(walked("{ \"id\":\"L-5\",\r\n\t\"Lead_Score__c\": 3,\"company\":{ },\"buying_group\":[ ],\"pain_points\":[] } "));
  // Escapes are unescaped as on-demand does; blanks after a text are allowed.
  CHECK(walked(R"({"id":"L-\"7\"","email":"a\u00e9\\b\n" ,"contact_role":"us\u0065r","close_date":"2026-03-01" })"));
  // A required field missing from the record is found by finish(), after the walk.
  CHECK(walked(R"({"id":"L-6"})"));
}

TEST_CASE("json walk: gives up on escaped keys, errors, limits and broken JSON") {
  const auto with = [](const std::string& extra) { return kMinimal.substr(0, kMinimal.size() - 1) + extra + "}"; };
  CHECK_FALSE(walked(with(R"(,"ema\u0069l":"a@c.co")")));         // an escape in a key
  CHECK_FALSE(walked(with(R"(,"email":"a\x")")));                 // a bad escape
  CHECK_FALSE(walked(with(R"(,"email":"\ud800")")));              // half a surrogate pair
  CHECK_FALSE(walked(with(R"(,"amount":"many")")));               // a type error
  CHECK_FALSE(walked(with(R"(,"amount":1e999)")));                // a number out of range
  CHECK_FALSE(walked(with(R"(,"contact_role":"boss")")));         // not one of the enum's values
  CHECK_FALSE(walked(with(R"(,"close_date":"2026-02-30")")));     // no such day
  CHECK_FALSE(walked(R"({"id":"L","Lead_Score__c":5,"company":{},"buying_group":[{}],"pain_points":[]})"));
  CHECK_FALSE(walked(with(R"(,"extra":{"x":[1,}})")));            // broken where no field is read
  CHECK_FALSE(walked(with(R"(,"extra":tru)")));
  CHECK_FALSE(walked(with(R"(,"extra":01)")));
  CHECK_FALSE(walked(with(R"(,"amount":1,)")));
  CHECK_FALSE(walked(kMinimal + " {}"));                          // content after the object
  CHECK_FALSE(walked(R"(["L-1"])"));                              // not an object
  CHECK_FALSE(walked(with(",\"email\":\"\xC3\x28\"")));           // invalid UTF-8 (stage 1)
  CHECK_FALSE(walked(R"({"id":"L-1)"));                           // an unclosed string (stage 1)
  ReaderLimits shallow;
  shallow.max_depth = 1;
  CHECK_FALSE(walked(kMinimal, shallow));                         // company is at depth 2
  ReaderLimits short_lists;
  short_lists.max_list = 1;
  CHECK_FALSE(walked(with(R"(,"tags":["a","b"])"), short_lists));
  CHECK(walked(with(R"(,"tags":["a"])"), short_lists));
  // Past the buffer on the stack too (see walk_list).
  std::string long_list = "\"x\"";
  for (int k = 0; k < 40; ++k) long_list += ",\"x\"";
  short_lists.max_list = 40;
  CHECK_FALSE(walked(with(",\"tags\":[" + long_list + "]"), short_lists));
  short_lists.max_list = 41;
  CHECK(walked(with(",\"tags\":[" + long_list + "]"), short_lists));
}

TEST_CASE("json walk: crafted records read as on-demand reads them") {
  const std::vector<std::string> lines = {
      kGood, kMinimal, kNested, R"({"id":"L-6"})", "{}", "[]", "null", "\"x\"", "{", "}", "{\"id\"}",
      R"({"id":"L","id":"M","Lead_Score__c":1,"Lead_Score__c":"x","company":{},"buying_group":[],"pain_points":[]})",
      R"({"id":"L","Lead_Score__c":5,"company":{"employees":"many"},"buying_group":[],"pain_points":[]})",
      R"({"id":"L","Lead_Score__c":5,"company":{},"buying_group":[{"name":1}],"pain_points":[]})",
      R"({"id":"L","Lead_Score__c":5,"company":{},"buying_group":[null],"pain_points":[1]})",
      R"({"id":"L","Lead_Score__c":5,"company":[],"buying_group":{},"pain_points":"a"})",
      R"({"id":"L","Lead_Score__c":9007199254740993,"amount":9007199254740993,"company":{},"buying_group":[],"pain_points":[]})",
      R"({"id":"L","Lead_Score__c":-0,"amount":-0,"company":{},"buying_group":[],"pain_points":[]})",
      R"({"id":"L","Lead_Score__c":1.5,"amount":1E+2,"company":{},"buying_group":[],"pain_points":[]})",
      R"({"id":"L","Lead_Score__c":5,"company":{},"buying_group":[],"pain_points":[],"x":[[[[[[[[[[[]]]]]]]]]]]})",
      R"({"id":"L","Lead_Score__c":5,"company":{},"buying_group":[],"pain_points":[],"x":[}]})",
      R"({"id":"L","Lead_Score__c":5,"company":{},"buying_group":[],"pain_points":[],"x":{"a" 1}})",
      R"({"id":"L","Lead_Score__c":5,"company":{},"buying_group":[],"pain_points":[],"x":{1:2}})",
      R"({"id":"L","Lead_Score__c":5,"company":{},"buying_group":[1,],"pain_points":[]})",
      R"({"id":"L","Lead_Score__c":5,"company":{},"buying_group":[],"pain_points":["a" "b"]})",
      R"({"id":"L" "Lead_Score__c":5})", R"({"id":"L",,"Lead_Score__c":5})", R"({"id":"L"::"x"})",
      R"({"id":"L","meeting_scheduled":True,"cycle":"1x"})", R"({"id":"L","meeting_scheduled":nul})",
      R"({"id":"L","email":"a\u00e9\n","Lead_Score__c":5,"company":{},"buying_group":[],"pain_points":["\""]})",
  };
  std::string input;
  for (const std::string& line : lines) input += line + "\n";
  // Lists longer than the walk's buffer on the stack (32 Values: 32 texts, or 6
  // group members of 5 fields) are counted first: both sizes, with an error or broken
  // JSON at the start, the middle and the end.
  for (const int n : {6, 7, 31, 32, 33, 100}) {
    for (const int bad : {-1, 0, n / 2, n - 1}) {
      std::string pains, group;
      for (int k = 0; k < n; ++k) {
        pains += (k ? "," : "") + (k == bad ? std::string("7") : "\"p" + std::to_string(k) + "\"");
        group += (k ? "," : "") + (k == bad ? std::string("{\"name\":") : R"({"name":"m)" + std::to_string(k) + "\"}");
      }
      input += R"({"id":"L","Lead_Score__c":5,"company":{},"buying_group":[)" + group + R"(],"pain_points":[)" + pains +
               "]}\n";
      input += R"({"id":"L","Lead_Score__c":5,"company":{},"buying_group":[],"tags":[)" + pains +
               R"(],"pain_points":[)" + pains + "]}\n";
    }
  }
  same_at_default_and_tight_limits(input, 2);
}

TEST_CASE("json walk: randomly damaged records read as on-demand reads them") {
  // Fixed seeds: a failure names its record, and reruns find the same one.
  for (const std::string& seed : {kGood, kMinimal, kNested}) {
    std::mt19937 rng(static_cast<std::uint32_t>(seed.size()));
    std::string input;
    std::size_t walks = 0;
    for (int i = 0; i < 1500; ++i) {
      std::string line = damaged(seed, rng);
      if (i % 3 == 0) line = damaged(line, rng);
      if (walked(line)) ++walks;
      input += line + "\n";
    }
    INFO("seed " << seed);
    // Some damage leaves valid records (a changed digit or letter): both paths are tried.
    CHECK(walks > 100);
    same_at_default_and_tight_limits(input, 1);
  }
}

TEST_CASE("json walk: CSV cells holding JSON read as on-demand reads them") {
  const auto cell = [](const std::string& json) {
    std::string out = "\"";
    for (char c : json) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
  };
  const std::vector<std::string> companies = {R"({"employees":3,"industry":"Soft\u0077are"})", "{}", "null",
                                              R"({"employees":"x"})", R"({"ceo":{"n":[1,{}]}})", "[]", "{"};
  const std::vector<std::string> groups = {
      R"([{"name":"Ann","role":"cfo","lead_score":110},{"name":"Bob","boss":{"name":"Cy"}}])", "[]", "null",
      R"([{"role":"cfo"}])", R"([{"name":"A"},])", R"([{"name":"A","lead_score":1.5}])", "[1]", "{}"};
  const std::vector<std::string> pains = {R"(["cost","t\"ime",null])", "[]", R"([ "a" , "b" ])", "[1]", "[\"a\"] x"};
  std::mt19937 rng(7);
  std::string input = "id,Lead_Score__c,company,buying_group,pain_points\n";
  for (std::size_t i = 0; i < 600; ++i) {
    std::string company = companies[i % companies.size()];
    std::string group = groups[(i / 7) % groups.size()];
    std::string pain = pains[(i / 3) % pains.size()];
    if (i % 4 == 1) group = damaged(group, rng);
    if (i % 4 == 2) company = damaged(company, rng);
    if (i % 4 == 3) pain = damaged(pain, rng);
    input += "L-" + std::to_string(i) + "," + std::to_string(i) + "," + cell(company) + "," + cell(group) + "," +
             cell(pain) + "\n";
  }
  const auto program = lead_program();
  // The tight limits: depth 2 (the cell's list, its objects); max_list is also the
  // most fields a CSV row may have, here 5.
  for (const std::size_t depth : {std::size_t{64}, std::size_t{2}}) {
    ReaderLimits limits;
    limits.max_depth = depth;
    limits.max_list = depth == 2 ? 5 : limits.max_list;
    limits.structural_walk = true;
    const auto walked_rows = read_all(InputFormat::csv, input, program, limits);
    limits.structural_walk = false;
    const auto on_demand = read_all(InputFormat::csv, input, program, limits);
    REQUIRE(walked_rows.size() == 600);
    check_same_rows(walked_rows, on_demand, [&](std::size_t i) { return "row " + std::to_string(i); });
  }
}
