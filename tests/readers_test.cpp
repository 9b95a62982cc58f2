// NDJSON and JSON-array record readers: typing, errors, limits, streaming.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <random>
#include <sstream>
#include <streambuf>

#include "io_test_support.hpp"
#include "runtime/readers/schema.hpp"

using namespace io_test;
using sluice::rt::InputFormat;
using sluice::rt::ReaderLimits;

namespace {

const std::string kGood =
    R"({"id":"L-1","email":"a@b.co","Lead_Score__c":120,"company":{"employees":300,"industry":"Software"},)"
    R"("buying_group":[{"name":"Ann","role":"cfo","lead_score":110},{"name":"Bob"}],"pain_points":["cost"],)"
    R"("contact_role":"user","amount":12000.5,"close_date":"2026-03-01","meeting_scheduled":true,"cycle":"90d","extra":{"x":[1,2]}})";

// The minimal valid record: every required field.
std::string minimal(const std::string& extra = "") {
  return R"({"id":"L-2","Lead_Score__c":5,"company":{},"buying_group":[],"pain_points":[])" + extra + "}";
}

Row one(const std::string& line, const ReaderLimits& limits = {}) {
  auto rows = read_all(InputFormat::ndjson, line + "\n", lead_program(), limits);
  REQUIRE(rows.size() == 1);
  return rows[0];
}

}  // namespace

TEST_CASE("ndjson: a full record fills every slot, nested objects and lists of objects") {
  Row r = one(kGood);
  INFO(r.message);
  REQUIRE_FALSE(r.error);
  CHECK(r.key == "\"L-1\"");
  CHECK(r.slots[kEmail] == "\"a@b.co\"");
  CHECK(r.slots[kScore] == "120");  // read from `from` key Lead_Score__c
  CHECK(r.slots[kSuccesses] == "0");  // default
  CHECK(r.slots[kCompany] == "{}");
  CHECK(r.slots[kEmployees] == "300");
  CHECK(r.slots[kIndustry] == "\"Software\"");
  // element width 5: name role lead_score boss boss.name; Bob gets the default score 0
  CHECK(r.slots[kGroup] == "[(\"Ann\" \"cfo\" 110 - -),(\"Bob\" - 0 - -)]");
  CHECK(r.slots[kPains] == "[\"cost\"]");
  CHECK(r.slots[kRole] == "\"user\"");
  CHECK(r.slots[kAmount] == "12000.5");
  CHECK(r.slots[kCloseDate] == "2026-03-01T00:00:00Z");
  CHECK(r.slots[kMeeting] == "true");
  CHECK(r.slots[kMqlAt] == "-");  // a stamp is optional
  CHECK(r.slots[kCycle] == "90d");
  CHECK(r.slots[kTags] == "[\"new\"]");  // list default
  CHECK(r.line == 1);
  CHECK(r.index == 0);
}

TEST_CASE("ndjson: defaults apply to missing and null fields; optional fields stay unset") {
  Row r = one(minimal(R"(,"program_successes":null,"email":null)"));
  REQUIRE_FALSE(r.error);
  CHECK(r.slots[kSuccesses] == "0");
  CHECK(r.slots[kMeeting] == "false");
  CHECK(r.slots[kEmail] == "-");
  CHECK(r.slots[kEmployees] == "-");
}

TEST_CASE("ndjson: an absent optional object leaves its fields unset; a present one gets element defaults") {
  Row r = one(minimal(R"(,"buying_group":[{"name":"A","boss":{"name":"B"}},{"name":"C","boss":null}])"));
  REQUIRE_FALSE(r.error);
  CHECK(r.slots[kGroup] == "[(\"A\" - 0 {} \"B\"),(\"C\" - 0 - -)]");
  Row bad = one(minimal(R"(,"buying_group":[{"name":"A","boss":{}}])"));
  CHECK(bad.code == "E_DATA_MISSING");
  CHECK(bad.message == "buying_group[0].boss.name: required field is missing or null");
}

