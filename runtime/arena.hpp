// A bump allocator reset per record: the evaluation loop allocates computed texts
// and lists here, so it does no per-record heap allocation once warmed up.
#pragma once
#include <cstddef>
#include <memory>
#include <vector>

namespace sluice::rt {

class Arena {
 public:
  explicit Arena(std::size_t block = 64 * 1024) : block_(block) {}
  void* allocate(std::size_t bytes, std::size_t align = alignof(std::max_align_t)) {
    std::size_t p = (used_ + align - 1) & ~(align - 1);
    if (current_ == nullptr || p + bytes > cap_) {
      next_block(bytes + align);
      p = (used_ + align - 1) & ~(align - 1);
    }
    used_ = p + bytes;
    return current_ + p;
  }
  template <class T>
  T* make_array(std::size_t n) { return static_cast<T*>(allocate(sizeof(T) * (n ? n : 1), alignof(T))); }
  // Keeps the blocks: the next record reuses them.
  void reset() {
    index_ = 0;
    current_ = blocks_.empty() ? nullptr : blocks_[0].data.get();
    cap_ = blocks_.empty() ? 0 : blocks_[0].size;
    used_ = 0;
  }

 private:
  struct Block { std::unique_ptr<char[]> data; std::size_t size; };
  void next_block(std::size_t at_least) {
    if (current_ != nullptr) ++index_;
    while (index_ < blocks_.size() && blocks_[index_].size < at_least) ++index_;
    if (index_ >= blocks_.size()) {
      std::size_t size = at_least > block_ ? at_least : block_;
      blocks_.push_back({std::make_unique<char[]>(size), size});
      index_ = blocks_.size() - 1;
    }
    current_ = blocks_[index_].data.get();
    cap_ = blocks_[index_].size;
    used_ = 0;
  }
  std::size_t block_;
  std::vector<Block> blocks_;
  std::size_t index_ = 0;
  char* current_ = nullptr;
  std::size_t cap_ = 0, used_ = 0;
};

}  // namespace sluice::rt
