/* procspec confirm: a filled compliance form matched to the current
 * specification by requirement ID. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "compliance.h"
#include "diag.h"
#include "document.h"
#include "format.h"
#include "i18n.h"
#include "library.h"
#include "profile.h"
#include "response.h"
#include "statements.h"
#include "template.h"
#include "yamltree.h"
#include "writers.h"

struct ps_confirmation {
  ps_arena arena;
  ps_confirm_row *rows;
  size_t count, cap;
  ps_confirm_summary sum;
  const char *form_name, *form_title, *organization, *response_file;
  const char *approver; /* organization.approver, for the record's 決裁 box */
};

size_t ps_confirmation_count(const ps_confirmation *c) { return c->count; }
const ps_confirm_row *ps_confirmation_at(const ps_confirmation *c, size_t i) {
  return i < c->count ? &c->rows[i] : NULL;
}
const ps_confirm_summary *ps_confirmation_summary(const ps_confirmation *c) { return &c->sum; }
int ps_confirmation_ok(const ps_confirmation *c) {
  const ps_confirm_summary *s = &c->sum;
  return s->same_spec && s->partly + s->fails + s->unanswered + s->invalid + s->missing +
                                 s->unknown + s->rewritten + s->conflicts ==
                             0;
}

void ps_confirmation_free(ps_confirmation *c) {
  if (!c)
    return;
  free(c->rows);
  ps_arena_free(&c->arena);
  free(c);
}

/* S without surrounding ASCII and ideographic spaces, in the arena. */
static const char *trimmed(ps_arena *a, const char *s) {
  const char *end = s + strlen(s);
  for (;;) {
    if (s < end && strchr(" \t\r\n", *s))
      s++;
    else if (end - s >= 3 && memcmp(s, "\xe3\x80\x80", 3) == 0)
      s += 3;
    else if (end > s && strchr(" \t\r\n", end[-1]))
      end--;
    else if (end - s >= 3 && memcmp(end - 3, "\xe3\x80\x80", 3) == 0)
      end -= 3;
    else
      break;
  }
  return ps_arena_strndup(a, s, (size_t)(end - s));
}

static ps_answer answer_of(const char *s) {
  if (!*s)
    return PS_ANSWER_NONE;
  for (int i = 0; i < 3; i++)
    if (strcmp(s, ps_form_answers[i]) == 0)
      return (ps_answer)(PS_ANSWER_CONFORMS + i);
  return PS_ANSWER_INVALID;
}

static ps_confirm_row *add_row(ps_confirmation *c) {
  ps_confirm_row *rows = ps_grow(c->rows, &c->cap, c->count, sizeof(*rows));
  if (!rows)
    return NULL;
  c->rows = rows;
  ps_confirm_row *r = &c->rows[c->count++];
  memset(r, 0, sizeof(*r));
  r->id = r->number = r->requirement = r->answer_text = r->explanation = r->where = "";
  r->form_requirement = r->other_answer = r->other_explanation = r->other_where = "";
  r->pair = -1;
  return r;
}

/* The form as the grid holds it: where its header row is, which column
 * holds what, and the caption's values. */
typedef struct {
  size_t header;           /* index of the header row in the grid */
  long col[PS_FORM_NCOLS]; /* column of each ps_form_columns entry, -1 if absent */
  const char *fingerprint, *version, *bidder, *filled;
  const char *spec_title, *organization; /* "" when the form does not say */
  unsigned spec_line, organization_line; /* their rows, for a message */
} form_layout;

/* Labels a form may give the organization it is addressed to; the value
 * holds the organization's name. */
static const char *const organization_labels[] = {"宛先", "発注者", "調達機関", "団体名"};

/* Labels of the bidder's name: the current form's, and 事業者名, which
 * the forms of procspec before 商号又は名称 carried. */
static const char *const bidder_labels[] = {PS_FORM_BIDDER, "事業者名"};

static int is_bidder_label(const char *label) {
  for (size_t k = 0; k < sizeof bidder_labels / sizeof bidder_labels[0]; k++)
    if (strcmp(label, bidder_labels[k]) == 0)
      return 1;
  return 0;
}

