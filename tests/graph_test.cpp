// `sluice graph`: the diagram model (stages, path, transitions, owners, SLAs, gates),
// escaping of hostile text for DOT and Mermaid, and byte-identical output.
#include <catch2/catch.hpp>

#include <algorithm>
#include <regex>
#include <string>

#include "compiler/graph.hpp"
#include "source_files.hpp"

using namespace sluice;
using namespace sluice::graph;

namespace {

Graph graph_of(const std::string& text) {
  GraphResult r = graph_text("t.funnel", text);
  INFO(render_text(r.diagnostics, r.sources));
  REQUIRE(r.graph);
  return *r.graph;
}

// The golden policy with every feature (tests/golden/graph/features.funnel).
Graph features() { return graph_of(test::read_source_file("tests/golden/graph/features.funnel")); }

std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + needle.size())) ++n;
  return n;
}

const char* kHeader =
    "policy \"p\" version \"1\"\nrecord r { id: text key\n a: bool = false\n b: bool = false\n s: text? }\n";

}  // namespace

TEST_CASE("stages, owners, SLAs and gates of the features policy") {
  const Graph g = features();
  CHECK(g.policy == "graph <features> & \"quotes\"");
  CHECK(g.version == "1.0.0-#;|");
  REQUIRE(g.funnels.size() == 2);
  const FunnelGraph& f = g.funnels[0];
  CHECK(f.name == "new_business");
  CHECK(f.record == "lead");
  REQUIRE(f.nodes.size() == 7);
  CHECK(g.owners == std::vector<std::string>{"marketing", "sdr", "sales", "customer_success"});
  const Node& qualified = f.nodes[1];
  CHECK(qualified.name == "Qualified");
  CHECK(qualified.display == "Qualified; ready --> for sales");
  CHECK(qualified.owner == 1);
  CHECK(qualified.sla == "2 business days in emea");
  CHECK(node_facts(g, qualified) == "Qualified \xC2\xB7 sdr \xC2\xB7 SLA 2 business days in emea");
  REQUIRE(qualified.gates.size() == 3);
  CHECK(gate_line(qualified.gates[0]) == "gate: passes Fit");
  CHECK(gate_line(qualified.gates[1]) == "gate: Fit.score");
  CHECK(gate_line(qualified.gates[2]) == "exit gate: passes BANT");
  CHECK(f.nodes[0].sla == "3d");
  CHECK(f.nodes[3].kind == NodeKind::terminal);
  CHECK(f.nodes[3].owner == -1);
  CHECK(node_facts(g, f.nodes[3]) == "Closed \xC2\xB7 terminal");
  CHECK(f.nodes[5].kind == NodeKind::side);
  CHECK(node_facts(g, f.nodes[6]) == "Parked \xC2\xB7 side");
  // The renewal funnel's gate is reached through `let healthy = passes BANT`.
  REQUIRE(g.funnels[1].nodes[1].gates.size() == 1);
  CHECK(gate_line(g.funnels[1].nodes[1].gates[0]) == "gate: passes BANT");
  CHECK(g.funnels[1].nodes[0].owner == 3);
}

TEST_CASE("the path and the transitions of the features policy") {
  const FunnelGraph f = features().funnels[0];
  std::vector<std::pair<std::size_t, std::size_t>> path;
  std::vector<const Edge*> transitions;
  for (const Edge& e : f.edges) {
    if (e.kind == EdgeKind::path) {
      REQUIRE(e.from);
      path.emplace_back(*e.from, e.to);
    } else {
      transitions.push_back(&e);
    }
  }
  // Inbound, Qualified, Proposal in a line; both terminal outcomes from Proposal.
  CHECK(path == std::vector<std::pair<std::size_t, std::size_t>>{{0, 1}, {1, 2}, {2, 3}, {2, 4}});
  REQUIRE(transitions.size() == 5);  // a transition with two sources is two edges
  CHECK_FALSE(transitions[0]->from);
  CHECK(transitions[0]->to == 5);
  CHECK(transitions[0]->label == "unsubscribed <now> & \"gone\"");
  CHECK(transitions[0]->condition == "unsubscribed");
  CHECK(*transitions[1]->from == 1);
  CHECK(*transitions[2]->from == 2);
  CHECK(transitions[1]->label.empty());
  CHECK(transitions[1]->condition == "note == \"wait | \\\"later\\\" #tag; <b>bold\xE2\x80\xA6");
  CHECK(transitions[4]->label == "back  to   work");
  CHECK(*transitions[4]->from == 6);
  CHECK(transitions[4]->to == 1);
}

TEST_CASE("a terminal stage mid-path is an outcome of the main stage before it") {
  const Graph g = graph_of(std::string(kHeader) +
                           "funnel f for r { stage A { }\n stage T terminal { entry a }\n stage B { entry b } }\n");
  std::vector<std::pair<std::size_t, std::size_t>> path;
  for (const Edge& e : g.funnels[0].edges) path.emplace_back(*e.from, e.to);
  CHECK(path == std::vector<std::pair<std::size_t, std::size_t>>{{0, 1}, {0, 2}});
}

