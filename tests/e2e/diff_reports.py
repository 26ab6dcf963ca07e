#!/usr/bin/python3
"""procspec diff: what the text and md reports show of a clause (issue 14,
"What to build").

- md: a table inside a changed clause stays a Markdown table (a subcontractor
  row added: one table row, each of its cells marked inserted inside the
  cell; no \\| and <br> in the clause's section), which pandoc reads as a
  table with the inserted cells in bold; the references line after it is
  no row of it.
- text and md: an added clause shows its text (marked inserted), a removed
  one its text (marked deleted).
- the 新旧対照表 can be written as PDF (-o FILE.pdf), with its caption,
  columns and the changed row.

usage: diff_reports.py PROCSPEC SOURCE_DIR CHECK_OFFICE
"""
import os
import re
import subprocess
import sys

import diffcase

case = diffcase.Case(lang="ja")
procspec, src, check_office, work, failures = case.procspec, case.src, case.check_office, case.work, case.failures
run = case.run
checks = 0


base = os.path.join(src, "samples/e-application.yaml")
text = open(base, encoding="utf-8").read()
m = re.search(r"subcontractors:\n(\s+- \{name: ([^,]+),[^\n]*\n)", text)
added_sub = os.path.join(work, "sub.yaml")
open(added_sub, "w", encoding="utf-8").write(text.replace(m.group(1), m.group(1) + m.group(1).replace(m.group(2), "株式会社サンプル保守")))

# A table in the md report.
checks += 1
md = run("diff", base, added_sub, "--format", "md", expect=1).stdout
section = md[md.index("## `spec-subcontracting`"):]
if "\\|" in section or "<br>" in section:
    failures.append(f"md: the changed clause still shows \\| or <br>:\n{section[:600]}")
rows = [l for l in section.splitlines() if l.startswith("|")]
new_rows = [l for l in rows if "株式会社サンプル保守" in l]
if len(new_rows) != 1 or not re.fullmatch(r"\| \*\*株式会社サンプル保守\*\* \|( \*\*[^|*]+\*\* \|)+", new_rows[0]):
    failures.append(f"md: the added row is not one table row with its cells marked: {new_rows}")
html = subprocess.run(["pandoc", "-f", "gfm", "-t", "html"], input=section, capture_output=True, text=True).stdout
table = re.search(r"<table>.*?</table>", html, flags=re.S)
if not table or "<strong>株式会社サンプル保守</strong>" not in table.group(0) or "【" in table.group(0):
    failures.append(f"md: pandoc does not read a table with the inserted row (and without the references):\n{html[:800]}")

# The summary names a changed class as 自治体機密性, without the range of
# the schema's help (「自治体機密性 1 to 3 2 → 3」 before), in both languages.
checks += 1
c3 = os.path.join(work, "class3.yaml")
open(c3, "w", encoding="utf-8").write(text.replace("confidentiality: 2", "confidentiality: 3"))
for lang in ("ja", "en"):
    out = run("diff", base, c3, "--color=never", lang=lang, expect=None).stdout
    bad = re.findall(r"自治体機密性 ?(?:1 to 3|（1〜3）) ?2 → 3", out)
    if bad or "自治体機密性 2 → 3" not in out:
        failures.append(f"summary ({lang}): the class change reads {bad or out[:400]}")

# Added and removed clauses show their text.
v2 = os.path.join(src, "tests/diff/templates-v2")
checks += 1
for old_tpl, new_tpl, mark_text, mark_md in ((None, v2, "{+", "**"), (v2, None, "[-", "~~")):
    args = ["diff", base, base]
    args += ["--old-templates", old_tpl] if old_tpl else ["--new-templates", new_tpl]
    out = run(*args, "--color=never", expect=1).stdout
    block = out[out.index("spec-log-retention"):].split("\n")
    if len(block) < 2 or not block[1].strip().startswith(mark_text) or "ログ" not in block[1]:
        failures.append(f"text: the {'added' if new_tpl else 'removed'} clause has no text: {block[:3]}")
    md = run(*args, "--format", "md", expect=1).stdout
    sec = md[md.index("## `spec-log-retention`"):]
    body = [l for l in sec.splitlines()[1:] if l and not l.startswith(("Criteria", "根拠", "##"))]
    if not body or not body[0].startswith(mark_md) or "ログ" not in body[0]:
        failures.append(f"md: the {'added' if new_tpl else 'removed'} clause has no text: {sec[:300]}")

# The 新旧対照表 of a row added at the end of a clause's table: the row is
# on the 改正後 side, underlined (it was cut off with the references line,
# which OLD's text reached first).
checks += 1
cmp_md = os.path.join(work, "comparison.md")
run("diff", base, added_sub, "--format", "comparison", "-o", cmp_md, expect=1)
row = [l for l in open(cmp_md, encoding="utf-8") if "再委託" in l and l.startswith("| ")]
if not row or "<u>株式会社サンプル保守" not in row[0].split(" | ")[0]:
    failures.append(f"新旧対照表: the added row is not underlined on the 改正後 side: {row[:1]}")

# --granularity: word and char replace the number with its unit (3時間 ->
# 2時間), sentence the whole table row.
checks += 1
rto = os.path.join(work, "rto.yaml")
open(rto, "w", encoding="utf-8").write(text.replace("rto: 3h", "rto: 2h"))
for g, want in (("word", "[-3時間-]{+2時間+}"), ("char", "[-3時間-]{+2時間+}"), ("sentence", "[-| 目標復旧時間")):
    out = run("diff", base, rto, "--granularity", g, "--color=never", expect=1).stdout
    if want not in out:
        failures.append(f"--granularity {g}: {want} not in the report:\n{out}")

# The limit of 2,000 clauses counts clauses, not chapter headings (1,990
# clauses under 80 chapters were refused as "more than 2000 clauses").
checks += 1
lines = ['<!-- procspec:document kind="spec" date="2026-04-01" -->', "", "# 仕様書", ""]
for i in range(1990):
    if i % 25 == 0:
        lines += [f"## 第{i // 25 + 1}　第{i // 25 + 1}章", ""]
    lines += [f'<!-- procspec:clause id="c{i:04d}" refs="3.2①" -->', "", f"### {i % 25 + 1}　条文{i}", "",
              f"条文{i}の本文。", "", "【3.2①】", ""]
many = os.path.join(work, "many.md")
open(many, "w", encoding="utf-8").write("\n".join(lines) + "\n")
r = run("diff", many, many, expect=0)
if r.returncode != 0:
    failures.append(f"1,990 clauses under 80 chapters: {r.stderr[:300]}")

# The 新旧対照表 as PDF (-o FILE.pdf), printed from its ODT by LibreOffice.
checks += 1
pdf = os.path.join(work, "comparison.pdf")
run("diff", base, added_sub, "--format", "comparison", "-o", pdf, expect=1)
if not os.path.exists(pdf) or open(pdf, "rb").read(5) != b"%PDF-":
    failures.append("comparison -o FILE.pdf: no PDF written")
else:
    got = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout
    for want in ("新旧対照表", "改正後", "改正前", "株式会社サンプル保守"):
        if want not in got:
            failures.append(f"comparison PDF lacks {want}")

for f in failures:
    print("FAIL:", f)
print(f"{max(checks - len(failures), 0)} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
