// When an SLA falls due (language.md §6 step 6): a plain duration after the
// entered-at instant, or business days / hours of a calendar (runtime/calendar.hpp).
#pragma once
#include <cstdint>

#include "compiler/ir.hpp"
#include "runtime/program.hpp"

namespace sluice::rt {

// The due instant of `sla` for a stage entered at `entered_ms`, clamped to the
// instants a date can hold (so `now - due` cannot overflow).
std::int64_t sla_due(const LoadedProgram& program, const ir::Sla& sla, std::int64_t entered_ms);

}  // namespace sluice::rt
