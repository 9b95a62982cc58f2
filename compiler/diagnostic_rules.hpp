// What each diagnostic code means, for SARIF rules (compiler/diagnostic_render.cpp):
// a short PascalCase name, a one-sentence summary and the docs/diagnostics.md
// heading that explains it.
#pragma once
#include <string>
#include <string_view>

namespace sluice {

struct DiagnosticRule {
  std::string_view code;     // "E0107"
  std::string_view name;     // "UnknownField"
  std::string_view summary;  // "Unknown field of a record (or unknown `let`)."
  std::string_view heading;  // "Names (E01xx)" or "E0002 — file too large"
};

// nullptr for a code the catalog does not know (the renderer falls back to the
// diagnostic's own message).
const DiagnosticRule* find_diagnostic_rule(std::string_view code);

// The GitHub anchor of the code's heading in docs/diagnostics.md ("names-e01xx",
// "e0002--file-too-large"); "" for an unknown code.
std::string diagnostic_anchor(std::string_view code);

}  // namespace sluice
