#!/bin/bash
# Installs into a temporary prefix, then from another folder: runs the
# installed program on a sample (built-in templates, no environment
# variable), reads the man page, checks that the shared library exports
# only the public ps_* functions, and builds and runs the example program
# against the installed library through pkg-config.
# usage: install.sh BUILD_DIR SOURCE_DIR
set -u
build=$1 src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
prefix=$work/prefix
cmake --install "$build" --prefix "$prefix" >/dev/null || fail "cmake --install"
cd "$work" || exit 1
unset PROCSPEC_TEMPLATES
"$prefix/bin/procspec" --version >/dev/null || fail "installed procspec does not run"
"$prefix/bin/procspec" clauses --json >clauses.json || fail "clauses"
grep -q '"file": "templates/ja/clauses/' clauses.json \
  || fail "the installed program does not use its built-in templates"
"$prefix/bin/procspec" generate "$src/samples/e-application.yaml" -o out >/dev/null || fail "generate"
[ -s out/spec.docx ] && [ -s out/annex.odt ] || fail "documents missing"
[ -f "$prefix/share/procspec/schemas/profile.schema.json" ] || fail "schema not installed"
man -l "$prefix/share/man/man1/procspec.1" 2>/dev/null | grep -q 'procspec generate' || fail "man page"
man -l "$prefix/share/man/ja/man1/procspec.1" 2>/dev/null | grep -q 'サービスプロファイル' || fail "Japanese man page"
# Messages in Japanese from the installed catalog, found beside the program.
LANG=C "$prefix/bin/procspec" --lang ja --help | grep -q '^使い方' || fail "installed program's Japanese help"
so=$(find "$prefix" -name 'libprocspec.so.*.*' | head -n 1)
[ -n "$so" ] || fail "no libprocspec.so installed"
extra=$(nm -D --defined-only "$so" | awk '{print $3}' | grep -v '^ps_')
[ -z "$extra" ] || fail "the shared library exports more than ps_* functions: $(echo $extra | head -c 400)"
for f in $(grep -o '^PS_EXTERN [^(]*(' "$prefix/include/procspec/procspec.h" | sed -E 's/.*[ *](ps_[a-z_]+)\($/\1/'); do
  nm -D --defined-only "$so" | grep -q " $f\$" || fail "$f is declared but not exported"
done
pc=$(find "$prefix" -name procspec.pc | head -n 1)
[ -n "$pc" ] || fail "no procspec.pc"
export PKG_CONFIG_PATH=$(dirname "$pc")
cc -std=c11 -Wall -Werror "$src/examples/generate_spec.c" $(pkg-config --cflags --libs procspec) \
  -o generate_spec || fail "the example does not build against the installed library"
libdir=$(pkg-config --variable=libdir procspec)
mkdir -p example-out
LD_LIBRARY_PATH=$libdir ./generate_spec "$src/samples/e-application.yaml" example-out | grep -q 'spec.docx' \
  || fail "the example does not run"
[ -s example-out/spec.docx ] || fail "the example wrote nothing"
echo "PASS: install"
