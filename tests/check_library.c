#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "document.h"
#include "library.h"
#include "testutil.h"

static char dir[64];

static void write_file(const char *rel, const char *text) {
  char path[256];
  snprintf(path, sizeof path, "%s/%s", dir, rel);
  FILE *f = fopen(path, "w");
  ck_assert(f != NULL);
  fputs(text, f);
  fclose(f);
}

static void setup(void) {
  strcpy(dir, "/tmp/procspec-lib-XXXXXX");
  ck_assert_ptr_nonnull(mkdtemp(dir));
  char sub[128];
  snprintf(sub, sizeof sub, "%s/clauses", dir);
  ck_assert_int_eq(mkdir(sub, 0755), 0);
}

static void teardown(void) {
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  ck_assert_int_eq(system(cmd), 0);
}

static int load_user(ps_library **lib, ps_diags **d) {
  *d = ps_diags_new();
  return ps_library_load(lib, tu_path("templates/ja"), dir, *d);
}

START_TEST(builtin_library_loads) {
  ps_library *lib = tu_library();
  ck_assert_ptr_nonnull(ps_library_doc(lib, "spec"));
  ck_assert_ptr_nonnull(ps_library_doc(lib, "annex"));
  ck_assert_uint_gt(lib->nclauses, 20);
  for (size_t i = 0; i < lib->nclauses; i++)
    ck_assert_uint_gt(lib->clauses[i].nrefs, 0);
  ps_library_free(lib);
}
END_TEST

/* Every requirement carries the criteria's own text (scripts/criteria-text
 * wrote it from the criteria document), which the appendix quotes: the
 * whole item, longer than its summary, and the item's own words. */
START_TEST(every_requirement_quotes_the_criteria) {
  ps_library *lib = tu_library();
  ck_assert_uint_gt(lib->nrequirements, 80);
  for (size_t i = 0; i < lib->nrequirements; i++) {
    const ps_requirement *r = &lib->requirements[i];
    ck_assert_msg(r->criteria && *r->criteria, "requirement %s has no criteria text", r->id);
    ck_assert_msg(strstr(r->criteria, "（例") != r->criteria, "%s: %s", r->id, r->criteria);
  }
  ck_assert_str_eq(ps_library_requirement(lib, "3.3(1)c")->criteria,
                   "外部サービスを利用する情報システムの管理者特権を保有する外部サービス利用者に対す"
                   "る強固な認証技術の利用");
  ck_assert_ptr_nonnull(strstr(ps_library_requirement(lib, "3.1(4)")->criteria,
                               "国内法以外の法令及び規制が適用されるリスクがある外部サービス提供"
                               "者を選定してはならない"));
  ps_library_free(lib);
}
END_TEST

START_TEST(override_replaces_by_id) {
  write_file("clauses/mine.md", "---\nid: spec-purpose\ntitle: 本仕様書の目的\nrefs: [\"2(1)\"]\n"
                                "docs: [spec]\nchapter: general\norder: 10\n---\n独自の文言。\n");
  ps_library *lib = NULL;
  ps_diags *d;
  ck_assert_int_eq(load_user(&lib, &d), 0);
  size_t found = 0;
  for (size_t i = 0; i < lib->nclauses; i++)
    if (strcmp(lib->clauses[i].id, "spec-purpose") == 0) {
      found++;
      ck_assert_str_eq(lib->clauses[i].title, "本仕様書の目的");
      ck_assert_int_eq(lib->clauses[i].overrides, 1);
    }
  ck_assert_uint_eq(found, 1);
  ps_library_free(lib);
  ps_diags_free(d);
}
END_TEST

START_TEST(duplicate_id_in_one_folder_is_an_error) {
  const char *c = "---\nid: my-clause\ntitle: A\nrefs: [\"3.2①\"]\ndocs: [spec]\nchapter: general\n"
                  "order: 1\n---\nx\n";
  write_file("clauses/a.md", c);
  write_file("clauses/b.md", c);
  ps_library *lib = NULL;
  ps_diags *d;
  ck_assert_int_eq(load_user(&lib, &d), PS_EINPUT);
  ck_assert(tu_has_diag(d, "already used"));
  ps_diags_free(d);
}
END_TEST

START_TEST(header_errors_name_file_and_line) {
  write_file("clauses/bad.md",
             "---\nid: Bad_ID\ntitle: A\nrefs: [\"x\"]\ndocs: [spec]\norder: 1\n---\nx\n");
  ps_library *lib = NULL;
  ps_diags *d;
  ck_assert_int_eq(load_user(&lib, &d), PS_EINPUT);
  const ps_diag *g = tu_first_diag(d);
  ck_assert_ptr_nonnull(strstr(g->file, "bad.md"));
  ck_assert_uint_eq(g->line, 2);
  ck_assert(tu_has_diag(d, "clause id 'Bad_ID'"));
  ps_diags_free(d);
}
END_TEST

