// ReportBuilder: classifies each input line (eval result, eval error, plain stamped
// record), gathers the evidence of the stages the record entered, and adds it to the
// counters of its group. Definitions: docs/report.md.
#include "runtime/report.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "runtime/report_internal.hpp"
#include "runtime/timefmt.hpp"

namespace sluice::rt::report {

using nlohmann::json;

std::int64_t nearest_rank(const std::vector<std::int64_t>& sorted, int percent) {
  const auto n = static_cast<std::int64_t>(sorted.size());
  std::int64_t rank = (percent * n + 99) / 100;  // ceil(p/100 * n), exact in integers
  rank = std::clamp<std::int64_t>(rank, 1, n);
  return sorted[static_cast<std::size_t>(rank - 1)];
}

std::string clip(std::string_view text, std::size_t max) {
  std::size_t end = std::min(text.size(), max);
  while (end < text.size() && end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  std::string out(text.substr(0, end));
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = '?';
  if (end < text.size()) out += "...";
  return out;
}

namespace {

// Nesting depth of a JSON text, counted outside strings; stops early past `limit`.
// nlohmann parses without recursion, but a bound keeps memory and destruction cheap.
int nesting_depth(std::string_view text, int limit) {
  int depth = 0, max = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      max = std::max(max, ++depth);
      if (max > limit) return max;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return max;
}

const json* member(const json& object, const std::string& key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  return it == object.end() || it->is_null() ? nullptr : &*it;
}

// The value at a dotted path of keys ("company.industry"), or nullptr.
const json* at_path(const json& object, const std::vector<std::string>& keys) {
  const json* at = &object;
  for (const std::string& k : keys) {
    at = member(*at, k);
    if (!at) return nullptr;
  }
  return at;
}

std::vector<std::string> split_dots(const std::string& path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = path.find('.', start);
    parts.push_back(path.substr(start, dot - start));
    if (dot == std::string::npos) return parts;
    start = dot + 1;
  }
}

std::string group_text(const json* value) {
  if (!value) return "(none)";
  if (value->is_string()) return clip(value->get<std::string>(), kMaxGroupBytes);
  return clip(value->dump(-1, ' ', false, json::error_handler_t::replace), kMaxGroupBytes);
}

}  // namespace

ReportBuilder::ReportBuilder(const ir::Program& program, ReportOptions options)
    : state_(std::make_unique<State>(program, std::move(options))) {}

ReportBuilder::~ReportBuilder() = default;

void ReportBuilder::add_line(std::string_view line, const std::string& where) {
  State& s = *state_;
  if (line.find_first_not_of(" \t\r") == std::string_view::npos) return;  // blank: not a record
  ++s.lines;
  if (line.size() > kMaxLineBytes) return s.problem(where, "line longer than 64 MiB");
  if (nesting_depth(line, kMaxDepth) > kMaxDepth) return s.problem(where, "JSON nested deeper than 64 levels");
  json doc = json::parse(line.begin(), line.end(), nullptr, false);
  if (doc.is_discarded()) return s.problem(where, "not valid JSON");
  if (!doc.is_object()) return s.problem(where, "not a JSON object");
  if (const json* error = member(doc, "error")) {
    ++s.eval_errors;
    const json* code = member(*error, "code");
    ++s.eval_error_codes[code && code->is_string() ? code->get<std::string>() : std::string("(no code)")];
    return;
  }
  const bool is_result = doc.contains("policy") && doc.contains("funnel") && doc.contains("stage");
  Evidence ev;
  std::string problem = is_result ? s.read_result(doc, ev) : s.read_record(doc, ev);
  if (!problem.empty()) return s.problem(where, problem);
  if (ev.funnel < 0) {
    ++s.no_funnel;
    return;
  }
  if (s.options.funnel >= 0 && ev.funnel != s.options.funnel) {
    ++s.other_funnel;
    return;
  }
  if (s.options.from_ms || s.options.to_ms) {
    if (!ev.first_entry) {
      ++s.unknown_first_entry;
      return;
    }
    if ((s.options.from_ms && *ev.first_entry < *s.options.from_ms) ||
        (s.options.to_ms && *ev.first_entry >= *s.options.to_ms)) {
      ++s.outside_period;
      return;
    }
  }
  ++(is_result ? s.results : s.records);
  std::string by_value;
  if (!s.by_path.empty()) {
    const json* v = at_path(doc, s.by_path);
    if (!v && is_result) {
      if (const json* set = member(doc, "set")) v = at_path(*set, s.by_path);
    }
    by_value = group_text(v);
  }
  s.group_for(ev.funnel, by_value).add(s.funnels[static_cast<std::size_t>(ev.funnel)], ev);
}

void ReportBuilder::add_stream(std::istream& in, const std::string& name) {
  std::string line;
  std::int64_t number = 0;
  bool too_long = false;
  std::vector<char> buffer(1 << 16);
  auto finish_line = [&] {
    ++number;
    const std::string where = fmt::format("{}:{}", name, number);
    if (too_long) {
      ++state_->lines;
      state_->problem(where, "line longer than 64 MiB");
    } else {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      add_line(line, where);
    }
    line.clear();
    too_long = false;
  };
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const auto got = static_cast<std::size_t>(in.gcount());
    std::size_t start = 0;
    for (std::size_t i = 0; i < got; ++i) {
      if (buffer[i] != '\n') continue;
      if (!too_long) line.append(buffer.data() + start, i - start);
      finish_line();
      start = i + 1;
    }
    if (!too_long) line.append(buffer.data() + start, got - start);
    if (line.size() > kMaxLineBytes) {
      too_long = true;
      line.clear();
      line.shrink_to_fit();
    }
  }
  if (!line.empty() || too_long) finish_line();
}

