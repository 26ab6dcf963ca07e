#!/usr/bin/python3
"""The specification and the annex carry enforceable terms (issue 11).

usage: terms.py PROCSPEC SOURCE_DIR

Generates the Markdown documents of samples and checks the specific terms a
procurement officer and a contract lawyer look for: deadlines with numbers,
severity definitions and the single contact point, the 稼働率 definition
with 計画停止 and the remedy table, exit deadlines, encoding and cost, the
contractor/provider wording, the 提出書類 table built from the clauses,
解除, 損害賠償, 以上, the subcontractor list in the annex, and the
regressions of the text bugs; that the spec and the annex agree on the
terms both carry (grounds for 解除, deadlines of the 改善計画書); and the key
terms again in the DOCX text of one sample. Cross-reference numbers are
computed from the document's own headings, never expected as fixed strings.
"""
import os
import re
import subprocess
import sys
import tempfile

procspec, src = sys.argv[1], sys.argv[2]
work = tempfile.mkdtemp()
failures = []
checks = 0


def generate(sample, *extra):
    out = os.path.join(work, sample + "-" + "-".join(a.strip("-") for a in extra))
    r = subprocess.run([procspec, "generate", os.path.join(src, "samples", sample + ".yaml"),
                        "--format", "md", "-o", out, *extra], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"generate {sample} failed: {r.stderr}")
    docs = {}
    for name in os.listdir(out):
        docs[name[:-3]] = open(os.path.join(out, name), encoding="utf-8").read()
    return docs


def plain(md):
    """The text as the reader sees it: Markdown escapes removed."""
    return re.sub(r"\\(.)", r"\1", md)


def numbers(md):
    """Clause title -> the number a cross-reference prints (第4の2 or 第7条)."""
    found, chapter = {}, None
    for line in plain(md).splitlines():
        m = re.match(r"^## 第(\d+)　", line)
        if m:
            chapter = m.group(1)
        m = re.match(r"^### (\d+)　(.+)$", line)
        if m and chapter:
            found[m.group(2)] = f"第{chapter}の{m.group(1)}"
        m = re.match(r"^## (第\d+条)（(.+)）$", line)
        if m:
            found[m.group(2)] = m.group(1)
    return found


def has(name, text, *needles):
    global checks
    for n in needles:
        checks += 1
        if n not in text:
            failures.append(f"{name}: missing {n!r}")


def lacks(name, text, *needles):
    global checks
    for n in needles:
        checks += 1
        if n in text:
            failures.append(f"{name}: should not contain {n!r}")


# --- A class-2 SaaS through a reseller, foreign parent, access from abroad.
r = generate("saas-reseller")
spec, annex = plain(r["spec"]), plain(r["annex"])
num = numbers(r["spec"])
has("reseller spec: both parties defined", spec,
    "| 受注者 | 本調達の契約の相手方（株式会社サンプル販売）をいう。",
    "| 外部サービス提供者 | 本サービスを運営し、提供する事業者（サンプルクラウドジャパン株式会社）をいう。")
has("reseller spec: obligations on the provider", spec,
    "受注者は、外部サービス提供者に次の事項を遵守させること。",
    "受注者は、外部サービス提供者の行為について、自らの行為と同様に本市に対して責任を負うこと。")
has("reseller spec: three-column responsibility split", spec, "| 項目 | 本市 | 受注者 | 外部サービス提供者 |")
has("reseller spec: single contact point", spec,
    "外部サービス提供者からの通知を含め、全ての報告を受注者の窓口（株式会社サンプル販売 公共サポートセンター（24時間受付））に一元化して本市に行うこと。")
has("reseller spec: severity definitions and deadlines", spec,
    "| 重大 | 本サービス全体の停止、個人情報の漏えい等（そのおそれを含む。）、不正アクセス又はデータの消失 | 覚知から30分以内 |",
    "| 高 | ファイルの閲覧又は登録が複数の所属でできず、回避策がないもの | 覚知から1時間以内 |",
    "その規模にかかわらず、最も重い区分（重大）として扱うこと。",
    "少なくとも2時間ごと", "復旧後5営業日以内に", "原因の究明後14日以内に")
