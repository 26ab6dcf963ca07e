#!/usr/bin/python3
"""What issue 12 asks of the documents, read back from what procspec writes:
the 個人情報取扱特記事項 and its articles, the 特定個人情報 articles, the
class-3 differences (the class-2 and class-3 documents of one profile
compared clause by clause with `procspec diff`), the class-1 facts, an
accepted exception in `check` and in the application, the --draft header and
first page, the application's blanks and 決裁 box, the ledger's columns and
the warning when organizations are mixed, and document.editions.

usage: sendable.py PROCSPEC SOURCE_DIR CHECK_OFFICE
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import zipfile

procspec, src, check_office = sys.argv[1:4]
work = tempfile.mkdtemp()
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)


def run(*args, status=0, env=None):
    r = subprocess.run([procspec, *args], capture_output=True, text=True, env=env)
    check(r.returncode == status, f"procspec {' '.join(args)}: exit {r.returncode}, expected "
          f"{status}\n{r.stderr}")
    return r


def sample(name):
    return os.path.join(src, "samples", name + ".yaml")


def generate(profile, out, *extra, env=None):
    run("generate", profile, "-o", out, "--format", "md,docx,odt", *extra, env=env)


def text(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def articles(md):
    """The article headings of an article-numbered Markdown document, in order."""
    return re.findall(r"^## 第\d+条（(.+)）$", md, re.M)


def clause(md, cid):
    """The Markdown of one clause, from its ID comment to the next."""
    m = re.search(r'<!-- procspec:clause id="%s".*?(?=<!-- procspec:clause|\Z)' % re.escape(cid),
                  md, re.S)
    return m.group(0) if m else ""


# 1. 個人情報取扱特記事項: a class-2 service with staff personal data.
staff = os.path.join(work, "staff")
generate(sample("staff-attendance"), staff)
privacy = text(os.path.join(staff, "privacy.md"))
arts = articles(privacy)
for title in ("基本的事項", "秘密の保持", "収集の制限", "適正管理", "業務体制の届出",
              "目的外利用及び提供の禁止", "複写及び複製の禁止", "持出しの禁止", "再委託の禁止",
              "従事者の監督及び教育", "事故発生時における報告", "資料等の返還及び廃棄", "実地調査",
              "指示及び報告", "契約解除及び損害賠償", "要配慮個人情報の取扱い"):
    check(title in arts, f"privacy lacks the article {title}: {arts}")
check(not any("特定個人情報" in a for a in arts), "privacy without My Number has 特定個人情報 articles")
check("（以下「甲」という。）" in privacy and "（以下「乙」という。）" in privacy, "privacy: 甲/乙")
check("職員に関する個人情報" in privacy, "privacy: personal_data.subjects not used")
check("要配慮個人情報" in privacy, "privacy: special_care article missing")
check(re.search(r"しなければならない。", privacy), "privacy: not in annex style")
check("個人情報取扱特記事項" in text(os.path.join(staff, "spec.md")),
      "spec does not refer to the 個人情報取扱特記事項")
sample_dir = os.path.join(work, "nopd")
generate(sample("e-application"), sample_dir)
check(not os.path.exists(os.path.join(sample_dir, "privacy.md")),
      "privacy written for a service without personal data")
# Asked for explicitly, the annex of a service without personal data is
# refused at personal_data.handled (or at the file when absent): exit 2, in
# Japanese, saying what to set, and nothing written or replaced.
ja = dict(os.environ, LANG="ja_JP.UTF-8", LANGUAGE="ja")
ja.pop("LC_ALL", None)
ja.pop("LC_MESSAGES", None)
r = run("generate", sample("e-application"), "--doc", "privacy", "-o", sample_dir, "--format",
        "md", status=2, env=ja)
check("e-application.yaml: エラー" in r.stderr or "e-application.yaml: error" in r.stderr,
      "privacy without personal data: no error at the profile:\n" + r.stderr)
check("個人情報取扱特記事項" in r.stderr and "personal_data: {handled: true}" in r.stderr and
      "作成しません" in r.stderr, "privacy without personal data: not a Japanese why and what:\n" +
      r.stderr)
check(not os.path.exists(os.path.join(sample_dir, "privacy.md")),
      "privacy written for a service without personal data on --doc privacy")
nopd = os.path.join(work, "nopd.yaml")
with open(nopd, "w", encoding="utf-8") as f:
    f.write(text(sample("staff-attendance")).replace("  handled: true", "  handled: false")
            .replace("  special_care: true", "  special_care: false"))
keep = os.path.join(work, "keep")
os.makedirs(keep)
with open(os.path.join(keep, "privacy.md"), "w", encoding="utf-8") as f:
    f.write("earlier")
line = next(i for i, l in enumerate(text(nopd).splitlines(), 1) if "handled: false" in l)
for fmt in ("md", "docx,odt"):
    r = run("generate", nopd, "--doc", "privacy", "-o", keep, "--format", fmt, status=2, env=ja)
    check(re.search(r"nopd\.yaml:%d:3: " % line, r.stderr),
          "privacy with handled: false: not located at the key (line %d):\n%s" % (line, r.stderr))
check(sorted(os.listdir(keep)) == ["privacy.md"] and text(os.path.join(keep, "privacy.md")) ==
      "earlier", "privacy with handled: false: the output folder changed: %s" % os.listdir(keep))
check(not os.path.exists(os.path.join(work, "nopd-default", "privacy.md")) and
      run("generate", nopd, "-o", os.path.join(work, "nopd-default"), "--format", "md").returncode
      == 0 and not os.path.exists(os.path.join(work, "nopd-default", "privacy.md")),
      "handled: false: the default set includes privacy")
# The same for the annex of a class-1 profile (section 4 takes no annex):
# located at classification's confidentiality, in Japanese, nothing written.
c1 = sample("survey-overseas")
line = next(i for i, l in enumerate(text(c1).splitlines(), 1) if "confidentiality: 1" in l)
col = text(c1).splitlines()[line - 1].index("confidentiality") + 1
c1dir = os.path.join(work, "class1-annex")
r = run("generate", c1, "--doc", "annex", "-o", c1dir, "--format", "md", status=2, env=ja)
check(re.search(r"survey-overseas\.yaml:%d:%d: エラー" % (line, col), r.stderr),
      "annex of a class-1 profile: not located at confidentiality (%d:%d):\n%s" %
      (line, col, r.stderr))
check("特記事項" in r.stderr and "機密性2又は3" in r.stderr and "作成しません" in r.stderr,
      "annex of a class-1 profile: not a Japanese why and what:\n" + r.stderr)
check(not os.path.exists(c1dir), "annex of a class-1 profile: the output folder was made")

# 2. 特定個人情報 (class 3, My Number).
tax = os.path.join(work, "tax")
generate(sample("tax-mynumber"), tax)
privacy3 = text(os.path.join(tax, "privacy.md"))
arts3 = articles(privacy3)
for title in ("特定個人情報の取扱区域及び事務取扱担当者", "特定個人情報の提供の制限",
              "特定個人情報の再委託の許諾", "特定個人情報の削除及び廃棄の記録"):
    check(title in arts3, f"My Number privacy lacks {title}: {arts3}")
sub = clause(privacy3, "privacy-mynumber-subcontracting")
check("番号法第10条" in sub and "許諾" in sub and "段階ごと" in sub,
      "許諾 for every level of subcontracting missing")
area = clause(privacy3, "privacy-mynumber-area")
check("取扱区域" in area and "事務取扱担当者" in area and "名簿" in area,
      "取扱区域 and named staff missing")
check("番号法第19条" in clause(privacy3, "privacy-mynumber-provision"), "提供の制限 missing")
check("記録" in clause(privacy3, "privacy-mynumber-deletion"), "削除・廃棄の記録 missing")
check("3年以上" in area, "log_retention not used")
# Sold through a reseller: 乙 is the contractor, and the provider is bound as a subcontractor.
check("株式会社サンプル情報システム販売（以下「乙」という。）" in privacy3, "privacy: 乙 is not the contractor")
check("外部サービス提供者（株式会社サンプル自治体クラウド）" in clause(privacy3, "privacy-subcontracting"),
      "privacy: the provider is not bound through the contractor")

# 3. Class 3 against class 2: the same profile at confidentiality 2.
class2 = os.path.join(work, "tax-class2.yaml")
with open(class2, "w", encoding="utf-8") as f:
    f.write(text(sample("tax-mynumber")).replace("confidentiality: 3", "confidentiality: 2"))


def diff(kind):
    r = run("diff", class2, sample("tax-mynumber"), "--doc", kind, "--format", "json", status=1)
    try:
        return {c["id"]: c["status"] for c in json.loads(r.stdout)["clauses"]}
    except (ValueError, KeyError):
        failures.append(f"diff --doc {kind}: no JSON")
        return {}


annex3 = text(os.path.join(tax, "annex.md"))
by_id = diff("annex")
for cid, words in {
        "annex-class3-staff": ["名簿"],
        "annex-class3-abroad": ["日本国外から"],
        "annex-class3-logs": ["3年以上", "多要素認証"],
        "annex-class3-incident": ["最も重大な区分", "おそれ"],
        "annex-class3-deletion": ["消去証明書", "実地に確認"],
        "annex-class3-ismap": ["ISMAP"]}.items():
    check(by_id.get(cid) == "added", f"class 3 annex: {cid} is {by_id.get(cid)}, not added")
    for w in words:
        check(w in clause(annex3, cid), f"class 3 annex: {cid} lacks {w}")
check(by_id.get("annex-subcontracting") == "changed", "class 3: subcontracting article unchanged")
check("甲が生成し" in clause(annex3, "annex-encryption"), "class 3: keys not managed by the organization")
check(re.search(r"第\d+条の規定にかかわらず", clause(annex3, "annex-class3-incident")),
      "class 3: the incident article does not override the general one by its number")
check("段階ごと" in clause(annex3, "annex-subcontracting"), "class 3: no approval per level")
by_id = diff("privacy")
for cid in ("privacy-safeguards", "privacy-organization", "privacy-subcontracting",
            "privacy-incident", "privacy-return", "privacy-staff"):
    check(by_id.get(cid) == "changed", f"class 3 privacy: {cid} is {by_id.get(cid)}")
# What is stricter, clause by clause: each class-3 text is in the class-3
# article and not in the class-2 one; each class-2 text has gone.
p2dir = os.path.join(work, "tax-class2")
run("generate", class2, "--doc", "privacy", "--format", "md", "-o", p2dir)
privacy2 = text(os.path.join(p2dir, "privacy.md"))
for cid, stricter, laxer in (
        ("privacy-organization", ["氏名、所属及び役割（個人情報にアクセスできる者の名簿）",
                                  "前項の名簿に記載されていない者に個人情報を取り扱わせてはならない"], []),
        ("privacy-safeguards", ["日本国外からの保守、運用その他の目的による個人情報へのアクセスを行わせないこと",
                                "暗号鍵は、甲が管理する鍵とし"], []),
        ("privacy-subcontracting", ["以下「再委託」という。）してはならない。ただし、再委託しなければ"
                                    "本業務を実施できないことについて甲が認めた場合"],
         ["以下「再委託」という。）するときは"]),
        ("privacy-incident", ["事故を知った日から3日以内"], ["事故を知った日から5日以内"]),
        ("privacy-return", ["消去証明書", "消去又は廃棄に立ち会い、又はその状況を実地に確認することができる"], []),
        ("privacy-staff", ["毎年度1回以上"], ["定期的に"])):
    c3, c2 = clause(privacy3, cid), clause(privacy2, cid)
    check(c3 and c2, f"privacy: {cid} missing in class 3 or class 2")
    for t in stricter:
        check(t in c3, f"class 3 privacy: {cid} lacks {t!r}:\n{c3}")
        check(t == "消去証明書" or t not in c2, f"class 2 privacy: {cid} already has {t!r}")
    for t in laxer:
        check(t in c2 and t not in c3, f"class 3 privacy: {cid} keeps the class-2 text {t!r}")
check("1年に1回" in clause(privacy3, "privacy-inspection"), "class 3 privacy: no yearly inspection")
# Class 3 needs them whatever the profile says: a deletion certificate and
# MFA also where the profile asks for neither (check refuses such a class-3
# profile, so its draft; class 2 then has neither).
lax = text(sample("tax-mynumber")).replace("deletion_certificate: true", "deletion_certificate: false") \
    .replace("admin_mfa: true", "admin_mfa: false")
for conf, name in ((3, "lax3"), (2, "lax2")):
    with open(os.path.join(work, name + ".yaml"), "w", encoding="utf-8") as f:
        f.write(lax.replace("confidentiality: 3", "confidentiality: %d" % conf))
    run("generate", os.path.join(work, name + ".yaml"), "--doc", "privacy", "--format", "md", "-o",
        os.path.join(work, name), "--draft")
lax3, lax2 = (text(os.path.join(work, n, "privacy.md")) for n in ("lax3", "lax2"))
check("消去証明書" in clause(lax3, "privacy-return") and "消去証明書" not in clause(lax2, "privacy-return"),
      "class 3 privacy: the deletion certificate is not mandatory")
check("多要素認証" in clause(lax3, "privacy-safeguards") and
      "多要素認証" not in clause(lax2, "privacy-safeguards"), "class 3 privacy: MFA not required")
check(diff("spec").get("spec-class3") == "added", "class 3 spec: spec-class3 not added")
check("ISMAP" in clause(text(os.path.join(tax, "spec.md")), "spec-class3"), "spec-class3: ISMAP")

# check flags profile values that contradict class 3.
bad3 = os.path.join(work, "bad3.yaml")
with open(bad3, "w", encoding="utf-8") as f:
    f.write(text(sample("tax-mynumber")).replace("key_management: organization",
                                                 "key_management: provider"))
r = run("check", bad3, status=1)
check(re.search(r"bad3\.yaml:\d+:\d+: error \[3\.3\(2\)\]: .*key_management", r.stderr),
      "class 3 with provider keys: no located error")
with open(bad3, "w", encoding="utf-8") as f:
    f.write(text(sample("tax-mynumber")).replace("remote_access_countries: [JP]",
                                                 "remote_access_countries: [JP, US]"))
r = run("check", bad3, status=1)
check(re.search(r"bad3\.yaml:\d+:\d+: error \[3\.1\(4\)\]: .*from US", r.stderr),
      "class 3 with access from abroad: no located error")

# 4. Class 1: the profile's facts, no court required.
s1 = os.path.join(work, "survey")
generate(sample("survey-overseas"), s1)
spec1 = text(os.path.join(s1, "spec.md"))
for fact in ("アメリカ合衆国", "開示要求", "99.5%以上", "ISO/IEC 27001", "米国カリフォルニア州法",
             "多要素認証", "本サービスの提供以外の目的に利用しない", "管轄裁判所は"):
    check(fact in spec1, f"class 1 spec lacks the fact {fact}")
check("アメリカ合衆国" in text(os.path.join(s1, "checklist.md")), "class 1 checklist: no country")
with_court = os.path.join(work, "court.yaml")
with open(with_court, "w", encoding="utf-8") as f:
    f.write(text(sample("survey-overseas")).replace("governing_law: 米国カリフォルニア州法",
                                                    "governing_law: 日本法\n  court: 京都地方裁判所"))
run("generate", with_court, "--doc", "spec", "--format", "md", "-o", os.path.join(work, "court"))
check("京都地方裁判所" in text(os.path.join(work, "court", "spec.md")), "class 1: court given, not shown")

# 5. An accepted exception: a note, exit 0, and in the application and spec.
r = run("check", sample("chat-exception"))
check(re.search(r"note \[3\.1\(1\)\]: .*accepted as an exception by", r.stderr),
      "exception: no note in check")
check(" error " not in r.stderr and "warning [" not in r.stderr, "exception: not only a note")
ex = os.path.join(work, "exc")
generate(sample("chat-exception"), ex)
app = clause(text(os.path.join(ex, "application.md")), "app-exceptions")
check("3.1(1)" in app and "ISO/IEC 27017 は未取得" in app,
      "exception not in the application for the approver's decision")
# Each box is a column of its own, headed by its label, so that no box is
# wrapped away from its label (「☐ 認める　☐」/「認めない」).
check("| 認める | 認めない |" in app and re.search(r"^\| 3\.1\(1\) \|.*\| ☐ \| ☐ \|$", app, re.M),
      "application: the decision is not one column per choice:\n" + app)
check("3.1(1)" in clause(text(os.path.join(ex, "spec.md")), "spec-exceptions"),
      "exception not in the spec")

# An exception whose item the profile meets covers no deviation: check
# warns of it at its requirement (exit 0), and no document lists it as an
# accepted deviation; the one that covers a finding stays.
extra = os.path.join(work, "extra-exception.yaml")
with open(extra, "w", encoding="utf-8") as f:
    f.write(text(sample("chat-exception")) + """  - requirement: "3.1(4)"
    reason: 念のための例外
    accepted_by: 総務課長
    date: 2026-07-21
