// JSON -> IR. Checks the structure only (every key present with the right JSON
// type, names of kinds and opcodes, integer ranges); index and code checks are
// runtime/validate.cpp's. Never throws: any problem is a false return with the
// path of the offending value ("ir: funnels[0].stages[2].entry: expected ...").
#include <fmt/format.h>

#include <limits>
#include <nlohmann/json.hpp>
#include <set>

#include "compiler/ir_json.hpp"
#include "compiler/ir_json_internal.hpp"

namespace sluice {
namespace {

using json = nlohmann::json;
using namespace ir_names;

// The format nests about ten levels deep; anything much deeper is not IR, and
// rejecting it before parsing bounds the parser's and destructor's work. Text whose
// brackets do not close is rejected here too, as truncated, without parsing it.
constexpr int kMaxNesting = 32;

bool prescan(const std::string& text, std::string& error) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxNesting) {
        error = fmt::format("ir: nested more than {} levels deep; not an IR file", kMaxNesting);
        return false;
      }
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  if (depth > 0 || in_string) {
    error = "ir: not valid JSON: the text ends before its brackets close (truncated?)";
    return false;
  }
  return true;
}

const char* json_type(const json& j) {
  if (j.is_null()) return "null";
  if (j.is_boolean()) return "a boolean";
  if (j.is_number()) return "a number";
  if (j.is_string()) return "a string";
  if (j.is_array()) return "an array";
  return "an object";
}

class Reader {
 public:
  std::string error;

  bool fail(const std::string& path, const std::string& what) {
    if (error.empty()) error = fmt::format("ir: {}: {}", path.empty() ? "(root)" : path, what);
    return false;
  }
  bool expect(const json& j, bool ok, const std::string& path, const char* expected) {
    return ok || fail(path, fmt::format("expected {}, got {}", expected, json_type(j)));
  }

  bool int64(const json& j, const std::string& path, std::int64_t& out) {
    if (j.is_number_integer() && !j.is_number_unsigned()) { out = j.get<std::int64_t>(); return true; }
    if (j.is_number_unsigned()) {
      const auto u = j.get<std::uint64_t>();
      if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        return fail(path, "integer out of range");
      out = static_cast<std::int64_t>(u);
      return true;
    }
    return expect(j, false, path, "an integer");
  }
  bool int32(const json& j, const std::string& path, std::int32_t& out) {
    std::int64_t v = 0;
    if (!int64(j, path, v)) return false;
    if (v < std::numeric_limits<std::int32_t>::min() || v > std::numeric_limits<std::int32_t>::max())
      return fail(path, "integer out of range");
    out = static_cast<std::int32_t>(v);
    return true;
  }
  bool number(const json& j, const std::string& path, double& out) {
    if (j.is_number()) { out = j.get<double>(); return true; }
    if (j.is_string()) {  // non-finite values, see json_text::number
      const auto& s = j.get_ref<const std::string&>();
      if (s == "inf") { out = std::numeric_limits<double>::infinity(); return true; }
      if (s == "-inf") { out = -std::numeric_limits<double>::infinity(); return true; }
      if (s == "nan") { out = std::numeric_limits<double>::quiet_NaN(); return true; }
    }
    return expect(j, false, path, "a number");
  }
  bool boolean(const json& j, const std::string& path, bool& out) {
    if (!expect(j, j.is_boolean(), path, "a boolean")) return false;
    out = j.get<bool>();
    return true;
  }
  bool string(const json& j, const std::string& path, std::string& out) {
    if (!expect(j, j.is_string(), path, "a string")) return false;
    out = j.get_ref<const std::string&>();
    return true;
  }
  template <typename E, std::size_t N>
  bool name(const json& j, const std::string& path, const char* const (&table)[N], E& out) {
    std::string s;
    if (!string(j, path, s)) return false;
    auto v = from_name<E>(s, table);
    if (!v) return fail(path, fmt::format("unknown name `{}`", s));
    out = *v;
    return true;
  }
  bool chunk(const json& j, const std::string& path, ir::Chunk& out) {
    out = ir::Chunk{};
    if (j.is_null()) return true;
    if (!expect(j, j.is_array() && j.size() == 2, path, "null or [start, length]")) return false;
    return int32(j[0], path + "[0]", out.start) && int32(j[1], path + "[1]", out.length);
  }
  bool position(const json& j, const std::string& path, ir::SrcPos& out) {
    if (!expect(j, j.is_array() && j.size() == 3, path, "[file, line, column]")) return false;
    return int32(j[0], path + "[0]", out.file) && int32(j[1], path + "[1]", out.line) &&
           int32(j[2], path + "[2]", out.column);
  }
  // Reads each element of the array `j` with `each(element, path, out_element)`.
  template <typename T, typename F>
  bool array(const json& j, const std::string& path, std::vector<T>& out, F each) {
    if (!expect(j, j.is_array(), path, "an array")) return false;
    out.clear();
    out.reserve(j.size());
    for (std::size_t i = 0; i < j.size(); ++i) {
      out.emplace_back();
      if (!each(j[i], fmt::format("{}[{}]", path, i), out.back())) return false;
    }
    return true;
  }
};

