#!/usr/bin/python3
"""procspec diff: the title block and the document's own settings (issue 14,
defect 4 and the 新旧対照表).

- The 新旧対照表 of a pair whose title and date changed starts with a row
  of the title block: each side's title, date, organization and version,
  the changed wording underlined on both sides (the new title's added words
  on the 改正後 side, the old date on the 改正前 side); unchanged lines
  plain. --ignore-title leaves the row out. The DOCX and ODT pass
  check-office.

- The document properties: a DOCX whose subject and keywords were changed
  (as in Word's File > Properties) against its profile reports those two,
  in the JSON (valid against schemas/diff.schema.json), text and md
  reports, exit 1; the title and date of a retitled pair are reported in
  the title block only (the properties repeat it); a generated DOCX or ODT
  against its own profile reports none (exit 0). A redline carries NEW's
  properties: the subject of NEW's own document (調達仕様書, not the
  title), or of the edited DOCX when that is NEW.

- Column widths: a subcontractor added with a long role widens that
  column of its table. The DOCX redline's table has NEW's grid and cell
  widths (those of NEW's own DOCX) with OLD's recorded as former ones
  (w:tblGridChange, w:tcPrChange; ECMA-376 17.13.5.33, .36), equal to
  those of OLD's own DOCX, so that Reject All in Word gives OLD's widths;
  no other table carries such a change; it passes check-office, and
  Writer (which ignores these two marks) still gives NEW's and OLD's text
  on Accept All and Reject All. An ODT redline cannot carry them: ODF
  1.3's tracked changes record insertions, deletions and a format change
  without the former formatting (text:format-change holds only who and
  when), so the ODT has NEW's widths.

usage: diff_title.py PROCSPEC SOURCE_DIR CHECK_OFFICE
"""
import os
import re
import subprocess
import sys
import zipfile

import json
import jsonschema

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import diffcase  # noqa: E402
import writer_tracked  # noqa: E402

case = diffcase.Case(lang="ja")
procspec, src, check_office, work, failures = case.procspec, case.src, case.check_office, case.work, case.failures
run = case.run
variant = case.variant
checks = 0


base = os.path.join(src, "samples/e-application.yaml")
text = open(base, encoding="utf-8").read()
title = re.search(r"title: (\S+)", text).group(1)
retitled = variant("retitled", (f"title: {title} ", f"title: {title}（改訂版） "),
                   ("date: 2026-04-01", "date: 2026-05-01"))

# The 新旧対照表: a first row with the title block.
checks += 1
out = os.path.join(work, "title.md")
run("diff", base, retitled, "--format", "comparison", "-o", out, expect=1)
md = open(out, encoding="utf-8").read()
rows = [l for l in md.splitlines() if l.startswith("| ") and "---" not in l]
if len(rows) < 2:
    failures.append(f"新旧対照表: no row after the header:\n{md}")
else:
    cells = [c.strip() for c in rows[1].strip("|").split(" | ")]
    new_cell, old_cell = cells
    if f"{title}<u>（改訂版）</u>" not in new_cell or "<u>令和8年5月1日</u>" not in new_cell:
        failures.append(f"新旧対照表: the 改正後 side of the title block row: {new_cell}")
    if "<u>令和8年4月1日</u>" not in old_cell or not old_cell.startswith(f"{title}<br>"):
        failures.append(f"新旧対照表: the 改正前 side of the title block row: {old_cell}")
    org = re.search(r"organization:\n  name: (\S+)", text).group(1)
    if org not in new_cell or f"<u>{org}" in new_cell or org not in old_cell or f"<u>{org}" in old_cell:
        failures.append(f"新旧対照表: the unchanged organization is not shown plain on both sides: {rows[1]}")
