// `sluice eval -j N` over a CSV file. The file, mapped (rt::MappedFile), is cut into
// chunks of whole records by the scanner a single reader uses, run on the cutting
// thread: a quoted field holding line breaks, a stray quote and every malformed
// record end exactly where they end for one reader. Each chunk is then read on a
// worker by a reader that starts on the chunk's first line with the header row the
// cutter read, so its records, line numbers and error messages are those of one
// reader over the whole file.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/reader.hpp"

namespace sluice::rt {

struct CsvHeader {
  std::vector<std::string> cells;  // the header row's cells, unquoted
};

struct CsvChunk {
  std::size_t begin = 0, end = 0;  // the chunk's bytes in the input
  std::int64_t first_line = 1;     // the line `begin` is on
};

class CsvChunker {
 public:
  // `text`: the whole input, followed by at least 64 readable bytes (as a
  // MappedFile's). A chunk ends at the first record boundary at or after `target`
  // bytes from its start.
  explicit CsvChunker(std::string_view text, const ReaderLimits& limits = {},
                      std::size_t target = std::size_t{1} << 20);
  ~CsvChunker();
  CsvChunker(const CsvChunker&) = delete;
  CsvChunker& operator=(const CsvChunker&) = delete;

  // Reads up to and including the header row. False when there is no header a
  // chunk reader could start from (no row at all, or a header row with a problem or
  // invalid UTF-8): one reader must then read the input, and report what is wrong.
  bool read_header();
  const CsvHeader& header() const { return header_; }
  // The next chunk after the header, false at the end of the input.
  bool next(CsvChunk& chunk);

 private:
  struct Scan;
  std::unique_ptr<Scan> scan_;
  std::string_view text_;
  std::size_t target_;
  CsvHeader header_;
};

// Reads one chunk; restart() moves it to the next chunk of the same input.
class CsvChunkReader : public RecordReader {
 public:
  // `text` must be followed by at least 64 readable bytes.
  virtual void restart(std::string_view text, std::int64_t first_line) = 0;
};

std::unique_ptr<CsvChunkReader> make_csv_chunk_reader(std::string_view text, std::int64_t first_line,
                                                      const CsvHeader& header, const ir::Program& program,
                                                      std::int32_t record, const ReaderLimits& limits = {});

// `reader` moved to the chunk `text` starting on `first_line`: made for an input's
// first chunk (while `reader` is null), restarted for each one after.
CsvChunkReader& csv_chunk_reader(std::unique_ptr<CsvChunkReader>& reader, std::string_view text,
                                 std::int64_t first_line, const CsvHeader& header, const ir::Program& program,
                                 std::int32_t record, const ReaderLimits& limits = {});

}  // namespace sluice::rt
