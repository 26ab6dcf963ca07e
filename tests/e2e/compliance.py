#!/usr/bin/python3
"""The compliance form (仕様適合確認書) of every sample.

- Its rows are checked against the specification's Markdown without the
  code's rule for what a statement is: every row is found where its 項番
  says, counted as a reader counts (clause, 第n項 paragraph, 第n文
  sentence, (n) as the numbered list shows it, 表n行目, n番目); every
  sentence naming the contractor (受注者は, 受注者に, 乙は) is in some row,
  but for a hand-checked list of those that oblige it to nothing; and the
  rows of web-meeting and of seven clauses of saas-reseller are compared
  with lists written from reading those specifications. IDs are the
  clause ID and the first 8 hex digits of the SHA-256 of the row's text.
- The fingerprint is the same in every format and changes with the spec.
- The XLSX is a sound package with the features bidders need (answers
  restricted to the three, sheet protected with the answer and
  explanation cells unlocked, frozen header, A4 landscape, header repeated
  when printed), and Calc's CSV conversion holds the same rows as the CSV
  form. The DOCX and ODT pass check-office. Same input, same bytes.

usage: compliance.py PROCSPEC SOURCE_DIR CHECK_OFFICE
"""
import glob
import hashlib
import os
import re
import subprocess
import sys
import tempfile
import unicodedata
import xml.etree.ElementTree as ET
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from xlsx_parts import NS, calc_rows_many, check_package, csv_rows  # noqa: E402

procspec, src, check_office = sys.argv[1:4]
work = tempfile.mkdtemp()
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)


def unescape(s):
    return re.sub(r"\\(.)", r"\1", s).strip()


def sentences(text):
    out, depth, cur = [], 0, ""
    for ch in text:
        cur += ch
        if ch in "（「『":
            depth += 1
        elif ch in "）」』":
            depth = max(0, depth - 1)
        elif ch == "。" and depth == 0:
            out.append(cur.strip(" \u3000"))
            cur = ""
    if cur.strip(" \u3000"):
        out.append(cur.strip(" \u3000"))
    return out


def cells(line):
    return [unescape(c) for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]


def clauses_of(spec_md):
    """{"2-6": (clause id, [block])} (第2の6) read from the specification's
    Markdown; a block is ("para", text), ("ol", [item]), ("ul", [item]) or
    ("table", [row of cells]) without the header row."""
    out = {}
    chapter = cid = blocks = None
    for line in spec_md.split("\n"):
        if line.startswith("<!-- procspec:end -->"):
            break  # 以上, then the 別表: no clause of the body
        m = re.match(r"<!-- procspec:clause id=\"([^\"]+)\"", line)
        if m:
            cid, blocks = m.group(1), None
            continue
        m = re.match(r"^## 第(\d+)　", line)
        if m:
            chapter, blocks = m.group(1), None
            continue
        m = re.match(r"^### (\d+)　", line)
        if m:
            blocks = []
            out[f"{chapter}-{m.group(1)}"] = (cid, blocks)
            continue
        if blocks is None or line.startswith("<!--"):
            continue
        if not line.strip():
            if blocks and blocks[-1][0] != "sep":
                blocks.append(("sep", None))
            continue
        m = re.match(r"^\s*(\d+\.|[-*+])\s+(.*)$", line)
        if m:
            kind = "ol" if m.group(1)[0].isdigit() else "ul"
            if blocks and blocks[-1][0] == kind:
                blocks[-1][1].append(unescape(m.group(2)))
            else:
                blocks.append((kind, [unescape(m.group(2))]))
        elif line.startswith("|"):
            if blocks and blocks[-1][0] == "table":
                blocks[-1][1].append(cells(line))
            else:
                blocks.append(("table", [cells(line)]))
        elif blocks and blocks[-1][0] == "para":
            blocks[-1] = ("para", blocks[-1][1] + unescape(line))
        else:
            blocks.append(("para", unescape(line)))
    for cid, blocks in out.values():
        blocks[:] = [(k, b[2:] if k == "table" else b) for k, b in blocks if k != "sep"]
    return out


# 項番 as the form writes them: 2-3 (第2の3), -1項 (its first paragraph),
# (2) (item (2) of a numbered list), 表3行 (the table's third row), -3番目
# (the third item of a list without numbers), -2文 (the second sentence;
# no "-" after a unit: 2-3-1項2文).
NUMBER = re.compile(r"^(\d+-\d+)(?:-(\d+)項)?(?:\((\d+)\)|表(\d+)行|-?(\d+)番目)?(?:-?(\d+)文)?$")


