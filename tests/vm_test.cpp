// The expression machine on hand-built programs: Kleene logic, comparisons, faults,
// quantifiers, lets and qualifications, exactly as the comments of compiler/ir.hpp say.
#include <cmath>

#include "compiler/builtins.hpp"
#include "runtime/calendar.hpp"
#include "tests/vm_support.hpp"

using namespace sluice;
using namespace sluice::test;
using rt::FaultCode;
using rt::Tag;

namespace {

// A three-valued constant: 1 true, 0 false, -1 unset.
ir::Instr tri_const(ProgramBuilder& b, int v) { return v < 0 ? ir::Instr{Opcode::NULL_} : b.k_bool(v == 1); }

int kleene_and(int a, int b) { return (a == 0 || b == 0) ? 0 : (a == 1 && b == 1 ? 1 : -1); }
int kleene_or(int a, int b) { return (a == 1 || b == 1) ? 1 : (a == 0 && b == 0 ? 0 : -1); }

}  // namespace

TEST_CASE("and, or and not follow Kleene logic, with and without short-circuit jumps") {
  ProgramBuilder b;
  struct Case { int a, b; ir::Chunk plain_and, sc_and, plain_or, sc_or; };
  std::vector<Case> cases;
  for (int x : {1, 0, -1})
    for (int y : {1, 0, -1}) {
      Case c{x, y, {}, {}, {}, {}};
      c.plain_and = b.expr({tri_const(b, x), tri_const(b, y), {Opcode::AND}});
      c.sc_and = b.expr({tri_const(b, x), {Opcode::AND_SC, 2}, tri_const(b, y), {Opcode::AND}});
      c.plain_or = b.expr({tri_const(b, x), tri_const(b, y), {Opcode::OR}});
      c.sc_or = b.expr({tri_const(b, x), {Opcode::OR_SC, 2}, tri_const(b, y), {Opcode::OR}});
      cases.push_back(c);
    }
  std::vector<std::pair<int, ir::Chunk>> nots;
  for (int x : {1, 0, -1}) nots.emplace_back(x, b.expr({tri_const(b, x), {Opcode::NOT}}));
  Run r(b);
  for (const Case& c : cases) {
    INFO("a = " << c.a << ", b = " << c.b);
    CHECK(tri(r.eval(c.plain_and)) == kleene_and(c.a, c.b));
    CHECK(tri(r.eval(c.sc_and)) == kleene_and(c.a, c.b));
    CHECK(tri(r.eval(c.plain_or)) == kleene_or(c.a, c.b));
    CHECK(tri(r.eval(c.sc_or)) == kleene_or(c.a, c.b));
  }
  for (auto& [x, chunk] : nots) CHECK(tri(r.eval(chunk)) == (x < 0 ? -1 : 1 - x));
}

TEST_CASE("is set, is not set and ?? are the ways to talk about missing data") {
  ProgramBuilder b;
  const auto is_set = b.expr({{Opcode::LOAD, kInt}, {Opcode::IS_SET}});
  const auto not_set = b.expr({{Opcode::LOAD, kInt}, {Opcode::IS_NOT_SET}});
  const auto coalesce = b.expr({{Opcode::LOAD, kInt}, {Opcode::COALESCE_SC, 1}, b.k_int(7)});
  const auto absent = ir::Chunk{};
  Run r(b);
  CHECK(tri(r.eval(is_set)) == 0);
  CHECK(tri(r.eval(not_set)) == 1);
  CHECK(show(r.eval(coalesce)) == "int 7");
  CHECK(tri(r.eval(absent)) == 1);  // an omitted condition is true
  r.slots[kInt] = Value::integer(3);
  r.begin();
  CHECK(tri(r.eval(is_set)) == 1);
  CHECK(tri(r.eval(not_set)) == 0);
  CHECK(show(r.eval(coalesce)) == "int 3");
}

TEST_CASE("in: true on a match, else unset when anything is unset, else false") {
  ProgramBuilder b;
  const auto in_given = b.expr({{Opcode::LOAD, kInt}, {Opcode::LOAD, kInts}, {Opcode::IN}});
  const auto contains = b.expr({{Opcode::LOAD, kInts}, {Opcode::LOAD, kInt}, {Opcode::CONTAINS_LIST}});
  const auto in_literal = b.expr({{Opcode::LOAD, kInt}, b.k_int(5), {Opcode::NULL_}, {Opcode::LIST, 2}, {Opcode::IN}});
  Run r(b);
  const Value with_unset[] = {Value::integer(1), Value::unset(), Value::integer(2)};
  const Value plain[] = {Value::integer(1), Value::integer(2)};
  auto check = [&](Value x, Value list, int expected) {
    r.slots[kInt] = x;
    r.slots[kInts] = list;
    r.begin();
    INFO(show(x) << " in " << show(list));
    CHECK(tri(r.eval(in_given)) == expected);
    CHECK(tri(r.eval(contains)) == expected);
  };
  check(Value::integer(2), Value::list(with_unset, 3), 1);
  check(Value::integer(9), Value::list(with_unset, 3), -1);
  check(Value::integer(9), Value::list(plain, 2), 0);
  check(Value::unset(), Value::list(plain, 2), -1);
  check(Value::integer(1), Value::unset(), -1);
  check(Value::integer(1), Value::list(nullptr, 0), 0);
  r.slots[kInt] = Value::integer(5);
  r.begin();
  CHECK(tri(r.eval(in_literal)) == 1);
  r.slots[kInt] = Value::integer(6);
  r.begin();
  CHECK(tri(r.eval(in_literal)) == -1);
}