checks += 1
for ext in ("docx", "odt"):
    out = os.path.join(work, f"title.{ext}")
    run("diff", base, retitled, "--format", "comparison", "-o", out, expect=1)
    if subprocess.run([check_office, "--quick", out], capture_output=True).returncode != 0:
        failures.append(f"the {ext} 新旧対照表 with a title block row fails check-office")
    if ext == "docx":
        xml = zipfile.ZipFile(out).read("word/document.xml").decode()
        underlined = "".join(re.findall(r'<w:u w:val="single"/></w:rPr><w:t[^>]*>([^<]*)</w:t>', xml))
        for want in ("（改訂版）", "令和8年5月1日", "令和8年4月1日"):
            if want not in underlined:
                failures.append(f"docx 新旧対照表: {want} is not underlined ({underlined[:200]})")
checks += 1
out = os.path.join(work, "ignore.md")
run("diff", base, retitled, "--ignore-title", "--format", "comparison", "-o", out, expect=0)
if "令和8年4月1日" in open(out, encoding="utf-8").read():
    failures.append("--ignore-title: the 新旧対照表 still shows OLD's title block")

# The document properties.
schema = json.load(open(os.path.join(src, "schemas/diff.schema.json"), encoding="utf-8"))
validator = jsonschema.Draft202012Validator(schema)


def report(*args, expect):
    r = run("diff", *args, "--format", "json", expect=expect)
    j = json.loads(r.stdout)
    for e in validator.iter_errors(j):
        failures.append(f"diff {args}: schema: {e.message[:300]} at {list(e.absolute_path)}")
    return j


gen = os.path.join(work, "gen")
run("generate", base, "--doc", "spec", "--format", "docx,odt", "-o", gen, expect=0)
checks += 1
for ext in ("docx", "odt"):
    j = report(os.path.join(gen, "spec." + ext), base, expect=0)
    if j["properties"] or j["summary"]["properties"]:
        failures.append(f"generated {ext} against its profile: properties {j['properties']}")
    if (j["old"]["source"]["type"], j["new"]["source"]["type"]) != (ext, "profile"):
        failures.append(f"generated {ext} against its profile: source types {j['old']['source']}, {j['new']['source']}")
edited = os.path.join(work, "edited-props.docx")
with zipfile.ZipFile(os.path.join(gen, "spec.docx")) as zin, zipfile.ZipFile(edited, "w", zipfile.ZIP_DEFLATED) as zout:
    for info in zin.infolist():
        data = zin.read(info.filename)
        if info.filename == "docProps/core.xml":
            xml = data.decode()
            subject = re.search(r"<dc:subject>([^<]*)</dc:subject>", xml).group(1)
            xml = xml.replace(f"<dc:subject>{subject}</dc:subject>",
                              f"<dc:subject>{subject}（案）</dc:subject><cp:keywords>電子申請</cp:keywords>")
            data = xml.encode()
        zout.writestr(info, data)
checks += 1
j = report(edited, base, expect=1)
got = {p["field"]: (p["old"], p["new"]) for p in j["properties"]}
if got != {"subject": (f"{subject}（案）", subject), "keywords": ("電子申請", None)} or j["summary"]["properties"] != 2:
    failures.append(f"edited DOCX properties: reported {got}, {j['summary']}")
if j["title_block"] or any(c["status"] != "unchanged" for c in j["clauses"]):
    failures.append("edited DOCX properties: a clause or the title block reported changed")
checks += 1
out = run("diff", edited, base, "--color=never", expect=1).stdout
if f"文書のプロパティ、件名: {subject}（案） -> {subject}" not in out:
    failures.append(f"text report: no subject line:\n{out}")
md = run("diff", edited, base, "--format", "md", expect=1).stdout
if not re.search(r"\| 文書のプロパティ \| 変更前 \| 変更後 \|\n.*\n\| 件名 \| ", md):
    failures.append(f"md report: no table of the properties:\n{md[:400]}")
checks += 1
j = report(base, retitled, expect=1)
if j["properties"] or sorted(t["field"] for t in j["title_block"]) != ["date", "title"]:
    failures.append(f"retitled: properties {j['properties']}, title block {j['title_block']}")
