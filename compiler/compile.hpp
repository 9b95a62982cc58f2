// The compiler's one entry point: path or text -> diagnostics and, when there are
// no errors, an IR program.
#pragma once
#include <optional>
#include <string>

#include "compiler/diagnostic.hpp"
#include "compiler/ir.hpp"
#include "compiler/parse.hpp"
#include "compiler/source.hpp"

namespace sluice {

inline constexpr const char* kVersion = "0.1.0";

struct CompileOptions {
  Limits limits;
  bool werror = false;   // warnings become errors
  bool lints = true;
  bool require_policy = true;  // a module (no `policy` header) cannot be compiled (E0006);
                               // `sluice check` allows it
};

struct CompileResult {
  SourceManager sources;
  Diagnostics diagnostics;
  std::optional<ir::Program> program;   // set when there are no errors
};

CompileResult compile_file(const std::string& path, const CompileOptions& options = {});
CompileResult compile_text(const std::string& path, std::string text, const CompileOptions& options = {});

}  // namespace sluice