TEST_CASE("comparisons on every kind; any unset operand gives unset") {
  ProgramBuilder b;
  struct Cmp { ir::Chunk chunk; int expected; const char* what; };
  std::vector<Cmp> cmps;
  auto add = [&](ir::Instr x, ir::Instr y, Opcode op, int expected, const char* what) {
    cmps.push_back({b.expr({x, y, {op}}), expected, what});
  };
  add(b.k_bool(false), b.k_bool(true), Opcode::LT, 1, "false < true");
  add(b.k_int(-3), b.k_int(2), Opcode::LT, 1, "-3 < 2");
  add(b.k_int(2), b.k_int(2), Opcode::GE, 1, "2 >= 2");
  add(b.k_int(2), b.k_int(2), Opcode::NE, 0, "2 != 2");
  add(b.k_num(2.5), b.k_num(2.25), Opcode::GT, 1, "2.5 > 2.25");
  add(b.k_num(0.1), b.k_num(0.1), Opcode::EQ, 1, "0.1 == 0.1");
  add(b.k_text("B"), b.k_text("a"), Opcode::LT, 1, "upper case sorts first");
  add(b.k_text("z"), b.k_text("\xC3\xA9"), Opcode::LT, 1, "z < é (code points)");
  add(b.k_text("ab"), b.k_text("abc"), Opcode::LT, 1, "a prefix sorts first");
  add(b.k_text("Won"), b.k_text("won"), Opcode::EQ, 0, "case-sensitive");
  add(b.k_date("2026-01-01"), b.k_date("2026-01-01T00:00:01Z"), Opcode::LT, 1, "dates");
  add(b.k_dur(rt::kMsPerDay), b.k_dur(2 * rt::kMsPerHour), Opcode::GT, 1, "durations");
  add(b.k_ints({1, 2}), b.k_ints({1, 2}), Opcode::EQ, 1, "equal lists");
  add(b.k_ints({1, 2}), b.k_ints({2, 1}), Opcode::EQ, 0, "lists in another order");
  add(b.k_ints({1}), b.k_ints({1, 2}), Opcode::NE, 1, "lists of other lengths");
  add({Opcode::NULL_}, b.k_int(1), Opcode::EQ, -1, "unset == 1");
  add(b.k_text("a"), {Opcode::NULL_}, Opcode::LT, -1, "a < unset");
  add({Opcode::NULL_}, {Opcode::NULL_}, Opcode::EQ, -1, "unset == unset");
  add(b.k_int(2), b.k_num(2.5), Opcode::LT, 1, "an int widened by I2N");
  cmps.back().chunk = b.expr({b.k_int(2), b.k_num(2.5), {Opcode::I2N, 1}, {Opcode::LT}});
  // between is a Kleene and of two comparisons
  cmps.push_back({b.expr({b.k_int(5), b.k_int(1), b.k_int(10), {Opcode::BETWEEN}}), 1, "5 between 1 and 10"});
  cmps.push_back({b.expr({b.k_int(50), {Opcode::NULL_}, b.k_int(10), {Opcode::BETWEEN}}), 0, "50 between unset and 10"});
  cmps.push_back({b.expr({b.k_int(5), {Opcode::NULL_}, b.k_int(10), {Opcode::BETWEEN}}), -1, "5 between unset and 10"});
  // texts
  cmps.push_back({b.expr({b.k_text("hello world"), b.k_text("o w"), {Opcode::CONTAINS_TEXT}}), 1, "contains"});
  cmps.push_back({b.expr({b.k_text("hello"), b.k_text("he"), {Opcode::STARTS_WITH}}), 1, "starts with"});
  cmps.push_back({b.expr({b.k_text("he"), b.k_text("hello"), {Opcode::STARTS_WITH}}), 0, "longer prefix"});
  cmps.push_back({b.expr({b.k_text("hello"), b.k_text("llo"), {Opcode::ENDS_WITH}}), 1, "ends with"});
  cmps.push_back({b.expr({{Opcode::NULL_}, b.k_text("x"), {Opcode::ENDS_WITH}}), -1, "unset ends with"});
  b.p.regexes.push_back("^[a-z]+@acme\\.(com|io)$");
  b.p.regexes.push_back("acme");
  cmps.push_back({b.expr({b.k_text("jo@acme.io"), {Opcode::MATCHES, 0}}), 1, "anchored match"});
  cmps.push_back({b.expr({b.k_text("Jo@acme.io"), {Opcode::MATCHES, 0}}), 0, "no match"});
  cmps.push_back({b.expr({b.k_text("the acme corp"), {Opcode::MATCHES, 1}}), 1, "partial match"});
  cmps.push_back({b.expr({{Opcode::NULL_}, {Opcode::MATCHES, 1}}), -1, "unset matches"});
  Run r(b);
  for (const Cmp& c : cmps) {
    INFO(c.what);
    CHECK(tri(r.eval(c.chunk)) == c.expected);
    CHECK(!r.fault);
  }
}

TEST_CASE("arithmetic, texts and dates") {
  ProgramBuilder b;
  const auto sum = b.expr({b.k_int(40), b.k_int(2), {Opcode::ADD_I}});
  const auto div = b.expr({b.k_int(-7), b.k_int(2), {Opcode::DIV_I}});
  const auto mod = b.expr({b.k_int(-7), b.k_int(2), {Opcode::MOD_I}});
  const auto fdiv = b.expr({b.k_num(7), b.k_num(2), {Opcode::DIV_N}});
  const auto unset_plus = b.expr({{Opcode::LOAD, kInt}, b.k_int(1), {Opcode::ADD_I}});
  const auto concat = b.expr({b.k_text("ab"), b.k_text("cd"), {Opcode::CONCAT}});
  const auto later = b.expr({b.k_date("2026-01-30"), b.k_dur(3 * rt::kMsPerDay), {Opcode::ADD_DATE_DUR}});
  const auto gap = b.expr({b.k_date("2026-01-30"), b.k_date("2026-01-28T12:00:00Z"), {Opcode::SUB_DATE_DATE}});
  const auto times = b.expr({b.k_dur(rt::kMsPerHour), b.k_int(3), {Opcode::MUL_DUR_I}});
  const auto today = b.expr({{Opcode::TODAY}});
  const auto now = b.expr({{Opcode::NOW}});
  const auto call = b.expr({b.k_text("h\xC3\xA9llo"), {Opcode::CALL, static_cast<int>(BuiltinId::len), 1}});
  Run r(b);
  CHECK(show(r.eval(sum)) == "int 42");
  CHECK(show(r.eval(div)) == "int -3");  // truncating
  CHECK(show(r.eval(mod)) == "int -1");
  CHECK(show(r.eval(fdiv)) == "number 3.500000");
  CHECK(show(r.eval(unset_plus)) == "unset");
  CHECK(show(r.eval(concat)) == "text \"abcd\"");
  CHECK(show(r.eval(later)) == "date 2026-02-02T00:00:00Z");
  CHECK(show(r.eval(gap)) == "duration 1d12h");
  CHECK(show(r.eval(times)) == "duration 3h");
  CHECK(show(r.eval(today)) == "date 2026-01-15T00:00:00Z");
  CHECK(show(r.eval(now)) == "date 2026-01-15T10:30:00Z");
  CHECK(show(r.eval(call)) == "int 5");
}

