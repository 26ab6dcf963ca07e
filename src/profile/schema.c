#include "schema.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "i18n.h"
#include "normalize.h"
#include "format.h"
#include "xmlw.h"

#define OPT PS_REQ_OPTIONAL
#define REQ PS_REQ_ALWAYS
#define C2 PS_REQ_CONF2

const ps_field ps_profile_fields[] = {
    {"procspec", PS_T_INT, REQ, "1..1", "profile format version (1)", NULL},
    {"organization", PS_T_MAP, REQ, NULL, "the organization that procures the service", NULL},
    {"organization.name", PS_T_STR, REQ, NULL, "full name of the organization", NULL},
    {"organization.short_name", PS_T_STR, OPT, NULL,
     "how clauses name the organization (default 本組合)", NULL},
    {"organization.policy", PS_T_STR, OPT, NULL, "name of the information security policy", NULL},
    {"organization.approver", PS_T_STR, OPT, NULL,
     "who approves external services (default 統括情報セキュリティ責任者)", NULL},
    {"document", PS_T_MAP, OPT, NULL, "title, version and date of the documents", NULL},
    {"document.title", PS_T_STR, OPT, NULL, "title of the specification", NULL},
    {"document.version", PS_T_STR, OPT, NULL, "version, e.g. \"1.0\"", NULL},
    {"document.date", PS_T_DATE, OPT, NULL, "date of the documents, YYYY-MM-DD", NULL},
    {"document.editions", PS_T_LIST, OPT, NULL,
     "a version and date of one document kind, where it differs from document.version and "
     "document.date",
     NULL},
    {"document.editions[]", PS_T_MAP, REQ, NULL, "the version and date of one document kind", NULL},
    {"document.editions[].kind", PS_T_STR, REQ, NULL, "the document kind, e.g. privacy", NULL},
    {"document.editions[].version", PS_T_STR, OPT, NULL, "its version, e.g. \"1.1\"", NULL},
    {"document.editions[].date", PS_T_DATE, OPT, NULL, "its date, YYYY-MM-DD", NULL},
    {"document.spec_scope", PS_T_ENUM, OPT, "whole=調達仕様書|attachment=調達仕様書の別紙",
     "whole: the specification is the whole specification of the procurement (default); "
     "attachment: it is the 別紙 (security requirements) of a larger specification",
     NULL},
    {"service", PS_T_MAP, REQ, NULL, "the external service", NULL},
    {"service.name", PS_T_STR, REQ, NULL, "name of the service", NULL},
    {"service.function", PS_T_STR, OPT, NULL,
     "function used, where only part of the service is used", NULL},
    {"service.provider", PS_T_STR, REQ, NULL, "name of the provider", NULL},
    {"service.contractor", PS_T_STR, OPT, NULL,
     "the contracting party (受注者, e.g. a reseller or integrator) when it differs from "
     "service.provider",
     NULL},
    {"service.provider_parent", PS_T_MAP, OPT, NULL,
     "the provider's parent company, where foreign law may reach the data", NULL},
    {"service.provider_parent.name", PS_T_STR, REQ, NULL, "name of the parent company", NULL},
    {"service.provider_parent.country", PS_T_COUNTRY, REQ, NULL,
     "country of the parent company, e.g. US", NULL},
    {"service.purpose", PS_T_TEXT, REQ, NULL, "purpose of use (business)", NULL},
    {"service.users", PS_T_TEXT, OPT, NULL, "range of users", NULL},
    {"service.period", PS_T_MAP, OPT, NULL, "period of use", NULL},
    {"service.period.start", PS_T_DATE, REQ, NULL, "first day of use, YYYY-MM-DD", NULL},
    {"service.period.end", PS_T_DATE, REQ, NULL, "last day of use, YYYY-MM-DD", NULL},
    {"service.contract_period", PS_T_MAP, OPT, NULL,
     "period of the contract, when it differs from the period of use (e.g. it includes set-up)",
     NULL},
    {"service.contract_period.start", PS_T_DATE, REQ, NULL, "first day of the contract, YYYY-MM-DD",
     NULL},
    {"service.contract_period.end", PS_T_DATE, REQ, NULL, "last day of the contract, YYYY-MM-DD",
     NULL},
    {"service.applicant", PS_T_MAP, OPT, NULL, "who applies for use", NULL},
    {"service.applicant.department", PS_T_STR, REQ, NULL, "applicant's department", NULL},
    {"service.applicant.name", PS_T_STR, REQ, NULL, "applicant's name", NULL},
    {"service.manager", PS_T_MAP, OPT, NULL, "external service manager", NULL},
    {"service.manager.department", PS_T_STR, REQ, NULL, "manager's department", NULL},
    {"service.manager.title", PS_T_STR, REQ, NULL, "manager's title", NULL},
    {"service.residents_use", PS_T_BOOL, OPT, NULL, "true when residents use the service", NULL},
    {"service.residents_scope", PS_T_TEXT, OPT, NULL, "what residents use the service for", NULL},
    {"classification", PS_T_MAP, REQ, NULL, "classification of the information handled", NULL},
    {"classification.confidentiality", PS_T_INT, REQ, "1..3", "自治体機密性 1 to 3", NULL},
    {"classification.integrity", PS_T_INT, REQ, "1..2", "自治体完全性 1 to 2", NULL},
    {"classification.availability", PS_T_INT, REQ, "1..2", "自治体可用性 1 to 2", NULL},
    {"provider_assurance", PS_T_MAP, C2, NULL, "certifications and audit reports of the provider",
     "3.1(1)"},
    {"provider_assurance.certifications", PS_T_LIST, C2, NULL, "certifications held", "3.1(1)"},
    {"provider_assurance.certifications[]", PS_T_STR, REQ, NULL, "a certification", NULL},
    {"provider_assurance.audit_reports", PS_T_LIST, OPT, NULL, "audit reports available", NULL},
    {"provider_assurance.audit_reports[]", PS_T_STR, REQ, NULL, "an audit report", NULL},
    {"provider_assurance.equivalent", PS_T_TEXT, OPT, NULL,
     "an equivalent of ISO/IEC 27001/27017 and its grounds", NULL},
    {"data_location", PS_T_MAP, C2, NULL, "where data is kept and which law applies", "3.1(4)"},
    {"data_location.countries", PS_T_LIST, REQ, NULL,
     "countries (ISO 3166 codes) where data is stored or processed", NULL},
    {"data_location.countries[]", PS_T_COUNTRY, REQ, NULL, "a two-letter country code such as JP",
     NULL},
    {"data_location.regions", PS_T_LIST, OPT, NULL, "regions or data centres", NULL},
    {"data_location.regions[]", PS_T_STR, REQ, NULL, "a region", NULL},
    {"data_location.remote_access_countries", PS_T_LIST, OPT, NULL,
     "countries from which the provider's staff may access the data (support, maintenance)", NULL},
    {"data_location.remote_access_countries[]", PS_T_COUNTRY, REQ, NULL,
     "a two-letter country code such as US", NULL},
    {"data_location.governing_law", PS_T_STR, C2, NULL, "governing law of the contract", "3.1(4)"},
    {"data_location.court", PS_T_STR, C2, NULL, "court of agreed jurisdiction", "3.1(4)"},
    {"availability_targets", PS_T_MAP, C2, NULL, "service levels", "3.1(3)"},
    {"availability_targets.uptime", PS_T_PERCENT, C2, NULL, "uptime, e.g. 99.9%", "3.1(3)"},
    {"availability_targets.rto", PS_T_DURATION, C2, NULL, "recovery time objective, e.g. 4h",
     "3.1(6)①"},
    {"availability_targets.rpo", PS_T_DURATION, OPT, NULL, "recovery point objective, e.g. 24h",
     NULL},
    {"availability_targets.backup", PS_T_MAP, C2, NULL, "backup", "3.1(3)"},
    {"availability_targets.backup.frequency", PS_T_ENUM, REQ,
     "continuous=常時（レプリケーション）|hourly=1時間ごと|daily=毎日|weekly=毎週|monthly=毎月",
     "how often backups are taken", NULL},
    {"availability_targets.backup.retention", PS_T_DURATION, REQ, NULL, "how long backups are kept",
     NULL},
    {"availability_targets.backup.location", PS_T_STR, REQ, NULL, "where backups are kept", NULL},
    {"availability_targets.support_hours", PS_T_STR, OPT, NULL, "support desk hours", NULL},
    {"availability_targets.monitoring_interval", PS_T_DURATION, OPT, NULL,
     "interval of the external monitoring that measures outages (default 5min)", NULL},
    {"availability_targets.planned_notice", PS_T_STR, OPT, NULL,
     "advance notice of planned maintenance, e.g. 10営業日 (default)", NULL},
    {"availability_targets.report_deadline", PS_T_STR, OPT, NULL,
     "deadline of the monthly service-level report, e.g. 翌月10日 (default)", NULL},
    {"availability_targets.remedies", PS_T_LIST, OPT, NULL,
     "fee reductions when the monthly uptime falls short", NULL},
    {"availability_targets.remedies[]", PS_T_MAP, REQ, NULL, "one step of the reduction table",
     NULL},
    {"availability_targets.remedies[].below", PS_T_PERCENT, REQ, NULL,
     "monthly uptime below which the step applies, e.g. 99.0%", NULL},
    {"availability_targets.remedies[].reduction", PS_T_PERCENT, REQ, NULL,
     "reduction of the monthly fee, e.g. 25%", NULL},
    {"availability_targets.repeated_misses", PS_T_INT, OPT, "1..12",
     "consecutive months below target that call for an improvement plan and allow termination "
     "(default 3)",
     NULL},
    {"incident", PS_T_MAP, REQ, NULL, "incident handling", NULL},
    {"incident.priority", PS_T_ENUM, REQ, "recovery=復旧優先|continuity=業務継続優先",
     "recovery (3.1(7)⑤ア) or continuity (イ)", NULL},
    {"incident.escalation", PS_T_LIST, REQ, NULL, "escalation levels", NULL},
    {"incident.escalation[]", PS_T_MAP, REQ, NULL, "one escalation level", NULL},
    {"incident.escalation[].severity", PS_T_STR, REQ, NULL, "severity, e.g. 重大", NULL},
    {"incident.escalation[].notify_within", PS_T_DURATION, REQ, NULL,
     "deadline for the first report, e.g. 1h", NULL},
    {"incident.escalation[].to", PS_T_STR, REQ, NULL, "who is notified", NULL},
    {"incident.escalation[].definition", PS_T_STR, OPT, NULL,
     "what the level means (which events belong to it)", NULL},
    {"incident.contact", PS_T_STR, OPT, NULL,
     "the contractor's single contact point through which every report is made", NULL},
    {"incident.update_interval", PS_T_DURATION, OPT, NULL,
     "interval of continued reports until recovery (default 2h)", NULL},
    {"incident.report_within", PS_T_STR, OPT, NULL,
     "deadline of the incident report after recovery, e.g. 復旧後5営業日以内 (default)", NULL},
    {"incident.final_report_within", PS_T_DURATION, OPT, NULL,
     "deadline of the final report after the cause is identified (default 14d)", NULL},
    {"subcontracting", PS_T_MAP, C2, NULL, "subcontracting", "3.1(5)"},
    {"subcontracting.allowed", PS_T_BOOL, REQ, NULL, "true when the provider subcontracts", NULL},
    {"subcontracting.subcontractors", PS_T_LIST, OPT, NULL, "known subcontractors", NULL},
    {"subcontracting.subcontractors[]", PS_T_MAP, REQ, NULL, "one subcontractor", NULL},
    {"subcontracting.subcontractors[].name", PS_T_STR, REQ, NULL, "subcontractor's name", NULL},
    {"subcontracting.subcontractors[].role", PS_T_STR, REQ, NULL, "what the subcontractor does",
     NULL},
    {"subcontracting.subcontractors[].country", PS_T_COUNTRY, OPT, NULL,
     "country of the subcontractor", NULL},
    {"data_handling", PS_T_MAP, REQ, NULL, "handling of the organization's data", NULL},
    {"data_handling.secondary_use", PS_T_ENUM, REQ, "prohibited=禁止|allowed=許可",
     "prohibited: data is used only to provide the service", NULL},
    {"data_handling.encryption", PS_T_MAP, C2, NULL, "encryption", "3.3(2)"},
    {"data_handling.encryption.at_rest", PS_T_STR, C2, NULL, "encryption of stored data", "3.3(2)"},
    {"data_handling.encryption.in_transit", PS_T_STR, C2, NULL, "encryption of communication",
     "3.3(2)"},
    {"data_handling.encryption.key_management", PS_T_ENUM, C2,
     "provider=外部サービス提供者|organization=利用者", "who manages the keys", "3.4(オ)"},
    {"data_handling.exit", PS_T_MAP, C2, NULL, "data return and deletion at the end of the service",
     "3.1(6)②"},
    {"data_handling.exit.notice_period", PS_T_DURATION, C2, NULL,
     "advance notice of termination or change", "3.1(6)②"},
    {"data_handling.exit.notice_method", PS_T_STR, OPT, NULL, "how notice is given, e.g. 書面",
     NULL},
    {"data_handling.exit.export_formats", PS_T_LIST, C2, NULL, "formats of the returned data",
     "3.1(6)②"},
    {"data_handling.exit.export_formats[]", PS_T_STR, REQ, NULL, "a format, e.g. CSV", NULL},
    {"data_handling.exit.deletion_certificate", PS_T_BOOL, OPT, NULL,
     "true when a deletion certificate is required", NULL},
    {"data_handling.exit.return_before_end", PS_T_DURATION, OPT, NULL,
     "how long before the end of the contract all data is handed over (default 60d)", NULL},
    {"data_handling.exit.delete_within", PS_T_DURATION, OPT, NULL,
     "deadline for deleting the data, backups included, after the organization confirms receipt "
     "(default 30d)",
     NULL},
    {"data_handling.exit.encoding", PS_T_STR, OPT, NULL,
     "character encoding of the returned data (default UTF-8)", NULL},
    {"data_handling.exit.cost", PS_T_ENUM, OPT,
     "included=契約金額に含む|separate=別途協議により定める",
     "who bears the cost of the return: included in the contract price (default) or separate",
     NULL},
    {"data_handling.exit.certificate_within", PS_T_DURATION, OPT, NULL,
     "deadline of the deletion certificate after deletion (default 14d)", NULL},
    {"data_handling.exit.change_notice", PS_T_DURATION, OPT, NULL,
     "advance notice of a material change of the service (default 3mo)", NULL},
    {"data_handling.exit.terms_notice", PS_T_DURATION, OPT, NULL,
     "advance notice of a change of the provider's terms (約款), SLA or specification (default "
     "30d)",
     NULL},
    {"access_control", PS_T_MAP, OPT, NULL, "access control", NULL},
    {"access_control.admin_mfa", PS_T_BOOL, OPT, NULL,
     "administrators use multi-factor authentication", NULL},
    {"access_control.internet_login", PS_T_BOOL, OPT, NULL, "login from the internet is allowed",
     NULL},
    {"access_control.log_retention", PS_T_DURATION, OPT, NULL,
     "how long access logs are kept, e.g. 1y (class 3: at least 1y)", NULL},
    {"personal_data", PS_T_MAP, OPT, NULL, "personal information the service handles", NULL},
    {"personal_data.handled", PS_T_BOOL, REQ, NULL,
     "true when the service handles personal information (adds the 個人情報取扱特記事項)", NULL},
    {"personal_data.my_number", PS_T_BOOL, OPT, NULL,
     "true when it handles 特定個人情報 (My Number)", NULL},
    {"personal_data.special_care", PS_T_BOOL, OPT, NULL, "true when it handles 要配慮個人情報",
     NULL},
    {"personal_data.subjects", PS_T_STR, OPT, NULL, "whose personal information, e.g. 住民 or 職員",
     NULL},
    {"exceptions", PS_T_LIST, OPT, NULL,
     "accepted deviations from the criteria, each shown to the approver", NULL},
    {"exceptions[]", PS_T_MAP, REQ, NULL, "one accepted deviation", NULL},
    {"exceptions[].requirement", PS_T_STR, REQ, NULL,
     "the criteria item it deviates from, e.g. 3.1(1)", NULL},
    {"exceptions[].reason", PS_T_TEXT, REQ, NULL, "why the deviation is acceptable", NULL},
    {"exceptions[].accepted_by", PS_T_STR, REQ, NULL, "who accepted it", NULL},
    {"exceptions[].date", PS_T_DATE, REQ, NULL, "when it was accepted, YYYY-MM-DD", NULL},
    {NULL, PS_T_MAP, OPT, NULL, NULL, NULL},
};

