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
  /* One bookmark per clause named after its ID, one hidden one per chapter. */
  ck_assert_int_eq(tu_xpath_count(xml, "//w:bookmarkStart[not(starts-with(@w:name, '_Toc'))]"),
                   (long)doc->nclauses);
  ck_assert_int_eq(tu_xpath_count(xml, "//w:bookmarkStart[starts-with(@w:name, '_Toc_sec')]"),
                   (long)doc->nsections);
  ck_assert_int_eq(tu_xpath_count(xml, "//w:bookmarkStart[@w:name='spec_secondary_use']"), 1);
  ck_assert_int_eq(tu_xpath_count(xml, "//w:bookmarkEnd"), (long)(doc->nclauses + doc->nsections));
  free(xml);
}
END_TEST

START_TEST(docx_headings_use_styles_with_outline_levels) {
  char *xml = part(ps_write_docx, "word/document.xml");
  ck_assert_int_eq(tu_xpath_count(xml, "//w:p[w:pPr/w:pStyle/@w:val='Heading2']"), (long)doc->nclauses);
  /* The number is the word processor's, not typed into the text. */
  char *h = tu_xpath_text(xml, "(//w:p[w:pPr/w:pStyle/@w:val='Heading1'])[1]");
  ck_assert_str_eq(h, "総則");
  free(h);
  free(xml);
  xml = part(ps_write_docx, "word/styles.xml");
  ck_assert_int_eq(tu_xpath_count(xml, "//w:style[@w:styleId='Heading1']/w:pPr/w:outlineLvl[@w:val='0']"), 1);
  ck_assert_int_eq(tu_xpath_count(xml, "//w:style[@w:styleId='Heading1']/w:pPr/w:numPr[w:ilvl/@w:val='0' and w:numId/@w:val='1']"), 1);
  ck_assert_int_eq(tu_xpath_count(xml, "//w:style[@w:styleId='Heading2']/w:pPr/w:numPr[w:ilvl/@w:val='1' and w:numId/@w:val='1']"), 1);
  ck_assert_int_eq(tu_xpath_count(xml, "//w:rPrDefault//w:rFonts[@w:eastAsia]"), 1);
  ck_assert_int_eq(tu_xpath_count(xml, "//w:rPrDefault//w:lang[@w:eastAsia='ja-JP']"), 1);
  free(xml);
  xml = part(ps_write_docx, "word/numbering.xml");
  ck_assert_int_eq(tu_xpath_count(xml, "//w:abstractNum[@w:abstractNumId='1']/w:lvl[@w:ilvl='0'][w:lvlText/@w:val='第%1　']"), 1);
  ck_assert_int_eq(tu_xpath_count(xml, "//w:abstractNum[@w:abstractNumId='1']/w:lvl[@w:ilvl='1'][w:lvlText/@w:val='%2　']"), 1);
  ck_assert_int_eq(tu_xpath_count(xml, "//w:num[@w:numId='1']/w:abstractNumId[@w:val='1']"), 1);
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
  long lists = tu_xpath_count(num, "//w:num") - 1; /* numId 1 numbers the headings */
  ck_assert_int_ge(lists, 5);
  ck_assert_int_eq(tu_xpath_count(num, "//w:num[w:lvlOverride[@w:ilvl='0']/w:startOverride]"), lists);
  /* Every numId used in the body is defined, and each list uses its own. */
  char xp[96];
  snprintf(xp, sizeof xp, "//w:body//w:numId[@w:val < 2 or @w:val > %ld]", lists + 1);
  ck_assert_int_eq(tu_xpath_count(body, xp), 0);
  ck_assert_int_ge(tu_xpath_count(body, "//w:body//w:numId"), lists);
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
  ck_assert_int_eq(tu_xpath_count(xml, "//text:h//text:bookmark-start[not(starts-with(@text:name, 'section-'))]"),
                   (long)doc->nclauses);
  ck_assert_int_eq(tu_xpath_count(xml, "//text:h[@text:outline-level='2']"), (long)doc->nclauses);
  char *h = tu_xpath_text(xml, "(//text:h[@text:outline-level='1'])[1]");
  ck_assert_str_eq(h, "総則");
  free(h);
  long tables = tu_xpath_count(xml, "//table:table");
  ck_assert_int_ge(tables, 5);
  ck_assert_int_eq(tu_xpath_count(xml, "//table:table/table:table-header-rows"), tables);
  ck_assert_int_ge(tu_xpath_count(xml, "//text:list"), 5);
  free(xml);
  xml = part(ps_write_odt, "styles.xml");
  ck_assert_int_eq(tu_xpath_count(xml, "//style:default-style/style:text-properties[@style:language-asian='ja']"), 1);
  ck_assert_int_eq(tu_xpath_count(xml, "//text:page-number"), 1);
  ck_assert_int_eq(tu_xpath_count(xml, "//text:outline-level-style[@text:level='1'][@style:num-prefix='第'][@style:num-format='1']"), 1);
  ck_assert_int_eq(tu_xpath_count(xml, "//style:header/text:p"), 1);
  free(xml);
}
END_TEST