""")
at = next(i for i, l in enumerate(text(extra).splitlines(), 1) if '"3.1(4)"' in l)
r = run("check", extra, env=ja)
check(re.search(r"extra-exception\.yaml:%d:5: 警告 \[3\.1\(4\)[^\]]*\]: .*例外は不要です" % at, r.stderr),
      "an exception for a met item: no located warning in check:\n" + r.stderr)
unused = os.path.join(work, "unused")
generate(extra, unused)
for kind, cid in (("application", "app-exceptions"), ("spec", "spec-exceptions")):
    body = clause(text(os.path.join(unused, kind + ".md")), cid)
    check("3.1(1)" in body, f"{kind}: the exception in use is gone")
    check("3.1(4)" not in body and "念のための例外" not in body,
          f"{kind}: an exception for a met item is listed as an accepted deviation:\n{body}")
with zipfile.ZipFile(os.path.join(unused, "application.docx")) as z:
    check("念のための例外" not in z.read("word/document.xml").decode(),
          "application.docx lists an exception for a met item")
# Only unneeded exceptions: no exception table, no 「ただし」 in the conditions.
only = os.path.join(work, "only-unused.yaml")
with open(only, "w", encoding="utf-8") as f:
    f.write(text(sample("e-application")) + """exceptions:
  - requirement: "3.1(1)"
    reason: 念のための例外
    accepted_by: 総務課長
    date: 2026-07-21
