#!/bin/bash
# End-to-end test of one sample: generate every document in every format,
# validate each DOCX and ODT with the independent checker, check that the
# text LibreOffice extracts holds the profile's values, that a second run
# gives identical bytes, that the rendered PDF shows heading numbers, page
# numbers and the table of contents, and that pandoc reads the structure
# back.
# usage: sample.sh PROCSPEC SAMPLE.yaml CHECK_OFFICE
set -u
procspec=$1 sample=$2 check_office=$3
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

templates=()
[ -d "${sample%.yaml}.templates" ] && templates=(--templates "${sample%.yaml}.templates")
"$procspec" generate "$sample" "${templates[@]}" -o "$work/a" >/dev/null || fail "generate exited $?"
"$procspec" generate "$sample" "${templates[@]}" -o "$work/b" >/dev/null || fail "second generate exited $?"
"$procspec" coverage "$sample" "${templates[@]}" >"$work/coverage" 2>&1 || { cat "$work/coverage"; fail "coverage reports uncovered items"; }
for f in "$work"/a/*; do
  cmp -s "$f" "$work/b/$(basename "$f")" || fail "$(basename "$f") differs between two runs"
done

ls "$work"/a/*.docx "$work"/a/*.odt >/dev/null 2>&1 || fail "no office documents written"
"$check_office" --text "$work"/a/*.docx "$work"/a/*.odt >"$work/text" 2>"$work/checks"
status=$?
grep -v '^PASS' "$work/checks"
[ $status -eq 0 ] || fail "check-office reported failures"
grep -q '^FAIL' "$work/checks" && fail "check-office FAIL lines"

# Values from the profile must appear in the extracted text.
# value SECTION KEY: a block-style value of the sample, comments removed.
value() {
  awk -v sec="$1:" -v key="$2:" '
    $0 ~ "^" sec "[ ]*$" {f = 1; next}
    /^[^ #]/ {f = 0}
    f && $1 == key {sub(/^[ ]*[^:]*:[ ]*/, ""); sub(/[ ]+#.*$/, ""); print; exit}' "$sample"
}
service=$(value service name)
provider=$(value service provider)
org=$(value organization name)
short=$(value organization short_name)
[ -n "$service" ] && [ -n "$provider" ] && [ -n "$org" ] || fail "cannot read names from $sample"
files=$(grep -c '^==> ' "$work/text")
for needle in "$service" "$org"; do
  n=$(awk -v s="$needle" '/^==> /{f=$0} index($0, s){print f}' "$work/text" | sort -u | wc -l)
  [ "$n" -eq "$files" ] || fail "'$needle' appears in $n of $files documents"
done
grep -q "$provider" "$work/text" || fail "provider '$provider' missing from the text"

# The organization is a parameter: another organization's documents never
# name the default one.
if [ -n "$short" ] && [ "$short" != 本組合 ]; then
  grep -q 本組合 "$work/text" && fail "'本組合' appears although short_name is $short"
  grep -q "$short" "$work/text" || fail "short_name '$short' does not appear"
fi

# The specification holds the five essentials (by their headings).
if [ -f "$work/a/spec.docx" ]; then
  spec_text=$(awk '/^==> .*spec\.docx/{p=1;next} /^==> /{p=0} p' "$work/text")
  for heading in 目的 報告及び連絡体制; do
    grep -q "$heading" <<<"$spec_text" || fail "spec.docx lacks '$heading'"
  done
  if grep -q 'confidentiality: [23]' "$sample"; then
    for heading in 役割及び責任の分担 サービスレベル 目的外利用の禁止 データの返還及び移行 データの消去 調達仕様の契約への反映 稼働率; do
      grep -q "$heading" <<<"$spec_text" || fail "spec.docx lacks '$heading'"
    done
  fi
fi
# Rendered by LibreOffice: heading numbers, page numbers, table of contents.
bash "$here/pdf_check.sh" "$work/a" "$here/../.." || fail "PDF check"
# Read back by pandoc with the document's structure.
/usr/bin/python3 "$here/pandoc_structure.py" "$work/a" || fail "pandoc read-back"
echo "PASS: $(basename "$sample"): $(ls "$work/a" | wc -l) files"
