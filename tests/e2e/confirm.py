#!/usr/bin/python3
"""procspec confirm, end to end, on the e-application sample.

A bidder's filled form is made from procspec's own compliance form by
editing its cells (CSV with the csv module, XLSX and DOCX by editing their
XML parts), and by letting LibreOffice save it again (Calc's XLSX, Writer's
ODT), as a bidder's office software would.
- all 適合 -> exit 0, in every format;
- one 不適合 -> exit 1, naming its 項番 and explanation; XLSX, CSV and DOCX
  give the same result (JSON compared);
- an unanswered row, a deleted row, an added row, each reported;
- a form made from the previous version of the profile -> reported with
  the requirements reworded since;
- hostile responses: a zip bomb, an XML entity bomb, a 100 MB cell, a
  formula in the answer cell: refused with exit 2, or read as text;
- not a form -> exit 2;
- the confirmation record (DOCX, ODT) passes check-office and states the
  date and who confirmed.

usage: confirm.py PROCSPEC SOURCE_DIR CHECK_OFFICE
"""
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from xml.sax.saxutils import escape

procspec, src, check_office = sys.argv[1:4]
work = tempfile.mkdtemp()
profile = os.path.join(src, "samples", "e-application.yaml")
failures = []
S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def check(cond, what):
    if not cond:
        failures.append(what)


def run(*args):
    return subprocess.run([procspec, *args], capture_output=True, text=True)


def confirm(response, *extra, prof=profile):
    return run("confirm", prof, response, *extra)


def confirm_ja(response, *extra, prof=profile):
    """As a Japanese user runs it (whether or not the locale is installed)."""
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env["LANG"] = "ja_JP.UTF-8"
    return subprocess.run([procspec, "confirm", prof, response, *extra], capture_output=True,
                          text=True, env=env)


def english_words(text, about=".xlsx|.csv|.docx"):
    """ASCII words of three letters or more outside quoted values and file
    names, in the lines about the response (not the profile's notes)."""
    text = "\n".join(line for line in text.splitlines() if re.search(about, line))
    text = re.sub(r"'[^']*'|「[^」]*」|\S*/\S*|\S+\.(csv|xlsx|docx|odt)\b", "", text)
    return re.findall(r"\b[A-Za-z]{3,}\b", text)


def form(prof, out):
    r = run("generate", prof, "--doc", "compliance", "-o", out)
    assert r.returncode == 0, r.stderr


form(profile, os.path.join(work, "form"))
F = os.path.join(work, "form")


def csv_form():
    rows = list(csv.reader(open(os.path.join(F, "compliance.csv"), encoding="utf-8-sig", newline="")))
    header = next(i for i, r in enumerate(rows) if r[:2] == ["項番", "要件"])
    return rows, header


def fill(answers):
    """answers: function(index, row) -> (answer, explanation) or None to delete the row."""
    rows, header = csv_form()
    out = rows[:header + 1]
    for i, r in enumerate(rows[header + 1:]):
        a = answers(i, r)
        if a is None:
            continue
        r = list(r)
        r[2], r[3] = a
        out.append(r)
    return out, header


def write_csv(path, rows):
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


