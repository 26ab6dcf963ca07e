#!/bin/bash
# Batch generation: folders and several profiles, one folder per service,
# a broken profile reported while the others are generated (exit 2), the
# same bytes with -j 1 and -j 2, and the ledger of a whole folder.
# usage: batch.sh PROCSPEC SOURCE_DIR
set -u
procspec=$1 src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
mkdir "$work/in"
cp "$src"/samples/*.yaml "$work/in/"
n=$(ls "$work/in" | wc -l)
"$procspec" generate "$work/in" -o "$work/j1" -j 1 >/dev/null 2>"$work/err" || { cat "$work/err"; fail "-j 1"; }
"$procspec" generate "$work/in" -o "$work/j2" -j 2 >/dev/null 2>"$work/err" || { cat "$work/err"; fail "-j 2"; }
[ "$(ls "$work/j1" | wc -l)" -eq "$n" ] || fail "not one folder per service"
diff -r "$work/j1" "$work/j2" >/dev/null || fail "-j 2 wrote other bytes than -j 1"
[ -s "$work/j1/web-meeting/spec.docx" ] || fail "web-meeting/spec.docx missing"
# Notes and warnings of the profiles themselves are diagnostics, not progress.
progress=$(grep -v -E '^[^ ]+:[0-9]+:[0-9]+: (note|warning)( \[[^]]*\])?: ' "$work/err")
[ -z "$progress" ] || fail "progress or messages on a non-terminal: $progress"
cp "$src/tests/bad/profiles/end-before-start.yaml" "$work/in/broken.yaml"
"$procspec" generate "$work/in" -o "$work/with-broken" -j 2 >/dev/null 2>"$work/err"
[ $? -eq 2 ] || fail "a broken profile in a batch did not give exit 2"
grep -q "broken.yaml:[0-9]*:[0-9]*: error" "$work/err" || fail "the broken profile is not reported"
grep -q "1 of $((n + 1)) profiles failed" "$work/err" || fail "no summary"
[ "$(ls "$work/with-broken" | wc -l)" -eq "$n" ] || fail "the other services were not generated"
"$procspec" ledger "$src/samples" -o "$work/ledger.csv" || fail "ledger of a folder"
[ "$(wc -l <"$work/ledger.csv")" -eq $((n + 1)) ] || fail "ledger rows"
echo "PASS: batch"