TEST_CASE("ndjson: types are strict") {
  SECTION("a string for an int") {
    Row r = one(minimal(R"(,"Lead_Score__c":"100")"));
    CHECK(r.code == "E_DATA_TYPE");
    CHECK(r.message == R"(lead_score: expected int, got "100")");
    CHECK(r.key == "\"L-2\"");
  }
  SECTION("an integral float is an int, a fraction is not") {
    CHECK(one(minimal(R"(,"Lead_Score__c":100.0)")).slots[kScore] == "100");
    CHECK(one(minimal(R"(,"Lead_Score__c":1e2)")).slots[kScore] == "100");
    Row r = one(minimal(R"(,"Lead_Score__c":100.5)"));
    CHECK(r.code == "E_DATA_TYPE");
    CHECK(r.message == "lead_score: expected int, got 100.5");
  }
  SECTION("a number accepts an int") {
    CHECK(one(minimal(R"(,"amount":7)")).slots[kAmount] == "7");
  }
  SECTION("bool is only true/false in JSON") {
    Row r = one(minimal(R"(,"meeting_scheduled":"yes")"));
    CHECK(r.code == "E_DATA_TYPE");
    CHECK(r.message == R"(meeting_scheduled: expected bool, got "yes")");
  }
  SECTION("a date takes an ISO-8601 string") {
    CHECK(one(minimal(R"(,"close_date":"2026-01-15T10:00:00+02:00")")).slots[kCloseDate] ==
          "2026-01-15T08:00:00Z");
    Row r = one(minimal(R"(,"close_date":"2026-02-30")"));
    CHECK(r.code == "E_DATA_TYPE");
    CHECK(r.message == R"(close_date: expected date (ISO-8601), got "2026-02-30")");
    CHECK(one(minimal(R"(,"close_date":20260115)")).code == "E_DATA_TYPE");
  }
  SECTION("a duration takes the language's spelling") {
    CHECK(one(minimal(R"(,"cycle":"2w3d")")).slots[kCycle] == "17d");
    CHECK(one(minimal(R"(,"cycle":"soon")")).code == "E_DATA_TYPE");
  }
  SECTION("an object where a list is expected, and the other way round") {
    Row r = one(minimal(R"(,"pain_points":{"a":1})"));
    CHECK(r.message == "pain_points: expected a list, got an object");
    Row c = one(minimal(R"(,"company":[1])"));
    CHECK(c.message == "company: expected an object, got a list");
  }
  SECTION("list elements are typed and named by index") {
    Row r = one(minimal(R"(,"pain_points":["a",5])"));
    CHECK(r.code == "E_DATA_TYPE");
    CHECK(r.message == "pain_points[1]: expected text, got 5");
    Row g = one(minimal(R"(,"buying_group":[{"name":"A"},{"name":"B","lead_score":"x"}])"));
    CHECK(g.message == R"(buying_group[1].lead_score: expected int, got "x")");
    Row n = one(minimal(R"(,"buying_group":[null])"));
    CHECK(n.message == "buying_group[0]: expected an object, got null");
  }
  SECTION("null elements of a scalar list are unset") {
    CHECK(one(minimal(R"(,"pain_points":["a",null])")).slots[kPains] == "[\"a\",-]");
  }
}

TEST_CASE("ndjson: enum values must be members") {
  Row r = one(minimal(R"(,"contact_role":"ceo")"));
  CHECK(r.code == "E_DATA_ENUM");
  CHECK(r.message == R"(contact_role: expected one of "decision_maker", "economic_buyer", "user", got "ceo")");
}

TEST_CASE("ndjson: required fields") {
  Row r = one(R"({"id":"L-3","company":{},"buying_group":[],"pain_points":[]})");
  CHECK(r.code == "E_DATA_MISSING");
  CHECK(r.message == "lead_score: required field is missing or null");
  Row n = one(R"({"id":"L-3","Lead_Score__c":null,"company":{},"buying_group":[],"pain_points":[]})");
  CHECK(n.code == "E_DATA_MISSING");
  Row o = one(R"({"id":"L-3","Lead_Score__c":1,"buying_group":[],"pain_points":[]})");
  CHECK(o.message == "company: required field is missing or null");
}

TEST_CASE("ndjson: integers and numbers out of range") {
  Row r = one(minimal(R"(,"Lead_Score__c":99999999999999999999)"));
  CHECK(r.code == "E_DATA_RANGE");
  CHECK(r.message == "lead_score: 99999999999999999999 is out of the 64-bit int range");
  CHECK(one(minimal(R"(,"Lead_Score__c":-9223372036854775808)")).slots[kScore] == "-9223372036854775808");
  CHECK(one(minimal(R"(,"Lead_Score__c":-9223372036854775809)")).code == "E_DATA_RANGE");
  CHECK(one(minimal(R"(,"Lead_Score__c":1e19)")).code == "E_DATA_RANGE");
  CHECK(one(minimal(R"(,"amount":1e400)")).code == "E_DATA_RANGE");
}

TEST_CASE("ndjson: malformed JSON is an error line that keeps the key read before it") {
  Row r = one(R"({"id":"L-9","Lead_Score__c":})");
  CHECK(r.code == "E_DATA_JSON");
  CHECK(r.message.rfind("malformed JSON: ", 0) == 0);
  CHECK(r.key == "\"L-9\"");
  CHECK(one(R"({"id":"L-9")").code == "E_DATA_JSON");
  CHECK(one(R"({"id":"L-9"} {"id":"L-10"})").code == "E_DATA_JSON");
  CHECK(one(R"({"id":"L-9","Lead_Score__c":01,"company":{},"buying_group":[],"pain_points":[]})").code ==
        "E_DATA_JSON");
  CHECK(one(R"({"id":"L-9","meeting_scheduled":tru})").code == "E_DATA_JSON");
  Row arr = one("[1,2]");
  CHECK(arr.code == "E_DATA_TYPE");
  CHECK(arr.message == "expected a JSON object on each line, got a list");
}

