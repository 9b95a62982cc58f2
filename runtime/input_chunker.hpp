// Cuts an NDJSON input into chunks of whole lines for parallel evaluation
// (`sluice eval -j N`): each chunk is read by its own RecordReader on a worker,
// and the line numbers it reports are shifted by the chunk's line_offset, so the
// results are the bytes a single reader would give. Only line splitting happens
// here (memchr speed); parsing stays on the workers.
#pragma once
#include <cstddef>
#include <cstdint>
#include <istream>
#include <string>

namespace sluice::rt {

struct InputChunk {
  std::string bytes;             // whole lines (the input's last line may lack its '\n')
  std::int64_t line_offset = 0;  // input lines before this chunk
};

class InputChunker {
 public:
  // `max_line_bytes`: ReaderLimits::max_line_bytes. A longer line is passed on cut
  // to max_line_bytes + 1 bytes (the reader then reports it as too long, exactly as
  // it would whole) and the rest of it is dropped unread into memory, so a chunk
  // never holds more than about target + max_line_bytes bytes.
  explicit InputChunker(std::istream& in, std::size_t max_line_bytes, std::size_t target = std::size_t{1} << 20);

  // The next chunk (bytes reused); false at the end of the input.
  bool next(InputChunk& chunk);
  // The stream failed with an error other than its end (a read error).
  bool failed() const { return failed_; }

 private:
  // Appends up to one block to pending_; false at the end of the input.
  bool read_block();
  void skip_rest_of_line();

  std::istream& in_;
  std::size_t max_line_;
  std::size_t target_;
  std::string pending_;      // read, not handed out yet
  std::int64_t lines_ = 0;   // lines handed out so far
  bool eof_ = false;
  bool failed_ = false;
};

}  // namespace sluice::rt
