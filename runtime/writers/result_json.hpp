// One result as the JSON object of cli.md (NDJSON line / JSON array element).
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "runtime/reader.hpp"
#include "runtime/result.hpp"
#include "runtime/format_value.hpp"
#include "runtime/writers/result_fields.hpp"

namespace sluice::rt::writers {

// Appends the object, without a trailing newline. An error (the reader's, else the
// evaluation's) is {"line":N,"id":...,"error":{"code","message"}}.
void append_result_json(std::string& out, const ResultFields& fields, const RecordIn& in, const EvalResult& result,
                        const nlohmann::json* explain);

// A Value as JSON: texts through append_json_text (always valid UTF-8 JSON).
void append_json_value(std::string& out, const Value& v, ValueShape shape = {});

}  // namespace sluice::rt::writers