TEST_CASE("ndjson: the key is captured even when it comes after the bad field") {
  Row r = one(R"({"Lead_Score__c":"high","company":{},"id":"L-5"})");
  CHECK(r.code == "E_DATA_TYPE");
  CHECK(r.key == "\"L-5\"");
  Row m = one(R"({"company":{"employees":"many"},"buying_group":[],"id":"L-6"})");
  CHECK(m.message == R"(company.employees: expected int, got "many")");
  CHECK(m.key == "\"L-6\"");
}

TEST_CASE("ndjson: only the keys the layout names are read; a repeated key takes the last value") {
  Row r = one(minimal(R"(,"unknown":{"deep":[[[[1]]]]},"Lead_Score__c":7)"));
  REQUIRE_FALSE(r.error);
  CHECK(r.slots[kScore] == "7");
}

TEST_CASE("ndjson: keys are matched by their raw bytes, by the last record's order, or unescaped") {
  // Records of one input usually share their key order; each line here breaks it
  // differently, and every one must read the same as the first.
  const std::string tail =
      R"("Lead_Score__c":7,"company":{"industry":"X","employees":3},"buying_group":[],"pain_points":[])";
  const std::vector<std::string> lines = {
      R"({"id":"A","email":"e",)" + tail + "}",
      R"({"id":"A",)" + tail + R"(,"email":"e"})",                      // moved to the end
      R"({"email":"e","Lead_Score__cc":1,"Lead_Score__":2,"id":"A",)" + tail + "}",  // near misses
      R"({"\u0069d":"A","em\u0061il":"e",)" + tail + "}",               // escaped keys
      R"({"i\"d":"B","id":"A","email":"e",)" + tail + "}",               // a quote inside a key
      R"({"id":"A","":0,"email":"e",)" + tail + "}",                      // the empty key
  };
  std::string input;
  for (const auto& l : lines) input += l + "\n";
  auto rows = read_all(InputFormat::ndjson, input, lead_program());
  REQUIRE(rows.size() == lines.size());
  for (const Row& r : rows) {
    INFO(r.line << ": " << r.message);
    REQUIRE_FALSE(r.error);
    CHECK(r.key == "\"A\"");
    CHECK(r.slots[kEmail] == "\"e\"");
    CHECK(r.slots[kScore] == "7");
    CHECK(r.slots[kEmployees] == "3");
    CHECK(r.slots[kIndustry] == "\"X\"");
  }
}

