// Shared by compiler/policy_diff*.cpp: the two sides being compared and the list of
// changes being built.
#pragma once
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "compiler/ast.hpp"
#include "compiler/policy_diff.hpp"

namespace sluice::diff {

// A named item of one side, already folded: what it is compared by.
struct Item {
  std::string key;   // identity: a name, or a transition's label/route
  std::string text;  // folded source, shown as the before/after line
};

class Differ {
 public:
  Differ(const PolicyView& old_policy, const PolicyView& new_policy) : old_(old_policy), new_(new_policy) {}

  // Folded source text of `span` on the old (new) side; "" for an empty span.
  std::string old_text(Span span) const { return text(old_, span); }
  std::string new_text(Span span) const { return text(new_, span); }
  const PolicyView& old_side() const { return old_; }
  const PolicyView& new_side() const { return new_; }

  // One line that may differ: "" means absent (added / removed).
  void line(const std::string& where, const std::string& before, const std::string& after);
  // A line list compared whole (actions of a stage): shown whole on both sides.
  void lines(const std::string& where, const std::vector<std::string>& before,
             const std::vector<std::string>& after);
  // Named items: added, removed and changed ones, `where_prefix + key`.
  void items(const std::string& where_prefix, const std::vector<Item>& before, const std::vector<Item>& after);
  // The relative order of the keys present on both sides.
  void order(const std::string& where, const std::string& label, const std::vector<Item>& before,
             const std::vector<Item>& after);

  void funnels(const std::vector<const ast::Funnel*>& before, const std::vector<const ast::Funnel*>& after);

  std::vector<Change> take() { return std::move(changes_); }

 private:
  static std::string text(const PolicyView& side, Span span);
  void funnel(const std::string& where, const ast::Funnel& before, const ast::Funnel& after);
  void stages(const std::string& where, const ast::Funnel& before, const ast::Funnel& after);
  void stage(const std::string& where, const ast::Stage& before, const ast::Stage& after);
  void transitions(const std::string& where, const ast::Funnel& before, const ast::Funnel& after);

  PolicyView old_, new_;
  std::vector<Change> changes_;
};

// A long folded text cut for display ("stage Won terminal { entry ... ..."), kept whole
// for comparison elsewhere.
std::string shorten(const std::string& text);

}  // namespace sluice::diff
