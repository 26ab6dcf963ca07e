"""LibreOffice Writer, driven through UNO, as a reviewer uses it: open a
document, accept or reject every tracked change (the Edit > Track Changes
menu's Accept All / Reject All), refresh its fields, and read its text.

One soffice process serves every document of a run (it takes seconds to
start). Needs the python3-uno package, so run it with /usr/bin/python3.
"""
import contextlib
import os
import re
import shutil
import subprocess
import tempfile
import time
import zipfile

import uno
from com.sun.star.beans import PropertyValue


def _prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


@contextlib.contextmanager
def session():
    """A headless soffice for the block: yields (desktop, dispatcher)."""
    profile = tempfile.mkdtemp(prefix="procspec-lo-")
    pipe = "procspec-%d" % os.getpid()
    proc = subprocess.Popen(
        ["soffice", "--headless", "--invisible", "--norestore", "--nologo",
         "-env:UserInstallation=" + uno.systemPathToFileUrl(profile),
         "--accept=pipe,name=%s;urp;" % pipe],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local)
        ctx = None
        for _ in range(600):
            try:
                ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
                break
            except Exception:
                if proc.poll() is not None:
                    raise RuntimeError("soffice exited before accepting a connection")
                time.sleep(0.1)
        if ctx is None:
            raise RuntimeError("soffice did not accept a connection in 60 s")
        smgr = ctx.ServiceManager
        desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
        yield desktop, dispatcher
        try:
            desktop.terminate()
        except Exception:  # the connection drops as soffice exits
            pass
    finally:
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(profile, ignore_errors=True)


def without_comments(path):
    """A copy of the ODT at PATH without its comments (office:annotation),
    for this Writer: the -nogui build of LibreOffice 7.4 in Debian 12 ships
    no dialog files (share/config/soffice.cfg/modules/swriter/ui is empty),
    and the window that shows a comment is built from one (annotation.ui,
    Application::CreateInterimBuilder), so soffice aborts, or
    loadComponentFromURL returns nothing, as soon as a document with a
    comment, any comment, gets a view; converting it without one
    (soffice --convert-to, check-office) works. A comment is not text:
    accepting or rejecting every change gives the same text with or
    without it. Returns the copy's path."""
    copy = path[:-4] + ".nocomments.odt"
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(copy, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "content.xml":
                data = re.sub(rb"<office:annotation\b.*?</office:annotation>", b"", data, flags=re.S)
            zout.writestr(item, data)
    return copy


def open_doc(desktop, path):
    return desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(path)),
                                        "_blank", 0, (_prop("Hidden", True),))


def save_as(doc, path, filter_name):
    """FILTER_NAME: "MS Word 2007 XML" (DOCX) or "writer8" (ODT)."""
    doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(path)), (_prop("FilterName", filter_name),))


def edit_annex(doc, typed, record=False):
    """Edits an annex as a legal department would, in Writer: TYPED added
    at the end of the first paragraph of 役割及び責任 (annex-roles), and
    the bookmark of 秘密の保持 (annex-confidentiality) deleted; with
    RECORD, as tracked changes."""
    doc.RecordChanges = record
    text = doc.getText()
    cur = text.createTextCursorByRange(doc.Bookmarks.getByName("annex_roles").getAnchor().getEnd())
    cur.gotoNextParagraph(False)
    cur.gotoEndOfParagraph(False)
    text.insertString(cur, typed, False)
    text.removeTextContent(doc.Bookmarks.getByName("annex_confidentiality"))


def _headers(doc):
    """The page headers' texts, once each, as "[header] TEXT" lines (the
    text export leaves headers out; a DOCX makes a page style per section,
    so each distinct text counts once)."""
    seen = set()
    styles = doc.StyleFamilies.getByName("PageStyles")
    for name in styles.ElementNames:
        style = styles.getByName(name)
        if style.HeaderIsOn and style.HeaderText.getString():
            seen.add(style.HeaderText.getString())
    return "".join("[header] %s\n" % h for h in sorted(seen))


def texts(jobs, headers=False):
    """JOBS: (mode, path) pairs, mode "accept", "reject" or "open".
    Returns the text of each document after that, as Writer exports it
    (one line per paragraph or table cell; with HEADERS, the page headers'
    texts first), and the number of tracked changes each had when opened."""
    out = tempfile.mkdtemp(prefix="procspec-lo-out-")
    try:
        with session() as (desktop, dispatcher):
            results = []
            for i, (mode, path) in enumerate(jobs):
                doc = open_doc(desktop, path)
                changes = doc.Redlines.getCount()
                if mode != "open":
                    command = ".uno:AcceptAllTrackedChanges" if mode == "accept" else ".uno:RejectAllTrackedChanges"
                    dispatcher.executeDispatch(doc.getCurrentController().getFrame(), command, "", 0, ())
                doc.getTextFields().refresh()
                head = _headers(doc) if headers else ""
                txt = os.path.join(out, "%d.txt" % i)
                doc.storeToURL(uno.systemPathToFileUrl(txt),
                               (_prop("FilterName", "Text (encoded)"), _prop("FilterOptions", "UTF8,LF")))
                doc.close(True)
                with open(txt, encoding="utf-8-sig") as f:
                    results.append((head + f.read(), changes))
            return results
    finally:
        shutil.rmtree(out, ignore_errors=True)


# The change summary a procspec redline starts with (a page after the
# title block, between these marks, in either language): no part of the
# document and not a tracked change, so it stays after Accept All and
# Reject All; tests leave it out before comparing with NEW's and OLD's own
# documents.
SUMMARY = re.compile(r"^\**(?:【変更の概要】|\[Summary of changes\]).*?"
                     r"(?:【変更の概要ここまで】|\[End of the summary of changes\])\**\n\n?",
                     flags=re.S | re.M)


def without_summary(text):
    """TEXT without a redline's summary page, and whether it had one."""
    stripped, n = SUMMARY.subn("", text, count=1)
    return stripped, n == 1