// The walk keeps the undeclared keys it meets (UnreadKeys) and guesses them from the
// key order as it guesses declared ones. A reader warm from many records must read
// each one as a fresh reader does: undeclared keys of every length around the word
// edges and past the kept limit (31 bytes), near misses of declared keys (one past
// their 16th byte), declared keys under the wrong parent, more distinct keys than are
// kept (256 a layout), keys moved, dropped and repeated from line to line.
TEST_CASE("ndjson: undeclared keys kept by the walk read as a fresh reader reads them") {
  std::mt19937 rng(20261124);
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  std::vector<std::string> pool = {"emai", "emaill", "Lead_Score__C", "Lead_Score__c_", "i", "ID", "id2",
                                   "employees", "industry", "name", "role", "lead_score", "company.employees",
                                   "buying_group2", "pain_points ", "program_successez", "program_successes2",
                                   "program_successe"};
  for (std::size_t len : {1, 6, 7, 8, 9, 14, 15, 16, 17, 22, 23, 24, 25, 30, 31, 32, 33, 40})
    pool.push_back(std::string(len - 1, static_cast<char>('a' + len % 26)) + "Z");
  for (int n = 0; n < 300; ++n) pool.push_back("col_" + std::to_string(n));  // more than are kept
  const std::vector<std::string> values = {"1", "\"text\"", "null", "true", "[1,{\"id\":\"X\"}]",
                                           "{\"employees\":9,\"id\":\"Y\"}", "-2.5e3", "\"\""};
  // Keys of the record in a usual order, some undeclared ones among them.
  auto object = [&](std::vector<std::string> fields, std::size_t stable) {
    std::vector<std::string> extra;
    const std::size_t count = pick(5);
    for (std::size_t i = 0; i < count; ++i) {
      const std::string& key = pool[i < stable ? i * 7 % 40 : pick(pool.size())];
      extra.push_back("\"" + key + "\":" + values[pick(values.size())]);
    }
    for (const std::string& e : extra) {
      fields.insert(fields.begin() + static_cast<std::ptrdiff_t>(pick(fields.size() + 1)), e);
    }
    if (pick(8) == 0 && fields.size() > 1) std::swap(fields[0], fields[fields.size() - 1]);
    std::string out = "{";
    for (std::size_t i = 0; i < fields.size(); ++i) out += (i > 0 ? "," : "") + fields[i];
    return out + "}";
  };
  // First the two traps in plain sight: an undeclared key equal to a declared one up
  // to its 17th byte, and one met under two parents, then a declared key of the other.
  const std::string tail = R"("Lead_Score__c":1,"buying_group":[],"pain_points":[]})";
  std::string input = R"({"id":"A","program_successez":1,)" + tail + "\n" +
                      R"({"id":"B","program_successes":5,)" + tail + "\n" +
                      R"({"id":"C","company":{"emai":1,"employees":5},)" + tail + "\n" +
                      R"({"id":"D","emai":1,"employees":7,"company":{},)" + tail + "\n";
  for (int line = 4; line < 600; ++line) {
    const std::size_t stable = line % 3 == 0 ? 0 : 5;  // most lines repeat the same extra keys
    std::vector<std::string> group;
    for (std::size_t m = pick(3); m > 0; --m) {
      group.push_back(object({"\"name\":\"M\"", "\"role\":\"cfo\"", "\"lead_score\":" + std::to_string(pick(200))},
                             stable));
    }
    std::string list = "[";
    for (std::size_t i = 0; i < group.size(); ++i) list += (i > 0 ? "," : "") + group[i];
    list += "]";
    std::vector<std::string> top = {"\"id\":\"L-" + std::to_string(line) + "\"",
                                    "\"Lead_Score__c\":" + std::to_string(pick(300)),
                                    "\"company\":" + object({"\"employees\":" + std::to_string(pick(999)),
                                                              "\"industry\":\"Software\""}, stable),
                                    "\"buying_group\":" + list, "\"pain_points\":[\"cost\"]"};
    if (pick(2) == 0) top.insert(top.begin() + 1, "\"email\":\"a@b.co\"");
    if (pick(2) == 0) top.insert(top.begin() + 2, "\"program_successes\":" + std::to_string(1 + pick(9)));
    input += object(top, stable) + "\n";
  }
  const auto warm = read_all(InputFormat::ndjson, input, lead_program());
  REQUIRE(warm.size() == 600);
  std::istringstream lines(input);
  std::string one_line;
  int clean = 0;
  for (const Row& r : warm) {
    REQUIRE(std::getline(lines, one_line));
    INFO(one_line);
    const auto fresh = read_all(InputFormat::ndjson, one_line + "\n", lead_program());
    REQUIRE(fresh.size() == 1);
    CHECK(r.error == fresh[0].error);
    CHECK(r.message == fresh[0].message);
    CHECK(r.key == fresh[0].key);
    CHECK(r.slots == fresh[0].slots);
    clean += r.error ? 0 : 1;
  }
  // Pool keys declared under another parent (`employees` inside `company`) make some
  // records data errors; most must read whole.
  CHECK(clean > 300);
}

TEST_CASE("ndjson: plain integers read directly give what the general number parser gives") {
  CHECK(one(minimal(R"(,"Lead_Score__c":-42)")).slots[kScore] == "-42");
  CHECK(one(minimal(R"(,"Lead_Score__c":0)")).slots[kScore] == "0");
  CHECK(one(minimal(R"(,"Lead_Score__c":-0)")).slots[kScore] == "0");
  CHECK(one(minimal(R"(,"Lead_Score__c": 7 )")).slots[kScore] == "7");
  CHECK(one(minimal(R"(,"Lead_Score__c":999999999999999999)")).slots[kScore] == "999999999999999999");
  CHECK(one(minimal(R"(,"Lead_Score__c":9223372036854775807)")).slots[kScore] == "9223372036854775807");
  CHECK(one(minimal(R"(,"Lead_Score__c":-9223372036854775808)")).slots[kScore] == "-9223372036854775808");
  CHECK(one(minimal(R"(,"Lead_Score__c":1e2)")).slots[kScore] == "100");
  CHECK(one(minimal(R"(,"Lead_Score__c":01)")).code == "E_DATA_JSON");
  CHECK(one(minimal(R"(,"amount":-0)")).slots[kAmount] == "-0");
  CHECK(one(minimal(R"(,"amount":-12)")).slots[kAmount] == "-12");
  CHECK(one(minimal(R"(,"amount":9007199254740993)")).slots[kAmount] == "9007199254740992");
  CHECK(one(minimal(R"(,"amount":12345678901234567)")).slots[kAmount] == "1.2345678901234568e+16");
  CHECK(one(minimal(R"(,"meeting_scheduled":true )")).slots[kMeeting] == "true");
  CHECK(one(minimal(R"(,"meeting_scheduled":truex)")).code == "E_DATA_JSON");
}

