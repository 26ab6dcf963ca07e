#!/bin/bash
# Messages and help in the user's language: Japanese when the locale
# variables say ja* (whether or not the ja_JP locale is installed) or with
# --lang ja, English with LANG=C or --lang en; 'help COMMAND'.
# usage: i18n.sh PROCSPEC SOURCE_DIR
set -u
ps=$1 src=$2
fail() { echo "FAIL: $*"; exit 1; }
has_ja() { LC_ALL=C.UTF-8 grep -qP '[\x{3040}-\x{30ff}\x{4e00}-\x{9fff}]' <<<"$1"; }

out=$(env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=ja_JP.UTF-8 "$ps" --help) || fail "--help failed"
grep -q '^使い方: procspec' <<<"$out" || fail "LANG=ja_JP.UTF-8: help is not Japanese: $out"
out=$(env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=C "$ps" --help)
grep -q '^usage: procspec' <<<"$out" || fail "LANG=C: help is not English"
out=$(env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=C "$ps" --lang ja --help)
grep -q '^使い方' <<<"$out" || fail "--lang ja did not choose Japanese"
out=$(env LANGUAGE= LC_ALL=ja_JP.UTF-8 "$ps" --help --lang=en)
grep -q '^usage' <<<"$out" || fail "--lang=en after the command did not choose English"
out=$(LC_ALL=C LANGUAGE=ja "$ps" --help)
grep -q '^使い方' <<<"$out" || fail "LANGUAGE=ja is not honoured"

# Precedence: LANGUAGE (a list: the first entry procspec speaks), then
# LC_ALL, LC_MESSAGES, LANG.
lang_of() { # ENV... -> ja or en, by the first line of --help
  local first
  first=$(env -u LANGUAGE -u LC_ALL -u LC_MESSAGES -u LANG "$@" "$ps" --help | head -n 1)
  case $first in 使い方*) echo ja ;; usage*) echo en ;; *) echo "?" ;; esac
}
while read -r want vars; do
  # shellcheck disable=SC2086 # VARS is a list of assignments
  got=$(lang_of $vars)
  [ "$got" = "$want" ] || fail "$vars: $got, expected $want"
done <<'CASES'
ja LANGUAGE=fr:ja LANG=ja_JP.UTF-8
ja LANGUAGE=fr:ja LANG=C
ja LANGUAGE=de:fr:ja_JP:en LANG=C
en LANGUAGE=fr:en:ja LANG=ja_JP.UTF-8
en LANGUAGE=fr LANG=ja_JP.UTF-8
en LANGUAGE=jam LANG=C
ja LANGUAGE= LANG=ja_JP.UTF-8
ja LC_ALL=ja_JP.UTF-8 LC_MESSAGES=C LANG=C
en LC_ALL=C LC_MESSAGES=ja_JP.UTF-8 LANG=ja_JP.UTF-8
ja LC_MESSAGES=ja_JP.UTF-8 LANG=C
en LC_MESSAGES=en_US.UTF-8 LANG=ja_JP.UTF-8
ja LANG=ja_JP.UTF-8
en LANG=C
en
CASES

# A diagnostic: the severity and the message in the chosen language.
bad=$src/tests/bad/profiles/confidentiality-4.yaml
err=$(LANG=C LANGUAGE= "$ps" check --lang ja "$bad" 2>&1 >/dev/null)
grep -q ': エラー' <<<"$err" || fail "Japanese diagnostic lacks エラー: $err"
err=$(LANG=C LANGUAGE= "$ps" check "$bad" 2>&1 >/dev/null)
grep -q ': error' <<<"$err" || fail "English diagnostic lacks error: $err"
has_ja "$(LANG=C LANGUAGE= "$ps" --lang ja frobnicate 2>&1)" || fail "unknown command message not Japanese"

"$ps" --lang fr --help >/dev/null 2>&1 && fail "--lang fr accepted"
"$ps" --lang >/dev/null 2>&1 && fail "--lang without a value accepted"

