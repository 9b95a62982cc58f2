#include "runtime/writers/json_pieces.hpp"

#include "runtime/writers/line_buffer.hpp"
#include "runtime/writers/text_escape.hpp"

namespace sluice::rt::writers {

namespace {

constexpr std::string_view kNull = "null";

std::string json_text(std::string_view text) {
  std::string out;
  append_json_text(out, text);
  return out;
}

std::string json_name_or_null(std::string_view name) { return name.empty() ? std::string(kNull) : json_text(name); }

std::string owner_piece(std::string_view owner) {
  return "],\"owner\":" + std::string(owner) + ",\"qualifications\":{";
}

}  // namespace

JsonPieces::Text JsonPieces::add(std::string_view text) {
  const Text t{static_cast<std::uint32_t>(arena_.size()), static_cast<std::uint32_t>(text.size())};
  arena_.append(text);
  return t;
}

JsonPieces::JsonPieces(const ResultFields& fields) {
  const ir::Program& program = fields.program();
  if (!fields.key_name().empty()) id_key_ = add(json_text(fields.key_name()) + ':');
  unknown_name_ = add("\"\"");
  unknown_key_ = add("\"\":{\"passed\":");
  unknown_set_key_ = add("\"\":");
  const std::string policy =
      "\"policy\":" + json_text(program.policy_name) + ",\"version\":" + json_text(program.policy_version);
  const std::string no_funnel_head = policy + ",\"funnel\":null,\"stage\":null";
  no_funnel_.heads.push_back(add(no_funnel_head));
  no_funnel_.stages.push_back(add(kNull));
  no_funnel_.froms.push_back(add(",\"from\":null"));
  no_funnel_.owners.push_back(add(owner_piece(kNull)));
  std::size_t budget = kRenderedBudget;
  for (const ir::Funnel& f : program.funnels) {
    Funnel& j = funnels_.emplace_back();
    const std::string head = policy + ",\"funnel\":" + json_name_or_null(f.name) + ",\"stage\":";
    j.heads.push_back(add(head + "null"));
    j.stages.push_back(no_funnel_.stages[0]);
    j.froms.push_back(no_funnel_.froms[0]);
    j.owners.push_back(no_funnel_.owners[0]);
    j.stays.emplace_back();
    j.placeds.emplace_back();
    j.moves.emplace_back();
    for (const ir::Stage& stage : f.stages) {
      const std::string name = json_name_or_null(stage.name);
      const std::string owner = owner_piece(json_name_or_null(stage.owner));
      j.heads.push_back(add(head + name));
      j.stages.push_back(add(name));
      j.froms.push_back(add(",\"from\":" + name));
      j.owners.push_back(add(owner));
      j.stays.push_back(add(head + name + ",\"from\":" + name + ",\"moved\":false,\"entered\":[" + owner));
      j.placeds.push_back(add(head + name + ",\"from\":null,\"moved\":true,\"entered\":[" + name + owner));
      j.moves.push_back(add(",\"moved\":true,\"entered\":[" + name + owner));
    }
    for (const ir::Qualification& def : f.qualifications) {
      Qualification& q = j.qualifications.emplace_back();
      q.key = add(json_text(def.name) + ":{\"passed\":");
      for (const ir::Criterion& c : def.criteria) q.criteria.push_back(add(json_text(c.name)));
      if (!def.reported) continue;
      Reported& p = j.reported.emplace_back();
      p.q = static_cast<std::uint32_t>(j.qualifications.size() - 1);
      p.criteria = static_cast<std::uint32_t>(def.criteria.size());
      p.first = static_cast<std::uint32_t>(scores_.size());
      if (def.criteria.size() <= kRenderedCriteria && render(q, def, budget)) p.masks = std::uint32_t{1} << p.criteria;
    }
  }
  const std::int32_t layout = fields.record_layout();
  if (layout >= 0 && static_cast<std::size_t>(layout) < program.layouts.size()) {
    for (const ir::Slot& slot : program.layouts[static_cast<std::size_t>(layout)].slots) {
      set_keys_.push_back(add(json_text(slot.path) + ':'));
    }
  }
  arena_.append(LineBuffer::kPadding, '\0');
}

bool JsonPieces::render(const Qualification& q, const ir::Qualification& def, std::size_t& budget) {
  const std::size_t n = def.criteria.size();
  const std::uint32_t masks = std::uint32_t{1} << n;
  std::string key(view(q.key)), met;
  // Every text of this qualification is at most this long: checked before rendering.
  std::size_t longest = key.size() + std::string_view(",\"score\":,\"met\":[],\"missing\":[]}false").size() + 20;
  for (const Text& c : q.criteria) longest += c.size + 1;
  if (longest * masks * 3 > budget) return false;
  budget -= longest * masks * 3;
  for (std::uint32_t mask = 0; mask < masks; ++mask) {
    std::uint64_t score = 0;  // unsigned: wraps where the evaluator faults, and is then never equal
    for (std::size_t c = 0; c < n; ++c) {
      if ((mask >> c) & 1) score += static_cast<std::uint64_t>(def.criteria[c].weight);
    }
    met.clear();
    put_met_and_missing(
        n, [&](std::size_t c) { return ((mask >> c) & 1) != 0; }, [&](std::size_t c) { return view(q.criteria[c]); },
        [&](std::string_view text) { met += text; });
    const std::string score_text = ",\"score\":" + std::to_string(static_cast<std::int64_t>(score));
    for (const char* passed : {"false", "true", "null"}) rendered_.push_back(add(key + passed + score_text + met));
    scores_.push_back(static_cast<std::int64_t>(score));
  }
  return true;
}

std::string_view JsonPieces::qualification_key(std::int32_t f, std::size_t q) const {
  const Qualification* jq = qualification(f, q);
  return view(jq != nullptr ? jq->key : unknown_key_);
}

std::string_view JsonPieces::criterion(std::int32_t f, std::size_t q, std::size_t c) const {
  const Qualification* jq = qualification(f, q);
  return view(jq != nullptr && c < jq->criteria.size() ? jq->criteria[c] : unknown_name_);
}

}  // namespace sluice::rt::writers