START_TEST(body_errors_carry_the_file_line) {
  write_file("clauses/open.md", "---\nid: open-if\ntitle: A\nrefs: [\"x\"]\ndocs: [spec]\n"
                                "chapter: general\norder: 1\n---\nline 9\n{% if service.name %}\n");
  ps_library *lib = NULL;
  ps_diags *d;
  ck_assert_int_eq(load_user(&lib, &d), PS_EINPUT);
  ck_assert_uint_eq(tu_first_diag(d)->line, 10);
  ck_assert(tu_has_diag(d, "not closed"));
  ps_diags_free(d);
}
END_TEST

START_TEST(missing_header_and_unknown_keys) {
  write_file("clauses/nohead.md", "just text\n");
  ps_library *lib = NULL;
  ps_diags *d;
  ck_assert_int_eq(load_user(&lib, &d), PS_EINPUT);
  ck_assert(tu_has_diag(d, "header block"));
  ps_diags_free(d);
  unlink(strcat(strcpy((char[128]){0}, dir), "/clauses/nohead.md"));
  write_file("clauses/extra.md", "---\nid: x\ntitle: A\nrefs: [\"x\"]\ndocs: [spec]\norder: 1\n"
                                 "colour: red\n---\nx\n");
  ck_assert_int_eq(load_user(&lib, &d), PS_EINPUT);
  ck_assert(tu_has_diag(d, "unknown clause header key 'colour'"));
  ps_diags_free(d);
}
END_TEST

START_TEST(bom_and_crlf_templates_are_accepted) {
  /* As Notepad saves it: a byte order mark and CR LF line ends. */
  write_file("clauses/mine.md",
             "\xef\xbb\xbf---\r\nid: spec-purpose\r\ntitle: 本仕様書の目的\r\n"
             "refs: [\"2(1)\"]\r\ndocs: [spec]\r\nchapter: general\r\norder: 10\r\n"
             "---\r\n{% if service.users %}\r\n独自の文言。\r\n{% endif %}\r\n");
  ps_library *lib = NULL;
  ps_diags *d;
  ck_assert_int_eq(load_user(&lib, &d), 0);
  int found = 0;
  for (size_t i = 0; i < lib->nclauses; i++)
    found |= strcmp(lib->clauses[i].id, "spec-purpose") == 0 && lib->clauses[i].overrides &&
             strcmp(lib->clauses[i].title, "本仕様書の目的") == 0;
  ck_assert(found);
  ps_library_free(lib);
  ps_diags_free(d);
}
END_TEST

/* Regression (issue 13): a clause saved as .txt, or into a folder inside
 * clauses/, was left out of the documents without a word; NAME.MD (as
 * saved on Windows) is a clause template. */
START_TEST(files_of_the_clauses_folder_are_loaded_or_reported) {
  const char *c = "---\nid: spec-purpose\ntitle: 本仕様書の目的\nrefs: [\"2(1)\"]\ndocs: [spec]\n"
                  "chapter: general\norder: 10\n---\n独自の文言。\n";
  write_file("clauses/Mine.MD", c);
  write_file("clauses/notes.txt", "メモ\n");
  write_file("clauses/.Mine.MD.swp", "editor state\n");
  char sub[128];
  snprintf(sub, sizeof sub, "%s/clauses/old", dir);
  ck_assert_int_eq(mkdir(sub, 0755), 0);
  write_file("clauses/old/spec-old.md", c);
  ps_library *lib = NULL;
  ps_diags *d;
  ck_assert_int_eq(load_user(&lib, &d), 0);
  int found = 0;
  for (size_t i = 0; i < lib->nclauses; i++)
    found |= strcmp(lib->clauses[i].id, "spec-purpose") == 0 && lib->clauses[i].overrides;
  ck_assert(found);
  int txt = 0, folder = 0;
  for (size_t i = 0; i < ps_diags_count(d); i++) {
    const ps_diag *g = ps_diags_get(d, i);
    ck_assert_int_eq(g->severity, PS_SEV_WARNING);
    ck_assert_ptr_null(strstr(g->file, "swp"));
    txt += strstr(g->file, "clauses/notes.txt") && strstr(g->message, ".md");
    folder += strstr(g->file, "clauses/old") && strstr(g->message, "folder");
  }
  ck_assert_int_eq(txt, 1);
  ck_assert_int_eq(folder, 1);
  ps_library_free(lib);
  ps_diags_free(d);

  /* The same for templates given in memory. */
  static const ps_file files[] = {
      {"clauses/notes.txt", "x", 1},
      {"clauses/old/a.md", "x", 1},
      {"clauses/old/b.md", "x", 1},
  };
  ps_template_layer layer = {.files = files, .nfiles = 3, .name = "mem"};
  ps_library_options o = PS_LIBRARY_OPTIONS_INIT;
  o.layers = &layer;
  o.nlayers = 1;
  d = ps_diags_new();
  ck_assert_int_eq(ps_library_open(&lib, &o, d), 0);
  ck_assert_uint_eq(ps_diags_count(d), 2); /* one for the file, one for the folder */
  ck_assert_str_eq(ps_diags_get(d, 0)->file, "mem/clauses/notes.txt");
  ck_assert_str_eq(ps_diags_get(d, 1)->file, "mem/clauses/old");
  ps_library_free(lib);
  ps_diags_free(d);
}
END_TEST

