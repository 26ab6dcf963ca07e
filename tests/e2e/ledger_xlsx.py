#!/usr/bin/python3
"""The XLSX ledger: a sound package, the workbook features the issue asks
for (frozen header, autofilter, A4 landscape with the header repeated on
every page, document properties, dates as dates in the Japanese era), and
LibreOffice Calc's CSV conversion of it equals the CSV ledger cell by cell.
The same profiles give the same bytes twice.

usage: ledger_xlsx.py PROCSPEC SOURCE_DIR
"""
import glob
import os
import subprocess
import sys
import tempfile
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from xlsx_parts import NS, calc_rows, check_package, csv_rows  # noqa: E402

procspec, src = sys.argv[1:3]
work = tempfile.mkdtemp()
samples = sorted(glob.glob(os.path.join(src, "samples", "*.yaml")))
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)


for name in ("a.xlsx", "b.xlsx", "l.csv"):
    subprocess.run([procspec, "ledger", *samples, "-o", os.path.join(work, name)], check=True)
check(open(os.path.join(work, "a.xlsx"), "rb").read() == open(os.path.join(work, "b.xlsx"), "rb").read(),
      "two runs give different XLSX bytes")

parts = check_package(os.path.join(work, "a.xlsx"))
sheet = parts["xl/worksheets/sheet1.xml"]
pane = sheet.find("s:sheetViews/s:sheetView/s:pane", NS)
check(pane is not None and pane.get("state") == "frozen" and pane.get("ySplit") == "1",
      "header row not frozen")
check(sheet.find("s:autoFilter", NS) is not None, "no autofilter")
setup = sheet.find("s:pageSetup", NS)
check(setup is not None and setup.get("orientation") == "landscape" and setup.get("paperSize") == "9",
      "not A4 landscape")
names = {d.get("name"): d.text for d in parts["xl/workbook.xml"].findall("s:definedNames/s:definedName", NS)}
check(names.get("_xlnm.Print_Titles", "").endswith("$1:$1"), f"header not repeated when printed: {names}")
check(names.get("_xlnm._FilterDatabase") is not None, "no filter range")
title = parts["docProps/core.xml"].find("dc:title", NS)
check(title is not None and title.text == "承認済外部サービス台帳", "no document title")
widths = [float(c.get("width")) for c in sheet.findall("s:cols/s:col", NS)]
ncols = len(csv_rows(os.path.join(work, "l.csv"))[0])
check(len(widths) == ncols and widths[0] > 30, f"column widths do not fit Japanese text: {widths}")
styles = parts["xl/styles.xml"]
check(any("ggge" in f.get("formatCode") for f in styles.findall("s:numFmts/s:numFmt", NS)),
      "no Japanese-era date format")

# The documents' Mincho is the workbook's default font (the Normal style,
# font 0) and every font of the workbook; no Calibri.
fonts = [f.find("s:name", NS).get("val") for f in styles.findall("s:fonts/s:font", NS)]
check(fonts and all(f == "ＭＳ 明朝" for f in fonts), f"fonts are not the documents' Mincho: {fonts}")
# Printed pages carry the title and "page N / M".
hf = sheet.find("s:headerFooter", NS)
head = hf.findtext("s:oddHeader", "", NS) if hf is not None else ""
foot = hf.findtext("s:oddFooter", "", NS) if hf is not None else ""
check("承認済外部サービス台帳" in head, f"no title in the page header: {head!r}")
check("&P" in foot and "&N" in foot, f"no page N / M in the page footer: {foot!r}")
# Cells wider than the widest column (40) wrap; the hand-filled date
# columns (⑨承認日 ...) are blank cells, and the columns, in the era format.
xfs = styles.findall("s:cellXfs/s:xf", NS)
fmts = {f.get("numFmtId"): f.get("formatCode") for f in styles.findall("s:numFmts/s:numFmt", NS)}
strings = ["".join(t.text or "" for t in si.iter("{%s}t" % NS["s"]))
           for si in parts["xl/sharedStrings.xml"].findall("s:si", NS)]
wide = lambda t: sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in t)
def wraps(c):
    al = xfs[int(c.get("s", "0"))].find("s:alignment", NS)
    return al is not None and al.get("wrapText") == "1"
def era(s_index):
    return "ggge" in (fmts.get(xfs[int(s_index or "0")].get("numFmtId")) or "")
rows = sheet.findall("s:sheetData/s:row", NS)
long_cells = [c for r in rows[1:] for c in r.findall("s:c", NS)
              if c.get("t") == "s" and wide(strings[int(c.findtext("s:v", "", NS))]) > 40]
check(long_cells and all(wraps(c) for c in long_cells),
      f"long cells that do not wrap: {[c.get('r') for c in long_cells if not wraps(c)] or 'no long cell'}")
heads = {c.get("r").rstrip("1"): strings[int(c.findtext("s:v", "", NS))] for c in rows[0].findall("s:c", NS)}
to_fill = [col for col, t in heads.items() if t.startswith(("⑨", "⑪", "⑫"))]
check(len(to_fill) == 3, f"hand-filled date columns not found: {heads}")
for col in to_fill:
    cells = [c for r in rows[1:] for c in r.findall("s:c", NS) if c.get("r").rstrip("0123456789") == col]
    check(len(cells) == len(samples) and all(era(c.get("s")) and c.find("s:v", NS) is None for c in cells),
          f"column {col} ({heads[col]}): blank cells without the era date format")
    n = ord(col) - ord("A") + 1
    colspec = [c for c in sheet.findall("s:cols/s:col", NS) if int(c.get("min")) <= n <= int(c.get("max"))]
    check(colspec and era(colspec[0].get("style")), f"column {col} ({heads[col]}) has no era date format")

xlsx_rows = calc_rows(os.path.join(work, "a.xlsx"))
csv_ = csv_rows(os.path.join(work, "l.csv"))
check(len(csv_) == len(samples) + 1, f"CSV ledger has {len(csv_)} rows")
check(xlsx_rows == csv_, "Calc's CSV of the XLSX ledger differs from the CSV ledger:\n"
      + "\n".join(f"  xlsx {a}\n  csv  {b}" for a, b in zip(xlsx_rows, csv_) if a != b))
check(any("令和" in c for c in xlsx_rows[1]), "dates not shown in the Japanese era")

r = subprocess.run([procspec, "ledger", samples[0], "--format", "xlsx"], capture_output=True)
check(r.returncode == 2 and b"-o" in r.stderr, "an XLSX ledger on standard output is not refused")

for f in failures:
    print("FAIL:", f)
sys.exit(1 if failures else 0)
