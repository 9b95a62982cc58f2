// Opcode names (the JSON spelling), opcode metadata and the disassembler, all from
// the SLUICE_OPCODES list in ir.hpp.
#include <fmt/format.h>

#include <cmath>

#include "compiler/builtins.hpp"
#include "compiler/ir_disasm.hpp"

namespace sluice::ir {
namespace {

constexpr OpcodeInfo kOpcodes[] = {
#define SLUICE_X(name, a, b) {#name, #a, #b},
    SLUICE_OPCODES(SLUICE_X)
#undef SLUICE_X
};
static_assert(std::size(kOpcodes) == static_cast<std::size_t>(Opcode::count_));

bool is_jump(Opcode op) {
  return op == Opcode::AND_SC || op == Opcode::OR_SC || op == Opcode::COALESCE_SC;
}
bool is_quantifier(Opcode op) { return op == Opcode::ANY || op == Opcode::ALL || op == Opcode::COUNT; }

// Days since 1970-01-01 -> civil date (H. Hinnant's algorithm), valid for any int64 day.
void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
}

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') { out += "\\n"; continue; }
    out += c;
  }
  return out + "\"";
}

// What an operand denotes, for the listing.
std::string annotation(const Program& p, std::int32_t pc, const Instr& in) {
  switch (in.op) {
    case Opcode::CONST:
      if (in.a >= 0 && static_cast<std::size_t>(in.a) < p.constants.size())
        return constant_to_text(p.constants[static_cast<std::size_t>(in.a)]);
      return "<constant out of range>";
    case Opcode::MATCHES:
      if (in.a >= 0 && static_cast<std::size_t>(in.a) < p.regexes.size())
        return quoted(p.regexes[static_cast<std::size_t>(in.a)]);
      return "<regex out of range>";
    case Opcode::CALL:
      if (in.a >= 0 && static_cast<std::size_t>(in.a) < kBuiltinCount)
        return std::string(kBuiltins[in.a].name);
      return "<unknown built-in>";
    default:
      break;
  }
  if (is_jump(in.op)) return fmt::format("-> {}", static_cast<std::int64_t>(pc) + 1 + in.a);
  if (is_quantifier(in.op))
    return fmt::format("body {}..{}", pc + 1, static_cast<std::int64_t>(pc) + in.b);
  return {};
}

}  // namespace

const OpcodeInfo& opcode_info(Opcode op) { return kOpcodes[static_cast<std::size_t>(op)]; }

bool opcode_valid(Opcode op) { return static_cast<std::size_t>(op) < std::size(kOpcodes); }

const char* opcode_name(Opcode op) { return opcode_valid(op) ? opcode_info(op).name : "?"; }

std::optional<Opcode> opcode_from_name(const std::string& name) {
  for (std::size_t i = 0; i < std::size(kOpcodes); ++i)
    if (name == kOpcodes[i].name) return static_cast<Opcode>(i);
  return std::nullopt;
}

std::string iso_instant(std::int64_t ms) {
  constexpr std::int64_t kDay = 86'400'000;
  std::int64_t days = ms / kDay, rest = ms % kDay;
  if (rest < 0) { rest += kDay; --days; }
  std::int64_t y;
  unsigned m, d;
  civil_from_days(days, y, m, d);
  const auto sec = rest / 1000, milli = rest % 1000;
  std::string out = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", y, m, d, sec / 3600, sec / 60 % 60, sec % 60);
  if (milli != 0) out += fmt::format(".{:03}", milli);
  return out + "Z";
}

std::string duration_text(std::int64_t ms) {
  if (ms == 0) return "0s";
  // Work on the magnitude as unsigned so that INT64_MIN does not overflow.
  const bool negative = ms < 0;
  const std::uint64_t mag = negative ? 0 - static_cast<std::uint64_t>(ms) : static_cast<std::uint64_t>(ms);
  struct Unit { std::uint64_t ms; const char* name; };
  constexpr Unit kUnits[] = {{86'400'000, "d"}, {3'600'000, "h"}, {60'000, "min"}, {1000, "s"}, {1, "ms"}};
  for (const Unit& u : kUnits)
    if (mag % u.ms == 0) return fmt::format("{}{}{}", negative ? "-" : "", mag / u.ms, u.name);
  return {};  // unreachable: every value is a whole number of ms
}

std::string constant_to_text(const Constant& c) {
  switch (c.kind) {
    case TypeKind::null_: return "null";
    case TypeKind::bool_: return c.b ? "true" : "false";
    case TypeKind::int_: return fmt::format("{}", c.i);
    case TypeKind::number: return std::isfinite(c.n) ? fmt::format("{}", c.n) : "<non-finite>";
    case TypeKind::text: case TypeKind::enum_: return quoted(c.s);
    case TypeKind::date: return iso_instant(c.i);
    case TypeKind::duration: return duration_text(c.i);
    case TypeKind::list: {
      std::string out = "[";
      for (std::size_t i = 0; i < c.list.size(); ++i) {
        if (i) out += ", ";
        // Lists hold scalars; a nested list (invalid IR) is not expanded.
        out += c.list[i].kind == TypeKind::list ? "[...]" : constant_to_text(c.list[i]);
      }
      return out + "]";
    }
    default: return "<invalid constant>";
  }
}

std::string disassemble(const Program& p, Chunk chunk) {
  if (!chunk.present()) return "  (absent: true)\n";
  std::string out;
  const auto end = static_cast<std::int64_t>(chunk.start) + chunk.length;
  for (std::int64_t pc = chunk.start; pc < end; ++pc) {
    if (pc < 0 || static_cast<std::size_t>(pc) >= p.code.size()) {
      out += fmt::format("{:6}  <outside the code>\n", pc);
      break;
    }
    const Instr& in = p.code[static_cast<std::size_t>(pc)];
    std::string line = fmt::format("{:6}  {:<14}{:>6}{:>6}", pc, opcode_name(in.op), in.a, in.b);
    std::string note = opcode_valid(in.op) ? annotation(p, static_cast<std::int32_t>(pc), in) : "<invalid opcode>";
    if (static_cast<std::size_t>(pc) < p.spans.size()) {
      const SrcPos& s = p.spans[static_cast<std::size_t>(pc)];
      const bool known = s.file >= 0 && static_cast<std::size_t>(s.file) < p.files.size();
      note += fmt::format("{}{}:{}:{}", note.empty() ? "" : "   ",
                          known ? p.files[static_cast<std::size_t>(s.file)] : "?", s.line, s.column);
    }
    if (!note.empty()) line += "    ; " + note;
    out += line + "\n";
  }
  return out;
}

}  // namespace sluice::ir
