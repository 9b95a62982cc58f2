// The diagram model of `sluice graph`, built from the checked AST, and the pipeline
// that produces it (load, check, lint: the same diagnostics as `sluice check`).
#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <string_view>

#include "compiler/graph.hpp"
#include "compiler/utf8.hpp"
#include "compiler/modules.hpp"

namespace sluice::graph {
namespace {

// Source text with `#` comments dropped (outside string literals) and whitespace
// runs folded to one space: conditions span lines and carry comments.
std::string fold_source(std::string_view text) {
  std::string out;
  bool space = false, in_string = false, in_comment = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    if (in_comment) {
      if (ch == '\n') in_comment = false, space = !out.empty();
      continue;
    }
    if (!in_string && ch == '#') {
      in_comment = true;
      continue;
    }
    if (!in_string && (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r')) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += ch;
    if (in_string && ch == '\\' && i + 1 < text.size()) {
      out += text[++i];
    } else if (ch == '"') {
      in_string = !in_string;
    }
  }
  return out;
}

std::string source_of(const SourceManager& sm, Span span) {
  if (span.file >= sm.size()) return {};
  return fold_source(sm.file(span.file).slice(span));
}

std::string sla_text(const ast::Sla& sla, const SourceManager& sm) {
  if (sla.kind == ast::SlaKind::none) return {};
  std::string text = source_of(sm, sla.span);
  constexpr std::string_view keyword = "sla ";
  if (text.rfind(keyword, 0) == 0) text.erase(0, keyword.size());
  return display_text(text);
}

// The qualification references of a condition, walked without recursion (a condition's
// depth is bounded by the parser, but a work list costs nothing).
// A `let` the condition names is followed (each at most once: `let fit = passes Fit`
// then `entry fit` still shows the gate).
void collect_gates(const ast::Expr* root, bool on_exit, const FunnelInstance& funnel, const SourceManager& sm,
                   std::vector<Gate>& gates) {
  std::vector<const ast::Expr*> work;
  if (root) work.push_back(root);
  std::vector<Gate> found;
  std::vector<bool> let_seen(funnel.lets.size(), false);
  while (!work.empty()) {
    const ast::Expr* e = work.back();
    work.pop_back();
    if (e->kind == ast::ExprKind::name && e->ref.kind == ast::RefKind::let && e->ref.index >= 0 &&
        static_cast<std::size_t>(e->ref.index) < let_seen.size()) {
      const auto i = static_cast<std::size_t>(e->ref.index);
      if (!let_seen[i] && funnel.lets[i].value) work.push_back(funnel.lets[i].value.get());
      let_seen[i] = true;
      continue;
    }
    const bool qual_ref = e->kind == ast::ExprKind::passes ||
                          (e->kind == ast::ExprKind::member && (e->ref.kind == ast::RefKind::qual_score ||
                                                                e->ref.kind == ast::RefKind::qual_criterion ||
                                                                e->ref.kind == ast::RefKind::qual_missing));
    if (qual_ref) {
      found.push_back({display_text(source_of(sm, e->span)), on_exit});
      continue;
    }
    // Children in reverse, so that the work list pops them in source order.
    for (auto it = e->args.rbegin(); it != e->args.rend(); ++it)
      if (*it) work.push_back(it->get());
  }
  for (auto& g : found) {
    const bool seen = std::any_of(gates.begin(), gates.end(),
                                  [&](const Gate& x) { return x.text == g.text && x.on_exit == g.on_exit; });
    if (!seen) gates.push_back(std::move(g));
  }
}

NodeKind node_kind(ast::StageKind k) {
  switch (k) {
    case ast::StageKind::side: return NodeKind::side;
    case ast::StageKind::terminal: return NodeKind::terminal;
    case ast::StageKind::main: break;
  }
  return NodeKind::main;
}

int owner_index(Graph& g, std::map<std::string, int>& index, const std::string& owner) {
  auto [it, fresh] = index.emplace(owner, static_cast<int>(g.owners.size()));
  if (fresh) g.owners.push_back(owner);
  return it->second;
}

FunnelGraph build_funnel(const FunnelInstance& instance, const SourceManager& sm, Graph& g,
                         std::map<std::string, int>& owners) {
  const ast::Funnel& f = *instance.decl;
  FunnelGraph out;
  out.name = display_text(f.name.name);
  out.record = display_text(f.record.name);
  std::map<std::string, std::size_t> by_name;
  for (const ast::Stage& s : f.stages) {
    Node n;
    n.name = display_text(s.name.name);
    n.display = display_text(s.display ? *s.display : s.name.name);
    n.kind = node_kind(s.kind);
    if (s.owner) n.owner = owner_index(g, owners, display_text(s.owner->name));
    n.sla = sla_text(s.sla, sm);
    collect_gates(s.entry.get(), false, instance, sm, n.gates);
    collect_gates(s.exit.get(), true, instance, sm, n.gates);
    by_name.emplace(s.name.name, out.nodes.size());
    out.nodes.push_back(std::move(n));
  }
  // The path: main and terminal stages in order. Each is reached from the nearest main
  // stage before it (a terminal stage is an outcome, never passed over).
  std::optional<std::size_t> last_main;
  for (std::size_t i = 0; i < out.nodes.size(); ++i) {
    const NodeKind k = out.nodes[i].kind;
    if (k == NodeKind::side) continue;
    if (last_main) out.edges.push_back({EdgeKind::path, last_main, i, {}, {}});
    if (k == NodeKind::main) last_main = i;
  }
  for (const ast::Transition& t : f.transitions) {
    auto target = by_name.find(t.target.name);
    if (target == by_name.end()) continue;  // reported by the checker; never reached here
    Edge e;
    e.kind = EdgeKind::transition;
    e.to = target->second;
    e.label = t.label ? display_text(*t.label) : std::string();
    e.condition = t.when ? shorten(display_text(source_of(sm, t.when->span)), kMaxConditionChars) : "always";
    if (t.from_any) {
      out.edges.push_back(e);
      continue;
    }
    for (const ast::Ident& src : t.sources) {
      auto from = by_name.find(src.name);
      if (from == by_name.end()) continue;
      e.from = from->second;
      out.edges.push_back(e);
    }
  }
  return out;
}

void finish(GraphResult& r, ModuleSet modules) {
  if (!r.diagnostics.has_errors()) {
    CheckedPolicy policy = check(std::move(modules), r.sources, r.diagnostics);
    lint(policy, r.sources, r.diagnostics);
    if (!r.diagnostics.has_errors()) r.graph = build_graph(policy, r.sources);
  }
  r.diagnostics.sort();
}

}  // namespace

std::string display_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = utf8_length(text, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD
      ++i;
      continue;
    }
    const auto c = static_cast<unsigned char>(text[i]);
    if (n == 3 && c == 0xEF && text[i + 1] == '\xBF' && (text[i + 2] == '\xBE' || text[i + 2] == '\xBF')) {
      out += "\xEF\xBF\xBD";  // U+FFFE and U+FFFF are not XML characters (DOT HTML labels)
    } else if (n == 1 && (c < 0x20 || c == 0x7F)) {
      out += ' ';
    } else if (n == 2 && c == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0) {
      out += ' ';  // C1 controls (U+0080..U+009F)
    } else {
      out.append(text.substr(i, n));
    }
    i += n;
  }
  return out;
}

