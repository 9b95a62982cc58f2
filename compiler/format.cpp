// `format_source`: parse, refuse files with syntax errors, print the canonical
// layout (compiler/format_*.cpp), then check the result before handing it out.
#include "compiler/format.hpp"

#include <fmt/format.h>

#include "compiler/format_internal.hpp"

namespace sluice {
namespace {

std::size_t comment_count(const std::vector<format::Token>& tokens) {
  std::size_t n = 0;
  for (const auto& t : tokens) n += t.kind == format::TokKind::comment;
  return n;
}

std::string print(const std::string& text, const ast::File& file) {
  format::Printer p(text, format::scan(text));
  format::print_file(p, file);
  return p.finish();
}

}  // namespace

FormatResult format_source(const std::string& path, const std::string& text, const Limits& limits) {
  FormatResult r;
  const FileId id = r.sources.add(path, text);
  auto file = parse(r.sources, id, r.diagnostics, limits);
  if (r.diagnostics.has_errors()) {
    r.diagnostics.sort();
    return r;
  }
  const Span whole{id, 0, 0};
  try {
    std::string out = print(text, *file);
    // Safety net: the result must parse and keep every comment. (Tests also
    // compare the compiled programs and check idempotence.)
    SourceManager again;
    Diagnostics diags;
    const FileId again_id = again.add(path, out);
    parse(again, again_id, diags, limits);
    if (diags.has_errors()) {
      diags.sort();
      const auto& d = diags.items().front();
      throw format::FormatBug(fmt::format("the formatted text does not parse ({}:{}: {})",
                                          again.file(again_id).line_col(d.primary.span.begin).line,
                                          again.file(again_id).line_col(d.primary.span.begin).column, d.message));
    }
    if (comment_count(format::scan(out)) != comment_count(format::scan(text)))
      throw format::FormatBug("a comment would be lost");
    r.text = std::move(out);
  } catch (const format::FormatBug& bug) {
    r.diagnostics.error("E0999", whole, fmt::format("cannot format this file: {}", bug.what()),
                        "left unchanged", "please report this formatter bug with the file attached");
  }
  return r;
}

}  // namespace sluice
