#!/usr/bin/python3
"""procspec diff --format json agrees with schemas/diff.schema.json, and
says what the schema documents; the text and md reports start with the
change summary, in the user's language; --doc all covers every document.

For several pairs (an uptime/notice edit, a subcontractor added and one
removed, class 2 -> 3, a template revision with moved, changed, added and
removed clauses, a Markdown side, a document on one side only, identical
inputs, --doc all): the JSON validates, and
- joining the operations gives each side's text (equal+delete: OLD,
  equal+insert: NEW, each with its references line);
- positions, numbers, texts and refs are null exactly where the clause is
  absent on that side; numbers read 第N条 or 第Nの M;
- the values that differ between two profiles are listed with the clauses
  that show them (the uptime pair: availability_targets.uptime 99.95% ->
  99.9%, in the spec's service-level and termination clauses); with a
  Markdown side profile_changes is null.

usage: diff_json.py PROCSPEC SOURCE_DIR CHECK_OFFICE
"""
import json
import os
import re
import subprocess
import sys

import jsonschema

import diffcase

case = diffcase.Case(lang="ja")
procspec, src, check_office, work, failures = case.procspec, case.src, case.check_office, case.work, case.failures
run = case.run
variant = case.variant
checks = 0

schema = json.load(open(os.path.join(src, "schemas/diff.schema.json"), encoding="utf-8"))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)


def check_document(name, doc):
    for c in doc["clauses"]:
        where = f"{name}: {doc['kind']} {c['id']}"
        for side, present in (("old", c["status"] != "added"), ("new", c["status"] != "removed")):
            fields = [c[f"{side}_position"], c[f"{side}_text"]] + ([c["old_refs"]] if side == "old" else [])
            if present and any(f is None for f in fields):
                failures.append(f"{where}: {side} side present but a field is null: {fields}")
            if not present and any(f is not None for f in fields + [c[f"{side}_number"]]):
                failures.append(f"{where}: {side} side absent but a field is not null")
        if c["status"] in ("changed", "moved_changed"):
            old = "".join(o["text"] for o in c["changes"] if o["op"] != "insert")
            new = "".join(o["text"] for o in c["changes"] if o["op"] != "delete")
            if old != c["old_text"] + "\n【" + " ".join(c["old_refs"]) + "】":
                failures.append(f"{where}: equal+delete is not OLD's text")
            if new != c["new_text"] + "\n【" + " ".join(c["refs"]) + "】":
                failures.append(f"{where}: equal+insert is not NEW's text")
        elif c["changes"]:
            failures.append(f"{where}: {c['status']} clause with operations")
    counts = {}
    for c in doc["clauses"]:
        counts[c["status"]] = counts.get(c["status"], 0) + 1
    if any(doc["summary"][k] != counts.get(k, 0) for k in doc["summary"] if k not in ("title_block", "properties")):
        failures.append(f"{name}: summary {doc['summary']} does not count the clauses {counts}")


def diff_json(name, old, new, *args, expect=1):
    global checks
    checks += 1
    r = run("diff", old, new, "--format", "json", *args, expect=expect)
    try:
        j = json.loads(r.stdout)
    except ValueError as e:
        failures.append(f"{name}: not JSON: {e}\n{r.stdout[:300]}\n{r.stderr}")
        return None
    for e in validator.iter_errors(j):
        failures.append(f"{name}: schema: {e.message[:300]} at {list(e.absolute_path)}")
    for doc in j.get("documents", [j]):
        check_document(name, doc)
    if j["differs"] != (expect == 1):
        failures.append(f"{name}: differs is {j['differs']}, exit expected {expect}")
    return j


base = os.path.join(src, "samples/e-application.yaml")
text = open(base, encoding="utf-8").read()
uptime = re.search(r"uptime: (\S+)", text).group(1)
numbers_old = variant("numbers-old", (f"uptime: {uptime}", "uptime: 99.95%"))
m = re.search(r"subcontractors:\n(\s+- \{name: ([^,]+),[^\n]*\n)", text)
two_subs = variant("two-subs", (m.group(1), m.group(1) + m.group(1).replace(m.group(2), "株式会社サンプル保守")))
class3 = variant("class3", ("confidentiality: 2", "confidentiality: 3"))
v2 = os.path.join(src, "tests/diff/templates-v2")