TEST_CASE("gates on exit and through lets, without duplicates; comments left out of conditions") {
  const Graph g = graph_of(std::string(kHeader) +
                           "qualification Q { criterion x : a\n pass when all }\n"
                           "funnel f for r {\n let ok = passes Q\n"
                           " stage A { entry ok and passes Q  exit Q.score >= 1 or Q.x }\n stage B side { }\n"
                           " transition A -> B when a # why\n   and  b }\n");
  const Node& a = g.funnels[0].nodes[0];
  REQUIRE(a.gates.size() == 3);
  CHECK(gate_line(a.gates[0]) == "gate: passes Q");
  CHECK(gate_line(a.gates[1]) == "exit gate: Q.score");
  CHECK(gate_line(a.gates[2]) == "exit gate: Q.x");
  CHECK(g.funnels[0].edges.back().condition == "a and b");
  CHECK(g.funnels[0].edges.back().label.empty());
}

TEST_CASE("business-time SLAs are shown as written") {
  const Graph g = graph_of(std::string(kHeader) +
                           "calendar emea { timezone \"Europe/Warsaw\" }\n"
                           "funnel f for r { stage A { sla 2 business days in emea }\n"
                           " stage B { sla   16 business hours in emea } }\n");
  CHECK(g.funnels[0].nodes[0].sla == "2 business days in emea");
  CHECK(g.funnels[0].nodes[1].sla == "16 business hours in emea");
}

TEST_CASE("owners get palette colours in order of first appearance, across funnels") {
  const Graph g = graph_of(std::string(kHeader) +
                           "funnel f for r { applies when a\n stage A { owner zeta }\n stage B { owner alpha }\n"
                           " stage C { owner zeta } }\n"
                           "funnel h for r { stage D { owner omega }\n stage E { owner alpha } }\n");
  CHECK(g.owners == std::vector<std::string>{"zeta", "alpha", "omega"});
  CHECK(g.funnels[1].nodes[1].owner == 1);
  CHECK(owner_colour(0) != owner_colour(1));
  CHECK(owner_colour(0) == owner_colour(10));  // the palette cycles
  Graph only_h = g;
  REQUIRE(select_funnel(only_h, "h"));
  REQUIRE(only_h.funnels.size() == 1);
  CHECK(owners_used(only_h) == std::vector<int>{1, 2});
  CHECK(render_dot(only_h).find("zeta") == std::string::npos);
  Graph unchanged = g;
  CHECK_FALSE(select_funnel(unchanged, "nope"));
  CHECK(unchanged.funnels.size() == 2);
}

TEST_CASE("a policy with errors gives diagnostics and no graph") {
  GraphResult r = graph_text("t.funnel", std::string(kHeader) + "funnel f for r { stage A { entry nope } }\n");
  CHECK_FALSE(r.graph);
  CHECK(r.diagnostics.has_errors());
  GraphResult syntax = graph_text("t.funnel", "policy \"p\" version \"1\"\nfunnel {");
  CHECK_FALSE(syntax.graph);
  CHECK(syntax.diagnostics.has_errors());
  // A lint error (a transition out of a terminal stage) stops the graph too.
  GraphResult lint = graph_text("t.funnel", std::string(kHeader) +
                                                "funnel f for r { stage A { }\n stage T terminal { entry a }\n"
                                                " transition T -> A when b }\n");
  CHECK_FALSE(lint.graph);
  GraphResult missing = graph_file(std::string(SLUICE_SOURCE_DIR) + "/tests/golden/graph/no-such.funnel");
  CHECK_FALSE(missing.graph);
  REQUIRE(missing.diagnostics.items().size() == 1);
  CHECK(missing.diagnostics.items()[0].code == "E0001");
}

