#!/bin/bash
# procspec generate/diff --format pdf: LibreOffice converts the ODT in a
# private folder; the PDF holds the table of contents with page numbers and
# the headings, embeds its fonts, is the same bytes on every run, and every
# failure (LibreOffice missing, failing, too slow) is a clear error that
# writes nothing and leaves no temporary files.
# usage: pdf.sh PROCSPEC SOURCE_DIR
set -u
ps=$1 src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
export TMPDIR=$work/tmp
mkdir -p "$TMPDIR"
sample=$src/samples/e-application.yaml

"$ps" generate "$sample" --format pdf,md -o "$work/a" >/dev/null || fail "generate --format pdf failed"
[ -f "$work/a/spec.pdf" ] && [ -f "$work/a/annex.pdf" ] || fail "no spec.pdf/annex.pdf"
[ ! -e "$work/a/spec.odt" ] || fail "the ODT used for the PDF was written although not asked for"
[ -z "$(ls -A "$TMPDIR")" ] || fail "temporary files left: $(ls -A "$TMPDIR")"
text=$(pdftotext -layout "$work/a/spec.pdf" -)
grep -q '目次' <<<"$text" || fail "spec.pdf has no table of contents"
# Every heading of the Markdown appears in the PDF, and the contents lines
# of the first chapter's clauses end with a page number.
while IFS= read -r h; do
  grep -qF -- "$h" <<<"$text" || fail "spec.pdf lacks the heading '$h'"
done < <(sed -n 's/^##* \(第[0-9]*\|[0-9]*\)　//p' "$work/a/spec.md")
clause=$(sed -n 's/^### 1　//p' "$work/a/spec.md" | head -n 1)
grep -qE "$clause\.{5,} *[0-9]+\$" <<<"$text" || fail "the table of contents has no page number for $clause"
pdffonts "$work/a/spec.pdf" | awk 'NR>2 && $(NF-4) != "yes" {bad=1} END {exit bad}' ||
  fail "a font is not embedded: $(pdffonts "$work/a/spec.pdf")"
