// Diagnostic renderers: rustc-style text and JSON (SARIF: diagnostic_sarif.cpp).
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "compiler/diagnostic.hpp"
#include "compiler/utf8.hpp"

namespace sluice {
namespace {

const char* severity_name(Severity s) {
  switch (s) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::note: return "note";
  }
  return "error";
}

// Display width of a prefix of a line: tabs expand to 4 columns, other code points to 1.
std::size_t display_width(std::string_view s) {
  std::size_t w = 0;
  for (unsigned char c : s) {
    if (c == '\t') w += 4;
    else if ((c & 0xC0) != 0x80) ++w;
  }
  return w;
}

// The source line as shown: tabs expanded, control bytes blanked and invalid UTF-8
// replaced by U+FFFD, so a diagnostic is always valid UTF-8 text.
std::string expand_tabs(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c == '\t') { out += "    "; ++i; continue; }
    if (c < 0x20 || c == 0x7F) { out += ' '; ++i; continue; }
    if (c < 0x80) { out += static_cast<char>(c); ++i; continue; }
    const std::size_t n = utf8_length(s, i);
    if (n != 0) {
      out.append(s.substr(i, n));
      i += n;
    } else {
      out += "\xEF\xBF\xBD";  // U+FFFD, one column like the lead byte it replaces
      ++i;
      while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
    }
  }
  return out;
}

struct Styles {
  bool on;
  std::string bold(const std::string& s) const { return on ? "\x1b[1m" + s + "\x1b[0m" : s; }
  std::string red(const std::string& s) const { return on ? "\x1b[1;31m" + s + "\x1b[0m" : s; }
  std::string yellow(const std::string& s) const { return on ? "\x1b[1;33m" + s + "\x1b[0m" : s; }
  std::string blue(const std::string& s) const { return on ? "\x1b[1;34m" + s + "\x1b[0m" : s; }
  std::string sev(Severity s, const std::string& t) const { return s == Severity::warning ? yellow(t) : red(t); }
};

// Where a label sits on its line, in display columns.
struct Placed {
  std::uint32_t line = 0;
  std::size_t pad = 0, width = 1;
  char mark = '^';
  std::string message;
};

Placed place(const SourceFile& f, const Label& label, char mark) {
  LineCol lc = f.line_col(label.span.begin);
  std::string_view line = f.line_text(lc.line);
  std::uint32_t line_start = f.line_starts[lc.line - 1];
  std::size_t begin_in_line = std::min<std::size_t>(label.span.begin - line_start, line.size());
  std::size_t end_in_line = std::min<std::size_t>(std::max(label.span.end, label.span.begin) - line_start, line.size());
  if (end_in_line < begin_in_line) end_in_line = begin_in_line;
  Placed p;
  p.line = lc.line;
  p.pad = display_width(line.substr(0, begin_in_line));
  p.width = std::max<std::size_t>(1, display_width(line.substr(begin_in_line, end_in_line - begin_in_line)));
  p.mark = mark;
  p.message = label.message;
  return p;
}

// One source line with every label on it: the marks on one line, the rightmost
// label's message after its marks, the others' messages on lines of their own.
void render_line(std::string& out, const SourceFile& f, std::vector<Placed> labels, std::size_t gutter,
                 const Styles& st, Severity sev) {
  std::sort(labels.begin(), labels.end(), [](const Placed& a, const Placed& b) { return a.pad < b.pad; });
  std::string num = std::to_string(labels.front().line);
  out += st.blue(fmt::format("{:>{}} |", num, gutter)) + " " + expand_tabs(f.line_text(labels.front().line)) + "\n";
  auto paint = [&](const Placed& p, const std::string& t) { return p.mark == '^' ? st.sev(sev, t) : st.blue(t); };
  std::string marks;
  std::size_t col = 0;
  for (const auto& p : labels) {
    if (p.pad < col) continue;  // overlapping labels: the first one wins the marks
    marks += std::string(p.pad - col, ' ') + paint(p, std::string(p.width, p.mark));
    col = p.pad + p.width;
  }
  const Placed& last = labels.back();
  if (!last.message.empty()) marks += " " + paint(last, last.message);
  out += st.blue(fmt::format("{:>{}} |", "", gutter)) + " " + marks + "\n";
  for (std::size_t i = labels.size() - 1; i-- > 0;) {
    const Placed& p = labels[i];
    if (p.message.empty()) continue;
    out += st.blue(fmt::format("{:>{}} |", "", gutter)) + " " + std::string(p.pad, ' ') + paint(p, p.message) + "\n";
  }
}

}  // namespace

