/* procspec init: a new service profile to start from.
 *
 * On a terminal it asks, in Japanese, the questions that decide the
 * profile (organisation, service, provider, classification, personal
 * data); otherwise --class gives the classification. Either way it writes
 * a profile in which every key carries a Japanese comment, with example
 * values for what was not asked, that passes `procspec check` as it is.
 * The profile is checked in memory before it is written, and an existing
 * file is never replaced without --force. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"

void usage_init(void) {
  fputs(_("usage: procspec init [-o FILE] [--class 1|2|3] [--force]\n\n"
          "Writes a new service profile with a Japanese comment on every key.\n"
          "On a terminal it asks for the organisation, the service, the provider\n"
          "and the contractor (when a reseller or integrator holds the contract),\n"
          "the classification and whether personal data is handled; otherwise\n"
          "--class chooses the classification and example values are written.\n"
          "An existing FILE is refused before any question is asked.\n"
          "The profile passes 'procspec check' as written; replace the example\n"
          "values with the real ones, then check it again.\n\n"
          "  -o, --output FILE  the profile to write (default: profile.yaml; - for\n"
          "                     standard output)\n"
          "  --class N          自治体機密性 1, 2 or 3 (without a terminal: required)\n"
          "  --force            replace FILE if it exists\n"),
        stdout);
}

typedef struct {
  char org[256], service[256], provider[256], contractor[256], purpose[512], subjects[256];
  int confidentiality; /* 1..3 */
  int personal;        /* personal data handled */
  int my_number;
} answers;

/* ---- the YAML text ---- */

typedef struct {
  char *data;
  size_t len, cap;
  int failed;
} text;

__attribute__((format(printf, 2, 3))) static void put(text *t, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0 || t->failed)
    return;
  if (t->len + (size_t)n + 1 > t->cap) {
    size_t cap = (t->cap ? t->cap * 2 : 4096) + (size_t)n;
    char *p = realloc(t->data, cap);
    if (!p) {
      t->failed = 1;
      return;
    }
    t->data = p;
    t->cap = cap;
  }
  va_start(ap, fmt);
  vsnprintf(t->data + t->len, t->cap - t->len, fmt, ap);
  va_end(ap);
  t->len += (size_t)n;
}

/* Display width in terminal cells: wide characters count two. */
static int cells(const char *s) {
  int n = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++)
    if ((*p & 0xc0) != 0x80)
      n += *p >= 0xe3 ? 2 : 1;
  return n;
}

/* One line "INDENT KEY: VALUE" with its comment aligned at column 40. */
static void line(text *t, int indent, const char *key, const char *value, const char *comment) {
  char head[1024];
  snprintf(head, sizeof head, "%*s%s:%s%s", indent, "", key, value && *value ? " " : "",
           value ? value : "");
  int pad = 40 - cells(head);
  put(t, "%s%*s# %s\n", head, pad > 1 ? pad : 1, "", comment);
}

/* One list entry "INDENT - ENTRY" with its comment aligned at column 40. */
static void entry(text *t, int indent, const char *value, const char *comment) {
  char head[1024];
  snprintf(head, sizeof head, "%*s- %s", indent, "", value);
  int pad = 40 - cells(head);
  put(t, "%s%*s# %s\n", head, pad > 1 ? pad : 1, "", comment);
}

/* VALUE as a YAML double-quoted scalar: what the user typed stays data. */
static const char *quoted(const char *value, char *buf, size_t size) {
  size_t o = 0;
  buf[o++] = '"';
  for (const unsigned char *p = (const unsigned char *)value; *p && o + 7 < size; p++) {
    if (*p == '"' || *p == '\\') {
      buf[o++] = '\\';
      buf[o++] = (char)*p;
    } else if (*p < 0x20 || *p == 0x7f) {
      o += (size_t)snprintf(buf + o, size - o, "\\x%02x", *p);
    } else {
      buf[o++] = (char)*p;
    }
  }
  buf[o++] = '"';
  buf[o] = '\0';
  return buf;
}

static void write_header(text *t, const answers *a) {
  put(t, "# %s のサービスプロファイル（procspec init で作成）。\n", a->service);
  put(t, "# 「例」とある値は実際の内容に書き換え、「procspec check このファイル」で\n"
         "# 利用基準に照らして確認してから「procspec generate」で文書を作成します。\n"
         "# 各キーの詳しい意味は docs/profile.md にあります。\n");
  line(t, 0, "procspec", "1", "プロファイル形式の版（1 のまま）");
}

