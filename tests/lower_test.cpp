// Lowering: opcode sequences for representative expressions, short-circuit shapes,
// slots, pools, the program header, funnels, tests and explain terms.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include "compiler/lower.hpp"
#include "lower_test_support.hpp"

using sluice::testing::compile_ok;
using sluice::testing::entry_listing;
using sluice::testing::listing;
using sluice::testing::policy_with_entry;
namespace ir = sluice::ir;

TEST_CASE("comparisons and arithmetic pick typed opcodes and widen ints") {
  CHECK(entry_listing("n >= 100") == "LOAD n; CONST 100; GE");
  CHECK(entry_listing("x > n") == "LOAD x; LOAD n; I2N 0; GT");
  CHECK(entry_listing("n + x > 1") == "LOAD n; I2N 0; LOAD x; ADD_N; CONST 1; I2N 0; GT");
  CHECK(entry_listing("n * 2 - 1 > n % 3") == "LOAD n; CONST 2; MUL_I; CONST 1; SUB_I; LOAD n; CONST 3; MOD_I; GT");
  CHECK(entry_listing("x / 2 > 1.5") == "LOAD x; CONST 2; I2N 0; DIV_N; CONST 1.5; GT");
  CHECK(entry_listing("-n < 0") == "LOAD n; NEG_I; CONST 0; LT");
  CHECK(entry_listing("-x < 0") == "LOAD x; NEG_N; CONST 0; I2N 0; LT");
  CHECK(entry_listing("s + \"!\" == \"a!\"") == "LOAD s; CONST \"!\"; CONCAT; CONST \"a!\"; EQ");
  CHECK(entry_listing("status == \"won\"") == "LOAD status; CONST \"won\"; EQ");
  CHECK(entry_listing("s != \"a\"") == "LOAD s; CONST \"a\"; NE");
}

TEST_CASE("dates and durations") {
  CHECK(entry_listing("d + 2d > now") == "LOAD d; CONST 2d; ADD_DATE_DUR; NOW; GT");
  CHECK(entry_listing("d - 12h < today") == "LOAD d; CONST 12h; SUB_DATE_DUR; TODAY; LT");
  CHECK(entry_listing("now - d > 3d") == "NOW; LOAD d; SUB_DATE_DATE; CONST 3d; GT");
  CHECK(entry_listing("dur + 1d >= dur - 30min") == "LOAD dur; CONST 1d; ADD_DUR; LOAD dur; CONST 30min; SUB_DUR; GE");
  CHECK(entry_listing("d > 2026-01-15") == "LOAD d; CONST 2026-01-15T00:00:00Z; GT");
}

TEST_CASE("and/or short-circuit over the right operand and its combining opcode") {
  // AND_SC 4 skips LOAD n, CONST 1, GT and AND: a false `flag` is the result.
  CHECK(entry_listing("flag and n > 1") == "LOAD flag; AND_SC 4; LOAD n; CONST 1; GT; AND");
  CHECK(entry_listing("flag or n > 1") == "LOAD flag; OR_SC 4; LOAD n; CONST 1; GT; OR");
  // Left-nested: the outer jump skips the third operand only.
  CHECK(entry_listing("flag and flag and flag") ==
        "LOAD flag; AND_SC 2; LOAD flag; AND; AND_SC 2; LOAD flag; AND");
  // `or` binds looser than `and`.
  CHECK(entry_listing("flag or flag and flag") ==
        "LOAD flag; OR_SC 5; LOAD flag; AND_SC 2; LOAD flag; AND; OR");
  CHECK(entry_listing("not flag") == "LOAD flag; NOT");
}

