// `sluice init --template NAME [DIR]`: write a starter project (policy, records, tests,
// README) from the templates embedded in the binary; `sluice init --list` lists them.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <system_error>

#include <fmt/format.h>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/templates.hpp"
#include "compiler/diagnostic.hpp"

namespace sluice::cli {

namespace {

namespace fs = std::filesystem;

const char* const kDescription =
    "Write a complete starter project -- a policy with its record schema and `test` blocks,\n"
    "sample records as NDJSON and CSV, the as-of instant they are evaluated at and a README --\n"
    "from a template carried inside the binary. DIR defaults to ./NAME. Existing files are\n"
    "never overwritten unless --force is given; nothing is written when any would be.\n"
    "\n"
    "Examples:\n"
    "  sluice init --list\n"
    "  sluice init --template classic-waterfall            # writes ./classic-waterfall/\n"
    "  sluice init --template hourglass policies/cs --force\n"
    "\n"
    "Exit status: 0 written (or listed), 1 files exist (without --force) or cannot be\n"
    "written, 2 bad usage or unknown template.";

std::string list_text() {
  std::string out;
  std::size_t width = 0;
  for (const std::string& name : template_names()) width = std::max(width, name.size());
  for (const std::string& name : template_names()) {
    const std::string summary = template_summary(name);
    out += summary.empty() ? fmt::format("  {}\n", name) : fmt::format("  {:<{}}  {}\n", name, width, summary);
  }
  return out;
}

int unknown_template(const std::string& name) {
  const std::vector<std::string> names = template_names();
  std::string message = fmt::format("unknown template `{}`", name);
  const std::string suggestion = closest_name(name, names);
  if (!suggestion.empty()) message += fmt::format(" (did you mean `{}`?)", suggestion);
  std::fprintf(stderr, "sluice init: %s\nTemplates:\n%s", message.c_str(), list_text().c_str());
  return 2;
}

bool write_file(const fs::path& path, std::string_view content, std::string& error) {
  std::error_code ec;
  fs::create_directories(path.parent_path().empty() ? fs::path(".") : path.parent_path(), ec);
  if (ec) {
    error = fmt::format("cannot create the folder `{}`: {}", path.parent_path().string(), ec.message());
    return false;
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  out.close();
  if (!out) {
    error = fmt::format("cannot write `{}`", path.string());
    return false;
  }
  return true;
}

// A path for messages and the next commands: relative paths as given, '/'-separated.
std::string shown(const fs::path& path) { return path.generic_string(); }

}  // namespace

int command_init(int argc, char** argv) {
  const std::vector<OptionSpec> specs = {
      {"template", 't', true, "NAME", "the template to write (see --list)"},
      {"list", 'l', false, "", "list the templates with a one-line description"},
      {"force", 'f', false, "", "overwrite files that already exist"},
      {"help", 'h', false, "", "show this help"},
  };
  ParsedArgs args;
  std::string error;
  if (!parse_args(argc, argv, specs, args, error)) return usage_error("init", error);
  if (args.has("help")) {
    std::fputs(format_help("sluice init --template NAME [DIR]\n       sluice init --list", kDescription, specs).c_str(),
               stdout);
    return 0;
  }
  if (args.has("list")) {
    if (args.has("template") || !args.positionals.empty())
      return usage_error("init", "--list takes no template and no folder");
    std::fputs(list_text().c_str(), stdout);
    return 0;
  }
  const auto name = args.get("template");
  if (!name) return usage_error("init", "expected --template NAME (see `sluice init --list`)");
  if (args.positionals.size() > 1) return usage_error("init", "expected at most one folder");
  const std::vector<TemplateFile> files = files_of_template(*name);
  if (files.empty()) return unknown_template(*name);
  const fs::path dir = args.positionals.empty() ? fs::path(*name) : fs::path(args.positionals[0]);
  if (dir.empty()) return usage_error("init", "the folder name is empty");

  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec)) {
    std::fprintf(stderr, "sluice init: `%s` exists and is not a folder\n", shown(dir).c_str());
    return 1;
  }
  if (!args.has("force")) {
    std::vector<std::string> existing;
    for (const TemplateFile& f : files) {
      const fs::path target = dir / fs::path(f.path);
      if (fs::exists(fs::symlink_status(target, ec))) existing.push_back(shown(target));
    }
    if (!existing.empty()) {
      std::fprintf(stderr, "sluice init: %zu file%s already exist%s; nothing was written (--force overwrites):\n",
                   existing.size(), existing.size() == 1 ? "" : "s", existing.size() == 1 ? "s" : "");
      for (const std::string& path : existing) std::fprintf(stderr, "  %s\n", path.c_str());
      return 1;
    }
  }
  for (const TemplateFile& f : files) {
    const fs::path target = dir / fs::path(f.path);
    if (!write_file(target, f.content, error)) {
      std::fprintf(stderr, "sluice init: %s\n", error.c_str());
      return 1;
    }
    std::printf("wrote %s\n", shown(target).c_str());
  }
  const std::string d = shown(dir);
  const auto in_dir = [&](const char* file) { return shown(dir / file); };
  std::printf("\nTemplate `%s` is in %s. Next:\n  sluice check %s\n  sluice test %s\n", name->c_str(), d.c_str(),
              d.c_str(), d.c_str());
  bool has_as_of = false, has_records = false;
  for (const TemplateFile& f : files) {
    has_as_of = has_as_of || f.path == "as-of";
    has_records = has_records || f.path == "records.ndjson";
  }
  if (has_records) {
    const std::string as_of = has_as_of ? fmt::format("--as-of $(cat {}) ", in_dir("as-of")) : "";
    std::printf("  sluice eval %s--format table %s %s\n", as_of.c_str(), in_dir("policy.funnel").c_str(),
                in_dir("records.ndjson").c_str());
  }
  return 0;
}

}  // namespace sluice::cli
