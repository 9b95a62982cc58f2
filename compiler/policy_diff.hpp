// `sluice diff`: the semantic difference of two versions of a policy, worked out on
// the parsed declarations of every module each version loads (imports included),
// compared by their source text with whitespace and comments folded away. Only
// what changes evaluation is compared: `test` blocks are not.
#pragma once
#include <string>
#include <vector>

#include "compiler/modules.hpp"
#include "compiler/source.hpp"

namespace sluice::diff {

enum class ChangeKind { added, removed, changed, reordered };

const char* change_kind_name(ChangeKind kind);  // "added", "removed", ...

// One difference: where it is ("funnel lead_to_revenue, stage MQL, entry") and the
// source lines before and after ("entry lead_score >= 60"). An added item has no
// `before`, a removed one no `after`.
struct Change {
  ChangeKind kind = ChangeKind::changed;
  std::string where;
  std::vector<std::string> before, after;
};

// One version of a policy as the diff reads it: its modules and their sources.
struct PolicyView {
  const ModuleSet* modules = nullptr;
  const SourceManager* sources = nullptr;
};

// The changes from `old_policy` to `new_policy`, in a stable order: policy header,
// imports, consts, records, calendars, lets, qualifications, then each funnel.
// Both versions should have compiled without errors; on a partial AST the diff
// still never crashes, it only compares what was parsed.
std::vector<Change> diff_policies(const PolicyView& old_policy, const PolicyView& new_policy);

// Source text with comments removed and whitespace folded to single spaces
// between tokens where they matter ("lead_score>=60  # x" -> "lead_score >= 60").
// Two texts with the same fold are the same code.
std::string fold_source(std::string_view text);

}  // namespace sluice::diff
