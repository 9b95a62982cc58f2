// Why one evaluated record sits where it does, for people (`sluice explain`,
// `eval --explain`): the rule that put it there, each term of the next main-path
// stage's entry and of the current stage's exit with its value, the unmet criteria
// of every reported qualification, and the SLA state.
//
// Call explain() right after Evaluator::evaluate() on the same record: it
// evaluates single terms with the Evaluator's Machine, which still holds that
// record. `eval --explain` explains every record: it reuses one Explanation
// (explain_into) and writes it with append_explain_json, not through nlohmann.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "runtime/evaluate.hpp"
#include "runtime/result.hpp"
#include "runtime/writers/line_buffer.hpp"

namespace sluice::rt {

enum class Truth : std::uint8_t { true_, false_, unset, error };
const char* truth_name(Truth t);  // "true", "false", "not set", "error"

struct TermExplanation {
  std::string text;     // the conjunct as written: "lead_score >= 100"
  Truth holds = Truth::unset;
  // Comparisons: "lead_score = 80, needs >= 100" / "lead_score is not set, needs
  // >= 100"; a fault: its message. Empty otherwise.
  std::string detail;
};

struct ConditionExplanation {
  std::string stage;    // the stage the condition belongs to (a transition: its target)
  std::string kind;     // "entry", "exit", or "when" (a transition)
  std::string label;    // a transition's label ("" otherwise, or when it has none)
  Truth holds = Truth::true_;  // the whole condition (an omitted one holds)
  std::vector<TermExplanation> terms;
};

struct QualificationExplanation {
  std::string name, label;
  Truth passed = Truth::unset;
  std::int64_t score = 0;
  std::vector<std::string> met, missing;  // criterion names
};

struct SlaExplanation {
  std::string state;    // "ok", "breached", "unknown"
  std::string stage;
  std::string limit;    // "2d", "2 business days in emea", "16 business hours in emea"
  std::int64_t due_ms = 0, overdue_ms = 0;
};

struct Explanation {
  std::string key;      // the record key as text ("" when none)
  bool error = false;
  std::string error_code, error_message;
  std::string funnel;   // "" when no funnel applies
  std::string stage;    // "" when unstaged
  std::string from;     // "" when it had no stage
  bool moved = false;
  std::vector<std::string> entered;
  std::string rule;     // one sentence: how it got (or stayed) where it is
  std::vector<ConditionExplanation> next;         // entry of the next stage (0 or 1)
  std::vector<ConditionExplanation> exit;         // exit of the current stage (0 or 1)
  std::vector<ConditionExplanation> transitions;  // ways out of a side stage
  std::vector<QualificationExplanation> qualifications;  // the reported ones
  std::vector<SlaExplanation> sla;                // 0 or 1
};

Explanation explain(Evaluator& evaluator, const EvalResult& result);
// The same into `out`, which is cleared first: one Explanation reused across the
// records of a run (`eval --explain`) keeps its storage.
void explain_into(Evaluator& evaluator, const EvalResult& result, Explanation& out);

// Texts in the JSON are the policy's and the record's bytes; dump it with
// nlohmann::json::error_handler_t::replace when the input may hold invalid UTF-8.
nlohmann::json to_json(const Explanation& e);
// Appends exactly the bytes of to_json(e).dump(-1, ' ', false,
// error_handler_t::replace), without building the JSON (runtime/explain_json.cpp).
void append_explain_json(writers::LineBuffer& out, const Explanation& e);
std::string explain_json(const Explanation& e);
// A few lines per record, ending with a newline.
std::string to_text(const Explanation& e);

}  // namespace sluice::rt