has("reseller spec: foreign law", spec,
    "| 保守又はサポートのために従事者が情報にアクセスし得る国 | アメリカ合衆国及びインド |",
    "アメリカ合衆国又はインドから本市の情報にアクセスし得る",
    "外部サービス提供者の親会社（Sample Cloud Inc.、アメリカ合衆国）は日本国外の法令の適用を受ける")
# The foreign-law risk exists (parent company, access from abroad): the spec
# asks for the measures, it does not claim that no foreign law applies
# (regression: 「適用されないよう…満たすこと」 followed by the parent's foreign law).
has("reseller spec: foreign-law risk reduced by measures", spec,
    "日本の法令以外の法令及び規制が適用されるリスクを低減するため、受注者は、次の条件を満たすこと。",
    "| 契約の準拠法 |", "| 合意管轄裁判所 |", "開示の要求があったことを知ったときは")
lacks("reseller spec: foreign law claimed not to apply (regression)", spec, "適用されないよう")
# Keys the provider manages, sold through a reseller: the provider manages
# them and the contractor answers for it, with a deadline in both documents
# (regression: 「受注者が管理する」, 書面で示す without a date, annex 求めに応じて).
has("reseller spec: keys managed by the provider, with a deadline", spec,
    "| 暗号鍵の管理 | 外部サービス提供者が管理する（受注者は、その管理について責任を負う。） |",
    "受注者は、外部サービス提供者に暗号鍵を適切に管理させ、",
    "ライフサイクルを契約締結までに書面で示すこと。",
    "| 鍵の種類、鍵管理の手順及び鍵のライフサイクルを示す書面 | 契約締結まで |")
has("reseller annex: keys managed by the provider, with a deadline", annex,
    "2　暗号鍵は、外部サービス提供者が管理する。乙は、外部サービス提供者に暗号鍵を適切に管理させ、",
    "本契約の締結までに書面で甲に示さなければならない。")
lacks("reseller: the contractor said to manage the provider's keys (regression)", spec + annex,
      "| 暗号鍵の管理 | 受注者が管理する |", "甲の求めに応じて書面で示さなければならない")
has("reseller spec: secondary use incl. logs, statistics, AI, provider", spec,
    "ログ及びメタデータを含む。", "匿名加工し、又は仮名加工した", "人工知能の学習",
    "外部サービス提供者の利用規約、約款その他の提供条件", "書面で確認すること。")
has("reseller spec: contract period distinct from use", spec,
    "契約期間は、令和9年1月15日から令和12年3月31日までとする。", "本サービスの利用期間は、令和9年4月1日から")
has("reseller spec: legal core", spec, "契約の解除", "損害賠償", "秘密の保持", "協議", "検査", "用語の定義")
has("reseller spec: default remedies start at the 99.5% target (regression: no step between 99.0 and 99.5%)",
    spec, "| 99.5%未満 | 10% |\n| 99.0%未満 | 25% |\n| 95.0%未満 | 50% |")
# Who bears the cost of the return is said, also by default (regression:
# 「別途協議により定める」 named no party).
has("reseller: return cost borne by the contractor, included", spec,
    "| 引渡しに要する費用 | 受注者の負担とし、契約金額に含む |")
has("reseller annex: return cost borne by the contractor, included", annex,
    "費用は、乙の負担とし、契約金額に含まれるものとする。")
lacks("reseller spec: a reduction above the target", spec, "| 99.9%未満 |")
has("reseller annex: 甲乙 and the provider", annex,
    "株式会社サンプル販売（以下「乙」という。）",
    "乙は、外部サービス提供者に、この特記事項に定める乙の義務のうち",
    "を遵守させなければならない。",
    "乙は、外部サービス提供者の行為について、甲に対し、自らの行為と同様に責任を負う。")
has("reseller annex: subcontractor list", annex,
    "| 再委託先 | 再委託する業務 | 所在国 |",
    "| サンプルデータセンター株式会社 | データセンターの運用 | 日本 |",
    "| 株式会社サンプルサポート | 一次問合せ対応 | 日本 |")
has("reseller annex: termination and damages articles", annex, "条（契約の解除）", "条（損害賠償）")