START_TEST(tables_of_contents_hold_their_entries) {
  long entries = (long)(doc->nclauses + doc->nsections);
  char *xml = part(ps_write_docx, "word/document.xml");
  ck_assert_int_eq(tu_xpath_count(xml, "//w:sdt[w:sdtPr/w:docPartObj/w:docPartGallery/@w:val='Table of Contents']"), 1);
  char *instr = tu_xpath_text(xml, "//w:sdt//w:instrText");
  ck_assert_ptr_nonnull(strstr(instr, " TOC \\o \"1-2\""));
  free(instr);
  ck_assert_int_eq(tu_xpath_count(xml, "//w:sdt//w:hyperlink[@w:anchor]"), entries);
  ck_assert_int_eq(tu_xpath_count(xml, "//w:sdt//w:hyperlink[@w:anchor='spec_purpose']"), 1);
  free(xml);
  xml = part(ps_write_odt, "content.xml");
  ck_assert_int_eq(tu_xpath_count(xml, "//text:table-of-content/text:index-body/text:p"), entries);
  ck_assert_int_eq(tu_xpath_count(xml, "//text:index-body//text:bookmark-ref[@text:reference-format='page']"), entries);
  free(xml);
}
END_TEST

START_TEST(references_follow_each_clause_unless_turned_off) {
  char *xml = part(ps_write_docx, "word/document.xml");
  ck_assert_int_eq(tu_xpath_count(xml, "//w:p[w:pPr/w:pStyle/@w:val='ClauseRefs']"), (long)doc->nclauses);
  char *t = tu_xpath_text(xml, "(//w:p[w:pPr/w:pStyle/@w:val='ClauseRefs'])[1]");
  ck_assert_str_eq(t, "【2(1)】");
  free(t);
  free(xml);
  doc->show_refs = 0;
  xml = part(ps_write_docx, "word/document.xml");
  ck_assert_int_eq(tu_xpath_count(xml, "//w:p[w:pPr/w:pStyle/@w:val='ClauseRefs']"), 0);
  free(xml);
  xml = part(ps_write_odt, "content.xml");
  ck_assert_int_eq(tu_xpath_count(xml, "//text:p[@text:style-name='Clause_20_References']"), 0);
  free(xml);
}
END_TEST

START_TEST(column_widths_follow_the_content) {
  char *xml = part(ps_write_docx, "word/document.xml");
  /* The overview: a short label column and a wider value column, filling the text width. */
  long a = tu_xpath_count(xml, "(//w:body/w:tbl)[1]/w:tblGrid/w:gridCol[1][@w:w < 4535]");
  ck_assert_int_eq(a, 1);
  char *w1 = tu_xpath_text(xml, "(//w:body/w:tbl)[1]/w:tblGrid/w:gridCol[1]/@w:w");
  char *w2 = tu_xpath_text(xml, "(//w:body/w:tbl)[1]/w:tblGrid/w:gridCol[2]/@w:w");
  long total = strtol(w1, NULL, 10) + strtol(w2, NULL, 10);
  ck_assert_int_ge(total, 9060);
  ck_assert_int_le(total, 9070);
  free(w1);
  free(w2);
  free(xml);
}
END_TEST

START_TEST(header_names_title_and_version) {
  char *xml = part(ps_write_docx, "word/header1.xml");
  char *t = tu_xpath_text(xml, "//w:t");
  ck_assert_str_eq(t, "電子申請サービス調達仕様書（第1.0版）");
  free(t);
  free(xml);
}
END_TEST

START_TEST(annex_articles_are_numbered_by_the_word_processor) {
  ps_document *annex = NULL;
  ps_diags *d = ps_diags_new();
  ck_assert_int_eq(ps_document_build(&annex, profile, lib, "annex", d), 0);
  ps_document *spec = doc;
  doc = annex;
  char *xml = part(ps_write_docx, "word/numbering.xml");
  ck_assert_int_eq(tu_xpath_count(xml, "//w:abstractNum[@w:abstractNumId='1']/w:lvl[@w:ilvl='0'][w:lvlText/@w:val='第%1条']"), 1);
  free(xml);
  xml = part(ps_write_docx, "word/document.xml");
  char *h = tu_xpath_text(xml, "(//w:p[w:pPr/w:pStyle/@w:val='Heading1'])[1]");
  ck_assert_str_eq(h, "（目的）");
  free(h);
  ck_assert_int_eq(tu_xpath_count(xml, "//w:sdt"), 0); /* no table of contents */
  free(xml);
  xml = part(ps_write_odt, "styles.xml");
  ck_assert_int_eq(tu_xpath_count(xml, "//text:outline-level-style[@text:level='1'][@style:num-suffix='条']"), 1);
  free(xml);
  doc = spec;
  ps_document_free(annex);
  ps_diags_free(d);
}
END_TEST

START_TEST(landscape_documents) {
  doc->landscape = 1;
  char *xml = part(ps_write_docx, "word/document.xml");
  ck_assert_int_eq(tu_xpath_count(xml, "//w:sectPr/w:pgSz[@w:orient='landscape'][@w:w='16838'][@w:h='11906']"), 1);
  free(xml);
  xml = part(ps_write_odt, "styles.xml");
  ck_assert_int_eq(tu_xpath_count(xml, "//style:page-layout-properties[@style:print-orientation='landscape'][@fo:page-width='29.7cm']"), 1);
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
  tcase_add_test(tc, tables_of_contents_hold_their_entries);
  tcase_add_test(tc, references_follow_each_clause_unless_turned_off);
  tcase_add_test(tc, column_widths_follow_the_content);
  tcase_add_test(tc, header_names_title_and_version);
  tcase_add_test(tc, annex_articles_are_numbered_by_the_word_processor);
  tcase_add_test(tc, landscape_documents);
  tcase_add_test(tc, markdown_marks_every_clause);
  tcase_add_test(tc, output_is_reproducible);
  tcase_add_test(tc, xml_syntax_in_values_stays_text);
  suite_add_tcase(s, tc);
  return s;
}
