// The typed AST. The parser (compiler/parse.cpp) builds it with byte-offset spans;
// the checker (compiler/check.cpp) fills the `type` and `ref` annotations of
// expressions; lowering (compiler/lower.cpp) reads only annotated expressions.
//
// Generic declarations (top-level `let`, `qualification`) are type-checked once per
// funnel that uses them, against that funnel's record: the checker clones their
// expressions per funnel (see check.hpp, FunnelInstance), so one Expr tree is only
// ever annotated for one record.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/source.hpp"
#include "compiler/types.hpp"

namespace sluice::ast {

struct Ident {
  std::string name;
  Span span;
};

// ---------------------------------------------------------------- expressions

enum class ExprKind : std::uint8_t {
  // literals
  int_lit,       // int_value
  number_lit,    // number_value
  text_lit,      // text (unescaped)
  bool_lit,      // bool_value
  null_lit,      // `null`: the not-set value
  date_lit,      // int_value = milliseconds since 1970-01-01T00:00:00Z
  duration_lit,  // int_value = milliseconds
  list_lit,      // args = elements
  object_lit,    // args = values, keys = field names (same order)
  now,           // `now`
  today,         // `today` (the as-of date at 00:00 UTC)
  // names
  name,          // ident: a field of the record, a let, a const, a quantifier variable,
                 // a qualification (only before `.`) or, in tests, a result name
  member,        // args[0] `.` ident   (field access, or BANT.score / BANT.budget / BANT.missing)
  call,          // ident(args...)
  passes,        // `passes` ident      (a qualification name)
  // operators
  unary,         // op (not, neg) args[0]
  binary,        // op args[0] args[1]
  is_set,        // args[0] is set      (negated = true for `is not set`)
  between,       // args[0] between args[1] and args[2]
  quantifier,    // quant (any/all/count) ident=variable, args[0]=list, args[1]=condition
};

enum class Op : std::uint8_t {
  none,
  // unary
  not_, neg,
  // binary, loosest first
  or_, and_,
  eq, ne, lt, le, gt, ge, in, not_in, contains, starts_with, ends_with, matches,
  coalesce,  // ??
  add, sub, mul, div, mod,
};

// A binary operator as written in a policy ("starts with", "??"); "?" for none/unary.
const char* op_spelling(Op op);

enum class Quant : std::uint8_t { any, all, count };

// What a name or member expression refers to, filled by the checker.
enum class RefKind : std::uint8_t {
  unresolved,
  field,          // a record field: slot = slot number in the funnel's record layout
  element_field,  // a field of a quantifier variable's element: depth = quantifier depth
                  // (0 = outermost), slot = element field index (0 for scalar lists)
  element,        // the quantifier variable itself (a scalar list element): depth
  let,            // a let: index = let index in the funnel instance
  constant,       // a const: index = index into CheckedPolicy::constants
  qual_score,     // BANT.score: index = qualification index in the funnel instance
  qual_criterion, // BANT.budget: index = qualification, slot = criterion index
  qual_missing,   // BANT.missing
  qual_passed,    // passes BANT: index = qualification
  result,         // tests only: index = ResultName
  builtin,        // call: index = builtin id (compiler/builtins.hpp)
  calendar,       // a calendar name as a builtin argument: index = calendar index
};

// Result names usable in test `expect` expressions.
enum class ResultName : std::uint8_t { stage, from, moved, entered, funnel, unstaged };

struct Ref {
  RefKind kind = RefKind::unresolved;
  std::int32_t index = -1;
  std::int32_t slot = -1;
  std::int32_t depth = -1;
};

struct Expr {
  ExprKind kind;
  Span span;
  Op op = Op::none;
  Quant quant = Quant::any;
  bool negated = false;  // is_set: `is not set`
  std::int64_t int_value = 0;
  double number_value = 0;
  bool bool_value = false;
  std::string text;                 // text_lit value (unescaped); matches: pattern is args[1]
  Ident ident;                      // name / member / call / passes / quantifier variable
  std::vector<std::unique_ptr<Expr>> args;
  std::vector<Ident> keys;          // object_lit
  // --- annotations (checker) ---
  TypeRef type;                     // semantic type; Type::error after a reported error
  Ref ref;