TEST_CASE("ndjson: the token fast paths give what the general path gives") {
  // A space after a scalar makes its raw token longer than the word the fast path
  // compares, so the same value goes through the general path (type(), then the
  // typed getter): both must give the same row, errors included.
  const std::vector<std::string> fields = {
      R"("meeting_scheduled":true)",  R"("meeting_scheduled":false)", R"("meeting_scheduled":null)",
      R"("meeting_scheduled":fals)",  R"("meeting_scheduled":falsee)", R"("meeting_scheduled":nul)",
      R"("meeting_scheduled":7)",     R"("meeting_scheduled":"true")", R"("Lead_Score__c":null)",
      R"("Lead_Score__c":true)",      R"("Lead_Score__c":-17)",        R"("Lead_Score__c":1234567890123)",
      R"("Lead_Score__c":-)",         R"("Lead_Score__c":1x)",          R"("amount":false)",
      R"("amount":-3)",               R"("email":null)",                R"("email":nullx)",
      R"("email":true)",              R"("close_date":null)",           R"("contact_role":false)",
  };
  for (const std::string& f : fields) {
    INFO(f);
    const Row fast = one(minimal("," + f));
    const Row general = one(minimal("," + f + " "));
    CHECK(fast.error == general.error);
    CHECK(fast.code == general.code);
    CHECK(fast.message == general.message);
    CHECK(fast.slots == general.slots);
  }
}

TEST_CASE("ndjson: integers of every length read directly give what the general path gives") {
  // plain_integer reads up to 18 digits without the general parser: every length
  // 1-19, signs, a leading zero, the largest and smallest values of a length, and a
  // non-digit at every place, against the general path (a trailing space).
  std::vector<std::string> tokens;
  for (std::size_t d = 1; d <= 19; ++d) {
    std::string digits;
    for (std::size_t i = 0; i < d; ++i) digits += static_cast<char>('1' + (i * 7 + d) % 9);
    for (const std::string& t : {digits, std::string(d, '9'), "1" + std::string(d - 1, '0'), "0" + digits}) {
      tokens.push_back(t);
      tokens.push_back("-" + t);
    }
    for (std::size_t at = 0; at < d; ++at) {
      for (char bad : {'/', ':', 'a', '.', 'e', '+', '-'}) {
        std::string t = digits;
        t[at] = bad;
        tokens.push_back(t);
      }
    }
  }
  for (const std::string& t : tokens) {
    for (const char* key : {"Lead_Score__c", "amount"}) {
      INFO(key << ": " << t);
      const std::string field = fmt::format(R"("{}":{})", key, t);
      const Row fast = one(minimal("," + field));
      const Row general = one(minimal("," + field + " "));
      CHECK(fast.code == general.code);
      CHECK(fast.message == general.message);
      CHECK(fast.slots == general.slots);
    }
  }
  CHECK(one(minimal(R"(,"Lead_Score__c":12345678)")).slots[kScore] == "12345678");
  CHECK(one(minimal(R"(,"Lead_Score__c":-9)")).slots[kScore] == "-9");
}

TEST_CASE("schema: raw key matching agrees with comparing the key itself") {
  // Keys of 0 to 33 bytes cover the two words compared at once and the further ones.
  ir::Program p;
  ir::Layout layout;
  std::vector<std::string> keys;
  for (std::size_t n = 0; n <= 33; ++n) {
    std::string k;
    for (std::size_t i = 0; i < n; ++i) k += static_cast<char>('a' + (i * 7 + n) % 26);
    keys.push_back(k);
    layout.slots.push_back(slot("f" + std::to_string(n), TypeKind::text, k));
  }
  p.layouts.push_back(layout);
  ir::Record rec;
  rec.layout = 0;
  p.records.push_back(rec);
  const sluice::rt::readers::RecordSchema schema(p, 0, false);
  const auto raw = schema.raw_keys(0);
  keys[0] = "f0";
  std::vector<std::string> inputs = keys;
  for (const std::string& k : keys) {
    for (std::size_t m = 0; m < k.size(); ++m) inputs.push_back(k.substr(0, m));  // prefixes
    inputs.push_back(k + "x");
    for (std::size_t i = 0; i < k.size(); ++i) {
      std::string changed = k;
      changed[i] = static_cast<char>(changed[i] ^ 0x20);
      inputs.push_back(changed);
    }
  }
  for (std::size_t s = 0; s < keys.size(); ++s) {
    for (const std::string& in : inputs) {
      // As simdjson hands it over: after the opening quote, then the value, then padding.
      const std::string buf = in + R"(":1,"zz":2})" + std::string(64, '\0');
      INFO(keys[s] << " vs " << in);
      CHECK(raw.is(static_cast<std::int32_t>(s), buf.data()) == (in == keys[s]));
    }
  }
}

TEST_CASE("ndjson: invalid UTF-8") {
  Row r = one(minimal(",\"email\":\"a\xff\""));
  CHECK(r.code == "E_DATA_UTF8");
}