def locate(clauses, number, text):
    """Finds the row numbered NUMBER in the specification as a reader
    would: the clause, its paragraph (項, counted; named only when the
    clause has more than one), the sentence (文), the item of a numbered
    list ((n) as the specification shows it), the row of a table (表k行目)
    or the item of a list without numbers (k番目). Returns what is wrong,
    or None when the row's text begins there."""
    m = NUMBER.match(number)
    if not m:
        return "not a number a reader can look up"
    clause, para, item, row, nth, sent = m.groups()
    if clause not in clauses:
        return f"{clause} is no clause of the specification"
    blocks = clauses[clause][1]
    paras = [i for i, b in enumerate(blocks) if b[0] == "para"]
    if para is None and len(paras) != 1:
        return f"{clause} has {len(paras)} paragraphs; the number names none"
    if para is not None and (len(paras) < 2 or int(para) > len(paras)):
        return f"{clause} has no paragraph {para} to name"
    at = paras[int(para or 1) - 1]
    where = blocks[at][1]
    after = blocks[at + 1] if at + 1 < len(blocks) else (None, [])
    if item or row or nth:
        kind, k = ("ol", item) if item else ("table", row) if row else ("ul", nth)
        if after[0] != kind or int(k) > len(after[1]):
            return f"the paragraph has no {kind} item {k} after it"
        where = after[1][int(k) - 1]
        where = where[0] if kind == "table" else where
    if sent:
        s = sentences(where)
        if int(sent) > len(s) or len(s) < 2:
            return f"no sentence {sent} there"
        where = s[int(sent) - 1]
    elif not (item or row or nth) and len(sentences(where)) > 1:
        return "the paragraph has several sentences; the number names none"
    first = text.split("\n")[0]
    return None if first.startswith(where[:20]) else f"the text there begins {where[:20]}, the row {first[:20]}"


# Sentences that name the contractor but oblige it to nothing, checked by
# reading each: the purpose clause's statement of effect, how downtime is
# measured, the buyer's rights and duties, a definition in 用語の定義 (the
# responsibility itself is a row of 第2の5), a risk the buyer accepts.
NOT_OBLIGATIONS = (
    "本書の各条項は、",
    "本仕様書の各条項は、",
    "本市が先に停止を知り、受注者に通知したときは",
    "本組合が先に停止を知り、受注者に通知したときは",
    "前項の解除により受注者に損害が生じても",
    "本サービスが本仕様書に適合しないときは、",
    "本市は、不適合を知った時から",
    "本組合は、不適合を知った時から",
    "受注者は、外部サービス提供者の提供する本サービスを本市に提供し、その履行について",
)


def contractor_sentences(clauses):
    """Every sentence of the specification (paragraphs, items, table
    cells) that names the contractor as who acts or is acted on."""
    for clause, (cid, blocks) in clauses.items():
        for kind, body in blocks:
            texts = [body] if kind == "para" else (
                [c for r in body for c in r] if kind == "table" else body)
            for t in texts:
                for s in sentences(t):
                    if re.search("受注者は|受注者に|乙は", s) and not s.startswith(NOT_OBLIGATIONS):
                        yield clause, s