  Expr(ExprKind k, Span s) : kind(k), span(s) {}
};
using ExprPtr = std::unique_ptr<Expr>;

ExprPtr clone(const Expr& e);  // deep copy, annotations included (compiler/ast.cpp)

// ---------------------------------------------------------------- types as written

struct TypeExpr;
using TypeExprPtr = std::unique_ptr<TypeExpr>;

struct FieldDecl {
  Ident name;
  TypeExprPtr type;
  bool is_key = false;
  ExprPtr default_value;            // `= EXPR` (a literal or constant expression)
  std::optional<std::string> from;  // `from "Source_Name__c"`
  Span from_span;
  Span span;                        // the whole field declaration
};

enum class TypeExprKind : std::uint8_t { named, enum_, list, object };

struct TypeExpr {
  TypeExprKind kind = TypeExprKind::named;
  Span span;
  Ident name;                        // named: bool int number text date duration
  std::vector<std::string> enum_values;
  std::vector<Span> enum_spans;
  TypeExprPtr element;               // list<element>
  std::vector<FieldDecl> fields;     // object { ... }
  bool optional = false;             // trailing `?`
};

// ---------------------------------------------------------------- declarations

struct PolicyHeader {
  std::string name;
  std::string version;
  Span span, name_span, version_span;
};

struct Import {
  std::string path;   // "std/bant" or "./shared/fit.funnel"
  Span span;          // the whole import
  Span path_span;
};

struct Const {
  Ident name;
  ExprPtr value;
  Span span;
};

struct Record {
  Ident name;
  std::vector<FieldDecl> fields;
  Span span;
};

struct Let {
  Ident name;
  ExprPtr value;
  Span span;
};

struct Criterion {
  Ident name;
  std::optional<std::string> label;
  std::int64_t weight = 1;
  bool has_weight = false;
  Span weight_span;
  ExprPtr condition;
  Span span;
};

enum class PassRule : std::uint8_t { all, at_least, score, expr };

struct Qualification {
  Ident name;
  std::optional<std::string> label;
  std::vector<Criterion> criteria;
  PassRule rule = PassRule::all;
  double threshold = 0;          // at_least: N (whole number), score: X
  ExprPtr pass_expr;             // expr: a bool expression over criterion names
  Span pass_span;
  bool has_pass = false;         // a missing `pass when` is a diagnostic
  Span span;
};

enum class ActionKind : std::uint8_t { set, stamp, emit, notify };

struct Action {
  ActionKind kind;
  Span span;
  Ident target;                   // set/stamp: field; emit: event name
  ExprPtr value;                  // set
  std::vector<Ident> keys;        // emit
  std::vector<ExprPtr> values;    // emit
  std::string team, message;      // notify
  // annotations (checker): set/stamp field slot
  std::int32_t slot = -1;
};

enum class SlaKind : std::uint8_t { none, duration, business_days, business_hours };

struct Sla {
  SlaKind kind = SlaKind::none;
  std::int64_t duration_ms = 0;    // duration
  std::int64_t amount = 0;         // business days / hours
  Ident calendar;                  // business time
  Span span;
  std::int32_t calendar_index = -1;  // annotation
};

enum class StageKind : std::uint8_t { main, side, terminal };

struct Stage {
  Ident name;
  std::optional<std::string> display;
  Span display_span;
  StageKind kind = StageKind::main;
  std::optional<Ident> owner;
  std::optional<std::string> description;
  ExprPtr entry;                   // null: true
  ExprPtr exit;                    // null: true
  Sla sla;
  std::vector<Action> on_enter, on_exit;
  Span span;
  Span close_span;                 // the closing brace (for "opened at" messages)
};

struct Transition {
  std::optional<std::string> label;
  Span label_span;
  bool from_any = false;
  std::vector<Ident> sources;
  Ident target;
  ExprPtr when;
  std::vector<Action> actions;
  Span span;
};

struct Funnel {
  Ident name;
  Ident record;                    // `for RECORD`
  ExprPtr applies;                 // null: always
  std::optional<Ident> stage_field;
  std::vector<Ident> qualify_with;
  std::vector<Let> lets;
  std::vector<Stage> stages;
  std::vector<Transition> transitions;
  Span span;
};

enum class Weekday : std::uint8_t { mon, tue, wed, thu, fri, sat, sun };

struct Calendar {
  Ident name;
  std::optional<std::string> timezone;
  Span timezone_span;
  std::uint8_t working_days = 0x1F;  // bit per Weekday; default mon..fri
  std::int32_t start_minute = 9 * 60, end_minute = 17 * 60;  // hours 09:00..17:00
  std::vector<std::int64_t> holidays;  // dates, ms since epoch at 00:00 UTC
  std::vector<Span> holiday_spans;
  Span span;
};

enum class ExpectKind : std::uint8_t { condition, event, error };

struct Expect {
  ExpectKind kind = ExpectKind::condition;
  Span span;
  ExprPtr condition;              // condition
  Ident event;                    // event NAME
  ExprPtr with;                   // event ... with { object } (object_lit), may be null
  std::string error;              // error "message"
};

struct Test {
  std::string name;
  Span name_span;
  std::optional<Ident> funnel;
  std::optional<std::int64_t> as_of;   // ms since epoch
  Span as_of_span;
  ExprPtr given;                  // inline object literal, or null
  std::optional<std::string> given_file;
  Span given_span;
  std::vector<Expect> expects;
  Span span;
};

// One parsed file. Declarations keep source order within each vector; `order`
// keeps the order across kinds (for formatting and deterministic output).
enum class DeclKind : std::uint8_t { import, const_, record, let, qualification, funnel, calendar, test };
struct DeclRef {
  DeclKind kind;
  std::uint32_t index;
};

struct File {
  FileId file = 0;
  std::optional<PolicyHeader> header;
  std::vector<Import> imports;
  std::vector<Const> consts;
  std::vector<Record> records;
  std::vector<Let> lets;
  std::vector<Qualification> qualifications;
  std::vector<Funnel> funnels;
  std::vector<Calendar> calendars;
  std::vector<Test> tests;
  std::vector<DeclRef> order;
};

}  // namespace sluice::ast
