#!/usr/bin/env bash
# End-to-end golden runs of the `sluice` binary.
#   tests/golden/parse_ok/*.funnel      `check` exits 0 with no diagnostics
#   tests/golden/diagnostics/*.funnel   `check` output == <name>.expected, exit 1
#                                       (a file named *-warn.funnel expects exit 0)
#   tests/golden/ir/*.funnel            `compile` output == <name>.ir.json; twice the same bytes
#   examples/<name>/                    `check` clean; for every records.* file,
#                                       `eval --as-of $(cat as-of)` == expected/<file>.out
#                                       and its exit status == expected/<file>.status
# SLUICE_REGEN=1 rewrites the expected files instead of comparing (review the diff).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"

cd "$ROOT"  # paths in diagnostics are relative to the repository root

for f in tests/golden/parse_ok/*.funnel; do
  [ -e "$f" ] || continue
  if NO_COLOR=1 "$SLUICE" check "$f" >"$tmp/out" 2>"$tmp/err"; then
    if grep -q '^\(error\|warning\)\[' "$tmp/err"; then fail "parse_ok $f has diagnostics"; cat "$tmp/err"; else ok; fi
  else
    fail "parse_ok $f: check failed"; cat "$tmp/err"
  fi
done

for f in tests/golden/diagnostics/*.funnel; do
  [ -e "$f" ] || continue
  NO_COLOR=1 "$SLUICE" check "$f" >"$tmp/out" 2>"$tmp/err"
  status=$?
  want=1
  case "$f" in *-warn.funnel) want=0 ;; esac
  [ "$status" = "$want" ] || fail "diagnostics $f: exit $status, expected $want"
  compare "${f%.funnel}.expected" "$tmp/err" "diagnostics $f"
done

# IR records source paths as given: compile from inside the folder so they are stable.
for f in tests/golden/ir/*.funnel; do
  [ -e "$f" ] || continue
  name="$(basename "$f")"
  (cd tests/golden/ir && "$SLUICE" compile "$name") >"$tmp/ir1" 2>"$tmp/err" || { fail "ir $f: compile failed"; cat "$tmp/err"; continue; }
  (cd tests/golden/ir && "$SLUICE" compile "$name" -o "$tmp/ir2") 2>/dev/null
  cmp -s "$tmp/ir1" "$tmp/ir2" && ok || fail "ir $f: two compilations differ"
  compare "${f%.funnel}.ir.json" "$tmp/ir1" "ir $f"
done

for dir in examples/*/; do
  policy="${dir}policy.funnel"
  [ -f "$policy" ] || continue
  NO_COLOR=1 "$SLUICE" check "$policy" >"$tmp/out" 2>"$tmp/err" && ok || { fail "example $policy: check failed"; cat "$tmp/err"; }
  as_of="2026-01-15"
  [ -f "${dir}as-of" ] && as_of="$(cat "${dir}as-of")"
  for records in "${dir}"records.*; do
    [ -e "$records" ] || continue
    name="$(basename "$records")"
    mkdir -p "${dir}expected"
    "$SLUICE" eval --as-of "$as_of" "$policy" "$records" >"$tmp/out" 2>"$tmp/err"
    echo "$?" >"$tmp/status"
    compare "${dir}expected/$name.out" "$tmp/out" "example eval $records"
    compare "${dir}expected/$name.status" "$tmp/status" "example eval status $records"
  done
done

# `sluice test`: the golden folder in every format (JUnit times are zeroed), a filter,
# and the tests of the golden policies and the examples, which must pass.
tr=tests/golden/test_runner
run_test_golden() {  # NAME ARGS...
  local name="$1"; shift
  "$SLUICE" test --as-of 2026-01-15 "$@" >"$tmp/out" 2>/dev/null
  echo "$?" >"$tmp/status"
  sed -i 's/ time="[0-9.]*"/ time="0"/' "$tmp/out"
  compare "$tr/expected/$name" "$tmp/out" "test golden $name"
  compare "$tr/expected/$name.status" "$tmp/status" "test golden status $name"
}
mkdir -p "$tr/expected"
run_test_golden all.txt "$tr"
run_test_golden all.json --format json "$tr"
run_test_golden all.junit.xml --format junit "$tr"
run_test_golden filter.txt --filter "won deal" "$tr"
for policy in tests/golden/parse_ok/*.funnel examples/*/policy.funnel; do
  "$SLUICE" test "$policy" >"$tmp/out" 2>&1 && ok || { fail "test $policy: its tests fail"; cat "$tmp/out"; }
done

echo "e2e: $passed passed, $failures failed"
[ "$failures" -eq 0 ]
