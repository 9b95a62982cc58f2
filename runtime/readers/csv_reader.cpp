// CSV (RFC 4180) records: the header row names the columns, matched to fields by
// input key (`from`) or field name, dotted for nested objects (`company.employees`);
// other columns are ignored. Cells are text parsed per the declared type; an empty
// cell is not set; list and object columns hold JSON. An object with a dotted
// column is present in every row.
#include <algorithm>
#include <string>
#include <unordered_map>

#include <fmt/format.h>
#include <simdjson.h>

#include "runtime/csv_chunks.hpp"
#include "runtime/readers/block_input.hpp"
#include "runtime/readers/csv_scanner.hpp"
#include "runtime/readers/json_fill.hpp"
#include "runtime/readers/readers.hpp"
#include "runtime/readers/record_state.hpp"

namespace sluice::rt::readers {

static_assert(kCellPadding >= simdjson::SIMDJSON_PADDING);

// A simple line is valid UTF-8 exactly when its cells are (what it adds is ASCII);
// otherwise each cell is checked, since the bytes of two cells back to back could
// make a character neither of them holds.
bool valid_utf8(const CsvRecord& row) {
  if (row.padded()) return simdjson::validate_utf8(row.raw.data(), row.raw.size());
  for (std::size_t c = 0; c < row.cells.size(); ++c) {
    const std::string_view cell = row.cell(c);
    if (!simdjson::validate_utf8(cell.data(), cell.size())) return false;
  }
  return true;
}

const char* header_problem(const CsvRecord& row, std::string& message) {
  if (row.problem_code != nullptr) {
    message = row.problem;
    return row.problem_code;
  }
  if (valid_utf8(row)) return nullptr;
  message = "invalid UTF-8 in the header row";
  return kDataUtf8;
}

namespace {

// Most cells have no blank at either end: one look at each end decides.
inline bool blank(char c) { return c == ' ' || c == '\t'; }

inline std::string_view trim(std::string_view s) {
  if (s.empty() || (!blank(s.front()) && !blank(s.back()))) return s;
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  return s;
}

// Reads a whole input (an istream, its header row first), or, as a chunk reader,
// part of a mapped one cut at record boundaries whose header was read elsewhere.
class CsvReader final : public CsvChunkReader {
 public:
  CsvReader(std::istream& in, const ir::Program& program, std::int32_t record, const ReaderLimits& limits,
            bool by_field_name)
      : input_(in),
        state_(program, record, by_field_name, limits),
        filler_(state_.schema, state_.arena, state_.limits),
        scanner_(input_, state_.limits) {
    set_up(limits);
  }

  // `text` (followed by BlockInput::kPadding readable bytes) starts at a record
  // boundary on line `first_line`; `header`'s cells are the input's header row.
  CsvReader(std::string_view text, std::int64_t first_line, const CsvHeader& header, const ir::Program& program,
            std::int32_t record, const ReaderLimits& limits)
      : input_(text),
        state_(program, record, false, limits),
        filler_(state_.schema, state_.arena, state_.limits),
        scanner_(input_, state_.limits) {
    set_up(limits);
    header_read_ = true;
    map_columns(std::vector<std::string_view>(header.cells.begin(), header.cells.end()));
    scanner_.resume_at(first_line);
  }

  void restart(std::string_view text, std::int64_t first_line) override {
    input_ = BlockInput(text);
    scanner_.resume_at(first_line);
    state_.index = 0;
    done_ = false;
  }

  bool next(RecordIn& rec) override {
    if (done_) return false;
    if (!header_read_) {
      header_read_ = true;
      switch (read_header(rec)) {
        case Header::ok: break;
        case Header::none: return false;
        case Header::broken: return true;  // `rec` is its error record
      }
    }
    if (!scanner_.next_row(row_)) {
      done_ = true;
      return false;
    }
    take_row(rec);
    return true;
  }