static void write_organization(text *t, const answers *a) {
  char q[600];
  line(t, 0, "organization", NULL, "調達する団体");
  line(t, 2, "name", quoted(a->org, q, sizeof q), "団体の正式名称");
  line(t, 2, "short_name", "本市", "条文で団体を呼ぶ名称（例: 本市、本町、本組合）");
  snprintf(q, sizeof q, "\"%s情報セキュリティポリシー\"", a->org);
  line(t, 2, "policy", q, "情報セキュリティポリシーの名称");
  line(t, 2, "approver", "統括情報セキュリティ責任者", "外部サービスの許可権限者（利用基準5.1）");
  line(t, 0, "document", NULL, "文書の版と日付");
  line(t, 2, "version", "\"1.0\"", "版（引用符で囲む）");
  line(t, 2, "date", "2027-04-01", "文書の日付（例。文書には和暦で出ます）");
}

static void write_service(text *t, const answers *a) {
  char q[1100];
  line(t, 0, "service", NULL, "外部サービス");
  line(t, 2, "name", quoted(a->service, q, sizeof q), "外部サービスの名称");
  line(t, 2, "provider", quoted(a->provider, q, sizeof q), "外部サービス提供者の名称");
  if (a->contractor[0])
    line(t, 2, "contractor", quoted(a->contractor, q, sizeof q),
         "受注者（契約の相手方。販売代理店・構築事業者など、提供者と異なる場合）");
  else
    put(t, "  # 販売代理店・構築事業者などを通して契約する（受注者が提供者と異なる）場合は、\n"
           "  # ここに「contractor: 受注者の名称」を加えます。\n");
  line(t, 2, "purpose", quoted(a->purpose, q, sizeof q), "利用目的（業務内容）");
  line(t, 2, "users", "本市の職員に限る", "利用者の範囲（例）");
  line(t, 2, "period", "{start: 2027-04-01, end: 2028-03-31}", "利用期間（例）");
  line(t, 2, "applicant", "{department: 情報政策課, name: 氏名}", "利用申請者の所属・氏名（例）");
  line(t, 2, "manager", "{department: 情報政策課, title: 課長}",
       "外部サービス管理者の所属・補職名（例）");
  line(t, 2, "residents_use", "false", "住民等が利用するサービスなら true");
}

static void write_classification(text *t, const answers *a) {
  char c[8];
  snprintf(c, sizeof c, "%d", a->confidentiality);
  int high = a->confidentiality >= 2;
  line(t, 0, "classification", NULL, "取り扱う情報の格付け");
  line(t, 2, "confidentiality", c, "自治体機密性（1〜3）。2以上は利用基準3章、1は4章");
  line(t, 2, "integrity", high ? "2" : "1", "自治体完全性（1〜2）");
  line(t, 2, "availability", high ? "2" : "1", "自治体可用性（1〜2）");
  char q[600];
  line(t, 0, "personal_data", NULL, "個人情報の取扱い");
  line(t, 2, "handled", a->personal ? "true" : "false",
       "個人情報を取り扱うなら true（個人情報取扱特記事項を作成）");
  if (a->personal) {
    line(t, 2, "my_number", a->my_number ? "true" : "false",
         "特定個人情報（マイナンバー）を取り扱うなら true");
    line(t, 2, "special_care", "false", "要配慮個人情報を取り扱うなら true");
    line(t, 2, "subjects", quoted(a->subjects, q, sizeof q), "誰の個人情報か（例: 住民、職員）");
  }
}

