#include <stdlib.h>
#include <string.h>

#include "document.h"
#include "testutil.h"

static ps_library *lib;

static void setup(void) { lib = tu_library(); }
static void teardown(void) { ps_library_free(lib); }

static ps_document *build(const ps_profile *p, const char *kind) {
  ps_document *doc = NULL;
  ps_diags *d = ps_diags_new();
  int rc = ps_document_build(&doc, p, lib, kind, d);
  ck_assert_msg(rc == 0, "%s: %s", kind, ps_diags_count(d) ? tu_first_diag(d)->message : "");
  ps_diags_free(d);
  return doc;
}

static const ps_clause *find(const ps_document *doc, const char *id) {
  for (size_t i = 0; i < doc->nclauses; i++)
    if (strcmp(doc->clauses[i].id, id) == 0)
      return &doc->clauses[i];
  return NULL;
}

static int cites(const ps_document *doc, const char *ref) {
  for (size_t i = 0; i < doc->nclauses; i++)
    for (size_t r = 0; r < doc->clauses[i].nrefs; r++)
      if (strcmp(doc->clauses[i].refs[r], ref) == 0)
        return 1;
  return 0;
}

START_TEST(class2_spec_has_the_five_essentials) {
  ps_profile *p = tu_sample("e-application", NULL, NULL);
  ps_document *doc = build(p, "spec");
  /* 3.2: the specification becomes the contract; roles and responsibilities. */
  ck_assert_ptr_nonnull(find(doc, "spec-contract"));
  ck_assert_ptr_nonnull(find(doc, "spec-roles"));
  ck_assert_ptr_nonnull(find(doc, "spec-service-level"));
  ck_assert_ptr_nonnull(find(doc, "incident-escalation"));
  ck_assert_ptr_nonnull(find(doc, "spec-secondary-use"));
  ck_assert_ptr_nonnull(find(doc, "spec-data-return"));
  const char *refs[] = {"3.1(1)", "3.1(2)",      "3.1(4)",  "3.1(5)", "3.2①",
                        "3.1(3)", "3.1(7)⑤(ウ)", "3.1(7)①", "3.1(6)②"};
  for (size_t i = 0; i < sizeof refs / sizeof refs[0]; i++)
    ck_assert_msg(cites(doc, refs[i]), "no clause cites %s", refs[i]);
  ck_assert_ptr_null(find(doc, "spec1-risk-measures"));
  ps_document_free(doc);
  ps_profile_free(p);
}
END_TEST

START_TEST(class1_spec_follows_section_4) {
  ps_profile *p = tu_sample("e-application", "confidentiality: 2", "confidentiality: 1");
  ps_document *doc = build(p, "spec");
  ck_assert_ptr_nonnull(find(doc, "spec1-purpose"));
  ck_assert_ptr_nonnull(find(doc, "spec1-risk-measures"));
  ck_assert_ptr_nonnull(find(doc, "spec1-operation"));
  ck_assert_ptr_null(find(doc, "spec-certification"));
  ck_assert_ptr_null(find(doc, "spec-service-level"));
  ck_assert(!cites(doc, "3.1(1)"));
  ck_assert(cites(doc, "4.1(1)(ク)"));
  ps_document_free(doc);
  ps_profile_free(p);
}
END_TEST

START_TEST(chapters_and_clauses_are_numbered) {
  ps_profile *p = tu_sample("e-application", NULL, NULL);
  ps_document *doc = build(p, "spec");
  ck_assert_str_eq(doc->sections[0].heading, "第1　総則");
  ck_assert_str_eq(doc->clauses[0].heading, "1　目的");
  ck_assert_str_eq(doc->clauses[1].number, "2");
  /* Numbering restarts in each chapter. */
  const ps_clause *c = find(doc, "spec-certification");
  ck_assert_str_eq(c->number, "1");
  ck_assert_str_eq(doc->sections[c->section].heading, "第2　外部サービスの選定条件");
  ck_assert_str_eq(doc->title, "電子申請サービス調達仕様書");
  ck_assert_str_eq(doc->date, "令和8年4月1日");
  ps_document_free(doc);
  ps_profile_free(p);
}
END_TEST

