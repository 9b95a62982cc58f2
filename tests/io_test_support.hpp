// Shared by readers_test, csv_test and writers_test: a hand-built program with the
// `lead` record of language.md §1 (so these tests do not depend on the compiler),
// and helpers that read a whole input into plain, comparable rows.
#pragma once
#include <array>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "compiler/ir.hpp"
#include "runtime/reader.hpp"
#include "runtime/timefmt.hpp"

namespace io_test {

using namespace sluice;

inline ir::Slot slot(std::string path, TypeKind kind, std::string key = "") {
  ir::Slot s;
  s.input_key = key.empty() ? path.substr(path.rfind('.') == std::string::npos ? 0 : path.rfind('.') + 1) : key;
  s.path = std::move(path);
  s.kind = kind;
  return s;
}

// Slot numbers of lead_program().
enum LeadSlot {
  kId, kEmail, kSuccesses, kScore, kCompany, kEmployees, kIndustry, kGroup, kPains, kRole,
  kAmount, kCloseDate, kMeeting, kMqlAt, kCycle, kTags, kLeadSlots
};
enum GroupSlot { kGName, kGRole, kGScore, kGBoss, kGBossName };

inline ir::Program lead_program() {
  ir::Program p;
  p.policy_name = "acme";
  p.policy_version = "1.0.0";
  ir::Constant zero;
  zero.kind = TypeKind::int_;
  zero.i = 0;
  ir::Constant no;
  no.kind = TypeKind::bool_;
  ir::Constant tags;
  tags.kind = TypeKind::list;
  ir::Constant t1;
  t1.kind = TypeKind::text;
  t1.s = "new";
  tags.list.push_back(t1);
  p.constants = {zero, no, tags};

  ir::Layout lead;
  auto& s = lead.slots;
  s.push_back(slot("id", TypeKind::text));
  s.back().is_key = true;
  s.push_back(slot("email", TypeKind::text));
  s.back().optional = true;
  s.push_back(slot("program_successes", TypeKind::int_));
  s.back().default_const = 0;
  s.push_back(slot("lead_score", TypeKind::int_, "Lead_Score__c"));
  s.push_back(slot("company", TypeKind::object));
  s.push_back(slot("company.employees", TypeKind::int_));
  s.back().parent = kCompany;
  s.back().optional = true;
  s.push_back(slot("company.industry", TypeKind::text));
  s.back().parent = kCompany;
  s.back().optional = true;
  s.push_back(slot("buying_group", TypeKind::list));
  s.back().element_kind = TypeKind::object;
  s.back().element_layout = 1;
  s.push_back(slot("pain_points", TypeKind::list));
  s.back().element_kind = TypeKind::text;
  s.push_back(slot("contact_role", TypeKind::enum_));
  s.back().enum_values = {"decision_maker", "economic_buyer", "user"};
  s.back().optional = true;
  s.push_back(slot("amount", TypeKind::number));
  s.back().optional = true;
  s.push_back(slot("close_date", TypeKind::date));
  s.back().optional = true;
  s.push_back(slot("meeting_scheduled", TypeKind::bool_));
  s.back().default_const = 1;
  s.push_back(slot("mql_entered_at", TypeKind::date));
  s.back().optional = true;
  s.back().is_stamp = true;
  s.push_back(slot("cycle", TypeKind::duration));
  s.back().optional = true;
  s.push_back(slot("tags", TypeKind::list));
  s.back().element_kind = TypeKind::text;
  s.back().default_const = 2;

  ir::Layout member;
  member.slots.push_back(slot("name", TypeKind::text));
  member.slots.push_back(slot("role", TypeKind::text));
  member.slots.back().optional = true;
  member.slots.push_back(slot("lead_score", TypeKind::int_));
  member.slots.back().default_const = 0;
  member.slots.push_back(slot("boss", TypeKind::object));
  member.slots.back().optional = true;
  member.slots.push_back(slot("boss.name", TypeKind::text));
  member.slots.back().parent = kGBoss;

  p.layouts = {lead, member};
  ir::Record rec;
  rec.name = "lead";
  rec.layout = 0;
  rec.key_slot = kId;
  p.records = {rec};
  return p;
}

// A Value as a short comparable string: 42, 1.5, "x", true, 2026-01-15T00:00:00Z,
// 90d, [..], {..}, - (unset).
inline std::string show(const rt::Value& v) {
  using rt::Tag;
  switch (v.tag) {
    case Tag::unset: return "-";
    case Tag::boolean: return v.u.b ? "true" : "false";
    case Tag::int_: return std::to_string(v.u.i);
    case Tag::number: return fmt::format("{}", v.u.n);
    case Tag::text: return "\"" + std::string(v.as_text()) + "\"";
    case Tag::date: return rt::format_instant(v.u.i);
    case Tag::duration: return rt::format_duration(v.u.i);
    case Tag::object: return "{}";
    case Tag::list: {
      std::string out = "[";
      for (std::uint32_t i = 0; i < v.len; ++i) {
        if (i) out += ",";
        if (v.width > 1) out += "(";
        for (std::uint16_t f = 0; f < v.width; ++f) {
          if (f) out += " ";
          out += show(v.u.elems[i * v.width + f]);
        }
        if (v.width > 1) out += ")";
      }
      return out + "]";
    }
  }
  return "?";
}

struct Row {
  std::int64_t line = 0, index = 0;
  bool error = false;
  std::string code, message, key;
  std::vector<std::string> slots;  // show() of each slot
};

inline Row row_of(const rt::RecordIn& rec, std::size_t width) {
  Row r;
  r.line = rec.line;
  r.index = rec.index;
  r.error = rec.error;
  r.code = rec.error_code;
  r.message = rec.error_message;
  r.key = show(rec.key);
  for (std::size_t i = 0; i < width; ++i) r.slots.push_back(show(rec.slots[i]));
  return r;
}

inline std::vector<Row> rows_of(rt::RecordReader& reader, const ir::Program& program) {
  std::vector<Row> rows;
  rt::RecordIn rec;
  const auto width = program.layouts[static_cast<std::size_t>(program.records[0].layout)].slots.size();
  while (reader.next(rec)) {
    rows.push_back(row_of(rec, width));
    if (rows.size() > 10000) break;  // a reader that never ends fails the test, not the machine
  }
  return rows;
}

// The records of next_batch(max) calls, each batch shown only once the whole batch
// is read (so a record that a later one of its batch overwrote shows); `sizes` gets
// each batch's size.
inline std::vector<Row> rows_of_batches(rt::RecordReader& reader, const ir::Program& program, std::size_t max,
                                        std::vector<std::size_t>& sizes) {
  std::vector<Row> rows;
  std::array<rt::RecordIn, rt::kMaxBatch> recs;
  const auto width = program.layouts[static_cast<std::size_t>(program.records[0].layout)].slots.size();
  while (const std::size_t n = reader.next_batch(recs.data(), max)) {
    sizes.push_back(n);
    for (std::size_t i = 0; i < n; ++i) rows.push_back(row_of(recs[i], width));
    if (rows.size() > 10000) break;  // a reader that never ends fails the test, not the machine
  }
  return rows;
}

inline std::vector<Row> read_all(rt::InputFormat format, const std::string& input, const ir::Program& program,
                                 const rt::ReaderLimits& limits = {}, bool by_field_name = false) {
  std::istringstream in(input);
  auto reader = rt::make_reader(format, in, program, 0, limits, by_field_name);
  return rows_of(*reader, program);
}

// NDJSON read in place from memory followed by 64 zero bytes, as `eval -j N` does.
inline std::vector<Row> read_in_place(const std::string& input, const ir::Program& program,
                                      const rt::ReaderLimits& limits = {}) {
  std::string padded = input + std::string(64, '\0');
  auto reader = rt::make_ndjson_reader_in_place(std::string_view(padded.data(), input.size()), program, 0, limits);
  return rows_of(*reader, program);
}

// Two readings of one input give the same records, field by field (`label(i)`
// names record i in a failure).
template <class Label>
void check_same_rows(const std::vector<Row>& got, const std::vector<Row>& want, Label label) {
  REQUIRE(got.size() == want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    INFO(label(i));
    CHECK(got[i].line == want[i].line);
    CHECK(got[i].index == want[i].index);
    CHECK(got[i].error == want[i].error);
    CHECK(got[i].code == want[i].code);
    CHECK(got[i].message == want[i].message);
    CHECK(got[i].key == want[i].key);
    CHECK(got[i].slots == want[i].slots);
  }
}

// Line i of the long reader tests (batches, mapped chunks): texts of every length
// from 0 to 40, some with an escape at a varying place (so the backslash search
// meets its block edges), and an undeclared padding key so that 5 000 lines span
// several 1 MiB read blocks. `email` gets the email text as read.
// Every 97th record has a type error, every 500th is over a 2 000-byte line
// limit; blank and CRLF lines are mixed in.
inline std::string varied_line(int i, std::string& email) {
  email = std::string(static_cast<std::size_t>(i % 41), 'a' + static_cast<char>(i % 26));
  std::string raw = email;
  if (i % 3 == 0 && !email.empty()) {
    const std::size_t at = static_cast<std::size_t>(i) % email.size();
    raw.insert(at, R"(\\\")");  // JSON for the two characters \ "
    email.insert(at, "\\\"");
  }
  const std::string score = i % 97 == 0 ? "\"high\"" : std::to_string(i);
  std::string line = fmt::format(
      R"({{"id":"L-{}","email":"{}","Lead_Score__c":{},"company":{{"industry":"Ind\u00e9 {}"}},)"
      R"("buying_group":[{{"name":"n{}","role":"r"}}],"pain_points":["p{}","{}"],"pad":"{}"}})",
      i, raw, score, i, i, i, raw, std::string(static_cast<std::size_t>(i % 500 == 7 ? 3000 : 500 + i % 50), 'x'));
  if (i % 89 == 0) line += "\n  ";
  if (i % 13 == 0) line += "\r";
  return line + "\n";
}

}  // namespace io_test
