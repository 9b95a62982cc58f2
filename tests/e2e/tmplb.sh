#!/usr/bin/env bash
# End-to-end checks of the templates lifecycle, revenue-waterfall and bant-vs-meddic.
# (Their eval outputs are compared with examples/<name>/expected/ by run_examples.sh.)
#   - `sluice init --template NAME` writes the example; `check` finds nothing in it,
#     `test` passes, and evaluating the written records gives the example's expected output
#     (so the copy embedded in the binary is the current one);
#   - the CSV and the NDJSON records give the same results (error line numbers aside);
#   - `sluice explain` of every record == tests/golden/tmplb/<name>.explain.txt
#     (the hand-labelled acceptance records, readable).
# Usage: tmplb.sh SLUICE ROOT; SLUICE_REGEN=1 rewrites the golden files instead of comparing.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"

cd "$ROOT"
golden=tests/golden/tmplb
mkdir -p "$golden"

for name in lifecycle revenue-waterfall bant-vs-meddic; do
  example="examples/$name"
  as_of="$(cat "$example/as-of")"
  dir="$tmp/$name"

  if ! "$SLUICE" init --template "$name" "$dir" >/dev/null 2>"$tmp/err"; then
    fail "init --template $name"; cat "$tmp/err"; continue
  fi
  ok
  if NO_COLOR=1 "$SLUICE" check "$dir" >/dev/null 2>"$tmp/err" && ! grep -q '^\(error\|warning\)\[' "$tmp/err"; then
    ok
  else
    fail "check of template $name reports something"; cat "$tmp/err"
  fi
  NO_COLOR=1 "$SLUICE" test "$dir" >"$tmp/out" 2>&1 && ok || { fail "test of template $name"; cat "$tmp/out"; }

  for records in "$example"/records.*; do
    file="$(basename "$records")"
    "$SLUICE" eval --as-of "$as_of" "$dir/policy.funnel" "$dir/$file" >"$tmp/out" 2>/dev/null
    # never regenerated here: run_examples.sh owns examples/*/expected/
    if diff -u "$example/expected/$file.out" "$tmp/out" >"$tmp/diff"; then ok; else
      fail "eval of the template $name's $file differs from $example/expected (rebuild sluice?)"; head -20 "$tmp/diff"
    fi
  done

  "$SLUICE" eval --as-of "$as_of" "$example/policy.funnel" "$example/records.ndjson" 2>/dev/null |
    sed 's/^{"line":[0-9]*,/{/' >"$tmp/ndjson"
  "$SLUICE" eval --as-of "$as_of" "$example/policy.funnel" "$example/records.csv" 2>/dev/null |
    sed 's/^{"line":[0-9]*,/{/' >"$tmp/csv"
  if diff -u "$tmp/ndjson" "$tmp/csv" >"$tmp/diff"; then ok; else fail "$name: CSV and NDJSON differ"; head -20 "$tmp/diff"; fi

  NO_COLOR=1 "$SLUICE" explain --as-of "$as_of" "$example/policy.funnel" "$example/records.ndjson" \
    >"$tmp/explain" 2>&1
  compare "$golden/$name.explain.txt" "$tmp/explain" "explain of $name"
done

echo "e2e tmplb: $passed passed, $failures failed"
[ "$failures" -eq 0 ]
