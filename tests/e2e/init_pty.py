#!/usr/bin/env python3
"""Drives `procspec init` on a pseudo-terminal as an officer would: answers
every question (with full-width digits and spaces where people type them),
then checks that the profile it wrote passes `procspec check` with no
warning. A file name that exists is asked again (the answers kept), and
-o naming an existing file is refused before any question.
usage: init_pty.py PROCSPEC WORKDIR"""
import os, pty, select, subprocess, sys, time

ps, work = sys.argv[1], sys.argv[2]
out = os.path.join(work, "interactive.yaml")
existing = os.path.join(work, "kept.yaml")
with open(existing, "w") as f:
    f.write("keep\n")
answers = [
    ("団体の名称", "　向日市　"),          # ideographic spaces around: trimmed
    ("外部サービスの名称", "文書管理サービス"),
    ("外部サービス提供者（クラウド事業者）の名称", '株式会社"クラウド"\\テスト'),  # quotes stay data
    ("通して契約しますか", "はい"),       # a reseller holds the contract
    ("受注者（契約の相手方）の名称", '株式会社"クラウド"\\テスト'),  # same as the provider: refused
    ("受注者（契約の相手方）の名称", "株式会社代理店"),
    ("利用目的", "文書の保存及び検索"),
    ("個人情報を取り扱いますか", "はい"),
    ("マイナンバー", "いいえ"),
    ("誰の個人情報", ""),                 # default: 住民
    ("自治体機密性（1〜3）", "１"),        # refused: personal data needs 2+
    ("自治体機密性（1〜3）", "２"),        # full-width 2
    ("保存するファイル名", existing),     # exists: asked again
    ("保存するファイル名", out),
]

def start(*args):
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(ps, [ps, "init", "--lang", "ja", *args])
    return pid, fd

# -o naming an existing file: refused at once, before the first question.
pid, fd = start("-o", existing)
screen = b""
while True:
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        break
    if not chunk:
        break
    screen += chunk
_, status = os.waitpid(pid, 0)
text = screen.decode(errors="replace")
if os.waitstatus_to_exitcode(status) != 2 or "団体の名称" in text or "kept.yaml" not in text:
    sys.exit(f"FAIL: init -o EXISTING asked questions or did not refuse ({status}):\n{text}")
if open(existing).read() != "keep\n":
    sys.exit("FAIL: init -o EXISTING changed the file")

pid, fd = start()
seen = b""
def read_until(text, timeout=20):
    global seen
    end = time.time() + timeout
    while text.encode() not in seen:
        if time.time() > end:
            sys.exit(f"FAIL: no prompt {text!r}; screen so far:\n{seen.decode(errors='replace')}")
        r, _, _ = select.select([fd], [], [], 0.5)
        if r:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    i = seen.index(text.encode())
    seen = seen[i + len(text.encode()):]

for prompt, reply in answers:
    read_until(prompt)
    os.write(fd, reply.encode() + b"\n")
    if reply == existing:
        read_until("すでにあります")
    if reply == '株式会社"クラウド"\\テスト' and prompt.startswith("受注者"):
        read_until("外部サービス提供者と同じ名称です")
read_until("procspec check")
_, status = os.waitpid(pid, 0)
if os.waitstatus_to_exitcode(status) != 0:
    sys.exit(f"FAIL: init exited {status}")
text = open(out, encoding="utf-8").read()
for want in ['name: "向日市"', 'confidentiality: 2', 'subjects: "住民"', '株式会社\\"クラウド\\"\\\\テスト',
             'contractor: "株式会社代理店"']:
    if want not in text:
        sys.exit(f"FAIL: the profile lacks {want!r}:\n{text}")
if open(existing).read() != "keep\n":
    sys.exit("FAIL: the existing file named in the interview was changed")
r = subprocess.run([ps, "--lang", "ja", "check", out], capture_output=True, text=True)
if r.returncode != 0 or "警告 0 件、注記 0 件" not in r.stderr:
    sys.exit(f"FAIL: check of the interactive profile: {r.returncode}\n{r.stderr}")
print("ok: interactive init on a pseudo-terminal")