static const char *type_name(ps_ftype t) {
  static const char *const names[] = {
      N_("a map of keys"),
      N_("a list"),
      N_("text"),
      N_("a whole number"),
      N_("true or false (or はい, いいえ)"),
      N_("a date (YYYY-MM-DD, 令和8年4月1日, R8.4.1 or 2026/4/1)"),
      N_("a duration (Nmin, Nh, Nd, Nmo or Ny; or 30分, 4時間, 30日, 6か月, 1年)"),
      N_("a percentage such as 99.9%"),
      N_("one of the listed words"),
      N_("a two-letter country code such as JP"),
      N_("text")};
  return ps_tr(names[t]);
}

static const ps_field *find_field(const char *path) {
  for (const ps_field *f = ps_profile_fields; f->path; f++)
    if (strcmp(f->path, path) == 0)
      return f;
  return NULL;
}

const ps_field *ps_schema_field(const char *path) { return find_field(path); }

const char *ps_schema_closest(const char *path) {
  const char *best = NULL;
  unsigned best_d = 3;
  for (const ps_field *f = ps_profile_fields; f->path; f++) {
    unsigned d = ps_edit_distance(path, f->path);
    if (d < best_d) {
      best_d = d;
      best = f->path;
    }
  }
  return best;
}

/* The parent path of a field: "a.b[]" -> "a.b", "a.b" -> "a", "a" -> "". */
static size_t parent_len(const char *path) {
  size_t n = strlen(path);
  if (n >= 2 && strcmp(path + n - 2, "[]") == 0)
    return n - 2;
  const char *dot = strrchr(path, '.');
  return dot ? (size_t)(dot - path) : 0;
}

