/* Judges a loaded profile against the criteria: what the criteria demand
 * of the service as profiled, each finding with the item it comes from. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "i18n.h"
#include "format.h"
#include "judge.h"
#include "library.h"
#include "profile.h"
#include "schema.h"

#define MAX_EXCEPTIONS 64

typedef struct {
  const ps_profile *p;
  const ps_ynode *root;
  ps_diags *diags;
  int errors;
  long min_uptime;            /* thousandths of a percent */
  long max_rto;               /* minutes */
  const ps_ynode *exceptions; /* the profile's `exceptions` list, or NULL */
  int used[MAX_EXCEPTIONS];   /* whether exception i covered a finding */
} judge;

/* The accepted exception for criteria item REF, or NULL; marks it used. */
static const ps_ynode *exception_for(judge *j, const char *ref) {
  size_t i = 0;
  for (const ps_ynode *e = j->exceptions ? j->exceptions->first : NULL; e && ref;
       e = e->next, i++) {
    const ps_ynode *req = ps_ymap_get(e, "requirement");
    if (req && strcmp(req->value, ref) == 0) {
      if (i < MAX_EXCEPTIONS)
        j->used[i] = 1;
      return e;
    }
  }
  return NULL;
}

static void add_finding(judge *j, ps_severity sev, const ps_ynode *at, const char *ref,
                        const char *msg) {
  unsigned line = at ? (at->key ? at->key_line : at->line) : 1;
  unsigned col = at ? (at->key ? at->key_col : at->col) : 1;
  ps_diag_add(j->diags, PS_EINPUT, sev, ps_profile_file(j->p), line, col, ref, "%s", msg);
  j->errors += sev == PS_SEV_ERROR;
}

/* A finding; one on a criteria item the profile lists under `exceptions`
 * stays reported, as a note that names who accepted the deviation. */
__attribute__((format(printf, 5, 6))) static void
finding(judge *j, ps_severity sev, const ps_ynode *at, const char *ref, const char *fmt, ...) {
  char msg[512];
  va_list ap;
  fmt = ps_tr(fmt);
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  const ps_ynode *e = sev == PS_SEV_NOTE ? NULL : exception_for(j, ref);
  if (e) {
    char noted[1024];
    snprintf(noted, sizeof noted, _("%s; accepted as an exception by %s on %s (reason: %s)"), msg,
             ps_ymap_get(e, "accepted_by")->value, ps_ymap_get(e, "date")->value,
             ps_ymap_get(e, "reason")->value);
    add_finding(j, PS_SEV_NOTE, at, ref, noted);
    return;
  }
  add_finding(j, sev, at, ref, msg);
}

/* Every exception names a known criteria item and covers a finding. */
static void check_exceptions(judge *j, const ps_library *lib) {
  size_t i = 0;
  char msg[512];
  for (const ps_ynode *e = j->exceptions ? j->exceptions->first : NULL; e; e = e->next, i++) {
    const ps_ynode *req = ps_ymap_get(e, "requirement");
    if (lib && !ps_library_requirement(lib, req->value)) {
      snprintf(msg, sizeof msg,
               _("exceptions: '%.80s' is not a requirement item of the criteria; write the item "
                 "as requirements.yaml lists it, e.g. 3.1(1) or 3.3(1)c"),
               req->value);
      add_finding(j, PS_SEV_ERROR, req, NULL, msg);
    } else if (i < MAX_EXCEPTIONS && !j->used[i]) {
      snprintf(msg, sizeof msg,
               _("exceptions: the profile already meets %.80s, so this exception covers no "
                 "deviation and the documents do not list it; remove the exception, or correct "
                 "the item if it was meant for another one"),
               req->value);
      add_finding(j, PS_SEV_WARNING, req, req->value, msg);
    }
  }
}

static const ps_ynode *get(const judge *j, const char *path) {
  return ps_ynode_path(j->root, path);
}

static int conf2(const judge *j) { return j->p->confidentiality >= 2; }

