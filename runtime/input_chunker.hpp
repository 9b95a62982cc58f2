// Cuts an NDJSON input into chunks of whole lines for parallel evaluation
// (`sluice eval -j N`): each chunk is read by its own RecordReader on a worker,
// in place, and the line numbers it reports are shifted by the chunk's
// line_offset, so the results are the bytes a single reader would give. Only line
// splitting happens here (memchr speed); parsing stays on the workers. A stream is
// read straight into the chunk's buffer; over a mapped file (rt::MappedFile) a
// chunk is a view of the mapping and nothing is copied: the thread that cuts and
// the one that writes the output are the same, so every copy saved there is time
// for workers.
#pragma once
#include <cstddef>
#include <cstdint>
#include <istream>
#include <memory>
#include <string>
#include <string_view>

#include "runtime/mapped_file.hpp"

namespace sluice::rt {

class InputChunk {
 public:
  // Readable bytes after text(): a reader may parse the chunk in place (>= SIMDJSON_PADDING).
  static constexpr std::size_t kPadding = 64;

  // Whole lines (the input's last line may lack its '\n'), then kPadding zero
  // bytes, or, in a mapped file, the bytes after the chunk's final newline.
  std::string_view text() const { return {view_ != nullptr ? view_ : data_.get(), size_}; }
  // Allocated bytes, kept across chunks.
  std::size_t capacity() const { return cap_; }
  // Gives the memory back (after a chunk that held a very long line).
  void release() {
    data_.reset();
    size_ = cap_ = 0;
  }

  std::int64_t line_offset = 0;  // input lines before this chunk
  std::size_t input_end = 0;     // mapped: the file offset after this chunk (0 for a stream)

 private:
  friend class InputChunker;
  // Room for `n` bytes plus the padding, keeping the first size_ bytes.
  void reserve(std::size_t n);

  std::unique_ptr<char[]> data_;
  const char* view_ = nullptr;  // the chunk in a mapped file (data_ is unused)
  std::size_t size_ = 0;
  std::size_t cap_ = 0;  // usable bytes; the padding comes after
};

class InputChunker {
 public:
  // `max_line_bytes`: ReaderLimits::max_line_bytes. A longer line is passed on cut
  // to max_line_bytes + 1 bytes (the reader then reports it as too long, exactly as
  // it would whole) and the rest of it is dropped unread into memory, so a chunk
  // never holds more than about target + max_line_bytes bytes.
  explicit InputChunker(std::istream& in, std::size_t max_line_bytes, std::size_t target = std::size_t{1} << 20);
  // Over a mapped file, which must outlive the chunks: a long line is one chunk of
  // its own, in place (the reader reports it as too long without copying it).
  explicit InputChunker(const MappedFile& file, std::size_t target = std::size_t{1} << 20);

  // The next chunk (its buffer reused); false at the end of the input.
  bool next(InputChunk& chunk);
  // The stream failed with an error other than its end (a read error).
  bool failed() const { return failed_; }

 private:
  // Appends up to one block to the chunk; false at the end of the input.
  bool read_block(InputChunk& chunk);
  void skip_rest_of_line();
  bool next_mapped(InputChunk& chunk);
  // Sets the chunk's line_offset and counts its lines.
  void count_lines(InputChunk& chunk);

  std::istream* in_ = nullptr;          // a stream input,
  const MappedFile* mapped_ = nullptr;  // or a mapped one
  std::size_t at_ = 0;                  // mapped: bytes handed out so far
  std::size_t max_line_;
  std::size_t target_;
  std::string carry_;        // read after the last cut: the start of the next line
  std::int64_t lines_ = 0;   // lines handed out so far
  bool eof_ = false;
  bool failed_ = false;
};

}  // namespace sluice::rt
