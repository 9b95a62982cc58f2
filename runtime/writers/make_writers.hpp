// The writers behind make_writer (runtime/writers/writer.hpp).
#pragma once
#include <memory>
#include <string>

#include "runtime/writers/writer.hpp"

namespace sluice::rt::writers {

// fragment: see make_fragment_writer (writer.hpp).
std::unique_ptr<ResultWriter> make_ndjson_writer(const ir::Program& program, std::int32_t record, OutputSink& sink,
                                                bool fragment = false);
std::unique_ptr<ResultWriter> make_json_array_writer(const ir::Program& program, std::int32_t record, OutputSink& sink,
                                                     bool fragment = false);
std::unique_ptr<ResultWriter> make_csv_writer(const ir::Program& program, std::int32_t record, OutputSink& sink,
                                              bool fragment = false);
// The CSV header row (with its CRLF).
std::string csv_header(const ir::Program& program, std::int32_t record);
std::unique_ptr<ResultWriter> make_table_writer(const ir::Program& program, std::int32_t record, OutputSink& sink);

}  // namespace sluice::rt::writers