/* Selection conditions of 3.1 (confidentiality 2 and 3). */
static void write_selection(text *t, const answers *a) {
  int c3 = a->confidentiality >= 3;
  line(t, 0, "provider_assurance", NULL, "提供者の認証・監査報告（3.1(1)(2)）");
  line(t, 2, "certifications",
       c3 ? "[ISO/IEC 27001, ISO/IEC 27017, ISMAP]" : "[ISO/IEC 27001, ISO/IEC 27017]",
       "取得している認証（例）");
  line(t, 2, "audit_reports", "[SOC 2 Type 2報告書]", "提出を受ける監査報告書（例）");
  line(t, 0, "data_location", NULL, "データの保存場所と準拠法（3.1(4)）");
  line(t, 2, "countries", "[JP]", "保存・処理する国（国コード。2以上は日本国内に限る）");
  line(t, 2, "governing_law", "日本法", "契約の準拠法");
  line(t, 2, "court", "○○地方裁判所", "合意管轄裁判所（例）");
  line(t, 0, "availability_targets", NULL, "サービスレベル（3.1(3)(6)）");
  line(t, 2, "uptime", "99.5%", "月間稼働率（例。99.5% で停止は月に約3.6時間まで）");
  line(t, 2, "rto", "3h", "目標復旧時間（例。15min, 4h, 30d, 6mo, 1y の形。稼働率の範囲内に）");
  line(t, 2, "rpo", "24h", "目標復旧時点（例）");
  line(t, 2, "backup", "{frequency: daily, retention: 30d, location: 国内の別リージョン}",
       "バックアップの頻度・保存期間・保管場所（例）");
  line(t, 2, "support_hours", "平日9時から17時まで", "問合せ窓口の受付時間（例）");
  line(t, 2, "monitoring_interval", "5min", "外部監視の間隔（停止時間の計測）");
  line(t, 2, "planned_notice", "10営業日", "計画停止の事前通知の期限");
  line(t, 2, "report_deadline", "翌月10日", "サービスレベル報告書の提出期限");
  line(t, 2, "repeated_misses", "3", "目標を連続して下回ると改善計画書・解除事由になる月数");
  line(t, 2, "remedies", NULL, "稼働率が下回ったときの月額利用料の減額（稼働率の高い順）");
  entry(t, 4, "{below: 99.5%, reduction: 10%}", "99.5%未満は10%減額（例）");
  entry(t, 4, "{below: 99.0%, reduction: 25%}", "99.0%未満は25%減額（例）");
  entry(t, 4, "{below: 95.0%, reduction: 50%}", "95.0%未満は50%減額（例）");
}

static void write_incident(text *t, const answers *a) {
  line(t, 0, "incident", NULL, "情報セキュリティインシデントへの対処（3.1(7)⑤）");
  line(t, 2, "priority", "recovery", "recovery（復旧優先）又は continuity（業務継続優先）");
  line(t, 2, "escalation", NULL, "報告の区分（重い順）");
  line(t, 4, "- severity", "重大", "区分の名称");
  line(t, 6, "definition", "全体停止、個人情報の漏えい等（おそれを含む）、不正アクセス、データ消失",
       "この区分に当たる事象");
  line(t, 6, "notify_within", a->confidentiality >= 3 ? "30min" : "1h", "第一報の期限（覚知から）");
  line(t, 6, "to", "情報セキュリティ責任者", "第一報の報告先");
  line(t, 4, "- severity", "軽微", "区分の名称");
  line(t, 6, "definition", "重大に当たらない障害（一部機能の不具合、表示の不具合等）",
       "この区分に当たる事象");
  line(t, 6, "notify_within", "1d", "第一報の期限（覚知から）");
  line(t, 6, "to", "外部サービス管理者", "第一報の報告先");
  if (a->confidentiality >= 2) {
    line(t, 2, "contact", "契約締結後14日以内に連絡体制届により届け出る、24時間連絡の取れる窓口",
         "受注者の窓口（全ての報告を一元化）");
    line(t, 2, "update_interval", "2h", "続報の間隔（状況が変わったときは直ちに）");
    line(t, 2, "report_within", "復旧後5営業日以内", "障害報告書の提出期限");
    line(t, 2, "final_report_within", "14d", "原因究明後の最終報告書の期限");
  }
}

