#include "runtime/writers/result_fields.hpp"

#include <algorithm>

#include "runtime/writers/text_escape.hpp"

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
  prepare_json();
}

namespace {

std::string json_text(std::string_view text) {
  std::string out;
  append_json_text(out, text);
  return out;
}

std::string json_name_or_null(std::string_view name) { return name.empty() ? std::string("null") : json_text(name); }

constexpr std::string_view kNull = "null";

template <typename T>
const T* at(const std::vector<T>& v, std::int64_t i) {
  return i >= 0 && static_cast<std::size_t>(i) < v.size() ? &v[static_cast<std::size_t>(i)] : nullptr;
}

}  // namespace

void ResultFields::prepare_json() {
  json_head_ = "\"policy\":" + json_text(program_.policy_name) + ",\"version\":" + json_text(program_.policy_version);
  for (const ir::Funnel& f : program_.funnels) {
    FunnelJson& j = json_funnels_.emplace_back();
    j.name = json_name_or_null(f.name);
    for (const ir::Stage& stage : f.stages) {
      j.stages.push_back(json_name_or_null(stage.name));
      j.owners.push_back(json_name_or_null(stage.owner));
    }
    for (const ir::Qualification& q : f.qualifications) {
      j.qualification_keys.push_back(json_text(q.name) + ':');
      auto& names = j.criteria.emplace_back();
      for (const ir::Criterion& c : q.criteria) names.push_back(json_text(c.name));
    }
  }
  if (layout_ >= 0 && static_cast<std::size_t>(layout_) < program_.layouts.size()) {
    for (const ir::Slot& slot : program_.layouts[static_cast<std::size_t>(layout_)].slots) {
      json_set_keys_.push_back(json_text(slot.path) + ':');
    }
  }
}

std::string_view ResultFields::json_funnel(std::int32_t f) const {
  const FunnelJson* j = at(json_funnels_, f);
  return j != nullptr ? std::string_view(j->name) : kNull;
}

std::string_view ResultFields::json_stage(std::int32_t f, std::int32_t s) const {
  const FunnelJson* j = at(json_funnels_, f);
  const std::string* name = j != nullptr ? at(j->stages, s) : nullptr;
  return name != nullptr ? std::string_view(*name) : kNull;
}

std::string_view ResultFields::json_owner(std::int32_t f, std::int32_t s) const {
  const FunnelJson* j = at(json_funnels_, f);
  const std::string* name = j != nullptr ? at(j->owners, s) : nullptr;
  return name != nullptr ? std::string_view(*name) : kNull;
}

std::string_view ResultFields::json_set_key(std::int32_t slot) const {
  const std::string* key = at(json_set_keys_, slot);
  return key != nullptr ? std::string_view(*key) : std::string_view("\"\":");
}

std::string_view ResultFields::json_qualification_key(std::int32_t f, std::size_t q) const {
  const FunnelJson* j = at(json_funnels_, f);
  const std::string* key = j != nullptr ? at(j->qualification_keys, static_cast<std::int64_t>(q)) : nullptr;
  return key != nullptr ? std::string_view(*key) : std::string_view("\"\":");
}

std::string_view ResultFields::json_criterion(std::int32_t f, std::size_t q, std::size_t c) const {
  const FunnelJson* j = at(json_funnels_, f);
  const auto* names = j != nullptr ? at(j->criteria, static_cast<std::int64_t>(q)) : nullptr;
  const std::string* name = names != nullptr ? at(*names, static_cast<std::int64_t>(c)) : nullptr;
  return name != nullptr ? std::string_view(*name) : std::string_view("\"\"");
}

const ir::Funnel* ResultFields::funnel(std::int32_t f) const {
  if (f < 0 || static_cast<std::size_t>(f) >= program_.funnels.size()) return nullptr;
  return &program_.funnels[static_cast<std::size_t>(f)];
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