 private:
  void set_up(const ReaderLimits& limits) {
    filler_.set_copy_text(true);  // each JSON cell is parsed on its own
    const simdjson::error_code ignored = parser_.allocate(std::size_t{1} << 12, limits.max_depth + kParserDepthMargin);
    (void)ignored;  // should it fail, iterate() allocates again and reports it
    index_column_names();
  }

  // Every name a column may use for a top-level-layout slot: the dotted input keys
  // (`Lead_Score__c`, `company.employees`) and the dotted field names.
  void index_column_names() {
    const RecordSchema& sc = state_.schema;
    const auto& slots = sc.layout(sc.root()).slots;
    std::vector<std::string> input_path(slots.size());
    for (std::int32_t s = 0; s < static_cast<std::int32_t>(slots.size()); ++s) {
      const ir::Slot& slot = slots[static_cast<std::size_t>(s)];
      std::string key(sc.key_of(sc.root(), s));
      input_path[static_cast<std::size_t>(s)] =
          slot.parent >= 0 ? input_path[static_cast<std::size_t>(slot.parent)] + "." + key : key;
      names_.emplace(input_path[static_cast<std::size_t>(s)], s);
    }
    for (std::int32_t s = 0; s < static_cast<std::int32_t>(slots.size()); ++s) {
      names_.emplace(slots[static_cast<std::size_t>(s)].path, s);  // only where no input key took it
    }
  }

  enum class Header { ok, none, broken };
  // none: empty input; broken: `rec` is set to one error record and reading ends.
  Header read_header(RecordIn& rec) {
    if (!scanner_.next_row(row_)) {
      done_ = true;
      return Header::none;
    }
    std::string message;
    if (const char* code = header_problem(row_, message)) {
      state_.begin();
      state_.err.fail(code, "header row: " + message);
      state_.end(rec, row_.line);
      done_ = true;
      return Header::broken;
    }
    std::vector<std::string_view> cells;
    for (std::size_t c = 0; c < row_.cells.size(); ++c) cells.push_back(row_.cell(c));
    map_columns(cells);
    return Header::ok;
  }

  // The header row's cells to slots (one column a slot, the first wins).
  void map_columns(const std::vector<std::string_view>& cells) {
    std::vector<bool> taken(state_.width, false);
    column_slot_.assign(cells.size(), -1);
    scanner_.set_expected_cells(cells.size());
    for (std::size_t c = 0; c < cells.size(); ++c) {
      auto it = names_.find(std::string(cells[c]));
      // A second column for the same field is ignored: the first one wins.
      if (it == names_.end() || taken[static_cast<std::size_t>(it->second)]) continue;
      taken[static_cast<std::size_t>(it->second)] = true;
      column_slot_[c] = it->second;
      if (it->second == state_.schema.key_slot()) key_column_ = static_cast<std::int32_t>(c);
    }
    // An object with dotted columns (`company.employees`) is present in every row,
    // even when those cells are empty: CSV cannot tell "absent" from "all empty".
    const auto& slots = state_.schema.layout(state_.schema.root()).slots;
    for (std::int32_t s : column_slot_) {
      if (s < 0) continue;
      for (std::int32_t p = slots[static_cast<std::size_t>(s)].parent; p >= 0; p = slots[static_cast<std::size_t>(p)].parent) {
        if (std::find(implied_objects_.begin(), implied_objects_.end(), p) == implied_objects_.end()) {
          implied_objects_.push_back(p);
        }
      }
    }
  }