/* Sections and values the criteria require of class 2+ services. */
static void required_for_class2(judge *j) {
  for (const ps_field *f = ps_profile_fields; f->path; f++) {
    if (f->req != PS_REQ_CONF2 || get(j, f->path))
      continue;
    char parent[128];
    const char *dot = strrchr(f->path, '.');
    snprintf(parent, sizeof parent, "%.*s", dot ? (int)(dot - f->path) : 0, f->path);
    const ps_ynode *where = parent[0] ? get(j, parent) : j->root;
    if (!where)
      continue; /* the missing parent is reported itself */
    finding(j, PS_SEV_ERROR, where, f->ref,
            "%s is missing; services handling confidentiality 2 or above must state %s", f->path,
            ps_tr(f->help));
  }
}

static void data_location(judge *j) {
  const ps_ynode *countries = get(j, "data_location.countries");
  for (const ps_ynode *c = countries ? countries->first : NULL; c; c = c->next)
    if (strcmp(c->value, "JP") != 0)
      finding(j, PS_SEV_ERROR, c, "3.1(4)",
              "data_location.countries includes %s; services handling confidentiality 2 or "
              "above must keep data in Japan",
              c->value);
  const ps_ynode *law = get(j, "data_location.governing_law");
  if (law && !strstr(law->value, "日本"))
    finding(j, PS_SEV_ERROR, law, "3.1(4)",
            "data_location.governing_law is '%s'; the contract must be governed by Japanese law "
            "(日本法)",
            law->value);
}

static int cert_named(const ps_ynode *list, const char *number) {
  for (const ps_ynode *c = list ? list->first : NULL; c; c = c->next)
    if (strstr(c->value, number))
      return 1;
  return 0;
}

static void certifications(judge *j) {
  const ps_ynode *certs = get(j, "provider_assurance.certifications");
  if (!certs || get(j, "provider_assurance.equivalent"))
    return;
  static const char *standards[] = {"27001", "27017"};
  for (size_t i = 0; i < 2; i++)
    if (!cert_named(certs, standards[i]))
      finding(j, PS_SEV_ERROR, certs, "3.1(1)",
              "provider_assurance.certifications lacks ISO/IEC %s; add it, or name an "
              "equivalent in provider_assurance.equivalent",
              standards[i]);
}

static void secondary_use(judge *j) {
  const ps_ynode *use = get(j, "data_handling.secondary_use");
  if (!use || strcmp(use->value, "prohibited") == 0)
    return;
  if (conf2(j))
    finding(j, PS_SEV_ERROR, use, "3.1(7)①",
            "data_handling.secondary_use is '%s'; the provider must be prohibited from using "
            "the data for any other purpose (write prohibited)",
            use->value);
  else
    finding(j, PS_SEV_WARNING, use, "4.1(1)(ア)",
            "data_handling.secondary_use is '%s'; accept or reduce the risk that the provider "
            "uses stored data freely",
            use->value);
}

static void subcontracting(judge *j) {
  const ps_ynode *allowed = get(j, "subcontracting.allowed");
  const ps_ynode *subs = get(j, "subcontracting.subcontractors");
  if (allowed && !allowed->ival && subs && subs->count)
    finding(j, PS_SEV_ERROR, subs, "3.1(5)",
            "subcontracting.allowed is false but subcontractors are listed; correct one of them");
  if (allowed && allowed->ival && (!subs || !subs->count) && conf2(j))
    finding(j, PS_SEV_WARNING, allowed, "3.1(5)",
            "subcontracting is allowed but no subcontractor is listed; list the known ones so "
            "they can be approved");
  for (const ps_ynode *s = subs ? subs->first : NULL; s; s = s->next) {
    const ps_ynode *name = ps_ymap_get(s, "name");
    const ps_ynode *country = ps_ymap_get(s, "country");
    if (!country)
      finding(j, PS_SEV_ERROR, s, "3.1(5)",
              "subcontractor '%s' has no country; state where it operates (country: JP)",
              name ? name->value : "?");
    else if (conf2(j) && strcmp(country->value, "JP") != 0)
      finding(j, PS_SEV_ERROR, country, "3.1(4)",
              "subcontractor '%s' operates in %s; services handling confidentiality 2 or above "
              "must keep data in Japan",
              name ? name->value : "?", country->value);
  }
}

