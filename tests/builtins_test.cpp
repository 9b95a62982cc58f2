// Every built-in through the one table, with unset arguments and edge cases, and the
// documentation check: every name in compiler/builtins.hpp is in docs/builtins.md.
#include <fstream>
#include <sstream>

#include "compiler/builtins.hpp"
#include "runtime/builtins/builtins.hpp"
#include "tests/vm_support.hpp"

using namespace sluice;
using namespace sluice::test;
using rt::FaultCode;

namespace {

struct Fixture {
  std::unique_ptr<rt::LoadedProgram> program;
  rt::Arena arena;
  std::int64_t now = 0;
  FaultCode fault = FaultCode::none;

  Fixture() {
    ProgramBuilder b;
    ir::Calendar cal;
    cal.name = "emea";
    cal.timezone = "Europe/Warsaw";
    std::int64_t h = 0;
    REQUIRE(rt::parse_instant("2026-12-24", h));
    cal.holidays.push_back(h);
    b.p.calendars.push_back(cal);
    program = b.load();
    REQUIRE(rt::parse_instant("2026-01-15T10:30:00Z", now));
  }
  Value call(BuiltinId id, std::vector<Value> args) {
    rt::BuiltinContext ctx{*program, arena, now};
    fault = FaultCode::none;
    return rt::call_builtin(id, args.data(), static_cast<int>(args.size()), ctx, fault);
  }
  std::string show_call(BuiltinId id, std::vector<Value> args) { return show(call(id, std::move(args))); }
};

Value instant(const char* iso) {
  std::int64_t ms = 0;
  REQUIRE(rt::parse_instant(iso, ms));
  return Value::date(ms);
}
Value text(const char* t) { return Value::text(t); }
Value integer(std::int64_t i) { return Value::integer(i); }
Value number(double n) { return Value::number(n); }
const Value unset = Value::unset();
const Value emea = Value::integer(0);

}  // namespace

TEST_CASE("text built-ins") {
  Fixture f;
  CHECK(f.show_call(BuiltinId::len, {text("h\xC3\xA9llo")}) == "int 5");  // code points, not bytes
  CHECK(f.show_call(BuiltinId::len, {text("")}) == "int 0");
  const Value three[] = {integer(1), unset, integer(3)};
  CHECK(f.show_call(BuiltinId::len, {Value::list(three, 3)}) == "int 3");
  CHECK(f.show_call(BuiltinId::len, {unset}) == "unset");
  CHECK(f.show_call(BuiltinId::lower, {text("ACME \xC3\x89t\xC3\xA9")}) == "text \"acme \xC3\x89t\xC3\xA9\"");  // ASCII only
  CHECK(f.show_call(BuiltinId::upper, {text("acme-1")}) == "text \"ACME-1\"");
  CHECK(f.show_call(BuiltinId::upper, {unset}) == "unset");
  CHECK(f.show_call(BuiltinId::trim, {text(" \t hi there \n")}) == "text \"hi there\"");
  CHECK(f.show_call(BuiltinId::trim, {text("   ")}) == "text \"\"");
  CHECK(f.show_call(BuiltinId::trim, {unset}) == "unset");
  CHECK(f.show_call(BuiltinId::domain, {text("Jo.Doe@Mail.ACME.com")}) == "text \"mail.acme.com\"");
  CHECK(f.show_call(BuiltinId::domain, {text("odd@name@acme.io")}) == "text \"acme.io\"");
  CHECK(f.show_call(BuiltinId::domain, {text("no-at-sign")}) == "unset");
  CHECK(f.show_call(BuiltinId::domain, {text("trailing@")}) == "unset");
  CHECK(f.show_call(BuiltinId::domain, {unset}) == "unset");
}

