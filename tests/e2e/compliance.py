#!/usr/bin/python3
"""The compliance form (仕様適合確認書) of every sample.

- Its rows correspond one to one with the requirement statements of the
  specification, derived here independently from the specification's
  Markdown: every sentence ending in 「こと。」 or 「ならない。」 outside
  brackets, and every list item or table row (as 「first cell（header：
  cell、…）」) that follows a paragraph whose last sentence is one.
  Numbers are 第<chapter>の<clause>(<k>)[ア…]; IDs are the clause ID and
  the first 8 hex digits of the SHA-256 of the statement.
- The fingerprint is the same in every format and changes with the spec.
- The XLSX is a sound package with the features bidders need (answers
  restricted to the three, sheet protected with the answer and
  explanation cells unlocked, frozen header, A4 landscape, header repeated
  when printed), and Calc's CSV conversion holds the same rows as the CSV
  form. The DOCX and ODT pass check-office. Same input, same bytes.

usage: compliance.py PROCSPEC SOURCE_DIR CHECK_OFFICE
"""
import glob
import hashlib
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from xlsx_parts import NS, calc_rows_many, check_package, csv_rows  # noqa: E402

procspec, src, check_office = sys.argv[1:4]
work = tempfile.mkdtemp()
failures = []
KANA = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワ"


def check(cond, what):
    if not cond:
        failures.append(what)


def unescape(s):
    return re.sub(r"\\(.)", r"\1", s).strip()


def sentences(text):
    out, depth, cur = [], 0, ""
    for ch in text:
        cur += ch
        if ch in "（「『":
            depth += 1
        elif ch in "）」』":
            depth = max(0, depth - 1)
        elif ch == "。" and depth == 0:
            out.append(cur.strip(" \u3000"))
            cur = ""
    if cur.strip(" \u3000"):
        out.append(cur.strip(" \u3000"))
    return out


def obliges(s):
    return s.endswith("こと。") or s.endswith("ならない。") or s.endswith("こと")


def cells(line):
    return [unescape(c) for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]


def derive(spec_md):
    """(number, text, clause id) of every requirement statement."""
    out = []
    chapter = clause = None
    blocks = []

    def flush():
        nonlocal blocks
        k, sub, introduces = 0, 0, False
        for kind, body in blocks:
            if kind == "sep":
                continue
            was, introduces = introduces, False
            if kind == "para":
                last = False
                for s in sentences(body):
                    last = obliges(s)
                    if last:
                        k, sub = k + 1, 0
                        out.append((f"{chapter}の{clause[0]}({k})", s, clause[1]))
                introduces = last
            elif was and kind in ("list", "table"):
                rows = body if kind == "list" else body[2:]
                for r in rows:
                    if kind == "table":
                        head = body[0]
                        r = r[0] + ("（" + "、".join(f"{h}：{c}" for h, c in zip(head[1:], r[1:])) + "）"
                                    if len(r) > 1 else "")
                    out.append((f"{chapter}の{clause[0]}({k}){KANA[sub]}", r, clause[1]))
                    sub += 1
        blocks = []

    cid = None
    for line in spec_md.split("\n"):
        m = re.match(r"<!-- procspec:clause id=\"([^\"]+)\"", line)
        if m:
            flush()
            cid = m.group(1)
            continue
        m = re.match(r"^## 第(\d+)　", line)
        if m:
            flush()
            chapter, clause = f"第{m.group(1)}", None
            continue
        m = re.match(r"^### (\d+)　", line)
        if m:
            clause = (m.group(1), cid)
            continue
        if clause is None or not line.strip() or line.startswith("【") or line.startswith("<!--"):
            if blocks and blocks[-1][0] != "sep":
                blocks.append(("sep", None))
            continue
        m = re.match(r"^\s*(?:\d+\.|[-*+])\s+(.*)$", line)
        if m:
            if blocks and blocks[-1][0] == "list":
                blocks[-1][1].append(unescape(m.group(1)))
            else:
                blocks.append(("list", [unescape(m.group(1))]))
        elif line.startswith("|"):
            if blocks and blocks[-1][0] == "table":
                blocks[-1][1].append(cells(line))
            else:
                blocks.append(("table", [cells(line)]))
        elif blocks and blocks[-1][0] == "para":
            blocks[-1] = ("para", blocks[-1][1] + unescape(line))
        else:
            blocks.append(("para", unescape(line)))
    flush()
    return out


def strip(rows):
    out = []
    for r in rows:
        while r and r[-1] == "":
            r = r[:-1]
        out.append(r)
    return out


def form_table(rows):
    header = next(i for i, r in enumerate(rows) if r[:2] == ["項番", "要件"])
    return header, rows[header + 1:]