""")
r = run("check", only, env=ja)
check("例外は不要です" in r.stderr, "an unneeded exception: no warning")
unused = os.path.join(work, "only-unused")
run("generate", only, "-o", unused, "--format", "md")
app = text(os.path.join(unused, "application.md"))
check("app-exceptions" not in app and "例外）の承認" not in app and "念のための例外" not in app,
      "application: an exception table for exceptions that cover nothing")
check("ただし、「利用基準を満たさない事項" not in app, "application: 「ただし」 for no exception in use")
check("spec-exceptions" not in text(os.path.join(unused, "spec.md")),
      "spec: an exception clause for exceptions that cover nothing")

# An accepted exception for data kept abroad (class 2): the application
# shows the approver the concrete risk, worded as class 1 documents word it
# (the foreign law, 開示要求), and the spec and annex, which now allow that
# country, bind the contractor to report a disclosure request.
foreign = os.path.join(work, "foreign.yaml")
with open(foreign, "w", encoding="utf-8") as f:
    f.write(text(sample("chat-exception")).replace("countries: [JP]", "countries: [JP, US]") +
            """  - requirement: "3.1(4)"
    reason: 複製が米国のリージョンにも置かれるが、取り扱う情報は公開予定の業務連絡に限る
    accepted_by: 総務課長
    date: 2026-07-21