TEST_CASE("overflow, division by zero and out-of-range values are faults at their instruction") {
  ProgramBuilder b;
  struct F { ir::Chunk chunk; FaultCode code; int offset; const char* what; };
  std::vector<F> faults;
  auto add = [&](std::vector<ir::Instr> code, FaultCode c, int offset, const char* what) {
    faults.push_back({b.expr(code), c, offset, what});
  };
  add({b.k_int(INT64_MAX), b.k_int(1), {Opcode::ADD_I}}, FaultCode::overflow, 2, "max + 1");
  add({b.k_int(INT64_MIN), b.k_int(1), {Opcode::SUB_I}}, FaultCode::overflow, 2, "min - 1");
  add({b.k_int(INT64_MAX / 2 + 1), b.k_int(2), {Opcode::MUL_I}}, FaultCode::overflow, 2, "product");
  add({b.k_int(INT64_MIN), b.k_int(-1), {Opcode::DIV_I}}, FaultCode::overflow, 2, "min / -1");
  add({b.k_int(INT64_MIN), {Opcode::NEG_I}}, FaultCode::overflow, 1, "-min");
  add({b.k_int(1), b.k_int(0), {Opcode::DIV_I}}, FaultCode::div_zero, 2, "int / 0");
  add({b.k_int(1), b.k_int(0), {Opcode::MOD_I}}, FaultCode::div_zero, 2, "int % 0");
  add({b.k_num(1), b.k_num(0), {Opcode::DIV_N}}, FaultCode::div_zero, 2, "number / 0");
  add({b.k_num(1), b.k_num(0), {Opcode::MOD_N}}, FaultCode::div_zero, 2, "number % 0");
  add({b.k_num(1e308), b.k_num(10), {Opcode::MUL_N}}, FaultCode::bad_value, 2, "infinite");
  add({b.k_dur(INT64_MAX), b.k_int(2), {Opcode::MUL_DUR_I}}, FaultCode::overflow, 2, "duration * 2");
  add({b.k_date("9999-12-31"), b.k_dur(rt::kMsPerDay), {Opcode::ADD_DATE_DUR}}, FaultCode::bad_value, 2, "year 10000");
  // the fault stops the chunk even when its value would have been discarded
  add({b.k_bool(true), b.k_int(1), b.k_int(0), {Opcode::DIV_I}, b.k_int(1), {Opcode::EQ}, {Opcode::OR}},
      FaultCode::div_zero, 3, "under a true or");
  add({b.k_int(3), b.k_int(0), {Opcode::CALL, static_cast<int>(BuiltinId::max), 1}, {Opcode::DIV_I}},
      FaultCode::div_zero, 3, "after a call");
  add({b.k_int(INT64_MIN), {Opcode::CALL, static_cast<int>(BuiltinId::abs), 1}}, FaultCode::overflow, 1, "abs(min)");
  Run r(b);
  for (const F& f : faults) {
    INFO(f.what);
    CHECK(show(r.eval(f.chunk)) == "unset");
    CHECK(r.fault.code == f.code);
    CHECK(r.fault.pc == f.chunk.start + f.offset);
  }
  CHECK(std::string(rt::fault_code_name(FaultCode::div_zero)) == "E_DIV_ZERO");
  CHECK(std::string(rt::fault_message(FaultCode::div_zero)) == "division by zero");
  CHECK(std::string(rt::fault_code_name(FaultCode::overflow)) == "E_OVERFLOW");
}