unsigned ps_edit_distance(const char *a, const char *b) {
  size_t la = strlen(a), lb = strlen(b);
  if (la > 64 || lb > 64)
    return 255;
  unsigned row[65];
  for (size_t j = 0; j <= lb; j++)
    row[j] = (unsigned)j;
  for (size_t i = 1; i <= la; i++) {
    unsigned diag = row[0];
    row[0] = (unsigned)i;
    for (size_t j = 1; j <= lb; j++) {
      unsigned up = row[j];
      unsigned best = diag + (a[i - 1] != b[j - 1]);
      if (up + 1 < best)
        best = up + 1;
      if (row[j - 1] + 1 < best)
        best = row[j - 1] + 1;
      row[j] = best;
      diag = up;
    }
  }
  return row[lb];
}

/* The closest known key under PARENT to KEY, or NULL when none is close. */
static const char *suggest(const char *parent, const char *key) {
  size_t plen = strlen(parent);
  const char *best = NULL;
  unsigned best_d = 3;
  for (const ps_field *f = ps_profile_fields; f->path; f++) {
    if (parent_len(f->path) != plen || strncmp(f->path, parent, plen) != 0)
      continue;
    const char *name = f->path + plen + (plen ? 1 : 0);
    if (name[0] == '[')
      continue;
    unsigned d = ps_edit_distance(key, name);
    if (d < best_d && d < strlen(key)) {
      best_d = d;
      best = name;
    }
  }
  return best;
}

