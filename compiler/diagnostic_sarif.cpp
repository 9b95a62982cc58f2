// SARIF 2.1.0 for GitHub code scanning (docs/ci.md): one run whose tool.driver
// lists a rule per code that occurs (name, descriptions, help with a link to
// docs/diagnostics.md), and a result per diagnostic with a location relative to
// the checkout (uriBaseId %SRCROOT%) and a fingerprint that survives moved lines.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <system_error>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "compiler/diagnostic.hpp"
#include "compiler/diagnostic_rules.hpp"

namespace sluice {
namespace {

// Where the documentation is published, from SLUICE_DOCS_URI ("https://host/sluice/docs/");
// "" when unset or not an absolute http(s) URI: the SARIF then names
// docs/diagnostics.md in its texts but gives no helpUri.
std::string docs_base_uri() {
  const char* env = std::getenv("SLUICE_DOCS_URI");
  std::string base = env != nullptr ? env : "";
  if (base.rfind("https://", 0) != 0 && base.rfind("http://", 0) != 0) return {};
  if (base.find_first_of(" \t\r\n\"<>") != std::string::npos) return {};
  if (base.back() != '/') base += '/';
  return base;
}

// RFC 3986: unreserved characters and `/` stay, every other byte is %XX.
std::string uri_escape(std::string_view path) {
  std::string out;
  for (char c : path) {
    const auto u = static_cast<unsigned char>(c);
    const bool keep = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || c == '-' ||
                      c == '.' || c == '_' || c == '~' || c == '/';
    if (keep) out += c;
    else out += fmt::format("%{:02X}", u);
  }
  return out;
}

// The artifact location: relative to the current folder (the checkout root in CI)
// when the file is inside it, else an absolute file: URI.
nlohmann::json artifact_location(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path cwd = fs::current_path(ec);
  fs::path p(path);
  if (p.is_absolute() && !ec) {
    const fs::path rel = p.lexically_relative(cwd);
    if (rel.empty() || *rel.begin() == "..") return {{"uri", "file://" + uri_escape(p.lexically_normal().string())}};
    p = rel;
  }
  return {{"uri", uri_escape(p.lexically_normal().generic_string())}, {"uriBaseId", "%SRCROOT%"}};
}

std::uint64_t fnv1a(std::string_view text, std::uint64_t h = 0xcbf29ce484222325ULL) {
  for (char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

std::string trimmed(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  return std::string(s.substr(b, s.find_last_not_of(" \t\r") - b + 1));
}

const char* level_of(Severity s) {
  return s == Severity::warning ? "warning" : s == Severity::note ? "note" : "error";
}

nlohmann::json rule_json(const std::string& code, const Diagnostic& first, const std::string& docs) {
  const DiagnosticRule* rule = find_diagnostic_rule(code);
  const std::string anchor = diagnostic_anchor(code);
  const std::string doc_ref = "docs/diagnostics.md" + (anchor.empty() ? std::string() : "#" + anchor);
  const std::string summary = rule != nullptr ? std::string(rule->summary) : first.message;
  nlohmann::json r;
  r["id"] = code;
  r["name"] = rule != nullptr ? std::string(rule->name) : code;
  r["shortDescription"]["text"] = summary;
  r["fullDescription"]["text"] = fmt::format("{} {}", code, summary);
  r["help"]["text"] = fmt::format("{} See {} for what {} means, an example policy and how to fix it.", summary,
                                  doc_ref, code);
  const std::string link = docs.empty() ? doc_ref : docs + "diagnostics.md" + (anchor.empty() ? "" : "#" + anchor);
  r["help"]["markdown"] = fmt::format("{}\n\nSee [{} in the diagnostics reference]({}).", summary, code, link);
  if (!docs.empty()) r["helpUri"] = link;
  // A W code stays a warning by default even when --werror made this one an error.
  r["defaultConfiguration"]["level"] = !code.empty() && code[0] == 'W' ? "warning" : "error";
  return r;
}

}  // namespace

std::string render_sarif(const Diagnostics& diags, const SourceManager& sm, const std::string& tool_version) {
  const std::string docs = docs_base_uri();
  auto location = [&](const Label& l) {
    const SourceFile& f = sm.file(l.span.file);
    LineCol b = f.line_col(l.span.begin), e = f.line_col(std::max(l.span.begin, l.span.end));
    nlohmann::json r;
    r["startLine"] = b.line;
    r["startColumn"] = b.column;
    r["endLine"] = e.line;
    r["endColumn"] = std::max(e.column, b.line == e.line ? b.column + 1 : e.column);
    nlohmann::json loc;
    loc["physicalLocation"]["artifactLocation"] = artifact_location(f.path);
    loc["physicalLocation"]["region"] = r;
    if (!l.message.empty()) loc["message"]["text"] = l.message;
    return loc;
  };
  std::map<std::string, const Diagnostic*> first_of_code;
  for (const auto& d : diags.items()) first_of_code.emplace(d.code, &d);
  nlohmann::json rules = nlohmann::json::array();
  std::map<std::string, std::size_t> rule_index;
  for (const auto& [code, d] : first_of_code) {
    rule_index[code] = rules.size();
    rules.push_back(rule_json(code, *d, docs));
  }
  nlohmann::json results = nlohmann::json::array();
  for (const auto& d : diags.items()) {
    nlohmann::json r;
    r["ruleId"] = d.code;
    r["ruleIndex"] = rule_index[d.code];
    r["level"] = level_of(d.severity);
    std::string text = d.message;
    if (!d.primary.message.empty()) text += ": " + d.primary.message;
    if (!d.help.empty()) text += " (help: " + d.help + ")";
    r["message"]["text"] = text;
    nlohmann::json locs = nlohmann::json::array();
    std::string fingerprint_line;
    if (d.primary.span.file < sm.size()) {
      locs.push_back(location(d.primary));
      const SourceFile& f = sm.file(d.primary.span.file);
      fingerprint_line = f.path + "\n" + trimmed(f.line_text(f.line_col(d.primary.span.begin).line));
    }
    r["locations"] = locs;
    // The code, file, message and the text of the line, not its number: moving
    // the line keeps the alert, editing it makes a new one.
    r["partialFingerprints"]["sluiceDiagnostic/v1"] =
        fmt::format("{:016x}", fnv1a(fingerprint_line, fnv1a(d.code + "\n" + d.message + "\n")));
    nlohmann::json related = nlohmann::json::array();
    int id = 0;
    for (const auto& s : d.secondary) {
      if (s.span.file >= sm.size()) continue;
      auto loc = location(s);
      loc["id"] = id++;
      related.push_back(std::move(loc));
    }
    if (!related.empty()) r["relatedLocations"] = related;
    results.push_back(std::move(r));
  }
  // tool_version is "sluice X.Y.Z": the driver's version is X.Y.Z.
  const std::string version = tool_version.rfind("sluice ", 0) == 0 ? tool_version.substr(7) : tool_version;
  nlohmann::json driver;
  driver["name"] = "sluice";
  driver["version"] = version;
  driver["semanticVersion"] = version;
  if (!docs.empty()) driver["informationUri"] = docs;
  driver["rules"] = std::move(rules);
  nlohmann::json run;
  run["tool"]["driver"] = std::move(driver);
  run["columnKind"] = "unicodeCodePoints";
  run["results"] = std::move(results);
  nlohmann::json root;
  root["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  root["version"] = "2.1.0";
  root["runs"] = nlohmann::json::array({std::move(run)});
  return root.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace sluice
