#!/usr/bin/python3
"""Writes two procspec Markdown documents of N clauses each, OLD and NEW,
for the diff benchmark: NEW rewords every tenth clause inside a sentence,
drops every fiftieth and adds ten new ones.

usage: make_clauses.py N OLD.md NEW.md
"""
import sys

n = int(sys.argv[1])
body = ("受注者は、本サービスの提供に当たり、本組合が定める情報セキュリティポリシー及び関係法令を遵守し、"
        "取り扱う情報の機密性、完全性及び可用性を確保するため、必要かつ適切な措置を講ずること。"
        "また、その実施状況を定期的に報告すること。")


def document(clauses):
    out = ['<!-- procspec:document kind="spec" date="2026-04-01" -->', "", "# ベンチマーク仕様書", "",
           "令和8年4月1日", "", "乙訓福祉施設事務組合", ""]
    for i, (cid, text) in enumerate(clauses):
        if i % 25 == 0:
            chapter = i // 25 + 1
            out += [f"## 第{chapter}　第{chapter}章", ""]
        out += [f'<!-- procspec:clause id="{cid}" refs="3.2①" -->', "", f"### {i % 25 + 1}　条文{cid}", "",
                text, "", "【3.2①】", ""]
    return "\n".join(out) + "\n"


old = [(f"c{i:04d}", body) for i in range(n)]
new = []
for i, (cid, text) in enumerate(old):
    if i % 50 == 49:
        continue
    new.append((cid, text.replace("定期的に", "毎月") if i % 10 == 0 else text))
new += [(f"n{i:04d}", body) for i in range(10)]
open(sys.argv[2], "w", encoding="utf-8").write(document(old))
open(sys.argv[3], "w", encoding="utf-8").write(document(new))
