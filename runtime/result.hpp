// The outcome of evaluating one record (runtime/evaluate.cpp), read by the writers
// (runtime/writers/). Vectors are cleared, not freed, between records.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "runtime/value.hpp"
#include "runtime/vm.hpp"

namespace sluice::rt {

struct SetOut {
  std::int32_t slot = -1;      // into the funnel record's layout
  Value value;
};

struct EventOut {
  std::string name;
  std::vector<std::pair<std::string, Value>> fields;  // emit order
  std::string idempotency_key; // hex digest of (policy, record key, event, stage, entered-at)
  std::int32_t stage = -1;     // the stage whose entry/exit produced it (-1: transition)
};

struct NotifyOut {
  std::string team, message;
};

enum class SlaState : std::uint8_t { none, ok, breached, unknown };

struct SlaOut {
  SlaState state = SlaState::none;  // none: the stage has no SLA
  std::int32_t stage = -1;
  std::int64_t due_ms = 0;          // ok/breached: when it is (was) due
  std::int64_t overdue_ms = 0;      // breached: now - due
};

// Why the record ends where it does (docs/semantics.md), read by runtime/explain.cpp.
enum class Outcome : std::uint8_t {
  none,               // an error, or not evaluated
  no_funnel,          // no funnel applies (unstaged)
  transition,         // EvalResult::transition fired
  placed,             // no current stage: placed in the most advanced stage whose entry held
  advanced,           // moved forward along the main path
  stayed_terminal,    // the current stage is terminal
  stayed_side,        // the current stage is a side stage and no transition fired
  stayed_exit,        // a further entry held (EvalResult::candidate) but the exit did not
  stayed_no_further,  // no further main-path stage's entry holds
  unstaged,           // no current stage and no entry holds
};

struct EvalResult {
  // data error: the record could not be evaluated
  bool error = false;
  std::string error_code;           // "E_DATA_TYPE", "E_DIV_ZERO", ...
  std::string error_message;        // names the field, or file:line:column for faults

  std::int32_t funnel = -1;
  std::int32_t from = -1;           // stage before (-1: none)
  std::int32_t stage = -1;          // stage after (-1: unstaged)
  bool moved = false;
  std::string unstaged_reason;      // when stage == -1
  std::int32_t transition = -1;     // the transition that fired, -1 none
  std::vector<std::int32_t> entered;   // stages entered, in order
  std::vector<QualResult> qualifications;  // parallel to funnel.qualifications
  std::vector<SetOut> sets;         // stage field, stamps, `set` actions, in order
  std::vector<EventOut> events;     // emits, then sla_breached
  std::vector<NotifyOut> notifications;
  SlaOut sla;

  Outcome outcome = Outcome::none;
  // stayed_exit: the further stage whose entry held; unstaged: the main-path stage
  // that came nearest (fewest entry terms not true)
  std::int32_t candidate = -1;

  // Spare elements kept by clear() so that their strings and vectors keep their
  // buffers: the add_* functions take from them before allocating.
  std::vector<QualResult> qualification_pool;
  std::vector<EventOut> event_pool;
  std::vector<NotifyOut> notification_pool;
  QualResult& add_qualification();
  // Makes `qualifications` n long at once, the elements' old contents left for the
  // caller to overwrite: when the pool holds exactly n, the vectors are swapped.
  void add_qualifications(std::size_t n);
  EventOut& add_event();            // fields keep their old size: resize them
  NotifyOut& add_notification();

  void clear();
};

}  // namespace sluice::rt
