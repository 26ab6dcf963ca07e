#!/usr/bin/python3
"""The DOCX and the ODT of a document lay out alike when rendered.

usage: rendered_layout.py PROCSPEC SOURCE_DIR

layout_agrees.py compares the values the two packages declare; this test
renders them. For the annex and the 個人情報取扱特記事項 of
two samples with personal data, LibreOffice converts the DOCX and the ODT
to PDF, and pdftotext -bbox-layout reads back every page: both must have
the same number of pages, every page must begin with the same line of
body text, and the header and the footer must stand at the same height
(within TOL points), the body beginning 3 cm from the top of the page.
"""
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

SAMPLES = ("tax-mynumber", "staff-attendance")
KINDS = ("annex", "privacy")
TOL = 3.0  # points
CM = 72 / 2.54
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)


def pages(pdf):
    """Each page's lines as (yMin, yMax, text), top to bottom."""
    html = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], check=True,
                          capture_output=True, text=True).stdout
    html = re.sub(r"<!DOCTYPE[^>]*>", "", html)
    html = re.sub(r"<(meta|title)[^>]*>.*?</\1>|<meta[^>]*/?>", "", html, flags=re.S)
    root = ET.fromstring(html.replace("xmlns=\"http://www.w3.org/1999/xhtml\"", ""))
    out = []
    for page in root.iter("page"):
        # A paragraph's number and its text are separate lines to pdftotext:
        # the words at one height make one line, in order from the left.
        words = sorted((float(w.get("yMin")), float(w.get("xMin")), float(w.get("yMax")), w.text or "")
                       for w in page.iter("word"))
        lines = []
        for y, x, y2, t in words:
            if lines and abs(lines[-1][0] - y) <= 2:
                lines[-1][3].append((x, t))
            else:
                lines.append([y, y2, None, [(x, t)]])
        out.append([(y, y2, "".join(t for _, t in sorted(ws))) for y, y2, _, ws in lines])
    return out


def bands(lines):
    """The page's header line, its footer line and its first body line."""
    header = next((l for l in lines if l[1] < 3 * CM), None)
    footer = next((l for l in lines if re.fullmatch(r"-\s*\d+\s*-", l[2])), None)
    body = [l for l in lines if l is not header and l is not footer]
    return header, footer, body[0] if body else None


def main():
    procspec, src = sys.argv[1], sys.argv[2]
    compared = 0
    with tempfile.TemporaryDirectory() as work:
        files = []
        for name in SAMPLES:
            out = os.path.join(work, name)
            subprocess.run([procspec, "generate", os.path.join(src, "samples", name + ".yaml"),
                            "--format", "docx,odt", "-o", out], check=True,
                           stdout=subprocess.DEVNULL)
            for kind in KINDS:
                for ext in ("docx", "odt"):
                    path = os.path.join(out, kind + "." + ext)
                    check(os.path.exists(path), "%s/%s.%s was not generated" % (name, kind, ext))
                    files.append((name, kind, ext, path))
        for ext in ("docx", "odt"):
            for name in SAMPLES:
                sel = [f[3] for f in files if f[2] == ext and f[0] == name and os.path.exists(f[3])]
                subprocess.run(["timeout", "300", "soffice",
                                "-env:UserInstallation=file://%s/lo-profile" % work, "--headless",
                                "--convert-to", "pdf", "--outdir",
                                os.path.join(work, "pdf", name, ext)] + sel,
                               check=True, capture_output=True)
        for name in SAMPLES:
            for kind in KINDS:
                where = "%s/%s" % (name, kind)
                pdfs = [os.path.join(work, "pdf", name, ext, kind + ".pdf") for ext in ("docx", "odt")]
                if not all(os.path.exists(p) for p in pdfs):
                    failures.append("%s: LibreOffice made no PDF" % where)
                    continue
                d, o = pages(pdfs[0]), pages(pdfs[1])
                check(len(d) == len(o), "%s: %d pages from DOCX, %d from ODT" % (where, len(d), len(o)))
                for i, (dl, ol) in enumerate(zip(d, o)):
                    at = "%s page %d" % (where, i + 1)
                    (dh, df, db), (oh, of, ob) = bands(dl), bands(ol)
                    check(dh and oh, "%s: no header line (DOCX %r, ODT %r)" % (at, dh, oh))
                    check(df and of, "%s: no page number in the footer (DOCX %r, ODT %r)" % (at, df, of))
                    if dh and oh:
                        check(abs(dh[0] - oh[0]) <= TOL,
                              "%s: header at y %.1fpt in DOCX, %.1fpt in ODT" % (at, dh[0], oh[0]))
                    if df and of:
                        check(abs(df[0] - of[0]) <= TOL,
                              "%s: footer at y %.1fpt in DOCX, %.1fpt in ODT" % (at, df[0], of[0]))
                    check(db and ob and db[2] == ob[2],
                          "%s: the first line is %r in DOCX, %r in ODT" %
                          (at, db and db[2], ob and ob[2]))
                    if db and ob:
                        check(abs(db[0] - ob[0]) <= TOL,
                              "%s: the body begins at y %.1fpt in DOCX, %.1fpt in ODT" %
                              (at, db[0], ob[0]))
                        check(db[0] >= 3 * CM - TOL,
                              "%s: the body begins at y %.1fpt, above the 3 cm margin" % (at, db[0]))
                compared += 1
    for f in failures:
        print("FAIL:", f)
    if failures:
        sys.exit(1)
    print("PASS: rendered layout agrees (%d documents of %d samples)" % (compared, len(SAMPLES)))


main()
