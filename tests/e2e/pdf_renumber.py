"""Renumbers the fonts of a LibreOffice PDF as another run may number them.

LibreOffice writes embedded fonts in the order of their addresses in
memory, so two runs on the same document can give the font objects other
numbers (seen in CI: the same annex, two different files). This script
makes that happen on purpose: it swaps the object numbers of the first two
font dictionaries, rewrites every reference to them and the
cross-reference table, and leaves the rest as it was. The file is still a
valid PDF with the same pages.

usage: pdf_renumber.py FILE   (rewritten in place)
"""
import re
import sys


def renumber(data):
    head_end = data.index(b"\n", data.index(b"\n") + 1) + 1  # %PDF and the binary line
    xref_at = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    objects = []
    for m in re.finditer(rb"(?m)^(\d+) 0 obj", data):
        end = data.index(b"endobj", m.start()) + len(b"endobj\n")
        objects.append((int(m.group(1)), data[m.start():end]))
    fonts = [n for n, body in objects
             if re.search(rb"/Type\s*/Font\b", body.split(b"stream\n")[0])
             and b"/FontFile" not in body]
    if len(fonts) < 2:
        sys.exit("fewer than two fonts: nothing to renumber")
    swap = {fonts[0]: fonts[1], fonts[1]: fonts[0]}

    def fix_refs(chunk):
        return re.sub(rb"\b(\d+) 0 R\b",
                      lambda m: b"%d 0 R" % swap.get(int(m.group(1)), int(m.group(1))), chunk)

    out, offsets = bytearray(data[:head_end]), {}
    for n, body in objects:
        cut = body.find(b"stream\n")
        dictionary, stream = (body, b"") if cut < 0 else (body[:cut], body[cut:])
        n = swap.get(n, n)
        dictionary = re.sub(rb"^\d+ 0 obj", b"%d 0 obj" % n, dictionary)
        offsets[n] = len(out)
        out += fix_refs(dictionary) + stream
    trailer = data[data.index(b"trailer", xref_at):]
    trailer = fix_refs(trailer[:trailer.index(b"startxref")])
    size = max(offsets) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for k in range(1, size):
        out += b"%010d 00000 n \n" % offsets[k]
    out += trailer + b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


if __name__ == "__main__":
    path = sys.argv[1]
    with open(path, "rb") as f:
        data = f.read()
    with open(path, "wb") as f:
        f.write(renumber(data))