  void take_row(RecordIn& rec) {
    state_.begin();
    ReadError& err = state_.err;
    const bool utf8 = valid_utf8(row_);
    if (row_.problem_code != nullptr) {
      err.fail(row_.problem_code, row_.problem);
    } else if (!utf8) {
      err.fail(kDataUtf8, "invalid UTF-8 in the input");
    } else if (row_.cells.size() != column_slot_.size()) {
      err.fail(kDataCsv, fmt::format("row has {} fields, the header has {}", row_.cells.size(), column_slot_.size()));
    }
    for (std::int32_t p : implied_objects_) state_.slots[static_cast<std::size_t>(p)] = Value::object_present();
    if (utf8 && key_column_ >= 0 && static_cast<std::size_t>(key_column_) < row_.cells.size()) {
      fill_cell(static_cast<std::size_t>(key_column_));
    }
    for (std::size_t c = 0; c < row_.cells.size() && !err.any(); ++c) {
      if (static_cast<std::int32_t>(c) != key_column_) fill_cell(c);
    }
    if (!err.any()) filler_.finish(state_.schema.root(), state_.slots, err);
    state_.end(rec, row_.line);
  }

  void fill_cell(std::size_t c) {
    const std::int32_t s = column_slot_[c];
    if (s < 0) return;
    const std::string_view cell = row_.cell(c);
    if (cell.empty()) return;  // not set
    const ir::Slot& slot = state_.schema.slot(state_.schema.root(), s);
    Value& out = state_.slots[static_cast<std::size_t>(s)];
    ReadError& err = state_.err;
    const std::string_view t = trim(cell);
    switch (slot.kind) {
      case TypeKind::bool_: {
        bool b = false;
        if (!parse_bool_word(t, b)) {
          return err.fail(kDataType, fmt::format("{}: expected bool (true/false/yes/no/1/0), got {}", slot.path,
                                                 quote_for_message(cell)));
        }
        out = Value::boolean(b);
        break;
      }
      case TypeKind::int_:
      case TypeKind::number: {
        std::int64_t i = 0;
        double n = 0;
        Parsed p = slot.kind == TypeKind::int_ ? parse_int_token(t, i) : parse_number_token(t, n);
        if (p == Parsed::out_of_range) {
          return err.fail(kDataRange, fmt::format("{}: {} is out of the {} range", slot.path, token_for_message(t),
                                                  slot.kind == TypeKind::int_ ? "64-bit int" : "number"));
        }
        if (p != Parsed::ok) {
          return err.fail(kDataType, fmt::format("{}: expected {}, got {}", slot.path, kind_name(slot.kind),
                                                 quote_for_message(cell)));
        }
        out = slot.kind == TypeKind::int_ ? Value::integer(i) : Value::number(n);
        break;
      }
      case TypeKind::list:
      case TypeKind::object:
        return fill_json_cell(s, slot, cell, t);
      default: {
        Parsed p = parse_text_as(slot, slot.kind, slot.kind == TypeKind::text ? cell : t, out);
        if (p == Parsed::out_of_range) return err.fail(kDataEnum, enum_message(slot.path, slot, quote_for_message(t)));
        if (p != Parsed::ok) {
          return err.fail(kDataType, fmt::format("{}: expected {}, got {}", slot.path, kind_name(slot.kind),
                                                 quote_for_message(cell)));
        }
      }
    }
  }

