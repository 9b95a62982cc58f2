// RFC 4180 record splitting over a BlockInput: fields separated by commas, records
// by LF or CRLF, quoted fields with "" for a quote and embedded commas and line
// breaks. Field contents are unquoted into one reused buffer, so memory is bounded
// by the limits, not the input. A malformed record is still delimited (so the
// stream goes on) and carries its problem.
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
  std::int64_t line = 0;        // the line the record starts on (1-based)
  bool blank = false;           // an empty line: no record
  std::string text;             // the unquoted fields, back to back
  std::vector<std::pair<std::uint32_t, std::uint32_t>> cells;  // offset, length into text
  bool quoted_any = false;      // some field was quoted (a quoted "" line is not blank)
  const char* problem_code = nullptr;
  std::string problem;

  std::string_view cell(std::size_t i) const { return std::string_view(text).substr(cells[i].first, cells[i].second); }
};

class CsvScanner {
 public:
  CsvScanner(BlockInput& input, const ReaderLimits& limits) : in_(input), limits_(limits) {}
  // False at the end of the input.
  bool next(CsvRecord& rec);

 private:
  enum class State : std::uint8_t { field_start, unquoted, quoted, after_quote };
  void end_field(CsvRecord& rec);
  void put(CsvRecord& rec, char c);
  void problem(CsvRecord& rec, const char* code, std::string message);

  BlockInput& in_;
  const ReaderLimits& limits_;
  std::int64_t line_ = 1;       // the line of the next byte
  std::size_t field_start_ = 0; // offset in rec.text of the current field
  bool bom_checked_ = false;
};

}  // namespace sluice::rt::readers