/* Thousandths of a percent. */
static long percent_value(const char *s) { return ps_percent_thousandths(s); }

static long duration_minutes(long amount, const char *unit) {
  static const struct {
    const char *unit;
    long minutes;
  } units[] = {{"min", 1}, {"h", 60}, {"d", 1440}, {"mo", 43200}, {"y", 525600}};
  for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
    if (strcmp(unit, units[i].unit) == 0)
      return amount * units[i].minutes;
  return amount;
}

static void service_levels(judge *j) {
  if (j->p->availability < 2)
    return;
  const ps_ynode *uptime = get(j, "availability_targets.uptime");
  const ps_ynode *rto = get(j, "availability_targets.rto");
  if (uptime && percent_value(uptime->value) < j->min_uptime)
    finding(j, PS_SEV_WARNING, uptime, "3.1(3)",
            "availability_targets.uptime %s is below the %ld.%03ld%% expected for availability "
            "class 2",
            uptime->value, j->min_uptime / 1000, j->min_uptime % 1000);
  if (rto && duration_minutes(rto->ival, rto->unit) > j->max_rto)
    finding(j, PS_SEV_WARNING, rto, "3.1(6)①",
            "availability_targets.rto %s is longer than the %ld minutes expected for "
            "availability class 2",
            rto->value, j->max_rto);
}

/* Whole minutes of downtime an uptime allows in a 30-day month. */
static long allowed_downtime(long uptime_thousandths) {
  return (100000 - uptime_thousandths) * 43200 / 100000;
}

/* The service levels must not contradict each other: an outage recovered
 * just within the RTO must not already break the monthly uptime, and a
 * fee reduction must not apply while the target is met. */
static void level_consistency(judge *j) {
  const ps_ynode *uptime = get(j, "availability_targets.uptime");
  const ps_ynode *rto = get(j, "availability_targets.rto");
  if (uptime && rto) {
    long allowed = allowed_downtime(percent_value(uptime->value));
    long rto_min = duration_minutes(rto->ival, rto->unit);
    if (allowed < rto_min)
      finding(j, PS_SEV_WARNING, uptime, "3.1(3)",
              "availability_targets.uptime %s allows only about %ld minutes of downtime a month, "
              "shorter than availability_targets.rto %s (%ld minutes): one outage recovered within "
              "the RTO already breaks the uptime; lower the uptime or shorten the RTO",
              uptime->value, allowed, rto->value, rto_min);
  }
  const ps_ynode *remedies = get(j, "availability_targets.remedies");
  size_t kept = 0;
  for (const ps_ynode *r = remedies ? remedies->first : NULL; r && uptime; r = r->next) {
    const ps_ynode *below = ps_ymap_get(r, "below");
    if (below && percent_value(below->value) > percent_value(uptime->value))
      finding(j, PS_SEV_WARNING, below, "3.1(3)",
              "availability_targets.remedies reduces the fee below %s, above the uptime target "
              "%s: the reduction would apply while the target is met; the documents leave this "
              "step out; use a value at or below the target",
              below->value, uptime->value);
    else
      kept++;
  }
  /* The documents print only the steps at or below the target: with none
   * left there would be no reduction at all (and an empty table). */
  if (remedies && uptime && remedies->count && !kept)
    finding(j, PS_SEV_ERROR, remedies, "3.1(3)",
            "every step of availability_targets.remedies is above the uptime target %s, so the "
            "documents would have no fee reduction; add a step at or below the target, e.g. "
            "{below: %s, reduction: 10%%}",
            uptime->value, uptime->value);
}

/* Foreign law can reach the data through the provider's parent company or
 * staff who access it from abroad, even when it is stored in Japan. */
