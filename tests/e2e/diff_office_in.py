#!/usr/bin/python3
"""A DOCX or ODT that procspec generated, edited or not, as a side of
`procspec diff` (issue 14, "DOCX and ODT as input").

1. Round trip: for every sample and kind spec/annex, the DOCX and the ODT
   compare as equal to the Markdown of the same profile (exit 0, no
   clause reported), and to the profile itself.
2. An annex edited in LibreOffice Writer (through UNO): a sentence typed
   into one clause, the bookmark of another clause deleted, saved as DOCX
   and as ODT. Against the original exactly the typed sentence is
   reported, in that clause; the clause without its bookmark is found by
   its heading (a note says so) and reported unchanged.
3. The same edit made with track changes on: read as accepted (the same
   report as 2, and no difference from the document Writer saves after
   Accept All), with a note saying so.
4. A DOCX that pandoc made (not procspec) is refused with a message that
   says what to compare instead, in English and in Japanese; so is a zip
   that is neither DOCX nor ODT.
5. `procspec diff EDITED.docx PROFILE --format docx|odt` writes a redline
   that passes check-office, and Writer's Reject All gives the text of
   EDITED (as Writer shows EDITED), Accept All the text of the profile's
   own document.

usage: diff_office_in.py PROCSPEC SOURCE_DIR CHECK_OFFICE
"""
import json
import os
import re
import subprocess
import sys
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import diffcase  # noqa: E402
import writer_tracked  # noqa: E402

case = diffcase.Case()
procspec, src, check_office, work, failures = case.procspec, case.src, case.check_office, case.work, case.failures
run = case.run
checks = 0


def changed(old, new, kind, *more, expect=1):
    """The clauses reported as not unchanged, by ID, and the run."""
    r = run("diff", old, new, "--doc", kind, "--format", "json", *more, expect=expect)
    try:
        clauses = json.loads(r.stdout)["clauses"]
    except (ValueError, KeyError):
        failures.append(f"diff {old} {new}: no JSON report\n{r.stderr}")
        return {}, r
    return {c["id"]: c for c in clauses if c["status"] != "unchanged"}, r


# 1. Round trip over every sample.
for name in sorted(os.listdir(os.path.join(src, "samples"))):
    if not name.endswith(".yaml"):
        continue
    profile = os.path.join(src, "samples", name)
    base = name[:-5]
    tpl = os.path.join(src, "samples", base + ".templates")
    more = ["--templates", tpl] if os.path.isdir(tpl) else []
    for kind in ("spec", "annex"):
        out = os.path.join(work, base)
        r = run("generate", profile, "--doc", kind, "--format", "md,docx,odt", "-o", out, *more)
        if not os.path.exists(os.path.join(out, kind + ".md")):
            continue  # the kind does not apply to this profile
        for fmt in ("docx", "odt"):
            doc = os.path.join(out, f"{kind}.{fmt}")
            for other in (os.path.join(out, kind + ".md"), profile):
                checks += 1
                got, r = changed(doc, other, kind, *more, expect=0)
                if got:
                    failures.append(f"{base} {kind}.{fmt} vs {os.path.basename(other)}: reported {sorted(got)}")
            checks += 1
            got, r = changed(os.path.join(out, kind + ".md"), doc, kind, *more, expect=0)
            if got:
                failures.append(f"{base} {kind}.md vs {kind}.{fmt}: reported {sorted(got)}")

# 2 and 3. An annex edited in Writer, without and with track changes.
profile = os.path.join(src, "samples/backup-service.yaml")
out = os.path.join(work, "annex")
# Without the appendix of criteria (--refs none): a redline leaves the
# appendix out, being derived from the clauses, and part 5 compares the
# redline with this document.
run("generate", profile, "--doc", "annex", "--format", "docx,odt", "--refs", "none", "-o", out, expect=0)
orig = os.path.join(out, "annex.docx")
typed = "乙は、この条の定めを従業員に周知しなければならない。"
edited, tracked = {}, {}


with writer_tracked.session() as (desktop, dispatcher):
    for record, paths in ((False, edited), (True, tracked)):
        doc = writer_tracked.open_doc(desktop, orig)
        writer_tracked.edit_annex(doc, typed, record)
        stem = "tracked" if record else "edited"
        for fmt, filt in (("docx", "MS Word 2007 XML"), ("odt", "writer8")):
            paths[fmt] = os.path.join(work, f"{stem}.{fmt}")
            writer_tracked.save_as(doc, paths[fmt], filt)
        if record:
            dispatcher.executeDispatch(doc.getCurrentController().getFrame(),
                                       ".uno:AcceptAllTrackedChanges", "", 0, ())
            paths["accepted"] = os.path.join(work, "accepted.docx")
            writer_tracked.save_as(doc, paths["accepted"], "MS Word 2007 XML")
        doc.close(True)

with zipfile.ZipFile(tracked["docx"]) as z:
    if "<w:ins " not in z.read("word/document.xml").decode("utf-8"):
        failures.append("Writer saved no tracked insertion: the tracked-changes case tests nothing")