TEST_CASE("number built-ins: abs and round half away from zero") {
  Fixture f;
  CHECK(f.show_call(BuiltinId::abs, {integer(-4)}) == "int 4");
  CHECK(f.show_call(BuiltinId::abs, {number(-2.5)}) == "number 2.500000");
  CHECK(f.show_call(BuiltinId::abs, {Value::duration(-rt::kMsPerHour)}) == "duration 1h");
  CHECK(f.show_call(BuiltinId::abs, {unset}) == "unset");
  CHECK(f.show_call(BuiltinId::abs, {integer(INT64_MIN)}) == "unset");
  CHECK(f.fault == FaultCode::overflow);
  CHECK(f.show_call(BuiltinId::round, {number(2.5)}) == "int 3");
  CHECK(f.show_call(BuiltinId::round, {number(-2.5)}) == "int -3");
  CHECK(f.show_call(BuiltinId::round, {number(2.4999)}) == "int 2");
  CHECK(f.show_call(BuiltinId::round, {number(-0.4)}) == "int 0");
  CHECK(f.show_call(BuiltinId::round, {number(1e19)}) == "unset");
  CHECK(f.fault == FaultCode::overflow);
  CHECK(f.call(BuiltinId::round, {number(2.675), integer(2)}).u.n == 2.68);
  CHECK(f.call(BuiltinId::round, {number(-2.675), integer(2)}).u.n == -2.68);
  CHECK(f.call(BuiltinId::round, {number(1.005), integer(2)}).u.n == 1.01);
  CHECK(f.call(BuiltinId::round, {number(0.125), integer(2)}).u.n == 0.13);
  CHECK(f.call(BuiltinId::round, {number(1234.5), integer(-2)}).u.n == 1200.0);
  CHECK(f.call(BuiltinId::round, {number(1250), integer(-2)}).u.n == 1300.0);
  CHECK(f.call(BuiltinId::round, {number(0.3), integer(20)}).u.n == 0.3);
  CHECK(f.call(BuiltinId::round, {number(0.4), integer(0)}).u.n == 0.0);
  CHECK(f.call(BuiltinId::round, {number(5e-7), integer(6)}).u.n == 1e-6);
  CHECK(f.show_call(BuiltinId::round, {number(1.5), unset}) == "unset");
  CHECK(f.show_call(BuiltinId::round, {unset}) == "unset");
  CHECK(f.fault == FaultCode::none);
}

TEST_CASE("list built-ins: min, max, sum, coalesce") {
  Fixture f;
  CHECK(f.show_call(BuiltinId::min, {integer(3), integer(-1), integer(2)}) == "int -1");
  CHECK(f.show_call(BuiltinId::max, {integer(3), integer(-1), integer(2)}) == "int 3");
  CHECK(f.show_call(BuiltinId::max, {text("apple"), text("Zebra")}) == "text \"apple\"");
  CHECK(f.show_call(BuiltinId::min, {instant("2026-01-02"), instant("2025-12-31")}) == "date 2025-12-31T00:00:00Z");
  CHECK(f.show_call(BuiltinId::max, {integer(3), unset}) == "unset");
  const Value nums[] = {number(1.5), number(-2), number(9.25)};
  CHECK(f.show_call(BuiltinId::max, {Value::list(nums, 3)}) == "number 9.250000");
  CHECK(f.show_call(BuiltinId::min, {Value::list(nums, 3)}) == "number -2.000000");
  CHECK(f.show_call(BuiltinId::min, {Value::list(nullptr, 0)}) == "unset");
  CHECK(f.show_call(BuiltinId::min, {integer(7)}) == "int 7");
  const Value gap[] = {integer(1), unset, integer(5)};
  CHECK(f.show_call(BuiltinId::max, {Value::list(gap, 3)}) == "unset");
  CHECK(f.show_call(BuiltinId::sum, {Value::list(gap, 3)}) == "int 6");  // unset elements skipped
  CHECK(f.show_call(BuiltinId::sum, {Value::list(nums, 3)}) == "number 8.750000");
  CHECK(f.show_call(BuiltinId::sum, {Value::list(nullptr, 0)}) == "int 0");
  CHECK(f.show_call(BuiltinId::sum, {unset}) == "unset");
  const Value huge[] = {integer(INT64_MAX), integer(1)};
  CHECK(f.show_call(BuiltinId::sum, {Value::list(huge, 2)}) == "unset");
  CHECK(f.fault == FaultCode::overflow);
  CHECK(f.show_call(BuiltinId::coalesce, {unset, unset, integer(4), integer(5)}) == "int 4");
  CHECK(f.show_call(BuiltinId::coalesce, {unset, unset}) == "unset");
  CHECK(f.show_call(BuiltinId::coalesce, {text("a")}) == "text \"a\"");
  CHECK(f.show_call(BuiltinId::min, {integer(1), text("a")}) == "unset");
  CHECK(f.fault == FaultCode::bad_value);
}

