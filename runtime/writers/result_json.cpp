#include "runtime/writers/result_json.hpp"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "runtime/writers/text_escape.hpp"

namespace sluice::rt::writers {

namespace {

// Bit c set when flags[c] != 0, for n <= 32 flags (criteria met): whole words at
// a time (the high bit of each non-zero byte, gathered by one multiplication).
std::uint32_t flag_bits(const std::uint8_t* flags, std::size_t n) {
  constexpr std::uint64_t kLow7 = 0x7F7F7F7F7F7F7F7FULL, kHigh = 0x8080808080808080ULL;
  std::uint32_t bits = 0;
  std::size_t c = 0;
  for (; n - c >= 8; c += 8) {
    std::uint64_t x = 0;
    std::memcpy(&x, flags + c, 8);
    const std::uint64_t nonzero = (((x & kLow7) + kLow7) | x) & kHigh;
    bits |= static_cast<std::uint32_t>(((nonzero >> 7) * 0x0102040810204080ULL) >> 56) << c;
  }
  if (n - c >= 4) {
    std::uint32_t x = 0;
    std::memcpy(&x, flags + c, 4);
    const std::uint32_t nonzero = (((x & 0x7F7F7F7FU) + 0x7F7F7F7FU) | x) & 0x80808080U;
    bits |= (((nonzero >> 7) * 0x01020408U) >> 24) << c;
    c += 4;
  }
  for (; c < n; ++c) bits |= static_cast<std::uint32_t>(flags[c] != 0) << c;
  return bits;
}

std::vector<std::size_t> stage_counts(const ir::Program& program) {
  std::vector<std::size_t> counts;
  for (const ir::Funnel& f : program.funnels) counts.push_back(f.stages.size());
  return counts;
}

}  // namespace

ResultJson::ResultJson(const ir::Program& program, std::int32_t record)
    : fields_(program, record), pieces_(fields_), set_cache_(stage_counts(program)) {}

void ResultJson::integer(std::int64_t v) {
  const fmt::format_int text(v);
  line_.put(std::string_view(text.data(), text.size()));
}

void ResultJson::instant(std::int64_t ms, InstantCache& cache) {
  if (cache.size == 0 || ms != cache.ms) {
    cache.size = format_instant(ms, cache.text);
    cache.ms = ms;
  }
  // A fixed-size copy (it inlines) of the whole text buffer; the end is then set back.
  char* p = line_.room(kInstantChars + 2);
  p[0] = '"';
  std::memcpy(p + 1, cache.text, kInstantChars);
  p[1 + cache.size] = '"';
  line_.commit(p + 2 + cache.size);
}

void ResultJson::value(const Value& v, std::int32_t slot) {
  switch (v.tag) {
    case Tag::unset: line_.lit("null"); return;
    case Tag::boolean:
      if (v.u.b) line_.lit("true");
      else line_.lit("false");
      return;
    case Tag::int_: integer(v.u.i); return;
    case Tag::text: append_json_text(line_, v.as_text()); return;
    case Tag::date: instant(v.u.i, value_instant_); return;
    case Tag::duration: {
      char* p = line_.room(kDurationChars + 2);
      p[0] = '"';
      const std::size_t n = format_duration(v.u.i, p + 1);
      p[1 + n] = '"';
      line_.commit(p + 2 + n);
      return;
    }
    case Tag::number: case Tag::list: case Tag::object: break;
  }
  scratch_.clear();
  append_value_json(scratch_, v,
                    slot >= 0 ? shape_of_slot(fields_.program(), fields_.record_layout(), slot) : ValueShape{});
  line_.put(scratch_);
}

void ResultJson::id_field(const RecordIn& in) {
  if (pieces_.id_key().empty()) return;
  line_.put_padded(pieces_.id_key());
  if (in.key.tag == Tag::text) {  // most keys: no call through value()
    append_json_text(line_, in.key.as_text());
  } else {
    value(in.key);
  }
  line_.put(',');
}

void ResultJson::error_object(const RecordIn& in, std::string_view code, std::string_view message) {
  line_.lit("{\"line\":");
  integer(in.line);
  line_.put(',');
  id_field(in);
  line_.lit("\"error\":{\"code\":");
  append_json_text(line_, code);
  line_.lit(",\"message\":");
  append_json_text(line_, message);
  line_.lit("}}");
}

// The members of "qualifications" (its braces are written around them).
void ResultJson::qualifications(const EvalResult& r) {
  bool first = true;
  for (const JsonPieces::Reported& p : pieces_.reported(r.funnel)) {
    if (p.q >= r.qualifications.size()) break;
    const QualResult& res = r.qualifications[p.q];
    if (!first) line_.put(',');
    first = false;
    const std::size_t flags = std::min<std::size_t>(p.criteria, res.met.size());
    const std::string_view rendered =
        p.masks != 0 ? pieces_.qualification(p, flag_bits(res.met.data(), flags), res.passed, res.score)
                     : std::string_view();
    if (!rendered.empty()) {
      line_.put_padded(rendered);
      continue;
    }
    line_.put_padded(pieces_.qualification_key(r.funnel, p.q));
    value(res.passed);
    line_.lit(",\"score\":");
    integer(res.score);
    put_met_and_missing(
        p.criteria, [&](std::size_t c) { return c < res.met.size() && res.met[c] != 0; },
        [&](std::size_t c) { return pieces_.criterion(r.funnel, p.q, c); },
        [&](std::string_view text) { line_.put(text); });
  }
}

void ResultJson::sets(const EvalResult& r) {
  const std::string_view cached = set_cache_.find(r.funnel, r.stage, r.sets);
  if (!cached.empty()) {
    line_.put_padded(cached);
    return;
  }
  static constexpr char kOpen[] = "},\"set\":{";
  const std::size_t start = line_.size();
  line_.lit(kOpen);
  for (std::size_t i = 0; i < r.sets.size(); ++i) {
    if (i > 0) line_.put(',');
    line_.put_padded(pieces_.set_key(r.sets[i].slot));
    value(r.sets[i].value, r.sets[i].slot);
  }
  line_.put('}');
  if (r.sets.size() == 2) {
    const std::size_t text_at = sizeof kOpen - 1 + pieces_.set_key(r.sets[0].slot).size() + 1;
    set_cache_.store(r.funnel, r.stage, r.sets, text_at, line_.view().substr(start));
  }
}

void ResultJson::events(const EvalResult& r) {
  for (std::size_t i = 0; i < r.events.size(); ++i) {
    const EventOut& e = r.events[i];
    if (i > 0) line_.put(',');
    line_.lit("{\"name\":");
    append_json_text(line_, e.name);
    line_.lit(",\"key\":");
    append_json_text(line_, e.idempotency_key);
    for (const auto& [name, value_of] : e.fields) {
      line_.put(',');
      append_json_text(line_, name);
      line_.put(':');
      value(value_of);
    }
    line_.put('}');
  }
}

void ResultJson::sla(std::int32_t funnel, const SlaOut& s) {
  if (s.state == SlaState::none) {
    line_.lit("null");
    return;
  }
  line_.lit("{\"stage\":");
  line_.put_padded(pieces_.stage(funnel, s.stage));
  line_.lit(",\"state\":");
  append_json_text(line_, sla_state_name(s.state));
  line_.lit(",\"due\":");
  if (s.state == SlaState::unknown) {
    line_.lit("null");
  } else {
    instant(s.due_ms, due_instant_);
  }
  line_.lit(",\"overdue\":");
  if (s.state == SlaState::breached) {
    value(Value::duration(s.overdue_ms));
  } else {
    line_.lit("null");
  }
  line_.put('}');
}

// From `"policy":` to `"qualifications":{` for any result, piece by piece.
void ResultJson::opening_in_parts(const EvalResult& r) {
  line_.put_padded(pieces_.head(r.funnel, r.stage));  // "policy":…,"stage":…
  if (r.stage < 0) {
    line_.lit(",\"reason\":");
    append_json_text(line_, r.unstaged_reason);
  }
  line_.put_padded(pieces_.from(r.funnel, r.from));
  if (r.moved) {
    line_.lit(",\"moved\":true,\"entered\":[");
  } else {
    line_.lit(",\"moved\":false,\"entered\":[");
  }
  for (std::size_t i = 0; i < r.entered.size(); ++i) {
    if (i > 0) line_.put(',');
    line_.put_padded(pieces_.stage(r.funnel, r.entered[i]));
  }
  line_.put_padded(pieces_.owner(r.funnel, r.stage));  // ],"owner":…,"qualifications":{
}

// `,"events":[…]`, the notifications when there are any, `,"sla":…`.
void ResultJson::ending_in_parts(const EvalResult& r) {
  line_.lit(",\"events\":[");
  events(r);
  line_.put(']');
  if (!r.notifications.empty()) {
    line_.lit(",\"notifications\":[");
    for (std::size_t i = 0; i < r.notifications.size(); ++i) {
      if (i > 0) line_.put(',');
      line_.lit("{\"team\":");
      append_json_text(line_, r.notifications[i].team);
      line_.lit(",\"message\":");
      append_json_text(line_, r.notifications[i].message);
      line_.put('}');
    }
    line_.put(']');
  }
  line_.lit(",\"sla\":");
  sla(r.funnel, r.sla);
}

void ResultJson::object(const RecordIn& in, const EvalResult& r, const Explanation* explain) {
  if (in.error) return error_object(in, in.error_code, in.error_message);
  if (r.error) return error_object(in, r.error_code, r.error_message);
  line_.put('{');
  id_field(in);
  const std::string_view opening = pieces_.opening(r.funnel, r.stage, r.from, r.moved, r.entered);
  const std::string_view moved = opening.empty() && r.moved && r.entered.size() == 1 && r.entered[0] == r.stage
                                     ? pieces_.moved_into(r.funnel, r.stage)
                                     : std::string_view();
  if (!opening.empty()) {
    line_.put_padded(opening);
  } else if (!moved.empty()) {  // into the stage from another
    line_.put_padded(pieces_.head(r.funnel, r.stage));
    line_.put_padded(pieces_.from(r.funnel, r.from));
    line_.put_padded(moved);
  } else {
    opening_in_parts(r);
  }
  qualifications(r);
  sets(r);  // },"set":{…}
  if (r.events.empty() && r.notifications.empty() && r.sla.state == SlaState::none) {
    line_.lit(",\"events\":[],\"sla\":null");  // the commonest ending
  } else {
    ending_in_parts(r);
  }
  if (explain != nullptr) {
    line_.lit(",\"explain\":");
    append_explain_json(line_, *explain);
  }
  line_.put('}');
}

}  // namespace sluice::rt::writers
