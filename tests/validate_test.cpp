// IR validation: a compiled program is accepted; each corruption is rejected with
// its own message.
#include <catch2/catch.hpp>

#include <functional>
#include <limits>

#include "lower_test_support.hpp"
#include "runtime/validate.hpp"

using sluice::testing::compile_ok;
using sluice::testing::listing;
namespace ir = sluice::ir;
using ir::Opcode;

namespace {

const char* kPolicy = R"(policy "v" version "1.0.0"
record r { id: text key  n: int?  tags: list<text>  items: list<{ name: text, score: int }>  stage: text? }
qualification Q { criterion a : n > 1
                  criterion b : n > 2
                  pass when all }
calendar cal { timezone "Europe/Warsaw" }
funnel f for r {
  stage field stage
  let a = n > 1
  let b = a and n > 2
  stage A { entry passes Q and n > 1  sla 2 business days in cal }
  stage B { entry any i in items where i.score > 1 }
  stage C terminal { entry b }
  transition "t" A -> B when n == 3
}
test "x" { given { id: "a", tags: [], items: [] }  expect stage == "A" }
)";

const ir::Program& base() {
  static const ir::Program p = compile_ok(kPolicy);
  return p;
}

ir::Instr& at(ir::Program& p, ir::Chunk c, int offset) { return p.code.at(static_cast<std::size_t>(c.start + offset)); }

// Applies `corrupt` to a copy of the base program; it must be rejected with a
// message containing `expected`.
void rejected(const std::function<void(ir::Program&)>& corrupt, const std::string& expected) {
  ir::Program p = base();
  corrupt(p);
  std::string error;
  CHECK_FALSE(sluice::rt::validate_program(p, error));
  INFO("error: " << error);
  CHECK(error.find(expected) != std::string::npos);
}

}  // namespace

TEST_CASE("the base program has the shapes the corruptions rely on") {
  const ir::Program& p = base();
  const ir::Funnel& f = p.funnels.at(0);
  CHECK(listing(p, f.lets.at(0).value) == "LOAD n; CONST 1; GT");
  CHECK(listing(p, f.lets.at(1).value) == "LET 0; AND_SC 4; LOAD n; CONST 2; GT; AND");
  CHECK(listing(p, f.stages.at(0).entry) == "QUAL_PASSED 0; AND_SC 4; LOAD n; CONST 1; GT; AND");
  CHECK(listing(p, f.stages.at(1).entry) == "LOAD items; ANY 0 3; LOAD_ELEM 0 1; CONST 1; GT");
  CHECK(listing(p, f.qualifications.at(0).criteria.at(0).condition) == "LOAD n; CONST 1; GT");
  CHECK(listing(p, p.tests.at(0).expects.at(0).condition) == "RESULT 0; CONST \"A\"; EQ");
}

TEST_CASE("compiled programs are valid") {
  std::string error;
  CHECK(sluice::rt::validate_program(base(), error));
  CHECK(error.empty());
  CHECK(sluice::rt::validate_program(ir::Program{}, error));
}

