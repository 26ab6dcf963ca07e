#!/bin/bash
# The command line: help, version, exit statuses, located errors, and that a
# failed run leaves the output folder exactly as it was.
# usage: cli.sh PROCSPEC SOURCE_DIR
set -u
procspec=$1 src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
expect_status() { # want, command...
  local want=$1; shift
  "$@" >"$work/out" 2>"$work/err"
  local got=$?
  [ $got -eq "$want" ] || { cat "$work/err"; fail "'$*' exited $got, expected $want"; }
}
tree_hash() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 -r sha256sum | sha256sum); }

expect_status 0 "$procspec" --help
grep -q generate "$work/out" || fail "--help does not list generate"
expect_status 0 "$procspec" --version
grep -qE '^procspec [0-9]+\.[0-9]+\.[0-9]+$' "$work/out" || fail "bad --version"
expect_status 2 "$procspec"
expect_status 2 "$procspec" frobnicate
expect_status 0 "$procspec" generate --help
expect_status 2 "$procspec" generate
expect_status 2 "$procspec" generate "$src/samples/e-application.yaml" --format rtf
expect_status 0 "$procspec" check "$src/samples/e-application.yaml"

# A broken profile: located errors, exit 2, no output, existing files kept.
sed -e 's/^  rto: 3h/  rto: four hours/' -e 's/^  provider:/  provder:/' \
  "$src/samples/e-application.yaml" >"$work/broken.yaml"
expect_status 2 "$procspec" check "$work/broken.yaml"
grep -qE "^$work/broken.yaml:[0-9]+:[0-9]+: error: availability_targets.rto must be a duration" "$work/err" \
  || { cat "$work/err"; fail "no located duration error"; }
grep -qE "^$work/broken.yaml:[0-9]+:[0-9]+: error: unknown key 'service.provder'; did you mean 'provider'" "$work/err" \
  || fail "no did-you-mean hint"

mkdir "$work/out-dir"
echo "signed annex of last year" >"$work/out-dir/spec.docx"
before=$(tree_hash "$work/out-dir")
expect_status 2 "$procspec" generate "$work/broken.yaml" -o "$work/out-dir"
[ "$(tree_hash "$work/out-dir")" = "$before" ] || fail "a failed run changed the output folder"
expect_status 2 "$procspec" generate "$work/broken.yaml" -o "$work/new-dir"
[ ! -e "$work/new-dir" ] || fail "a failed run created the output folder"

# A template error names the template file and line; nothing is written.
mkdir -p "$work/tpl/clauses"
printf -- '---\nid: spec-purpose\ntitle: 目的\nrefs: ["2(1)"]\ndocs: [spec]\nchapter: general\norder: 10\n---\n{{ service.nickname }}\n' \
  >"$work/tpl/clauses/purpose.md"
expect_status 2 "$procspec" generate "$src/samples/e-application.yaml" --templates "$work/tpl" -o "$work/out-dir"
grep -qE "purpose.md:9:1: error: the template uses 'service.nickname'" "$work/err" \
  || { cat "$work/err"; fail "template error without location"; }
[ "$(tree_hash "$work/out-dir")" = "$before" ] || fail "a template error changed the output folder"

# check runs the templates too: a template needing a missing value is found.
expect_status 2 "$procspec" check "$src/samples/e-application.yaml" --templates "$work/tpl"
grep -qE "purpose.md:9:1: error: the template uses 'service.nickname'" "$work/err" \
  || { cat "$work/err"; fail "check did not run the templates"; }

# Only the requested kinds and formats.
expect_status 0 "$procspec" generate "$src/samples/e-application.yaml" --doc spec --format md -o "$work/md"
[ "$(ls "$work/md")" = "spec.md" ] || fail "--doc spec --format md wrote: $(ls "$work/md")"
# The ledger across profiles: CSV with a header and one row per profile.
expect_status 0 "$procspec" ledger "$src/samples/e-application.yaml" "$src/samples/web-meeting.yaml" --bom -o "$work/ledger.csv"
[ "$(head -c 3 "$work/ledger.csv" | od -An -tx1 | tr -d ' ')" = efbbbf ] || fail "--bom wrote no byte-order mark"
[ "$(wc -l <"$work/ledger.csv")" -eq 3 ] || fail "ledger.csv should have 3 lines"
grep -q '"ウェブ会議サービス","株式会社サンプル会議システム"' "$work/ledger.csv" || fail "ledger row missing"
expect_status 0 "$procspec" ledger "$src/samples/e-application.yaml" --format md
grep -q '^| ①外部サービスの名称 |' "$work/out" || fail "ledger markdown has no header row"
expect_status 2 "$procspec" ledger "$src/samples/e-application.yaml" --format pdf
expect_status 2 "$procspec" ledger "$src/samples/e-application.yaml" --format docx

# Listing, coverage and schema.
expect_status 0 "$procspec" clauses --doc annex
grep -q '^ annex-secondary-use .*\[3.1(7)①\]' "$work/out" || fail "clauses does not list annex-secondary-use"
expect_status 0 "$procspec" coverage "$src/samples/e-application.yaml" --format json
grep -q '"uncovered": 0' "$work/out" || fail "coverage json"
expect_status 0 "$procspec" schema
grep -q '"additionalProperties": false' "$work/out" || fail "schema"

# Criteria findings: exit 1, with the section.
sed 's/countries: \[JP\]/countries: [JP, US]/' "$src/samples/e-application.yaml" >"$work/us.yaml"
expect_status 1 "$procspec" check "$work/us.yaml"
grep -qE "^$work/us.yaml:[0-9]+:[0-9]+: error \[3\.1\(4\)\]: data_location.countries includes US" "$work/err" \
  || { cat "$work/err"; fail "no finding with its criteria section"; }
