// diff_policies: the declarations of every module of each version, paired by name
// and compared by folded source text (compiler/policy_diff_fold.cpp). Funnels are
// compared clause by clause in compiler/policy_diff_funnel.cpp.
#include "compiler/policy_diff.hpp"

#include <algorithm>
#include <set>

#include "compiler/policy_diff_internal.hpp"

namespace sluice::diff {

namespace {

constexpr std::size_t kShownChars = 160;

// Every declaration of one version, across its modules (dependencies first).
struct Decls {
  const ast::PolicyHeader* header = nullptr;
  std::vector<const ast::Import*> imports;  // of the entry file
  std::vector<Item> records, fields;  // fields keyed "record, field name"
  std::vector<Item> consts, calendars, lets, criteria, pass_rules, qual_labels;
  std::vector<Item> qualifications;  // whole, for added/removed
  std::vector<const ast::Funnel*> funnels;
};

Decls collect(const Differ& d, const PolicyView& side, bool is_old) {
  Decls out;
  if (side.modules == nullptr || side.sources == nullptr) return out;
  auto text = [&](Span s) { return is_old ? d.old_text(s) : d.new_text(s); };
  for (std::size_t m = 0; m < side.modules->modules.size(); ++m) {
    const Module& module = side.modules->modules[m];
    if (!module.ast) continue;
    const ast::File& file = *module.ast;
    if (m == side.modules->root) {
      if (file.header) out.header = &*file.header;
      for (const ast::Import& imp : file.imports) out.imports.push_back(&imp);
    }
    for (const ast::Const& c : file.consts) out.consts.push_back({c.name.name, text(c.span)});
    for (const ast::Record& r : file.records) {
      // Each field is its own item, so one changed field is one change.
      out.records.push_back({r.name.name, text(r.span)});
      for (const ast::FieldDecl& f : r.fields) out.fields.push_back({r.name.name + ", field " + f.name.name, text(f.span)});
    }
    for (const ast::Calendar& c : file.calendars) out.calendars.push_back({c.name.name, text(c.span)});
    for (const ast::Let& l : file.lets) out.lets.push_back({l.name.name, text(l.span)});
    for (const ast::Qualification& q : file.qualifications) {
      const std::string& name = q.name.name;
      out.qualifications.push_back({name, text(q.span)});
      out.qual_labels.push_back({name, q.label ? "label \"" + *q.label + "\"" : std::string("no label")});
      for (const ast::Criterion& c : q.criteria) out.criteria.push_back({name + ", criterion " + c.name.name, text(c.span)});
      out.pass_rules.push_back({name, q.has_pass ? text(q.pass_span) : std::string("(no pass rule)")});
    }
    for (const ast::Funnel& f : file.funnels) out.funnels.push_back(&f);
  }
  return out;
}

// The items whose owner (the key up to its first comma) is in both `a` and `b`.
std::vector<Item> only_common(const std::vector<Item>& items, const std::vector<Item>& a, const std::vector<Item>& b) {
  std::set<std::string> in_a, in_b;
  for (const Item& i : a) in_a.insert(i.key);
  for (const Item& i : b) in_b.insert(i.key);
  std::vector<Item> out;
  for (const Item& i : items) {
    const std::string owner = i.key.substr(0, i.key.find(','));
    if (in_a.count(owner) != 0 && in_b.count(owner) != 0) out.push_back(i);
  }
  return out;
}

}  // namespace

const char* change_kind_name(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::added: return "added";
    case ChangeKind::removed: return "removed";
    case ChangeKind::changed: return "changed";
    case ChangeKind::reordered: return "reordered";
  }
  return "changed";
}

std::string shorten(const std::string& text) {
  if (text.size() <= kShownChars) return text;
  std::size_t cut = kShownChars;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // keep UTF-8 whole
  return text.substr(0, cut) + " ...";
}

std::string Differ::text(const PolicyView& side, Span span) {
  if (side.sources == nullptr || span.end <= span.begin || span.file >= side.sources->size()) return {};
  const SourceFile& file = side.sources->file(span.file);
  if (span.end > file.text.size()) return {};
  // An expression's span may leave out the `(` of a leading parenthesized operand
  // (`(a and b) or c`): take it in, so the line reads as written.
  std::string folded = fold_source(file.slice(span));
  for (std::size_t missing = paren_balance(folded).unopened; missing > 0; --missing) {
    std::uint32_t b = span.begin;
    while (b > 0 && (file.text[b - 1] == ' ' || file.text[b - 1] == '\t' || file.text[b - 1] == '\n' ||
                     file.text[b - 1] == '\r')) --b;
    if (b == 0 || file.text[b - 1] != '(') break;
    span.begin = b - 1;
  }
  return fold_source(file.slice(span));
}

void Differ::line(const std::string& where, const std::string& before, const std::string& after) {
  if (before == after) return;
  Change c;
  c.where = where;
  c.kind = before.empty() ? ChangeKind::added : after.empty() ? ChangeKind::removed : ChangeKind::changed;
  if (!before.empty()) c.before.push_back(before);
  if (!after.empty()) c.after.push_back(after);
  changes_.push_back(std::move(c));
}

