// libFuzzer target: see run_csv_eval() in fuzz/fuzz_entry.hpp and docs/fuzzing.md.
#include <cstdio>
#include <cstdlib>

#include "fuzz/fuzz_entry.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string broken = sluice::fuzz::run_csv_eval({reinterpret_cast<const char*>(data), size});
  if (!broken.empty()) {
    std::fprintf(stderr, "fuzz_csv_eval: %s\n", broken.c_str());
    std::abort();
  }
  return 0;
}
