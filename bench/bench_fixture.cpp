#include "bench/bench_fixture.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "runtime/timefmt.hpp"

namespace sluice::bench {

namespace {

constexpr std::size_t kTargetBytes = std::size_t{1} << 20;

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "bench: cannot read `%s`\n", path.c_str());
    std::exit(2);
  }
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

Fixture load() {
  const std::string dir = SLUICE_SOURCE_DIR "/examples/lead-to-revenue/";
  Fixture f;
  std::string error;
  f.program = rt::load_program(dir + "policy.funnel", error);
  if (!f.program || f.program->ir.funnels.empty()) {
    std::fprintf(stderr, "bench: cannot load the policy: %s\n", error.c_str());
    std::exit(2);
  }
  f.record = f.program->ir.funnels[0].record;
  std::string as_of = slurp(dir + "as-of");
  while (!as_of.empty() && (as_of.back() == '\n' || as_of.back() == ' ')) as_of.pop_back();
  if (!rt::parse_instant(as_of, f.as_of_ms)) {
    std::fprintf(stderr, "bench: bad as-of `%s`\n", as_of.c_str());
    std::exit(2);
  }
  const std::string ndjson = slurp(dir + "records.ndjson");
  const std::string csv = slurp(dir + "records.csv");
  const std::size_t header = csv.find('\n') + 1;
  f.csv = csv.substr(0, header);
  while (f.ndjson.size() < kTargetBytes) f.ndjson += ndjson;
  while (f.csv.size() < kTargetBytes) f.csv.append(csv, header);
  return f;
}

}  // namespace

const Fixture& fixture() {
  static const Fixture f = load();
  return f;
}

}  // namespace sluice::bench
