#!/bin/bash
# procspec init: the skeleton of each class passes check and generates;
# an existing file is kept without --force; an interactive run on a
# pseudo-terminal writes a profile that passes check.
# usage: init.sh PROCSPEC SOURCE_DIR
set -u
ps=$1 src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
for c in 1 2 3; do
  "$ps" init --class $c -o "$work/p$c.yaml" </dev/null 2>/dev/null || fail "init --class $c failed"
  "$ps" check "$work/p$c.yaml" >/dev/null 2>&1 || fail "the class $c skeleton does not pass check"
  # ... with no warning and no note: every key whose default the documents
  # would use is written, with its default.
  res=$("$ps" --lang ja check "$work/p$c.yaml" 2>&1)
  grep -q "警告 0 件、注記 0 件" <<<"$res" && ! grep -q "警告\|注記 \[" <<<"${res%利用基準を満たしています*}" ||
    fail "the class $c skeleton gets warnings or notes: $res"
  grep -q "confidentiality: $c " "$work/p$c.yaml" || fail "the class $c skeleton has another class"
  # Every key line carries a Japanese comment (list items of the escalation excepted).
  if grep -vE '^\s*(#|- )' "$work/p$c.yaml" | LC_ALL=C.UTF-8 grep -vP '#.*[\x{3040}-\x{30ff}\x{4e00}-\x{9fff}]' | grep -q .; then
    fail "keys without a Japanese comment in the class $c skeleton"
  fi
  "$ps" generate "$work/p$c.yaml" -o "$work/out$c" >/dev/null || fail "generate of the class $c skeleton"
done
grep -q '^  log_retention:' "$work/p3.yaml" || fail "the class 3 skeleton lacks the log retention class 3 needs"
grep -q 'key_management: organization' "$work/p3.yaml" || fail "the class 3 skeleton lets the provider manage keys"
! grep -q '^availability_targets' "$work/p1.yaml" || fail "the class 1 skeleton carries class 2 service levels"
echo "ok: skeletons of class 1, 2 and 3"

echo keep > "$work/exists.yaml"
"$ps" init --class 2 -o "$work/exists.yaml" </dev/null >/dev/null 2>&1 && fail "init replaced a file without --force"
[ "$(cat "$work/exists.yaml")" = keep ] || fail "the existing file was changed"
"$ps" init --class 2 -o "$work/exists.yaml" --force </dev/null >/dev/null 2>&1 || fail "--force failed"
grep -q '^procspec: 1' "$work/exists.yaml" || fail "--force did not write the profile"
"$ps" init --class 2 -o - </dev/null | grep -q '^classification:' || fail "-o - wrote nothing to standard output"
msg=$("$ps" init -o "$work/x.yaml" </dev/null 2>&1); rc=$?
[ $rc -eq 2 ] && grep -q -- '--class' <<<"$msg" || fail "init without a terminal and --class: rc=$rc, '$msg'"
[ ! -e "$work/x.yaml" ] || fail "init without --class wrote a file"
"$ps" init --class 4 -o "$work/y.yaml" </dev/null >/dev/null 2>&1 && fail "--class 4 accepted"
echo "ok: existing files kept, standard output, usage errors"

/usr/bin/python3 "$(dirname "$0")/init_pty.py" "$ps" "$work" || exit 1
echo "PASS: init"