TEST_CASE("quantifiers over empty, unset, scalar and object lists, nested") {
  ProgramBuilder b;
  // any/all/count x in ints where x > 1
  auto over_ints = [&](Opcode q) {
    return b.expr({{Opcode::LOAD, kInts}, {q, 0, 3}, {Opcode::LOAD_ELEM, 0, 0}, b.k_int(1), {Opcode::GT}});
  };
  const auto any = over_ints(Opcode::ANY), all = over_ints(Opcode::ALL), count = over_ints(Opcode::COUNT);
  // any p in people where p.score > 50
  const auto people = b.expr({{Opcode::LOAD, kPeople}, {Opcode::ANY, 0, 3}, {Opcode::LOAD_ELEM, 0, 1}, b.k_int(50), {Opcode::GT}});
  // count p in people where (any t in tags where t == p.name)
  const auto nested = b.expr({{Opcode::LOAD, kPeople}, {Opcode::COUNT, 0, 5}, {Opcode::LOAD, kTags}, {Opcode::ANY, 1, 3},
                              {Opcode::LOAD_ELEM, 1, 0}, {Opcode::LOAD_ELEM, 0, 0}, {Opcode::EQ}});
  // any x in ints where x > 1, followed by `and true` after the loop
  const auto then_and = b.expr({{Opcode::LOAD, kInts}, {Opcode::ANY, 0, 3}, {Opcode::LOAD_ELEM, 0, 0}, b.k_int(1),
                                {Opcode::GT}, b.k_bool(true), {Opcode::AND}});
  Run r(b);
  auto ints = [&](std::vector<Value> v) {
    static std::vector<Value> keep;
    keep = std::move(v);
    r.slots[kInts] = Value::list(keep.data(), static_cast<std::uint32_t>(keep.size()));
    r.begin();
  };
  ints({});
  CHECK(tri(r.eval(any)) == 0);
  CHECK(tri(r.eval(all)) == 1);
  CHECK(show(r.eval(count)) == "int 0");
  r.slots[kInts] = Value::unset();
  r.begin();
  CHECK(tri(r.eval(any)) == -1);
  CHECK(tri(r.eval(all)) == -1);
  CHECK(show(r.eval(count)) == "unset");
  ints({Value::integer(0), Value::unset()});
  CHECK(tri(r.eval(any)) == -1);  // false or unset
  CHECK(tri(r.eval(all)) == 0);   // false and unset
  CHECK(show(r.eval(count)) == "int 0");
  ints({Value::integer(5), Value::unset(), Value::integer(9)});
  CHECK(tri(r.eval(any)) == 1);
  CHECK(tri(r.eval(all)) == -1);
  CHECK(show(r.eval(count)) == "int 2");
  CHECK(tri(r.eval(then_and)) == 1);
  ints({Value::integer(5), Value::integer(9)});
  CHECK(tri(r.eval(all)) == 1);

  const Value folks[] = {Value::text("ann"), Value::integer(10), Value::text("bob"), Value::integer(70),
                         Value::text("cy"), Value::unset()};
  const Value tags[] = {Value::text("bob"), Value::text("cy"), Value::text("dee")};
  r.slots[kPeople] = Value::list(folks, 3, 2);
  r.slots[kTags] = Value::list(tags, 3);
  r.begin();
  CHECK(tri(r.eval(people)) == 1);
  CHECK(show(r.eval(nested)) == "int 2");
  r.slots[kPeople] = Value::list(folks, 1, 2);
  r.begin();
  CHECK(tri(r.eval(people)) == 0);
  CHECK(show(r.eval(nested)) == "int 0");
  r.slots[kTags] = Value::unset();
  r.begin();
  CHECK(show(r.eval(nested)) == "int 0");  // the inner any is unset: not counted
}

TEST_CASE("a let is computed once per record and recomputed for the next") {
  ProgramBuilder b;
  const auto first = b.let({{Opcode::LOAD, kText}, b.k_text("!"), {Opcode::CONCAT}});
  const auto second = b.let({{Opcode::LET, first}, {Opcode::CALL, static_cast<int>(BuiltinId::len), 1}});
  const auto read_first = b.expr({{Opcode::LET, first}});
  const auto read_both = b.expr({{Opcode::LET, second}, {Opcode::LET, second}, {Opcode::ADD_I}});
  // a let read inside a quantifier body, inside another let's evaluation
  const auto in_loop = b.expr({{Opcode::LOAD, kTags}, {Opcode::COUNT, 0, 3}, {Opcode::LOAD_ELEM, 0, 0}, {Opcode::LET, first}, {Opcode::EQ}});
  Run r(b);
  r.slots[kText] = Value::text("hi");
  r.begin();
  const Value a = r.eval(read_first);
  const Value again = r.eval(read_first);
  CHECK(show(a) == "text \"hi!\"");
  CHECK(a.u.s == again.u.s);  // the same arena text: not computed twice
  CHECK(show(r.eval(read_both)) == "int 6");
  const Value tags[] = {Value::text("hi!"), Value::text("x"), Value::text("hi!")};
  r.slots[kTags] = Value::list(tags, 3);
  r.slots[kText] = Value::text("hello");
  r.begin();
  CHECK(show(r.eval(read_first)) == "text \"hello!\"");
  CHECK(show(r.eval(in_loop)) == "int 0");
  r.slots[kText] = Value::text("hi");
  r.begin();
  CHECK(show(r.eval(in_loop)) == "int 2");
}

namespace {

// A qualification over three criteria: b, i > 10, t is set (weights 5, 3, 2).
std::int32_t add_qualification(ProgramBuilder& b, ir::PassRule rule, double threshold) {
  ir::Qualification q;
  q.name = "Q" + std::to_string(b.p.funnels[0].qualifications.size());
  auto criterion = [&](const char* name, std::int64_t weight, std::vector<ir::Instr> code) {
    q.criteria.push_back({name, "", weight, b.raw(code)});
  };
  criterion("flag", 5, {{Opcode::LOAD, kBool}});
  criterion("big", 3, {{Opcode::LOAD, kInt}, b.k_int(10), {Opcode::GT}});
  criterion("named", 2, {{Opcode::LOAD, kText}, {Opcode::IS_SET}});
  q.rule = rule;
  q.threshold = threshold;
  const auto index = static_cast<std::int32_t>(b.p.funnels[0].qualifications.size());
  if (rule == ir::PassRule::expr)  // flag or (big and named)
    q.pass = b.raw({{Opcode::QUAL_MET, index, 0}, {Opcode::QUAL_MET, index, 1}, {Opcode::QUAL_MET, index, 2},
                    {Opcode::AND}, {Opcode::OR}});
  b.p.funnels[0].qualifications.push_back(q);
  return index;
}

// The same code behind `null ?? (…)`: a shape no plan covers, so the instruction loop
// runs it, for comparison with the planned form.
std::vector<ir::Instr> looped(const std::vector<ir::Instr>& code) {
  std::vector<ir::Instr> prefixed = {{Opcode::NULL_}, {Opcode::COALESCE_SC, static_cast<int>(code.size())}};
  prefixed.insert(prefixed.end(), code.begin(), code.end());
  return prefixed;
}

}  // namespace

