// The CSV reader: RFC 4180 splitting, header mapping, typed cells, errors.
#include <catch2/catch.hpp>

#include "io_test_support.hpp"
#include "runtime/readers/block_input.hpp"
#include "runtime/readers/csv_scanner.hpp"

using namespace io_test;
using sluice::rt::InputFormat;
using sluice::rt::ReaderLimits;

namespace {

const std::string kHeader = "id,Lead_Score__c,company.employees,buying_group,pain_points\n";

std::vector<Row> csv(const std::string& text, const ReaderLimits& limits = {}) {
  return read_all(InputFormat::csv, text, lead_program(), limits);
}

Row one(const std::string& header, const std::string& row) {
  auto rows = csv(header + row + "\n");
  REQUIRE(rows.size() == 1);
  return rows[0];
}

// A row of kHeader with the given score cell.
Row score(const std::string& cell) { return one(kHeader, "L-1," + cell + ",10,[],[]"); }

}  // namespace

TEST_CASE("csv: a header maps columns by input key, dotted names fill nested objects") {
  auto rows = csv(kHeader + "L-1,120,300,\"[{\"\"name\"\":\"\"Ann\"\",\"\"lead_score\"\":5}]\",\"[\"\"cost\"\",\"\"time\"\"]\"\n");
  REQUIRE(rows.size() == 1);
  const Row& r = rows[0];
  INFO(r.message);
  REQUIRE_FALSE(r.error);
  CHECK(r.line == 2);
  CHECK(r.key == "\"L-1\"");
  CHECK(r.slots[kScore] == "120");
  CHECK(r.slots[kCompany] == "{}");  // present: it has a dotted column
  CHECK(r.slots[kEmployees] == "300");
  CHECK(r.slots[kGroup] == "[(\"Ann\" - 5 - -)]");
  CHECK(r.slots[kPains] == "[\"cost\",\"time\"]");
  CHECK(r.slots[kSuccesses] == "0");
  CHECK(r.slots[kTags] == "[\"new\"]");
}

TEST_CASE("csv: field names work as headers too, unknown columns are ignored") {
  Row r = one("ignored,id,lead_score,company,buying_group,pain_points,notes\n",
              "x,L-2,7,\"{\"\"industry\"\":\"\"Software\"\"}\",[],[],whatever");
  INFO(r.message);
  REQUIRE_FALSE(r.error);
  CHECK(r.slots[kScore] == "7");
  CHECK(r.slots[kIndustry] == "\"Software\"");
}

TEST_CASE("csv: RFC 4180 quoting, embedded commas, quotes and newlines, CRLF, BOM") {
  std::string text = "\xEF\xBB\xBFid,email,Lead_Score__c,company.industry,buying_group,pain_points\r\n"
                     "\"L,1\",\"say \"\"hi\"\"\",1,\"multi\r\nline\",[],[]\r\n"
                     "L-2,,2,plain,[],[]\r\n";
  auto rows = csv(text);
  REQUIRE(rows.size() == 2);
  INFO(rows[0].message);
  CHECK_FALSE(rows[0].error);
  CHECK(rows[0].key == "\"L,1\"");
  CHECK(rows[0].slots[kEmail] == "\"say \"hi\"\"");
  CHECK(rows[0].slots[kIndustry] == "\"multi\r\nline\"");
  CHECK(rows[0].line == 2);
  CHECK(rows[1].line == 4);  // the quoted line break moved it down one line
  CHECK(rows[1].slots[kEmail] == "-");  // empty cell: not set
  CHECK_FALSE(rows[1].error);
}

TEST_CASE("csv: blank lines are skipped and a missing final newline is fine") {
  auto rows = csv("\n" + kHeader + "\nL-1,1,,[],[]\n\r\nL-2,2,,[],[]");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].line == 4);
  CHECK(rows[1].line == 6);
  CHECK(rows[1].key == "\"L-2\"");
  CHECK(rows[0].slots[kCompany] == "{}");  // a dotted column makes it present, even empty
  CHECK(rows[0].slots[kEmployees] == "-");
  CHECK(csv("").empty());
  CHECK(csv(kHeader).empty());
}

