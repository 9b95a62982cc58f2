#include "runtime/writers/result_json.hpp"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "runtime/writers/text_escape.hpp"

namespace sluice::rt::writers {

namespace {

// Criteria that held, one bit each, when there are few enough for a mask.
bool met_mask(const QualResult& res, std::size_t criteria, std::uint32_t& mask) {
  if (criteria > 32) return false;
  mask = 0;
  const std::size_t n = std::min(criteria, res.met.size());
  for (std::size_t c = 0; c < n; ++c) mask |= static_cast<std::uint32_t>(res.met[c] != 0) << c;
  return true;
}

}  // namespace

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
  value(in.key);
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
void ResultJson::qualifications(const ir::Funnel* funnel, const EvalResult& r) {
  if (funnel == nullptr) return;
  bool first = true;
  const std::size_t n = std::min(funnel->qualifications.size(), r.qualifications.size());
  for (std::size_t q = 0; q < n; ++q) {
    const ir::Qualification& def = funnel->qualifications[q];
    if (!def.reported) continue;
    const QualResult& res = r.qualifications[q];
    if (!first) line_.put(',');
    first = false;
    std::uint32_t mask = 0;
    const std::string_view rendered = met_mask(res, def.criteria.size(), mask)
                                          ? pieces_.qualification(r.funnel, q, mask, res.passed, res.score)
                                          : std::string_view();
    if (!rendered.empty()) {
      line_.put_padded(rendered);
      continue;
    }
    line_.put_padded(pieces_.qualification_key(r.funnel, q));
    value(res.passed);
    line_.lit(",\"score\":");
    integer(res.score);
    put_met_and_missing(
        def.criteria.size(), [&](std::size_t c) { return c < res.met.size() && res.met[c] != 0; },
        [&](std::size_t c) { return pieces_.criterion(r.funnel, q, c); },
        [&](std::string_view text) { line_.put(text); });
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

void ResultJson::object(const RecordIn& in, const EvalResult& r, const Explanation* explain) {
  if (in.error) return error_object(in, in.error_code, in.error_message);
  if (r.error) return error_object(in, r.error_code, r.error_message);
  line_.put('{');
  id_field(in);
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
  qualifications(fields_.funnel(r.funnel), r);
  line_.lit("},\"set\":{");
  for (std::size_t i = 0; i < r.sets.size(); ++i) {
    if (i > 0) line_.put(',');
    line_.put_padded(pieces_.set_key(r.sets[i].slot));
    value(r.sets[i].value, r.sets[i].slot);
  }
  line_.lit("},\"events\":[");
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
  if (explain != nullptr) {
    line_.lit(",\"explain\":");
    append_explain_json(line_, *explain);
  }
  line_.put('}');
}

}  // namespace sluice::rt::writers