checks += 1
for name, old, new, want in (("to-profile", edited, base, subject), ("to-edited", base, edited, f"{subject}（案）")):
    for ext in ("docx", "odt"):
        red = os.path.join(work, f"{name}.{ext}")
        run("diff", old, new, "--format", ext, "-o", red, expect=1)
        with zipfile.ZipFile(red) as z:
            xml = z.read("docProps/core.xml" if ext == "docx" else "meta.xml").decode()
        got = re.search(r"<dc:subject>([^<]*)</dc:subject>", xml)
        if not got or got.group(1) != want:
            failures.append(f"{name} {ext} redline: subject {got and got.group(1)}, expected NEW's {want}")

# Column widths.
m = re.search(r"subcontractors:\n(\s+- \{name: ([^,]+),[^\n]*\n)", text)
wide = variant("wide-role", (m.group(1), m.group(1) + m.group(1).replace(m.group(2), "株式会社サンプル保守").replace(
    re.search(r"role: ([^,]+)", m.group(1)).group(1), "障害発生時の一次対応、利用者からの問合せへの回答及び保守作業の全般")))


def tables(docx):
    """(grid, former grid, cell widths, former cell widths) of each table."""
    with zipfile.ZipFile(docx) as z:
        xml = z.read("word/document.xml").decode()
    out = []
    for t in re.findall(r"<w:tbl>.*?</w:tbl>", xml, flags=re.S):
        grid = re.search(r"<w:tblGrid>(.*?)</w:tblGrid>(?!</w:tblGridChange>)", t, flags=re.S).group(1)
        change = re.search(r"<w:tblGridChange [^>]*><w:tblGrid>(.*?)</w:tblGrid>", grid)
        cols = lambda g: [int(w) for w in re.findall(r'<w:gridCol w:w="(\d+)"/>', g)]
        now = cols(grid.split("<w:tblGridChange")[0])
        was = cols(change.group(1)) if change else None
        cells = re.findall(r'<w:tc><w:tcPr><w:tcW w:w="(\d+)"', t)
        former = re.findall(r'<w:tcPrChange [^>]*><w:tcPr><w:tcW w:w="(\d+)"', t)
        out.append((now, was, [int(c) for c in cells], [int(c) for c in former], "サンプルデータセンター" in t))
    return out


checks += 1
red = os.path.join(work, "wide.docx")
run("diff", base, wide, "--format", "docx", "-o", red, "--no-summary", expect=1)
own = {}
for side, profile in (("old", base), ("new", wide)):
    # as a redline shows them: the criteria references inline
    run("generate", profile, "--doc", "spec", "--format", "docx", "--refs", "inline", "-o", os.path.join(work, side),
        expect=0)
    own[side] = [t for t in tables(os.path.join(work, side, "spec.docx")) if t[4]][0][0]
marked = [t for t in tables(red) if t[1] is not None or t[3]]
if own["old"] == own["new"]:
    failures.append(f"column widths: the pair does not change the table's widths ({own['old']})")
elif len(marked) != 1 or not marked[0][4]:
    failures.append(f"column widths: {len(marked)} tables carry former widths, expected the subcontractors' one")
else:
    now, was, cells, former, _ = marked[0]
    if now != own["new"] or was != own["old"]:
        failures.append(f"column widths: grid {now} (NEW's {own['new']}), former {was} (OLD's {own['old']})")
    rows = len(cells) // len(now)
    want_former = [w for _ in range(rows) for w, n in zip(own["old"], own["new"]) if w != n]
    if former != want_former:
        failures.append(f"column widths: former cell widths {former}, expected {want_former}")
if subprocess.run([check_office, "--quick", "--extended", red], capture_output=True).returncode != 0:
    failures.append("column widths: the DOCX redline fails check-office")
checks += 1
(accepted, _), (rejected, _), (new_text, _), (old_text, _) = writer_tracked.texts(
    [("accept", red), ("reject", red), ("open", os.path.join(work, "new", "spec.docx")),
     ("open", os.path.join(work, "old", "spec.docx"))])
strip = lambda t: re.sub(r"\t\d+$", "", t, flags=re.M)
if strip(accepted) != strip(new_text) or strip(rejected) != strip(old_text):
    failures.append("column widths: Writer's Accept All / Reject All no longer give NEW's / OLD's text")

for f in failures:
    print("FAIL:", f)
print(f"{max(checks - len(failures), 0)} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
