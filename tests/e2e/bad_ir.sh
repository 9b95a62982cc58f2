#!/usr/bin/env bash
# The untrusted-IR corpus: every tests/golden/bad_ir/<name>.ir.json (wrong version,
# bad jump targets, slots and constants out of range, wrong kinds, truncated, ...)
# must be rejected by `sluice eval` before any record is read: exit 1, nothing on
# standard output, and standard error == <name>.expected (one line naming the part).
# SLUICE_REGEN=1 rewrites the expected files instead of comparing (review the diff).
set -uo pipefail
SLUICE="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
ROOT="$2"
REGEN="${SLUICE_REGEN:-0}"
failures=0
passed=0
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { passed=$((passed + 1)); }

# compare EXPECTED_FILE ACTUAL_FILE WHAT
compare() {
  if [ "$REGEN" = "1" ]; then cp "$2" "$1"; ok; return; fi
  if [ ! -f "$1" ]; then fail "$3: missing expected file $1 (run with SLUICE_REGEN=1)"; return; fi
  if diff -u "$1" "$2" >"$tmp/diff"; then ok; else fail "$3"; head -20 "$tmp/diff"; fi
}

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
