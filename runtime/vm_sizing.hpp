// How much room the machine needs for a program, measured once when a Machine is
// built so that evaluation never allocates.
#pragma once
#include <cstddef>

#include "compiler/ir.hpp"

namespace sluice::rt {

struct MachineSizes {
  std::size_t chunk_depth = 1;  // most values any one chunk holds on the stack at once
  std::size_t loop_depth = 1;   // quantifier depths (the largest depth operand + 1)
  std::size_t lets = 0;         // most lets of one funnel
  std::size_t quals = 0;        // most qualifications of one funnel
  std::size_t criteria = 0;     // most criteria of one qualification
  int levels = 1;               // chunks running inside one another (lets, qualifications)
};

// Nested let/qualification evaluations deeper than this, quantifiers nested deeper
// than kMaxLoopDepth, are a fault (E_LIMIT); so is nesting that would make the stack
// larger than kMaxStackValues.
inline constexpr int kMaxLevels = 128;
inline constexpr std::size_t kMaxLoopDepth = 256;
inline constexpr std::size_t kMaxStackValues = std::size_t{1} << 20;

MachineSizes measure_program(const ir::Program& program);

// Every chunk of the program: funnels (with their stages, transitions, actions,
// explain terms) and test expectations.
template <class F>
void for_each_chunk(const ir::Program& p, F&& f) {
  auto terms = [&](const std::vector<ir::Term>& ts) {
    for (const ir::Term& t : ts) f(t.condition), f(t.value);
  };
  auto actions = [&](const std::vector<ir::Action>& as) {
    for (const ir::Action& a : as) {
      f(a.value);
      for (const ir::EmitField& e : a.fields) f(e.value);
    }
  };
  for (const ir::Funnel& fn : p.funnels) {
    f(fn.applies);
    for (const ir::Let& l : fn.lets) f(l.value);
    for (const ir::Qualification& q : fn.qualifications) {
      for (const ir::Criterion& c : q.criteria) f(c.condition);
      f(q.pass);
    }
    for (const ir::Stage& s : fn.stages) {
      f(s.entry), f(s.exit);
      terms(s.entry_terms), terms(s.exit_terms);
      actions(s.on_enter), actions(s.on_exit);
    }
    for (const ir::Transition& t : fn.transitions) {
      f(t.when);
      terms(t.when_terms);
      actions(t.actions);
    }
  }
  for (const ir::Test& t : p.tests)
    for (const ir::Expect& e : t.expects) {
      f(e.condition);
      for (const ir::EmitField& w : e.with) f(w.value);
    }
}

// Stack effect of one instruction when its operands are on the stack (the net change
// a linear scan adds); quantifiers keep their list slot, their body adds one value
// that the loop consumes at the body's end.
int stack_effect(const ir::Instr& instr);

}  // namespace sluice::rt
