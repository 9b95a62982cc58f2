// IR <-> JSON. The writer is deterministic: identical programs give identical bytes
// (keys in a fixed order, no floating-point noise). The reader checks structure
// (shapes, names, kinds); runtime/load.cpp then validates every index.
#pragma once
#include <string>

#include "compiler/ir.hpp"

namespace sluice {

std::string write_ir(const ir::Program& program);
// Throws nothing: returns false and sets `error` ("ir: funnels[0].stages[2].entry:
// expected an object") on any malformed input.
bool read_ir(const std::string& json_text, ir::Program& out, std::string& error);

}  // namespace sluice