TEST_CASE("display_text keeps UTF-8 and blanks what no diagram can show") {
  CHECK(display_text("Zürich \xF0\x9F\x9A\x80") == "Zürich \xF0\x9F\x9A\x80");
  CHECK(display_text("a\nb\tc\x7F" "d") == "a b c d");
  CHECK(display_text("x\xC2\x85y") == "x y");                         // C1 control NEL
  CHECK(display_text("\xFF\xC3") == "\xEF\xBF\xBD\xEF\xBF\xBD");      // invalid, truncated
  CHECK(display_text("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
  CHECK(display_text("\xEF\xBF\xBE") == "\xEF\xBF\xBD");              // U+FFFE
}

TEST_CASE("shorten cuts on code points and ends in an ellipsis") {
  CHECK(shorten("abc", 3) == "abc");
  CHECK(shorten("abcd", 3) == "ab\xE2\x80\xA6");
  CHECK(shorten("ab cd", 4) == "ab\xE2\x80\xA6");  // no space before the ellipsis
  CHECK(shorten("\xC3\xBC\xC3\xBC\xC3\xBC\xC3\xBC", 3) == "\xC3\xBC\xC3\xBC\xE2\x80\xA6");
  CHECK(shorten("\xF0\x9F\x9A\x80\xF0\x9F\x9A\x80", 2) == "\xF0\x9F\x9A\x80\xF0\x9F\x9A\x80");
  CHECK(shorten("abc", 0).empty());
  const std::string long_condition(100, 'x');
  CHECK(shorten(long_condition, kMaxConditionChars) == std::string(39, 'x') + "\xE2\x80\xA6");
}

// A model with every printable ASCII character (and some UTF-8) in each user text.
Graph hostile_graph() {
  std::string all;
  for (char c = 0x20; c < 0x7F; ++c) all += c;
  all += " \xC3\xBC\xF0\x9F\x9A\x80";
  Graph g;
  g.policy = all;
  g.version = all;
  g.owners = {all};
  FunnelGraph f;
  f.name = all;
  f.record = all;
  f.nodes.push_back({all, all, NodeKind::main, 0, all, {{all, false}}});
  f.nodes.push_back({all, all, NodeKind::side, -1, {}, {}});
  f.edges.push_back({EdgeKind::path, 0, 1, {}, {}});
  f.edges.push_back({EdgeKind::transition, std::nullopt, 1, all, all});
  g.funnels = {f, f};
  return g;
}

// The HTML-like labels of a DOT text, each up to its matching '>'.
std::vector<std::string> dot_labels(const std::string& dot) {
  std::vector<std::string> out;
  for (auto at = dot.find("label=<"); at != std::string::npos; at = dot.find("label=<", at + 1)) {
    int depth = 1;
    std::size_t i = at + 7;
    for (; i < dot.size() && depth > 0; ++i) depth += dot[i] == '<' ? 1 : dot[i] == '>' ? -1 : 0;
    out.push_back(dot.substr(at + 7, i - 1 - (at + 7)));
  }
  return out;
}

TEST_CASE("DOT escapes every user text in HTML-like labels") {
  for (bool lanes : {false, true}) {
    DotOptions options;
    options.lanes = lanes;
    const std::string dot = render_dot(hostile_graph(), options);
    const std::regex markup(R"(</?(b|i|font|table|tr|td)( [a-z-]+="[^"<>&]*")*>|<br/>)");
    const std::regex entity("&(amp|lt|gt|quot);");
    const auto labels = dot_labels(dot);
    // title, legend; per funnel: cluster, 2 stages, `any`, a transition (and a lane)
    CHECK(labels.size() == (lanes ? 14u : 12u));
    for (const std::string& label : labels) {
      INFO(label);
      // A user '<' or '>' would end the label early or open a tag: only markup is left.
      const std::string text = std::regex_replace(std::regex_replace(label, markup, ""), entity, "");
      CHECK(text.find_first_of("<>&\"") == std::string::npos);
    }
    CHECK(dot.find("&lt;=&gt;") != std::string::npos);
    CHECK(dot.find("&quot;#$%&amp;'()") != std::string::npos);
    CHECK(count(dot, "subgraph cluster_f0_o0") == (lanes ? 1u : 0u));
  }
}

TEST_CASE("Mermaid escapes every user text inside quoted labels") {
  const std::string mmd = render_mermaid(hostile_graph());
  const std::string body = mmd.substr(mmd.find("flowchart"));
  const std::regex markup("</?(b|i)>|<br/>");
  const std::regex entity("#[a-z0-9]+;");
  std::size_t labels = 0, start = 0;
  while (start < body.size()) {
    const std::size_t end = body.find('\n', start);
    const std::string line = body.substr(start, end - start);
    start = end + 1;
    const auto open = line.find('"'), close = line.rfind('"');
    if (open == close) continue;
    ++labels;
    INFO(line);
    const std::string label = line.substr(open + 1, close - open - 1);
    const std::string text = std::regex_replace(std::regex_replace(label, markup, ""), entity, "");
    CHECK(text.find_first_of("\"#;<>|`%&") == std::string::npos);
  }
  // per funnel: subgraph, 2 stages, `any`, a transition; the legend and its one owner
  CHECK(labels == 12);
  CHECK(mmd.find("#quot;#35;$#37;#amp;'") != std::string::npos);
  CHECK(mmd.find("\xC3\xBC\xF0\x9F\x9A\x80") != std::string::npos);
  // The front matter title is a YAML double-quoted scalar.
  CHECK(mmd.rfind("---\ntitle: \"policy  !\\\"#$", 0) == 0);
}

TEST_CASE("output is byte-identical for identical input") {
  const std::string text = test::read_source_file("tests/golden/graph/features.funnel");
  const Graph a = graph_of(text), b = graph_of(text);
  CHECK(render_dot(a) == render_dot(b));
  CHECK(render_mermaid(a) == render_mermaid(b));
}
