// `const` declarations (folded on first use, with cycle detection) and the constant
// folder shared by consts, field defaults and the lints.
#include <algorithm>
#include <cmath>

#include "compiler/check_internal.hpp"

namespace sluice::check_detail {

std::int32_t Checker::add_constant(ir::Constant c, std::string name) {
  policy_.constants.push_back(std::move(c));
  policy_.constant_names.push_back(std::move(name));
  return static_cast<std::int32_t>(policy_.constants.size() - 1);
}

const ConstInfo& Checker::const_info(const Global& g) {
  const ast::Const& decl = file_of(g.module).consts.at(g.index);
  auto [it, fresh] = consts_.try_emplace(&decl);
  ConstInfo& info = it->second;
  if (!fresh) {
    if (info.state == State::active) {
      std::string chain;
      auto pos = std::find(active_chain_.begin(), active_chain_.end(), decl.name.name);
      for (auto i = pos; i != active_chain_.end(); ++i) chain += "`" + *i + "` -> ";
      error("E0115", decl.name.span, "`" + decl.name.name + "` depends on itself: " + chain + "`" + decl.name.name + "`");
      info.type = type_of(TypeKind::error);
    }
    return info;
  }
  info.type = type_of(TypeKind::error);
  if (nesting_ >= kMaxNesting) {
    error("E0121", decl.name.span, "declarations refer to each other too deeply");
    info.state = State::done;
    return info;
  }
  ++nesting_;
  active_chain_.push_back(decl.name.name);
  Ctx c;
  c.module = g.module;
  TypeRef t = decl.value ? root(*decl.value, c) : type_of(TypeKind::error);
  active_chain_.pop_back();
  --nesting_;
  // `it` stays valid: std::map nodes do not move when others are inserted.
  ConstInfo& done = it->second;
  done.state = State::done;
  if (done.type && is_error(*done.type) && !is_error(*t)) done.type = t;
  if (!decl.value || is_error(*t)) return done;
  std::string fault;
  auto value = fold_constant(*decl.value, policy_.constants, &fault);
  if (!value) {
    if (fault.empty())
      error("E0208", decl.value->span, "const `" + decl.name.name + "` must be a constant expression",
            "this depends on the record or the time", "use a `let` for values computed per record");
    else
      error("E0209", decl.value->span, fault);
    done.type = type_of(TypeKind::error);
    return done;
  }
  done.index = add_constant(std::move(*value), decl.name.name);
  return done;
}

namespace {

using ir::Constant;

Constant make(TypeKind k) {
  Constant c;
  c.kind = k;
  return c;
}
Constant make_bool(bool b) {
  Constant c = make(TypeKind::bool_);
  c.b = b;
  return c;
}
double as_number(const Constant& c) { return c.kind == TypeKind::int_ ? static_cast<double>(c.i) : c.n; }
bool numeric(const Constant& c) { return c.kind == TypeKind::int_ || c.kind == TypeKind::number; }
bool uses_i(TypeKind k) { return k == TypeKind::int_ || k == TypeKind::date || k == TypeKind::duration; }

bool equal(const Constant& a, const Constant& b) {
  if (numeric(a) && numeric(b))
    return a.kind == b.kind && a.kind == TypeKind::int_ ? a.i == b.i : as_number(a) == as_number(b);
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case TypeKind::bool_: return a.b == b.b;
    case TypeKind::text: return a.s == b.s;
    case TypeKind::list:
      return std::equal(a.list.begin(), a.list.end(), b.list.begin(), b.list.end(), equal);
    default: return uses_i(a.kind) ? a.i == b.i : true;
  }
}

// -1, 0, 1; nullopt when the kinds have no order.
std::optional<int> order(const Constant& a, const Constant& b) {
  if (numeric(a) && numeric(b)) {
    if (a.kind == TypeKind::int_ && b.kind == TypeKind::int_) return (a.i > b.i) - (a.i < b.i);
    double x = as_number(a), y = as_number(b);
    return (x > y) - (x < y);
  }
  if (a.kind != b.kind) return std::nullopt;
  if (a.kind == TypeKind::text) return a.s.compare(b.s) < 0 ? -1 : a.s == b.s ? 0 : 1;
  if (uses_i(a.kind)) return (a.i > b.i) - (a.i < b.i);
  return std::nullopt;
}

std::optional<Constant> int_op(ast::Op op, std::int64_t x, std::int64_t y, TypeKind k, std::string* fault) {
  Constant r = make(k);
  bool overflow = false;
  switch (op) {
    case ast::Op::add: overflow = __builtin_add_overflow(x, y, &r.i); break;
    case ast::Op::sub: overflow = __builtin_sub_overflow(x, y, &r.i); break;
    case ast::Op::mul: overflow = __builtin_mul_overflow(x, y, &r.i); break;
    case ast::Op::div:
    case ast::Op::mod:
      if (y == 0) {
        if (fault) *fault = "division by zero in a constant expression";
        return std::nullopt;
      }
      if (x == INT64_MIN && y == -1) overflow = true;
      else r.i = op == ast::Op::div ? x / y : x % y;
      break;
    default: return std::nullopt;
  }
  if (overflow) {
    if (fault) *fault = "integer overflow in a constant expression";
    return std::nullopt;
  }
  return r;
}

std::optional<Constant> arith(ast::Op op, const Constant& a, const Constant& b, std::string* fault) {
  if (a.kind == TypeKind::int_ && b.kind == TypeKind::int_) return int_op(op, a.i, b.i, TypeKind::int_, fault);
  if (numeric(a) && numeric(b)) {
    double x = as_number(a), y = as_number(b), r = 0;
    if ((op == ast::Op::div || op == ast::Op::mod) && y == 0) {
      if (fault) *fault = "division by zero in a constant expression";
      return std::nullopt;
    }
    switch (op) {
      case ast::Op::add: r = x + y; break;
      case ast::Op::sub: r = x - y; break;
      case ast::Op::mul: r = x * y; break;
      case ast::Op::div: r = x / y; break;
      case ast::Op::mod: r = std::fmod(x, y); break;
      default: return std::nullopt;
    }
    if (!std::isfinite(r)) {
      if (fault) *fault = "a constant expression is not a finite number";
      return std::nullopt;
    }
    Constant c = make(TypeKind::number);
    c.n = r;
    return c;
  }
  if (op == ast::Op::add && a.kind == TypeKind::text && b.kind == TypeKind::text) {
    Constant c = make(TypeKind::text);
    c.s = a.s + b.s;
    return c;
  }
  if (a.kind == TypeKind::date && b.kind == TypeKind::duration && (op == ast::Op::add || op == ast::Op::sub))
    return int_op(op, a.i, b.i, TypeKind::date, fault);
  if (a.kind == TypeKind::date && b.kind == TypeKind::date && op == ast::Op::sub)
    return int_op(op, a.i, b.i, TypeKind::duration, fault);
  if (a.kind == TypeKind::duration && b.kind == TypeKind::duration && (op == ast::Op::add || op == ast::Op::sub))
    return int_op(op, a.i, b.i, TypeKind::duration, fault);
  if (a.kind == TypeKind::duration && b.kind == TypeKind::int_ && op == ast::Op::mul)
    return int_op(op, a.i, b.i, TypeKind::duration, fault);
  return std::nullopt;
}

// Kleene logic over constants: null_ is "not set".
std::optional<Constant> logic(ast::Op op, const Constant& a, const Constant& b) {
  auto value = [](const Constant& c) -> int { return c.kind == TypeKind::bool_ ? (c.b ? 1 : 0) : -1; };
  int x = value(a), y = value(b);
  bool is_and = op == ast::Op::and_;
  if (x == (is_and ? 0 : 1) || y == (is_and ? 0 : 1)) return make_bool(!is_and);
  if (x < 0 || y < 0) return make(TypeKind::null_);
  return make_bool(is_and);
}

}  // namespace

