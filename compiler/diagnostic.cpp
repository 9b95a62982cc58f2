#include "compiler/diagnostic.hpp"

#include <algorithm>
#include <tuple>

namespace sluice {

void Diagnostics::error(std::string code, Span at, std::string message, std::string label, std::string help) {
  items_.push_back({std::move(code), Severity::error, std::move(message), {at, std::move(label)}, {}, std::move(help)});
}

void Diagnostics::warning(std::string code, Span at, std::string message, std::string label, std::string help) {
  items_.push_back({std::move(code), Severity::warning, std::move(message), {at, std::move(label)}, {}, std::move(help)});
}

bool Diagnostics::has_errors() const { return error_count() > 0; }

std::size_t Diagnostics::error_count() const {
  return static_cast<std::size_t>(
      std::count_if(items_.begin(), items_.end(), [](const Diagnostic& d) { return d.severity == Severity::error; }));
}

std::size_t Diagnostics::warning_count() const {
  return static_cast<std::size_t>(
      std::count_if(items_.begin(), items_.end(), [](const Diagnostic& d) { return d.severity == Severity::warning; }));
}

void Diagnostics::sort() {
  auto key = [](const Diagnostic& d) {
    return std::tie(d.primary.span.file, d.primary.span.begin, d.code, d.message, d.primary.span.end);
  };
  std::stable_sort(items_.begin(), items_.end(), [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
  items_.erase(std::unique(items_.begin(), items_.end(),
                           [&](const Diagnostic& a, const Diagnostic& b) { return key(a) == key(b); }),
               items_.end());
}

void Diagnostics::promote_warnings() {
  for (auto& d : items_)
    if (d.severity == Severity::warning) d.severity = Severity::error;
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
  // Damerau-Levenshtein (optimal string alignment): a swapped pair costs 1.
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::vector<std::size_t>> d(n + 1, std::vector<std::size_t>(m + 1));
  for (std::size_t i = 0; i <= n; ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= m; ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= n; ++i)
    for (std::size_t j = 1; j <= m; ++j) {
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[n][m];
}

std::string closest_name(const std::string& wrong, const std::vector<std::string>& candidates) {
  if (wrong.size() > 256) return {};
  // Allow about one edit per three characters, at least one, at most three.
  std::size_t limit = std::clamp<std::size_t>(wrong.size() / 3, 1, 3);
  std::string best;
  std::size_t best_d = limit + 1;
  for (const auto& c : candidates) {
    if (c == wrong || c.size() > 256) continue;
    std::size_t d = edit_distance(wrong, c);
    // A case-only difference is always a likely typo.
    bool same_ci = wrong.size() == c.size() &&
                   std::equal(wrong.begin(), wrong.end(), c.begin(),
                              [](char x, char y) { return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y)); });
    if (same_ci) d = 0;
    if (d < best_d || (d == best_d && !best.empty() && c < best)) {
      best = c;
      best_d = d;
    }
  }
  return best_d <= limit ? best : std::string{};
}

}  // namespace sluice