TEST_CASE("date built-ins") {
  Fixture f;  // now = 2026-01-15T10:30:00Z
  CHECK(f.show_call(BuiltinId::days_since, {instant("2026-01-14T10:30:00Z")}) == "int 1");
  CHECK(f.show_call(BuiltinId::days_since, {instant("2026-01-14T10:30:01Z")}) == "int 0");
  CHECK(f.show_call(BuiltinId::days_since, {instant("2026-01-16")}) == "int -1");  // rounded down
  CHECK(f.show_call(BuiltinId::days_since, {unset}) == "unset");
  CHECK(f.show_call(BuiltinId::days_between, {instant("2026-01-01"), instant("2026-03-01")}) == "int 59");
  CHECK(f.show_call(BuiltinId::days_between, {instant("2026-03-01"), instant("2026-01-01")}) == "int -59");
  CHECK(f.show_call(BuiltinId::days_between, {instant("2026-01-01T12:00:00Z"), instant("2026-01-01")}) == "int -1");
  CHECK(f.show_call(BuiltinId::days_between, {instant("2024-02-28"), instant("2024-03-01")}) == "int 2");  // leap year
  CHECK(f.show_call(BuiltinId::days_between, {instant("2026-01-01"), unset}) == "unset");
  CHECK(f.show_call(BuiltinId::add_months, {instant("2026-01-31"), integer(1)}) == "date 2026-02-28T00:00:00Z");
  CHECK(f.show_call(BuiltinId::add_months, {instant("2024-01-31"), integer(1)}) == "date 2024-02-29T00:00:00Z");
  CHECK(f.show_call(BuiltinId::add_months, {instant("2026-03-31T09:15:00Z"), integer(-1)}) == "date 2026-02-28T09:15:00Z");
  CHECK(f.show_call(BuiltinId::add_months, {instant("2026-11-15"), integer(14)}) == "date 2028-01-15T00:00:00Z");
  CHECK(f.show_call(BuiltinId::add_months, {instant("2026-01-15"), integer(-13)}) == "date 2024-12-15T00:00:00Z");
  CHECK(f.show_call(BuiltinId::add_months, {instant("2026-01-15"), unset}) == "unset");
  CHECK(f.show_call(BuiltinId::add_months, {instant("2026-01-15"), integer(12 * 9000)}) == "unset");
  CHECK(f.fault == FaultCode::bad_value);
  CHECK(f.show_call(BuiltinId::add_months, {instant("2026-01-15"), integer(INT64_MAX)}) == "unset");
  CHECK(f.show_call(BuiltinId::date_of, {instant("2026-01-15T23:59:59Z")}) == "date 2026-01-15T00:00:00Z");
  CHECK(f.show_call(BuiltinId::date_of, {instant("1969-12-31T23:00:00Z")}) == "date 1969-12-31T00:00:00Z");
  CHECK(f.show_call(BuiltinId::date_of, {text("2026-02-03")}) == "date 2026-02-03T00:00:00Z");
  CHECK(f.show_call(BuiltinId::date_of, {text("2026-02-03T23:30:00-02:00")}) == "date 2026-02-04T00:00:00Z");
  CHECK(f.show_call(BuiltinId::date_of, {text("2026-02-30")}) == "unset");
  CHECK(f.show_call(BuiltinId::date_of, {text("soon")}) == "unset");
  CHECK(f.fault == FaultCode::none);
  CHECK(f.show_call(BuiltinId::year, {instant("2026-12-31T23:59:59Z")}) == "int 2026");
  CHECK(f.show_call(BuiltinId::year, {unset}) == "unset");
  CHECK(f.show_call(BuiltinId::quarter, {instant("2026-01-01")}) == "int 1");
  CHECK(f.show_call(BuiltinId::quarter, {instant("2026-06-30")}) == "int 2");
  CHECK(f.show_call(BuiltinId::quarter, {instant("2026-07-01")}) == "int 3");
  CHECK(f.show_call(BuiltinId::quarter, {instant("2026-12-31")}) == "int 4");
}