static void foreign_reach(judge *j) {
  const ps_ynode *country = get(j, "service.provider_parent.country");
  if (country && strcmp(country->value, "JP") != 0)
    finding(j, PS_SEV_WARNING, country, "3.1(4)",
            "the provider's parent company is in %s: foreign law may reach the data; the "
            "documents ask the contractor for the laws that apply and for notice of any "
            "disclosure request. Confirm the answers before the contract",
            country->value);
  const ps_ynode *remote = get(j, "data_location.remote_access_countries");
  for (const ps_ynode *c = remote ? remote->first : NULL; c; c = c->next)
    if (strcmp(c->value, "JP") != 0 && j->p->confidentiality >= 3)
      finding(j, PS_SEV_ERROR, c, "3.1(4)",
              "staff may access the data from %s (data_location.remote_access_countries), but "
              "confidentiality 3 allows no access from abroad, maintenance included; remove "
              "the country or choose a service maintained from Japan",
              c->value);
    else if (strcmp(c->value, "JP") != 0)
      finding(j, PS_SEV_WARNING, c, "3.1(4)",
              "staff may access the data from %s (data_location.remote_access_countries): the "
              "documents limit that access to what the organization approves and ask for its "
              "records. Confirm that it is acceptable for this data",
              c->value);
}

/* A level without a definition takes the default definition of its
 * position (templates/ja/clauses/incident-escalation.md). */
static void level_definitions(judge *j) {
  const ps_ynode *levels = get(j, "incident.escalation");
  size_t i = 0;
  for (const ps_ynode *l = levels ? levels->first : NULL; l; l = l->next, i++) {
    const ps_ynode *sev = ps_ymap_get(l, "severity");
    if (l->kind == PS_YMAP && !ps_ymap_get(l, "definition"))
      finding(
          j, PS_SEV_NOTE, l, "3.1(7)⑤(ウ)",
          "incident.escalation level '%s' has no definition; the documents use the default "
          "definition of %s. Write definition: to say which events belong to it",
          sev ? sev->value : "?",
          i == 0
              ? _("the most serious level (全体停止、個人情報の漏えい等、不正アクセス、データ消失)")
          : !l->next ? _("the lightest level (軽微な事象)")
          : i == 1 ? _("the second level (主要な機能が利用できず回避策がないもの)")
                   : _("a middle level (一部の機能の不具合で回避策があるもの)"));
  }
}

static void residents(judge *j) {
  const ps_ynode *use = get(j, "service.residents_use");
  const ps_ynode *scope = get(j, "service.residents_scope");
  if (use && use->ival && !scope)
    finding(j, PS_SEV_ERROR, use, "2(3)",
            "service.residents_use is true but service.residents_scope is missing; state what "
            "residents use the service for");
  if (scope && !(use && use->ival))
    finding(j, PS_SEV_WARNING, scope, "2(3)",
            "service.residents_scope is given but service.residents_use is not true");
}

static void ledger_fields(judge *j) {
  static const struct {
    const char *path, *ref, *what;
  } fields[] = {
      {"service.period", "5.2(4)⑤", N_("the period of use")},
      {"service.applicant", "5.2(4)⑥", N_("the applicant (department and name)")},
      {"service.users", "5.2(4)⑦", N_("the range of users")},
      {"service.manager", "5.2(4)⑧", N_("the external service manager")},
  };
  const ps_ynode *service = get(j, "service");
  for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
    if (!get(j, fields[i].path))
      finding(j, PS_SEV_WARNING, service, fields[i].ref,
              "%s is missing; the application and the ledger record %s", fields[i].path,
              ps_tr(fields[i].what));
}

/* Class 2 recommends what class 3 requires (DOMAIN.md §5). */
static void class2_practices(judge *j) {
  int c3 = j->p->confidentiality >= 3;
  ps_severity sev = c3 ? PS_SEV_ERROR : PS_SEV_WARNING;
  const char *why =
      c3 ? _("confidentiality 3 requires it") : _("recommended for confidentiality 2");
  const ps_ynode *mfa = get(j, "access_control.admin_mfa");
  if (!mfa || !mfa->ival)
    finding(j, sev, mfa ? mfa : j->root, "3.3(1)c",
            "administrators must use multi-factor authentication (%s); set "
            "access_control.admin_mfa: true",
            why);
  const ps_ynode *exit = get(j, "data_handling.exit");
  const ps_ynode *cert = get(j, "data_handling.exit.deletion_certificate");
  if (exit && (!cert || !cert->ival))
    finding(j, sev, cert ? cert : exit, "3.5(イ)",
            "no deletion certificate is required (%s); set "
            "data_handling.exit.deletion_certificate: true to confirm how data is disposed of",
            why);
}

