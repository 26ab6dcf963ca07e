#!/bin/bash
# The output folder promise: if anything fails, nothing in the output folder
# changes; documents are always whole documents of one run; no temporary
# file is left. Covers a folder where a document should go, profile names
# that are not a folder name, single-file outputs to devices, FIFOs and
# descriptors, two runs into one folder, SIGINT/SIGTERM during a batch, a
# full disk and a failing rename (the last two by the LD_PRELOAD shim
# faultfs), an empty input folder and an empty -o.
# usage: output_folder.sh PROCSPEC SOURCE_DIR FAULTFS_SO
set -u
procspec=$1 src=$2 shim=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
# The sanitizer runtime would refuse a library preloaded before it.
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0"
old=$src/samples/e-application.yaml
sed 's/rto: 3h/rto: 2h/; s/uptime: 99.5%/uptime: 99.95%/' "$old" >"$work/new.yaml"
"$procspec" generate "$old" -o "$work/OLD" >/dev/null || fail "old"
"$procspec" generate "$work/new.yaml" -o "$work/NEW" >/dev/null || fail "new"
cmp -s "$work/OLD/spec.md" "$work/NEW/spec.md" && fail "old and new are the same; the test would prove nothing"
no_temps() { # folder what
  local t
  t=$(find "$1" -name '.*' ! -name . | head -n 3)
  [ -z "$t" ] || fail "$2: temporary files left: $t"
}
same() { # folder reference what
  diff -r "$1" "$2" >/dev/null || fail "$3: $1 is not the folder $2 ($(diff -rq "$1" "$2" | head -n 2))"
}
fresh_copy() { rm -rf "$work/out"; cp -a "$work/OLD" "$work/out"; }

# 1. A folder where spec.odt should go: refused before any file is replaced.
fresh_copy
rm "$work/out/spec.odt" && mkdir "$work/out/spec.odt"
"$procspec" generate "$work/new.yaml" -o "$work/out" >/dev/null 2>"$work/err"
[ $? -eq 2 ] || fail "a folder in place of spec.odt did not give exit 2"
grep -q "out/spec.odt: error: is a folder" "$work/err" || fail "no message naming spec.odt: $(cat "$work/err")"
rmdir "$work/out/spec.odt" && cp "$work/OLD/spec.odt" "$work/out/"
same "$work/out" "$work/OLD" "a folder in place of spec.odt"
# A FIFO and a symbolic link to a folder are refused the same way.
fresh_copy
rm "$work/out/annex.md" && mkfifo "$work/out/annex.md"
"$procspec" generate "$work/new.yaml" -o "$work/out" >/dev/null 2>"$work/err"
[ $? -eq 2 ] && grep -q "annex.md: error: is a FIFO" "$work/err" || fail "a FIFO as annex.md: $(cat "$work/err")"
rm "$work/out/annex.md" && cp "$work/OLD/annex.md" "$work/out/"
same "$work/out" "$work/OLD" "a FIFO in place of annex.md"
# A symbolic link to a document: the document it points to is replaced, the link kept.
fresh_copy
mkdir "$work/signed" && mv "$work/out/spec.md" "$work/signed/spec.md"
ln -s ../signed/spec.md "$work/out/spec.md"
"$procspec" generate "$work/new.yaml" -o "$work/out" >/dev/null || fail "a link to a document"
[ -L "$work/out/spec.md" ] || fail "the link spec.md was replaced by a file"
cmp -s "$work/signed/spec.md" "$work/NEW/spec.md" || fail "the linked document was not replaced"
no_temps "$work/signed" "link target"

# 2. Profile names that cannot be a service's folder.
mkdir "$work/names"
for bad in ..yaml ...yaml; do
  cp "$old" "$work/names/$bad"
  "$procspec" generate "$work/names/$bad" "$work/new.yaml" -o "$work/names/out/x" >/dev/null 2>"$work/err"
  [ $? -eq 2 ] || fail "$bad: exit status"
  grep -q "names/$bad: error: this file name cannot name" "$work/err" || fail "$bad: $(cat "$work/err")"
  [ ! -e "$work/names/out" ] || fail "$bad: something was written"
  [ "$(ls -A "$work/names")" = "$bad" ] || fail "$bad: the parent folder changed: $(ls -A "$work/names")"
  rm "$work/names/$bad"
done

