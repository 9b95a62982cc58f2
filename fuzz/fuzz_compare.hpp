// The comparison behind the fmt round-trip target and tests/format_test.cpp: two
// sources are the same program when their IR JSON is equal once source positions are
// dropped and the texts taken from the source (a term's `text`, `value_text` and
// `need`, as explain shows them) are compared without blanks: spacing is exactly what
// formatting changes (`n >- 100` is printed `n > -100`).
#pragma once
#include <algorithm>
#include <string>

#include <nlohmann/json.hpp>

#include "compiler/compile.hpp"
#include "compiler/ir_json.hpp"

namespace sluice::fuzz {

// A folder that does not exist: `import "./x.funnel"` and `given file` in fuzzed
// policies then fail to read instead of reading whatever lies around.
inline constexpr const char* kPolicyPath = "/nonexistent-sluice-fuzz/policy.funnel";

inline nlohmann::json without_positions(const nlohmann::json& j) {
  if (j.is_object()) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [key, value] : j.items()) {
      if (key == "pos" || key == "spans" || key == "source_hash") continue;
      if ((key == "text" || key == "value_text" || key == "need") && value.is_string()) {
        std::string s = value.get<std::string>();
        s.erase(std::remove_if(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\n' || c == '\t'; }),
                s.end());
        out[key] = s;
      } else {
        out[key] = without_positions(value);
      }
    }
    return out;
  }
  if (j.is_array()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& v : j) out.push_back(without_positions(v));
    return out;
  }
  return j;
}

// "" when `before` and `after` compile to the same program (or both fail),
// else what differs.
inline std::string same_program(const std::string& before, const std::string& after) {
  CompileOptions options;
  options.require_policy = false;
  options.lints = false;
  auto a = compile_text(kPolicyPath, before, options);
  auto b = compile_text(kPolicyPath, after, options);
  if (a.program.has_value() != b.program.has_value())
    return a.program ? "the original compiles, the formatted text does not:\n" + render_text(b.diagnostics, b.sources)
                     : "the formatted text compiles, the original does not:\n" + render_text(a.diagnostics, a.sources);
  if (!a.program) return {};
  const auto ja = without_positions(nlohmann::json::parse(write_ir(*a.program)));
  const auto jb = without_positions(nlohmann::json::parse(write_ir(*b.program)));
  if (ja != jb) return "the formatted text compiles to another program";
  return {};
}

}  // namespace sluice::fuzz