TEST_CASE("corrupted programs are rejected, each with its message") {
  using P = ir::Program;
  const auto entry = [](P& p, int stage) { return p.funnels[0].stages[static_cast<std::size_t>(stage)].entry; };
  rejected([](P& p) { p.ir_version = 2; }, "this IR was written by another version: ir_version 2, expected 1");
  rejected([](P& p) { p.spans.pop_back(); }, "ir: spans: ");
  rejected([](P& p) { p.spans[0].file = 7; }, "ir: spans[0]: file 7 out of range (1 available)");
  // code
  rejected([&](P& p) { at(p, entry(p, 0), 1).a = 40; }, "ir: funnels[0].stages[0].entry: code[");
  rejected([&](P& p) { at(p, entry(p, 0), 1).a = 40; }, "AND_SC: jumps to");
  rejected([&](P& p) { at(p, entry(p, 0), 1).a = -2; }, "AND_SC: jumps backwards");
  rejected([&](P& p) { at(p, entry(p, 0), 1).a = 2; }, "a jump lands at code[");  // onto CONST, with 1 value where 2 are
  rejected([&](P& p) { at(p, entry(p, 0), 2).a = 999; }, "LOAD: slot 999 out of range");
  rejected([&](P& p) { at(p, entry(p, 0), 3).a = 999; }, "CONST: constant 999 out of range");
  // LOAD; NOT; GT still finds 2 values (QUAL_PASSED's is below), so AND runs short.
  rejected([&](P& p) { at(p, entry(p, 0), 3).op = Opcode::NOT; }, "AND: needs 2 values, the stack holds 1");
  rejected([&](P& p) { at(p, entry(p, 0), 4).op = Opcode::I2N; }, "the chunk leaves 2 values on the stack, expected 1");
  rejected([&](P& p) { at(p, entry(p, 0), 4).b = 1; }, "GT: unused operand b is not 0");
  rejected([&](P& p) { at(p, entry(p, 0), 4).op = static_cast<Opcode>(200); }, "invalid opcode 200");
  rejected([&](P& p) { at(p, entry(p, 0), 0).a = 5; }, "QUAL_PASSED: qualification 5 out of range (1 available)");
  rejected([&](P& p) { at(p, entry(p, 0), 0) = ir::Instr{Opcode::QUAL_MET, 0, 2}; }, "QUAL_MET: criterion 2 out of range (2 available)");
  rejected([&](P& p) { at(p, entry(p, 0), 0) = ir::Instr{Opcode::RESULT, 0, 0}; }, "only readable in test expectations");
  rejected([&](P& p) { at(p, entry(p, 0), 0) = ir::Instr{Opcode::LET, 9, 0}; }, "LET: let 9 out of range (2 available)");
  rejected([&](P& p) { p.funnels[0].stages[0].entry.length = 100000; }, "ends past the code");
  rejected([&](P& p) { p.funnels[0].stages[0].entry.length = 0; }, "is empty");
  rejected([&](P& p) { p.funnels[0].stages[0].entry.start = -3; }, "has a negative start");
  rejected([&](P& p) { p.funnels[0].stages[0].entry.length = 5; }, "AND_SC: jumps to 21, past the end of its chunk (20)");
  rejected([&](P& p) { p.funnels[0].lets[0].value.length = 2; }, "lets[0].value: the chunk leaves 2 values on the stack, expected 1");
  // quantifiers
  rejected([&](P& p) { at(p, entry(p, 1), 1).a = 1; }, "ANY: binds depth 1, but it is nested in 0 quantifiers");
  rejected([&](P& p) { at(p, entry(p, 1), 1).b = 9; }, "ANY: body ends at");
  rejected([&](P& p) { at(p, entry(p, 1), 1).b = 0; }, "ANY: empty body");
  rejected([&](P& p) { at(p, entry(p, 1), 1).b = 2; }, "the body of the quantifier at code[");
  rejected([&](P& p) { at(p, entry(p, 1), 2).a = 1; }, "LOAD_ELEM: depth 1 is not bound here (1 enclosing quantifiers)");
  rejected([&](P& p) { at(p, entry(p, 1), 2).b = 99; }, "LOAD_ELEM: element field 99 out of range");
  rejected([&](P& p) { at(p, entry(p, 0), 2) = ir::Instr{Opcode::LOAD_ELEM, 0, 0}; }, "LOAD_ELEM: depth 0 is not bound here");
  // A jump from before a quantifier into its body.
  rejected(
      [&](P& p) {
        const ir::Chunk c = entry(p, 1);  // LOAD items; ANY 0 3; LOAD_ELEM 0 1; CONST 1; GT
        at(p, c, 0) = ir::Instr{Opcode::LOAD, 1, 0};
        at(p, c, 1) = ir::Instr{Opcode::OR_SC, 1, 0};  // lands on CONST, inside nothing: fine so far
        at(p, c, 2) = ir::Instr{Opcode::LOAD, 1, 0};
        at(p, c, 3) = ir::Instr{Opcode::ANY, 0, 1};
        at(p, c, 4) = ir::Instr{Opcode::NULL_, 0, 0};
      },
      "a jump lands at code[");
  // calls
  rejected([&](P& p) { at(p, entry(p, 0), 2) = ir::Instr{Opcode::CALL, 99, 0}; }, "CALL: built-in 99 out of range");
  rejected([&](P& p) { at(p, entry(p, 0), 3) = ir::Instr{Opcode::CALL, 0, 3}; }, "CALL: `len` takes 1..1 arguments, not 3");
  rejected([&](P& p) { at(p, entry(p, 0), 3) = ir::Instr{Opcode::MATCHES, 0, 0}; }, "MATCHES: regex 0 out of range (0 available)");
  rejected([&](P& p) { at(p, entry(p, 0), 3) = ir::Instr{Opcode::I2N, 3, 0}; }, "I2N: converts the value 3 below the top");
  rejected([&](P& p) { at(p, entry(p, 0), 3) = ir::Instr{Opcode::LIST, -1, 0}; }, "LIST: negative element count");
  // lets and qualifications
  rejected([&](P& p) { at(p, p.funnels[0].lets[0].value, 0) = ir::Instr{Opcode::LET, 1, 0}; }, "a let may only read earlier lets");
  rejected([&](P& p) { at(p, p.funnels[0].lets[0].value, 0) = ir::Instr{Opcode::LET, 0, 0}; }, "a let may only read earlier lets");
  rejected(
      [&](P& p) {
        at(p, p.funnels[0].lets[0].value, 0) = ir::Instr{Opcode::QUAL_SCORE, 0, 0};
        at(p, p.funnels[0].qualifications[0].criteria[1].condition, 0) = ir::Instr{Opcode::LET, 0, 0};
      },
      "lets and qualifications read each other in a cycle");
  rejected([&](P& p) { at(p, p.funnels[0].qualifications[0].criteria[0].condition, 0) = ir::Instr{Opcode::QUAL_MET, 0, 1}; },
           "a qualification reads its own result");
  rejected([&](P& p) { p.funnels[0].qualifications[0].pass = p.funnels[0].lets[0].value; }, "only the expression rule has a pass chunk");
  rejected([&](P& p) { p.funnels[0].qualifications[0].rule = ir::PassRule::expr; }, "qualifications[0].pass: missing");
  rejected([&](P& p) { p.funnels[0].qualifications[0].threshold = std::numeric_limits<double>::infinity(); }, "not a finite number");
  rejected([&](P& p) { p.funnels[0].lets[1].value = {}; }, "funnels[0].lets[1].value: missing");
  // pools and layouts
  rejected([](P& p) { p.constants[0].kind = sluice::TypeKind::object; }, "ir: constants[0]: kind 10 is not a constant kind");
  rejected([](P& p) { p.constants[0] = ir::Constant{sluice::TypeKind::number, false, 0, std::nan(""), "", {}}; }, "number is not finite");
  rejected([](P& p) {
    ir::Constant inner{sluice::TypeKind::list, false, 0, 0, "", {}};
    p.constants[0] = ir::Constant{sluice::TypeKind::list, false, 0, 0, "", {inner}};
  }, "ir: constants[0][0]: a list constant holds scalars only");
  rejected([](P& p) { p.layouts[0].slots[1].parent = 3; }, "parent 3 is not an earlier slot");
  rejected([](P& p) { p.layouts[0].slots[1].parent = 0; }, "parent 0 is not an object");
  rejected([](P& p) {
    for (auto& s : p.layouts[0].slots)
      if (s.path == "items") s.element_layout = 0;
  }, "ir: layouts: an element layout contains itself");
  rejected([](P& p) { p.layouts[0].slots[1].default_const = 999; }, "constant 999 out of range");
  rejected([](P& p) { p.layouts[0].slots[1].kind = sluice::TypeKind::error; }, "is not a field kind");
  rejected([](P& p) { p.records[0].layout = 9; }, "ir: records[0].layout: layout 9 out of range");
  rejected([](P& p) { p.records[0].key_slot = 999; }, "ir: records[0].key_slot: slot 999 out of range");
  rejected([](P& p) { p.calendars[0].end_minute = 2000; }, "ir: calendars[0]: working hours");
  rejected([](P& p) { p.calendars[0].timezone.clear(); }, "ir: calendars[0]: no time zone");
  // funnels
  rejected([](P& p) { p.funnels[0].record = 4; }, "ir: funnels[0].record: record 4 out of range");
  rejected([](P& p) { p.funnels[0].stage_field = 1; }, "the stage field must be a top-level text or enum field");
  rejected([](P& p) { p.funnels[0].stages[1].name = "A"; }, "stage name `A` is empty or repeated");
  rejected([](P& p) { p.funnels[0].stages[1].kind = static_cast<ir::StageKind>(9); }, "unknown stage kind");
  rejected([](P& p) { p.funnels[0].stages[0].sla.calendar = 3; }, "sla.calendar: calendar 3 out of range");
  rejected([](P& p) { p.funnels[0].stages[0].stamp_slot = 1; }, "a stamp needs a top-level date field");
  rejected([](P& p) { p.funnels[0].stages[0].on_enter.push_back(ir::Action{ir::ActionKind::set, 999, {}, "", {}, "", "", {}}); },
           "on_enter[0].slot: slot 999 out of range");
  rejected([](P& p) { p.funnels[0].stages[0].on_enter.push_back(ir::Action{ir::ActionKind::stamp, 1, {}, "", {}, "", "", {}}); },
           "a stamp needs a date field");
  rejected([](P& p) { p.funnels[0].transitions[0].sources = {2}; }, "sources[0]: leaves terminal stage `C`");
  rejected([](P& p) { p.funnels[0].transitions[0].sources = {7}; }, "sources[0]: stage 7 out of range");
  rejected([](P& p) { p.funnels[0].transitions[0].target = -1; }, "transitions[0].target: stage -1 out of range");
  rejected([](P& p) { p.funnels[0].transitions[0].from_any = true; }, "either `any` or a list of source stages");
  rejected([](P& p) { p.funnels[0].stages[0].entry_terms.at(0).condition = {}; }, "entry_terms[0].condition: missing");
  // tests
  rejected([](P& p) { p.tests[0].funnel = 3; }, "ir: tests[0].funnel: funnel 3 out of range");
  rejected([](P& p) { p.tests[0].expects[0].condition = {}; }, "tests[0].expects[0].condition: missing");
  rejected([](P& p) { p.tests[0].expects[0].pos.file = -1; }, "tests[0].expects[0].pos: file -1 out of range");
}
