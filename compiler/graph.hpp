// `sluice graph`: a funnel as a diagram. The model is built from the checked AST (it has
// names, display names and source spans for condition summaries); renderers turn it into
// Graphviz DOT or Mermaid flowchart text. Every text in the model is user text already
// made safe for display (valid UTF-8, no control characters); the renderers only escape
// it for their syntax. Output is byte-identical for identical input.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "compiler/check.hpp"
#include "compiler/diagnostic.hpp"
#include "compiler/parse.hpp"
#include "compiler/source.hpp"

namespace sluice::graph {

enum class NodeKind { main, side, terminal };

// A qualification a stage's entry or exit refers to: "passes BANT", "MEDDIC.score".
struct Gate {
  std::string text;      // the referring expression's source text, whitespace folded
  bool on_exit = false;  // false: the entry condition refers to it
};

struct Node {
  std::string name;         // the stage name as declared
  std::string display;      // the display name, or the name when there is none
  NodeKind kind = NodeKind::main;
  int owner = -1;           // index into Graph::owners; -1 when the stage has no owner
  std::string sla;          // "2d", "2 business days in emea"; empty when none
  std::vector<Gate> gates;  // in source order, without duplicates
};

enum class EdgeKind {
  path,        // main-path succession: to the next main stage, or to a terminal outcome
  transition,  // an explicit `transition`
};

struct Edge {
  EdgeKind kind = EdgeKind::path;
  std::optional<std::size_t> from;  // node index; nullopt: `any` (every non-terminal stage)
  std::size_t to = 0;
  std::string label;      // the transition's label; may be empty
  std::string condition;  // summary of `when`, at most kMaxConditionChars code points
};

struct FunnelGraph {
  std::string name;
  std::string record;
  std::vector<Node> nodes;  // stages in declaration order
  std::vector<Edge> edges;  // path edges in path order, then transitions in source order
};

struct Graph {
  std::string policy;   // the policy name, or empty for a module
  std::string version;
  std::vector<std::string> owners;  // in order of first appearance across the policy
  std::vector<FunnelGraph> funnels;
};

inline constexpr std::size_t kMaxConditionChars = 40;

// Builds the model of every funnel of a checked policy (entry file and imports).
Graph build_graph(const CheckedPolicy& policy, const SourceManager& sm);

// Keeps only the funnel named `name`; false (graph unchanged) when there is none.
bool select_funnel(Graph& graph, const std::string& name);

// Owner indices used by the graph's funnels, ascending (for legends).
std::vector<int> owners_used(const Graph& graph);

// Fixed palette, assigned to owners in order of first appearance (cycling past its end).
const std::string& owner_colour(int owner);

// Text made safe for any renderer: invalid UTF-8 becomes U+FFFD, control characters
// (newlines included) become spaces.
std::string display_text(std::string_view text);
// `text` cut to at most `max_chars` code points, the last one "…" when it was cut.
std::string shorten(std::string_view text, std::size_t max_chars);

// What both renderers print, before their own escaping.
std::string node_facts(const Graph& graph, const Node& node);  // "MQL · sdr · SLA 2d · side"
std::string gate_line(const Gate& gate);                       // "gate: passes BANT"
std::string edge_condition_line(const Edge& edge);             // "when is_competitor"

struct DotOptions {
  bool lanes = false;  // one cluster per owner ("swim lanes")
};
std::string render_dot(const Graph& graph, const DotOptions& options = {});
std::string render_mermaid(const Graph& graph);

// Loads, checks and lints `path` (or the given text); `graph` is set when there are no
// errors. Diagnostics are sorted.
struct GraphResult {
  SourceManager sources;
  Diagnostics diagnostics;
  std::optional<Graph> graph;
};
GraphResult graph_file(const std::string& path, const Limits& limits = {});
GraphResult graph_text(const std::string& path, std::string text, const Limits& limits = {});

}  // namespace sluice::graph