void Differ::lines(const std::string& where, const std::vector<std::string>& before,
                   const std::vector<std::string>& after) {
  if (before == after) return;
  Change c;
  c.where = where;
  c.kind = before.empty() ? ChangeKind::added : after.empty() ? ChangeKind::removed : ChangeKind::changed;
  c.before = before;
  c.after = after;
  changes_.push_back(std::move(c));
}

void Differ::items(const std::string& where_prefix, const std::vector<Item>& before, const std::vector<Item>& after) {
  std::map<std::string, const Item*> old_by_key, new_by_key;
  for (const Item& i : before) old_by_key.emplace(i.key, &i);
  for (const Item& i : after) new_by_key.emplace(i.key, &i);
  // Old order first (changed and removed), then what is new, in new order.
  for (const Item& i : before) {
    auto it = new_by_key.find(i.key);
    if (it == new_by_key.end()) line(where_prefix + i.key, shorten(i.text), "");
    else line(where_prefix + i.key, i.text, it->second->text);
  }
  for (const Item& i : after)
    if (old_by_key.count(i.key) == 0) line(where_prefix + i.key, "", shorten(i.text));
}

void Differ::order(const std::string& where, const std::string& label, const std::vector<Item>& before,
                   const std::vector<Item>& after) {
  std::set<std::string> old_keys, new_keys;
  for (const Item& i : before) old_keys.insert(i.key);
  for (const Item& i : after) new_keys.insert(i.key);
  std::vector<std::string> a, b;
  for (const Item& i : before)
    if (new_keys.count(i.key) != 0) a.push_back(i.key);
  for (const Item& i : after)
    if (old_keys.count(i.key) != 0) b.push_back(i.key);
  if (a == b) return;
  auto joined = [&](const std::vector<std::string>& keys) {
    std::string s = label;
    for (std::size_t k = 0; k < keys.size(); ++k) s += (k ? ", " : " ") + keys[k];
    return s;
  };
  Change c;
  c.kind = ChangeKind::reordered;
  c.where = where;
  c.before.push_back(joined(a));
  c.after.push_back(joined(b));
  changes_.push_back(std::move(c));
}

std::vector<Change> diff_policies(const PolicyView& old_policy, const PolicyView& new_policy) {
  Differ d(old_policy, new_policy);
  const Decls a = collect(d, old_policy, true);
  const Decls b = collect(d, new_policy, false);

  auto header = [](const ast::PolicyHeader* h, bool version) -> std::string {
    if (h == nullptr) return "(none)";
    return version ? "version \"" + h->version + "\"" : "policy \"" + h->name + "\"";
  };
  d.line("policy name", header(a.header, false), header(b.header, false));
  d.line("policy version", header(a.header, true), header(b.header, true));

  std::vector<Item> imports_a, imports_b;
  for (const ast::Import* i : a.imports) imports_a.push_back({"`" + i->path + "`", "import \"" + i->path + "\""});
  for (const ast::Import* i : b.imports) imports_b.push_back({"`" + i->path + "`", "import \"" + i->path + "\""});
  d.items("import ", imports_a, imports_b);

  d.items("const ", a.consts, b.consts);
  d.items("record ", a.records, b.records);
  d.items("calendar ", a.calendars, b.calendars);
  d.items("let ", a.lets, b.lets);
  // A record or qualification added or removed is one change; in one present on both
  // sides, each field (label, criterion, pass rule) is compared.
  d.items("qualification ", a.qualifications, b.qualifications);
  std::vector<Item> la = only_common(a.qual_labels, a.qualifications, b.qualifications);
  std::vector<Item> lb = only_common(b.qual_labels, a.qualifications, b.qualifications);
  std::vector<Change> whole = d.take();
  // Drop the whole-qualification "changed" lines: the details below say what changed.
  whole.erase(std::remove_if(whole.begin(), whole.end(), [](const Change& c) {
                return c.kind == ChangeKind::changed &&
                       (c.where.rfind("qualification ", 0) == 0 || c.where.rfind("record ", 0) == 0);
              }), whole.end());
  Differ detail(old_policy, new_policy);
  detail.items("record ", only_common(a.fields, a.records, b.records), only_common(b.fields, a.records, b.records));
  detail.items("qualification ", la, lb);
  detail.items("qualification ", only_common(a.criteria, a.qualifications, b.qualifications),
               only_common(b.criteria, a.qualifications, b.qualifications));
  std::vector<Item> pa = only_common(a.pass_rules, a.qualifications, b.qualifications);
  std::vector<Item> pb = only_common(b.pass_rules, a.qualifications, b.qualifications);
  for (Item& i : pa) i.key += ", pass rule";
  for (Item& i : pb) i.key += ", pass rule";
  detail.items("qualification ", pa, pb);
  detail.funnels(a.funnels, b.funnels);
  for (Change& c : detail.take()) whole.push_back(std::move(c));
  return whole;
}

}  // namespace sluice::diff