typedef struct {
  ps_ytree *tree;
  ps_diags *diags;
  int errors;
  int partial; /* a defaults file: known keys and types, nothing required */
} checker;

__attribute__((format(printf, 4, 5))) static void err(checker *c, unsigned line, unsigned col,
                                                      const char *fmt, ...) {
  char msg[512];
  va_list ap;
  fmt = ps_tr(fmt);
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  ps_error_at(c->diags, PS_EINPUT, c->tree->file, line, col, "%s", msg);
  c->errors++;
}

/* How many of the first LEN bytes of S to print so that at most MAX bytes
 * are shown and no character is cut. */
static int clip_len(const char *s, size_t len, size_t max) {
  if (len <= max)
    return (int)len;
  while (max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
    max--;
  return (int)max;
}

/* Text: not blank, and on one line unless the field allows several. A line
 * break at the end (as a YAML block scalar leaves) is not part of it. */
static int type_text(checker *c, ps_ynode *n, const ps_field *f, const char *path) {
  n->vtype = PS_V_STR;
  if (strspn(n->value, " \t\r\n") == n->len) {
    err(c, n->line, n->col, "%s is empty; write the value or remove the key", path);
    return 0;
  }
  size_t len = n->len;
  while (len && n->value[len - 1] == '\n')
    len--;
  const char *nl = memchr(n->value, '\n', len);
  if (f->type == PS_T_STR && nl) {
    err(c, n->line, n->col,
        "%s must be one line of text; it holds a line break after '%.*s'; "
        "join the lines",
        path, clip_len(n->value, (size_t)(nl - n->value), 60), n->value);
    return 0;
  }
  return 1;
}

/* Parses a typed scalar (not text) into N's typed fields. */
static int parse_typed(checker *c, ps_ynode *n, const ps_field *f, char *why, size_t wn) {
  int ok = 1;
  switch (f->type) {
  case PS_T_INT:
    ok = !n->quoted && ps_parse_int(n->value, &n->ival, f->choices, why, wn);
    n->vtype = PS_V_INT;
    break;
  case PS_T_BOOL:
    ok = !n->quoted && (strcmp(n->value, "true") == 0 || strcmp(n->value, "false") == 0);
    n->ival = n->value[0] == 't';
    n->vtype = PS_V_BOOL;
    break;
  case PS_T_DATE:
    ok = ps_parse_date(n->value, &n->year, &n->month, &n->day, why, wn);
    n->vtype = PS_V_DATE;
    break;
  case PS_T_DURATION:
    ok = ps_parse_duration(n->value, &n->ival, &n->unit, why, wn);
    n->vtype = PS_V_DURATION;
    break;
  case PS_T_PERCENT:
    ok = ps_parse_percent(n->value, why, wn);
    n->vtype = PS_V_PERCENT;
    break;
  case PS_T_ENUM:
    ok = ps_parse_enum(n->value, f->choices, &c->tree->arena, &n->label, why, wn);
    n->vtype = PS_V_ENUM;
    break;
  case PS_T_COUNTRY:
    ok = ps_parse_country(n->value, &n->label, why, wn);
    n->vtype = PS_V_ENUM;
    break;
  default: break;
  }
  return ok;
}

static int type_scalar(checker *c, ps_ynode *n, const ps_field *f, const char *path) {
  char why[160] = "";
  unsigned cp;
  if (ps_xml_bad_char(n->value, n->len, &cp) < n->len) {
    char what[64];
    ps_xml_char_name(what, sizeof what, cp);
    err(c, n->line, n->col, "%s holds %s, which DOCX and ODT files cannot carry; remove it", path,
        what);
    return 0;
  }
  /* Full-width digits, Japanese units, dates and labels are validated and
   * used in their canonical form; messages quote what was written. */
  const char *written = n->value, *canon;
  size_t written_len = n->len;
  int r =
      ps_canonical_value(&canon, &c->tree->arena, f->type, f->choices, n->value, why, sizeof why);
  if (r == PS_ENOMEM) {
    err(c, n->line, n->col, "out of memory while reading %s", path);
    return 0;
  }
  if (r == 1) {
    n->value = canon;
    n->len = strlen(canon);
  }
  if (f->type == PS_T_STR || f->type == PS_T_TEXT)
    return type_text(c, n, f, path);
  int ok = r != PS_EINPUT && parse_typed(c, n, f, why, sizeof why);
  if (!ok) {
    n->value = written;
    n->len = written_len;
    err(c, n->line, n->col, "%s must be %s; got '%.*s'%s%s", path, type_name(f->type),
        clip_len(n->value, n->len, 60), n->value, why[0] ? ": " : "", why);
  }
  return ok;
}

static void check_node(checker *c, ps_ynode *n, const char *path);

/* The key NAME of MAP given with a null value, or NULL. */
static const ps_ynode *null_key(const ps_ynode *map, const char *name) {
  for (const ps_ynode *n = map->nulls; n; n = n->next)
    if (strcmp(n->key, name) == 0)
      return n;
  return NULL;
}

static void check_required(checker *c, ps_ynode *map, const char *path) {
  size_t plen = strlen(path);
  for (const ps_field *f = ps_profile_fields; f->path; f++) {
    if (parent_len(f->path) != plen || strncmp(f->path, path, plen) != 0 || f->path[plen] == '[')
      continue;
    if (f->req != PS_REQ_ALWAYS || c->partial)
      continue;
    const char *name = f->path + plen + (plen ? 1 : 0);
    if (ps_ymap_get(map, name))
      continue;
    const ps_ynode *null = null_key(map, name);
    if (null)
      err(c, null->key_line, null->key_col,
          "%s has no value (~, null or nothing after the colon): write %s", f->path,
          ps_tr(f->help));
    else
      err(c, map->line, map->col, "%s is missing: add %s", f->path, ps_tr(f->help));
  }
}

/* 1 when KEY under PATH is in the table; else reports it, with the closest
 * known key. */
static int known_key(checker *c, const ps_ynode *ch, const char *path, char *sub, size_t n) {
  snprintf(sub, n, "%s%s%s", path, path[0] ? "." : "", ch->key);
  if (find_field(sub))
    return 1;
  const char *hint = suggest(path, ch->key);
  if (hint)
    err(c, ch->key_line, ch->key_col, "unknown key '%.80s'; did you mean '%s'?", sub, hint);
  else
    err(c, ch->key_line, ch->key_col, "unknown key '%.80s'; see docs/profile.md for the keys", sub);
  return 0;
}

static void check_map(checker *c, ps_ynode *n, const char *path) {
  char sub[256];
  for (ps_ynode *ch = n->first; ch; ch = ch->next)
    if (known_key(c, ch, path, sub, sizeof sub))
      check_node(c, ch, sub);
  /* A key without a value is absent, but a misspelt one is still reported. */
  for (ps_ynode *ch = n->nulls; ch; ch = ch->next)
    known_key(c, ch, path, sub, sizeof sub);
  check_required(c, n, path);
}

static void check_node(checker *c, ps_ynode *n, const char *path) {
  const ps_field *f = find_field(path);
  if (!f)
    return;
  ps_ftype want = f->type;
  int is_map = n->kind == PS_YMAP, is_seq = n->kind == PS_YSEQ;
  if ((want == PS_T_MAP) != is_map || (want == PS_T_LIST) != is_seq) {
    err(c, n->line, n->col, "%s must be %s, not %s", path, type_name(want),
        is_map   ? _("a map")
        : is_seq ? _("a list")
                 : _("a single value"));
    return;
  }
  if (is_map) {
    check_map(c, n, path);
  } else if (is_seq) {
    char sub[256];
    snprintf(sub, sizeof sub, "%s[]", path);
    if (f->req != PS_REQ_OPTIONAL && n->count == 0)
      err(c, n->line, n->col, "%s is an empty list; give at least one entry", path);
    for (ps_ynode *ch = n->first; ch; ch = ch->next)
      check_node(c, ch, sub);
  } else {
    type_scalar(c, n, f, path);
  }
}

/* Values the loader fills in when the profile leaves them out, so every
 * template can use them without guarding. */
static const struct {
  const char *parent, *key, *value;
} defaults[] = {
    {"organization", "short_name", "本組合"},
    {"organization", "approver", "統括情報セキュリティ責任者"},
};

static void add_defaults(checker *c, ps_ynode *root) {
  for (size_t i = 0; i < sizeof defaults / sizeof defaults[0]; i++) {
    ps_ynode *parent = ps_ynode_path(root, defaults[i].parent);
    if (!parent || parent->kind != PS_YMAP || ps_ymap_get(parent, defaults[i].key))
      continue;
    ps_ynode *n = ps_arena_alloc(&c->tree->arena, sizeof(*n));
    if (!n)
      continue;
    memset(n, 0, sizeof(*n));
    n->kind = PS_YSCALAR;
    n->key = defaults[i].key;
    n->value = defaults[i].value;
    n->len = strlen(n->value);
    n->vtype = PS_V_STR;
    n->line = n->key_line = parent->line;
    n->col = n->key_col = parent->col;
    if (parent->last)
      parent->last->next = n;
    else
      parent->first = n;
    parent->last = n;
    parent->count++;
  }
}

static int date_key(const ps_ynode *n) { return n->year * 10000 + n->month * 100 + n->day; }

static void check_rules(checker *c, ps_ynode *root) {
  ps_ynode *start = ps_ynode_path(root, "service.period.start");
  ps_ynode *end = ps_ynode_path(root, "service.period.end");
  if (start && end && start->vtype == PS_V_DATE && end->vtype == PS_V_DATE &&
      date_key(end) < date_key(start))
    err(c, end->line, end->col, "service.period.end (%s) is before service.period.start (%s)",
        end->value, start->value);
}

int ps_schema_type_partial(ps_ytree *tree, ps_diags *diags) {
  checker c = {tree, diags, 0, 1};
  if (!tree->root || tree->root->kind != PS_YMAP) {
    err(&c, 1, 1, "this file must be a YAML map of profile keys");
    return PS_EINPUT;
  }
  check_map(&c, tree->root, "");
  return c.errors ? PS_EINPUT : 0;
}

int ps_schema_validate(ps_ytree *tree, ps_diags *diags) {
  checker c = {tree, diags, 0, 0};
  ps_ynode *root = tree->root;
  if (!root || root->kind != PS_YMAP) {
    err(&c, root ? root->line : 1, root ? root->col : 1,
        "a profile must be a YAML map of keys such as procspec, organization and service; "
        "see samples/ for an example");
    return PS_EINPUT;
  }
  check_map(&c, root, "");
  check_rules(&c, root);
  if (!c.errors)
    add_defaults(&c, root);
  return c.errors ? PS_EINPUT : 0;
}
