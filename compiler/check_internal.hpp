// The checker's private state, shared by compiler/check*.cpp and compiler/lint.cpp.
// Not a public interface: only compiler/check.hpp is.
#pragma once
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "compiler/check.hpp"

namespace sluice::check_detail {

// Top-level declarations share one namespace across all loaded modules.
enum class GlobalKind : std::uint8_t { const_, record, let, qualification, funnel, calendar };
const char* kind_name(GlobalKind k);

struct Global {
  GlobalKind kind;
  std::size_t module;
  std::uint32_t index;  // into the module's File vector of that kind
  Span span;            // the declared name
};

// A generic declaration (top-level `let`, `qualification`) being checked against the
// record of one funnel: a missing field is blamed on the funnel's use site.
struct Generic {
  std::string name;   // "BANT", "icp_fit"
  std::size_t module;
  Span use_site;      // the outermost use in the funnel (or test)
};

struct QuantVar {
  std::string name;
  TypeRef element;
  std::int32_t depth;
  std::int32_t layout;  // RecordInfo::element_layouts index of the element, -1 unknown
};

struct FunnelState;

// Where an expression is being checked: which names are visible.
struct Ctx {
  FunnelState* funnel = nullptr;  // null: no record (const and default expressions)
  std::size_t module = 0;         // the module whose text this is (import usage)
  bool funnel_lets = false;       // the funnel's own lets are visible
  bool results = false;           // test `expect`: result names first
  std::int32_t criteria_qual = -1;  // `pass when EXPR`: criterion names of this instance
  const Generic* generic = nullptr;
  std::vector<QuantVar> quants;   // innermost last
};

// A name that is not a field of the record, in a generic: reported once the
// surrounding expression has told what type it should have.
struct Missing {
  ast::Expr* expr;
  std::string path;   // "budget_confirmed", "company.employees"
  TypeRef hint;
  Generic generic;
  std::string record;
  std::string suggestion;
};

enum class State : std::uint8_t { active, done };
struct Instance {
  State state = State::active;
  std::int32_t index = -1;
};

struct FunnelState {
  std::size_t instance = 0;  // index into CheckedPolicy::funnels
  ast::Funnel* decl = nullptr;
  std::size_t module = 0;
  std::int32_t record = -1;
  std::map<std::string, const ast::Let*> local_lets;
  std::map<const ast::Let*, Instance> lets;
  std::map<const ast::Qualification*, Instance> quals;
  std::set<const ast::Let*> used_local_lets;
};

struct ConstInfo {
  State state = State::active;
  std::int32_t index = -1;  // into CheckedPolicy::constants; -1 after an error
  TypeRef type;
};

class Checker {
 public:
  Checker(CheckedPolicy& policy, SourceManager& sm, Diagnostics& diags);
  void run();

  // ---- check.cpp: declarations, names across modules, usage
  void collect_globals();
  const Global* global(const std::string& name) const;
  std::vector<std::string> names_of(GlobalKind k) const;
  void note_use(const Ctx& c, const Global& g);
  ast::File& file_of(std::size_t module) { return *policy_.modules.modules[module].ast; }
  std::string where(std::size_t module, Span s) const;  // "std/bant:4"
  void compute_unused();
  void check_calendars();
  void check_time_zone(const ast::Calendar& cal);
  void check_qualification_decls();
  void error(const char* code, Span at, std::string message, std::string label = {}, std::string help = {});
  void error2(const char* code, Span at, std::string message, std::string label, Span other,
              std::string other_label, std::string help = {});

  // ---- check_layout.cpp: record slot layouts and field types
  void build_records();
  TypeRef resolve_type(const ast::TypeExpr& t, int depth);
  void add_fields(RecordInfo& ri, ir::Layout& layout, std::vector<ast::FieldDecl>& fields, std::int32_t parent,
                  const std::string& prefix, bool top, int depth);
  std::int32_t element_layout(RecordInfo& ri, ast::TypeExpr& element, int depth);
  void add_stamps(RecordInfo& ri);
  std::int32_t default_constant(ast::FieldDecl& f, const TypeRef& type, std::size_t module);

  // ---- check_const.cpp
  const ConstInfo& const_info(const Global& g);
  std::int32_t add_constant(ir::Constant c, std::string name);

