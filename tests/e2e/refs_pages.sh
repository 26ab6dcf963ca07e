#!/bin/bash
# With --refs inline, a criteria references line 【…】 never stands alone at
# the top of a page, nor alone on the last page: the specification and the
# annex of several samples are rendered to PDF by LibreOffice (DOCX and ODT)
# and read back page by page with pdftotext. The page header (title and
# version) and the footer (- N -) are not the page's text.
# usage: refs_pages.sh PROCSPEC SOURCE_DIR
set -u
procspec=$1 src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export FONTCONFIG_FILE=$src/scripts/fonts.conf
failed=0 checked=0
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
for sample in saas-reseller exit-remedies e-application tax-mynumber; do
  out=$work/$sample
  "$procspec" generate "$src/samples/$sample.yaml" --refs inline --format docx,odt -o "$out" \
    >/dev/null 2>&1 || { fail "$sample: generate failed"; continue; }
  for ext in docx odt; do
    files=()
    for doc in spec annex; do [ -f "$out/$doc.$ext" ] && files+=("$out/$doc.$ext"); done
    timeout 300 soffice -env:UserInstallation="file://$work/profile" --headless \
      --convert-to pdf --outdir "$out/$ext" "${files[@]}" >/dev/null 2>&1 ||
      { fail "$sample: LibreOffice failed on $ext"; continue; }
    for pdf in "$out/$ext"/*.pdf; do
      name="$sample $(basename "$pdf" .pdf).$ext"
      pages=$(pdfinfo "$pdf" | sed -n 's/^Pages: *//p')
      [ "${pages:-0}" -ge 2 ] || { fail "$name: $pages pages"; continue; }
      header=$(pdftotext -f 2 -l 2 "$pdf" - | grep -v '^[[:space:]]*$' | head -n 1)
      for ((p = 2; p <= pages; p++)); do
        text=$(pdftotext -f "$p" -l "$p" "$pdf" - | grep -v '^[[:space:]]*$' |
          grep -vxF -- "$header" | grep -vE '^[[:space:]]*- ?[0-9]+ ?-[[:space:]]*$')
        first=$(head -n 1 <<<"$text")
        checked=$((checked + 1))
        [[ $first == 【* ]] && fail "$name: page $p begins with the references line $first"
        if [ "$p" -eq "$pages" ]; then
          rest=$(grep -vE '^[[:space:]]*(【.*】|以上)[[:space:]]*$' <<<"$text")
          [ -n "$rest" ] || fail "$name: the last page holds only 【…】 and 以上"
        fi
      done
    done
  done
done
echo "$checked pages checked, $failed failed"
[ "$checked" -gt 50 ] && [ "$failed" -eq 0 ]
