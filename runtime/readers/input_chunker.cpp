#include "runtime/input_chunker.hpp"

#include <algorithm>
#include <cstring>

namespace sluice::rt {

namespace {

constexpr std::size_t kBlock = std::size_t{1} << 20;

// The last '\n' in [p, p + n), or nullptr.
const char* last_newline(const char* p, std::size_t n) {
  return static_cast<const char*>(::memrchr(p, '\n', n));
}

// Newlines in [p, p + n): memchr steps over the ~600 bytes of a record at SIMD speed,
// where a byte-by-byte count costs several instructions a byte.
std::int64_t count_newlines(const char* p, std::size_t n) {
  std::int64_t lines = 0;
  const char* end = p + n;
  while (const void* nl = std::memchr(p, '\n', static_cast<std::size_t>(end - p))) {
    ++lines;
    p = static_cast<const char*>(nl) + 1;
  }
  return lines;
}

}  // namespace

InputChunker::InputChunker(std::istream& in, std::size_t max_line_bytes, std::size_t target)
    : in_(in), max_line_(max_line_bytes), target_(std::max<std::size_t>(target, 1)) {}

bool InputChunker::read_block() {
  if (eof_) return false;
  const std::size_t old = pending_.size();
  pending_.resize(old + kBlock);
  in_.read(pending_.data() + old, static_cast<std::streamsize>(kBlock));
  const auto got = static_cast<std::size_t>(in_.gcount());
  pending_.resize(old + got);
  if (!in_) {
    eof_ = true;
    failed_ = in_.bad();
  }
  return got > 0;
}

void InputChunker::skip_rest_of_line() {
  char buf[1 << 16];
  while (!eof_) {
    in_.read(buf, sizeof buf);
    const auto got = static_cast<std::size_t>(in_.gcount());
    if (!in_) {
      eof_ = true;
      failed_ = in_.bad();
    }
    if (const void* nl = std::memchr(buf, '\n', got)) {
      const std::size_t after = static_cast<std::size_t>(static_cast<const char*>(nl) - buf) + 1;
      pending_.append(buf + after, got - after);
      return;
    }
  }
}

bool InputChunker::next(InputChunk& chunk) {
  while (pending_.size() < target_ && read_block()) {
  }
  if (pending_.empty()) return false;
  std::size_t scanned = 0;  // bytes of pending_ known to hold no '\n' after the cut
  const char* nl = last_newline(pending_.data(), pending_.size());
  while (nl == nullptr) {
    scanned = pending_.size();
    if (pending_.size() > max_line_) {
      // Over-long first line: keep max_line_ + 1 bytes of it, drop the rest.
      pending_.resize(max_line_ + 1);
      pending_ += '\n';
      skip_rest_of_line();
      nl = pending_.data() + max_line_ + 1;
      break;
    }
    if (!read_block()) break;  // the input's last line has no '\n'
    nl = last_newline(pending_.data() + scanned, pending_.size() - scanned);
  }
  const std::size_t cut = nl != nullptr ? static_cast<std::size_t>(nl - pending_.data()) + 1 : pending_.size();
  chunk.bytes.assign(pending_.data(), cut);
  pending_.erase(0, cut);
  chunk.line_offset = lines_;
  lines_ += count_newlines(chunk.bytes.data(), chunk.bytes.size());
  if (!chunk.bytes.empty() && chunk.bytes.back() != '\n') ++lines_;
  return true;
}

}  // namespace sluice::rt
