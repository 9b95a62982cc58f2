// The constant text of the JSON result objects, rendered once per writer: names
// quoted and escaped, and the fixed keys around them joined into as few pieces as
// possible, so that a record's line is mostly a few copies. Every piece lives in
// one padded arena, so LineBuffer::put_padded may copy it in whole blocks.
#pragma once
#include <cstdint>
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
  // `],"owner":…,"qualifications":{` for the stage `s` (after the entered list).
  std::string_view owner(std::int32_t f, std::int32_t s) const { return view(per_stage(funnel(f).owners, s)); }
  std::string_view set_key(std::int32_t slot) const {  // "path":
    const bool known = slot >= 0 && static_cast<std::size_t>(slot) < set_keys_.size();
    return view(known ? set_keys_[static_cast<std::size_t>(slot)] : unknown_set_key_);
  }

  // A reported qualification's `"BANT":{"passed":`, and its criteria names.
  std::string_view qualification_key(std::int32_t f, std::size_t q) const;
  std::string_view criterion(std::int32_t f, std::size_t q, std::size_t c) const;
  // The whole `"BANT":{"passed":…,"score":…,"met":[…],"missing":[…]}` of a
  // qualification whose criteria `met` held (bit c: criterion c), rendered ahead
  // for `passed` (a boolean or unset) and the score those criteria weigh; empty
  // when not rendered ahead or when `passed` or `score` differ.
  std::string_view qualification(std::int32_t f, std::size_t q, std::uint32_t met, const Value& passed,
                                 std::int64_t score) const {
    const Qualification* jq = qualification(f, q);
    if (jq == nullptr || met >= jq->scores.size() || jq->scores[met] != score) return {};
    if (passed.tag == Tag::boolean) return view(jq->rendered[met * 3 + (passed.u.b ? 1 : 0)]);
    return passed.tag == Tag::unset ? view(jq->rendered[met * 3 + 2]) : std::string_view();
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
    std::vector<Text> rendered;     // [met * 3 + passed (false, true, unset)]
    std::vector<std::int64_t> scores;  // [met]: the weights of the criteria met
  };
  struct Funnel {
    std::vector<Text> heads, stages, froms, owners;  // [stage + 1]: index 0 for none
    std::vector<Qualification> qualifications;
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
  void render(Qualification& q, const ir::Qualification& def, std::size_t& budget);

  std::string arena_;  // every piece, then LineBuffer::kPadding bytes
  std::vector<Funnel> funnels_;
  Funnel no_funnel_;   // the none entries alone
  Text id_key_, unknown_name_, unknown_key_, unknown_set_key_;  // "", for indexes out of range
  std::vector<Text> set_keys_;
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