# 提出書類: each row's 根拠 is the current number of the clause that asks for it.
table = [l for l in spec.splitlines() if l.startswith("| ") and l.count("|") == 5]
rows = {l.split(" | ")[0][2:]: l.split(" | ")[3].rstrip(" |") for l in table}
for doc, clause in [("サービスレベル報告書", "サービスレベル"), ("障害報告書", "報告及び連絡体制"),
                    ("消去証明書", "データの消去"), ("返還データ及びデータ項目定義書", "データの返還及び移行"),
                    ("外部サービス提供者の約款、SLA及び第三者認証の写し並びに本仕様書との差異の一覧",
                     "外部サービス提供者の管理"),
                    ("移行計画書（終了計画書）", "サービスの変更及び終了の事前告知")]:
    checks += 1
    if rows.get(doc) != num.get(clause):
        failures.append(f"提出書類: {doc} cites {rows.get(doc)}, its clause {clause} is {num.get(clause)}")

# Cross-references are computed: 前章 was wrong (regression), now the number.
has("spec: 不正利用 reported under the incident levels", spec,
    f"検知した場合は{num['報告及び連絡体制']}に定める区分及び期限に従い報告すること。")
lacks("spec: typed positions", spec, "前章", "次章", "前条", "次条")
lacks("annex: typed positions", annex, "前章", "次章", "前条", "次条")
for doc_name, text in (("spec", spec), ("annex", annex)):
    checks += 1
    # 以上 ends the body; only the 別表 (the criteria appendix) follows it.
    if not re.search(r"<!-- procspec:end -->\n\n以上\n(\n<!-- procspec:appendix -->\n\n## 別表　[^\n]*\n"
                     r"(?:(?!^#)[^\n]*\n|\n)*)?$", text + "\n", re.M):
        failures.append(f"reseller {doc_name}: does not end with 以上 (and the 別表 after it)")

# --- A class-2 service with remedies and every exit key.
x = generate("exit-remedies")
spec, annex = plain(x["spec"]), plain(x["annex"])
has("exit spec: 稼働率 definition and 計画停止", spec,
    "稼働率（％）＝（計画稼働時間－停止時間）÷計画稼働時間×100",
    "計画稼働時間は、暦月の総時間から計画停止の時間を除いた時間とする。",
    "1分以内の間隔で行う外部からの監視",
    "計画停止は、15営業日前までに本市に書面で通知し、本市の開庁時間外に行うものに限る。",
    "サービスレベル報告書を、翌月7日までに本市に提出すること。")
has("exit spec: remedy table and its limits", spec,
    "| 月間稼働率 | 月額利用料の減額の割合 |", "| 99.5%未満 | 5% |", "| 99.0%未満 | 15% |",
    "| 97.0%未満 | 30% |", "減額は、本市の損害賠償の請求及び契約の解除を妨げない。", "2か月連続して99.5%を下回った")
has("exit spec: return, format, encoding, cost", spec,
    "契約期間満了日の90日前まで", "| 形式 | CSV形式又はJSON形式（添付ファイルは登録された時の形式） |",
    "| 文字コード | UTF-8（BOMなし） |", "| 引渡しに要する費用 | 本市の負担とし、その額は別途協議により定める |",
    "データ項目定義書", "後継の事業者からの問合せへの回答")
has("exit spec: deletion after receipt, backups, certificate contents", spec,
    "返還されたデータ（差分データを含む。）の受領を確認した日又は本サービスの利用が終了した日のいずれか遅い日から20日以内に、バックアップ及び複製を含む",
    "消去の完了後7日以内に", "消去した保存場所（バックアップ及び複製の保存場所を含む。）",
    "消去の方法（暗号鍵の消去によるときは、その旨及び対象の鍵）", "実施者及び責任者の氏名")
# Exit timing agrees with itself (regression): the data is returned 90 days
# before the end while the service runs on, so what is entered after the
# return comes back by the end, and deletion counts from the later of the
# confirmed receipt and the end of use, never from a receipt 90 days early.
has("exit spec: differential return before the end, deletion after use ends", spec,
    "返還期限の後に登録され、又は更新された本市データ（以下「差分データ」という。）を、本市が指定する日時の状態で、契約期間満了日",
    "並行稼働の期間中は本サービスの提供を継続すること。",
    "| 差分データ（返還期限の後に登録され、又は更新されたもの） | 契約期間満了日まで")
has("exit annex: differential return, deletion after use ends, service continues", annex,
    "2　乙は、返還期限の後に登録され、又は更新された甲の情報（以下「差分データ」という。）を",
    "（差分データを含む。）の受領を甲が確認した日又は本サービスの利用が終了した日のいずれか遅い日から20日以内に",
    "並行稼働の期間中は、本サービスの提供を継続しなければならない。")
