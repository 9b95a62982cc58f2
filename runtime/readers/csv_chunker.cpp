// CsvChunker (runtime/csv_chunks.hpp): the cutting thread's scan. Its CsvScanner
// runs over the whole input in place, record by record, exactly as a single
// reader's does (the same limits, the header's width once it is read), so the
// boundaries it reports are the single reader's. Most lines need no scanner: a
// line whose quotes all open a field or close one (quote_safe_line) is one record
// ending at its LF for the scanner too, and is passed over with a few mask
// operations per 64 bytes.
#include "runtime/csv_chunks.hpp"

#include "runtime/readers/block_input.hpp"
#include "runtime/readers/csv_blocks.hpp"
#include "runtime/readers/csv_scanner.hpp"

namespace sluice::rt {

namespace {

// The length of the line at p (its LF included) when, read from a record
// boundary, it is one record ending at its LF; 0 when that is not sure, or when no
// LF comes within the `size` bytes (64 readable bytes follow them). The scanner's
// states are those of treating every quote as a toggle (a prefix XOR, as its
// simple-line path does) until a quote outside quotes stands neither at a field's
// start nor just after a closing quote (doubling it): the scanner keeps such a
// stray quote as data. Any other byte (a CR, junk after a closing quote) adds data
// or a problem, never a record end, and leaves the next quote to this same test.
// So a line without a stray quote whose LF stands outside quotes ends its record;
// anything else (a quoted line break, a stray quote) is left to the scanner.
std::size_t quote_safe_line(const char* p, std::size_t size) {
  std::uint64_t in_carry = 0;     // inside quotes before the block (0 or 1)
  std::uint64_t start_carry = 1;  // the block's first byte starts a field
  std::uint64_t close_carry = 0;  // the byte before the block closed a quote
  for (std::size_t k = 0; k < size; k += 64) {
    const readers::Block b = readers::classify(p + k);
    const std::size_t left = size - k;
    const std::uint64_t lf = b.lf & (left >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << left) - 1);
    const std::uint64_t line = lf != 0 ? (lf & (0 - lf)) - 1 : ~std::uint64_t{0};  // the bytes before the LF
    const std::uint64_t quote = b.quote & line;
    const std::uint64_t after = readers::prefix_xor(quote) ^ (0 - in_carry);  // bit i: inside after byte i
    const std::uint64_t before = after << 1 | in_carry;                      // bit i: inside before byte i
    const std::uint64_t closing = quote & before;
    const std::uint64_t separator = b.comma & line & ~before;
    const std::uint64_t field_start = separator << 1 | start_carry;
    const std::uint64_t after_close = closing << 1 | close_carry;
    if ((quote & ~before & ~(field_start | after_close)) != 0) return 0;  // a stray quote
    if (lf != 0) {
      const auto at = static_cast<std::size_t>(__builtin_ctzll(lf));
      return ((before >> at) & 1) == 0 ? k + at + 1 : 0;
    }
    in_carry = after >> 63;
    start_carry = separator >> 63;
    close_carry = closing >> 63;
  }
  return 0;
}

}  // namespace

struct CsvChunker::Scan {
  Scan(std::string_view text, const ReaderLimits& limits)
      : limits(limits), input(text), scanner(input, this->limits) {}
  ReaderLimits limits;
  readers::BlockInput input;
  readers::CsvScanner scanner;
  readers::CsvRecord row;
};

CsvChunker::CsvChunker(std::string_view text, const ReaderLimits& limits, std::size_t target)
    : scan_(std::make_unique<Scan>(text, limits)), text_(text), target_(target > 0 ? target : 1) {}

CsvChunker::~CsvChunker() = default;

bool CsvChunker::read_header() {
  readers::CsvRecord& row = scan_->row;
  std::string problem;
  if (!scan_->scanner.next_row(row) || readers::header_problem(row, problem) != nullptr) return false;
  header_.cells.clear();
  for (std::size_t c = 0; c < row.cells.size(); ++c) header_.cells.emplace_back(row.cell(c));
  scan_->scanner.set_expected_cells(row.cells.size());
  return true;
}

bool CsvChunker::next(CsvChunk& chunk) {
  readers::BlockInput& in = scan_->input;
  auto offset = [&] { return static_cast<std::size_t>(in.data() - text_.data()); };
  chunk.begin = offset();
  chunk.first_line = scan_->scanner.line();
  while (offset() - chunk.begin < target_ && in.size() > 0) {
    if (const std::size_t n = quote_safe_line(in.data(), in.size())) {
      scan_->scanner.skip_line(n);
    } else if (!scan_->scanner.next(scan_->row)) {
      break;
    }
  }
  chunk.end = offset();
  return chunk.end > chunk.begin;
}

}  // namespace sluice::rt