/* Whether the header cell TEXT is column LABEL: the label itself, or the
 * label and a note after it (説明・根拠資料（対応の方法、…）), on the same
 * line or the next. */
static int is_column(const char *text, const char *label) {
  size_t n = strlen(label);
  if (strncmp(text, label, n) != 0)
    return 0;
  const char *rest = text + n;
  while (*rest == '\n' || *rest == '\r' || *rest == ' ')
    rest++;
  return !*rest || strncmp(rest, "（", strlen("（")) == 0 || *rest == '(';
}

static const char *cell(const ps_grid_row *r, long col) {
  return col >= 0 && (size_t)col < r->ncells ? r->cells[col] : "";
}

static int find_layout(form_layout *l, const ps_grid *g, ps_arena *a, ps_diags *diags) {
  memset(l, 0, sizeof(*l));
  l->fingerprint = l->version = l->bidder = l->filled = l->spec_title = l->organization = "";
  for (size_t i = 0; i < g->count; i++) {
    const ps_grid_row *r = &g->rows[i];
    const char *label = r->ncells ? trimmed(a, r->cells[0]) : "";
    const char *value = r->ncells > 1 ? trimmed(a, r->cells[1]) : "";
    if (!label || !value)
      return PS_ENOMEM;
    if (strcmp(label, PS_FORM_FINGERPRINT) == 0)
      l->fingerprint = value;
    else if (strcmp(label, PS_FORM_VERSION) == 0)
      l->version = value;
    else if (is_bidder_label(label) && !*l->bidder)
      l->bidder = value;
    else if (strcmp(label, PS_FORM_FILLED) == 0)
      l->filled = value;
    else if (strcmp(label, PS_FORM_SPEC) == 0 && !*l->spec_title) {
      l->spec_title = value;
      l->spec_line = r->line;
    }
    for (size_t k = 0; k < sizeof organization_labels / sizeof organization_labels[0]; k++)
      if (strcmp(label, organization_labels[k]) == 0 && !*l->organization) {
        l->organization = value;
        l->organization_line = r->line;
      }
    int found = 0;
    for (size_t k = 0; k < PS_FORM_NCOLS; k++) {
      l->col[k] = -1;
      for (size_t c = 0; c < r->ncells; c++) {
        const char *t = trimmed(a, r->cells[c]);
        if (t && is_column(t, ps_form_columns[k])) {
          l->col[k] = (long)c;
          found++;
          break;
        }
      }
    }
    if (l->col[PS_FORM_COL_ID] >= 0 && l->col[PS_FORM_COL_ANSWER] >= 0) {
      l->header = i;
      if (!*l->fingerprint)
        return ps_error_at(diags, PS_EINPUT, g->file, r->line, 0,
                           "the form has no %s above its table; is it a procspec %s?",
                           PS_FORM_FINGERPRINT, PS_FORM_NAME);
      return 0;
    }
    (void)found;
  }
  return ps_error_at(diags, PS_EINPUT, g->file, 0, 0,
                     "not a procspec %s: no table with the columns %s and %s; send back the form "
                     "procspec generated (compliance.xlsx, .csv, .docx or .odt)",
                     PS_FORM_NAME, ps_form_columns[PS_FORM_COL_ANSWER],
                     ps_form_columns[PS_FORM_COL_ID]);
}

/* The statements of the document the library's form is a form of. */
static int current_statements(ps_statements **st, const ps_doc_tpl **form, const ps_profile *p,
                              const ps_library *lib, ps_diags *diags) {
  *st = NULL;
  *form = NULL;
  for (size_t i = 0; i < lib->ndocs && !*form; i++)
    if (lib->docs[i].form_of)
      *form = &lib->docs[i];
  if (!*form) {
    ps_error_at(diags, PS_EINPUT, NULL, 0, 0,
                "the templates define no compliance form (a kind with form_of: in "
                "documents.yaml)");
    return PS_EINPUT; /* spelled out: *st stays NULL only on an error */
  }
  ps_document *doc = NULL;
  int rc = ps_document_build(&doc, p, lib, (*form)->form_of, diags);
  if (rc == 0)
    rc = ps_statements_build(st, doc);
  ps_document_free(doc);
  return rc;
}