TEST_CASE("calendar built-ins") {
  Fixture f;  // emea: Europe/Warsaw, mon..fri 09:00..17:00, holiday 2026-12-24
  CHECK(f.show_call(BuiltinId::add_business_days, {instant("2026-01-16T15:00:00Z"), integer(2), emea}) ==
        "date 2026-01-20T15:00:00Z");
  CHECK(f.show_call(BuiltinId::add_business_days, {instant("2026-12-23T09:00:00Z"), integer(1), emea}) ==
        "date 2026-12-25T09:00:00Z");
  CHECK(f.show_call(BuiltinId::add_business_days, {unset, integer(1), emea}) == "unset");
  CHECK(f.show_call(BuiltinId::add_business_days, {instant("2026-01-16"), integer(1'000'000'000), emea}) == "unset");
  CHECK(f.show_call(BuiltinId::business_days_between, {instant("2026-01-16T15:00:00Z"), instant("2026-01-20T15:00:00Z"), emea}) ==
        "int 2");
  CHECK(f.show_call(BuiltinId::business_days_between, {instant("2026-01-16"), unset, emea}) == "unset");
  CHECK(f.show_call(BuiltinId::business_hours_between, {instant("2026-01-16T15:00:00Z"), instant("2026-01-19T09:00:00Z"), emea}) ==
        "number 2.000000");
  CHECK(f.show_call(BuiltinId::is_business_day, {instant("2026-12-24T12:00:00Z"), emea}) == "false");
  CHECK(f.show_call(BuiltinId::is_business_day, {instant("2026-12-23T12:00:00Z"), emea}) == "true");
  CHECK(f.show_call(BuiltinId::is_business_day, {unset, emea}) == "unset");
  CHECK(f.fault == FaultCode::none);
  CHECK(f.show_call(BuiltinId::is_business_day, {instant("2026-12-23"), integer(7)}) == "unset");
  CHECK(f.fault == FaultCode::bad_value);  // no calendar 7
}

TEST_CASE("calendar built-ins: going back, negative spans, local days, unset arguments") {
  Fixture f;  // emea: 09:00..17:00 in Warsaw is 08:00..16:00 UTC in January
  // Tuesday 16:00 local minus 2 business days is the Friday before at the same time.
  CHECK(f.show_call(BuiltinId::add_business_days, {instant("2026-01-20T15:00:00Z"), integer(-2), emea}) ==
        "date 2026-01-16T15:00:00Z");
  CHECK(f.show_call(BuiltinId::add_business_days, {instant("2026-01-20T15:00:00Z"), integer(0), emea}) ==
        "date 2026-01-20T15:00:00Z");
  CHECK(f.show_call(BuiltinId::add_business_days, {instant("2026-01-20T15:00:00Z"), unset, emea}) == "unset");
  CHECK(f.show_call(BuiltinId::business_days_between, {instant("2026-01-20T15:00:00Z"), instant("2026-01-16T15:00:00Z"), emea}) ==
        "int -2");
  // Friday 16:00 to Monday 10:00 local, backwards.
  CHECK(f.show_call(BuiltinId::business_hours_between, {instant("2026-01-19T09:00:00Z"), instant("2026-01-16T15:00:00Z"), emea}) ==
        "number -2.000000");
  CHECK(f.show_call(BuiltinId::business_hours_between, {unset, instant("2026-01-16T15:00:00Z"), emea}) == "unset");
  // The day is the local date: Sunday 23:30 UTC is Monday 00:30 in Warsaw.
  CHECK(f.show_call(BuiltinId::is_business_day, {instant("2026-01-18T23:30:00Z"), emea}) == "true");
  CHECK(f.show_call(BuiltinId::is_business_day, {instant("2026-01-18T22:30:00Z"), emea}) == "false");
  CHECK(f.fault == FaultCode::none);
}

TEST_CASE("the remaining built-ins pass not set through") {
  Fixture f;
  CHECK(f.show_call(BuiltinId::lower, {unset}) == "unset");
  CHECK(f.show_call(BuiltinId::date_of, {unset}) == "unset");
  CHECK(f.show_call(BuiltinId::quarter, {unset}) == "unset");
  CHECK(f.show_call(BuiltinId::min, {unset, integer(1)}) == "unset");
  CHECK(f.show_call(BuiltinId::max, {Value::list(nullptr, 0)}) == "unset");
  CHECK(f.show_call(BuiltinId::coalesce, {unset, text("x")}) == "text \"x\"");
  CHECK(f.fault == FaultCode::none);
}

TEST_CASE("the table rejects unknown ids and argument counts") {
  Fixture f;
  CHECK(f.show_call(BuiltinId::count_, {integer(1)}) == "unset");
  CHECK(f.fault == FaultCode::bad_value);
  CHECK(f.show_call(BuiltinId::len, {}) == "unset");
  CHECK(f.fault == FaultCode::bad_value);
  CHECK(f.show_call(BuiltinId::days_between, {instant("2026-01-01")}) == "unset");
  CHECK(f.fault == FaultCode::bad_value);
}

TEST_CASE("docs/builtins.md documents every built-in with its signature") {
  std::ifstream in(std::string(SLUICE_SOURCE_DIR) + "/docs/builtins.md");
  REQUIRE(in);
  std::stringstream buf;
  buf << in.rdbuf();
  const std::string doc = buf.str();
  // Markdown wraps lines: compare with every run of white space as one space.
  auto fold = [](std::string_view text) {
    std::string out;
    for (char ch : text) {
      bool space = ch == ' ' || ch == '\n' || ch == '\t';
      if (space && !out.empty() && out.back() == ' ') continue;
      out += space ? ' ' : ch;
    }
    return out;
  };
  const std::string folded = fold(doc);
  for (const BuiltinInfo& b : kBuiltins) {
    INFO(b.name);
    CHECK(doc.find("## `" + std::string(b.name) + "`") != std::string::npos);
    CHECK(doc.find(std::string(b.signature)) != std::string::npos);
    CHECK(folded.find(fold(b.doc)) != std::string::npos);  // the table's doc line, wrapped or not
  }
}
