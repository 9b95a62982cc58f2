// libFuzzer target: see run_policy_compile() in fuzz/fuzz_entry.hpp and docs/fuzzing.md.
#include "fuzz/fuzz_entry.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return sluice::fuzz::fuzz_one("policy_compile", sluice::fuzz::run_policy_compile, data, size);
}