/* Profile values that contradict confidentiality 3: keys the organization
 * manages, an ISMAP listing, logs kept a year, no subcontracting in
 * principle. */
static void class3(judge *j) {
  const ps_ynode *conf = get(j, "classification.confidentiality");
  const ps_ynode *keys = get(j, "data_handling.encryption.key_management");
  if (keys && strcmp(keys->value, "organization") != 0)
    finding(j, PS_SEV_ERROR, keys, "3.3(2)",
            "data_handling.encryption.key_management is '%s', but confidentiality 3 (line %u) "
            "requires keys the organization manages; write organization",
            keys->value, conf->line);
  const ps_ynode *certs = get(j, "provider_assurance.certifications");
  if (certs && !cert_named(certs, "ISMAP"))
    finding(j, PS_SEV_ERROR, certs, "3.1(1)",
            "confidentiality 3 requires a service listed in ISMAP (or ISMAP-LIU); add ISMAP to "
            "provider_assurance.certifications once the listing is confirmed");
  const ps_ynode *logs = get(j, "access_control.log_retention");
  if (logs && duration_minutes(logs->ival, logs->unit) < duration_minutes(1, "y"))
    finding(j, PS_SEV_ERROR, logs, "3.4(エ)",
            "access_control.log_retention is %s; confidentiality 3 requires access logs to be "
            "kept for at least 1y",
            logs->value);
  else if (!logs)
    finding(j, PS_SEV_NOTE, get(j, "access_control") ? get(j, "access_control") : conf,
            "3.4(エ)",
            "access_control.log_retention is not given; the documents require access logs to "
            "be kept for 1年以上, the least confidentiality 3 requires. Write "
            "access_control.log_retention (e.g. 1y or 5y) to state the period agreed with the "
            "provider");
  const ps_ynode *sub = get(j, "subcontracting.allowed");
  if (sub && sub->ival)
    finding(j, PS_SEV_NOTE, sub, "3.1(5)",
            "confidentiality 3: subcontracting is forbidden in principle; the documents require "
            "the organization's written approval for each subcontractor");
}

/* The first report of the most serious level: class 3 and 特定個人情報
 * call for shorter deadlines than class 2 (DOMAIN.md §5), whose example
 * for the most serious level is a written report within an hour (§3.2).
 * The class-3 and My Number clauses take this deadline for every leak. */
#define CLASS3_FIRST_REPORT_MINUTES 60
static void first_report_deadline(judge *j) {
  const ps_ynode *mynum = get(j, "personal_data.my_number");
  int my_number = mynum && mynum->ival;
  if (j->p->confidentiality < 3 && !my_number)
    return;
  const ps_ynode *levels = get(j, "incident.escalation");
  const ps_ynode *top = levels && levels->kind == PS_YSEQ ? levels->first : NULL;
  const ps_ynode *within = top ? ps_ymap_get(top, "notify_within") : NULL;
  const ps_ynode *sev = top ? ps_ymap_get(top, "severity") : NULL;
  if (within && within->unit &&
      duration_minutes(within->ival, within->unit) > CLASS3_FIRST_REPORT_MINUTES)
    finding(j, PS_SEV_ERROR, within, "3.1(7)⑤(ウ)",
            "incident.escalation: the most serious level '%s' is reported within %s, but %s "
            "calls for a first report within 1h at most (any leak or suspected leak is reported "
            "at that level); write notify_within: 1h or shorter, e.g. 30min",
            sev ? sev->value : "?", within->value,
            j->p->confidentiality >= 3 ? _("confidentiality 3") : _("特定個人情報 (My Number)"));
}

