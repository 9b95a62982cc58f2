// IR JSON: byte-exact round trips, determinism, and a reader that rejects every
// malformed input with a path instead of crashing.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <limits>
#include <sstream>

#include "compiler/ir_json.hpp"
#include "lower_test_support.hpp"

using sluice::read_ir;
using sluice::write_ir;
using sluice::testing::compile_ok;
namespace ir = sluice::ir;

namespace {

std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  REQUIRE(f.good());
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::string golden(const std::string& name) { return read_file(std::string(SLUICE_SOURCE_DIR) + "/tests/golden/parse_ok/" + name); }

// Reads `text`, which must fail; returns the message.
std::string rejection(const std::string& text) {
  ir::Program p;
  std::string error;
  CHECK_FALSE(read_ir(text, p, error));
  CHECK_FALSE(error.empty());
  return error;
}

const char* kSmall = R"(policy "small" version "1.0.0"
record r { id: text key  n: int?  x: number?  tags: list<text>  stage: text? }
funnel f for r {
  stage field stage
  let big = n > 10
  stage A { entry n is set }
  stage B "Bee" { entry big and (x ?? 0) > 2.5 or any t in tags where t == "a"
                  on enter { emit e { v: n } } }
  stage C terminal { entry n between 1 and 5 }
  transition "t" any -> C when n == 3
}
test "x" { as of 2026-01-15  given { id: "a", n: 1, tags: [] }  expect stage == "A" }
)";

}  // namespace

TEST_CASE("write -> read -> write gives identical bytes") {
  for (const char* name : {"acme.funnel", "business_time.funnel", "qualifications.funnel", "tests_and_events.funnel"}) {
    INFO(name);
    ir::Program p = compile_ok(golden(name), name);
    const std::string first = write_ir(p);
    ir::Program back;
    std::string error;
    REQUIRE(read_ir(first, back, error));
    CHECK(error.empty());
    CHECK(write_ir(back) == first);
    CHECK(back.code.size() == p.code.size());
    CHECK(back.funnels.size() == p.funnels.size());
  }
}

TEST_CASE("compiling twice gives the same bytes") {
  const std::string text = golden("acme.funnel");
  CHECK(write_ir(compile_ok(text, "acme.funnel")) == write_ir(compile_ok(text, "acme.funnel")));
  CHECK(write_ir(compile_ok(kSmall)) == write_ir(compile_ok(kSmall)));
}

TEST_CASE("the layout: one instruction per line, compact leaves, final newline") {
  const std::string text = write_ir(compile_ok(kSmall));
  CHECK(text.rfind("{\n  \"ir_version\": 1,\n  \"compiler_version\": \"sluice ", 0) == 0);
  CHECK(text.find("\n    [\"LOAD\", 1, 0],\n") != std::string::npos);
  CHECK(text.find("\"display\": \"Bee\"") != std::string::npos);
  CHECK(text.back() == '\n');
}

TEST_CASE("numbers round trip exactly, non-finite ones too") {
  ir::Program p;
  for (double d : {0.1, -0.0, 1e300, 3.0, -2.5e-8, std::numeric_limits<double>::infinity(),
                   -std::numeric_limits<double>::infinity()}) {
    ir::Constant c;
    c.kind = sluice::TypeKind::number;
    c.n = d;
    p.constants.push_back(c);
  }
  ir::Constant big;
  big.kind = sluice::TypeKind::int_;
  big.i = std::numeric_limits<std::int64_t>::min();
  p.constants.push_back(big);
  const std::string text = write_ir(p);
  CHECK(text.find("[\"number\", 3.0]") != std::string::npos);
  CHECK(text.find("[\"number\", -0.0]") != std::string::npos);
  CHECK(text.find("[\"number\", \"inf\"]") != std::string::npos);
  ir::Program back;
  std::string error;
  REQUIRE(read_ir(text, back, error));
  REQUIRE(back.constants.size() == p.constants.size());
  CHECK(std::signbit(back.constants[1].n));
  CHECK(back.constants[2].n == 1e300);
  CHECK(back.constants[7].i == std::numeric_limits<std::int64_t>::min());
  CHECK(write_ir(back) == text);
}