TEST_CASE("csv: cells are parsed by declared type") {
  const std::string h =
      "id,Lead_Score__c,buying_group,pain_points,meeting_scheduled,amount,close_date,cycle,contact_role,company.industry\n";
  Row r = one(h, "L-1, 12 ,[],[],Yes,1.5e3,2026-01-15,2w,user,");
  INFO(r.message);
  REQUIRE_FALSE(r.error);
  CHECK(r.slots[kScore] == "12");  // surrounding blanks are trimmed for typed cells
  CHECK(r.slots[kMeeting] == "true");
  CHECK(r.slots[kAmount] == "1500");
  CHECK(r.slots[kCloseDate] == "2026-01-15T00:00:00Z");
  CHECK(r.slots[kCycle] == "14d");
  CHECK(r.slots[kRole] == "\"user\"");
  for (auto [cell, want] : {std::pair{"TRUE", "true"}, {"no", "false"}, {"1", "true"}, {"0", "false"}, {"False", "false"}}) {
    CHECK(one(h, std::string("L-1,1,[],[],") + cell + ",,,,,").slots[kMeeting] == want);
  }
}

TEST_CASE("csv: bad cells are typed errors naming the field") {
  Row t = score("high");
  CHECK(t.code == "E_DATA_TYPE");
  CHECK(t.message == R"(lead_score: expected int, got "high")");
  CHECK(t.key == "\"L-1\"");
  CHECK(score("1.5").code == "E_DATA_TYPE");
  CHECK(score("100.0").slots[kScore] == "100");
  CHECK(score("99999999999999999999").code == "E_DATA_RANGE");
  CHECK(score("0x10").code == "E_DATA_TYPE");
  Row missing = score("");
  CHECK(missing.code == "E_DATA_MISSING");
  CHECK(missing.message == "lead_score: required field is missing or null");
  const std::string h = "id,Lead_Score__c,buying_group,pain_points,meeting_scheduled,contact_role,close_date\n";
  Row b = one(h, "L-1,1,[],[],maybe,,");
  CHECK(b.message == R"(meeting_scheduled: expected bool (true/false/yes/no/1/0), got "maybe")");
  Row e = one(h, "L-1,1,[],[],,ceo,");
  CHECK(e.code == "E_DATA_ENUM");
  CHECK(e.message == R"(contact_role: expected one of "decision_maker", "economic_buyer", "user", got "ceo")");
  Row d = one(h, "L-1,1,[],[],,,15/01/2026");
  CHECK(d.message == R"(close_date: expected date (ISO-8601), got "15/01/2026")");
}

TEST_CASE("csv: list cells hold JSON arrays") {
  Row notjson = one(kHeader, "L-1,1,,[],cost");
  CHECK(notjson.code == "E_DATA_TYPE");
  CHECK(notjson.message == R"(pain_points: expected a JSON list in the cell, got "cost")");
  Row broken = one(kHeader, "L-1,1,,[],\"[\"\"a\"\"\"");
  CHECK(broken.code == "E_DATA_JSON");
  CHECK(broken.message.rfind("pain_points: malformed JSON: ", 0) == 0);
  Row typed = one(kHeader, "L-1,1,,[],[1]");
  CHECK(typed.message == "pain_points[0]: expected text, got 1");
  Row trailing = one(kHeader, "L-1,1,,[],[] x");
  CHECK(trailing.code == "E_DATA_JSON");
}

TEST_CASE("csv: ragged rows and malformed quoting are error records; the stream goes on") {
  auto rows = csv(kHeader + "L-1,1,,[]\n" + "L-2,1,,[],[],extra\n" + "L-3,\"1\"x,,[],[]\n" + "L-4,5\"6,,[],[]\n" +
                  "L-5,1,,[],[]\n");
  REQUIRE(rows.size() == 5);
  CHECK(rows[0].code == "E_DATA_CSV");
  CHECK(rows[0].message == "row has 4 fields, the header has 5");
  CHECK(rows[0].key == "\"L-1\"");
  CHECK(rows[1].code == "E_DATA_CSV");
  CHECK(rows[2].code == "E_DATA_CSV");
  CHECK(rows[2].message == "unexpected character after the closing quote of field 2");
  CHECK(rows[3].message == "`\"` inside unquoted field 2: quote the field and double the quote");
  CHECK_FALSE(rows[4].error);
  CHECK(rows[4].line == 6);
}

