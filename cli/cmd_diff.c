#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "json.h"
#include "outdir.h"

void usage_diff(void) {
  printf(_(
      "usage: procspec diff OLD NEW [--doc KIND] [--format text|md|json|docx|odt|pdf|comparison]\n"
      "                    [-o FILE] [--old-templates DIR] [--new-templates DIR] [--templates "
      "DIR]\n"
      "                    [--granularity word|char|sentence] [--no-refs]\n"
      "                    [--columns new-old|old-new] [--unchanged omit|abbreviate]\n"
      "                    [--ignore-title] [--no-summary]\n"
      "                    [--color=auto|always|never] [--author NAME] [--date YYYY-MM-DD]\n\n"
      "Compares two versions of a document clause by clause, matching clauses by ID:\n"
      "OLD and NEW are each a service profile (the document is generated with the\n"
      "templates) or a Markdown, DOCX or ODT document written by procspec, also one\n"
      "edited since in Word or Writer (clauses are found by their bookmarks, tracked\n"
      "changes read as accepted). A changed sentence is\n"
      "compared word by word (a run of kanji, hiragana or katakana is one word;\n"
      "char: every character), or replaced whole (sentence, or when little of it\n"
      "stayed). Numbers with their unit or %%, dates and ASCII words are never split.\n"
      "docx and odt write NEW with every change as a tracked change (needs -o);\n"
      "Word and Writer accept or reject them one by one. pdf prints that document\n"
      "with the changes marked (needs -o and LibreOffice). --no-refs leaves the\n"
      "【3.1(1)】 lines of criteria references out of every format, as generate does.\n"
      "comparison writes the 新旧対照表 (改正後 | 改正前, changed wording underlined)\n"
      "to -o FILE.docx, FILE.odt, FILE.md or FILE.pdf.\n"
      "The title block (title, date, organization, version) and the page header\n"
      "are compared too, and tracked in a redline; --ignore-title leaves them out.\n\n"
      "Exit 0 when the documents are the same, 1 when they differ, 2 on trouble.\n"));
  printf(_("\n--doc all compares every document that applies to either side, with one exit\n"
           "status; docx, odt, pdf and comparison then write one file per document into\n"
           "the folder -o DIR. The text and md reports start with a summary of the\n"
           "changes (clause number, heading, kind of change, and the profile values\n"
           "behind it); json follows schemas/diff.schema.json.\n"));
  printf(_("A redline starts with that summary on a page of its own, which is not a\n"
           "tracked change: delete it before sending, or leave it out with --no-summary.\n"));
}

static const char *const kind_names[] = {N_("unchanged"), N_("added"), N_("removed"),
                                         N_("changed"),   N_("moved"), N_("moved and changed")};
static const char *const kind_marks[] = {" ", "+", "-", "~", ">", "~"};

/* A line of the title block or a document property: its name in the
 * library's changes, the text report's label, the Markdown report's. */
typedef struct {
  const char *field, *label, *md;
} field_name;

/* The lines of the title block. */
static const field_name title_fields[] = {
    {"title", N_("title block, title"), "表題"},
    {"date", N_("title block, date"), "日付"},
    {"organization", N_("title block, organization"), "団体名"},
    {"version", N_("title block, version"), "版"},
    {NULL, NULL, NULL}};

/* The document properties (their Markdown names are the summary page's too). */
static const field_name prop_fields[] = {
    {"title", N_("document property, title"), "タイトル"},
    {"subject", N_("document property, subject"), "件名"},
    {"creator", N_("document property, author"), "作成者"},
    {"keywords", N_("document property, keywords"), "キーワード"},
    {"description", N_("document property, comments"), "コメント"},
    {"version", N_("document property, version"), "版"},
    {"created", N_("document property, created"), "作成日"},
    {NULL, NULL, NULL}};

/* The entry of TABLE (ended by a NULL field) that names FIELD; its last
 * entry when none does. */
static const field_name *field_of(const field_name *table, const char *field) {
  while (table[1].field && strcmp(table->field, field) != 0)
    table++;
  return table;
}

typedef struct {
  const char *old_path, *new_path, *kind, *format, *output, *old_tpl, *new_tpl, *author, *date;
  int color;
  int all;        /* --doc all: every document kind that applies to either side */
  int no_summary; /* --no-summary: no summary page at the front of a redline */
  ps_diff_options options;
  ps_comparison_options comparison;
  unsigned comparison_format; /* PS_FMT_*, from the -o file's extension */
  int comparison_pdf;         /* -o FILE.pdf: the ODT printed by LibreOffice */
} diff_args;

/* The runs of clause C as the reports show them: its changes; an added
 * clause's whole text as inserted, a removed one's as deleted (ONE holds
 * that run). Returns their number. */
static size_t clause_runs(const ps_clause_change *c, ps_text_change *one,
                          const ps_text_change **runs) {
  *runs = c->changes;
  if (c->nchanges)
    return c->nchanges;
  const char *text = c->kind == PS_CHANGE_ADDED     ? c->new_text
                     : c->kind == PS_CHANGE_REMOVED ? c->old_text
                                                    : NULL;
  if (!text || !*text)
    return 0;
  *one = (ps_text_change){c->kind == PS_CHANGE_ADDED ? PS_TEXT_INSERTED : PS_TEXT_DELETED, text};
  *runs = one;
  return 1;
}

/* Prints only the lines of the clause that hold a change (every line of
 * an added or removed clause). */
static void print_changes_text(FILE *out, const ps_clause_change *cc, int color) {
  ps_text_change one;
  ps_clause_change view = *cc;
  view.nchanges = clause_runs(cc, &one, &view.changes);
  const ps_clause_change *c = &view;
  char *line = NULL;
  size_t len = 0;
  int changed = 0;
  FILE *f = open_memstream(&line, &len);
  if (!f)
    return;
  for (size_t i = 0; i < c->nchanges; i++) {
    const ps_text_change *t = &c->changes[i];
    for (const char *p = t->text; *p;) {
      size_t k = strcspn(p, "\n");
      if (t->kind == PS_TEXT_EQUAL)
        fwrite(p, 1, k, f);
      else if (k && color)
        fprintf(f, "%s%.*s\033[0m", t->kind == PS_TEXT_DELETED ? "\033[31;9m" : "\033[32;4m",
                (int)k, p);
      else if (k)
        fprintf(f, t->kind == PS_TEXT_DELETED ? "[-%.*s-]" : "{+%.*s+}", (int)k, p);
      changed |= t->kind != 0 && (k || p[k] == '\n');
      if (p[k] == '\n') {
        fflush(f);
        if (changed)
          fprintf(out, "    %.*s\n", (int)len, line);
        rewind(f);
        len = 0;
        changed = 0;
        fflush(f);
      }
      p += k + (p[k] == '\n');
    }
  }
  fflush(f);
  if (changed)
    fprintf(out, "    %.*s\n", (int)len, line);
  fclose(f);
  free(line);
}

/* A document that exists on one side only (its kind does not apply to the
 * other side's profile): said first, in every report. */
