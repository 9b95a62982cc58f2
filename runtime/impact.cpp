// ImpactCollector and replay: two Evaluators over the same input, one reader each
// (the versions may read the input as different record layouts).
#include "runtime/impact.hpp"

#include <algorithm>
#include <istream>

#include "runtime/evaluate.hpp"
#include "runtime/format_value.hpp"

namespace sluice::rt {

namespace {

const char* const kUnstaged = "(unstaged)";
const char* const kError = "(error)";

// The record key of a record read without error, as text; "#N" (1-based record
// number) when the record type has no key or it is not set.
std::string record_key(const ir::Program& program, std::int32_t record, const RecordIn& in) {
  Value key = in.key;
  if (!in.error && in.slots != nullptr && record >= 0 && static_cast<std::size_t>(record) < program.records.size()) {
    const std::int32_t slot = program.records[static_cast<std::size_t>(record)].key_slot;
    if (slot >= 0) key = in.slots[slot];
  }
  if (key.tag == Tag::text) return std::string(key.as_text());
  if (key.is_set()) return value_to_text(key);
  return "#" + std::to_string(in.index + 1);
}

}  // namespace

ImpactCollector::ImpactCollector(const LoadedProgram& old_program, const LoadedProgram& new_program)
    : old_(old_program), new_(new_program) {}

std::string ImpactCollector::label(const ir::Program& program, const RecordIn& in, const EvalResult& r) const {
  if (in.error || r.error) return kError;
  if (r.funnel < 0 || static_cast<std::size_t>(r.funnel) >= program.funnels.size()) return kUnstaged;
  const ir::Funnel& f = program.funnels[static_cast<std::size_t>(r.funnel)];
  if (r.stage < 0 || static_cast<std::size_t>(r.stage) >= f.stages.size()) return kUnstaged;
  const std::string& stage = f.stages[static_cast<std::size_t>(r.stage)].name;
  return program.funnels.size() > 1 ? f.name + "." + stage : stage;
}

void ImpactCollector::add(const RecordIn& old_in, const EvalResult& old_result, const RecordIn& new_in,
                          const EvalResult& new_result, const std::string& record_key) {
  ++report_.records;
  const bool old_ok = !old_in.error && !old_result.error;
  const bool new_ok = !new_in.error && !new_result.error;
  if (!old_ok) ++report_.old_errors[old_in.error ? old_in.error_code : old_result.error_code];
  if (!new_ok) ++report_.new_errors[new_in.error ? new_in.error_code : new_result.error_code];

  const std::string from = label(old_.ir, old_in, old_result);
  const std::string to = label(new_.ir, new_in, new_result);
  ++report_.old_stages[from];
  ++report_.new_stages[to];
  if (from != to) {
    ++report_.changed;
    std::string funnel = "(none)";
    if (old_ok && old_result.funnel >= 0) funnel = old_.ir.funnels[static_cast<std::size_t>(old_result.funnel)].name;
    else if (new_ok && new_result.funnel >= 0) funnel = new_.ir.funnels[static_cast<std::size_t>(new_result.funnel)].name;
    ++report_.changed_by_funnel[funnel];
    StageCell& cell = report_.moves[{from, to}];
    ++cell.count;
    if (cell.examples.size() < kExamplesPerCell) {
      // Keys come from the input: a report line stays readable whatever their size.
      std::size_t cut = std::min<std::size_t>(record_key.size(), kMaxExampleBytes);
      while (cut < record_key.size() && cut > 0 && (static_cast<unsigned char>(record_key[cut]) & 0xC0) == 0x80) --cut;
      cell.examples.push_back(cut < record_key.size() ? record_key.substr(0, cut) + "..." : record_key);
    }
  }

  auto count_passes = [&](const ir::Program& program, const EvalResult& r, bool is_old) {
    if (r.funnel < 0) return;
    const ir::Funnel& f = program.funnels[static_cast<std::size_t>(r.funnel)];
    for (std::size_t q = 0; q < r.qualifications.size() && q < f.qualifications.size(); ++q) {
      if (!f.qualifications[q].reported) continue;
      PassCounts& counts = report_.qualifications[f.qualifications[q].name];
      if (r.qualifications[q].passed.is_true()) ++(is_old ? counts.old_passed : counts.new_passed);
    }
  };
  if (old_ok) count_passes(old_.ir, old_result, true);
  if (new_ok) count_passes(new_.ir, new_result, false);
  count_events(old_ok ? &old_result : nullptr, new_ok ? &new_result : nullptr);
}

void ImpactCollector::count_events(const EvalResult* old_result, const EvalResult* new_result) {
  for (auto& [name, counts] : per_record_events_) counts = {0, 0};
  if (old_result != nullptr)
    for (const EventOut& e : old_result->events) ++per_record_events_[e.name].first;
  if (new_result != nullptr)
    for (const EventOut& e : new_result->events) ++per_record_events_[e.name].second;
  for (const auto& [name, counts] : per_record_events_) {
    if (counts.first == 0 && counts.second == 0) continue;
    EventCounts& total = report_.events[name];
    total.old_count += counts.first;
    total.new_count += counts.second;
    if (counts.second > counts.first) total.appeared += counts.second - counts.first;
    if (counts.first > counts.second) total.vanished += counts.first - counts.second;
  }
}

bool replay(const ReplaySide& old_side, const ReplaySide& new_side, InputFormat format, std::istream& old_in,
            std::istream& new_in, std::int64_t as_of_ms, ImpactCollector& collector, std::string& error,
            const ReplayLimits& limits) {
  std::unique_ptr<RecordReader> old_reader, new_reader;
  try {  // a record layout the readers cannot use is a defect, reported, not a crash
    old_reader = make_reader(format, old_in, old_side.program->ir, old_side.record, limits.records);
    new_reader = make_reader(format, new_in, new_side.program->ir, new_side.record, limits.records);
  } catch (const std::exception& e) {
    error = std::string("cannot read records: ") + e.what();
    return false;
  }
  Evaluator old_eval(*old_side.program, old_side.record);
  Evaluator new_eval(*new_side.program, new_side.record);
  old_eval.machine().set_step_budget(limits.eval_steps);
  new_eval.machine().set_step_budget(limits.eval_steps);
  RecordIn a, b;
  EvalResult ra, rb;
  for (;;) {
    const bool more_a = old_reader->next(a);
    const bool more_b = new_reader->next(b);
    if (more_a != more_b) {
      error = "the two versions read a different number of records from the same input";
      return false;
    }
    if (!more_a) return true;
    ra.clear();
    rb.clear();
    if (!a.error) old_eval.evaluate(a.slots, old_side.funnel, as_of_ms, ra);
    if (!b.error) new_eval.evaluate(b.slots, new_side.funnel, as_of_ms, rb);
    // The key as the old version reads it; the new one's when the old could not.
    std::string key = record_key(old_side.program->ir, old_side.record, a);
    if (a.error && !b.error) key = record_key(new_side.program->ir, new_side.record, b);
    collector.add(a, ra, b, rb, key);
  }
}

}  // namespace sluice::rt