# Outside the corpora (i18n_corpus.sh): help, the table of coverage, a
# missing LibreOffice, in Japanese without English left.
# shellcheck source=tests/e2e/japanese_text.sh
. "$(dirname "$0")/japanese_text.sh"
sample=$src/samples/e-application.yaml
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
{
  "$ps" --lang ja --help
  for c in init generate serve check coverage diff ledger confirm clauses schema; do
    "$ps" --lang ja "$c" --help
  done
  "$ps" --lang ja coverage "$sample" | head -n 1
  PROCSPEC_SOFFICE=$work/no-such-soffice "$ps" --lang ja generate "$sample" --format pdf -o "$work/pdf"
} >"$work/ja.txt" 2>&1
english=$(ja_strip <"$work/ja.txt" | ja_english)
[ -z "$english" ] || fail "English left in Japanese help and output:
$english"
grep -q '^要求事項 ' "$work/ja.txt" || fail "coverage's header is not Japanese"
grep -q 'LibreOffice Writer をインストールしてください' "$work/ja.txt" ||
  fail "missing LibreOffice: no Japanese hint: $(grep -i libreoffice "$work/ja.txt")"

# The Japanese manual keeps level with the English one: every command and
# long option the English page names, the Japanese page names too; its
# pages are headed in Japanese.
en_page=$src/docs/procspec.1.md ja_page=$src/docs/procspec.1.ja.md
names=$( (grep -oE '\*\*--[a-z][a-z-]*\*\*|\*\*procspec [a-z]+\*\*' "$en_page"
  sed -n '/^# COMMANDS/,/^# /p' "$en_page" | grep -oE '^\*\*[a-z]+\*\*') | sort -u)
[ "$(wc -l <<<"$names")" -gt 40 ] || fail "found only $(wc -l <<<"$names") names in $en_page"
for name in $names; do
  grep -qF -- "$name" "$ja_page" || fail "docs/procspec.1.ja.md lacks $name, which docs/procspec.1.md names"
done
for cmd in $(sed -n '/^# COMMANDS/,/^# /p' "$en_page" | grep -oE '^\*\*[a-z]+\*\*' | tr -d '*'); do
  grep -q "^\*\*procspec $cmd\*\*" "$en_page" || [ "$cmd" = help ] || continue
  # the synopsis line of each command: the same options in both pages
  en_opts=$(grep "^\*\*procspec $cmd\*\*" "$en_page" | grep -oE '\*\*--?[a-z][a-z-]*\*\*( [a-z|,-]+)?' | sort)
  ja_opts=$(grep "^\*\*procspec $cmd\*\*" "$ja_page" | grep -oE '\*\*--?[a-z][a-z-]*\*\*( [a-z|,-]+)?' | sort)
  [ "$en_opts" = "$ja_opts" ] || fail "the synopsis of $cmd differs: English: $(echo $en_opts) Japanese: $(echo $ja_opts)"
done
man_ja=$(dirname "$ps")/man/ja/man1/procspec.1
if [ -f "$man_ja" ]; then
  head -n 1 "$man_ja" | grep -q 'procspec マニュアル' || fail "the Japanese man page is headed $(head -n 1 "$man_ja")"
fi

# help COMMAND is COMMAND --help.
[ "$("$ps" help generate)" = "$("$ps" generate --help)" ] || fail "help generate differs from generate --help"
"$ps" help frobnicate >/dev/null 2>&1 && fail "help of an unknown command succeeded"
# The Japanese guide: every picture and page it links to exists.
guide=$src/docs/guide.ja.md
[ -f "$guide" ] || fail "docs/guide.ja.md is missing"
for link in $(grep -oE '\]\([^)#]+\)' "$guide" | sed 's/^](//; s/)$//'); do
  [ -e "$src/docs/$link" ] || fail "docs/guide.ja.md links to $link, which does not exist"
done
grep -q 'docs/guide.ja.md' "$src/README.md" || fail "README.md does not point to the Japanese guide"
echo "PASS: i18n"
