// `sluice fmt [--check] [--diff] [PATH...]`: rewrite policies in the canonical
// layout (docs/formatting.md). Files are replaced atomically (temp file + rename,
// permissions kept); a file with syntax errors is reported and left untouched.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <sstream>

#include <fmt/format.h>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/limits_option.hpp"
#include "cli/policy_files.hpp"
#include "compiler/format.hpp"
#include "compiler/format_diff.hpp"

namespace sluice::cli {
namespace {

bool read_all(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return !in.bad();
}

// Writes next to the file, then renames over it: readers never see half a file.
bool replace_file(const std::string& path, const std::string& text, std::string& error) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    error = std::strerror(errno);
    return false;
  }
  std::string temp = path + ".sluice-fmt-XXXXXX";
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) {
    error = std::strerror(errno);
    return false;
  }
  std::size_t written = 0;
  bool ok = true;
  while (ok && written < text.size()) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) written += static_cast<std::size_t>(n);
  }
  ok = ok && ::fchmod(fd, st.st_mode & 07777) == 0 && ::fsync(fd) == 0;
  if (!ok) error = std::strerror(errno);
  if (::close(fd) != 0 && ok) {
    ok = false;
    error = std::strerror(errno);
  }
  if (ok && ::rename(temp.c_str(), path.c_str()) != 0) {
    ok = false;
    error = std::strerror(errno);
  }
  if (!ok) ::unlink(temp.c_str());
  return ok;
}

struct Mode {
  bool check = false, diff = false;
};

struct Tally {
  std::size_t files = 0, changed = 0, failed = 0;
};

// Formats one text; returns the formatted text or nothing after printing why.
std::optional<std::string> format_one(const std::string& path, const std::string& text, bool color,
                                      const Limits& limits) {
  FormatResult r = format_source(path, text, limits);
  std::fputs(render_text(r.diagnostics, r.sources, color).c_str(), stderr);
  return r.text;
}

void handle_file(const std::string& path, const Mode& mode, bool color, const Limits& limits, Tally& tally) {
  ++tally.files;
  std::string text;
  if (!read_all(path, text)) {
    std::fprintf(stderr, "sluice fmt: cannot read `%s`\n", path.c_str());
    ++tally.failed;
    return;
  }
  const auto formatted = format_one(path, text, color, limits);
  if (!formatted) {
    ++tally.failed;
    return;
  }
  if (*formatted == text) return;
  ++tally.changed;
  if (mode.diff) std::fputs(unified_diff(path, text, *formatted).c_str(), stdout);
  if (mode.check) std::fprintf(stderr, "would reformat %s\n", path.c_str());
  if (mode.check || mode.diff) return;
  std::string error;
  if (!replace_file(path, *formatted, error)) {
    std::fprintf(stderr, "sluice fmt: cannot write `%s`: %s\n", path.c_str(), error.c_str());
    ++tally.failed;
  }
}

int handle_stdin(const Mode& mode, bool color, const Limits& limits) {
  std::ostringstream buffer;
  buffer << std::cin.rdbuf();
  const std::string text = buffer.str();
  const auto formatted = format_one("<stdin>", text, color, limits);
  if (!formatted) return 1;
  const bool changed = *formatted != text;
  if (mode.diff) std::fputs(unified_diff("<stdin>", text, *formatted).c_str(), stdout);
  if (mode.check && changed) std::fputs("would reformat <stdin>\n", stderr);
  if (!mode.check && !mode.diff) std::fputs(formatted->c_str(), stdout);
  return mode.check && changed ? 1 : 0;
}

}  // namespace

int command_fmt(int argc, char** argv) {
  std::vector<OptionSpec> specs = {
      {"check", 0, false, "", "change nothing; list each file that would change (stderr), exit 1 if any"},
      {"diff", 0, false, "", "change nothing; print what would change as a unified diff (stdout)"},
      {"help", 'h', false, "", "show this help"},
  };
  add_limit_option(specs);
  ParsedArgs args;
  std::string error;
  if (!parse_args(argc, argv, specs, args, error)) return usage_error("fmt", error);
  if (args.has("help")) {
    std::fputs(format_help("sluice fmt [--check] [--diff] [PATH...]",
                           "Rewrite policies in the canonical layout, keeping every comment; formatting\n"
                           "never changes what a policy means. A folder means every `*.funnel` file below\n"
                           "it; `-` or no PATH reads standard input and writes standard output. A file\n"
                           "with syntax errors is reported like `sluice check` does and left untouched.\n\n"
                           "Examples:\n"
                           "  sluice fmt policies/              rewrite every policy in place\n"
                           "  sluice fmt --check policies/      in CI: fail when a file is not formatted\n"
                           "  sluice fmt --diff acme.funnel     show the changes without writing\n"
                           "  sluice fmt < acme.funnel          print the formatted text\n\n"
                           "Exit status: 0 done (with --check: nothing would change), 1 a file has errors\n"
                           "or (with --check) would change, 2 bad usage.",
                           specs)
                   .c_str(),
               stdout);
    return 0;
  }
  LimitSettings limits;
  if (!apply_limit_options(args, limits, error)) return usage_error("fmt", error);
  const Mode mode{args.has("check"), args.has("diff")};
  const bool color = stderr_wants_color();
  auto paths = args.positionals;
  if (paths.empty()) paths.push_back("-");
  const bool has_stdin = std::find(paths.begin(), paths.end(), "-") != paths.end();
  if (has_stdin && paths.size() > 1) return usage_error("fmt", "`-` (standard input) cannot be mixed with paths");
  if (has_stdin) return handle_stdin(mode, color, limits.policy);

  std::vector<std::string> files;
  if (!expand_policy_paths(paths, files, error)) return usage_error("fmt", error);
  if (files.empty()) return usage_error("fmt", "no `*.funnel` files found");
  Tally tally;
  for (const auto& file : files) handle_file(file, mode, color, limits.policy, tally);
  const char* verb = mode.check || mode.diff ? "would reformat" : "reformatted";
  std::fputs(fmt::format("{} {} of {} file{}{}\n", verb, tally.changed, tally.files, tally.files == 1 ? "" : "s",
                         tally.failed ? fmt::format(", {} not formatted", tally.failed) : "")
                 .c_str(),
             stderr);
  if (tally.failed) return 1;
  return mode.check && tally.changed ? 1 : 0;
}

}  // namespace sluice::cli
