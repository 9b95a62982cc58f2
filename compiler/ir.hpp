// The intermediate representation: what `sluice compile` writes (as JSON, see
// compiler/ir_json.hpp and docs/ir.md) and what the runtime loads and evaluates.
//
// Expressions are lowered to one flat array of fixed-size instructions for a stack
// machine (Program::code), with a parallel array of source positions (Program::spans)
// for run-time error messages. A Chunk is a range of that array that leaves exactly
// one value on the stack. Jumps only go forward; quantifiers are one bounded loop
// instruction whose body follows it, so evaluation always ends.
//
// Every value may be "not set" (Unset); the semantics of each opcode on Unset is
// given next to it. "Kleene" means three-valued logic: false/true/unset.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compiler/types.hpp"

namespace sluice::ir {

inline constexpr int kIrVersion = 1;

// X(name, operand a, operand b) — the one list that makes the enum, the names in
// the JSON and the disassembler. Stack effects: [inputs] -> [outputs], top right.
#define SLUICE_OPCODES(X)                                                                 \
  /* loads */                                                                              \
  X(CONST, const_index, _)       /* [] -> [constants[a]] */                                \
  X(LOAD, slot, _)               /* [] -> [record slot a] */                               \
  X(LOAD_ELEM, depth, field)     /* [] -> [field b of the element bound by the quantifier   \
                                    at depth a (0 = outermost); b = 0 for scalar lists] */ \
  X(NOW, _, _)                   /* [] -> [as-of instant (date)] */                        \
  X(TODAY, _, _)                 /* [] -> [as-of date at 00:00 UTC (date)] */              \
  X(LET, let_index, _)           /* [] -> [value of funnel let a]; computed once per record */ \
  X(NULL_, _, _)                 /* [] -> [unset] */                                       \
  /* conversions */                                                                        \
  X(I2N, depth, _)               /* int -> number for the value a places below the top   \
                                    (0 = top, 1 = second); unset stays unset */            \
  /* arithmetic: any unset operand -> unset */                                              \
  X(ADD_I, _, _) X(SUB_I, _, _) X(MUL_I, _, _) /* [int int] -> [int]; overflow: fault */    \
  X(DIV_I, _, _) X(MOD_I, _, _)  /* truncating; divisor 0: fault E_DIV_ZERO */             \
  X(NEG_I, _, _)                 /* [int] -> [int]; INT64_MIN: fault */                    \
  X(ADD_N, _, _) X(SUB_N, _, _) X(MUL_N, _, _) X(DIV_N, _, _) X(MOD_N, _, _) /* numbers;   \
                                    divisor 0: fault E_DIV_ZERO; non-finite: fault */      \
  X(NEG_N, _, _)                                                                           \
  X(CONCAT, _, _)                /* [text text] -> [text] */                               \
  X(ADD_DATE_DUR, _, _)          /* [date duration] -> [date] */                           \
  X(SUB_DATE_DUR, _, _)          /* [date duration] -> [date] */                           \
  X(SUB_DATE_DATE, _, _)         /* [date date] -> [duration] */                           \
  X(ADD_DUR, _, _) X(SUB_DUR, _, _) X(NEG_DUR, _, _) /* durations */                       \
  X(MUL_DUR_I, _, _)             /* [duration int] -> [duration] */                        \
  /* comparison: operands have the same kind (compiler inserts I2N); any unset -> unset;  \
     text by code point (bytewise UTF-8); bools false < true; lists compare == elementwise */ \
  X(EQ, _, _) X(NE, _, _) X(LT, _, _) X(LE, _, _) X(GT, _, _) X(GE, _, _)                  \
  X(BETWEEN, _, _)               /* [x lo hi] -> [lo <= x and x <= hi] (Kleene and) */     \
  X(IN, _, _)                    /* [x list] -> [bool]: true when an element == x; else    \
                                    unset when x, the list or an element is unset; else false */ \
  X(CONTAINS_LIST, _, _)         /* [list x] -> same as IN with operands swapped */        \
  X(CONTAINS_TEXT, _, _)         /* [text text] -> [bool] substring */                     \
  X(STARTS_WITH, _, _) X(ENDS_WITH, _, _) /* [text text] -> [bool] */                       \
  X(MATCHES, regex_index, _)     /* [text] -> [bool]: RE2 partial match of regexes[a] */   \
  /* logic */                                                                              \
  X(NOT, _, _)                   /* Kleene not */                                          \
  X(AND_SC, target, _)           /* [a] -> [a]; if a is false jump to pc+1+a (skipping the \
                                    right operand and its AND) */                          \
  X(AND, _, _)                   /* [a b] -> [Kleene a and b] */                           \
  X(OR_SC, target, _)            /* [a] -> [a]; if a is true jump to pc+1+a */             \
  X(OR, _, _)                    /* [a b] -> [Kleene a or b] */                            \
  X(IS_SET, _, _) X(IS_NOT_SET, _, _) /* [x] -> [bool], never unset */                     \
  X(COALESCE_SC, target, _)      /* [a] -> [a] and jump to pc+1+a when a is set; else pop a \
                                    and go on (the right operand follows) */               \
  /* structures */                                                                         \
  X(LIST, count, _)              /* [e1 .. en] -> [list of n elements] */                  \
  X(ANY, depth, body_len)        /* [list] -> [bool]: run the body (the next b instructions) \
                                    once per element with the element bound at depth a;    \
                                    Kleene or of the body results, false on empty; unset   \
                                    list -> unset. Continue at pc+1+b */                   \
  X(ALL, depth, body_len)        /* Kleene and, true on empty */                           \
  X(COUNT, depth, body_len)      /* [list] -> [int]: elements whose body result is true */ \
  X(CALL, builtin_id, argc)      /* [arg1 .. argn] -> [result] (compiler/builtins.hpp);    \
                                    calendar arguments are CONST of a calendar index int */ \
  /* qualifications of the current funnel (evaluated once per record) */                   \
  X(QUAL_PASSED, qual_index, _)  /* [] -> [bool] */                                        \
  X(QUAL_SCORE, qual_index, _)   /* [] -> [int] sum of weights of met criteria */          \
  X(QUAL_MET, qual_index, criterion) /* [] -> [bool] criterion b held (true) */            \
  X(QUAL_MISSING, qual_index, _) /* [] -> [list<text>] names of criteria not met */        \
  /* test expectations only: the evaluation result */                                      \
  X(RESULT, result_name, _)      /* [] -> [value]: 0 stage (text, unset when unstaged),    \
                                    1 from (text), 2 moved (bool), 3 entered (list<text>), \
                                    4 funnel (text), 5 unstaged (bool) */

enum class Opcode : std::uint8_t {
#define SLUICE_X(name, a, b) name,
  SLUICE_OPCODES(SLUICE_X)
#undef SLUICE_X
      count_
};

const char* opcode_name(Opcode op);
std::optional<Opcode> opcode_from_name(const std::string& name);

struct Instr {
  Opcode op;
  std::int32_t a = 0;
  std::int32_t b = 0;
};

// Where an instruction came from, for run-time errors: "policy.funnel:14:11".
struct SrcPos {
  std::int32_t file = 0;  // index into Program::files
  std::int32_t line = 0;
  std::int32_t column = 0;
};

struct Chunk {
  std::int32_t start = -1;  // -1: no chunk (an omitted `entry`/`exit` = true)
  std::int32_t length = 0;
  bool present() const { return start >= 0; }
};

// A constant-pool value. Lists hold scalars.
struct Constant {
  TypeKind kind = TypeKind::null_;  // null_ bool_ int_ number text date duration list
  bool b = false;
  std::int64_t i = 0;      // int, date (ms), duration (ms); calendar indices are ints
  double n = 0;
  std::string s;           // text (enum values are text)
  std::vector<Constant> list;
};

// ---------------------------------------------------------------- record layout
//
// A record is flattened into slots: one per field, including nested objects (a
// presence slot: set when the object is in the input) and their fields (parent =
// the object's slot), lists (one slot holding the whole list) and the implicit
// `<stage>_entered_at` stamps. List elements have their own Layout.

struct Slot {
  std::string path;             // "company.employees" (element layouts: relative)
  std::string input_key;        // key in the input object under its parent (`from` or name)
  TypeKind kind = TypeKind::text;
  std::vector<std::string> enum_values;  // enum
  std::int32_t parent = -1;     // slot of the enclosing object, -1 at top level
  std::int32_t element_layout = -1;  // list: index into Program::layouts
  TypeKind element_kind = TypeKind::null_;  // list: kind of the elements
  bool optional = false;        // `T?`
  bool is_key = false;          // `key`
  bool is_stamp = false;        // implicit <stage>_entered_at
  std::int32_t default_const = -1;  // `= default`: index into constants
};

struct Layout {
  std::vector<Slot> slots;
};

struct Record {
  std::string name;
  std::int32_t layout = -1;     // index into Program::layouts
  std::int32_t key_slot = -1;   // the `key` field, -1 when none
};

// ---------------------------------------------------------------- funnels

struct Calendar {
  std::string name;
  std::string timezone;           // IANA name, "UTC" when none given
  std::uint8_t working_days = 0x1F;  // bit 0 = Monday .. bit 6 = Sunday
  std::int32_t start_minute = 540, end_minute = 1020;
  std::vector<std::int64_t> holidays;  // local dates, ms at 00:00 UTC of that date
};

enum class SlaKind : std::uint8_t { none, duration, business_days, business_hours };

struct Sla {
  SlaKind kind = SlaKind::none;
  std::int64_t duration_ms = 0;
  std::int64_t amount = 0;
  std::int32_t calendar = -1;
};

enum class ActionKind : std::uint8_t { set, stamp, emit, notify };

struct EmitField {
  std::string key;
  Chunk value;
};

struct Action {
  ActionKind kind = ActionKind::set;
  std::int32_t slot = -1;          // set, stamp
  Chunk value;                     // set
  std::string name;                // emit: event name
  std::vector<EmitField> fields;   // emit
  std::string team, message;       // notify
  SrcPos pos;
};

enum class StageKind : std::uint8_t { main, side, terminal };

// For `explain`: a condition split into its top-level `and` conjuncts, so a person is
// told which part held. For a comparison conjunct (`lead_score >= 100`) `value` is
// the left operand's chunk and `need` the rest ("> = 100"), giving
// "lead_score = 80, needs >= 100".
struct Term {
  std::string text;                // the conjunct's source text, whitespace folded
  Chunk condition;                 // the conjunct
  Chunk value;                     // comparison: the left operand; else absent
  std::string value_text;          // comparison: the left operand's source text
  std::string need;                // comparison: operator and right operand text, ">= 100"
};

struct Stage {
  std::string name;
  std::string display;             // the display name, or the name
  StageKind kind = StageKind::main;
  std::string owner;               // "" when none
  std::string description;
  Chunk entry, exit;               // absent = true
  std::vector<Term> entry_terms, exit_terms;  // explain (empty when absent)
  Sla sla;
  std::vector<Action> on_enter, on_exit;
  std::int32_t stamp_slot = -1;    // <stage>_entered_at
  SrcPos pos;
};

struct Transition {
  std::string label;               // "" when none
  bool from_any = false;           // `any`: every non-terminal stage
  std::vector<std::int32_t> sources;  // stage indices
  std::int32_t target = -1;
  Chunk when;
  std::vector<Term> when_terms;    // explain
  std::vector<Action> actions;
  SrcPos pos;
};

struct Criterion {
  std::string name, label;
  std::int64_t weight = 1;
  Chunk condition;
};

enum class PassRule : std::uint8_t { all, at_least, score, expr };

struct Qualification {
  std::string name, label;
  std::vector<Criterion> criteria;
  PassRule rule = PassRule::all;
  double threshold = 0;
  Chunk pass;                      // expr rule: a bool chunk over QUAL_MET of itself
  bool reported = true;            // in `qualify with` or used by a condition
};

struct Let {
  std::string name;
  Chunk value;
};

struct Funnel {
  std::string name;
  std::int32_t record = -1;
  Chunk applies;                   // absent = always
  std::int32_t stage_field = -1;   // slot, -1 when none
  std::vector<Let> lets;           // in dependency order (a let only reads earlier lets)
  std::vector<Qualification> qualifications;
  std::vector<Stage> stages;       // main-path stages in order; side/terminal interleaved as written
  std::vector<Transition> transitions;
};

// ---------------------------------------------------------------- tests

enum class ExpectKind : std::uint8_t { condition, event, error };

struct Expect {
  ExpectKind kind = ExpectKind::condition;
  Chunk condition;                 // condition: bool chunk (may use RESULT)
  std::string event;               // event
  std::vector<EmitField> with;     // event: expected field values
  std::string error;               // error: expected message substring
  SrcPos pos;
};

struct Test {
  std::string name;
  std::int32_t funnel = -1;        // -1: chosen by `applies`
  std::optional<std::int64_t> as_of;
  std::string given_json;          // inline: a JSON object keyed by field names ("" if file)
  std::string given_file;          // file: path relative to the policy file, raw input keys
  std::vector<Expect> expects;
  SrcPos pos;
};

// ---------------------------------------------------------------- the program

struct Program {
  int ir_version = kIrVersion;
  std::string compiler_version;    // "sluice 0.1.0"
  std::string policy_name, policy_version;
  std::string source_hash;         // "fnv1a64:<16 hex>" over every source file, in load order
  std::vector<std::string> files;  // source paths, for SrcPos
  std::vector<Constant> constants;
  std::vector<std::string> regexes;
  std::vector<Layout> layouts;
  std::vector<Record> records;
  std::vector<Calendar> calendars;
  std::vector<Instr> code;
  std::vector<SrcPos> spans;       // parallel to code
  std::vector<Funnel> funnels;
  std::vector<Test> tests;
};

}  // namespace sluice::ir
