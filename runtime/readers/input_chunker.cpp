#include "runtime/input_chunker.hpp"

#include <algorithm>
#include <cstring>

#include <simdjson.h>

namespace sluice::rt {

// A mapped chunk's padding is what follows it in the mapping: the next chunk, or
// the zero bytes after the file.
static_assert(MappedFile::kPadding >= InputChunk::kPadding && InputChunk::kPadding >= simdjson::SIMDJSON_PADDING);

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

void InputChunk::reserve(std::size_t n) {
  if (n <= cap_) return;
  const std::size_t cap = std::max(n, 2 * cap_);
  auto bigger = std::make_unique_for_overwrite<char[]>(cap + kPadding);
  if (size_ > 0) std::memcpy(bigger.get(), data_.get(), size_);
  data_ = std::move(bigger);
  cap_ = cap;
}

InputChunker::InputChunker(std::istream& in, std::size_t max_line_bytes, std::size_t target)
    : in_(&in), max_line_(max_line_bytes), target_(std::max<std::size_t>(target, 1)) {}

InputChunker::InputChunker(const MappedFile& file, std::size_t target)
    : mapped_(&file), max_line_(0), target_(std::max<std::size_t>(target, 1)) {}

// A view of the next whole lines of the mapping, up to about target_ bytes (more
// when one line is longer). The mapping is followed by zero bytes (MappedFile).
bool InputChunker::next_mapped(InputChunk& chunk) {
  const std::string_view text = mapped_->text();
  if (at_ >= text.size()) return false;
  const char* begin = text.data() + at_;
  const std::size_t rest = text.size() - at_;
  std::size_t size = rest;
  if (rest > target_) {
    const char* nl = last_newline(begin, target_);
    if (nl == nullptr) nl = static_cast<const char*>(std::memchr(begin + target_, '\n', rest - target_));
    if (nl != nullptr) size = static_cast<std::size_t>(nl - begin) + 1;
  }
  chunk.view_ = begin;
  chunk.size_ = size;
  chunk.line_offset = InputChunk::kUncounted;
  chunk.input_begin = at_;
  at_ += size;
  chunk.input_end = at_;
  return true;
}

void InputChunker::count_lines(InputChunk& chunk) {
  const std::string_view text = chunk.text();
  chunk.line_offset = lines_;
  lines_ += count_newlines(text.data(), text.size());
  if (!text.empty() && text.back() != '\n') ++lines_;  // the input's last line
}

bool InputChunker::read_block(InputChunk& chunk) {
  if (eof_) return false;
  chunk.reserve(chunk.size_ + kBlock);
  in_->read(chunk.data_.get() + chunk.size_, static_cast<std::streamsize>(kBlock));
  const auto got = static_cast<std::size_t>(in_->gcount());
  chunk.size_ += got;
  if (!*in_) {
    eof_ = true;
    failed_ = in_->bad();
  }
  return got > 0;
}

void InputChunker::skip_rest_of_line() {
  char buf[1 << 16];
  while (!eof_) {
    in_->read(buf, sizeof buf);
    const auto got = static_cast<std::size_t>(in_->gcount());
    if (!*in_) {
      eof_ = true;
      failed_ = in_->bad();
    }
    if (const void* nl = std::memchr(buf, '\n', got)) {
      const std::size_t after = static_cast<std::size_t>(static_cast<const char*>(nl) - buf) + 1;
      carry_.append(buf + after, got - after);
      return;
    }
  }
}

bool InputChunker::next(InputChunk& chunk) {
  if (mapped_ != nullptr) return next_mapped(chunk);
  // The bytes after the last cut begin the chunk (less than one line).
  chunk.view_ = nullptr;
  chunk.input_begin = chunk.input_end = 0;
  chunk.size_ = 0;
  chunk.reserve(carry_.size() + target_ + kBlock);
  if (!carry_.empty()) std::memcpy(chunk.data_.get(), carry_.data(), carry_.size());
  chunk.size_ = carry_.size();
  carry_.clear();
  while (chunk.size_ < target_ && read_block(chunk)) {
  }
  if (chunk.size_ == 0) return false;
  std::size_t scanned = 0;  // bytes of the chunk known to hold no '\n'
  const char* nl = last_newline(chunk.data_.get(), chunk.size_);
  while (nl == nullptr) {
    scanned = chunk.size_;
    if (chunk.size_ > max_line_) {
      // Over-long first line: keep max_line_ + 1 bytes of it, drop the rest.
      chunk.reserve(max_line_ + 2);
      chunk.size_ = max_line_ + 1;
      chunk.data_[chunk.size_++] = '\n';
      skip_rest_of_line();
      nl = chunk.data_.get() + max_line_ + 1;
      break;
    }
    if (!read_block(chunk)) break;  // the input's last line has no '\n'
    nl = last_newline(chunk.data_.get() + scanned, chunk.size_ - scanned);
  }
  const std::size_t cut = nl != nullptr ? static_cast<std::size_t>(nl - chunk.data_.get()) + 1 : chunk.size_;
  carry_.append(chunk.data_.get() + cut, chunk.size_ - cut);
  chunk.size_ = cut;
  std::memset(chunk.data_.get() + cut, 0, InputChunk::kPadding);
  count_lines(chunk);
  return true;
}

void MappedLineCounter::chain() {
  for (auto it = read_.begin(); it != read_.end() && it->first <= counted_; it = read_.erase(it)) {
    if (it->first < counted_) continue;  // counted already, by lines_before
    counted_ = it->second.first;
    counted_lines_ += it->second.second;
  }
}

void MappedLineCounter::chunk_read(std::size_t begin, std::size_t end, std::int64_t lines) {
  // Kept as newlines: the input's last line may lack one, and the reader counted it.
  if (end == text_.size() && end > begin && text_[end - 1] != '\n') --lines;
  std::lock_guard lock(mutex_);
  if (begin < counted_) return;  // lines_before counted past it
  read_[begin] = {end, lines};
  chain();
}

std::int64_t MappedLineCounter::lines_before(std::size_t at) {
  std::lock_guard lock(mutex_);
  chain();
  at = std::min(at, text_.size());
  if (at < counted_) return counted_lines_ - count_newlines(text_.data() + at, counted_ - at);
  counted_lines_ += count_newlines(text_.data() + counted_, at - counted_);
  counted_ = at;
  return counted_lines_;
}

}  // namespace sluice::rt
