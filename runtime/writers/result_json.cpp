#include "runtime/writers/result_json.hpp"

#include <iterator>

#include <fmt/format.h>

#include "runtime/timefmt.hpp"
#include "runtime/writers/text_escape.hpp"

namespace sluice::rt::writers {

namespace {

void key(std::string& out, std::string_view name) {
  append_json_text(out, name);
  out += ':';
}

void name_or_null(std::string& out, std::string_view name) {
  if (name.empty()) {
    out += "null";
  } else {
    append_json_text(out, name);
  }
}

void id_field(std::string& out, const ResultFields& fields, const RecordIn& in) {
  if (fields.key_name().empty()) return;
  key(out, fields.key_name());
  append_json_value(out, in.key);
  out += ',';
}

void error_object(std::string& out, const ResultFields& fields, const RecordIn& in, std::string_view code,
                  std::string_view message) {
  fmt::format_to(std::back_inserter(out), "{{\"line\":{},", in.line);
  id_field(out, fields, in);
  out += "\"error\":{\"code\":";
  append_json_text(out, code);
  out += ",\"message\":";
  append_json_text(out, message);
  out += "}}";
}

void qualifications(std::string& out, const ir::Funnel* funnel, const EvalResult& r) {
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
      key(out, def.name);
      out += "{\"passed\":";
      append_json_value(out, res.passed);
      fmt::format_to(std::back_inserter(out), ",\"score\":{},\"met\":[", res.score);
      for (int pass = 0; pass < 2; ++pass) {  // met, then missing
        if (pass == 1) out += "],\"missing\":[";
        bool first_name = true;
        for (std::size_t c = 0; c < def.criteria.size(); ++c) {
          const bool met = c < res.met.size() && res.met[c] != 0;
          if (met != (pass == 0)) continue;
          if (!first_name) out += ',';
          first_name = false;
          append_json_text(out, def.criteria[c].name);
        }
      }
      out += "]}";
    }
  }
  out += '}';
}

void sla(std::string& out, const ResultFields& fields, const ir::Funnel* funnel, const SlaOut& s) {
  if (s.state == SlaState::none) {
    out += "null";
    return;
  }
  char buf[kInstantChars > kDurationChars ? kInstantChars : kDurationChars];
  out += "{\"stage\":";
  name_or_null(out, fields.stage(funnel, s.stage));
  out += ",\"state\":";
  append_json_text(out, sla_state_name(s.state));
  out += ",\"due\":";
  if (s.state == SlaState::unknown) {
    out += "null";
  } else {
    out += '"';
    out.append(buf, format_instant(s.due_ms, buf));
    out += '"';
  }
  out += ",\"overdue\":";
  if (s.state == SlaState::breached) {
    out += '"';
    out.append(buf, format_duration(s.overdue_ms, buf));
    out += '"';
  } else {
    out += "null";
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
  out += "\"policy\":";
  append_json_text(out, program.policy_name);
  out += ",\"version\":";
  append_json_text(out, program.policy_version);
  out += ",\"funnel\":";
  name_or_null(out, funnel != nullptr ? std::string_view(funnel->name) : std::string_view());
  out += ",\"stage\":";
  name_or_null(out, fields.stage(funnel, r.stage));
  if (r.stage < 0) {
    out += ",\"reason\":";
    append_json_text(out, r.unstaged_reason);
  }
  out += ",\"from\":";
  name_or_null(out, fields.stage(funnel, r.from));
  out += r.moved ? ",\"moved\":true" : ",\"moved\":false";
  out += ",\"entered\":[";
  for (std::size_t i = 0; i < r.entered.size(); ++i) {
    if (i > 0) out += ',';
    name_or_null(out, fields.stage(funnel, r.entered[i]));
  }
  out += "],\"owner\":";
  name_or_null(out, fields.owner(funnel, r.stage));
  out += ",\"qualifications\":";
  qualifications(out, funnel, r);
  out += ",\"set\":{";
  for (std::size_t i = 0; i < r.sets.size(); ++i) {
    if (i > 0) out += ',';
    key(out, fields.set_name(r.sets[i].slot));
    append_json_value(out, r.sets[i].value, shape_of_slot(program, fields.record_layout(), r.sets[i].slot));
  }
  out += "},\"events\":[";
  for (std::size_t i = 0; i < r.events.size(); ++i) {
    const EventOut& e = r.events[i];
    if (i > 0) out += ',';
    out += "{\"name\":";
    append_json_text(out, e.name);
    out += ",\"key\":";
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
    out += ",\"notifications\":[";
    for (std::size_t i = 0; i < r.notifications.size(); ++i) {
      if (i > 0) out += ',';
      out += "{\"team\":";
      append_json_text(out, r.notifications[i].team);
      out += ",\"message\":";
      append_json_text(out, r.notifications[i].message);
      out += '}';
    }
    out += ']';
  }
  out += ",\"sla\":";
  sla(out, fields, funnel, r.sla);
  if (explain != nullptr) {
    out += ",\"explain\":";
    out += explain->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  out += '}';
}

}  // namespace sluice::rt::writers
