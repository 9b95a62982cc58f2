#!/usr/bin/env bash
# `sluice eval -j N` writes exactly the bytes of `-j 1`: every output format that
# has fragments, a stream with data errors, blank lines, CRLF,
# no final newline, several inputs (NDJSON and CSV mixed), an empty input, standard
# input; CSV files cut by records, malformed ones included; and a file cut while it
# is read in place.
set -uo pipefail
SLUICE="$1"
ROOT="$2"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
ex="$ROOT/examples/lead-to-revenue"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# About 6 MB: several chunks of 1 MB per worker.
for i in $(seq 1 1250); do
  cat "$ex/records.ndjson"
  printf '\n{"id":"bad-%d", broken\r\n{"id":"T-%d","lead_score":"high"}\n' "$i" "$i"
done >"$tmp/big.ndjson"
printf '{"id":"last"}' >>"$tmp/big.ndjson"   # no final newline
: >"$tmp/empty.ndjson"

run() {  # NAME ARGS...
  local name="$1"; shift
  "$SLUICE" eval --as-of 2026-01-15 "$@" >"$tmp/one" 2>"$tmp/one.err"; local s1=$?
  for j in 2 3; do
    "$SLUICE" eval -j "$j" --as-of 2026-01-15 "$@" >"$tmp/many" 2>"$tmp/many.err"; local s2=$?
    [ "$s1" = "$s2" ] || fail "$name -j $j: exit $s2, -j 1 exit $s1"
    cmp -s "$tmp/one" "$tmp/many" || { fail "$name -j $j: output differs from -j 1"; diff "$tmp/one" "$tmp/many" | head -5; }
    cmp -s "$tmp/one.err" "$tmp/many.err" || fail "$name -j $j: standard error differs"
  done
}
for format in ndjson json csv; do
  run "big $format" --format "$format" --summary "$ex/policy.funnel" "$tmp/big.ndjson"
  run "mixed $format" --format "$format" "$ex/policy.funnel" "$ex/records.csv" "$tmp/big.ndjson" "$ex/records.ndjson"
  run "empty $format" --format "$format" "$ex/policy.funnel" "$tmp/empty.ndjson"
done
# CSV files are cut by records (rt::CsvChunker): about 4 MB of rows, with titles
# quoted over line breaks, doubled quotes, CRLF, stray and unterminated quotes,
# rows of the wrong width and bad cells, so that chunk edges fall on every kind.
{
  printf '\xEF\xBB\xBF'; head -1 "$ex/records.csv"
  for i in $(seq 1 1800); do
    tail -n +2 "$ex/records.csv"
    printf 'Q-%d,q@x.io,1,120,"VP\nSales ""%d""",300,Software,,[],,,,,,,,,,,,[],,,,,,,,,,\r\n' "$i" "$i"
    case $((i % 5)) in
      0) printf 'S-%d,s@x.io,1,12"0,,,,,[],,,,,,,,,,,,[],,,,,,,,,,\n' "$i" ;;      # a stray quote
      1) printf 'U-%d,"open,1,2\nV-%d,,,1,,,,,[],,,,,,,,,,,,[],,,,,,,,,,\n' "$i" "$i" ;;  # resumes on the next line
      2) printf 'B-%d,,,high,,,,,[],,,,,,,,,,,,[],,,,,,,,,,\n\n' "$i" ;;            # a bad int, a blank line
      3) printf 'W-%d,,,1\n' "$i" ;;                                               # too few fields
      4) printf 'J-%d,,,1,,,,,"[{""name"":""A"",""role"":""x"",""lead_score"":150}]",,,,,,,,,,,,[],,,,,,,,,,\n' "$i" ;;
    esac
  done
  printf 'E-1,"never closed,1,2,[],,,,,,,,,,,,[],,,,,,,,,,\n'
} >"$tmp/big.csv"
# Every row two lines long (a title quoted over a line break) and of varied lengths,
# so that chunk edges fall anywhere in a row: an edge inside a row shows.
{
  head -1 "$ex/records.csv"
  seq 1 40000 | awk '
    BEGIN { n = split("Sales|Revenue Operations|IT|Marketing Automation and Analytics|Customer Success", team, "|") }
    { printf "M-%d,m@x.io,1,%d,\"Head of %s\n(EMEA)\",300,Software,,[],,,,,,,,,,,,[],,,,,,,,,,\n",
             $1, $1 % 200, team[$1 % n + 1] }'
} >"$tmp/two-line.csv"
run "two-line CSV rows" "$ex/policy.funnel" "$tmp/two-line.csv"
for format in ndjson csv; do
  run "big CSV $format" --format "$format" --summary "$ex/policy.funnel" "$tmp/big.csv"
