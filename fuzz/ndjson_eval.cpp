// libFuzzer target: see run_ndjson_eval() in fuzz/fuzz_entry.hpp and docs/fuzzing.md.
#include "fuzz/fuzz_entry.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return sluice::fuzz::fuzz_one("ndjson_eval", sluice::fuzz::run_ndjson_eval, data, size);
}
