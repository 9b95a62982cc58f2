// What the micro-benchmarks share: the benchmark policy (the lead-to-revenue example),
// its as-of instant, and its example records repeated to about 1 MiB of NDJSON and
// of CSV, read once per process.
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "runtime/program.hpp"

namespace sluice::bench {

struct Fixture {
  std::unique_ptr<rt::LoadedProgram> program;
  std::int32_t record = -1;   // the record type of the first funnel
  std::int64_t as_of_ms = 0;  // examples/lead-to-revenue/as-of
  std::string ndjson;         // records.ndjson, repeated
  std::string csv;            // records.csv: its header once, its rows repeated
};

// Exits with a message when the example files cannot be read.
const Fixture& fixture();

}  // namespace sluice::bench
