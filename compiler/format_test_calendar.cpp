// The formatter's `test` blocks (given / as of / expect) and calendars.
#include <algorithm>

#include <fmt/format.h>

#include "compiler/format_internal.hpp"

namespace sluice::format {
namespace {

std::string_view slice(const Printer& p, Span s) { return p.src().substr(s.begin, s.end - s.begin); }

std::size_t print_expect(Printer& p, const ast::Expect& e, std::size_t i) {
  const std::size_t last = p.item_last(i, e.span.end);
  switch (e.kind) {
    case ast::ExpectKind::condition:
      if (!e.condition) unexpected(p, i, "expect");
      print_expr_item(p, i, last, "expect ", *e.condition);
      break;
    case ast::ExpectKind::event: {
      const std::string head = "expect event " + e.event.name;
      if (e.with)
        print_expr_item(p, i, last, head + " with ", *e.with);
      else
        p.line(i, last, head);
      break;
    }
    case ast::ExpectKind::error:
      p.line(i, last, "expect error " + std::string(p.tok(p.code(p.code(i + 1) + 1))));
      break;
  }
  return last;
}

std::size_t print_test_item(Printer& p, const ast::Test& t, std::size_t i, std::size_t& expects) {
  const std::string_view word = p.tok(i);
  if (word == "funnel" && t.funnel) {
    const std::size_t last = p.code(i + 1);
    p.line(i, last, "funnel " + t.funnel->name);
    return last;
  }
  if (word == "as" && t.as_of) {
    const std::size_t last = p.code(p.code(i + 1) + 1);
    p.line(i, last, "as of " + std::string(p.tok(last)));
    return last;
  }
  if (word == "given" && t.given_file) {
    const std::size_t last = p.code(p.code(i + 1) + 1);
    p.line(i, last, "given file " + std::string(p.tok(last)));
    return last;
  }
  if (word == "given" && t.given) {
    const std::size_t last = p.item_last(i, t.given->span.end);
    print_expr_item(p, i, last, "given ", *t.given);
    return last;
  }
  if (word == "expect" && expects < t.expects.size() && t.expects[expects].span.begin == p.tokens()[i].begin)
    return print_expect(p, t.expects[expects++], i);
  unexpected(p, i, "test");
}

// `mon..fri` or `mon, wed, fri`, as written.
std::size_t print_working_days(Printer& p, std::size_t i) {
  std::string text = "working days ";
  std::size_t last = p.code(i + 1);
  for (std::size_t j = p.code(last + 1); j < p.tokens().size(); j = p.code(j + 1)) {
    const std::string_view t = p.tok(j);
    static constexpr std::string_view days[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    const bool day = std::find(std::begin(days), std::end(days), t) != std::end(days);
    if (day && (last == i + 1 || p.tok(last) == ".." || p.tok(last) == ",")) {
      text += t;
    } else if (t == "..") {
      text += t;
    } else if (t == ",") {
      text += ", ";
    } else {
      break;
    }
    last = j;
  }
  p.line(i, last, text);
  return last;
}

std::size_t print_calendar_item(Printer& p, const ast::Calendar& c, std::size_t i) {
  const std::string_view word = p.tok(i);
  if (word == "timezone" && c.timezone) {
    const std::size_t last = p.code(i + 1);
    p.line(i, last, "timezone " + std::string(slice(p, c.timezone_span)));
    return last;
  }
  if (word == "working") return print_working_days(p, i);
  if (word == "hours") {
    const std::size_t start = p.code(i + 1), dots = p.code(start + 1), end = p.code(dots + 1);
    if (p.tok(dots) != "..") unexpected(p, dots, "calendar hours");
    p.line(i, end, fmt::format("hours {}..{}", p.tok(start), p.tok(end)));
    return end;
  }
  if (word == "holidays") {
    const std::size_t open = p.code(i + 1);
    if (p.tokens()[open].kind != TokKind::open || p.tokens()[open].match < 0) unexpected(p, open, "holidays");
    const std::size_t last = static_cast<std::size_t>(p.tokens()[open].match);
    std::string one = "holidays [";
    for (std::size_t k = 0; k < c.holiday_spans.size(); ++k)
      one += (k ? ", " : "") + std::string(slice(p, c.holiday_spans[k]));
    one += "]";
    if (p.column() + one.size() <= kWidth) {
      p.line(i, last, one);
      return last;
    }
    std::vector<std::string> lines{"holidays ["};
    for (std::size_t k = 0; k < c.holiday_spans.size(); ++k)
      lines.push_back(std::string(kIndent, ' ') + std::string(slice(p, c.holiday_spans[k])) +
                      (k + 1 < c.holiday_spans.size() ? "," : ""));
    lines.push_back("]");
    p.item(i, last, lines);
    return last;
  }
  unexpected(p, i, "calendar");
}

}  // namespace

void print_test(Printer& p, const ast::Test& t) {
  const std::size_t first = p.index_at(t.span.begin);
  const Block b = open_block(p, first, find_open(p, first, p.tokens()[first].depth),
                             {"test " + std::string(slice(p, t.name_span))});
  std::size_t expects = 0;
  each_item(p, b, [&](std::size_t i) { return print_test_item(p, t, i, expects); });
  if (expects != t.expects.size()) throw FormatBug("expectations not all found");
}

void print_calendar(Printer& p, const ast::Calendar& c) {
  const std::size_t first = p.index_at(c.span.begin);
  const Block b = open_block(p, first, find_open(p, first, p.tokens()[first].depth), {"calendar " + c.name.name});
  each_item(p, b, [&](std::size_t i) { return print_calendar_item(p, c, i); });
}

}  // namespace sluice::format
