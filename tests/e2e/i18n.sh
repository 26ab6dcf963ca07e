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

# A diagnostic: the severity and the message in the chosen language.
bad=$src/tests/bad/profiles/confidentiality-4.yaml
err=$(LANG=C LANGUAGE= "$ps" check --lang ja "$bad" 2>&1 >/dev/null)
grep -q ': エラー' <<<"$err" || fail "Japanese diagnostic lacks エラー: $err"
err=$(LANG=C LANGUAGE= "$ps" check "$bad" 2>&1 >/dev/null)
grep -q ': error' <<<"$err" || fail "English diagnostic lacks error: $err"
has_ja "$(LANG=C LANGUAGE= "$ps" --lang ja frobnicate 2>&1)" || fail "unknown command message not Japanese"

"$ps" --lang fr --help >/dev/null 2>&1 && fail "--lang fr accepted"
"$ps" --lang >/dev/null 2>&1 && fail "--lang without a value accepted"

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