""")
r = run("check", foreign)
check(re.search(r"note \[3\.1\(4\)\]: .*includes US", r.stderr), "foreign exception: no note")
fx = os.path.join(work, "foreign")
generate(foreign, fx)
risk = "アメリカ合衆国の法令が適用され、同国の政府機関等による情報の開示要求、検閲又は接収を受けるおそれ"
check(risk in spec1, "class 1 wording changed; keep the class-2 exception's risk sentence alike")
app = clause(text(os.path.join(fx, "application.md")), "app-exceptions")
check("| 3.1(4) |" in app and risk in app and "利用基準3.1(4)の例外を認めると" in app,
      "application: the foreign-law risk of the 3.1(4) exception is not shown:\n" + app)
loc = clause(text(os.path.join(fx, "spec.md")), "spec-location")
check(risk in loc and re.search(r"第\d+の\d+に定める例外により", loc) and "開示を求められた" in loc,
      "spec: the foreign country allowed by the exception without its risk:\n" + loc)
annex_loc = clause(text(os.path.join(fx, "annex.md")), "annex-location")
check(risk in annex_loc and "開示を求められたことを知ったときは" in annex_loc,
      "annex: no disclosure-request duty for the country the exception allows:\n" + annex_loc)
# Without the exception's country (exception for 3.1(1) only) no such sentence.
check("開示要求" not in text(os.path.join(ex, "application.md")) and
      "開示要求" not in clause(text(os.path.join(ex, "spec.md")), "spec-location"),
      "the foreign-law risk is shown for a service kept in Japan")
office = [os.path.join(d, k + e) for d in (fx, os.path.join(work, "unused"))
          for k in ("application", "spec", "annex") for e in (".docx", ".odt")]
r = subprocess.run([check_office, "--quick", *office], capture_output=True, text=True)
check(r.returncode == 0, "check-office (exceptions):\n" + "\n".join(
    line for line in (r.stdout + r.stderr).splitlines() if line.startswith("FAIL")))

# 6. --draft: header, title, properties and the first page.
bad = os.path.join(work, "draft.yaml")
with open(bad, "w", encoding="utf-8") as f:
    f.write(text(sample("e-application")).replace("countries: [JP]", "countries: [JP, US]"))
run("generate", bad, "-o", os.path.join(work, "nodraft"), status=2)
check(not os.path.exists(os.path.join(work, "nodraft", "spec.docx")), "documents without --draft")
draft = os.path.join(work, "draft")
# Messages in English (LANG=C): the first page is still Japanese, as the
# documents are.
english = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
english["LANG"] = "C"
generate(bad, draft, "--draft", env=english)
md = text(os.path.join(draft, "spec.md"))
first = md.split("\n---\n")[0]
check("# 電子申請サービス調達仕様書（案）" in md, "draft: title without （案）")
check("この文書は案です。" in first and "data\\_location.countries" in first and "3.1(4)" in first,
      "draft: first page does not list the unmet finding, item and key")
row = [l for l in first.splitlines() if l.startswith("| 1 |")]
check(row and "日本国内" in row[0], "draft: the unmet finding is not in Japanese under LANG=C: %r" % row)
words = re.sub(r"[a-z_\\]+(\.[a-z_\\]+)+", "", first)  # key paths are no English
check(not re.search(r"[A-Za-z]{2,} [A-Za-z]{2,} [A-Za-z]{2,}", words),
      "draft: English words on the first page under LANG=C:\n" + first)
with zipfile.ZipFile(os.path.join(draft, "spec.docx")) as z:
    check("（案）" in z.read("word/header1.xml").decode(), "draft: DOCX header without （案）")
    check("（案）" in z.read("docProps/core.xml").decode(), "draft: DOCX title property")
    body = z.read("word/document.xml").decode()
    check('w:type="page"' in body and body.index("この文書は案です") < body.index('w:type="page"'),
          "draft: no page break after the first page")
with zipfile.ZipFile(os.path.join(draft, "spec.odt")) as z:
    check("（案）" in z.read("styles.xml").decode(), "draft: ODT header without （案）")
    check('fo:break-after="page"' in z.read("styles.xml").decode(), "draft: ODT page break style")

# 7. The application's blanks and 決裁 box; the ledger's columns.
app = text(os.path.join(staff, "application.md"))
check("| 申請日 | 令和　年　月　日 |" in app, "application: 申請日 is not a 令和 blank")
check("| 審査日 | 令和　年　月　日 |" in app, "application: 審査日 is not a 令和 blank")
# One blank for a date in every form: the application's, its 決裁 box's
# and the ledger's are the same 「令和　年　月　日」.
for name in ("application.md", "ledger.md"):
    body = text(os.path.join(staff, name))
    blanks = re.findall(r"令和[\u3000 ]*年[\u3000 ]*月[\u3000 ]*日", body)
    check(blanks and set(blanks) == {"令和　年　月　日"},
          "%s: date blanks differ: %s" % (name, sorted(set(blanks))))
check(re.search(r"^\| 決裁 \| 統括情報セキュリティ責任者 \|", app, re.M), "application: no 決裁 box")
check("| 印又は署名 |" in app, "application: 決裁 box without a row for the seal")
check("承認に付す条件その他" in app, "application: no condition row")
check("総務部人事課　課長を外部サービス管理者に指名" in app,
      "application: manager text does not name the manager")
ledger = text(os.path.join(staff, "ledger.md"))
for col in ("⑨承認日", "⑩承認番号", "⑪見直し日", "⑫利用終了の報告"):
    check(col in ledger, f"ledger document lacks the column {col}")
r = run("ledger", sample("e-application"), sample("staff-attendance"), "--format", "csv")
header = r.stdout.lstrip("\ufeff").splitlines()[0]
for col in ("⑨承認日", "⑩承認番号", "⑪見直し日", "⑫利用終了の報告"):
    check(col in header, f"ledger CSV lacks the column {col}")
check(re.search(r"staff-attendance\.yaml:\d+:\d+: warning \[5\.2\(4\)\]: organization\.name is "
                r"'長岡京市'", r.stderr), "ledger: no warning on two organizations")
r = run("ledger", sample("e-application"), sample("chat-exception"), "--format", "csv")
check("warning" not in r.stderr, "ledger: warning for one organization")

# The application says who manages the keys as the spec does (not the enum
# label 利用者), and names the reseller that holds the contract; so does
# the ledger, in its ② column.
tax_app = text(os.path.join(tax, "application.md"))
check("| 暗号鍵の管理（機密性3） | 本市が生成し、保管し、及び管理する |" in tax_app,
      "application: key management not as the spec words it")
check("| 受注者（契約の相手方） | 株式会社サンプル情報システム販売 |" in tax_app,
      "application: the contractor (reseller) is missing")
check("（受注者（契約の相手方）：株式会社サンプル情報システム販売）" in text(os.path.join(tax, "ledger.md")),
      "ledger document: the contractor (reseller) is missing")
r = run("ledger", sample("tax-mynumber"), "--format", "csv")
check("株式会社サンプル情報システム販売" in r.stdout, "ledger CSV: the contractor (reseller) is missing")
check("受注者（契約の相手方）" not in text(os.path.join(staff, "application.md")),
      "application: a contractor row for a service bought from its provider")

# 8. document.editions: the privacy annex has its own version and date.
check("令和8年6月15日" in privacy3 and "第1.1版" in privacy3, "editions: privacy date/version")
check("令和8年6月1日" in text(os.path.join(tax, "spec.md")), "editions: spec date changed")

# The draft passes check-office: its application in full (LibreOffice,
# pandoc and the rest), the longer spec with --quick (the samples'
# documents are checked in full by e2e.sample.*).
for quick, kind in ((["--quick"], "spec"), ([], "application")):
    office = [os.path.join(draft, kind + ext) for ext in (".docx", ".odt")]
    r = subprocess.run([check_office, *quick, *office], capture_output=True, text=True)
    check(r.returncode == 0, "check-office %s:\n" % kind + "\n".join(
        line for line in (r.stdout + r.stderr).splitlines() if line.startswith("FAIL")))

for f in failures:
    print("FAIL:", f)
print(f"{'FAIL' if failures else 'PASS'}: sendable documents ({len(failures)} failures)")
sys.exit(1 if failures else 0)