typedef struct {
  ps_confirmation *c;
  const ps_grid *g;
  const ps_statements *st;
  const form_layout *l;
  long *matched;  /* per statement: the grid row that answers it, or -1 */
  long *conflict; /* per statement: a later row that answers it otherwise, or -1 */
  ps_diags *diags;
} matcher;

/* Where row R is: in a sheet the row is what matters; elsewhere the
 * answer's cell. */
static void where_of(char *out, size_t n, const matcher *m, const ps_grid_row *r) {
  ps_grid_where(out, n, m->g, r,
                m->g->format == PS_GRID_XLSX ? PS_GRID_ROW
                                             : (size_t)(m->l->col[PS_FORM_COL_ANSWER]));
}

static int is_blank(const ps_grid_row *r) {
  for (size_t i = 0; i < r->ncells; i++)
    for (const char *s = r->cells[i]; *s; s++)
      if (!strchr(" \t\r\n", *s))
        return 0;
  return 1;
}

/* Fills R from grid row G: its answer, explanation and place. */
static int fill_answer(matcher *m, ps_confirm_row *r, const ps_grid_row *g) {
  ps_arena *a = &m->c->arena;
  long ac = m->l->col[PS_FORM_COL_ANSWER], nc = m->l->col[PS_FORM_COL_NOTE];
  r->answer_text = trimmed(a, cell(g, ac));
  r->explanation = trimmed(a, cell(g, nc));
  char where[200];
  where_of(where, sizeof where, m, g);
  r->where = ps_arena_strdup(a, where);
  r->line = g->line;
  if (!r->answer_text || !r->explanation || !r->where)
    return PS_ENOMEM;
  r->answer = answer_of(r->answer_text);
  int formula = g->formula && ac >= 0 && (size_t)ac < g->ncells && g->formula[ac];
  if (formula) {
    r->answer = PS_ANSWER_INVALID;
    ps_diag_add(m->diags, 0, PS_SEV_WARNING, m->g->file, g->line, (unsigned)ac + 1, NULL,
                "%s: the answer is a formula, '%.60s', which is not evaluated; write %s, %s or "
                "%s in the cell itself",
                where, r->answer_text, ps_form_answers[0], ps_form_answers[1], ps_form_answers[2]);
  } else if (r->answer == PS_ANSWER_INVALID) {
    ps_diag_add(m->diags, 0, PS_SEV_WARNING, m->g->file, g->line, (unsigned)ac + 1, NULL,
                "%s: the answer '%.60s' is not one of %s, %s, %s", where, r->answer_text,
                ps_form_answers[0], ps_form_answers[1], ps_form_answers[2]);
  }
  return 0;
}

/* S with every ASCII and ideographic space removed: a space the office
 * software or the bidder added does not change a requirement. */
static const char *without_spaces(ps_arena *a, const char *s) {
  char *out = ps_arena_alloc(a, strlen(s) + 1);
  if (!out)
    return NULL;
  size_t n = 0;
  for (; *s; s++) {
    if (strchr(" \t\r\n", *s))
      continue;
    if (s[0] == '\xe3' && s[1] == '\x80' && s[2] == '\x80') { /* U+3000; stops at the NUL */
      s += 2;
      continue;
    }
    out[n++] = *s;
  }
  out[n] = '\0';
  return out;
}

/* Whether TEXT, the form's 要件 of a row with requirement ID, is the text
 * the ID was made from (its first 8 hex digits of the SHA-256 follow the
 * '#'), or SPEC_TEXT when the specification has the ID. An ID without a
 * hash cannot tell, nor an empty cell. */
static int text_fits_id(ps_arena *a, const char *text, const char *id, const char *spec_text) {
  if (!*text)
    return 1;
  if (spec_text) {
    const char *x = without_spaces(a, text), *y = without_spaces(a, spec_text);
    return !x || !y || strcmp(x, y) == 0;
  }
  const char *hash = strchr(id, '#');
  if (!hash || strlen(hash + 1) < 8)
    return 1;
  char digest[65];
  ps_sha256_hex(digest, text, strlen(text));
  return strncmp(digest, hash + 1, 8) == 0;
}

