// Lookups over the embedded starter templates (cli/templates.hpp).
#include "cli/templates.hpp"

#include <algorithm>

namespace sluice::cli {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::vector<std::string> template_names() {
  std::vector<std::string> names;
  for (const TemplateFile& f : template_files()) names.emplace_back(f.template_name);
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

std::vector<TemplateFile> files_of_template(std::string_view name) {
  std::vector<TemplateFile> files;
  for (const TemplateFile& f : template_files())
    if (f.template_name == name) files.push_back(f);
  return files;
}

namespace {

// The first line of `text` that is not blank and does not start with `marker`; the first
// line that does (its markers and blanks stripped) when there is none.
std::string first_plain_line(std::string_view text, char marker) {
  std::string_view fallback;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    std::string_view line = trim(text.substr(0, end));
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    if (line.empty()) continue;
    if (line.front() != marker) return std::string(line);
    if (fallback.empty()) fallback = trim(line.substr(std::min(line.find_first_not_of(marker), line.size())));
  }
  return std::string(fallback);
}

}  // namespace

std::string template_summary(std::string_view name) {
  const std::vector<TemplateFile> files = files_of_template(name);
  for (const TemplateFile& f : files)
    if (f.path == "README.md") return first_plain_line(f.content, '#');
  // No README: the policy's first comment, which by convention says what it encodes.
  for (const TemplateFile& f : files) {
    if (f.path != "policy.funnel") continue;
    std::string_view text = f.content;
    while (!text.empty()) {
      const std::size_t end = text.find('\n');
      std::string_view line = trim(text.substr(0, end));
      text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
      if (!line.empty() && line.front() == '#') return std::string(trim(line.substr(std::min(line.find_first_not_of('#'), line.size()))));
    }
  }
  return "";
}

}  // namespace sluice::cli
