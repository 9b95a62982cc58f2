// CsvScanner's simple-line path (csv_scanner.hpp): the common record, one buffered
// line without CR whose fields are plain or properly quoted, read 64 bytes at a time.
// Each block becomes bit masks of its commas, quotes and line ends; a running parity
// of the quotes (a prefix XOR) tells the commas inside quoted fields from the
// separators, so every field's end is known without a byte loop, and the fields'
// ends do not wait on one another. Cells stay in the input; only a field with ""
// is unquoted (into CsvRecord::unquoted). Anything else (a CR, a quote inside an
// unquoted field or after a closing quote, a quoted line break, a limit reached)
// sends the record to the general scanner, which reports it.
#include <algorithm>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "runtime/readers/byte_search.hpp"
#include "runtime/readers/csv_blocks.hpp"
#include "runtime/readers/csv_scanner.hpp"

namespace sluice::rt::readers {

namespace {

std::size_t low_bit(std::uint64_t x) { return static_cast<std::size_t>(__builtin_ctzll(x)); }

// Copies n bytes 16 at a time: up to 15 bytes past both ends are read and written
// (the source lies in the input's padding, the target in `unquoted`'s spare bytes).
void copy_run(char* to, const char* from, std::size_t n) {
#if defined(__SSE2__)
  for (std::size_t k = 0; k < n; k += 16) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(to + k), _mm_loadu_si128(reinterpret_cast<const __m128i*>(from + k)));
  }
#else
  std::memcpy(to, from, n);
#endif
}

}  // namespace

bool CsvScanner::quoted_cell(CsvRecord& rec, const char* p, std::size_t s, std::size_t e) {
  const std::size_t close = e - 1;  // the closing quote (the line's quotes are checked)
  std::size_t i = s + 1;
  std::size_t q = find_byte(p, i, close, '"');
  if (q == close) {
    if (close - i > limits_.max_field_bytes) return false;
    rec.cells.emplace_back(static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(close - i));
    return true;
  }
  // "" stands for a quote: unquote the field. Room for it, the 15 bytes copy_run may
  // write past it, and the spare bytes a JSON parser may read after it.
  const std::size_t start = unquoted_at_;
  if (rec.unquoted.size() < start + (close - i) + 1 + kCellPadding) {
    rec.unquoted.resize(std::max(start + (close - i) + 1 + kCellPadding, 2 * rec.unquoted.size()));
  }
  char* out = rec.unquoted.data() + start;
  for (;;) {
    copy_run(out, p + i, q - i);
    out += q - i;
    if (q == close) break;
    // The line's quote check makes q and q + 1 a pair before the closing quote;
    // checked again here so that the copy can never run past the field.
    if (q + 1 >= close || p[q + 1] != '"') return false;
    *out++ = '"';
    i = q + 2;
    q = find_byte(p, i, close, '"');
  }
  const auto n = static_cast<std::size_t>(out - (rec.unquoted.data() + start));
  if (n > limits_.max_field_bytes) return false;
  *out = ' ';  // what follows the cell is a space, as after a cell a JSON parser reads from a copy
  unquoted_at_ = start + n + 1;
  rec.cells.emplace_back(static_cast<std::uint32_t>(start) | CsvRecord::kUnquoted, static_cast<std::uint32_t>(n));
  return true;
}

bool CsvScanner::next_simple_line(CsvRecord& rec) {
  const char* p = in_.data();
  const std::size_t avail = in_.size();
  // Offsets must fit below CsvRecord::kUnquoted.
  const std::size_t max_len = std::min<std::size_t>(limits_.max_line_bytes, CsvRecord::kUnquoted - 1);
  auto general = [&] {
    rec.cells.clear();
    return false;
  };
  auto cell = [&](std::size_t s, std::size_t e) {
    if (p[s] == '"') return quoted_cell(rec, p, s, e);  // (p[e] is a comma or the line end when s == e)
    if (e - s > limits_.max_field_bytes) return false;
    rec.cells.emplace_back(static_cast<std::uint32_t>(s), static_cast<std::uint32_t>(e - s));
    return true;
  };
  unquoted_at_ = 0;
  std::size_t field = 0;           // where the current field starts
  std::uint64_t open = 0;          // all ones when a quoted field runs on into this block
  std::uint64_t field_start = 1;   // bit 0 starts a field (the line's, or after a comma at bit 63)
  std::uint64_t closed_last = 0;   // bit 63 of the last block closed quotes
  // A block is read whole: the bytes past the input's end are its padding.
  for (std::size_t b = 0; b < avail && b <= max_len; b += 64) {
    const Block m = classify(p + b);
    std::uint64_t line = avail - b >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << (avail - b)) - 1;
    const std::uint64_t lf = m.lf & line;
    if (lf != 0) line = (lf & (0 - lf)) - 1;  // the bits before the line's end
    if ((m.cr & line) != 0) return general();
    const std::uint64_t quote = m.quote & line;
    const std::uint64_t inside = prefix_xor(quote) ^ open;
    const std::uint64_t seps = m.comma & line & ~inside;
    // Quotes open a field or a "" pair, and close one before a comma, the line's end
    // or a "" pair; any other quote (one inside an unquoted field, text after a
    // closing quote) is for the general scanner to report.
    const std::uint64_t opening = quote & inside, closing = quote & ~inside;
    const std::uint64_t closing_before = (closing << 1) | closed_last;
    if ((opening & ~((seps << 1) | field_start | closing_before)) != 0) return general();
    const std::uint64_t may_follow = seps | lf | opening;
    if ((closed_last & ~may_follow) != 0) return general();
    if ((closing & ~(may_follow >> 1) & ~(std::uint64_t{1} << 63)) != 0) return general();
    for (std::uint64_t rest = seps; rest != 0; rest &= rest - 1) {
      const std::size_t k = low_bit(rest);
      if (!cell(field, b + k)) return general();
      field = b + k + 1;
    }
    if (rec.cells.size() > limits_.max_list) return general();
    if (lf != 0) {
      const std::size_t at = low_bit(lf);
      const std::size_t len = b + at;
      // A blank line, a long one, or a quoted field open over the break.
      if (len == 0 || len > max_len || ((inside >> at) & 1) != 0) return general();
      if (rec.cells.size() == limits_.max_list || !cell(field, len)) return general();
      rec.base = p;
      rec.raw = std::string_view(p, len);
      ++line_;
      in_.consume(len + 1);
      return true;
    }
    open = 0 - (inside >> 63);
    field_start = seps >> 63;
    closed_last = closing >> 63;
  }
  return general();  // no line end buffered, or a line over the limit
}

}  // namespace sluice::rt::readers
