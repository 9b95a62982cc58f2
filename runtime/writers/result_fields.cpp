#include "runtime/writers/result_fields.hpp"

#include <algorithm>


namespace sluice::rt::writers {

ResultFields::ResultFields(const ir::Program& program, std::int32_t record) : program_(program) {
  if (record >= 0 && static_cast<std::size_t>(record) < program.records.size()) {
    const ir::Record& rec = program.records[static_cast<std::size_t>(record)];
    layout_ = rec.layout;
    if (layout_ >= 0 && static_cast<std::size_t>(layout_) < program.layouts.size() && rec.key_slot >= 0 &&
        static_cast<std::size_t>(rec.key_slot) < program.layouts[static_cast<std::size_t>(layout_)].slots.size()) {
      const std::string& path = program.layouts[static_cast<std::size_t>(layout_)].slots[static_cast<std::size_t>(rec.key_slot)].path;
      key_name_ = path.substr(path.rfind('.') == std::string::npos ? 0 : path.rfind('.') + 1);
    }
  }
  for (const ir::Funnel& f : program.funnels) {
    if (f.record != record) continue;
    for (const ir::Qualification& q : f.qualifications) {
      if (q.reported && std::find(qual_columns_.begin(), qual_columns_.end(), q.name) == qual_columns_.end()) {
        qual_columns_.push_back(q.name);
      }
    }
  }
}

std::string_view ResultFields::stage(const ir::Funnel* funnel, std::int32_t s) const {
  if (funnel == nullptr || s < 0 || static_cast<std::size_t>(s) >= funnel->stages.size()) return {};
  return funnel->stages[static_cast<std::size_t>(s)].name;
}

std::string_view ResultFields::owner(const ir::Funnel* funnel, std::int32_t s) const {
  if (funnel == nullptr || s < 0 || static_cast<std::size_t>(s) >= funnel->stages.size()) return {};
  return funnel->stages[static_cast<std::size_t>(s)].owner;
}

std::string_view ResultFields::set_name(std::int32_t slot) const {
  if (layout_ < 0 || static_cast<std::size_t>(layout_) >= program_.layouts.size()) return {};
  const auto& slots = program_.layouts[static_cast<std::size_t>(layout_)].slots;
  if (slot < 0 || static_cast<std::size_t>(slot) >= slots.size()) return {};
  return slots[static_cast<std::size_t>(slot)].path;
}

const char* sla_state_name(SlaState s) {
  switch (s) {
    case SlaState::ok: return "ok";
    case SlaState::breached: return "breached";
    case SlaState::unknown: return "unknown";
    case SlaState::none: break;
  }
  return "";
}

}  // namespace sluice::rt::writers