TEST_CASE("csv: a quote left open at the end of the input costs only its own line") {
  auto rows = csv(kHeader + "L-1,1,,[],[]\nL-2,\"1,,[],[]\nL-3,1,,[],[]\n");
  REQUIRE(rows.size() == 3);
  CHECK_FALSE(rows[0].error);
  CHECK(rows[1].code == "E_DATA_CSV");
  CHECK(rows[1].message == "unterminated quoted field (opened on line 3); reading resumes on line 4");
  CHECK(rows[1].line == 3);
  CHECK(rows[1].key == "\"L-2\"");
  CHECK_FALSE(rows[2].error);
  CHECK(rows[2].line == 4);
  CHECK(rows[2].key == "\"L-3\"");
  // On the last line, without a final newline: the record is the whole rest.
  auto last = csv(kHeader + "L-1,1,,[],\"[]");
  REQUIRE(last.size() == 1);
  CHECK(last[0].message == "unterminated quoted field (opened on line 2)");
}

TEST_CASE("csv: a stray quote closed by a later line's quote resumes after its own line") {
  // L-2's quote is closed by the one that opens L-4's list: junk follows it.
  auto rows = csv(kHeader + "L-1,1,,[],[]\nL-2,\"1,,[],[]\nL-3,2,,[],[]\nL-4,3,,[],\"[\"\"x\"\"]\"\nL-5,4,,[],[]\n");
  REQUIRE(rows.size() == 5);
  CHECK(rows[1].line == 3);
  CHECK(rows[1].message == "unterminated quoted field (opened on line 3); reading resumes on line 4");
  for (std::size_t i : {0u, 2u, 3u, 4u}) {
    INFO(i << ": " << rows[i].message);
    CHECK_FALSE(rows[i].error);
  }
  CHECK(rows[2].line == 4);
  CHECK(rows[3].line == 5);
  CHECK(rows[3].slots[kPains] == "[\"x\"]");
  CHECK(rows[4].line == 6);
  CHECK(rows[4].index == 4);
}

TEST_CASE("csv: a spanning row with the header's width is a multi-line field, another width resumes") {
  // Legal RFC 4180: the quoted field holds a line break and the row has 5 fields.
  auto legal = csv(kHeader + "L-1,1,,[],\"[\"\"a\"\",\n\"\"b\"\"]\"\nL-2,2,,[],[]\n");
  REQUIRE(legal.size() == 2);
  INFO(legal[0].message);
  CHECK_FALSE(legal[0].error);
  CHECK(legal[0].slots[kPains] == "[\"a\",\"b\"]");
  CHECK(legal[1].line == 4);
  // The quote closes at a field end on the next line, but the row would have 7 fields.
  auto ragged = csv(kHeader + "L-1,\"1,,[],[]\nL-2\",2,,[],[]\nL-3,3,,[],[]\n");
  REQUIRE(ragged.size() == 3);
  CHECK(ragged[0].message == "unterminated quoted field (opened on line 2); reading resumes on line 3");
  CHECK(ragged[1].code == "E_DATA_CSV");  // `L-2",2,…` has a quote inside an unquoted field
  CHECK(ragged[1].line == 3);
  CHECK_FALSE(ragged[2].error);
  CHECK(ragged[2].line == 4);
}

TEST_CASE("csv: an open quote looks ahead at most max_field_bytes") {
  ReaderLimits limits;
  limits.max_field_bytes = 64;
  std::string text = kHeader + "L-1,\"1,,[],[]\n";
  for (int i = 2; i <= 40; ++i) text += "L-" + std::to_string(i) + ",1,,[],[]\n";
  auto rows = csv(text, limits);
  REQUIRE(rows.size() == 40);
  CHECK(rows[0].message == "unterminated quoted field (opened on line 2); reading resumes on line 3");
  for (std::size_t i = 1; i < rows.size(); ++i) {
    INFO(i << ": " << rows[i].message);
    CHECK_FALSE(rows[i].error);
    CHECK(rows[i].line == static_cast<std::int64_t>(i) + 2);
  }
}