/* Regression: the note for a clause in a folder compared it with the file
 * listed before it, read through a NULL name and past the end of a name
 * shorter than "clauses/". */
START_TEST(folder_note_after_a_missing_or_short_name) {
  static const ps_file files[] = {
      {"x", "x", 1},
      {"clauses/old/a.md", "x", 1},
      {NULL, "x", 1},
      {"clauses/new/b.md", "x", 1},
  };
  ps_template_layer layer = {.files = files, .nfiles = 4, .name = "mem"};
  ps_library_options o = PS_LIBRARY_OPTIONS_INIT;
  o.layers = &layer;
  o.nlayers = 1;
  ps_diags *d = ps_diags_new();
  ps_library *lib = NULL;
  ck_assert_int_eq(ps_library_open(&lib, &o, d), 0);
  int folders = 0;
  for (size_t i = 0; i < ps_diags_count(d); i++)
    folders += strcmp(ps_diags_get(d, i)->file, "mem/clauses/old") == 0 ||
               strcmp(ps_diags_get(d, i)->file, "mem/clauses/new") == 0;
  ck_assert_int_eq(folders, 2);
  ps_library_free(lib);
  ps_diags_free(d);
}
END_TEST

START_TEST(characters_no_document_holds_are_located) {
  write_file("clauses/bad.md",
             "---\nid: x\ntitle: A\nrefs: [\"2(1)\"]\ndocs: [spec]\norder: 1\n---\n"
             "一行目\n二\xe2\x80\xae行目\n");
  ps_library *lib = NULL;
  ps_diags *d;
  ck_assert_int_eq(load_user(&lib, &d), PS_EINPUT);
  const ps_diag *g = tu_first_diag(d);
  ck_assert_uint_eq(g->line, 9);
  ck_assert_uint_eq(g->column, 2);
  ck_assert(tu_has_diag(d, "'\\u202E(RIGHT-TO-LEFT OVERRIDE)' is a direction control"));
  ps_diags_free(d);
}
END_TEST

/* A cross-reference to a clause that does not exist is found when the
 * library loads, at the template's file and line, whatever the profile. */
START_TEST(unresolved_cross_reference_names_file_and_line) {
  write_file("clauses/xref.md",
             "---\nid: my-xref\ntitle: A\nrefs: [\"3.2①\"]\ndocs: [spec]\n"
             "chapter: general\norder: 1\n---\n一行目\n{{ ref('no-such-clause') }}に従う。\n");
  ps_library *lib = NULL;
  ps_diags *d;
  ck_assert_int_eq(load_user(&lib, &d), PS_EINPUT);
  const ps_diag *g = tu_first_diag(d);
  ck_assert_ptr_nonnull(strstr(g->file, "xref.md"));
  ck_assert_uint_eq(g->line, 10);
  ck_assert(tu_has_diag(d, "ref('no-such-clause') names no clause"));
  ps_diags_free(d);
}
END_TEST

static char *spec_markdown(ps_library *lib, const char *kind) {
  ps_profile *p = tu_sample("e-application", NULL, NULL);
  ps_diags *d = ps_diags_new();
  ps_outputs out = {NULL, 0};
  ps_generate_options o = PS_GENERATE_OPTIONS_INIT;
  o.doc_kind = kind;
  o.formats = PS_FMT_MD;
  o.refs = PS_REFS_NONE;
  int rc = ps_generate(&out, p, lib, &o, d);
  ck_assert_msg(rc == 0, "%s", ps_diags_count(d) ? tu_first_diag(d)->message : "");
  char *md = strndup((const char *)out.files[0].data, out.files[0].size);
  ps_outputs_free(&out);
  ps_diags_free(d);
  ps_profile_free(p);
  return md;
}

/* The number a cross-reference prints is the target's current number, in
 * this document (第1の1) or another (特記事項第1条), and it follows
 * when clauses are added before the target; the clause keeps the ID. */