START_TEST(conditional_clauses_follow_the_profile) {
  ps_profile *p = tu_sample("e-application", "residents_use: false", "residents_use: true");
  ps_document *doc = build(p, "spec");
  ck_assert_ptr_nonnull(find(doc, "spec-residents"));
  ps_document_free(doc);
  ps_profile_free(p);
  p = tu_sample("e-application", NULL, NULL);
  doc = build(p, "spec");
  ck_assert_ptr_null(find(doc, "spec-residents"));
  ps_document_free(doc);
  ps_profile_free(p);
}
END_TEST

/* Counts of block structure over all clause bodies. */
typedef struct {
  size_t headings, tables, rows, items, paragraphs, html;
} shape;

static shape shape_of(const ps_document *doc) {
  shape s = {0};
  for (size_t i = 0; i < doc->nclauses; i++) {
    cmark_iter *it = cmark_iter_new(doc->clauses[i].body);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
      if (ev != CMARK_EVENT_ENTER)
        continue;
      cmark_node *n = cmark_iter_get_node(it);
      const char *t = cmark_node_get_type_string(n);
      s.headings += cmark_node_get_type(n) == CMARK_NODE_HEADING;
      s.items += cmark_node_get_type(n) == CMARK_NODE_ITEM;
      s.paragraphs += cmark_node_get_type(n) == CMARK_NODE_PARAGRAPH;
      s.html += cmark_node_get_type(n) == CMARK_NODE_HTML_INLINE ||
                cmark_node_get_type(n) == CMARK_NODE_HTML_BLOCK;
      s.tables += strcmp(t, "table") == 0;
      s.rows += strcmp(t, "table_row") == 0;
    }
    cmark_iter_free(it);
  }
  return s;
}

START_TEST(hostile_values_do_not_change_structure) {
  ps_profile *plain = tu_sample("e-application", NULL, NULL);
  ps_document *a = build(plain, "spec");
  shape sa = shape_of(a);
  /* Line breaks only where the field allows them (purpose, users); control
   * characters are refused at load (check_yamltree.c). */
  const char *hostile[][2] = {
      {"purpose: 住民からの各種申請の受付",
       "purpose: \"# 見出し | a | b |\\n\\n- item\\n\\n```\\ncode\\n```\""},
      {"name: 電子申請サービス",
       "name: \"<w:p>x</w:p> ]]> &amp; <b>html</b> [x](javascript:alert(1))\""},
      {"users: 本組合の関係者内に限る", "users: \"1. list\\n2. more\\n| x |\""},
      {"role: データセンターの運用", "role: \"a | b | c |---|---|\""},
      {"provider: 株式会社サンプルクラウド",
       "provider: \"a very long word: "
       "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZ"
       "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZ\""},
  };
  for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
    ps_profile *p = tu_sample("e-application", hostile[i][0], hostile[i][1]);
    ps_document *b = build(p, "spec");
    shape sb = shape_of(b);
    ck_assert_uint_eq(a->nclauses, b->nclauses);
    ck_assert_uint_eq(sa.headings, sb.headings);
    ck_assert_uint_eq(sa.tables, sb.tables);
    ck_assert_uint_eq(sa.rows, sb.rows);
    ck_assert_uint_eq(sa.items, sb.items);
    ck_assert_uint_eq(sa.paragraphs, sb.paragraphs);
    ck_assert_uint_eq(sb.html, 0);
    ps_document_free(b);
    ps_profile_free(p);
  }
  ps_document_free(a);
  ps_profile_free(plain);
}
END_TEST

START_TEST(unknown_kind_is_an_error) {
  ps_profile *p = tu_sample("e-application", NULL, NULL);
  ps_document *doc = NULL;
  ps_diags *d = ps_diags_new();
  ck_assert_int_eq(ps_document_build(&doc, p, lib, "memo", d), PS_EINPUT);
  ck_assert(tu_has_diag(d, "unknown document kind 'memo'"));
  ps_diags_free(d);
  ps_profile_free(p);
}
END_TEST

Suite *document_suite(void) {
  Suite *s = suite_create("document");
  TCase *tc = tcase_create("document");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, class2_spec_has_the_five_essentials);
  tcase_add_test(tc, class1_spec_follows_section_4);
  tcase_add_test(tc, chapters_and_clauses_are_numbered);
  tcase_add_test(tc, conditional_clauses_follow_the_profile);
  tcase_add_test(tc, hostile_values_do_not_change_structure);
  tcase_add_test(tc, unknown_kind_is_an_error);
  suite_add_tcase(s, tc);
  return s;
}