std::string render_text(const Diagnostics& diags, const SourceManager& sm, bool color) {
  Styles st{color};
  std::string out;
  for (const auto& d : diags.items()) {
    out += st.sev(d.severity, fmt::format("{}[{}]", severity_name(d.severity), d.code)) + st.bold(": " + d.message) + "\n";
    if (d.primary.span.file >= sm.size()) {
      if (!d.help.empty()) out += "  = help: " + d.help + "\n";
      out += "\n";
      continue;
    }
    const SourceFile& f = sm.file(d.primary.span.file);
    LineCol lc = f.line_col(d.primary.span.begin);
    std::uint32_t max_line = lc.line;
    for (const auto& s : d.secondary)
      if (s.span.file < sm.size()) max_line = std::max(max_line, sm.file(s.span.file).line_col(s.span.begin).line);
    std::size_t gutter = std::to_string(max_line).size();
    out += fmt::format("{:>{}}", "", gutter) + st.blue("--> ") + fmt::format("{}:{}:{}\n", f.path, lc.line, lc.column);
    out += st.blue(fmt::format("{:>{}} |", "", gutter)) + "\n";
    // The primary's file first, its lines in order (labels on one line share it),
    // then each other file with a `:::` header.
    std::vector<std::pair<const Label*, char>> labels{{&d.primary, '^'}};
    for (const auto& s : d.secondary)
      if (s.span.file < sm.size()) labels.push_back({&s, '-'});
    std::vector<FileId> order{d.primary.span.file};
    for (const auto& [l, m] : labels)
      if (std::find(order.begin(), order.end(), l->span.file) == order.end()) order.push_back(l->span.file);
    for (FileId fid : order) {
      const SourceFile& sf = sm.file(fid);
      std::map<std::uint32_t, std::vector<Placed>> lines;
      for (const auto& [l, m] : labels)
        if (l->span.file == fid) lines[sf.line_col(l->span.begin).line].push_back(place(sf, *l, m));
      if (fid != d.primary.span.file) {
        const auto& first = lines.begin()->second.front();
        LineCol slc{first.line, static_cast<std::uint32_t>(first.pad + 1)};
        for (const auto& [l, m] : labels)
          if (l->span.file == fid) { slc = sf.line_col(l->span.begin); break; }
        out += fmt::format("{:>{}}", "", gutter) + st.blue("::: ") + fmt::format("{}:{}:{}\n", sf.path, slc.line, slc.column);
      }
      for (auto& [line, placed] : lines) render_line(out, sf, placed, gutter, st, d.severity);
    }
    if (!d.help.empty()) out += fmt::format("{:>{}} = ", "", gutter) + st.bold("help") + ": " + d.help + "\n";
    out += "\n";
  }
  return out;
}

namespace {

nlohmann::json location_json(const SourceManager& sm, const Label& l) {
  nlohmann::json j = nlohmann::json::object();
  if (l.span.file >= sm.size()) return j;
  const SourceFile& f = sm.file(l.span.file);
  LineCol b = f.line_col(l.span.begin), e = f.line_col(std::max(l.span.begin, l.span.end));
  j["file"] = f.path;
  j["line"] = b.line;
  j["column"] = b.column;
  j["end_line"] = e.line;
  j["end_column"] = e.column;
  j["label"] = l.message;
  return j;
}

}  // namespace

std::string render_json(const Diagnostics& diags, const SourceManager& sm) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& d : diags.items()) {
    nlohmann::json j;
    j["code"] = d.code;
    j["severity"] = severity_name(d.severity);
    j["message"] = d.message;
    j["location"] = location_json(sm, d.primary);
    nlohmann::json sec = nlohmann::json::array();
    for (const auto& s : d.secondary) sec.push_back(location_json(sm, s));
    j["related"] = sec;
    j["help"] = d.help;
    list.push_back(std::move(j));
  }
  nlohmann::json root;
  root["diagnostics"] = std::move(list);
  root["errors"] = diags.error_count();
  root["warnings"] = diags.warning_count();
  return root.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

// render_sarif is in compiler/diagnostic_sarif.cpp.

}  // namespace sluice
