// Hand-built IR programs for the machine's tests: one record layout with a field of
// each kind, one funnel, and every chunk under test registered as an expectation of
// one test, so that validation and the machine's sizing both see it.
#pragma once
#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "compiler/ir.hpp"
#include "runtime/program.hpp"
#include "runtime/timefmt.hpp"
#include "runtime/vm.hpp"

namespace sluice::test {

using ir::Opcode;
using rt::Value;

// Slots of layout 0.
enum SlotIndex : std::int32_t { kBool, kInt, kNum, kText, kDate, kInts, kPeople, kTags, kSlotCount };

inline ir::Slot slot(const char* path, TypeKind kind, TypeKind element = TypeKind::null_, std::int32_t layout = -1) {
  ir::Slot s;
  s.path = s.input_key = path;
  s.kind = kind;
  s.element_kind = element;
  s.element_layout = layout;
  s.optional = true;
  return s;
}

struct ProgramBuilder {
  ir::Program p;

  ProgramBuilder() {
    p.files = {"t.funnel"};
    p.layouts.resize(2);
    p.layouts[0].slots = {slot("b", TypeKind::bool_),     slot("i", TypeKind::int_),
                          slot("n", TypeKind::number),    slot("t", TypeKind::text),
                          slot("d", TypeKind::date),      slot("ints", TypeKind::list, TypeKind::int_),
                          slot("people", TypeKind::list, TypeKind::object, 1),
                          slot("tags", TypeKind::list, TypeKind::text)};
    p.layouts[1].slots = {slot("name", TypeKind::text), slot("score", TypeKind::int_)};
    p.records.push_back({"r", 0, -1});
    ir::Funnel f;
    f.name = "f";
    f.record = 0;
    p.funnels.push_back(f);
    ir::Test t;
    t.name = "chunks";
    t.funnel = 0;
    p.tests.push_back(t);
  }

  std::int32_t constant(ir::Constant c) {
    p.constants.push_back(std::move(c));
    return static_cast<std::int32_t>(p.constants.size() - 1);
  }
  ir::Instr k_int(std::int64_t v) { ir::Constant c; c.kind = TypeKind::int_; c.i = v; return {Opcode::CONST, constant(c)}; }
  ir::Instr k_num(double v) { ir::Constant c; c.kind = TypeKind::number; c.n = v; return {Opcode::CONST, constant(c)}; }
  ir::Instr k_bool(bool v) { ir::Constant c; c.kind = TypeKind::bool_; c.b = v; return {Opcode::CONST, constant(c)}; }
  ir::Instr k_text(std::string v) { ir::Constant c; c.kind = TypeKind::text; c.s = std::move(v); return {Opcode::CONST, constant(c)}; }
  ir::Instr k_date(const char* iso) {
    ir::Constant c;
    c.kind = TypeKind::date;
    REQUIRE(rt::parse_instant(iso, c.i));
    return {Opcode::CONST, constant(c)};
  }
  ir::Instr k_dur(std::int64_t ms) { ir::Constant c; c.kind = TypeKind::duration; c.i = ms; return {Opcode::CONST, constant(c)}; }
  ir::Instr k_ints(std::vector<std::int64_t> v) {
    ir::Constant c;
    c.kind = TypeKind::list;
    for (auto x : v) c.list.push_back([&] { ir::Constant e; e.kind = TypeKind::int_; e.i = x; return e; }());
    return {Opcode::CONST, constant(c)};
  }

  // Appends the instructions as a chunk (not registered anywhere).
  ir::Chunk raw(const std::vector<ir::Instr>& code) {
    ir::Chunk c{static_cast<std::int32_t>(p.code.size()), static_cast<std::int32_t>(code.size())};
    for (const auto& i : code) {
      p.code.push_back(i);
      p.spans.push_back({0, 1, static_cast<std::int32_t>(p.spans.size()) + 1});
    }
    return c;
  }
  // A chunk to evaluate: registered as an expectation of the test.
  ir::Chunk expr(const std::vector<ir::Instr>& code) {
    ir::Chunk c = raw(code);
    ir::Expect e;
    e.condition = c;
    p.tests[0].expects.push_back(e);
    return c;
  }
  std::int32_t let(const std::vector<ir::Instr>& code) {
    p.funnels[0].lets.push_back({"let" + std::to_string(p.funnels[0].lets.size()), raw(code)});
    return static_cast<std::int32_t>(p.funnels[0].lets.size() - 1);
  }

  std::unique_ptr<rt::LoadedProgram> load() {
    std::string error;
    auto loaded = rt::prepare_program(p, error);
    INFO(error);
    REQUIRE(loaded != nullptr);
    return loaded;
  }
};

// A loaded program, a machine and a record to evaluate chunks against.
struct Run {
  std::unique_ptr<rt::LoadedProgram> program;
  rt::Machine machine;
  std::vector<Value> slots = std::vector<Value>(kSlotCount);
  std::int64_t as_of = 0;
  rt::Fault fault;

  explicit Run(ProgramBuilder& b) : program(b.load()), machine(*program) {
    REQUIRE(rt::parse_instant("2026-01-15T10:30:00Z", as_of));
    begin();
  }
  void begin() { machine.begin(program->ir.funnels[0], slots.data(), as_of); }
  Value eval(ir::Chunk c) {
    fault = {};
    return machine.eval(c, fault);
  }
};

inline std::string show(const Value& v) {
  switch (v.tag) {
    case rt::Tag::unset: return "unset";
    case rt::Tag::boolean: return v.u.b ? "true" : "false";
    case rt::Tag::int_: return "int " + std::to_string(v.u.i);
    case rt::Tag::number: return "number " + std::to_string(v.u.n);
    case rt::Tag::text: return "text \"" + std::string(v.as_text()) + "\"";
    case rt::Tag::date: return "date " + rt::format_instant(v.u.i);
    case rt::Tag::duration: return "duration " + rt::format_duration(v.u.i);
    case rt::Tag::list: return "list of " + std::to_string(v.len);
    case rt::Tag::object: return "object";
  }
  return "?";
}

// Three-valued booleans for tables: 1 true, 0 false, -1 unset.
inline int tri(const Value& v) { return v.tag == rt::Tag::boolean ? (v.u.b ? 1 : 0) : (v.is_set() ? 99 : -1); }

}  // namespace sluice::test
