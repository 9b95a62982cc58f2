#!/usr/bin/env bash
# End-to-end tests of `sluice init` and examples/generate.
#   - every template `sluice init --list` names: `init` into a temp folder writes exactly
#     the files of examples/<name>/ (less expected/), `check` there has no diagnostics and
#     `test` there passes; a second `init` refuses (exit 1, nothing changed), --force works
#   - bad usage: unknown template (exit 2, did-you-mean), missing --template, extra folders
#   - the example records of lead-to-revenue, classic-waterfall and hourglass land in the
#     stages labelled by hand in tests/golden/tmpla/labels/
#   - examples/generate: same seed = same bytes, another seed = other bytes; 1 000 records
#     of every template evaluate with no data error, and the CSV twin evaluates identically;
#     --export-columns adds only columns no rule reads, which change no result
# Golden files: tests/golden/tmpla/ (SLUICE_REGEN=1 rewrites them).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"
GOLDEN="$ROOT/tests/golden/tmpla"
GENERATE="$ROOT/examples/generate"

# expect_status WANT GOT WHAT
expect_status() { [ "$2" = "$1" ] && ok || fail "$3: exit $2, expected $1"; }
# compare EXPECTED_FILE ACTUAL_FILE WHAT

templates="$("$SLUICE" init --list | awk '{print $1}')"
for want in lead-to-revenue classic-waterfall hourglass; do
  grep -qx "$want" <<<"$templates" && ok || fail "init --list does not name $want"