lacks("exit: deletion counted from receipt alone (regression)", spec + annex,
      "受領を確認した日から20日以内", "受領を甲が確認した日から20日以内")
has("exit spec: separate notice periods", spec,
    "| 本サービスの提供の終了 | 終了の1年前まで |", "変更の6か月前まで |",
    "| 約款、SLA又は仕様の変更 | 効力の発生の60日前まで |", "民法第548条の4")
has("exit spec: incident reporting numbers", spec, "少なくとも1時間ごと", "復旧後3営業日以内", "原因の究明後10日以内")
has("exit spec: keys the organization manages (regression)", spec,
    "| 暗号鍵の管理 | 本市が生成し、保管し、及び管理する |", "暗号鍵は本市が管理するため")
has("exit annex: keys and cost", annex, "2　暗号鍵は、甲が生成し、保管し、及び管理する。",
    "費用は、甲の負担とし、その額は甲乙協議の上、別途定める", "CSV形式又はJSON形式により", "文字コードをUTF-8（BOMなし）として")
lacks("exit annex: key management contradiction (regression)", annex, "乙は、暗号鍵を適切に管理し")
lacks("exit spec: contractor wording without a contractor", spec, "外部サービス提供者に次の事項を遵守させること")
has("exit spec: the certificate deadline comes from the profile", spec, "| 消去証明書 | 消去の完了後7日以内 | 書面1部 |")

# --- Regressions on the existing samples.
b = generate("backup-service")
has("backup: formats joined (regression)", plain(b["spec"]), "バックアップイメージ形式又はCSV形式")
lacks("backup: formats joined (regression)", plain(b["spec"]) + plain(b["annex"]),
      "の形式の形式", "バックアップイメージ、CSVの形式", "形式形式")
has("backup: audit report named as given", plain(b["spec"]), "SOC 2 Type 2報告書")
e = generate("e-application")
has("e-application: keys the provider manages", plain(e["spec"]), "| 暗号鍵の管理 | 受注者が管理する |")
has("e-application annex: keys the provider manages", plain(e["annex"]), "2　乙は、暗号鍵を適切に管理し",
    "ライフサイクルを、本契約の締結までに書面で甲に示さなければならない。")
w = generate("web-meeting")
every = {name[:-5]: None for name in os.listdir(os.path.join(src, "samples")) if name.endswith(".yaml")}
every.update({"backup-service": b, "e-application": e, "web-meeting": w, "saas-reseller": r})
for sample in sorted(every):
    docs = every[sample] or generate(sample)
    for kind, text in docs.items():
        lacks(f"{sample} {kind}: ungrammatical users phrase (regression)", plain(text), "限るとする")
        # In every document kind (the application and the checklist too), a
        # chapter never repeats as the title of its only or first clause.
        lines = plain(text).splitlines()
        for i, line in enumerate(lines):
            m = re.match(r"^## 第\d+　(.+)$", line)
            nxt = next((l for l in lines[i + 1:] if l.startswith("### ")), "")
            checks += 1
            if m and re.match(r"^### 1　" + re.escape(m.group(1)) + "$", nxt):
                failures.append(f"{sample} {kind}: heading pair repeats itself: {line} / {nxt}")

# One spelling of 毀損 (常用漢字 since 2010, as in 個人情報保護法): 用語の
# 定義 had 「き損」 while 第4の2 had 「毀損」 (regression).
for sample, docs in (("backup-service", b), ("e-application", e), ("saas-reseller", r), ("exit-remedies", x)):
    for kind, text in docs.items():
        lacks(f"{sample} {kind}: one spelling of 毀損", plain(text), "き損")
    has(f"{sample} spec: 毀損 in the definitions and the incident levels", plain(docs["spec"]),
        "滅失若しくは毀損、不正アクセス", "滅失若しくは毀損又はそのおそれがある事態")

# The spec and the annex agree on the contract terms they both carry
# (regression: the spec had 4 grounds for 解除, the annex 3; the annex asked
# for the 改善計画書 with no deadline while the spec said 10日).
def section(text, title):
    """The lines of the clause or article titled TITLE, up to the next heading."""
    lines, out, inside = text.splitlines(), [], False
    for line in lines:
        if line.startswith("#"):
            inside = line.endswith("　" + title) or line.endswith("（" + title + "）")
            continue
        if inside:
            out.append(line)
    return out