TEST_CASE("qualifications: score, met, missing and every pass rule") {
  ProgramBuilder b;
  const auto all = add_qualification(b, ir::PassRule::all, 0);
  const auto two = add_qualification(b, ir::PassRule::at_least, 2);
  const auto score = add_qualification(b, ir::PassRule::score, 7);
  const auto expr = add_qualification(b, ir::PassRule::expr, 0);
  const auto passed_all = b.expr({{Opcode::QUAL_PASSED, all}});
  const auto passed_expr = b.expr({{Opcode::QUAL_PASSED, expr}});
  const auto score_of = b.expr({{Opcode::QUAL_SCORE, score}});
  const auto big = b.expr({{Opcode::QUAL_MET, two, 1}});
  const auto missing = b.expr({{Opcode::QUAL_MISSING, all}});
  const auto missing_count = b.expr({{Opcode::QUAL_MISSING, all}, {Opcode::CALL, static_cast<int>(BuiltinId::len), 1}});
  Run r(b);

  // flag unset, i = 20, t set: met = {0, 1, 1}, score 5
  r.slots[kInt] = Value::integer(20);
  r.slots[kText] = Value::text("x");
  r.begin();
  const rt::QualResult& q_all = r.machine.qualification(all, r.fault);
  CHECK(!r.fault);
  CHECK(show(q_all.passed) == "false");  // never unset for the `all` rule
  CHECK(q_all.score == 5);
  CHECK(q_all.met == std::vector<std::uint8_t>{0, 1, 1});
  CHECK(show(r.machine.qualification(two, r.fault).passed) == "true");
  CHECK(show(r.machine.qualification(score, r.fault).passed) == "false");  // 5 < 7
  CHECK(show(r.machine.qualification(expr, r.fault).passed) == "true");    // big and named
  CHECK(tri(r.eval(passed_all)) == 0);
  CHECK(tri(r.eval(passed_expr)) == 1);
  CHECK(show(r.eval(score_of)) == "int 5");
  CHECK(tri(r.eval(big)) == 1);
  const Value m = r.eval(missing);
  REQUIRE(m.tag == Tag::list);
  REQUIRE(m.len == 1);
  CHECK(m.u.elems[0].as_text() == "flag");
  CHECK(show(r.eval(missing_count)) == "int 1");

  // everything met: score 10, all rules pass
  r.slots[kBool] = Value::boolean(true);
  r.begin();
  CHECK(tri(r.eval(passed_all)) == 1);
  CHECK(show(r.eval(score_of)) == "int 10");
  CHECK(show(r.eval(missing_count)) == "int 0");
  CHECK(show(r.machine.qualification(score, r.fault).passed) == "true");

  // nothing met: i unset makes `big` unset, which counts as not met
  r.slots[kBool] = Value::boolean(false);
  r.slots[kInt] = Value::unset();
  r.slots[kText] = Value::unset();
  r.begin();
  CHECK(show(r.machine.qualification(two, r.fault).passed) == "false");
  CHECK(tri(r.eval(passed_expr)) == 0);
  CHECK(show(r.eval(missing_count)) == "int 3");
  CHECK(tri(r.eval(big)) == 0);
}

TEST_CASE("a fault inside a criterion is the qualification's fault") {
  ProgramBuilder b;
  ir::Qualification q;
  q.name = "Q";
  const auto bad = b.raw({b.k_int(1), {Opcode::LOAD, kInt}, {Opcode::DIV_I}, b.k_int(0), {Opcode::GT}});
  q.criteria.push_back({"ratio", "", 1, bad});
  b.p.funnels[0].qualifications.push_back(q);
  const auto passed = b.expr({{Opcode::QUAL_PASSED, 0}, {Opcode::NOT}});
  Run r(b);
  r.slots[kInt] = Value::integer(0);
  r.begin();
  CHECK(show(r.eval(passed)) == "unset");
  CHECK(r.fault.code == FaultCode::div_zero);
  CHECK(r.fault.pc == bad.start + 2);
  r.slots[kInt] = Value::integer(1);
  r.begin();
  CHECK(tri(r.eval(passed)) == 0);
  CHECK(!r.fault);
}

TEST_CASE("RESULT reads the result view, unset when none is set") {
  ProgramBuilder b;
  const auto stage = b.expr({{Opcode::RESULT, 0}, b.k_text("MQL"), {Opcode::EQ}});
  const auto moved = b.expr({{Opcode::RESULT, 2}});
  Run r(b);
  CHECK(tri(r.eval(stage)) == -1);
  rt::ResultView view;
  view.stage = Value::text("MQL");
  view.moved = Value::boolean(true);
  r.machine.set_result(&view);
  CHECK(tri(r.eval(stage)) == 1);
  CHECK(tri(r.eval(moved)) == 1);
}

TEST_CASE("preparing a program rejects bad regexes and unknown time zones") {
  ProgramBuilder b;
  b.expr({b.k_text("x"), {Opcode::MATCHES, 0}});
  b.p.regexes.push_back("(unclosed");
  std::string error;
  CHECK(rt::prepare_program(b.p, error) == nullptr);
  CHECK(error.find("(unclosed") != std::string::npos);

  ProgramBuilder c;
  ir::Calendar cal;
  cal.name = "emea";
  cal.timezone = "Europe/Atlantis";
  c.p.calendars.push_back(cal);
  CHECK(rt::prepare_program(c.p, error) == nullptr);
  CHECK(error == "calendar `emea`: unknown time zone `Europe/Atlantis`");

  c.p.calendars[0].timezone = "Europe/Warsaw";
  auto loaded = rt::prepare_program(c.p, error);
  REQUIRE(loaded != nullptr);
  REQUIRE(loaded->calendars.size() == 1);
  CHECK(loaded->zones[0] == loaded->calendars[0].zone());

  ProgramBuilder d;
  d.p.ir_version = 99;
  CHECK(rt::prepare_program(d.p, error) == nullptr);
  CHECK(!error.empty());
}

TEST_CASE("constants keep pointing at the program's own texts") {
  ProgramBuilder b;
  const auto text = b.expr({b.k_text(std::string(100, 'x')), b.k_text("y"), {Opcode::CONCAT}});
  Run r(b);
  CHECK(r.program->constants[0].u.s == r.program->ir.constants[0].s.data());
  CHECK(r.eval(text).len == 101);
}

