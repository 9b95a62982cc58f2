// Internal to compiler/parse.cpp: actions for funnels, stages, transitions and
// the actions inside `on enter`, `on exit` and transition blocks.
#pragma once
#include "compiler/parse_actions_decl.hpp"

namespace sluice::parser {

// ------------------------------------------------------------ actions

template <typename Input>
ast::Action make_action(ast::ActionKind kind, const Input& in, const ParseState& st) {
  ast::Action a{};
  a.kind = kind;
  a.span = st.span(in.begin(), in.end());
  return a;
}

template <> struct action<g::set_target> : push_ident {};
template <>
struct action<g::set_action> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    auto a = make_action(ast::ActionKind::set, in, st);
    a.value = st.pop_expr();
    a.target = st.pop_ident();
    st.actions.push_back(std::move(a));
  }
};

template <> struct action<g::stamp_target> : push_ident {};
template <>
struct action<g::stamp_action> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    auto a = make_action(ast::ActionKind::stamp, in, st);
    a.target = st.pop_ident();
    st.actions.push_back(std::move(a));
  }
};

// The payload is parsed as an object literal, then split into keys and values.
struct object_then_flag {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    build_object::apply(in, st);
    st.payload = true;
  }
};
template <> struct action<g::emit_payload> : object_then_flag {};
template <> struct action<g::emit_name> : push_ident {};
template <>
struct action<g::emit_action> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    auto a = make_action(ast::ActionKind::emit, in, st);
    if (st.payload) {
      auto object = st.pop_expr();
      a.keys = std::move(object->keys);
      a.values = std::move(object->args);
      st.payload = false;
    }
    a.target = st.pop_ident();
    st.actions.push_back(std::move(a));
  }
};

template <> struct action<g::notify_team> : push_text {};
template <> struct action<g::notify_message> : push_text {};
template <>
struct action<g::notify_action> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    auto a = make_action(ast::ActionKind::notify, in, st);
    a.message = st.pop_text().first;
    a.team = st.pop_text().first;
    st.actions.push_back(std::move(a));
  }
};

// ------------------------------------------------------------ stage items

template <>
struct action<g::stage_name> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.stage.emplace();
    st.stage->name = ident_of(in, st);
  }
};
template <>
struct action<g::stage_display> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    push_text::apply(in, st);
    std::tie(st.stage->display, st.stage->display_span) = st.pop_text();
  }
};
template <>
struct action<g::stage_kind> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.stage->kind = in.string_view() == "side" ? ast::StageKind::side : ast::StageKind::terminal;
  }
};
template <>
struct action<g::stage_open> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    open_block(in, st, "stage " + st.stage->name.name);
  }
};

template <> struct action<g::owner_name> : push_ident {};
template <>
struct action<g::owner_item> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.once("owner", st.span(in.begin(), in.end()));
    st.stage->owner = st.pop_ident();
  }
};

template <> struct action<g::description_text> : push_text {};
template <>
struct action<g::description_item> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.once("description", st.span(in.begin(), in.end()));
    st.stage->description = st.pop_text().first;
  }
};

template <>
struct action<g::entry_item> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.once("entry", st.span(in.begin(), in.end()));
    st.stage->entry = st.pop_expr();
  }
};
template <>
struct action<g::exit_item> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.once("exit", st.span(in.begin(), in.end()));
    st.stage->exit = st.pop_expr();
  }
};