TEST_CASE("csv: a record open over a quoted line break keeps at most max_line_bytes after it") {
  // The quote closes on the next line, then the line runs on far past the record
  // limit: the record cannot be right, so it resumes after its first line instead of
  // buffering everything up to its end.
  ReaderLimits limits;
  limits.max_line_bytes = 200;
  auto rows = csv(kHeader + "L-1,\"1\n2\"," + std::string(5000, 'z') + ",[],[]\nL-2,1,,[],[]\n", limits);
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].line == 2);
  CHECK(rows[0].message == "unterminated quoted field (opened on line 2); reading resumes on line 3");
  CHECK(rows[0].key == "\"L-1\"");
  CHECK(rows[1].line == 3);
  CHECK(rows[1].message == "`\"` inside unquoted field 1: quote the field and double the quote");
  CHECK_FALSE(rows[2].error);
  CHECK(rows[2].line == 4);
  // Within the limit the same spanning record is one record (ragged here: 3 fields).
  auto fits = csv(kHeader + "L-1,\"1\n2\"," + std::string(100, 'z') + "\nL-2,1,,[],[]\n", limits);
  REQUIRE(fits.size() == 3);
  CHECK(fits[0].message == "unterminated quoted field (opened on line 2); reading resumes on line 3");
  auto legal = csv(kHeader + "L-1,\"1\n2\",," + std::string(100, ' ') + "[],[]\nL-2,1,,[],[]\n", limits);
  REQUIRE(legal.size() == 2);
  CHECK(legal[0].code == "E_DATA_TYPE");  // one record: "1\n2" is not an int
  CHECK(legal[1].line == 4);
}

// Every record the scanner reads from `text` in blocks of `block` bytes (0: the text
// in memory, in one piece), as comparable strings; `most` gets the largest buffer.
std::vector<std::string> scan_records(const std::string& text, std::size_t block, const ReaderLimits& limits,
                                      std::size_t& most) {
  std::istringstream stream(text);
  const std::string padded = text + std::string(sluice::rt::readers::BlockInput::kPadding, '\0');
  sluice::rt::readers::BlockInput input =
      block == 0 ? sluice::rt::readers::BlockInput(std::string_view(padded.data(), text.size()))
                 : sluice::rt::readers::BlockInput(stream, block);
  sluice::rt::readers::CsvScanner scanner(input, limits);
  sluice::rt::readers::CsvRecord rec;
  std::vector<std::string> out;
  most = 0;
  while (scanner.next(rec)) {
    most = std::max(most, input.allocated());
    std::string r = std::to_string(rec.line) + (rec.blank ? " blank" : "") + " [" +
                    (rec.problem_code != nullptr ? rec.problem_code : "") + " " + rec.problem + "]";
    for (std::size_t c = 0; c < rec.cells.size(); ++c) r += "|" + std::string(rec.cell(c));
    out.push_back(std::move(r));
  }
  return out;
}

TEST_CASE("csv: the scanner's records and problems do not depend on where its input blocks end") {
  ReaderLimits limits;
  limits.max_line_bytes = 60;
  limits.max_field_bytes = 25;
  const std::string z(2000, 'z');
  const std::vector<std::string> inputs = {
      "a,\"1\n2\"," + z + "\nb,1\n",             // over max_line_bytes after the break, in a run
      "a,\"1\n2\"," + z,                          // the same run ending the input
      "a,\"1\n2\",x," + z + ",y\nb,1\n",         // the run between two fields
      "a,\"1\n" + z + "\"\nb,1\n",               // the quoted field over max_field_bytes
      "a,\"1\n2\"," + std::string(40, 'z') + "\n",  // within the limits: one record
      "a,\"x\"\"\n\r\n" + z + "\"\"\",1\nb\n",  // "" and a CRLF inside the quotes
      z + "\n" + z + "," + z + "\n\"q\"\n",      // long lines without quotes
  };
  for (const std::string& text : inputs) {
    std::size_t most = 0;
    const auto whole = scan_records(text, 0, limits, most);
    for (std::size_t block : {std::size_t{1}, std::size_t{3}, std::size_t{16}, std::size_t{64}}) {
      INFO("input: " << text << "\nblocks of " << block);
      CHECK(scan_records(text, block, limits, most) == whole);
      // Kept at most: the record limit after the break, plus a block and the line before it.
      CHECK(most <= 4 * (limits.max_line_bytes + block + 64));
    }
  }
}