/* One data row of the form: the answer to a requirement, or an unknown
 * row. */
static int match_row(matcher *m, size_t gi) {
  const ps_grid_row *g = &m->g->rows[gi];
  ps_arena *a = &m->c->arena;
  const char *id = trimmed(a, cell(g, m->l->col[PS_FORM_COL_ID]));
  if (!id)
    return PS_ENOMEM;
  for (size_t i = 0; *id && i < m->st->count; i++) {
    if (strcmp(m->st->items[i].id, id) != 0)
      continue;
    if (m->matched[i] >= 0) {
      const ps_grid_row *first = &m->g->rows[m->matched[i]];
      const char *a1 = trimmed(a, cell(first, m->l->col[PS_FORM_COL_ANSWER]));
      const char *a2 = trimmed(a, cell(g, m->l->col[PS_FORM_COL_ANSWER]));
      if (!a1 || !a2)
        return PS_ENOMEM;
      if (strcmp(a1, a2) != 0) {
        /* Answered twice, differently: the report names both. */
        if (m->conflict[i] < 0)
          m->conflict[i] = (long)gi;
        return 0;
      }
      char where[200];
      where_of(where, sizeof where, m, g);
      ps_diag_add(m->diags, 0, PS_SEV_WARNING, m->g->file, g->line, 0, NULL,
                  "%s: requirement %s (%s) appears a second time, with the same answer", where,
                  m->st->items[i].number, id);
      return 0;
    }
    m->matched[i] = (long)gi;
    return 0;
  }
  ps_confirm_row *r = add_row(m->c);
  if (!r)
    return PS_ENOMEM;
  r->state = PS_ROW_UNKNOWN;
  r->id = id;
  /* A form of an earlier procspec numbers its rows the longer way
   * (第3の1第1項表1行目): read as the current numbers, so the report and
   * the pairing with the current requirements use one numbering. */
  const char *number = trimmed(a, cell(g, m->l->col[PS_FORM_COL_NUMBER]));
  r->number = number ? ps_statement_number_update(a, number) : NULL;
  r->requirement = trimmed(a, cell(g, m->l->col[PS_FORM_COL_TEXT]));
  if (!r->number || !r->requirement)
    return PS_ENOMEM;
  r->form_requirement = r->requirement;
  r->rewritten = !text_fits_id(a, r->requirement, id, NULL);
  return fill_answer(m, r, g);
}

static size_t clause_prefix_len(const char *id) {
  const char *hash = strchr(id, '#');
  return hash ? (size_t)(hash - id) : strlen(id);
}

/* Pairs a requirement missing from the form with a row of the form the
 * specification does not have, in the same clause: one requirement whose
 * wording changed between the versions (its ID holds a hash of its text).
 * Same 項番 first, then in order. */
static void mark_reworded(ps_confirmation *c) {
  for (int pass = 0; pass < 2; pass++)
    for (size_t i = 0; i < c->count; i++) {
      ps_confirm_row *r = &c->rows[i];
      if (r->state != PS_ROW_MISSING || r->reworded)
        continue;
      size_t n = clause_prefix_len(r->id);
      for (size_t j = 0; j < c->count; j++) {
        ps_confirm_row *o = &c->rows[j];
        if (o->state != PS_ROW_UNKNOWN || o->reworded || o->rewritten || n == 0 ||
            clause_prefix_len(o->id) != n || strncmp(o->id, r->id, n) != 0 ||
            (pass == 0 && strcmp(o->number, r->number) != 0))
          continue;
        r->reworded = o->reworded = 1;
        r->pair = (long)j;
        o->pair = (long)i;
        break;
      }
    }
}