// ---------------------------------------------------------------- State

State::State(const ir::Program& p, ReportOptions o) : program(p), options(std::move(o)) {
  if (!options.by.empty()) by_path = split_dots(options.by);
  for (const ir::Funnel& f : program.funnels) {
    FunnelInfo info;
    info.funnel = &f;
    const auto n = static_cast<std::int32_t>(f.stages.size());
    info.next.assign(f.stages.size(), -1);
    std::int32_t prev = -1;
    for (std::int32_t i = 0; i < n; ++i) {
      const ir::Stage& st = f.stages[static_cast<std::size_t>(i)];
      info.stage_by_name[st.name] = i;
      if (st.kind == ir::StageKind::side) continue;
      // consecutive main-path stages; a terminal stage is never left, so it has no next
      if (prev >= 0 && f.stages[static_cast<std::size_t>(prev)].kind == ir::StageKind::main)
        info.next[static_cast<std::size_t>(prev)] = i;
      prev = i;
    }
    const ir::Record* record =
        f.record >= 0 && static_cast<std::size_t>(f.record) < program.records.size() ? &program.records[static_cast<std::size_t>(f.record)] : nullptr;
    const ir::Layout* layout = record && record->layout >= 0 && static_cast<std::size_t>(record->layout) < program.layouts.size()
                                   ? &program.layouts[static_cast<std::size_t>(record->layout)]
                                   : nullptr;
    info.stamp_paths.resize(f.stages.size());
    if (layout) {
      info.stage_field_keys = input_keys(*layout, f.stage_field);
      for (std::int32_t i = 0; i < n; ++i) {
        const std::int32_t slot = f.stages[static_cast<std::size_t>(i)].stamp_slot;
        if (slot < 0 || static_cast<std::size_t>(slot) >= layout->slots.size()) continue;
        info.stage_by_stamp[layout->slots[static_cast<std::size_t>(slot)].path] = i;
        info.stamp_paths[static_cast<std::size_t>(i)] = input_keys(*layout, slot);
      }
    }
    funnels.push_back(std::move(info));
  }
}

// The input keys from the record's top level down to `slot` (its `from` names).
std::vector<std::string> State::input_keys(const ir::Layout& layout, std::int32_t slot) {
  std::vector<std::string> keys;
  for (std::size_t guard = 0; slot >= 0 && static_cast<std::size_t>(slot) < layout.slots.size() && guard < layout.slots.size();
       ++guard) {
    keys.insert(keys.begin(), layout.slots[static_cast<std::size_t>(slot)].input_key);
    slot = layout.slots[static_cast<std::size_t>(slot)].parent;
  }
  return keys;
}

void State::problem(const std::string& where, const std::string& what) {
  ++unreadable;
  if (problems.size() < kMaxProblems) problems.push_back(fmt::format("{}: {}", where, what));
}

GroupAcc& State::group_for(std::int32_t funnel, const std::string& by_value) {
  const auto key = std::make_pair(funnel, by_value);
  auto it = group_index.find(key);
  if (it == group_index.end()) {
    const bool full = groups.size() >= kMaxGroups;
    const auto overflow = std::make_pair(funnel, std::string("(other)"));
    if (full) it = group_index.find(overflow);
    if (it == group_index.end()) {
      const std::size_t size = funnels[static_cast<std::size_t>(funnel)].funnel->stages.size();
      groups.emplace_back(funnel, full ? overflow.second : by_value, size);
      it = group_index.emplace(full ? overflow : key, groups.size() - 1).first;
    }
  }
  return groups[it->second];
}