static const char *one_side(const ps_doc_version *old_v, const ps_doc_version *new_v) {
  if (ps_doc_version_absent(old_v))
    return N_("OLD has no such document (it does not apply to OLD's profile): every clause of NEW "
              "is added");
  if (ps_doc_version_absent(new_v))
    return N_("NEW has no such document (it does not apply to NEW's profile): every clause of OLD "
              "is removed");
  return NULL;
}

/* ---- a clause's changes as Markdown (the md report) ---- */

typedef struct {
  FILE *out;
  const char *mark; /* of the run being written: "~~", "**" or "" */
  int open;         /* its mark is open */
  size_t spaces;    /* spaces held back: a mark closes before them */
} md_line;

static void md_spaces(md_line *l) {
  for (; l->spaces; l->spaces--)
    fputc(' ', l->out);
}

static void md_close(md_line *l) {
  if (l->open)
    fputs(l->mark, l->out);
  l->open = 0;
  md_spaces(l);
}

/* One character of a run: escaped, inside the run's mark, which opens at
 * the first character that is not a space and closes before the spaces
 * that end the run (Markdown takes "**x **" for no mark). */
static void md_char(md_line *l, char ch) {
  if (ch == ' ') {
    l->spaces++;
    return;
  }
  if (!l->open)
    md_spaces(l);
  if (!l->open && *l->mark) {
    fputs(l->mark, l->out);
    l->open = 1;
  }
  md_spaces(l);
  if (strchr("\\`*_{}[]()#+-.!|~<>&", ch))
    fputc('\\', l->out);
  fputc(ch, l->out);
}

/* Whether the line at S (up to its line end) is a table row as a clause's
 * plain text prints it, "| a | b |"; *DELIM: the rule "| --- | --- |". */
static int md_table_line(const char *s, size_t len, int *delim) {
  while (len && s[len - 1] == ' ')
    len--;
  *delim = len >= 2 && s[0] == '|' && s[len - 1] == '|' && strspn(s, "|-: ") >= len;
  return len >= 2 && s[0] == '|' && s[len - 1] == '|';
}

/* The length of a list item's marker at S ("- ", "1. "), else 0. */
static size_t md_list_marker(const char *s) {
  if ((s[0] == '-' || s[0] == '*') && s[1] == ' ')
    return 2;
  size_t d = strspn(s, "0123456789");
  return d && d < 10 && (s[d] == '.' || s[d] == ')') && s[d + 1] == ' ' ? d + 2 : 0;
}

/* The runs of a clause as Markdown: each line of its plain text on a line
 * of its own, so that its tables stay tables (their | and rule written as
 * Markdown, each cell's changes marked inside the cell) and its lists
 * lists; deleted text ~~struck~~, inserted **bold** (issue 14: not one
 * paragraph of \| and <br>). */
static void print_runs_md(FILE *out, const ps_text_change *runs, size_t n) {
  /* The whole text, to see what each line is. */
  size_t total = 0;
  for (size_t i = 0; i < n; i++)
    total += strlen(runs[i].text);
  char *all = malloc(total + 1);
  unsigned char *kind = malloc(total + 1);
  if (!all || !kind) {
    free(all);
    free(kind);
    return;
  }
  size_t at = 0;
  for (size_t i = 0; i < n; i++) {
    size_t k = strlen(runs[i].text);
    memcpy(all + at, runs[i].text, k);
    memset(kind + at, (int)runs[i].kind, k);
    at += k;
  }
  all[at] = '\0';
  md_line l = {out, "", 0, 0};
  int in_table = 0;
  for (size_t p = 0; p < total;) {
    size_t len = strcspn(all + p, "\n"), end = p + len;
    int delim = 0, table = md_table_line(all + p, len, &delim);
    if (in_table && !table && len) /* a line right after a table (the references) is no row of it */
      fputc('\n', out);
    in_table = table;
    size_t marker = table ? 0 : md_list_marker(all + p);
    if (delim) { /* the rule under a table's header: as it is */
      fwrite(all + p, 1, len, out);
    } else {
      if (marker) /* the item's marker stays Markdown */
        fwrite(all + p, 1, marker, out);
      for (size_t i = p + marker; i < end; i++) {
        const char *mark = kind[i] == PS_TEXT_DELETED    ? "~~"
                           : kind[i] == PS_TEXT_INSERTED ? "**"
                                                         : "";
        if (strcmp(mark, l.mark) != 0) {
          md_close(&l);
          l.mark = mark;
        }
        if (table && all[i] == '|' && (i == p || all[i - 1] != '\\')) { /* a cell's border */
          md_close(&l);
          fputc('|', out);
        } else if (table && all[i] == '\\' && i + 1 < end && all[i + 1] == '|') {
          continue; /* "\|", a | inside a cell: escaped with the next character */
        } else {
          md_char(&l, all[i]);
        }
      }
    }
    md_close(&l);
    l.mark = "";
    fputc('\n', out);
    p = end + (end < total);
  }
  free(all);
  free(kind);
}

/* Markdown: the text is escaped so it stays text inside ~~ and ** marks. */
static void md_text(FILE *out, const char *s) {
  for (; *s; s++) {
    if (*s == '\n') {
      fputs("<br>", out);
      continue;
    }
    if (strchr("\\`*_{}[]()#+-.!|~<>&", *s))
      fputc('\\', out);
    fputc(*s, out);
  }
}

/* ---- values of the profiles behind the documents ---- */

/* One value that differs between the two profiles (ps_profile_compare),
 * copied. */
typedef struct {
  char *path, *old_value, *new_value;
  const char *help;
  int printed; /* documents print the value: its clauses are found by text */
} prof_change;

typedef struct {
  prof_change *items;
  size_t count, cap;
  int present; /* both sides are profiles */
} prof_changes;

/* One compared document of the run (one per kind with --doc all). */
typedef struct {
  const char *kind;
  ps_doc_version *old_v, *new_v;
  ps_diff *d;
} diff_doc;

/* A value worth looking for in a clause's text: absent, or of two
 * characters or more and not あり/なし. */
static int printable(const char *v) {
  if (!v)
    return 1;
  size_t chars = 0;
  for (const unsigned char *p = (const unsigned char *)v; *p; p++)
    chars += (*p & 0xC0) != 0x80;
  return chars > 1 && strcmp(v, "あり") != 0 && strcmp(v, "なし") != 0;
}

static int collect_change(void *ctx, const ps_profile_change *c) {
  prof_changes *l = ctx;
  if (l->count == l->cap) {
    size_t cap = l->cap ? 2 * l->cap : 16;
    prof_change *items = realloc(l->items, cap * sizeof *items);
    if (!items)
      return PS_ENOMEM;
    l->items = items;
    l->cap = cap;
  }
  prof_change *p = &l->items[l->count];
  p->path = strdup(c->path);
  p->old_value = c->old_value ? strdup(c->old_value) : NULL;
  p->new_value = c->new_value ? strdup(c->new_value) : NULL;
  p->help = c->help;
  l->count++;
  if (!p->path || (c->old_value && !p->old_value) || (c->new_value && !p->new_value))
    return PS_ENOMEM;
  /* A one-character value (a class, a count) or a yes/no is not looked
   * for in the text: it would be found everywhere or nowhere. */
  p->printed = (p->old_value || p->new_value) && printable(p->old_value) && printable(p->new_value);
  return 0;
}

