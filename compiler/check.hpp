// Name resolution and type checking. Annotates expressions (Expr::type, Expr::ref)
// and computes each record's slot layout. Generic declarations (top-level `let`,
// `qualification`) are cloned and checked once per funnel that uses them, against
// that funnel's record; a missing field is reported as
// "BANT (std/bant:4) needs field `budget_confirmed: bool` in record `lead`".
#pragma once
#include <map>
#include <string>
#include <vector>

#include "compiler/ast.hpp"
#include "compiler/diagnostic.hpp"
#include "compiler/ir.hpp"
#include "compiler/modules.hpp"

namespace sluice {

struct RecordInfo {
  const ast::Record* decl = nullptr;
  std::size_t module = 0;
  ir::Layout layout;                       // top-level slots; list element layouts below
  std::vector<ir::Layout> element_layouts; // Slot::element_layout indexes into this vector
  std::int32_t key_slot = -1;
  std::map<std::string, std::int32_t> slot_by_path;  // "company.employees" -> slot
};

struct LetInstance {
  std::string name;
  const ast::Let* decl = nullptr;   // the declaration (top level or in the funnel)
  ast::ExprPtr value;               // an annotated clone, checked against the funnel's record
};

struct QualInstance {
  const ast::Qualification* decl = nullptr;
  std::size_t module = 0;
  std::vector<ast::ExprPtr> criteria;  // annotated clones, parallel to decl->criteria
  ast::ExprPtr pass_expr;              // annotated clone for PassRule::expr, else null
  bool reported = false;               // in `qualify with` or used in a condition
};

struct FunnelInstance {
  const ast::Funnel* decl = nullptr;   // its stage/transition/applies expressions are
                                       // annotated in place (a funnel has one record)
  std::size_t module = 0;
  std::int32_t record = -1;            // index into CheckedPolicy::records
  std::int32_t stage_field_slot = -1;
  std::vector<std::int32_t> stamp_slots;  // parallel to decl->stages
  std::vector<LetInstance> lets;       // used lets (top-level and funnel), dependency order;
                                       // Ref::index of RefKind::let indexes this vector
  std::vector<QualInstance> quals;     // Ref::index of qual_* indexes this vector
};

struct TestInstance {
  const ast::Test* decl = nullptr;
  std::int32_t funnel = -1;            // the named funnel; -1 = chosen by applies at run time
  std::int32_t check_funnel = -1;      // the funnel whose record the expects were checked against
};

struct CheckedPolicy {
  ModuleSet modules;
  std::vector<ir::Constant> constants;    // RefKind::constant indexes this
  std::vector<std::string> constant_names;
  std::vector<RecordInfo> records;
  std::vector<const ast::Calendar*> calendars;  // RefKind::calendar / Sla::calendar_index
  std::vector<FunnelInstance> funnels;
  std::vector<TestInstance> tests;        // the entry file's tests only
  // Usage, for lints: declarations that nothing referenced.
  std::vector<std::pair<const ast::Let*, std::size_t>> unused_lets;      // (decl, module)
  std::vector<std::pair<const ast::Const*, std::size_t>> unused_consts;
  std::vector<std::pair<const ast::Qualification*, std::size_t>> unused_quals;
};

// Never throws on user input; errors go to `diags`. The result is only lowered when
// `diags` has no errors.
CheckedPolicy check(ModuleSet modules, SourceManager& sm, Diagnostics& diags);

// Lints (warnings, plus the errors the issue lists as lints: a transition out of a
// terminal stage). compiler/lint.cpp.
void lint(const CheckedPolicy& policy, const SourceManager& sm, Diagnostics& diags);

}  // namespace sluice
