// The formatter's funnels: funnel items, stages with their items, transitions and
// the actions of `on enter`, `on exit` and transition blocks.
#include <fmt/format.h>

#include "compiler/format_internal.hpp"

namespace sluice::format {
namespace {

std::string_view slice(const Printer& p, Span s) { return p.src().substr(s.begin, s.end - s.begin); }

// `emit NAME { key: EXPR, ... }`: one line when it fits, else one key per line.
std::vector<std::string> emit_lines(const Printer& p, const ast::Action& a) {
  std::string head = "emit " + a.target.name;
  if (a.keys.empty()) return {head};
  std::string one = head + " { ";
  for (std::size_t i = 0; i < a.keys.size(); ++i) {
    if (i >= a.values.size() || !a.values[i]) throw FormatBug("emit key without its value");
    one += (i ? ", " : "") + a.keys[i].name + ": " + expr_text(*a.values[i], p.src());
  }
  one += " }";
  if (p.column() + one.size() <= kWidth) return {one};
  std::vector<std::string> lines{head + " {"};
  for (std::size_t i = 0; i < a.keys.size(); ++i) {
    const std::string comma = i + 1 < a.keys.size() ? "," : "";
    for (auto& l : expr_lines(a.keys[i].name + ": ", *a.values[i], comma, p.column() + kIndent, p.src()))
      lines.push_back(std::string(kIndent, ' ') + l);
  }
  lines.push_back("}");
  return lines;
}

std::size_t print_action(Printer& p, const ast::Action& a, std::size_t i) {
  const std::size_t last = p.item_last(i, a.span.end);
  switch (a.kind) {
    case ast::ActionKind::set:
      if (!a.value) throw FormatBug("set without a value");
      print_expr_item(p, i, last, "set " + a.target.name + " = ", *a.value);
      break;
    case ast::ActionKind::stamp: p.line(i, last, "stamp " + a.target.name); break;
    case ast::ActionKind::emit: {
      const std::size_t open = p.code(p.code(i + 1) + 1);  // the payload's `{`, if any
      if (open <= last && p.tokens()[open].kind == TokKind::open && p.has_comment(open, last))
        print_entries(p, i, "emit " + a.target.name + " ", &a.keys, a.values, open, "", last);
      else
        p.item(i, last, emit_lines(p, a));
      break;
    }
    case ast::ActionKind::notify: {
      const std::size_t team = p.code(i + 1);
      p.line(i, last, fmt::format("notify {} {}", p.tok(team), p.tok(p.code(team + 1))));
      break;
    }
  }
  return last;
}

std::string stage_header(const Printer& p, const ast::Stage& s) {
  std::string header = "stage " + s.name.name;
  if (s.display) header += " " + std::string(slice(p, s.display_span));
  if (s.kind == ast::StageKind::side) header += " side";
  if (s.kind == ast::StageKind::terminal) header += " terminal";
  return header;
}

std::size_t print_condition(Printer& p, std::size_t i, const char* keyword, const ast::ExprPtr& e) {
  if (!e) unexpected(p, i, "stage");
  const std::size_t last = p.item_last(i, e->span.end);
  print_expr_item(p, i, last, std::string(keyword) + " ", *e);
  return last;
}

std::size_t print_stage_item(Printer& p, const ast::Stage& s, std::size_t i) {
  const std::string_view word = p.tok(i);
  if (word == "owner" && s.owner) {
    const std::size_t last = p.code(i + 1);
    p.line(i, last, "owner " + s.owner->name);
    return last;
  }
  if (word == "description" && s.description) {
    const std::size_t last = p.code(i + 1);
    p.line(i, last, "description " + std::string(p.tok(last)));
    return last;
  }
  if (word == "entry") return print_condition(p, i, "entry", s.entry);
  if (word == "exit") return print_condition(p, i, "exit", s.exit);
  if (word == "sla" && s.sla.kind != ast::SlaKind::none) {
    const std::size_t last = p.item_last(i, s.sla.span.end);
    std::string text = "sla";  // `2d`, `2 business days in emea`: numbers as written
    for (std::size_t j = i + 1; j <= last; ++j)
      if (p.tokens()[j].kind != TokKind::comment) text += " " + std::string(p.tok(j));
    p.line(i, last, text);
    return last;
  }
  if (word == "on") {
    const std::size_t event = p.code(i + 1);
    const bool enter = p.tok(event) == "enter";
    const std::size_t open = find_open(p, event, p.tokens()[i].depth);
    print_actions(p, enter ? s.on_enter : s.on_exit, i, open, enter ? "on enter" : "on exit");
    return static_cast<std::size_t>(p.tokens()[open].match);
  }
  unexpected(p, i, "stage");
}

std::size_t print_transition(Printer& p, const ast::Transition& t, std::size_t i) {
  if (!t.when) unexpected(p, i, "transition");
  std::string head = "transition";
  if (t.label) head += " " + std::string(slice(p, t.label_span));
  if (t.from_any) {
    head += " any";
  } else {
    for (std::size_t k = 0; k < t.sources.size(); ++k) head += (k ? ", " : " ") + t.sources[k].name;
  }
  head += " -> " + t.target.name + " when ";
  const std::size_t cond_last = p.item_last(i, t.when->span.end);
  const std::size_t open = p.code(cond_last + 1);
  const bool block = open < p.tokens().size() && p.tokens()[open].kind == TokKind::open && p.tok(open) == "{" &&
                     p.tokens()[open].depth == p.tokens()[i].depth && p.tokens()[open].match > 0;
  if (!block || (t.actions.empty() && static_cast<std::size_t>(p.tokens()[open].match) == open + 1)) {
    // No actions: an empty `{}` says nothing and is dropped.
    const std::size_t last = block ? open + 1 : cond_last;
    print_expr_item(p, i, last, head, *t.when);
    return last;
  }
  // The header ends with the condition and `{`; print_actions adds the brace.
  auto lines = expr_lines(head, *t.when, "", p.column(), p.src());
  const std::string last_line = lines.back();
  lines.pop_back();
  if (!lines.empty()) p.item(i, cond_last, lines);
  print_actions(p, t.actions, lines.empty() ? i : cond_last + 1, open, last_line);
  return static_cast<std::size_t>(p.tokens()[open].match);
}

}  // namespace

void print_actions(Printer& p, const std::vector<ast::Action>& actions, std::size_t first, std::size_t open,
                   const std::string& header) {
  const Block b = open_block(p, first, open, {header});
  std::size_t k = 0;
  each_item(p, b, [&](std::size_t i) {
    if (k >= actions.size() || actions[k].span.begin != p.tokens()[i].begin) unexpected(p, i, "actions");
    return print_action(p, actions[k++], i);
  });
  if (k != actions.size()) throw FormatBug("actions not all found");
}

void print_stage(Printer& p, const ast::Stage& s, std::size_t first) {
  const Block b = open_block(p, first, find_open(p, first, p.tokens()[first].depth), {stage_header(p, s)});
  each_item(p, b, [&](std::size_t i) { return print_stage_item(p, s, i); });
}

void print_funnel(Printer& p, const ast::Funnel& f) {
  const std::size_t first = p.index_at(f.span.begin);
  const Block b = open_block(p, first, find_open(p, first, p.tokens()[first].depth),
                             {fmt::format("funnel {} for {}", f.name.name, f.record.name)});
  std::size_t lets = 0, stages = 0, transitions = 0;
  each_item(p, b, [&](std::size_t i) -> std::size_t {
    const std::string_view word = p.tok(i);
    if (word == "applies" && f.applies) {
      const std::size_t last = p.item_last(i, f.applies->span.end);
      print_expr_item(p, i, last, "applies when ", *f.applies);
      return last;
    }
    if (word == "stage" && f.stage_field && p.tok(p.code(i + 1)) == "field" &&
        p.tokens()[p.code(p.code(i + 1) + 1)].begin == f.stage_field->span.begin) {
      const std::size_t last = p.code(p.code(i + 1) + 1);
      p.line(i, last, "stage field " + f.stage_field->name);
      return last;
    }
    if (word == "stage" && stages < f.stages.size() && f.stages[stages].span.begin == p.tokens()[i].begin) {
      print_stage(p, f.stages[stages++], i);
      return p.item_last(i, f.stages[stages - 1].span.end);
    }
    if (word == "qualify" && !f.qualify_with.empty()) {
      const std::size_t last = p.item_last(i, f.qualify_with.back().span.end);
      std::string text = "qualify with";
      for (std::size_t k = 0; k < f.qualify_with.size(); ++k) text += (k ? ", " : " ") + f.qualify_with[k].name;
      p.line(i, last, text);
      return last;
    }
    if (word == "let" && lets < f.lets.size()) {
      print_let(p, f.lets[lets++]);
      return p.item_last(i, f.lets[lets - 1].span.end);
    }
    if (word == "transition" && transitions < f.transitions.size())
      return print_transition(p, f.transitions[transitions++], i);
    unexpected(p, i, "funnel");
  });
  if (lets != f.lets.size() || stages != f.stages.size() || transitions != f.transitions.size())
    throw FormatBug("funnel items not all found");
}

}  // namespace sluice::format