static void prof_changes_free(prof_changes *l) {
  for (size_t i = 0; i < l->count; i++) {
    free(l->items[i].path);
    free(l->items[i].old_value);
    free(l->items[i].new_value);
  }
  free(l->items);
}

/* Both inputs are profiles: the values that differ. Markdown sides have
 * no profile, and then nothing is reported at this level. */
static int load_profile_changes(prof_changes *out, const char *old_path, const char *new_path,
                                ps_diags *diags) {
  ps_profile *a = NULL, *b = NULL;
  int rc = ps_profile_load(&a, old_path, diags);
  if (rc == 0)
    rc = ps_profile_load(&b, new_path, diags);
  if (rc == 0)
    rc = ps_profile_compare(a, b, collect_change, out);
  out->present = rc == 0;
  ps_profile_free(a);
  ps_profile_free(b);
  return rc;
}

static size_t occurrences(const char *text, const char *value) {
  size_t n = 0, k = value ? strlen(value) : 0;
  for (const char *p = text && k ? strstr(text, value) : NULL; p; p = strstr(p + k, value))
    n++;
  return n;
}

/* Whether VALUE shows in clause C's change: it, or one of its items
 * (a list or an item of a list is shown as items joined with 、), of two
 * characters or more, occurs a different number of times in OLD's text
 * and in NEW's. */
static int piece_shows(const char *value, const ps_clause_change *c) {
  if (!value)
    return 0;
  char *copy = strdup(value);
  int shows = 0;
  for (char *p = copy, *next; p && *p && !shows; p = next) {
    char *sep = strstr(p, "、");
    next = sep ? sep + strlen("、") : NULL;
    if (sep)
      *sep = '\0';
    shows = printable(p) && occurrences(c->old_text, p) != occurrences(c->new_text, p);
  }
  free(copy);
  return shows;
}

/* Whether the profile value P shows in clause C's change. */
static int value_shows(const prof_change *p, const ps_clause_change *c) {
  if (c->kind == PS_CHANGE_UNCHANGED || c->kind == PS_CHANGE_MOVED)
    return 0;
  return piece_shows(p->old_value, c) || piece_shows(p->new_value, c);
}

/* Whether clause C is touched by the profile value P: a printed value
 * where its text shows it; a value documents do not print (a class, a
 * yes/no) for each changed clause that no printed value explains. */
static int touches(const prof_changes *l, const prof_change *p, const ps_clause_change *c) {
  if (c->kind == PS_CHANGE_UNCHANGED || c->kind == PS_CHANGE_MOVED)
    return 0;
  if (p->printed)
    return value_shows(p, c);
  for (size_t i = 0; i < l->count; i++)
    if (l->items[i].printed && value_shows(&l->items[i], c))
      return 0;
  return 1;
}

/* ---- the change summary at the front of the text and md reports ---- */

/* What the key is, as a reader calls it: the schema's help in the user's
 * language without its example (稼働率 for "uptime, e.g. 99.9%") or its
 * range (自治体機密性 for "自治体機密性 1 to 3" and 「自治体機密性（1〜3）」). */
static void value_label(char *out, size_t n, const prof_change *p) {
  const char *help = p->help ? _(p->help) : p->path;
  size_t k = strlen(help);
  const char *cut[] = {"（例", ", e.g.", " (e.g.", "、例", "（YYYY", ", YYYY", " 1 to ", "（1〜"};
  for (size_t i = 0; i < sizeof cut / sizeof cut[0]; i++) {
    const char *c = strstr(help, cut[i]);
    if (c && (size_t)(c - help) < k)
      k = (size_t)(c - help);
  }
  snprintf(out, n, "%.*s", (int)k, help);
}

/* The profile values behind clause C: 「稼働率 99.95% → 99.9%」, joined
 * with 、; nothing when none is known. MD: escaped for Markdown. */
static void print_values(FILE *out, const prof_changes *pc, const ps_clause_change *c, int md) {
  int first = 1;
  for (size_t i = 0; pc && i < pc->count; i++) {
    const prof_change *p = &pc->items[i];
    if (!touches(pc, p, c))
      continue;
    char label[256];
    value_label(label, sizeof label, p);
    char *line = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&line, &len);
    if (!f)
      return;
    fprintf(f, "%s %s → %s", label, p->old_value ? p->old_value : _("(none)"),
            p->new_value ? p->new_value : _("(none)"));
    fclose(f);
    fputs(first ? "" : "; ", out);
    if (md)
      md_text(out, line);
    else
      fputs(line, out);
    free(line);
    first = 0;
  }
}

static int has_values(const prof_changes *pc, const ps_clause_change *c) {
  for (size_t i = 0; pc && i < pc->count; i++)
    if (touches(pc, &pc->items[i], c))
      return 1;
  return 0;
}

/* What happened to C, as the summary says it: 変更, 移動（第3条から）, ... */
static void print_kind(FILE *out, const ps_clause_change *c) {
  fputs(_(kind_names[c->kind]), out);
  if ((c->kind == PS_CHANGE_MOVED || c->kind == PS_CHANGE_MOVED_CHANGED) && c->old_number)
    fprintf(out, _(" (from %s)"), c->old_number);
  if (c->old_title)
    fprintf(out, _(" (heading was %s)"), c->old_title);
}

static const char *clause_number(const ps_clause_change *c) {
  return c->new_number ? c->new_number : c->old_number ? c->old_number : "-";
}

/* Whether a clause changed (the summary has a row). */
static int clauses_differ(const ps_diff *d) {
  for (size_t i = 0; i < ps_diff_count(d); i++)
    if (ps_diff_at(d, i)->kind != PS_CHANGE_UNCHANGED)
      return 1;
  return 0;
}

static void summary_text(FILE *out, const diff_doc *doc, const prof_changes *pc) {
  const ps_diff *d = doc->d;
  if (!clauses_differ(d))
    return;
  fprintf(out, "%s\n", _("Summary of changes:"));
  for (size_t i = 0; i < ps_diff_count(d); i++) {
    const ps_clause_change *c = ps_diff_at(d, i);
    if (c->kind == PS_CHANGE_UNCHANGED)
      continue;
    fprintf(out, "  %s  %s  ", clause_number(c), c->title);
    print_kind(out, c);
    if (has_values(pc, c))
      fputs("  ", out);
    print_values(out, pc, c, 0);
    fputc('\n', out);
  }
  fputc('\n', out);
}

/* The text report's lines of the changed title block lines (or document
 * properties): 「~ 表題: OLD -> NEW」, OLD struck and NEW underlined in
 * colour. */
static void field_lines(FILE *out, const field_name *names, const ps_diff *d,
                        size_t (*count)(const ps_diff *),
                        const ps_title_change *(*at)(const ps_diff *, size_t), int color) {
  for (size_t i = 0; i < count(d); i++) {
    const ps_title_change *t = at(d, i);
    const char *a = t->old_value ? t->old_value : _("(none)");
    const char *b = t->new_value ? t->new_value : _("(none)");
    fprintf(out, "%s~ %s%s: ", color ? "\033[1m" : "", _(field_of(names, t->field)->label),
            color ? "\033[0m" : "");
    if (color)
      fprintf(out, "\033[31;9m%s\033[0m -> \033[32;4m%s\033[0m\n", a, b);
    else
      fprintf(out, "%s -> %s\n", a, b);
  }
}

