#!/usr/bin/env bash
# End-to-end test of examples/ci: a throw-away git repository laid out as the CI
# files expect (policies/, samples/, ci/policy-ci.sh) from examples/lead-to-revenue,
# on which examples/ci/policy-ci.sh runs exactly the commands the GitHub workflow, the
# GitLab job and the pre-commit hook run; then the pre-commit hook itself.
#   tests/e2e/ci.sh SLUICE ROOT
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"

expect_in() {  # FILE TEXT WHAT
  if grep -qF -- "$2" "$1"; then ok; else fail "$3: no \`$2\` in:"; head -40 "$1"; fi
}

# The CI entry points run policy-ci.sh and nothing else of the gate, so testing the
# script tests them.
for f in github-workflow.yml gitlab-ci.yml pre-commit; do
  grep -q "policy-ci.sh" "$ROOT/examples/ci/$f" && ok || fail "examples/ci/$f does not run policy-ci.sh"
done

export SLUICE

repo="$tmp/repo"
mkdir -p "$repo/policies" "$repo/samples" "$repo/ci"
cp "$ROOT/examples/lead-to-revenue/policy.funnel" "$repo/policies/policy.funnel"
cp "$ROOT/examples/lead-to-revenue/records.ndjson" "$repo/samples/records.ndjson"
cp "$ROOT/examples/ci/policy-ci.sh" "$repo/ci/policy-ci.sh"
cd "$repo" || exit 1
git init -q -b main . && git config user.email ci@example.com && git config user.name ci
# The repository starts formatted, as one that runs `fmt --check` in CI would be.
"$SLUICE" fmt policies/ >/dev/null 2>&1 || fail "sluice fmt policies/"
echo "sluice-reports/" >.gitignore
git add -A && git commit -q -m "policy v1"

# 1. Everything passes on main (no diff: not a pull request).
SLUICE_COVERAGE_MIN=30 bash ci/policy-ci.sh >"$tmp/out" 2>&1
status=$?
[ "$status" = 0 ] && ok || { fail "policy-ci on a clean repository: exit $status"; cat "$tmp/out"; }
expect_in "$tmp/out" "policy-ci: all steps passed" "clean run"
python3 -c "import json,sys; json.load(open(sys.argv[1]))" sluice-reports/check.sarif && ok || fail "check.sarif is not JSON"
expect_in sluice-reports/junit.xml '<property name="coverage.lead_to_revenue"' "junit report"

# 2. A pull request lowers the MQL threshold: the impact is written for the comment.
git checkout -q -b lower-threshold
sed -i 's/lead_score >= 100 and icp_fit/lead_score >= 60 and icp_fit/' policies/policy.funnel
grep -q "lead_score >= 60" policies/policy.funnel && ok || fail "the test edit did not apply"
git commit -q -am "lower the MQL threshold"
SLUICE_COVERAGE_MIN=30 SLUICE_DIFF_BASE=main SLUICE_DIFF_POLICY=policies/policy.funnel \
  SLUICE_DIFF_RECORDS=samples/records.ndjson SLUICE_DIFF_AS_OF=2026-01-15 \
  bash ci/policy-ci.sh >"$tmp/out" 2>&1
status=$?
[ "$status" = 0 ] && ok || { fail "policy-ci on a pull request: exit $status"; cat "$tmp/out"; }
if [ -s sluice-reports/impact.md ]; then ok; else fail "no impact.md"; cat "$tmp/out"; fi
expect_in sluice-reports/impact.md "lead_score >= 60" "impact report"

# 3. The gates: coverage below the minimum, a failing test, a lint under --werror.
SLUICE_COVERAGE_MIN=95 bash ci/policy-ci.sh >"$tmp/out" 2>&1
[ "$?" = 1 ] && ok || fail "coverage below the minimum must fail"
expect_in "$tmp/out" "is below the minimum 95%" "coverage gate"
expect_in "$tmp/out" "policy-ci: failed: test" "coverage gate"
printf '\nconst unused_threshold = 3\n' >>policies/policy.funnel
SLUICE_COVERAGE_MIN=30 bash ci/policy-ci.sh >"$tmp/out" 2>&1
[ "$?" = 1 ] && ok || fail "a lint must fail the check step under --werror"
expect_in "$tmp/out" "policy-ci: failed: check" "lint gate"
git checkout -q -- policies/policy.funnel
SLUICE_COMMENT=elsewhere bash ci/policy-ci.sh >"$tmp/out" 2>&1
[ "$?" = 2 ] && ok || fail "a bad SLUICE_COMMENT must exit 2"

# 4. The pre-commit hook: a commit whose tests fail is refused, a good one goes in.
cp "$ROOT/examples/ci/pre-commit" .git/hooks/pre-commit && chmod +x .git/hooks/pre-commit
sed -i 's/expect stage == "MQL"/expect stage == "SAL"/' policies/policy.funnel
git add policies/policy.funnel
if SLUICE_COVERAGE_MIN=30 git commit -q -m "break a test" >"$tmp/out" 2>&1; then
  fail "pre-commit let a failing test through"; cat "$tmp/out"
else
  ok; expect_in "$tmp/out" "policy-ci: failed: test" "pre-commit"
fi
git checkout -q HEAD -- policies/policy.funnel
printf '\n# a comment\n' >>policies/policy.funnel
git add policies/policy.funnel
if SLUICE_COVERAGE_MIN=30 git commit -q -m "a comment" >"$tmp/out" 2>&1; then ok; else
  fail "pre-commit refused a good commit"; cat "$tmp/out"
fi

# A commit that stages no *.funnel file is not gated (the broken policy stays unstaged).
sed -i 's/expect stage == "MQL"/expect stage == "SAL"/' policies/policy.funnel
echo "notes" >NOTES.md && git add NOTES.md
if SLUICE_COVERAGE_MIN=30 git commit -q -m "notes" >"$tmp/out" 2>&1; then ok; else
  fail "pre-commit gated a commit without policy files"; cat "$tmp/out"
fi
git checkout -q -- policies/policy.funnel

echo "e2e ci: $passed passed, $failures failed"
[ "$failures" -eq 0 ]