for paths, what in ((edited, "edited"), (tracked, "tracked")):
    for fmt in ("docx", "odt"):
        checks += 1
        got, r = changed(orig, paths[fmt], "annex")
        if set(got) != {"annex-roles"}:
            failures.append(f"{what}.{fmt}: reported {sorted(got)}, expected only annex-roles")
            continue
        inserted = "".join(c["text"] for c in got["annex-roles"].get("changes", [])
                           if c["op"] == "insert")
        deleted = [c for c in got["annex-roles"].get("changes", []) if c["op"] == "delete"]
        if inserted != typed or deleted:
            failures.append(f"{what}.{fmt}: annex-roles changes {got['annex-roles'].get('changes')}")
        if not re.search(r"秘密の保持.*annex-confidentiality", r.stderr):
            failures.append(f"{what}.{fmt}: no note that 秘密の保持 was found by its heading\n{r.stderr}")
        has_note = "tracked changes" in r.stderr
        if has_note != (what == "tracked"):
            failures.append(f"{what}.{fmt}: tracked-changes note {'missing' if not has_note else 'unexpected'}\n{r.stderr}")
checks += 1
got, r = changed(tracked["docx"], tracked["accepted"], "annex", expect=0)
if got:
    failures.append(f"tracked.docx read as accepted differs from Writer's Accept All: {sorted(got)}")

# 4. Documents procspec did not write.
md = os.path.join(out, "annex.md")
run("generate", profile, "--doc", "annex", "--format", "md", "-o", out, expect=0)
foreign = os.path.join(work, "pandoc.docx")
subprocess.run(["pandoc", md, "-o", foreign], check=True)
notzip = os.path.join(work, "archive.docx")
with zipfile.ZipFile(notzip, "w") as z:
    z.writestr("readme.txt", "not a document")
for path, want, want_ja in ((foreign, "was not written by procspec", "procspec が作成した文書ではありません"),
                            (notzip, "neither a DOCX nor an ODT", "DOCX でも ODT でもない")):
    for lang, text in (("en", want), ("ja", want_ja)):
        checks += 1
        r = run("diff", path, profile, "--doc", "annex", "--lang", lang, expect=2)
        line = next((l for l in r.stderr.splitlines() if "error" in l or "エラー" in l), "")
        if not line.startswith(path + ":"):
            failures.append(f"{os.path.basename(path)} ({lang}): the error does not name the file: {r.stderr}")
        if text and text not in line:
            failures.append(f"{os.path.basename(path)}: message lacks '{text}': {r.stderr}")
        if lang == "ja" and "procspec generate" not in line:
            failures.append(f"{os.path.basename(path)}: the Japanese message does not say what to do: {r.stderr}")

# 5. A redline from the edited DOCX to this year's profile.
this_year = os.path.join(work, "this-year.yaml")
text = open(profile, encoding="utf-8").read()
assert "uptime: 99.5%" in text
open(this_year, "w", encoding="utf-8").write(text.replace("uptime: 99.5%", "uptime: 99.6%"))
new_out = os.path.join(work, "new")
jobs, cases = [], []
for fmt in ("docx", "odt"):
    new_doc = os.path.join(new_out, f"annex.{fmt}")
    run("generate", this_year, "--doc", "annex", "--format", fmt, "--refs", "none", "-o", new_out, expect=0)
    red = os.path.join(work, f"redline.{fmt}")
    checks += 1
    run("diff", edited["docx"], this_year, "--doc", "annex", "--format", fmt, "-o", red, expect=1)
    # An ODT redline declares LibreOffice's loext:text-changes-only row
    # style (write_odt.c), valid in ODF's extended conformance only.
    strict = [] if fmt == "docx" else ["--extended"]
    if subprocess.run([check_office, "--quick", *strict, red], capture_output=True).returncode != 0:
        failures.append(f"the {fmt} redline from the edited DOCX fails check-office")
    cases.append(fmt)
    jobs += [("reject", red), ("accept", red), ("open", edited["docx"]), ("open", new_doc)]
got = writer_tracked.texts(jobs)
for k, fmt in enumerate(cases):
    (rejected, changes), (accepted, _), (old_text, _), (new_text, _) = got[4 * k:4 * k + 4]
    checks += 1
    if changes == 0:
        failures.append(f"the {fmt} redline has no tracked changes")
    if typed not in old_text or typed in new_text:
        failures.append("the typed sentence is not where the test expects it")
    for mode, got_text, want_text in (("reject", rejected, old_text), ("accept", accepted, new_text)):
        # The redline's change summary page stays (it is not a tracked change).
        got_text, found = writer_tracked.without_summary(got_text)
        if not found:
            failures.append(f"the {fmt} redline after {mode} all has no change summary page")
        if got_text != want_text:
            import difflib
            d = "\n".join(list(difflib.unified_diff(want_text.splitlines(), got_text.splitlines(),
                                                   lineterm="", n=1))[:30])
            failures.append(f"the {fmt} redline after {mode} all is not the document's text:\n{d}")

for f in failures:
    print("FAIL:", f)
print(f"{checks} checks, {len(failures)} failures")
sys.exit(1 if failures else 0)