// The members of one JSON object: each key must be read once, and no other key may
// be present, so a misspelt key is reported rather than ignored.
class Object {
 public:
  Object(Reader& r, const json& j, std::string path) : r_(r), j_(j), path_(std::move(path)) {
    ok_ = r_.expect(j_, j_.is_object(), path_, "an object");
  }
  // The member `key`, or nullptr (and an error) when it is missing.
  const json* at(const char* key) {
    if (!ok_) return nullptr;
    auto it = j_.find(key);
    if (it == j_.end()) {
      ok_ = r_.fail(path_, fmt::format("missing key `{}`", key));
      return nullptr;
    }
    seen_.insert(key);
    return &*it;
  }
  std::string path(const char* key) const { return path_.empty() ? std::string(key) : path_ + "." + key; }
  template <typename F>
  Object& read(const char* key, F f) {
    if (const json* v = at(key)) ok_ = f(*v, path(key));
    return *this;
  }
  Object& i32(const char* key, std::int32_t& out) { return read(key, [&](const json& v, const std::string& p) { return r_.int32(v, p, out); }); }
  Object& i64(const char* key, std::int64_t& out) { return read(key, [&](const json& v, const std::string& p) { return r_.int64(v, p, out); }); }
  Object& num(const char* key, double& out) { return read(key, [&](const json& v, const std::string& p) { return r_.number(v, p, out); }); }
  Object& flag(const char* key, bool& out) { return read(key, [&](const json& v, const std::string& p) { return r_.boolean(v, p, out); }); }
  Object& str(const char* key, std::string& out) { return read(key, [&](const json& v, const std::string& p) { return r_.string(v, p, out); }); }
  Object& chunk(const char* key, ir::Chunk& out) { return read(key, [&](const json& v, const std::string& p) { return r_.chunk(v, p, out); }); }
  Object& pos(const char* key, ir::SrcPos& out) { return read(key, [&](const json& v, const std::string& p) { return r_.position(v, p, out); }); }
  template <typename E, std::size_t N>
  Object& named(const char* key, const char* const (&table)[N], E& out) {
    return read(key, [&](const json& v, const std::string& p) { return r_.name(v, p, table, out); });
  }
  template <typename T, typename F>
  Object& list(const char* key, std::vector<T>& out, F each) {
    return read(key, [&](const json& v, const std::string& p) { return r_.array(v, p, out, each); });
  }
  // True when every read succeeded and no unknown key is present.
  bool done() {
    if (!ok_) return false;
    for (auto it = j_.begin(); it != j_.end(); ++it)
      if (!seen_.count(it.key())) return r_.fail(path_, fmt::format("unexpected key `{}`", it.key()));
    return true;
  }

 private:
  Reader& r_;
  const json& j_;
  std::string path_;
  std::set<std::string> seen_;
  bool ok_ = true;
};

// ---------------------------------------------------------------- the parts

bool scalar_constant(Reader& r, const json& j, const std::string& path, ir::Constant& c, bool allow_list);

bool constant(Reader& r, const json& j, const std::string& path, ir::Constant& c) {
  return scalar_constant(r, j, path, c, true);
}