START_TEST(cross_references_print_current_numbers) {
  write_file("clauses/xref.md",
             "---\nid: my-xref\ntitle: 参照\nrefs: [\"3.2①\"]\ndocs: [spec]\n"
             "chapter: contract\norder: 99\n---\n{{ ref('spec-purpose') }}及び特記事項"
             "{{ ref('annex-purpose') }}による。\n");
  ps_library *lib = NULL;
  ps_diags *d;
  ck_assert_int_eq(load_user(&lib, &d), 0);
  ps_diags_free(d);
  char *md = spec_markdown(lib, "spec");
  ck_assert_ptr_nonnull(strstr(md, "第1の1及び特記事項第1条による。"));
  free(md);
  ps_library_free(lib);
  write_file("clauses/first.md",
             "---\nid: my-first\ntitle: 前置き\nrefs: [\"3.2①\"]\ndocs: [spec]\n"
             "chapter: general\norder: 1\n---\n前置き。\n");
  ck_assert_int_eq(load_user(&lib, &d), 0);
  ps_diags_free(d);
  md = spec_markdown(lib, "spec");
  ck_assert_ptr_nonnull(strstr(md, "第1の2及び"));
  free(md);
  ps_profile *p = tu_sample("e-application", NULL, NULL);
  ps_document *doc = NULL;
  d = ps_diags_new();
  ck_assert_int_eq(ps_document_build(&doc, p, lib, "spec", d), 0);
  int kept = 0;
  for (size_t i = 0; i < doc->nclauses; i++)
    if (strcmp(doc->clauses[i].id, "my-xref") == 0)
      kept = doc->clauses[i].nxrefs == 2 && strcmp(doc->clauses[i].xrefs[0], "spec-purpose") == 0;
  ck_assert(kept);
  ps_document_free(doc);
  ps_profile_free(p);
  ps_diags_free(d);
  ps_library_free(lib);
}
END_TEST

/* The 提出書類 table is built from the submissions the selected clauses
 * declare: a clause left out by its condition takes its rows with it. */
START_TEST(submissions_table_is_built_from_the_clauses) {
  write_file(
      "clauses/s1.md",
      "---\nid: my-sub\ntitle: 計画\nrefs: [\"3.2①\"]\ndocs: [spec]\n"
      "chapter: general\norder: 1\nsubmissions:\n"
      "  - {name: 業務計画書, deadline: 契約締結後14日以内, form: 電子1部}\n"
      "  - {name: 住民向け資料, deadline: 作業開始前, form: 電子1部, when: service.residents_use}\n"
      "---\n計画書を提出すること。\n");
  write_file("clauses/s2.md",
             "---\nid: my-sub-off\ntitle: 対象外\nrefs: [\"3.2①\"]\ndocs: [spec]\n"
             "chapter: general\norder: 2\nwhen: \"classification.confidentiality == 3\"\n"
             "submissions:\n  - {name: 対象外の書類, deadline: 随時, form: 書面}\n---\nx\n");
  write_file("clauses/table.md",
             "---\nid: my-table\ntitle: 提出書類\nrefs: [\"3.2①\"]\ndocs: [spec]\n"
             "chapter: contract\norder: 99\n---\n| 提出書類 | 提出期限 | 形式 | 根拠 |\n"
             "| --- | --- | --- | --- |\n{{ submissions() }}\n");
  ps_library *lib = NULL;
  ps_diags *d;
  ck_assert_int_eq(load_user(&lib, &d), 0);
  ps_diags_free(d);
  char *md = spec_markdown(lib, "spec");
  ck_assert_ptr_nonnull(strstr(md, "| 業務計画書 | 契約締結後14日以内 | 電子1部 | 第1の1 |"));
  ck_assert_ptr_null(strstr(md, "対象外の書類"));
  ck_assert_ptr_null(strstr(md, "住民向け資料"));
  free(md);
  ps_library_free(lib);
  write_file(
      "clauses/s3.md",
      "---\nid: my-sub-bad\ntitle: A\nrefs: [\"3.2①\"]\ndocs: [spec]\n"
      "chapter: general\norder: 3\nsubmissions:\n  - {name: A, deadline: B, form: C, copies: 2}\n"
      "---\nx\n");
  ck_assert_int_eq(load_user(&lib, &d), PS_EINPUT);
  ck_assert(tu_has_diag(d, "unknown submission key 'copies'"));
  ps_diags_free(d);
}
END_TEST

/* A value the profile leaves out comes from defaults.yaml, and the build
 * can say so (procspec check lists it as a note). */
