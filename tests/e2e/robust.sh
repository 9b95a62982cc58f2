#!/usr/bin/env bash
# Limits, extreme inputs and purity through the CLI (docs/security.md):
#  - `--limit NAME=N` on every command that reads policies or records, its errors;
#  - E0305 (too many modules) with a lowered limit: golden;
#  - 100 000-deep nesting in a policy: E0004 from every command, never a crash;
#  - 100 000-deep JSON and a 1 000 000-element list in a record: an error line, and
#    the next record is evaluated; `--limit list-length` lets the list through;
#  - CSV records over the limits (a quoted line break before a long line, a line of
#    commas, a long line): one error line each, -j 2 the same, memory bounded;
#  - purity: the same --as-of gives the same bytes at two wall-clock times; `now`
#    is the as-of instant; an IR naming files that do not exist evaluates the same;
#    an IR with a backward jump is rejected before any record is read.
# Goldens are in tests/golden/robust/ (SLUICE_REGEN=1 rewrites them).
set -uo pipefail
SLUICE="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"   # absolute: some checks run in another folder
ROOT="$2"
golden="$ROOT/tests/golden/robust"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }
compare() {  # NAME ACTUAL GOLDEN
  if [ "${SLUICE_REGEN:-}" = 1 ]; then cp "$2" "$3"; ok "$1 (regenerated)"; return; fi
  if diff -u "$3" "$2" >"$tmp/diff"; then ok "$1"; else fail "$1 differs from $3"; head -20 "$tmp/diff"; fi
}
l2r="$ROOT/examples/lead-to-revenue"

# --limit on every command that reads policies or records; a bad one is exit 2 with the list.
for cmd in check compile eval explain test fmt graph diff report; do
  "$SLUICE" "$cmd" --help | grep -q -- "--limit NAME=N" || fail "$cmd --help does not list --limit"
  "$SLUICE" "$cmd" --limit nestin=5 x y >/dev/null 2>"$tmp/err"; s=$?
  if [ "$s" = 2 ] && grep -q "unknown limit \`nestin\`" "$tmp/err" && grep -q "record-line-bytes  *default" "$tmp/err"; then
    ok "$cmd --limit nestin=5: exit 2, lists the limits"
  else
    fail "$cmd --limit nestin=5: exit $s: $(head -2 "$tmp/err")"
  fi
done
for bad in nesting=0 nesting=501 nesting=abc nesting=-1 nesting policy-bytes=1T imports=; do
  "$SLUICE" check --limit "$bad" "$l2r/policy.funnel" >/dev/null 2>"$tmp/err"; s=$?
  [ "$s" = 2 ] && ok "check --limit $bad: exit 2" || fail "check --limit $bad: exit $s"
done
limit_gives() {  # LIMIT CODE: `check --limit LIMIT` on the example reports CODE
  "$SLUICE" check --limit "$1" "$l2r/policy.funnel" >/dev/null 2>"$tmp/err"
  grep -q "error\[$2\]" "$tmp/err" && ok "--limit $1: $2" || fail "--limit $1 gives no $2"
}
limit_gives policy-bytes=1K E0002
limit_gives line-bytes=40 E0003
"$SLUICE" check --limit nesting=400 --limit nesting=1 "$l2r/policy.funnel" >/dev/null 2>"$tmp/err"
grep -q "error\[E0004\]" "$tmp/err" && ok "the last --limit of a name wins" || fail "repeated --limit: the last one does not win"

# E0305: three chained imports under `--limit imports=2`.
(cd "$golden" && "$SLUICE" check --limit imports=2 imports/policy.funnel >"$tmp/out" 2>&1); s=$?
[ "$s" = 1 ] || fail "E0305: exit $s, expected 1"
compare "E0305 with --limit imports=2" "$tmp/out" "$golden/E0305-too-many-modules.expected"
(cd "$golden" && "$SLUICE" check imports/policy.funnel >/dev/null 2>&1) && ok "the same chain checks under the default" \
  || fail "the import chain fails under the default limit"

