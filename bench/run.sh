#!/bin/bash
# procspec benchmark: runs with public tools on any machine and writes
# bench/RESULTS.md. Times are medians of RUNS runs (default 15; batches 3);
# peak memory is /usr/bin/time's maximum resident set. Needs pandoc, zip and
# time (Debian packages). Run it on an otherwise idle machine.
# usage: bench/run.sh [--embedding-only] [PROCSPEC]
#   --embedding-only: only section (e), which replaces its part of RESULTS.md
set -euo pipefail
cd "$(dirname "$0")/.."
only_embedding=0
if [ "${1:-}" = --embedding-only ]; then
  only_embedding=1
  shift
fi
procspec=$(realpath "${1:-build/procspec}")
inproc=$(dirname "$procspec")/bench_inproc
runs=${RUNS:-15}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sample=samples/e-application.yaml

# Median wall time of a command in milliseconds.
median_ms() {
  local i t=()
  for ((i = 0; i < runs; i++)); do
    local s e
    s=$(date +%s%N)
    "$@" >/dev/null 2>&1
    e=$(date +%s%N)
    t+=($(((e - s) / 1000)))
  done
  printf '%s\n' "${t[@]}" | sort -n |
    awk '{a[NR]=$1} END {m = NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "%.1f", m / 1000}'
}
peak_kb() { { /usr/bin/time -f %M "$@" 2>&1 >/dev/null || true; } | tail -n 1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1f", a / b}'; }

# (e) procspec as a component: one process generating the specification as
# DOCX and ODT against pandoc converting procspec's own Markdown of it to
# DOCX and to ODT, the runs alternating (procspec, pandoc docx, pandoc odt,
# procspec, ...) so that both see the same machine; and the full set of one
# profile generated in memory by bench/inproc.c (library and profile loaded
# once, nothing written), timed inside the process.
embedding() {
  local i s e ours=() theirs=() md=$work/e/spec.md
  "$procspec" generate "$sample" --doc spec --format md -o "$work/e" >/dev/null
  for ((i = 0; i < runs; i++)); do
    s=$(date +%s%N)
    "$procspec" generate "$sample" --doc spec --format docx,odt -o "$work/e" >/dev/null 2>&1
    e=$(date +%s%N)
    ours+=($(((e - s) / 1000)))
    s=$(date +%s%N)
    pandoc -f commonmark_x "$md" -o "$work/e/p.docx" >/dev/null 2>&1
    pandoc -f commonmark_x "$md" -o "$work/e/p.odt" >/dev/null 2>&1
    e=$(date +%s%N)
    theirs+=($(((e - s) / 1000)))
  done
  local med='{a[NR]=$1} END {m = NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "%.1f", m / 1000}'
  e_ours=$(printf '%s\n' "${ours[@]}" | sort -n | awk "$med")
  e_theirs=$(printf '%s\n' "${theirs[@]}" | sort -n | awk "$med")
  e_inproc=$("$inproc" "$sample" 200)
  e_load=$(awk '{print $1}' /proc/loadavg)
}

embedding_section() {
  echo "<!-- embedding: written by bench/run.sh (e) -->"
  echo "## procspec as a component (issue 16)"
  echo
  echo "Measured $(date -u '+%Y-%m-%d %H:%M') UTC, $runs alternating runs, load average $e_load"
  echo "when it started ($(nproc) cores; $(pandoc --version | head -n 1))."
  echo
  echo "| what | measured | target |"
  echo "| --- | --- | --- |"
  echo "| \`generate --doc spec --format docx,odt\`, whole process (median) | $e_ours ms | |"
  echo "| pandoc: procspec's spec.md to DOCX, then to ODT, whole processes (median) | $e_theirs ms | |"
  echo "| pandoc / procspec | $(ratio "$e_theirs" "$e_ours")x | >= 25x |"
  local sets floor
  sets=$(echo "$e_inproc" | sed -n 1p)
  floor=$(echo "$e_inproc" | sed -n 2p)
  echo "| full set of one profile in memory, median (bench/inproc.c: $sets) | $(echo "$sets" | sed -n 's/.*median_ms \([0-9.]*\).*/\1/p') ms | <= 2 ms |"
  echo "| floor of that set: only deflating its packages' parts (level 1), median (bench/inproc.c, $floor) | $(echo "$floor" | sed -n 's/.*median_ms \([0-9.]*\).*/\1/p') ms | |"
  echo
  cat bench/EMBEDDING.md
  echo "<!-- /embedding -->"
}

if [ "$only_embedding" = 1 ]; then
  embedding
  embedding_section >"$work/section.md"
  if grep -q '^<!-- embedding' bench/RESULTS.md; then
    awk -v f="$work/section.md" '/^<!-- embedding/ {while ((getline l < f) > 0) print l; skip = 1}
      !skip {print} /^<!-- \/embedding -->/ {skip = 0}' bench/RESULTS.md >"$work/r.md"
  else
    { cat bench/RESULTS.md; echo; cat "$work/section.md"; } >"$work/r.md"
  fi
  cp "$work/r.md" bench/RESULTS.md
  cat "$work/section.md"
  exit 0
fi

out=$work/out
# (a) one profile: every document kind in all three formats, written durably.
full=$(median_ms "$procspec" generate "$sample" -o "$out")
full_mem=$(peak_kb "$procspec" generate "$sample" -o "$out")
start=$(median_ms "$procspec" --version)

# (b) per document: procspec's DOCX+ODT against pandoc converting procspec's
# own Markdown of the same document to DOCX and to ODT, in the same run.
"$procspec" generate "$sample" --format md -o "$work/md" >/dev/null
rows=""
for md in "$work"/md/*.md; do
  kind=$(basename "$md" .md)
  ours=$(median_ms "$procspec" generate "$sample" --doc "$kind" --format docx,odt -o "$work/k")
  docx=$(median_ms pandoc -f commonmark_x "$md" -o "$work/p.docx")
  odt=$(median_ms pandoc -f commonmark_x "$md" -o "$work/p.odt")
  both=$(awk -v a="$docx" -v b="$odt" 'BEGIN {printf "%.1f", a + b}')
  mem=$(peak_kb pandoc -f commonmark_x "$md" -o "$work/p.docx")
  rows+="| $kind | $(wc -c <"$md") | $ours | $both | $(ratio "$both" "$ours")x | $mem |"$'\n'
done

# The floor: zipping the same parts at the level procspec uses (6), plus start-up.
mkdir -p "$work/parts/odt"
(cd "$work/parts" && unzip -qo "$out/spec.docx" && cd odt && unzip -qo "$out/spec.odt")
zip_ms=$(median_ms sh -c "cd '$work/parts' && rm -f '$work/z.zip' && zip -q -6 -X -r '$work/z.zip' .")
spec_ms=$(median_ms "$procspec" generate "$sample" --doc spec --format docx,odt -o "$work/k")
floor=$(awk -v a="$zip_ms" -v b="$start" 'BEGIN {printf "%.1f", a + b}')

# (c) a batch of 1,000 profile variants, -j 1 and -j 2.
mkdir -p "$work/batch"
for i in $(seq -w 1 1000); do
  sed "s/  name: 電子申請サービス/  name: 電子申請サービス$i/" "$sample" >"$work/batch/s$i.yaml"
done
saved=$runs
runs=3
j1=$(median_ms "$procspec" generate "$work/batch" -o "$work/b1" -j 1)
j2=$(median_ms "$procspec" generate "$work/batch" -o "$work/b2" -j 2)
runs=$saved
batch_mem=$(peak_kb "$procspec" generate "$work/batch" -o "$work/b3" -j 2)

# (d) a diff of two documents of 500 clauses each.
/usr/bin/python3 bench/make_clauses.py 500 "$work/old.md" "$work/new.md"
diff_ms=$(median_ms "$procspec" diff "$work/old.md" "$work/new.md" --format json)
diff_mem=$(peak_kb "$procspec" diff "$work/old.md" "$work/new.md" --format json)

# (e) hostile input: one map of 95,000 keys (a duplicate-key check that
# compared each key with every earlier one took a minute).
awk 'BEGIN {print "procspec: 1"; print "x:"; for (i = 0; i < 95000; i++) printf "  %x: 0\n", i}' \
  >"$work/keys.yaml"
saved=$runs
runs=3
keys_ms=$(median_ms "$procspec" check "$work/keys.yaml")
runs=$saved

cpu=$(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1)
{
  echo "# procspec benchmark results"
  echo
  echo "Measured $(date -u +%Y-%m-%d) with \`bench/run.sh\` on $(nproc) cores ($cpu),"
  echo "$(free -g | awk '/^Mem:/ {print $2}') GiB, $(uname -sr); $(pandoc --version | head -n 1)."
  echo "Medians of $runs runs (batches: of 3); peak memory is the maximum resident set."
  echo
  echo "| what | measured | target |"
  echo "| --- | --- | --- |"
  echo "| one profile, every kind in md+docx+odt, written with fsync | $full ms | < 20 ms |"
  echo "| peak memory of that run | $full_mem KB | < 32 MB |"
  echo "| 1,000 profiles, \`-j 1\` | $j1 ms | |"
  echo "| 1,000 profiles, \`-j 2\` | $j2 ms | < 10,000 ms |"
  echo "| peak memory in the batch (largest process) | $batch_mem KB | < 32 MB |"
  echo "| diff of two 500-clause documents | $diff_ms ms | < 20 ms |"
  echo "| peak memory of the diff | $diff_mem KB | < 32 MB |"
  echo "| process start (\`procspec --version\`) | $start ms | |"
  echo "| \`check\` of a profile with 95,000 keys in one map (refused) | $keys_ms ms | < 1,000 ms |"
  echo
  echo "Per document: procspec writing DOCX and ODT, against pandoc converting"
  echo "procspec's own Markdown of the same document to DOCX and to ODT (target: 25x)."
  echo
  echo "| document | Markdown bytes | procspec docx+odt (ms) | pandoc docx+odt (ms) | pandoc / procspec | pandoc peak KB |"
  echo "| --- | --- | --- | --- | --- | --- |"
  printf '%s' "$rows"
  echo
  echo "The floor for the specification: zip of the same DOCX and ODT parts at level 6"
  echo "($zip_ms ms) plus process start ($start ms) = $floor ms; procspec takes $spec_ms ms,"
  echo "$(ratio "$spec_ms" "$floor") times the floor."
  echo
  cat bench/ANALYSIS.md
  echo
  embedding
  embedding_section
} >bench/RESULTS.md
cat bench/RESULTS.md