static void print_text(FILE *out, const diff_doc *doc, const char *notice, const prof_changes *pc,
                       int color) {
  const ps_diff *d = doc->d;
  if (notice)
    fprintf(out, "%s\n", _(notice));
  field_lines(out, title_fields, d, ps_diff_title_count, ps_diff_title_at, color);
  field_lines(out, prop_fields, d, ps_diff_property_count, ps_diff_property_at, color);
  summary_text(out, doc, pc);
  for (size_t i = 0; i < ps_diff_count(d); i++) {
    const ps_clause_change *c = ps_diff_at(d, i);
    if (c->kind == PS_CHANGE_UNCHANGED)
      continue;
    fprintf(out, "%s%s %s %s%s",
            color ? (c->kind == PS_CHANGE_ADDED     ? "\033[32m"
                     : c->kind == PS_CHANGE_REMOVED ? "\033[31m"
                                                    : "\033[1m")
                  : "",
            kind_marks[c->kind], c->id, c->title, color ? "\033[0m" : "");
    fprintf(out, c->refs[0] ? "  [%s]  %s" : "%s  %s", c->refs, _(kind_names[c->kind]));
    if (c->kind == PS_CHANGE_MOVED || c->kind == PS_CHANGE_MOVED_CHANGED)
      fprintf(out, _(" (position %zu -> %zu)"), c->old_position, c->new_position);
    if (c->old_title)
      fprintf(out, _(" (title was %s)"), c->old_title);
    fputc('\n', out);
    print_changes_text(out, c, color);
  }
  if (ps_diff_title_count(d))
    fprintf(out, _("%zu lines of the title block changed\n"), ps_diff_title_count(d));
  if (ps_diff_property_count(d))
    fprintf(out, _("%zu document properties changed\n"), ps_diff_property_count(d));
  /* Each clause counted once: a moved and changed one is neither of the
   * two before it (issue 14, defect 5). */
  fprintf(
      out,
      _("%zu changed, %zu added, %zu removed, %zu moved, %zu moved and changed, %zu unchanged\n"),
      ps_diff_total(d, PS_CHANGE_CHANGED), ps_diff_total(d, PS_CHANGE_ADDED),
      ps_diff_total(d, PS_CHANGE_REMOVED), ps_diff_total(d, PS_CHANGE_MOVED),
      ps_diff_total(d, PS_CHANGE_MOVED_CHANGED), ps_diff_total(d, PS_CHANGE_UNCHANGED));
}

/* The summary's rows of the changed title block lines (or document
 * properties): WHERE, the line's name, 変更, OLD → NEW. */
static void field_rows(FILE *out, const char *where, const field_name *names, const ps_diff *d,
                       size_t (*count)(const ps_diff *),
                       const ps_title_change *(*at)(const ps_diff *, size_t)) {
  for (size_t i = 0; i < count(d); i++) {
    const ps_title_change *t = at(d, i);
    fprintf(out, "| %s | %s | %s | ", where, field_of(names, t->field)->md,
            _(kind_names[PS_CHANGE_CHANGED]));
    md_text(out, t->old_value ? t->old_value : "（なし）");
    fputs(" → ", out);
    md_text(out, t->new_value ? t->new_value : "（なし）");
    fputs(" |\n", out);
  }
}

/* The change summary as a Markdown table: number, heading, change,
 * profile values, and with IDS the clause ID and criteria. */
static void summary_table(FILE *out, const ps_diff *d, const prof_changes *pc, int ids) {
  /* No criteria column when no clause has references (--no-refs). */
  int refs = 0;
  for (size_t i = 0; ids && i < ps_diff_count(d); i++)
    refs |= ps_diff_at(d, i)->refs[0] != '\0';
  fprintf(out, "| %s | %s | %s | %s |", _("Clause"), _("Heading"), _("Change"),
          _("Values from the profile"));
  if (ids)
    fprintf(out, " %s |", _("Clause ID"));
  if (refs)
    fprintf(out, " %s |", _("Criteria"));
  fprintf(out, "\n| --- | --- | --- | --- |%s%s\n", ids ? " --- |" : "", refs ? " --- |" : "");
  if (!ids) { /* the md report has tables of them */
    field_rows(out, "表題欄", title_fields, d, ps_diff_title_count, ps_diff_title_at);
    field_rows(out, "文書のプロパティ", prop_fields, d, ps_diff_property_count,
               ps_diff_property_at);
  }
  for (size_t i = 0; i < ps_diff_count(d); i++) {
    const ps_clause_change *c = ps_diff_at(d, i);
    if (c->kind == PS_CHANGE_UNCHANGED)
      continue;
    fputs("| ", out);
    md_text(out, clause_number(c));
    fputs(" | ", out);
    md_text(out, c->title);
    fputs(" | ", out);
    char *kind = NULL;
    size_t klen = 0;
    FILE *f = open_memstream(&kind, &klen);
    if (f) {
      print_kind(f, c);
      fclose(f);
      md_text(out, kind);
      free(kind);
    }
    fputs(" | ", out);
    print_values(out, pc, c, 1);
    fputs(" |", out);
    if (ids)
      fprintf(out, " `%s` |", c->id);
    if (refs) {
      fputc(' ', out);
      md_text(out, c->refs);
      fputs(" |", out);
    }
    fputc('\n', out);
  }
}

/* The page a redline starts with (after its title block): the summary,
 * said to be no part of the document, so that it is deleted before the
 * document is sent; not a tracked change, so Accept All and Reject All
 * leave it. NULL when out of memory (free it). */
static char *summary_page(const ps_diff *d, const prof_changes *pc) {
  char *text = NULL;
  size_t len = 0;
  FILE *out = open_memstream(&text, &len);
  if (!out)
    return NULL;
  fprintf(out, "**");
  md_text(out, _("[Summary of changes]"));
  fprintf(out, "** ");
  md_text(out, _("This page was added by procspec diff to list the changes; it is neither part "
                 "of the document nor a tracked change. Delete it before the document is sent "
                 "(--no-summary leaves it out)."));
  fprintf(out, "\n\n");
  summary_table(out, d, pc, 0);
  fprintf(out, "\n**");
  md_text(out, _("[End of the summary of changes]"));
  fprintf(out, "**\n");
  if (fclose(out) != 0) {
    free(text);
    return NULL;
  }
  return text;
}

/* The summary page in Japanese, whatever the language of the run: it
 * stands inside a Japanese document (issue 14). */
static char *front_matter(const ps_diff *d, const prof_changes *pc) {
  if (!ps_diff_differs(d))
    return NULL;
  const char *lang = cli_lang_use("ja");
  char *text = summary_page(d, pc);
  cli_lang_use(lang);
  return text;
}

/* The Markdown report's table of the changed title block lines (or
 * document properties), old and new value side by side; nothing when
 * none changed. */
