#!/usr/bin/env bash
# End-to-end checks of the standard library (stdlib/std/*.funnel).
#   stdlib/std/*.funnel                          `check` of each module alone: exit 0, no diagnostics
#                                                and a golden policy that imports it
#   tests/golden/stdlib/*.funnel                 `check` clean, then `test --coverage` passes every
#                                                test block and covers every stage and criterion
#   tests/golden/stdlib/diagnostics/*.funnel     `check` output == <name>.expected, exit 1
# SLUICE_REGEN=1 rewrites the expected files instead of comparing (review the diff).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"

# check_clean WHAT FILE: `sluice check` exits 0 and prints no diagnostic at all.
check_clean() {
  if NO_COLOR=1 "$SLUICE" check "$2" >"$tmp/out" 2>"$tmp/err"; then
    if grep -q '^\(error\|warning\)\[' "$tmp/err"; then fail "$1 $2 has diagnostics"; cat "$tmp/err"; else ok; fi
  else
    fail "$1 $2: check failed"; cat "$tmp/err"
  fi
}

cd "$ROOT"  # paths in diagnostics are relative to the repository root

modules=0
for f in stdlib/std/*.funnel; do
  [ -e "$f" ] || continue
  modules=$((modules + 1))
  check_clean module "$f"
done
[ "$modules" -gt 0 ] || fail "no module found in stdlib/std"

# Every module has a golden policy that imports it.
for f in stdlib/std/*.funnel; do
  name="$(basename "$f" .funnel)"
  if grep -q "^import \"std/$name\"" tests/golden/stdlib/*.funnel; then ok; else fail "no golden policy imports std/$name"; fi
done

for f in tests/golden/stdlib/*.funnel; do
  [ -e "$f" ] || continue
  check_clean golden "$f"
  if "$SLUICE" test --coverage "$f" >"$tmp/out" 2>&1; then
    # A policy whose tests did not run (none found) must not pass silently, and every
    # stage and criterion must be seen both ways.
    if grep -q '^[1-9][0-9]* passed, 0 failed$' "$tmp/out"; then ok; else fail "test $f: no test ran"; cat "$tmp/out"; fi
    if grep -q '^total coverage: 100.0%' "$tmp/out"; then ok; else fail "test $f: not fully covered"; cat "$tmp/out"; fi
  else
    fail "test $f: its tests fail"; cat "$tmp/out"
  fi
done

for f in tests/golden/stdlib/diagnostics/*.funnel; do
  [ -e "$f" ] || continue
  NO_COLOR=1 "$SLUICE" check "$f" >"$tmp/out" 2>"$tmp/err"
  status=$?
  [ "$status" = 1 ] || fail "diagnostics $f: exit $status, expected 1"
  compare "${f%.funnel}.expected" "$tmp/err" "diagnostics $f"
done

echo "e2e stdlib: $passed passed, $failures failed"
[ "$failures" -eq 0 ]