START_TEST(defaults_fill_terms_the_profile_leaves_out) {
  write_file("clauses/d.md",
             "---\nid: my-default\ntitle: 消去\nrefs: [\"3.2①\"]\ndocs: [spec]\n"
             "chapter: general\norder: 1\n---\n受領確認後{{ data_handling.exit.delete_within }}以内"
             "に消去し、{{ data_handling.exit.notice_period }}前に通知すること。\n");
  ps_library *lib = NULL;
  ps_diags *d;
  ck_assert_int_eq(load_user(&lib, &d), 0);
  ps_diags_free(d);
  char *md = spec_markdown(lib, "spec");
  ck_assert_ptr_nonnull(strstr(md, "受領確認後30日以内に消去し、6か月前に通知すること。"));
  free(md);
  ps_profile *p = tu_sample("e-application", NULL, NULL);
  ps_document *doc = NULL;
  d = ps_diags_new();
  ck_assert_int_eq(ps_document_build_ex(&doc, p, lib, "spec", 1, d), 0);
  ck_assert(tu_has_diag(d, "data_handling.exit.delete_within is not in the profile"));
  ck_assert(!tu_has_diag(d, "notice_period is not in the profile"));
  ck_assert_int_eq(tu_first_diag(d)->severity, PS_SEV_NOTE);
  ps_document_free(doc);
  ps_profile_free(p);
  ps_diags_free(d);
  p = tu_sample("e-application", "    notice_period: 6mo",
                "    notice_period: 6mo\n    delete_within: 7d");
  d = ps_diags_new();
  ck_assert_int_eq(ps_document_build_ex(&doc, p, lib, "spec", 1, d), 0);
  ck_assert(!tu_has_diag(d, "delete_within"));
  ps_document_free(doc);
  ps_profile_free(p);
  ps_diags_free(d);
  ps_library_free(lib);
}
END_TEST

/* The text of every clause of KIND built for sample NAME with FROM
 * replaced by TO, one clause after another; the notes go to D. */
static char *built_text(const char *name, const char *from, const char *to, const char *kind,
                        ps_diags *d) {
  ps_library *lib = tu_library();
  ps_profile *p = tu_sample(name, from, to);
  ps_document *doc = NULL;
  ck_assert_int_eq(ps_document_build_ex(&doc, p, lib, kind, 1, d), 0);
  ps_buf all = PS_BUF_INIT;
  for (size_t c = 0; c < doc->nclauses; c++) {
    cmark_node *body = doc->clauses[c].body;
    for (cmark_node *n = cmark_node_first_child(body); n; n = cmark_node_next(n)) {
      cmark_iter *it = cmark_iter_new(n);
      cmark_event_type ev;
      while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *t = cmark_iter_get_node(it);
        if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(t) == CMARK_NODE_TEXT)
          ps_buf_puts(&all, cmark_node_get_literal(t));
        if (ev == CMARK_EVENT_EXIT && strcmp(cmark_node_get_type_string(t), "table_cell") == 0)
          ps_buf_puts(&all, "|");
        if (ev == CMARK_EVENT_EXIT && strcmp(cmark_node_get_type_string(t), "table_row") == 0)
          ps_buf_puts(&all, "\n");
      }
      cmark_iter_free(it);
      ps_buf_putc(&all, '\n');
    }
  }
  ps_document_free(doc);
  ps_profile_free(p);
  ps_library_free(lib);
  return ps_buf_detach(&all, NULL);
}

/* The default fee reductions start at the uptime target (99.5%: there was
 * no reduction between 99.0% and 99.5%, the defaults' 99.9% step being
 * dropped), the note says which steps are used, and steps of the profile
 * that all lie above the target leave neither an empty table nor the
 * sentences about it (check makes that an error: check_judge.c). */
START_TEST(fee_reductions_follow_the_uptime_target) {
  ps_diags *d = ps_diags_new();
  char *spec = built_text("saas-reseller", NULL, NULL, "spec", d);
  ck_assert_msg(strstr(spec, "99.5%未満|10%|\n99.0%未満|25%|\n95.0%未満|50%|") != NULL, "%.400s", strstr(spec, "稼働率") ? strstr(spec, "稼働率") : "");
  ck_assert(tu_has_diag(d, "the default [{below: 99.5%, reduction: 10%}, {below: 99.0%, "
                           "reduction: 25%}, {below: 95.0%, reduction: 50%}]"));
  free(spec);
  ps_diags_free(d);
  d = ps_diags_new();
  spec = built_text("saas-reseller", "uptime: 99.5%", "uptime: 99.95%", "spec", d);
  ck_assert_msg(strstr(spec, "99.95%未満|10%|\n99.9%未満|25%|\n99.0%未満|50%|") != NULL, "%.400s", strstr(spec, "稼働率") ? strstr(spec, "稼働率") : "");
  free(spec);
  ps_diags_free(d);
  d = ps_diags_new();
  char *annex = built_text("exit-remedies", "uptime: 99.5%", "uptime: 96.0%", "annex", d);
  ck_assert(!strstr(annex, "月額利用料の減額"));
  ck_assert_msg(strstr(annex, "3　月間稼働率が2か月連続して96.0%を下回ったとき") != NULL, "%.400s", strstr(annex, "稼働率") ? strstr(annex, "稼働率") : "");
  free(annex);
  spec = built_text("exit-remedies", "uptime: 99.5%", "uptime: 96.0%", "spec", d);
  ck_assert(!strstr(spec, "月額利用料の減額"));
  free(spec);
  annex = built_text("exit-remedies", NULL, NULL, "annex", d);
  ck_assert(strstr(annex, "99.5%未満|5%|\n99.0%未満|15%|\n97.0%未満|30%|"));
  ck_assert(!tu_has_diag(d, "remedies is not in the profile"));
  free(annex);
  ps_diags_free(d);
}
END_TEST