expect_status 1 "$procspec" check --json "$work/us.yaml"
grep -q '"ref": "3.1(4)"' "$work/out" || fail "check --json lacks the ref"
expect_status 2 "$procspec" generate "$work/us.yaml" -o "$work/us-out"
[ ! -e "$work/us-out" ] || fail "documents were written for a profile that fails the criteria"
# "-" is standard input, named <stdin> in messages; it can be read once.
sample=$src/samples/e-application.yaml
"$procspec" check - <"$sample" >/dev/null 2>"$work/err" || { cat "$work/err"; fail "check - exited $?"; }
grep -q '^<stdin>: meets the criteria' "$work/err" || { cat "$work/err"; fail "check - does not name <stdin>"; }
sed 's/^  rto: 3h/  rto: 1000000min/' "$sample" | "$procspec" check - >/dev/null 2>"$work/err"
[ $? -eq 2 ] && grep -qE '^<stdin>:[0-9]+:[0-9]+: error: availability_targets.rto .*out of range' "$work/err" \
  || { cat "$work/err"; fail "check - of a broken profile"; }
"$procspec" coverage - <"$sample" >"$work/out" 2>"$work/err" && grep -q '^<stdin>: ' "$work/err" \
  || { cat "$work/err"; fail "coverage -"; }
"$procspec" generate - -o "$work/stdin-out" --format md <"$sample" >/dev/null 2>"$work/err" \
  && [ -s "$work/stdin-out/spec.md" ] || { cat "$work/err"; fail "generate -"; }
"$procspec" ledger - <"$sample" >"$work/out" 2>"$work/err" && [ "$(wc -l <"$work/out")" -eq 2 ] \
  || { cat "$work/err"; fail "ledger -"; }
expect_status 2 "$procspec" check - - <"$sample"
grep -q 'standard input (-) can be read only once' "$work/err" || fail "check - - was not refused"
expect_status 2 "$procspec" generate - "$sample" -o "$work/stdin-two" <"$sample"
[ ! -e "$work/stdin-two" ] || fail "generate - PROFILE wrote something"

# A procspec Markdown document saved on Windows (byte order mark, CR LF)
# is the same document.
{ printf '\357\273\277'; sed 's/$/\r/' "$work/stdin-out/spec.md"; } >"$work/crlf-spec.md"
expect_status 0 "$procspec" diff "$work/stdin-out/spec.md" "$work/crlf-spec.md"
grep -q '^0 changed, 0 added, 0 removed' "$work/out" || { cat "$work/out"; fail "diff of a CR LF copy"; }

# File name extensions in capitals, as Windows shows them, are the same.
expect_status 0 "$procspec" ledger "$sample" -o "$work/LEDGER.CSV"
head -c 3 "$work/LEDGER.CSV" | grep -q '"' || fail "ledger -o LEDGER.CSV is not CSV"
expect_status 0 "$procspec" generate "$sample" --doc spec --format docx -o "$work/house"
mv "$work/house/spec.docx" "$work/house/HOUSE.DOCX"
expect_status 0 "$procspec" generate "$sample" --doc spec --format docx --reference-doc "$work/house/HOUSE.DOCX" \
  -o "$work/house-out"

# Names from the command line and the file system reach the terminal
# escaped: a control character in them is shown, never sent.
expect_status 2 "$procspec" $'frob\e[2Jnicate'
grep -qF "unknown command 'frob\x1b[2Jnicate'" "$work/err" || { cat -A "$work/err"; fail "command name not escaped"; }
mkdir -p "$work/odd"
cp "$sample" "$work/odd/"$'two\nlines.yaml'
expect_status 2 "$procspec" generate "$work/odd" "$sample" -o "$work/odd-out"
grep -qF 'two\nlines.yaml: error: this file name cannot name' "$work/err" || { cat -A "$work/err"; fail "file name not escaped"; }
! grep -q $'\e' "$work/err" || fail "an escape character reached the terminal"

# A folder of profiles: every YAML extension is taken, in any case; every
# other entry is named as skipped, with why.
mkdir -p "$work/many/sub"
cp "$sample" "$work/many/a.yaml"
cp "$src/samples/web-meeting.yaml" "$work/many/b.yml"
cp "$src/samples/backup-service.yaml" "$work/many/c.YAML"
cp "$sample" "$work/many/d.Yml"
echo notes >"$work/many/readme.txt"
cp "$sample" "$work/many/.hidden.yaml"
mkfifo "$work/many/pipe.yaml"
expect_status 0 "$procspec" ledger "$work/many"
[ "$(wc -l <"$work/out")" -eq 5 ] || { cat "$work/out"; fail "ledger of a folder: not four rows"; }
for skipped in "readme.txt: note: skipped: not a profile" ".hidden.yaml: note: skipped: a hidden file" \
  "sub: note: skipped: a folder" "pipe.yaml: note: skipped: a named pipe (FIFO)"; do
  grep -qF "$work/many/$skipped" "$work/err" || { cat "$work/err"; fail "no note '$skipped'"; }
done
expect_status 0 "$procspec" check "$work/many"
[ "$(grep -c ': meets the criteria' "$work/err")" -eq 4 ] || { cat "$work/err"; fail "check of a folder"; }
expect_status 0 "$procspec" generate "$work/many" -o "$work/many-out" --format md
for service in a b c d; do
  [ -s "$work/many-out/$service/spec.md" ] || fail "generate of a folder left out $service"
done
echo "PASS: cli"