std::string shorten(std::string_view text, std::size_t max_chars) {
  if (max_chars == 0) return {};
  std::size_t chars = 0, cut = text.size();
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;  // continuation byte
    if (chars == max_chars - 1) cut = std::min(cut, i);
    if (++chars > max_chars) {
      std::string out(text.substr(0, cut));
      while (!out.empty() && out.back() == ' ') out.pop_back();
      return out + "\xE2\x80\xA6";  // …
    }
  }
  return std::string(text);
}

std::string node_facts(const Graph& graph, const Node& node) {
  std::vector<std::string> parts;
  if (node.display != node.name) parts.push_back(node.name);
  if (node.owner >= 0 && static_cast<std::size_t>(node.owner) < graph.owners.size())
    parts.push_back(graph.owners[static_cast<std::size_t>(node.owner)]);
  if (!node.sla.empty()) parts.push_back("SLA " + node.sla);
  if (node.kind == NodeKind::side) parts.push_back("side");
  if (node.kind == NodeKind::terminal) parts.push_back("terminal");
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : " \xC2\xB7 ") + p;  // " · "
  return out;
}

std::string gate_line(const Gate& gate) { return (gate.on_exit ? "exit gate: " : "gate: ") + gate.text; }

std::string edge_condition_line(const Edge& edge) { return "when " + edge.condition; }

Graph build_graph(const CheckedPolicy& policy, const SourceManager& sm) {
  Graph g;
  if (policy.modules.root < policy.modules.modules.size()) {
    const Module& root = policy.modules.modules[policy.modules.root];
    if (root.ast && root.ast->header) {
      g.policy = display_text(root.ast->header->name);
      g.version = display_text(root.ast->header->version);
    }
  }
  std::map<std::string, int> owners;
  for (const FunnelInstance& f : policy.funnels)
    if (f.decl) g.funnels.push_back(build_funnel(f, sm, g, owners));
  return g;
}

bool select_funnel(Graph& graph, const std::string& name) {
  auto it = std::find_if(graph.funnels.begin(), graph.funnels.end(),
                         [&](const FunnelGraph& f) { return f.name == name; });
  if (it == graph.funnels.end()) return false;
  FunnelGraph kept = std::move(*it);
  graph.funnels.clear();
  graph.funnels.push_back(std::move(kept));
  return true;
}

std::vector<int> owners_used(const Graph& graph) {
  std::vector<bool> used(graph.owners.size(), false);
  for (const FunnelGraph& f : graph.funnels)
    for (const Node& n : f.nodes)
      if (n.owner >= 0 && static_cast<std::size_t>(n.owner) < used.size())
        used[static_cast<std::size_t>(n.owner)] = true;
  std::vector<int> out;
  for (std::size_t i = 0; i < used.size(); ++i)
    if (used[i]) out.push_back(static_cast<int>(i));
  return out;
}

const std::string& owner_colour(int owner) {
  // Light, distinguishable fills (ColorBrewer Set3/Pastel), readable under black text.
  static const std::array<std::string, 10> palette = {"#8dd3c7", "#ffffb3", "#bebada", "#fb8072", "#80b1d3",
                                                      "#fdb462", "#b3de69", "#fccde5", "#d9d9d9", "#ccebc5"};
  const std::size_t i = owner < 0 ? 0 : static_cast<std::size_t>(owner) % palette.size();
  return palette[i];
}

GraphResult graph_file(const std::string& path, const Limits& limits) {
  GraphResult r;
  ModuleSet modules = load_modules(r.sources, path, r.diagnostics, limits);
  finish(r, std::move(modules));
  return r;
}

GraphResult graph_text(const std::string& path, std::string text, const Limits& limits) {
  GraphResult r;
  ModuleSet modules = load_modules_from_text(r.sources, path, std::move(text), r.diagnostics, limits);
  finish(r, std::move(modules));
  return r;
}

}  // namespace sluice::graph
