// libFuzzer target: see run_ir_load() in fuzz/fuzz_entry.hpp and docs/fuzzing.md.
#include "fuzz/fuzz_entry.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return sluice::fuzz::fuzz_one("ir_load", sluice::fuzz::run_ir_load, data, size);
}