# 100 000-deep nesting in a policy: E0004 from every command, exit 1, no crash.
python3 - "$tmp" <<'PY'
import sys
d = sys.argv[1]
def rep(tok, n=100000):  # 500 to a line: the line limit is not what trips
    return "\n".join(tok * min(500, n - i) for i in range(0, n, 500)) + "\n"
head = 'policy "p" version "1.0.0"\nrecord lead {\n  id: text key\n  n: int?\n}\n'
fun = 'funnel f for lead {\n  stage A { entry true }\n}\n'
open(d + "/parens.funnel", "w").write(head + "const deep = " + rep("(") + "1" + rep(")") + fun)
open(d + "/nots.funnel", "w").write(head + "funnel f for lead {\n  stage A { entry " + rep("not ") + "true }\n}\n")
open(d + "/lists.funnel", "w").write(head + "const deep = " + rep("[") + "1" + rep("]") + fun)
open(d + "/types.funnel", "w").write('policy "p" version "1.0.0"\nrecord lead {\n  id: text key\n  c: '
                                     + rep("{ a: ") + "int" + rep(" }") + "}\n" + fun)
open(d + "/given.funnel", "w").write(head + fun + 'test "t" {\n  given { id: "x", n: ' + rep("{ a: ") + "1"
                                     + rep(" }") + ' }\n  expect stage == "A"\n}\n')
# Just under the highest `--limit nesting` (500): through every recursive pass.
open(d + "/parens490.funnel", "w").write(head + "const deep = " + rep("(", 490) + "1" + rep(")", 490)
                                         + 'funnel f for lead {\n  stage A { entry deep > 0 }\n}\n')
open(d + "/nots490.funnel", "w").write(head + "funnel f for lead {\n  stage A { entry " + rep("not ", 490) + "true }\n}\n")
n = 100000
rec = '{"id":"L-1","Lead_Score__c":5,"company":{},"buying_group":[],"pain_points":[]'
open(d + "/deep.ndjson", "w").write(rec + ',"pain_points":' + "[" * n + "]" * n + "}\n" + rec + "}\n")
open(d + "/long.ndjson", "w").write(rec + ',"pain_points":[' + ",".join(['"x"'] * 1000000) + "]}\n" + rec + "}\n")
PY
echo '{"id":"x"}' >"$tmp/one.ndjson"
for f in parens nots lists types given; do
  for cmd in check compile fmt graph test eval explain diff; do
    case "$cmd" in
      fmt) args=(fmt --check "$tmp/$f.funnel") ;;
      eval) args=(eval --as-of 2026-01-15 "$tmp/$f.funnel" "$tmp/one.ndjson") ;;
      explain) args=(explain --as-of 2026-01-15 "$tmp/$f.funnel" "$tmp/one.ndjson") ;;
      diff) args=(diff "$tmp/$f.funnel" "$tmp/$f.funnel") ;;
      *) args=("$cmd" "$tmp/$f.funnel") ;;
    esac
    "$SLUICE" "${args[@]}" >/dev/null 2>"$tmp/err"; s=$?
    if [ "$s" = 1 ] && grep -q "E0004\]: nesting is deeper than 200 levels" "$tmp/err"; then :; else
      fail "100 000-deep $f, sluice $cmd: exit $s, $(grep -m1 -o '^error\[E[0-9]*\]' "$tmp/err")"
    fi
  done
done
ok "100 000-deep parentheses, not, lists, record types, given objects: E0004 from 8 commands"
for f in parens490 nots490; do
  for cmd in check compile fmt graph test eval explain diff; do
    case "$cmd" in
      fmt) args=(fmt --check "$tmp/$f.funnel") ;;
      eval) args=(eval --as-of 2026-01-15 "$tmp/$f.funnel" "$tmp/one.ndjson") ;;
      explain) args=(explain --as-of 2026-01-15 "$tmp/$f.funnel" "$tmp/one.ndjson") ;;
      diff) args=(diff "$tmp/$f.funnel" "$tmp/$f.funnel") ;;
      *) args=("$cmd" "$tmp/$f.funnel") ;;
    esac
    "$SLUICE" "${args[@]}" --limit nesting=500 >/dev/null 2>"$tmp/err"; s=$?
    # fmt --check exits 1 (the layout changes); nothing may crash (128 + signal) or fail to compile.
    if [ "$s" -ge 128 ] || grep -q "^error\[" "$tmp/err"; then
      fail "490-deep $f, sluice $cmd --limit nesting=500: exit $s, $(head -c 200 "$tmp/err")"
    fi
  done
