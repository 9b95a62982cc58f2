// `sluice eval --summary`: counts per funnel and stage, unstaged records, and
// errors per code. Each worker of `-j N` keeps its own; they are merged at the end.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "compiler/ir.hpp"
#include "runtime/reader.hpp"
#include "runtime/result.hpp"

namespace sluice::cli {

class Summary {
 public:
  explicit Summary(const ir::Program& program);
  void add(const rt::RecordIn& in, const rt::EvalResult& r);
  void merge(const Summary& other);
  std::int64_t records() const { return records_; }
  std::int64_t errors() const;
  // To standard error.
  void print() const;

 private:
  const ir::Program& program_;
  std::vector<std::vector<std::int64_t>> stages_;
  std::int64_t records_ = 0, unstaged_ = 0;
  std::map<std::string, std::int64_t> errors_;
};

}  // namespace sluice::cli
