#!/bin/bash
# The bad-input corpus: every case under tests/bad/profiles must give the
# expected exit status and a message containing the expected fragment, on
# one line with a location; and `generate` must leave an output folder that
# already holds documents byte-for-byte unchanged.
# Expectations are the case's "# expect-exit:" and "# expect:" lines, or a
# sidecar CASE.expect for files that cannot hold comments.
# usage: bad.sh PROCSPEC BAD_DIR
set -u
procspec=$1 dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tree_hash() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 -r sha256sum | sha256sum); }
mkdir "$work/out"
printf 'signed contract annex, 2025\n' >"$work/out/annex.docx"
printf 'last year\n' >"$work/out/spec.md"
before=$(tree_hash "$work/out")
failed=0 total=0
for f in "$dir"/profiles/*.yaml; do
  total=$((total + 1))
  meta=$f
  [ -f "$f.expect" ] && meta=$f.expect
  want_exit=$(LC_ALL=C sed -n 's/^# expect-exit: //p' "$meta" | head -n 1)
  want_msg=$(LC_ALL=C sed -n 's/^# expect: //p' "$meta" | head -n 1)
  "$procspec" check "$f" >/dev/null 2>"$work/err"
  got=$?
  problem=""
  [ "$got" = "$want_exit" ] || problem="exit $got, expected $want_exit"
  grep -qF -- "$want_msg" "$work/err" || problem="$problem; no message with '$want_msg'"
  # Full-width and invisible characters get a located hint in Japanese too.
  want_ja=$(LC_ALL=C sed -n 's/^# expect-ja: //p' "$meta" | head -n 1)
  if [ -n "$want_ja" ]; then
    "$procspec" --lang ja check "$f" >/dev/null 2>"$work/err-ja"
    grep -qF -- "$want_ja" "$work/err-ja" || problem="$problem; no Japanese message with '$want_ja'"
    grep -q "^$f:[0-9]*:[0-9]*: " "$work/err-ja" || problem="$problem; the Japanese message has no location"
  fi
  # Every message line names the file, and a line and column where known.
  grep -v "^$f:[0-9]*:[0-9]*: \|^$f: " "$work/err" | grep -q . && problem="$problem; a message without location"
  timeout 60 "$procspec" generate "$f" -o "$work/out" >/dev/null 2>&1
  gen=$?
  [ $gen -eq 2 ] || problem="$problem; generate exited $gen"
  [ "$(tree_hash "$work/out")" = "$before" ] || problem="$problem; the output folder changed"
  if [ -n "$problem" ]; then
    echo "FAIL: $(basename "$f"): ${problem#; }"
    sed 's/^/    /' "$work/err" | head -n 3
    failed=$((failed + 1))
  fi
done
# Generated cases too large for the repository: a 100 MB value and nesting
# 10,000 deep.
{ printf 'procspec: 1\norganization: {name: "'; head -c 100000000 /dev/zero | tr '\0' 'a'; printf '"}\n'; } >"$work/huge.yaml"
{ printf 'procspec: 1\nx: '; head -c 10000 /dev/zero | tr '\0' '['; head -c 10000 /dev/zero | tr '\0' ']'; echo; } >"$work/deep.yaml"
for gen in "huge.yaml|the limit is 1048576 bytes" "deep.yaml|nesting deeper than 32 levels"; do
  total=$((total + 1))
  f=$work/${gen%%|*}
  "$procspec" generate "$f" -o "$work/out" >/dev/null 2>"$work/err"
  got=$?
  if [ $got -ne 2 ] || ! grep -qF -- "${gen#*|}" "$work/err" || [ "$(tree_hash "$work/out")" != "$before" ]; then
    echo "FAIL: generated ${gen%%|*}: exit $got"
    head -c 300 "$work/err"
    failed=$((failed + 1))
  fi
done
rm -f "$work/huge.yaml" "$work/deep.yaml"

# Special files where a file or a folder is expected (a named pipe would
# block a plain open for ever): exit 2 at once, saying what the path is.
sample=$dir/../../samples/e-application.yaml
mkdir -p "$work/special/tpl/clauses" "$work/special/req" "$work/special/only-pipe"
mkfifo "$work/special/pipe.yaml" "$work/special/pipe.docx" "$work/special/tpl/clauses/x.md" \
  "$work/special/req/requirements.yaml" "$work/special/only-pipe/a.yaml"
while IFS='|' read -r what want_msg; do
  total=$((total + 1))
  # shellcheck disable=SC2086 # WHAT is a list of arguments
  timeout 10 "$procspec" generate $what -o "$work/out" >/dev/null 2>"$work/err" </dev/null
  got=$?
  problem=""
  [ $got -eq 2 ] || problem="exit $got, expected 2 (124: it hung)"
  grep -qF -- "$want_msg" "$work/err" || problem="$problem; no message with '$want_msg'"
  [ "$(tree_hash "$work/out")" = "$before" ] || problem="$problem; the output folder changed"
  if [ -n "$problem" ]; then
    echo "FAIL: special: $what: ${problem#; }"
    sed 's/^/    /' "$work/err" | head -n 3
    failed=$((failed + 1))
  fi
done <<LIST
$work/special/pipe.yaml|pipe.yaml: error: this is a named pipe (FIFO), not a regular file
/dev/null|/dev/null: error: this is a device, not a regular file
$work/special/only-pipe|a.yaml: note: skipped: a named pipe (FIFO), not a file
$sample --reference-doc $work/special/pipe.docx|pipe.docx: error: this is a named pipe (FIFO), not a regular file
$sample --templates $work/special/pipe.yaml|pipe.yaml: error: this is a named pipe (FIFO), not a folder
$sample --templates $work/special/tpl|x.md: error: this is a named pipe (FIFO), not a regular file
$sample --templates $work/special/req|requirements.yaml: error: this is a named pipe (FIFO), not a regular file
LIST
total=$((total + 1))
timeout 10 "$procspec" check "$work/special/pipe.yaml" >/dev/null 2>"$work/err" </dev/null
got=$?
if [ $got -ne 2 ] || ! grep -q "^$work/special/pipe.yaml: error: this is a named pipe" "$work/err"; then
  echo "FAIL: special: check of a named pipe: exit $got"
  failed=$((failed + 1))
fi
# Markdown nested 200,000 deep, in a clause template and in a document to
# compare: the recursive walk overflowed the stack.
mkdir -p "$work/deep-tpl/clauses"
{ printf -- '---\nid: t-deep\ntitle: x\nrefs: ["3.2①"]\ndocs: [spec]\nchapter: general\norder: 5\n---\n'
  head -c 200000 /dev/zero | tr '\0' '>'; echo ' x'; } >"$work/deep-tpl/clauses/deep.md"
"$procspec" generate "$dir/../../samples/e-application.yaml" --templates "$work/deep-tpl" --format docx \
  -o "$work/out" >/dev/null 2>"$work/err"
got=$?
total=$((total + 1))
if [ $got -ne 2 ] || ! grep -qF "deep.md: error: the text is nested more than 48 levels deep" "$work/err"; then
  echo "FAIL: generated deep template: exit $got"; head -c 300 "$work/err"; failed=$((failed + 1))
fi
"$procspec" generate "$dir/../../samples/e-application.yaml" --format md -o "$work/md" >/dev/null 2>&1
{ sed -n '1,/^<!-- procspec:clause/p' "$work/md/spec.md" | head -n -1
  grep -m1 -A2 '^<!-- procspec:clause' "$work/md/spec.md"; echo
  head -c 200000 /dev/zero | tr '\0' '>'; echo ' x'; } >"$work/deep.md"
"$procspec" diff "$work/deep.md" "$dir/../../samples/e-application.yaml" --format docx \
  -o "$work/out/annex.docx" >/dev/null 2>"$work/err"
got=$?
total=$((total + 1))
if [ $got -ne 2 ] || ! grep -qF "nested more than 48 levels deep" "$work/err" || [ "$(tree_hash "$work/out")" != "$before" ]; then
  echo "FAIL: generated deep Markdown for diff: exit $got"; head -c 300 "$work/err"; failed=$((failed + 1))
fi
# 60,000 clauses on each side with no ID in common took 23 GB: more than
# 2,000 clauses (the most a library holds) are refused at once.
{ sed -n '1,/^<!-- procspec:clause/p' "$work/md/spec.md" | head -n -1
  for i in $(seq 2001); do printf '<!-- procspec:clause id="c-%d" refs="2(1)" -->\n\n### %d　条項\n\nx\n\n' "$i" "$i"; done
} >"$work/many.md"
timeout 60 "$procspec" diff "$work/many.md" "$work/md/spec.md" >/dev/null 2>"$work/err"
got=$?
total=$((total + 1))
if [ $got -ne 2 ] || ! grep -q "many.md:[0-9]*:[0-9]*: error: this document has more than 2000 clauses" "$work/err"; then
  echo "FAIL: generated 2,001-clause diff: exit $got"; head -c 300 "$work/err"; failed=$((failed + 1))
fi
rm -rf "$work/deep-tpl" "$work/deep.md" "$work/md" "$work/many.md"

# Templates: generate with --templates CASE exits 2 naming the template.
for t in "$dir"/templates/*/; do
  total=$((total + 1))
  name=$(basename "$t")
  want_msg=$(head -n 1 "$t/expect")
  "$procspec" generate "$dir/../../samples/e-application.yaml" --templates "$t" -o "$work/out" >/dev/null 2>"$work/err"
  got=$?
  problem=""
  [ $got -eq 2 ] || problem="exit $got, expected 2"
  grep -qF -- "$want_msg" "$work/err" || problem="$problem; no message with '$want_msg'"
  grep -q "^$t\|^${t%/}" "$work/err" || problem="$problem; the message does not name the template"
  [ "$(tree_hash "$work/out")" = "$before" ] || problem="$problem; the output folder changed"
  # What generate refuses, check refuses too.
  "$procspec" check "$dir/../../samples/e-application.yaml" --templates "$t" >/dev/null 2>&1
  got=$?
  [ $got -eq 2 ] || problem="$problem; check exited $got"
  if [ -n "$problem" ]; then
    echo "FAIL: templates/$name: ${problem#; }"
    sed 's/^/    /' "$work/err" | head -n 3
    failed=$((failed + 1))
  fi
done

# Diff inputs that are not documents, or procspec Markdown damaged by
# hand: exit 2, no redline written; where the expect line gives LINE:COL,
# the message is located there.
while IFS='|' read -r file want_msg want_at; do
  total=$((total + 1))
  "$procspec" diff "$dir/diff/$file" "$dir/../../samples/e-application.yaml" --format docx \
    -o "$work/out/annex.docx" >/dev/null 2>"$work/err"
  got=$?
  problem=""
  [ $got -eq 2 ] || problem="exit $got, expected 2"
  grep -qF -- "$want_msg" "$work/err" || problem="$problem; no message with '$want_msg'"
  if [ -n "$want_at" ] && ! grep -qF -- "$dir/diff/$file:$want_at: error: " "$work/err"; then
    problem="$problem; not located at $want_at"
  fi
  [ "$(tree_hash "$work/out")" = "$before" ] || problem="$problem; the output folder changed"
  if [ -n "$problem" ]; then
    echo "FAIL: diff/$file: ${problem#; }"
    sed 's/^/    /' "$work/err" | head -n 3
    failed=$((failed + 1))
  fi
done <"$dir/diff/expect"

echo "$((total - failed)) passed, $failed failed"
[ $failed -eq 0 ]