  // A list or object column: the cell holds JSON (`["a","b"]`, `[{"name":"x"}]`).
  // `t`: the cell trimmed.
  void fill_json_cell(std::int32_t s, const ir::Slot& slot, std::string_view cell, std::string_view t) {
    ReadError& err = state_.err;
    const char open = slot.kind == TypeKind::list ? '[' : '{';
    if (t.empty() || t.front() != open) {
      return err.fail(kDataType, fmt::format("{}: expected a JSON {} in the cell, got {}", slot.path,
                                             slot.kind == TypeKind::list ? "list" : "object", quote_for_message(cell)));
    }
    // In place when padded and followed by what a copy has there, a space (or a byte
    // that ends a JSON token as a space does): the parse reads nothing else past it.
    auto ends_token = [](char c) { return c == ' ' || c == '\t' || c == ',' || c == '\n'; };
    const char* json = t.data();
    if (!row_.padded() || !ends_token(t.data()[t.size()])) {
      json_buf_.assign(t);
      json_buf_.append(simdjson::SIMDJSON_PADDING, ' ');
      json = json_buf_.data();
    }
    if (state_.limits.structural_walk && walk_json_cell(s, slot, json, t.size())) return;
    od::document doc;
    od::value v;
    simdjson::error_code e =
        parser_.iterate(simdjson::padded_string_view(json, t.size(), t.size() + simdjson::SIMDJSON_PADDING)).get(doc);
    if (!e) e = doc.get_value().get(v);
    if (!e) {
      filler_.fill_root_slot(v, s, state_.slots, err);
      if (!filler_.broken() && doc.current_location().error() != simdjson::OUT_OF_BOUNDS) {
        err.fail(kDataJson, "malformed JSON: content after the end of the value");
      }
    } else {
      JsonFiller::json_error(e, err);
    }
    // Name the column in messages that do not already (codes compared as text: the
    // same literal may have several addresses).
    const std::string_view code = err.any() ? err.code : "";
    if ((code == kDataJson || code == kDataUtf8) && err.message.rfind(slot.path, 0) != 0) {
      err.message = fmt::format("{}: {}", slot.path, err.message);
    }
  }

  // The cell's JSON (padded) read by the structural walk (readers/json_walk.cpp).
  // False when the walk gives it up: the row is then as it was, for on-demand to
  // read the cell again and report what is wrong.
  bool walk_json_cell(std::int32_t s, const ir::Slot& slot, const char* json, std::size_t len) {
    ReadError& err = state_.err;
    // After a row problem (before the key cell) fill_object reads the key alone.
    if (err.any()) return false;
    // An object's fields are slots of the row, which the walk may set before it
    // gives up; a list's elements are in the arena, the slot set only at the end.
    if (slot.kind == TypeKind::object) saved_.assign(state_.slots, state_.slots + state_.width);
    if (index_.index(json, len) && filler_.walk_root_slot(json, index_, s, state_.slots, err)) {
      return true;
    }
    if (slot.kind == TypeKind::object) std::copy(saved_.begin(), saved_.end(), state_.slots);
    err.clear();  // a list element's missing field, found by the walk
    return false;
  }

  BlockInput input_;
  RecordState state_;
  JsonFiller filler_;
  CsvScanner scanner_;
  CsvRecord row_;
  std::unordered_map<std::string, std::int32_t> names_;
  std::vector<std::int32_t> column_slot_;  // per header column: the slot, or -1 (ignored)
  std::int32_t key_column_ = -1;
  std::vector<std::int32_t> implied_objects_;  // objects present in every row (see read_header)
  bool header_read_ = false;
  bool done_ = false;
  StructuralIndex index_;
  od::parser parser_;
  std::string json_buf_;      // one JSON cell, padded
  std::vector<Value> saved_;  // the row's slots before an object cell's walk
};

}  // namespace

std::unique_ptr<RecordReader> make_csv_reader(std::istream& in, const ir::Program& program, std::int32_t record,
                                              const ReaderLimits& limits, bool by_field_name) {
  return std::make_unique<CsvReader>(in, program, record, limits, by_field_name);
}

}  // namespace sluice::rt::readers

namespace sluice::rt {

std::unique_ptr<CsvChunkReader> make_csv_chunk_reader(std::string_view text, std::int64_t first_line,
                                                      const CsvHeader& header, const ir::Program& program,
                                                      std::int32_t record, const ReaderLimits& limits) {
  return std::make_unique<readers::CsvReader>(text, first_line, header, program, record, limits);
}

CsvChunkReader& csv_chunk_reader(std::unique_ptr<CsvChunkReader>& reader, std::string_view text,
                                 std::int64_t first_line, const CsvHeader& header, const ir::Program& program,
                                 std::int32_t record, const ReaderLimits& limits) {
  if (reader == nullptr) {
    reader = make_csv_chunk_reader(text, first_line, header, program, record, limits);
  } else {
    reader->restart(text, first_line);
  }
  return *reader;
}

}  // namespace sluice::rt