bool scalar_constant(Reader& r, const json& j, const std::string& path, ir::Constant& c, bool allow_list) {
  if (!r.expect(j, j.is_array() && j.size() == 2, path, "[kind, value]")) return false;
  if (!r.name(j[0], path + "[0]", kTypeKinds, c.kind)) return false;
  const json& v = j[1];
  const std::string vp = path + "[1]";
  switch (c.kind) {
    case TypeKind::null_: return r.expect(v, v.is_null(), vp, "null");
    case TypeKind::bool_: return r.boolean(v, vp, c.b);
    case TypeKind::int_: case TypeKind::date: case TypeKind::duration: return r.int64(v, vp, c.i);
    case TypeKind::number: return r.number(v, vp, c.n);
    case TypeKind::text: return r.string(v, vp, c.s);
    case TypeKind::list:
      if (!allow_list) return r.fail(path, "a list constant holds scalars only");
      return r.array(v, vp, c.list, [&](const json& e, const std::string& p, ir::Constant& out) {
        return scalar_constant(r, e, p, out, false);
      });
    default: return r.fail(path + "[0]", fmt::format("`{}` is not a constant kind", name_of(c.kind, kTypeKinds)));
  }
}

bool slot(Reader& r, const json& j, const std::string& path, ir::Slot& s) {
  return Object(r, j, path)
      .str("path", s.path).str("input_key", s.input_key).named("kind", kTypeKinds, s.kind)
      .list("enum_values", s.enum_values, [&](const json& v, const std::string& p, std::string& out) { return r.string(v, p, out); })
      .i32("parent", s.parent).i32("element_layout", s.element_layout).named("element_kind", kTypeKinds, s.element_kind)
      .flag("optional", s.optional).flag("key", s.is_key).flag("stamp", s.is_stamp).i32("default", s.default_const)
      .done();
}

bool layout(Reader& r, const json& j, const std::string& path, ir::Layout& l) {
  return Object(r, j, path)
      .list("slots", l.slots, [&](const json& v, const std::string& p, ir::Slot& s) { return slot(r, v, p, s); })
      .done();
}

bool record(Reader& r, const json& j, const std::string& path, ir::Record& rec) {
  return Object(r, j, path).str("name", rec.name).i32("layout", rec.layout).i32("key_slot", rec.key_slot).done();
}

bool calendar(Reader& r, const json& j, const std::string& path, ir::Calendar& c) {
  std::int32_t days = 0;
  Object o(r, j, path);
  o.str("name", c.name).str("timezone", c.timezone).i32("working_days", days)
      .i32("start_minute", c.start_minute).i32("end_minute", c.end_minute)
      .list("holidays", c.holidays, [&](const json& v, const std::string& p, std::int64_t& out) { return r.int64(v, p, out); });
  if (!o.done()) return false;
  if (days < 0 || days > 0x7F) return r.fail(path + ".working_days", "expected a bit set of 7 days (0..127)");
  c.working_days = static_cast<std::uint8_t>(days);
  return true;
}

bool instruction(Reader& r, const json& j, const std::string& path, ir::Instr& in) {
  if (!r.expect(j, j.is_array() && j.size() == 3, path, "[opcode, a, b]")) return false;
  std::string name;
  if (!r.string(j[0], path + "[0]", name)) return false;
  auto op = ir::opcode_from_name(name);
  if (!op) return r.fail(path + "[0]", fmt::format("unknown opcode `{}`", name));
  in.op = *op;
  return r.int32(j[1], path + "[1]", in.a) && r.int32(j[2], path + "[2]", in.b);
}

bool emit_fields(Reader& r, const json& j, const std::string& path, std::vector<ir::EmitField>& out) {
  return r.array(j, path, out, [&](const json& v, const std::string& p, ir::EmitField& f) {
    return Object(r, v, p).str("key", f.key).chunk("value", f.value).done();
  });
}

bool action(Reader& r, const json& j, const std::string& path, ir::Action& a) {
  Object o(r, j, path);
  o.named("kind", kActionKinds, a.kind).pos("pos", a.pos);
  switch (a.kind) {  // the remaining keys depend on the kind
    case ir::ActionKind::set: o.i32("slot", a.slot).chunk("value", a.value); break;
    case ir::ActionKind::stamp: o.i32("slot", a.slot); break;
    case ir::ActionKind::emit:
      o.str("name", a.name).read("fields", [&](const json& v, const std::string& p) { return emit_fields(r, v, p, a.fields); });
      break;
    case ir::ActionKind::notify: o.str("team", a.team).str("message", a.message); break;
  }
  return o.done();
}

