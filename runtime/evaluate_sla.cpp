#include "runtime/evaluate_sla.hpp"

#include <algorithm>

#include "runtime/calendar.hpp"
#include "runtime/timefmt.hpp"

namespace sluice::rt {

std::int64_t sla_due(const LoadedProgram& program, const ir::Sla& sla, std::int64_t entered_ms) {
  std::int64_t due = entered_ms;
  switch (sla.kind) {
    case ir::SlaKind::none:
      break;
    case ir::SlaKind::duration:
      if (__builtin_add_overflow(entered_ms, sla.duration_ms, &due)) due = sla.duration_ms < 0 ? kMinInstant : kMaxInstant;
      break;
    case ir::SlaKind::business_days:
    case ir::SlaKind::business_hours: {
      // A calendar without working time never falls due (kNoInstant, clamped below).
      if (sla.calendar < 0 || static_cast<std::size_t>(sla.calendar) >= program.calendars.size()) break;
      BusinessUnit unit = sla.kind == ir::SlaKind::business_days ? BusinessUnit::days : BusinessUnit::hours;
      due = add_business_time(program.calendars[static_cast<std::size_t>(sla.calendar)], entered_ms, sla.amount, unit);
      break;
    }
  }
  return std::clamp(due, kMinInstant, kMaxInstant);
}

}  // namespace sluice::rt
