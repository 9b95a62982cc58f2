#!/usr/bin/env bash
# End-to-end runs of `sluice report` (docs/report.md).
#   tests/golden/report/stamped.*        the acceptance data set (stamped records) as table,
#                                        JSON, CSV and HTML; exit 1 (three unreadable lines)
#   tests/golden/report/period-by.table  the same with --from/--to and --by region
#   tests/golden/report/results.ndjson   `sluice eval` of records.ndjson, then eval-pipe.* its report
#   command-line errors exit 2
#   HTML in headless Chromium (when `chromium` is installed, else SKIP): it renders, the
#   DOM holds the expected numbers, and a screenshot goes to <build dir>/report.png.
# SLUICE_REGEN=1 rewrites the expected files instead of comparing (review the diff).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"
BUILD_DIR="$(dirname "$SLUICE")"

# status WANT GOT WHAT
status() { [ "$2" = "$1" ] && ok || fail "$3: exit $2, expected $1"; }

cd "$ROOT"  # paths in the reports' problem lines are relative to the repository root
G=tests/golden/report
P=$G/policy.funnel

for fmt in table json csv html; do
  "$SLUICE" report --policy $P $G/stamped-records.ndjson --format $fmt -o "$tmp/stamped.$fmt" 2>"$tmp/err"
  status 1 $? "stamped --format $fmt"
  compare $G/stamped.$fmt "$tmp/stamped.$fmt" "stamped --format $fmt"
done
grep -q 'stamped-records.ndjson:11: `lead_entered_at` is not an ISO-8601 instant' "$tmp/err" && ok ||
  fail "unreadable lines are named on standard error"

"$SLUICE" report --policy $P $G/stamped-records.ndjson --from 2026-01-01 --to 2026-02-01 --by region \
  >"$tmp/period-by.table" 2>/dev/null
status 1 $? "period and --by"
compare $G/period-by.table "$tmp/period-by.table" "period and --by"

# eval results of records.ndjson (a golden too: tests/report_test.cpp reads it), piped in
"$SLUICE" eval --as-of 2026-01-15 $P $G/records.ndjson >"$tmp/results.ndjson"
status 3 $? "eval of records.ndjson (one data error on purpose)"
compare $G/results.ndjson "$tmp/results.ndjson" "eval of records.ndjson"
for fmt in table json csv; do
  "$SLUICE" report --policy $P --format $fmt - <"$tmp/results.ndjson" >"$tmp/eval-pipe.$fmt"
  status 0 $? "eval piped, --format $fmt"
  compare $G/eval-pipe.$fmt "$tmp/eval-pipe.$fmt" "eval piped, --format $fmt"
done
"$SLUICE" report --policy $P --format html -o "$tmp/eval-pipe.html" "$tmp/results.ndjson"
status 0 $? "eval results --format html"

# bad command lines
"$SLUICE" report $G/stamped-records.ndjson >/dev/null 2>"$tmp/err"; status 2 $? "no --policy"
grep -q -- '--policy is required' "$tmp/err" && ok || fail "no --policy: message"
"$SLUICE" report --policy $P --format pdf $G/stamped-records.ndjson >/dev/null 2>&1; status 2 $? "--format pdf"
"$SLUICE" report --policy $P --from 2026-02-01 --to 2026-01-01 $G/stamped-records.ndjson >/dev/null 2>&1
status 2 $? "--to before --from"
"$SLUICE" report --policy $P --from yesterday $G/stamped-records.ndjson >/dev/null 2>&1; status 2 $? "--from yesterday"
"$SLUICE" report --policy $P no-such-file.ndjson >/dev/null 2>&1; status 2 $? "missing results file"
"$SLUICE" report --policy $P --funnel nope $G/stamped-records.ndjson >/dev/null 2>&1; status 2 $? "unknown --funnel"
"$SLUICE" report --help >"$tmp/help" 2>&1; status 0 $? "--help"
grep -q -- '--from INSTANT' "$tmp/help" && ok || fail "--help lists --from"

# contains FILE TEXT WHAT
contains() { grep -qF -- "$2" "$1" && ok || fail "$3: \`$2\` not in the DOM"; }

CHROMIUM="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$CHROMIUM" ]; then
  echo "SKIP: chromium is not installed: the HTML report was not rendered"
else
  chrome() { timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --user-data-dir="$tmp/profile" "$@" 2>>"$tmp/chromium.log"; }
  if chrome --dump-dom "file://$tmp/stamped.html" >"$tmp/stamped.dom"; then
    ok
    for text in '<h1>Funnel report: report-acceptance <small>version 1.0.0</small></h1>' \
                '<time id="as-of">2026-02-10T00:00:00Z</time>' \
                '8 entered · 2 now' '>75.0%</tspan> to MQL (6 of 8)' '>57.1%</tspan> to SQL (4 of 7)' \
                '>50.0%</tspan> to Won (2 of 4)' 'median 2.00 d · p90 7.00 d · 6 records' \
                'median 10.00 d · p90 12.00 d · 2 records' '<td>57.1%</td><td>2.00</td><td>5.00</td><td>4</td>'; do
      contains "$tmp/stamped.dom" "$text" "stamped HTML"
    done
  else
    fail "chromium could not render the stamped report"; tail -5 "$tmp/chromium.log"
  fi
  if chrome --dump-dom "file://$tmp/eval-pipe.html" >"$tmp/eval.dom"; then
    ok
    for text in '<time id="as-of">2026-01-15T00:00:00Z</time>' '6 entered · 3 now' '>33.3%</tspan> to SQL (2 of 6)' \
                '<th scope="row">MQL</th><td class="t">sdr</td><td>1</td><td>1</td><td>1</td><td>33.3%</td>' \
                '<th scope="row">sdr</th><td>3</td><td>1</td>' \
                '<th scope="row">Fit</th><td>2</td><td>6</td><td>0</td><td>25.0%</td>'; do
      contains "$tmp/eval.dom" "$text" "eval HTML"
    done
  else
    fail "chromium could not render the eval report"; tail -5 "$tmp/chromium.log"
  fi
  rm -f "$BUILD_DIR/report.png"
  if chrome --screenshot="$BUILD_DIR/report.png" --window-size=1200,1600 "file://$tmp/stamped.html" >/dev/null &&
     [ -s "$BUILD_DIR/report.png" ]; then
    ok; echo "screenshot: $BUILD_DIR/report.png"
  else
    fail "no screenshot written"; tail -5 "$tmp/chromium.log"
  fi
fi

echo "report e2e: $passed passed, $failures failed"
[ "$failures" = 0 ]
