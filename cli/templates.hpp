// The starter templates of `sluice init`: every file of every examples/<name>/ folder
// that has a policy.funnel, embedded into the binary at build time by
// scripts/embed_templates.cmake (expected/ outputs are left out).
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace sluice::cli {

struct TemplateFile {
  std::string_view template_name;  // "lead-to-revenue": the examples/ folder's name
  std::string_view path;           // relative to that folder, '/'-separated: "policy.funnel"
  std::string_view content;
};

// Every embedded file, sorted by template then path (defined in the generated file).
const std::vector<TemplateFile>& template_files();

// The template names, sorted and without duplicates.
std::vector<std::string> template_names();

// The files of one template; empty when there is no such template.
std::vector<TemplateFile> files_of_template(std::string_view name);

// A one-line description: the first line of the template's README.md that is neither
// blank nor a heading, else the README's first heading, else "".
std::string template_summary(std::string_view name);

}  // namespace sluice::cli
