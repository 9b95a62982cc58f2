// Shared by evaluate_test.cpp and explain_test.cpp: compile a policy text, fill a
// record's slots by field path, evaluate, and read the result by names.
#pragma once
#include <catch2/catch.hpp>

#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "compiler/compile.hpp"
#include "compiler/diagnostic.hpp"
#include "runtime/evaluate.hpp"
#include "runtime/program.hpp"
#include "runtime/timefmt.hpp"

namespace sluice::test {

using rt::Value;

inline std::unique_ptr<rt::LoadedProgram> build(const std::string& source) {
  CompileResult r = compile_text("policy.funnel", source);
  INFO(render_text(r.diagnostics, r.sources));
  REQUIRE(r.program.has_value());
  std::string error;
  auto loaded = rt::prepare_program(std::move(*r.program), error);
  INFO(error);
  REQUIRE(loaded != nullptr);
  return loaded;
}

inline std::int64_t ms(const char* iso) {
  std::int64_t v = 0;
  REQUIRE(rt::parse_instant(iso, v));
  return v;
}

inline const ir::Layout& record_layout(const rt::LoadedProgram& p, int record = 0) {
  return p.ir.layouts[static_cast<std::size_t>(p.ir.records[static_cast<std::size_t>(record)].layout)];
}

inline std::int32_t slot_of(const rt::LoadedProgram& p, const std::string& path, int record = 0) {
  const auto& slots = record_layout(p, record).slots;
  for (std::size_t i = 0; i < slots.size(); ++i)
    if (slots[i].path == path) return static_cast<std::int32_t>(i);
  FAIL("no slot " << path);
  return -1;
}

// A record's slots filled by hand, as a reader would: defaults applied, lists
// empty unless given. Texts and list elements are owned here.
class Rec {
 public:
  // Not copyable: the slots point into the texts and lists this object owns.
  Rec(const Rec&) = delete;
  Rec& operator=(const Rec&) = delete;
  Rec(Rec&&) = default;
  explicit Rec(const rt::LoadedProgram& p, int record = 0) : p_(p), record_(record) {
    const auto& slots = record_layout(p, record).slots;
    values_.resize(slots.size());
    for (std::size_t i = 0; i < slots.size(); ++i) {
      if (slots[i].default_const >= 0) values_[i] = p.constants[static_cast<std::size_t>(slots[i].default_const)];
      else if (slots[i].kind == TypeKind::list && !slots[i].optional) values_[i] = Value::list(nullptr, 0, width(slots[i]));
    }
  }
  Rec& set(const std::string& path, Value v) {
    std::int32_t s = slot_of(p_, path, record_);
    values_[static_cast<std::size_t>(s)] = v;
    // A nested field makes its enclosing objects present.
    for (std::int32_t parent = record_layout(p_, record_).slots[static_cast<std::size_t>(s)].parent; parent >= 0;
         parent = record_layout(p_, record_).slots[static_cast<std::size_t>(parent)].parent)
      values_[static_cast<std::size_t>(parent)] = Value::object_present();
    return *this;
  }
  Rec& text(const std::string& path, const std::string& v) { return set(path, Value::text(keep(v))); }
  Rec& integer(const std::string& path, std::int64_t v) { return set(path, Value::integer(v)); }
  Rec& number(const std::string& path, double v) { return set(path, Value::number(v)); }
  Rec& boolean(const std::string& path, bool v) { return set(path, Value::boolean(v)); }
  Rec& date(const std::string& path, const char* iso) { return set(path, Value::date(ms(iso))); }
  Rec& texts(const std::string& path, const std::vector<std::string>& items) {
    auto& elems = lists_.emplace_back();
    for (const auto& i : items) elems.push_back(Value::text(keep(i)));
    return set(path, Value::list(elems.data(), static_cast<std::uint32_t>(elems.size())));
  }
  // A list of objects: each row holds the element's slots in element-layout order.
  Rec& objects(const std::string& path, const std::vector<std::vector<Value>>& rows) {
    const ir::Slot& slot = record_layout(p_, record_).slots[static_cast<std::size_t>(slot_of(p_, path, record_))];
    std::uint16_t w = width(slot);
    auto& elems = lists_.emplace_back();
    for (const auto& row : rows) {
      REQUIRE(row.size() == w);
      elems.insert(elems.end(), row.begin(), row.end());
    }
    return set(path, Value::list(elems.data(), static_cast<std::uint32_t>(rows.size()), w));
  }
  std::string_view keep(const std::string& s) { return texts_.emplace_back(s); }
  const Value* data() const { return values_.data(); }

 private:
  std::uint16_t width(const ir::Slot& slot) const {
    if (slot.element_layout < 0) return 1;
    return static_cast<std::uint16_t>(p_.ir.layouts[static_cast<std::size_t>(slot.element_layout)].slots.size());
  }
  const rt::LoadedProgram& p_;
  int record_;
  std::vector<Value> values_;
  std::deque<std::string> texts_;
  std::deque<std::vector<Value>> lists_;
};

inline std::string stage_name(const rt::LoadedProgram& p, const rt::EvalResult& r, std::int32_t stage) {
  if (stage < 0 || r.funnel < 0) return "";
  return p.ir.funnels[static_cast<std::size_t>(r.funnel)].stages[static_cast<std::size_t>(stage)].name;
}

inline std::vector<std::string> entered(const rt::LoadedProgram& p, const rt::EvalResult& r) {
  std::vector<std::string> names;
  for (std::int32_t s : r.entered) names.push_back(stage_name(p, r, s));
  return names;
}

// The paths of the result's sets, in order.
inline std::vector<std::string> set_paths(const rt::LoadedProgram& p, const rt::EvalResult& r, int record = 0) {
  std::vector<std::string> paths;
  for (const auto& s : r.sets) paths.push_back(record_layout(p, record).slots[static_cast<std::size_t>(s.slot)].path);
  return paths;
}

inline const Value* find_set(const rt::LoadedProgram& p, const rt::EvalResult& r, const std::string& path) {
  std::int32_t slot = slot_of(p, path);
  for (const auto& s : r.sets)
    if (s.slot == slot) return &s.value;
  return nullptr;
}

inline std::vector<std::string> event_names(const rt::EvalResult& r) {
  std::vector<std::string> names;
  for (const auto& e : r.events) names.push_back(e.name);
  return names;
}

inline const Value* event_field(const rt::EventOut& e, const std::string& key) {
  for (const auto& [k, v] : e.fields)
    if (k == key) return &v;
  return nullptr;
}

// A compiled policy with its evaluator and a reused result.
struct Run {
  std::unique_ptr<rt::LoadedProgram> p;
  rt::Evaluator ev;
  rt::EvalResult out;
  explicit Run(const char* source) : p(build(source)), ev(*p) {}
  rt::EvalResult& eval(const Rec& r, const char* as_of = "2026-01-15", std::int32_t funnel = -1) {
    ev.evaluate(r.data(), funnel, ms(as_of), out);
    return out;
  }
  std::string stage() const { return stage_name(*p, out, out.stage); }
  std::string from() const { return stage_name(*p, out, out.from); }
};

}  // namespace sluice::test
