// Source text -> AST: the PEGTL grammar of grammar/ driven with the actions of
// compiler/parse_actions_*.hpp. The only translation unit that sees PEGTL.
#include "compiler/parse.hpp"

#include <tao/pegtl.hpp>

#include "compiler/parse_actions_calendar.hpp"
#include "compiler/parse_actions_qualification.hpp"
#include "compiler/parse_actions_test.hpp"
#include "compiler/parse_state.hpp"
#include "grammar/declarations.hpp"

namespace sluice::parser {

// Whatever a declaration leaves on the builder stacks is garbage: after a good
// declaration they are empty, after a syntax error they hold its half-built parts.
struct reset_builder {
  template <typename Input>
  static void apply(const Input&, ParseState& st) {
    st.reset();
  }
};
template <> struct action<g::declaration> : reset_builder {};
template <> struct action<g::recovery> : reset_builder {};

}  // namespace sluice::parser

namespace sluice {

std::unique_ptr<ast::File> parse(const SourceManager& sm, FileId file, Diagnostics& diags, const Limits& limits) {
  auto out = std::make_unique<ast::File>();
  out->file = file;
  const SourceFile& src = sm.file(file);
  if (!parser::check_limits(src, file, diags, limits)) return out;

  parser::ParseState state(src, file, diags, limits, *out);
  tao::pegtl::memory_input<tao::pegtl::tracking_mode::lazy> in(src.text.data(), src.text.size(), src.path);
  try {
    tao::pegtl::parse<grammar::file, parser::action, parser::control>(in, state);
  } catch (const parser::StopParsing&) {
    // The error cap was reached; the diagnostics say so.
  }
  return out;
}

}  // namespace sluice