done
ok "490-deep parentheses and not under --limit nesting=500: 8 commands, no crash, no error"

# Records at the extremes: an error line naming its line, then the next record.
for f in deep long; do
  "$SLUICE" eval --as-of 2026-01-15 "$l2r/policy.funnel" "$tmp/$f.ndjson" >"$tmp/out" 2>"$tmp/err"; s=$?
  lines=$(wc -l <"$tmp/out")
  if [ "$s" = 3 ] && [ "$lines" = 2 ] && head -1 "$tmp/out" | grep -q '^{"line":1,"id":"L-1","error":{"code":"E_DATA_' \
     && sed -n 2p "$tmp/out" | grep -q '"stage"'; then
    ok "$f record: $(head -1 "$tmp/out" | cut -c1-150)"
  else
    fail "$f record: exit $s, $lines lines: $(head -c 300 "$tmp/out")"
  fi
done
head -1 "$tmp/out" | grep -q 'E_DATA_LIMIT' || fail "a 1 000 000-element list is not E_DATA_LIMIT"
"$SLUICE" eval --as-of 2026-01-15 --limit list-length=2000000 "$l2r/policy.funnel" "$tmp/long.ndjson" >"$tmp/out" 2>&1
head -1 "$tmp/out" | grep -q '"stage"' && ok "--limit list-length=2000000 reads the million-element list" \
  || fail "--limit list-length=2000000: $(head -c 200 "$tmp/out")"
"$SLUICE" eval --as-of 2026-01-15 --limit record-line-bytes=100 "$l2r/policy.funnel" "$tmp/deep.ndjson" >"$tmp/out" 2>&1
head -1 "$tmp/out" | grep -q '"code":"E_DATA_LIMIT","message":"line longer than 100 bytes"' \
  && sed -n 2p "$tmp/out" | grep -q '"stage"' && ok "--limit record-line-bytes=100: the long line is E_DATA_LIMIT" \
  || fail "--limit record-line-bytes=100: $(cut -c1-200 "$tmp/out")"

# CSV records at the extremes, under a 1 KB record limit: a quoted line break followed
# by a long line (the record resumes after its first line), a 2 MB line of commas and
# one of plain bytes (each one E_DATA_LIMIT line), then a good row; -j 2 (the file cut
# by records) writes the same bytes. What follows the quoted break is kept up to the
# record limit only: a 64 MB line there peaks no higher than a 1 MB one.
extreme_csv() {  # BYTES-AFTER-THE-BREAK
  head -2 "$l2r/records.csv"
  printf 'L-X,"a\nb",'; head -c "$1" /dev/zero | tr '\0' z; printf '\n'
  head -c 2000000 /dev/zero | tr '\0' ,; printf '\n'
  head -c 2000000 /dev/zero | tr '\0' y; printf '\n'
  sed -n 2p "$l2r/records.csv"
}
extreme_csv 1000000 >"$tmp/extreme.csv"
for j in 1 2; do
  "$SLUICE" eval -j $j --as-of 2026-01-15 --limit record-line-bytes=1K "$l2r/policy.funnel" "$tmp/extreme.csv" \
    >"$tmp/csv$j" 2>"$tmp/err"
