#!/usr/bin/python3
"""procspec serve, through its HTTP API: the token, the Host check, the
body limit, malformed and hostile profiles, 100 concurrent checks, and a
ZIP whose documents are the bytes `procspec generate` writes.
usage: serve_api.py PROCSPEC SOURCE_DIR"""
import concurrent.futures
import http.client
import io
import json
import os
import signal
import subprocess
import sys
import tempfile
import zipfile

ps, src = sys.argv[1], sys.argv[2]
sample = os.path.join(src, "samples", "e-application.yaml")
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg)


server = subprocess.Popen([ps, "serve"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
try:
    url = server.stdout.readline().strip()
    if not url.startswith("http://127.0.0.1:") or "?token=" not in url:
        sys.exit(f"FAIL: serve printed {url!r}, not http://127.0.0.1:PORT/?token=...")
    hostport = url[len("http://"):].split("/")[0]
    port = int(hostport.split(":")[1])
    token = url.split("token=")[1]
    if len(token) < 32:
        fail(f"the token is short: {token!r}")

    def request(method, path, body=None, headers=None, host=None):
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        h = {"Host": host or hostport}
        h.update(headers or {})
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        data = r.read()
        c.close()
        return r, data

    def api(path, body=None, token_=token, host=None, ctype="application/yaml"):
        headers = {"X-Procspec-Token": token_} if token_ is not None else {}
        if body is not None:
            headers["Content-Type"] = ctype
        return request("POST" if body is not None else "GET", path, body, headers, host)

    profile = open(sample, "rb").read()

    # The page needs the token; so does every API request, in the header.
    r, page = request("GET", "/?token=" + token)
    if r.status != 200 or "調達文書".encode() not in page:
        fail(f"the page: {r.status}")
    for header, want in (("Content-Security-Policy", "default-src 'none'"),
                         ("X-Content-Type-Options", "nosniff"), ("Cache-Control", "no-store")):
        if want not in (r.getheader(header) or ""):
            fail(f"{header} is {r.getheader(header)!r}")
    if token.encode() not in page:
        fail("the page does not carry the token for its own requests")
    # One character off: the last one changed to a different hex digit.
    near = token[:-1] + ("1" if token[-1] == "0" else "0")
    for path in ("/", "/?token=wrong", "/app.js", "/app.js?token=" + near):
        r, _ = request("GET", path)
        if r.status != 403:
            fail(f"GET {path} without the right token: {r.status}, expected 403")
    for tok in (None, "", "0" * 64, token + "0", near):
        r, data = api("/api/check", profile, token_=tok)
        if r.status != 403 or "error" not in json.loads(data):
            fail(f"check with token {tok!r}: {r.status}")
    # A token in the URL is not enough for the API (CSRF): only the header.
    r, _ = request("POST", "/api/check?token=" + token, profile, {"Content-Type": "application/yaml"})
    if r.status != 403:
        fail(f"API with the token in the URL only: {r.status}")
    print("ok: token")

    # DNS rebinding: the Host header must name the listening address.
    for host in ("evil.example:%d" % port, "127.0.0.1:1", "attacker.localhost"):
        r, _ = api("/api/schema", host=host)
        if r.status != 421:
            fail(f"Host {host}: {r.status}, expected 421")
    r, _ = api("/api/schema", host="localhost:%d" % port)
    if r.status != 200:
        fail(f"Host localhost:PORT refused: {r.status}")
    print("ok: Host header")

    r, data = api("/api/check", b"x: " + b"a" * (3 << 20))
    if r.status != 413:
        fail(f"a 3 MB body: {r.status}, expected 413")
    print("ok: body limit")

    r, data = api("/api/check", profile)
    result = json.loads(data)
    if r.status != 200 or not result["approvable"] or "spec" not in result["documents"]:
        fail(f"check of the sample: {r.status} {result}")
    if result["coverage"]["uncovered"] != 0:
        fail(f"coverage of the sample: {result['coverage']}")
    bad = profile.replace(b"countries: [JP]", b"countries: [JP, US]")
    result = json.loads(api("/api/check", bad)[1])
    us = [f for f in result["findings"] if f["ref"] == "3.1(4)"]
    if result["approvable"] or not us or not us[0]["line"] or not us[0]["summary"]:
        fail(f"data stored in the US: {result}")
    # The server speaks Japanese.
    if not any("\u3040" <= ch <= "\u9fff" for ch in us[0]["message"]):
        fail(f"the finding is not in Japanese: {us[0]['message']}")
    r, data = api("/api/check", b"organization: [unclosed\n")
    result = json.loads(data)
    if r.status != 200 or result["readable"] or not result["findings"] or not result["findings"][0]["line"]:
        fail(f"malformed YAML: {r.status} {result}")
    result = json.loads(api("/api/check", json.dumps({"procspec": 1}).encode(), ctype="application/json")[1])
    if result["readable"] or not result["findings"]:
        fail(f"a JSON profile missing its keys: {result}")
    print("ok: findings")

    # Hostile values: markup and script in every text field are text in the
    # preview (no element made from them) and data in the findings.
    # Every text value of the profile (the schema says which keys are
    # text) gets markup and a script appended.
    script = "<script>alert(1)</script><img src=x onerror=alert(2)>&amp;"
    schema = json.loads(api("/api/schema")[1])

    def text_keys(node, out):
        for k, child in (node.get("properties") or {}).items():
            if child.get("type") == ["string", "number"]:
                out.add(k)
            text_keys(child, out)
            if child.get("type") == "array" and isinstance(child.get("items"), dict):
                text_keys(child["items"], out)
        return out

    keys = text_keys(schema, set())
    lines = profile.decode().split("\n")
    touched = 0
    for i, line in enumerate(lines):
        m = __import__("re").match(r"^(\s*(?:- )?)([a-z_]+): ([^{\[#][^#]*?)\s*(#.*)?$", line)
        if m and m.group(2) in keys:
            value = m.group(3).strip().strip('"')
            lines[i] = f"{m.group(1)}{m.group(2)}: {json.dumps(value + script)}"
            touched += 1
    hostile = "\n".join(lines).encode()
    if touched < 8:
        fail(f"only {touched} text fields made hostile")
    result = json.loads(api("/api/check", hostile)[1])
    if not result["readable"]:
        fail(f"the hostile profile is not readable: {result['findings'][:2]}")
    r, html = api("/api/preview?doc=spec", hostile)
    if r.status != 200:
        fail(f"preview of the hostile profile: {r.status} {html[:200]}")
    elif b"<script" in html or b"<img" in html or "&lt;script&gt;".encode() not in html:
        fail("the preview turned a profile value into markup")
    print(f"ok: hostile values in {touched} text fields")

    info = json.loads(api("/api/info")[1])
    if not isinstance(info.get("pdf"), bool):
        fail(f"/api/info: {info}")

    # 100 checks at once.
    def one(i):
        r, data = api("/api/check", profile if i % 2 else bad)
        return r.status, json.loads(data)["approvable"], i % 2 == 1

    with concurrent.futures.ThreadPoolExecutor(max_workers=100) as pool:
        results = list(pool.map(one, range(100)))
    wrong = [r for r in results if r[0] != 200 or r[1] != r[2]]
    if wrong:
        fail(f"{len(wrong)} of 100 concurrent checks went wrong: {wrong[:3]}")
    print("ok: 100 concurrent checks")

    # The ZIP holds the bytes procspec generate writes for the same profile.
    r, data = api("/api/generate", profile)
    if r.status != 200 or r.getheader("Content-Type") != "application/zip":
        fail(f"generate: {r.status} {r.getheader('Content-Type')}")
    else:
        with tempfile.TemporaryDirectory() as work:
            subprocess.run([ps, "generate", sample, "-o", work], check=True, capture_output=True)
            z = zipfile.ZipFile(io.BytesIO(data))
            names = sorted(z.namelist())
            if names != sorted(os.listdir(work)):
                fail(f"the ZIP holds {names}, generate wrote {sorted(os.listdir(work))}")
            for n in names:
                if z.read(n) != open(os.path.join(work, n), "rb").read():
                    fail(f"{n} in the ZIP differs from procspec generate's")
        r2, data2 = api("/api/generate", profile)
        if data2 != data:
            fail("two downloads of the same profile differ")
    r, data = api("/api/generate?doc=annex&format=docx", profile)
    if r.status != 200 or not data.startswith(b"PK") or "annex.docx" not in (r.getheader("Content-Disposition") or ""):
        fail(f"one DOCX: {r.status} {r.getheader('Content-Disposition')}")
    # A 個人情報取扱特記事項 for a service without personal data is refused as
    # generate refuses it: at personal_data.handled, saying what to set.
    staff = open(os.path.join(src, "samples", "staff-attendance.yaml"), encoding="utf-8").read()
    staff = staff.replace("  handled: true", "  handled: false").replace(
        "  special_care: true", "  special_care: false")
    line = next(i for i, l in enumerate(staff.splitlines(), 1) if "handled: false" in l)
    for body, at in ((profile, 0), (staff.encode(), line)):
        r, data = api("/api/generate?doc=privacy&format=md", body)
        msgs = json.loads(data).get("messages", []) if r.status == 422 else []
        if not any(m["line"] == at and "personal_data: {handled: true}" in m["message"]
                   for m in msgs):
            fail(f"privacy without personal data: {r.status} {data[:300]!r}")
    r, data = api("/api/generate?format=rtf", profile)
    if r.status != 400:
        fail(f"an unknown format: {r.status}")
    print("ok: downloads")

    # Compare two versions: the changed clause, and a redline.
    boundary = "procspecboundary"
    new = profile.replace(b"uptime: 99.5%", b"uptime: 99.9%")

    def form(old, new_):
        parts = []
        for name, content in (("old", old), ("new", new_)):
            parts.append(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; "
                         f"filename=\"{name}.yaml\"\r\nContent-Type: text/yaml\r\n\r\n".encode() + content + b"\r\n")
        return b"".join(parts) + f"--{boundary}--\r\n".encode()

    ctype = f"multipart/form-data; boundary={boundary}"
    r, data = api("/api/diff?doc=spec", form(profile, new), ctype=ctype)
    result = json.loads(data)
    # the uptime appears in the service levels and in the grounds for termination
    if r.status != 200 or not result["differs"] or [c["id"] for c in result["changes"]] != [
            "spec-service-level", "spec-termination"]:
        fail(f"diff: {r.status} {result}")
    r, data = api("/api/diff?doc=spec&format=docx", form(profile, new), ctype=ctype)
    if r.status != 200 or not data.startswith(b"PK"):
        fail(f"redline: {r.status}")
    r, data = api("/api/diff?doc=spec&format=comparison-html", form(profile, new), ctype=ctype)
    html = data.decode()
    if (r.status != 200 or "改正後" not in html or "改正前" not in html or "<u>" not in html
            or "<!--" in html or "傍線" not in html):
        fail(f"新旧対照表 as HTML: {r.status} {html[:300]}")
    for fmt in ("comparison-docx", "comparison-odt"):
        r, data = api(f"/api/diff?doc=spec&format={fmt}", form(profile, new), ctype=ctype)
        if r.status != 200 or not data.startswith(b"PK"):
            fail(f"新旧対照表 as {fmt}: {r.status}")
    r, data = api("/api/diff?doc=spec", form(profile, b"not: [a profile"), ctype=ctype)
    if r.status != 422 or not json.loads(data)["error"]:
        fail(f"diff of a broken profile: {r.status}")
    # Last year's document as procspec wrote it (DOCX and ODT) is a valid
    # old side: against its own profile nothing differs, against the
    # edited one the same clauses as between the two profiles.
    with tempfile.TemporaryDirectory() as d:
        subprocess.run([ps, "generate", sample, "--doc", "spec", "--format", "docx,odt", "-o", d],
                       check=True, capture_output=True)
        for ext in ("docx", "odt"):
            office = open(os.path.join(d, "spec." + ext), "rb").read()
            r, data = api("/api/diff?doc=spec", form(office, profile), ctype=ctype)
            if r.status != 200 or json.loads(data)["differs"]:
                fail(f"the {ext} against its own profile: {r.status} {data[:300]}")
            r, data = api("/api/diff?doc=spec", form(office, new), ctype=ctype)
            result = json.loads(data)
            if r.status != 200 or [c["id"] for c in result.get("changes", [])] != [
                    "spec-service-level", "spec-termination"]:
                fail(f"the {ext} against the edited profile: {r.status} {data[:300]}")
            r, data = api("/api/diff?doc=spec&format=docx", form(office, new), ctype=ctype)
            if r.status != 200 or not data.startswith(b"PK"):
                fail(f"a redline from the {ext}: {r.status}")
    print("ok: diff")

    # After all that, the server still serves.
    r, _ = api("/api/schema")
    if r.status != 200:
        fail(f"the server stopped serving: {r.status}")
finally:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        fail("serve did not stop on SIGTERM")

if server.returncode != 0:
    fail(f"serve exited {server.returncode}")
# Only 127.0.0.1 unless asked; another address is said on standard error.
p = subprocess.Popen([ps, "serve", "--listen", "0.0.0.0:0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
line = p.stdout.readline()
p.send_signal(signal.SIGTERM)
_, err = p.communicate(timeout=10)
if "0.0.0.0" not in err:
    fail(f"--listen 0.0.0.0 gave no warning: {err!r}")
print("FAIL: serve API" if failures else "PASS: serve API")
sys.exit(1 if failures else 0)
