#!/bin/bash
# Japanese first: the catalog po/ja.po translates every message procspec
# can print (msgfmt --statistics: nothing untranslated or fuzzy), and every
# message that the bad-input corpus and the findings corpus produce reads in
# Japanese with LANG=ja_JP.UTF-8 (Japanese text outside the quoted values)
# and in English with LANG=C.
# usage: i18n_corpus.sh PROCSPEC SOURCE_DIR
set -u
ps=$1 src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$src/po/ja.po" 2>&1) || fail "msgfmt: $stats"
grep -qE 'untranslated|fuzzy' <<<"$stats" && fail "po/ja.po is incomplete: $stats"
echo "ok: po/ja.po: $stats"

# Every message line of every case, in each language.
run_corpus() { # LANG OUTFILE
  local out=$2 sample=$src/samples/e-application.yaml
  # The locale as a user sets it, whether or not it is installed here.
  local ps="env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=$1 $ps"
  : >"$out"
  for f in "$src"/tests/bad/profiles/*.yaml "$src"/tests/findings/*.yaml; do
    $ps check "$f" 2>>"$out" >/dev/null
  done
  for t in "$src"/tests/bad/templates/*/; do
    $ps generate "$sample" --templates "$t" -o "$work/out" 2>>"$out" >/dev/null
  done
  while IFS='|' read -r file _; do
    $ps diff "$src/tests/bad/diff/$file" "$sample" 2>>"$out" >/dev/null
  done <"$src/tests/bad/diff/expect"
}
# The message itself: no location prefix, no quoted values.
strip() { sed -E "s/^[^ ]*:[0-9]+:[0-9]+: //; s/^[^ ]*: //; s/'[^']*'//g; s/「[^」]*」//g; s/\"[^\"]*\"//g"; }

run_corpus ja_JP.UTF-8 "$work/ja.txt"
lines=$(wc -l <"$work/ja.txt")
[ "$lines" -gt 100 ] || fail "the corpus printed only $lines message lines"
untranslated=$(strip <"$work/ja.txt" | LC_ALL=C.UTF-8 grep -vP '[\x{3040}-\x{30ff}\x{4e00}-\x{9fff}]' | sort -u)
[ -z "$untranslated" ] || fail "messages left in English with LANG=ja_JP.UTF-8:
$untranslated"
echo "ok: $lines message lines in Japanese"

run_corpus C "$work/en.txt"
LC_ALL=C.UTF-8 grep -qP '(エラー|警告|注記)' "$work/en.txt" && fail "Japanese severities with LANG=C"
[ "$(wc -l <"$work/en.txt")" -eq "$lines" ] || fail "the English run printed another number of lines"
echo "ok: the same messages in English with LANG=C"
echo "PASS: i18n corpus"