done
if [ "$(wc -l <"$tmp/csv1")" = 6 ] && cmp -s "$tmp/csv1" "$tmp/csv2" && head -1 "$tmp/csv1" | grep -q '"stage"' \
   && sed -n 2p "$tmp/csv1" | grep -q '"line":3,"id":"L-X","error":{"code":"E_DATA_CSV","message":"unterminated quoted field (opened on line 3); reading resumes on line 4"' \
   && sed -n 3p "$tmp/csv1" | grep -q '"line":4,' \
   && sed -n 4p "$tmp/csv1" | grep -q '"line":5,.*"E_DATA_LIMIT","message":"record has more than' \
   && sed -n 5p "$tmp/csv1" | grep -q '"line":6,.*"E_DATA_LIMIT","message":"record longer than 1024 bytes"' \
   && sed -n 6p "$tmp/csv1" | grep -q '"stage"'; then
  ok "CSV at the extremes: a quoted break before a 1 MB line, 2 MB of commas, a 2 MB line; -j 2 the same"
else
  fail "CSV at the extremes: $(cut -c1-200 "$tmp/csv1"; cmp "$tmp/csv1" "$tmp/csv2")"
fi
if /usr/bin/time -f %M true 2>/dev/null; then
  extreme_csv 64000000 >"$tmp/extreme64.csv"
  for f in extreme extreme64; do  # a small ASan quarantine, as in stream.sh
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=16" /usr/bin/time -f %M -o "$tmp/rss.$f" \
      "$SLUICE" eval --as-of 2026-01-15 --limit record-line-bytes=1K "$l2r/policy.funnel" "$tmp/$f.csv" \
      >"$tmp/out.$f" 2>/dev/null
  done
  small=$(tail -1 "$tmp/rss.extreme"); large=$(tail -1 "$tmp/rss.extreme64")
  if cmp -s "$tmp/out.extreme" "$tmp/out.extreme64" && [ "$large" -le $((small + 16384)) ]; then
    ok "CSV: 64 MB after a quoted line break: peak RSS $large KB (1 MB: $small KB), the same results"
  else
    fail "CSV: 64 MB after a quoted line break: peak RSS $large KB against $small KB for 1 MB"
  fi
  rm -f "$tmp/extreme64.csv"
fi

# `sluice test` and `diff --records` read records under the same --limit.
cat >"$tmp/tags.funnel" <<'FUNNEL'
policy "tags" version "1.0.0"

record lead {
  id: text key
  tags: list<text>
}

funnel f for lead {
  stage Tagged { entry len(tags) > 0 }
}

test "a three-element list" {
  given file "tags.ndjson"
  expect stage == "Tagged"
}
FUNNEL
echo '{"id":"L-1","tags":["a","b","c"]}' >"$tmp/tags.ndjson"
"$SLUICE" test "$tmp/tags.funnel" >"$tmp/out" 2>&1 && ok "test: the given list reads under the default limit" \
  || fail "test under the default limit: $(head -c 300 "$tmp/out")"
"$SLUICE" test --limit list-length=2 "$tmp/tags.funnel" >"$tmp/out" 2>&1; s=$?
[ "$s" = 1 ] && grep -q "list of 3 elements is longer than the limit of 2" "$tmp/out" \
  && ok "test --limit list-length=2: the given record is E_DATA_LIMIT" \
  || fail "test --limit list-length=2: exit $s, $(head -c 300 "$tmp/out")"
"$SLUICE" diff --records "$tmp/tags.ndjson" --as-of 2026-01-15 --format json "$tmp/tags.funnel" "$tmp/tags.funnel" \
  >"$tmp/out" 2>&1
grep -q '"E_DATA_LIMIT"' "$tmp/out" && fail "diff --records under the default limit: an E_DATA_LIMIT" \
  || ok "diff --records: the list reads under the default limit"
"$SLUICE" diff --records "$tmp/tags.ndjson" --as-of 2026-01-15 --format json --limit list-length=2 \
  "$tmp/tags.funnel" "$tmp/tags.funnel" >"$tmp/out" 2>&1
grep -q '"E_DATA_LIMIT"' "$tmp/out" && ok "diff --records --limit list-length=2: the record is E_DATA_LIMIT" \
  || fail "diff --records --limit list-length=2: $(head -c 400 "$tmp/out")"

