// Checked AST -> IR.
#pragma once
#include "compiler/check.hpp"
#include "compiler/ir.hpp"

namespace sluice {

ir::Program lower(const CheckedPolicy& policy, const SourceManager& sm);

}  // namespace sluice