static void write_handling(text *t, const answers *a) {
  int high = a->confidentiality >= 2, c3 = a->confidentiality >= 3;
  if (high) {
    line(t, 0, "subcontracting", NULL, "再委託（3.1(5)）");
    line(t, 2, "allowed", "false", "再委託を認めるなら true とし、subcontractors に列挙");
  }
  line(t, 0, "data_handling", NULL, "情報の取扱い");
  line(t, 2, "secondary_use", "prohibited", "目的外利用: prohibited（禁止）");
  if (high) {
    line(t, 2, "encryption", NULL, "暗号化（3.3(2)）");
    line(t, 4, "at_rest", "AES-256", "保存時の暗号化（例）");
    line(t, 4, "in_transit", "TLS 1.2以上", "通信の暗号化（例）");
    line(t, 4, "key_management", c3 ? "organization" : "provider",
         "暗号鍵の管理者: organization（団体）又は provider（提供者）");
    line(t, 2, "exit", NULL, "サービス終了時のデータ移行（3.1(6)②）");
    line(t, 4, "notice_period", "6mo", "終了・変更の事前告知の期限（例）");
    line(t, 4, "notice_method", "書面", "事前告知の方法");
    line(t, 4, "export_formats", "[CSV]", "データを引き渡す形式（例）");
    line(t, 4, "deletion_certificate", "true", "データ消去証明書を求めるなら true");
    line(t, 4, "return_before_end", "60d", "契約期間満了日の何日前までにデータを返還するか");
    line(t, 4, "delete_within", "30d", "返還の受領確認後の消去期限（バックアップを含む）");
    line(t, 4, "encoding", "UTF-8", "引き渡すデータの文字コード");
    line(t, 4, "cost", "included",
         "返還に要する費用: included（契約金額に含む）又は separate（別途）");
    line(t, 4, "certificate_within", "14d", "消去完了後の消去証明書の提出期限");
    line(t, 4, "change_notice", "3mo", "サービスの重要な変更の事前通知");
    line(t, 4, "terms_notice", "30d", "約款・SLA・仕様の変更の事前通知（民法第548条の4）");
  }
  line(t, 0, "access_control", NULL, "アクセス制御");
  line(t, 2, "admin_mfa", "true", "管理者に多要素認証を求めるなら true");
  line(t, 2, "internet_login", "false", "庁内ネットワーク外からのログインを認めるなら true");
  if (c3)
    line(t, 2, "log_retention", "1y", "アクセスログの保存期間（機密性3は1年以上）");
}

static int build_profile(text *t, const answers *a) {
  write_header(t, a);
  write_organization(t, a);
  write_service(t, a);
  write_classification(t, a);
  if (a->confidentiality >= 2)
    write_selection(t, a);
  write_incident(t, a);
  write_handling(t, a);
  return t->failed ? PS_ENOMEM : 0;
}

/* ---- questions on a terminal ---- */