template <>
struct action<g::sla_amount> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    const auto value = literals::parse_number(in.string_view());
    if (value.problem) st.literal_error(st.span(in.begin(), in.end()), value.problem);
    st.amount = value.int_value;
  }
};
template <>
struct action<g::sla_unit> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.business_hours = in.string_view() == "hours";
  }
};
template <> struct action<g::sla_calendar> : push_ident {};
template <>
struct action<g::sla_business> {
  template <typename Input>
  static void apply(const Input&, ParseState& st) {
    auto& sla = st.stage->sla;
    sla.kind = st.business_hours ? ast::SlaKind::business_hours : ast::SlaKind::business_days;
    sla.amount = st.amount;
    sla.calendar = st.pop_ident();
  }
};
template <>
struct action<g::sla_duration> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    const Span at = st.span(in.begin(), in.end());
    const auto value = literals::parse_number(in.string_view());
    if (value.problem) {
      st.literal_error(at, value.problem);
    } else if (value.kind != literals::NumberValue::Kind::duration) {
      st.error("E0013", at, fmt::format("`sla {}` has no unit", in.string_view()), "expected a duration",
               fmt::format("write `{}d` for days or `{}h` for hours", in.string_view(), in.string_view()));
    }
    st.stage->sla.kind = ast::SlaKind::duration;
    st.stage->sla.duration_ms = value.int_value;
  }
};
template <>
struct action<g::sla_item> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    const Span at = st.span(in.begin(), in.end());
    st.once("sla", at);
    st.stage->sla.span = at;
  }
};

template <>
struct action<g::on_event> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.on_exit = in.string_view() == "exit";
  }
};
template <>
struct action<g::on_open> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    open_block(in, st, st.on_exit ? "on exit" : "on enter");
  }
};
template <> struct action<g::on_close> : close_block {};
template <>
struct action<g::on_item> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.once(st.on_exit ? "on exit" : "on enter", st.span(in.begin(), in.end()));
    auto& list = st.on_exit ? st.stage->on_exit : st.stage->on_enter;
    list = std::move(st.actions);
    st.actions.clear();
  }
};

template <> struct action<g::stage_close> : close_block {};
template <>
struct action<g::stage_decl> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.stage->span = st.span(in.begin(), in.end());
    st.stage->close_span = st.span(in.end() - 1, in.end());
    st.funnel->stages.push_back(std::move(*st.stage));
    st.stage.reset();
  }
};

// ------------------------------------------------------------ transitions

inline ast::Transition& current_transition(ParseState& st) {
  if (!st.transition) st.transition.emplace();
  return *st.transition;
}

template <>
struct action<g::transition_label> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    push_text::apply(in, st);
    std::tie(current_transition(st).label, current_transition(st).label_span) = st.pop_text();
  }
};
template <>
struct action<g::transition_any> {
  template <typename Input>
  static void apply(const Input&, ParseState& st) {
    current_transition(st).from_any = true;
  }
};
template <>
struct action<g::transition_source> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    current_transition(st).sources.push_back(ident_of(in, st));
  }
};
template <>
struct action<g::transition_target> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    current_transition(st).target = ident_of(in, st);
  }
};
template <>
struct action<g::transition_open> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    open_block(in, st, "transition");
  }
};
template <> struct action<g::transition_close> : close_block {};
template <>
struct action<g::transition_decl> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    auto& t = current_transition(st);
    t.span = st.span(in.begin(), in.end());
    t.when = st.pop_expr();
    t.actions = std::move(st.actions);
    st.actions.clear();
    st.funnel->transitions.push_back(std::move(t));
    st.transition.reset();
  }
};

// ------------------------------------------------------------ funnels

template <> struct action<g::funnel_name> : push_ident {};
template <> struct action<g::funnel_record> : push_ident {};
template <>
struct action<g::funnel_open> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.funnel.emplace();
    st.funnel->record = st.pop_ident();
    st.funnel->name = st.pop_ident();
    open_block(in, st, "funnel " + st.funnel->name.name);
  }
};

template <>
struct action<g::applies_item> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.once("applies when", st.span(in.begin(), in.end()));
    st.funnel->applies = st.pop_expr();
  }
};

template <> struct action<g::stage_field_name> : push_ident {};
template <>
struct action<g::stage_field_item> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.once("stage field", st.span(in.begin(), in.end()));
    st.funnel->stage_field = st.pop_ident();
  }
};

template <>
struct action<g::qualify_name> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.funnel->qualify_with.push_back(ident_of(in, st));
  }
};

template <> struct action<g::funnel_close> : close_block {};
template <>
struct action<g::funnel_decl> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.funnel->span = st.span(in.begin(), in.end());
    append_decl(st, st.out.funnels, std::move(*st.funnel), ast::DeclKind::funnel);
    st.funnel.reset();
  }
};

}  // namespace sluice::parser
