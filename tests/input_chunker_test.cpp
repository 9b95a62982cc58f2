// rt::InputChunker: chunks of whole lines, in order, nothing lost, line numbers
// kept, over-long lines of a stream cut to a stand-in the reader reports as too
// long; over a mapped file, views of it.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "runtime/input_chunker.hpp"
#include "runtime/mapped_file.hpp"
#include "temp_dir.hpp"

using sluice::rt::InputChunk;
using sluice::rt::InputChunker;

namespace {

struct Chunk {
  std::string bytes;
  std::int64_t line_offset;
};

// The chunks' text, each checked for the zero padding a reader parses in place over.
std::vector<Chunk> chunks_of(const std::string& text, std::size_t max_line, std::size_t target) {
  std::istringstream in(text);
  InputChunker chunker(in, max_line, target);
  std::vector<Chunk> out;
  InputChunk c;
  while (chunker.next(c)) {
    const std::string_view t = c.text();
    CHECK(c.capacity() >= t.size());
    for (std::size_t i = 0; i < InputChunk::kPadding; ++i) REQUIRE(t.data()[t.size() + i] == 0);
    out.push_back({std::string(t), c.line_offset});
  }
  REQUIRE_FALSE(chunker.failed());
  return out;
}

std::int64_t lines_in(const std::string& s) {
  std::int64_t n = 0;
  for (char ch : s) n += ch == '\n';
  return n + (!s.empty() && s.back() != '\n');
}

}  // namespace

TEST_CASE("chunks hold whole lines and concatenate to the input") {
  std::string text;
  for (int i = 0; i < 500; ++i) text += "{\"id\":\"L-" + std::to_string(i) + "\"}" + (i % 7 == 0 ? "\r\n" : "\n");
  text += "\n\n{\"id\":\"last\"}";  // blank lines, no final newline
  for (std::size_t target : {1u, 10u, 100u, 4096u, 1u << 20}) {
    const auto chunks = chunks_of(text, 1000, target);
    std::string joined;
    std::int64_t lines = 0;
    for (const auto& c : chunks) {
      CHECK(c.line_offset == lines);
      if (&c != &chunks.back()) CHECK(c.bytes.back() == '\n');
      joined += c.bytes;
      lines += lines_in(c.bytes);
    }
    CHECK(joined == text);
    CHECK(lines == 503);
  }
}

TEST_CASE("an empty input has no chunks; a lone line without newline is one") {
  CHECK(chunks_of("", 100, 10).empty());
  const auto one = chunks_of("{\"a\":1}", 100, 10);
  REQUIRE(one.size() == 1);
  CHECK(one[0].bytes == "{\"a\":1}");
}

TEST_CASE("an over-long line is cut to max + 1 bytes and the next line keeps its number") {
  // Longer than a read block (1 MB), so no newline is in sight when it is cut.
  const std::string long_line(3u << 20, 'x');
  const std::string text = "{\"a\":1}\n" + long_line + "\n{\"b\":2}\n" + long_line;
  const auto chunks = chunks_of(text, 100, 10);
  std::string joined;
  std::int64_t lines = 0;
  for (const auto& c : chunks) {
    CHECK(c.line_offset == lines);
    CHECK(c.bytes.size() < (std::size_t{2} << 20));
    joined += c.bytes;
    lines += lines_in(c.bytes);
  }
  const std::string stand_in(101, 'x');
  CHECK(joined == "{\"a\":1}\n" + stand_in + "\n{\"b\":2}\n" + stand_in + "\n");
  CHECK(lines == 4);
}

TEST_CASE("memory stays near the target plus the line limit on a huge line") {
  // 8 MB without a newline, limit 1 KB: the chunk is the 1 KB + 1 stand-in.
  std::string text(8u << 20, 'y');
  text += "\n{\"ok\":true}\n";
  const auto chunks = chunks_of(text, 1024, 64);
  REQUIRE(chunks.size() == 2);
  CHECK(chunks[0].bytes.size() == 1026);
  CHECK(chunks[1].bytes == "{\"ok\":true}\n");
  CHECK(chunks[1].line_offset == 1);
}

