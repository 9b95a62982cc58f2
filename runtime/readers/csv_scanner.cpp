#include "runtime/readers/csv_scanner.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "runtime/readers/scalar_parse.hpp"

namespace sluice::rt::readers {

namespace {

// Records a problem of `rec` unless it has one: only a record's first is kept. The
// message is formatted only then, since a record over a limit comes here for every
// further byte or field (formatting each time made a long line cost ~140 ns a byte).
template <class... Args>
void problem(CsvRecord& rec, const char* code, fmt::format_string<Args...> message, Args&&... args) {
  if (rec.problem_code != nullptr) return;
  rec.problem_code = code;
  rec.problem = fmt::format(message, std::forward<Args>(args)...);
}

}  // namespace

void CsvScanner::put(CsvRecord& rec, char c) {
  if (rec.text.size() - field_start_ >= limits_.max_field_bytes) {
    return problem(rec, kDataLimit, "field {} is longer than {} bytes", rec.cells.size() + 1, limits_.max_field_bytes);
  }
  if (rec.text.size() >= limits_.max_line_bytes) {
    return problem(rec, kDataLimit, "record longer than {} bytes", limits_.max_line_bytes);
  }
  rec.text.push_back(c);
}

void CsvScanner::put_run(CsvRecord& rec, const char* p, std::size_t n) {
  // The same outcome as n calls of put(): the bytes that fit are appended and the
  // first one that does not reports the limit; nothing grows after it, so the bytes
  // after it would change nothing.
  const std::size_t size = rec.text.size(), field = size - field_start_;
  const std::size_t room = std::min(field < limits_.max_field_bytes ? limits_.max_field_bytes - field : 0,
                                    size < limits_.max_line_bytes ? limits_.max_line_bytes - size : 0);
  if (n <= room) {
    rec.text.append(p, n);
    return;
  }
  rec.text.append(p, room);
  put(rec, p[room]);
}

void CsvScanner::end_field(CsvRecord& rec) {
  if (rec.cells.size() >= limits_.max_list) {
    problem(rec, kDataLimit, "record has more than {} fields", limits_.max_list);
  } else {
    rec.cells.emplace_back(static_cast<std::uint32_t>(field_start_),
                           static_cast<std::uint32_t>(rec.text.size() - field_start_));
  }
  field_start_ = rec.text.size();
}

bool CsvScanner::resume_after_first_line(CsvRecord& rec, const OpenQuote& open) {
  rec.text.resize(open.text_at_break);
  if (!rec.text.empty() && rec.text.size() > open.field_start && rec.text.back() == '\r') rec.text.pop_back();
  rec.cells.resize(open.cells);
  field_start_ = open.field_start;
  end_field(rec);
  if (!open.had_problem) rec.problem_code = nullptr;  // what followed the break was not this record's
  problem(rec, kDataCsv, "unterminated quoted field (opened on line {}); reading resumes on line {}",
          open.quote_line, open.resume_line);
  in_.consume(open.resume);
  line_ = open.resume_line;
  return true;
}

bool CsvScanner::next(CsvRecord& rec) {
  rec.text.clear();
  rec.cells.clear();
  rec.problem_code = nullptr;
  rec.problem.clear();
  rec.blank = false;
  rec.quoted_any = false;
  rec.line = line_;
  field_start_ = 0;
  if (!bom_checked_) {
    bom_checked_ = true;
    while (in_.size() < 3 && in_.fill()) {
    }
    if (in_.size() >= 3 && in_.data()[0] == '\xEF' && in_.data()[1] == '\xBB' && in_.data()[2] == '\xBF') {
      in_.consume(3);
    }
  }
  rec.raw = {};
  if (limits_.csv_simple_lines && next_simple_line(rec)) return true;
  const bool more = next_general(rec);
  rec.base = rec.text.data();
  return more;
}

bool CsvScanner::next_general(CsvRecord& rec) {
  State st = State::field_start;
  bool cr = false;              // a CR outside quotes: a line break if LF follows
  bool any = false;             // the record has at least one byte
  std::int64_t quote_line = 0;  // where the open quoted field began
  OpenQuote open;               // a quoted field open over a line break
  std::size_t pos = 0;          // bytes of in_.data() scanned (kept while `open` is active)
  // Everything after the first quoted line break stays buffered until the record ends:
  // at most max_line_bytes of it (a record cannot be longer), so memory is bounded
  // whatever follows the field. Asked for every byte reached one at a time and for
  // the last byte of each run, so the outcome does not depend on block boundaries.
  auto runs_on = [&](std::size_t at) { return open.active && at - open.resume >= limits_.max_line_bytes; };
  // True when the record (or a blank line) ends at this LF.
  auto finish = [&]() {
    if (st == State::field_start && rec.cells.empty() && rec.text.empty() && !rec.quoted_any) {
      rec.blank = true;
    } else {
      end_field(rec);
    }
  };
  // The record ends at the LF at `lf`: a row spanning lines with the wrong width
  // was probably opened by a stray quote.
  auto end_record = [&](std::size_t lf) {
    ++line_;
    finish();
    if (open.active && expected_cells_ > 0 && rec.cells.size() != expected_cells_) {
      return resume_after_first_line(rec, open);
    }
    in_.consume(lf + 1);
    return true;
  };
  for (;;) {
    if (pos == in_.size()) {
      if (!open.active) {
        in_.consume(pos);
        pos = 0;
      }
      if (!in_.fill()) {
        if (!any) return false;
        if (st == State::quoted) {
          if (open.active) return resume_after_first_line(rec, open);
          problem(rec, kDataCsv, "unterminated quoted field (opened on line {})", quote_line);
        }
        finish();
        in_.consume(pos);
        return true;
      }
    }
    const char* p = in_.data();
    const std::size_t n = in_.size();
    for (; pos < n; ++pos) {
      if (runs_on(pos)) return resume_after_first_line(rec, open);
      const char c = p[pos];
      any = true;
      if (cr) {
        cr = false;
        if (c == '\n') return end_record(pos);
        // A lone CR is data in an unquoted field, and out of place after a quote.
        if (st == State::after_quote) {
          if (open.active) return resume_after_first_line(rec, open);
          problem(rec, kDataCsv, "unexpected character after the closing quote of field {}", rec.cells.size() + 1);
        }
        put(rec, '\r');
        st = State::unquoted;
      }
      // Runs of plain bytes are appended at once (the byte-by-byte states below
      // handle the special ones); a quoted field open over a line break goes byte
      // by byte, for its look-ahead limit.
      if (st == State::quoted && !open.active && c != '"' && c != '\n') {
        std::size_t end = pos + 1;
        while (end < n && p[end] != '"' && p[end] != '\n') ++end;
        put_run(rec, p + pos, end - pos);
        pos = end - 1;
        continue;
      }
      if ((st == State::unquoted || st == State::field_start) && c != ',' && c != '\n' && c != '\r' && c != '"') {
        std::size_t end = pos + 1;
        while (end < n && p[end] != ',' && p[end] != '\n' && p[end] != '\r' && p[end] != '"') ++end;
        if (runs_on(end - 1)) return resume_after_first_line(rec, open);
        put_run(rec, p + pos, end - pos);
        st = State::unquoted;
        pos = end - 1;
        continue;
      }
      switch (st) {
        case State::quoted:
          if (c == '"') {
            st = State::after_quote;
          } else {
            if (c == '\n') {
              ++line_;
              if (!open.active) {
                open = {true, pos + 1, line_, quote_line, rec.cells.size(), field_start_, rec.text.size(),
                        rec.problem_code != nullptr};
              }
            }
            if (open.active && pos >= open.resume + limits_.max_field_bytes) return resume_after_first_line(rec, open);
            put(rec, c);
          }
          continue;
        case State::after_quote:
          if (c == '"') {
            put(rec, '"');
            st = State::quoted;
            continue;
          }
          if (c != ',' && c != '\n' && c != '\r') {
            if (open.active) return resume_after_first_line(rec, open);
            problem(rec, kDataCsv, "unexpected character after the closing quote of field {}", rec.cells.size() + 1);
            put(rec, c);
            st = State::unquoted;
            continue;
          }
          break;
        case State::field_start:
          if (c == '"') {
            st = State::quoted;
            rec.quoted_any = true;
            quote_line = line_;
            continue;
          }
          break;
        case State::unquoted:
          if (c == '"') {
            problem(rec, kDataCsv, "`\"` inside unquoted field {}: quote the field and double the quote",
                    rec.cells.size() + 1);
          }
          break;
      }
      // Outside quotes: separators and line ends.
      if (c == ',') {
        end_field(rec);
        st = State::field_start;
      } else if (c == '\n') {
        return end_record(pos);
      } else if (c == '\r') {
        cr = true;
      } else {
        put(rec, c);
        st = State::unquoted;
      }
    }
  }
}

}  // namespace sluice::rt::readers
