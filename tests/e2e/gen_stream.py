#!/usr/bin/env python3
"""A long record stream for examples/lead-to-revenue with 1 % damaged lines, and the
check of what `sluice eval` made of it (tests/e2e/stream.sh).

  gen_stream.py write ndjson|csv N FILE   N records; every 100th (from line 37) damaged
  gen_stream.py check ndjson|csv N OUT    OUT has one result per record, in order, each
                                          error line naming its line with the expected code;
                                          prints `CODE COUNT` per error code

Record k is on line k (NDJSON) or k + 1 (CSV: the header is line 1) and has id
`S-<line>`, so order is checked by id on good lines and by `line` on error lines.
One record near the middle is 20 MB (a 20 MB string in NDJSON, under the 64 MB line
limit: evaluated; a 20 MB CSV field, over the 16 MB field limit: E_DATA_LIMIT). The
last record has no final newline. A CSV quote opened and never closed on its line
costs that line only: reading resumes on the next line.
"""
import json
import sys

BIG = 20 << 20
NDJSON_GOOD = ('{"company":{"employees":300,"industry":"Software","country":"DE"},"buying_group":[],'
               '"pain_points":[],"id":"S-%d","email":"raj@acme-soft.com","program_successes":1,'
               '"Lead_Score__c":120,"title":"%s"}')
CSV_HEADER = ("id,email,program_successes,Lead_Score__c,title,company.employees,company.industry,"
              "company.country,buying_group,meeting_scheduled,meeting_held,sales_sees_potential,"
              "budget_confirmed,contact_role,need_identified,timeline_days,metrics_defined,economic_buyer,"
              "decision_criteria,decision_process,pain_points,champion,deal_status,amount,close_date,"
              "contract_months,is_competitor,last_activity_at,lifecycle_stage,mql_entered_at,"
              "opportunity_entered_at")
CSV_GOOD = "S-%d,%s,1,120,%s,300,Software,DE,[],,,,,,,,,,,,[],,,,,,,,,,"

# Damage kinds, in turn: (name, expected code or "ok", whether the id can be read).
NDJSON_KINDS = [("truncated", "E_DATA_JSON", False), ("bad-utf8", "E_DATA_UTF8", False),
                ("wrong-type", "E_DATA_TYPE", True), ("nul-byte", "E_DATA_JSON", False),
                ("crlf", "ok", True), ("empty-object", "E_DATA_MISSING", False)]
CSV_KINDS = [("stray-quote", "E_DATA_CSV", True), ("few-columns", "E_DATA_CSV", True),
             ("nul-byte", "ok", True), ("bad-utf8", "E_DATA_UTF8", False),
             ("crlf", "ok", True), ("many-columns", "E_DATA_CSV", True), ("open-quote", "E_DATA_CSV", True)]


def first_line(fmt):
    return 1 if fmt == "ndjson" else 2


def kind_of(fmt, n, line):
    """(name, expected, id readable) of the record on `line`."""
    k = line - first_line(fmt) + 1  # record number, 1-based
    if k == n // 2 + 1:
        return ("20MB", "ok" if fmt == "ndjson" else "E_DATA_LIMIT", True)
    if line % 100 == 37:
        kinds = NDJSON_KINDS if fmt == "ndjson" else CSV_KINDS
        return kinds[(line // 100) % len(kinds)]
    return ("good", "ok", True)


def ndjson_line(line, kind):
    good = NDJSON_GOOD % (line, "CTO")
    if kind == "truncated":
        return good[:len(good) // 2].encode()
    if kind == "bad-utf8":
        return good.replace("raj@", "r\xffj@").encode("latin-1")
    if kind == "wrong-type":
        return good.replace('"Lead_Score__c":120', '"Lead_Score__c":"high"').encode()
    if kind == "nul-byte":
        return good.replace('"CTO"', '"C\x00TO"').encode()
    if kind == "crlf":
        return good.encode() + b"\r"
    if kind == "empty-object":
        return b"{}"
    if kind == "20MB":
        return (NDJSON_GOOD % (line, "x" * BIG)).encode()
    return good.encode()


def csv_line(line, kind):
    good = CSV_GOOD % (line, "raj@acme-soft.com", "CTO")
    if kind == "stray-quote":
        return good.replace(",CTO,", ',C"TO,').encode()
    if kind == "few-columns":
        return ("S-%d,a,b" % line).encode()
    if kind == "nul-byte":
        return good.replace("raj@", "r\x00j@").encode()
    if kind == "bad-utf8":
        return good.replace("raj@", "r\xffj@").encode("latin-1")
    if kind == "crlf":
        return good.encode() + b"\r"
    if kind == "many-columns":
        return (good + ",extra").encode()
    if kind == "open-quote":
        return good.replace(",CTO,", ',"CTO,').encode()
    if kind == "20MB":
        return (CSV_GOOD % (line, "raj@acme-soft.com", "x" * BIG)).encode()
    return good.encode()


def write(fmt, n, path):
    make = ndjson_line if fmt == "ndjson" else csv_line
    with open(path, "wb", buffering=1 << 20) as out:
        if fmt == "csv":
            out.write(CSV_HEADER.encode() + b"\n")
        first = first_line(fmt)
        for line in range(first, first + n):
            out.write(make(line, kind_of(fmt, n, line)[0]))
            if line != first + n - 1:
                out.write(b"\n")  # none after the last record


def fail(msg):
    sys.stderr.write("gen_stream.py check: " + msg + "\n")
    sys.exit(1)


def check(fmt, n, path):
    counts = {}
    line = first_line(fmt)
    with open(path, "rb") as results:
        for raw in results:
            if not raw.endswith(b"\n"):
                fail("line for input line %d is not whole" % line)
            if line >= first_line(fmt) + n:
                fail("more results than the %d records" % n)
            name, expected, id_readable = kind_of(fmt, n, line)
            r = json.loads(raw)
            err = r.get("error")
            code = err["code"] if err else "ok"
            if err and r.get("line") != line:
                fail("result %d: error line names line %s, expected %d" % (line, r.get("line"), line))
            if (not err or id_readable) and r.get("id") != "S-%d" % line:
                fail("result for line %d (%s) has id %r" % (line, name, r.get("id")))
            if code != expected:
                fail("line %d (%s): expected %s, got %s" % (line, name, expected, code))
            if err:
                counts[code] = counts.get(code, 0) + 1
            line += 1
    if line != first_line(fmt) + n:
        fail("%d results for %d records" % (line - first_line(fmt), n))
    for code in sorted(counts):
        print(code, counts[code])


def main():
    if len(sys.argv) != 5 or sys.argv[1] not in ("write", "check") or sys.argv[2] not in ("ndjson", "csv"):
        sys.exit(__doc__)
    (write if sys.argv[1] == "write" else check)(sys.argv[2], int(sys.argv[3]), sys.argv[4])


if __name__ == "__main__":
    main()
