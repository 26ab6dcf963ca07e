#!/bin/bash
# The two example programs built against an installed libprocspec through
# pkg-config, library and programs compiled with ThreadSanitizer: the
# four-thread example must finish without a data race report.
# usage: tsan.sh SOURCE_DIR [BUILD_DIR]   (BUILD_DIR default: SOURCE_DIR/build-tsan)
set -eu
src=$(cd "$1" && pwd)
build=${2:-$src/build-tsan}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
flags="-fsanitize=thread -fno-omit-frame-pointer"
cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Debug -DBUILD_TESTING=OFF \
  -DCMAKE_C_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS=-fsanitize=thread \
  -DCMAKE_SHARED_LINKER_FLAGS=-fsanitize=thread >/dev/null || fail "configure"
cmake --build "$build" -j2 --target procspec >/dev/null || fail "build"
cmake --install "$build" --prefix "$work/prefix" >/dev/null 2>&1 || \
  { cmake --build "$build" -j2 >/dev/null && cmake --install "$build" --prefix "$work/prefix" >/dev/null; } || fail "install"
export PKG_CONFIG_PATH=$(dirname "$(find "$work/prefix" -name procspec.pc | head -n 1)")
libdir=$(pkg-config --variable=libdir procspec)
cd "$work"
for ex in generate_spec threads; do
  cc -std=c11 -Wall -Werror -g $flags -pthread "$src/examples/$ex.c" \
    $(pkg-config --cflags --libs procspec) -o "$ex" || fail "$ex does not build"
done
export TSAN_OPTIONS="halt_on_error=1 exitcode=66 suppressions=$src/tests/tsan.supp"
mkdir out
LD_LIBRARY_PATH=$libdir ./generate_spec "$src/samples/e-application.yaml" out >log 2>&1 \
  || fail "generate_spec: $(cat log)"
LD_LIBRARY_PATH=$libdir ./threads "$src/samples/e-application.yaml" >log 2>&1 \
  || fail "threads: $(head -c 3000 log)"
grep -c 'own clause used' log | grep -qx 4 || fail "threads: $(cat log)"
echo "PASS: tsan (examples under ThreadSanitizer)"
