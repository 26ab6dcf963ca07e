#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "document.h"
#include "testutil.h"
#include "writers.h"

static ps_library *lib;
static ps_profile *profile;
static ps_document *doc;

static void build_with(const char *from, const char *to) {
  profile = tu_sample("e-application", from, to);
  ps_diags *d = ps_diags_new();
  ck_assert_int_eq(ps_document_build(&doc, profile, lib, "spec", d), 0);
  ps_diags_free(d);
}

static void setup(void) {
  lib = tu_library();
  build_with(NULL, NULL);
}

static void teardown(void) {
  ps_document_free(doc);
  ps_profile_free(profile);
  ps_library_free(lib);
}

typedef int (*writer)(unsigned char **, size_t *, const ps_document *, ps_diags *);

static unsigned char *write(writer w, size_t *len) {
  unsigned char *out = NULL;
  ps_diags *d = ps_diags_new();
  ck_assert_int_eq(w(&out, len, doc, d), 0);
  ps_diags_free(d);
  return out;
}

static char *part(writer w, const char *name) {
  size_t len;
  unsigned char *zip = write(w, &len);
  char *xml = tu_zip_part(zip, len, name, NULL);
  ck_assert_msg(xml != NULL, "no part %s", name);
  free(zip);
  return xml;
}

START_TEST(docx_bookmarks_every_clause) {
  char *xml = part(ps_write_docx, "word/document.xml");
  ck_assert_int_eq(tu_xpath_count(xml, "//w:bookmarkStart"), (long)doc->nclauses);
  ck_assert_int_eq(tu_xpath_count(xml, "//w:bookmarkStart[@w:name='spec_secondary_use']"), 1);
  ck_assert_int_eq(tu_xpath_count(xml, "//w:bookmarkEnd"), (long)doc->nclauses);
  free(xml);
}
END_TEST

START_TEST(docx_headings_use_styles_with_outline_levels) {
  char *xml = part(ps_write_docx, "word/document.xml");
  ck_assert_int_eq(tu_xpath_count(xml, "//w:p[w:pPr/w:pStyle/@w:val='Heading2']"), (long)doc->nclauses);
  char *h = tu_xpath_text(xml, "(//w:p[w:pPr/w:pStyle/@w:val='Heading1'])[1]");
  ck_assert_str_eq(h, "第1　総則");
  free(h);
  free(xml);
  xml = part(ps_write_docx, "word/styles.xml");
  ck_assert_int_eq(tu_xpath_count(xml, "//w:style[@w:styleId='Heading1']/w:pPr/w:outlineLvl[@w:val='0']"), 1);
  ck_assert_int_eq(tu_xpath_count(xml, "//w:rPrDefault//w:rFonts[@w:eastAsia]"), 1);
  ck_assert_int_eq(tu_xpath_count(xml, "//w:rPrDefault//w:lang[@w:eastAsia='ja-JP']"), 1);
  free(xml);
}
END_TEST

START_TEST(docx_tables_have_header_rows) {
  char *xml = part(ps_write_docx, "word/document.xml");
  long tables = tu_xpath_count(xml, "//w:tbl");
  ck_assert_int_ge(tables, 5);
  ck_assert_int_eq(tu_xpath_count(xml, "//w:tbl/w:tr[1]/w:trPr/w:tblHeader"), tables);
  char *t = tu_xpath_text(xml, "//w:tbl");
  ck_assert_ptr_nonnull(strstr(t, "99.9%以上"));
  ck_assert_ptr_nonnull(strstr(t, "4時間以内"));
  free(t);
  free(xml);
}
END_TEST

START_TEST(docx_every_list_restarts) {
  size_t len;
  unsigned char *zip = write(ps_write_docx, &len);
  char *body = tu_zip_part(zip, len, "word/document.xml", NULL);
  char *num = tu_zip_part(zip, len, "word/numbering.xml", NULL);
  long lists = tu_xpath_count(num, "//w:num");
  ck_assert_int_ge(lists, 5);
  ck_assert_int_eq(tu_xpath_count(num, "//w:num[w:lvlOverride[@w:ilvl='0']/w:startOverride]"), lists);
  /* Every numId used in the body is defined, and each list uses its own. */
  char xp[96];
  snprintf(xp, sizeof xp, "//w:numId[@w:val < 1 or @w:val > %ld]", lists);
  ck_assert_int_eq(tu_xpath_count(body, xp), 0);
  ck_assert_int_ge(tu_xpath_count(body, "//w:numId"), lists);
  free(body);
  free(num);
  free(zip);
}
END_TEST

START_TEST(docx_properties_come_from_the_profile) {
  char *xml = part(ps_write_docx, "docProps/core.xml");
  char *t = tu_xpath_text(xml, "//dc:title");
  ck_assert_str_eq(t, "電子申請サービス調達仕様書");
  free(t);
  t = tu_xpath_text(xml, "//dc:creator");
  ck_assert_str_eq(t, "乙訓福祉施設事務組合");
  free(t);
  ck_assert_ptr_nonnull(strstr(xml, "2026-04-01T00:00:00Z"));
  free(xml);
}
END_TEST