TEST_CASE("load_program reports files it cannot use") {
  std::string error;
  CHECK(rt::load_program("/nonexistent/policy.ir.json", error) == nullptr);
  CHECK(error.find("cannot open") != std::string::npos);
  const std::string garbage = std::string(SLUICE_SOURCE_DIR) + "/CMakeLists.txt";
  CHECK(rt::load_program(garbage, error) == nullptr);
  CHECK(!error.empty());
  CHECK(rt::load_program("/nonexistent/policy.funnel", error) == nullptr);
  CHECK(!error.empty());
}

// Short conditions (`flag`, `x is set`, `x >= 100`, `x in [..]`, `len(xs) >= 1`) skip
// the instruction loop (Machine plans, vm_plan.hpp). Each must give what the loop gives: the
// same chunk behind a no-op prefix (NULL_ ?? ...) goes through the loop.
TEST_CASE("short conditions give the instruction loop's values and faults") {
  ProgramBuilder b;
  ir::Constant words;
  words.kind = TypeKind::list;
  for (const char* w : {"won", "lost", ""}) {
    ir::Constant e;
    e.kind = TypeKind::text;
    e.s = w;
    words.list.push_back(e);
  }
  const ir::Instr k_words{Opcode::CONST, b.constant(words)};
  std::vector<std::vector<ir::Instr>> shapes;
  for (std::int32_t s : {kBool, kInt, kNum, kText, kDate, kInts, kTags}) {
    shapes.push_back({{Opcode::LOAD, s}});
    shapes.push_back({{Opcode::LOAD, s}, {Opcode::IS_SET}});
    shapes.push_back({{Opcode::LOAD, s}, {Opcode::IS_NOT_SET}});
    for (ir::Instr k : {b.k_int(7), b.k_num(7.5), b.k_text("won"), b.k_bool(true), b.k_date("2026-01-01"),
                        b.k_ints({7, 8}), k_words, ir::Instr{Opcode::CONST, b.constant({})}}) {
      for (Opcode op : {Opcode::EQ, Opcode::NE, Opcode::LT, Opcode::LE, Opcode::GT, Opcode::GE, Opcode::IN})
        shapes.push_back({{Opcode::LOAD, s}, k, {op}});
    }
    shapes.push_back({{Opcode::LOAD, s}, {Opcode::CALL, static_cast<int>(BuiltinId::len), 1}, b.k_int(1), {Opcode::GE}});
  }
  struct Pair { ir::Chunk short_form, loop_form; };
  std::vector<Pair> pairs;
  for (const auto& code : shapes) {
    pairs.push_back({b.expr(code), b.expr(looped(code))});
  }
  Run r(b);
  const Value ints[] = {Value::integer(7)};
  const Value tags[] = {Value::text("won"), Value::unset()};
  const std::vector<std::vector<Value>> records = {
      {Value::boolean(true), Value::integer(7), Value::number(7.5), Value::text("won"),
       Value::date(1767225600000), Value::list(ints, 1), Value::unset(), Value::list(tags, 2)},
      {Value::boolean(false), Value::integer(-3), Value::number(std::nan("")), Value::text("lost"),
       Value::date(0), Value::list(nullptr, 0), Value::unset(), Value::list(tags, 1)},
      std::vector<Value>(kSlotCount),
  };
  int faults = 0;
  for (const auto& record : records) {
    r.slots = record;
    r.begin();
    for (const Pair& p : pairs) {
      INFO("the chunk at " << p.short_form.start << ", length " << p.short_form.length);
      const Value fast = r.eval(p.short_form);
      const rt::Fault fast_fault = r.fault;
      const Value slow = r.eval(p.loop_form);
      CHECK(show(fast) == show(slow));
      CHECK(fast_fault.code == r.fault.code);
      if (r.fault) {
        ++faults;
        CHECK(fast_fault.pc - p.short_form.start + 2 == r.fault.pc - p.loop_form.start);
      }
    }
  }
  CHECK(faults > 0);  // mismatched kinds fault, at the comparison
}

