// rt::MappedFile (`eval -j N` cuts NDJSON files in place): the bytes, the zero
// padding after them at every size, what is not mapped, released pages, and
// records read from chunks of a mapping as a stream reader reads them.
#include <catch2/catch.hpp>

#include <algorithm>

#include <sys/stat.h>
#include <unistd.h>

#include "io_test_support.hpp"
#include "runtime/input_chunker.hpp"
#include "runtime/mapped_file.hpp"
#include "temp_dir.hpp"

using namespace io_test;
using sluice::rt::InputChunk;
using sluice::rt::InputChunker;
using sluice::rt::MappedFile;

namespace {

std::string bytes(std::size_t n) {
  std::string s(n, 'a');
  for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>('a' + i % 26);
  return s;
}

}  // namespace

TEST_CASE("mapped file: the text is the file's bytes, then zero bytes, at every size") {
  const std::size_t page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  for (std::size_t n : {std::size_t{1}, std::size_t{100}, page - 64, page - 1, page, page + 1, 2 * page,
                        3 * page - 10}) {
    INFO("size " << n);
    const TempDir dir;
    const auto mapped = MappedFile::map(dir.write("input.ndjson", bytes(n)));
    REQUIRE(mapped != nullptr);
    CHECK(mapped->text() == bytes(n));
    const char* after = mapped->text().data() + n;
    for (std::size_t i = 0; i < MappedFile::kPadding; ++i) REQUIRE(after[i] == 0);
  }
}

TEST_CASE("mapped file: what cannot be mapped is left to the stream readers") {
  const TempDir dir;
  CHECK(MappedFile::map(dir.write("input.ndjson", "")) == nullptr);   // empty
  CHECK(MappedFile::map(dir.path.string()) == nullptr);               // a folder
  CHECK(MappedFile::map((dir.path / "missing").string()) == nullptr);  // absent
  CHECK(MappedFile::map("-") == nullptr);                             // standard input
  const std::string fifo = (dir.path / "fifo").string();
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  CHECK(MappedFile::map(fifo) == nullptr);  // a pipe: not opened for reading, so no wait
}

TEST_CASE("mapped file: released pages read the same bytes again") {
  const std::size_t page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  const std::string content = bytes(5 * page + 123);
  const TempDir dir;
  const auto mapped = MappedFile::map(dir.write("input.ndjson", content));
  REQUIRE(mapped != nullptr);
  CHECK(mapped->text() == content);
  mapped->release_before(2 * page + 7);  // the first two pages
  CHECK(mapped->text() == content);
  mapped->release_before(page);  // behind what is released: nothing
  mapped->release_before(100 * page);  // past the end: up to the last whole page
  CHECK(mapped->text() == content);
  const char* after = mapped->text().data() + content.size();
  for (std::size_t i = 0; i < MappedFile::kPadding; ++i) REQUIRE(after[i] == 0);
}

TEST_CASE("mapped file: records read from its chunks in place are the stream reader's") {
  // Varied lines (io_test::varied_line): escapes, type errors, lines over the
  // limit, blank and CRLF lines; the last line has no newline.
  std::string input;
  for (int i = 0; i < 3000; ++i) {
    std::string ignored;
    input += varied_line(i, ignored);
  }
  input += R"({"id":"L-last","Lead_Score__c":5,"company":{},"buying_group":[],"pain_points":[]})";
  const auto program = lead_program();
  sluice::rt::ReaderLimits limits;
  limits.max_line_bytes = 2000;
  const auto streamed = read_all(sluice::rt::InputFormat::ndjson, input, program, limits);
  REQUIRE(streamed.size() == 3001);
  const TempDir dir;
  const auto mapped = MappedFile::map(dir.write("input.ndjson", input));
  REQUIRE(mapped != nullptr);
  for (std::size_t target : {std::size_t{1}, std::size_t{4096}, std::size_t{1} << 20}) {
    INFO("chunks of about " << target << " bytes");
    InputChunker chunker(*mapped, target);
    sluice::rt::MappedLineCounter lines(mapped->text());
    InputChunk chunk;
    std::vector<Row> rows;
    std::string joined;
    std::int64_t index = 0;
    while (chunker.next(chunk)) {
      CHECK(chunk.input_begin == joined.size());
      joined += chunk.text();
      CHECK(chunk.input_end == joined.size());
      CHECK(chunk.line_offset == InputChunk::kUncounted);
      auto reader = sluice::rt::make_ndjson_reader_in_place(chunk.text(), program, 0, limits);
      // Every other chunk asks for its line offset before it is read, as a chunk
      // whose first record is an error does; the others only report their count.
      const std::int64_t before = index % 2 == 0 ? lines.lines_before(chunk.input_begin) : -1;
      for (Row& r : rows_of(*reader, program)) {
        r.line += lines.lines_before(chunk.input_begin);
        r.index = index++;  // a chunk's reader numbers its records from 0
        rows.push_back(std::move(r));
      }
      if (before >= 0) CHECK(lines.lines_before(chunk.input_begin) == before);
      std::int64_t in_chunk = std::count(chunk.text().begin(), chunk.text().end(), '\n');
      if (!chunk.text().empty() && chunk.text().back() != '\n') ++in_chunk;
      CHECK(reader->lines() == in_chunk);
      lines.chunk_read(chunk.input_begin, chunk.input_end, reader->lines());
      mapped->release_before(chunk.input_end);  // as eval -j does once a chunk is written
    }
    CHECK(joined == input);
    check_same_rows(rows, streamed, [](std::size_t i) { return "record " + std::to_string(i); });
  }
}
