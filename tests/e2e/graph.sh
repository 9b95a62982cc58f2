#!/usr/bin/env bash
# End-to-end runs of `sluice graph SLUICE ROOT`:
#   tests/golden/graph/*.{dot,mmd}  DOT and Mermaid of the features policy and of
#                                   examples/lead-to-revenue, byte-identical on a second run
#   command-line errors             exit status and message (bad format, unknown funnel,
#                                   policy errors, `dot` missing from PATH)
#   examples/*/policy.funnel        (globbed now: templates come and go) and the golden
#                                   policies: `dot -Tsvg` succeeds with nothing on stderr, and
#                                   Mermaid's own parser (npm `mermaid` + `jsdom`, installed
#                                   into the build folder on first use) accepts the Mermaid.
# A check whose tool is missing prints SKIP with the reason. SLUICE_REGEN=1 rewrites goldens.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"
BUILD="$(dirname "$SLUICE")"
MERMAID_VERSION="11.17.2"
JSDOM_VERSION="29.1.1"

# compare EXPECTED_FILE ACTUAL_FILE WHAT

# expect_status WANT WHAT COMMAND...: runs COMMAND, output in $tmp/out and $tmp/err.
expect_status() {
  local want="$1" what="$2"; shift 2
  NO_COLOR=1 "$@" >"$tmp/out" 2>"$tmp/err"
  local status=$?
  if [ "$status" = "$want" ]; then ok; else fail "$what: exit $status, expected $want"; cat "$tmp/err"; fi
}

# expect_stderr TEXT WHAT: the last command's standard error contains TEXT.
expect_stderr() {
  if grep -qF -- "$1" "$tmp/err"; then ok; else fail "$2: stderr lacks \`$1\`"; cat "$tmp/err"; fi
}

cd "$ROOT"
g=tests/golden/graph

# --- goldens, and the same bytes twice
golden() {  # NAME POLICY ARGS...
  local name="$1" policy="$2"; shift 2
  expect_status 0 "graph $name" "$SLUICE" graph "$policy" "$@"
  cp "$tmp/out" "$tmp/first"
  compare "$g/$name" "$tmp/first" "golden $name"
  "$SLUICE" graph "$policy" "$@" -o "$tmp/second" 2>/dev/null
  cmp -s "$tmp/first" "$tmp/second" && ok || fail "golden $name: a second run (with -o) differs"
}
golden lead-to-revenue.dot examples/lead-to-revenue/policy.funnel
golden lead-to-revenue.mmd examples/lead-to-revenue/policy.funnel --format mermaid
golden features.dot $g/features.funnel --format dot
golden features.lanes.dot $g/features.funnel --lanes
golden features.mmd $g/features.funnel --format mermaid
golden features.renewal.mmd $g/features.funnel --format mermaid --funnel renewal

# --- the command line's error paths
expect_status 2 "unknown format" "$SLUICE" graph $g/features.funnel --format png
expect_stderr "unknown format \`png\` (expected dot, mermaid or svg)" "unknown format"
expect_status 2 "unknown funnel" "$SLUICE" graph $g/features.funnel --funnel nope
expect_stderr "no funnel \`nope\` in the policy (it has \`new_business\`, \`renewal\`)" "unknown funnel"
expect_status 2 "--lanes with mermaid" "$SLUICE" graph $g/features.funnel --format mermaid --lanes
expect_status 2 "two policies" "$SLUICE" graph $g/features.funnel $g/features.funnel
expect_status 2 "missing policy" "$SLUICE" graph $g/no-such.funnel
expect_status 0 "--help" "$SLUICE" graph --help
grep -q -- "--format FMT" "$tmp/out" && ok || fail "--help does not explain --format"
printf 'policy "p" version "1"\nrecord r { id: text key }\nfunnel f for r { stage A { entry nope } }\n' >"$tmp/bad.funnel"
expect_status 1 "policy with errors" "$SLUICE" graph "$tmp/bad.funnel"
expect_stderr "error[E0" "policy with errors"
[ -s "$tmp/out" ] && fail "policy with errors: wrote a graph" || ok
printf 'record r { id: text key }\n' >"$tmp/module.funnel"
expect_status 1 "a module without funnels" "$SLUICE" graph "$tmp/module.funnel"
expect_stderr "has no funnel to draw" "a module without funnels"
# Without `dot` on PATH (whether or not Graphviz is installed here).
expect_status 1 "svg without dot" env PATH=/nonexistent "$SLUICE" graph $g/features.funnel --format svg
expect_stderr "\`--format svg\` needs Graphviz's \`dot\` (Debian package graphviz); use --format dot or mermaid" \
  "svg without dot"

