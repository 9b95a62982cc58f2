// rt::CsvChunker and the CSV chunk reader (`eval -j N` over CSV): cut into chunks of
// any size, read chunk by chunk, an input gives exactly the records of one reader
// over all of it: lines, errors and messages, and every slot.
#include <random>

#include <catch2/catch.hpp>

#include "io_test_support.hpp"
#include "runtime/csv_chunks.hpp"

using namespace io_test;
using sluice::rt::CsvChunk;
using sluice::rt::CsvChunker;
using sluice::rt::InputFormat;
using sluice::rt::ReaderLimits;

namespace {

const std::string kHeader = "id,Lead_Score__c,company.employees,buying_group,pain_points\n";

// The records of `text` read chunk by chunk (chunks of about `target` bytes), or
// none with header_ok false when the chunker leaves the input to one reader.
struct Chunked {
  bool header_ok = false;
  std::vector<Row> rows;
  std::size_t chunks = 0;
};

Chunked read_chunked(const std::string& text, std::size_t target, const ReaderLimits& limits) {
  const ir::Program program = lead_program();
  const std::string padded = text + std::string(64, '\0');
  const std::string_view all(padded.data(), text.size());
  CsvChunker chunker(all, limits, target);
  Chunked out;
  out.header_ok = chunker.read_header();
  if (!out.header_ok) return out;
  std::unique_ptr<sluice::rt::CsvChunkReader> reader;
  CsvChunk chunk;
  std::size_t at = 0;
  while (chunker.next(chunk)) {
    INFO("chunk " << out.chunks << " at " << chunk.begin);
    CHECK((at == 0 || chunk.begin == at));  // contiguous
    at = chunk.end;
    const std::string_view part = all.substr(chunk.begin, chunk.end - chunk.begin);
    auto& chunk_reader =
        sluice::rt::csv_chunk_reader(reader, part, chunk.first_line, chunker.header(), program, 0, limits);
    for (Row& r : rows_of(chunk_reader, program)) out.rows.push_back(std::move(r));
    ++out.chunks;
  }
  if (out.chunks > 0) CHECK(at == text.size());
  return out;
}

// One reader's records against the chunked ones at several chunk sizes.
void check_chunked(const std::string& text, const ReaderLimits& limits = {}) {
  const std::vector<Row> want = read_all(InputFormat::csv, text, lead_program(), limits);
  for (std::size_t target : {std::size_t{1}, std::size_t{2}, std::size_t{7}, std::size_t{40}, std::size_t{1} << 20}) {
    INFO("input: " << text << "\nchunks of " << target << " bytes");
    const Chunked got = read_chunked(text, target, limits);
    REQUIRE(got.header_ok);
    REQUIRE(got.rows.size() == want.size());
    for (std::size_t i = 0; i < want.size(); ++i) {
      INFO("record " << i);
      CHECK(got.rows[i].line == want[i].line);
      CHECK(got.rows[i].error == want[i].error);
      CHECK(got.rows[i].code == want[i].code);
      CHECK(got.rows[i].message == want[i].message);
      CHECK(got.rows[i].key == want[i].key);
      CHECK(got.rows[i].slots == want[i].slots);
    }
  }
}

}  // namespace

TEST_CASE("csv chunks: plain and properly quoted rows, one chunk or one a record") {
  check_chunked(kHeader + "L-1,10,5,[],[]\nL-2,20,,[],\"[\"\"a\"\",\"\"b,c\"\"]\"\n\"L,3\",30,7,[],[]\n");
  const Chunked one = read_chunked(kHeader + "L-1,10,5,[],[]\nL-2,20,,[],[]\n", 1, {});
  CHECK(one.chunks == 2);
  const Chunked all = read_chunked(kHeader + "L-1,10,5,[],[]\nL-2,20,,[],[]\n", 1 << 20, {});
  CHECK(all.chunks == 1);
}

TEST_CASE("csv chunks: quoted line breaks, CRLF, blank lines, no final newline") {
  check_chunked(kHeader + "\"L-1\",1,2,[],\"[\"\"multi\nline\"\"]\"\n\nL-2,3,4,[],[]\r\n\r\n\"L\r\n3\",5,6,[],[]");
  check_chunked("\n\n" + kHeader + "\n\nL-1,1,2,[],[]\n\n");
  check_chunked(kHeader + "L-1,1,2,[],\"[\n\"\"x\"\"\n]\"\nL-2,1,2,[],[]\n");
}

