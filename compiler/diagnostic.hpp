// Diagnostics: collected by every phase, sorted, rendered as text, JSON or SARIF.
// Message style: lower case, no final period, one line, user text in backticks;
// advice goes in a label or `help`.
#pragma once
#include <string>
#include <vector>

#include "compiler/source.hpp"

namespace sluice {

enum class Severity { error, warning, note };

struct Label {
  Span span;
  std::string message;  // shown after the carets; may be empty
};

struct Diagnostic {
  std::string code;      // "E0107", "W0201"; documented in docs/diagnostics.md
  Severity severity = Severity::error;
  std::string message;   // the headline
  Label primary;
  std::vector<Label> secondary;  // other places ("first declared here")
  std::string help;      // a suggested fix, may be empty
};

class Diagnostics {
 public:
  void add(Diagnostic d) { items_.push_back(std::move(d)); }
  void error(std::string code, Span at, std::string message, std::string label = {}, std::string help = {});
  void warning(std::string code, Span at, std::string message, std::string label = {}, std::string help = {});
  bool has_errors() const;
  std::size_t error_count() const;
  std::size_t warning_count() const;
  // Sort by (file, offset, code) and drop exact duplicates; deterministic.
  void sort();
  // --werror: every warning becomes an error.
  void promote_warnings();
  const std::vector<Diagnostic>& items() const { return items_; }
  std::vector<Diagnostic>& items() { return items_; }

 private:
  std::vector<Diagnostic> items_;
};

// Renderers (compiler/diagnostic_render.cpp).
std::string render_text(const Diagnostics& diags, const SourceManager& sm, bool color = false);
std::string render_json(const Diagnostics& diags, const SourceManager& sm);
std::string render_sarif(const Diagnostics& diags, const SourceManager& sm, const std::string& tool_version);

// "did you mean" support: the closest candidate within a small edit distance, or "".
std::string closest_name(const std::string& wrong, const std::vector<std::string>& candidates);
std::size_t edit_distance(const std::string& a, const std::string& b);

}  // namespace sluice
