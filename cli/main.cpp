// `sluice`: one binary, subcommands in the style of git and cargo.
#include <cstdio>
#include <cstring>
#include <string>

#include "cli/commands.hpp"
#include "compiler/compile.hpp"

namespace {

struct Command {
  const char* name;
  int (*run)(int, char**);
  const char* summary;
};

const Command kCommands[] = {
    {"check", sluice::cli::command_check, "parse, type-check and lint policies; print diagnostics"},
    {"compile", sluice::cli::command_compile, "write a policy's IR as JSON"},
    {"eval", sluice::cli::command_eval, "evaluate CRM records (NDJSON, JSON, CSV) against a policy"},
    {"explain", sluice::cli::command_explain, "say, for people, why each record sits where it is"},
    {"test", sluice::cli::command_test, "run the `test` blocks of policies"},
    {"init", sluice::cli::command_init, "write a starter project from a template (--list shows them)"},
    {"graph", sluice::cli::command_graph, "draw a policy's funnels as a diagram (DOT, Mermaid, SVG)"},
    {"diff", sluice::cli::command_diff, "compare two policy versions; replay records to show the impact"},
    {"report", sluice::cli::command_report, "funnel metrics from eval results or stamped records (table, JSON, CSV, HTML)"},
    {"fmt", sluice::cli::command_fmt, "rewrite policies in the canonical layout, keeping comments"},
};

void print_help() {
  std::printf(
      "sluice %s -- B2B funnel policies as code\n\n"
      "Usage: sluice <command> [options] [args]\n\nCommands:\n",
      sluice::kVersion);
  for (const auto& c : kCommands) std::printf("  %-9s %s\n", c.name, c.summary);
  std::printf(
      "\nOptions:\n  -h, --help     show this help (or `sluice <command> --help`)\n"
      "  -V, --version  print the version\n\n"
      "Exit status: 0 success, 1 policy errors, 2 bad command line, 3 eval finished with data errors.\n");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    print_help();
    return 2;
  }
  std::string first = argv[1];
  if (first == "-h" || first == "--help" || first == "help") {
    if (first == "help" && argc > 2) {
      for (const auto& c : kCommands)
        if (std::strcmp(c.name, argv[2]) == 0) {
          char help[] = "--help";
          char* args[] = {argv[2], help, nullptr};
          return c.run(2, args);
        }
    }
    print_help();
    return 0;
  }
  if (first == "-V" || first == "--version" || first == "version") {
    std::printf("sluice %s (IR version %d)\n", sluice::kVersion, 1);
    return 0;
  }
  for (const auto& c : kCommands)
    if (first == c.name) return c.run(argc - 1, argv + 1);
  std::fprintf(stderr, "sluice: unknown command `%s`\nTry `sluice --help` for the list of commands.\n", first.c_str());
  return 2;
}