TEST_CASE("over a mapped file, chunks are views of whole lines and a long line is one chunk") {
  const std::string long_line(3u << 20, 'z');
  std::string text;
  for (int i = 0; i < 300; ++i) text += "{\"id\":\"L-" + std::to_string(i) + "\"}\n";
  text += long_line + "\n\r\n{\"id\":\"last\"}";  // no final newline
  const TempDir dir;
  const auto mapped = sluice::rt::MappedFile::map(dir.write("input.ndjson", text));
  REQUIRE(mapped != nullptr);
  for (std::size_t target : {1u, 100u, 4096u, 1u << 20}) {
    INFO("target " << target);
    InputChunker chunker(*mapped, target);
    InputChunk c;
    std::string joined;
    std::int64_t lines = 0;
    bool long_chunk = false;
    while (chunker.next(c)) {
      const std::string_view t = c.text();
      CHECK(t.data() == mapped->text().data() + joined.size());  // in place: nothing copied
      CHECK(c.line_offset == InputChunk::kUncounted);  // counted only when asked (MappedLineCounter)
      CHECK(c.input_begin == joined.size());
      if (c.input_end != text.size()) CHECK(t.back() == '\n');
      if (t.size() > target) CHECK(std::count(t.begin(), t.end(), '\n') <= 1);  // over the target: one line
      long_chunk = long_chunk || t.find(long_line) != std::string_view::npos;
      joined += t;
      lines += lines_in(std::string(t));
      CHECK(c.input_end == joined.size());
    }
    CHECK(joined == text);
    CHECK(lines == 303);
    CHECK(long_chunk);  // whole: the reader reports it as too long in place
  }
}

namespace {

// Newlines before byte `at`: what MappedLineCounter::lines_before must give.
std::int64_t newlines_before(const std::string& text, std::size_t at) {
  return std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n');
}

}  // namespace

TEST_CASE("mapped line counter: any order of reports and questions gives every chunk's line offset") {
  std::string text;
  for (int i = 0; i < 400; ++i) {
    text += i % 13 == 0 ? "\n" : i % 5 == 0 ? "{\"id\":\"x\"}\r\n" : "{\"id\":\"L-" + std::to_string(i) + "\"}\n";
  }
  text += "{\"id\":\"last\"}";  // no final newline: the reader counts it as a line
  const TempDir dir;
  const auto mapped = sluice::rt::MappedFile::map(dir.write("input.ndjson", text));
  REQUIRE(mapped != nullptr);
  std::mt19937 rng(7);
  for (int round = 0; round < 200; ++round) {
    INFO("round " << round);
    std::vector<std::pair<std::size_t, std::size_t>> chunks;  // [begin, end)
    {
      InputChunker chunker(*mapped, 1 + rng() % 600);
      InputChunk c;
      while (chunker.next(c)) chunks.emplace_back(c.input_begin, c.input_end);
    }
    REQUIRE(chunks.back().second == text.size());
    // Each chunk is asked 0-2 times and reported once, the events shuffled except
    // that a chunk is reported after its questions, as a worker does.
    std::vector<std::pair<std::size_t, int>> events;  // chunk, 0 = ask, 1 = report
    for (std::size_t k = 0; k < chunks.size(); ++k) {
      for (unsigned a = rng() % 3; a > 0; --a) events.emplace_back(k, 0);
      events.emplace_back(k, 1);
    }
    std::shuffle(events.begin(), events.end(), rng);
    std::vector<bool> reported(chunks.size());
    sluice::rt::MappedLineCounter counter(mapped->text());
    for (const auto& [k, kind] : events) {
      const auto [begin, end] = chunks[k];
      if (kind == 0 && !reported[k]) {
        CHECK(counter.lines_before(begin) == newlines_before(text, begin));
      } else if (kind == 1 && !reported[k]) {
        const std::string piece = text.substr(begin, end - begin);
        const std::int64_t lines = std::count(piece.begin(), piece.end(), '\n') + (piece.back() != '\n');
        counter.chunk_read(begin, end, lines);
        reported[k] = true;
      }
    }
    for (const auto& [begin, end] : chunks) CHECK(counter.lines_before(begin) == newlines_before(text, begin));
    CHECK(counter.lines_before(text.size()) == newlines_before(text, text.size()));
  }
}