samples = sorted(glob.glob(os.path.join(src, "samples", "*.yaml")))
forms = []
for sample in samples:
    name = os.path.basename(sample)[:-5]
    tdir = sample[:-5] + ".templates"
    templates = ["--templates", tdir] if os.path.isdir(tdir) else []
    outs = []
    for run in ("a", "b"):
        out = os.path.join(work, name, run)
        subprocess.run([procspec, "generate", sample, *templates, "-o", out], check=True,
                       capture_output=True)
        outs.append(out)
    a = outs[0]
    for f in ("compliance.md", "compliance.docx", "compliance.odt", "compliance.xlsx", "compliance.csv"):
        check(os.path.exists(os.path.join(a, f)), f"{name}: {f} not generated")
        check(open(os.path.join(a, f), "rb").read() == open(os.path.join(outs[1], f), "rb").read(),
              f"{name}: {f} differs between two runs")

    expected = derive(open(os.path.join(a, "spec.md"), encoding="utf-8").read())
    rows = csv_rows(os.path.join(a, "compliance.csv"))
    header, body = form_table(rows)
    got = [(r[0], r[1]) for r in body]
    check(len(expected) > 10, f"{name}: only {len(expected)} statements derived")
    check(got == [(n, t) for n, t, _ in expected],
          f"{name}: form rows differ from the specification's statements:\n"
          + "\n".join(f"  form {g}\n  spec {e[:2]}" for g, e in zip(got, expected) if g != e[:2])
          + f"\n  ({len(got)} rows, {len(expected)} statements)")
    ids = [r[4] for r in body]
    check(len(set(ids)) == len(ids), f"{name}: duplicate requirement IDs")
    for (n, t, cid), rid in zip(expected, ids):
        want = f"{cid}#{hashlib.sha256(t.encode()).hexdigest()[:8]}"
        check(rid == want or rid.startswith(want + "-"), f"{name}: {n} has ID {rid}, expected {want}")
    caption = {r[0]: r[1] for r in rows[:header] if len(r) > 1}
    fp = caption.get("仕様書の指紋（SHA-256）", "")
    check(re.fullmatch(r"[0-9a-f]{64}", fp) is not None, f"{name}: no fingerprint in the CSV form")
    md = open(os.path.join(a, "compliance.md"), encoding="utf-8").read()
    check(fp in md, f"{name}: the Markdown form carries another fingerprint")

    xlsx = os.path.join(a, "compliance.xlsx")
    parts = check_package(xlsx)
    sheet = parts["xl/worksheets/sheet1.xml"]
    dv = sheet.find("s:dataValidations/s:dataValidation", NS)
    check(dv is not None and dv.get("type") == "list" and "適合" in dv.find("s:formula1", NS).text
          and dv.get("sqref", "").startswith(f"C{header + 2}"), f"{name}: no answer validation")
    prot = sheet.find("s:sheetProtection", NS)
    check(prot is not None and prot.get("sheet") == "1", f"{name}: sheet not protected")
    pane = sheet.find("s:sheetViews/s:sheetView/s:pane", NS)
    check(pane is not None and pane.get("ySplit") == str(header + 1), f"{name}: header not frozen")
    setup = sheet.find("s:pageSetup", NS)
    check(setup is not None and setup.get("orientation") == "landscape" and setup.get("paperSize") == "9",
          f"{name}: not A4 landscape")
    names = {d.get("name"): d.text for d in parts["xl/workbook.xml"].findall("s:definedNames/s:definedName", NS)}
    check(names.get("_xlnm.Print_Titles", "").endswith(f"${header + 1}:${header + 1}"),
          f"{name}: header not repeated when printed")
    # Cells the bidder writes in are unlocked; the others are locked.
    xfs = parts["xl/styles.xml"].findall("s:cellXfs/s:xf", NS)

    def unlocked(ref):
        c = sheet.find(f".//s:c[@r='{ref}']", NS)
        xf = xfs[int(c.get("s", "0"))]
        p = xf.find("s:protection", NS)
        return p is not None and p.get("locked") == "0"
    first = header + 2
    check(unlocked(f"C{first}") and unlocked(f"D{first}"), f"{name}: answer cells locked")
    check(not unlocked(f"A{first}") and not unlocked(f"B{first}") and not unlocked(f"E{first}"),
          f"{name}: requirement cells not locked")
    forms.append((name, xlsx, rows))

# One LibreOffice start for all the workbooks.
for (name, xlsx, rows), calc in zip(forms, calc_rows_many([f[1] for f in forms])):
    calc = strip(calc)
    check(calc == strip(rows), f"{name}: Calc's CSV of the XLSX form differs from the CSV form:\n"
          + "\n".join(f"  xlsx {x}\n  csv  {c}" for x, c in zip(calc, strip(rows)) if x != c))

# check-office runs on every sample's compliance.docx and .odt in sample.sh;
# here on one, so that this test alone shows they pass.
r = subprocess.run([check_office, os.path.join(work, "e-application", "a", "compliance.docx"),
                    os.path.join(work, "e-application", "a", "compliance.odt")],
                   capture_output=True, text=True)
check(r.returncode == 0, f"check-office: {r.stdout}{r.stderr}")

for f in failures:
    print("FAIL:", f)
sys.exit(1 if failures else 0)
