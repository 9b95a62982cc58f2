// Expanding command-line paths into policy files: a folder means every `*.funnel`
// below it (recursively, sorted, so output order is stable).
#pragma once
#include <string>
#include <vector>

namespace sluice::cli {

// Returns false and sets `error` when a path does not exist.
bool expand_policy_paths(const std::vector<std::string>& paths, std::vector<std::string>& files, std::string& error);

// Whether standard error is a terminal that wants colour (NO_COLOR unset).
bool stderr_wants_color();

}  // namespace sluice::cli
