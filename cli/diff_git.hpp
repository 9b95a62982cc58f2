// `git:REV:path` policy arguments of `sluice diff`: the file and the files it imports
// relatively, read from one git revision into a temporary folder (same relative
// layout, so the compiler's relative imports resolve as they would in a checkout).
#pragma once
#include <string>

namespace sluice::cli {

// Whether `arg` names a git revision ("git:REV:path").
bool is_git_spec(const std::string& arg);

// Fetches the policy named by `spec` (with the "git:" prefix) and its relative
// imports, recursively, into `dir` (which exists). Runs `git` with an argument
// vector (no shell), in the current directory's repository. Returns false and sets
// `error` when the spec is malformed, git fails or a file is missing or too large.
bool fetch_git_policy(const std::string& spec, const std::string& dir, std::string& entry_path, std::string& error);

}  // namespace sluice::cli
