#!/bin/bash
# kill -9 during generation: every document in the output folder is then
# byte-identical either to the complete old version or to the complete new
# one, never partial. (Hidden temporary files .NAME.XXXXXX may remain after
# a SIGKILL; nothing can remove them then, and they are never a document.)
# usage: interrupt.sh PROCSPEC SOURCE_DIR
set -u
procspec=$1 src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
old=$src/samples/e-application.yaml
sed 's/rto: 3h/rto: 2h/; s/uptime: 99.5%/uptime: 99.95%/' "$old" >"$work/new.yaml"
"$procspec" generate "$old" -o "$work/old" >/dev/null || fail "old"
"$procspec" generate "$work/new.yaml" -o "$work/new" >/dev/null || fail "new"
files=$(cd "$work/old" && ls)
for f in $files; do
  cmp -s "$work/old/$f" "$work/new/$f" && [ "${f%.*}" = spec ] && fail "$f: old and new are the same; the test would prove nothing"
done
interrupted=0
for i in $(seq 1 40); do
  rm -rf "$work/out"
  cp -r "$work/old" "$work/out"
  "$procspec" generate "$work/new.yaml" -o "$work/out" >/dev/null 2>&1 &
  pid=$!
  # Spread the kills over the run (about 20 ms): 0 to 24 ms.
  sleep "0.0$(printf '%02d' $(( (i * 7) % 25 )))"
  kill -9 $pid 2>/dev/null && interrupted=$((interrupted + 1))
  wait $pid 2>/dev/null
  for f in $files; do
    cmp -s "$work/out/$f" "$work/old/$f" || cmp -s "$work/out/$f" "$work/new/$f" \
      || fail "run $i: $f is neither the old nor the new document"
  done
done
[ $interrupted -ge 10 ] || fail "only $interrupted of 40 runs were interrupted; the test proved little"
echo "PASS: $interrupted interrupted runs left only whole documents"
