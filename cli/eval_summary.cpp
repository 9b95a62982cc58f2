#include "cli/eval_summary.hpp"

#include <cstdio>

#include <fmt/format.h>

namespace sluice::cli {

Summary::Summary(const ir::Program& program) : program_(program), stages_(program.funnels.size()) {
  for (std::size_t f = 0; f < program.funnels.size(); ++f) stages_[f].assign(program.funnels[f].stages.size(), 0);
}

void Summary::add(const rt::RecordIn& in, const rt::EvalResult& r) {
  ++records_;
  if (in.error || r.error) {
    ++errors_[in.error ? in.error_code : r.error_code];
  } else if (r.funnel >= 0 && r.stage >= 0 && static_cast<std::size_t>(r.funnel) < stages_.size() &&
             static_cast<std::size_t>(r.stage) < stages_[static_cast<std::size_t>(r.funnel)].size()) {
    ++stages_[static_cast<std::size_t>(r.funnel)][static_cast<std::size_t>(r.stage)];
  } else {
    ++unstaged_;
  }
}

void Summary::merge(const Summary& other) {
  records_ += other.records_;
  unstaged_ += other.unstaged_;
  for (std::size_t f = 0; f < stages_.size() && f < other.stages_.size(); ++f) {
    for (std::size_t s = 0; s < stages_[f].size() && s < other.stages_[f].size(); ++s) {
      stages_[f][s] += other.stages_[f][s];
    }
  }
  for (const auto& [code, count] : other.errors_) errors_[code] += count;
}

std::int64_t Summary::errors() const {
  std::int64_t n = 0;
  for (const auto& [code, count] : errors_) n += count;
  return n;
}

void Summary::print() const {
  std::string out = fmt::format("{} records: {} evaluated, {} errors\n", records_, records_ - errors(), errors());
  const bool many = program_.funnels.size() > 1;
  for (std::size_t f = 0; f < stages_.size(); ++f) {
    for (std::size_t s = 0; s < stages_[f].size(); ++s) {
      if (stages_[f][s] == 0) continue;
      const std::string name = many ? program_.funnels[f].name + "." + program_.funnels[f].stages[s].name
                                    : program_.funnels[f].stages[s].name;
      out += fmt::format("  stage {:<24} {:>10}\n", name, stages_[f][s]);
    }
  }
  if (unstaged_ > 0) out += fmt::format("  {:<30} {:>10}\n", "unstaged", unstaged_);
  for (const auto& [code, count] : errors_) out += fmt::format("  error {:<24} {:>10}\n", code, count);
  std::fputs(out.c_str(), stderr);
}

}  // namespace sluice::cli
