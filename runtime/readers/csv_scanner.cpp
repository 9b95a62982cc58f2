#include "runtime/readers/csv_scanner.hpp"

#include <fmt/format.h>

#include "runtime/readers/scalar_parse.hpp"

namespace sluice::rt::readers {

void CsvScanner::problem(CsvRecord& rec, const char* code, std::string message) {
  if (rec.problem_code == nullptr) {
    rec.problem_code = code;
    rec.problem = std::move(message);
  }
}

void CsvScanner::put(CsvRecord& rec, char c) {
  if (rec.text.size() - field_start_ >= limits_.max_field_bytes) {
    return problem(rec, kDataLimit, fmt::format("field {} is longer than {} bytes", rec.cells.size() + 1,
                                                limits_.max_field_bytes));
  }
  if (rec.text.size() >= limits_.max_line_bytes) {
    return problem(rec, kDataLimit, fmt::format("record longer than {} bytes", limits_.max_line_bytes));
  }
  rec.text.push_back(c);
}

void CsvScanner::end_field(CsvRecord& rec) {
  if (rec.cells.size() >= limits_.max_list) {
    problem(rec, kDataLimit, fmt::format("record has more than {} fields", limits_.max_list));
  } else {
    rec.cells.emplace_back(static_cast<std::uint32_t>(field_start_),
                           static_cast<std::uint32_t>(rec.text.size() - field_start_));
  }
  field_start_ = rec.text.size();
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
  State st = State::field_start;
  bool cr = false;              // a CR outside quotes: a line break if LF follows
  bool any = false;             // the record has at least one byte
  std::int64_t quote_line = 0;  // where the open quoted field began
  // True when the record (or a blank line) ends at this LF.
  auto finish = [&]() {
    if (st == State::field_start && rec.cells.empty() && rec.text.empty() && !rec.quoted_any) {
      rec.blank = true;
    } else {
      end_field(rec);
    }
  };
  for (;;) {
    if (in_.size() == 0 && !in_.fill()) {
      if (!any) return false;
      if (st == State::quoted) {
        problem(rec, kDataCsv, fmt::format("unterminated quoted field (opened on line {})", quote_line));
      }
      finish();
      return true;
    }
    const char* p = in_.data();
    const std::size_t n = in_.size();
    for (std::size_t i = 0; i < n; ++i) {
      const char c = p[i];
      any = true;
      if (cr) {
        cr = false;
        if (c == '\n') {
          ++line_;
          in_.consume(i + 1);
          finish();
          return true;
        }
        // A lone CR is data in an unquoted field, and out of place after a quote.
        if (st == State::after_quote) {
          problem(rec, kDataCsv, fmt::format("unexpected character after the closing quote of field {}",
                                             rec.cells.size() + 1));
        }
        put(rec, '\r');
        st = State::unquoted;
      }
      switch (st) {
        case State::quoted:
          if (c == '"') {
            st = State::after_quote;
          } else {
            if (c == '\n') ++line_;
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
            problem(rec, kDataCsv, fmt::format("unexpected character after the closing quote of field {}",
                                               rec.cells.size() + 1));
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
            problem(rec, kDataCsv, fmt::format("`\"` inside unquoted field {}: quote the field and double the quote",
                                               rec.cells.size() + 1));
          }
          break;
      }
      // Outside quotes: separators and line ends.
      if (c == ',') {
        end_field(rec);
        st = State::field_start;
      } else if (c == '\n') {
        ++line_;
        in_.consume(i + 1);
        finish();
        return true;
      } else if (c == '\r') {
        cr = true;
      } else {
        put(rec, c);
        st = State::unquoted;
      }
    }
    in_.consume(n);
  }
}

}  // namespace sluice::rt::readers
