#!/usr/bin/python3
"""The 提出書類 table agrees with the clauses, read back from the specification
procspec writes for every sample, for muko-city-groupware with its own
templates and for the spec as a 別紙 (document.spec_scope: attachment):

- every sentence of a clause that asks for a document to be submitted or
  shown in writing (提出すること, 書面で示すこと, 書面により…報告すること,
  届け出ること, the results of something reported) is matched by a row of the
  table that names that clause, and names what the sentence asks for;
- every row names a clause whose text asks for that document, by the row's
  deadline (the deadline's terms appear in the clause: 契約締結まで in the
  table means the text says 契約締結まで).

usage: submissions.py PROCSPEC SOURCE_DIR
"""
import os
import re
import subprocess
import sys
import tempfile

procspec, src = sys.argv[1:3]
work = tempfile.mkdtemp()
failures = []
checks = 0

ASKS = re.compile(r"提出(すること|し[、て]|させること)|書面で示(すこと|し)|書面により[^。]*報告|書面で報告|"
                  r"届け出(ること|て)|結果を[^。]*報告すること|引き渡すこと")


def common(a, b):
    """The length of the longest common substring of A and B."""
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] in b:
                best = j - i
            else:
                break
    return best


def plain(s):
    """S without its parenthetical notes （…）, nested ones included."""
    while True:
        t = re.sub(r"[（(][^（）()]*[）)]", "", s)
        if t == s:
            return t
        s = t


def clauses(md):
    """{number (第2の3): (clause id, body text)} of a chapter-numbered spec."""
    out = {}
    chapter = None
    cid = None
    for line in md.splitlines():
        m = re.match(r"^## 第(\d+)　", line)
        if m:
            chapter = m.group(1)
            continue
        m = re.match(r'^<!-- procspec:clause id="([^"]+)"', line)
        if m:
            cid = m.group(1)
            continue
        m = re.match(r"^### (\d+)　", line)
        if m and chapter:
            number = f"第{chapter}の{m.group(1)}"
            out[number] = (cid, [])
            continue
        if out and not line.startswith("<!--"):
            out[list(out)[-1]][1].append(line)
    return {k: (v[0], "\n".join(v[1])) for k, v in out.items()}


def table_rows(body):
    rows = []
    for line in body.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0] not in ("提出書類", "---") and re.match(r"第\d+の\d+$", cells[3]):
            rows.append(cells)
    return rows


def sentences(body):
    for para in body.split("\n"):
        para = re.sub(r"^\s*(\d+\.|-)\s+", "", para)
        if para.startswith("|"):
            continue  # a table row states conditions, not a request
        depth, start = 0, 0
        for i, ch in enumerate(para):  # a 。 inside （…） does not end the sentence
            depth += ch == "（"
            depth -= ch == "）" and depth > 0
            if ch == "。" and depth == 0:
                yield para[start:i + 1]
                start = i + 1
        if para[start:].strip():
            yield para[start:]


def verify(label, md):
    global checks
    cs = clauses(md)
    table = [k for k, v in cs.items() if v[0] == "spec-submissions"]
    rows = table_rows(cs[table[0]][1]) if table else []
    by_clause = {}
    for r in rows:
        by_clause.setdefault(r[3], []).append(r)
    for number, (cid, body) in cs.items():
        if cid in ("spec-submissions", "appendix-criteria"):
            continue
        asks = [s for s in sentences(body) if ASKS.search(s)]
        # A sentence asking for 次の事項 asks for what the clause lists after it.
        asks = [s + body[body.index(s) + len(s):] if "次の" in s else s for s in asks]
        for s in asks:
            checks += 1
            named = [r for r in by_clause.get(number, []) if common(plain(r[0]), s) >= 4]
            if not named:
                failures.append(f"{label}: {number} ({cid}) asks for a document the 提出書類 table "
                                f"does not list: 「{s.strip()[:160]}」 (rows of {number}: "
                                f"{[r[0] for r in by_clause.get(number, [])]})")
        for r in by_clause.get(number, []):
            checks += 1
            if not any(common(plain(r[0]), s) >= 4 for s in asks):
                failures.append(f"{label}: the 提出書類 row 「{r[0]}」 names {number} ({cid}), whose "
                                f"text does not ask for it")
            for term in plain(r[1]).split("、"):
                checks += 1
                term = re.sub(r"^(本市|本組合|本町|本村|本区)の", "", term)
                if term not in plain(body):
                    failures.append(f"{label}: the 提出書類 row 「{r[0]}」 says 「{r[1]}」 but "
                                    f"{number} ({cid}) does not say 「{term}」")
    for r in rows:
        checks += 1
        if r[3] not in cs:
            failures.append(f"{label}: the 提出書類 row 「{r[0]}」 names {r[3]}, which is not a clause")


def spec(name, profile, *extra):
    out = os.path.join(work, name)
    r = subprocess.run([procspec, "generate", profile, "--doc", "spec", "--format", "md", "-o", out,
                        *extra], capture_output=True, text=True)
    if r.returncode != 0:
        failures.append(f"{name}: generate exit {r.returncode}\n{r.stderr}")
        return ""
    with open(os.path.join(out, "spec.md"), encoding="utf-8") as f:
        return f.read()


samples = sorted(f[:-5] for f in os.listdir(os.path.join(src, "samples")) if f.endswith(".yaml"))
for name in samples:
    path = os.path.join(src, "samples", name + ".yaml")
    extra = []
    own = os.path.join(src, "samples", name + ".templates")
    if os.path.isdir(own):
        extra = ["--templates", own]
    verify(name, spec(name, path, *extra))
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if "spec_scope" not in text and "\ndocument:\n" in text:
        attached = os.path.join(work, name + "-attachment.yaml")
        with open(attached, "w", encoding="utf-8") as f:
            f.write(text.replace("\ndocument:\n", "\ndocument:\n  spec_scope: attachment\n", 1))
        verify(name + " (spec_scope: attachment)", spec(name + "-attachment", attached, *extra))

for f in failures:
    print("FAIL:", f)
print(f"{checks - len(failures)} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