done
run "mixed CSV" "$ex/policy.funnel" "$tmp/big.csv" "$ex/records.csv" "$tmp/big.csv"
run "big CSV --explain" --explain "$ex/policy.funnel" "$tmp/big.csv"
printf 'id,"open\nL-1,2\n' >"$tmp/bad-header.csv"   # one reader reports the header
run "CSV header error" "$ex/policy.funnel" "$tmp/bad-header.csv" "$ex/records.csv"
head -1 "$ex/records.csv" >"$tmp/header-only.csv"
run "CSV header only" "$ex/policy.funnel" "$tmp/header-only.csv"
"$SLUICE" eval -j 2 --as-of 2026-01-15 "$ex/policy.funnel" - <"$tmp/big.csv" --input-format csv >"$tmp/csv-stdin.out" 2>/dev/null
"$SLUICE" eval -j 2 --as-of 2026-01-15 "$ex/policy.funnel" "$tmp/big.csv" >"$tmp/csv-file.out" 2>/dev/null
cmp -s "$tmp/csv-stdin.out" "$tmp/csv-file.out" || fail "CSV -j 2 from standard input differs from the same file"
csv_last=$(grep -c '' "$tmp/big.csv")
tail -1 "$tmp/csv-file.out" | grep -q "^{\"line\":$csv_last," || fail "the CSV's last error does not name line $csv_last"

# --explain: a chunk's results are several times the chunk's size.
run "big --explain" --explain "$ex/policy.funnel" "$tmp/big.ndjson"
# Error lines keep their input line numbers (the last line is a data error).
last=$(( $(wc -l <"$tmp/big.ndjson") + 1 ))
"$SLUICE" eval -j 2 --as-of 2026-01-15 "$ex/policy.funnel" "$tmp/big.ndjson" >"$tmp/out" 2>/dev/null
tail -1 "$tmp/out" | grep -q "^{\"line\":$last," || fail "the last line's error does not name line $last"

# A lone error deep in a file of valid records: its chunk works out its line offset
# from the chunks before it, which never counted their lines (MappedLineCounter).
for i in $(seq 1 1500); do cat "$ex/records.ndjson"; done >"$tmp/sparse.ndjson"
printf '{"id":"deep","lead_score":"high"}\n' >>"$tmp/sparse.ndjson"
for i in $(seq 1 100); do cat "$ex/records.ndjson"; done >>"$tmp/sparse.ndjson"
run "one deep error" "$ex/policy.funnel" "$tmp/sparse.ndjson"
deep=$(grep -n '"id":"deep"' "$tmp/sparse.ndjson" | cut -d: -f1)
"$SLUICE" eval -j 2 --as-of 2026-01-15 "$ex/policy.funnel" "$tmp/sparse.ndjson" >"$tmp/sparse.out" 2>/dev/null
grep -q "^{\"line\":$deep,\"id\":\"deep\"" "$tmp/sparse.out" || fail "the deep error does not name line $deep"

# Standard input is cut as a stream, a file in place (mapped): the same bytes.
"$SLUICE" eval -j 2 --as-of 2026-01-15 "$ex/policy.funnel" - <"$tmp/big.ndjson" >"$tmp/stdin.out" 2>/dev/null
cmp -s "$tmp/out" "$tmp/stdin.out" || fail "-j 2 from standard input differs from the same file"

# A file that becomes shorter while -j 2 reads it in place: status 1 and a message
# naming it, not a crash (SIGBUS). The output goes to a pipe that is not drained
# until the file is cut, so sluice is still reading when it is.
for i in 1 2 3 4 5 6; do cat "$tmp/big.ndjson"; echo; done >"$tmp/shrinks.ndjson"
mkfifo "$tmp/fifo"
"$SLUICE" eval -j 2 --as-of 2026-01-15 "$ex/policy.funnel" "$tmp/shrinks.ndjson" >"$tmp/fifo" 2>"$tmp/shrinks.err" &
pid=$!
exec 3<"$tmp/fifo"
IFS= read -r first <&3  # results have begun: the file is mapped
: >"$tmp/shrinks.ndjson"
cat <&3 >/dev/null
exec 3<&-
wait "$pid"
status=$?
[ "$status" = 1 ] || fail "a file cut while read: exit $status, expected 1"
grep -q "shrinks.ndjson\` became shorter while it was being read" "$tmp/shrinks.err" ||
  fail "a file cut while read: message is: $(head -2 "$tmp/shrinks.err")"

# A closed pipe ends quietly.
"$SLUICE" eval -j 2 --as-of 2026-01-15 "$ex/policy.funnel" "$tmp/big.ndjson" 2>"$tmp/err" | head -1 >/dev/null
[ -s "$tmp/err" ] && fail "closed pipe wrote to standard error: $(head -2 "$tmp/err")"

echo "parallel eval: $failures failures"
[ "$failures" -eq 0 ]