bool actions(Reader& r, const json& j, const std::string& path, std::vector<ir::Action>& out) {
  return r.array(j, path, out, [&](const json& v, const std::string& p, ir::Action& a) { return action(r, v, p, a); });
}

bool terms(Reader& r, const json& j, const std::string& path, std::vector<ir::Term>& out) {
  return r.array(j, path, out, [&](const json& v, const std::string& p, ir::Term& t) {
    return Object(r, v, p)
        .str("text", t.text).chunk("condition", t.condition).chunk("value", t.value)
        .str("value_text", t.value_text).str("need", t.need).done();
  });
}

bool sla(Reader& r, const json& j, const std::string& path, ir::Sla& s) {
  Object o(r, j, path);
  o.named("kind", kSlaKinds, s.kind);
  if (s.kind == ir::SlaKind::duration) o.i64("duration_ms", s.duration_ms);
  if (s.kind == ir::SlaKind::business_days || s.kind == ir::SlaKind::business_hours)
    o.i64("amount", s.amount).i32("calendar", s.calendar);
  return o.done();
}

bool stage(Reader& r, const json& j, const std::string& path, ir::Stage& s) {
  return Object(r, j, path)
      .str("name", s.name).str("display", s.display).named("kind", kStageKinds, s.kind)
      .str("owner", s.owner).str("description", s.description).chunk("entry", s.entry).chunk("exit", s.exit)
      .read("entry_terms", [&](const json& v, const std::string& p) { return terms(r, v, p, s.entry_terms); })
      .read("exit_terms", [&](const json& v, const std::string& p) { return terms(r, v, p, s.exit_terms); })
      .read("sla", [&](const json& v, const std::string& p) { return sla(r, v, p, s.sla); })
      .read("on_enter", [&](const json& v, const std::string& p) { return actions(r, v, p, s.on_enter); })
      .read("on_exit", [&](const json& v, const std::string& p) { return actions(r, v, p, s.on_exit); })
      .i32("stamp_slot", s.stamp_slot).pos("pos", s.pos)
      .done();
}

bool transition(Reader& r, const json& j, const std::string& path, ir::Transition& t) {
  return Object(r, j, path)
      .str("label", t.label).flag("from_any", t.from_any)
      .list("sources", t.sources, [&](const json& v, const std::string& p, std::int32_t& out) { return r.int32(v, p, out); })
      .i32("target", t.target).chunk("when", t.when)
      .read("when_terms", [&](const json& v, const std::string& p) { return terms(r, v, p, t.when_terms); })
      .read("actions", [&](const json& v, const std::string& p) { return actions(r, v, p, t.actions); })
      .pos("pos", t.pos)
      .done();
}

bool qualification(Reader& r, const json& j, const std::string& path, ir::Qualification& q) {
  return Object(r, j, path)
      .str("name", q.name).str("label", q.label).named("rule", kPassRules, q.rule).num("threshold", q.threshold)
      .chunk("pass", q.pass).flag("reported", q.reported)
      .list("criteria", q.criteria, [&](const json& v, const std::string& p, ir::Criterion& c) {
        return Object(r, v, p).str("name", c.name).str("label", c.label).i64("weight", c.weight)
            .chunk("condition", c.condition).done();
      })
      .done();
}

bool funnel(Reader& r, const json& j, const std::string& path, ir::Funnel& f) {
  return Object(r, j, path)
      .str("name", f.name).i32("record", f.record).chunk("applies", f.applies).i32("stage_field", f.stage_field)
      .list("lets", f.lets, [&](const json& v, const std::string& p, ir::Let& l) {
        return Object(r, v, p).str("name", l.name).chunk("value", l.value).done();
      })
      .list("qualifications", f.qualifications, [&](const json& v, const std::string& p, ir::Qualification& q) { return qualification(r, v, p, q); })
      .list("stages", f.stages, [&](const json& v, const std::string& p, ir::Stage& s) { return stage(r, v, p, s); })
      .list("transitions", f.transitions, [&](const json& v, const std::string& p, ir::Transition& t) { return transition(r, v, p, t); })
      .done();
}

