#!/usr/bin/python3
"""procspec diff on pairs with known changes.

For each pair: the reported clauses (added, removed, changed, moved) are
exactly the expected ones; the DOCX redline passes check-office; pandoc
--track-changes=accept on it gives the text of NEW's own DOCX and reject
the text of OLD's; identical inputs report no difference (exit 0).

pandoc 2.17 keeps a list item whose whole content and paragraph mark were
deleted (accept) or inserted (reject) as an empty bullet, where Word and
Writer remove it; empty list items and repeated blank lines are therefore
dropped before comparing. Nothing else is normalised.

usage: diff_redline.py PROCSPEC SOURCE_DIR CHECK_OFFICE
"""
import json
import os
import re
import subprocess
import sys
import tempfile

procspec, src, check_office = sys.argv[1:4]
work = tempfile.mkdtemp()
failures = []


def run(*args, expect=None):
    r = subprocess.run([procspec, *args], capture_output=True, text=True)
    if expect is not None and r.returncode != expect:
        failures.append(f"procspec {' '.join(args)}: exit {r.returncode}, expected {expect}\n{r.stderr}")
    return r


def sample_variant(name, *subs):
    text = open(os.path.join(src, "samples/e-application.yaml"), encoding="utf-8").read()
    for a, b in subs:
        assert a in text, a
        text = text.replace(a, b)
    path = os.path.join(work, name + ".yaml")
    open(path, "w", encoding="utf-8").write(text)
    return path


def plain(path, mode=None):
    args = ["pandoc", "-f", "docx", "-t", "plain"] + ([f"--track-changes={mode}"] if mode else []) + [path]
    text = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    text = "\n".join(l for l in text.splitlines() if not re.fullmatch(r"-\s*", l))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def docx_of(profile, kind, templates, out):
    args = ["generate", profile, "--doc", kind, "--format", "docx", "-o", out]
    if templates:
        args += ["--templates", templates]
    run(*args, expect=0)
    return os.path.join(out, kind + ".docx")


checks = 0


def case(name, old, new, kind, want, old_tpl=None, new_tpl=None):
    global checks
    checks += 1
    args = ["diff", old, new, "--doc", kind]
    if old_tpl:
        args += ["--old-templates", old_tpl]
    if new_tpl:
        args += ["--new-templates", new_tpl]
    r = run(*args, "--format", "json", expect=1 if want else 0)
    got = {c["id"]: c["status"] for c in json.loads(r.stdout)["clauses"] if c["status"] != "unchanged"}
    if got != want:
        failures.append(f"{name}: reported {got}, expected {want}")
    red = os.path.join(work, name + ".redline.docx")
    run(*args, "--format", "docx", "-o", red, "--author", "情報政策課", expect=1 if want else 0)
    if subprocess.run([check_office, "--quick", red], capture_output=True).returncode != 0:
        failures.append(f"{name}: the redline fails check-office")
    old_docx = docx_of(old, kind, old_tpl, os.path.join(work, name + "-old"))
    new_docx = docx_of(new, kind, new_tpl, os.path.join(work, name + "-new"))
    if plain(red, "accept") != plain(new_docx):
        failures.append(f"{name}: accepting every change does not give NEW's text")
    if plain(red, "reject") != plain(old_docx):
        failures.append(f"{name}: rejecting every change does not give OLD's text")


base = os.path.join(src, "samples/e-application.yaml")
edited = sample_variant("edited", ("rto: 4h", "rto: 2h"),
                        ("residents_use: false", "residents_use: true\n  residents_scope: 申請状況の照会"),
                        ("audit_reports: [SOC2 Type2]", "audit_reports: [SOC2 Type2, ISMAP監査報告書]"))
case("profile-edit", base, edited, "spec",
     {"spec-residents": "added", "spec-service-level": "changed", "spec-reliability": "changed"})
case("profile-edit-reversed", edited, base, "spec",
     {"spec-residents": "removed", "spec-service-level": "changed", "spec-reliability": "changed"})
v2 = os.path.join(src, "tests/diff/templates-v2")
case("template-revision", base, base, "spec",
     {"spec-secondary-use": "moved_changed", "spec-log-retention": "added"}, None, v2)
case("annex-revision", base, base, "annex", {"annex-consultation": "moved_changed"}, None, v2)
case("identical", base, base, "spec", {})

# A Markdown document written earlier against the profile it came from.
md_dir = os.path.join(work, "md")
run("generate", base, "--doc", "spec", "--format", "md", "-o", md_dir, expect=0)
r = run("diff", os.path.join(md_dir, "spec.md"), base, expect=0)
r = run("diff", os.path.join(md_dir, "spec.md"), edited, "--format", "json", expect=1)
if json.loads(r.stdout)["summary"]["added"] != 1:
    failures.append("markdown vs profile: the added clause is not reported")

# Japanese edits inside a sentence show as the few changed characters.
r = run("diff", base, edited, "--format", "json", expect=1)
level = [c for c in json.loads(r.stdout)["clauses"] if c["id"] == "spec-service-level"][0]
changed = [(c["op"], c["text"]) for c in level["changes"] if c["op"] != "equal"]
if changed != [("delete", "4"), ("insert", "2")]:
    failures.append(f"RTO 4h -> 2h should change one character, got {changed}")

checks += 3  # the Markdown and character-level checks below
for f in failures:
    print("FAIL:", f)
print(f"{max(checks - len(failures), 0)} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
