#include "runtime/readers/readers.hpp"

namespace sluice::rt {

std::unique_ptr<RecordReader> make_reader(InputFormat format, std::istream& in, const ir::Program& program,
                                          std::int32_t record, const ReaderLimits& limits, bool by_field_name) {
  switch (format) {
    case InputFormat::ndjson: return readers::make_ndjson_reader(in, program, record, limits, by_field_name);
    case InputFormat::json: return readers::make_json_array_reader(in, program, record, limits, by_field_name);
    case InputFormat::csv: return readers::make_csv_reader(in, program, record, limits, by_field_name);
  }
  return nullptr;
}

}  // namespace sluice::rt
