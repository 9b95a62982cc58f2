// The constant text of the JSON result objects, rendered once per writer: names
// quoted and escaped, and the fixed keys around them joined into as few pieces as
// possible, so that a record's line is mostly a few copies. Every piece lives in
// one padded arena, so LineBuffer::put_padded may copy it in whole blocks.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/writers/result_fields.hpp"

namespace sluice::rt::writers {

class JsonPieces {
 public:
  explicit JsonPieces(const ResultFields& fields);

  // `"id":` (the key field's name), empty when the record has no key.
  std::string_view id_key() const { return view(id_key_); }
  // `"policy":…,"version":…,"funnel":…,"stage":…` of stage `s` (`null` when out of
  // range; the funnel `null` when it is).
  std::string_view head(std::int32_t f, std::int32_t s) const { return view(per_stage(funnel(f).heads, s)); }
  // A stage name as JSON text, `null` when empty or out of range (-1: none).
  std::string_view stage(std::int32_t f, std::int32_t s) const { return view(per_stage(funnel(f).stages, s)); }
  // `,"from":…` of stage `s`.
  std::string_view from(std::int32_t f, std::int32_t s) const { return view(per_stage(funnel(f).froms, s)); }
  // The commonest results in one piece, from `"policy":` to `"qualifications":{`:
  // at stage s, stayed there (from s, not moved, none entered) or placed there (from
  // none, moved, entered [s]). Empty for any other result, or `s` out of range.
  std::string_view opening(std::int32_t f, std::int32_t s, std::int32_t from, bool moved,
                           const std::vector<std::int32_t>& entered) const {
    const Funnel& j = funnel(f);
    const auto at = static_cast<std::size_t>(s) + 1;
    if (s < 0 || at >= j.stays.size()) return {};
    if (!moved && from == s && entered.empty()) return view(j.stays[at]);
    if (moved && from == -1 && entered.size() == 1 && entered[0] == s) return view(j.placeds[at]);
    return {};
  }
  // `,"moved":true,"entered":[S],"owner":…,"qualifications":{` of stage s, after the
  // head and the from of a result that moved into s alone; empty when out of range.
  std::string_view moved_into(std::int32_t f, std::int32_t s) const {
    const Funnel& j = funnel(f);
    const auto at = static_cast<std::size_t>(s) + 1;
    return s >= 0 && at < j.moves.size() ? view(j.moves[at]) : std::string_view();
  }
  // `],"owner":…,"qualifications":{` for the stage `s` (after the entered list).
  std::string_view owner(std::int32_t f, std::int32_t s) const { return view(per_stage(funnel(f).owners, s)); }
  std::string_view set_key(std::int32_t slot) const {  // "path":
    const bool known = slot >= 0 && static_cast<std::size_t>(slot) < set_keys_.size();
    return view(known ? set_keys_[static_cast<std::size_t>(slot)] : unknown_set_key_);
  }

  // A reported qualification's `"BANT":{"passed":`, and its criteria names.
  std::string_view qualification_key(std::int32_t f, std::size_t q) const;
  std::string_view criterion(std::int32_t f, std::size_t q, std::size_t c) const;
  // A funnel's reported qualifications in order (ascending q): what the writer
  // needs of each per record.
  struct Reported {
    std::uint32_t q = 0;         // index into the funnel's qualifications
    std::uint32_t criteria = 0;  // how many it has
    std::uint32_t masks = 0;     // texts are rendered ahead for met masks below this (0: none)
    std::uint32_t first = 0;     // index of its mask 0 in scores_ (and 3x in rendered_)
  };
  std::span<const Reported> reported(std::int32_t f) const { return funnel(f).reported; }
  // The whole `"BANT":{"passed":…,"score":…,"met":[…],"missing":[…]}` of a
  // qualification whose criteria `met` held (bit c: criterion c), rendered ahead
  // for `passed` (a boolean or unset) and the score those criteria weigh; empty
  // when not rendered ahead or when `passed` or `score` differ.
  std::string_view qualification(const Reported& p, std::uint32_t met, const Value& passed,
                                 std::int64_t score) const {
    if (met >= p.masks || scores_[p.first + met] != score) return {};
    const std::size_t at = (std::size_t{p.first} + met) * 3;
    if (passed.tag == Tag::boolean) return view(rendered_[at + (passed.u.b ? 1 : 0)]);
    return passed.tag == Tag::unset ? view(rendered_[at + 2]) : std::string_view();
  }

  // Qualifications of up to this many criteria have their texts rendered ahead
  // (3 * 2^n of them), within kRenderedBudget bytes per writer.
  static constexpr std::size_t kRenderedCriteria = 8;
  static constexpr std::size_t kRenderedBudget = std::size_t{1} << 20;

 private:
  struct Text {  // a piece of the arena
    std::uint32_t offset = 0, size = 0;
  };
  struct Qualification {
    Text key;
    std::vector<Text> criteria;
  };
  struct Funnel {
    std::vector<Text> heads, stages, froms, owners;  // [stage + 1]: index 0 for none
    std::vector<Text> stays, placeds, moves;         // [stage + 1]: index 0 empty, unused
    std::vector<Qualification> qualifications;
    std::vector<Reported> reported;
  };

  Text add(std::string_view text);
  std::string_view view(Text t) const { return {arena_.data() + t.offset, t.size}; }
  // The funnel's pieces; the none entries alone when `f` is out of range.
  const Funnel& funnel(std::int32_t f) const {
    return f >= 0 && static_cast<std::size_t>(f) < funnels_.size() ? funnels_[static_cast<std::size_t>(f)] : no_funnel_;
  }
  const Qualification* qualification(std::int32_t f, std::size_t q) const {
    const Funnel& j = funnel(f);
    return q < j.qualifications.size() ? &j.qualifications[q] : nullptr;
  }
  // One of a funnel's per-stage pieces; the none entry when `s` is out of range.
  static Text per_stage(const std::vector<Text>& pieces, std::int32_t s) {
    const auto at = static_cast<std::size_t>(s) + 1;
    return s >= 0 && at < pieces.size() ? pieces[at] : pieces[0];
  }
  // Renders the texts of every met mask of a qualification; false when over budget.
  bool render(const Qualification& q, const ir::Qualification& def, std::size_t& budget);

  std::string arena_;  // every piece, then LineBuffer::kPadding bytes
  std::vector<Funnel> funnels_;
  Funnel no_funnel_;   // the none entries alone
  Text id_key_, unknown_name_, unknown_key_, unknown_set_key_;  // "", for indexes out of range
  std::vector<Text> set_keys_;
  std::vector<Text> rendered_;        // per Reported: [(first + met) * 3 + passed (false, true, unset)]
  std::vector<std::int64_t> scores_;  // per Reported: [first + met]: the weights of the criteria met
};

// The tail of a qualification object, `,"met":[names],"missing":[names]}`, through
// `put(std::string_view)`: one spelling for the texts rendered ahead and for the
// general path. `is_met(c)` and `name(c)` (quoted JSON) describe criterion c of n.
template <class IsMet, class Name, class Put>
void put_met_and_missing(std::size_t n, IsMet is_met, Name name, Put put) {
  put(",\"met\":[");
  for (int pass = 0; pass < 2; ++pass) {  // met, then missing
    if (pass == 1) put("],\"missing\":[");
    bool first = true;
    for (std::size_t c = 0; c < n; ++c) {
      if (is_met(c) != (pass == 0)) continue;
      if (!first) put(",");
      first = false;
      put(name(c));
    }
  }
  put("]}");
}

}  // namespace sluice::rt::writers
