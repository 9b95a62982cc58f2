// 64-byte blocks of CSV as bit masks of the bytes that matter to its syntax, shared
// by the scanner's simple-line path (csv_line.cpp) and the `eval -j N` cutter
// (csv_chunker.cpp).
#pragma once
#include <cstdint>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace sluice::rt::readers {

// Bit i set when p[i] is that byte, for p[0, 64).
struct Block {
  std::uint64_t comma = 0, quote = 0, lf = 0, cr = 0;
};

inline Block classify(const char* p) {
  Block b;
#if defined(__SSE2__)
  const __m128i comma = _mm_set1_epi8(','), quote = _mm_set1_epi8('"'), lf = _mm_set1_epi8('\n'),
                cr = _mm_set1_epi8('\r');
  for (int j = 0; j < 4; ++j) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * j));
    auto bits = [&](__m128i c) {
      return static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, c)))) << (16 * j);
    };
    b.comma |= bits(comma);
    b.quote |= bits(quote);
    b.lf |= bits(lf);
    b.cr |= bits(cr);
  }
#else
  for (int i = 0; i < 64; ++i) {
    const std::uint64_t bit = std::uint64_t{1} << i;
    if (p[i] == ',') b.comma |= bit;
    if (p[i] == '"') b.quote |= bit;
    if (p[i] == '\n') b.lf |= bit;
    if (p[i] == '\r') b.cr |= bit;
  }
#endif
  return b;
}

// Bit i: the parity of the set bits 0..i, so 1 inside quotes (from an opening quote
// up to its closing one).
inline std::uint64_t prefix_xor(std::uint64_t x) {
  x ^= x << 1;
  x ^= x << 2;
  x ^= x << 4;
  x ^= x << 8;
  x ^= x << 16;
  x ^= x << 32;
  return x;
}

}  // namespace sluice::rt::readers
