#include "cli/diff_git.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <vector>

#include "compiler/parse.hpp"

extern char** environ;

namespace sluice::cli {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxFileBytes = 8u << 20;  // the compiler's own file limit
constexpr std::size_t kMaxFiles = 256;           // the compiler's own import limit

// Runs `git ARGS...` and collects its standard output (at most kMaxFileBytes + 1
// bytes); its standard error goes to `err_path`. Returns false with `error` set
// when git cannot be started or exits non-zero.
bool run_git(const std::vector<std::string>& args, const std::string& err_path, std::string& out, std::string& error) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    error = std::string("cannot create a pipe: ") + std::strerror(errno);
    return false;
  }
  std::vector<std::string> storage = {"git"};
  storage.insert(storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& s : storage) argv.push_back(s.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  pid_t pid = 0;
  const int spawned = ::posix_spawnp(&pid, "git", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[1]);
  if (spawned != 0) {
    ::close(fds[0]);
    error = std::string("cannot run `git`: ") + std::strerror(spawned);
    return false;
  }
  out.clear();
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(fds[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    // Past the limit keep draining (so git is not blocked) but keep nothing more.
    if (out.size() <= kMaxFileBytes) out.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::ifstream err(err_path);
    std::string message;
    std::getline(err, message);
    error = "`git " + args.front() + "` failed" + (message.empty() ? std::string() : ": " + message);
    return false;
  }
  return true;
}

bool is_relative_import(const std::string& p) { return p.rfind("./", 0) == 0 || p.rfind("../", 0) == 0; }

}  // namespace

bool is_git_spec(const std::string& arg) { return arg.rfind("git:", 0) == 0; }

bool fetch_git_policy(const std::string& spec, const std::string& dir, std::string& entry_path, std::string& error) {
  const std::string rest = spec.substr(4);
  const std::size_t colon = rest.find(':');
  if (!is_git_spec(spec) || colon == std::string::npos || colon == 0 || colon + 1 == rest.size()) {
    error = "`" + spec + "`: expected git:REV:path, like git:HEAD:policies/acme.funnel";
    return false;
  }
  const std::string rev = rest.substr(0, colon);
  std::string path = rest.substr(colon + 1);
  if (rev[0] == '-') {
    error = "`" + spec + "`: a revision cannot start with `-`";
    return false;
  }
  const std::string err_path = (fs::path(dir) / "git-stderr.txt").string();
  // git reads REV:path from the top of the work tree unless it starts with ./ or
  // ../; everything below is kept relative to the top.
  if (is_relative_import(path)) {
    std::string prefix;
    if (!run_git({"rev-parse", "--show-prefix"}, err_path, prefix, error)) return false;
    while (!prefix.empty() && (prefix.back() == '\n' || prefix.back() == '\r')) prefix.pop_back();
    path = (fs::path(prefix) / path).lexically_normal().generic_string();
  } else {
    path = fs::path(path).lexically_normal().generic_string();
  }
  std::vector<std::string> pending = {path};
  std::set<std::string> seen = {path};
  const fs::path root = fs::path(dir) / "tree";
  while (!pending.empty()) {
    const std::string rel = pending.back();
    pending.pop_back();
    if (rel.empty() || rel.rfind("..", 0) == 0 || fs::path(rel).is_absolute()) {
      error = "`" + rel + "` is outside the repository";
      return false;
    }
    std::string text;
    if (!run_git({"cat-file", "blob", rev + ":" + rel}, err_path, text, error)) return false;
    if (text.size() > kMaxFileBytes) {
      error = "`" + rev + ":" + rel + "` is larger than 8 MB";
      return false;
    }
    const fs::path target = root / rel;
    std::error_code ec;
    fs::create_directories(target.parent_path(), ec);
    std::ofstream out(target, std::ios::binary);
    out << text;
    if (!out) {
      error = "cannot write `" + target.string() + "`";
      return false;
    }
    // Its relative imports, from the same revision (a parse error is the compiler's
    // to report later: whatever imports were parsed are fetched).
    SourceManager sm;
    Diagnostics diags;
    const FileId id = sm.add(rel, std::move(text));
    auto file = parse(sm, id, diags);
    for (const ast::Import& imp : file->imports) {
      if (!is_relative_import(imp.path)) continue;
      const std::string next = (fs::path(rel).parent_path() / imp.path).lexically_normal().generic_string();
      if (!seen.insert(next).second) continue;
      if (seen.size() > kMaxFiles) {
        error = "`" + spec + "` imports more than 256 files";
        return false;
      }
      pending.push_back(next);
    }
  }
  entry_path = (root / path).string();
  return true;
}

}  // namespace sluice::cli