TEST_CASE("missing data operators") {
  CHECK(entry_listing("s is set") == "LOAD s; IS_SET");
  CHECK(entry_listing("s is not set") == "LOAD s; IS_NOT_SET");
  // COALESCE_SC 1 skips the default when `n` is set.
  CHECK(entry_listing("(n ?? 0) > 1") == "LOAD n; COALESCE_SC 1; CONST 0; CONST 1; GT");
  CHECK(entry_listing("(n ?? x) > 1") == "LOAD n; I2N 0; COALESCE_SC 1; LOAD x; CONST 1; I2N 0; GT");
}

TEST_CASE("membership, text tests, between and matches") {
  CHECK(entry_listing("s in [\"a\", \"b\"]") == "LOAD s; CONST [\"a\", \"b\"]; IN");
  CHECK(entry_listing("s not in [\"a\", \"b\"]") == "LOAD s; CONST [\"a\", \"b\"]; IN; NOT");
  CHECK(entry_listing("n in [1, n]") == "LOAD n; CONST 1; LOAD n; LIST 2; IN");
  CHECK(entry_listing("n in [1, 2.5]") == "LOAD n; I2N 0; CONST [1, 2.5]; IN");
  CHECK(entry_listing("x in [1, 2]") == "LOAD x; CONST [1, 2]; IN");
  CHECK(entry_listing("tags contains \"a\"") == "LOAD tags; CONST \"a\"; CONTAINS_LIST");
  CHECK(entry_listing("s contains \"a\"") == "LOAD s; CONST \"a\"; CONTAINS_TEXT");
  CHECK(entry_listing("s starts with \"a\"") == "LOAD s; CONST \"a\"; STARTS_WITH");
  CHECK(entry_listing("s ends with \"a\"") == "LOAD s; CONST \"a\"; ENDS_WITH");
  CHECK(entry_listing("n between 1 and 5") == "LOAD n; CONST 1; CONST 5; BETWEEN");
  CHECK(entry_listing("x between 1 and 5") == "LOAD x; CONST 1; I2N 0; CONST 5; I2N 0; BETWEEN");
  ir::Program p = compile_ok(policy_with_entry("s matches \"^a+$\" and s matches \"^a+$\""));
  CHECK(listing(p, p.funnels[0].stages[0].entry) == "LOAD s; MATCHES 0; AND_SC 3; LOAD s; MATCHES 0; AND");
  REQUIRE(p.regexes == std::vector<std::string>{"^a+$"});
}

TEST_CASE("a number looked up in a run-time list of ints widens each element") {
  // (any e in nums where number(e) == x) or not (x == x): IN's answer for an unset x.
  CHECK(entry_listing("x in nums") ==
        "LOAD nums; ANY 0 4; LOAD_ELEM 0 0; I2N 0; LOAD x; EQ; OR_SC 5; LOAD x; LOAD x; EQ; NOT; OR");
  // Inside a quantifier the inserted loop binds the next depth.
  CHECK(entry_listing("any i in items where x in nums") ==
        "LOAD items; ANY 0 12; LOAD nums; ANY 1 4; LOAD_ELEM 1 0; I2N 0; LOAD x; EQ; OR_SC 5; LOAD x; LOAD x; EQ; NOT; OR");
}

TEST_CASE("quantifiers put their body right after them") {
  CHECK(entry_listing("any i in items where i.score > 1") == "LOAD items; ANY 0 3; LOAD_ELEM 0 1; CONST 1; GT");
  CHECK(entry_listing("all t in tags where t != \"x\"") == "LOAD tags; ALL 0 3; LOAD_ELEM 0 0; CONST \"x\"; NE");
  CHECK(entry_listing("(count t in tags where t == \"a\") >= 2") ==
        "LOAD tags; COUNT 0 3; LOAD_ELEM 0 0; CONST \"a\"; EQ; CONST 2; GE");
  CHECK(entry_listing("any i in items where any t in tags where t == i.name") ==
        "LOAD items; ANY 0 5; LOAD tags; ANY 1 3; LOAD_ELEM 1 0; LOAD_ELEM 0 0; EQ");
}