def write_xlsx(path, rows, header, formula_at=None, texts=False):
    """The generated XLSX with the answer and explanation cells set from ROWS
    (inline strings, as other writers do); a row missing from ROWS is
    deleted from the sheet."""
    ids = {r[4]: r for r in rows[header + 1:]}
    with zipfile.ZipFile(os.path.join(F, "compliance.xlsx")) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sst = [("".join(t.text or "" for t in si.iter(f"{{{S}}}t")))
           for si in ET.fromstring(parts["xl/sharedStrings.xml"]).findall(f"{{{S}}}si")]
    ET.register_namespace("", S)
    sheet = ET.fromstring(parts["xl/worksheets/sheet1.xml"])
    data = sheet.find(f"{{{S}}}sheetData")
    for row in list(data):
        cells = {re.match(r"[A-Z]+", c.get("r")).group(): c for c in row}
        e = cells.get("E")
        rid = sst[int(e.find(f"{{{S}}}v").text)] if e is not None and e.get("t") == "s" else None
        if rid is None or not rid.count("#"):
            continue
        if rid not in ids:
            data.remove(row)
            continue
        edits = [("C", ids[rid][2]), ("D", ids[rid][3])]
        if texts:
            edits.append(("B", ids[rid][1]))
        for col, value in edits:
            c = cells[col]
            for k in list(c):
                c.remove(k)
            if formula_at == rid and col == "C":
                c.attrib.pop("t", None)
                ET.SubElement(c, f"{{{S}}}f").text = 'IF(1,"適合","適合")'
                ET.SubElement(c, f"{{{S}}}v").text = "適合"
                c.set("t", "str")
            elif value:
                c.set("t", "inlineStr")
                t = ET.SubElement(ET.SubElement(c, f"{{{S}}}is"), f"{{{S}}}t")
                t.text = value
    parts["xl/worksheets/sheet1.xml"] = ET.tostring(sheet, xml_declaration=True, encoding="UTF-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, d in parts.items():
            z.writestr(n, d)
    return path


def write_docx(path, rows, header):
    """The generated DOCX with the answer table's cells set from ROWS."""
    ids = {r[4]: r for r in rows[header + 1:]}
    with zipfile.ZipFile(os.path.join(F, "compliance.docx")) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    doc = parts["word/document.xml"].decode()
    def text(tc):
        return "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", tc))

    def row(m):
        tr = m.group(0)
        tcs = re.findall(r"<w:tc>.*?</w:tc>", tr, re.S)
        if len(tcs) != 5 or "#" not in text(tcs[4]):
            return tr
        rid = text(tcs[4]).replace("\\#", "#")
        if rid not in ids:
            return ""
        for k, value in ((2, ids[rid][2]), (3, ids[rid][3])):
            new = re.sub(r"(<w:p>(?:<w:pPr>.*?</w:pPr>)?)", lambda p: p.group(1) + f'<w:r><w:t xml:space="preserve">{escape(value)}</w:t></w:r>', tcs[k], count=1, flags=re.S) if value else tcs[k]
            tr = tr.replace(tcs[k], new, 1)
        return tr
    doc = re.sub(r"<w:tr>.*?</w:tr>|<w:tr .*?</w:tr>", row, doc, flags=re.S)
    parts["word/document.xml"] = doc.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, d in parts.items():
            z.writestr(n, d)
    return path


def libreoffice(path, fmt):
    out = os.path.join(work, "lo-" + fmt)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{work}/lo-profile", "--headless",
                    "--convert-to", fmt, "--outdir", out, path], check=True, capture_output=True,
                   timeout=300)
    return os.path.join(out, os.path.splitext(os.path.basename(path))[0] + "." + fmt)


def summary(r):
    j = json.loads(r.stdout)
    return j["counts"], [(x["id"], x["state"], x["answer"], x["explanation"]) for x in j["rows"]]


# ---- all 適合 ----
ok_rows, header = fill(lambda i, r: ("適合", f"提案書 {i + 1}頁"))
ok = {"csv": write_csv(os.path.join(work, "ok.csv"), ok_rows),
      "xlsx": write_xlsx(os.path.join(work, "ok.xlsx"), ok_rows, header),
      "docx": write_docx(os.path.join(work, "ok.docx"), ok_rows, header)}
ok["calc.xlsx"] = libreoffice(ok["xlsx"], "xlsx")
ok["writer.odt"] = libreoffice(ok["docx"], "odt")
for fmt, path in ok.items():
    r = confirm(path)
    check(r.returncode == 0, f"all 適合 ({fmt}): exit {r.returncode}\n{r.stdout}{r.stderr}")

# ---- one 不適合, one 一部適合, one unanswered, one deleted ----
nrows = len(ok_rows) - header - 1
FAIL_AT, PART_AT, EMPTY_AT, DELETED_AT = 3, 7, 10, 12


def mixed(i, r):
    if i == FAIL_AT:
        return ("不適合", "<b>多要素認証</b>は提供していません")
    if i == PART_AT:
        return ("一部適合", "=HYPERLINK(\"http://x\") 代替措置あり")
    if i == EMPTY_AT:
        return ("", "")
    if i == DELETED_AT:
        return None
    return ("適合", "提案書")


