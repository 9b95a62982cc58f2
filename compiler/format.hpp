// `sluice fmt`: the canonical layout of a policy file (docs/formatting.md).
// Formatting keeps every comment and never changes meaning: the formatted text
// parses to the same program (tests compare the IR with source positions stripped).
#pragma once
#include <optional>
#include <string>

#include "compiler/diagnostic.hpp"
#include "compiler/parse.hpp"
#include "compiler/source.hpp"

namespace sluice {

struct FormatResult {
  SourceManager sources;           // holds the input, for rendering `diagnostics`
  Diagnostics diagnostics;         // syntax errors: then `text` is empty
  std::optional<std::string> text; // the formatted file when there are no errors
};

// Formats one file's text. A file with syntax errors is not formatted.
FormatResult format_source(const std::string& path, const std::string& text, const Limits& limits = {});

}  // namespace sluice
