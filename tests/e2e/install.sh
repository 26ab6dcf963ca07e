#!/bin/bash
# Installs into a temporary prefix, then from another folder: runs the
# installed program on a sample (templates found without any environment
# variable, and from the prefix, not the source tree), reads the man page,
# and builds and runs the example program against the installed library
# through pkg-config.
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
grep -q "\"file\": \"$prefix/share/procspec/templates/ja/clauses/" clauses.json \
  || fail "the installed program does not use the installed templates"
"$prefix/bin/procspec" generate "$src/samples/e-application.yaml" -o out >/dev/null || fail "generate"
[ -s out/spec.docx ] && [ -s out/annex.odt ] || fail "documents missing"
[ -f "$prefix/share/procspec/schemas/profile.schema.json" ] || fail "schema not installed"
man -l "$prefix/share/man/man1/procspec.1" 2>/dev/null | grep -q 'procspec generate' || fail "man page"
man -l "$prefix/share/man/ja/man1/procspec.1" 2>/dev/null | grep -q 'サービスプロファイル' || fail "Japanese man page"
# Messages in Japanese from the installed catalog, found beside the program.
LANG=C "$prefix/bin/procspec" --lang ja --help | grep -q '^使い方' || fail "installed program's Japanese help"
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
