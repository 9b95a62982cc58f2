// Where result lines go: a reusable buffer written out in large blocks to a file
// descriptor (or kept in a string, for tests). A reader that went away (EPIPE:
// `sluice eval ... | head`) closes the sink quietly; writers then stop.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace sluice::rt {

class OutputSink {
 public:
  explicit OutputSink(int fd, std::size_t block = std::size_t{1} << 16);
  explicit OutputSink(std::string* capture);
  ~OutputSink();
  OutputSink(const OutputSink&) = delete;
  OutputSink& operator=(const OutputSink&) = delete;

  // Writers append here, then call written(). A capturing sink hands out the
  // capture string itself: its bytes land there at once, copied no further.
  std::string& buffer() { return capture_ != nullptr ? *capture_ : buf_; }
  // Flushes once the buffer holds a block.
  void written() {
    if (capture_ == nullptr && buf_.size() >= block_) flush();
  }
  // Writes everything buffered. False when the output is closed or failed.
  bool flush();
  // Writes what is buffered, then `bytes` straight from where they are (a large
  // block finished elsewhere need not be copied into the buffer first).
  void write_through(std::string_view bytes);
  // The reader of a pipe went away: nothing more can be written.
  bool closed() const { return closed_; }
  // errno of a failed write other than EPIPE (0: none).
  int error() const { return error_; }

 private:
  int fd_ = -1;
  std::string* capture_ = nullptr;
  std::size_t block_ = 0;
  std::string buf_;
  bool write_all(const char* p, std::size_t left);

  bool closed_ = false;
  int error_ = 0;
};

}  // namespace sluice::rt
