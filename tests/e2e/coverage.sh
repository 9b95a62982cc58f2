#!/usr/bin/env bash
# End-to-end test of `sluice test --coverage` / `--coverage-min` and of the report
# formats CI consumes:
#   tests/golden/test_runner/   `test --coverage` in text, JSON and JUnit == expected/coverage.*
#   --coverage-min              exit 1 below the minimum (saying so), 0 at it, 2 when malformed
#   tests/schemas/              `check --format sarif` validates against the SARIF 2.1.0
#                               schema and carries what GitHub code scanning reads;
#                               `test --format junit` validates against the JUnit XSD
# A validator that is not installed (python3 jsonschema, xmllint) gives a SKIP line.
#   tests/e2e/coverage.sh SLUICE ROOT      (SLUICE_REGEN=1 rewrites the goldens)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"

cd "$ROOT" || exit 1
tr=tests/golden/test_runner

# --- coverage goldens (JUnit times zeroed: the only part that changes between runs)
golden() {  # NAME ARGS...
  local name="$1"; shift
  "$SLUICE" test --as-of 2026-01-15 --coverage "$@" >"$tmp/out" 2>/dev/null
  echo "$?" >"$tmp/status"
  sed -i 's/ time="[0-9.]*"/ time="0"/' "$tmp/out"
  compare "$tr/expected/$name" "$tmp/out" "coverage golden $name"
  compare "$tr/expected/$name.status" "$tmp/status" "coverage golden status $name"
}
golden coverage.txt "$tr"
golden coverage.json --format json "$tr"
golden coverage.junit.xml --format junit "$tr"

# --- --coverage-min: all_pass.funnel covers 5 of 6 items (83.3%)
min_run() {  # EXPECTED_STATUS P
  "$SLUICE" test --as-of 2026-01-15 --coverage-min "$2" "$tr/all_pass.funnel" >"$tmp/out" 2>"$tmp/err"
  local status=$?
  [ "$status" = "$1" ] && ok || { fail "--coverage-min $2: exit $status, expected $1"; cat "$tmp/err"; }
}
min_run 0 83.3
min_run 0 0
min_run 1 83.4
grep -qF "total coverage 83.3% (5 of 6) is below the minimum 83.4%" "$tmp/err" && ok || { fail "below-minimum message"; cat "$tmp/err"; }
grep -q "^total coverage: 83.3% (5 of 6)$" "$tmp/out" && ok || fail "--coverage-min must print the coverage"
min_run 1 100
for bad in 101 -1 abc 50% "" nan 1e2 0x10; do min_run 2 "$bad"; done

# --- SARIF: the schema, and what GitHub code scanning reads
SLUICE_DOCS_URI=https://docs.example.com/sluice "$SLUICE" check --werror --format sarif \
  tests/golden/diagnostics/ tests/golden/parse_ok/ >"$tmp/check.sarif" 2>/dev/null
# The first python3 that has jsonschema (a pyenv one may shadow Debian's /usr/bin/python3).
py=""
for candidate in python3 /usr/bin/python3; do
  if "$candidate" -c "import jsonschema" 2>/dev/null; then py="$candidate"; break; fi
done
if [ -n "$py" ]; then
  "$py" - "$tmp/check.sarif" tests/schemas/sarif-2.1.0-rtm.5.json >"$tmp/sarif.out" 2>&1 <<'PY'
import json, sys
import jsonschema
log = json.load(open(sys.argv[1]))
schema = json.load(open(sys.argv[2]))
validator = jsonschema.validators.validator_for(schema)(schema, format_checker=jsonschema.FormatChecker())
problems = [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}" for e in validator.iter_errors(log)]
# What GitHub code scanning reads (its SARIF support page), beyond the schema.
assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
run = log["runs"][0]
driver = run["tool"]["driver"]
for key in ("name", "version", "informationUri", "rules"):
    if key not in driver: problems.append(f"tool.driver has no {key}")
rules = driver["rules"]
for rule in rules:
    for key in ("id", "name", "shortDescription", "fullDescription", "help", "helpUri", "defaultConfiguration"):
        if key not in rule: problems.append(f"rule {rule.get('id')} has no {key}")
    if not rule.get("help", {}).get("markdown"): problems.append(f"rule {rule.get('id')} has no help markdown")
    if "#" not in rule.get("helpUri", ""): problems.append(f"rule {rule.get('id')}: helpUri has no anchor")
if len(run["results"]) < 50: problems.append(f"only {len(run['results'])} results")
for result in run["results"]:
    if rules[result["ruleIndex"]]["id"] != result["ruleId"]: problems.append(f"ruleIndex of {result['ruleId']}")
    if not result.get("partialFingerprints"): problems.append(f"{result['ruleId']} has no partialFingerprints")
    for loc in result["locations"]:
        art = loc["physicalLocation"]["artifactLocation"]
        region = loc["physicalLocation"]["region"]
        if art.get("uriBaseId") != "%SRCROOT%" or art["uri"].startswith("/"): problems.append(f"uri {art['uri']}")
        for key in ("startLine", "startColumn", "endLine", "endColumn"):
            if key not in region: problems.append(f"{result['ruleId']}: region has no {key}")
print("\n".join(problems[:20]))
sys.exit(1 if problems else 0)
PY
  [ "$?" = 0 ] && ok || { fail "check --format sarif does not validate"; cat "$tmp/sarif.out"; }
else
  skip "SARIF schema validation: python3 has no jsonschema module (Debian: python3-jsonschema)"
fi

# --- JUnit: the XSD, with failures, a broken policy and coverage properties
if command -v xmllint >/dev/null; then
  "$SLUICE" test --as-of 2026-01-15 --coverage --format junit "$tr" "$tr/broken" >"$tmp/junit.xml" 2>/dev/null
  if xmllint --noout --schema tests/schemas/junit.xsd "$tmp/junit.xml" 2>"$tmp/xmllint.err"; then ok; else
    fail "test --format junit does not validate"; head -20 "$tmp/xmllint.err"
  fi
  # The schema must reject what it should: a testcase before the properties.
  sed 's|<properties>|<testcase name="early"/><properties>|' "$tmp/junit.xml" >"$tmp/bad.xml"
  if xmllint --noout --schema tests/schemas/junit.xsd "$tmp/bad.xml" 2>/dev/null; then
    fail "the JUnit XSD accepts properties after a testcase"
  else ok; fi
else
  skip "JUnit schema validation: no xmllint (Debian: libxml2-utils)"
fi

echo "e2e coverage: $passed passed, $failures failed, $skipped skipped"
[ "$failures" -eq 0 ]