/* Personal data: the class it calls for, and keys that agree. */
static void personal_data(judge *j) {
  const ps_ynode *handled = get(j, "personal_data.handled");
  const ps_ynode *mynum = get(j, "personal_data.my_number");
  const ps_ynode *care = get(j, "personal_data.special_care");
  if (!handled)
    return;
  if (!handled->ival && ((mynum && mynum->ival) || (care && care->ival)))
    finding(j, PS_SEV_ERROR, handled, NULL,
            "personal_data.handled is false but %s is true; personal information is handled, "
            "so write handled: true",
            mynum && mynum->ival ? "my_number" : "special_care");
  if (handled->ival && j->p->confidentiality < 2)
    finding(j, PS_SEV_WARNING, handled, "2(1)",
            "personal information is handled but classification.confidentiality is 1; "
            "personal information is at least confidentiality 2 in the security policy");
  if (mynum && mynum->ival && j->p->confidentiality < 3)
    finding(j, PS_SEV_WARNING, mynum, NULL,
            "personal_data.my_number is true but classification.confidentiality is %d; most "
            "security policies classify 特定個人情報 as confidentiality 3",
            j->p->confidentiality);
}

static int parse_threshold(const ps_check_options *o, long *uptime, long *rto, ps_diags *diags) {
  const char *u = o && o->min_uptime ? o->min_uptime : "99.5%";
  const char *r = o && o->max_rto ? o->max_rto : "24h";
  char why[100];
  long amount;
  const char *unit;
  if (!ps_parse_percent(u, why, sizeof why))
    return ps_error_at(diags, PS_EINPUT, NULL, 0, 0, "--min-uptime %s: %s", u, why);
  if (!ps_parse_duration(r, &amount, &unit, why, sizeof why))
    return ps_error_at(diags, PS_EINPUT, NULL, 0, 0, "--max-rto %s: %s", r, why);
  *uptime = percent_value(u);
  *rto = duration_minutes(amount, unit);
  return 0;
}

/* Judges the profile of J (J->p, J->diags set) into J. */
static int judge_run(judge *jp, const ps_check_options *opts) {
  judge j = *jp;
  const ps_profile *p = j.p;
  ps_diags *diags = j.diags;
  j.root = ps_profile_root(p);
  j.exceptions = ps_ynode_path(j.root, "exceptions");
  if (opts && opts->version != PS_CHECK_OPTIONS_VERSION)
    return ps_error_at(diags, PS_EINPUT, NULL, 0, 0,
                       "ps_check_options version %u is not supported (initialise it with "
                       "PS_CHECK_OPTIONS_INIT)",
                       opts->version);
  if (parse_threshold(opts, &j.min_uptime, &j.max_rto, diags) < 0)
    return PS_EINPUT;
  if (conf2(&j)) {
    required_for_class2(&j);
    data_location(&j);
    certifications(&j);
    service_levels(&j);
    class2_practices(&j);
    foreign_reach(&j);
    level_definitions(&j);
  }
  if (p->confidentiality >= 3)
    class3(&j);
  first_report_deadline(&j);
  level_consistency(&j);
  secondary_use(&j);
  subcontracting(&j);
  residents(&j);
  personal_data(&j);
  ledger_fields(&j);
  check_exceptions(&j, opts ? opts->library : NULL);
  *jp = j;
  return j.errors;
}

int ps_profile_judge(const ps_profile *p, const ps_check_options *opts, ps_diags *diags) {
  judge j;
  memset(&j, 0, sizeof j);
  j.p = p;
  j.diags = diags;
  return judge_run(&j, opts);
}

int ps_exceptions_in_use(const ps_profile *p, const ps_library *lib, unsigned char *used,
                         size_t n) {
  memset(used, 0, n);
  ps_diags *scratch = ps_diags_new();
  if (!scratch)
    return PS_ENOMEM;
  judge j;
  memset(&j, 0, sizeof j);
  j.p = p;
  j.diags = scratch;
  ps_check_options opts = PS_CHECK_OPTIONS_INIT;
  opts.library = lib;
  int rc = judge_run(&j, &opts);
  ps_diags_free(scratch);
  if (rc < 0)
    return rc;
  for (size_t i = 0; i < n; i++) /* beyond the ones judged: kept, as check says nothing */
    used[i] = (unsigned char)(i < MAX_EXCEPTIONS ? j.used[i] : 1);
  return 0;
}