static void md_field_table(FILE *out, const char *heading, const field_name *names,
                           const ps_diff *d, size_t (*count)(const ps_diff *),
                           const ps_title_change *(*at)(const ps_diff *, size_t)) {
  if (!count(d))
    return;
  fprintf(out, "| %s | 変更前 | 変更後 |\n| --- | --- | --- |\n", heading);
  for (size_t i = 0; i < count(d); i++) {
    const ps_title_change *t = at(d, i);
    fprintf(out, "| %s | ", field_of(names, t->field)->md);
    md_text(out, t->old_value ? t->old_value : "（なし）");
    fprintf(out, " | ");
    md_text(out, t->new_value ? t->new_value : "（なし）");
    fprintf(out, " |\n");
  }
  fprintf(out, "\n");
}

static void print_md(FILE *out, const diff_doc *doc, const char *notice, const prof_changes *pc,
                     int all) {
  const ps_diff *d = doc->d;
  fprintf(out, "%s %s\n\n", all ? "##" : "#", _("Changes of the clauses"));
  if (notice) {
    md_text(out, _(notice));
    fprintf(out, "\n\n");
  }
  md_field_table(out, "表題欄", title_fields, d, ps_diff_title_count, ps_diff_title_at);
  md_field_table(out, "文書のプロパティ", prop_fields, d, ps_diff_property_count,
                 ps_diff_property_at);
  if (clauses_differ(d))
    summary_table(out, d, pc, 1);
  fprintf(out, _("\n%zu clauses unchanged.\n"), ps_diff_total(d, PS_CHANGE_UNCHANGED));
  for (size_t i = 0; i < ps_diff_count(d); i++) {
    const ps_clause_change *c = ps_diff_at(d, i);
    ps_text_change one;
    const ps_text_change *runs;
    size_t nruns = clause_runs(c, &one, &runs);
    if (!nruns)
      continue;
    fprintf(out, "\n%s `%s` ", all ? "###" : "##", c->id);
    md_text(out, c->title);
    if (c->refs[0]) { /* none with --no-refs */
      fprintf(out, "\n\n%s", _("Criteria: "));
      md_text(out, c->refs);
      fprintf(out, " (");
      md_text(out, _(kind_names[c->kind]));
      fprintf(out, ")\n\n");
    } else {
      fprintf(out, "\n\n(");
      md_text(out, _(kind_names[c->kind]));
      fprintf(out, ")\n\n");
    }
    print_runs_md(out, runs, nruns);
  }
}

/* ---- JSON (schemas/diff.schema.json) ---- */

#define DIFF_SCHEMA_VERSION 1

static void json_refs(FILE *out, const char *refs) {
  if (!refs) {
    fputs("null", out);
    return;
  }
  fputc('[', out);
  int first = 1;
  for (const char *p = refs; *p;) {
    size_t k = strcspn(p, " ");
    if (k) {
      char *one = strndup(p, k);
      fputs(first ? "" : ", ", out);
      json_string(out, one ? one : "");
      free(one);
      first = 0;
    }
    p += k + (p[k] == ' ');
  }
  fputc(']', out);
}

static void json_position(FILE *out, size_t pos) {
  if (pos)
    fprintf(out, "%zu", pos);
  else
    fputs("null", out);
}

static void json_side(FILE *out, const ps_doc_version *v) {
  ps_doc_info info;
  ps_doc_version_describe(v, &info);
  fprintf(out,
          "{\"exists\": %s, \"source\": {\"path\": ", ps_doc_version_absent(v) ? "false" : "true");
  json_string(out, info.source);
  fprintf(out, ", \"type\": \"%s\"}, \"kind\": ", info.source_type);
  json_string(out, info.kind);
  fputs(", \"title\": ", out);
  json_string(out, info.title);
  fputs(", \"version\": ", out);
  json_string(out, info.version);
  fputs(", \"date\": ", out);
  json_string(out, info.date);
  fputs(", \"iso_date\": ", out);
  json_string(out, info.iso_date);
  fputs(", \"organization\": ", out);
  json_string(out, info.organization);
  fputc('}', out);
}

static void json_document(FILE *out, const diff_doc *doc, const char *indent) {
  static const char *const json_kinds[] = {"unchanged", "added", "removed",
                                           "changed",   "moved", "moved_changed"};
  const ps_diff *d = doc->d;
  fprintf(out, "\"kind\": ");
  json_string(out, doc->kind);
  fprintf(out, ", \"differs\": %s,\n%s\"old_exists\": %s, \"new_exists\": %s,\n%s\"old\": ",
          ps_diff_differs(d) ? "true" : "false", indent,
          ps_doc_version_absent(doc->old_v) ? "false" : "true",
          ps_doc_version_absent(doc->new_v) ? "false" : "true", indent);
  json_side(out, doc->old_v);
  fprintf(out, ",\n%s\"new\": ", indent);
  json_side(out, doc->new_v);
  fprintf(out, ",\n%s\"title_block\": [", indent);
  for (size_t i = 0; i < ps_diff_title_count(d); i++) {
    const ps_title_change *t = ps_diff_title_at(d, i);
    fprintf(out, "%s{\"field\": \"%s\", \"old\": ", i ? ", " : "", t->field);
    json_string(out, t->old_value);
    fprintf(out, ", \"new\": ");
    json_string(out, t->new_value);
    fprintf(out, "}");
  }
  fprintf(out, "],\n%s\"properties\": [", indent);
  for (size_t i = 0; i < ps_diff_property_count(d); i++) {
    const ps_title_change *t = ps_diff_property_at(d, i);
    fprintf(out, "%s{\"field\": \"%s\", \"old\": ", i ? ", " : "", t->field);
    json_string(out, t->old_value);
    fprintf(out, ", \"new\": ");
    json_string(out, t->new_value);
    fprintf(out, "}");
  }
  fprintf(out, "],\n%s\"summary\": {", indent);
  fprintf(
      out,
      "\"changed\": %zu, \"added\": %zu, \"removed\": %zu, \"moved\": %zu, "
      "\"moved_changed\": %zu, \"unchanged\": %zu, \"title_block\": %zu, \"properties\": %zu},\n"
      "%s\"clauses\": [",
      ps_diff_total(d, PS_CHANGE_CHANGED), ps_diff_total(d, PS_CHANGE_ADDED),
      ps_diff_total(d, PS_CHANGE_REMOVED), ps_diff_total(d, PS_CHANGE_MOVED),
      ps_diff_total(d, PS_CHANGE_MOVED_CHANGED), ps_diff_total(d, PS_CHANGE_UNCHANGED),
      ps_diff_title_count(d), ps_diff_property_count(d), indent);
  for (size_t i = 0; i < ps_diff_count(d); i++) {
    const ps_clause_change *c = ps_diff_at(d, i);
    fprintf(out, "%s\n%s  {\"id\": ", i ? "," : "", indent);
    json_string(out, c->id);
    fprintf(out, ", \"status\": \"%s\", \"title\": ", json_kinds[c->kind]);
    json_string(out, c->title);
    fprintf(out, ", \"old_title\": ");
    json_string(out, c->old_title);
    fprintf(out, ", \"old_number\": ");
    json_string(out, c->old_number);
    fprintf(out, ", \"new_number\": ");
    json_string(out, c->new_number);
    fprintf(out, ", \"refs\": ");
    json_refs(out, c->refs);
    fprintf(out, ", \"old_refs\": ");
    json_refs(out, c->old_refs);
    fprintf(out, ", \"old_position\": ");
    json_position(out, c->old_position);
    fprintf(out, ", \"new_position\": ");
    json_position(out, c->new_position);
    fprintf(out, ", \"old_text\": ");
    json_string(out, c->old_text);
    fprintf(out, ", \"new_text\": ");
    json_string(out, c->new_text);
    fprintf(out, ", \"changes\": [");
    for (size_t k = 0; k < c->nchanges; k++) {
      fprintf(out, "%s{\"op\": \"%s\", \"text\": ", k ? ", " : "",
              c->changes[k].kind == PS_TEXT_EQUAL     ? "equal"
              : c->changes[k].kind == PS_TEXT_DELETED ? "delete"
                                                      : "insert");
      json_string(out, c->changes[k].text);
      fprintf(out, "}");
    }
    fprintf(out, "]}");
  }
  fprintf(out, "\n%s]", indent);
}

