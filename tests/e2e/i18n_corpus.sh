#!/bin/bash
# Japanese first: the catalog po/ja.po translates every message procspec
# can print (msgfmt --statistics: nothing untranslated or fuzzy; msgcmp
# against the messages extracted from the sources now: nothing missing),
# and every message that the bad-input corpus and the findings corpus
# produce (check, generate, ledger, diff, confirm) reads in Japanese with
# LANG=ja_JP.UTF-8 and in English with LANG=C. "Reads in Japanese": once
# quoted values, file paths, key paths and option names are taken out, no
# run of two English words is left but a few names (japanese_text.sh), and a
# finding names its criteria item's summary whichever command reports it.
# usage: i18n_corpus.sh PROCSPEC SOURCE_DIR
set -u
ps=$1 src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$src/po/ja.po" 2>&1) || fail "msgfmt: $stats"
grep -qE 'untranslated|fuzzy' <<<"$stats" && fail "po/ja.po is incomplete: $stats"
echo "ok: po/ja.po: $stats"

# A message marked in the sources but never added to po/ja.po is not in
# the statistics above: extract the messages as the pot target does.
(cd "$src" && sh po/extract.sh xgettext "$work/procspec.pot") >"$work/extract.log" 2>&1 ||
  fail "po/extract.sh: $(cat "$work/extract.log")"
missing=$(LC_ALL=C msgcmp "$src/po/ja.po" "$work/procspec.pot" 2>&1) ||
  fail "messages of the sources missing from po/ja.po (cmake --build build --target pot, then translate):
$(grep -A1 'not defined' <<<"$missing" | head -n 40)"
echo "ok: po/ja.po holds every message of the sources ($(grep -c '^msgid' "$work/procspec.pot") in po/procspec.pot)"

# Every message line of every case, in each language.
run_corpus() { # LANG OUTFILE
  local out=$2 sample=$src/samples/e-application.yaml
  # The locale as a user sets it, whether or not it is installed here.
  local ps="env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=$1 $ps"
  : >"$out"
  for f in "$src"/tests/bad/profiles/*.yaml "$src"/tests/findings/*.yaml; do
    $ps check "$f" 2>>"$out" >/dev/null
  done
  # The findings as generate and ledger report them (warnings, notes on
  # the defaults the documents use), and the ledger of a folder of bad
  # files (the entries skipped).
  for f in "$src"/tests/findings/*.yaml; do
    $ps generate "$f" --format md -o "$work/gen" 2>>"$out" >/dev/null
  done
  $ps ledger "$src"/tests/findings/*.yaml 2>>"$out" >/dev/null
  $ps ledger "$src"/tests/bad/profiles 2>>"$out" >/dev/null
  for t in "$src"/tests/bad/templates/*/; do
    $ps generate "$sample" --templates "$t" -o "$work/out" 2>>"$out" >/dev/null
  done
  while IFS='|' read -r file _; do
    $ps diff "$src/tests/bad/diff/$file" "$sample" 2>>"$out" >/dev/null
    $ps confirm "$sample" "$src/tests/bad/diff/$file" 2>>"$out" >/dev/null
  done <"$src/tests/bad/diff/expect"
}
# ja_strip, ja_english
# shellcheck source=tests/e2e/japanese_text.sh
. "$(dirname "$0")/japanese_text.sh"

run_corpus ja_JP.UTF-8 "$work/ja.txt"
lines=$(wc -l <"$work/ja.txt")
[ "$lines" -gt 500 ] || fail "the corpus printed only $lines message lines"
untranslated=$(ja_strip <"$work/ja.txt" | LC_ALL=C.UTF-8 grep -vP '[\x{3040}-\x{30ff}\x{4e00}-\x{9fff}]' | sort -u)
[ -z "$untranslated" ] || fail "messages left in English with LANG=ja_JP.UTF-8:
$untranslated"
english=$(ja_strip <"$work/ja.txt" | ja_english | sort -u)
[ -z "$english" ] || fail "English words left in Japanese messages (LANG=ja_JP.UTF-8):
$english"
# English put into a Japanese sentence as a quoted value (a word of the
# program, not of the profile: three lower-case words in a row).
quoted=$(LC_ALL=C.UTF-8 grep -oP "「[^」]*」" "$work/ja.txt" | LC_ALL=C.UTF-8 grep -P '[a-z]{2,} [a-z]{2,} [a-z]{2,}' | sort -u)
[ -z "$quoted" ] || fail "English phrases quoted in Japanese messages:
$quoted"
echo "ok: $lines message lines in Japanese"

# A finding names its item's summary with every command: check names
# [3.1(3) 流通経路…]; generate and ledger must not print a bare [3.1(3)].
summarised=$(grep -oP '(?:エラー|警告|注記) \[\K[^] ]+(?= [^]]+\]:)' "$work/ja.txt" | sort -u)
[ -n "$summarised" ] || fail "no finding names its criteria item's summary"
bare=$(grep -P '(エラー|警告|注記) \[[^] ]+\]:' "$work/ja.txt" | while read -r line; do
  ref=$(grep -oP '(?<=\[)[^] ]+(?=\]:)' <<<"$line")
  grep -qxF -- "$ref" <<<"$summarised" && echo "$line"
done)
[ -z "$bare" ] || fail "findings without their item's summary:
$(head -n 5 <<<"$bare")"
grep -q ': 警告 \[5.2(4) 台帳\]:' "$work/ja.txt" || fail "the ledger's warning on 5.2(4) has no summary"
echo "ok: every finding names its criteria item's summary ($(wc -l <<<"$summarised") items)"

run_corpus C "$work/en.txt"
LC_ALL=C.UTF-8 grep -qP '(エラー|警告|注記)' "$work/en.txt" && fail "Japanese severities with LANG=C"
[ "$(wc -l <"$work/en.txt")" -eq "$lines" ] || fail "the English run printed another number of lines"
echo "ok: the same messages in English with LANG=C"
echo "PASS: i18n corpus"
