// Graphviz DOT for `sluice graph --format dot`. Node ids are generated (f0_s3), never
// user text; every user text goes into an HTML-like label, escaped for it.
#include <string_view>

#include "compiler/graph.hpp"

namespace sluice::graph {
namespace {

// HTML-like labels are XML: the four markup characters become entities. Model text has
// no control characters and is valid UTF-8 (display_text).
std::string html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += ch;
    }
  }
  return out;
}

std::string small(std::string_view escaped) { return "<font point-size=\"10\">" + std::string(escaped) + "</font>"; }

std::string node_id(std::size_t funnel, std::size_t node) {
  return "f" + std::to_string(funnel) + "_s" + std::to_string(node);
}
std::string any_id(std::size_t funnel) { return "f" + std::to_string(funnel) + "_any"; }

std::string node_label(const Graph& g, const Node& n) {
  std::string label = "<b>" + html(n.display) + "</b>";
  const std::string facts = node_facts(g, n);
  if (!facts.empty()) label += "<br/>" + small(html(facts));
  for (const Gate& gate : n.gates) label += "<br/>" + small("<i>" + html(gate_line(gate)) + "</i>");
  return label;
}

std::string node_attributes(const Graph& g, const Node& n) {
  const std::string fill = n.owner >= 0 ? owner_colour(n.owner) : std::string("#ffffff");
  std::string style;
  switch (n.kind) {
    case NodeKind::main: style = "rounded,filled"; break;
    case NodeKind::side: style = "rounded,filled,dashed"; break;
    case NodeKind::terminal: style = "filled,bold"; break;
  }
  std::string out = "label=<" + node_label(g, n) + ">, style=\"" + style + "\", fillcolor=\"" + fill + "\"";
  if (n.kind == NodeKind::terminal) out += ", peripheries=2";
  return out;
}

std::string edge_line(const FunnelGraph& f, std::size_t fi, const Edge& e) {
  const std::string from = e.from ? node_id(fi, *e.from) : any_id(fi);
  std::string out = "  " + from + " -> " + node_id(fi, e.to);
  if (e.kind == EdgeKind::path) return out + " [style=bold, penwidth=2];\n";
  std::string label;
  if (!e.label.empty()) label = "<b>" + html(e.label) + "</b><br/>";
  label += "<i>" + html(edge_condition_line(e)) + "</i>";
  // A transition back onto the path must not pull path stages out of their order.
  const bool onto_path = e.to < f.nodes.size() && f.nodes[e.to].kind != NodeKind::side;
  out += " [label=<" + label + ">, style=dashed, color=\"#555555\", fontcolor=\"#333333\"";
  if (onto_path) out += ", constraint=false";
  return out + "];\n";
}

void nodes(std::string& out, const Graph& g, const FunnelGraph& f, std::size_t fi, const DotOptions& options,
           const std::string& indent) {
  if (!options.lanes) {
    for (std::size_t i = 0; i < f.nodes.size(); ++i)
      out += indent + node_id(fi, i) + " [" + node_attributes(g, f.nodes[i]) + "];\n";
    return;
  }
  // Lanes: one cluster per owner, in owner order; stages without an owner outside.
  for (std::size_t o = 0; o < g.owners.size(); ++o) {
    std::string body;
    for (std::size_t i = 0; i < f.nodes.size(); ++i)
      if (f.nodes[i].owner == static_cast<int>(o))
        body += indent + "  " + node_id(fi, i) + " [" + node_attributes(g, f.nodes[i]) + "];\n";
    if (body.empty()) continue;
    out += indent + "subgraph cluster_f" + std::to_string(fi) + "_o" + std::to_string(o) + " {\n";
    out += indent + "  label=<<b>" + html(g.owners[o]) + "</b>>; style=\"rounded,dashed\"; color=\"#888888\";\n";
    out += body + indent + "}\n";
  }
  for (std::size_t i = 0; i < f.nodes.size(); ++i)
    if (f.nodes[i].owner < 0) out += indent + node_id(fi, i) + " [" + node_attributes(g, f.nodes[i]) + "];\n";
}

void legend(std::string& out, const Graph& g) {
  const std::vector<int> used = owners_used(g);
  if (used.empty()) return;
  std::string rows;
  for (int o : used)
    rows += "<tr><td bgcolor=\"" + owner_colour(o) + "\">" + html(g.owners[static_cast<std::size_t>(o)]) + "</td></tr>";
  out += "  legend [shape=plaintext, style=\"\", label=<<table border=\"0\" cellborder=\"1\" cellspacing=\"0\" "
         "cellpadding=\"4\"><tr><td><b>owner</b></td></tr>" +
         rows + "</table>>];\n";
}

}  // namespace

std::string render_dot(const Graph& g, const DotOptions& options) {
  std::string out = "digraph funnel {\n";
  std::string title = g.policy.empty() ? std::string("module") : "policy " + html(g.policy);
  if (!g.version.empty()) title += " " + html(g.version);
  out += "  graph [rankdir=TB, fontname=\"Helvetica\", labelloc=t, label=<<b>" + title + "</b>>];\n";
  out += "  node [shape=box, fontname=\"Helvetica\", fontsize=12];\n";
  out += "  edge [fontname=\"Helvetica\", fontsize=10];\n";
  const bool clusters = g.funnels.size() > 1;
  for (std::size_t fi = 0; fi < g.funnels.size(); ++fi) {
    const FunnelGraph& f = g.funnels[fi];
    out += "\n  // funnel " + std::to_string(fi) + "\n";
    std::string indent = "  ";
    if (clusters) {
      out += "  subgraph cluster_f" + std::to_string(fi) + " {\n";
      out += "    label=<funnel <b>" + html(f.name) + "</b> for " + html(f.record) + ">; style=rounded;\n";
      indent = "    ";
    }
    nodes(out, g, f, fi, options, indent);
    bool any = false;
    for (const Edge& e : f.edges) any = any || !e.from;
    if (any) out += indent + any_id(fi) + " [label=<<i>any stage</i>>, shape=ellipse, style=dashed];\n";
    if (clusters) out += "  }\n";
    for (const Edge& e : f.edges) out += edge_line(f, fi, e);
  }
  legend(out, g);
  out += "}\n";
  return out;
}

}  // namespace sluice::graph
