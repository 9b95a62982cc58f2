# Shared by the end-to-end scripts: `source "$(dirname "$0")/lib.sh" "$@"`.
# Arguments of every script: SLUICE (the binary) ROOT (the repository).
# Gives SLUICE (absolute), ROOT, REGEN, a temporary folder $tmp removed on exit,
# counters with fail/ok/skip, and compare EXPECTED ACTUAL WHAT for golden files
# (SLUICE_REGEN=1 rewrites EXPECTED instead: review the diff).
set -uo pipefail
SLUICE="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
ROOT="$(cd "$2" && pwd)"
REGEN="${SLUICE_REGEN:-0}"
failures=0
passed=0
skipped=0
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { passed=$((passed + 1)); }
# A check that cannot run here (a tool is missing): said, never counted as passed.
skip() { echo "SKIP: $*"; skipped=$((skipped + 1)); }

compare() {
  if [ "$REGEN" = "1" ]; then mkdir -p "$(dirname "$1")"; cp "$2" "$1"; ok; return; fi
  if [ ! -f "$1" ]; then fail "$3: missing expected file $1 (run with SLUICE_REGEN=1)"; return; fi
  if diff -u "$1" "$2" >"$tmp/diff"; then ok; else fail "$3"; head -40 "$tmp/diff"; fi
}
