// Built-in calls, typed per compiler/builtins.hpp: arity, argument types, and
// calendar arguments that must name a declared calendar.
#include "compiler/builtins.hpp"
#include "compiler/check_internal.hpp"

namespace sluice::check_detail {
namespace {

bool quiet(const Type& t) { return is_error(t) || t.kind == TypeKind::null_; }
bool is_date(const Type& t) { return t.kind == TypeKind::date; }
bool is_int(const Type& t) { return t.kind == TypeKind::int_; }

// The argument position that must name a calendar, or -1.
int calendar_position(BuiltinId id) {
  switch (id) {
    case BuiltinId::business_days_between:
    case BuiltinId::business_hours_between:
    case BuiltinId::add_business_days:
      return 2;
    case BuiltinId::is_business_day:
      return 1;
    default:
      return -1;
  }
}

}  // namespace

TypeRef Checker::call(ast::Expr& e, Ctx& c) {
  const std::string& fname = e.ident.name;
  const BuiltinInfo* b = find_builtin(fname);
  if (!b) {
    std::vector<std::string> names;
    for (const auto& info : kBuiltins) names.emplace_back(info.name);
    std::string near = closest_name(fname, names);
    error("E0108", e.ident.span, "unknown function `" + fname + "`",
          near.empty() ? std::string{} : "did you mean `" + near + "`?");
    for (auto& a : e.args) expr(*a, c);
    return type_of(TypeKind::error);
  }
  e.ref = {ast::RefKind::builtin, static_cast<std::int32_t>(b->id), -1, -1};
  const int n = static_cast<int>(e.args.size());
  if (n < b->min_args || n > b->max_args) {
    std::string want = b->min_args == b->max_args ? std::to_string(b->min_args)
                                                  : std::to_string(b->min_args) + " to " + std::to_string(b->max_args);
    error("E0210", e.span,
          "`" + fname + "` takes " + want + " argument" + (b->max_args == 1 ? "" : "s") + ", found " + std::to_string(n),
          {}, "`" + std::string(b->signature) + "`");
    for (auto& a : e.args) expr(*a, c);
    return type_of(TypeKind::error);
  }
  const int cal = calendar_position(b->id);
  std::vector<TypeRef> args;
  const TypeRef date = type_of(TypeKind::date);
  const TypeRef integer = type_of(TypeKind::int_);
  auto expected_for = [&](int i) -> TypeRef {
    switch (b->id) {
      case BuiltinId::days_since: case BuiltinId::days_between: case BuiltinId::year: case BuiltinId::quarter:
      case BuiltinId::business_days_between: case BuiltinId::business_hours_between: case BuiltinId::is_business_day:
        return date;
      case BuiltinId::add_months: case BuiltinId::add_business_days:
        return i == 0 ? date : integer;
      case BuiltinId::lower: case BuiltinId::upper: case BuiltinId::trim: case BuiltinId::domain:
        return type_of(TypeKind::text);
      default:
        return nullptr;
    }
  };
  for (int i = 0; i < n; ++i) {
    ast::Expr& a = *e.args[static_cast<std::size_t>(i)];
    if (i == cal) {
      args.push_back(integer);
      a.type = integer;
      const Global* g = a.kind == ast::ExprKind::name ? global(a.ident.name) : nullptr;
      if (g && g->kind == GlobalKind::calendar) {
        note_use(c, *g);
        const ast::Calendar* decl = &file_of(g->module).calendars[g->index];
        for (std::size_t k = 0; k < policy_.calendars.size(); ++k)
          if (policy_.calendars[k] == decl) a.ref = {ast::RefKind::calendar, static_cast<std::int32_t>(k), -1, -1};
      } else if (a.kind == ast::ExprKind::name && !g) {
        std::string near = closest_name(a.ident.name, names_of(GlobalKind::calendar));
        error("E0105", a.span, "unknown calendar `" + a.ident.name + "`",
              near.empty() ? std::string{} : "did you mean `" + near + "`?",
              "declare it with `calendar " + a.ident.name + " { ... }`");
      } else {
        error("E0212", a.span, "argument " + std::to_string(i + 1) + " of `" + fname + "` must name a calendar");
      }
      continue;
    }
    TypeRef want = expected_for(i);
    args.push_back(expr(a, c, want));
    if (want) hint(a, want);
  }
  auto bad = [&](int i, const std::string& wanted) {
    const TypeRef& t = args[static_cast<std::size_t>(i)];
    error("E0211", e.args[static_cast<std::size_t>(i)]->span,
          "argument " + std::to_string(i + 1) + " of `" + fname + "` must be " + wanted + ", found `" + to_string(*t) + "`",
          {}, "`" + std::string(b->signature) + "`");
  };
  // Checks argument i with `ok`; returns false (after a report) when it does not fit.
  auto need = [&](int i, bool (*ok)(const Type&), const std::string& wanted) {
    const TypeRef& t = args[static_cast<std::size_t>(i)];
    if (quiet(*t) || ok(*t)) return true;
    bad(i, wanted);
    return false;
  };
  auto joined = [&](int from) {
    TypeRef j = type_of(TypeKind::null_);
    for (int i = from; i < n; ++i) {
      TypeRef next = join(j, args[static_cast<std::size_t>(i)]);
      if (!next) {
        bad(i, "`" + to_string(*j) + "` like the others");
        return type_of(TypeKind::error);
      }
      j = next;
    }
    return j;
  };
  const TypeRef& a0 = args[0];
  switch (b->id) {
    case BuiltinId::len:
      need(0, [](const Type& t) { return text_like(t) || t.kind == TypeKind::list; }, "a `text` or a list");
      return integer;
    case BuiltinId::lower: case BuiltinId::upper: case BuiltinId::trim: case BuiltinId::domain:
      need(0, text_like, "`text`");
      return type_of(TypeKind::text);
    case BuiltinId::abs:
      if (!need(0, [](const Type& t) { return is_numeric(t) || t.kind == TypeKind::duration; }, "a number or a duration"))
        return type_of(TypeKind::error);
      return a0;
    case BuiltinId::round:
      need(0, is_numeric, "a number");
      if (n == 2) {
        need(1, is_int, "`int`");
        return type_of(TypeKind::number);
      }
      return integer;
    case BuiltinId::min: case BuiltinId::max: {
      if (n == 1) {
        if (a0->kind == TypeKind::list && (quiet(*a0->element) || is_orderable(*a0->element))) return a0->element;
        need(0, [](const Type&) { return false; }, "a list of numbers, texts, dates or durations");
        return type_of(TypeKind::error);
      }
      TypeRef j = joined(0);
      if (!quiet(*j) && !is_orderable(*j)) {
        bad(0, "a number, text, date or duration");
        return type_of(TypeKind::error);
      }
      return j;
    }
    case BuiltinId::sum:
      if (a0->kind == TypeKind::list && (a0->element->kind == TypeKind::null_ || is_numeric(*a0->element)))
        return a0->element->kind == TypeKind::number ? type_of(TypeKind::number) : integer;
      need(0, [](const Type&) { return false; }, "`list<int>` or `list<number>`");
      return type_of(TypeKind::error);
    case BuiltinId::coalesce: {
      TypeRef j = joined(0);
      if (j->kind == TypeKind::object) return type_of(TypeKind::error);
      return j;
    }
    case BuiltinId::days_since: case BuiltinId::year: case BuiltinId::quarter:
      need(0, is_date, "`date`");
      return integer;
    case BuiltinId::days_between:
      need(0, is_date, "`date`");
      need(1, is_date, "`date`");
      return integer;
    case BuiltinId::add_months:
      need(0, is_date, "`date`");
      need(1, is_int, "`int`");
      return date;
    case BuiltinId::date_of:
      need(0, [](const Type& t) { return t.kind == TypeKind::date || text_like(t); }, "a `date` or a `text`");
      return date;
    case BuiltinId::business_days_between:
    case BuiltinId::business_hours_between:
      need(0, is_date, "`date`");
      need(1, is_date, "`date`");
      return b->id == BuiltinId::business_days_between ? integer : type_of(TypeKind::number);
    case BuiltinId::add_business_days:
      need(0, is_date, "`date`");
      need(1, is_int, "`int`");
      return date;
    case BuiltinId::is_business_day:
      need(0, is_date, "`date`");
      return type_of(TypeKind::bool_);
    case BuiltinId::count_:
      break;
  }
  return type_of(TypeKind::error);
}

}  // namespace sluice::check_detail