mixed_rows, _ = fill(mixed)
orig, _ = csv_form()
fail_no, part_no, empty_no, deleted_no = (orig[header + 1 + k][0] for k in (FAIL_AT, PART_AT, EMPTY_AT, DELETED_AT))
results = {}
for fmt, path in (("csv", write_csv(os.path.join(work, "mixed.csv"), mixed_rows)),
                  ("xlsx", write_xlsx(os.path.join(work, "mixed.xlsx"), mixed_rows, header)),
                  ("docx", write_docx(os.path.join(work, "mixed.docx"), mixed_rows, header))):
    r = confirm(path)
    check(r.returncode == 1, f"mixed ({fmt}): exit {r.returncode}, expected 1\n{r.stderr}")
    out = r.stdout
    check(re.search(re.escape(fail_no) + r" 不適合", out) and "<b>多要素認証</b>は提供していません" in out,
          f"mixed ({fmt}): 不適合 row {fail_no} or its explanation not reported:\n{out}")
    check(re.search(re.escape(part_no) + r" 一部適合", out) and "=HYPERLINK" in out,
          f"mixed ({fmt}): 一部適合 row {part_no} not reported with its explanation as text")
    check(re.search(re.escape(empty_no) + r" 未回答", out), f"mixed ({fmt}): unanswered {empty_no} not reported")
    check(re.search(re.escape(deleted_no) + r" 回答欄にない要件", out),
          f"mixed ({fmt}): deleted row {deleted_no} not reported")
    results[fmt] = summary(confirm(path, "--format", "json"))
check(results["csv"] == results["xlsx"] == results["docx"],
      "XLSX, CSV and DOCX responses give different results")
counts = results["csv"][0]
check({k: counts.get(k) for k in ("conforms", "partly", "fails", "unanswered", "invalid", "missing",
                                   "unknown", "rewritten", "conflicting")}
      == {"conforms": nrows - 4, "partly": 1, "fails": 1, "unanswered": 1, "invalid": 0,
          "missing": 1, "unknown": 0, "rewritten": 0, "conflicting": 0}, f"counts: {counts}")

# An added row, a row with an unknown ID.
added = mixed_rows + [["第9の9(9)", "独自に追加した行", "適合", "", "spec-made-up#00000000"]]
r = confirm(write_csv(os.path.join(work, "added.csv"), added))
check(r.returncode == 1 and "仕様書にない行" in r.stdout, f"added row not reported:\n{r.stdout}")

# ---- the confirmation record ----
for fmt in ("docx", "odt"):
    rec = os.path.join(work, f"record.{fmt}")
    r = confirm(os.path.join(work, "mixed.xlsx"), "--format", fmt, "-o", rec,
                "--confirmed-by", "総務課 山田", "--date", "2026-11-26")
    check(r.returncode == 1 and os.path.exists(rec), f"record {fmt}: exit {r.returncode} {r.stderr}")
    c = subprocess.run([check_office, "--text", rec], capture_output=True, text=True)
    check(c.returncode == 0, f"record {fmt}: check-office: {c.stdout[-2000:]}{c.stderr}")
    check("令和8年11月26日" in c.stdout and "総務課 山田" in c.stdout and fail_no in c.stdout,
          f"record {fmt}: date, confirmer or the 不適合 row missing from its text")
    # The officer's own judgement: a column per requirement, prefilled 要確認
    # where the answer is not 適合, and a 決裁 box as the application has.
    check("担当者の判断" in c.stdout and "要確認" in c.stdout and "決裁" in c.stdout
          and "印又は署名" in c.stdout and "統括情報セキュリティ責任者" in c.stdout,
          f"record {fmt}: no 担当者の判断 column or 決裁 box")

# ---- a form of the previous version of the profile ----
text = open(profile, encoding="utf-8").read()
old_text = text.replace('version: "1.0"', 'version: "0.9"').replace("uptime: 99.5%", "uptime: 99.9%")
assert old_text != text
old_profile = os.path.join(work, "old.yaml")
open(old_profile, "w", encoding="utf-8").write(old_text)
OLD = os.path.join(work, "old-form")
form(old_profile, OLD)
old_rows = list(csv.reader(open(os.path.join(OLD, "compliance.csv"), encoding="utf-8-sig", newline="")))
oh = next(i for i, r in enumerate(old_rows) if r[:2] == ["項番", "要件"])
for r in old_rows[oh + 1:]:
    r[2] = "適合"
r = confirm(write_csv(os.path.join(work, "old.csv"), old_rows))
check(r.returncode == 1, f"old version: exit {r.returncode}")
check("another version" in r.stdout and "0.9" in r.stdout, f"old version not reported:\n{r.stdout}")
check(re.search(r"\+ \S+: 稼働率（月間）（要求水準：99\.5%以上）", r.stdout)
      and re.search(r"- \S+: 稼働率（月間）（要求水準：99\.9%以上）", r.stdout),
      f"the reworded requirement (uptime) not named:\n{r.stdout}")

