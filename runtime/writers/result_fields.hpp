// Names and values the writers share: the key field, stage and qualification
// names, with bounds checks (a result refers to the program by index).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "compiler/ir.hpp"
#include "runtime/result.hpp"

namespace sluice::rt::writers {

class ResultFields {
 public:
  ResultFields(const ir::Program& program, std::int32_t record);

  const ir::Program& program() const { return program_; }
  // The key field's name ("id"), empty when the record has no key.
  std::string_view key_name() const { return key_name_; }
  std::int32_t record_layout() const { return layout_; }
  const ir::Funnel* funnel(std::int32_t f) const {
    if (f < 0 || static_cast<std::size_t>(f) >= program_.funnels.size()) return nullptr;
    return &program_.funnels[static_cast<std::size_t>(f)];
  }
  // The stage's name, or "" when out of range (-1: none).
  std::string_view stage(const ir::Funnel* funnel, std::int32_t s) const;
  std::string_view owner(const ir::Funnel* funnel, std::int32_t s) const;
  // The name a `set` slot is written under (its path), "" when out of range.
  std::string_view set_name(std::int32_t slot) const;
  // Reported qualification names of every funnel over the record, first seen first
  // (the CSV and table columns).
  const std::vector<std::string>& qualification_columns() const { return qual_columns_; }

 private:
  const ir::Program& program_;
  std::int32_t layout_ = -1;
  std::string key_name_;
  std::vector<std::string> qual_columns_;
};

// Text for the sla state: "ok", "breached", "unknown" ("" for none).
const char* sla_state_name(SlaState s);

}  // namespace sluice::rt::writers