TEST_CASE("calls, lets, constants, calendars and qualifications") {
  CHECK(entry_listing("len(tags) > 0") == "LOAD tags; CALL 0 1; CONST 0; GT");
  CHECK(entry_listing("round(n) > 1") == "LOAD n; I2N 0; CALL 6 1; CONST 1; GT");
  CHECK(entry_listing("max(n, x) > 1") == "LOAD n; I2N 0; LOAD x; CALL 8 2; CONST 1; I2N 0; GT");
  CHECK(entry_listing("s in wanted", "const wanted = [\"a\"]\n") == "LOAD s; CONST [\"a\"]; IN");
  CHECK(entry_listing("business_days_between(d, now, emea) > 1",
                      "calendar emea { timezone \"Europe/Warsaw\" }\n") ==
        "LOAD d; NOW; CONST 0; CALL 17 3; CONST 1; GT");
  const std::string qual = "qualification Q { criterion a : flag\n criterion b \"B\" weight 3 : n > 1\n pass when at least 1 }\n";
  CHECK(entry_listing("passes Q and Q.b and Q.score >= 1 and len(Q.missing) == 0", qual) ==
        "QUAL_PASSED 0; AND_SC 2; QUAL_MET 0 1; AND; AND_SC 4; QUAL_SCORE 0; CONST 1; GE; AND; "
        "AND_SC 5; QUAL_MISSING 0; CALL 0 1; CONST 0; EQ; AND");
  ir::Program p = compile_ok(policy_with_entry("passes Q", qual));
  const ir::Qualification& q = p.funnels[0].qualifications.at(0);
  CHECK(q.name == "Q");
  CHECK(q.rule == ir::PassRule::at_least);
  CHECK(q.threshold == 1);
  CHECK(q.criteria.size() == 2);
  CHECK(q.criteria[1].label == "B");
  CHECK(q.criteria[1].weight == 3);
  CHECK(listing(p, q.criteria[1].condition) == "LOAD n; CONST 1; GT");
  CHECK_FALSE(q.pass.present());
}

TEST_CASE("lets are lowered in dependency order and read with LET") {
  const std::string text = std::string("policy \"t\" version \"1.0.0\"\n") + sluice::testing::kRecord + R"(
funnel f for r {
  let b = a and flag
  let a = n > 10
  stage A { entry b }
}
)";
  ir::Program p = compile_ok(text);
  const ir::Funnel& f = p.funnels.at(0);
  REQUIRE(f.lets.size() == 2);
  CHECK(f.lets[0].name == "a");
  CHECK(f.lets[1].name == "b");
  CHECK(listing(p, f.lets[0].value) == "LOAD n; CONST 10; GT");
  CHECK(listing(p, f.lets[1].value) == "LET 0; AND_SC 2; LOAD flag; AND");
  CHECK(listing(p, f.stages[0].entry) == "LET 1");
}

TEST_CASE("slots follow the record layout; element fields index their element layout") {
  ir::Program p = compile_ok(policy_with_entry("any i in items where i.score > n"));
  const ir::Layout& top = p.layouts.at(static_cast<std::size_t>(p.records.at(0).layout));
  const auto slot_of = [&](const std::string& path) {
    for (std::size_t i = 0; i < top.slots.size(); ++i)
      if (top.slots[i].path == path) return static_cast<std::int32_t>(i);
    FAIL("no slot " << path);
    return -1;
  };
  const ir::Chunk entry = p.funnels[0].stages[0].entry;
  const auto& code = p.code;
  CHECK(code[static_cast<std::size_t>(entry.start)].op == ir::Opcode::LOAD);
  CHECK(code[static_cast<std::size_t>(entry.start)].a == slot_of("items"));
  const ir::Slot& items = top.slots[static_cast<std::size_t>(slot_of("items"))];
  REQUIRE(items.element_layout >= 0);
  const ir::Layout& element = p.layouts.at(static_cast<std::size_t>(items.element_layout));
  CHECK(element.slots.at(1).path == "score");
  CHECK(code[static_cast<std::size_t>(entry.start) + 2].op == ir::Opcode::LOAD_ELEM);
  CHECK(code[static_cast<std::size_t>(entry.start) + 2].b == 1);
  CHECK(code[static_cast<std::size_t>(entry.start) + 3].a == slot_of("n"));
  CHECK(p.records[0].key_slot == slot_of("id"));
  CHECK(p.funnels[0].stage_field == slot_of("stage"));
  CHECK(p.funnels[0].stages[0].stamp_slot == slot_of("a_entered_at"));
  // Defaults become constants of the field's kind.
  const ir::Slot& flag = top.slots[static_cast<std::size_t>(slot_of("flag"))];
  REQUIRE(flag.default_const >= 0);
  CHECK(p.constants[static_cast<std::size_t>(flag.default_const)].kind == sluice::TypeKind::bool_);
}

