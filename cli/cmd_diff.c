#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "json.h"

void usage_diff(void) {
  printf(_("usage: procspec diff OLD NEW [--doc KIND] [--format text|md|json|docx|odt|pdf] [-o FILE]\n"
         "                    [--old-templates DIR] [--new-templates DIR] [--templates DIR]\n"
         "                    [--granularity word|char|sentence] [--no-refs]\n"
         "                    [--columns new-old|old-new] [--unchanged omit|abbreviate]\n"
         "                    [--ignore-title]\n"
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
         "【3.1(1)】 lines of criteria references out of the redline, as generate does.\n"
         "comparison writes the 新旧対照表 (改正後 | 改正前, changed wording underlined)\n"
         "to -o FILE.docx, FILE.odt or FILE.md.\n"
         "The title block (title, date, organization, version) and the page header\n"
         "are compared too, and tracked in a redline; --ignore-title leaves them out.\n\n"
         "Exit 0 when the documents are the same, 1 when they differ, 2 on trouble.\n"));
}

static const char *const kind_names[] = {N_("unchanged"), N_("added"), N_("removed"), N_("changed"),
                                         N_("moved"), N_("moved and changed")};
static const char *const kind_marks[] = {" ", "+", "-", "~", ">", "~"};

/* The lines of the title block: the text report's label, the Markdown
 * report's. */
static const struct {
  const char *field, *label, *md;
} title_fields[] = {{"title", N_("title block, title"), "表題"},
                    {"date", N_("title block, date"), "日付"},
                    {"organization", N_("title block, organization"), "団体名"},
                    {"version", N_("title block, version"), "版"}};

static size_t title_field(const char *field) {
  size_t i = 0;
  while (i + 1 < sizeof title_fields / sizeof title_fields[0] && strcmp(title_fields[i].field, field) != 0)
    i++;
  return i;
}

typedef struct {
  const char *old_path, *new_path, *kind, *format, *output, *old_tpl, *new_tpl, *author, *date;
  int color;
  ps_diff_options options;
  ps_comparison_options comparison;
  unsigned comparison_format; /* PS_FMT_*, from the -o file's extension */
} diff_args;

/* Prints only the lines of the clause that hold a change. */
static void print_changes_text(FILE *out, const ps_clause_change *c, int color) {
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
        fprintf(f, "%s%.*s\033[0m", t->kind == PS_TEXT_DELETED ? "\033[31;9m" : "\033[32;4m", (int)k, p);
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
    return "OLD has no such document (it does not apply to OLD's profile): every clause of NEW is added";
  if (ps_doc_version_absent(new_v))
    return "NEW has no such document (it does not apply to NEW's profile): every clause of OLD is removed";
  return NULL;
}

