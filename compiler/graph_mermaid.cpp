// Mermaid flowchart for `sluice graph --format mermaid`. Node ids are generated (f0_s3),
// never user text; user text only appears inside "quoted" labels, where Mermaid reads
// brackets as text. What it could still read as syntax, an entity (`#`), HTML (`<>&`), a
// statement end (`;`), an edge label end (`|`), a markdown string (`) or a comment (`%`)
// is written as an entity code (#quot; #35; ...).
#include <string_view>

#include "compiler/graph.hpp"

namespace sluice::graph {
namespace {

std::string text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    switch (ch) {
      case '"': out += "#quot;"; break;
      case '#': out += "#35;"; break;
      case '&': out += "#amp;"; break;
      case '<': out += "#lt;"; break;
      case '>': out += "#gt;"; break;
      case ';': out += "#59;"; break;
      case '|': out += "#124;"; break;
      case '`': out += "#96;"; break;
      case '%': out += "#37;"; break;
      default: out += ch;
    }
  }
  return out;
}

// YAML double-quoted scalar for the front matter title.
std::string yaml(std::string_view s) {
  std::string out = "\"";
  for (char ch : s) {
    if (ch == '"' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + "\"";
}

std::string node_id(std::size_t funnel, std::size_t node) {
  return "f" + std::to_string(funnel) + "_s" + std::to_string(node);
}
std::string any_id(std::size_t funnel) { return "f" + std::to_string(funnel) + "_any"; }

std::string node_line(const Graph& g, const Node& n, const std::string& id) {
  std::string label = "<b>" + text(n.display) + "</b>";
  const std::string facts = node_facts(g, n);
  if (!facts.empty()) label += "<br/>" + text(facts);
  for (const Gate& gate : n.gates) label += "<br/><i>" + text(gate_line(gate)) + "</i>";
  switch (n.kind) {
    case NodeKind::main: return id + "[\"" + label + "\"]";
    case NodeKind::side: return id + "([\"" + label + "\"])";
    case NodeKind::terminal: return id + "[[\"" + label + "\"]]";
  }
  return id;
}

std::string edge_line(std::size_t fi, const Edge& e) {
  const std::string from = e.from ? node_id(fi, *e.from) : any_id(fi);
  if (e.kind == EdgeKind::path) return "  " + from + " ==> " + node_id(fi, e.to) + "\n";
  std::string label;
  if (!e.label.empty()) label = "<b>" + text(e.label) + "</b><br/>";
  label += "<i>" + text(edge_condition_line(e)) + "</i>";
  return "  " + from + " -.->|\"" + label + "\"| " + node_id(fi, e.to) + "\n";
}

// "class a,b,c NAME" for a non-empty id list.
void class_line(std::string& out, const std::vector<std::string>& ids, const std::string& name) {
  if (ids.empty()) return;
  out += "  class ";
  for (std::size_t i = 0; i < ids.size(); ++i) out += (i ? "," : "") + ids[i];
  out += " " + name + "\n";
}

}  // namespace

std::string render_mermaid(const Graph& g) {
  std::string title = g.policy.empty() ? std::string("module") : "policy " + g.policy;
  if (!g.version.empty()) title += " " + g.version;
  std::string out = "---\ntitle: " + yaml(title) + "\n---\nflowchart TB\n";
  const bool clusters = g.funnels.size() > 1;
  std::vector<std::vector<std::string>> by_owner(g.owners.size());
  std::vector<std::string> side, terminal, any;
  for (std::size_t fi = 0; fi < g.funnels.size(); ++fi) {
    const FunnelGraph& f = g.funnels[fi];
    std::string indent = "  ";
    if (clusters) {
      out += "  subgraph f" + std::to_string(fi) + "[\"funnel <b>" + text(f.name) + "</b> for " + text(f.record) +
             "\"]\n";
      indent = "    ";
    }
    for (std::size_t i = 0; i < f.nodes.size(); ++i) {
      const Node& n = f.nodes[i];
      const std::string id = node_id(fi, i);
      out += indent + node_line(g, n, id) + "\n";
      if (n.owner >= 0 && static_cast<std::size_t>(n.owner) < by_owner.size())
        by_owner[static_cast<std::size_t>(n.owner)].push_back(id);
      if (n.kind == NodeKind::side) side.push_back(id);
      if (n.kind == NodeKind::terminal) terminal.push_back(id);
    }
    bool has_any = false;
    for (const Edge& e : f.edges) has_any = has_any || !e.from;
    if (has_any) {
      out += indent + any_id(fi) + "((\"<i>any stage</i>\"))\n";
      any.push_back(any_id(fi));
    }
    if (clusters) out += "  end\n";
    for (const Edge& e : f.edges) out += edge_line(fi, e);
  }
  const std::vector<int> used = owners_used(g);
  if (!used.empty()) {
    out += "  subgraph legend[\"owner\"]\n";
    for (int o : used) {
      const std::string id = "legend_o" + std::to_string(o);
      out += "    " + id + "[\"" + text(g.owners[static_cast<std::size_t>(o)]) + "\"]\n";
      by_owner[static_cast<std::size_t>(o)].push_back(id);
    }
    out += "  end\n";
  }
  for (std::size_t o = 0; o < by_owner.size(); ++o) {
    if (by_owner[o].empty()) continue;
    const std::string name = "owner" + std::to_string(o);
    out += "  classDef " + name + " fill:" + owner_colour(static_cast<int>(o)) + ",stroke:#333333\n";
    class_line(out, by_owner[o], name);
  }
  out += "  classDef sideStage stroke-dasharray:5 5\n";
  class_line(out, side, "sideStage");
  out += "  classDef terminalStage stroke-width:3px\n";
  class_line(out, terminal, "terminalStage");
  out += "  classDef anyStage fill:#ffffff,stroke-dasharray:3 3\n";
  class_line(out, any, "anyStage");
  return out;
}

}  // namespace sluice::graph
