// Records and the types written in them:
//   record NAME { field: TYPE [key] [= EXPR] [from "X"] ... }
// Commas between fields are optional; newlines are just whitespace.
#pragma once
#include "grammar/expression.hpp"

namespace sluice::grammar {

struct type_expr;
struct field_list;

struct named_type : sor<TAO_PEGTL_KEYWORD("bool"), TAO_PEGTL_KEYWORD("int"), TAO_PEGTL_KEYWORD("number"),
                        TAO_PEGTL_KEYWORD("text"), TAO_PEGTL_KEYWORD("date"),
                        TAO_PEGTL_KEYWORD("duration")> {};

struct enum_open : one<'('> {};
struct enum_value : text_token {};
struct enum_close : one<')'> {};
struct enum_type
    : seq<kw_enum, sep, must<enum_open>, sep, must<enum_value>,
          star<sep, comma, sep, enum_value>, opt<sep, comma>, sep, must<enum_close>> {};

struct list_type_open : one<'<'> {};
struct list_element_type;
struct list_type_close : one<'>'> {};
struct list_type : seq<kw_list, sep, must<list_type_open>, sep, must<list_element_type>, sep,
                       must<list_type_close>> {};

struct object_type_open : one<'{'> {};
struct object_type_close : one<'}'> {};
struct object_type : seq<object_type_open, field_list, sep, must<object_type_close>> {};

struct type_optional : one<'?'> {};
struct type_expr : seq<sor<enum_type, list_type, object_type, named_type>, opt<type_optional>> {};
struct list_element_type : type_expr {};

// `key` and `from` are modifiers only when not followed by `:` (then they start
// the next field, which may be called `key` or `from`).
struct field_name : name {};
struct field_colon : colon {};
struct field_type : type_expr {};
struct key_modifier : seq<kw_key, not_at<sep, colon>> {};
struct default_value : expression {};
struct default_modifier : seq<equals, sep, must<default_value>> {};
struct from_name : text_token {};
struct from_modifier : seq<kw_from, not_at<sep, colon>, sep, must<from_name>> {};
struct field_modifier : sor<key_modifier, default_modifier, from_modifier> {};
// `set: int` is a field with a reserved name (E0014), not the end of the record.
struct field_start : sor<field_name, seq<at<reserved_word, sep, colon>, must<field_name>>> {};
struct field_decl
    : seq<field_start, sep, must<field_colon>, sep, must<field_type>, star<sep, field_modifier>> {};
struct field_list : star<sep, field_decl, opt<sep, comma>> {};

struct record_name : name {};
struct record_open : one<'{'> {};
struct record_close : one<'}'> {};
struct record_decl
    : seq<kw_record, sep, must<record_name>, sep, must<record_open>, field_list, sep,
          must<record_close>> {};

}  // namespace sluice::grammar