/* Scans the .md files of DIR for positional cross-references typed by
 * hand; returns how many lines have one (each reported with file:line). */
static int typed_positions(const char *folder) {
  static const char *words[] = {"前章", "次章", "前条", "次条"};
  DIR *d = opendir(folder);
  ck_assert_msg(d != NULL, "cannot open %s", folder);
  int found = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    size_t n = strlen(e->d_name);
    if (n < 4 || strcmp(e->d_name + n - 3, ".md") != 0)
      continue;
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", folder, e->d_name);
    char *text = tu_read(path, NULL);
    unsigned line = 1;
    for (char *p = text; *p; line++) {
      char *end = strchr(p, '\n');
      size_t len = end ? (size_t)(end - p) : strlen(p);
      for (size_t w = 0; w < 4; w++) {
        char *hit = strstr(p, words[w]);
        if (hit && hit < p + len) {
          fprintf(stderr, "%s:%u: '%s' typed by hand; write {{ ref('clause-id') }}\n", path, line,
                  words[w]);
          found++;
        }
      }
      p += len + (end != NULL);
    }
    free(text);
  }
  closedir(d);
  return found;
}

/* How many lines of the templates in FOLDER name a document by hand where
 * {{ doc('kind') }} prints the name that fits (本仕様書 of a whole
 * specification, 本書 of a 別紙, 仕様書別紙 cited from the annex). */
static int typed_document_names(const char *folder) {
  static const char *words[] = {"本仕様書", "本書", "仕様書{{ ref", "仕様書第", "この特記事項"};
  DIR *d = opendir(folder);
  ck_assert_msg(d != NULL, "cannot open %s", folder);
  int found = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    size_t n = strlen(e->d_name);
    if (n < 4 || strcmp(e->d_name + n - 3, ".md") != 0 ||
        (strncmp(e->d_name, "spec", 4) != 0 && strncmp(e->d_name, "annex", 5) != 0 &&
         strncmp(e->d_name, "incident", 8) != 0))
      continue;
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", folder, e->d_name);
    char *text = tu_read(path, NULL);
    for (size_t w = 0; w < sizeof words / sizeof words[0]; w++)
      for (char *hit = strstr(text, words[w]); hit; hit = strstr(hit + 1, words[w])) {
        fprintf(stderr, "%s: '%s' typed by hand; write {{ doc('spec') }} or {{ doc('annex') }}\n",
                path, words[w]);
        found++;
      }
    free(text);
  }
  closedir(d);
  return found;
}

/* A document is named through doc(): the spec as a 別紙 calls itself 本書
 * and the annex cites it as 仕様書別紙 (test e2e.terms reads them back). */
START_TEST(document_names_are_never_typed) {
  ck_assert_int_eq(typed_document_names(tu_path("templates/ja/clauses")), 0);
  ck_assert_int_eq(typed_document_names(tu_path("samples/muko-city-groupware.templates/clauses")),
                   0);
}
END_TEST

/* The text of NODE (its TEXT and CODE literals), appended to B. */
static void node_text(ps_buf *b, cmark_node *node) {
  cmark_iter *it = cmark_iter_new(node);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *n = cmark_iter_get_node(it);
    if (ev == CMARK_EVENT_ENTER &&
        (cmark_node_get_type(n) == CMARK_NODE_TEXT || cmark_node_get_type(n) == CMARK_NODE_CODE))
      ps_buf_puts(b, cmark_node_get_literal(n));
  }
  cmark_iter_free(it);
  ps_buf_putc(b, '\0');
  b->len--;
}

/* Checks the positional words a clause may use within itself, in the
 * document as built (so conditional tables and paragraphs count as
 * printed): 前表 needs a table before it in the clause, and 「前表の○○」
 * names something (its next two characters) that the nearest table holds,
 * else exactly one table precedes (regression: 「前表の水準」 came after the
 * 減額 table, not the service-level table); 次表 needs a table after it;
 * 前項 is never in the first paragraph, and in a numbered paragraph 「N　」
 * the paragraph N-1 precedes. Returns how many uses fail (each printed). */
