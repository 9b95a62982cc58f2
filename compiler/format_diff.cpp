// Unified line diff: common prefix and suffix first, then an LCS table over the
// region between them while it stays small (bounded memory on any input).
#include "compiler/format_diff.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace sluice {
namespace {

constexpr std::size_t kContext = 3;
constexpr std::size_t kMaxTableCells = 4u << 20;

// A missing final newline is part of the last line, so it shows in the diff.
std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t nl = text.find('\n', start);
    if (nl == std::string::npos) {
      lines.push_back(text.substr(start) + "\n\\ No newline at end of file");
      break;
    }
    lines.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return lines;
}

enum class Edit : std::uint8_t { keep, remove, add };
struct Step {
  Edit edit;
  std::size_t a, b;  // line index in before / after (the one that applies)
};

std::vector<Step> edit_script(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::size_t pre = 0;
  while (pre < a.size() && pre < b.size() && a[pre] == b[pre]) ++pre;
  std::size_t suf = 0;
  while (suf < a.size() - pre && suf < b.size() - pre && a[a.size() - 1 - suf] == b[b.size() - 1 - suf]) ++suf;
  const std::size_t n = a.size() - pre - suf, m = b.size() - pre - suf;
  std::vector<Step> steps;
  for (std::size_t i = 0; i < pre; ++i) steps.push_back({Edit::keep, i, i});
  if ((n + 1) * (m + 1) <= kMaxTableCells) {
    // lcs[i][j]: the LCS length of a[pre+i..] and b[pre+j..].
    std::vector<std::uint32_t> lcs((n + 1) * (m + 1), 0);
    auto at = [&](std::size_t i, std::size_t j) -> std::uint32_t& { return lcs[i * (m + 1) + j]; };
    for (std::size_t i = n; i-- > 0;)
      for (std::size_t j = m; j-- > 0;)
        at(i, j) = a[pre + i] == b[pre + j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
    std::size_t i = 0, j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[pre + i] == b[pre + j]) {
        steps.push_back({Edit::keep, pre + i++, pre + j++});
      } else if (i < n && (j == m || at(i + 1, j) >= at(i, j + 1))) {
        steps.push_back({Edit::remove, pre + i++, pre + j});  // removals first, as diff(1) does
      } else {
        steps.push_back({Edit::add, pre + i, pre + j++});
      }
    }
  } else {
    for (std::size_t i = 0; i < n; ++i) steps.push_back({Edit::remove, pre + i, pre});
    for (std::size_t j = 0; j < m; ++j) steps.push_back({Edit::add, pre + n, pre + j});
  }
  for (std::size_t k = 0; k < suf; ++k) steps.push_back({Edit::keep, pre + n + k, pre + m + k});
  return steps;
}

// `start,count` of a hunk side; an empty side names the line before it.
std::string range(std::size_t first, std::size_t count) {
  if (count == 0) return fmt::format("{},0", first);
  if (count == 1) return fmt::format("{}", first + 1);
  return fmt::format("{},{}", first + 1, count);
}

}  // namespace

std::string unified_diff(const std::string& path, const std::string& before, const std::string& after) {
  if (before == after) return "";
  const auto a = split_lines(before), b = split_lines(after);
  const auto steps = edit_script(a, b);
  std::string out = fmt::format("--- a/{}\n+++ b/{}\n", path, path);
  std::size_t k = 0;
  while (k < steps.size()) {
    while (k < steps.size() && steps[k].edit == Edit::keep) ++k;
    if (k == steps.size()) break;
    // A hunk: from kContext keeps before the change to kContext keeps after the
    // last change that is at most 2 * kContext keeps away from the next one.
    const std::size_t begin = k >= kContext ? k - kContext : 0;
    std::size_t end = k;
    while (end < steps.size()) {
      std::size_t keeps = 0;
      while (end + keeps < steps.size() && steps[end + keeps].edit == Edit::keep) ++keeps;
      if (end + keeps == steps.size() || keeps > 2 * kContext) {
        end += std::min(keeps, kContext);
        break;
      }
      end += keeps;
      while (end < steps.size() && steps[end].edit != Edit::keep) ++end;
    }
    std::size_t a_count = 0, b_count = 0;
    for (std::size_t s = begin; s < end; ++s) {
      a_count += steps[s].edit != Edit::add;
      b_count += steps[s].edit != Edit::remove;
    }
    out += fmt::format("@@ -{} +{} @@\n", range(steps[begin].a, a_count), range(steps[begin].b, b_count));
    for (std::size_t s = begin; s < end; ++s) {
      const Step& st = steps[s];
      if (st.edit == Edit::keep) out += " " + a[st.a] + "\n";
      if (st.edit == Edit::remove) out += "-" + a[st.a] + "\n";
      if (st.edit == Edit::add) out += "+" + b[st.b] + "\n";
    }
    k = end;
  }
  return out;
}

}  // namespace sluice
