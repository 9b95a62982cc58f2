// The checker's entry point and the declaration-level passes: one namespace of
// top-level names across modules, calendars, qualification rules, usage tracking.
#include "compiler/check.hpp"

#include <cmath>

#include <date/tz.h>

#include "compiler/check_internal.hpp"

namespace sluice {

CheckedPolicy check(ModuleSet modules, SourceManager& sm, Diagnostics& diags) {
  CheckedPolicy policy;
  policy.modules = std::move(modules);
  if (policy.modules.modules.empty()) return policy;
  check_detail::Checker(policy, sm, diags).run();
  return policy;
}

namespace check_detail {

const char* kind_name(GlobalKind k) {
  switch (k) {
    case GlobalKind::const_: return "const";
    case GlobalKind::record: return "record";
    case GlobalKind::let: return "let";
    case GlobalKind::qualification: return "qualification";
    case GlobalKind::funnel: return "funnel";
    case GlobalKind::calendar: return "calendar";
  }
  return "name";
}

Checker::Checker(CheckedPolicy& policy, SourceManager& sm, Diagnostics& diags)
    : policy_(policy), sm_(sm), diags_(diags) {}

void Checker::run() {
  collect_globals();
  check_calendars();
  build_records();
  check_qualification_decls();
  check_funnels();
  check_tests();
  // Every const is folded once even when nothing reads it, so its errors are reported.
  for (const auto& [name, g] : globals_)
    if (g.kind == GlobalKind::const_) const_info(g);
  report_missing(missing_);
  missing_.clear();
  compute_unused();
}

void Checker::error(const char* code, Span at, std::string message, std::string label, std::string help) {
  diags_.error(code, at, std::move(message), std::move(label), std::move(help));
}

void Checker::error2(const char* code, Span at, std::string message, std::string label, Span other,
                     std::string other_label, std::string help) {
  Diagnostic d;
  d.code = code;
  d.message = std::move(message);
  d.primary = {at, std::move(label)};
  d.secondary.push_back({other, std::move(other_label)});
  d.help = std::move(help);
  diags_.add(std::move(d));
}

void Checker::collect_globals() {
  auto add = [&](GlobalKind kind, std::size_t module, std::size_t index, const ast::Ident& name) {
    Global g{kind, module, static_cast<std::uint32_t>(index), name.span};
    auto [it, fresh] = globals_.emplace(name.name, g);
    if (fresh) return;
    const Global& first = it->second;
    error2("E0101", name.span, "`" + name.name + "` is declared twice", "declared again here as a " + std::string(kind_name(kind)),
           first.span, "first declared here as a " + std::string(kind_name(first.kind)),
           "top-level names are shared by every imported module; rename one of them");
  };
  for (std::size_t m = 0; m < policy_.modules.modules.size(); ++m) {
    ast::File& f = file_of(m);
    for (const auto& d : f.order) {
      switch (d.kind) {
        case ast::DeclKind::const_: add(GlobalKind::const_, m, d.index, f.consts.at(d.index).name); break;
        case ast::DeclKind::record: add(GlobalKind::record, m, d.index, f.records.at(d.index).name); break;
        case ast::DeclKind::let: add(GlobalKind::let, m, d.index, f.lets.at(d.index).name); break;
        case ast::DeclKind::qualification:
          add(GlobalKind::qualification, m, d.index, f.qualifications.at(d.index).name);
          break;
        case ast::DeclKind::funnel: add(GlobalKind::funnel, m, d.index, f.funnels.at(d.index).name); break;
        case ast::DeclKind::calendar: add(GlobalKind::calendar, m, d.index, f.calendars.at(d.index).name); break;
        case ast::DeclKind::import:
        case ast::DeclKind::test:
          break;
      }
    }
  }
}

const Global* Checker::global(const std::string& name) const {
  auto it = globals_.find(name);
  return it == globals_.end() ? nullptr : &it->second;
}

std::vector<std::string> Checker::names_of(GlobalKind k) const {
  std::vector<std::string> out;
  for (const auto& [name, g] : globals_)
    if (g.kind == k) out.push_back(name);
  return out;
}

void Checker::note_use(const Ctx& c, const Global& g) { module_uses_.insert({c.module, g.module}); }

std::string Checker::where(std::size_t module, Span s) const {
  const SourceFile& f = sm_.file(policy_.modules.modules[module].file);
  return f.path + ":" + std::to_string(f.line_col(s.begin).line);
}

void Checker::check_calendars() {
  for (std::size_t m = 0; m < policy_.modules.modules.size(); ++m)
    for (auto& cal : file_of(m).calendars) {
      policy_.calendars.push_back(&cal);
      if (cal.working_days == 0)
        error("E0406", cal.span, "calendar `" + cal.name.name + "` has no working days");
      if (cal.start_minute < 0 || cal.end_minute > 24 * 60 || cal.start_minute >= cal.end_minute)
        error("E0406", cal.span, "calendar `" + cal.name.name + "` has working hours that end before they start",
              {}, "write the hours as `hours 09:00..17:00`");
      if (cal.timezone) check_time_zone(cal);
    }
}

// The runtime resolves the zone in the IANA database (runtime/calendar.cpp); an
// unknown name is a policy error here, not a failure at evaluation time.
void Checker::check_time_zone(const ast::Calendar& cal) {
  const std::string& name = *cal.timezone;
  std::vector<std::string> zones;
  try {
    if (date::locate_zone(name) != nullptr) return;
  } catch (const std::exception&) {  // date-tz reports an unknown zone (or no database) by throwing
  }
  try {
    for (const auto& z : date::get_tzdb().zones) zones.emplace_back(z.name());
  } catch (const std::exception&) {
  }
  const std::string near = zones.empty() ? std::string{} : closest_name(name, zones);
  error("E0406", cal.timezone_span, "calendar `" + cal.name.name + "` has an unknown time zone `" + name + "`",
        near.empty() ? std::string{} : "did you mean `" + near + "`?",
        zones.empty() ? "no time zone database was found on this system (Debian package tzdata)"
                      : "use an IANA time zone name such as `Europe/Berlin` or `UTC` (names are case-sensitive)");
}

void Checker::check_qualification_decls() {
  for (std::size_t m = 0; m < policy_.modules.modules.size(); ++m)
    for (auto& q : file_of(m).qualifications) {
      std::map<std::string, Span> seen;
      for (const auto& cr : q.criteria) {
        auto [it, fresh] = seen.emplace(cr.name.name, cr.name.span);
        if (!fresh)
          error2("E0111", cr.name.span, "criterion `" + cr.name.name + "` is declared twice in `" + q.name.name + "`",
                 "declared again here", it->second, "first declared here");
        if (cr.weight < 0) error("E0403", cr.weight_span, "a criterion weight cannot be negative");
      }
      if (!q.has_pass) {
        error("E0402", q.name.span, "qualification `" + q.name.name + "` has no `pass when` rule", {},
              "add `pass when all`, `pass when at least N`, `pass when score >= X` or `pass when <condition>`");
      } else if (q.rule == ast::PassRule::at_least &&
                 (q.threshold < 0 || q.threshold != std::floor(q.threshold))) {
        error("E0403", q.pass_span, "`pass when at least` needs a whole number of criteria");
      } else if (q.rule == ast::PassRule::score && q.threshold < 0) {
        error("E0403", q.pass_span, "`pass when score >=` needs a score that is not negative");
      }
    }
}

void Checker::compute_unused() {
  auto& mods = policy_.modules.modules;
  for (std::size_t m = 0; m < mods.size(); ++m) {
    Module& mod = mods[m];
    for (std::size_t i = 0; i < mod.imports.size() && i < mod.import_used.size(); ++i)
      mod.import_used[i] = module_uses_.count({m, mod.imports[i]}) > 0;
    if (sm_.file(mod.file).is_stdlib) continue;  // the library is not the user's to trim
    ast::File& f = *mod.ast;
    for (const auto& c : f.consts)
      if (!used_.count(&c)) policy_.unused_consts.push_back({&c, m});
    for (const auto& l : f.lets)
      if (!used_.count(&l)) policy_.unused_lets.push_back({&l, m});
    for (const auto& q : f.qualifications)
      if (!used_.count(&q)) policy_.unused_quals.push_back({&q, m});
  }
  for (const auto& fs : funnels_)
    if (!sm_.file(mods[fs.module].file).is_stdlib)
      for (const auto& l : fs.decl->lets)
        if (!fs.used_local_lets.count(&l)) policy_.unused_lets.push_back({&l, fs.module});
}

std::string snake_case(const std::string& name) {
  std::string out;
  auto upper = [](char ch) { return ch >= 'A' && ch <= 'Z'; };
  auto lower_or_digit = [](char ch) { return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'); };
  for (std::size_t i = 0; i < name.size(); ++i) {
    char ch = name[i];
    if (upper(ch) && i > 0 && !out.empty() && out.back() != '_') {
      bool after_lower = lower_or_digit(name[i - 1]);
      bool acronym_end = upper(name[i - 1]) && i + 1 < name.size() && name[i + 1] >= 'a' && name[i + 1] <= 'z';
      if (after_lower || acronym_end) out += '_';
    }
    out += upper(ch) ? static_cast<char>(ch - 'A' + 'a') : ch;
  }
  return out;
}

std::string folded_text(std::string_view text) {
  std::string out;
  bool space = false;
  for (char ch : text) {
    if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += ch;
  }
  return out;
}

bool text_like(const Type& t) { return t.kind == TypeKind::text || t.kind == TypeKind::enum_; }

TypeRef join(const TypeRef& a, const TypeRef& b) {
  if (!a || !b) return a ? a : b;
  if (a->kind == TypeKind::error || b->kind == TypeKind::error) return type_of(TypeKind::error);
  if (a->kind == TypeKind::null_) return b;
  if (b->kind == TypeKind::null_) return a;
  if (same_type(*a, *b)) return a;
  if (is_numeric(*a) && is_numeric(*b)) return type_of(TypeKind::number);
  if (text_like(*a) && text_like(*b)) return type_of(TypeKind::text);
  if (a->kind == TypeKind::list && b->kind == TypeKind::list) {
    if (a->element->kind == TypeKind::null_) return b;
    if (b->element->kind == TypeKind::null_) return a;
  }
  return nullptr;
}

}  // namespace check_detail
}  // namespace sluice
