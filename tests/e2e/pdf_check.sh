#!/bin/bash
# Converts the specification and the annex of a generated folder to PDF with
# LibreOffice (twice) and checks, from the text pdftotext extracts, that the
# heading numbers, the page numbers and the table of contents appear and
# that the page count is the same in both conversions.
# usage: pdf_check.sh DIR SOURCE_DIR
set -u
dir=$1 src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
export FONTCONFIG_FILE=$src/scripts/fonts.conf
files=()
for f in spec.docx spec.odt annex.docx annex.odt; do
  [ -f "$dir/$f" ] && files+=("$dir/$f")
done
[ ${#files[@]} -ge 2 ] || fail "no specification in $dir"
pages() { pdfinfo "$1" | sed -n 's/^Pages: *//p'; }
# Same base name for .docx and .odt: convert each format into its own folder.
for ext in docx odt; do
  for run in 1 2; do
    mkdir -p "$work/$ext$run" "$work/$run/profile"
    sel=()
    for f in "${files[@]}"; do [ "${f##*.}" = "$ext" ] && sel+=("$f"); done
    timeout 300 soffice -env:UserInstallation="file://$work/$run/profile" --headless \
      --convert-to pdf --outdir "$work/$ext$run" "${sel[@]}" >/dev/null 2>&1 || fail "LibreOffice failed on $ext"
  done
  for pdf in "$work/${ext}1"/*.pdf; do
    name=$(basename "$pdf" .pdf).$ext
    p1=$(pages "$pdf") p2=$(pages "$work/${ext}2/$(basename "$pdf")")
    [ -n "$p1" ] && [ "$p1" = "$p2" ] || fail "$name: $p1 pages, then $p2"
    text=$(pdftotext -layout "$pdf" -)
    grep -qE -- '- ?1 ?-' <<<"$text" || fail "$name: no page number '- 1 -' in the footer"
    if [ "$p1" -gt 1 ]; then
      grep -qE -- '- ?2 ?-' <<<"$text" || fail "$name: no page number '- 2 -'"
    fi
    case $name in
      spec.*)
        # The Markdown types the numbers the word processors generate.
        chapter=$(sed -n 's/^## 第1　//p' "$dir/spec.md" | head -n 1)
        clause=$(sed -n 's/^### 1　//p' "$dir/spec.md" | head -n 1)
        [ -n "$chapter" ] && [ -n "$clause" ] || fail "spec.md has no 第1 or 1 heading"
        grep -qE "第 ?1 *$chapter" <<<"$text" || fail "$name: no chapter number 第1 before $chapter"
        grep -qE "^ *1 +$clause" <<<"$text" || fail "$name: no clause number 1 before $clause"
        grep -q '目次' <<<"$text" || fail "$name: no table of contents"
        grep -qE "$chapter\.{5,}" <<<"$text" || fail "$name: the table of contents has no entries"
        if [ "$ext" = odt ]; then
          grep -qE "$clause\.{5,} *[0-9]+\$" <<<"$text" || fail "$name: the table of contents has no page numbers"
        fi
        ;;
      annex.*)
        grep -qE '第 ?1 ?条（目的）' <<<"$text" || fail "$name: no article number 第1条"
        grep -qE '第 ?2 ?条（' <<<"$text" || fail "$name: no article number 第2条"
        ;;
    esac
    echo "ok: $name, $p1 pages"
  done
done