static void json_profile_changes(FILE *out, const prof_changes *l, const diff_doc *docs,
                                 size_t ndocs) {
  if (!l->present) {
    fputs("null", out);
    return;
  }
  fputc('[', out);
  for (size_t i = 0; i < l->count; i++) {
    const prof_change *p = &l->items[i];
    fprintf(out, "%s\n  {\"path\": ", i ? "," : "");
    json_string(out, p->path);
    fputs(", \"old\": ", out);
    json_string(out, p->old_value);
    fputs(", \"new\": ", out);
    json_string(out, p->new_value);
    fprintf(out, ", \"found_by\": \"%s\", \"documents\": [", p->printed ? "value" : "elimination");
    int first = 1;
    for (size_t k = 0; k < ndocs; k++) {
      int any = 0;
      for (size_t j = 0; j < ps_diff_count(docs[k].d) && !any; j++)
        any = touches(l, p, ps_diff_at(docs[k].d, j));
      if (any) {
        fputs(first ? "" : ", ", out);
        json_string(out, docs[k].kind);
        first = 0;
      }
    }
    fputs("], \"clauses\": [", out);
    first = 1;
    for (size_t k = 0; k < ndocs; k++)
      for (size_t j = 0; j < ps_diff_count(docs[k].d); j++) {
        const ps_clause_change *c = ps_diff_at(docs[k].d, j);
        if (!touches(l, p, c))
          continue;
        fputs(first ? "" : ", ", out);
        fputs("{\"document\": ", out);
        json_string(out, docs[k].kind);
        fputs(", \"id\": ", out);
        json_string(out, c->id);
        fputs(", \"number\": ", out);
        json_string(out, c->new_number ? c->new_number : c->old_number);
        fputc('}', out);
        first = 0;
      }
    fputs("]}", out);
  }
  fputs(l->count ? "\n]" : "]", out);
}

/* One document: its fields at the top level (as before --doc all); several:
 * a list of them. */
static void print_json(FILE *out, const diff_doc *docs, size_t ndocs, int all,
                       const prof_changes *pc) {
  fprintf(out, "{\"schema_version\": %d,\n ", DIFF_SCHEMA_VERSION);
  if (!all) {
    json_document(out, &docs[0], " ");
  } else {
    int differs = 0;
    for (size_t i = 0; i < ndocs; i++)
      differs |= ps_diff_differs(docs[i].d);
    fprintf(out, "\"differs\": %s,\n \"documents\": [", differs ? "true" : "false");
    for (size_t i = 0; i < ndocs; i++) {
      fprintf(out, "%s\n  {", i ? "," : "");
      json_document(out, &docs[i], "   ");
      fputc('}', out);
    }
    fputs("\n ]", out);
  }
  fputs(",\n \"profile_changes\": ", out);
  json_profile_changes(out, pc, docs, ndocs);
  fputs("}\n", out);
}

static int parse_args(diff_args *a, int argc, char **argv) {
  const char *color = "auto", *granularity = "word", *columns = "new-old", *unchanged = "omit";
  for (int i = 1; i < argc; i++) {
    const char *s = argv[i];
    int more = i + 1 < argc;
    if (strcmp(s, "--doc") == 0 && more)
      a->kind = argv[++i];
    else if (strcmp(s, "--format") == 0 && more)
      a->format = argv[++i];
    else if ((strcmp(s, "-o") == 0 || strcmp(s, "--output") == 0) && more)
      a->output = argv[++i];
    else if (strcmp(s, "--old-templates") == 0 && more)
      a->old_tpl = argv[++i];
    else if (strcmp(s, "--new-templates") == 0 && more)
      a->new_tpl = argv[++i];
    else if (strcmp(s, "--templates") == 0 && more)
      a->old_tpl = a->new_tpl = argv[++i];
    else if (strcmp(s, "--author") == 0 && more)
      a->author = argv[++i];
    else if (strcmp(s, "--date") == 0 && more)
      a->date = argv[++i];
    else if (strcmp(s, "--granularity") == 0 && more)
      granularity = argv[++i];
    else if (strcmp(s, "--no-refs") == 0)
      a->options.no_refs = 1;
    else if (strcmp(s, "--ignore-title") == 0)
      a->options.ignore_title = 1;
    else if (strcmp(s, "--no-summary") == 0)
      a->no_summary = 1;
    else if (strncmp(s, "--granularity=", 14) == 0)
      granularity = s + 14;
    else if (strcmp(s, "--columns") == 0 && more)
      columns = argv[++i];
    else if (strcmp(s, "--unchanged") == 0 && more)
      unchanged = argv[++i];
    else if (strncmp(s, "--color=", 8) == 0)
      color = s + 8;
    else if (s[0] == '-' && s[1])
      return cli_fail("unknown option '%s' for diff (or it needs a value)", s);
    else if (!a->old_path)
      a->old_path = s;
    else if (!a->new_path)
      a->new_path = s;
    else
      return cli_fail("diff takes two inputs, OLD and NEW");
  }
  if (!a->new_path)
    return cli_fail("diff needs OLD and NEW; try 'procspec diff --help'");
  if (strcmp(color, "always") == 0)
    a->color = 1;
  else if (strcmp(color, "never") == 0)
    a->color = 0;
  else if (strcmp(color, "auto") == 0)
    a->color = !a->output && isatty(STDOUT_FILENO);
  else
    return cli_fail("--color takes auto, always or never");
  if (strcmp(granularity, "word") == 0)
    a->options.granularity = PS_GRANULARITY_WORD;
  else if (strcmp(granularity, "char") == 0)
    a->options.granularity = PS_GRANULARITY_CHAR;
  else if (strcmp(granularity, "sentence") == 0)
    a->options.granularity = PS_GRANULARITY_SENTENCE;
  else
    return cli_fail("--granularity takes word, char or sentence, not '%s'", granularity);
  if (strcmp(columns, "new-old") == 0)
    a->comparison.old_first = 0;
  else if (strcmp(columns, "old-new") == 0)
    a->comparison.old_first = 1;
  else
    return cli_fail("--columns takes new-old (改正後 | 改正前) or old-new, not '%s'", columns);
  if (strcmp(unchanged, "omit") == 0)
    a->comparison.show_unchanged = 0;
  else if (strcmp(unchanged, "abbreviate") == 0)
    a->comparison.show_unchanged = 1;
  else
    return cli_fail("--unchanged takes omit or abbreviate (rows of （略）), not '%s'", unchanged);
  static const char *formats[] = {"text", "md", "json", "docx", "odt", "pdf", "comparison"};
  int known = 0;
  for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
    known |= strcmp(a->format, formats[i]) == 0;
  if (!known)
    return cli_fail("unknown format '%s'; use text, md, json, docx, odt, pdf or comparison",
                    a->format);
  a->all = a->kind && strcmp(a->kind, "all") == 0;
  if (a->all && strcmp(a->format, "comparison") == 0) {
    a->comparison_format = PS_FMT_DOCX; /* DIR/KIND-comparison.docx */
    if (!a->output)
      return cli_fail(
          "--doc all --format comparison needs -o DIR, the folder for one 新旧対照表 per document");
  } else if (strcmp(a->format, "comparison") == 0) {
    const char *ext = a->output ? strrchr(a->output, '.') : NULL;
    a->comparison_pdf = ext && strcmp(ext, ".pdf") == 0;
    a->comparison_format = !ext                        ? 0
                           : strcmp(ext, ".docx") == 0 ? PS_FMT_DOCX
                           : strcmp(ext, ".odt") == 0  ? PS_FMT_ODT
                           : strcmp(ext, ".md") == 0   ? PS_FMT_MD
                           : a->comparison_pdf         ? PS_FMT_ODT
                                                       : 0;
    if (!a->comparison_format)
      return cli_fail("--format comparison writes the 新旧対照表 to -o FILE.docx, FILE.odt, "
                      "FILE.md or FILE.pdf");
  }
  if ((strcmp(a->format, "docx") == 0 || strcmp(a->format, "odt") == 0 ||
       strcmp(a->format, "pdf") == 0) &&
      !a->output)
    return cli_fail(a->all
                        ? "--doc all --format %s needs -o DIR, the folder for one file per document"
                        : "--format %s needs -o FILE",
                    a->format);
  return 0;
}

