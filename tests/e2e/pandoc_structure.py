#!/usr/bin/python3
"""pandoc reads procspec's DOCX and ODT back with the structure of the
document: the same headings (by level), tables, ordered and bullet lists as
pandoc finds in procspec's own Markdown of the same document.

usage: pandoc_structure.py DIR  (a folder written by procspec generate)
"""
import collections
import glob
import json
import os
import subprocess
import sys


def shape(path, fmt):
    doc = json.loads(subprocess.run(["pandoc", "-f", fmt, "-t", "json", path],
                                    capture_output=True, check=True).stdout)
    count = collections.Counter()

    def walk(node):
        if isinstance(node, dict):
            t = node.get("t")
            if t == "Header":
                count["h%d" % node["c"][0]] += 1
            elif t in ("Table", "OrderedList", "BulletList"):
                count[t] += 1
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(doc["blocks"])
    return count


def from_markdown(md):
    """Markdown has the title as h1 and each level one deeper than office."""
    c = shape(md, "commonmark_x")
    office = collections.Counter({k: v for k, v in c.items() if not k.startswith("h")})
    for level in range(2, 7):
        if c["h%d" % level]:
            office["h%d" % (level - 1)] = c["h%d" % level]
    return office


def main():
    failed = total = 0
    for md in sorted(glob.glob(os.path.join(sys.argv[1], "*.md"))):
        want = from_markdown(md)
        for ext, fmt in (("docx", "docx"), ("odt", "odt")):
            total += 1
            path = md[:-3] + "." + ext
            got = shape(path, fmt)
            if got != want:
                failed += 1
                print(f"FAIL: {os.path.basename(path)}: pandoc reads {dict(got)}, the Markdown has {dict(want)}")
    print(f"{total - failed} passed, {failed} failed")
    return 1 if failed or not total else 0


if __name__ == "__main__":
    sys.exit(main())
