// Cuts an NDJSON input into chunks of whole lines for parallel evaluation
// (`sluice eval -j N`): each chunk is read by its own RecordReader on a worker,
// in place, and the line numbers it reports are shifted by the chunk's
// line_offset, so the results are the bytes a single reader would give. Only line
// splitting happens here (memchr speed); parsing stays on the workers. A stream is
// read straight into the chunk's buffer; over a mapped file (rt::MappedFile) a
// chunk is a view of the mapping and nothing is copied, and its lines are not
// counted: the thread that cuts and the one that writes the output are the same,
// so every pass over the input saved there is time for workers. Only error
// results print a line number; a mapped chunk's offset is worked out when its
// first one does (MappedLineCounter).
#pragma once
#include <cstddef>
#include <cstdint>
#include <istream>
#include <map>
#include <memory>
#include <mutex>
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

  // Makes this chunk the bytes [begin, end) of a mapped file's `text`, cut by
  // another cutter (CSV records: rt::CsvChunker), with `lines_before` lines before it.
  void view_of(std::string_view text, std::size_t begin, std::size_t end, std::int64_t lines_before) {
    view_ = text.data() + begin;
    size_ = end - begin;
    input_begin = begin;
    input_end = end;
    line_offset = lines_before;
  }

  static constexpr std::int64_t kUncounted = -1;
  std::int64_t line_offset = 0;  // input lines before this chunk; kUncounted when mapped
  std::size_t input_begin = 0;   // mapped: the file offset of this chunk (0 for a stream)
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
  // Sets a stream chunk's line_offset and counts its lines.
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

// The lines before a mapped chunk, for its error results, without a pass over the
// input up front: a worker reports each chunk it has read whole with the lines its
// reader counted (chunk_read); lines_before chains those from the file's start and
// counts newlines only across chunks not reported yet (still in flight: a few MB).
// Nothing waits on another chunk, so no order between workers is needed. Safe to
// call from any thread; the mapping must outlive it.
class MappedLineCounter {
 public:
  explicit MappedLineCounter(std::string_view text) : text_(text) {}
  // [begin, end) was read whole and held `lines` lines.
  void chunk_read(std::size_t begin, std::size_t end, std::int64_t lines);
  // Lines before byte `at`, a chunk's start (so just after a newline, or 0).
  std::int64_t lines_before(std::size_t at);

 private:
  void chain();  // folds the reported chunks that continue the counted prefix; under mutex_

  std::mutex mutex_;
  std::string_view text_;
  std::size_t counted_ = 0;         // [0, counted_) holds counted_lines_ newlines;
  std::int64_t counted_lines_ = 0;  // counted_ is always a chunk boundary
  std::map<std::size_t, std::pair<std::size_t, std::int64_t>> read_;  // begin -> end, lines; beyond counted_
};

}  // namespace sluice::rt