static void count(ps_confirmation *c) {
  ps_confirm_summary *s = &c->sum;
  for (size_t i = 0; i < c->count; i++) {
    const ps_confirm_row *r = &c->rows[i];
    if (r->state == PS_ROW_MISSING && r->reworded)
      s->reworded++;
    else if (r->state == PS_ROW_MISSING)
      s->added++;
    else if (r->state == PS_ROW_UNKNOWN && !r->reworded && !r->rewritten)
      s->removed++;
    if (r->conflict)
      s->conflicts++;
    else if (r->rewritten)
      s->rewritten++;
    else if (r->state == PS_ROW_MISSING)
      s->missing++;
    else if (r->state == PS_ROW_UNKNOWN)
      s->unknown++;
    else if (r->answer == PS_ANSWER_CONFORMS)
      s->conforms++;
    else if (r->answer == PS_ANSWER_PARTLY)
      s->partly++;
    else if (r->answer == PS_ANSWER_FAILS)
      s->fails++;
    else if (r->answer == PS_ANSWER_NONE)
      s->unanswered++;
    else
      s->invalid++;
  }
}

static int match_all(matcher *m) {
  const ps_grid *g = m->g;
  size_t h = m->l->header;
  for (size_t i = 0; i < m->st->count; i++)
    m->matched[i] = m->conflict[i] = -1;
  /* Matched and missing rows first, in the specification's order: make
   * room for them, then append the unknown rows while scanning. */
  for (size_t i = 0; i < m->st->count; i++)
    if (!add_row(m->c))
      return PS_ENOMEM;
  int rc = 0;
  for (size_t i = h + 1; i < g->count && rc == 0; i++) {
    if (g->rows[i].table != g->rows[h].table)
      break;
    if (!is_blank(&g->rows[i]))
      rc = match_row(m, i);
  }
  for (size_t i = 0; i < m->st->count && rc == 0; i++) {
    ps_confirm_row *r = &m->c->rows[i];
    const ps_statement *s = &m->st->items[i];
    ps_arena *a = &m->c->arena;
    r->id = ps_arena_strdup(a, s->id);
    r->number = ps_arena_strdup(a, s->number);
    r->requirement = ps_arena_strdup(a, s->text);
    if (!r->id || !r->number || !r->requirement)
      return PS_ENOMEM;
    r->state = m->matched[i] >= 0 ? PS_ROW_MATCHED : PS_ROW_MISSING;
    if (m->matched[i] < 0)
      continue;
    const ps_grid_row *row = &g->rows[m->matched[i]];
    rc = fill_answer(m, r, row);
    r->form_requirement = trimmed(a, cell(row, m->l->col[PS_FORM_COL_TEXT]));
    if (!r->form_requirement)
      return PS_ENOMEM;
    r->rewritten = !text_fits_id(a, r->form_requirement, r->id, r->requirement);
    if (rc == 0 && m->conflict[i] >= 0) {
      ps_confirm_row other;
      memset(&other, 0, sizeof other);
      rc = fill_answer(m, &other, &g->rows[m->conflict[i]]);
      r->conflict = 1;
      r->other_answer = other.answer_text;
      r->other_explanation = other.explanation;
      r->other_where = other.where;
    }
  }
  return rc;
}

/* A form whose caption names another specification (title) or another
 * organization is no older version of this one: refused, naming both. */
static int same_document(const form_layout *l, const ps_statements *st, const char *file,
                         ps_diags *diags) {
  if (*l->spec_title && strcmp(l->spec_title, st->title) != 0)
    return ps_error_at(diags, PS_EINPUT, file, l->spec_line, 0,
                       "this is the form of another specification: it was made for "
                       "'%s', not for '%s'; check that the bidder returned the right form, or "
                       "confirm it with the profile of that specification",
                       l->spec_title, st->title);
  /* 宛先 addresses the organization's head ("サンプル市長　様"): the
   * organization's name is in it. */
  if (*l->organization && *st->organization && !strstr(l->organization, st->organization))
    return ps_error_at(diags, PS_EINPUT, file, l->organization_line, 0,
                       "this is the form of another specification: it is addressed to '%s', "
                       "not to '%s' ('%s'); check that the bidder returned the right form",
                       l->organization, st->organization, st->title);
  return 0;
}

