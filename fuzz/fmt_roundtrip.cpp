// libFuzzer target: see run_fmt_roundtrip() in fuzz/fuzz_entry.hpp and docs/fuzzing.md.
#include "fuzz/fuzz_entry.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return sluice::fuzz::fuzz_one("fmt_roundtrip", sluice::fuzz::run_fmt_roundtrip, data, size);
}