done
for dir in "$ROOT"/examples/*/; do  # every example with a policy is a template
  [ -f "${dir}policy.funnel" ] || continue
  grep -qx "$(basename "$dir")" <<<"$templates" && ok || fail "init --list misses $(basename "$dir")"
done

mkdir "$tmp/work" && cd "$tmp/work"  # init writes here; paths in its output are relative
for name in $templates; do
  "$SLUICE" init --template "$name" "out/$name" >"$tmp/init.out" 2>"$tmp/init.err"
  expect_status 0 $? "init $name"
  diff -r --exclude=expected --exclude='.*' "$ROOT/examples/$name" "out/$name" >"$tmp/diff" \
    && ok || { fail "init $name: the files differ from examples/$name"; head -20 "$tmp/diff"; }
  NO_COLOR=1 "$SLUICE" check "out/$name" >"$tmp/out" 2>"$tmp/err"
  expect_status 0 $? "check $name"
  if grep -q '^\(error\|warning\)\[' "$tmp/err"; then fail "check $name has diagnostics"; cat "$tmp/err"; else ok; fi
  "$SLUICE" test "out/$name" >"$tmp/out" 2>&1 && ok || { fail "test $name: its tests fail"; cat "$tmp/out"; }
  grep -q '^[1-9][0-9]* passed, 0 failed$' "$tmp/out" && ok || fail "test $name ran no test"
  # A second init changes nothing and lists the files that exist; --force restores them
  # and leaves files it does not own alone.
  echo "my edit" >"out/$name/policy.funnel" && echo "mine" >"out/$name/notes.txt"
  "$SLUICE" init --template "$name" "out/$name" >"$tmp/out" 2>"$tmp/err"
  expect_status 1 $? "init $name again"
  grep -q "out/$name/policy.funnel" "$tmp/err" && ok || fail "init $name again: does not list policy.funnel"
  grep -qx "my edit" "out/$name/policy.funnel" && ok || fail "init $name again: overwrote policy.funnel"
  "$SLUICE" init --template "$name" "out/$name" --force >"$tmp/out" 2>"$tmp/err"
  expect_status 0 $? "init $name --force"
  cmp -s "$ROOT/examples/$name/policy.funnel" "out/$name/policy.funnel" && ok || fail "init $name --force: not restored"
  [ -f "out/$name/notes.txt" ] && ok || fail "init $name --force removed a file it does not own"
done

# The exact output of one init, and refusals (golden: paths are relative to $tmp).
"$SLUICE" init --template classic-waterfall >"$tmp/out" 2>&1
echo "exit $?" >>"$tmp/out"
compare "$GOLDEN/init-classic-waterfall.txt" "$tmp/out" "init classic-waterfall output"
echo "keep me" >"$tmp/work/classic-waterfall/README.md"
"$SLUICE" init --template classic-waterfall >"$tmp/out" 2>&1
echo "exit $?" >>"$tmp/out"
compare "$GOLDEN/init-exists.txt" "$tmp/out" "init over existing files"
grep -qx "keep me" "$tmp/work/classic-waterfall/README.md" && ok || fail "init overwrote a file without --force"
"$SLUICE" init --template hourglas >"$tmp/out" 2>&1
expect_status 2 $? "init unknown template"
head -1 "$tmp/out" >"$tmp/first"
compare "$GOLDEN/init-unknown.txt" "$tmp/first" "init unknown template"
"$SLUICE" init >/dev/null 2>&1; expect_status 2 $? "init without --template"
"$SLUICE" init --template hourglass a b >/dev/null 2>&1; expect_status 2 $? "init with two folders"
"$SLUICE" init --list --template hourglass >/dev/null 2>&1; expect_status 2 $? "init --list --template"
"$SLUICE" init --bogus >/dev/null 2>&1; expect_status 2 $? "init --bogus"
touch "$tmp/plainfile"
"$SLUICE" init --template hourglass "$tmp/plainfile" >/dev/null 2>&1; expect_status 1 $? "init into a file"

# Acceptance: the example records land where the hand-written labels (from the published
# stage definitions, tests/golden/tmpla/labels/<template>.tsv, never regenerated) say.
for labels in "$GOLDEN"/labels/*.tsv; do
  name="$(basename "$labels" .tsv)"
  for records in "$ROOT/examples/$name"/records.*; do
    "$SLUICE" eval --as-of "$(cat "$ROOT/examples/$name/as-of")" "$ROOT/examples/$name/policy.funnel" "$records" \
      2>/dev/null | python3 -c '
import json, sys
for line in sys.stdin:
    r = json.loads(line)
    print(r.get("id"), "!" if "error" in r else r["stage"] or "-", sep="\t")' >"$tmp/stages"
    grep -v '^#' "$labels" | diff -u - "$tmp/stages" >"$tmp/diff" \
      && ok || { fail "labels $name: $(basename "$records") lands elsewhere"; cat "$tmp/diff"; }
  done
done

# The generator.
for name in $templates; do
  "$GENERATE" --template "$name" --count 1000 --seed 42 >"$tmp/a.ndjson" || { fail "generate $name"; continue; }
  "$GENERATE" --template "$name" --count 1000 --seed 42 >"$tmp/b.ndjson"
  cmp -s "$tmp/a.ndjson" "$tmp/b.ndjson" && ok || fail "generate $name: the same seed gave other bytes"
  "$GENERATE" --template "$name" --count 1000 --seed 43 >"$tmp/c.ndjson"
  cmp -s "$tmp/a.ndjson" "$tmp/c.ndjson" && fail "generate $name: another seed gave the same bytes" || ok
  [ "$(wc -l <"$tmp/a.ndjson")" -eq 1000 ] && ok || fail "generate $name: not 1000 lines"
  "$GENERATE" --template "$name" --count 1000 --seed 42 --format csv >"$tmp/a.csv"
  [ "$(wc -l <"$tmp/a.csv")" -eq 1001 ] && ok || fail "generate $name: not 1000 CSV rows and a header"
  as_of="$(cat "$ROOT/examples/$name/as-of" 2>/dev/null || echo 2026-01-15)"
  "$SLUICE" eval --as-of "$as_of" "$ROOT/examples/$name/policy.funnel" "$tmp/a.ndjson" >"$tmp/ev1" 2>"$tmp/err"
  expect_status 0 $? "eval generated $name (data errors: $(grep -c '"error"' "$tmp/ev1"))"
  [ "$(wc -l <"$tmp/ev1")" -eq 1000 ] && ok || fail "eval generated $name: not 1000 results"
  "$SLUICE" eval --as-of "$as_of" "$ROOT/examples/$name/policy.funnel" "$tmp/a.csv" >"$tmp/ev2" 2>"$tmp/err"
  expect_status 0 $? "eval generated $name as CSV"
  cmp -s "$tmp/ev1" "$tmp/ev2" && ok || fail "generate $name: the CSV and NDJSON twins evaluate differently"
  # A funnel-shaped spread: at least three distinct stages are reached.
  [ "$(grep -o '"stage":"[^"]*"' "$tmp/ev1" | sort -u | wc -l)" -ge 3 ] && ok || fail "generate $name: under 3 stages"
  # --export-columns adds columns no rule reads, in the same places in every record, and
  # changes no other value: the results are the same bytes, from NDJSON and from CSV.
  "$GENERATE" --template "$name" --count 1000 --seed 42 --export-columns >"$tmp/x.ndjson"
  "$GENERATE" --template "$name" --count 1000 --seed 42 --export-columns --format csv >"$tmp/x.csv"
  python3 -c '
import json, sys
extra = ["FirstName", "LastName", "LeadSource", "utm_campaign__c", "CreatedDate", "OwnerId"]
orders = set()
with open(sys.argv[1]) as a, open(sys.argv[2]) as x:
    for la, lx in zip(a, x):
        ra, rx = json.loads(la), json.loads(lx)
        assert [k for k in rx if k not in extra] == list(ra), "the other keys or their order changed"
        assert all(rx[k] == v for k, v in ra.items()), "a value changed"
        assert all(k in rx for k in extra), "an export column is missing"
        orders.add(tuple(k for k in rx if k in extra or k == list(ra)[0]))
assert len(orders) == 1, "the export columns move between records"
' "$tmp/a.ndjson" "$tmp/x.ndjson" && ok || fail "generate $name --export-columns: not the same records plus columns"
  "$SLUICE" eval --as-of "$as_of" "$ROOT/examples/$name/policy.funnel" "$tmp/x.ndjson" >"$tmp/ev3" 2>"$tmp/err"
  expect_status 0 $? "eval generated $name with export columns"
  cmp -s "$tmp/ev1" "$tmp/ev3" && ok || fail "generate $name: export columns changed the results (NDJSON)"
  "$SLUICE" eval --as-of "$as_of" "$ROOT/examples/$name/policy.funnel" "$tmp/x.csv" >"$tmp/ev4" 2>"$tmp/err"
  expect_status 0 $? "eval generated $name with export columns as CSV"
  cmp -s "$tmp/ev1" "$tmp/ev4" && ok || fail "generate $name: export columns changed the results (CSV)"
done
"$GENERATE" --template hourglass --count 0 >"$tmp/out" && [ ! -s "$tmp/out" ] && ok || fail "generate --count 0"
"$GENERATE" --template nope --count 1 >/dev/null 2>&1; expect_status 2 $? "generate unknown template"
"$GENERATE" --template hourglass --count -1 >/dev/null 2>&1; expect_status 2 $? "generate negative count"
"$GENERATE" --template hourglass --count 1 --as-of 2026-13-01 >/dev/null 2>&1; expect_status 2 $? "generate bad date"

echo "e2e templates: $passed passed, $failures failed"
[ "$failures" -eq 0 ]