TEST_CASE("ndjson: nesting and list limits") {
  ReaderLimits limits;
  limits.max_depth = 3;  // the record, the list, its element; not the element's object
  Row r = one(minimal(R"(,"buying_group":[{"name":"A","boss":{"name":"B"}}])"), limits);
  CHECK(r.code == "E_DATA_LIMIT");
  CHECK(r.message == "buying_group[0].boss: nested deeper than 3 levels");
  CHECK_FALSE(one(minimal(R"(,"buying_group":[{"name":"A"}])"), limits).error);
  limits.max_depth = 2;
  Row e = one(minimal(R"(,"buying_group":[{"name":"A"}])"), limits);
  CHECK(e.code == "E_DATA_LIMIT");
  CHECK(e.message == "buying_group[0]: nested deeper than 2 levels");
  // Ignored keys are skipped unparsed, whatever their depth.
  Row skipped = one(minimal(R"(,"other":[[[[[[[[[[[[1]]]]]]]]]]]])"), limits);
  CHECK_FALSE(skipped.error);
  limits = {};
  limits.max_list = 2;
  Row l = one(minimal(R"(,"pain_points":["a","b","c"])"), limits);
  CHECK(l.code == "E_DATA_LIMIT");
  CHECK(l.message == "pain_points: list of 3 elements is longer than the limit of 2");
}

TEST_CASE("ndjson: blank lines are skipped, CRLF and a missing final newline are accepted") {
  std::string input = "\n" + minimal() + "\r\n  \r\n\n" + kGood + "\r\n" + minimal();
  auto rows = read_all(InputFormat::ndjson, input, lead_program());
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].line == 2);
  CHECK(rows[1].line == 5);
  CHECK(rows[2].line == 6);
  CHECK(rows[2].index == 2);
  for (const auto& r : rows) CHECK_FALSE(r.error);
  CHECK(read_all(InputFormat::ndjson, "", lead_program()).empty());
  CHECK(read_all(InputFormat::ndjson, "\n\r\n", lead_program()).empty());
}

TEST_CASE("ndjson: a line over the limit is one error record and reading goes on") {
  ReaderLimits limits;
  limits.max_line_bytes = 200;
  std::string longline = minimal(",\"email\":\"" + std::string(500, 'x') + "\"");
  auto rows = read_all(InputFormat::ndjson, minimal() + "\n" + longline + "\n" + minimal() + "\n", lead_program(), limits);
  REQUIRE(rows.size() == 3);
  CHECK_FALSE(rows[0].error);
  CHECK(rows[1].code == "E_DATA_LIMIT");
  CHECK(rows[1].message == "line longer than 200 bytes");
  CHECK(rows[1].line == 2);
  CHECK_FALSE(rows[2].error);
  CHECK(rows[2].line == 3);
}

TEST_CASE("ndjson: a line longer than the read block is skipped without being kept") {
  ReaderLimits limits;
  limits.max_line_bytes = 1 << 20;
  // 3 MB on one line: longer than the 1 MB block and the limit.
  std::string huge = minimal(",\"email\":\"" + std::string(3u << 20, 'y') + "\"");
  auto rows = read_all(InputFormat::ndjson, huge + "\n" + minimal() + "\n" + huge, lead_program(), limits);
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].code == "E_DATA_LIMIT");
  CHECK(rows[0].line == 1);
  CHECK_FALSE(rows[1].error);
  CHECK(rows[1].line == 2);
  CHECK(rows[2].code == "E_DATA_LIMIT");
  CHECK(rows[2].line == 3);
}

TEST_CASE("ndjson: a reader over lines in memory gives what the stream reader gives") {
  ReaderLimits limits;
  limits.max_line_bytes = 400;
  const std::string longline = minimal(",\"email\":\"" + std::string(500, 'x') + "\"");
  const std::string input = "\n" + kGood + "\r\n" + minimal() + "\n{\"id\":\"L-9\",\"Lead_Score__c\":oops}\n  \n" +
                            longline + "\n" + minimal(",\"Lead_Score__c\":\"high\"") + "\n[1]\n" + minimal();
  const auto streamed = read_all(InputFormat::ndjson, input, lead_program(), limits);
  const auto in_place = read_in_place(input, lead_program(), limits);
  REQUIRE(streamed.size() == 7);
  check_same_rows(in_place, streamed, [](std::size_t i) { return "record " + std::to_string(i); });
  CHECK(streamed[2].code == "E_DATA_JSON");
  CHECK(streamed[3].code == "E_DATA_LIMIT");
  CHECK(streamed[4].code == "E_DATA_TYPE");
  CHECK(streamed[5].message == "expected a JSON object on each line, got a list");
  CHECK(streamed[6].line == 9);
  CHECK(read_in_place("", lead_program()).empty());
}


