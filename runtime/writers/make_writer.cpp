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

}  // namespace sluice::rt
