// `sluice graph POLICY [--funnel NAME] [--format dot|mermaid|svg] [--lanes] [-o FILE]`:
// the funnel as a diagram. `svg` pipes the DOT text through Graphviz's `dot`, started
// with posix_spawnp and an argv array (no shell).
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/limits_option.hpp"
#include "cli/policy_files.hpp"
#include "compiler/graph.hpp"

extern char** environ;

namespace sluice::cli {
namespace {

constexpr const char* kNoDot =
    "sluice graph: `--format svg` needs Graphviz's `dot` (Debian package graphviz); use --format dot or mermaid\n";

// Runs `dot -Tsvg`, writing `input` to its standard input and collecting its standard
// output in `svg`; its standard error (warnings) goes to ours. Returns 0, or the exit
// status to give (1) after printing why.
int run_dot(const std::string& input, std::string& svg) {
  int in[2], out[2];
  if (pipe2(in, O_CLOEXEC) != 0) return std::perror("sluice graph: pipe"), 1;
  if (pipe2(out, O_CLOEXEC) != 0) {
    close(in[0]), close(in[1]);
    return std::perror("sluice graph: pipe"), 1;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  char arg0[] = "dot", arg1[] = "-Tsvg";
  char* argv[] = {arg0, arg1, nullptr};
  pid_t pid = 0;
  const int spawned = posix_spawnp(&pid, "dot", &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  close(in[0]), close(out[1]);
  if (spawned != 0) {
    close(in[1]), close(out[0]);
    if (spawned == ENOENT) return std::fputs(kNoDot, stderr), 1;
    std::fprintf(stderr, "sluice graph: cannot run `dot`: %s\n", std::strerror(spawned));
    return 1;
  }
  // Write and read at once: dot may start writing before it has read everything.
  fcntl(in[1], F_SETFL, O_NONBLOCK);
  auto* old_pipe = std::signal(SIGPIPE, SIG_IGN);  // dot exiting early must not kill us
  std::size_t written = 0;
  int to_dot = in[1];
  if (input.empty()) close(to_dot), to_dot = -1;
  bool reading = true;
  char buffer[1 << 16];
  while (reading) {
    pollfd fds[2] = {{out[0], POLLIN, 0}, {to_dot, POLLOUT, 0}};
    if (poll(fds, to_dot >= 0 ? 2 : 1, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (to_dot >= 0 && (fds[1].revents & (POLLOUT | POLLERR | POLLHUP))) {
      const ssize_t n = write(to_dot, input.data() + written, input.size() - written);
      if (n > 0) written += static_cast<std::size_t>(n);
      if (n < 0 && errno != EAGAIN && errno != EINTR) written = input.size();  // dot closed its input
      if (written == input.size()) close(to_dot), to_dot = -1;
    }
    if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      const ssize_t n = read(out[0], buffer, sizeof buffer);
      if (n > 0) svg.append(buffer, static_cast<std::size_t>(n));
      if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN)) reading = false;
    }
  }
  if (to_dot >= 0) close(to_dot);
  close(out[0]);
  std::signal(SIGPIPE, old_pipe);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::fprintf(stderr, "sluice graph: `dot -Tsvg` failed (%s %d)\n", WIFEXITED(status) ? "exit status" : "signal",
                 WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
    return 1;
  }
  return 0;
}

int write_output(const std::string& text, const std::optional<std::string>& path) {
  if (path) {
    std::ofstream f(*path, std::ios::binary | std::ios::trunc);
    f << text;
    f.close();
    if (!f) return std::fprintf(stderr, "sluice graph: cannot write `%s`\n", path->c_str()), 1;
    return 0;
  }
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0) {
    std::fprintf(stderr, "sluice graph: cannot write the graph to standard output\n");
    return 1;
  }
  return 0;
}

}  // namespace

int command_graph(int argc, char** argv) {
  std::vector<OptionSpec> specs = {
      {"format", 0, true, "FMT", "dot (default), mermaid (renders in GitHub markdown) or svg (needs Graphviz)"},
      {"funnel", 0, true, "NAME", "draw only the funnel NAME (default: every funnel of the policy, one file)"},
      {"lanes", 0, false, "", "dot and svg: group the stages of each owner in a lane (cluster)"},
      {"output", 'o', true, "FILE", "write to FILE instead of standard output"},
      {"help", 'h', false, "", "show this help"},
  };
  add_limit_option(specs);
  ParsedArgs args;
  std::string error;
  if (!parse_args(argc, argv, specs, args, error)) return usage_error("graph", error);
  if (args.has("help")) {
    std::fputs(format_help("sluice graph [options] POLICY",
                           "Draw a policy's funnels: main-path stages in order (bold arrows), side stages\n"
                           "dashed, terminal stages with a double border, explicit transitions as dashed\n"
                           "arrows with their label and condition, owners as colours (with a legend), SLAs\n"
                           "and qualification gates in the stages. With several funnels and no --funnel,\n"
                           "each funnel is a box of its own in one diagram. Output is byte-identical for\n"
                           "identical input. Diagnostics go to standard error.\n\n"
                           "Examples:\n"
                           "  sluice graph policy.funnel --format svg -o funnel.svg\n"
                           "  sluice graph policy.funnel --format mermaid --funnel renewal >> README.md\n\n"
                           "Exit status: 0 written; 1 the policy has errors or no funnel, or `dot` failed or\n"
                           "is missing; 2 bad usage (an unknown format or funnel).",
                           specs)
                   .c_str(),
               stdout);
    return 0;
  }
  LimitSettings limits;
  if (!apply_limit_options(args, limits, error)) return usage_error("graph", error);
  const std::string format = args.get("format").value_or("dot");
  if (format != "dot" && format != "mermaid" && format != "svg")
    return usage_error("graph", "unknown format `" + format + "` (expected dot, mermaid or svg)");
  if (args.has("lanes") && format == "mermaid") return usage_error("graph", "--lanes applies to dot and svg only");
  if (args.positionals.size() != 1) return usage_error("graph", "expected exactly one POLICY file");
  const std::string& path = args.positionals[0];
  std::vector<std::string> files;
  if (!expand_policy_paths({path}, files, error)) return usage_error("graph", error);
  graph::GraphResult r = graph::graph_file(path, limits.policy);
  std::fputs(render_text(r.diagnostics, r.sources, stderr_wants_color()).c_str(), stderr);
  if (!r.graph) return 1;
  if (r.graph->funnels.empty()) {
    std::fprintf(stderr, "sluice graph: `%s` has no funnel to draw\n", path.c_str());
    return 1;
  }
  if (auto name = args.get("funnel")) {
    std::string known;
    for (const auto& f : r.graph->funnels) known += (known.empty() ? "`" : ", `") + f.name + "`";
    if (!graph::select_funnel(*r.graph, *name))
      return usage_error("graph", "no funnel `" + *name + "` in the policy (it has " +
                                      (known.empty() ? std::string("none") : known) + ")");
  }
  if (format == "mermaid") return write_output(graph::render_mermaid(*r.graph), args.get("output"));
  graph::DotOptions options;
  options.lanes = args.has("lanes");
  const std::string dot = graph::render_dot(*r.graph, options);
  if (format == "dot") return write_output(dot, args.get("output"));
  std::string svg;
  if (int status = run_dot(dot, svg)) return status;
  return write_output(svg, args.get("output"));
}

}  // namespace sluice::cli