TEST_CASE("ndjson: batches hold records that stay valid together and give what next() gives") {
  std::string input;
  std::vector<std::string> emails;
  for (int i = 0; i < 5000; ++i) {
    std::string email;
    input += varied_line(i, email);
    emails.push_back(email);
  }
  REQUIRE(input.size() > (std::size_t{3} << 20));
  const auto program = lead_program();
  ReaderLimits limits;
  limits.max_line_bytes = 2000;
  const auto one_by_one = read_all(InputFormat::ndjson, input, program, limits);
  REQUIRE(one_by_one.size() == 5000);
  CHECK(one_by_one[7].code == "E_DATA_LIMIT");
  CHECK(one_by_one[4507].code == "E_DATA_LIMIT");
  for (std::size_t i : {1u, 3u, 6u, 40u, 41u, 1234u, 4999u}) {
    INFO("record " << i);
    CHECK(one_by_one[i].slots[kEmail] == show(sluice::rt::Value::text(emails[i])));
    CHECK(one_by_one[i].slots[kIndustry] == show(sluice::rt::Value::text("Ind\xC3\xA9 " + std::to_string(i))));
  }
  CHECK(one_by_one[97].code == "E_DATA_TYPE");
  for (std::size_t max : {sluice::rt::kMaxBatch, std::size_t{5}, std::size_t{1}}) {
    INFO("batches of at most " << max);
    std::istringstream in(input);
    auto reader = sluice::rt::make_reader(InputFormat::ndjson, in, program, 0, limits);
    std::vector<std::size_t> sizes;
    const auto batched = rows_of_batches(*reader, program, max, sizes);
    check_same_rows(batched, one_by_one, [](std::size_t i) { return "record " + std::to_string(i); });
    CHECK(*std::max_element(sizes.begin(), sizes.end()) == max);
    if (max > 1) {
      // A batch ends early where the next line is not yet read whole: refilling the
      // buffer would move the bytes of the texts the batch holds.
      CHECK(std::count_if(sizes.begin(), sizes.end() - 1, [&](std::size_t n) { return n < max; }) > 0);
    }
    std::string padded = input + std::string(64, '\0');
    auto in_place =
        sluice::rt::make_ndjson_reader_in_place(std::string_view(padded.data(), input.size()), program, 0, limits);
    sizes.clear();
    const auto in_place_batched = rows_of_batches(*in_place, program, max, sizes);
    check_same_rows(in_place_batched, one_by_one, [](std::size_t i) { return "in place, record " + std::to_string(i); });
    // Over text in memory nothing moves: every batch but the last is full.
    CHECK(std::count_if(sizes.begin(), sizes.end() - 1, [&](std::size_t n) { return n < max; }) == 0);
  }
}

TEST_CASE("ndjson: a restarted in-place reader reads the next chunk as a new reader does") {
  ReaderLimits limits;
  limits.max_line_bytes = 400;
  const std::string first = std::string(64, '\0');  // the padding before the texts
  const std::string a = kGood + "\n" + minimal(",\"Lead_Score__c\":\"high\"") + "\n{broken\n";
  const std::string b = "\n" + minimal() + "\r\n" + minimal(",\"email\":\"" + std::string(500, 'x') + "\"") + "\n" + kGood;
  const std::string pa = a + first, pb = b + first;
  const auto program = lead_program();
  auto reader = sluice::rt::make_ndjson_reader_in_place(std::string_view(pa.data(), a.size()), program, 0, limits);
  check_same_rows(rows_of(*reader, program), read_in_place(a, program, limits),
                  [](std::size_t i) { return "first chunk, record " + std::to_string(i); });
  reader->restart(std::string_view(pb.data(), b.size()));
  const auto fresh = read_in_place(b, program, limits);
  REQUIRE(fresh.size() == 3);
  check_same_rows(rows_of(*reader, program), fresh, [](std::size_t i) { return "restarted, record " + std::to_string(i); });
}

TEST_CASE("ndjson: keys are field names for test `given` input") {
  auto rows = read_all(InputFormat::ndjson,
                       R"({"id":"T","lead_score":3,"company":{},"buying_group":[],"pain_points":[]})", lead_program(),
                       {}, true);
  REQUIRE(rows.size() == 1);
  CHECK_FALSE(rows[0].error);
  CHECK(rows[0].slots[kScore] == "3");
}

TEST_CASE("readers reject an inconsistent hand-built layout") {
  auto p = lead_program();
  p.layouts[0].slots[kEmployees].parent = kGroup;  // a list is not an object
  std::istringstream in("");
  CHECK_THROWS_AS(sluice::rt::make_reader(InputFormat::ndjson, in, p, 0), std::invalid_argument);
  CHECK_THROWS_AS(sluice::rt::make_reader(InputFormat::ndjson, in, lead_program(), 3), std::invalid_argument);
  auto cyc = lead_program();
  cyc.layouts[1].slots.push_back(slot("again", TypeKind::list));
  cyc.layouts[1].slots.back().element_kind = TypeKind::object;
  cyc.layouts[1].slots.back().element_layout = 1;  // a cycle: indexed once, no endless recursion
  CHECK_NOTHROW(sluice::rt::make_reader(InputFormat::ndjson, in, cyc, 0));
}