# 3. Single-file outputs into special files are written in place, never replaced.
mkdir "$work/d"
mknod "$work/d/null" c 1 3 2>/dev/null || ln -s /dev/null "$work/d/null"
ln -s /dev/null "$work/d/lnull"
mkfifo "$work/d/fifo"
for f in null lnull; do
  before=$(stat -c %F "$work/d/$f")
  "$procspec" ledger "$src/samples" -o "$work/d/$f" || fail "ledger -o d/$f"
  [ "$(stat -c %F "$work/d/$f")" = "$before" ] || fail "d/$f was replaced by a $(stat -c %F "$work/d/$f")"
done
[ -c /dev/null ] || fail "/dev/null is no longer a device"
cat "$work/d/fifo" >"$work/from-fifo" &
reader=$!
"$procspec" ledger "$src/samples" -o "$work/d/fifo" || fail "ledger -o FIFO"
wait $reader
[ -p "$work/d/fifo" ] || fail "the FIFO was replaced"
"$procspec" ledger "$src/samples" >"$work/ledger.csv" || fail "ledger to stdout"
cmp -s "$work/from-fifo" "$work/ledger.csv" || fail "the FIFO did not get the ledger"
"$procspec" ledger "$src/samples" -o /proc/self/fd/1 | cmp -s - "$work/ledger.csv" || fail "-o /proc/self/fd/1 into a pipe"
"$procspec" ledger "$src/samples" -o - | cmp -s - "$work/ledger.csv" || fail "-o -"
echo "first line" >"$work/appended.csv"
"$procspec" ledger "$src/samples" -o /dev/stdout >>"$work/appended.csv" || fail "-o /dev/stdout"
[ "$(head -n 1 "$work/appended.csv")" = "first line" ] || fail "-o /dev/stdout replaced a file opened for appending"
"$procspec" diff "$old" "$work/new.yaml" --format docx -o "$work/d/null"
[ $? -eq 1 ] || fail "diff -o device: exit status"
[ "$(stat -c %F "$work/d/null")" != "regular file" ] || fail "diff -o replaced the device"
"$procspec" ledger "$src/samples" -o "$work/d" 2>"$work/err"
[ $? -eq 2 ] && grep -q "d: error: is a folder" "$work/err" || fail "ledger -o FOLDER: $(cat "$work/err")"
# diff -o writes the text, Markdown and JSON reports too (it printed them and ignored -o).
for fmt in text md json; do
  "$procspec" diff "$old" "$work/new.yaml" --format $fmt >"$work/report.stdout"
  "$procspec" diff "$old" "$work/new.yaml" --format $fmt -o "$work/report.$fmt" >"$work/report.printed"
  [ $? -eq 1 ] || fail "diff --format $fmt -o: exit status"
  cmp -s "$work/report.$fmt" "$work/report.stdout" || fail "diff --format $fmt -o did not write the report"
  [ ! -s "$work/report.printed" ] || fail "diff --format $fmt -o also printed the report"
done
# A report that cannot be written to standard output is trouble, not success.
for cmd in "ledger $src/samples" "schema" "clauses" "coverage $old" "diff $old $work/new.yaml"; do
  $procspec $cmd >/dev/full 2>"$work/err"
  [ $? -eq 2 ] && grep -q "cannot write to standard output" "$work/err" || fail "$cmd >/dev/full: exit $?"
done

# 4. Two runs into one folder: each round ends with the whole set of one of them.
mixed=0
for i in $(seq 1 20); do
  fresh_copy
  "$procspec" generate "$old" -o "$work/out" >/dev/null 2>"$work/err-a" &
  a=$!
  "$procspec" generate "$work/new.yaml" -o "$work/out" >/dev/null 2>"$work/err-b" &
  b=$!
  wait $a || fail "round $i: run A failed: $(cat "$work/err-a")"
  wait $b || fail "round $i: run B failed: $(cat "$work/err-b")"
  diff -r "$work/out" "$work/OLD" >/dev/null || diff -r "$work/out" "$work/NEW" >/dev/null ||
    mixed=$((mixed + 1))
done
[ $mixed -eq 0 ] || fail "$mixed of 20 rounds of two runs ended with documents of both"
# Two batches into one folder.
mkdir "$work/in-old" "$work/in-new"
for n in 1 2 3 4; do cp "$old" "$work/in-old/s$n.yaml"; cp "$work/new.yaml" "$work/in-new/s$n.yaml"; done
"$procspec" generate "$work/in-old" -o "$work/BOLD" >/dev/null || fail "batch old"
"$procspec" generate "$work/in-new" -o "$work/BNEW" >/dev/null || fail "batch new"
for i in $(seq 1 5); do
  rm -rf "$work/bout"
  "$procspec" generate "$work/in-old" -o "$work/bout" -j 2 >/dev/null &
  a=$!
  "$procspec" generate "$work/in-new" -o "$work/bout" -j 2 >/dev/null &
  b=$!
  wait $a && wait $b || fail "batch round $i failed"
  diff -r "$work/bout" "$work/BOLD" >/dev/null || diff -r "$work/bout" "$work/BNEW" >/dev/null ||
    fail "batch round $i: two batches mixed their documents"
