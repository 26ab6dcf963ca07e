#!/usr/bin/env python3
"""A profile typed with a Japanese input method (full-width digits and
letters, Japanese units, 和暦 and slashed dates, はい/いいえ, Japanese labels
of choices, full-width spaces around text) generates byte-identical
documents to its ASCII twin; impossible era dates get located messages.
usage: japanese_input.py PROCSPEC SOURCE_DIR"""
import os, subprocess, sys, tempfile

ps, src = sys.argv[1], sys.argv[2]
ascii_profile = os.path.join(src, "samples", "e-application.yaml")
text = open(ascii_profile, encoding="utf-8").read()
# Each pair: what the sample says, what an officer typing Japanese writes.
typed = [
    ("uptime: 99.5%", "uptime: ９９．５　％"),
    ("rto: 3h", "rto: ３．０時間"),
    ("rpo: 24h", "rpo: 24 時間"),
    ("retention: 30d", "retention: ３０日間"),
    ("notice_period: 6mo", "notice_period: ６ヶ月"),
    ("date: 2026-04-01", "date: 令和 8年 4月 1日"),
    ("{start: 2026-04-01, end: 2029-03-31}", "{start: Ｒ８．４．１, end: 2029/3/31}"),
    ("frequency: daily", "frequency: 日次"),
    ("secondary_use: prohibited", "secondary_use: 禁止"),
    ("priority: recovery", "priority: 復旧優先"),
    ("residents_use: false", "residents_use: いいえ"),
    ("deletion_certificate: true", "deletion_certificate: はい"),
    ("confidentiality: 2,", "confidentiality: ２,"),
    ("countries: [JP]", "countries: [ＪＰ]"),
    ("name: 電子申請サービス\n", "name: 　電子申請サービス　\n"),
    ("notify_within: 1h", "notify_within: 1時間"),
]
for a, b in typed:
    if a not in text:
        sys.exit(f"FAIL: the sample no longer has {a!r}; update this test")
    text = text.replace(a, b, 1)

with tempfile.TemporaryDirectory() as work:
    jp = os.path.join(work, "japanese.yaml")
    open(jp, "w", encoding="utf-8").write(text)
    for name, prof in (("a", ascii_profile), ("j", jp)):
        r = subprocess.run([ps, "generate", prof, "-o", os.path.join(work, name)], capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit(f"FAIL: generate {prof}: {r.stderr}")
    files = sorted(os.listdir(os.path.join(work, "a")))
    if files != sorted(os.listdir(os.path.join(work, "j"))) or not files:
        sys.exit("FAIL: the two profiles give different sets of documents")
    for f in files:
        if open(os.path.join(work, "a", f), "rb").read() != open(os.path.join(work, "j", f), "rb").read():
            sys.exit(f"FAIL: {f} differs between the ASCII profile and its Japanese twin")
    print(f"ok: {len(files)} documents byte-identical to the ASCII twin")

    ascii_text = open(ascii_profile, encoding="utf-8").read()
    line = next(i for i, l in enumerate(ascii_text.split("\n"), 1) if l.startswith("  date: 2026-04-01"))
    for value, why in (("令和元年4月30日", "令和"), ("平成31年5月1日", "平成"), ("令和0年1月1日", "元年"),
                       ("2027/2/30", "no such day")):
        bad = os.path.join(work, "bad.yaml")
        open(bad, "w", encoding="utf-8").write(ascii_text.replace("date: 2026-04-01", "date: " + value, 1))
        r = subprocess.run([ps, "check", "--lang", "en", bad], capture_output=True, text=True)
        if r.returncode != 2 or f"bad.yaml:{line}:9:" not in r.stderr or why not in r.stderr or value not in r.stderr:
            sys.exit(f"FAIL: date {value}: exit {r.returncode}, {r.stderr!r}")
    print("ok: impossible era dates refused with their location")

    # Invisible characters inside text values would go into the contract
    # documents unseen: each is warned about at its place, by name.
    lines = ascii_text.split("\n")
    for ch, name in (("\u200b", "ZERO WIDTH SPACE"), ("\u00ad", "SOFT HYPHEN"),
                     ("\ufeff", "BYTE ORDER MARK"), ("\u2060", "WORD JOINER")):
        n = next(i for i, l in enumerate(lines) if l.startswith("  function: "))
        col = len("  function: 申請") + 1
        bad = os.path.join(work, "invisible.yaml")
        open(bad, "w", encoding="utf-8").write("\n".join(
            lines[:n] + [lines[n].replace("申請", "申請" + ch, 1)] + lines[n + 1:]))
        r = subprocess.run([ps, "check", "--lang", "en", bad], capture_output=True, text=True)
        want = f"invisible.yaml:{n + 1}:{col}: warning: the value holds the invisible character"
        if want not in r.stderr or name not in r.stderr:
            sys.exit(f"FAIL: U+{ord(ch):04X} in a text value: {r.returncode}, {r.stderr!r}")
        r = subprocess.run([ps, "check", "--lang", "ja", bad], capture_output=True, text=True)
        if "見えない文字" not in r.stderr:
            sys.exit(f"FAIL: U+{ord(ch):04X}: no Japanese warning: {r.stderr!r}")
    print("ok: invisible characters in text values warned about with their place and name")
print("PASS: japanese input")
