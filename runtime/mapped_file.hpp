// A regular file mapped read-only, so NDJSON is parsed in place where the kernel
// keeps it instead of being copied through read(2) into a buffer first (the copy
// is most of the reading thread's time at `eval -j 2`). Pages already read are
// handed back with release_before(): resident memory stays bounded on files of any
// size (the pages stay in the page cache).
//
// At least kPadding zero bytes follow the text, as the in-place readers need: the
// file is mapped over an anonymous reservation a page longer than the file, so what
// follows its end is the zero tail of its last page, then a zero page.
//
// A file that shrinks while it is mapped raises SIGBUS when a lost page is read;
// the command line installs a handler that reports it (cli/eval_inputs.hpp).
#pragma once
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace sluice::rt {

class MappedFile {
 public:
  static constexpr std::size_t kPadding = 64;

  // The mapping of `path`, or nullptr when it is not a regular file with content
  // ("-", a pipe, a /proc file reporting size 0) or cannot be opened or mapped:
  // the caller then reads it as a stream, which reports any error itself.
  static std::unique_ptr<MappedFile> map(const std::string& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  // The file's bytes, followed by at least kPadding readable zero bytes.
  std::string_view text() const { return {base_, size_}; }
  // Gives back the whole pages before `offset`. Reading them again is still
  // correct (they are faulted in again from the file), only slower.
  void release_before(std::size_t offset);

 private:
  MappedFile(char* base, std::size_t size, std::size_t reserved) : base_(base), size_(size), reserved_(reserved) {}

  char* base_;
  std::size_t size_;
  std::size_t reserved_;      // bytes mapped in all (file pages and the zero page)
  std::size_t released_ = 0;  // pages before this offset were handed back
};

}  // namespace sluice::rt
