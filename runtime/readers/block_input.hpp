// Reads an istream in large blocks into one growable buffer that always has
// kPadding readable bytes after its data, so simdjson can parse a line in place.
// The caller consumes from the front; fill() compacts and appends the next block.
// Memory stays at the largest run of unconsumed bytes the caller kept, which the
// readers bound by ReaderLimits (they never keep an over-long line). Over text that
// is already in memory with its padding (an `eval -j N` chunk), nothing is copied.
#pragma once
#include <cstddef>
#include <istream>
#include <memory>
#include <string_view>

namespace sluice::rt::readers {

class BlockInput {
 public:
  static constexpr std::size_t kPadding = 64;  // >= SIMDJSON_PADDING (checked in the .cpp)

  explicit BlockInput(std::istream& in, std::size_t block = std::size_t{1} << 20);
  // All of the input, borrowed: kPadding readable zero bytes must follow `text`.
  explicit BlockInput(std::string_view text);

  const char* data() const { return base_ + begin_; }
  std::size_t size() const { return end_ - begin_; }
  // Bytes of buffer after data() (>= size() + kPadding): the padded capacity.
  std::size_t padded_capacity() const { return cap_ + kPadding - begin_; }
  void consume(std::size_t n) { begin_ += n; }
  void consume_all() { begin_ = end_ = 0; }
  // Appends up to one block; false when the stream had nothing more.
  bool fill();
  bool at_eof() const { return eof_; }
  // Allocated buffer size, for the constant-memory test.
  std::size_t allocated() const { return cap_ + kPadding; }

 private:
  std::istream* in_ = nullptr;  // null over borrowed text
  std::size_t block_ = 0;
  std::unique_ptr<char[]> buf_;
  const char* base_ = nullptr;  // buf_ or the borrowed text
  std::size_t cap_ = 0;       // usable bytes (the padding comes after)
  std::size_t begin_ = 0, end_ = 0;
  bool eof_ = false;
};

}  // namespace sluice::rt::readers