// Plans (runtime/vm_plan.hpp) widen the short path to `a and b` / `a or b` of leaves,
// I2N-widened comparisons, lets and qualifications. Every shape, alone and joined with
// every other both ways, must give the loop's value, truth and fault (at the same
// instruction) on records with set, unset, mismatched and faulting operands.
TEST_CASE("planned conditions give the instruction loop's values, truths and faults") {
  ProgramBuilder b;
  const auto qual = add_qualification(b, ir::PassRule::at_least, 2);
  const auto fine_let = b.let({{Opcode::LOAD, kInt}, b.k_int(7), {Opcode::GE}});
  const auto bad_let = b.let({{Opcode::LOAD, kText}, b.k_int(1), {Opcode::LT}});  // text < int: E_VALUE
  ir::Constant words;
  words.kind = TypeKind::list;
  for (const char* w : {"won", "lost"}) {
    ir::Constant e;
    e.kind = TypeKind::text;
    e.s = w;
    words.list.push_back(e);
  }
  const ir::Instr k_words{Opcode::CONST, b.constant(words)};
  const auto call = [](BuiltinId id) { return ir::Instr{Opcode::CALL, static_cast<int>(id), 1}; };
  const std::vector<std::vector<ir::Instr>> leaves = {
      {{Opcode::LOAD, kBool}},
      {{Opcode::LOAD, kInt}},  // not a bool: unknown to and/or
      {{Opcode::LOAD, kText}, {Opcode::IS_SET}},
      {{Opcode::LOAD, kInt}, {Opcode::IS_NOT_SET}},
      {{Opcode::LOAD, kInt}, b.k_int(7), {Opcode::GE}},
      {{Opcode::LOAD, kDate}, b.k_date("2026-01-01"), {Opcode::LT}},
      {{Opcode::LOAD, kDate}, b.k_int(7), {Opcode::EQ}},  // date == int: E_VALUE
      {{Opcode::LOAD, kNum}, b.k_num(7.5), {Opcode::NE}},
      {{Opcode::LOAD, kNum}, b.k_int(7), {Opcode::I2N, 0}, {Opcode::GT}},
      {{Opcode::LOAD, kInt}, b.k_num(6.5), {Opcode::I2N, 1}, {Opcode::LT}},
      {{Opcode::LOAD, kInt}, {Opcode::I2N, 0}, b.k_num(6.5), {Opcode::GE}},
      {{Opcode::LOAD, kText}, b.k_text("won"), {Opcode::EQ}},
      {{Opcode::LOAD, kText}, b.k_text("won"), {Opcode::LE}},
      {{Opcode::LOAD, kText}, b.k_int(1), {Opcode::NE}},  // text != int: E_VALUE
      {{Opcode::LOAD, kText}, k_words, {Opcode::IN}},
      {{Opcode::LOAD, kInt}, k_words, {Opcode::IN}},  // int in texts: E_VALUE
      {{Opcode::LOAD, kTags}, call(BuiltinId::len), b.k_int(1), {Opcode::GE}},
      {{Opcode::LOAD, kTags}, call(BuiltinId::len), b.k_text("x"), {Opcode::GE}},  // int >= text: E_VALUE
      {{Opcode::LOAD, kInt}, call(BuiltinId::abs), b.k_int(3), {Opcode::GT}},  // abs(INT64_MIN): E_OVERFLOW
      {{Opcode::LOAD, kText}, call(BuiltinId::len), b.k_int(3), {Opcode::LT}},  // len of a text: not inlined
      {{Opcode::LET, fine_let}},
      {{Opcode::LET, bad_let}},
      {{Opcode::QUAL_PASSED, qual}},
      {{Opcode::QUAL_MET, qual, 1}},
      // any p in people where p.score > 50; p.name == 1 (E_VALUE); over a non-list (E_VALUE)
      {{Opcode::LOAD, kPeople}, {Opcode::ANY, 0, 3}, {Opcode::LOAD_ELEM, 0, 1}, b.k_int(50), {Opcode::GT}},
      {{Opcode::LOAD, kPeople}, {Opcode::ANY, 0, 3}, {Opcode::LOAD_ELEM, 0, 0}, b.k_int(1), {Opcode::EQ}},
      {{Opcode::LOAD, kTags}, {Opcode::ANY, 0, 3}, {Opcode::LOAD_ELEM, 0, 0}, b.k_text("won"), {Opcode::NE}},
      {{Opcode::LOAD, kText}, {Opcode::ANY, 0, 3}, {Opcode::LOAD_ELEM, 0, 0}, b.k_int(1), {Opcode::EQ}},
  };
  const auto joined = [](const std::vector<ir::Instr>& x, Opcode join, const std::vector<ir::Instr>& y) {
    std::vector<ir::Instr> code = x;
    code.push_back({join == Opcode::AND ? Opcode::AND_SC : Opcode::OR_SC, static_cast<int>(y.size()) + 1});
    code.insert(code.end(), y.begin(), y.end());
    code.push_back({join});
    return code;
  };
  std::vector<std::vector<ir::Instr>> shapes = leaves;
  for (const auto& x : leaves)
    for (const auto& y : leaves)
      for (Opcode join : {Opcode::AND, Opcode::OR}) shapes.push_back(joined(x, join, y));
  // (x and|or y) and|or z, as the MQL entry `(score >= 100 and fit) or any ...`
  const std::size_t pairs_end = shapes.size();
  for (std::size_t xy = leaves.size(); xy < pairs_end; xy += 7)
    for (const auto& z : leaves)
      for (Opcode join : {Opcode::AND, Opcode::OR}) shapes.push_back(joined(shapes[xy], join, z));
  struct Pair { ir::Chunk planned, looped; };
  std::vector<Pair> pairs;
  for (const auto& code : shapes) {
    pairs.push_back({b.expr(code), b.expr(looped(code))});
  }
  Run r(b);
  for (const Pair& p : pairs) {
    INFO("the chunk at " << p.planned.start << ", length " << p.planned.length);
    CHECK(r.machine.planned(p.planned));
    CHECK(!r.machine.planned(p.looped));
  }
  const Value tags[] = {Value::text("won"), Value::unset()};
  const Value folks[] = {Value::text("ann"), Value::integer(40), Value::text("bo"), Value::integer(60)};
  const Value unsure[] = {Value::unset(), Value::unset(), Value::text("cy"), Value::integer(10)};
  const std::vector<std::vector<Value>> records = {
      {Value::boolean(true), Value::integer(7), Value::number(7.5), Value::text("won"),
       Value::date(1767225600000), Value::unset(), Value::list(folks, 2, 2), Value::list(tags, 2)},
      {Value::boolean(false), Value::integer(-3), Value::number(std::nan("")), Value::text("lost"),
       Value::date(0), Value::unset(), Value::list(unsure, 2, 2), Value::list(nullptr, 0)},
      {Value::unset(), Value::integer(INT64_MIN), Value::number(8), Value::text(""),
       Value::unset(), Value::unset(), Value::list(folks, 1, 2), Value::list(tags + 1, 1)},
      std::vector<Value>(kSlotCount),
  };
  int faults = 0, unknowns = 0;
  for (const auto& record : records) {
    r.slots = record;
    r.begin();
    for (const Pair& p : pairs) {
      INFO("the chunk at " << p.planned.start << ", length " << p.planned.length);
      const Value fast = r.eval(p.planned);
      const rt::Fault fast_fault = r.fault;
      rt::Fault test_fault;
      const rt::Tri truth = r.machine.test(p.planned, test_fault);
      const Value slow = r.eval(p.looped);
      CHECK(show(fast) == show(slow));
      CHECK(truth == rt::tri_of(slow));
      CHECK(fast_fault.code == r.fault.code);
      CHECK(test_fault.code == r.fault.code);
      rt::Fault looped_test_fault;
      CHECK(r.machine.test(p.looped, looped_test_fault) == truth);
      CHECK(looped_test_fault.code == r.fault.code);
      if (r.fault) {
        ++faults;
        const bool inside = r.fault.pc >= p.looped.start && r.fault.pc < p.looped.start + p.looped.length;
        if (inside) CHECK(fast_fault.pc - p.planned.start + 2 == r.fault.pc - p.looped.start);
        else CHECK(fast_fault.pc == r.fault.pc);  // inside the let's own chunk
        CHECK(test_fault.pc == fast_fault.pc);
      }
      unknowns += truth == rt::Tri::unknown && !r.fault;
    }
  }
  CHECK(faults > 0);
  CHECK(unknowns > 0);
}

