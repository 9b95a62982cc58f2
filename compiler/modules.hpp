// Module loading: the entry file, `import "std/NAME"` from the embedded standard
// library and `import "./path.funnel"` relative to the importer; cycle detection.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "compiler/ast.hpp"
#include "compiler/diagnostic.hpp"
#include "compiler/parse.hpp"
#include "compiler/source.hpp"

namespace sluice {

struct Module {
  FileId file = 0;
  std::unique_ptr<ast::File> ast;
  std::vector<std::size_t> imports;  // indices into ModuleSet::modules, in import order
  std::vector<bool> import_used;     // set by the checker, parallel to ast->imports (lint)
};

struct ModuleSet {
  std::vector<Module> modules;  // dependencies before dependents; the entry file last
  std::size_t root = 0;         // index of the entry file
};

// Reads `path` from disk (E0001 when it cannot be read).
ModuleSet load_modules(SourceManager& sm, const std::string& path, Diagnostics& diags,
                       const Limits& limits = {});
// The entry file's text is given (tests, stdin); its imports are read from disk
// relative to `path`.
ModuleSet load_modules_from_text(SourceManager& sm, const std::string& path, std::string text,
                                 Diagnostics& diags, const Limits& limits = {});

// The embedded standard library (stdlib/std/*.funnel, compiled in at build time).
const std::string* stdlib_source(const std::string& name);  // "std/bant" -> text, or nullptr
std::vector<std::string> stdlib_names();

}  // namespace sluice
