#!/bin/bash
# Runs `procspec check` on every profile in tests/findings/ and compares the
# findings (severity and criteria item, counted) with the file's
# "# expect:" lines. "# expect: none" means no finding at all. Each
# "# expect-text: TEXT" line names text the findings must contain (such as
# both values of a contradiction). Then runs it on every sample in
# SAMPLES_DIR: a sample shows no warning and no error, except the samples
# listed below, which are meant to show those findings (regression: four
# samples promised an uptime their RTO already breaks).
# usage: findings.sh PROCSPEC FINDINGS_DIR [SAMPLES_DIR]
set -u
procspec=$1 dir=$2 samples=${3:-}
failed=0 total=0
# Samples meant to show findings, with the findings they show.
declare -A meant=(
  # a foreign parent company and staff access from the United States and India
  [saas-reseller]="warning 3.1(4);warning 3.1(4);warning 3.1(4);"
)
for f in "$dir"/*.yaml; do
  total=$((total + 1))
  want=$(sed -n 's/^# expect: //p' "$f" | grep -v '^none$' | sort)
  got=$("$procspec" check "$f" 2>&1 >/dev/null | sed -n 's/^[^ ]*: \(error\|warning\) \[\([^]]*\)\]: .*/\1 \2/p' | sort)
  "$procspec" check "$f" >/dev/null 2>&1
  status=$?
  expected_status=0
  grep -q '^error' <<<"$want" && expected_status=1
  missing=
  output=$("$procspec" check "$f" 2>&1 >/dev/null)
  while IFS= read -r text; do
    [ -n "$text" ] && ! grep -qF -- "$text" <<<"$output" && missing="$missing '$text'"
  done < <(sed -n 's/^# expect-text: //p' "$f")
  if [ -n "$missing" ]; then
    echo "FAIL: $(basename "$f"): the findings do not contain$missing"
    failed=$((failed + 1))
    continue
  fi
  if [ "$got" != "$want" ] || [ $status -ne $expected_status ]; then
    echo "FAIL: $(basename "$f"): exit $status (expected $expected_status)"
    echo "  expected: $(tr '\n' ';' <<<"$want")"
    echo "  got:      $(tr '\n' ';' <<<"$got")"
    failed=$((failed + 1))
  fi
done
for f in ${samples:+"$samples"/*.yaml}; do
  total=$((total + 1))
  name=$(basename "$f" .yaml)
  got=$("$procspec" check "$f" 2>&1 >/dev/null | sed -n 's/^[^ ]*: \(error\|warning\) \[\([^]]*\)\]: .*/\1 \2/p' | sort | tr '\n' ';')
  if [ "$got" != "${meant[$name]:-}" ]; then
    echo "FAIL: sample $name: expected '${meant[$name]:-}' (no warning unless listed), got '$got'"
    "$procspec" check "$f" 2>&1 >/dev/null | grep -E ': (warning|error) ' | sed 's/^/  /'
    failed=$((failed + 1))
  fi
done
echo "$((total - failed)) passed, $failed failed"
[ $failed -eq 0 ]
