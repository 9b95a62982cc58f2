#include "compiler/compile.hpp"

#include "compiler/check.hpp"
#include "compiler/lower.hpp"
#include "compiler/modules.hpp"

namespace sluice {
namespace {

void finish(CompileResult& r, ModuleSet modules, const CompileOptions& options) {
  // Syntax and module errors stop here: checking a partial AST would report names
  // as unknown only because their declaration failed to parse.
  if (!r.diagnostics.has_errors()) {
    CheckedPolicy policy = check(std::move(modules), r.sources, r.diagnostics);
    // Lints run even after type errors (lint.cpp tolerates error-typed expressions), so
    // a structural mistake is reported in the same run as a typo.
    if (options.lints) lint(policy, r.sources, r.diagnostics);
    if (options.werror) r.diagnostics.promote_warnings();
    if (!r.diagnostics.has_errors()) r.program = lower(policy, r.sources);
  }
  r.diagnostics.sort();
}

}  // namespace

CompileResult compile_file(const std::string& path, const CompileOptions& options) {
  CompileResult r;
  ModuleSet modules = load_modules(r.sources, path, r.diagnostics, options.limits);
  finish(r, std::move(modules), options);
  return r;
}

CompileResult compile_text(const std::string& path, std::string text, const CompileOptions& options) {
  CompileResult r;
  ModuleSet modules = load_modules_from_text(r.sources, path, std::move(text), r.diagnostics, options.limits);
  finish(r, std::move(modules), options);
  return r;
}

}  // namespace sluice
