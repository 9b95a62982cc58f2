#include "runtime/writers/make_writers.hpp"

namespace sluice::rt {

std::unique_ptr<ResultWriter> make_writer(OutputFormat format, const ir::Program& program, std::int32_t record,
                                          OutputSink& sink) {
  switch (format) {
    case OutputFormat::ndjson: return writers::make_ndjson_writer(program, record, sink);
    case OutputFormat::json: return writers::make_json_array_writer(program, record, sink);
    case OutputFormat::csv: return writers::make_csv_writer(program, record, sink);
    case OutputFormat::table: return writers::make_table_writer(program, record, sink);
  }
  return nullptr;
}

bool has_fragments(OutputFormat format) { return format != OutputFormat::table; }

std::unique_ptr<ResultWriter> make_fragment_writer(OutputFormat format, const ir::Program& program,
                                                   std::int32_t record, OutputSink& sink) {
  switch (format) {
    case OutputFormat::ndjson: return writers::make_ndjson_writer(program, record, sink, true);
    case OutputFormat::json: return writers::make_json_array_writer(program, record, sink, true);
    case OutputFormat::csv: return writers::make_csv_writer(program, record, sink, true);
    case OutputFormat::table: break;
  }
  return nullptr;
}

std::string fragment_prologue(OutputFormat format, const ir::Program& program, std::int32_t record) {
  if (format == OutputFormat::csv) return writers::csv_header(program, record);
  if (format == OutputFormat::json) return "[";
  return "";
}

std::string fragment_epilogue(OutputFormat format, bool any_records) {
  if (format != OutputFormat::json) return "";
  return any_records ? "\n]\n" : "]\n";
}

}  // namespace sluice::rt
