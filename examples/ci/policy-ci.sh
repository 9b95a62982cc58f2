#!/usr/bin/env bash
# The policy gate that every CI entry point runs: examples/ci/github-workflow.yml,
# examples/ci/gitlab-ci.yml, the examples/ci/pre-commit hook, and Sluice's own
# end-to-end test (tests/e2e/ci.sh). Run it from the root of the policy repository.
#
# Steps (docs/ci.md says what each one gates):
#   check     sluice check --werror            errors and lints fail the run
#   fmt       sluice fmt --check               unformatted files fail the run
#   test      sluice test --coverage-min P     failing tests or coverage below P fail it
#   diff      sluice diff git:BASE:POLICY POLICY --records SAMPLE --format markdown
#             (only when SLUICE_DIFF_BASE is set): the impact of the change on sample
#             records, posted as a pull/merge-request comment; informative unless
#             SLUICE_DIFF_FAIL_OVER is set
#
# Settings (environment variables):
#   SLUICE                 the sluice binary                       (default: sluice)
#   SLUICE_POLICIES        policy files or folders, space-separated (default: policies)
#   SLUICE_COVERAGE_MIN    minimum total test coverage in percent   (default: 80)
#   SLUICE_REPORTS         folder for the reports: check.sarif, junit.xml, impact.md
#                                                                  (default: sluice-reports)
#   SLUICE_DIFF_BASE       git revision to compare against, e.g. origin/main (default: none)
#   SLUICE_DIFF_POLICY     the policy file whose impact is shown    (default: none)
#   SLUICE_DIFF_RECORDS    sample records replayed through both versions (default: none)
#   SLUICE_DIFF_AS_OF      the instant the records are evaluated at (default: now)
#   SLUICE_DIFF_FAIL_OVER  fail when more than this share of records change stage, e.g. 5%
#   SLUICE_COMMENT         where the impact goes: github (gh pr comment, needs PR_NUMBER
#                          and GH_TOKEN), gitlab (notes API, needs GITLAB_TOKEN and the
#                          CI_* merge-request variables) or none   (default: none)
#   SLUICE_CI_SKIP         steps not to run, space-separated, e.g. "diff"
#
# Exit status: 0 every step passed, 1 a step failed (all steps still run), 2 bad settings.
set -uo pipefail

SLUICE="${SLUICE:-sluice}"
read -r -a POLICIES <<<"${SLUICE_POLICIES:-policies}"
COVERAGE_MIN="${SLUICE_COVERAGE_MIN:-80}"
REPORTS="${SLUICE_REPORTS:-sluice-reports}"
COMMENT="${SLUICE_COMMENT:-none}"
SKIP=" ${SLUICE_CI_SKIP:-} "

case "$COMMENT" in github|gitlab|none) ;; *) echo "policy-ci: SLUICE_COMMENT must be github, gitlab or none" >&2; exit 2 ;; esac
mkdir -p "$REPORTS" || exit 2
failed=()

# step NAME: false when the step is to be skipped (says so).
step() {
  echo "::: $1"
  case "$SKIP" in *" $1 "*) echo "SKIP: $1 (SLUICE_CI_SKIP)"; return 1 ;; esac
  return 0
}

if step check; then
  # The SARIF copy is for GitHub code scanning; the text goes to the log.
  "$SLUICE" check --werror --format sarif "${POLICIES[@]}" >"$REPORTS/check.sarif"
  "$SLUICE" check --werror "${POLICIES[@]}" || failed+=(check)
fi

if step fmt; then
  "$SLUICE" fmt --check "${POLICIES[@]}" || failed+=(fmt)
fi

if step test; then
  "$SLUICE" test --format junit --coverage "${POLICIES[@]}" >"$REPORTS/junit.xml"
  "$SLUICE" test --coverage-min "$COVERAGE_MIN" "${POLICIES[@]}" || failed+=(test)
fi

post_comment() {  # FILE
  case "$COMMENT" in
    github)
      gh pr comment "${PR_NUMBER:?PR_NUMBER is not set}" --body-file "$1" ;;
    gitlab)
      curl --fail --silent --show-error --request POST \
        --header "PRIVATE-TOKEN: ${GITLAB_TOKEN:?GITLAB_TOKEN is not set}" \
        --data-urlencode "body@$1" \
        "$CI_API_V4_URL/projects/$CI_PROJECT_ID/merge_requests/$CI_MERGE_REQUEST_IID/notes" >/dev/null ;;
    none) ;;
  esac
}

if [ -n "${SLUICE_DIFF_BASE:-}" ] && step diff; then
  policy="${SLUICE_DIFF_POLICY:?SLUICE_DIFF_POLICY is not set}"
  args=("git:$SLUICE_DIFF_BASE:$policy" "$policy" --format markdown)
  [ -n "${SLUICE_DIFF_RECORDS:-}" ] && args+=(--records "$SLUICE_DIFF_RECORDS")
  [ -n "${SLUICE_DIFF_AS_OF:-}" ] && args+=(--as-of "$SLUICE_DIFF_AS_OF")
  [ -n "${SLUICE_DIFF_FAIL_OVER:-}" ] && args+=(--fail-if-changed-over "$SLUICE_DIFF_FAIL_OVER")
  if git cat-file -e "$SLUICE_DIFF_BASE:$policy" 2>/dev/null; then
    "$SLUICE" diff "${args[@]}" >"$REPORTS/impact.md"
    status=$?
    cat "$REPORTS/impact.md"
    # 1: a version has errors or the change is over --fail-if-changed-over; 2: bad usage.
    if [ "$status" -ne 0 ]; then failed+=(diff); fi
    if [ "$status" -le 1 ] && [ -s "$REPORTS/impact.md" ]; then post_comment "$REPORTS/impact.md" || failed+=(comment); fi
  else
    echo "$policy is new since $SLUICE_DIFF_BASE: no impact to show"
  fi
fi

if [ "${#failed[@]}" -gt 0 ]; then
  echo "policy-ci: failed: ${failed[*]}"
  exit 1
fi
echo "policy-ci: all steps passed"
