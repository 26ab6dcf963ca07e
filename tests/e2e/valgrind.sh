#!/bin/bash
# valgrind memcheck over generating every sample, the ledger, coverage,
# check on the findings corpus, the redlines of a template revision and
# every bad-input case: no error and no leaked or still-reachable byte.
# usage: valgrind.sh PROCSPEC SOURCE_DIR
set -u
procspec=$1 src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0 total=0
vg() { # expected-status command...
  local want=$1; shift
  total=$((total + 1))
  valgrind -q --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all \
    --error-exitcode=99 "$procspec" "$@" >/dev/null 2>"$work/log"
  local got=$?
  if [ $got -eq 99 ] || { [ "$want" != any ] && [ $got -ne "$want" ]; }; then
    echo "FAIL: procspec $* (exit $got)"
    grep '==[0-9]*==' "$work/log" | head -n 20
    failed=$((failed + 1))
  fi
}
for s in "$src"/samples/*.yaml; do
  t=()
  [ -d "${s%.yaml}.templates" ] && t=(--templates "${s%.yaml}.templates")
  vg 0 generate "$s" "${t[@]}" -o "$work/out"
done
vg 0 ledger "$src"/samples/*.yaml -o "$work/ledger.odt"
vg 0 ledger "$src"/samples/*.yaml -o "$work/ledger.csv"
vg 0 ledger "$src"/samples/*.yaml -o "$work/ledger.xlsx"
vg 0 coverage "$src/samples/e-application.yaml"
vg 2 generate "$src/samples/e-application.yaml" -o "" # ensure_dir read past an empty name
mkdir "$work/empty"
vg 2 generate "$work/empty"
vg 0 clauses
vg 0 schema
vg 1 check "$src"/tests/findings/*.yaml
for fmt in docx odt; do
  vg 1 diff "$src/samples/e-application.yaml" "$src/samples/e-application.yaml" \
    --new-templates "$src/tests/diff/templates-v2" --format "$fmt" -o "$work/redline.$fmt"
  vg 1 diff "$src/samples/e-application.yaml" "$src/samples/backup-service.yaml" \
    --format "$fmt" -o "$work/redline.$fmt"
done
for f in "$src"/tests/bad/profiles/*.yaml; do
  vg 2 generate "$f" -o "$work/bad"
done
echo "$((total - failed)) passed, $failed failed"
[ $failed -eq 0 ]