// Evidence from one `sluice eval` result line.
std::string State::read_result(const json& doc, Evidence& ev) {
  const json* policy = member(doc, "policy");
  if (policy && policy->is_string() && policy->get<std::string>() != program.policy_name)
    return fmt::format("result of policy `{}`, not of `{}`", clip(policy->get<std::string>(), kMaxNameBytes),
                       program.policy_name);
  if (const json* version = member(doc, "version"); version && version->is_string())
    versions_seen.insert(version->get<std::string>());
  const json* funnel = member(doc, "funnel");
  if (!funnel) return {};  // no funnel applies: counted by the caller
  if (!funnel->is_string()) return "`funnel` is not a text";
  const FunnelInfo* info = nullptr;
  for (std::size_t f = 0; f < funnels.size(); ++f)
    if (funnels[f].funnel->name == funnel->get<std::string>()) {
      ev.funnel = static_cast<std::int32_t>(f);
      info = &funnels[f];
    }
  if (!info) return fmt::format("no funnel `{}` in the policy", clip(funnel->get<std::string>(), kMaxNameBytes));
  ev.reset(info->funnel->stages.size());
  if (std::string p = stage_of(*info, member(doc, "stage"), ev.current, "stage"); !p.empty()) return p;
  if (ev.current >= 0) ev.entered[static_cast<std::size_t>(ev.current)] = true;
  std::int32_t from = -1;
  if (std::string p = stage_of(*info, member(doc, "from"), from, "from"); !p.empty()) return p;
  if (from >= 0) {
    ev.entered[static_cast<std::size_t>(from)] = true;
    ev.existed_before = true;  // it entered its first stage before this evaluation
  }
  if (const json* entered = member(doc, "entered")) {
    if (!entered->is_array()) return "`entered` is not a list";
    for (const json& name : *entered) {
      std::int32_t s = -1;
      if (std::string p = stage_of(*info, &name, s, "entered"); !p.empty()) return p;
      if (s >= 0) ev.entered[static_cast<std::size_t>(s)] = true;
    }
  }
  if (const json* set = member(doc, "set"); set && set->is_object()) {
    for (const auto& [key, value] : set->items()) {
      auto it = info->stage_by_stamp.find(key);
      if (it == info->stage_by_stamp.end()) continue;
      if (std::string p = stamp_of(value, key, ev, it->second); !p.empty()) return p;
    }
  }
  if (const json* owner = member(doc, "owner"); owner && owner->is_string()) ev.owner = owner->get<std::string>();
  if (const json* sla = member(doc, "sla")) {
    const json* state = member(*sla, "state");
    if (!state || !state->is_string()) return "`sla` has no `state`";
    const std::string st = state->get<std::string>();
    if (st == "ok") ev.sla = SlaSeen::ok;
    else if (st == "breached") ev.sla = SlaSeen::breached;
    else if (st == "unknown") ev.sla = SlaSeen::unknown;
    else return fmt::format("unknown SLA state `{}`", clip(st, kMaxNameBytes));
    if (std::string p = stage_of(*info, member(*sla, "stage"), ev.sla_stage, "sla.stage"); !p.empty()) return p;
    if (ev.sla_stage < 0) ev.sla = SlaSeen::none;
  }
  if (const json* quals = member(doc, "qualifications"); quals && quals->is_object()) {
    for (const auto& [name, q] : quals->items()) {
      const json* passed = member(q, "passed");
      ev.quals.emplace_back(name, passed && passed->is_boolean() ? (passed->get<bool>() ? 1 : 0) : -1);
    }
  }
  ev.finish();
  return {};
}

// Evidence from a plain record: its current stage (the stage field) and stamps.
std::string State::read_record(const json& doc, Evidence& ev) {
  ev.funnel = options.funnel >= 0 ? options.funnel : 0;
  const FunnelInfo& info = funnels[static_cast<std::size_t>(ev.funnel)];
  ev.reset(info.funnel->stages.size());
  if (!info.stage_field_keys.empty()) {
    if (std::string p = stage_of(info, at_path(doc, info.stage_field_keys), ev.current, info.stage_field_keys.back());
        !p.empty())
      return p;
    if (ev.current >= 0) ev.entered[static_cast<std::size_t>(ev.current)] = true;
  }
  for (std::size_t i = 0; i < info.stamp_paths.size(); ++i) {
    if (info.stamp_paths[i].empty()) continue;
    const json* value = at_path(doc, info.stamp_paths[i]);
    if (!value) continue;
    if (std::string p = stamp_of(*value, info.stamp_paths[i].back(), ev, static_cast<std::int32_t>(i)); !p.empty())
      return p;
  }
  if (ev.current >= 0) {
    const ir::Stage& st = info.funnel->stages[static_cast<std::size_t>(ev.current)];
    ev.owner = st.owner;
  }
  ev.finish();
  return {};
}

std::string State::stage_of(const FunnelInfo& info, const json* value, std::int32_t& stage, const std::string& what) {
  stage = -1;
  if (!value || value->is_null()) return {};
  if (!value->is_string()) return fmt::format("`{}` is not a stage name", what);
  auto it = info.stage_by_name.find(value->get<std::string>());
  if (it == info.stage_by_name.end())
    return fmt::format("`{}` names `{}`, not a stage of funnel `{}`", what, clip(value->get<std::string>(), kMaxNameBytes),
                       info.funnel->name);
  stage = it->second;
  return {};
}

std::string State::stamp_of(const json& value, const std::string& key, Evidence& ev, std::int32_t stage) {
  std::int64_t ms = 0;
  if (!value.is_string() || !parse_instant(value.get<std::string>(), ms))
    return fmt::format("`{}` is not an ISO-8601 instant", key);
  ev.stamp[static_cast<std::size_t>(stage)] = ms;
  ev.entered[static_cast<std::size_t>(stage)] = true;
  latest_stamp = latest_stamp ? std::max(*latest_stamp, ms) : ms;
  return {};
}

}  // namespace sluice::rt::report