TEST_CASE("json array: elements are records, `line` is where each starts") {
  std::string input = "[\n  " + minimal() + ",\n  " + kGood + ",\n  {\"id\":\"L-7\",\"Lead_Score__c\":\"x\"},\n  42\n]\n";
  auto rows = read_all(InputFormat::json, input, lead_program());
  REQUIRE(rows.size() == 4);
  CHECK_FALSE(rows[0].error);
  CHECK(rows[0].line == 2);
  CHECK(rows[1].line == 3);
  CHECK(rows[1].slots[kGroup] == "[(\"Ann\" \"cfo\" 110 - -),(\"Bob\" - 0 - -)]");
  CHECK(rows[2].code == "E_DATA_TYPE");
  CHECK(rows[2].key == "\"L-7\"");
  CHECK(rows[2].line == 4);
  CHECK(rows[3].code == "E_DATA_TYPE");
  CHECK(rows[3].message == "expected a JSON object for each array element");
  CHECK(rows[3].index == 3);
}

TEST_CASE("json array: texts of earlier records stay valid while later ones are read") {
  std::istringstream in("[" + kGood + "," + minimal() + "]");
  auto program = lead_program();
  auto reader = sluice::rt::make_reader(InputFormat::json, in, program, 0);
  sluice::rt::RecordIn rec;
  REQUIRE(reader->next(rec));
  CHECK(show(rec.key) == "\"L-1\"");
  REQUIRE(reader->next(rec));
  CHECK(show(rec.key) == "\"L-2\"");
  CHECK_FALSE(reader->next(rec));
  CHECK_FALSE(reader->next(rec));
}

TEST_CASE("json array: empty input, a single object, broken input") {
  CHECK(read_all(InputFormat::json, "", lead_program()).empty());
  CHECK(read_all(InputFormat::json, " \n ", lead_program()).empty());
  CHECK(read_all(InputFormat::json, "[]", lead_program()).empty());
  auto single = read_all(InputFormat::json, "\n" + minimal(), lead_program());
  REQUIRE(single.size() == 1);
  CHECK_FALSE(single[0].error);
  CHECK(single[0].line == 2);
  auto bad = read_all(InputFormat::json, "[" + minimal() + ",", lead_program());
  REQUIRE(bad.size() == 1);
  CHECK(bad[0].code == "E_DATA_JSON");
  auto mid = read_all(InputFormat::json, "[" + minimal() + "\n " + minimal() + "]", lead_program());
  REQUIRE_FALSE(mid.empty());
  CHECK(mid.back().code == "E_DATA_JSON");
  auto scalar = read_all(InputFormat::json, "\"text\"", lead_program());
  REQUIRE(scalar.size() == 1);
  CHECK(scalar[0].code == "E_DATA_TYPE");
  ReaderLimits limits;
  limits.max_document_bytes = 10;
  auto big = read_all(InputFormat::json, "[" + minimal() + "]", lead_program(), limits);
  REQUIRE(big.size() == 1);
  CHECK(big[0].code == "E_DATA_LIMIT");
}

namespace {

// Produces `lines` NDJSON lines on demand, so the input itself takes no memory.
class GeneratedLines : public std::streambuf {
 public:
  explicit GeneratedLines(std::int64_t lines) : left_(lines) {}

 protected:
  int_type underflow() override {
    if (left_ == 0) return traits_type::eof();
    line_.clear();  // reuses its buffer: the generator allocates nothing per line
    fmt::format_to(std::back_inserter(line_), R"({{"id":"L-{}","n":{}}})"
                        "\n",
                        left_, left_ % 200);
    --left_;
    setg(line_.data(), line_.data(), line_.data() + line_.size());
    return traits_type::to_int_type(line_[0]);
  }

 private:
  std::int64_t left_;
  std::string line_;
};

long rss_kb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

}  // namespace

TEST_CASE("ndjson: a million-line stream is read in constant memory") {
  // A narrow record keeps the test fast in debug builds; the reading path is the same.
  sluice::ir::Program program;
  sluice::ir::Layout layout;
  layout.slots = {slot("id", TypeKind::text), slot("n", TypeKind::int_)};
  layout.slots[0].is_key = true;
  program.layouts = {layout};
  program.records = {sluice::ir::Record{"r", 0, 0}};
  GeneratedLines source(1000000);
  std::istream in(&source);
  auto reader = sluice::rt::make_reader(InputFormat::ndjson, in, program, 0);
  sluice::rt::RecordIn rec;
  std::int64_t count = 0, errors = 0;
  long warm = 0;
  while (reader->next(rec)) {
    if (rec.error) ++errors;
    if (++count == 20000) warm = rss_kb();
  }
  const long end = rss_kb();
  CHECK(count == 1000000);
  CHECK(errors == 0);
  CHECK(rec.line == 1000000);
  REQUIRE(warm > 0);
  // Reading 980 000 more records may not grow the process (26 MB of input went by):
  // even 9 bytes kept per record would exceed this slack, which allows for allocator
  // noise (AddressSanitizer's shadow and quarantine pages).
  CHECK(end - warm < 8192);
}
