// prepare_program / load_program: validate an IR program, then build what every
// record needs and nothing should rebuild: constant Values, compiled regexes,
// resolved time zones and prepared business calendars.
#include <re2/re2.h>

#include <fstream>
#include <sstream>

#include "compiler/compile.hpp"
#include "compiler/ir_json.hpp"
#include "runtime/calendar.hpp"
#include "runtime/program.hpp"
#include "runtime/validate.hpp"

namespace sluice::rt {

LoadedProgram::LoadedProgram() = default;
LoadedProgram::~LoadedProgram() = default;

namespace {

constexpr std::uintmax_t kMaxIrBytes = 256u << 20;

// A scalar constant as a Value; texts point into `c` (owned by the LoadedProgram).
Value scalar_value(const ir::Constant& c) {
  switch (c.kind) {
    case TypeKind::bool_: return Value::boolean(c.b);
    case TypeKind::int_: return Value::integer(c.i);
    case TypeKind::number: return Value::number(c.n);
    case TypeKind::text:
    case TypeKind::enum_: return Value::text(c.s);
    case TypeKind::date: return Value::date(c.i);
    case TypeKind::duration: return Value::duration(c.i);
    default: return Value::unset();  // null_
  }
}

void build_constants(LoadedProgram& p) {
  const auto& pool = p.ir.constants;
  p.constants.resize(pool.size());
  p.constant_lists.resize(pool.size());
  for (std::size_t i = 0; i < pool.size(); ++i) {
    if (pool[i].kind != TypeKind::list) {
      p.constants[i] = scalar_value(pool[i]);
      continue;
    }
    auto& elems = p.constant_lists[i];
    for (const ir::Constant& e : pool[i].list) elems.push_back(scalar_value(e));
    p.constants[i] = Value::list(elems.data(), static_cast<std::uint32_t>(elems.size()));
  }
}

bool compile_regexes(LoadedProgram& p, std::string& error) {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_encoding(RE2::Options::EncodingUTF8);
  for (std::size_t i = 0; i < p.ir.regexes.size(); ++i) {
    auto re = std::make_unique<RE2>(p.ir.regexes[i], options);
    if (!re->ok()) {
      error = "invalid regular expression `" + p.ir.regexes[i] + "` (regexes[" + std::to_string(i) +
              "]): " + re->error();
      return false;
    }
    p.regexes.push_back(std::move(re));
  }
  return true;
}

bool resolve_calendars(LoadedProgram& p, std::string& error) {
  for (const ir::Calendar& c : p.ir.calendars) {
    const date::time_zone* zone = find_time_zone(c.timezone);
    if (zone == nullptr) {
      error = "calendar `" + c.name + "`: unknown time zone `" + c.timezone + "`";
      return false;
    }
    p.zones.push_back(zone);
    p.calendars.emplace_back(c, zone);
  }
  return true;
}

}  // namespace

std::unique_ptr<LoadedProgram> prepare_program(ir::Program program, std::string& error) {
  if (!validate_program(program, error)) return nullptr;
  auto loaded = std::make_unique<LoadedProgram>();
  // Move the IR in first: constant texts point into these strings, so they must not
  // move again.
  loaded->ir = std::move(program);
  build_constants(*loaded);
  if (!compile_regexes(*loaded, error) || !resolve_calendars(*loaded, error)) return nullptr;
  return loaded;
}

std::unique_ptr<LoadedProgram> load_program(const std::string& path, std::string& error) {
  return load_program(path, error, Limits{});
}

std::unique_ptr<LoadedProgram> load_program(const std::string& path, std::string& error, const Limits& limits) {
  ir::Program program;
  if (path.size() >= 7 && path.compare(path.size() - 7, 7, ".funnel") == 0) {
    CompileOptions options;
    options.limits = limits;
    CompileResult compiled = compile_file(path, options);
    if (!compiled.program) {
      error = render_text(compiled.diagnostics, compiled.sources);
      return nullptr;
    }
    program = std::move(*compiled.program);
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      error = "cannot open `" + path + "`";
      return nullptr;
    }
    in.seekg(0, std::ios::end);
    const std::streamoff size = in.tellg();
    if (size < 0 || static_cast<std::uintmax_t>(size) > kMaxIrBytes) {
      error = "`" + path + "` is larger than 256 MB (or not a regular file)";
      return nullptr;
    }
    in.seekg(0, std::ios::beg);
    std::string text(static_cast<std::size_t>(size), '\0');
    if (!in.read(text.data(), size)) {
      error = "cannot read `" + path + "`";
      return nullptr;
    }
    if (!read_ir(text, program, error)) {
      error = path + ": " + error;
      return nullptr;
    }
    // A compiled IR that does not validate is named like one that does not read.
    auto loaded = prepare_program(std::move(program), error);
    if (!loaded) error = path + ": " + error;
    return loaded;
  }
  return prepare_program(std::move(program), error);
}

}  // namespace sluice::rt