bool expect_entry(Reader& r, const json& j, const std::string& path, ir::Expect& e) {
  Object o(r, j, path);
  o.named("kind", kExpectKinds, e.kind).pos("pos", e.pos);
  switch (e.kind) {
    case ir::ExpectKind::condition: o.chunk("condition", e.condition); break;
    case ir::ExpectKind::event:
      o.str("event", e.event).read("with", [&](const json& v, const std::string& p) { return emit_fields(r, v, p, e.with); });
      break;
    case ir::ExpectKind::error: o.str("error", e.error); break;
  }
  return o.done();
}

bool test(Reader& r, const json& j, const std::string& path, ir::Test& t) {
  return Object(r, j, path)
      .str("name", t.name).i32("funnel", t.funnel)
      .read("as_of", [&](const json& v, const std::string& p) {
        if (v.is_null()) { t.as_of.reset(); return true; }
        std::int64_t ms;
        if (!r.int64(v, p, ms)) return false;
        t.as_of = ms;
        return true;
      })
      .str("given_json", t.given_json).str("given_file", t.given_file)
      .list("expects", t.expects, [&](const json& v, const std::string& p, ir::Expect& e) { return expect_entry(r, v, p, e); })
      .pos("pos", t.pos)
      .done();
}

bool program(Reader& r, const json& j, ir::Program& p) {
  // The version first: another version's IR may differ in any other key.
  if (!r.expect(j, j.is_object(), "", "an object")) return false;
  auto version = j.find("ir_version");
  if (version == j.end()) return r.fail("", "missing key `ir_version`");
  std::int32_t v = 0;
  if (!r.int32(*version, "ir_version", v)) return false;
  if (v != ir::kIrVersion) {
    r.error = fmt::format("this IR was written by another version: ir_version {}, expected {}", v, ir::kIrVersion);
    return false;
  }
  const auto each_string = [&](const json& e, const std::string& path, std::string& out) { return r.string(e, path, out); };
  Object o(r, j, "");
  o.i32("ir_version", p.ir_version).str("compiler_version", p.compiler_version)
      .str("policy_name", p.policy_name).str("policy_version", p.policy_version).str("source_hash", p.source_hash)
      .list("files", p.files, each_string)
      .list("constants", p.constants, [&](const json& e, const std::string& path, ir::Constant& c) { return constant(r, e, path, c); })
      .list("regexes", p.regexes, each_string)
      .list("layouts", p.layouts, [&](const json& e, const std::string& path, ir::Layout& l) { return layout(r, e, path, l); })
      .list("records", p.records, [&](const json& e, const std::string& path, ir::Record& rec) { return record(r, e, path, rec); })
      .list("calendars", p.calendars, [&](const json& e, const std::string& path, ir::Calendar& c) { return calendar(r, e, path, c); })
      .list("code", p.code, [&](const json& e, const std::string& path, ir::Instr& in) { return instruction(r, e, path, in); })
      .list("spans", p.spans, [&](const json& e, const std::string& path, ir::SrcPos& s) { return r.position(e, path, s); })
      .list("funnels", p.funnels, [&](const json& e, const std::string& path, ir::Funnel& f) { return funnel(r, e, path, f); })
      .list("tests", p.tests, [&](const json& e, const std::string& path, ir::Test& t) { return test(r, e, path, t); });
  return o.done();
}

}  // namespace

bool read_ir(const std::string& json_text, ir::Program& out, std::string& error) {
  error.clear();
  out = ir::Program{};
  try {
    if (!prescan(json_text, error)) return false;
    json j;
    try {
      j = json::parse(json_text);
    } catch (const json::exception& e) {  // syntax errors, and numbers too large for a double
      error = fmt::format("ir: not valid JSON: {}", e.what());
      return false;
    }
    Reader r;
    ir::Program p;
    if (!program(r, j, p)) {
      error = r.error.empty() ? "ir: malformed" : r.error;
      return false;
    }
    out = std::move(p);
    return true;
  } catch (const std::exception& e) {  // allocation failure on absurd input
    error = fmt::format("ir: cannot be read: {}", e.what());
    return false;
  }
}

}  // namespace sluice
