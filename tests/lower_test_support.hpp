// Shared by lower_test, ir_json_test and validate_test: compile policy text and show
// chunks as short opcode listings.
#pragma once
#include <catch2/catch.hpp>

#include <string>

#include "compiler/compile.hpp"
#include "compiler/ir_disasm.hpp"

namespace sluice::testing {

// Compiles `text` (as file `path`); fails the test with the diagnostics on errors.
inline ir::Program compile_ok(const std::string& text, const std::string& path = "t.funnel") {
  CompileOptions options;
  options.lints = false;
  CompileResult r = compile_text(path, text, options);
  INFO(render_text(r.diagnostics, r.sources));
  REQUIRE(r.program.has_value());
  return std::move(*r.program);
}

// "LOAD n; CONST 100; GE": opcode names; operands of opcodes that have them;
// CONST shows the constant, LOAD the slot's path in `layout`.
inline std::string listing(const ir::Program& p, ir::Chunk c, std::int32_t layout = 0) {
  if (!c.present()) return "<absent>";
  std::string out;
  for (std::int32_t pc = c.start; pc < c.start + c.length; ++pc) {
    const ir::Instr& in = p.code.at(static_cast<std::size_t>(pc));
    const ir::OpcodeInfo& info = ir::opcode_info(in.op);
    if (!out.empty()) out += "; ";
    out += info.name;
    if (in.op == ir::Opcode::CONST) {
      out += " " + ir::constant_to_text(p.constants.at(static_cast<std::size_t>(in.a)));
    } else if (in.op == ir::Opcode::LOAD) {
      out += " " + p.layouts.at(static_cast<std::size_t>(layout)).slots.at(static_cast<std::size_t>(in.a)).path;
    } else {
      if (std::string(info.operand_a) != "_") out += " " + std::to_string(in.a);
      if (std::string(info.operand_b) != "_") out += " " + std::to_string(in.b);
    }
  }
  return out;
}

// The record used by most lowering tests, and a policy whose first stage's entry
// is `entry`.
inline const char* kRecord = R"(
record r {
  id: text key
  n: int?
  x: number?
  s: text?
  d: date?
  dur: duration?
  flag: bool = false
  tags: list<text>
  nums: list<int>
  items: list<{ name: text, score: int }>
  status: enum("open", "won")?
  stage: text?
}
)";

inline std::string policy_with_entry(const std::string& entry, const std::string& extra = "") {
  return std::string("policy \"t\" version \"1.0.0\"\n") + kRecord + extra +
         "\nfunnel f for r {\n  stage field stage\n  stage A {\n    entry " + entry + "\n  }\n}\n";
}

inline std::string entry_listing(const std::string& entry, const std::string& extra = "") {
  ir::Program p = compile_ok(policy_with_entry(entry, extra));
  return listing(p, p.funnels.at(0).stages.at(0).entry);
}

}  // namespace sluice::testing
