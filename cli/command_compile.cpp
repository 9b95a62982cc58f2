// `sluice compile POLICY [-o FILE]`: write the IR as JSON, byte-identical for
// identical input.
#include <cstdio>
#include <fstream>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/limits_option.hpp"
#include "cli/policy_files.hpp"
#include "compiler/compile.hpp"
#include "compiler/ir_json.hpp"

namespace sluice::cli {

int command_compile(int argc, char** argv) {
  std::vector<OptionSpec> specs = {
      {"output", 'o', true, "FILE", "write the IR to FILE instead of standard output"},
      {"werror", 0, false, "", "treat warnings as errors"},
      {"help", 'h', false, "", "show this help"},
  };
  add_limit_option(specs);
  ParsedArgs args;
  std::string error;
  if (!parse_args(argc, argv, specs, args, error)) return usage_error("compile", error);
  if (args.has("help")) {
    std::fputs(format_help("sluice compile [options] POLICY",
                           "Compile a policy to its IR (JSON, documented in docs/ir.md). The output is\n"
                           "byte-identical for identical input, so IR can be committed and diffed.\n"
                           "Diagnostics go to standard error.\n\n"
                           "Exit status: 0 written, 1 the policy has errors (nothing written), 2 bad usage.",
                           specs)
                   .c_str(),
               stdout);
    return 0;
  }
  LimitSettings limits;
  if (!apply_limit_options(args, limits, error)) return usage_error("compile", error);
  if (args.positionals.size() != 1) return usage_error("compile", "expected exactly one POLICY file");
  const std::string& path = args.positionals[0];
  std::vector<std::string> files;
  if (!expand_policy_paths({path}, files, error)) return usage_error("compile", error);
  CompileOptions options;
  options.werror = args.has("werror");
  options.limits = limits.policy;
  CompileResult r = compile_file(path, options);
  std::fputs(render_text(r.diagnostics, r.sources, stderr_wants_color()).c_str(), stderr);
  if (!r.program) return 1;
  std::string ir = write_ir(*r.program);
  if (auto out = args.get("output")) {
    std::ofstream f(*out, std::ios::binary | std::ios::trunc);
    f << ir;
    f.close();
    if (!f) {
      std::fprintf(stderr, "sluice compile: cannot write `%s`\n", out->c_str());
      return 1;
    }
  } else {
    if (std::fwrite(ir.data(), 1, ir.size(), stdout) != ir.size() || std::fflush(stdout) != 0) {
      std::fprintf(stderr, "sluice compile: cannot write the IR to standard output\n");
      return 1;
    }
  }
  return 0;
}

}  // namespace sluice::cli
