#!/bin/bash
# Builds the libFuzzer targets with clang (AddressSanitizer and
# UndefinedBehaviorSanitizer on) and runs each for SECONDS, two at a time,
# starting from the seed corpus in fuzz/corpus/. New inputs go to
# build-fuzz/corpus/TARGET; crashes to build-fuzz/crashes/TARGET.
# Needs Debian's clang and libclang-rt-14-dev.
# usage: fuzz/run.sh SECONDS [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:?usage: fuzz/run.sh SECONDS [TARGET...]}
shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(profile template writers diff serve response office_in)
CC=clang cmake -S . -B build-fuzz -DPROCSPEC_FUZZ=ON -DBUILD_TESTING=OFF >/dev/null
cmake --build build-fuzz -j2 --target "${targets[@]/#/fuzz_}" >/dev/null
export PROCSPEC_TEMPLATES="$PWD/templates/ja"
run_one() {
  local t=$1
  mkdir -p "build-fuzz/corpus/$t" "build-fuzz/crashes/$t"
  local status=0
  "build-fuzz/fuzz_$t" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len=65536 \
    -artifact_prefix="build-fuzz/crashes/$t/" -print_final_stats=1 \
    "build-fuzz/corpus/$t" "fuzz/corpus/$t" >"build-fuzz/$t.log" 2>&1 || status=$?
  echo "$t: exit $status, $(grep -o 'stat::number_of_executed_units: *[0-9]*' "build-fuzz/$t.log" | grep -o '[0-9]*$') runs, $(ls "build-fuzz/crashes/$t" | wc -l) crash files"
  return $status
}
status=0
for ((i = 0; i < ${#targets[@]}; i += 2)); do
  run_one "${targets[i]}" &
  a=$!
  b=
  if [ $((i + 1)) -lt ${#targets[@]} ]; then
    run_one "${targets[i + 1]}" &
    b=$!
  fi
  wait $a || status=1
  [ -z "$b" ] || wait $b || status=1
done
exit $status
