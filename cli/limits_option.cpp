#include "cli/limits_option.hpp"

#include <cctype>
#include <cerrno>
#include <cstdlib>

#include <fmt/format.h>

namespace sluice::cli {

namespace {

constexpr std::size_t kKi = 1024;
constexpr std::size_t kMi = kKi * 1024;
constexpr std::size_t kGi = kMi * 1024;

// Where each named limit lives in LimitSettings (parallel to limit_table()).
std::size_t& slot_of(std::size_t index, LimitSettings& s) {
  switch (index) {
    case 0: return s.policy.max_file_bytes;
    case 1: return s.policy.max_line_bytes;
    case 2: return s.policy.max_depth;
    case 3: return s.policy.max_imports;
    case 4: return s.records.max_line_bytes;
    case 5: return s.records.max_depth;
    case 6: return s.records.max_list;
    case 7: return s.records.max_field_bytes;
    case 8: return s.records.max_document_bytes;
    default: return s.eval_steps;
  }
}

std::string valid_names() {
  std::string out;
  for (const LimitInfo& l : limit_table()) {
    out += fmt::format("\n  {:<20} default {:>10}, at most {}", l.name, l.default_value, l.max_value);
  }
  return out;
}

// "123", "64K", "16M", "1G" -> a count; false when not a whole positive number.
bool parse_count(const std::string& text, std::size_t& out) {
  if (text.empty() || !std::isdigit(static_cast<unsigned char>(text[0]))) return false;
  errno = 0;
  char* end = nullptr;
  const unsigned long long n = std::strtoull(text.c_str(), &end, 10);
  if (errno == ERANGE) return false;
  std::size_t unit = 1;
  const std::string suffix(end);
  if (suffix == "K") unit = kKi;
  else if (suffix == "M") unit = kMi;
  else if (suffix == "G") unit = kGi;
  else if (!suffix.empty()) return false;
  if (n > static_cast<unsigned long long>(SIZE_MAX / unit)) return false;
  out = static_cast<std::size_t>(n) * unit;
  return true;
}

}  // namespace

const std::vector<LimitInfo>& limit_table() {
  static const LimitSettings defaults;
  // The caps keep each limit a protection: nesting drives recursion in the
  // compiler (tested at the cap), sizes are held in memory at once.
  static const std::vector<LimitInfo> table = {
      {"policy-bytes", defaults.policy.max_file_bytes, 256 * kMi, "size of one policy file (E0002)"},
      {"line-bytes", defaults.policy.max_line_bytes, 1 * kMi, "length of one policy line (E0003)"},
      {"nesting", defaults.policy.max_depth, 500, "expression and block nesting in a policy (E0004)"},
      {"imports", defaults.policy.max_imports, 10000, "modules loaded by one compilation (E0305)"},
      {"record-line-bytes", defaults.records.max_line_bytes, 1 * kGi, "one NDJSON line or CSV record (E_DATA_LIMIT)"},
      {"record-depth", defaults.records.max_depth, 1000, "JSON nesting in a record (E_DATA_LIMIT)"},
      {"list-length", defaults.records.max_list, 100000000, "elements of one list in a record (E_DATA_LIMIT)"},
      {"csv-field-bytes", defaults.records.max_field_bytes, 1 * kGi, "one CSV field (E_DATA_LIMIT)"},
      {"json-document-bytes", defaults.records.max_document_bytes, 16 * kGi,
       "a whole JSON-array input, read at once (E_DATA_LIMIT)"},
      {"eval-steps", defaults.eval_steps, std::size_t{1} << 40,
       "quantifier iterations for one record in one funnel (E_LIMIT)"},
  };
  return table;
}

void add_limit_option(std::vector<OptionSpec>& specs) {
  // Before --help, so that help stays the last line.
  OptionSpec spec{"limit", 0, true, "NAME=N", "raise or lower a limit (docs/security.md), e.g. --limit nesting=400"};
  auto help = specs.end();
  for (auto it = specs.begin(); it != specs.end(); ++it) {
    if (it->name == "help") help = it;
  }
  specs.insert(help, spec);
}

bool apply_limit(const std::string& assignment, LimitSettings& out, std::string& error) {
  const std::size_t eq = assignment.find('=');
  const std::string name = assignment.substr(0, eq);
  const auto& table = limit_table();
  for (std::size_t i = 0; i < table.size(); ++i) {
    if (name != table[i].name) continue;
    if (eq == std::string::npos) {
      error = fmt::format("`--limit {}`: expected NAME=N, like `--limit {}=500`; the limits are:{}", assignment,
                          name, valid_names());
      return false;
    }
    const std::string value = assignment.substr(eq + 1);
    std::size_t n = 0;
    if (!parse_count(value, n) || n < 1 || n > table[i].max_value) {
      error = fmt::format("`--limit {}`: expected a whole number from 1 to {} (bytes may end in K, M or G); "
                          "the limits are:{}", assignment, table[i].max_value, valid_names());
      return false;
    }
    slot_of(i, out) = n;
    return true;
  }
  error = fmt::format("`--limit {}`: unknown limit `{}`; the limits are:{}", assignment, name, valid_names());
  return false;
}

bool apply_limit_options(const ParsedArgs& args, LimitSettings& out, std::string& error) {
  auto it = args.values.find("limit");
  if (it == args.values.end()) return true;
  for (const std::string& assignment : it->second) {
    if (!apply_limit(assignment, out, error)) return false;
  }
  return true;
}

}  // namespace sluice::cli
