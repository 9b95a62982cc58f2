#include "compiler/compile.hpp"

#include <exception>

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
    const Module& root = policy.modules.modules[policy.modules.root];
    if (options.require_policy && !r.diagnostics.has_errors() && root.ast && !root.ast->header) {
      r.diagnostics.error("E0006", Span{root.file, 0, 0},
                          "`" + r.sources.file(root.file).path + "` has no `policy` header, so it is a module",
                          "expected `policy \"<name>\" version \"<version>\"` here",
                          "compile the policy that imports this module, or add a header");
    }
    if (!r.diagnostics.has_errors()) {
      // Lowering throws only on a broken checker invariant: report it, never crash.
      try {
        r.program = lower(policy, r.sources);
      } catch (const std::exception& e) {
        r.diagnostics.error("E0999", Span{root.file, 0, 0}, std::string("internal compiler error: ") + e.what(), {},
                            "please report this policy to the Sluice maintainers");
      }
    }
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
