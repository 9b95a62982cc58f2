// Impact replay for `sluice diff --records`: the same input records evaluated by two
// versions of a policy at one as-of instant, aggregated into counts. Memory grows
// with the number of distinct (old stage, new stage) cells, event names and error
// codes, never with the number of records.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "runtime/program.hpp"
#include "runtime/reader.hpp"
#include "runtime/result.hpp"

namespace sluice::rt {

inline constexpr std::size_t kExamplesPerCell = 3;
inline constexpr std::size_t kMaxExampleBytes = 100;  // a longer record key is cut, "..." added

// Where a record ended on one side: "MQL", "lead_to_revenue.MQL" when the policy has
// several funnels, "(unstaged)", or "(error)" for a data or run-time error.
struct StageCell {
  std::int64_t count = 0;
  std::vector<std::string> examples;  // up to kExamplesPerCell record keys ("#12": no key)
};

struct PassCounts {
  std::int64_t old_passed = 0, new_passed = 0;  // records whose qualification passed
};

struct EventCounts {
  std::int64_t old_count = 0, new_count = 0;    // events emitted in total
  std::int64_t appeared = 0, vanished = 0;      // per record: new beyond old, old beyond new
};

struct ImpactReport {
  std::int64_t records = 0;
  std::int64_t changed = 0;                     // records whose stage label differs
  std::map<std::string, std::int64_t> changed_by_funnel;  // the old side's funnel (else the new)
  // (old label, new label) -> count, changed cells only.
  std::map<std::pair<std::string, std::string>, StageCell> moves;
  std::map<std::string, std::int64_t> old_stages, new_stages;  // label -> records (all)
  std::map<std::string, PassCounts> qualifications;            // by qualification name
  std::map<std::string, EventCounts> events;                   // by event name
  std::map<std::string, std::int64_t> old_errors, new_errors;  // by error code
  // Share of records whose stage changed, in percent (0 with no records).
  double changed_percent() const { return records == 0 ? 0.0 : 100.0 * static_cast<double>(changed) / static_cast<double>(records); }
};

// Adds the outcome of one record on both sides. `old_in`/`new_in` are the same input
// record as read for each version; `old_result`/`new_result` are ignored when
// their input has an error.
class ImpactCollector {
 public:
  ImpactCollector(const LoadedProgram& old_program, const LoadedProgram& new_program);
  void add(const RecordIn& old_in, const EvalResult& old_result, const RecordIn& new_in,
           const EvalResult& new_result, const std::string& record_key);
  const ImpactReport& report() const { return report_; }

 private:
  std::string label(const ir::Program& program, const RecordIn& in, const EvalResult& r) const;
  void count_events(const EvalResult* old_result, const EvalResult* new_result);

  const LoadedProgram& old_;
  const LoadedProgram& new_;
  ImpactReport report_;
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> per_record_events_;  // reused
};

// Replays every record of `in` through both programs (one reader per program over
// the same bytes: `old_in` and `new_in` are two streams of one input). `funnel_*`:
// a funnel index or -1 (the first whose `applies` holds). Returns false and sets
// `error` when the two readers disagree on the number of records (a defect).
struct ReplaySide {
  const LoadedProgram* program = nullptr;
  std::int32_t funnel = -1;
  std::int32_t record = -1;  // the record type the input is read as
};
// `limits`: the record readers' limits and the evaluation step budget (`--limit`).
struct ReplayLimits {
  ReaderLimits records;
  std::int64_t eval_steps = kDefaultEvalSteps;
};
bool replay(const ReplaySide& old_side, const ReplaySide& new_side, InputFormat format, std::istream& old_in,
            std::istream& new_in, std::int64_t as_of_ms, ImpactCollector& collector, std::string& error,
            const ReplayLimits& limits = {});

}  // namespace sluice::rt