# Same bytes on every run; when not, say where they part and which fonts
# (object numbers) each file has.
same_pdf() { # A B LABEL
  cmp -s "$1" "$2" && return 0
  echo "$(cmp "$1" "$2"); fonts (name, object):"
  for f in "$1" "$2"; do pdffonts "$f" | awk 'NR>2 {printf " %s %s", $1, $(NF-1)} END {print ""}'; done
  fail "$3"
}
"$ps" generate "$sample" --format pdf -o "$work/b" >/dev/null || fail "second run failed"
for f in "$work"/a/*.pdf; do
  same_pdf "$f" "$work/b/$(basename "$f")" "$(basename "$f") differs between two runs"
done
echo "ok: PDF with contents, headings, embedded fonts, reproducible"

# LibreOffice writes the embedded fonts in the order of their addresses in
# memory, so another run may give them other object numbers (a CI run saw
# annex.pdf differ that way). A converter that renumbers them on purpose
# must not change procspec's PDF.
cat > "$work/renumbering-soffice" <<EOF
#!/bin/bash
soffice "\$@" || exit
while [ \$# -gt 0 ]; do [ "\$1" = --outdir ] && out=\$2; shift; done
for f in "\$out"/*.pdf; do
  pdffonts "\$f" | awk 'NR>2 {print \$(NF-1)}' > "$work/fonts-before"
  /usr/bin/python3 "$src/tests/e2e/pdf_renumber.py" "\$f" || exit 1
  pdffonts "\$f" | awk 'NR>2 {print \$(NF-1)}' > "$work/fonts-after"
done
EOF
chmod +x "$work/renumbering-soffice"
PROCSPEC_SOFFICE=$work/renumbering-soffice "$ps" generate "$sample" --doc annex --format pdf \
  -o "$work/renumbered" >/dev/null 2>&1 || fail "generate with renumbered fonts failed"
! cmp -s "$work/fonts-before" "$work/fonts-after" || fail "the fonts were not renumbered"
same_pdf "$work/a/annex.pdf" "$work/renumbered/annex.pdf" "annex.pdf changes with the fonts' object numbers"
echo "ok: the same PDF whatever numbers LibreOffice gives the fonts"

# What the XMP metadata says (part and conformance) is what --help and the
# manual promise: 1 is PDF/A-1a (meets 1b), 2 is PDF/A-2b.
pdfaid() { # FILE -> "PART CONFORMANCE"
  local part conf
  part=$(grep -ao '<pdfaid:part>[^<]*</pdfaid:part>\|pdfaid:part="[^"]*"' "$1" | head -n 1 | tr -dc '0-9')
  conf=$(grep -ao '<pdfaid:conformance>[^<]*</pdfaid:conformance>\|pdfaid:conformance="[^"]*"' "$1" |
    head -n 1 | sed 's/.*conformance[>=]"\{0,1\}\([A-Za-z]\).*/\1/')
  echo "$part $conf"
}
for want in "1 A" "2 B"; do
  v=${want% *}
  "$ps" generate "$sample" --doc spec --format pdf --pdf-a "$v" -o "$work/pdfa$v" >/dev/null || fail "--pdf-a $v failed"
  "$ps" generate "$sample" --doc spec --format pdf --pdf-a "$v" -o "$work/pdfa$v-again" >/dev/null ||
    fail "--pdf-a $v failed the second time"
  # PDF/A carries the export time in the ICC colour profile as well.
  same_pdf "$work/pdfa$v/spec.pdf" "$work/pdfa$v-again/spec.pdf" "--pdf-a $v: spec.pdf differs between two runs"
  got=$(pdfaid "$work/pdfa$v/spec.pdf")
  [ "$got" = "$want" ] || fail "--pdf-a $v wrote pdfaid part/conformance '$got', expected '$want'"
  promised=$(sed -n "s/.*--pdf-a 1|2 *write \(PDF\/A-[^ ]*\).* or \(PDF\/A-[^ ]*\).*/\1 \2/p" <("$ps" generate --help --lang en))
  case "$v" in 1) p=${promised% *};; 2) p=${promised#* };; esac
  [ "$p" = "PDF/A-${want% *}$(tr 'AB' 'ab' <<<"${want#* }")" ] || fail "--help promises '$p' for --pdf-a $v, the file is '$got'"
done
"$ps" generate "$sample" --format pdf --pdf-a 3 -o "$work/x" >/dev/null 2>&1 && fail "--pdf-a 3 accepted"
echo "ok: PDF/A-1a and PDF/A-2b, as --help says, the same bytes on every run"

# Failures: an existing document stays, nothing new is written.
mkdir -p "$work/keep" && echo old > "$work/keep/spec.pdf"
check_refused() { # LABEL EXPECTED_MESSAGE ARGS...
  local label=$1 msg=$2; shift 2
  out=$("$@" 2>&1 >/dev/null); rc=$?
  [ $rc -eq 2 ] || fail "$label: exit $rc, expected 2"
  grep -q -- "$msg" <<<"$out" || fail "$label: message '$out' lacks '$msg'"
  [ "$(cat "$work/keep/spec.pdf")" = old ] || fail "$label: spec.pdf was replaced"
  [ "$(ls "$work/keep")" = spec.pdf ] || fail "$label: files written: $(ls "$work/keep")"
  [ -z "$(ls -A "$TMPDIR")" ] || fail "$label: temporary files left: $(ls -A "$TMPDIR")"
  echo "ok: $label"
}
PROCSPEC_SOFFICE=$work/no-such-soffice check_refused "LibreOffice missing" "libreoffice-writer-nogui" \
  "$ps" generate "$sample" --format pdf -o "$work/keep"
PROCSPEC_SOFFICE=false check_refused "LibreOffice fails" "failed to convert" \
  "$ps" generate "$sample" --format pdf -o "$work/keep"
# A PDF that is not whole (qpdf would have to repair it) is refused too.
for kind in broken truncated; do
  cat > "$work/$kind-soffice" <<EOF
#!/bin/bash
soffice "\$@" || exit
while [ \$# -gt 0 ]; do [ "\$1" = --outdir ] && out=\$2; shift; done
for f in "\$out"/*.pdf; do
  case $kind in
  broken) printf '%%PDF-1.6\\nnot a PDF\\n' > "\$f";;
  truncated) head -c \$(( \$(stat -c %s "\$f") / 2 )) "\$f" > "\$f.half" && mv "\$f.half" "\$f";;
  esac
done
EOF
  chmod +x "$work/$kind-soffice"
  PROCSPEC_SOFFICE=$work/$kind-soffice check_refused "LibreOffice writes a $kind PDF" "could not be read back" \
    "$ps" generate "$sample" --format pdf -o "$work/keep"
done
printf '#!/bin/sh\necho "$$" > %s/slow.pid\nexec sleep 60\n' "$work" > "$work/slow-soffice"
chmod +x "$work/slow-soffice"
start=$(date +%s)
PROCSPEC_SOFFICE=$work/slow-soffice check_refused "LibreOffice too slow" "within 1 seconds" \
  "$ps" generate "$sample" --format pdf --pdf-timeout 1 -o "$work/keep"
[ $(( $(date +%s) - start )) -lt 20 ] || fail "the timeout did not stop the conversion"
! kill -0 "$(cat "$work/slow.pid")" 2>/dev/null || fail "the slow converter is still running"

# diff --format pdf: the redline printed with the old and the new text.
sed 's/^\(  function: \).*/\1届出受付機能/' "$sample" > "$work/new.yaml"
"$ps" diff "$sample" "$work/new.yaml" --format pdf -o "$work/redline.pdf" >/dev/null
[ $? -eq 1 ] || fail "diff --format pdf: expected exit 1 (differences)"
text=$(pdftotext "$work/redline.pdf" -)
grep -q '届出' <<<"$text" || fail "the redline PDF lacks the new text"
# The deleted word is printed (struck through) beside the inserted one.
grep '届出' <<<"$text" | grep -q '申請' || fail "the redline PDF lacks the deleted text"
echo "ok: diff --format pdf"
