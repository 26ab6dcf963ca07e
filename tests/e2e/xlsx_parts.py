"""Structural checks of an XLSX package and its conversion by LibreOffice Calc.

check_package(path) opens the zip, parses every XML part (well-formed, no
DTD), checks that [Content_Types].xml covers every part and that every
relationship of the package and the workbook points at a part that exists,
and returns {part name: parsed root} for further checks.

calc_rows(path) converts the workbook to CSV with LibreOffice Calc in a
private profile (cells as shown, UTF-8) and returns the rows of the first
sheet.
"""
import csv
import io
import os
import posixpath
import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ET
import zipfile

NS = {
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "s": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "dc": "http://purl.org/dc/elements/1.1/",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
}


class PackageError(Exception):
    pass


def _rels_of(part):
    d, f = posixpath.split(part)
    return posixpath.join(d, "_rels", f + ".rels")


def _targets(parts, rels_part, base_dir):
    if rels_part not in parts:
        raise PackageError(f"missing {rels_part}")
    out = {}
    for rel in parts[rels_part].findall("rel:Relationship", NS):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target")
        name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join(base_dir, target))
        if name not in parts and name not in parts["__names__"]:
            raise PackageError(f"{rels_part}: relationship {rel.get('Id')} points at missing {name}")
        out[rel.get("Id")] = (rel.get("Type"), name)
    return out


def check_package(path):
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        if len(names) != len(set(names)):
            raise PackageError("duplicate part names")
        parts = {"__names__": set(names)}
        for n in names:
            if n.endswith(".xml") or n.endswith(".rels"):
                data = z.read(n)
                if b"<!DOCTYPE" in data:
                    raise PackageError(f"{n} has a DTD")
                try:
                    parts[n] = ET.fromstring(data)
                except ET.ParseError as e:
                    raise PackageError(f"{n} is not well-formed XML: {e}")
    ct = parts.get("[Content_Types].xml")
    if ct is None:
        raise PackageError("missing [Content_Types].xml")
    defaults = {d.get("Extension").lower() for d in ct.findall("ct:Default", NS)}
    overrides = {o.get("PartName").lstrip("/") for o in ct.findall("ct:Override", NS)}
    for n in names:
        if n == "[Content_Types].xml" or n.endswith("/"):
            continue
        if n not in overrides and n.rsplit(".", 1)[-1].lower() not in defaults:
            raise PackageError(f"{n} has no content type")
    for o in overrides:
        if o not in parts["__names__"]:
            raise PackageError(f"content type for missing part {o}")
    root = _targets(parts, "_rels/.rels", "")
    docs = [t for ty, t in root.values() if ty.endswith("/officeDocument")]
    if docs != ["xl/workbook.xml"]:
        raise PackageError(f"officeDocument relationship: {docs}")
    wb_rels = _targets(parts, _rels_of("xl/workbook.xml"), "xl")
    for sheet in parts["xl/workbook.xml"].findall("s:sheets/s:sheet", NS):
        rid = sheet.get(f"{{{NS['r']}}}id")
        if rid not in wb_rels:
            raise PackageError(f"sheet {sheet.get('name')} has no relationship {rid}")
        sheet_part = wb_rels[rid][1]
        rels = _rels_of(sheet_part)
        if rels in parts:
            _targets(parts, rels, posixpath.dirname(sheet_part))
    del parts["__names__"]
    return parts


def calc_rows_many(paths):
    """The rows of each workbook (of distinct paths) as Calc shows them."""
    work = tempfile.mkdtemp()
    try:
        profile = "file://" + os.path.join(work, "profile")
        links = []
        for i, p in enumerate(paths):
            links.append(os.path.join(work, f"book{i}.xlsx"))
            shutil.copyfile(p, links[-1])
        subprocess.run(
            ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to",
             "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,true,true,true",
             "--outdir", os.path.join(work, "csv"), *links],
            check=True, capture_output=True, timeout=300)
        out = []
        for i in range(len(paths)):
            with open(os.path.join(work, "csv", f"book{i}.csv"), encoding="utf-8", newline="") as f:
                out.append(list(csv.reader(f)))
        return out
    finally:
        shutil.rmtree(work, ignore_errors=True)


def calc_rows(path):
    return calc_rows_many([path])[0]


def csv_rows(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(io.StringIO(f.read())))