GROUNDS = ("是正を求めたにもかかわらず", "月間稼働率が", "重大な情報セキュリティインシデント",
           "通知をせずに本サービスの提供を終了し")
for sample, docs in (("saas-reseller", r), ("exit-remedies", x)):
    sp, an = plain(docs["spec"]), plain(docs["annex"])
    items = {k: [l for l in section(t, "契約の解除") if re.match(r"^\d+\. ", l)]
             for k, t in (("spec", sp), ("annex", an))}
    checks += 1
    if len(items["spec"]) != len(items["annex"]) or not items["spec"]:
        failures.append(f"{sample}: 解除 grounds differ: spec {len(items['spec'])}, annex {len(items['annex'])}")
    for ground in GROUNDS:
        for k in ("spec", "annex"):
            checks += 1
            if not any(ground in l for l in items[k]):
                failures.append(f"{sample} {k}: 解除 lacks the ground {ground!r}")
    plans = {}
    for k, t in (("spec", sp), ("annex", an)):
        plans[k] = set()
        for sentence in re.split(r"[。\n]", t):
            if re.search(r"改善計画書を[^。]*提出", sentence):
                days = re.findall(r"(\d+)日以内", sentence)
                checks += 1
                if not days:
                    failures.append(f"{sample} {k}: 改善計画書 without a deadline: {sentence}")
                plans[k].update(days)
    checks += 1
    if plans["spec"] != plans["annex"] or not plans["spec"]:
        failures.append(f"{sample}: 改善計画書 deadlines differ: spec {plans['spec']}, annex {plans['annex']}")

# --- --refs: appendix (default) quotes the criteria; inline keeps the lines; none has neither.
has("appendix: criteria quoted in their own words", plain(e["spec"]),
    "| 項目 | 利用基準の規定 | 該当する条項 |",
    "| 3.1(7)① | 外部サービスの利用を通じて本組合が取り扱う情報の外部サービス提供者における目的外利用の禁止",
    "| 3.3(1)c | 外部サービスを利用する情報システムの管理者特権を保有する外部サービス利用者に対する強固な認証技術の利用 |")
# The 別表 is no chapter and no article: unnumbered, after 以上, related to
# the first clause, and the body's numbering ends before it.
for kind, heading, first in (("spec", "## 別表　利用基準の要求事項（第1の1関係）", "第1の1"),
                             ("annex", "## 別表　利用基準の要求事項（第1条関係）", "第1条")):
    t = plain(e[kind])
    has(f"appendix: {kind} heading", t, heading)
    lacks(f"appendix: {kind} is no chapter or article", t, "　別表\n", "条（利用基準の要求事項との対応）",
          "利用基準の要求事項との対応")
    checks += 1
    if not (0 <= t.find("\n以上\n") < t.find(heading)):
        failures.append(f"appendix: the {kind}'s 別表 does not follow 以上")
lacks("appendix: no inline reference lines", plain(e["spec"]), "【3.1(1)】")
lacks("appendix: items of another class are not quoted", plain(e["spec"]), "| 4.1(2)② |")
i = generate("e-application", "--refs", "inline")
has("inline: reference lines", plain(i["spec"]), "【3.1(1)】")
lacks("inline: no appendix", plain(i["spec"]), "| 項目 | 利用基準の規定 | 該当する条項 |", "## 別表")
n = generate("e-application", "--no-refs")
lacks("--no-refs: neither", plain(n["spec"]), "【3.1(1)】", "| 項目 | 利用基準の規定 | 該当する条項 |")

# --- The spec as the 別紙 of a larger specification: the title follows, and
# the parts the main specification carries (契約期間, 検査, 解除, 損害賠償,
# 協議) are left to it.
text = open(os.path.join(src, "samples", "saas-reseller.yaml"), encoding="utf-8").read()
text = text.replace('  version: "1.0"\n', '  version: "1.0"\n  spec_scope: attachment\n')
path = os.path.join(work, "attachment.yaml")
open(path, "w", encoding="utf-8").write(text)
out = os.path.join(work, "attachment")
subprocess.run([procspec, "generate", path, "--doc", "spec", "--format", "md", "-o", out], check=True,
               capture_output=True)