START_TEST(odt_mimetype_is_first_and_stored) {
  size_t len;
  unsigned char *zip = write(ps_write_odt, &len);
  ck_assert_uint_gt(len, 60);
  ck_assert_int_eq(memcmp(zip, "PK\x03\x04", 4), 0);
  ck_assert_int_eq(zip[8] | zip[9] << 8, 0);  /* method: stored */
  ck_assert_int_eq(zip[28] | zip[29] << 8, 0); /* no extra field */
  ck_assert_int_eq(memcmp(zip + 30, "mimetypeapplication/vnd.oasis.opendocument.text", 47), 0);
  free(zip);
}
END_TEST

START_TEST(odt_structure) {
  char *xml = part(ps_write_odt, "content.xml");
  ck_assert_int_eq(tu_xpath_count(xml, "//text:bookmark-start"), (long)doc->nclauses);
  ck_assert_int_eq(tu_xpath_count(xml, "//text:h[@text:outline-level='2']"), (long)doc->nclauses);
  long tables = tu_xpath_count(xml, "//table:table");
  ck_assert_int_ge(tables, 5);
  ck_assert_int_eq(tu_xpath_count(xml, "//table:table/table:table-header-rows"), tables);
  ck_assert_int_ge(tu_xpath_count(xml, "//text:list"), 5);
  free(xml);
  xml = part(ps_write_odt, "styles.xml");
  ck_assert_int_eq(tu_xpath_count(xml, "//style:default-style/style:text-properties[@style:language-asian='ja']"), 1);
  ck_assert_int_eq(tu_xpath_count(xml, "//text:page-number"), 1);
  free(xml);
}
END_TEST

START_TEST(markdown_marks_every_clause) {
  size_t len;
  char *md = (char *)write(ps_write_md, &len);
  size_t marks = 0;
  for (char *p = strstr(md, "<!-- procspec:clause id=\""); p; p = strstr(p + 1, "<!-- procspec:clause id=\""))
    marks++;
  ck_assert_uint_eq(marks, doc->nclauses);
  ck_assert_ptr_nonnull(strstr(md, "<!-- procspec:clause id=\"spec-purpose\" refs=\"2(1)\" -->"));
  ck_assert_ptr_nonnull(strstr(md, "## 第1　総則"));
  free(md);
}
END_TEST

START_TEST(output_is_reproducible) {
  writer ws[] = {ps_write_md, ps_write_docx, ps_write_odt};
  for (size_t i = 0; i < 3; i++) {
    size_t la, lb;
    unsigned char *a = write(ws[i], &la), *b = write(ws[i], &lb);
    ck_assert_uint_eq(la, lb);
    ck_assert_int_eq(memcmp(a, b, la), 0);
    free(a);
    free(b);
  }
}
END_TEST

START_TEST(xml_syntax_in_values_stays_text) {
  teardown();
  lib = tu_library();
  build_with("purpose: 住民からの各種申請の受付", "purpose: \"<w:p>x</w:p> ]]> & <text:h/>\"");
  char *xml = part(ps_write_docx, "word/document.xml");
  char *t = tu_xpath_text(xml, "//w:t");
  ck_assert_ptr_nonnull(strstr(t, "<w:p>x</w:p> ]]> & <text:h/>"));
  free(t);
  free(xml);
  xml = part(ps_write_odt, "content.xml");
  t = tu_xpath_text(xml, "//office:text");
  ck_assert_ptr_nonnull(strstr(t, "<w:p>x</w:p> ]]> & <text:h/>"));
  ck_assert_int_eq(tu_xpath_count(xml, "//text:h[@text:outline-level='2']"), (long)doc->nclauses);
  free(t);
  free(xml);
  size_t len;
  char *md = (char *)write(ps_write_md, &len);
  ck_assert_ptr_null(strstr(md, "<w:p>"));
  free(md);
}
END_TEST

Suite *writers_suite(void) {
  Suite *s = suite_create("writers");
  TCase *tc = tcase_create("writers");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, docx_bookmarks_every_clause);
  tcase_add_test(tc, docx_headings_use_styles_with_outline_levels);
  tcase_add_test(tc, docx_tables_have_header_rows);
  tcase_add_test(tc, docx_every_list_restarts);
  tcase_add_test(tc, docx_properties_come_from_the_profile);
  tcase_add_test(tc, odt_mimetype_is_first_and_stored);
  tcase_add_test(tc, odt_structure);
  tcase_add_test(tc, markdown_marks_every_clause);
  tcase_add_test(tc, output_is_reproducible);
  tcase_add_test(tc, xml_syntax_in_values_stays_text);
  suite_add_tcase(s, tc);
  return s;
}
