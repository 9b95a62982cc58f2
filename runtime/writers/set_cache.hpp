// The `set` object of the commonest results, kept per stage: the stage field
// (a text) then its entered-at stamp (a date), as in
//   },"set":{"lifecycle_stage":"MQL","mql_entered_at":"2026-01-15T00:00:00Z"}
// Every record that enters stage X at the as-of writes these same bytes, so the
// text written for one is reused for the next while slots, text and instant equal
// what it was written for. Fixed-size entries: filling one never allocates.
#pragma once
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "runtime/result.hpp"
#include "runtime/writers/line_buffer.hpp"

namespace sluice::rt::writers {

class SetCache {
 public:
  // Longest text kept (longer ones are written each time).
  static constexpr std::size_t kMaxText = 160;

  // `stages[f]`: the number of stages of funnel f.
  explicit SetCache(const std::vector<std::size_t>& stages) {
    std::size_t total = 0;
    for (std::size_t n : stages) {
      first_.push_back(total);
      total += n;
    }
    first_.push_back(total);
    entries_.resize(total);
  }

  // The text written before for `sets` (result of stage s of funnel f), padded
  // for LineBuffer::put_padded; empty when there are none to reuse.
  std::string_view find(std::int32_t f, std::int32_t s, const std::vector<SetOut>& sets) const {
    const std::size_t at = index(f, s);
    if (at == kNone || entries_[at].size == 0 || sets.size() != 2) return {};
    const Entry* e = &entries_[at];
    const SetOut& a = sets[0];
    const SetOut& b = sets[1];
    if (a.slot != e->text_slot || b.slot != e->date_slot || a.value.tag != Tag::text || b.value.tag != Tag::date ||
        b.value.u.i != e->ms || a.value.as_text() != std::string_view(e->text + e->text_at, e->text_size)) {
      return {};
    }
    return {e->text, e->size};
  }

  // Keeps `written`, the text just written for `sets`, when they have the shape
  // above, the stage text went out as it is (no escapes) at `text_at` (past its
  // opening quote) and it fits.
  void store(std::int32_t f, std::int32_t s, const std::vector<SetOut>& sets, std::size_t text_at,
             std::string_view written) {
    const std::size_t index_of = index(f, s);
    if (index_of == kNone || sets.size() != 2 || written.size() > kMaxText) return;
    Entry* e = &entries_[index_of];
    const Value& text = sets[0].value;
    const Value& date = sets[1].value;
    if (text.tag != Tag::text || date.tag != Tag::date) return;
    const std::size_t at = text_at;
    if (written.size() < at + text.len + 1 || written[at + text.len] != '"' ||
        written.substr(at, text.len) != text.as_text()) {
      return;
    }
    std::memcpy(e->text, written.data(), written.size());
    e->size = static_cast<std::uint32_t>(written.size());
    e->text_at = static_cast<std::uint32_t>(at);
    e->text_size = text.len;
    e->text_slot = sets[0].slot;
    e->date_slot = sets[1].slot;
    e->ms = date.u.i;
  }

 private:
  struct Entry {
    std::int64_t ms = 0;
    std::int32_t text_slot = -1, date_slot = -1;
    std::uint32_t size = 0;  // 0: empty
    std::uint32_t text_at = 0;
    std::uint32_t text_size = 0;
    char text[kMaxText + LineBuffer::kPadding] = {};
  };

  static constexpr std::size_t kNone = ~std::size_t{0};
  // The entry of stage s of funnel f, kNone when either is out of range.
  std::size_t index(std::int32_t f, std::int32_t s) const {
    if (f < 0 || s < 0 || static_cast<std::size_t>(f) + 1 >= first_.size()) return kNone;
    const std::size_t at = first_[static_cast<std::size_t>(f)] + static_cast<std::size_t>(s);
    return at < first_[static_cast<std::size_t>(f) + 1] ? at : kNone;
  }

  std::vector<std::size_t> first_;  // [f]: index of funnel f's first entry; then the total
  std::vector<Entry> entries_;
};

}  // namespace sluice::rt::writers