static int summarise(ps_confirmation *c, const ps_statements *st, const form_layout *l) {
  ps_arena *a = &c->arena;
  ps_confirm_summary *s = &c->sum;
  s->spec_title = ps_arena_strdup(a, st->title);
  s->spec_version = ps_arena_strdup(a, st->version);
  s->spec_fingerprint = ps_arena_strdup(a, st->fingerprint);
  s->form_fingerprint = l->fingerprint;
  s->form_version = l->version;
  s->bidder = l->bidder;
  s->filled_on = l->filled;
  s->same_spec = strcmp(st->fingerprint, l->fingerprint) == 0;
  c->organization = ps_arena_strdup(a, st->organization);
  mark_reworded(c);
  count(c);
  return s->spec_title && s->spec_version && s->spec_fingerprint && c->organization ? 0 : PS_ENOMEM;
}

int ps_confirm(ps_confirmation **out, const ps_profile *profile, const ps_library *lib,
               const char *response_path, ps_diags *diags) {
  *out = NULL;
  ps_statements *st = NULL;
  ps_grid *g = NULL;
  const ps_doc_tpl *form = NULL;
  ps_confirmation *c = calloc(1, sizeof(*c));
  if (!c)
    return PS_ENOMEM;
  ps_arena_init(&c->arena);
  int rc = current_statements(&st, &form, profile, lib, diags);
  if (rc == 0)
    rc = ps_grid_load(&g, response_path, diags);
  form_layout l;
  if (rc == 0)
    rc = find_layout(&l, g, &c->arena, diags);
  if (rc == 0)
    rc = same_document(&l, st, g->file, diags);
  long *matched = rc == 0 ? calloc(2 * st->count + 1, sizeof(long)) : NULL;
  if (rc == 0 && !matched)
    rc = PS_ENOMEM;
  if (rc == 0) {
    matcher m = {c, g, st, &l, matched, matched + st->count, diags};
    rc = match_all(&m);
  }
  if (rc == 0)
    rc = summarise(c, st, &l);
  if (rc == 0) {
    const ps_ynode *approver = ps_ynode_path(ps_profile_root(profile), "organization.approver");
    c->approver = ps_arena_strdup(
        &c->arena, approver && approver->value ? approver->value : "統括情報セキュリティ責任者");
    c->form_name = ps_arena_strdup(&c->arena, form->name);
    c->sum.spec_kind = ps_arena_strdup(&c->arena, form->form_of);
    c->response_file = ps_arena_strdup(&c->arena, response_path);
    ps_buf t = PS_BUF_INIT;
    rc = ps_template_render(&t, &form->title, ps_profile_root(profile), ps_profile_file(profile),
                            PS_ESC_PLAIN, diags);
    c->form_title = rc == 0 && t.ptr ? ps_arena_strdup(&c->arena, t.ptr) : NULL;
    ps_buf_free(&t);
    if (rc == 0 && (!c->form_name || !c->response_file || !c->form_title || !c->approver ||
                    !c->sum.spec_kind))
      rc = PS_ENOMEM;
  }
  free(matched);
  ps_grid_free(g);
  ps_statements_free(st);
  if (rc < 0) {
    ps_confirmation_free(c);
    return rc;
  }
  *out = c;
  return 0;
}

const char *ps_confirm_row_status(const ps_confirm_row *r) {
  static const char *const answers[] = {"未回答", "適合", "一部適合", "不適合", "回答が不正"};
  if (r->conflict)
    return "回答が食い違う（同じ要件に二つの回答）";
  if (r->rewritten)
    return "要件の文言が書き換えられている";
  if (r->state == PS_ROW_MISSING)
    return r->reworded ? "回答なし（要件の文言が変わった）" : "回答欄にない要件";
  if (r->state == PS_ROW_UNKNOWN)
    return r->reworded ? "旧版の要件（文言が変わった）" : "仕様書にない行";
  return answers[r->answer];
}

/* ---- the confirmation record (確認結果) ---- */

static void md_head(ps_buf *b, const char *const *cells, size_t n) {
  ps_md_row(b, cells, n);
  ps_md_rule(b, n);
}

static const char *verdict(const ps_confirmation *c) {
  if (!c->sum.same_spec)
    return "別の版の仕様書に対する回答であり、現行の仕様書への適合は確認できない";
  return ps_confirmation_ok(c) ? "すべての要件に適合している"
                               : "適合していない要件又は確認を要する要件がある";
}

