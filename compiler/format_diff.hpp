// A line diff in unified format for `sluice fmt --diff` (no external `diff`).
#pragma once
#include <string>

namespace sluice {

// `--- a/PATH`, `+++ b/PATH`, then hunks with 3 lines of context; "" when the
// texts are equal. Minimal (LCS) for the changed region up to a size bound,
// beyond which the changed region is shown as one replacement.
std::string unified_diff(const std::string& path, const std::string& before, const std::string& after);

}  // namespace sluice
