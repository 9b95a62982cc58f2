// A table for people: aligned columns, a header line, one row per record. Rows
// are held in batches of kBatch so the widths fit the data; a column only ever
// widens, and cells are cut at kMaxCell code points, so output stays bounded.
#include <algorithm>
#include <iterator>

#include <fmt/format.h>

#include "runtime/format_value.hpp"
#include "runtime/timefmt.hpp"
#include "runtime/writers/make_writers.hpp"
#include "runtime/writers/result_fields.hpp"
#include "runtime/writers/text_escape.hpp"

namespace sluice::rt::writers {

namespace {

constexpr std::size_t kBatch = 1000;
constexpr std::size_t kMaxCell = 48;

// Cut to kMaxCell code points ("..." marks the cut); control characters become
// spaces so a cell never breaks the line.
std::string cell(std::string_view text) {
  const bool cut = display_width(text) > kMaxCell;
  std::string out;
  std::size_t points = 0;
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c & 0xC0) != 0x80) {
      if (cut && points == kMaxCell - 3) {
        out += "...";
        break;
      }
      ++points;
    }
    out += c < 0x20 || c == 0x7F ? ' ' : ch;
  }
  return out;
}

class TableWriter final : public ResultWriter {
 public:
  TableWriter(const ir::Program& program, std::int32_t record, OutputSink& sink) : fields_(program, record), sink_(sink) {
    header_.push_back(fields_.key_name().empty() ? "key" : std::string(fields_.key_name()));
    for (const char* h : {"stage", "from", "moved", "owner"}) header_.emplace_back(h);
    for (const std::string& q : fields_.qualification_columns()) header_.push_back(q);
    header_.emplace_back("sla");
    header_.emplace_back("note");
    widths_.assign(header_.size(), 0);
  }

  void write(const RecordIn& in, const EvalResult& r, const Explanation*) override {
    std::vector<std::string> row;
    row.reserve(header_.size());
    row.push_back(cell(in.key.tag == Tag::text ? std::string(in.key.as_text())
                                               : in.key.is_set() ? value_to_text(in.key) : std::string()));
    const bool error = in.error || r.error;
    const ir::Funnel* funnel = error ? nullptr : fields_.funnel(r.funnel);
    row.push_back(error ? "error" : r.stage < 0 ? "(unstaged)" : cell(fields_.stage(funnel, r.stage)));
    row.push_back(cell(fields_.stage(funnel, r.from)));
    row.push_back(error ? "" : r.moved ? "yes" : "no");
    row.push_back(cell(fields_.owner(funnel, r.stage)));
    for (const std::string& q : fields_.qualification_columns()) row.push_back(qualification(funnel, r, q));
    row.push_back(error ? "" : sla(r.sla));
    if (in.error) row.push_back(cell(in.error_code + " " + in.error_message));
    else if (r.error) row.push_back(cell(r.error_code + " " + r.error_message));
    else row.push_back(cell(r.unstaged_reason));
    rows_.push_back(std::move(row));
    if (rows_.size() >= kBatch) print();
  }

  void finish() override {
    print();
    sink_.flush();
  }

 private:
  static std::string qualification(const ir::Funnel* funnel, const EvalResult& r, const std::string& name) {
    if (funnel == nullptr) return "";
    for (std::size_t q = 0; q < funnel->qualifications.size() && q < r.qualifications.size(); ++q) {
      if (!funnel->qualifications[q].reported || funnel->qualifications[q].name != name) continue;
      const Value& p = r.qualifications[q].passed;
      const char* word = p.is_true() ? "passed" : p.is_false() ? "failed" : "unknown";
      return fmt::format("{} {}", word, r.qualifications[q].score);
    }
    return "";
  }

  static std::string sla(const SlaOut& s) {
    if (s.state == SlaState::breached) return fmt::format("breached {}", format_duration(s.overdue_ms));
    return sla_state_name(s.state);
  }

  void print() {
    if (printed_header_ && rows_.empty()) return;
    for (std::size_t c = 0; c < header_.size(); ++c) widths_[c] = std::max(widths_[c], display_width(header_[c]));
    for (const auto& row : rows_) {
      for (std::size_t c = 0; c < row.size(); ++c) widths_[c] = std::max(widths_[c], display_width(row[c]));
    }
    if (!printed_header_) {
      printed_header_ = true;
      line(header_);
    }
    for (const auto& row : rows_) line(row);
    rows_.clear();
    sink_.written();
  }

  void line(const std::vector<std::string>& row) {
    std::string& out = sink_.buffer();
    std::size_t end = row.size();
    while (end > 0 && row[end - 1].empty()) --end;  // no trailing blanks
    for (std::size_t c = 0; c < end; ++c) {
      if (c > 0) out += "  ";
      out += row[c];
      if (c + 1 < end) out.append(widths_[c] - display_width(row[c]), ' ');
    }
    out += '\n';
  }

  ResultFields fields_;
  OutputSink& sink_;
  std::vector<std::string> header_;
  std::vector<std::size_t> widths_;
  std::vector<std::vector<std::string>> rows_;
  bool printed_header_ = false;
};

}  // namespace

std::unique_ptr<ResultWriter> make_table_writer(const ir::Program& program, std::int32_t record, OutputSink& sink) {
  return std::make_unique<TableWriter>(program, record, sink);
}

}  // namespace sluice::rt::writers