# The uptime pair: the profile value, its clauses, and the summary.
j = diff_json("uptime", numbers_old, base)
if j:
    pc = {p["path"]: p for p in j["profile_changes"]}
    up = pc.get("availability_targets.uptime")
    if not up or (up["old"], up["new"], up["found_by"]) != ("99.95%", uptime, "value"):
        failures.append(f"uptime: profile change of availability_targets.uptime is {up}")
    elif not {"spec-service-level", "spec-termination"} <= {c["id"] for c in up["clauses"]} or up["documents"] != ["spec"]:
        failures.append(f"uptime: the uptime change touches {up['clauses']} in {up['documents']}")
    if len(pc) != 1:
        failures.append(f"uptime: profile changes {sorted(pc)}, expected only the uptime")
    level = [c for c in j["clauses"] if c["id"] == "spec-service-level"][0]
    if not re.fullmatch(r"第\d+の\d+", level["new_number"] or ""):
        failures.append(f"uptime: service level clause numbered {level['new_number']}")
for lang, words in (("ja", ["変更の概要", f"稼働率 99.95% → {uptime}", "変更"]),
                    ("en", ["Summary of changes", f"99.95% → {uptime}", "changed"])):
    out = run("diff", numbers_old, base, expect=1, lang=lang).stdout
    head = out.split("\n\n")[0]
    for w in words:
        if w not in head:
            failures.append(f"text report ({lang}): the summary at its front lacks {w!r}:\n{head}")
    md = run("diff", numbers_old, base, "--format", "md", expect=1, lang=lang).stdout
    if lang == "ja" and not re.search(r"\| 条番号 \| 見出し \| 変更 \|.*\n.*\n\| 第\d+の\d+ \| サービスレベル \| 変更 \| 稼働率 99\\\.95% → " + re.escape(uptime.replace(".", "\\.")), md):
        failures.append(f"md report: no summary row for the service level:\n{md[:600]}")

# ... and at the front of the redlines: a page after the title block, not
# tracked (no w:ins or w:del in it), gone with --no-summary.
import zipfile  # noqa: E402
for extra in ([], ["--no-summary"]):
    red = os.path.join(work, "uptime.docx")
    run("diff", numbers_old, base, "--format", "docx", "-o", red, *extra, expect=1)
    xml = zipfile.ZipFile(red).read("word/document.xml").decode()
    start, end = xml.find("【変更の概要】"), xml.find("【変更の概要ここまで】")
    if extra:
        if start >= 0:
            failures.append("--no-summary: the redline still has the summary page")
        continue
    page = xml[start:end]
    text = re.sub(r"<[^>]+>", "", page)
    if start < 0 or end < start or "第3の1" not in text or f"稼働率 99.95% → {uptime}" not in text:
        failures.append(f"docx redline: no summary page with the service level row: {text[:300]}")
    elif re.search(r"<w:(ins|del|moveFrom|moveTo) ", page) or xml.find("目次") < end:
        failures.append("docx redline: the summary page is tracked, or not before the table of contents")
# A changed title block is a row of the summary page too.
redated = variant("redated", ("date: 2026-04-01", "date: 2026-05-01"))
red = os.path.join(work, "redated.docx")
run("diff", base, redated, "--format", "docx", "-o", red, expect=1)
xml = zipfile.ZipFile(red).read("word/document.xml").decode()
page = re.sub(r"<[^>]+>", "", xml[xml.find("【変更の概要】"):xml.find("【変更の概要ここまで】")])
if "表題欄日付変更令和8年4月1日 → 令和8年5月1日" not in page:
    failures.append(f"docx redline: the summary page does not list the changed date: {page[:300]}")
# The summary page stands inside a Japanese document: Japanese whatever
# the language of the run (it followed --lang en), in both formats.
for fmt, part in (("odt", "content.xml"), ("docx", "word/document.xml")):
    red = os.path.join(work, "uptime-en." + fmt)
    run("diff", numbers_old, base, "--format", fmt, "-o", red, expect=1, lang="en")
    xml = zipfile.ZipFile(red).read(part).decode()
    page = re.sub(r"<[^>]+>", "", xml[xml.find("【変更の概要】"):xml.find("【変更の概要ここまで】")])
    if "Summary" in xml or not page or f"稼働率 99.95% → {uptime}" not in page or "変更" not in page:
        failures.append(f"{fmt} redline (--lang en): the summary page is not in Japanese: {page[:300]}")

j = diff_json("subcontractor-added", base, two_subs)
if j:
    paths = [p["path"] for p in j["profile_changes"]]
    if paths != ["subcontracting.subcontractors[2]"] or j["profile_changes"][0]["old"] is not None \
            or "株式会社サンプル保守" not in j["profile_changes"][0]["new"] \
            or [c["id"] for c in j["profile_changes"][0]["clauses"]] != ["spec-subcontracting"]:
        failures.append(f"subcontractor-added: profile changes {j['profile_changes']}")
