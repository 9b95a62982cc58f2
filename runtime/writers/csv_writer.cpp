// CSV results: one row per record. Columns: the key field (by its name), stage,
// from, moved, `<Q>_passed` and `<Q>_score` per reported qualification,
// sla_breached, error ("CODE: message", empty when the record evaluated).
#include <fmt/format.h>

#include "runtime/format_value.hpp"
#include "runtime/writers/make_writers.hpp"
#include "runtime/writers/result_fields.hpp"
#include "runtime/writers/text_escape.hpp"

namespace sluice::rt::writers {

namespace {

void append_header(std::string& out, const ResultFields& fields) {
  append_csv_field(out, fields.key_name().empty() ? "key" : fields.key_name());
  out += ",stage,from,moved";
  for (const std::string& q : fields.qualification_columns()) {
    out += ',';
    append_csv_field(out, q + "_passed");
    out += ',';
    append_csv_field(out, q + "_score");
  }
  out += ",sla_breached,error\r\n";
}

class CsvWriter final : public ResultWriter {
 public:
  // fragment: rows only, the caller writes the header (csv_header).
  CsvWriter(const ir::Program& program, std::int32_t record, OutputSink& sink, bool fragment)
      : fields_(program, record), sink_(sink), header_done_(fragment) {}

  void write(const RecordIn& in, const EvalResult& r, const Explanation*) override {
    header();
    std::string& out = sink_.buffer();
    key_cell(out, in.key);
    const bool error = in.error || r.error;
    const ir::Funnel* funnel = error ? nullptr : fields_.funnel(r.funnel);
    out += ',';
    append_csv_field(out, fields_.stage(funnel, r.stage));
    out += ',';
    append_csv_field(out, fields_.stage(funnel, r.from));
    out += ',';
    if (!error) out += r.moved ? "true" : "false";
    for (const std::string& q : fields_.qualification_columns()) {
      const QualResult* res = find(funnel, r, q);
      out += ',';
      if (res != nullptr && res->passed.tag == Tag::boolean) out += res->passed.u.b ? "true" : "false";
      out += ',';
      if (res != nullptr) {
        const fmt::format_int score(res->score);
        out.append(score.data(), score.size());
      }
    }
    out += ',';
    if (!error && r.sla.state == SlaState::breached) out += "true";
    if (!error && r.sla.state == SlaState::ok) out += "false";
    out += ',';
    if (in.error) append_csv_field(out, fmt::format("{}: {}", in.error_code, in.error_message));
    else if (r.error) append_csv_field(out, fmt::format("{}: {}", r.error_code, r.error_message));
    out += "\r\n";
    sink_.written();
  }

  void finish() override {
    header();
    sink_.flush();
  }

 private:
  void header() {
    if (header_done_) return;
    header_done_ = true;
    append_header(sink_.buffer(), fields_);
  }

  static void key_cell(std::string& out, const Value& key) {
    if (key.tag == Tag::text) {
      append_csv_field(out, key.as_text());
    } else if (key.is_set()) {
      append_csv_field(out, value_to_text(key));
    }
  }

  static const QualResult* find(const ir::Funnel* funnel, const EvalResult& r, const std::string& name) {
    if (funnel == nullptr) return nullptr;
    for (std::size_t q = 0; q < funnel->qualifications.size() && q < r.qualifications.size(); ++q) {
      if (funnel->qualifications[q].reported && funnel->qualifications[q].name == name) return &r.qualifications[q];
    }
    return nullptr;
  }

  ResultFields fields_;
  OutputSink& sink_;
  bool header_done_ = false;
};

}  // namespace

std::unique_ptr<ResultWriter> make_csv_writer(const ir::Program& program, std::int32_t record, OutputSink& sink,
                                              bool fragment) {
  return std::make_unique<CsvWriter>(program, record, sink, fragment);
}

std::string csv_header(const ir::Program& program, std::int32_t record) {
  std::string out;
  append_header(out, ResultFields(program, record));
  return out;
}

}  // namespace sluice::rt::writers
