#!/bin/bash
# diff --no-refs: the redline leaves out the 【3.1(1)】 lines of criteria
# references, as generate --no-refs does; without it they are there.
# usage: diff_norefs.sh PROCSPEC SOURCE_DIR
set -u
ps=$1 src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
old=$src/samples/e-application.yaml
sed 's/^\(  uptime: \).*/\199.5%/' "$old" >"$work/new.yaml"
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
  unzip -p "$work/plain.$fmt" $part | grep -q '99.5' || fail "$fmt --no-refs: the change is missing"
done
echo "PASS: diff --no-refs"