TEST_CASE("constants are pooled by kind and value") {
  ir::Program p = compile_ok(policy_with_entry("n > 1 and x > 1.0 and n < 1 and s == \"1\" and s != \"1\""));
  int ints = 0, numbers = 0, texts = 0;
  for (const auto& c : p.constants) {
    ints += c.kind == sluice::TypeKind::int_ && c.i == 1;
    numbers += c.kind == sluice::TypeKind::number && c.n == 1.0;
    texts += c.kind == sluice::TypeKind::text && c.s == "1";
  }
  CHECK(ints == 1);
  CHECK(numbers == 1);
  CHECK(texts == 1);
}

TEST_CASE("program header, files, hash and source positions") {
  const std::string text = policy_with_entry("n >= 100");
  ir::Program p = compile_ok(text, "dir/p.funnel");
  CHECK(p.ir_version == ir::kIrVersion);
  CHECK(p.compiler_version == "sluice " SLUICE_VERSION);
  CHECK(p.policy_name == "t");
  CHECK(p.policy_version == "1.0.0");
  CHECK(p.files == std::vector<std::string>{"dir/p.funnel"});
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) h = (h ^ c) * 0x100000001b3ULL;
  CHECK(p.source_hash == fmt::format("fnv1a64:{:016x}", h));
  REQUIRE(p.spans.size() == p.code.size());
  // `n >= 100` is on the line after `stage A {`; `n` at column 11, `100` at 16.
  const auto start = static_cast<std::size_t>(p.funnels[0].stages[0].entry.start);
  const int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(text.find("entry n")), '\n'));
  CHECK(p.spans[start].line == line);
  CHECK(p.spans[start].column == 11);
  CHECK(p.spans[start + 1].column == 16);
  CHECK(p.spans[start].file == 0);
}

TEST_CASE("std modules are named std/NAME and come before the entry file") {
  const std::string text = R"(policy "t" version "1"
import "std/bant"
record r { id: text key  budget_confirmed: bool = false  amount: number?  contact_role: text?
           need_identified: bool = false  timeline_days: int?  stage: text? }
funnel f for r { stage field stage  qualify with BANT  stage A { entry passes BANT } }
)";
  ir::Program p = compile_ok(text);
  CHECK(p.files == std::vector<std::string>{"std/bant", "t.funnel"});
  REQUIRE(p.funnels[0].qualifications.size() == 1);
  const ir::Qualification& bant = p.funnels[0].qualifications[0];
  CHECK(bant.reported);
  CHECK(bant.label == "Budget, Authority, Need, Timeline");
  // Criterion code points into std/bant (file 0).
  CHECK(p.spans.at(static_cast<std::size_t>(bant.criteria.at(0).condition.start)).file == 0);
  CHECK(listing(p, bant.criteria[0].condition) == "LOAD budget_confirmed; OR_SC 5; LOAD amount; CONST 0; I2N 0; GT; OR");
}