/* Removes leading and trailing ASCII and ideographic (U+3000) spaces. */
static void trim(char *s) {
  char *p = s;
  for (;;) {
    if (*p == ' ' || *p == '\t')
      p++;
    else if (strncmp(p, "\xe3\x80\x80", 3) == 0)
      p += 3;
    else
      break;
  }
  memmove(s, p, strlen(p) + 1);
  size_t n = strlen(s);
  for (;;) {
    if (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
      n--;
    else if (n >= 3 && strncmp(s + n - 3, "\xe3\x80\x80", 3) == 0)
      n -= 3;
    else
      break;
    s[n] = '\0';
  }
}

/* Asks QUESTION; an empty answer takes FALLBACK (NULL: ask again). Returns
 * -1 at end of input. */
static int ask(char *out, size_t size, const char *question, const char *fallback) {
  for (;;) {
    if (fallback && *fallback)
      fprintf(stdout, "%s [%s]: ", question, fallback);
    else
      fprintf(stdout, "%s: ", question);
    fflush(stdout);
    if (!fgets(out, (int)size, stdin))
      return -1;
    trim(out);
    if (!*out && fallback) {
      snprintf(out, size, "%s", fallback);
      return 0;
    }
    if (*out)
      return 0;
    fputs("  入力してください。\n", stdout);
  }
}

/* はい/いいえ (also y/n, yes/no, 1/0). */
static int ask_yes(int *out, const char *question, int fallback) {
  char buf[64];
  for (;;) {
    if (ask(buf, sizeof buf, question, fallback ? "はい" : "いいえ") < 0)
      return -1;
    if (!strcmp(buf, "はい") || !strcmp(buf, "y") || !strcmp(buf, "yes") || !strcmp(buf, "1")) {
      *out = 1;
      return 0;
    }
    if (!strcmp(buf, "いいえ") || !strcmp(buf, "n") || !strcmp(buf, "no") || !strcmp(buf, "0")) {
      *out = 0;
      return 0;
    }
    fputs("  「はい」か「いいえ」で答えてください。\n", stdout);
  }
}

/* 1, 2 or 3, full-width digits too. */
static int ask_class(int *out, int fallback) {
  char buf[64], def[8];
  snprintf(def, sizeof def, "%d", fallback);
  for (;;) {
    fputs("取り扱う情報の自治体機密性を選んでください。\n"
          "  1: 公開されている情報又は公開を前提とする情報だけ（利用基準4章）\n"
          "  2: 公開を前提としない情報を含む（利用基準3章）\n"
          "  3: 秘密文書に相当する情報、特定個人情報等を含む（3章、より厳しい条件）\n",
          stdout);
    if (ask(buf, sizeof buf, "自治体機密性（1〜3）", def) < 0)
      return -1;
    const char *digits[] = {"1", "2", "3", "１", "２", "３"};
    for (int i = 0; i < 6; i++)
      if (strcmp(buf, digits[i]) == 0) {
        *out = i % 3 + 1;
        return 0;
      }
    fputs("  1、2 又は 3 で答えてください。\n", stdout);
  }
}

/* 受注者: a reseller or integrator may hold the contract instead of the
 * company that runs the service (DOMAIN.md §4); the documents then define
 * both and bind the provider through the contractor. */
static int ask_contractor(answers *a) {
  int differs = 0;
  if (ask_yes(&differs,
              "販売代理店・構築事業者などを通して契約しますか（受注者が外部サービス提供者と"
              "異なるなら「はい」）",
              0) < 0)
    return -1;
  if (!differs) {
    a->contractor[0] = '\0';
    return 0;
  }
  for (;;) {
    if (ask(a->contractor, sizeof a->contractor, "受注者（契約の相手方）の名称", NULL) < 0)
      return -1;
    if (strcmp(a->contractor, a->provider) != 0)
      return 0;
    fputs("  外部サービス提供者と同じ名称です。異なる受注者の名称を入力してください。\n", stdout);
  }
}

/* Whether PATH can be written without losing anything: it does not exist
 * (or FORCE), and its folder does. Says why not, in Japanese. */
static int path_usable(const char *path, int force) {
  struct stat st;
  if (strcmp(path, "-") == 0)
    return 1;
  if (stat(path, &st) == 0 && !force) {
    printf("  %s はすでにあります。別のファイル名にしてください（置き換えるときは、--force "
           "を付けて実行し直します）。\n",
           path);
    return 0;
  }
  char dir[1024];
  snprintf(dir, sizeof dir, "%s", path);
  char *slash = strrchr(dir, '/');
  if (slash) {
    slash[slash == dir] = '\0';
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
      printf("  フォルダ %s がありません。あるフォルダの中のファイル名にしてください。\n", dir);
      return 0;
    }
  }
  return 1;
}

/* The file name, checked when it is given so that no answer is lost. */
static int ask_path(char *path, size_t size, int force) {
  for (;;) {
    if (ask(path, size, "保存するファイル名", "profile.yaml") < 0)
      return -1;
    if (path_usable(path, force))
      return 0;
  }
}

static int interview(answers *a, char *path, size_t path_size, int force) {
  fputs("新しいサービスプロファイルを作成します。[ ] 内は、空欄のまま Enter "
        "を押したときの値です。\n\n",
        stdout);
  if (ask(a->org, sizeof a->org, "団体の名称（例: ○○市）", NULL) < 0 ||
      ask(a->service, sizeof a->service, "外部サービスの名称", NULL) < 0 ||
      ask(a->provider, sizeof a->provider, "外部サービス提供者（クラウド事業者）の名称", NULL) <
          0 ||
      ask_contractor(a) < 0 ||
      ask(a->purpose, sizeof a->purpose, "利用目的（業務内容）", NULL) < 0 ||
      ask_yes(&a->personal, "個人情報を取り扱いますか（はい／いいえ）", 1) < 0)
    return -1;
  if (a->personal) {
    if (ask_yes(&a->my_number, "特定個人情報（マイナンバー）を取り扱いますか（はい／いいえ）", 0) <
            0 ||
        ask(a->subjects, sizeof a->subjects, "誰の個人情報ですか", "住民") < 0)
      return -1;
  }
  int fallback = a->my_number ? 3 : 2;
  for (;;) {
    if (ask_class(&a->confidentiality, fallback) < 0)
      return -1;
    if (a->personal && a->confidentiality < 2) {
      fputs("  個人情報を取り扱う場合は、自治体機密性2以上です。\n", stdout);
      continue;
    }
    break;
  }
  if (!path[0] && ask_path(path, path_size, force) < 0)
    return -1;
  return 0;
}