# Purity: the clock is only --as-of.
"$SLUICE" eval --as-of 2026-01-15 "$golden/clock.funnel" "$golden/clock.ndjson" >"$tmp/first" 2>&1
sleep 1.1   # a later wall-clock second; what is compared is bytes, not times
"$SLUICE" eval --as-of 2026-01-15 "$golden/clock.funnel" "$golden/clock.ndjson" >"$tmp/second" 2>&1
cmp -s "$tmp/first" "$tmp/second" && ok "the same --as-of at two wall-clock times: identical bytes" \
  || fail "the same --as-of gave different output at another wall-clock time"
compare "now and stamps are the as-of instant" "$tmp/first" "$golden/clock.expected"
"$SLUICE" eval --as-of 2026-03-01 "$golden/clock.funnel" "$golden/clock.ndjson" >"$tmp/later" 2>&1
cmp -s "$tmp/first" "$tmp/later" && fail "another --as-of gave the same output (the clock is not read)" \
  || ok "another --as-of changes the result"
# Files: an IR names its source files, but evaluation never opens them.
"$SLUICE" compile "$l2r/policy.funnel" -o "$tmp/p.ir.json" 2>/dev/null
python3 - "$tmp/p.ir.json" "$tmp/moved.ir.json" <<'PY'
import json, sys
ir = json.load(open(sys.argv[1]))
ir["files"] = ["/nonexistent/" + str(i) + ".funnel" for i, _ in enumerate(ir["files"])]
json.dump(ir, open(sys.argv[2], "w"))
PY
"$SLUICE" eval --as-of 2026-01-15 "$tmp/p.ir.json" "$l2r/records.ndjson" >"$tmp/a" 2>&1
"$SLUICE" eval --as-of 2026-01-15 "$tmp/moved.ir.json" "$l2r/records.ndjson" >"$tmp/b" 2>&1
cmp -s "$tmp/a" "$tmp/b" && ok "an IR naming files that do not exist evaluates the same" \
  || fail "the IR's file names change evaluation"
# No loops: a backward jump is rejected when the IR is loaded.
python3 - "$tmp/p.ir.json" "$tmp/loop.ir.json" <<'PY'
import json, sys
ir = json.load(open(sys.argv[1]))
jump = next(i for i, ins in enumerate(ir["code"]) if ins[0] in ("AND_SC", "OR_SC", "COALESCE_SC"))
ir["code"][jump][1] = -2
json.dump(ir, open(sys.argv[2], "w"))
PY
"$SLUICE" eval --as-of 2026-01-15 "$tmp/loop.ir.json" "$l2r/records.ndjson" >"$tmp/out" 2>"$tmp/err"; s=$?
if [ "$s" = 1 ] && [ ! -s "$tmp/out" ] && grep -q "jumps backwards" "$tmp/err"; then
  ok "a backward jump: exit 1, \"$(head -1 "$tmp/err")\""
else
  fail "a backward jump: exit $s: $(head -2 "$tmp/err")"
fi

# Bounded cost: nested quantifiers over one list run within the eval-steps budget.
cat >"$tmp/nested.funnel" <<'EOF'
policy "nested" version "1.0.0"
record r { id: text key  xs: list<int> }
funnel f for r {
  stage A { entry any a in xs where any b in xs where a + b < 0 }
}
EOF
python3 -c 'import json; print(json.dumps({"id": "small", "xs": list(range(30))})); print(json.dumps({"id": "large", "xs": list(range(100))}))' >"$tmp/nested.ndjson"
"$SLUICE" eval --limit eval-steps=1000 --as-of 2026-01-15 "$tmp/nested.funnel" "$tmp/nested.ndjson" >"$tmp/out" 2>"$tmp/err"; s=$?
if [ "$s" = 3 ] && sed -n 1p "$tmp/out" | grep -q '"id":"small","policy"' \
   && sed -n 2p "$tmp/out" | grep -q '"line":2,"id":"large","error":{"code":"E_LIMIT","message":"more quantifier steps'; then
  ok "eval-steps: 30x30 iterations pass a budget of 1000, 100x100 is an E_LIMIT line"
else
  fail "eval-steps budget: exit $s: $(head -c 400 "$tmp/out")"
fi

[ "$failures" = 0 ] && echo "robust: all passed" || echo "robust: $failures failed"
[ "$failures" = 0 ]
