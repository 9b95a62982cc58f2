#include "runtime/writers/output_sink.hpp"

#include <cerrno>

#include <unistd.h>

namespace sluice::rt {

OutputSink::OutputSink(int fd, std::size_t block) : fd_(fd), block_(block) { buf_.reserve(block + block / 4); }

OutputSink::OutputSink(std::string* capture) : capture_(capture), block_(std::size_t{1} << 16) {}

OutputSink::~OutputSink() { flush(); }

bool OutputSink::flush() {
  if (closed_ || error_ != 0) {
    buf_.clear();
    return false;
  }
  if (capture_ != nullptr) return true;  // the bytes are in the capture already
  const bool ok = write_all(buf_.data(), buf_.size());
  buf_.clear();
  return ok;
}

void OutputSink::write_through(std::string_view bytes) {
  if (capture_ != nullptr) {
    capture_->append(bytes);
  } else if (flush()) {
    write_all(bytes.data(), bytes.size());
  }
}

bool OutputSink::write_all(const char* p, std::size_t left) {
  while (left > 0) {
    const ssize_t n = ::write(fd_, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EPIPE) {
        closed_ = true;
      } else {
        error_ = errno;
      }
      return false;
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace sluice::rt