std::optional<ir::Constant> fold_constant(const ast::Expr& e, const std::vector<ir::Constant>& constants,
                                          std::string* fault) {
  auto sub = [&](std::size_t i) { return fold_constant(*e.args.at(i), constants, fault); };
  switch (e.kind) {
    case ast::ExprKind::int_lit: { Constant c = make(TypeKind::int_); c.i = e.int_value; return c; }
    case ast::ExprKind::number_lit: { Constant c = make(TypeKind::number); c.n = e.number_value; return c; }
    case ast::ExprKind::text_lit: { Constant c = make(TypeKind::text); c.s = e.text; return c; }
    case ast::ExprKind::bool_lit: return make_bool(e.bool_value);
    case ast::ExprKind::null_lit: return make(TypeKind::null_);
    case ast::ExprKind::date_lit: { Constant c = make(TypeKind::date); c.i = e.int_value; return c; }
    case ast::ExprKind::duration_lit: { Constant c = make(TypeKind::duration); c.i = e.int_value; return c; }
    case ast::ExprKind::list_lit: {
      Constant c = make(TypeKind::list);
      for (std::size_t i = 0; i < e.args.size(); ++i) {
        auto v = sub(i);
        if (!v || v->kind == TypeKind::list) return std::nullopt;  // lists hold scalars
        c.list.push_back(std::move(*v));
      }
      // A list mixing ints and numbers holds numbers (its type is list<number>).
      if (e.type && e.type->kind == TypeKind::list && e.type->element && e.type->element->kind == TypeKind::number)
        for (auto& x : c.list)
          if (x.kind == TypeKind::int_) { x.kind = TypeKind::number; x.n = static_cast<double>(x.i); }
      return c;
    }
    case ast::ExprKind::name:
    case ast::ExprKind::member:
      if (e.ref.kind == ast::RefKind::constant && e.ref.index >= 0 &&
          static_cast<std::size_t>(e.ref.index) < constants.size())
        return constants[static_cast<std::size_t>(e.ref.index)];
      return std::nullopt;
    case ast::ExprKind::unary: {
      auto a = sub(0);
      if (!a) return std::nullopt;
      if (a->kind == TypeKind::null_) return a;
      if (e.op == ast::Op::not_) return a->kind == TypeKind::bool_ ? std::optional(make_bool(!a->b)) : std::nullopt;
      if (a->kind == TypeKind::number) { a->n = -a->n; return a; }
      if (a->kind == TypeKind::int_ || a->kind == TypeKind::duration) {
        if (a->i == INT64_MIN) {
          if (fault) *fault = "integer overflow in a constant expression";
          return std::nullopt;
        }
        a->i = -a->i;
        return a;
      }
      return std::nullopt;
    }
    case ast::ExprKind::is_set: {
      auto a = sub(0);
      if (!a) return std::nullopt;
      return make_bool((a->kind != TypeKind::null_) != e.negated);
    }
    case ast::ExprKind::binary: {
      if (e.op == ast::Op::and_ || e.op == ast::Op::or_) {
        // `false and X` is false (`true or X` true) even when X is not constant.
        auto a = sub(0), b = sub(1);
        const bool dominant = e.op == ast::Op::or_;
        for (const auto* side : {&a, &b})
          if (*side && (*side)->kind == TypeKind::bool_ && (*side)->b == dominant) return make_bool(dominant);
        if (!a || !b) return std::nullopt;
        return logic(e.op, *a, *b);
      }
      auto a = sub(0);
      if (!a) return std::nullopt;
      if (e.op == ast::Op::coalesce && a->kind != TypeKind::null_) return a;
      auto b = sub(1);
      if (!b) return std::nullopt;
      if (e.op == ast::Op::coalesce) return b;
      if (a->kind == TypeKind::null_ || b->kind == TypeKind::null_) return make(TypeKind::null_);
      switch (e.op) {
        case ast::Op::eq: return make_bool(equal(*a, *b));
        case ast::Op::ne: return make_bool(!equal(*a, *b));
        case ast::Op::lt: case ast::Op::le: case ast::Op::gt: case ast::Op::ge: {
          auto o = order(*a, *b);
          if (!o) return std::nullopt;
          bool r = e.op == ast::Op::lt ? *o < 0 : e.op == ast::Op::le ? *o <= 0 : e.op == ast::Op::gt ? *o > 0 : *o >= 0;
          return make_bool(r);
        }
        case ast::Op::in: case ast::Op::not_in: {
          if (b->kind != TypeKind::list) return std::nullopt;
          bool found = std::any_of(b->list.begin(), b->list.end(), [&](const Constant& x) { return equal(*a, x); });
          return make_bool(found != (e.op == ast::Op::not_in));
        }
        case ast::Op::add: case ast::Op::sub: case ast::Op::mul: case ast::Op::div: case ast::Op::mod:
          return arith(e.op, *a, *b, fault);
        default: return std::nullopt;
      }
    }
    default:
      return std::nullopt;
  }
}

}  // namespace sluice::check_detail
