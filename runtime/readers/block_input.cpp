#include "runtime/readers/block_input.hpp"

#include <cstring>

#include <simdjson.h>

namespace sluice::rt::readers {

static_assert(BlockInput::kPadding >= simdjson::SIMDJSON_PADDING);

// Only the kPadding bytes after the data are zeroed (here and after every fill):
// they are all a parser may read past a line's end. Zeroing whole buffers cost a
// megabyte of writes per reader, and `eval -j N` makes a reader per chunk.
BlockInput::BlockInput(std::istream& in, std::size_t block)
    : in_(&in), block_(block), buf_(std::make_unique_for_overwrite<char[]>(block + kPadding)), base_(buf_.get()),
      cap_(block) {
  std::memset(buf_.get(), 0, kPadding);
}

BlockInput::BlockInput(std::string_view text) : base_(text.data()), cap_(text.size()), end_(text.size()), eof_(true) {}

bool BlockInput::fill() {
  if (eof_) return false;
  // Compact: move the unconsumed bytes to the front.
  if (begin_ > 0) {
    std::memmove(buf_.get(), buf_.get() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  // Grow when less than a block is free (a long line the caller still keeps).
  if (cap_ - end_ < block_) {
    std::size_t cap = cap_ * 2;
    while (cap - end_ < block_) cap *= 2;
    auto bigger = std::make_unique_for_overwrite<char[]>(cap + kPadding);
    std::memcpy(bigger.get(), buf_.get(), end_);
    std::memset(bigger.get() + end_, 0, kPadding);
    buf_ = std::move(bigger);
    base_ = buf_.get();
    cap_ = cap;
  }
  std::size_t got = 0;
  if (auto* sb = in_->rdbuf()) {
    got = static_cast<std::size_t>(sb->sgetn(buf_.get() + end_, static_cast<std::streamsize>(block_)));
  }
  if (got == 0) {
    eof_ = true;
    return false;
  }
  end_ += got;
  std::memset(buf_.get() + end_, 0, kPadding);
  return true;
}

}  // namespace sluice::rt::readers
