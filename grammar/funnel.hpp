// Funnels, stages, transitions and actions (language.md §6), plus `let`, which is
// both a top-level declaration and a funnel item.
#pragma once
#include "grammar/expression.hpp"

namespace sluice::grammar {

// ------------------------------------------------------------ let

struct let_name : name {};
struct let_equals : equals {};
struct let_value : expression {};
struct let_decl : seq<kw_let, sep, must<let_name>, sep, must<let_equals>, sep, must<let_value>> {};

// ------------------------------------------------------------ actions

struct set_target : name {};
struct set_equals : equals {};
struct set_value : expression {};
struct set_action : seq<kw_set, sep, must<set_target>, sep, must<set_equals>, sep, must<set_value>> {};

struct stamp_target : name {};
struct stamp_action : seq<kw_stamp, sep, must<stamp_target>> {};

struct emit_name : name {};
struct emit_payload : object_lit {};
struct emit_action : seq<kw_emit, sep, must<emit_name>, opt<sep, emit_payload>> {};

struct notify_team : text_token {};
struct notify_message : text_token {};
struct notify_action : seq<kw_notify, sep, must<notify_team>, sep, must<notify_message>> {};

struct action_stmt : sor<set_action, stamp_action, emit_action, notify_action> {};
struct action_list : star<sep, action_stmt> {};

// ------------------------------------------------------------ stages

struct owner_name : name {};
struct owner_item : seq<kw_owner, sep, must<owner_name>> {};

struct description_text : text_token {};
struct description_item : seq<kw_description, sep, must<description_text>> {};

struct entry_condition : expression {};
struct entry_item : seq<kw_entry, sep, must<entry_condition>> {};

struct exit_condition : expression {};
struct exit_item : seq<kw_exit, sep, must<exit_condition>> {};

// sla 2d | sla 2 business days in emea | sla 16 business hours in emea
struct sla_amount : integer_token {};
struct sla_unit : sor<kw_days, kw_hours> {};
struct sla_in : kw_in {};
struct sla_calendar : name {};
struct sla_business
    : seq<at<plus<digit>, sep, kw_business>, sla_amount, sep, kw_business, sep, must<sla_unit>, sep,
          must<sla_in>, sep, must<sla_calendar>> {};
struct sla_duration : number_token {};
struct sla_value : sor<sla_business, sla_duration> {};
struct sla_item : seq<kw_sla, sep, must<sla_value>> {};

struct on_event : sor<kw_enter, kw_exit> {};
struct on_open : one<'{'> {};
struct on_close : one<'}'> {};
struct on_item : seq<kw_on, sep, must<on_event>, sep, must<on_open>, action_list, sep, must<on_close>> {};

struct stage_item : sor<owner_item, description_item, entry_item, exit_item, sla_item, on_item> {};

struct stage_name : name {};
struct stage_display : text_token {};
struct stage_kind : sor<kw_terminal, kw_side> {};
struct stage_open : one<'{'> {};
struct stage_close : one<'}'> {};
struct stage_decl
    : seq<kw_stage, sep, must<stage_name>, opt<sep, stage_display>, opt<sep, stage_kind>, sep,
          must<stage_open>, star<sep, stage_item>, sep, must<stage_close>> {};

// `stage field NAME` unless the word after `field` opens a stage called `field`.
struct stage_field_name : name {};
struct stage_field_item
    : seq<at<kw_stage, sep, kw_field, sep, identifier, not_at<sep, one<'{', '"'>>>, kw_stage, sep,
          kw_field, sep, must<stage_field_name>> {};

// ------------------------------------------------------------ transitions

struct transition_label : text_token {};
struct transition_any : kw_any {};
struct transition_source : name {};
struct transition_sources
    : sor<transition_any, seq<transition_source, star<sep, comma, sep, must<transition_source>>>> {};
struct transition_arrow : arrow {};
struct transition_target : name {};
struct transition_when : kw_when {};
struct transition_condition : expression {};
struct transition_open : one<'{'> {};
struct transition_close : one<'}'> {};
struct transition_actions : seq<transition_open, action_list, sep, must<transition_close>> {};
struct transition_decl
    : seq<kw_transition, opt<sep, transition_label>, sep, must<transition_sources>, sep,
          must<transition_arrow>, sep, must<transition_target>, sep, must<transition_when>, sep,
          must<transition_condition>, opt<sep, transition_actions>> {};

// ------------------------------------------------------------ funnels

struct applies_when : kw_when {};
struct applies_condition : expression {};
struct applies_item : seq<kw_applies, sep, must<applies_when>, sep, must<applies_condition>> {};

struct qualify_with : kw_with {};
struct qualify_name : name {};
struct qualify_item
    : seq<kw_qualify, sep, must<qualify_with>, sep, must<qualify_name>,
          star<sep, comma, sep, must<qualify_name>>> {};

struct funnel_item
    : sor<applies_item, stage_field_item, stage_decl, qualify_item, let_decl, transition_decl> {};

struct funnel_name : name {};
struct funnel_for : kw_for {};
struct funnel_record : name {};
struct funnel_open : one<'{'> {};
struct funnel_close : one<'}'> {};
struct funnel_decl
    : seq<kw_funnel, sep, must<funnel_name>, sep, must<funnel_for>, sep, must<funnel_record>, sep,
          must<funnel_open>, star<sep, funnel_item>, sep, must<funnel_close>> {};

}  // namespace sluice::grammar