a = plain(open(os.path.join(out, "spec.md"), encoding="utf-8").read())
has("attachment: title and purpose", a, "# 別紙　文書共有サービスの調達に係る情報セキュリティ要件",
    "調達仕様書の別紙として", "本書に定めのない事項は、調達仕様書本編の定めによる。")
headings = "\n".join(l for l in a.splitlines() if l.startswith("### "))
lacks("attachment: parts of the main specification", headings, "契約期間及び利用期間", "　検査", "　契約の解除",
      "　損害賠償及び契約不適合", "　協議")
has("attachment: the security parts stay", headings, "　目的外利用の禁止", "　提出書類", "　秘密の保持")
has("whole: title", plain(r["spec"]), "# 文書共有サービス調達仕様書")
# The 別紙 calls itself 本書 throughout, its chapter says 提出書類 alone (検査
# is the main specification's), and the annex cites it by what it is.
lacks("attachment: one name for itself", a, "本仕様書", "提出書類及び検査")
has("attachment: chapter of submissions", a, "## 第8　提出書類\n")
lacks("whole: one name for itself", plain(r["spec"]).split("<!-- procspec:appendix -->")[0], "本書")
subprocess.run([procspec, "generate", path, "--doc", "annex", "--format", "md", "-o", out], check=True,
               capture_output=True)
aa = plain(open(os.path.join(out, "annex.md"), encoding="utf-8").read())
has("attachment annex: cites the 別紙", aa, "本契約に付した調達仕様書の別紙（文書共有サービスの調達に係る情報セキュリティ要件）（以下「仕様書別紙」という。）",
    f"仕様書別紙{numbers(open(os.path.join(out, 'spec.md'), encoding='utf-8').read())['サービスレベル']}に定めるサービスレベル")
lacks("attachment annex: no 仕様書 numbering of the 別紙", re.sub(r"仕様書別紙", "", aa), "仕様書第")

# The same terms in the DOCX the vendor receives, not only in the Markdown:
# the text of each paragraph (its w:t runs joined), for the reseller sample.
def docx_paragraphs(path):
    import xml.etree.ElementTree as ET
    import zipfile
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    root = ET.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    return ["".join(t.text or "" for t in p.iter(w + "t")) for p in root.iter(w + "p")]


out = os.path.join(work, "reseller-docx")
subprocess.run([procspec, "generate", os.path.join(src, "samples", "saas-reseller.yaml"), "--format", "docx",
                "-o", out], check=True, capture_output=True)
for kind in ("spec", "annex"):
    paras = docx_paragraphs(os.path.join(out, kind + ".docx"))
    text = "\n".join(paras)
    checks += 1
    if "以上" not in paras:  # its own paragraph (an appendix may follow it)
        failures.append(f"reseller {kind}.docx: no paragraph 以上")
    lacks(f"reseller {kind}.docx: one spelling of 毀損", text, "き損")
has("reseller spec.docx: key terms", "\n".join(docx_paragraphs(os.path.join(out, "spec.docx"))),
    "受注者は、外部サービス提供者に次の事項を遵守させること。",
    "稼働率（％）＝（計画稼働時間－停止時間）÷計画稼働時間×100",
    "99.5%未満", "減額は、本市の損害賠償の請求及び契約の解除を妨げない。",
    "全ての報告を受注者の窓口（株式会社サンプル販売 公共サポートセンター（24時間受付））に一元化して本市に行うこと。",
    "日本の法令以外の法令及び規制が適用されるリスクを低減するため、受注者は、次の条件を満たすこと。",
    "受注者の負担とし、契約金額に含む", "差分データ",
    "受領を確認した日又は本サービスの利用が終了した日のいずれか遅い日から",
    "外部サービス提供者が管理する（受注者は、その管理について責任を負う。）")
has("reseller annex.docx: key terms", "\n".join(docx_paragraphs(os.path.join(out, "annex.docx"))),
    "乙は、外部サービス提供者の行為について、甲に対し、自らの行為と同様に責任を負う。",
    "サンプルデータセンター株式会社", "通知をせずに本サービスの提供を終了し",
    "求めを受けた日から10日以内に甲に提出し", "乙の負担とし、契約金額に含まれるものとする")

for f in failures:
    print("FAIL:", f)
print(f"{checks - len(failures)} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
