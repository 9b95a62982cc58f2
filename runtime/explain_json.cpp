// An Explanation written straight as JSON text (`eval --explain`): the bytes of
// to_json(e).dump(-1, ' ', false, error_handler_t::replace), without building
// the nlohmann tree per record. Keys come in std::map order (bytewise), as
// nlohmann's objects keep them.
#include <charconv>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <utility>
#include <vector>

#include "compiler/utf8.hpp"
#include "runtime/explain.hpp"
#include "runtime/timefmt.hpp"
#include "runtime/writers/json_escape_core.hpp"

namespace sluice::rt {
namespace {

using writers::LineBuffer;

// Whether none of the 8 bytes at p is special or above 0x7F (nlohmann writes DEL
// as it is).
bool plain_word(const char* p) {
  const std::uint64_t x = json_escape::load8(p);
  return (json_escape::special_bytes(x) | (x & json_escape::kHigh)) == 0;
}

// nlohmann's escaping with ensure_ascii off: the two-character escapes, other
// bytes below 0x20 as \u00xx (lower-case hex), everything else as it is. A text
// that is not valid UTF-8 goes through nlohmann itself, so its U+FFFD
// replacement is exactly nlohmann's.
void text(LineBuffer& out, std::string_view s) {
  const std::size_t n = s.size();
  char* p = out.room(6 * n + 2);
  *p++ = '"';
  std::size_t i = 0;
  p = json_escape::copy_plain_words(p, s.data(), i, n, 0, plain_word);
  bool high = false;
  for (; i < n; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') {
      high = high || c >= 0x80;
      *p++ = s[i];
    } else {
      p = json_escape::put_escape(p, c);
    }
  }
  if (high && !is_utf8(s)) {  // nothing committed yet: the fallback writes over it
    out.put(nlohmann::json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    return;
  }
  *p++ = '"';
  out.commit(p);
}

void text_or_null(LineBuffer& out, const std::string& s) {
  if (s.empty()) {
    out.lit("null");
  } else {
    text(out, s);
  }
}

void integer(LineBuffer& out, std::int64_t v) {
  char* p = out.room(24);
  out.commit(std::to_chars(p, p + 24, v).ptr);
}

void strings(LineBuffer& out, const std::vector<std::string>& list) {
  out.put('[');
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (i > 0) out.put(',');
    text(out, list[i]);
  }
  out.put(']');
}

// The texts of truth_name, quoted.
void truth(LineBuffer& out, Truth t) {
  switch (t) {
    case Truth::true_: return out.lit("\"true\"");
    case Truth::false_: return out.lit("\"false\"");
    case Truth::unset: return out.lit("\"not set\"");
    case Truth::error: return out.lit("\"error\"");
  }
  out.lit("\"not set\"");
}

// Keys: condition, holds, label (when set), stage, terms; a term's: detail (when
// set), holds, text.
void condition(LineBuffer& out, const ConditionExplanation& c) {
  out.lit("{\"condition\":");
  text(out, c.kind);
  out.lit(",\"holds\":");
  truth(out, c.holds);
  if (!c.label.empty()) {
    out.lit(",\"label\":");
    text(out, c.label);
  }
  out.lit(",\"stage\":");
  text(out, c.stage);
  out.lit(",\"terms\":[");
  for (std::size_t i = 0; i < c.terms.size(); ++i) {
    const TermExplanation& t = c.terms[i];
    if (i > 0) out.put(',');
    out.put('{');
    if (!t.detail.empty()) {
      out.lit("\"detail\":");
      text(out, t.detail);
      out.put(',');
    }
    out.lit("\"holds\":");
    truth(out, t.holds);
    out.lit(",\"text\":");
    text(out, t.text);
    out.put('}');
  }
  out.lit("]}");
}

void condition_or_null(LineBuffer& out, const std::vector<ConditionExplanation>& list) {
  if (list.empty()) {
    out.lit("null");
  } else {
    condition(out, list.front());
  }
}

// An object keyed by name: sorted bytewise, and of two with the same name the
// later one (to_json assigns them in turn).
void qualifications(LineBuffer& out, const std::vector<QualificationExplanation>& quals) {
  thread_local std::vector<const QualificationExplanation*> order;
  order.clear();
  for (const auto& q : quals) order.push_back(&q);
  for (std::size_t i = 1; i < order.size(); ++i) {  // a stable insertion sort: a few, often sorted already
    for (std::size_t k = i; k > 0 && std::string_view(order[k]->name) < std::string_view(order[k - 1]->name); --k)
      std::swap(order[k], order[k - 1]);
  }
  out.put('{');
  bool first = true;
  for (std::size_t i = 0; i < order.size(); ++i) {
    if (i + 1 < order.size() && order[i + 1]->name == order[i]->name) continue;
    const QualificationExplanation& q = *order[i];
    if (!first) out.put(',');
    first = false;
    text(out, q.name);
    out.lit(":{\"met\":");
    strings(out, q.met);
    out.lit(",\"missing\":");
    strings(out, q.missing);
    out.lit(",\"passed\":");
    truth(out, q.passed);
    out.lit(",\"score\":");
    integer(out, q.score);
    out.put('}');
  }
  out.put('}');
}

// Keys: due (unless unknown), limit, overdue (when breached), stage, state.
void sla(LineBuffer& out, const std::vector<SlaExplanation>& list) {
  if (list.empty()) {
    out.lit("null");
    return;
  }
  const SlaExplanation& s = list.front();
  out.put('{');
  if (s.state != "unknown") {
    char due[kInstantChars];
    out.lit("\"due\":");
    text(out, std::string_view(due, format_instant(s.due_ms, due)));
    out.put(',');
  }
  out.lit("\"limit\":");
  text(out, s.limit);
  if (s.state == "breached") {
    out.lit(",\"overdue\":");
    text(out, format_duration(s.overdue_ms));
  }
  out.lit(",\"stage\":");
  text(out, s.stage);
  out.lit(",\"state\":");
  text(out, s.state);
  out.put('}');
}

}  // namespace

void append_explain_json(writers::LineBuffer& out, const Explanation& e) {
  if (e.error) {
    out.lit("{\"error\":{\"code\":");
    text(out, e.error_code);
    out.lit(",\"message\":");
    text(out, e.error_message);
    out.lit("}}");
    return;
  }
  out.lit("{\"entered\":");
  strings(out, e.entered);
  out.lit(",\"exit\":");
  condition_or_null(out, e.exit);
  out.lit(",\"from\":");
  text_or_null(out, e.from);
  out.lit(",\"funnel\":");
  text_or_null(out, e.funnel);
  if (e.moved) {
    out.lit(",\"moved\":true,\"next\":");
  } else {
    out.lit(",\"moved\":false,\"next\":");
  }
  condition_or_null(out, e.next);
  out.lit(",\"qualifications\":");
  qualifications(out, e.qualifications);
  out.lit(",\"rule\":");
  text(out, e.rule);
  out.lit(",\"sla\":");
  sla(out, e.sla);
  out.lit(",\"stage\":");
  text_or_null(out, e.stage);
  out.lit(",\"transitions\":[");
  for (std::size_t i = 0; i < e.transitions.size(); ++i) {
    if (i > 0) out.put(',');
    condition(out, e.transitions[i]);
  }
  out.lit("]}");
}

std::string explain_json(const Explanation& e) {
  LineBuffer out;
  append_explain_json(out, e);
  return std::string(out.view());
}

}  // namespace sluice::rt
