#!/usr/bin/env python3
"""Prints the help text of every row of src/profile/schema.c's profile field table
as N_("...") lines, so that xgettext extracts them (messages quote them)."""
import re
import sys

src = open(sys.argv[1], encoding="utf-8").read()
table = src[src.index("ps_profile_fields[] = {"):]
table = table[:table.index("\n};")]
token = re.compile(r'"(?:[^"\\]|\\.)*"|NULL|[{},]|[^\s{},"]+')
for row in re.findall(r"\{((?:[^{}\"]|\"(?:[^\"\\]|\\.)*\")*)\}", table):
    fields, cur = [], []
    for t in token.findall(row):
        if t == ",":
            fields.append(cur)
            cur = []
        else:
            cur.append(t)
    fields.append(cur)
    if len(fields) >= 5 and fields[4] and fields[4][0].startswith('"'):
        print("N_(" + " ".join(fields[4]) + ");")
