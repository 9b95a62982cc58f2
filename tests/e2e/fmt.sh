#!/usr/bin/env bash
# End-to-end runs of `sluice fmt`.
#   tests/golden/fmt/<name>.funnel    an input in an unusual layout
#   tests/golden/fmt/<name>.expected  its formatted text (`sluice fmt` of the input)
#   tests/golden/fmt/odd_layout.diff  `sluice fmt --diff` of odd_layout.funnel
# plus the command-line contract: --check, --diff, in-place writes that keep file
# permissions, files with syntax errors left untouched, standard input, exit codes.
# SLUICE_REGEN=1 rewrites the expected files instead of comparing (review the diff).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"

# expect_status WANT GOT WHAT
expect_status() { if [ "$1" = "$2" ]; then ok; else fail "$3: exit $2, expected $1"; fi; }

cd "$ROOT"
golden=tests/golden/fmt

# Golden layouts: standard input to standard output; the output is a fixed point.
for f in "$golden"/*.funnel; do
  name="${f%.funnel}"
  "$SLUICE" fmt <"$f" >"$tmp/out" 2>"$tmp/err"
  expect_status 0 $? "fmt $f"
  compare "$name.expected" "$tmp/out" "fmt $f"
  "$SLUICE" fmt --check - <"$tmp/out" 2>"$tmp/err"
  expect_status 0 $? "fmt --check of the formatted $f"
done

# --diff prints a unified diff and changes nothing.
cp "$golden/odd_layout.funnel" "$tmp/odd_layout.funnel"
(cd "$tmp" && "$SLUICE" fmt --diff odd_layout.funnel >"$tmp/diff.out" 2>"$tmp/err")
expect_status 0 $? "fmt --diff"
compare "$golden/odd_layout.diff" "$tmp/diff.out" "fmt --diff odd_layout.funnel"
cmp -s "$golden/odd_layout.funnel" "$tmp/odd_layout.funnel" && ok || fail "--diff changed the file"

# A folder: --check lists the files that would change and exits 1, changing nothing.
mkdir -p "$tmp/tree/sub"
cp "$golden/one_line.funnel" "$tmp/tree/a.funnel"
cp "$golden/one_line.expected" "$tmp/tree/sub/b.funnel"
echo "not a policy" >"$tmp/tree/notes.txt"
chmod 640 "$tmp/tree/a.funnel"
"$SLUICE" fmt --check "$tmp/tree" >"$tmp/out" 2>"$tmp/err"
expect_status 1 $? "fmt --check on a folder"
grep -q "would reformat $tmp/tree/a.funnel" "$tmp/err" && ok || fail "--check does not list a.funnel"
grep -q "sub/b.funnel" "$tmp/err" && fail "--check lists the formatted b.funnel" || ok
cmp -s "$golden/one_line.funnel" "$tmp/tree/a.funnel" && ok || fail "--check changed a file"

# In place: rewritten atomically with the same permissions, then --check is clean.
"$SLUICE" fmt "$tmp/tree" >"$tmp/out" 2>"$tmp/err"
expect_status 0 $? "fmt on a folder"
cmp -s "$golden/one_line.expected" "$tmp/tree/a.funnel" && ok || fail "a.funnel not formatted in place"
[ "$(stat -c %a "$tmp/tree/a.funnel")" = "640" ] && ok || fail "permissions not kept"
[ -z "$(find "$tmp/tree" -name '*.sluice-fmt-*')" ] && ok || fail "a temporary file was left behind"
"$SLUICE" fmt --check "$tmp/tree" 2>"$tmp/err"
expect_status 0 $? "fmt --check after fmt"

# A file with syntax errors: diagnostics as `check` prints them, exit 1, untouched.
printf 'record r { n: }\n' >"$tmp/bad.funnel"
cp "$tmp/bad.funnel" "$tmp/bad.orig"
NO_COLOR=1 "$SLUICE" fmt "$tmp/bad.funnel" 2>"$tmp/err"
expect_status 1 $? "fmt on a file with errors"
grep -q '^error\[E0' "$tmp/err" && ok || fail "no diagnostic for the bad file"
cmp -s "$tmp/bad.funnel" "$tmp/bad.orig" && ok || fail "the bad file was changed"

# Standard input: --check exits 1 when the text would change.
"$SLUICE" fmt --check <"$golden/odd_layout.funnel" 2>"$tmp/err"
expect_status 1 $? "fmt --check on unformatted standard input"

# Bad command lines.
"$SLUICE" fmt --bogus 2>/dev/null
expect_status 2 $? "unknown option"
"$SLUICE" fmt - "$golden/one_line.funnel" 2>/dev/null </dev/null
expect_status 2 $? "standard input mixed with paths"
"$SLUICE" fmt "$tmp/missing.funnel" 2>/dev/null
expect_status 2 $? "missing path"
"$SLUICE" fmt --help >"$tmp/out"
expect_status 0 $? "fmt --help"

echo "fmt e2e: $passed passed, $failures failed"
[ "$failures" = 0 ]
