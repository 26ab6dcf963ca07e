#!/bin/bash
# diff --no-refs: every format leaves out the 【3.1(1)】 lines of criteria
# references, as generate --no-refs does (the redlines, the text, md and
# JSON reports); without it they are there.
# usage: diff_norefs.sh PROCSPEC SOURCE_DIR
set -u
ps=$1 src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
old=$src/samples/e-application.yaml
sed 's/^\(  uptime: \).*/\199.6%/' "$old" >"$work/new.yaml"
for fmt in docx odt; do
  part=word/document.xml
  [ $fmt = odt ] && part=content.xml
  "$ps" diff "$old" "$work/new.yaml" --format $fmt -o "$work/refs.$fmt" >/dev/null
  [ $? -eq 1 ] || fail "$fmt: diff did not exit 1"
  "$ps" diff "$old" "$work/new.yaml" --format $fmt --no-refs -o "$work/plain.$fmt" >/dev/null
  [ $? -eq 1 ] || fail "$fmt --no-refs: diff did not exit 1"
  # The summary page's 【変更の概要】 and 【変更の概要ここまで】 are no references.
  with=$(unzip -p "$work/refs.$fmt" $part | sed 's/【変更の概要[^】]*】//g' | grep -o '【' | wc -l)
  without=$(unzip -p "$work/plain.$fmt" $part | sed 's/【変更の概要[^】]*】//g' | grep -o '【' | wc -l)
  [ "$with" -gt 0 ] || fail "$fmt: the redline has no reference lines without --no-refs"
  [ "$without" -eq 0 ] || fail "$fmt: --no-refs left $without reference marks in the redline"
  unzip -p "$work/plain.$fmt" $part | grep -q '99.6' || fail "$fmt --no-refs: the change is missing"
done
# The reports: no 【…】 line in the changes, no criteria column or line,
# the JSON's references empty.
"$ps" --lang ja diff "$old" "$work/new.yaml" --format text --no-refs | grep -q '\[3\.1(3)' &&
  fail "text --no-refs: the criteria items of a changed clause are listed"
"$ps" --lang ja diff "$old" "$work/new.yaml" --format text | grep -q '\[3\.1(3)' ||
  fail "text: no criteria items without --no-refs"
for fmt in md json; do
  "$ps" --lang ja diff "$old" "$work/new.yaml" --format $fmt >"$work/refs.$fmt"
  "$ps" --lang ja diff "$old" "$work/new.yaml" --format $fmt --no-refs >"$work/plain.$fmt"
  grep -qE '99\\?\.6' "$work/plain.$fmt" || fail "$fmt --no-refs: the change is missing"
  grep -q '【' "$work/refs.$fmt" || fail "$fmt: the report has no reference lines without --no-refs"
  grep -q '【' "$work/plain.$fmt" && fail "$fmt --no-refs: reference lines left: $(grep -m1 '【' "$work/plain.$fmt")"
done
grep -q '3\\.1\\(3\\)' "$work/refs.md" || fail "md: no criteria items without --no-refs"
grep -q '3\\.1\\(3\\)\|根拠\|基準: ' "$work/plain.md" && fail "md --no-refs: criteria items left"
python3 - "$work/refs.json" "$work/plain.json" <<'PY' || fail "json --no-refs: references left"
import json, sys
def refs(path):
    return [(c["refs"], c["old_refs"]) for c in json.load(open(path))["clauses"]]
assert any(r for r, _ in refs(sys.argv[1])), "no references without --no-refs"
for r, o in refs(sys.argv[2]):
    assert r == [] and o is None, (r, o)
PY
echo "PASS: diff --no-refs"
