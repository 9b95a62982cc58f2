// IR -> JSON (docs/ir.md). Deterministic: keys in a fixed order, numbers in their
// shortest round-trip form, two-space indentation with small leaves (an
// instruction, a slot, a constant) on one line each, so IR diffs read well.
#include "compiler/ir_json.hpp"

#include <fmt/format.h>

#include "compiler/ir_json_internal.hpp"

namespace sluice {
namespace {

using namespace ir_names;

// A JSON value under construction: a pre-rendered scalar, an array or an object
// (keys in insertion order). `compact` prints it on one line.
struct Node {
  enum class Kind { scalar, array, object } kind = Kind::scalar;
  std::string text;
  std::vector<Node> items;        // array elements; object member values
  // Object member keys, parallel to `items` (not a vector of pair<string, Node>:
  // that recursive type does not compile with clang 14 and libstdc++ 12).
  std::vector<std::string> keys;
  bool compact = false;

  static Node array(bool compact_ = false) { Node n; n.kind = Kind::array; n.compact = compact_; return n; }
  static Node object(bool compact_ = false) { Node n; n.kind = Kind::object; n.compact = compact_; return n; }
  Node& add(Node v) { items.push_back(std::move(v)); return *this; }
  Node& set(std::string key, Node v) { keys.push_back(std::move(key)); items.push_back(std::move(v)); return *this; }
};

Node raw(std::string text) { Node n; n.text = std::move(text); return n; }
Node str(std::string_view s) { return raw(json_text::quote(s)); }
Node integer(std::int64_t v) { return raw(fmt::format("{}", v)); }
Node boolean(bool v) { return raw(v ? "true" : "false"); }
Node null() { return raw("null"); }

void print(const Node& n, int indent, std::string& out) {
  switch (n.kind) {
    case Node::Kind::scalar:
      out += n.text;
      return;
    case Node::Kind::array: {
      if (n.items.empty()) { out += "[]"; return; }
      const bool one_line = n.compact;
      out += '[';
      for (std::size_t i = 0; i < n.items.size(); ++i) {
        if (i) out += one_line ? ", " : ",";
        if (!one_line) { out += '\n'; out.append(static_cast<std::size_t>(indent + 2), ' '); }
        print(n.items[i], one_line ? indent : indent + 2, out);
      }
      if (!one_line) { out += '\n'; out.append(static_cast<std::size_t>(indent), ' '); }
      out += ']';
      return;
    }
    case Node::Kind::object: {
      if (n.items.empty()) { out += "{}"; return; }
      const bool one_line = n.compact;
      out += '{';
      for (std::size_t i = 0; i < n.items.size(); ++i) {
        if (i) out += one_line ? ", " : ",";
        if (!one_line) { out += '\n'; out.append(static_cast<std::size_t>(indent + 2), ' '); }
        json_text::append_quoted(out, n.keys[i]);
        out += ": ";
        print(n.items[i], one_line ? indent : indent + 2, out);
      }
      if (!one_line) { out += '\n'; out.append(static_cast<std::size_t>(indent), ' '); }
      out += '}';
      return;
    }
  }
}

Node chunk(ir::Chunk c) {
  if (!c.present()) return null();
  return Node::array(true).add(integer(c.start)).add(integer(c.length));
}

// Positions and instructions are most of a large IR: print them straight to text
// (the bytes a compact array of scalars prints) instead of building a Node each.
Node position(const ir::SrcPos& p) { return raw(fmt::format("[{}, {}, {}]", p.file, p.line, p.column)); }

Node strings(const std::vector<std::string>& v, bool compact) {
  Node n = Node::array(compact);
  for (const auto& s : v) n.add(str(s));
  return n;
}

Node constant(const ir::Constant& c) {
  Node n = Node::array(true);
  n.add(str(name_of(c.kind, kTypeKinds)));
  switch (c.kind) {
    case TypeKind::bool_: n.add(boolean(c.b)); break;
    case TypeKind::int_: case TypeKind::date: case TypeKind::duration: n.add(integer(c.i)); break;
    case TypeKind::number: n.add(raw(json_text::number(c.n))); break;
    case TypeKind::text: case TypeKind::enum_: n.add(str(c.s)); break;
    case TypeKind::list: {
      Node elements = Node::array(true);
      for (const auto& e : c.list) elements.add(constant(e));
      n.add(std::move(elements));
      break;
    }
    default: n.add(null()); break;
  }
  return n;
}

Node slot(const ir::Slot& s) {
  Node n = Node::object(true);
  n.set("path", str(s.path)).set("input_key", str(s.input_key)).set("kind", str(name_of(s.kind, kTypeKinds)));
  n.set("enum_values", strings(s.enum_values, true)).set("parent", integer(s.parent));
  n.set("element_layout", integer(s.element_layout)).set("element_kind", str(name_of(s.element_kind, kTypeKinds)));
  n.set("optional", boolean(s.optional)).set("key", boolean(s.is_key)).set("stamp", boolean(s.is_stamp));
  n.set("default", integer(s.default_const));
  return n;
}

Node layout(const ir::Layout& l) {
  Node slots = Node::array();
  for (const auto& s : l.slots) slots.add(slot(s));
  return Node::object().set("slots", std::move(slots));
}

Node calendar(const ir::Calendar& c) {
  Node holidays = Node::array(true);
  for (auto h : c.holidays) holidays.add(integer(h));
  return Node::object(true)
      .set("name", str(c.name)).set("timezone", str(c.timezone)).set("working_days", integer(c.working_days))
      .set("start_minute", integer(c.start_minute)).set("end_minute", integer(c.end_minute))
      .set("holidays", std::move(holidays));
}

Node fields(const std::vector<ir::EmitField>& fs) {
  Node n = Node::array(true);
  for (const auto& f : fs) n.add(Node::object(true).set("key", str(f.key)).set("value", chunk(f.value)));
  return n;
}

Node action(const ir::Action& a) {
  Node n = Node::object(true);
  n.set("kind", str(name_of(a.kind, kActionKinds)));
  switch (a.kind) {
    case ir::ActionKind::set: n.set("slot", integer(a.slot)).set("value", chunk(a.value)); break;
    case ir::ActionKind::stamp: n.set("slot", integer(a.slot)); break;
    case ir::ActionKind::emit: n.set("name", str(a.name)).set("fields", fields(a.fields)); break;
    case ir::ActionKind::notify: n.set("team", str(a.team)).set("message", str(a.message)); break;
  }
  return n.set("pos", position(a.pos));
}

Node actions(const std::vector<ir::Action>& as) {
  Node n = Node::array();
  for (const auto& a : as) n.add(action(a));
  return n;
}

Node terms(const std::vector<ir::Term>& ts) {
  Node n = Node::array();
  for (const auto& t : ts)
    n.add(Node::object(true)
              .set("text", str(t.text)).set("condition", chunk(t.condition)).set("value", chunk(t.value))
              .set("value_text", str(t.value_text)).set("need", str(t.need)));
  return n;
}

Node sla(const ir::Sla& s) {
  Node n = Node::object(true);
  n.set("kind", str(name_of(s.kind, kSlaKinds)));
  if (s.kind == ir::SlaKind::duration) n.set("duration_ms", integer(s.duration_ms));
  if (s.kind == ir::SlaKind::business_days || s.kind == ir::SlaKind::business_hours)
    n.set("amount", integer(s.amount)).set("calendar", integer(s.calendar));
  return n;
}

Node stage(const ir::Stage& s) {
  return Node::object()
      .set("name", str(s.name)).set("display", str(s.display)).set("kind", str(name_of(s.kind, kStageKinds)))
      .set("owner", str(s.owner)).set("description", str(s.description))
      .set("entry", chunk(s.entry)).set("exit", chunk(s.exit))
      .set("entry_terms", terms(s.entry_terms)).set("exit_terms", terms(s.exit_terms))
      .set("sla", sla(s.sla)).set("on_enter", actions(s.on_enter)).set("on_exit", actions(s.on_exit))
      .set("stamp_slot", integer(s.stamp_slot)).set("pos", position(s.pos));
}

Node transition(const ir::Transition& t) {
  Node sources = Node::array(true);
  for (auto s : t.sources) sources.add(integer(s));
  return Node::object()
      .set("label", str(t.label)).set("from_any", boolean(t.from_any)).set("sources", std::move(sources))
      .set("target", integer(t.target)).set("when", chunk(t.when)).set("when_terms", terms(t.when_terms))
      .set("actions", actions(t.actions)).set("pos", position(t.pos));
}

Node qualification(const ir::Qualification& q) {
  Node criteria = Node::array();
  for (const auto& c : q.criteria)
    criteria.add(Node::object(true)
                     .set("name", str(c.name)).set("label", str(c.label)).set("weight", integer(c.weight))
                     .set("condition", chunk(c.condition)));
  return Node::object()
      .set("name", str(q.name)).set("label", str(q.label)).set("rule", str(name_of(q.rule, kPassRules)))
      .set("threshold", raw(json_text::number(q.threshold))).set("pass", chunk(q.pass))
      .set("reported", boolean(q.reported)).set("criteria", std::move(criteria));
}

Node funnel(const ir::Funnel& f) {
  Node lets = Node::array(), quals = Node::array(), stages = Node::array(), transitions = Node::array();
  for (const auto& l : f.lets) lets.add(Node::object(true).set("name", str(l.name)).set("value", chunk(l.value)));
  for (const auto& q : f.qualifications) quals.add(qualification(q));
  for (const auto& s : f.stages) stages.add(stage(s));
  for (const auto& t : f.transitions) transitions.add(transition(t));
  return Node::object()
      .set("name", str(f.name)).set("record", integer(f.record)).set("applies", chunk(f.applies))
      .set("stage_field", integer(f.stage_field)).set("lets", std::move(lets))
      .set("qualifications", std::move(quals)).set("stages", std::move(stages))
      .set("transitions", std::move(transitions));
}

Node expect(const ir::Expect& e) {
  Node n = Node::object(true);
  n.set("kind", str(name_of(e.kind, kExpectKinds)));
  switch (e.kind) {
    case ir::ExpectKind::condition: n.set("condition", chunk(e.condition)); break;
    case ir::ExpectKind::event: n.set("event", str(e.event)).set("with", fields(e.with)); break;
    case ir::ExpectKind::error: n.set("error", str(e.error)); break;
  }
  return n.set("pos", position(e.pos));
}

Node test(const ir::Test& t) {
  Node expects = Node::array();
  for (const auto& e : t.expects) expects.add(expect(e));
  return Node::object()
      .set("name", str(t.name)).set("funnel", integer(t.funnel))
      .set("as_of", t.as_of ? integer(*t.as_of) : null()).set("given_json", str(t.given_json))
      .set("given_file", str(t.given_file)).set("expects", std::move(expects)).set("pos", position(t.pos));
}

}  // namespace

std::string write_ir(const ir::Program& p) {
  Node root = Node::object();
  root.set("ir_version", integer(p.ir_version)).set("compiler_version", str(p.compiler_version));
  root.set("policy_name", str(p.policy_name)).set("policy_version", str(p.policy_version));
  root.set("source_hash", str(p.source_hash)).set("files", strings(p.files, true));
  Node constants = Node::array(), layouts = Node::array(), records = Node::array(), calendars = Node::array();
  for (const auto& c : p.constants) constants.add(constant(c));
  for (const auto& l : p.layouts) layouts.add(layout(l));
  for (const auto& r : p.records)
    records.add(Node::object(true).set("name", str(r.name)).set("layout", integer(r.layout)).set("key_slot", integer(r.key_slot)));
  for (const auto& c : p.calendars) calendars.add(calendar(c));
  root.set("constants", std::move(constants)).set("regexes", strings(p.regexes, false));
  root.set("layouts", std::move(layouts)).set("records", std::move(records)).set("calendars", std::move(calendars));
  Node code = Node::array(), spans = Node::array();
  for (const auto& in : p.code)
    code.add(raw(fmt::format("[{}, {}, {}]", str(ir::opcode_name(in.op)).text, in.a, in.b)));
  for (const auto& s : p.spans) spans.add(position(s));
  root.set("code", std::move(code)).set("spans", std::move(spans));
  Node funnels = Node::array(), tests = Node::array();
  for (const auto& f : p.funnels) funnels.add(funnel(f));
  for (const auto& t : p.tests) tests.add(test(t));
  root.set("funnels", std::move(funnels)).set("tests", std::move(tests));
  std::string out;
  print(root, 0, out);
  out += '\n';
  return out;
}

}  // namespace sluice