# Rows written from reading the specifications, not from the code: 項番,
# how the row begins, and what else it must hold (a sentence that
# continues the obligation, the items it introduces).
EXPECTED = {
    "web-meeting": [
        ("1-3", "受注者は、外部サービスの利用に伴い次のリスク", "(5) サーバ装置等"),
        ("2-1-2項1文", "本サービスでは、自治体機密性2以上の情報資産を取り扱ってはならない。", ""),
        ("2-2-2文", "受注者は、これらの条件を", "目的外利用"),
        ("3-1-2文", "受注者は、これらの措置の検討に必要な", "(ク)"),
        ("4-1-1項", "本サービスに係る情報セキュリティインシデントを検知し", ""),
        ("4-1-1項表1行", "情報の誤送信・誤公開（", ""),
        ("4-1-1項表2行", "その他（", ""),
        ("5-1-2文", "受注者は、これに必要な機能及び情報を提供すること。", "(3) 利用者に対し"),
        ("6-1-2文", "受注者は、提供条件を変更する場合には", ""),
    ],
    "saas-reseller": {
        "1-5": [("1-5", "受注者は、外部サービスの利用に伴い次のリスク", "(5) サーバ装置等")],
        "2-3": [
            ("2-3-1項", "本サービスを通じて本市が取り扱う情報に日本の法令以外の法令及び規制が適用されるリスクを低減するため", ""),
            ("2-3-1項表1行", "情報を保存及び処理する国", ""),
            ("2-3-1項表2行", "利用するリージョン又は", ""),
            ("2-3-1項表3行", "保守又はサポートのために", ""),
            ("2-3-1項表4行", "契約の準拠法", ""),
            ("2-3-1項表5行", "合意管轄裁判所", ""),
            ("2-3-2項1文", "受注者は、バックアップ、ログ及び保守", ""),
            ("2-3-2項2文", "データセンターの所在地", ""),
            ("2-3-3項2文", "情報を保存する国とは別に", "外部サービス提供者に遵守させること。）。"),
            ("2-3-3項3文", "本市が求めたときは、アクセスの記録を", ""),
            ("2-3-4項2文", "受注者は、適用される法令の名称", ""),
            ("2-3-4項3文", "受注者は、開示の要求があったことを", ""),
        ],
        "2-6": [
            ("2-6-1項1文", "受注者は、本市データ（", "仮名加工した情報として利用し、又は提供する場合も同様とする。"),
            ("2-6-2項", "受注者は、本市データを、人工知能の学習", ""),
            ("2-6-3項1文", "受注者は、外部サービス提供者に前2項", ""),
            ("2-6-3項2文", "受注者は、その従業員、再委託先", ""),
            ("2-6-4項", "受注者は、外部サービス提供者の利用規約", ""),
        ],
        "2-9": [
            ("2-9-1項", "受注者は、次の脅威に対する", "・サービス拒否及びサービス停止"),
            ("2-9-2項", "受注者は、少なくとも年1回", ""),
        ],
        "4-2": [
            ("4-2-1項1文", "受注者は、情報セキュリティインシデント（本サービスの停止を含む。）を知ったときは、次の区分", ""),
            ("4-2-1項2文", "区分の判断に迷うときは", ""),
            ("4-2-1項表1行", "重大（", ""),
            ("4-2-1項表2行", "高（", ""),
            ("4-2-1項表3行", "中（", ""),
            ("4-2-1項表4行", "低（", ""),
            ("4-2-2項", "個人情報の漏えい、滅失", ""),
            ("4-2-3項1文", "受注者は、外部サービス提供者からの通知を含め", ""),
            ("4-2-3項3文", "報告は、本市が指定する連絡先", ""),
            ("4-2-3項4文", "受注者は、窓口の名称、連絡手段及び受付時間", ""),
            ("4-2-3項(1)", "第一報：", ""),
            ("4-2-3項(2)", "続報：", ""),
            ("4-2-3項(3)", "障害報告書：", ""),
            ("4-2-3項(4)", "最終報告書：", ""),
        ],
        "7-3": [
            ("7-3-1項1文", "受注者は、本市が返還されたデータ（差分データを含む。）の受領を確認した日又は本サービスの利用が終了した日のいずれか遅い日から30日以内に", "（外部サービス提供者に消去させること。）。"),
            ("7-3-1項2文", "消去の方法は、あらかじめ", ""),
            ("7-3-2項", "受注者は、消去の完了後14日以内に、次の事項を記載し", ""),
            ("7-3-2項(1)", "消去した本市データ", ""),
            ("7-3-2項(2)", "消去した保存場所", ""),
            ("7-3-2項(3)", "消去の方法（", ""),
            ("7-3-2項(4)", "消去の実施日", ""),
            ("7-3-2項(5)", "実施者及び責任者の氏名", ""),
            ("7-3-2項(6)", "外部サービス提供者が全ての複製を消去した旨", ""),
        ],
        "8-1": [("8-1-1文", "受注者は、本仕様書の各条項が定める次の書類を", ""),
                   ("8-1-2文", "内容に変更が生じたときは", "")] + [
            (f"8-1表{k}行", t, "") for k, t in enumerate([
                "責任分界表", "認証の登録範囲及び有効期限を示す書類", "信頼性の評価に必要な資料",
                "データセンターの所在地及びリージョンを示す書面", "保守又はサポートのためのアクセスの範囲",
                "アクセスの記録", "適用される外国の法令の名称",
                "外部サービス提供者の約款、SLA及び第三者認証の写し", "データの利用に係る約款の条項",
                "情報セキュリティ対策の実施内容及び管理体制", "情報セキュリティ対策の実施状況報告書",
                "改善計画書（情報セキュリティ対策）", "サービスレベル報告書", "改善計画書（サービスレベル）",
                "鍵の種類、鍵管理の手順及び鍵のライフサイクル",
                "インシデント対処手順書", "連絡体制届", "障害報告書", "最終報告書",
                "可用性に応じた設計であることを確認できる資料", "復旧訓練の結果報告書", "移行計画書（終了計画書）",
                "返還データ及びデータ項目定義書", "差分データ", "消去証明書", "アカウント削除報告書", "仕様適合確認書"], 1)],
        "9-2": [
            ("9-2-1項1文", "受注者は、本業務の履行に当たり知り得た秘密",
             "契約が終了し、又は解除された後も同様とする。ただし、次のいずれかに該当する情報（本市データを除く。）は、この限りでない。"),
            ("9-2-2項1文", "法令の規定により開示を求められたときは", ""),
            ("9-2-2項2文", "受注者は、外部サービス提供者、その従業員", ""),
        ],
    },
}


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ODF = {"table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
       "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
       "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
       "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
       "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0"}
