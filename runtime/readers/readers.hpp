// The three readers behind make_reader (runtime/reader.hpp).
#pragma once
#include <memory>

#include "runtime/reader.hpp"

namespace sluice::rt::readers {

std::unique_ptr<RecordReader> make_ndjson_reader(std::istream& in, const ir::Program& program,
                                                 std::int32_t record, const ReaderLimits& limits,
                                                 bool by_field_name);
std::unique_ptr<RecordReader> make_json_array_reader(std::istream& in, const ir::Program& program,
                                                     std::int32_t record, const ReaderLimits& limits,
                                                     bool by_field_name);
std::unique_ptr<RecordReader> make_csv_reader(std::istream& in, const ir::Program& program,
                                              std::int32_t record, const ReaderLimits& limits,
                                              bool by_field_name);

}  // namespace sluice::rt::readers
