#!/usr/bin/env bash
# The untrusted-IR corpus: every tests/golden/bad_ir/<name>.ir.json (wrong version,
# bad jump targets, slots and constants out of range, wrong kinds, truncated, ...)
# must be rejected by `sluice eval` before any record is read: exit 1, nothing on
# standard output, and standard error == <name>.expected (one line naming the part).
# SLUICE_REGEN=1 rewrites the expected files instead of comparing (review the diff).
source "$(dirname "$0")/lib.sh" "$@"

printf '{"id": "L-1", "score": 120, "tags": ["a"]}\n' >"$tmp/records.ndjson"
cd "$ROOT/tests/golden/bad_ir"  # messages name the file as given: keep it relative
count=0
for f in *.ir.json; do
  [ -e "$f" ] || continue
  count=$((count + 1))
  name="${f%.ir.json}"
  "$SLUICE" eval "$f" "$tmp/records.ndjson" --as-of 2026-02-01 >"$tmp/out" 2>"$tmp/err"
  status=$?
  [ "$status" = 1 ] || fail "$name: exit $status, expected 1"
  [ -s "$tmp/out" ] && fail "$name: wrote to standard output"
  [ "$(wc -l <"$tmp/err")" = 1 ] || fail "$name: expected one line on standard error"
  compare "$name.expected" "$tmp/err" "$name"
done
[ "$count" -ge 30 ] || fail "only $count corrupted IR files in tests/golden/bad_ir"

echo "bad_ir: $passed passed, $failures failed"
[ "$failures" -eq 0 ]