static void overview_md(ps_buf *b, const ps_confirmation *c, const char *confirmed_by,
                        const char *date) {
  const ps_confirm_summary *s = &c->sum;
  const char *head[2] = {"項目", "内容"};
  md_head(b, head, 2);
  const char *file = strrchr(c->response_file, '/');
  char version[128];
  snprintf(version, sizeof version, "%s%s%s", s->spec_title, s->spec_version[0] ? "　第" : "",
           s->spec_version[0] ? s->spec_version : "");
  if (s->spec_version[0])
    snprintf(version + strlen(version), sizeof version - strlen(version), "版");
  const char *rows[][2] = {
      {"仕様書", version},
      {"仕様書の指紋（SHA-256）", s->spec_fingerprint},
      {"回答の対象", s->same_spec ? "この仕様書" : "別の版の仕様書"},
      {"回答の指紋（SHA-256）", s->form_fingerprint},
      {"回答した事業者", s->bidder[0] ? s->bidder : "（記入なし）"},
      {"記入日", s->filled_on[0] ? s->filled_on : "（記入なし）"},
      {"確認した回答のファイル", file ? file + 1 : c->response_file},
      {"確認日", date},
      {"確認者", confirmed_by && *confirmed_by ? confirmed_by : "（記入なし）"},
      {"確認の結果", verdict(c)}};
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
    ps_md_row(b, rows[i], 2);
}

static void counts_md(ps_buf *b, const ps_confirmation *c) {
  const ps_confirm_summary *s = &c->sum;
  const char *head[2] = {"区分", "件数"};
  md_head(b, head, 2);
  const struct {
    const char *label;
    size_t n;
  } rows[] = {{"適合", s->conforms},
              {"一部適合", s->partly},
              {"不適合", s->fails},
              {"未回答", s->unanswered},
              {"回答が不正", s->invalid},
              {"回答欄にない要件", s->missing},
              {"仕様書にない行", s->unknown},
              {"要件の文言が書き換えられた行", s->rewritten},
              {"回答が食い違う要件", s->conflicts}};
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    char n[32];
    snprintf(n, sizeof n, "%zu", rows[i].n);
    const char *cells[2] = {rows[i].label, n};
    ps_md_row(b, cells, 2);
  }
}

/* The record's rows: those needing the officer's attention (CONFORMING
 * 0) or those answered 適合 (1), each with a column for the officer's
 * own judgement: 要確認 to be replaced for the first, empty for the
 * second. */
static void rows_md(ps_buf *b, ps_arena *a, const ps_confirmation *c, int conforming) {
  const char *open_head[6] = {"項番", "要件", "回答", "説明・根拠資料", "区分", "担当者の判断"};
  const char *ok_head[5] = {"項番", "要件", "回答", "説明・根拠資料", "担当者の判断"};
  size_t shown = 0, ncols = conforming ? 5 : 6;
  for (size_t i = 0; i < c->count; i++) {
    const ps_confirm_row *r = &c->rows[i];
    int ok = r->state == PS_ROW_MATCHED && r->answer == PS_ANSWER_CONFORMS && !r->conflict &&
             !r->rewritten;
    if (ok != conforming)
      continue;
    if (shown++ == 0)
      md_head(b, conforming ? ok_head : open_head, ncols);
    const char *answer = r->answer_text, *note = r->explanation, *status = ps_confirm_row_status(r);
    if (r->conflict) {
      answer = ps_arena_printf(a, "%s／%s", r->answer_text[0] ? r->answer_text : "（空欄）",
                               r->other_answer[0] ? r->other_answer : "（空欄）");
      note = ps_arena_printf(a, "%s／%s", r->explanation, r->other_explanation);
      status = ps_arena_printf(a, "%s（%s及び%s）", status, r->where, r->other_where);
    } else if (r->rewritten) {
      status = ps_arena_printf(a, "%s（確認書の文言：%s）", status, r->form_requirement);
    }
    if (!answer || !note || !status) {
      b->failed = 1;
      return;
    }
    const char *cells[6] = {r->number, r->requirement, answer, note, status, "要確認"};
    if (conforming)
      cells[4] = "";
    ps_md_row(b, cells, ncols);
  }
  if (!shown)
    ps_buf_puts(b, conforming ? "なし。\n" : "なし。すべての要件が適合と回答されている。\n");
}