TEST_CASE("stages, actions and transitions") {
  const std::string text = std::string("policy \"t\" version \"1.0.0\"\n") + sluice::testing::kRecord + R"(
funnel f for r {
  stage field stage
  stage A "First" { owner sdr  description "the start"  sla 2d
    on enter { set n = 1  stamp d  emit hello { who: id, when: now }  notify "team" "msg" } }
  stage B { entry n > 1  exit flag }
  stage C terminal { entry flag }
  stage S side { }
  transition "go" A, B -> S when s is set { notify "x" "y" }
  transition any -> C when flag
}
)";
  ir::Program p = compile_ok(text);
  const ir::Funnel& f = p.funnels.at(0);
  REQUIRE(f.stages.size() == 4);
  const ir::Stage& a = f.stages[0];
  CHECK(a.display == "First");
  CHECK(f.stages[1].display == "B");
  CHECK(a.owner == "sdr");
  CHECK(a.description == "the start");
  CHECK_FALSE(a.entry.present());
  CHECK_FALSE(a.exit.present());
  CHECK(a.sla.kind == ir::SlaKind::duration);
  CHECK(a.sla.duration_ms == 2 * 86400000LL);
  REQUIRE(a.on_enter.size() == 4);
  CHECK(a.on_enter[0].kind == ir::ActionKind::set);
  CHECK(listing(p, a.on_enter[0].value) == "CONST 1");
  CHECK(a.on_enter[1].kind == ir::ActionKind::stamp);
  CHECK(a.on_enter[2].name == "hello");
  REQUIRE(a.on_enter[2].fields.size() == 2);
  CHECK(a.on_enter[2].fields[0].key == "who");
  CHECK(listing(p, a.on_enter[2].fields[1].value) == "NOW");
  CHECK(a.on_enter[3].team == "team");
  CHECK(a.on_enter[3].message == "msg");
  CHECK(f.stages[2].kind == ir::StageKind::terminal);
  CHECK(f.stages[3].kind == ir::StageKind::side);
  CHECK(listing(p, f.stages[1].exit) == "LOAD flag");
  REQUIRE(f.transitions.size() == 2);
  CHECK(f.transitions[0].label == "go");
  CHECK(f.transitions[0].sources == std::vector<std::int32_t>{0, 1});
  CHECK(f.transitions[0].target == 3);
  CHECK(f.transitions[0].actions.size() == 1);
  CHECK(f.transitions[1].from_any);
  CHECK(f.transitions[1].target == 2);
  CHECK(f.transitions[1].label.empty());
}

TEST_CASE("explain terms split the top-level and chain") {
  ir::Program p = compile_ok(policy_with_entry(
      "(s is set and n >= 100)\n      and (flag or x > 2)   # comment\n      and n between 1 and 5 and s matches \"^a\""));
  const auto& terms = p.funnels[0].stages[0].entry_terms;
  REQUIRE(terms.size() == 5);
  CHECK(terms[0].text == "s is set");
  CHECK_FALSE(terms[0].value.present());
  CHECK(terms[1].text == "n >= 100");
  CHECK(terms[1].value_text == "n");
  CHECK(terms[1].need == ">= 100");
  CHECK(listing(p, terms[1].value) == "LOAD n");
  CHECK(listing(p, terms[1].condition) == "LOAD n; CONST 100; GE");
  CHECK(terms[2].text == "flag or x > 2");  // the parser's span excludes the parentheses
  CHECK(terms[2].need.empty());
  CHECK(terms[3].need == "between 1 and 5");
  CHECK(terms[4].need == "matches \"^a\"");
  CHECK(p.funnels[0].stages[0].exit_terms.empty());
  ir::Program q = compile_ok(policy_with_entry("s not in [\"a\",\n   \"b\"]"));
  REQUIRE(q.funnels[0].stages[0].entry_terms.size() == 1);
  CHECK(q.funnels[0].stages[0].entry_terms[0].need == "not in [\"a\", \"b\"]");
}