TEST_CASE("csv: limits and UTF-8") {
  ReaderLimits limits;
  limits.max_field_bytes = 17;  // the longest header name
  auto rows = csv(kHeader + "L-1,1,,[],[]\nL-2,1234567890123456789,,[],[]\nL-3,1,,[],[]\n", limits);
  REQUIRE(rows.size() == 3);
  CHECK(rows[1].code == "E_DATA_LIMIT");
  CHECK(rows[1].message == "field 2 is longer than 17 bytes");
  CHECK_FALSE(rows[2].error);
  limits = {};
  limits.max_line_bytes = 20;
  auto longrec = csv(kHeader.substr(0, 19) + "\nL-1,1,\"" + std::string(100, 'z') + "\"\nL-2,2,3\n", limits);
  REQUIRE(longrec.size() == 2);
  CHECK(longrec[0].code == "E_DATA_LIMIT");
  CHECK(longrec[0].message == "record longer than 20 bytes");
  CHECK(longrec[1].code == "E_DATA_MISSING");  // read normally (it lacks company)
  auto bad = csv(kHeader + "L-1,1,,[],\"[\"\"\xC3\x28\"\"]\"\n");
  REQUIRE(bad.size() == 1);
  CHECK(bad[0].code == "E_DATA_UTF8");
  auto header = csv("id,\xFF\n1\n");
  REQUIRE(header.size() == 1);
  CHECK(header[0].code == "E_DATA_UTF8");
  CHECK(header[0].message == "header row: invalid UTF-8 in the header row");
}

TEST_CASE("csv: lines read by the simple-line path give what the general scanner gives") {
  // With LF, these rows can take the simple path (64 bytes at a time); with CRLF, or
  // with ReaderLimits::csv_simple_lines off, every row goes through the byte-by-byte
  // scanner. The records must be the same.
  std::vector<std::string> rows = {
      "L-1,120,300,[],[]",
      "\"L,1\",5,,\"[]\",\"[\"\"a\"\",\"\"b\"\"]\"",
      "L-3,,,[],[]",
      "\"\",7,1,[],[]",
      "12345678901234567890,1,2,[],[]",   // a field of exactly max_field_bytes
      "L-4,1,2,[],[],",                   // a trailing comma: one field too many
      "L-5,1,2,[],[],x,y",                // more fields than max_list
      "L-6,\"1\"x,2,[],[]",               // junk after a closing quote
      "L-7,1\"2,3,[],[]",                 // a quote inside an unquoted field
      "L-8,123456789012345678901,2,[],[]", // a field over max_field_bytes
      "L-9,\"\",\"\"\"\",[],[]",          // empty quoted and a lone escaped quote
      "\"\"\"x\"\"\",1,2,[],[]",           // escaped quotes first and last in a quoted field
      "\"" + std::string(40, '"') + "\",1,2,[],[]",  // 20 escaped quotes: at max_field_bytes
      "\"" + std::string(42, '"') + "\",1,2,[],[]",  // 21: over it
      "\"a\"\"b\"x,1,2,[],[]",               // junk after a quoted field with an escape
      "\"L-10 never closed,1,2,[],[]",    // a quote open to the end of the input
  };
  // The simple path looks for a field's end 16 bytes at a time: fields of every
  // length up to the limit, with and without a quote at their last byte, and the same
  // with the row's other fields before them, so that ends fall at every place in a block.
  // (Before the last row, whose open quote runs to the end of the input.)
  const std::string open_to_the_end = rows.back();
  rows.pop_back();
  for (std::size_t n = 1; n <= 20; ++n) {
    const std::string field(n, static_cast<char>('a' + n % 26));
    const std::string quoted_last = field.substr(0, n - 1) + "\"";
    rows.push_back(field + ",1,2,[],[]");
    rows.push_back(quoted_last + ",1,2,[],[]");
    rows.push_back("L-" + std::to_string(n) + "," + std::to_string(n) + ",9,[]," + field);
    rows.push_back("L-" + std::to_string(n) + "," + std::to_string(n) + ",9,[]," + quoted_last);
  }
  rows.push_back(open_to_the_end);
  ReaderLimits limits;
  limits.max_field_bytes = 20;  // the header's longest name is 17 bytes
  limits.max_list = 6;
  std::string lf = kHeader, crlf = kHeader.substr(0, kHeader.size() - 1) + "\r\n";
  for (const auto& row : rows) {
    lf += row + "\n";
    crlf += row + "\r\n";
  }
  const auto simple = csv(lf, limits);
  const auto general = csv(crlf, limits);
  ReaderLimits bytewise = limits;
  bytewise.csv_simple_lines = false;
  REQUIRE(simple.size() == rows.size());
  check_same_rows(simple, general, [&](std::size_t i) { return "row " + std::to_string(i) + ": " + rows[i]; });
  check_same_rows(simple, csv(lf, bytewise), [&](std::size_t i) { return "bytewise, row " + std::to_string(i); });
  CHECK_FALSE(simple[1].error);
  CHECK(simple[1].key == "\"L,1\"");
  CHECK(simple[4].key == "\"12345678901234567890\"");
  CHECK(simple[5].code == "E_DATA_CSV");
  CHECK(simple[9].code == "E_DATA_LIMIT");
  CHECK_FALSE(simple[11].error);
  CHECK(simple[11].key == "\"\"x\"\"");  // the text "x", quoted by the test's Row
  CHECK(simple[12].key == std::string(22, '"'));
  CHECK_FALSE(simple[12].error);
  CHECK(simple[13].code == "E_DATA_LIMIT");
  CHECK(simple[14].code == "E_DATA_CSV");
}

