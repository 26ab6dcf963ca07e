#!/usr/bin/python3
"""The DOCX and the ODT of every sample have the same layout.

usage: layout_agrees.py PROCSPEC SOURCE_DIR

For every document of every sample, read back from both packages: the page
size and margins (DOCX w:pgSz/w:pgMar in twips, ODT page-layout-properties
in cm, the top and bottom margins where the body begins and ends: below
the header band and above the footer's), the list levels (count, numbering text before and after the number,
indent), and the width of every table (DOCX the sum of its w:gridCol, ODT
the table style's style:width). Both writers take these from src/writers/layout.c; they must agree
to within 0.02 cm.
"""
import glob
import os
import re
import subprocess
import sys
import tempfile
import zipfile
import xml.etree.ElementTree as ET

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
FO = "{urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
TOL = 0.02
failures = []


def cm_of_twips(v):
    return int(v) * 2.54 / 1440


def cm(length):
    m = re.fullmatch(r"(-?[0-9.]+)(cm|mm|in|pt)", length)
    assert m, length
    f = {"cm": 1, "mm": 0.1, "in": 2.54, "pt": 2.54 / 72}[m.group(2)]
    return float(m.group(1)) * f


def check(what, a, b):
    if isinstance(a, float) or isinstance(b, float):
        same = abs(a - b) <= TOL
    else:
        same = a == b
    if not same:
        failures.append("%s: DOCX %r, ODT %r" % (what, a, b))


def docx_layout(path):
    z = zipfile.ZipFile(path)
    doc = ET.fromstring(z.read("word/document.xml"))
    sect = doc.find(W + "body/" + W + "sectPr")
    size, mar = sect.find(W + "pgSz"), sect.find(W + "pgMar")
    page = {k: cm_of_twips(size.get(W + a)) for k, a in (("width", "w"), ("height", "h"))}
    for side in ("top", "bottom", "left", "right"):
        page[side] = cm_of_twips(mar.get(W + side))
    num = ET.fromstring(z.read("word/numbering.xml"))
    lists = {}
    for a in num.findall(W + "abstractNum"):
        lvls = a.findall(W + "lvl")
        fmt = lvls[0].find(W + "numFmt").get(W + "val")
        if a.find(W + "multiLevelType").get(W + "val") != "hybridMultilevel":
            continue  # the heading numbering
        kind = "bullet" if fmt == "bullet" else "ordered"
        lists[kind] = [
            (re.sub(r"%\d", "#", l.find(W + "lvlText").get(W + "val")) if kind == "ordered" else "",
             round(cm_of_twips(l.find(W + "pPr/" + W + "ind").get(W + "left")), 2))
            for l in lvls]
    # w:tblW is 100% of the text width; the grid gives the columns' twips.
    tables = [sum(cm_of_twips(c.get(W + "w")) for c in t.iter(W + "gridCol"))
              for t in doc.iter(W + "tbl")]
    return page, lists, tables


def odt_layout(path):
    z = zipfile.ZipFile(path)
    styles = ET.fromstring(z.read("styles.xml"))
    props = styles.find(".//" + STYLE + "page-layout/" + STYLE + "page-layout-properties")
    page = {k: cm(props.get(FO + "page-" + k)) for k in ("width", "height")}
    for side in ("top", "bottom", "left", "right"):
        page[side] = cm(props.get(FO + "margin-" + side))
    # The body begins below the header band and ends above the footer's
    # (the page margins are the header's and footer's distances, as
    # w:pgMar's header and footer).
    for band, side in (("header-style", "top"), ("footer-style", "bottom")):
        hf = styles.find(".//" + STYLE + "page-layout/" + STYLE + band + "/" + STYLE +
                         "header-footer-properties")
        if hf is not None and hf.get(FO + "min-height"):
            page[side] += cm(hf.get(FO + "min-height"))
    lists = {}
    for ls in styles.iter(TEXT + "list-style"):
        kind = {"L_Bullet": "bullet", "L_Ordered": "ordered"}.get(ls.get(STYLE + "name"))
        if not kind:
            continue
        levels = []
        for l in ls:
            text = ""
            if kind == "ordered":
                text = (l.get(STYLE + "num-prefix") or "") + "#" + (l.get(STYLE + "num-suffix") or "")
            align = l.find(STYLE + "list-level-properties/" + STYLE + "list-level-label-alignment")
            levels.append((text, round(cm(align.get(FO + "margin-left")), 2)))
        lists[kind] = levels
    content = ET.fromstring(z.read("content.xml"))
    widths = {}
    for st in content.iter(STYLE + "style"):
        tp = st.find(STYLE + "table-properties")
        if tp is not None:
            widths[st.get(STYLE + "name")] = cm(tp.get(STYLE + "width"))
    tables = [widths[t.get(TABLE + "style-name")] for t in content.iter(TABLE + "table")]
    return page, lists, tables


def main():
    procspec, src = sys.argv[1], sys.argv[2]
    samples = sorted(glob.glob(os.path.join(src, "samples", "*.yaml")))
    ndocs = ntables = 0
    with tempfile.TemporaryDirectory() as work:
        for sample in samples:
            name = os.path.basename(sample)[:-5]
            out = os.path.join(work, name)
            subprocess.run([procspec, "generate", sample, "--format", "docx,odt", "-o", out],
                           check=True, stdout=subprocess.DEVNULL)
            for docx in sorted(glob.glob(os.path.join(out, "*.docx"))):
                kind = os.path.basename(docx)[:-5]
                where = "%s/%s" % (name, kind)
                dp, dl, dt = docx_layout(docx)
                op, ol, ot = odt_layout(docx[:-5] + ".odt")
                for k in dp:
                    check("%s page %s (cm)" % (where, k), dp[k], op[k])
                for kind_ in ("bullet", "ordered"):
                    check("%s %s list levels" % (where, kind_), dl.get(kind_), ol.get(kind_))
                check("%s number of tables" % where, len(dt), len(ot))
                for i, (a, b) in enumerate(zip(dt, ot)):
                    check("%s table %d width (cm)" % (where, i + 1), a, b)
                ndocs += 1
                ntables += len(dt)
    if ndocs == 0:
        failures.append("no document was generated")
    for f in failures:
        print("FAIL:", f)
    if failures:
        sys.exit(1)
    print("PASS: layout agrees (%d documents of %d samples, %d tables)" % (ndocs, len(samples), ntables))


main()