// The planned `any` spends the record's quantifier steps as the loop does: each
// element after the first takes one, and running out faults at the body's end.
TEST_CASE("a planned any spends and runs out of eval steps as the loop does") {
  ProgramBuilder b;
  const std::vector<ir::Instr> any = {{Opcode::LOAD, kPeople}, {Opcode::ANY, 0, 3}, {Opcode::LOAD_ELEM, 0, 1},
                                      b.k_int(50), {Opcode::GT}};
  const auto planned = b.expr(any);
  const auto loop = b.expr(looped(any));
  Run r(b);
  REQUIRE(r.machine.planned(planned));
  const Value folks[] = {Value::text("a"), Value::integer(1), Value::text("b"), Value::integer(2),
                         Value::text("c"), Value::integer(3)};
  r.slots[kPeople] = Value::list(folks, 3, 2);
  for (std::int64_t budget : {0, 1, 2, 3}) {
    INFO("budget " << budget);
    r.machine.set_step_budget(budget);
    r.begin();
    const Value fast = r.eval(planned);
    const rt::Fault fast_fault = r.fault;
    const Value again = r.eval(planned);  // the budget is the record's: less is left
    const rt::Fault again_fault = r.fault;
    r.begin();
    const Value slow = r.eval(loop);
    const rt::Fault slow_fault = r.fault;
    const Value slow_again = r.eval(loop);
    CHECK(show(fast) == show(slow));
    CHECK(show(again) == show(slow_again));
    CHECK(fast_fault.code == slow_fault.code);
    CHECK(again_fault.code == r.fault.code);
    CHECK((fast_fault.code == FaultCode::steps) == (budget < 2));
    if (fast_fault) CHECK(fast_fault.pc - planned.start + 2 == slow_fault.pc - loop.start);
  }
}

// Qualifications of the program's own funnels test their criteria through plans
// looked up once; a funnel the Machine does not know goes the general way. Both
// must give the same met flags, score and outcome.
TEST_CASE("criteria tested through their stored plans give what the general path gives") {
  ProgramBuilder b;
  const auto all = add_qualification(b, ir::PassRule::all, 0);
  const auto expr = add_qualification(b, ir::PassRule::expr, 0);
  const auto passed = b.expr({{Opcode::QUAL_PASSED, expr}});
  ir::Qualification other;  // criteria unlike the others'
  other.name = "Other";
  other.rule = ir::PassRule::at_least;
  other.threshold = 2;
  other.criteria.push_back({"anonymous", "", 1, b.raw({{Opcode::LOAD, kText}, {Opcode::IS_NOT_SET}})});
  other.criteria.push_back({"small", "", 2, b.raw({{Opcode::LOAD, kInt}, b.k_int(5), {Opcode::LT}})});
  other.criteria.push_back({"tagged", "", 4, b.raw({{Opcode::LOAD, kTags}, {Opcode::CALL, static_cast<int>(BuiltinId::len), 1},
                                                    b.k_int(1), {Opcode::GE}})});
  b.p.funnels[0].qualifications.push_back(other);
  const auto third = static_cast<std::int32_t>(b.p.funnels[0].qualifications.size() - 1);
  other.name = "Mixed";  // one criterion without a plan: i + i > 10
  other.criteria.push_back({"double", "", 8, b.raw({{Opcode::LOAD, kInt}, {Opcode::LOAD, kInt}, {Opcode::ADD_I},
                                                    b.k_int(10), {Opcode::GT}})});
  b.p.funnels[0].qualifications.push_back(other);
  const auto mixed = static_cast<std::int32_t>(b.p.funnels[0].qualifications.size() - 1);
  Run r(b);
  const ir::Funnel stranger = r.program->ir.funnels[0];  // a copy: not one of the program's
  const std::vector<std::vector<Value>> records = {
      {Value::boolean(true), Value::integer(20), Value::number(0), Value::text("x")},
      {Value::boolean(false), Value::integer(3), Value::number(0), Value::unset()},
      {Value::unset(), Value::unset(), Value::unset(), Value::text("")},
  };
  for (const auto& fields : records) {
    r.slots.assign(kSlotCount, Value::unset());
    std::copy(fields.begin(), fields.end(), r.slots.begin());
    r.slots[kTags] = Value::list(fields.data(), fields[0].is_true() ? 1 : 0);
    for (std::int32_t q : {all, expr, third, mixed}) {
      r.begin();
      const rt::QualResult stored = r.machine.qualification(q, r.fault);
      r.machine.begin(stranger, r.slots.data(), r.as_of);
      const rt::QualResult general = r.machine.qualification(q, r.fault);
      CHECK(show(stored.passed) == show(general.passed));
      CHECK(stored.score == general.score);
      CHECK(stored.met == general.met);
    }
    r.begin();
    const Value fast = r.eval(passed);
    r.machine.begin(stranger, r.slots.data(), r.as_of);
    CHECK(show(fast) == show(r.eval(passed)));
  }
}

// Let and qualification states start over per record by moving to a new epoch;
// when the epochs run out they are cleared for real, and no old mark may then
// read as this record's.
TEST_CASE("per-record states start over in every epoch, also after running out of epochs") {
  rt::EpochStates states(4);
  states.resize(3);
  for (int record = 0; record < 20; ++record) {
    INFO("record " << record);
    states.start_over();
    for (std::size_t i = 0; i < 3; ++i) CHECK(states.get(i) == 0);
    if (record >= 2) continue;  // marks of the first records only: they must not come back
    states.set(static_cast<std::size_t>(record), 3);
    states.set(2, 1);
    CHECK(states.get(static_cast<std::size_t>(record)) == 3);
    CHECK(states.get(2) == 1);
  }
}
