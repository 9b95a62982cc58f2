#!/usr/bin/env bash
# End-to-end runs of `sluice diff` (docs/diff.md).
#   tests/golden/diff/<case>/old.funnel, new.funnel   a pair of policy versions
#     [records.ndjson]                                replayed with --as-of 2026-01-15
#     expected.txt / expected.json / expected.md      the report in each format
#     expected.status                                 the exit status (text run)
#   acceptance: the example policy with a raised MQL threshold over generated leads;
#               the records leaving MQL == an independent count from two `sluice eval` runs
#   git:        git:HEAD:path in a temporary repository, relative imports included
#   CI gate and command-line errors.
# SLUICE_REGEN=1 rewrites the expected files instead of comparing (review the diff).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"

# expect_status WANT GOT WHAT
expect_status() { if [ "$1" = "$2" ]; then ok; else fail "$3: exit $2, expected $1"; cat "$tmp/err" 2>/dev/null; fi; }

cd "$ROOT"  # paths in the reports are relative to the repository root

# --- golden pairs, every format
for dir in tests/golden/diff/*/; do
  [ -f "${dir}old.funnel" ] || continue
  args=("${dir}old.funnel" "${dir}new.funnel")
  [ -f "${dir}records.ndjson" ] && args+=(--records "${dir}records.ndjson" --as-of 2026-01-15)
  "$SLUICE" diff "${args[@]}" >"$tmp/out" 2>"$tmp/err"
  echo "$?" >"$tmp/status"
  compare "${dir}expected.txt" "$tmp/out" "diff text $dir"
  compare "${dir}expected.status" "$tmp/status" "diff status $dir"
  "$SLUICE" diff "${args[@]}" --format json >"$tmp/out" 2>"$tmp/err"
  compare "${dir}expected.json" "$tmp/out" "diff json $dir"
  python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/out" && ok || fail "diff json $dir: not JSON"
  "$SLUICE" diff "${args[@]}" --format markdown -o "$tmp/md" 2>"$tmp/err"
  compare "${dir}expected.md" "$tmp/md" "diff markdown $dir"
done

# --- acceptance: raise the MQL threshold of the example, replay generated leads
gen=tests/e2e/gen_leads.py
sed 's/entry (lead_score >= 100 and icp_fit)/entry (lead_score >= 130 and icp_fit)/' \
  examples/lead-to-revenue/policy.funnel >"$tmp/raised.funnel"
cmp -s examples/lead-to-revenue/policy.funnel "$tmp/raised.funnel" && fail "acceptance: the threshold edit did not apply"
cp examples/lead-to-revenue/policy.funnel "$tmp/base.funnel"
python3 "$gen" generate 3000 7 >"$tmp/leads.ndjson"
"$SLUICE" eval --as-of 2026-01-15 "$tmp/base.funnel" "$tmp/leads.ndjson" >"$tmp/old.out" 2>/dev/null
"$SLUICE" eval --as-of 2026-01-15 "$tmp/raised.funnel" "$tmp/leads.ndjson" >"$tmp/new.out" 2>/dev/null
independent="$(python3 "$gen" count "$tmp/old.out" "$tmp/new.out")"
"$SLUICE" diff "$tmp/base.funnel" "$tmp/raised.funnel" --records "$tmp/leads.ndjson" --as-of 2026-01-15 \
  --format json >"$tmp/acc.json" 2>"$tmp/err"
expect_status 0 $? "acceptance diff"
reported="$(python3 - "$tmp/acc.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["impact"]
leaving = sum(m["count"] for m in r["moves"] if m["from"] == "MQL" and m["to"] != "MQL")
entering = sum(m["count"] for m in r["moves"] if m["from"] != "MQL" and m["to"] == "MQL")
print("records=%d changed=%d leaving_mql=%d entering_mql=%d" % (r["records"], r["changed"], leaving, entering))
PY
)"
if [ "$reported" = "$independent" ]; then ok; else fail "acceptance: diff says '$reported', eval says '$independent'"; fi
case "$independent" in *"leaving_mql=0 "*) fail "acceptance: no record left MQL, the test proves nothing" ;; *) ok ;; esac
grep -q '"where": "funnel lead_to_revenue, stage MQL, entry"' "$tmp/acc.json" && ok || fail "acceptance: the entry change is not named"

# --- the CI gate: 5.10% of the records change stage
"$SLUICE" diff "$tmp/base.funnel" "$tmp/raised.funnel" --records "$tmp/leads.ndjson" --as-of 2026-01-15 \
  --fail-if-changed-over 5% >"$tmp/out" 2>"$tmp/err"
expect_status 1 $? "gate 5%"
grep -q "FAILED" "$tmp/out" && ok || fail "gate 5%: the report does not say FAILED"
"$SLUICE" diff "$tmp/base.funnel" "$tmp/raised.funnel" --records "$tmp/leads.ndjson" --as-of 2026-01-15 \
  --fail-if-changed-over 6 >"$tmp/out" 2>"$tmp/err"
expect_status 0 $? "gate 6%"

# --- git:REV:path with a relative import, in a throwaway repository
repo="$tmp/repo"
mkdir -p "$repo/policies/shared"
cp tests/golden/diff/many/old.funnel "$repo/policies/p.funnel"
sed -i 's#import "std/bant"#import "std/bant"\nimport "./shared/limits.funnel"#; s#^const big = 200##' "$repo/policies/p.funnel"
echo 'const big = 200' >"$repo/policies/shared/limits.funnel"
(cd "$repo" && git init -q && git -c user.email=t@e -c user.name=t add -A &&
 git -c user.email=t@e -c user.name=t commit -q -m v1) || fail "git: cannot create the repository"
echo 'const big = 500' >"$repo/policies/shared/limits.funnel"
(cd "$repo" && "$SLUICE" diff git:HEAD:policies/p.funnel policies/p.funnel) >"$tmp/out" 2>"$tmp/err"
expect_status 0 $? "git diff"
grep -q '^const big (changed)' "$tmp/out" && grep -q -- '- const big = 200' "$tmp/out" && grep -q -- '+ const big = 500' "$tmp/out" \
  && ok || { fail "git: the imported const change is not reported"; cat "$tmp/out"; }
(cd "$repo/policies" && "$SLUICE" diff git:HEAD:./p.funnel git:HEAD:policies/p.funnel 2>"$tmp/err" | grep -q "no semantic changes") \
  && ok || { fail "git: ./ and top-level paths of the same file differ"; cat "$tmp/err"; }
(cd "$repo" && "$SLUICE" diff git:HEAD:policies/missing.funnel policies/p.funnel) >/dev/null 2>"$tmp/err"
expect_status 2 $? "git: missing file"
(cd "$repo" && "$SLUICE" diff git:--output=/tmp/x:p.funnel policies/p.funnel) >/dev/null 2>"$tmp/err"
expect_status 2 $? "git: option-like revision"

# --- errors: compile errors exit 1, bad command lines exit 2
printf 'policy "bad" version "1"\nrecord r { id: text key }\nfunnel f for r { stage A { entry nope } }\n' >"$tmp/bad.funnel"
"$SLUICE" diff tests/golden/diff/threshold/old.funnel "$tmp/bad.funnel" >/dev/null 2>"$tmp/err"
expect_status 1 $? "policy with errors"
grep -q "E0" "$tmp/err" && ok || fail "policy with errors: no diagnostic printed"
t=tests/golden/diff/threshold
for bad in "$t/old.funnel" "$t/old.funnel $t/new.funnel --format xml" "$t/old.funnel nothere.funnel" \
           "$t/old.funnel $t/new.funnel --fail-if-changed-over 5%" \
           "$t/old.funnel $t/new.funnel --records $t/records.ndjson --fail-if-changed-over 120%" \
           "$t/old.funnel $t/new.funnel --records - " "$t/old.funnel $t/new.funnel --records $t/records.ndjson --as-of soon" \
           "$t/old.funnel $t/new.funnel --records $t/records.ndjson --funnel nope" "$t/old.funnel $t/new.funnel --bogus"; do
  # shellcheck disable=SC2086
  "$SLUICE" diff $bad >/dev/null 2>"$tmp/err"
  expect_status 2 $? "usage: diff $bad"
done

echo "e2e diff: $passed passed, $failures failed"
[ "$failures" -eq 0 ]
