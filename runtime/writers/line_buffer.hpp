// A growable byte buffer for assembling one output line with inline appends: a
// bounds check and a copy per piece, instead of an out-of-line std::string call.
// It keeps its storage between lines, so a warm writer allocates nothing.
#pragma once
#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>

namespace sluice::rt::writers {

class LineBuffer {
 public:
  void clear() { used_ = 0; }
  std::size_t size() const { return used_; }
  std::string_view view() const { return {store_.data(), used_}; }

  // Room for `n` more bytes: write them through the returned pointer, then
  // commit(end). Nothing else may be appended in between.
  char* room(std::size_t n) {
    if (store_.size() - used_ < n) grow(n);
    return store_.data() + used_;
  }
  void commit(const char* end) { used_ = static_cast<std::size_t>(end - store_.data()); }

  // Hands the bytes over without a copy: `other` takes this buffer's storage (its first
  // size() bytes are the text, the rest stale; returned: that size) and this buffer
  // continues, empty, in other's old storage. Storage that goes round keeps its size, so
  // no grow() refills it.
  std::size_t swap_storage(std::string& other) {
    store_.swap(other);
    const std::size_t used = used_;
    used_ = 0;
    return used;
  }

  void put(char c) {
    *room(1) = c;
    ++used_;
  }
  void put(std::string_view text) {
    if (text.empty()) return;  // its data() may be null: not for memcpy
    std::memcpy(room(text.size()), text.data(), text.size());
    used_ += text.size();
  }
  // Bytes readable past the end of a text given to put_padded.
  static constexpr std::size_t kPadding = 32;
  // Copies in fixed 32-byte blocks (inlined moves, no memcpy call): `text` must be
  // followed by kPadding readable bytes (JsonPieces keeps its texts so).
  void put_padded(std::string_view text) {
    char* p = room(text.size() + kPadding);
    for (std::size_t i = 0; i < text.size(); i += kPadding) std::memcpy(p + i, text.data() + i, kPadding);
    used_ += text.size();
  }
  // A string literal: its length is known at compile time, so the copy inlines.
  template <std::size_t N>
  void lit(const char (&text)[N]) {
    std::memcpy(room(N - 1), text, N - 1);
    used_ += N - 1;
  }

 private:
  // Out of line: taken only while the buffer is still growing to its longest text.
  // A fragment writer's buffer holds a whole chunk's results and goes round the jobs
  // in flight, so what a buffer holds beyond its text is held 2N + 2 times over: the
  // capacity grows by a quarter (not doubled), and only what is needed, in kStep
  // steps, is made usable (resize() writes every byte it adds; the rest of the
  // capacity stays untouched memory that takes no room).
  [[gnu::noinline]] void grow(std::size_t n) {
    const std::size_t need = used_ + n;
    if (need > store_.capacity()) {
      std::size_t capacity = store_.capacity() < 1024 ? 1024 : store_.capacity();
      while (capacity < need) capacity += capacity / 4;
      store_.reserve(capacity);
    }
    constexpr std::size_t kStep = std::size_t{1} << 16;
    const std::size_t stepped = (need + kStep - 1) / kStep * kStep;
    store_.resize(stepped < store_.capacity() ? stepped : store_.capacity());
  }

  std::string store_;  // its whole size is usable; the line is the first used_ bytes
  std::size_t used_ = 0;
};

}  // namespace sluice::rt::writers