/* The officer's conclusion and the 決裁 box, as the usage application
 * has them. */
static void decision_md(ps_buf *b, const ps_confirmation *c) {
  ps_buf_puts(b, "（以下は確認した担当者及び決裁者が記入します。）\n\n");
  const char *head[2] = {"項目", "内容"};
  md_head(b, head, 2);
  const char *rows[][2] = {
      {"判断", "☐ すべての要件を満たす　☐ 条件を付して受け入れる　☐ 受け入れない"},
      {"一部適合・不適合を受け入れる要件及びその理由", "　"},
      {"契約までに求める対応", "　"}};
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
    ps_md_row(b, rows[i], 2);
  ps_buf_putc(b, '\n');
  const char *box[3][5] = {
      {"決裁", c->approver, "情報セキュリティ責任者", "情報セキュリティ管理者", "担当者"},
      {"印又は署名", "　", "　", "　", "　"},
      {"日付", "令和　年　月　日", "令和　年　月　日", "令和　年　月　日", "令和　年　月　日"}};
  md_head(b, box[0], 5);
  ps_md_row(b, box[1], 5);
  ps_md_row(b, box[2], 5);
}

int ps_confirmation_record(unsigned char **out, size_t *len, const ps_confirmation *c,
                           unsigned format, const char *confirmed_by, const char *date,
                           ps_diags *diags) {
  *out = NULL;
  *len = 0;
  int y, m, d;
  char why[128];
  if (!date || !ps_parse_date(date, &y, &m, &d, why, sizeof why))
    return ps_error_at(diags, PS_EINPUT, NULL, 0, 0, "the date of the confirmation '%s': %s",
                       date ? date : "", date ? why : "missing");
  ps_buf wareki = PS_BUF_INIT;
  ps_format_date(&wareki, y, m, d);
  ps_buf md[5] = {PS_BUF_INIT, PS_BUF_INIT, PS_BUF_INIT, PS_BUF_INIT, PS_BUF_INIT};
  ps_arena scratch;
  ps_arena_init(&scratch);
  overview_md(&md[0], c, confirmed_by, wareki.ptr ? wareki.ptr : date);
  counts_md(&md[1], c);
  rows_md(&md[2], &scratch, c, 0);
  rows_md(&md[3], &scratch, c, 1);
  decision_md(&md[4], c);
  int rc = wareki.failed ? PS_ENOMEM : 0;
  for (int i = 0; i < 5; i++)
    if (md[i].failed)
      rc = PS_ENOMEM;
  ps_document *doc = NULL;
  if (rc == 0) {
    static const char *const sections[] = {"確認の概要", "要件ごとの確認結果", "判断及び決裁"};
    const ps_plain_clause clauses[] = {
        {0, "confirmation-about", "確認した回答", md[0].ptr},
        {0, "confirmation-counts", "集計", md[1].ptr},
        {1, "confirmation-open", "確認を要する要件", md[2].ptr},
        {1, "confirmation-conforming", "適合と回答された要件", md[3].ptr},
        {2, "confirmation-decision", "担当者の判断及び決裁", md[4].ptr}};
    char title[512], iso[32];
    snprintf(title, sizeof title, "仕様適合確認結果（%s）", c->sum.spec_title);
    snprintf(iso, sizeof iso, "%04d-%02d-%02dT00:00:00Z", y, m, d);
    ps_plain_header h = {"confirmation", "仕様適合確認結果", title, c->organization,
                         NULL,           wareki.ptr,         iso};
    rc = ps_document_chapters(&doc, &h, sections, 3, clauses, 5);
  }
  if (rc == 0) {
    doc->landscape = 1;
    rc = format == PS_FMT_DOCX  ? ps_write_docx(out, len, doc, diags)
         : format == PS_FMT_ODT ? ps_write_odt(out, len, doc, diags)
                                : ps_write_md(out, len, doc, diags);
  }
  ps_document_free(doc);
  ps_buf_free(&wareki);
  ps_arena_free(&scratch);
  for (int i = 0; i < 5; i++)
    ps_buf_free(&md[i]);
  return rc;
}