TEST_CASE("strings with quotes, control characters and invalid UTF-8 stay valid JSON") {
  ir::Program p;
  p.policy_name = std::string("a\"b\\c\n\x01 \xC3\xA9 \xFF end");
  const std::string text = write_ir(p);
  CHECK(text.find(R"("a\"b\\c\n\u0001 é \ufffd end")") != std::string::npos);
  ir::Program back;
  std::string error;
  REQUIRE(read_ir(text, back, error));
  CHECK(back.policy_name == "a\"b\\c\n\x01 \xC3\xA9 \xEF\xBF\xBD end");
}

// `text` cut after `n` bytes, with its open string and brackets closed again, so
// that the reader sees well-formed JSON missing whatever came later.
std::string closed_prefix(const std::string& text, std::size_t n) {
  std::string out = text.substr(0, n), closers;
  bool in_string = false;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const char c = out[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[') {
      closers += ']';
    } else if (c == '{') {
      closers += '}';
    } else if ((c == ']' || c == '}') && !closers.empty()) {
      closers.pop_back();
    }
  }
  if (in_string) out += out.back() == '\\' ? "\\\"" : "\"";
  return out + std::string(closers.rbegin(), closers.rend());
}

TEST_CASE("every truncation of a real IR is rejected without a crash") {
  const std::string text = write_ir(compile_ok(kSmall));
  REQUIRE(text.size() > 1000);
  // Every prefix but the whole text (and the text without its final newline, which
  // is still the complete JSON value).
  for (std::size_t n = 0; n + 1 < text.size(); ++n) {
    ir::Program p;
    std::string error;
    if (read_ir(text.substr(0, n), p, error)) FAIL("prefix of " << n << " bytes was accepted");
    if (error.empty()) FAIL("prefix of " << n << " bytes: no message");
  }
  // The same prefixes closed into well-formed JSON reach the structural reader
  // (every 5th one, to keep the test fast): no crash, and a message when rejected.
  std::size_t structural = 0;
  for (std::size_t n = 0; n + 2 < text.size(); n += 5) {
    ir::Program p;
    std::string error;
    // A cut just inside an array closes into a smaller well-formed program (no
    // tests, say), which may be accepted; anything else must be rejected.
    if (read_ir(closed_prefix(text, n), p, error)) continue;
    if (error.empty()) FAIL("closed prefix of " << n << " bytes: no message");
    structural += error.rfind("ir: not valid JSON", 0) != 0;
  }
  CHECK(structural > 100);
}

TEST_CASE("malformed IR is rejected with a path-precise message") {
  const std::string good = write_ir(compile_ok(kSmall));
  const auto replaced = [&](const std::string& from, const std::string& to) {
    std::string t = good;
    const auto at = t.find(from);
    REQUIRE(at != std::string::npos);
    return t.replace(at, from.size(), to);
  };
  CHECK(rejection("").find("ir: not valid JSON") == 0);
  CHECK(rejection(good.substr(0, good.size() / 2)) == "ir: not valid JSON: the text ends before its brackets close (truncated?)");
  CHECK(rejection("[]") == "ir: (root): expected an object, got an array");
  CHECK(rejection("{}") == "ir: (root): missing key `ir_version`");
  CHECK(rejection(replaced("\"ir_version\": 1", "\"ir_version\": 2")) ==
        "this IR was written by another version: ir_version 2, expected 1");
  CHECK(rejection(replaced("\"ir_version\": 1", "\"ir_version\": \"1\"")) == "ir: ir_version: expected an integer, got a string");
  CHECK(rejection(replaced("\"policy_name\": \"small\",", "")) == "ir: (root): missing key `policy_name`");
  CHECK(rejection(replaced("\"policy_name\"", "\"policy_nam\"")) == "ir: (root): missing key `policy_name`");
  CHECK(rejection(replaced("\"regexes\": [],", "\"regexes\": [], \"extra\": 1,")) == "ir: (root): unexpected key `extra`");
  CHECK(rejection(replaced("[\"LOAD\", 1, 0]", "[\"LOAD\", 99999999999, 0]")) == "ir: code[0][1]: integer out of range");
  CHECK(rejection(replaced("[\"LOAD\", 1, 0]", "[\"LOAD\", 1e400, 0]")).find("ir: not valid JSON") == 0);
  CHECK(rejection(replaced("[\"LOAD\", 1, 0]", "[\"LOAD\", 1.5, 0]")) == "ir: code[0][1]: expected an integer, got a number");
  CHECK(rejection(replaced("[\"LOAD\", 1, 0]", "[\"FLY\", 1, 0]")) == "ir: code[0][0]: unknown opcode `FLY`");
  CHECK(rejection(replaced("[\"LOAD\", 1, 0]", "[\"LOAD\", 1]")) == "ir: code[0]: expected [opcode, a, b], got an array");
  CHECK(rejection(replaced("\"kind\": \"terminal\"", "\"kind\": \"final\"")) == "ir: funnels[0].stages[2].kind: unknown name `final`");
  CHECK(rejection(replaced("\"exit\": null", "\"exit\": {}")) ==
        "ir: funnels[0].stages[0].exit: expected null or [start, length], got an object");
  CHECK(rejection(replaced("\"exit\": null", "\"exit\": [1, 2, 3]")) ==
        "ir: funnels[0].stages[0].exit: expected null or [start, length], got an array");
  CHECK(rejection(replaced("[\"int\", 10]", "[\"int\", 18446744073709551615]")) == "ir: constants[0][1]: integer out of range");
  CHECK(rejection(replaced("[\"int\", 10]", "[\"list\", [[\"list\", []]]]")) == "ir: constants[0][1][0]: a list constant holds scalars only");
  CHECK(rejection(replaced("[\"int\", 10]", "[\"object\", 1]")) == "ir: constants[0][0]: `object` is not a constant kind");
  CHECK(rejection(std::string(100000, '[')).find("nested more than") != std::string::npos);
  CHECK(rejection("{\"ir_version\": 1, \"x\": \"\xFF\"}").find("ir: not valid JSON") == 0);
}

// tests/golden/ir/acme.funnel is language.md §1's example; acme.ir.json its exact
// IR. Run with SLUICE_REFRESH_GOLDEN=1 to rewrite the expected file, then review
// the diff.
TEST_CASE("golden IR of the language.md example") {
  const std::string dir = std::string(SLUICE_SOURCE_DIR) + "/tests/golden/ir/";
  const std::string actual = write_ir(compile_ok(read_file(dir + "acme.funnel"), "acme.funnel"));
  if (const char* refresh = std::getenv("SLUICE_REFRESH_GOLDEN"); refresh && std::string(refresh) == "1") {
    std::ofstream(dir + "acme.ir.json", std::ios::binary) << actual;
  }
  CHECK(actual == read_file(dir + "acme.ir.json"));
}