TEST_CASE("tests: given as JSON by field name, expectations as chunks") {
  const std::string text = std::string("policy \"t\" version \"1.0.0\"\n") + sluice::testing::kRecord + R"(
funnel f for r { stage field stage  stage A { entry n > 1 }  stage B { } }
test "t1" {
  funnel f
  as of 2026-01-15
  given { id: "L-\"1\"", n: -5, x: 2.5, d: 2026-01-15T10:30:00Z, dur: 90d, flag: true,
          tags: ["a"], nums: [], items: [{ name: "m", score: 3 }], s: null }
  expect stage == "A" and moved
  expect event hello with { n: 1 }
  expect error "division by zero"
}
test "t2" { given file "x.json"  expect unstaged }
)";
  ir::Program p = compile_ok(text);
  REQUIRE(p.tests.size() == 2);
  const ir::Test& t = p.tests[0];
  CHECK(t.name == "t1");
  CHECK(t.funnel == 0);
  CHECK(t.as_of == 1768435200000LL);
  CHECK(t.given_json ==
        R"({"id":"L-\"1\"","n":-5,"x":2.5,"d":"2026-01-15T10:30:00Z","dur":"90d","flag":true,"tags":["a"],)"
        R"("nums":[],"items":[{"name":"m","score":3}],"s":null})");
  CHECK(t.given_file.empty());
  REQUIRE(t.expects.size() == 3);
  CHECK(listing(p, t.expects[0].condition) == "RESULT 0; CONST \"A\"; EQ; AND_SC 2; RESULT 2; AND");
  CHECK(t.expects[1].kind == ir::ExpectKind::event);
  CHECK(t.expects[1].event == "hello");
  REQUIRE(t.expects[1].with.size() == 1);
  CHECK(listing(p, t.expects[1].with[0].value) == "CONST 1");
  CHECK(t.expects[2].error == "division by zero");
  CHECK(p.tests[1].given_file == "x.json");
  CHECK(p.tests[1].given_json.empty());
  CHECK_FALSE(p.tests[1].as_of.has_value());
  CHECK(listing(p, p.tests[1].expects[0].condition) == "RESULT 5");
}

TEST_CASE("iso_instant and duration_text") {
  CHECK(ir::iso_instant(0) == "1970-01-01T00:00:00Z");
  CHECK(ir::iso_instant(1768435200123) == "2026-01-15T00:00:00.123Z");
  CHECK(ir::iso_instant(-1) == "1969-12-31T23:59:59.999Z");
  CHECK(ir::duration_text(90LL * 86400000) == "90d");
  CHECK(ir::duration_text(36LL * 3600000) == "36h");
  CHECK(ir::duration_text(-30LL * 60000) == "-30min");
  CHECK(ir::duration_text(1500) == "1500ms");
  CHECK(ir::duration_text(0) == "0s");
  CHECK(ir::duration_text(INT64_MIN) == "-9223372036854775808ms");
}

TEST_CASE("opcode names round trip and the disassembler names jump targets") {
  for (int i = 0; i < static_cast<int>(ir::Opcode::count_); ++i) {
    const auto op = static_cast<ir::Opcode>(i);
    CHECK(ir::opcode_from_name(ir::opcode_name(op)) == op);
  }
  CHECK_FALSE(ir::opcode_from_name("NOPE").has_value());
  ir::Program p = compile_ok(policy_with_entry("flag and n > 1"));
  const std::string text = ir::disassemble(p, p.funnels[0].stages[0].entry);
  CHECK(text.find("AND_SC") != std::string::npos);
  CHECK(text.find("-> ") != std::string::npos);
  CHECK(text.find("t.funnel:") != std::string::npos);
  CHECK(ir::disassemble(p, ir::Chunk{}) == "  (absent: true)\n");
  CHECK(ir::disassemble(p, ir::Chunk{static_cast<std::int32_t>(p.code.size()), 1}).find("outside") != std::string::npos);
}