  // ---- check_expr.cpp / check_ops.cpp / check_names.cpp
  TypeRef expr(ast::Expr& e, Ctx& c, const TypeRef& expected = nullptr);
  TypeRef root(ast::Expr& e, Ctx& c, const TypeRef& expected = nullptr);
  void condition(ast::Expr& e, Ctx& c, const std::string& what);
  void require_value(ast::Expr& e, const TypeRef& t, const TypeRef& target, const std::string& what);
  TypeRef name(ast::Expr& e, Ctx& c, const TypeRef& expected);
  TypeRef member(ast::Expr& e, Ctx& c, const TypeRef& expected);
  TypeRef qual_member(ast::Expr& e, Ctx& c, const Global& g);
  TypeRef binary(ast::Expr& e, Ctx& c);
  TypeRef comparison(ast::Expr& e, Ctx& c);
  TypeRef membership(ast::Expr& e, Ctx& c);
  TypeRef arithmetic(ast::Expr& e, Ctx& c);
  TypeRef quantifier(ast::Expr& e, Ctx& c);
  TypeRef list_literal(ast::Expr& e, Ctx& c);
  void check_pattern(ast::Expr& pattern, Ctx& c);
  bool check_enum_value(const Type& enum_type, ast::Expr& literal, const ast::Expr& enum_side);
  void check_enum_list(const Type& enum_type, ast::Expr& list, const ast::Expr& enum_side);
  void missing_name(ast::Expr& e, Ctx& c, const std::string& path, const TypeRef& expected,
                    std::vector<std::string> candidates);
  void hint(const ast::Expr& e, const TypeRef& t);
  void report_missing(const std::vector<Missing>& items);
  std::string text_of(const ast::Expr& e) const;

  // ---- check_calls.cpp
  TypeRef call(ast::Expr& e, Ctx& c);

  // ---- check_funnel.cpp
  void check_funnels();
  void check_funnel(FunnelState& fs);
  void check_stage(FunnelState& fs, ast::Stage& s);
  void check_actions(FunnelState& fs, std::vector<ast::Action>& actions);
  std::int32_t let_instance(FunnelState& fs, const ast::Let& decl, std::size_t module, bool top_level, Ctx& user,
                            Span use);
  std::int32_t qual_instance(FunnelState& fs, const Global& g, Ctx& user, Span use, bool reported);
  std::int32_t stage_index(const ast::Funnel& f, const std::string& name) const;
  Ctx funnel_ctx(FunnelState& fs);

  // ---- check_tests.cpp
  void check_tests();
  void check_given(ast::Expr& e, const TypeRef& type, const std::string& record, const std::string& prefix, Ctx& c);

  CheckedPolicy& policy_;
  SourceManager& sm_;
  Diagnostics& diags_;
  std::map<std::string, Global> globals_;
  std::vector<TypeRef> record_types_;  // parallel to policy_.records: top-level fields, stamps included
  std::vector<FunnelState> funnels_;
  std::map<const ast::Const*, ConstInfo> consts_;
  std::set<const void*> used_;         // declarations referenced from anywhere
  std::set<std::pair<std::size_t, std::size_t>> module_uses_;  // (user module, declaring module)
  std::vector<Missing> missing_;
  std::vector<std::string> active_chain_;  // lets/consts/qualifications being checked (cycles)
  int nesting_ = 0;                    // instantiation depth (bounded recursion)
  static constexpr int kMaxNesting = 64;
};

// Folds an annotated expression to a constant, or nullopt when it is not constant.
// `fault` receives a message when folding fails on a constant expression (overflow,
// division by zero). Used for `const`, defaults and the lints.
std::optional<ir::Constant> fold_constant(const ast::Expr& e, const std::vector<ir::Constant>& constants,
                                          std::string* fault = nullptr);

// The slot of a top-level field path, -1 when the layout has none (a field whose
// declaration failed to parse has a type entry but no slot).
inline std::int32_t slot_of(const RecordInfo& ri, const std::string& path) {
  auto it = ri.slot_by_path.find(path);
  return it == ri.slot_by_path.end() ? -1 : it->second;
}

std::string snake_case(const std::string& name);      // `ClosedWon` -> `closed_won`
std::string folded_text(std::string_view text);       // whitespace runs -> one space, trimmed
TypeRef join(const TypeRef& a, const TypeRef& b);      // common type, or null when none
bool text_like(const Type& t);                         // text or enum

}  // namespace sluice::check_detail