j = diff_json("subcontractor-removed", two_subs, base)
if j and [p["new"] for p in j["profile_changes"]] != [None]:
    failures.append(f"subcontractor-removed: profile changes {j['profile_changes']}")
j = diff_json("class-2-to-3", base, class3, "--doc", "annex")
if j:
    cls = [p for p in j["profile_changes"] if p["path"] == "classification.confidentiality"]
    if not cls or cls[0]["found_by"] != "elimination" or not cls[0]["clauses"]:
        failures.append(f"class-2-to-3: the class change is {cls}")
j = diff_json("template-revision", base, base, "--new-templates", v2)
if j:
    st = {c["id"]: c for c in j["clauses"]}
    added = st["spec-log-retention"]
    if added["status"] != "added" or added["old_position"] is not None or added["new_position"] is None:
        failures.append(f"template-revision: added clause {added}")
    moved = st["spec-secondary-use"]
    if moved["status"] != "moved_changed" or moved["old_number"] == moved["new_number"]:
        failures.append(f"template-revision: moved clause numbered {moved['old_number']} -> {moved['new_number']}")
    if j["profile_changes"] != []:
        failures.append(f"template-revision: same profile, profile changes {j['profile_changes']}")
    out = run("diff", base, base, "--new-templates", v2, expect=1).stdout
    if not re.search(r"移動及び変更（第\d+の\d+から）", out.split("\n\n")[0]):
        failures.append(f"template-revision: the summary does not say where the moved clause was:\n{out[:500]}")
diff_json("identical", base, base, expect=0)
# A Markdown side: no profile to compare.
mdir = os.path.join(work, "md")
run("generate", base, "--doc", "annex", "--format", "md", "-o", mdir, expect=0)
j = diff_json("markdown-side", os.path.join(mdir, "annex.md"), class3, "--doc", "annex")
if j and (j["profile_changes"] is not None or j["old"]["source"]["type"] != "markdown"
          or j["new"]["source"]["type"] != "profile"):
    failures.append(f"markdown-side: profile_changes {j['profile_changes']}, sources {j['old']['source']} {j['new']['source']}")
# A document on one side only (the annex applies from class 2 on).
class1 = variant("class1", ("confidentiality: 2", "confidentiality: 1"))
j = diff_json("one-side", base, class1, "--doc", "annex")
if j and (j["new_exists"] or j["new"]["exists"] or not j["old_exists"] or j["summary"]["removed"] != len(j["clauses"])):
    failures.append("one-side: the annex should exist on OLD only, every clause removed")

# --doc all: every document that applies to either side, one exit status.
j = diff_json("all", numbers_old, base, "--doc", "all")
kinds = []
if j:
    kinds = [d["kind"] for d in j["documents"]]
    if kinds[0] != "spec" or "annex" not in kinds or "compliance" in kinds:
        failures.append(f"all: documents {kinds}")
    up = [p for p in j["profile_changes"] if p["path"] == "availability_targets.uptime"]
    if not up or not {"spec", "annex"} <= set(up[0]["documents"]):
        failures.append(f"all: the uptime touches {up}")
out = run("diff", numbers_old, base, "--doc", "all", expect=1).stdout
for k in kinds:
    if f"({k}) ==" not in out:
        failures.append(f"all: the text report has no section for {k}")
for fmt in ("docx", "odt", "comparison"):
    folder = os.path.join(work, "all-" + fmt)
    r = run("diff", numbers_old, base, "--doc", "all", "--format", fmt, "-o", folder, expect=1)
    ext = "-comparison.docx" if fmt == "comparison" else "." + fmt
    want = sorted(k + ext for k in kinds)
    got = sorted(os.listdir(folder)) if os.path.isdir(folder) else []
    if got != want:
        failures.append(f"all --format {fmt}: wrote {got}, expected {want}")
    for f in got:
        c = subprocess.run([check_office, "--quick", "--extended", os.path.join(folder, f)], capture_output=True, text=True)
        if c.returncode != 0:
            failures.append(f"all --format {fmt}: {f} fails check-office:\n{c.stdout}{c.stderr}")
# Nothing written when one document fails: the folder is written whole or not at all.
r = run("diff", numbers_old, base, "--doc", "all", "--format", "docx", expect=2)
if "-o DIR" not in r.stderr:
    failures.append(f"all --format docx without -o: {r.stderr}")

for f in failures:
    print("FAIL:", f)
print(f"{checks} JSON pairs, {len(failures)} failures")
sys.exit(1 if failures else 0)