done
# --no-wait fails at once while another run holds the folder; without it the
# run waits until the holder lets go. The holder is a shell holding an flock
# on the folder until told to stop (no timing: it stops when we say so).
fresh_copy
( exec 9<"$work/out"; flock 9; touch "$work/locked"
  while [ ! -e "$work/release" ]; do sleep 0.05; done ) &
holder=$!
while [ ! -e "$work/locked" ]; do sleep 0.05; done
"$procspec" generate "$work/new.yaml" -o "$work/out" --no-wait >/dev/null 2>"$work/err"
[ $? -eq 2 ] && grep -q "another procspec run is writing into" "$work/err" || fail "--no-wait: $(cat "$work/err")"
same "$work/out" "$work/OLD" "--no-wait"
"$procspec" generate "$work/new.yaml" -o "$work/out" >/dev/null 2>"$work/err" &
waiting=$!
sleep 2
kill -0 $waiting 2>/dev/null || fail "the second run did not wait for the lock: $(cat "$work/err")"
same "$work/out" "$work/OLD" "a run waiting for the lock"
touch "$work/release"
wait $holder
wait $waiting || fail "the waiting run failed: $(cat "$work/err")"
same "$work/out" "$work/NEW" "waiting run"

# 5. SIGINT and SIGTERM during a batch: no temporary file, only whole documents.
interrupted=0
for sig in INT TERM; do
  for i in $(seq 1 8); do
    rm -rf "$work/sig"
    cp -a "$work/BOLD" "$work/sig"
    # A background job starts with SIGINT ignored; a user's run does not.
    # setsid: the run leads its own process group, as a terminal job does.
    setsid env --default-signal=INT "$procspec" generate "$work/in-new" -o "$work/sig" -j 2 \
      >/dev/null 2>&1 &
    pid=$!
    sleep "0.$(printf '%02d' $(( (i * 9) % 30 + 2 )))"
    # Ctrl-C signals the whole group; kill(1) signals the run alone.
    if [ $sig = INT ]; then kill -INT -- -$pid 2>/dev/null; else kill -TERM $pid 2>/dev/null; fi
    wait $pid
    [ $? -gt 128 ] && interrupted=$((interrupted + 1))
    pgrep -f -- "-o $work/sig " >/dev/null && fail "$sig round $i: a batch worker outlived the run"
    no_temps "$work/sig" "$sig round $i"
    for svc in s1 s2 s3 s4; do
      for f in "$work/BOLD/$svc"/*; do
        b=$(basename "$f")
        cmp -s "$work/sig/$svc/$b" "$f" || cmp -s "$work/sig/$svc/$b" "$work/BNEW/$svc/$b" ||
          fail "$sig round $i: $svc/$b is neither the old nor the new document"
      done
    done
  done
done
[ $interrupted -ge 6 ] || fail "only $interrupted of 16 runs were interrupted; the test proved little"

# 6. A full disk: nothing changes, no temporary file, a folder the run made is removed.
for n in 0 4000 60000 120000; do
  fresh_copy
  LD_PRELOAD=$shim PROCSPEC_FAULT_ENOSPC_AFTER=$n \
    "$procspec" generate "$work/new.yaml" -o "$work/out" >/dev/null 2>"$work/err"
  [ $? -eq 2 ] || fail "full disk after $n bytes: exit status"
  grep -q "No space left on device" "$work/err" || fail "full disk after $n bytes: $(cat "$work/err")"
  same "$work/out" "$work/OLD" "full disk after $n bytes"
  LD_PRELOAD=$shim PROCSPEC_FAULT_ENOSPC_AFTER=$n \
    "$procspec" generate "$work/new.yaml" -o "$work/made/a/b" >/dev/null 2>&1
  [ ! -e "$work/made" ] || fail "full disk after $n bytes: the folder the run made is left"
  LD_PRELOAD=$shim PROCSPEC_FAULT_ENOSPC_AFTER=$n \
    "$procspec" generate "$work/in-new" -o "$work/made" -j 2 >/dev/null 2>&1
  [ $? -eq 2 ] || fail "batch on a full disk: exit status"
  [ ! -e "$work/made" ] || fail "batch on a full disk after $n bytes: left $(find "$work/made" | head -n 3)"
done
# A rename that fails after others succeeded: those are put back.
for k in 1 2 7 15; do
  fresh_copy
  LD_PRELOAD=$shim PROCSPEC_FAULT_RENAME=$k \
    "$procspec" generate "$work/new.yaml" -o "$work/out" >/dev/null 2>"$work/err"
  [ $? -eq 2 ] && grep -q "no document was changed" "$work/err" || fail "rename $k failing: $(cat "$work/err")"
  same "$work/out" "$work/OLD" "rename $k failing"
done
# The XLSX ledger is written in a private temporary folder: a signal while
# the workbook is written removes it (and replaces nothing).
mkdir "$work/tmp"
echo "old ledger" >"$work/ledger.xlsx"
TMPDIR=$work/tmp LD_PRELOAD=$shim PROCSPEC_FAULT_TERM_AT=book.xlsx \
  "$procspec" ledger "$src/samples" -o "$work/ledger.xlsx" 2>/dev/null
[ $? -eq 143 ] || fail "the XLSX ledger was not interrupted at book.xlsx; the test proved nothing"
[ -z "$(ls -A "$work/tmp")" ] || fail "SIGTERM left the spreadsheet's temporary folder: $(ls -A "$work/tmp")"
[ "$(cat "$work/ledger.xlsx")" = "old ledger" ] || fail "an interrupted XLSX ledger replaced the old one"
# PDF: LibreOffice converts in a private folder, in its own process group
# (which Ctrl-C does not reach): a signal ends it and removes the folder.
# The signal is sent at a moment the test observes, not after a guessed
# delay (a fast machine converts in under two seconds): once LibreOffice is
# running, and once it has written the PDF but procspec has not yet moved
# it (a wrapper keeps the converter alive after LibreOffice is done).
cat >"$work/slow-soffice" <<'SH'
#!/bin/sh
soffice "$@"
status=$?
sleep 60
exit $status
SH
chmod +x "$work/slow-soffice"
# Waits up to 60 s for COMMAND to succeed; fails if the run ended first.
await() {
  i=0
  while ! eval "$1"; do
    kill -0 $pid 2>/dev/null || return 1
    i=$((i + 1))
    [ $i -lt 1200 ] || return 1
    sleep 0.05
  done
}
for how in group-INT TERM; do
  for when in running written; do
    rm -rf "$work/tmp"/* "$work/pdf"
    cp -a "$work/OLD" "$work/pdf"
    if [ $when = written ]; then soffice=$work/slow-soffice; else soffice=soffice; fi
    TMPDIR=$work/tmp PROCSPEC_SOFFICE=$soffice setsid env --default-signal=INT \
      "$procspec" generate "$work/new.yaml" --format pdf --doc spec -o "$work/pdf" >/dev/null 2>&1 &
    pid=$!
    if [ $when = running ]; then
      await 'pgrep -f -- "soffice.*$work/tmp" >/dev/null'
    else
      await '[ -n "$(find "$work/tmp" -name "*.pdf" 2>/dev/null)" ]'
    fi || fail "PDF $how $when: the run ended before LibreOffice was $when"
    if [ $how = TERM ]; then kill -TERM $pid; else kill -INT -- -$pid; fi
    wait $pid
    [ $? -gt 128 ] || fail "PDF $how $when: the run was not interrupted; the test proved nothing"
    sleep 0.3
    pgrep -f -- "$work/tmp" >/dev/null && fail "PDF $how $when: LibreOffice outlived the run"
    [ -z "$(ls -A "$work/tmp")" ] || fail "PDF $how $when: left $(ls -A "$work/tmp")"
    same "$work/pdf" "$work/OLD" "PDF $how $when"
  done
done

# 7. An empty input folder and an empty -o are errors with a message, exit 2.
mkdir "$work/empty"
"$procspec" generate "$work/empty" -o "$work/e" 2>"$work/err"
[ $? -eq 2 ] && grep -q "no profile" "$work/err" || fail "empty folder: $(cat "$work/err")"
"$procspec" generate "$old" -o "" 2>"$work/err"
[ $? -eq 2 ] && grep -q "output folder name is empty" "$work/err" || fail "-o '': $(cat "$work/err")"
echo "PASS: output folder ($interrupted interrupted runs)"