# Only the version changed: no requirement's wording did, and the report says
# so instead of an empty heading.
v_profile = os.path.join(work, "version-only.yaml")
open(v_profile, "w", encoding="utf-8").write(text.replace('version: "1.0"', 'version: "0.9"'))
VER = os.path.join(work, "version-form")
form(v_profile, VER)
v_rows = list(csv.reader(open(os.path.join(VER, "compliance.csv"), encoding="utf-8-sig", newline="")))
for row in v_rows[oh + 1:]:
    row[2] = "適合"
r = confirm_ja(write_csv(os.path.join(work, "version.csv"), v_rows))
check(r.returncode == 1 and "要件の文言に変更はありません" in r.stdout,
      f"version-only change: no statement that no requirement changed:\n{r.stdout}")
check(re.search(r"変わった要件[:：]\n  [-+（(]", r.stdout) is None
      or "要件の文言に変更はありません" in r.stdout, "an empty heading of changed requirements")
# The reworded requirement comes as a pair, the old text next to the new.
r = confirm_ja(os.path.join(work, "old.csv"))
check(re.search(r"- \S+: 稼働率（月間）（要求水準：99\.9%以上）.*\n  \+ \S+: 稼働率（月間）（要求水準：99\.5%以上）",
                r.stdout), f"the reworded pair is not shown together:\n{r.stdout}")
check("procspec diff" in r.stdout, "no hint that changes outside the requirements need procspec diff")

# The command that compares the two versions for what the form cannot
# show, spelled out: this profile and the document the form is of.
check(re.search(r"procspec diff \S+ " + re.escape(profile) + r" --doc spec\n", r.stdout),
      f"no exact procspec diff command for the changes outside the requirements:\n{r.stdout}")
r = confirm(os.path.join(work, "old.csv"))
check(re.search(r"procspec diff OLD " + re.escape(profile) + r" --doc spec\n", r.stdout)
      and "OLD: the profile" in r.stdout, f"no exact procspec diff command (English):\n{r.stdout}")


# ---- a form generated by an earlier procspec ----
# Its bidder line was labelled 事業者名 (before 商号又は名称), its caption had
# no 宛先 or declaration, its 説明・根拠資料 header no note, and its 項番
# were the long ones (第3の1第1項表1行目). Built here from today's form as
# that version laid it out (compliance.c before commit 58cd0e7).
def old_number(n):
    """A 項番 as earlier forms wrote it: 3-1-1項表1行 -> 第3の1第1項表1行目."""
    if n.startswith("第"):
        return n  # already so
    m = re.match(r"^(\d+)-(\d+)", n)
    out, rest = f"第{m.group(1)}の{m.group(2)}", n[m.end():]
    while rest:
        for pat, f in ((r"^-?(\d+)(項|文)", lambda x: f"第{x.group(1)}{x.group(2)}"),
                       (r"^表(\d+)行", lambda x: f"表{x.group(1)}行目"),
                       (r"^-?(\d+)番目", lambda x: f"の{x.group(1)}番目"),
                       (r"^\((\d+)\)", lambda x: f"({x.group(1)})")):
            mm = re.match(pat, rest)
            if mm:
                out, rest = out + f(mm), rest[mm.end():]
                break
        else:
            raise ValueError(n)
    return out


def old_layout(rows, bidder):
    h = next(i for i, r in enumerate(rows) if r[:2] == ["項番", "要件"])
    cap = {r[0]: r[1] for r in rows[:h] if len(r) > 1}
    out = [rows[0][:1]] + [[k, cap[k]] for k in ("仕様書", "版", "日付", "仕様書の指紋（SHA-256）")]
    out += [["事業者名", bidder], ["記入日", "令和8年11月20日"], ["記入方法", cap["記入方法"]], []]
    out.append(["項番", "要件", "回答", "説明・根拠資料", "要件ID"])
    return out + [[old_number(r[0])] + r[1:] for r in rows[h + 1:]]


BIDDER = "株式会社旧様式"
check(old_number("3-1-1項表1行") == "第3の1第1項表1行目" and old_number("2-2-1項3番目") == "第2の2第1項の3番目",
      "the test's old_number")