static void print_text(FILE *out, const ps_diff *d, const char *notice, int color) {
  if (notice)
    fprintf(out, "%s\n", notice);
  for (size_t i = 0; i < ps_diff_title_count(d); i++) {
    const ps_title_change *t = ps_diff_title_at(d, i);
    fprintf(out, "%s~ %s%s: ", color ? "\033[1m" : "", _(title_fields[title_field(t->field)].label),
            color ? "\033[0m" : "");
    if (color)
      fprintf(out, "\033[31;9m%s\033[0m -> \033[32;4m%s\033[0m\n", t->old_value ? t->old_value : _("(none)"),
              t->new_value ? t->new_value : _("(none)"));
    else
      fprintf(out, "%s -> %s\n", t->old_value ? t->old_value : _("(none)"), t->new_value ? t->new_value : _("(none)"));
  }
  for (size_t i = 0; i < ps_diff_count(d); i++) {
    const ps_clause_change *c = ps_diff_at(d, i);
    if (c->kind == PS_CHANGE_UNCHANGED)
      continue;
    fprintf(out, "%s%s %s %s%s", color ? (c->kind == PS_CHANGE_ADDED ? "\033[32m" : c->kind == PS_CHANGE_REMOVED ? "\033[31m" : "\033[1m") : "",
           kind_marks[c->kind], c->id, c->title, color ? "\033[0m" : "");
    fprintf(out, "  [%s]  %s", c->refs, _(kind_names[c->kind]));
    if (c->kind == PS_CHANGE_MOVED || c->kind == PS_CHANGE_MOVED_CHANGED)
      fprintf(out, _(" (position %zu -> %zu)"), c->old_position, c->new_position);
    if (c->old_title)
      fprintf(out, _(" (title was %s)"), c->old_title);
    fputc('\n', out);
    if (c->nchanges)
      print_changes_text(out, c, color);
  }
  if (ps_diff_title_count(d))
    fprintf(out, _("%zu lines of the title block changed\n"), ps_diff_title_count(d));
  /* Each clause counted once: a moved and changed one is neither of the
   * two before it (issue 14, defect 5). */
  fprintf(out, _("%zu changed, %zu added, %zu removed, %zu moved, %zu moved and changed, %zu unchanged\n"),
          ps_diff_total(d, PS_CHANGE_CHANGED), ps_diff_total(d, PS_CHANGE_ADDED),
          ps_diff_total(d, PS_CHANGE_REMOVED), ps_diff_total(d, PS_CHANGE_MOVED),
          ps_diff_total(d, PS_CHANGE_MOVED_CHANGED), ps_diff_total(d, PS_CHANGE_UNCHANGED));
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

static void print_md(FILE *out, const ps_diff *d, const char *notice) {
  fprintf(out, "# 条文の変更\n\n");
  if (notice) {
    md_text(out, notice);
    fprintf(out, "\n\n");
  }
  if (ps_diff_title_count(d)) {
    fprintf(out, "| 表題欄 | 変更前 | 変更後 |\n| --- | --- | --- |\n");
    for (size_t i = 0; i < ps_diff_title_count(d); i++) {
      const ps_title_change *t = ps_diff_title_at(d, i);
      fprintf(out, "| %s | ", title_fields[title_field(t->field)].md);
      md_text(out, t->old_value ? t->old_value : "（なし）");
      fprintf(out, " | ");
      md_text(out, t->new_value ? t->new_value : "（なし）");
      fprintf(out, " |\n");
    }
    fprintf(out, "\n");
  }
  fprintf(out, "| 変更 | 条文ID | 見出し | 根拠 |\n| --- | --- | --- | --- |\n");
  for (size_t i = 0; i < ps_diff_count(d); i++) {
    const ps_clause_change *c = ps_diff_at(d, i);
    if (c->kind == PS_CHANGE_UNCHANGED)
      continue;
    fprintf(out, "| %s | `%s` | ", _(kind_names[c->kind]), c->id);
    md_text(out, c->title);
    fprintf(out, " | ");
    md_text(out, c->refs);
    fprintf(out, " |\n");
  }
  fprintf(out, _("\n%zu clauses unchanged.\n"), ps_diff_total(d, PS_CHANGE_UNCHANGED));
  for (size_t i = 0; i < ps_diff_count(d); i++) {
    const ps_clause_change *c = ps_diff_at(d, i);
    if (!c->nchanges)
      continue;
    fprintf(out, "\n## `%s` ", c->id);
    md_text(out, c->title);
    fprintf(out, "\n\n根拠：");
    md_text(out, c->refs);
    fprintf(out, "\n\n");
    for (size_t k = 0; k < c->nchanges; k++) {
      const ps_text_change *t = &c->changes[k];
      fprintf(out, "%s", t->kind == PS_TEXT_DELETED ? "~~" : t->kind == PS_TEXT_INSERTED ? "**" : "");
      md_text(out, t->text);
      fprintf(out, "%s", t->kind == PS_TEXT_DELETED ? "~~" : t->kind == PS_TEXT_INSERTED ? "**" : "");
    }
    fprintf(out, "\n");
  }
}

static void print_json(FILE *out, const ps_diff *d, const ps_doc_version *old_v, const ps_doc_version *new_v) {
  static const char *const json_kinds[] = {"unchanged", "added", "removed", "changed", "moved", "moved_changed"};
  fprintf(out, "{\"old_exists\": %s, \"new_exists\": %s,\n \"title_block\": [",
          ps_doc_version_absent(old_v) ? "false" : "true", ps_doc_version_absent(new_v) ? "false" : "true");
  for (size_t i = 0; i < ps_diff_title_count(d); i++) {
    const ps_title_change *t = ps_diff_title_at(d, i);
    fprintf(out, "%s{\"field\": \"%s\", \"old\": ", i ? ", " : "", t->field);
    json_string(out, t->old_value);
    fprintf(out, ", \"new\": ");
    json_string(out, t->new_value);
    fprintf(out, "}");
  }
  fprintf(out, "],\n \"summary\": {");
  fprintf(out, "\"changed\": %zu, \"added\": %zu, \"removed\": %zu, \"moved\": %zu, "
         "\"moved_changed\": %zu, \"unchanged\": %zu, \"title_block\": %zu},\n \"clauses\": [",
         ps_diff_total(d, PS_CHANGE_CHANGED), ps_diff_total(d, PS_CHANGE_ADDED),
         ps_diff_total(d, PS_CHANGE_REMOVED), ps_diff_total(d, PS_CHANGE_MOVED),
         ps_diff_total(d, PS_CHANGE_MOVED_CHANGED), ps_diff_total(d, PS_CHANGE_UNCHANGED),
         ps_diff_title_count(d));
  for (size_t i = 0; i < ps_diff_count(d); i++) {
    const ps_clause_change *c = ps_diff_at(d, i);
    fprintf(out, "%s\n  {\"id\": ", i ? "," : "");
    json_string(out, c->id);
    fprintf(out, ", \"status\": \"%s\", \"title\": ", json_kinds[c->kind]);
    json_string(out, c->title);
    fprintf(out, ", \"old_title\": ");
    json_string(out, c->old_title);
    fprintf(out, ", \"refs\": ");
    json_string(out, c->refs);
    fprintf(out, ", \"old_position\": %zu, \"new_position\": %zu, \"changes\": [", c->old_position, c->new_position);
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
  fprintf(out, "\n]}\n");
}

static int parse_args(diff_args *a, int argc, char **argv) {
  const char *color = "auto", *granularity = "word", *columns = "new-old", *unchanged = "omit";
  for (int i = 1; i < argc; i++) {
    const char *s = argv[i];
    int more = i + 1 < argc;
    if (strcmp(s, "--doc") == 0 && more) a->kind = argv[++i];
    else if (strcmp(s, "--format") == 0 && more) a->format = argv[++i];
    else if ((strcmp(s, "-o") == 0 || strcmp(s, "--output") == 0) && more) a->output = argv[++i];
    else if (strcmp(s, "--old-templates") == 0 && more) a->old_tpl = argv[++i];
    else if (strcmp(s, "--new-templates") == 0 && more) a->new_tpl = argv[++i];
    else if (strcmp(s, "--templates") == 0 && more) a->old_tpl = a->new_tpl = argv[++i];
    else if (strcmp(s, "--author") == 0 && more) a->author = argv[++i];
    else if (strcmp(s, "--date") == 0 && more) a->date = argv[++i];
    else if (strcmp(s, "--granularity") == 0 && more) granularity = argv[++i];
    else if (strcmp(s, "--no-refs") == 0) a->options.no_refs = 1;
    else if (strcmp(s, "--ignore-title") == 0) a->options.ignore_title = 1;
    else if (strncmp(s, "--granularity=", 14) == 0) granularity = s + 14;
    else if (strcmp(s, "--columns") == 0 && more) columns = argv[++i];
    else if (strcmp(s, "--unchanged") == 0 && more) unchanged = argv[++i];
    else if (strncmp(s, "--color=", 8) == 0) color = s + 8;
    else if (s[0] == '-' && s[1]) return cli_fail("unknown option '%s' for diff (or it needs a value)", s);
    else if (!a->old_path) a->old_path = s;
    else if (!a->new_path) a->new_path = s;
    else return cli_fail("diff takes two inputs, OLD and NEW");
  }
  if (!a->new_path)
    return cli_fail("diff needs OLD and NEW; try 'procspec diff --help'");
  if (strcmp(color, "always") == 0) a->color = 1;
  else if (strcmp(color, "never") == 0) a->color = 0;
  else if (strcmp(color, "auto") == 0) a->color = !a->output && isatty(STDOUT_FILENO);
  else return cli_fail("--color takes auto, always or never");
  if (strcmp(granularity, "word") == 0) a->options.granularity = PS_GRANULARITY_WORD;
  else if (strcmp(granularity, "char") == 0) a->options.granularity = PS_GRANULARITY_CHAR;
  else if (strcmp(granularity, "sentence") == 0) a->options.granularity = PS_GRANULARITY_SENTENCE;
  else return cli_fail("--granularity takes word, char or sentence, not '%s'", granularity);
  if (strcmp(columns, "new-old") == 0) a->comparison.old_first = 0;
  else if (strcmp(columns, "old-new") == 0) a->comparison.old_first = 1;
  else return cli_fail("--columns takes new-old (改正後 | 改正前) or old-new, not '%s'", columns);
  if (strcmp(unchanged, "omit") == 0) a->comparison.show_unchanged = 0;
  else if (strcmp(unchanged, "abbreviate") == 0) a->comparison.show_unchanged = 1;
  else return cli_fail("--unchanged takes omit or abbreviate (rows of （略）), not '%s'", unchanged);
  static const char *formats[] = {"text", "md", "json", "docx", "odt", "pdf", "comparison"};
  int known = 0;
  for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
    known |= strcmp(a->format, formats[i]) == 0;
  if (!known)
    return cli_fail("unknown format '%s'; use text, md, json, docx, odt, pdf or comparison", a->format);
  if (strcmp(a->format, "comparison") == 0) {
    const char *ext = a->output ? strrchr(a->output, '.') : NULL;
    a->comparison_format = !ext                      ? 0
                           : strcmp(ext, ".docx") == 0 ? PS_FMT_DOCX
                           : strcmp(ext, ".odt") == 0  ? PS_FMT_ODT
                           : strcmp(ext, ".md") == 0   ? PS_FMT_MD
                                                       : 0;
    if (!a->comparison_format)
      return cli_fail("--format comparison writes the 新旧対照表 to -o FILE.docx, FILE.odt or FILE.md");
  }
  if ((strcmp(a->format, "docx") == 0 || strcmp(a->format, "odt") == 0 ||
       strcmp(a->format, "pdf") == 0) && !a->output)
    return cli_fail("--format %s needs -o FILE", a->format);
  return 0;
}

static int load_side(ps_doc_version **out, const char *path, const char *kind, const char *tpl, ps_diags *diags) {
  ps_library *lib = NULL;
  int rc = cli_load_library(&lib, tpl, diags);
  if (rc == 0)
    rc = ps_doc_version_load(out, path, kind, lib, diags);
  ps_library_free(lib);
  return rc;
}

static int write_redline(const diff_args *a, const ps_diff *d, ps_diags *diags) {
  unsigned char *data = NULL;
  size_t len = 0;
  ps_format fmt = strcmp(a->format, "docx") == 0 ? PS_FMT_DOCX : PS_FMT_ODT;
  int rc = ps_diff_redline(&data, &len, d, fmt, a->author ? a->author : "procspec", a->date, diags);
  if (rc == 0 && strcmp(a->format, "pdf") == 0) {
    /* The ODT redline printed by Writer: insertions and deletions show as
     * marked text. */
    ps_output odt = {"redline.odt", data, len};
    ps_outputs pdf = {NULL, 0};
    ps_pdf_options opts = PS_PDF_OPTIONS_INIT;
    rc = ps_pdf_convert(&pdf, &odt, 1, &opts, diags);
    if (rc == 0)
      rc = cli_write_file(a->output, pdf.files[0].data, pdf.files[0].size, diags);
    ps_outputs_free(&pdf);
  } else if (rc == 0) {
    rc = cli_write_file(a->output, data, len, diags);
  }
  free(data);
  return rc;
}

/* The 新旧対照表, as the -o file's extension says. */
static int write_comparison(const diff_args *a, const ps_diff *d, ps_diags *diags) {
  unsigned char *data = NULL;
  size_t len = 0;
  int rc = ps_diff_comparison(&data, &len, d, a->comparison_format, &a->comparison, diags);
  if (rc == 0)
    rc = cli_write_file(a->output, data, len, diags);
  free(data);
  return rc;
}

/* The text, Markdown or JSON report: to standard output, or with -o into
 * a file written as every output file is (whole, or in place for a device). */
static int write_report(const diff_args *a, const ps_diff *d, const ps_doc_version *old_v,
                        const ps_doc_version *new_v, ps_diags *diags) {
  char *data = NULL;
  size_t len = 0;
  FILE *out = a->output ? open_memstream(&data, &len) : stdout;
  if (!out)
    return cli_fail("out of memory"), PS_ENOMEM;
  const char *notice = one_side(old_v, new_v);
  if (strcmp(a->format, "md") == 0)
    print_md(out, d, notice);
  else if (strcmp(a->format, "json") == 0)
    print_json(out, d, old_v, new_v);
  else
    print_text(out, d, notice, a->color);
  if (!a->output)
    return 0;
  int rc = fclose(out) == 0 ? cli_write_file(a->output, (unsigned char *)data, len, diags)
                            : (cli_fail("out of memory"), PS_ENOMEM);
  free(data);
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
  ps_doc_version *old_v = NULL, *new_v = NULL;
  ps_diff *d = NULL;
  int status = EXIT_TROUBLE;
  if (diags && load_side(&old_v, a.old_path, a.kind, a.old_tpl, diags) == 0 &&
      load_side(&new_v, a.new_path, a.kind, a.new_tpl, diags) == 0 &&
      ps_diff_build(&d, old_v, new_v, &a.options, diags) == 0) {
    int rc = 0;
    if (strcmp(a.format, "comparison") == 0)
      rc = write_comparison(&a, d, diags);
    else if (strcmp(a.format, "text") == 0 || strcmp(a.format, "md") == 0 ||
        strcmp(a.format, "json") == 0)
      rc = write_report(&a, d, old_v, new_v, diags);
    else
      rc = write_redline(&a, d, diags);
    status = rc < 0 ? EXIT_TROUBLE : ps_diff_differs(d) ? EXIT_FINDINGS : EXIT_OK;
  }
  cli_print_diags(diags);
  ps_diff_free(d);
  ps_doc_version_free(old_v);
  ps_doc_version_free(new_v);
  ps_diags_free(diags);
  return status;
}
