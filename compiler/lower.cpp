// Checked AST -> IR: the program header, the constant and regex pools, record
// layouts and calendars. Expressions are in lower_expr.cpp, funnels and tests in
// lower_decls.cpp; docs/ir.md describes the result.
#include "compiler/lower.hpp"

#include <fmt/format.h>

#include <bit>
#include <stdexcept>

#include "compiler/lower_internal.hpp"

namespace sluice {
namespace lowering {
namespace {

// The pool key: kind and exact value, so 1 (int) and 1.0 (number) stay apart.
void constant_key(const ir::Constant& c, std::string& key) {
  key += fmt::format("{}:", static_cast<int>(c.kind));
  switch (c.kind) {
    case TypeKind::bool_: key += c.b ? '1' : '0'; break;
    case TypeKind::int_: case TypeKind::date: case TypeKind::duration: key += fmt::format("{}", c.i); break;
    case TypeKind::number: key += fmt::format("{:x}", std::bit_cast<std::uint64_t>(c.n)); break;
    case TypeKind::text: case TypeKind::enum_: key += fmt::format("{}:{}", c.s.size(), c.s); break;
    case TypeKind::list:
      key += fmt::format("{}[", c.list.size());
      for (const auto& e : c.list) constant_key(e, key);
      key += ']';
      break;
    default: break;
  }
  key += ';';
}

std::uint64_t fnv1a64(std::uint64_t h, std::string_view bytes) {
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

// A default value in the slot's own kind, so that readers can store it as is: an
// int default of a `number` field becomes a number.
ir::Constant default_for_slot(ir::Constant c, const ir::Slot& slot) {
  if (slot.kind == TypeKind::number || (slot.kind == TypeKind::list && slot.element_kind == TypeKind::number))
    widen_constant(c);
  if (c.kind == TypeKind::enum_) c.kind = TypeKind::text;
  return c;
}

// Re-balances a slice such as `a and b) or c` (see paren_balance).
std::string balance_parentheses(const std::string& text) {
  const ParenBalance b = paren_balance(text);
  return std::string(b.unopened, '(') + text + std::string(b.unclosed, ')');
}

}  // namespace

void internal_error(const std::string& what) { throw std::logic_error("internal compiler error: " + what); }

TypeKind kind_of(const ast::Expr& e) { return e.type ? e.type->kind : TypeKind::error; }

TypeKind element_kind_of(const ast::Expr& e) {
  if (!e.type || e.type->kind != TypeKind::list || !e.type->element) return TypeKind::null_;
  return e.type->element->kind;
}

void widen_constant(ir::Constant& c) {
  if (c.kind == TypeKind::int_) {
    c.kind = TypeKind::number;
    c.n = static_cast<double>(c.i);
    c.i = 0;
  } else if (c.kind == TypeKind::list) {
    for (auto& e : c.list) widen_constant(e);
  }
}

Lowerer::Lowerer(const CheckedPolicy& policy, const SourceManager& sm, ir::Program& out)
    : policy_(policy), sm_(sm), out_(out) {}

std::int32_t Lowerer::intern_constant(const ir::Constant& c) {
  std::string key;
  constant_key(c, key);
  auto [it, inserted] = constant_index_.emplace(key, static_cast<std::int32_t>(out_.constants.size()));
  if (inserted) {
    out_.constants.push_back(c);
    if (c.kind == TypeKind::enum_) out_.constants.back().kind = TypeKind::text;  // enum values are text
  }
  return it->second;
}

std::int32_t Lowerer::intern_regex(const std::string& pattern) {
  auto [it, inserted] = regex_index_.emplace(pattern, static_cast<std::int32_t>(out_.regexes.size()));
  if (inserted) out_.regexes.push_back(pattern);
  return it->second;
}

ir::SrcPos Lowerer::pos(Span s) {
  auto it = file_index_.find(s.file);
  if (it == file_index_.end()) {
    // A file outside the module list (not expected): still name it.
    it = file_index_.emplace(s.file, static_cast<std::int32_t>(out_.files.size())).first;
    out_.files.push_back(s.file < sm_.size() ? sm_.file(s.file).path : "?");
  }
  ir::SrcPos p;
  p.file = it->second;
  if (s.file < sm_.size()) {
    LineCol lc = sm_.file(s.file).line_col(s.begin);
    p.line = static_cast<std::int32_t>(lc.line);
    p.column = static_cast<std::int32_t>(lc.column);
  }
  return p;
}

std::string Lowerer::folded_text(Span s) const {
  if (s.file >= sm_.size()) return {};
  std::string_view text = sm_.file(s.file).slice(s);
  std::string out;
  bool in_string = false, pending_space = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (!in_string && c == '#') {  // a comment runs to the end of the line
      while (i < text.size() && text[i] != '\n') ++i;
      pending_space = true;
      continue;
    }
    if (!in_string && (c == ' ' || c == '\t' || c == '\n' || c == '\r')) {
      pending_space = true;
      continue;
    }
    if (pending_space && !out.empty()) out += ' ';
    pending_space = false;
    out += c;
    if (c == '"' && !in_string) {
      in_string = true;
    } else if (in_string && c == '\\' && i + 1 < text.size()) {
      out += text[++i];
    } else if (in_string && c == '"') {
      in_string = false;
    }
  }
  return balance_parentheses(out);
}

namespace {

void lower_layouts(Lowerer& l, const CheckedPolicy& policy, ir::Program& p) {
  for (const RecordInfo& info : policy.records) {
    const auto base = static_cast<std::int32_t>(p.layouts.size());
    auto remap = [&](ir::Layout layout) {
      for (ir::Slot& slot : layout.slots) {
        if (slot.element_layout >= 0) slot.element_layout += base + 1;
        if (slot.default_const >= 0) {
          const auto index = static_cast<std::size_t>(slot.default_const);
          if (index >= policy.constants.size()) internal_error(fmt::format("default constant {} out of range", index));
          slot.default_const = l.intern_constant(default_for_slot(policy.constants[index], slot));
        }
      }
      p.layouts.push_back(std::move(layout));
    };
    remap(info.layout);
    for (const ir::Layout& element : info.element_layouts) remap(element);
    ir::Record record;
    record.name = info.decl ? info.decl->name.name : std::string();
    record.layout = base;
    record.key_slot = info.key_slot;
    p.records.push_back(std::move(record));
  }
}

void lower_calendars(const CheckedPolicy& policy, ir::Program& p) {
  for (const ast::Calendar* decl : policy.calendars) {
    ir::Calendar c;
    c.name = decl->name.name;
    c.timezone = decl->timezone.value_or("UTC");
    c.working_days = decl->working_days;
    c.start_minute = decl->start_minute;
    c.end_minute = decl->end_minute;
    c.holidays = decl->holidays;
    p.calendars.push_back(std::move(c));
  }
}

}  // namespace
}  // namespace lowering

ir::Program lower(const CheckedPolicy& policy, const SourceManager& sm) {
  ir::Program p;
  lowering::Lowerer l(policy, sm, p);
  p.ir_version = ir::kIrVersion;
  p.compiler_version = "sluice " SLUICE_VERSION;
  const auto& modules = policy.modules.modules;
  if (policy.modules.root < modules.size()) {
    const auto& root = modules[policy.modules.root];
    if (root.ast && root.ast->header) {
      p.policy_name = root.ast->header->name;
      p.policy_version = root.ast->header->version;
    }
  }
  // Files in module order (dependencies first); the hash covers their texts in
  // the same order, concatenated.
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const Module& m : modules) {
    const SourceFile& f = sm.file(m.file);
    l.pos(Span{m.file, 0, 0});  // registers the file at the next index
    hash = lowering::fnv1a64(hash, f.text);
  }
  p.source_hash = fmt::format("fnv1a64:{:016x}", hash);
  lowering::lower_layouts(l, policy, p);
  lowering::lower_calendars(policy, p);
  for (const FunnelInstance& f : policy.funnels) p.funnels.push_back(lowering::lower_funnel(l, f));
  for (const TestInstance& t : policy.tests) p.tests.push_back(lowering::lower_test(l, t));
  return p;
}

}  // namespace sluice
