// libFuzzer target: see run_csv_eval() in fuzz/fuzz_entry.hpp and docs/fuzzing.md.
#include "fuzz/fuzz_entry.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return sluice::fuzz::fuzz_one("csv_eval", sluice::fuzz::run_csv_eval, data, size);
}
