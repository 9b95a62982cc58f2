#include "runtime/mapped_file.hpp"

#include <algorithm>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace sluice::rt {

namespace {

std::size_t page_size() {
  static const std::size_t size = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  return size;
}

// Closes the descriptor when the mapping is made (the mapping keeps the file).
struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

std::unique_ptr<MappedFile> MappedFile::map(const std::string& path) {
  if (path == "-") return nullptr;
  // Non-blocking: opening a pipe for reading would wait for a writer.
  Fd file{::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK)};
  if (file.fd < 0) return nullptr;
  struct stat st {};
  if (::fstat(file.fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0) return nullptr;
  const auto size = static_cast<std::size_t>(st.st_size);
  const std::size_t page = page_size();
  const std::size_t file_pages = (size + page - 1) / page * page;
  static_assert(kPadding <= 4096);
  const std::size_t reserved = file_pages + page;  // the zero page after the file
  void* base = ::mmap(nullptr, reserved, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (base == MAP_FAILED) return nullptr;
  if (::mmap(base, size, PROT_READ, MAP_PRIVATE | MAP_FIXED, file.fd, 0) == MAP_FAILED) {
    ::munmap(base, reserved);
    return nullptr;
  }
  // Read front to back: let the kernel read ahead.
  ::madvise(base, size, MADV_SEQUENTIAL);
  return std::unique_ptr<MappedFile>(new MappedFile(static_cast<char*>(base), size, reserved));
}

MappedFile::~MappedFile() { ::munmap(base_, reserved_); }

void MappedFile::release_before(std::size_t offset) {
  const std::size_t end = std::min(offset, size_) / page_size() * page_size();
  if (end <= released_) return;
  // The pages are unmodified file pages: dropping them only drops this process's
  // mapping of them; a later read maps them again from the page cache.
  ::madvise(base_ + released_, end - released_, MADV_DONTNEED);
  released_ = end;
}

}  // namespace sluice::rt
