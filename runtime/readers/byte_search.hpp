// The first place of one byte in a short run, 16 bytes at a time. The runs searched
// (JSON strings, CSV fields) are short, and memchr's call costs more than the search.
// The run must lie in a padded buffer (a simdjson-padded document, a BlockInput):
// the last block may read up to 15 bytes past its end; a match there is dropped.
#pragma once
#include <algorithm>
#include <cstddef>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace sluice::rt::readers {

// The first `c` in p[i, end), or end.
inline std::size_t find_byte(const char* p, std::size_t i, std::size_t end, char c) {
#if defined(__SSE2__)  // always there on x86-64
  const __m128i wanted = _mm_set1_epi8(c);
  for (; i < end; i += 16) {
    const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    const auto bits = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(block, wanted)));
    if (bits != 0) return std::min(end, i + static_cast<std::size_t>(__builtin_ctz(bits)));
  }
  return end;
#else
  while (i < end && p[i] != c) ++i;
  return i;
#endif
}

}  // namespace sluice::rt::readers