/* The file of one document in the -o folder of --doc all. */
static char *file_name(const diff_args *a, const char *kind) {
  const char *ext = strcmp(a->format, "comparison") == 0 ? "-comparison.docx"
                    : strcmp(a->format, "pdf") == 0      ? ".pdf"
                    : strcmp(a->format, "odt") == 0      ? ".odt"
                                                         : ".docx";
  size_t n = strlen(kind) + strlen(ext) + 1;
  char *name = malloc(n);
  if (name)
    snprintf(name, n, "%s%s", kind, ext);
  return name;
}

/* The ODT in *DATA (named NAME) replaced by its PDF, printed by LibreOffice. */
static int odt_to_pdf(unsigned char **data, size_t *len, char *name, ps_diags *diags) {
  ps_output odt = {name, *data, *len};
  ps_outputs out = {NULL, 0};
  ps_pdf_options pdf_opts = PS_PDF_OPTIONS_INIT;
  int rc = ps_pdf_convert(&out, &odt, 1, &pdf_opts, diags);
  free(*data);
  *data = NULL;
  *len = 0;
  if (rc == 0) {
    *data = out.files[0].data;
    *len = out.files[0].size;
    out.files[0].data = NULL;
  }
  ps_outputs_free(&out);
  return rc;
}

/* The redline (DOCX, ODT, or PDF printed from the ODT) of D in *DATA. */
static int make_redline(unsigned char **data, size_t *len, const diff_args *a, const ps_diff *d,
                        const prof_changes *pc, ps_diags *diags) {
  int pdf = strcmp(a->format, "pdf") == 0;
  ps_format fmt = strcmp(a->format, "docx") == 0 ? PS_FMT_DOCX : PS_FMT_ODT;
  ps_redline_options opts = PS_REDLINE_OPTIONS_INIT;
  opts.author = a->author ? a->author : "procspec";
  opts.date = a->date;
  char *front = a->no_summary ? NULL : front_matter(d, pc);
  opts.front_matter = front;
  int rc = ps_diff_redline_ex(data, len, d, fmt, &opts, diags);
  free(front);
  /* The ODT redline printed by Writer: insertions and deletions show as
   * marked text. */
  if (rc == 0 && pdf)
    rc = odt_to_pdf(data, len, (char[]){"redline.odt"}, diags);
  return rc;
}

/* The file of one document: the redline or the 新旧対照表. */
static int make_file(unsigned char **data, size_t *len, const diff_args *a, const ps_diff *d,
                     const prof_changes *pc, ps_diags *diags) {
  if (strcmp(a->format, "comparison") == 0) {
    int rc = ps_diff_comparison(data, len, d, a->comparison_format, &a->comparison, diags);
    return rc == 0 && a->comparison_pdf ? odt_to_pdf(data, len, (char[]){"comparison.odt"}, diags)
                                        : rc;
  }
  return make_redline(data, len, a, d, pc, diags);
}

/* --doc all with docx, odt, pdf or comparison: one file per document in
 * the -o folder, all written or none (as generate writes its folder). */
static int write_folder(const diff_args *a, const diff_doc *docs, size_t ndocs,
                        const prof_changes *pc, ps_diags *diags) {
  ps_outputs out = {calloc(ndocs + 1, sizeof(ps_output)), 0};
  int rc = out.files ? 0 : PS_ENOMEM;
  for (size_t i = 0; i < ndocs && rc == 0; i++) {
    /* A document on one side only has no redline: the report says so. */
    if (strcmp(a->format, "comparison") != 0 &&
        (ps_doc_version_absent(docs[i].old_v) || ps_doc_version_absent(docs[i].new_v)))
      continue;
    ps_output *o = &out.files[out.count];
    o->name = file_name(a, docs[i].kind);
    rc = o->name ? make_file(&o->data, &o->size, a, docs[i].d, pc, diags) : PS_ENOMEM;
    out.count++;
  }
  cli_outdir held = {-1, 0};
  if (rc == 0 && cli_outdir_open(&held, a->output, 0) != 0)
    rc = PS_EIO;
  else if (rc == 0) {
    rc = ps_outputs_write(&out, a->output, diags);
    cli_outdir_close(&held, rc != 0);
  }
  for (size_t i = 0; rc == 0 && i < out.count; i++)
    printf("%s/%s\n", a->output, out.files[i].name);
  ps_outputs_free(&out);
  return rc;
}

/* One document's redline or 新旧対照表 to -o FILE. */
static int write_file(const diff_args *a, const ps_diff *d, const prof_changes *pc,
                      ps_diags *diags) {
  unsigned char *data = NULL;
  size_t len = 0;
  int rc = make_file(&data, &len, a, d, pc, diags);
  if (rc == 0)
    rc = cli_write_file(a->output, data, len, diags);
  free(data);
  return rc;
}

/* The text, Markdown or JSON report: to standard output, or with -o into
 * a file written as every output file is (whole, or in place for a device). */
