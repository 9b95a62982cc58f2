// Private to the lowering (compiler/lower*.cpp): the state shared while one
// CheckedPolicy is turned into one ir::Program.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "compiler/check.hpp"
#include "compiler/ir.hpp"

namespace sluice::lowering {

class Lowerer {
 public:
  Lowerer(const CheckedPolicy& policy, const SourceManager& sm, ir::Program& out);

  // ---- pools (lower.cpp)
  // Same kind and value -> same index. Numbers compare by bit pattern.
  std::int32_t intern_constant(const ir::Constant& c);
  std::int32_t intern_regex(const std::string& pattern);

  // ---- source positions and text (lower.cpp)
  ir::SrcPos pos(Span s);
  // The source text of a span with comments removed and white space folded to
  // single spaces, trimmed: "lead_score >= 100".
  std::string folded_text(Span s) const;

  // ---- code (lower_expr.cpp)
  // Lowers `e` as one contiguous chunk leaving one value on the stack.
  ir::Chunk chunk(const ast::Expr& e);
  ir::Chunk optional_chunk(const ast::Expr* e) { return e ? chunk(*e) : ir::Chunk{}; }
  // A constant expression (scalar literal, all-constant list literal, `const` name)
  // as a pool value; false for anything else.
  bool constant_value(const ast::Expr& e, ir::Constant& out) const;

  // ---- explain terms (lower_terms.cpp)
  std::vector<ir::Term> terms(const ast::Expr* condition);

  // ---- test `given` objects (lower_given.cpp)
  // The inline object literal as a JSON object keyed by field names.
  std::string given_json(const ast::Expr& object);

  const CheckedPolicy& policy() const { return policy_; }
  ir::Program& program() { return out_; }

 private:
  void expr(const ast::Expr& e);
  // Lowers `e` and widens it to a number when `to_number` and it is an int.
  void value(const ast::Expr& e, bool to_number);
  void emit(ir::Opcode op, const ast::Expr& at, std::int32_t a = 0, std::int32_t b = 0);
  void literal(const ast::Expr& e);
  void reference(const ast::Expr& e);
  void call(const ast::Expr& e);
  void unary(const ast::Expr& e);
  void binary(const ast::Expr& e);
  void logic(const ast::Expr& e, ir::Opcode short_circuit, ir::Opcode combine);
  void coalesce(const ast::Expr& e);
  void arithmetic(const ast::Expr& e);
  void comparison(const ast::Expr& e, ir::Opcode op);
  void membership(const ast::Expr& e, const ast::Expr& item, const ast::Expr& list, ir::Opcode op);
  void widened_membership(const ast::Expr& e, const ast::Expr& item, const ast::Expr& list);
  void list_literal(const ast::Expr& e, bool elements_to_number);
  void between(const ast::Expr& e);
  void matches(const ast::Expr& e);
  void quantifier(const ast::Expr& e);
  // Patches the forward offset of the jump at `pc` to land on the next instruction.
  void patch_jump(std::int32_t pc);
  std::int32_t element_depth(std::int32_t checker_depth) const;
  std::int32_t here() const { return static_cast<std::int32_t>(out_.code.size()); }

  const CheckedPolicy& policy_;
  const SourceManager& sm_;
  ir::Program& out_;
  std::map<std::string, std::int32_t> constant_index_;  // canonical key -> index
  std::map<std::string, std::int32_t> regex_index_;
  std::map<FileId, std::int32_t> file_index_;           // FileId -> Program::files
  std::int32_t quantifier_depth_ = 0;                   // enclosing quantifiers in this chunk
  // Checker depths at which widened_membership inserted a quantifier level: element
  // references at or below such a level move one level deeper.
  std::vector<std::int32_t> shift_bases_;
};

// Canonical kind of an expression's type; `error` when the checker left none.
TypeKind kind_of(const ast::Expr& e);
// The element kind of a list-typed expression (null_ when unknown).
TypeKind element_kind_of(const ast::Expr& e);
// Converts int constants (and int list elements) to numbers.
void widen_constant(ir::Constant& c);

// Declarations (lower_decls.cpp).
ir::Funnel lower_funnel(Lowerer& l, const FunnelInstance& f);
ir::Test lower_test(Lowerer& l, const TestInstance& t);

// An invariant of the checked AST does not hold: a bug in an earlier phase, never
// a user error (the checker reports those). Throws std::logic_error.
[[noreturn]] void internal_error(const std::string& what);

}  // namespace sluice::lowering
