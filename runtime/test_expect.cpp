#include "runtime/test_expect.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "runtime/format_value.hpp"
#include "runtime/vm_compare.hpp"

namespace sluice::rt {

namespace {

// RESULT operand a names, in the order of ir.hpp.
constexpr const char* kResultNames[] = {"stage", "from", "moved", "entered", "funnel", "unstaged"};

const char* truth_word(const Value& v) {
  if (v.is_true()) return "true";
  if (v.is_false()) return "false";
  return v.is_set() ? "a non-bool value" : "not set";
}

// Expected and actual agree: equal, or both not set.
bool same_value(const Value& expected, const Value& actual) {
  if (!expected.is_set() || !actual.is_set()) return expected.is_set() == actual.is_set();
  bool ok = true;
  return values_equal(expected, actual, ok).is_true() && ok;
}

}  // namespace

void ExpectChecker::start(const Value* slots, std::int32_t record, std::int32_t funnel, std::int64_t as_of_ms,
                          const EvalResult& result) {
  const ir::Program& ir = program_.ir;
  slots_ = slots;
  record_ = record;
  result_ = &result;
  machine_.begin(ir.funnels[static_cast<std::size_t>(funnel)], slots, as_of_ms);
  view_ = ResultView{};
  const ir::Funnel* evaluated =
      result.funnel >= 0 && static_cast<std::size_t>(result.funnel) < ir.funnels.size()
          ? &ir.funnels[static_cast<std::size_t>(result.funnel)] : nullptr;
  auto stage_name = [&](std::int32_t s) {
    if (evaluated == nullptr || s < 0 || static_cast<std::size_t>(s) >= evaluated->stages.size()) return Value::unset();
    return Value::text(evaluated->stages[static_cast<std::size_t>(s)].name);
  };
  view_.stage = stage_name(result.stage);
  view_.from = stage_name(result.from);
  view_.moved = Value::boolean(result.moved);
  // The arena was just reset by begin() and is not reset again for this record.
  Value* entered = machine_.arena().make_array<Value>(result.entered.size());
  for (std::size_t i = 0; i < result.entered.size(); ++i) entered[i] = stage_name(result.entered[i]);
  view_.entered = Value::list(entered, static_cast<std::uint32_t>(result.entered.size()));
  view_.funnel = evaluated != nullptr ? Value::text(evaluated->name) : Value::unset();
  view_.unstaged = Value::boolean(result.stage < 0);
  machine_.set_result(&view_);
}

std::string ExpectChecker::where(std::int32_t pc) const {
  const ir::Program& ir = program_.ir;
  if (pc < 0 || static_cast<std::size_t>(pc) >= ir.spans.size()) return "?";
  const ir::SrcPos& p = ir.spans[static_cast<std::size_t>(pc)];
  const bool known = p.file >= 0 && static_cast<std::size_t>(p.file) < ir.files.size();
  return fmt::format("{}:{}:{}", known ? ir.files[static_cast<std::size_t>(p.file)] : "?", p.line, p.column);
}

bool ExpectChecker::eval(ir::Chunk chunk, Value& value, std::string& problem) {
  Fault fault;
  value = machine_.eval(chunk, fault);
  if (!fault) return true;
  problem = fmt::format("the expectation failed to evaluate: {} ({}) at {}", fault_message(fault.code),
                        fault_code_name(fault.code), where(fault.pc));
  return false;
}

std::string ExpectChecker::facts(ir::Chunk chunk) const {
  const ir::Program& ir = program_.ir;
  const std::int32_t layout = ir.records[static_cast<std::size_t>(record_)].layout;
  const auto& slots = ir.layouts[static_cast<std::size_t>(layout)].slots;
  std::vector<std::string> seen;
  std::string out;
  auto add = [&](const std::string& name, const std::string& value) {
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) return;
    seen.push_back(name);
    out += fmt::format("{}{} = {}", out.empty() ? "" : ", ", name, value);
  };
  const std::int32_t end = chunk.present() ? chunk.start + chunk.length : chunk.start;
  for (std::int32_t pc = chunk.start; pc >= 0 && pc < end && static_cast<std::size_t>(pc) < ir.code.size(); ++pc) {
    const ir::Instr& in = ir.code[static_cast<std::size_t>(pc)];
    if (in.op == ir::Opcode::RESULT && in.a >= 0 && in.a <= 5) {
      const Value* fields[] = {&view_.stage, &view_.from, &view_.moved, &view_.entered, &view_.funnel, &view_.unstaged};
      add(kResultNames[in.a], value_to_text(*fields[in.a]));
    } else if (in.op == ir::Opcode::LOAD && in.a >= 0 && static_cast<std::size_t>(in.a) < slots.size()) {
      add(slots[static_cast<std::size_t>(in.a)].path,
          value_to_text(slots_[in.a], shape_of_slot(ir, layout, in.a)));
    }
  }
  return out;
}

std::string ExpectChecker::check_condition(const ir::Expect& expect) {
  Value v;
  std::string problem;
  if (!eval(expect.condition, v, problem)) return problem;
  if (v.is_true()) return {};
  std::string facts_text = facts(expect.condition);
  return fmt::format("expected true, got {}{}", truth_word(v), facts_text.empty() ? "" : "; actual " + facts_text);
}

std::string ExpectChecker::check_event(const ir::Expect& expect) {
  std::vector<const EventOut*> named;
  std::string emitted;
  for (const EventOut& e : result_->events) {
    if (e.name == expect.event) named.push_back(&e);
    emitted += fmt::format("{}`{}`", emitted.empty() ? "" : ", ", e.name);
  }
  if (named.empty()) {
    return fmt::format("expected event `{}`, but {}", expect.event,
                       emitted.empty() ? "no event was emitted" : "only these were emitted: " + emitted);
  }
  std::vector<Value> wanted(expect.with.size());
  for (std::size_t i = 0; i < expect.with.size(); ++i) {
    std::string problem;
    if (!eval(expect.with[i].value, wanted[i], problem)) return problem;
  }
  // Some emitted event with that name must carry every expected field value; report
  // the differences of the first one.
  std::string first_diff;
  for (const EventOut* e : named) {
    std::string diff;
    for (std::size_t i = 0; i < expect.with.size(); ++i) {
      const std::string& key = expect.with[i].key;
      auto field = std::find_if(e->fields.begin(), e->fields.end(), [&](const auto& f) { return f.first == key; });
      if (field == e->fields.end()) {
        diff += fmt::format("{}{} is not a field of the event", diff.empty() ? "" : ", ", key);
      } else if (!same_value(wanted[i], field->second)) {
        diff += fmt::format("{}{} = {} (expected {})", diff.empty() ? "" : ", ", key, value_to_text(field->second),
                            value_to_text(wanted[i]));
      }
    }
    if (diff.empty()) return {};
    if (first_diff.empty()) first_diff = std::move(diff);
  }
  return fmt::format("event `{}` was emitted, but {}", expect.event, first_diff);
}

}  // namespace sluice::rt
