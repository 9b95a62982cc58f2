// simdjson's stage 1 on its own: the positions of a JSON document's structural
// characters ({ } [ ] : ,) and of the first byte of each scalar and string, found
// with SIMD. The structural walk (JsonFiller::walk_root, json_walk.cpp) reads records
// from these positions directly instead of through on-demand's iterators.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>

#include <simdjson.h>

namespace sluice::rt::readers {

class StructuralIndex {
 public:
  // Indexes the `len` bytes at `doc`, which must be followed by
  // simdjson::SIMDJSON_PADDING readable bytes. False when stage 1 rejects the text
  // (invalid UTF-8, an unclosed string, no structure at all) or memory runs out:
  // the caller then reads it the on-demand way, which reports why.
  bool index(const char* doc, std::size_t len);

  // After a successful index(): positions()[0 .. count()) hold the offsets, in
  // order; positions()[count()] is the document's length.
  const std::uint32_t* positions() const { return stage1_->structural_indexes.get(); }
  std::uint32_t count() const { return stage1_->n_structural_indexes; }
  // Unescapes the string whose bytes start at `src` (after its opening quote) into
  // `dst`, which has room for them plus simdjson::SIMDJSON_PADDING: simdjson's own
  // unescaping, as on-demand's get_string does it. The end of the text written, or
  // nullptr for a bad escape.
  char* unescape(const char* src, char* dst) const {
    return reinterpret_cast<char*>(
        stage1_->parse_string(reinterpret_cast<const std::uint8_t*>(src), reinterpret_cast<std::uint8_t*>(dst)));
  }

 private:
  std::unique_ptr<simdjson::internal::dom_parser_implementation> stage1_;
  std::size_t capacity_ = 0;
};

}  // namespace sluice::rt::readers