old_ok = write_csv(os.path.join(work, "earlier-ok.csv"), old_layout(ok_rows, BIDDER))
r = confirm(old_ok, "--format", "json")
j = json.loads(r.stdout or "{}")
check(r.returncode == 0 and j.get("bidder") == BIDDER,
      f"earlier form (CSV): exit {r.returncode}, bidder {j.get('bidder')!r}\n{r.stderr}")
check([x["number"] for x in j.get("rows", [])] == [row[0] for row in ok_rows[header + 1:]],
      "earlier form (CSV): rows not mapped back to today's 項番")
r = confirm(old_ok, "--format", "docx", "-o", os.path.join(work, "earlier-record.docx"), "--date", "2026-11-26")
c = subprocess.run([check_office, "--text", os.path.join(work, "earlier-record.docx")], capture_output=True, text=True)
check(c.returncode == 0 and BIDDER in c.stdout, f"earlier form: the record lacks the bidder {BIDDER}")

# The same as DOCX: today's DOCX with that version's label and 項番.
with zipfile.ZipFile(write_docx(os.path.join(work, "earlier-base.docx"), ok_rows, header)) as z:
    parts = {n: z.read(n) for n in z.namelist()}
doc = parts["word/document.xml"].decode()
doc = doc.replace("（対応の方法、資料名及び頁）", "")
doc = re.sub(r'(<w:t xml:space="preserve">)商号又は名称(</w:t></w:r></w:p></w:tc><w:tc><w:tcPr>.*?</w:tcPr><w:p><w:pPr>.*?</w:pPr>)',
             lambda m: f"{m.group(1)}事業者名{m.group(2)}<w:r><w:t>{BIDDER}</w:t></w:r>", doc, count=1, flags=re.S)
for row in ok_rows[header + 1:]:
    doc = doc.replace(f'<w:t xml:space="preserve">{row[0]}</w:t>',
                      f'<w:t xml:space="preserve">{old_number(row[0])}</w:t>', 1)
check("事業者名" in doc and "商号又は名称" not in doc and old_number(ok_rows[header + 1][0]) in doc,
      "the test could not make the earlier DOCX form")
parts["word/document.xml"] = doc.encode()
old_docx = os.path.join(work, "earlier-ok.docx")
with zipfile.ZipFile(old_docx, "w", zipfile.ZIP_DEFLATED) as z:
    for n, d in parts.items():
        z.writestr(n, d)
c = subprocess.run([check_office, old_docx], capture_output=True, text=True)
check(c.returncode == 0, f"earlier DOCX form: check-office: {c.stdout[-1500:]}{c.stderr}")
r = confirm(old_docx, "--format", "json")
j = json.loads(r.stdout or "{}")
check(r.returncode == 0 and j.get("bidder") == BIDDER,
      f"earlier form (DOCX): exit {r.returncode}, bidder {j.get('bidder')!r}\n{r.stderr}")

# An earlier form of the previous version of the profile: the reworded
# requirement is paired by its 項番, read as today's, on both lines.
old_v = old_layout(old_rows, BIDDER)
r = confirm(write_csv(os.path.join(work, "earlier-old.csv"), old_v))
m = re.search(r"\n  - (\S+): 稼働率（月間）（要求水準：99\.9%以上）.*\n  \+ (\S+): 稼働率（月間）（要求水準：99\.5%以上）",
              r.stdout)
check(r.returncode == 1 and m and m.group(1) == m.group(2) and not m.group(1).startswith("第"),
      f"earlier form of the previous version: the reworded pair not under today's 項番:\n{r.stdout}")

# ---- a form of ANOTHER specification ----
OTHER = os.path.join(work, "other-form")
form(os.path.join(src, "samples", "saas-reseller.yaml"), OTHER)
o_rows = list(csv.reader(open(os.path.join(OTHER, "compliance.csv"), encoding="utf-8-sig", newline="")))
oth = next(i for i, row in enumerate(o_rows) if row[:2] == ["項番", "要件"])
other_title = next(row[1] for row in o_rows if row[:1] == ["仕様書"])
this_title = next(row[1] for row in orig if row[:1] == ["仕様書"])
for row in o_rows[oth + 1:]:
    row[2] = "適合"