TEST_CASE("csv chunks: stray and unterminated quotes resume where one reader resumes") {
  check_chunked(kHeader + "L-1,1\"0,2,[],[]\nL-2,3,4,[],[]\n");                 // quote inside a field
  check_chunked(kHeader + "L-1,\"1\"x,2,[],[]\nL-2,3,4,[],[]\n");                // junk after a closing quote
  check_chunked(kHeader + "L-1,\"1,2,[],[]\nL-2,3,4,[],[]\nL-3,5,6,[],[]\n");  // wrong width: resumes on line 3
  check_chunked(kHeader + "L-1,1,2,[],[]\nL-2,\"3,4,[],[]\n");                 // open at the end of the input
  check_chunked(kHeader + "L-1,\"a\"\"b\",2,[],[]\n\"L-2\"\r,3,4,[],[]\nL-3,\"\r\",4,[],[]\n");
  check_chunked(kHeader + "\"L-1,1,2,[],[]\nL-2,3,4,[],[]\n\"L-3\",5,6,[],[]\n");
  // A stray quote, then a quote that opens a field and runs over the line break: an
  // even number of quotes on the first line, yet the record goes on (one of the right
  // width, so one reader does not resume after the first line).
  check_chunked(kHeader + "L-1,1\"2,\"a\nb\",[],[]\nL-2,3,4,[],[]\n");
  check_chunked(kHeader + "L-1,\"a\"b\"c,\"d\ne\",[]\nL-2,3,4,[],[]\n");   // junk, then a quote, after a closing quote
  check_chunked(kHeader + "L-1,a\r\"b,\"c\nd\",[],[]\nL-2,3,4,[],[]\n");  // a quote after a lone CR
  check_chunked(kHeader + "\"L-1\",\"\"\"\",\"\"\"x,\"\"\",[],[]\nL-2,3,4,[],[]\n");  // doubled quotes everywhere
  std::string long_line = kHeader + "L-1,1,2,[],\"";
  for (int i = 0; i < 70; ++i) long_line += "a\"\",";  // quotes and commas across 64-byte blocks
  // A quoted field open from the first 64 bytes of its line over the line break.
  check_chunked(kHeader + "L-1,1,2,[],\"" + std::string(100, 'a') + "\nb\"\nL-2,3,4,[],[]\n");
  check_chunked(long_line + "\"\nL-2,1\"" + std::string(70, 'x') + ",\"y\nz\",[],[]\nL-3,1,2,[],[]\n");
}

TEST_CASE("csv chunks: limits and data errors keep their records and lines") {
  ReaderLimits tight;
  tight.max_field_bytes = 20;  // the header row (60 bytes) fits, as it must for chunks
  tight.max_line_bytes = 70;
  check_chunked(kHeader + "L-1," + std::string(30, '1') + ",2,[],[]\nL-2,\"x\n" + std::string(30, 'y') +
                    "\",3,[],[]\nL-3,1,2,[],[]\nL-4,1,2,[],\"" + std::string(80, 'a') + "\"\nL-5,1,2,[],[]\n",
                tight);
  tight.max_field_bytes = 8;  // a header cell over the limit: one reader reports it
  CHECK_FALSE(read_chunked(kHeader + "L-1,1,2,[],[]\n", 10, tight).header_ok);
  check_chunked(kHeader + "L-1,high,2,[],[]\nL-2,1,2,[x],[]\nL-3,1\nL-4,1,2,[],[],extra\n\xff,1,2,[],[]\n");
}

TEST_CASE("csv chunks: a random mix of every kind of row") {
  // Pieces a row is made of, broken ones included; a fixed seed keeps it repeatable.
  const std::vector<std::string> cells = {"L-1",  "42", "", "\"q\"", "\"a,b\"", "\"x\"\"y\"", "\"two\nlines\"", "1\"2",
                                          "\"o\"k", "[]", "\"[\"\"p\"\"]\"", "\"\r\"", "\"open", "\r", " 7 "};
  std::mt19937 rng(20261124);
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  for (int input = 0; input < 150; ++input) {
    std::string text = pick(10) == 0 ? "\xEF\xBB\xBF" + kHeader : kHeader;
    const std::size_t rows = 1 + pick(12);
    for (std::size_t r = 0; r < rows; ++r) {
      const std::size_t width = pick(8) == 0 ? 1 + pick(7) : 5;
      for (std::size_t c = 0; c < width; ++c) {
        if (c > 0) text += ',';
        text += cells[pick(cells.size())];
      }
      text += pick(6) == 0 ? "\r\n" : "\n";
      if (pick(10) == 0) text += "\n";
    }
    if (pick(4) == 0) text.pop_back();  // no final newline (or a lone CR)
    check_chunked(text);
  }
}

TEST_CASE("csv chunks: inputs without a usable header are left to one reader") {
  CHECK_FALSE(read_chunked("", 10, {}).header_ok);
  CHECK_FALSE(read_chunked("\n\r\n\n", 10, {}).header_ok);
  CHECK_FALSE(read_chunked("id,\"open\nL-1,2\n", 10, {}).header_ok);  // the header's quote never closes
  CHECK_FALSE(read_chunked("id,Lead_Score__c\xff\nL-1,2\n", 10, {}).header_ok);
  const Chunked header_only = read_chunked(kHeader, 10, {});
  CHECK(header_only.header_ok);
  CHECK(header_only.chunks == 0);
}

TEST_CASE("csv chunks: a reader restarted on another chunk numbers its lines from that chunk") {
  const ir::Program program = lead_program();
  const std::string a = "L-1,1,2,[],[]\n";
  const std::string b = "L-2,x,2,[],[]\n";
  const std::string padded = a + b + std::string(64, '\0');
  sluice::rt::CsvHeader header;
  header.cells = {"id", "Lead_Score__c", "company.employees", "buying_group", "pain_points"};
  auto reader = sluice::rt::make_csv_chunk_reader(std::string_view(padded.data(), a.size()), 2, header, program, 0);
  std::vector<Row> first = rows_of(*reader, program);
  REQUIRE(first.size() == 1);
  CHECK(first[0].line == 2);
  CHECK_FALSE(first[0].error);
  reader->restart(std::string_view(padded.data() + a.size(), b.size()), 90);
  std::vector<Row> second = rows_of(*reader, program);
  REQUIRE(second.size() == 1);
  CHECK(second[0].line == 90);
  CHECK(second[0].error);
  CHECK(second[0].key == "\"L-2\"");
}