static int positional_words_fail(const char *sample, const ps_document *doc) {
  int bad = 0;
  for (size_t c = 0; c < doc->nclauses; c++) {
    const ps_clause *cl = &doc->clauses[c];
    ps_buf last = PS_BUF_INIT;
    size_t tables = 0, blocks = 0;
    long prev_number = 1; /* the first paragraph is paragraph 1 unnumbered */
    for (cmark_node *n = cmark_node_first_child(cl->body); n; n = cmark_node_next(n), blocks++) {
      ps_buf t = PS_BUF_INIT;
      node_text(&t, n);
      const char *text = t.ptr ? t.ptr : "";
      if (strcmp(cmark_node_get_type_string(n), "table") == 0) {
        tables++;
        ps_buf_free(&last);
        last = t;
        continue;
      }
      for (const char *h = strstr(text, "前表"); h; h = strstr(h + 1, "前表")) {
        const char *after = h + strlen("前表");
        if (tables == 0) {
          fprintf(stderr, "%s %s %s: 前表 with no table before it\n", sample, doc->kind, cl->id);
          bad++;
        } else if (strncmp(after, "の", strlen("の")) == 0) {
          const char *w = after + strlen("の");
          size_t wl = 0;
          for (int k = 0; k < 2 && w[wl]; k++)
            for (wl++; ((unsigned char)w[wl] & 0xC0) == 0x80; wl++)
              ;
          char word[16] = "";
          if (wl < sizeof word)
            memcpy(word, w, wl), word[wl] = '\0';
          if (!*word || !strstr(last.ptr ? last.ptr : "", word)) {
            fprintf(stderr, "%s %s %s: 「前表の%s」 but the table before it has no '%s'\n", sample,
                    doc->kind, cl->id, word, word);
            bad++;
          }
        } else if (tables != 1) {
          fprintf(stderr, "%s %s %s: 前表 after %zu tables; say which\n", sample, doc->kind, cl->id,
                  tables);
          bad++;
        }
      }
      if (strstr(text, "次表")) {
        int later = 0;
        for (cmark_node *m = cmark_node_next(n); m; m = cmark_node_next(m))
          later |= strcmp(cmark_node_get_type_string(m), "table") == 0;
        if (!later) {
          fprintf(stderr, "%s %s %s: 次表 with no table after it\n", sample, doc->kind, cl->id);
          bad++;
        }
      }
      char *end = NULL;
      long number = strtol(text, &end, 10);
      int numbered = end != text && strncmp(end, "　", strlen("　")) == 0;
      if (strstr(text, "前項") &&
          (blocks == 0 || (numbered && (number < 2 || number - 1 != prev_number)))) {
        fprintf(stderr, "%s %s %s: 前項 in paragraph %ld, which follows no paragraph %ld\n",
                sample, doc->kind, cl->id, numbered ? number : 1, numbered ? number - 1 : 0);
        bad++;
      }
      if (numbered)
        prev_number = number;
      ps_buf_free(&t);
    }
    ps_buf_free(&last);
  }
  return bad;
}

/* No template names another clause by its position (前章, 次章, 前条, 次条):
 * cross-references are computed from clause IDs. And every cross-reference
 * of every template resolves in the documents of every sample, where the
 * words that point within a clause (前表, 次表, 前項) point at what exists. */