r = confirm_ja(write_csv(os.path.join(work, "other.csv"), o_rows))
check(r.returncode == 2 and "別の仕様書に対する確認書です" in r.stderr and other_title in r.stderr
      and this_title in r.stderr, f"another specification's form: exit {r.returncode}\n{r.stdout}{r.stderr}")
r = confirm(os.path.join(OTHER, "compliance.xlsx"))
check(r.returncode == 2 and "another specification" in r.stderr,
      f"another specification's XLSX form: exit {r.returncode}\n{r.stderr}")

# The 宛先 line of the form's head names the organization's head: the form
# of this organization is accepted, one addressed elsewhere is refused.
org = re.search(r"^organization:\n  name: (\S+)", text, re.M).group(1)
for to, code in ((f"{org}管理者　様", 0), ("京都府知事　様", 2)):
    rows = [list(row) for row in ok_rows]
    rows.insert(1, ["宛先", to])
    r = confirm_ja(write_csv(os.path.join(work, "addressed.csv"), rows))
    check(r.returncode == code and (code == 0 or "別の仕様書に対する確認書です" in r.stderr),
          f"form addressed to {to}: exit {r.returncode}, expected {code}\n{r.stderr[-500:]}")

# ---- a requirement rewritten in the form, answered 適合 ----
def rewrite(i, row):
    return ("適合", "")
rw_rows, _ = fill(rewrite)
targets = {}
for row in rw_rows[header + 1:]:
    if "人工知能の学習" in row[1] and "利用しないこと" in row[1] and "ai" not in targets:
        targets["ai"] = (row[0], row[1])
        row[1] = row[1].replace("利用しないこと", "利用することができる")
    elif "99.5%" in row[1] and "uptime" not in targets:
        targets["uptime"] = (row[0], row[1])
        row[1] = row[1].replace("99.5%", "99.0%")
assert len(targets) == 2, targets
for fmt, path in (("csv", write_csv(os.path.join(work, "rewritten.csv"), rw_rows)),
                  ("xlsx", write_xlsx(os.path.join(work, "rewritten.xlsx"), rw_rows, header, texts=True))):
    r = confirm_ja(path)
    check(r.returncode == 1 and r.stdout.count("要件の文言が書き換えられています") == 2,
          f"rewritten requirement ({fmt}): exit {r.returncode}\n{r.stdout}{r.stderr}")
    for number, spec_text in targets.values():
        check(number in r.stdout and spec_text in r.stdout,
              f"rewritten requirement ({fmt}): {number} or its text in the specification not named")
    check("利用することができる。" in r.stdout and "99.0%" in r.stdout,
          f"rewritten requirement ({fmt}): the form's text not shown")

# ---- one requirement answered twice, differently ----
dup_rows = [list(row) for row in ok_rows]
dup = list(dup_rows[header + 1 + FAIL_AT])
dup[2], dup[3] = "不適合", "二度目の回答"
dup_rows.append(dup)
dup_path = write_csv(os.path.join(work, "duplicate.csv"), dup_rows)
r = confirm_ja(dup_path)
check(r.returncode == 1 and fail_no in r.stdout and "回答が食い違う" in r.stdout
      and "二度目の回答" in r.stdout, f"conflicting answers: exit {r.returncode}\n{r.stdout}{r.stderr}")
j = json.loads(confirm(dup_path, "--format", "json").stdout)
check(j["counts"].get("conflicting") == 1 and not j["all_conform"], f"conflicting answers: {j['counts']}")
rec = os.path.join(work, "duplicate.docx")
confirm(dup_path, "--format", "docx", "-o", rec, "--date", "2026-11-26")
c = subprocess.run([check_office, "--text", rec], capture_output=True, text=True)
check(c.returncode == 0 and "回答が食い違う" in c.stdout and "二度目の回答" in c.stdout,
      f"conflicting answers missing from the record: {c.stdout[-1500:]}")
same = [list(row) for row in ok_rows] + [list(ok_rows[header + 1 + FAIL_AT])]
r = confirm(write_csv(os.path.join(work, "same-twice.csv"), same))
check(r.returncode == 0, f"a row repeated with the same answer: exit {r.returncode}\n{r.stdout}")

# ---- hostile and wrong input ----
def zip_with(path, name, data, base="ok.xlsx"):
    with zipfile.ZipFile(os.path.join(work, base)) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts[name] = data
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, d in parts.items():
            z.writestr(n, d)
    return path