/* ---- the command ---- */

typedef struct {
  const char *output;
  int klass, force;
} init_args;

static int parse_args(init_args *a, int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    int more = i + 1 < argc;
    if ((strcmp(argv[i], "-o") == 0 || strcmp(argv[i], "--output") == 0) && more) {
      a->output = argv[++i];
    } else if (strcmp(argv[i], "--class") == 0 && more) {
      const char *v = argv[++i];
      if (strlen(v) != 1 || v[0] < '1' || v[0] > '3')
        return cli_fail(_("--class takes 1, 2 or 3 (自治体機密性), not '%s'"), v);
      a->klass = v[0] - '0';
    } else if (strcmp(argv[i], "--force") == 0) {
      a->force = 1;
    } else {
      return cli_fail(
          _("unknown option '%s' for init (or it needs a value); try 'procspec init --help'"),
          argv[i]);
    }
  }
  return 0;
}

/* The skeleton must pass check: a failure here is a bug in this file. */
static int self_check(const text *t, const char *name) {
  ps_diags *diags = ps_diags_new();
  ps_profile *p = NULL;
  int ok = diags && ps_profile_load_buffer(&p, name, t->data, t->len, diags) == 0 &&
           ps_profile_judge(p, NULL, diags) == 0 && ps_diags_errors(diags) == 0;
  if (!ok)
    cli_print_diags(diags);
  ps_profile_free(p);
  ps_diags_free(diags);
  return ok ? 0
            : cli_fail(_("the new profile does not pass check; this is a bug in procspec init"));
}

int cmd_init(int argc, char **argv) {
  init_args args = {NULL, 0, 0};
  if (parse_args(&args, argc, argv) != 0)
    return EXIT_TROUBLE;
  answers a;
  memset(&a, 0, sizeof a);
  char path[1024] = "";
  if (args.output)
    snprintf(path, sizeof path, "%s", args.output);
  int terminal = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
  struct stat st;
  if (path[0] && strcmp(path, "-") != 0 && !args.force && stat(path, &st) == 0)
    return cli_fail(_("%s exists; give another file with -o, or --force to replace it"), path);
  if (args.klass || !terminal) {
    if (!args.klass)
      return cli_fail(_("without a terminal, init needs --class 1, 2 or 3 (and -o FILE)"));
    a.confidentiality = args.klass;
    a.personal = args.klass >= 2;
    snprintf(a.org, sizeof a.org, "○○市");
    snprintf(a.service, sizeof a.service, "○○サービス");
    snprintf(a.provider, sizeof a.provider, "株式会社○○");
    snprintf(a.purpose, sizeof a.purpose, "○○業務");
    snprintf(a.subjects, sizeof a.subjects, "住民");
    if (!path[0])
      snprintf(path, sizeof path, "profile.yaml");
  } else if (interview(&a, path, sizeof path, args.force) < 0) {
    return cli_fail(_("init was cancelled; nothing was written"));
  }
  int to_stdout = strcmp(path, "-") == 0;
  if (!to_stdout && !args.force && stat(path, &st) == 0)
    return cli_fail(_("%s exists; give another file with -o, or --force to replace it"), path);
  text t = {NULL, 0, 0, 0};
  int status = EXIT_TROUBLE;
  if (build_profile(&t, &a) != 0) {
    cli_fail(_("out of memory"));
    goto out;
  }
  if (self_check(&t, path) != 0)
    goto out;
  if (to_stdout) {
    status = fwrite(t.data, 1, t.len, stdout) == t.len ? EXIT_OK : EXIT_TROUBLE;
    goto out;
  }
  ps_diags *diags = ps_diags_new();
  int rc = diags ? cli_write_file(path, (const unsigned char *)t.data, t.len, diags) : PS_ENOMEM;
  cli_print_diags(diags);
  ps_diags_free(diags);
  if (rc == 0) {
    fprintf(terminal ? stdout : stderr,
            _("wrote %s; replace the example values, then run: procspec check %s\n"), path, path);
    status = EXIT_OK;
  }
out:
  free(t.data);
  return status;
}
