// One result as the JSON object of cli.md (NDJSON line / JSON array element).
#pragma once
#include <cstdint>
#include <string>

#include "runtime/explain.hpp"
#include "runtime/format_value.hpp"
#include "runtime/reader.hpp"
#include "runtime/result.hpp"
#include "runtime/timefmt.hpp"
#include "runtime/writers/json_pieces.hpp"
#include "runtime/writers/line_buffer.hpp"
#include "runtime/writers/result_fields.hpp"
#include "runtime/writers/set_cache.hpp"

namespace sluice::rt::writers {

// Formats result objects for one writer (not thread-safe): the constant text is
// rendered when it is made, objects are appended to a reused buffer.
class ResultJson {
 public:
  ResultJson(const ir::Program& program, std::int32_t record);

  // Appends the object, without a trailing newline, followed by `tail`, to the
  // pending text. An error (the reader's, else the evaluation's) is
  // {"line":N,"id":...,"error":{"code","message"}}.
  template <std::size_t N>
  void append(const RecordIn& in, const EvalResult& result, const Explanation* explain, const char (&tail)[N]) {
    object(in, result, explain);
    line_.lit(tail);
  }
  // What was appended since the last clear: the caller hands it to the sink in
  // large blocks (one copy fewer per line than going through the sink's buffer).
  LineBuffer& pending() { return line_; }
  const LineBuffer& pending() const { return line_; }

 private:
  void object(const RecordIn& in, const EvalResult& r, const Explanation* explain);
  void error_object(const RecordIn& in, std::string_view code, std::string_view message);
  void id_field(const RecordIn& in);
  void opening_in_parts(const EvalResult& r);
  void qualifications(const EvalResult& r);
  void events(const EvalResult& r);
  // `},"set":{…}`: closes the qualifications, then the `set` object.
  void sets(const EvalResult& r);
  void ending_in_parts(const EvalResult& r);
  void sla(std::int32_t funnel, const SlaOut& s);
  // A value as JSON (the bytes of append_value_json): scalars written here, lists
  // and objects through append_value_json.
  void value(const Value& v, std::int32_t slot = -1);
  // The text of the last instant formatted at one place of the object: most
  // stamps of a run are the as-of instant, most SLAs due the same day.
  struct InstantCache {
    std::int64_t ms = 0;
    std::size_t size = 0;  // 0: none yet
    char text[kInstantChars] = {};
  };
  void instant(std::int64_t ms, InstantCache& cache);
  void integer(std::int64_t v);

  ResultFields fields_;
  JsonPieces pieces_;
  SetCache set_cache_;
  LineBuffer line_;  // the pending objects
  std::string scratch_;  // for values written through append_value_json
  InstantCache value_instant_, due_instant_;
};

}  // namespace sluice::rt::writers
