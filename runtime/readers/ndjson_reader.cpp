// NDJSON: one JSON object per line. Lines are split here (large blocks, no copy)
// and each is parsed in place by simdjson on-demand. Blank lines are skipped; CRLF
// is accepted; a line over max_line_bytes is one error record, skipped without
// being buffered whole.
#include <cstring>

#include <fmt/format.h>

#include "runtime/readers/block_input.hpp"
#include "runtime/readers/json_fill.hpp"
#include "runtime/readers/readers.hpp"
#include "runtime/readers/record_state.hpp"

namespace sluice::rt::readers {

namespace {

bool blank(const char* p, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r') return false;
  }
  return true;
}

class NdjsonReader final : public ChunkReader {
 public:
  // `Source`: an istream, or text in memory followed by BlockInput::kPadding
  // readable bytes (see make_ndjson_reader_in_place).
  template <class Source>
  NdjsonReader(Source&& in, const ir::Program& program, std::int32_t record, const ReaderLimits& limits,
               bool by_field_name)
      : input_(in),
        state_(program, record, by_field_name, limits, kMaxBatch),
        filler_(state_.schema, state_.arena, state_.limits) {
    // The parser grows to the longest line seen; its depth limit guards what it walks.
    // Should this small allocation fail, iterate() allocates again and reports it.
    const simdjson::error_code ignored = parser_.allocate(std::size_t{1} << 16, limits.max_depth + kParserDepthMargin);
    (void)ignored;
  }

  bool next(RecordIn& rec) override { return read(rec, 0, true); }

  // Only for a reader over text in memory (make_ndjson_reader_in_place).
  void restart(std::string_view text) override {
    input_ = BlockInput(text);
    line_ = 0;
    scan_ = 0;
    state_.index = 0;
  }

  std::int64_t lines() const override { return line_; }

  // The lines of one batch come from the buffer as it is: refilling it moves the
  // bytes the batch's texts point into, so only a batch's first read may refill.
  std::size_t next_batch(RecordIn* recs, std::size_t max) override {
    std::size_t n = 0;
    while (n < max && n < state_.batch && read(recs[n], n, n == 0)) ++n;
    return n;
  }

 private:
  // The next record into `rec`, record `in_batch` of its batch. False at the end of
  // the input, or, when `may_fill` is false, when the next line is not whole in the
  // buffer.
  bool read(RecordIn& rec, std::size_t in_batch, bool may_fill) {
    for (;;) {
      const char* data = input_.data();
      const std::size_t size = input_.size();
      const void* nl = scan_ < size ? std::memchr(data + scan_, '\n', size - scan_) : nullptr;
      if (nl != nullptr) {
        const std::size_t len = static_cast<std::size_t>(static_cast<const char*>(nl) - data);
        ++line_;
        const bool got = take_line(data, len, rec, in_batch);
        input_.consume(len + 1);
        scan_ = 0;
        if (got) return true;
        continue;
      }
      scan_ = size;
      if (!may_fill) return false;
      if (size > state_.limits.max_line_bytes) {
        skip_long_line(rec);
        return true;
      }
      if (!input_.fill()) {
        // The last line has no final newline.
        if (input_.size() == 0) return false;
        ++line_;
        const bool got = take_line(input_.data(), input_.size(), rec, in_batch);
        input_.consume_all();
        scan_ = 0;
        if (got) return true;
      }
    }
  }

  // False for a blank line (skipped).
  bool take_line(const char* p, std::size_t len, RecordIn& rec, std::size_t in_batch) {
    if (len > 0 && p[len - 1] == '\r') --len;
    if (blank(p, len)) return false;
    state_.begin(in_batch);
    if (len > state_.limits.max_line_bytes) {
      state_.err.fail(kDataLimit, fmt::format("line longer than {} bytes", state_.limits.max_line_bytes));
    } else {
      parse(p, len, in_batch);
    }
    state_.end(rec, line_);
    return true;
  }

  void parse(const char* p, std::size_t len, std::size_t in_batch) {
    if (state_.limits.structural_walk) {
      if (index_.index(p, len) && filler_.walk_root(p, index_, state_.slots, state_.err)) {
        return filler_.finish(state_.schema.root(), state_.slots, state_.err);
      }
      state_.begin(in_batch);  // the walk gave up, maybe halfway: start the record over
    }
    const std::size_t padded = input_.padded_capacity() - static_cast<std::size_t>(p - input_.data());
    od::document doc;
    if (auto e = parser_.iterate(simdjson::padded_string_view(p, len, padded)).get(doc)) {
      return JsonFiller::json_error(e, state_.err);
    }
    od::object obj;
    if (auto e = doc.get_object().get(obj)) {
      od::json_type t;
      if (e == simdjson::INCORRECT_TYPE && !doc.type().get(t)) {
        return state_.err.fail(kDataType, fmt::format("expected a JSON object on each line, got {}", type_name(t)));
      }
      return JsonFiller::json_error(e, state_.err);
    }
    filler_.fill_root(obj, state_.slots, state_.err);
    if (filler_.broken()) return;
    // Anything after the object (`{...} {...}`) is malformed.
    if (doc.current_location().error() != simdjson::OUT_OF_BOUNDS) {
      return state_.err.fail(kDataJson, "malformed JSON: content after the end of the object");
    }
    if (!state_.err.any()) filler_.finish(state_.schema.root(), state_.slots, state_.err);
  }

  static const char* type_name(od::json_type t) {
    switch (t) {
      case od::json_type::array: return "a list";
      case od::json_type::string: return "a string";
      case od::json_type::number: return "a number";
      case od::json_type::boolean: return "a bool";
      case od::json_type::null: return "null";
      default: return "a value";
    }
  }

  // The line in the buffer is already longer than the limit: report it and drop
  // bytes until the next newline without keeping them.
  void skip_long_line(RecordIn& rec) {
    ++line_;
    const std::int64_t line = line_;
    input_.consume_all();
    scan_ = 0;
    while (input_.fill()) {
      const void* nl = std::memchr(input_.data(), '\n', input_.size());
      if (nl != nullptr) {
        input_.consume(static_cast<std::size_t>(static_cast<const char*>(nl) - input_.data()) + 1);
        break;
      }
      input_.consume_all();
    }
    state_.begin();
    state_.err.fail(kDataLimit, fmt::format("line longer than {} bytes", state_.limits.max_line_bytes));
    state_.end(rec, line);
  }

  BlockInput input_;
  RecordState state_;
  JsonFiller filler_;
  StructuralIndex index_;
  od::parser parser_;
  std::int64_t line_ = 0;
  std::size_t scan_ = 0;  // bytes of the buffered data already searched for '\n'
};

}  // namespace

std::unique_ptr<RecordReader> make_ndjson_reader(std::istream& in, const ir::Program& program, std::int32_t record,
                                                 const ReaderLimits& limits, bool by_field_name) {
  return std::make_unique<NdjsonReader>(in, program, record, limits, by_field_name);
}

}  // namespace sluice::rt::readers

namespace sluice::rt {

std::unique_ptr<ChunkReader> make_ndjson_reader_in_place(std::string_view text, const ir::Program& program,
                                                         std::int32_t record, const ReaderLimits& limits) {
  return std::make_unique<readers::NdjsonReader>(text, program, record, limits, false);
}

}  // namespace sluice::rt