def expect_refused(path, pattern, what):
    r = confirm(path)
    check(r.returncode == 2 and re.search(pattern, r.stderr),
          f"{what}: exit {r.returncode}, stderr: {r.stderr[:500]}")


bomb = zip_with(os.path.join(work, "bomb.xlsx"), "xl/worksheets/sheet1.xml", b"<a>" + b"0" * (300 * 1024 * 1024) + b"</a>")
expect_refused(bomb, r"zip bomb", "zip bomb")
laughs = b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><sst xmlns="' + S.encode() + b'"><si><t>&lol2;</t></si></sst>'
expect_refused(zip_with(os.path.join(work, "laughs.xlsx"), "xl/sharedStrings.xml", laughs),
               r"DTD or entities", "XML entity bomb")
big = os.path.join(work, "big.csv")
with open(big, "w", encoding="utf-8") as f:
    f.write('"項番","要件","回答","説明・根拠資料","要件ID"\n"x","y","適合","' + "あ" * (35 * 1024 * 1024) + '","z"\n')
expect_refused(big, r"limit", "100 MB cell (CSV)")
bigcell = zip_with(os.path.join(work, "bigcell.xlsx"), "xl/sharedStrings.xml",
                   b'<sst xmlns="' + S.encode() + b'"><si><t>' + b"a" * (100 * 1024 * 1024) + b"</t></si></sst>")
expect_refused(bigcell, r"zip bomb|larger than", "100 MB cell (XLSX)")
first_id = orig[header + 1][4]
r = confirm(write_xlsx(os.path.join(work, "formula.xlsx"), ok_rows, header, formula_at=first_id))
check(r.returncode == 1 and "formula" in r.stderr and "回答が不正" in r.stdout,
      f"formula cell not read as text: exit {r.returncode}\n{r.stdout}{r.stderr}")
# In Japanese, whole sentences: the place (sheet, row) and the message.
r = confirm_ja(os.path.join(work, "formula.xlsx"))
check("シート" in r.stderr and "行目" in r.stderr and "数式" in r.stderr
      and not english_words(r.stderr), f"formula warning not Japanese: {r.stderr}")
bad_rows = [list(row) for row in ok_rows]
bad_rows[header + 1][2] = "はい"
r = confirm_ja(write_csv(os.path.join(work, "bad-answer.csv"), bad_rows))
check("行目" in r.stderr and not english_words(r.stderr), f"CSV warning not Japanese: {r.stderr}")
r = confirm_ja(os.path.join(work, "mixed.docx"), "--format", "json")
check(all("表" in x["where"] for x in json.loads(r.stdout)["rows"] if x["where"]),
      "DOCX places not Japanese")
# A DOCX nested deeper than any office software writes: our own message.
deep = b"<w:tbl><w:tr><w:tc>" * 120 + b"</w:tc></w:tr></w:tbl>" * 120
with zipfile.ZipFile(os.path.join(work, "ok.docx")) as z:
    body = z.read("word/document.xml")
nested = zip_with(os.path.join(work, "nested.docx"), "word/document.xml",
                  body.replace(b"<w:body>", b"<w:body>" + deep, 1), base="ok.docx")
for r in (confirm(nested), confirm_ja(nested)):
    check(r.returncode == 2 and "\\n" not in r.stderr and "XML_PARSE_HUGE" not in r.stderr
          and "word/document.xml" in r.stderr, f"deeply nested DOCX: exit {r.returncode} {r.stderr}")
check(not english_words(confirm_ja(nested).stderr), "deeply nested DOCX: message not Japanese")
notform = os.path.join(work, "notform.csv")
open(notform, "w").write("a,b,c\n1,2,3\n")
expect_refused(notform, r"not a procspec", "a CSV that is not a form")
spec = os.path.join(work, "spec")
run("generate", profile, "--doc", "spec", "--format", "docx", "-o", spec)
expect_refused(os.path.join(spec, "spec.docx"), r"not a procspec", "the specification itself")
expect_refused(os.path.join(work, "nonexistent.xlsx"), r"cannot open", "a missing file")
truncated = os.path.join(work, "truncated.xlsx")
open(truncated, "wb").write(open(ok["xlsx"], "rb").read()[:3000])
expect_refused(truncated, r"not a readable", "a truncated XLSX")

shutil.rmtree(work, ignore_errors=True)
for f in failures:
    print("FAIL:", f)
sys.exit(1 if failures else 0)
