// RFC 4180 record splitting over a BlockInput: fields separated by commas, records
// by LF or CRLF, quoted fields with "" for a quote and embedded commas and line
// breaks. Field contents are unquoted into one reused buffer, so memory is bounded
// by the limits, not the input. A malformed record is still delimited (so the
// stream goes on) and carries its problem.
//
// A stray quote must not swallow the rest of the file: a quoted field that runs over a
// line break keeps the bytes after that first break buffered until its record ends.
// If the record then cannot be right (the input ends inside the quotes, the field
// outgrows max_field_bytes, the record runs on for max_line_bytes after the break, a
// closing quote is followed by junk, or the row has a different number of fields than
// the header), the record is reported as an unterminated quote on its first line and
// scanning resumes on the next line.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "runtime/reader.hpp"
#include "runtime/readers/block_input.hpp"

namespace sluice::rt::readers {

struct CsvRecord {
  // A cell's offset with this bit set is in `unquoted`, not at `base`.
  static constexpr std::uint32_t kUnquoted = std::uint32_t{1} << 31;

  std::int64_t line = 0;        // the line the record starts on (1-based)
  bool blank = false;           // an empty line: no record
  // The cells: (offset, length) from `base`, or from unquoted.data() with kUnquoted.
  // A simple line (one buffered line, read by blocks of 64 bytes) leaves its cells in
  // the input, where `base` points (valid until the next next()): only fields with ""
  // are unquoted, into `unquoted`. Other records are unquoted whole into `text`.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> cells;
  const char* base = nullptr;
  std::string text;             // the general scanner's fields, back to back
  std::string unquoted;         // a simple line's fields with "", kept with kCellPadding spare bytes
  // A simple line's raw bytes (never empty: a blank line is not simple); empty for
  // the general scanner's records.
  std::string_view raw;
  bool quoted_any = false;      // general scanner: some field was quoted (a quoted "" line is not blank)
  const char* problem_code = nullptr;
  std::string problem;

  // Every cell is followed by at least kCellPadding readable bytes (a simple line's
  // are), so a JSON cell may be parsed where it is.
  bool padded() const { return !raw.empty(); }
  std::string_view cell(std::size_t i) const {
    const auto [at, n] = cells[i];
    return {((at & kUnquoted) != 0 ? unquoted.data() + (at & ~kUnquoted) : base + at), n};
  }
};

// >= simdjson's padding (checked in csv_reader.cpp).
inline constexpr std::size_t kCellPadding = 64;

// Whether the record's cells are valid UTF-8 (csv_reader.cpp).
bool valid_utf8(const CsvRecord& row);
// What makes `row` unusable as the header row: its scanner problem, else invalid
// UTF-8, with `message` set; nullptr when its cells can be mapped to fields. The
// one test of a reader and of the `eval -j N` cutter (csv_reader.cpp).
const char* header_problem(const CsvRecord& row, std::string& message);

class CsvScanner {
 public:
  CsvScanner(BlockInput& input, const ReaderLimits& limits) : in_(input), limits_(limits) {}
  // False at the end of the input.
  bool next(CsvRecord& rec);
  // The next record that is not a blank line; false at the end of the input.
  bool next_row(CsvRecord& rec) {
    while (next(rec))
      if (!rec.blank) return true;
    return false;
  }
  // The header's width: a row spanning lines with another width resumes after its
  // first line (0: unknown, the header row itself).
  void set_expected_cells(std::size_t n) { expected_cells_ = n; }
  // Scans an input that is the part of a larger one from a record boundary on
  // `line` (an `eval -j N` chunk, its header read elsewhere): no byte-order mark is
  // looked for, and lines are numbered as in the whole input.
  void resume_at(std::int64_t line) {
    line_ = line;
    bom_checked_ = true;
  }
  // The line of the next byte.
  std::int64_t line() const { return line_; }
  // Passes over the next n bytes, one whole line (its LF included) that next()
  // would read as one record ending at that LF, without reading it (CsvChunker).
  void skip_line(std::size_t n) {
    in_.consume(n);
    ++line_;
  }

 private:
  enum class State : std::uint8_t { field_start, unquoted, quoted, after_quote };
  // The quoted field open over a line break: where scanning may resume.
  struct OpenQuote {
    bool active = false;
    std::size_t resume = 0;        // offset in the input's data() just after the first break
    std::int64_t resume_line = 0;  // the line that starts there
    std::int64_t quote_line = 0;   // the line the quote opened on
    std::size_t cells = 0;         // fields before the open one
    std::size_t field_start = 0;   // the open field's start in rec.text
    std::size_t text_at_break = 0; // rec.text's size at the break
    bool had_problem = false;      // the record had a problem before the break
  };
  // The common record: one whole buffered line without CR, every field plain or
  // properly quoted, within the limits, read 64 bytes at a time (csv_line.cpp);
  // false (rec untouched but for being cleared) sends the record to the general path.
  bool next_simple_line(CsvRecord& rec);
  // The quoted cell [s, e) of the simple line at p (its quotes checked); false if
  // it is over the field limit.
  bool quoted_cell(CsvRecord& rec, const char* p, std::size_t s, std::size_t e);
  // The general, byte-by-byte scanner: every other record.
  bool next_general(CsvRecord& rec);
  // Ends `rec` at its first line as an unterminated quote and resumes after it.
  bool resume_after_first_line(CsvRecord& rec, const OpenQuote& open);
  void end_field(CsvRecord& rec);
  void put(CsvRecord& rec, char c);
  void put_run(CsvRecord& rec, const char* p, std::size_t n);

  BlockInput& in_;
  const ReaderLimits& limits_;
  std::int64_t line_ = 1;       // the line of the next byte
  std::size_t field_start_ = 0; // offset in rec.text of the current field
  bool bom_checked_ = false;
  std::size_t expected_cells_ = 0;
  std::size_t unquoted_at_ = 0;  // the simple line's bytes in rec.unquoted so far
};

}  // namespace sluice::rt::readers