DECLARATION = "本件調達仕様書の各要件について、下記のとおり回答します。"
BIDDER_LINES = ("記入日", "所在地", "商号又は名称", "代表者職氏名")


def display_width(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def docx_answers(path):
    """The answers table of a DOCX form: its grid widths and its rows of
    cells, each cell a list of (text, size in half-points, colour)."""
    root = ET.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    for tbl in root.iter(W + "tbl"):
        rows = []
        for tr in tbl.findall(W + "tr"):
            row = []
            for tc in tr.findall(W + "tc"):
                runs = []
                for r in tc.iter(W + "r"):
                    t = "".join(x.text or "" for x in r.iter(W + "t"))
                    sz = r.find(f"{W}rPr/{W}sz")
                    color = r.find(f"{W}rPr/{W}color")
                    runs.append((t, sz.get(W + "val") if sz is not None else None,
                                 color.get(W + "val") if color is not None else None))
                row.append(runs)
            rows.append(row)
        if rows and "".join(t for t, _, _ in rows[0][-1]) == "要件ID":
            return [int(g.get(W + "w")) for g in tbl.iter(W + "gridCol")], rows
    return None, None


def odt_answers(path):
    """The answers table of an ODT form: its relative column widths and the
    text properties of the style of each ID's span."""
    z = zipfile.ZipFile(path)
    root = ET.fromstring(z.read("content.xml"))
    styles = {}
    for st in root.iter(f"{{{ODF['style']}}}style"):
        styles[st.get(f"{{{ODF['style']}}}name")] = st
    for t in root.iter(f"{{{ODF['table']}}}table"):
        rows = t.findall(f".//{{{ODF['table']}}}table-row")
        if not rows:
            continue
        head = ["".join(c.itertext()) for c in rows[0].findall(f"{{{ODF['table']}}}table-cell")]
        if head[-1:] != ["要件ID"]:
            continue
        widths = []
        for col in t.findall(f"{{{ODF['table']}}}table-column"):
            st = styles[col.get(f"{{{ODF['table']}}}style-name")]
            w = st.find(f"{{{ODF['style']}}}table-column-properties").get(f"{{{ODF['style']}}}rel-column-width")
            n = int(col.get(f"{{{ODF['table']}}}number-columns-repeated", "1"))
            widths += [float(w.rstrip("*"))] * n
        props = []
        for row in rows[1:]:
            cell = row.findall(f"{{{ODF['table']}}}table-cell")[-1]
            for span in cell.iter(f"{{{ODF['text']}}}span"):
                st = styles.get(span.get(f"{{{ODF['text']}}}style-name"))
                tp = st.find(f"{{{ODF['style']}}}text-properties") if st is not None else None
                props.append(dict(tp.attrib) if tp is not None else {})
        return widths, props, len(rows) - 1
    return None, None, 0


def compare(name, got, want):
    check(len(got) == len(want), f"{name}: {len(got)} rows, expected {len(want)}:\n"
          + "\n".join(f"  form {n} {t[:30]}" for n, t in got))
    for (n, t), (wn, wt, holds) in zip(got, want):
        check(n == wn and t.startswith(wt) and holds in t,
              f"{name}: row {n} {t[:40]!r}, expected {wn} {wt!r} holding {holds!r}")


def strip(rows):
    out = []
    for r in rows:
        while r and r[-1] == "":
            r = r[:-1]
        out.append(r)
    return out


def form_table(rows):
    header = next(i for i, r in enumerate(rows) if r[:2] == ["項番", "要件"])
    return header, rows[header + 1:]


samples = sorted(glob.glob(os.path.join(src, "samples", "*.yaml")))
forms = []
for sample in samples:
    name = os.path.basename(sample)[:-5]
    tdir = sample[:-5] + ".templates"
    templates = ["--templates", tdir] if os.path.isdir(tdir) else []
    outs = []
    for run in ("a", "b"):
        out = os.path.join(work, name, run)
        subprocess.run([procspec, "generate", sample, *templates, "-o", out], check=True,
                       capture_output=True)
        outs.append(out)
    a = outs[0]
    for f in ("compliance.md", "compliance.docx", "compliance.odt", "compliance.xlsx", "compliance.csv"):
        check(os.path.exists(os.path.join(a, f)), f"{name}: {f} not generated")
        check(open(os.path.join(a, f), "rb").read() == open(os.path.join(outs[1], f), "rb").read(),
              f"{name}: {f} differs between two runs")

    clauses = clauses_of(open(os.path.join(a, "spec.md"), encoding="utf-8").read())
    rows = csv_rows(os.path.join(a, "compliance.csv"))
    header, body = form_table(rows)
    got = [(r[0], r[1]) for r in body]
    check(len(got) > 5, f"{name}: only {len(got)} rows")
    # Every row is found in the specification where its number says.
    for n, t in got:
        wrong = locate(clauses, n, t)
        check(wrong is None, f"{name}: {n} ({t[:30]}): {wrong}")
    # Every sentence that obliges the contractor is in some row.
    for clause, sentence in contractor_sentences(clauses):
        check(any(sentence in t for _, t in got),
              f"{name}: {clause}: no row holds 「{sentence[:60]}」")
    want = EXPECTED.get(name)
    if isinstance(want, list):
        compare(name, got, want)
    elif want:
        for clause, rows_of in want.items():
            compare(f"{name} {clause}", [(n, t) for n, t in got if NUMBER.match(n)
                                          and NUMBER.match(n).group(1) == clause], rows_of)
    ids = [r[4] for r in body]
    check(len(set(ids)) == len(ids), f"{name}: duplicate requirement IDs")
    for (n, t), rid in zip(got, ids):
        m = NUMBER.match(n)
        cid = clauses[m.group(1)][0] if m and m.group(1) in clauses else "?"
        want_id = f"{cid}#{hashlib.sha256(t.encode()).hexdigest()[:8]}"
        check(rid == want_id or rid.startswith(want_id + "-"), f"{name}: {n} has ID {rid}, expected {want_id}")
    caption = {r[0]: r[1] for r in rows[:header] if len(r) > 1}
    fp = caption.get("仕様書の指紋（SHA-256）", "")
    check(re.fullmatch(r"[0-9a-f]{64}", fp) is not None, f"{name}: no fingerprint in the CSV form")
    md = open(os.path.join(a, "compliance.md"), encoding="utf-8").read()
    check(fp in md, f"{name}: the Markdown form carries another fingerprint")

    # The 確認書's parts: to whom (the organisation's head, 様), the
    # bidder's lines to fill in, the declaration; in every format.
    caption_rows = rows[:header]
    check(caption.get("宛先", "").endswith("様"), f"{name}: the CSV form has no 宛先 … 様")
    for label in BIDDER_LINES:
        check(label in caption and caption[label] == "", f"{name}: the CSV form has no blank line {label}")
    check(any(r[:1] == [DECLARATION] for r in caption_rows), f"{name}: the CSV form has no declaration")
    for f in ("compliance.md", "compliance.docx", "compliance.odt"):
        path = os.path.join(a, f)
        text = md if f.endswith(".md") else "".join(
            ET.fromstring(zipfile.ZipFile(path).read(
                "word/document.xml" if f.endswith(".docx") else "content.xml")).itertext())
        for want in [caption.get("宛先", "宛先"), DECLARATION, *BIDDER_LINES]:
            check(want in text, f"{name}: {f} lacks {want}")

    # The requirement ID is a narrow column in small grey type; the width
    # goes to the requirement and to 説明・根拠資料, where the bidder
    # writes: it is wider than any other column (also than 要件, which it
    # answers), and 要件 stays readable (a quarter of the table); 項番
    # holds its longest number on one line.
    longest = max(display_width(n) for n, _ in got)
    grid, drows = docx_answers(os.path.join(a, "compliance.docx"))
    check(grid is not None and len(grid) == 5, f"{name}: no answers table in the DOCX form")
    if grid:
        total = sum(grid)
        check(grid[4] <= 0.12 * total and 2 * grid[4] <= min(grid[1], grid[3]),
              f"{name}: DOCX columns {grid}: the ID is not a narrow column beside 要件")
        check(all(grid[3] > w for i, w in enumerate(grid) if i != 3) and grid[3] >= 0.3 * total,
              f"{name}: DOCX columns {grid}: 説明・根拠資料 is not the widest column")
        check(grid[1] >= 0.25 * total and grid[0] < grid[1],
              f"{name}: DOCX columns {grid}: 要件 is too narrow to read")
        # 10.5 pt: 105 twips a half-width character, 99 twips of margin a side
        check((longest + 1) * 105 + 198 <= grid[0],
              f"{name}: DOCX 項番 column {grid[0]} twips wraps {longest} characters")
        # 回答 is left empty for the bidder: room for the longest answer.
        answer = max(display_width(a) for a in ("適合", "一部適合", "不適合"))
        check((answer + 1) * 105 + 198 <= grid[2],
              f"{name}: DOCX 回答 column {grid[2]} twips wraps 一部適合")
        runs = [run for r in drows[1:] for run in r[4]]
        check(runs and all(sz == "16" and color == "808080" for _, sz, color in runs),
              f"{name}: DOCX IDs not in small grey type: {runs[:2]}")
        multi = [r for r in body if "\n" in r[1]]
        if multi:  # the items a row holds are lines of its cell, not run together
            check(all(len(drows[1 + body.index(r)][1]) > 0 for r in multi), f"{name}: DOCX items")
    widths, props, n = odt_answers(os.path.join(a, "compliance.odt"))
    check(widths is not None and len(widths) == 5, f"{name}: no answers table in the ODT form")
    if widths:
        check(widths[4] <= 0.12 * sum(widths) and 2 * widths[4] <= min(widths[1], widths[3]),
              f"{name}: ODT columns {widths}: the ID is not a narrow column beside 要件")
        check(all(widths[3] > w for i, w in enumerate(widths) if i != 3) and
              widths[3] >= 0.3 * sum(widths),
              f"{name}: ODT columns {widths}: 説明・根拠資料 is not the widest column")
        check(widths[1] >= 0.25 * sum(widths) and widths[0] < widths[1],
              f"{name}: ODT columns {widths}: 要件 is too narrow to read")
        if grid:  # DOCX and ODT lay the table out alike
            check(all(abs(w / sum(widths) - g / sum(grid)) < 0.01 for w, g in zip(widths, grid)),
                  f"{name}: ODT columns {widths} and DOCX columns {grid} differ")
        fo = "{%s}" % ODF["fo"]
        check(len(props) == n and all(p.get(fo + "font-size") == "8pt" and p.get(fo + "color") == "#808080"
                                      for p in props), f"{name}: ODT IDs not in small grey type")

    xlsx = os.path.join(a, "compliance.xlsx")
    parts = check_package(xlsx)
    sheet = parts["xl/worksheets/sheet1.xml"]
    dv = sheet.find("s:dataValidations/s:dataValidation", NS)
    check(dv is not None and dv.get("type") == "list" and "適合" in dv.find("s:formula1", NS).text
          and dv.get("sqref", "").startswith(f"C{header + 2}"), f"{name}: no answer validation")
    prot = sheet.find("s:sheetProtection", NS)
    check(prot is not None and prot.get("sheet") == "1", f"{name}: sheet not protected")
    pane = sheet.find("s:sheetViews/s:sheetView/s:pane", NS)
    check(pane is not None and pane.get("ySplit") == str(header + 1), f"{name}: header not frozen")
    setup = sheet.find("s:pageSetup", NS)
    check(setup is not None and setup.get("orientation") == "landscape" and setup.get("paperSize") == "9",
          f"{name}: not A4 landscape")
    names = {d.get("name"): d.text for d in parts["xl/workbook.xml"].findall("s:definedNames/s:definedName", NS)}
    check(names.get("_xlnm.Print_Titles", "").endswith(f"${header + 1}:${header + 1}"),
          f"{name}: header not repeated when printed")
    # Cells the bidder writes in are unlocked; the others are locked.
    xfs = parts["xl/styles.xml"].findall("s:cellXfs/s:xf", NS)

    def unlocked(ref):
        c = sheet.find(f".//s:c[@r='{ref}']", NS)
        xf = xfs[int(c.get("s", "0"))]
        p = xf.find("s:protection", NS)
        return p is not None and p.get("locked") == "0"
    first = header + 2
    check(unlocked(f"C{first}") and unlocked(f"D{first}"), f"{name}: answer cells locked")
    for k, r in enumerate(rows[:header]):
        if r[:1] and r[0] in BIDDER_LINES:
            check(unlocked(f"B{k + 1}"), f"{name}: the bidder cannot write {r[0]}")
    # Calc prints it as it shows: every row as tall as its wrapped text
    # (Calc does not grow rows of a written file), the title across the
    # table, a Japanese font (the DOCX's) in every cell.
    widths_x = {}
    for col in sheet.findall("s:cols/s:col", NS):
        for k in range(int(col.get("min")), int(col.get("max")) + 1):
            widths_x[k] = float(col.get("width"))
    # 説明・根拠資料 is the widest column of the sheet, 要件 holds some
    # twenty full-width characters a line, 項番 its longest number.
    check(all(widths_x[4] > w for k, w in widths_x.items() if k != 4),
          f"{name}: XLSX columns {widths_x}: 説明・根拠資料 is not the widest")
    check(widths_x[2] >= 40 and widths_x[1] - 1 >= longest,
          f"{name}: XLSX columns {widths_x}: 要件 too narrow or 項番 wraps {longest} characters")
    merged = [m.get("ref") for m in sheet.findall("s:mergeCells/s:mergeCell", NS)]
    check("A1:E1" in merged, f"{name}: the title is not merged across the table: {merged}")
    fonts = parts["xl/styles.xml"].findall("s:fonts/s:font", NS)
    for row_el in sheet.findall("s:sheetData/s:row", NS):
        r = int(row_el.get("r"))
        if r == header or r - 1 >= len(rows) or not any(rows[r - 1]):
            continue
        ht = float(row_el.get("ht", "0"))
        check(row_el.get("customHeight") == "1", f"{name}: row {r} has no height of its own")
        for c in row_el.findall("s:c", NS):
            xf = xfs[int(c.get("s", "0"))]
            font = fonts[int(xf.get("fontId", "0"))].find("s:name", NS).get("val")
            check(font == "ＭＳ 明朝", f"{name}: cell {c.get('r')} in {font}")
        if r > header + 1:
            text = rows[r - 1][1]
            need = sum(-(-max(1, display_width(line)) // int(widths_x[2] - 1)) for line in text.split("\n"))
            check(ht >= 13 * need, f"{name}: row {r} is {ht} pt, its 要件 takes {need} lines")

    check(not unlocked(f"A{first}") and not unlocked(f"B{first}") and not unlocked(f"E{first}"),
          f"{name}: requirement cells not locked")
    forms.append((name, xlsx, rows))

# One LibreOffice start for all the workbooks.
for (name, xlsx, rows), calc in zip(forms, calc_rows_many([f[1] for f in forms])):
    calc = strip(calc)
    check(calc == strip(rows), f"{name}: Calc's CSV of the XLSX form differs from the CSV form:\n"
          + "\n".join(f"  xlsx {x}\n  csv  {c}" for x, c in zip(calc, strip(rows)) if x != c))

# check-office runs on every sample's compliance.docx and .odt in sample.sh;
# here on one, so that this test alone shows they pass.
r = subprocess.run([check_office, os.path.join(work, "e-application", "a", "compliance.docx"),
                    os.path.join(work, "e-application", "a", "compliance.odt")],
                   capture_output=True, text=True)
check(r.returncode == 0, f"check-office: {r.stdout}{r.stderr}")

for f in failures:
    print("FAIL:", f)
sys.exit(1 if failures else 0)