static int write_report(const diff_args *a, const diff_doc *docs, size_t ndocs,
                        const prof_changes *pc, ps_diags *diags) {
  char *data = NULL;
  size_t len = 0;
  FILE *out = a->output ? open_memstream(&data, &len) : stdout;
  if (!out)
    return cli_fail("out of memory"), PS_ENOMEM;
  if (strcmp(a->format, "json") == 0) {
    print_json(out, docs, ndocs, a->all, pc);
  } else {
    int md = strcmp(a->format, "md") == 0;
    for (size_t i = 0; i < ndocs; i++) {
      const char *notice = one_side(docs[i].old_v, docs[i].new_v);
      if (a->all) {
        ps_doc_info info;
        ps_doc_version_describe(
            ps_doc_version_absent(docs[i].new_v) ? docs[i].old_v : docs[i].new_v, &info);
        fprintf(out, md ? "%s# %s (%s)\n\n" : "%s== %s (%s) ==\n", i ? "\n" : "",
                info.title ? info.title : docs[i].kind, docs[i].kind);
      }
      if (md)
        print_md(out, &docs[i], notice, pc, a->all);
      else
        print_text(out, &docs[i], notice, pc, a->color);
    }
  }
  if (!a->output)
    return 0;
  int rc = fclose(out) == 0 ? cli_write_file(a->output, (unsigned char *)data, len, diags)
                            : (cli_fail("out of memory"), PS_ENOMEM);
  free(data);
  return rc;
}

/* Loads document KIND of both sides with their libraries. 1 (nothing
 * loaded) when KIND applies to neither side and SKIP_ABSENT. */
static int load_doc(diff_doc *doc, const diff_args *a, const char *kind, const ps_library *old_lib,
                    const ps_library *new_lib, int skip_absent, ps_diags *diags) {
  memset(doc, 0, sizeof(*doc));
  doc->kind = kind;
  int rc = ps_doc_version_load(&doc->old_v, a->old_path, kind, old_lib, diags);
  if (rc == 0)
    rc = ps_doc_version_load(&doc->new_v, a->new_path, kind, new_lib, diags);
  if (rc == 0 && skip_absent && ps_doc_version_absent(doc->old_v) &&
      ps_doc_version_absent(doc->new_v))
    rc = 1;
  if (rc == 0)
    rc = ps_diff_build(&doc->d, doc->old_v, doc->new_v, &a->options, diags);
  if (rc == 0 && skip_absent && ps_diff_count(doc->d) == 0) /* nothing of its own (compliance) */
    rc = 1;
  return rc;
}

static void doc_free(diff_doc *doc) {
  ps_diff_free(doc->d);
  ps_doc_version_free(doc->old_v);
  ps_doc_version_free(doc->new_v);
  memset(doc, 0, sizeof(*doc));
}

/* The documents to compare: the one of --doc (spec by default), or with
 * --doc all each kind of the library that applies to either profile (a
 * procspec Markdown side holds one document: its kind is compared). */
static int load_docs(diff_doc **out, size_t *count, const diff_args *a, const ps_library *old_lib,
                     const ps_library *new_lib, int *profiles, ps_diags *diags) {
  *count = 0;
  *profiles = 0;
  size_t cap = a->all ? ps_library_doc_count(new_lib) + 1 : 1;
  diff_doc *docs = *out = calloc(cap, sizeof *docs);
  if (!docs)
    return PS_ENOMEM;
  if (!a->all) {
    int rc = load_doc(&docs[0], a, a->kind, old_lib, new_lib, 0, diags);
    *count = 1;
    if (rc == 0) {
      ps_doc_info o, n;
      ps_doc_version_describe(docs[0].old_v, &o);
      ps_doc_version_describe(docs[0].new_v, &n);
      *profiles = o.from_profile && n.from_profile;
      docs[0].kind = n.kind;
    }
    return rc;
  }
  /* Which kind a Markdown side holds: read once without a kind. */
  diff_doc probe;
  int rc = load_doc(&probe, a, NULL, old_lib, new_lib, 0, diags);
  ps_doc_info o, n;
  if (rc == 0) {
    ps_doc_version_describe(probe.old_v, &o);
    ps_doc_version_describe(probe.new_v, &n);
    *profiles = o.from_profile && n.from_profile;
  }
  if (rc == 0 && !*profiles) {
    docs[0] = probe;
    docs[0].kind = (o.from_profile ? n : o).kind;
    *count = 1;
    if (o.from_profile != n.from_profile) { /* the profile side as that kind */
      char *kind = strdup((o.from_profile ? n : o).kind);
      doc_free(&docs[0]);
      rc = kind ? load_doc(&docs[0], a, kind, old_lib, new_lib, 0, diags) : PS_ENOMEM;
      free(kind);
      if (rc == 0) {
        ps_doc_version_describe(docs[0].new_v, &n);
        docs[0].kind = n.kind;
      }
    }
    return rc;
  }
  doc_free(&probe);
  for (size_t i = 0; rc == 0 && i < ps_library_doc_count(new_lib); i++) {
    const char *kind = ps_library_doc_kind(new_lib, i);
    rc = load_doc(&docs[*count], a, kind, old_lib, new_lib, 1, diags);
    if (rc == 1) {
      doc_free(&docs[*count]);
      rc = 0;
      continue;
    }
    (*count)++;
  }
  if (rc == 0 && *count == 0)
    rc = (cli_fail("no document applies to either profile"), PS_EINPUT);
  return rc;
}

int cmd_diff(int argc, char **argv) {
  diff_args a;
  memset(&a, 0, sizeof a);
  a.format = "text";
  a.options = (ps_diff_options)PS_DIFF_OPTIONS_INIT;
  if (parse_args(&a, argc, argv) != 0)
    return EXIT_TROUBLE;
  ps_diags *diags = ps_diags_new();
  ps_library *old_lib = NULL, *new_lib = NULL;
  diff_doc *docs = NULL;
  size_t ndocs = 0;
  prof_changes pc;
  memset(&pc, 0, sizeof pc);
  int status = EXIT_TROUBLE, profiles = 0;
  if (diags && cli_load_library(&old_lib, a.old_tpl, diags) == 0 &&
      cli_load_library(&new_lib, a.new_tpl, diags) == 0 &&
      load_docs(&docs, &ndocs, &a, old_lib, new_lib, &profiles, diags) == 0 &&
      (!profiles || load_profile_changes(&pc, a.old_path, a.new_path, diags) == 0)) {
    int rc = 0, differs = 0;
    int report = strcmp(a.format, "text") == 0 || strcmp(a.format, "md") == 0 ||
                 strcmp(a.format, "json") == 0;
    if (report)
      rc = write_report(&a, docs, ndocs, &pc, diags);
    else if (a.all)
      rc = write_folder(&a, docs, ndocs, &pc, diags);
    else
      rc = write_file(&a, docs[0].d, &pc, diags);
    for (size_t i = 0; i < ndocs; i++)
      differs |= ps_diff_differs(docs[i].d);
    status = rc < 0 ? EXIT_TROUBLE : differs ? EXIT_FINDINGS : EXIT_OK;
  }
  cli_print_diags(diags);
  for (size_t i = 0; i < ndocs; i++)
    doc_free(&docs[i]);
  free(docs);
  prof_changes_free(&pc);
  ps_library_free(old_lib);
  ps_library_free(new_lib);
  ps_diags_free(diags);
  return status;
}
