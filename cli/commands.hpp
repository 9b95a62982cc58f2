// One function per subcommand; argv[0] is the subcommand name. Each returns the
// process exit status of cli.md: 0 success, 1 policy errors / failed tests,
// 2 bad command line, 3 eval finished with data errors.
#pragma once

namespace sluice::cli {

int command_check(int argc, char** argv);
int command_compile(int argc, char** argv);
int command_eval(int argc, char** argv);
int command_explain(int argc, char** argv);
int command_test(int argc, char** argv);
int command_init(int argc, char** argv);
int command_graph(int argc, char** argv);
int command_diff(int argc, char** argv);
int command_report(int argc, char** argv);
int command_fmt(int argc, char** argv);

}  // namespace sluice::cli
