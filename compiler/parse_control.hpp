// Internal to compiler/parse.cpp: the PEGTL control (syntax errors become
// diagnostics), the nesting guard, and the primary action template that the
// parse_actions_*.hpp headers specialise.
#pragma once
#include <tao/pegtl.hpp>
#include <type_traits>

#include "compiler/parse_state.hpp"
#include "grammar/errors.hpp"

namespace sluice::parser {

namespace pegtl = tao::pegtl;

// A cheap position for the exception that unwinds to the declaration-level
// `try_catch`: the diagnostic is already recorded, so line and column are unused.
inline pegtl::parse_error unwind_error(const ParseState& st, std::uint32_t at) {
  return pegtl::parse_error("syntax error", pegtl::position(at, 0, 0, st.src.path));
}

template <typename Rule>
struct control : pegtl::normal<Rule> {
  template <typename Input>
  [[noreturn]] static void raise(const Input& in, ParseState& st) {
    constexpr grammar::syntax_error_info info = grammar::syntax_error<Rule>;
    static_assert(info.message != nullptr && info.code != nullptr,
                  "every must<> commit point needs a grammar::syntax_error entry");
    const auto at = st.offset(in.current());
    st.syntax_error(at, CommitPoint{info.code, info.message, info.help, info.keywords,
                                    std::is_base_of_v<grammar::name, Rule>,
                                    std::is_same_v<Rule, grammar::text_close>});
    throw unwind_error(st, at);
  }
};

// Counts nesting on the recursive rules (primaries, prefix operators, types) so
// that `((((...` 100 000 deep is E0004 and not a stack overflow.
struct depth_limited : pegtl::maybe_nothing {
  template <typename Rule, pegtl::apply_mode A, pegtl::rewind_mode M, template <typename...> class Action,
            template <typename...> class Control, typename Input>
  static bool match(Input& in, ParseState& st) {
    struct Guard {
      std::size_t& depth;
      explicit Guard(std::size_t& d) : depth(d) { ++depth; }
      ~Guard() { --depth; }
      Guard(const Guard&) = delete;
      Guard& operator=(const Guard&) = delete;
    } guard(st.depth);
    if (st.depth > st.limits.max_depth) {
      const auto at = st.offset(in.current());
      st.too_deep(at);
      throw unwind_error(st, at);
    }
    return pegtl::match<Rule, A, M, Action, Control>(in, st);
  }
};

template <typename Rule>
struct action : pegtl::nothing<Rule> {};

// Shared action bodies.

template <typename Input>
ast::Ident ident_of(const Input& in, const ParseState& st) {
  return ast::Ident{in.string(), st.span(in.begin(), in.end())};
}

// Rules that name something: the name is pushed for the enclosing rule to pop.
struct push_ident {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.idents.push_back(ident_of(in, st));
  }
};

// Quoted texts of declarations (names, labels, paths): unescaped and pushed.
struct push_text {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    const Span at = st.span(in.begin(), in.end());
    auto value = literals::parse_text(in.string_view());
    if (value.problem)
      st.literal_error(Span{st.file, at.begin + static_cast<std::uint32_t>(value.bad_begin),
                            at.begin + static_cast<std::uint32_t>(value.bad_end)},
                       value.problem);
    st.texts.emplace_back(std::move(value.text), at);
  }
};

// Close brackets of every kind end the innermost open block.
struct close_block {
  template <typename Input>
  static void apply(const Input&, ParseState& st) {
    st.close_block();
  }
};

template <typename Input>
void open_block(const Input& in, ParseState& st, std::string what) {
  st.open_block(std::move(what), st.span(in.begin(), in.end()));
}

}  // namespace sluice::parser