START_TEST(cross_references_are_never_typed_and_always_resolve) {
  ck_assert_int_eq(typed_positions(tu_path("templates/ja/clauses")), 0);
  ck_assert_int_eq(typed_positions(tu_path("samples/muko-city-groupware.templates/clauses")), 0);
  /* Every sample; muko-city-groupware with its own templates; the spec as
   * the 別紙 of a larger specification (document.spec_scope: attachment). */
  static const struct {
    const char *sample, *templates, *from, *to;
  } cases[] = {
      {"e-application", NULL, NULL, NULL},
      {"backup-service", NULL, NULL, NULL},
      {"web-meeting", NULL, NULL, NULL},
      {"facility-reservation", NULL, NULL, NULL},
      {"saas-reseller", NULL, NULL, NULL},
      {"exit-remedies", NULL, NULL, NULL},
      {"staff-attendance", NULL, NULL, NULL},
      {"tax-mynumber", NULL, NULL, NULL},
      {"survey-overseas", NULL, NULL, NULL},
      {"chat-exception", NULL, NULL, NULL},
      {"muko-city-groupware", "samples/muko-city-groupware.templates", NULL, NULL},
      {"saas-reseller", NULL, "  version: \"1.0\"\n", "  version: \"1.0\"\n  spec_scope: attachment\n"},
      {"exit-remedies", NULL, "document:\n", "document:\n  spec_scope: attachment\n"},
  };
  size_t refs = 0, attachment_refs = 0, own_refs = 0;
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    ps_library *lib = NULL;
    ps_diags *ld = ps_diags_new();
    /* tu_path() returns one static buffer: the extra folder's path is
     * copied before the base's is made. */
    char *extra = cases[i].templates ? strdup(tu_path(cases[i].templates)) : NULL;
    ck_assert_int_eq(ps_library_load(&lib, tu_path("templates/ja"), extra, ld), 0);
    free(extra);
    ps_diags_free(ld);
    ps_profile *p = tu_sample(cases[i].sample, cases[i].from, cases[i].to);
    for (size_t k = 0; k < lib->ndocs; k++) {
      if (!ps_document_applies(&lib->docs[k], p))
        continue;
      ps_document *doc = NULL;
      ps_diags *d = ps_diags_new();
      int rc = ps_document_build(&doc, p, lib, lib->docs[k].kind, d);
      ck_assert_msg(rc == 0, "%s %s: %s", cases[i].sample, lib->docs[k].kind,
                    ps_diags_count(d) ? tu_first_diag(d)->message : "");
      for (size_t c = 0; c < doc->nclauses; c++) {
        refs += doc->clauses[c].nxrefs;
        attachment_refs += cases[i].from ? doc->clauses[c].nxrefs : 0;
        own_refs += cases[i].templates ? doc->clauses[c].nxrefs : 0;
      }
      ck_assert_int_eq(positional_words_fail(cases[i].sample, doc), 0);
      ps_document_free(doc);
      ps_diags_free(d);
    }
    ps_profile_free(p);
    ps_library_free(lib);
  }
  ck_assert_uint_gt(refs, 20); /* the templates do cross-refer */
  ck_assert_uint_gt(attachment_refs, 10);
  ck_assert_uint_gt(own_refs, 5);
}
END_TEST

START_TEST(invalid_utf8_template) {
  write_file("clauses/bin.md",
             "---\nid: x\ntitle: A\nrefs: [\"x\"]\ndocs: [spec]\norder: 1\n---\n\xc3\x28\n");
  ps_library *lib = NULL;
  ps_diags *d;
  ck_assert_int_eq(load_user(&lib, &d), PS_EINPUT);
  ck_assert(tu_has_diag(d, "not valid UTF-8"));
  ps_diags_free(d);
}
END_TEST

START_TEST(utf8_validator) {
  size_t bad;
  ck_assert(ps_utf8_text_valid("日本語\tok\n", strlen("日本語\tok\n"), &bad));
  ck_assert(!ps_utf8_text_valid("a\x01", 2, &bad));
  ck_assert_uint_eq(bad, 1);
  ck_assert(!ps_utf8_text_valid("\xed\xa0\x80", 3, &bad)); /* a surrogate */
  ck_assert(!ps_utf8_text_valid("\xc0\xaf", 2, &bad));     /* overlong */
  ck_assert(!ps_utf8_text_valid("\xe6\x97", 2, &bad));     /* truncated */
}
END_TEST

Suite *library_suite(void) {
  Suite *s = suite_create("library");
  TCase *tc = tcase_create("library");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, builtin_library_loads);
  tcase_add_test(tc, every_requirement_quotes_the_criteria);
  tcase_add_test(tc, override_replaces_by_id);
  tcase_add_test(tc, duplicate_id_in_one_folder_is_an_error);
  tcase_add_test(tc, header_errors_name_file_and_line);
  tcase_add_test(tc, body_errors_carry_the_file_line);
  tcase_add_test(tc, missing_header_and_unknown_keys);
  tcase_add_test(tc, invalid_utf8_template);
  tcase_add_test(tc, bom_and_crlf_templates_are_accepted);
  tcase_add_test(tc, files_of_the_clauses_folder_are_loaded_or_reported);
  tcase_add_test(tc, characters_no_document_holds_are_located);
  tcase_add_test(tc, unresolved_cross_reference_names_file_and_line);
  tcase_add_test(tc, cross_references_print_current_numbers);
  tcase_add_test(tc, submissions_table_is_built_from_the_clauses);
  tcase_add_test(tc, defaults_fill_terms_the_profile_leaves_out);
  tcase_add_test(tc, fee_reductions_follow_the_uptime_target);
  tcase_add_test(tc, cross_references_are_never_typed_and_always_resolve);
  tcase_add_test(tc, document_names_are_never_typed);
  tcase_add_test(tc, utf8_validator);
  tcase_add_test(tc, folder_note_after_a_missing_or_short_name);
  suite_add_tcase(s, tc);
  return s;
}
