// Source text -> AST. The only file that sees PEGTL is compiler/parse.cpp;
// `tao::pegtl::parse_error` never leaves it.
#pragma once
#include <memory>

#include "compiler/ast.hpp"
#include "compiler/diagnostic.hpp"
#include "compiler/source.hpp"

namespace sluice {

struct Limits {
  std::size_t max_file_bytes = 8u << 20;   // a policy file larger than this is rejected (E0002)
  std::size_t max_line_bytes = 10000;      // a longer line is rejected (E0003)
  std::size_t max_depth = 200;             // expression / block nesting (E0004)
  std::size_t max_imports = 256;           // modules loaded by one compilation (E0305)
};

// Always returns a File; after a syntax error it recovers at the next top-level
// declaration so that every error of the file is reported in one run.
std::unique_ptr<ast::File> parse(const SourceManager& sm, FileId file, Diagnostics& diags,
                                 const Limits& limits = {});

}  // namespace sluice
