// A JSON array of records, `[ {...}, {...} ]` (or a single top-level object).
// simdjson's document_stream does not split arrays, so the whole input is read
// into one padded buffer (at most ReaderLimits::max_document_bytes) and the array
// is walked element by element with on-demand: records still come out one at a
// time. A syntax error between elements ends the input: it yields one error
// record at the line where it was found, since the next element cannot be located.
#include <algorithm>
#include <string>

#include <fmt/format.h>

#include "runtime/readers/json_fill.hpp"
#include "runtime/readers/readers.hpp"
#include "runtime/readers/record_state.hpp"

namespace sluice::rt::readers {

namespace {

class JsonArrayReader final : public RecordReader {
 public:
  JsonArrayReader(std::istream& in, const ir::Program& program, std::int32_t record, const ReaderLimits& limits,
                  bool by_field_name)
      : in_(in), state_(program, record, by_field_name, limits), filler_(state_.schema, state_.arena, state_.limits) {}

  bool next(RecordIn& rec) override {
    if (phase_ == Phase::start) start(rec);
    if (phase_ == Phase::start_error) {
      phase_ = Phase::done;
      return true;
    }
    if (phase_ == Phase::single) {
      phase_ = Phase::done;
      take_single(rec);
      return true;
    }
    if (phase_ != Phase::array || !(it_ != end_)) return false;
    take_element(rec);
    return true;
  }

 private:
  enum class Phase { start, start_error, single, array, done };

  // Reads the input and opens the array. Input that cannot be opened as a JSON
  // array or object becomes one error record (phase start_error).
  void start(RecordIn& rec) {
    phase_ = Phase::done;
    if (!read_all()) return fail_start(rec, kDataLimit,
                                       fmt::format("JSON input larger than {} bytes; use NDJSON for larger inputs",
                                                   state_.limits.max_document_bytes));
    const std::size_t first = text_.find_first_not_of(" \t\r\n");
    if (first >= size_) return;  // empty input: no records
    line_ = 1 + static_cast<std::int64_t>(std::count(text_.data(), text_.data() + first, '\n'));
    seen_ = first;
    if (auto e = parser_.allocate(size_, state_.limits.max_depth + kParserDepthMargin)) return fail_start(rec, e);
    if (auto e = parser_.iterate(simdjson::padded_string_view(text_.data(), size_, text_.size())).get(doc_)) {
      return fail_start(rec, e);
    }
    if (text_[first] == '{') {
      phase_ = Phase::single;
      return;
    }
    if (text_[first] != '[') {
      return fail_start(rec, kDataType, "expected a JSON array of objects");
    }
    if (auto e = doc_.get_array().get(array_)) return fail_start(rec, e);
    if (auto e = array_.begin().get(it_)) return fail_start(rec, e);
    if (auto e = array_.end().get(end_)) return fail_start(rec, e);
    phase_ = Phase::array;
  }

  bool read_all() {
    const std::size_t block = std::size_t{1} << 20;
    size_ = 0;
    for (;;) {
      if (text_.size() < size_ + block) text_.resize(size_ + block);
      auto* sb = in_.rdbuf();
      const auto got = sb ? static_cast<std::size_t>(sb->sgetn(text_.data() + size_, static_cast<std::streamsize>(block))) : 0;
      size_ += got;
      if (size_ > state_.limits.max_document_bytes) return false;
      if (got == 0) break;
    }
    text_.resize(size_ + simdjson::SIMDJSON_PADDING, ' ');
    return true;
  }

  void fail_start(RecordIn& rec, const char* code, std::string message) {
    state_.begin();
    state_.err.fail(code, std::move(message));
    state_.end(rec, line_);
    phase_ = Phase::start_error;
  }
  void fail_start(RecordIn& rec, simdjson::error_code e) {
    state_.begin();
    JsonFiller::json_error(e, state_.err);
    state_.end(rec, line_);
    phase_ = Phase::start_error;
  }

  // The line of `at`, counting newlines only since the last position asked for.
  std::int64_t line_of(const char* at) {
    const std::size_t pos = std::min(static_cast<std::size_t>(at - text_.data()), size_);
    if (pos > seen_) {
      line_ += std::count(text_.data() + seen_, text_.data() + pos, '\n');
      seen_ = pos;
    }
    return line_;
  }

  void take_single(RecordIn& rec) {
    state_.begin();
    od::object obj;
    if (auto e = doc_.get_object().get(obj)) {
      JsonFiller::json_error(e, state_.err);
    } else {
      filler_.fill_root(obj, state_.slots, state_.err);
      if (!filler_.broken() && doc_.current_location().error() != simdjson::OUT_OF_BOUNDS) {
        state_.err.fail(kDataJson, "malformed JSON: content after the end of the object");
      }
      if (!state_.err.any()) filler_.finish(state_.schema.root(), state_.slots, state_.err);
    }
    state_.end(rec, line_);
  }

  void take_element(RecordIn& rec) {
    state_.begin();
    od::value v;
    auto e = (*it_).get(v);
    const char* at = nullptr;
    if (!e) e = v.current_location().get(at);
    const std::int64_t line = at != nullptr ? line_of(at) : line_;
    od::json_type t;
    od::object obj;
    if (!e) e = v.type().get(t);
    if (e) {
      JsonFiller::json_error(e, state_.err);
      phase_ = Phase::done;  // the array cannot be walked further
    } else if (t != od::json_type::object) {
      state_.err.fail(kDataType, "expected a JSON object for each array element");
    } else if (auto oe = v.get_object().get(obj)) {
      JsonFiller::json_error(oe, state_.err);
      phase_ = Phase::done;
    } else {
      filler_.fill_root(obj, state_.slots, state_.err);
      if (filler_.broken()) phase_ = Phase::done;
      if (!state_.err.any()) filler_.finish(state_.schema.root(), state_.slots, state_.err);
    }
    state_.end(rec, line);
    if (phase_ == Phase::array) ++it_;
  }

  std::istream& in_;
  RecordState state_;
  JsonFiller filler_;
  od::parser parser_;
  std::string text_;            // the whole input, then SIMDJSON_PADDING spaces
  std::size_t size_ = 0;        // input bytes in text_
  od::document doc_;
  od::array array_;
  od::array_iterator it_, end_;
  Phase phase_ = Phase::start;
  std::int64_t line_ = 1;
  std::size_t seen_ = 0;        // line_ counts the newlines before this offset
};

}  // namespace

std::unique_ptr<RecordReader> make_json_array_reader(std::istream& in, const ir::Program& program,
                                                     std::int32_t record, const ReaderLimits& limits,
                                                     bool by_field_name) {
  return std::make_unique<JsonArrayReader>(in, program, record, limits, by_field_name);
}

}  // namespace sluice::rt::readers