TEST_CASE("csv: random rows read the same by the simple-line path and byte by byte") {
  // Rows of kHeader's five columns, each cell one of some valid and broken spellings
  // (quoted, with "", JSON, long enough that fields, quotes and line ends fall at
  // every place of the simple path's 64-byte blocks); a quarter of the rows then get a
  // random piece (a quote, a comma, a CR, a line break, half a character) at a random place.
  const std::string lng(37, 'q');
  const std::vector<std::vector<std::string>> cells = {
      {"L-1", "\"L,2\"", "\"a\"\"b\"", "x y", lng, "\"" + lng + "\"\"\"", "\xC3\xA9t\xC3\xA9"},
      {"1", " 2 ", "\"3\"", "", "x", "12345678901234567890123"},
      {"10", "", "\"1,000\"", "\"\"", "7"},
      {"[]", "\"[{\"\"name\"\":\"\"Ann\"\",\"\"lead_score\"\":5}]\"", "\"[ ]\"", "[1", "\"[1,2\"",
       "\"[{\"\"name\"\":\"\"" + lng + "\"\"}]\"", "[{}]"},
      {"[]", "\"[\"\"cost\"\",\"\"time\"\"]\"", "\"[\"\"a\"\"]  \"", " []", "\"[\"\"x\"\"]\" ", "\"[\"\"" + lng + "\"\"]\"",
       "\"[\"\"\\u00e9\"\"]\"", "\"[tru\"", "\"[12\""}};
  const std::vector<std::string> pieces = {"\"", "\"\"", ",", " ", "\r", "\n", "\xC3", "[", "x"};
  std::uint32_t seed = 12345;
  auto next = [&](std::size_t n) {
    seed = seed * 1664525u + 1013904223u;
    return static_cast<std::size_t>(seed >> 8) % n;
  };
  for (int round = 0; round < 3; ++round) {
    std::string text = kHeader;
    for (int row = 0; row < 2000; ++row) {
      std::string line;
      for (std::size_t c = 0; c < cells.size(); ++c) line += (c > 0 ? "," : "") + cells[c][next(cells[c].size())];
      if (next(4) == 0) line.insert(next(line.size() + 1), pieces[next(pieces.size())]);
      text += line + "\n";
    }
    ReaderLimits limits;
    if (round == 1) {
      limits.max_field_bytes = 40;
      limits.max_list = 5;  // the header's width: a row with a stray comma is over it
    }
    if (round == 2) limits.max_line_bytes = 100;
    ReaderLimits bytewise = limits;
    bytewise.csv_simple_lines = false;
    const auto simple = csv(text, limits);
    check_same_rows(simple, csv(text, bytewise),
                    [&](std::size_t i) { return "round " + std::to_string(round) + ", record " + std::to_string(i); });
    std::size_t good = 0;
    for (const auto& r : simple) good += r.error ? 0 : 1;
    INFO("round " << round << ": " << simple.size() << " records");
    CHECK(good >= 100);  // not only errors
  }
}

TEST_CASE("csv: a character split over two cells is invalid UTF-8 on either path") {
  // Back to back, the cells' bytes would make a valid "é".
  for (const std::string& end : {std::string("\n"), std::string("\r\n")}) {
    auto rows = csv(kHeader + "L-1,1,\xC3,\xA9[],[]" + end);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].code == "E_DATA_UTF8");
  }
}

TEST_CASE("csv: a duplicate column for one field: the first wins") {
  Row r = one("id,Lead_Score__c,lead_score,company.industry,buying_group,pain_points\n", "L-1,1,2,x,[],[]");
  REQUIRE_FALSE(r.error);
  CHECK(r.slots[kScore] == "1");
}
