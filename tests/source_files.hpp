// Reading the project's own policy files from tests, so a policy such as language.md
// §1's example lives once, in tests/golden/parse_ok/acme.funnel.
#pragma once
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>

namespace sluice::test {

inline std::string read_source_file(const std::string& relative) {
  std::ifstream in(std::string(SLUICE_SOURCE_DIR) + "/" + relative, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + relative);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace sluice::test
