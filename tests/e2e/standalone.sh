#!/bin/bash
# The procspec program copied alone into an empty folder, with no template
# folder anywhere and no environment, generates every document of a sample
# from its built-in templates: the same files, byte for byte, as the
# program given the source tree's templates/ja (whose office files
# e2e.sample.* checks).
# usage: standalone.sh PROCSPEC SAMPLE.yaml SOURCE_DIR
set -u
prog=$1 sample=$2 src=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
mkdir "$work/bin" "$work/run"
cp "$prog" "$work/bin/procspec" || fail "copy"
cp "$sample" "$work/run/profile.yaml" || fail "copy sample"
cd "$work/run" || exit 1
# Not linked against anything of the build tree.
ldd "$work/bin/procspec" | grep -q libprocspec && fail "the program needs libprocspec.so"
env -i PATH=/usr/bin:/bin "$work/bin/procspec" generate profile.yaml -o out >list.txt 2>err.txt \
  || fail "generate: $(cat err.txt)"
PROCSPEC_TEMPLATES=$src/templates/ja "$prog" generate profile.yaml -o ref >/dev/null 2>err.txt \
  || fail "generate with the source templates: $(cat err.txt)"
[ "$(ls out)" = "$(ls ref)" ] || fail "other files: $(ls out) vs $(ls ref)"
n=$(ls out | wc -l)
[ "$n" -ge 15 ] || fail "only $n files: $(ls out)"
for f in ref/*; do
  cmp -s "$f" "out/${f#ref/}" || fail "out/${f#ref/} differs from the one made from templates/ja"
done
echo "PASS: standalone ($n files)"
