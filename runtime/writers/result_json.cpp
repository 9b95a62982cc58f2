#include "runtime/writers/result_json.hpp"

#include <fmt/format.h>

#include "runtime/timefmt.hpp"
#include "runtime/writers/text_escape.hpp"

namespace sluice::rt::writers {

namespace {

// A string literal, its length known at compile time (no strlen per call).
template <std::size_t N>
void lit(std::string& out, const char (&text)[N]) {
  out.append(text, N - 1);
}

void append_int(std::string& out, std::int64_t v) {
  const fmt::format_int text(v);
  out.append(text.data(), text.size());
}

void key(std::string& out, std::string_view name) {
  append_json_text(out, name);
  out += ':';
}

void id_field(std::string& out, const ResultFields& fields, const RecordIn& in) {
  if (fields.key_name().empty()) return;
  key(out, fields.key_name());
  append_json_value(out, in.key);
  out += ',';
}

void error_object(std::string& out, const ResultFields& fields, const RecordIn& in, std::string_view code,
                  std::string_view message) {
  lit(out, "{\"line\":");
  append_int(out, in.line);
  out += ',';
  id_field(out, fields, in);
  lit(out, "\"error\":{\"code\":");
  append_json_text(out, code);
  lit(out, ",\"message\":");
  append_json_text(out, message);
  lit(out, "}}");
}

void qualifications(std::string& out, const ResultFields& fields, const ir::Funnel* funnel, const EvalResult& r) {
  out += '{';
  bool first = true;
  if (funnel != nullptr) {
    const std::size_t n = std::min(funnel->qualifications.size(), r.qualifications.size());
    for (std::size_t q = 0; q < n; ++q) {
      const ir::Qualification& def = funnel->qualifications[q];
      if (!def.reported) continue;
      const QualResult& res = r.qualifications[q];
      if (!first) out += ',';
      first = false;
      out += fields.json_qualification_key(r.funnel, q);
      lit(out, "{\"passed\":");
      append_json_value(out, res.passed);
      lit(out, ",\"score\":");
      append_int(out, res.score);
      lit(out, ",\"met\":[");
      for (int pass = 0; pass < 2; ++pass) {  // met, then missing
        if (pass == 1) lit(out, "],\"missing\":[");
        bool first_name = true;
        for (std::size_t c = 0; c < def.criteria.size(); ++c) {
          const bool met = c < res.met.size() && res.met[c] != 0;
          if (met != (pass == 0)) continue;
          if (!first_name) out += ',';
          first_name = false;
          out += fields.json_criterion(r.funnel, q, c);
        }
      }
      lit(out, "]}");
    }
  }
  out += '}';
}

void sla(std::string& out, const ResultFields& fields, std::int32_t funnel, const SlaOut& s) {
  if (s.state == SlaState::none) {
    lit(out, "null");
    return;
  }
  char buf[kInstantChars > kDurationChars ? kInstantChars : kDurationChars];
  lit(out, "{\"stage\":");
  out += fields.json_stage(funnel, s.stage);
  lit(out, ",\"state\":");
  append_json_text(out, sla_state_name(s.state));
  lit(out, ",\"due\":");
  if (s.state == SlaState::unknown) {
    lit(out, "null");
  } else {
    out += '"';
    out.append(buf, format_instant(s.due_ms, buf));
    out += '"';
  }
  lit(out, ",\"overdue\":");
  if (s.state == SlaState::breached) {
    out += '"';
    out.append(buf, format_duration(s.overdue_ms, buf));
    out += '"';
  } else {
    lit(out, "null");
  }
  out += '}';
}

}  // namespace

void append_json_value(std::string& out, const Value& v, ValueShape shape) {
  if (v.tag == Tag::text) {
    append_json_text(out, v.as_text());
  } else {
    append_value_json(out, v, shape);
  }
}

void append_result_json(std::string& out, const ResultFields& fields, const RecordIn& in, const EvalResult& r,
                        const nlohmann::json* explain) {
  if (in.error) return error_object(out, fields, in, in.error_code, in.error_message);
  if (r.error) return error_object(out, fields, in, r.error_code, r.error_message);
  const ir::Program& program = fields.program();
  const ir::Funnel* funnel = fields.funnel(r.funnel);
  out += '{';
  id_field(out, fields, in);
  out += fields.json_head();
  lit(out, ",\"funnel\":");
  out += fields.json_funnel(r.funnel);
  lit(out, ",\"stage\":");
  out += fields.json_stage(r.funnel, r.stage);
  if (r.stage < 0) {
    lit(out, ",\"reason\":");
    append_json_text(out, r.unstaged_reason);
  }
  lit(out, ",\"from\":");
  out += fields.json_stage(r.funnel, r.from);
  if (r.moved) {
    lit(out, ",\"moved\":true");
  } else {
    lit(out, ",\"moved\":false");
  }
  lit(out, ",\"entered\":[");
  for (std::size_t i = 0; i < r.entered.size(); ++i) {
    if (i > 0) out += ',';
    out += fields.json_stage(r.funnel, r.entered[i]);
  }
  lit(out, "],\"owner\":");
  out += fields.json_owner(r.funnel, r.stage);
  lit(out, ",\"qualifications\":");
  qualifications(out, fields, funnel, r);
  lit(out, ",\"set\":{");
  for (std::size_t i = 0; i < r.sets.size(); ++i) {
    if (i > 0) out += ',';
    out += fields.json_set_key(r.sets[i].slot);
    append_json_value(out, r.sets[i].value, shape_of_slot(program, fields.record_layout(), r.sets[i].slot));
  }
  lit(out, "},\"events\":[");
  for (std::size_t i = 0; i < r.events.size(); ++i) {
    const EventOut& e = r.events[i];
    if (i > 0) out += ',';
    lit(out, "{\"name\":");
    append_json_text(out, e.name);
    lit(out, ",\"key\":");
    append_json_text(out, e.idempotency_key);
    for (const auto& [name, value] : e.fields) {
      out += ',';
      key(out, name);
      append_json_value(out, value);
    }
    out += '}';
  }
  out += ']';
  if (!r.notifications.empty()) {
    lit(out, ",\"notifications\":[");
    for (std::size_t i = 0; i < r.notifications.size(); ++i) {
      if (i > 0) out += ',';
      lit(out, "{\"team\":");
      append_json_text(out, r.notifications[i].team);
      lit(out, ",\"message\":");
      append_json_text(out, r.notifications[i].message);
      out += '}';
    }
    out += ']';
  }
  lit(out, ",\"sla\":");
  sla(out, fields, r.funnel, r.sla);
  if (explain != nullptr) {
    lit(out, ",\"explain\":");
    out += explain->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  out += '}';
}

}  // namespace sluice::rt::writers