# --- every example renders with Graphviz and parses as Mermaid
policies=()
for p in examples/*/policy.funnel $g/features.funnel; do [ -f "$p" ] && policies+=("$p"); done
mkdir -p "$tmp/mmd"
for p in "${policies[@]}"; do
  name="$(echo "$p" | tr '/' '_')"
  expect_status 0 "graph $p" "$SLUICE" graph "$p" --format mermaid -o "$tmp/mmd/$name.mmd"
  "$SLUICE" graph "$p" >"$tmp/$name.dot" 2>/dev/null || fail "graph $p --format dot"
  "$SLUICE" graph "$p" --lanes >"$tmp/$name.lanes.dot" 2>/dev/null || fail "graph $p --lanes"
done

if command -v dot >/dev/null 2>&1; then
  for p in "${policies[@]}"; do
    name="$(echo "$p" | tr '/' '_')"
    for variant in dot lanes.dot; do
      if dot -Tsvg "$tmp/$name.$variant" >"$tmp/out.svg" 2>"$tmp/dot.err" && [ ! -s "$tmp/dot.err" ]; then
        ok
      else
        fail "dot -Tsvg of $p ($variant)"; cat "$tmp/dot.err"
      fi
    done
  done
  expect_status 0 "graph --format svg" "$SLUICE" graph $g/features.funnel --format svg
  grep -q "<svg" "$tmp/out" && ok || fail "graph --format svg wrote no <svg>"
  [ -s "$tmp/err" ] && { fail "graph --format svg: dot printed warnings"; cat "$tmp/err"; } || ok
else
  skip "Graphviz checks: \`dot\` is not installed (Debian package graphviz)"
fi

# Mermaid's parser, from npm into the build folder (kept there for the next run).
npm_dir="$BUILD/graph-mermaid-check"
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  skip "Mermaid checks: node and npm are not installed (Debian packages nodejs, npm)"
else
  mkdir -p "$npm_dir"
  # The marker is written only after a complete install, so an interrupted one is redone.
  marker="$npm_dir/installed-mermaid-$MERMAID_VERSION-jsdom-$JSDOM_VERSION"
  if [ ! -f "$marker" ]; then
    echo "installing mermaid@$MERMAID_VERSION and jsdom@$JSDOM_VERSION into $npm_dir"
    (cd "$npm_dir" && npm install --no-audit --no-fund --silent --fetch-retries=1 --fetch-timeout=60000 \
      "mermaid@$MERMAID_VERSION" "jsdom@$JSDOM_VERSION") >"$tmp/npm.log" 2>&1 && touch "$marker" ||
      tail -5 "$tmp/npm.log"
  fi
  if [ -f "$marker" ]; then
    cp tests/e2e/graph_mermaid_check.mjs "$npm_dir/check.mjs"
    # A broken diagram must be rejected, or the check proves nothing.
    printf 'flowchart TB\n  a["x"] --> ]\n' >"$tmp/broken.mmd"
    node "$npm_dir/check.mjs" "$tmp/broken.mmd" >"$tmp/check.out" 2>&1
    grep -q '^error ' "$tmp/check.out" && ok || { fail "the Mermaid check does not reject a broken diagram"; cat "$tmp/check.out"; }
    if node "$npm_dir/check.mjs" "$tmp"/mmd/*.mmd "$g"/*.mmd >"$tmp/check.out" 2>&1; then
      passed=$((passed + $(grep -c '^ok ' "$tmp/check.out")))
    else
      fail "Mermaid's parser rejects a graph"; grep -v '^ok ' "$tmp/check.out"
    fi
  else
    skip "Mermaid checks: \`npm install mermaid jsdom\` failed (no network?)"
  fi
fi

echo "graph e2e: $passed passed, $failures failed, $skipped skipped"
[ "$failures" -eq 0 ]
