#!/bin/bash
# --reference-doc: the house style's fonts, sizes and page setup are used,
# foreign markup is left out, the result passes check-office; references
# saved by LibreOffice work too; hostile references (zip bomb, truncated,
# XXE, entity bomb, not a zip) fail with a clear error and change nothing.
# usage: reference_doc.sh PROCSPEC SOURCE_DIR CHECK_OFFICE
set -u
procspec=$1 src=$2 check_office=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
/usr/bin/python3 "$src/tests/fixtures/make_references.py" "$work/refs" || fail "fixtures"
sample=$src/samples/e-application.yaml
part() { unzip -p "$1" "$2"; }
xp() { # file part xpath -> count
  part "$1" "$2" | xmllint --xpath "count($3)" - 2>/dev/null
}
W='*[local-name()='
"$procspec" generate "$sample" --doc spec --reference-doc "$work/refs/house.docx" \
  --reference-doc "$work/refs/house.odt" -o "$work/house" >/dev/null || fail "generate with references"
"$check_office" "$work/house/spec.docx" "$work/house/spec.odt" >"$work/log" 2>&1 || { grep -v ^PASS "$work/log"; fail "check-office"; }
d=$work/house/spec.docx o=$work/house/spec.odt
[ "$(xp "$d" word/styles.xml "//*[local-name()='docDefaults']//*[local-name()='rFonts'][@*[local-name()='eastAsia']='BIZ UD明朝']")" = 1 ] || fail "docDefaults not from the reference"
[ "$(xp "$d" word/styles.xml "//*[local-name()='style'][@*[local-name()='styleId']='Heading1']//*[local-name()='rFonts'][@*[local-name()='eastAsia']='BIZ UDゴシック']")" = 1 ] || fail "Heading1 fonts not from the reference"
[ "$(xp "$d" word/styles.xml "//*[local-name()='style'][@*[local-name()='styleId']='Heading1']//*[local-name()='numId'][@*[local-name()='val']='1']")" = 1 ] || fail "Heading1 lost its numbering"
[ "$(xp "$d" word/styles.xml "//*[local-name()='style'][@*[local-name()='styleId']='HouseNote'][not(.//*[local-name()='numPr'])]")" = 1 ] || fail "HouseNote not added, or with a numbering link"
part "$d" word/styles.xml | grep -q 'w14' && fail "foreign w14 markup copied"
[ "$(xp "$d" word/document.xml "//*[local-name()='pgSz'][@*[local-name()='w']='10318'][@*[local-name()='h']='14570']")" = 1 ] || fail "page size not from the reference"
[ "$(xp "$o" styles.xml "//*[local-name()='default-style']/*[local-name()='text-properties'][@*[local-name()='font-name-asian']='BIZ UD明朝']")" = 1 ] || fail "ODT default font not from the reference"
[ "$(xp "$o" styles.xml "//*[local-name()='style'][@*[local-name()='name']='House_20_Note']")" = 1 ] || fail "ODT house style not added"
[ "$(xp "$o" styles.xml "//*[local-name()='page-layout-properties'][@*[local-name()='page-width']='18.2cm']")" = 1 ] || fail "ODT page size not from the reference"
part "$o" styles.xml | grep -q 'loext' && fail "foreign loext markup copied"

# References saved by LibreOffice (with its own extensions and numbering).
mkdir -p "$work/lo"
soffice -env:UserInstallation="file://$work/lo/profile" --headless --convert-to docx \
  --outdir "$work/lo" "$work/house/spec.odt" >/dev/null 2>&1
soffice -env:UserInstallation="file://$work/lo/profile" --headless --convert-to odt \
  --outdir "$work/lo/odt" "$work/house/spec.docx" >/dev/null 2>&1
[ -f "$work/lo/spec.docx" ] && [ -f "$work/lo/odt/spec.odt" ] || fail "LibreOffice did not convert"
"$procspec" generate "$sample" --reference-doc "$work/lo/spec.docx" --reference-doc "$work/lo/odt/spec.odt" \
  -o "$work/lo-out" >/dev/null || fail "generate with LibreOffice references"
"$check_office" --quick "$work"/lo-out/*.docx "$work"/lo-out/*.odt >"$work/log" 2>&1 || { grep -v ^PASS "$work/log"; fail "check-office on LibreOffice-referenced output"; }

# Hostile references: exit 2, a clear message, the output folder unchanged.
mkdir "$work/keep"
echo "signed" >"$work/keep/spec.docx"
before=$(sha256sum "$work/keep/spec.docx")
while IFS='|' read -r file message; do
  "$procspec" generate "$sample" --reference-doc "$work/refs/$file" -o "$work/keep" >/dev/null 2>"$work/err"
  status=$?
  [ $status -eq 2 ] || fail "$file: exit $status"
  grep -q "^$work/refs/$file: error: .*$message" "$work/err" || { cat "$work/err"; fail "$file: no '$message'"; }
  [ "$(sha256sum "$work/keep/spec.docx")" = "$before" ] && [ "$(ls "$work/keep")" = spec.docx ] \
    || fail "$file: the output folder changed"
done <<'LIST'
bomb.docx|larger than .* uncompressed
truncated.docx|not a readable DOCX or ODT
xxe.docx|declares a DTD or entities
laughs.odt|declares a DTD or entities
notzip.docx|not a readable DOCX or ODT
LIST
"$procspec" generate "$sample" --reference-doc "$work/refs/house.odt.txt" -o "$work/keep" >/dev/null 2>&1
[ $? -eq 2 ] || fail "a reference that is neither .docx nor .odt was accepted"
echo "PASS: reference-doc"
