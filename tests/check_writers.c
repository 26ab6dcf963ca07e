#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <zip.h>

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

/* noinline: inlined, gcc 12 -O2 takes the returned block for a pointer to the
 * local OUT (-Wdangling-pointer, a false positive). */
__attribute__((noinline)) static unsigned char *write(writer w, size_t *len) {
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
  ck_assert_int_eq(tu_xpath_count(xml, "//w:p[w:pPr/w:pStyle/@w:val='Heading2']"),
                   (long)doc->nclauses);
  /* The number is the word processor's, not typed into the text. */
  char *h = tu_xpath_text(xml, "(//w:p[w:pPr/w:pStyle/@w:val='Heading1'])[1]");
  ck_assert_str_eq(h, "総則");
  free(h);
  free(xml);
  xml = part(ps_write_docx, "word/styles.xml");
  ck_assert_int_eq(
      tu_xpath_count(xml, "//w:style[@w:styleId='Heading1']/w:pPr/w:outlineLvl[@w:val='0']"), 1);
  ck_assert_int_eq(tu_xpath_count(xml, "//w:style[@w:styleId='Heading1']/w:pPr/w:numPr[w:ilvl/"
                                       "@w:val='0' and w:numId/@w:val='1']"),
                   1);
  ck_assert_int_eq(tu_xpath_count(xml, "//w:style[@w:styleId='Heading2']/w:pPr/w:numPr[w:ilvl/"
                                       "@w:val='1' and w:numId/@w:val='1']"),
                   1);
  ck_assert_int_eq(tu_xpath_count(xml, "//w:rPrDefault//w:rFonts[@w:eastAsia]"), 1);
  ck_assert_int_eq(tu_xpath_count(xml, "//w:rPrDefault//w:lang[@w:eastAsia='ja-JP']"), 1);
  free(xml);
  xml = part(ps_write_docx, "word/numbering.xml");
  ck_assert_int_eq(
      tu_xpath_count(
          xml,
          "//w:abstractNum[@w:abstractNumId='1']/w:lvl[@w:ilvl='0'][w:lvlText/@w:val='第%1　']"),
      1);
  ck_assert_int_eq(
      tu_xpath_count(
          xml, "//w:abstractNum[@w:abstractNumId='1']/w:lvl[@w:ilvl='1'][w:lvlText/@w:val='%2　']"),
      1);
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
  ck_assert_ptr_nonnull(strstr(t, "99.5%以上"));
  ck_assert_ptr_nonnull(strstr(t, "3時間以内"));
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
  ck_assert_int_eq(tu_xpath_count(num, "//w:num[w:lvlOverride[@w:ilvl='0']/w:startOverride]"),
                   lists);
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
  ck_assert_int_eq(zip[8] | zip[9] << 8, 0);   /* method: stored */
  ck_assert_int_eq(zip[28] | zip[29] << 8, 0); /* no extra field */
  ck_assert_int_eq(memcmp(zip + 30, "mimetypeapplication/vnd.oasis.opendocument.text", 47), 0);
  free(zip);
}
END_TEST

START_TEST(odt_structure) {
  char *xml = part(ps_write_odt, "content.xml");
  ck_assert_int_eq(
      tu_xpath_count(xml,
                     "//text:h//text:bookmark-start[not(starts-with(@text:name, 'section-'))]"),
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
  ck_assert_int_eq(
      tu_xpath_count(xml,
                     "//style:default-style/style:text-properties[@style:language-asian='ja']"),
      1);
  ck_assert_int_eq(tu_xpath_count(xml, "//text:page-number"), 1);
  ck_assert_int_eq(tu_xpath_count(xml, "//"
                                       "text:outline-level-style[@text:level='1'][@style:num-"
                                       "prefix='第'][@style:num-format='1']"),
                   1);
  ck_assert_int_eq(tu_xpath_count(xml, "//style:header/text:p"), 1);
  free(xml);
}
END_TEST

START_TEST(tables_of_contents_hold_their_entries) {
  long entries = (long)(doc->nclauses + doc->nsections);
  char *xml = part(ps_write_docx, "word/document.xml");
  ck_assert_int_eq(
      tu_xpath_count(xml,
                     "//w:sdt[w:sdtPr/w:docPartObj/w:docPartGallery/@w:val='Table of Contents']"),
      1);
  char *instr = tu_xpath_text(xml, "//w:sdt//w:instrText");
  ck_assert_ptr_nonnull(strstr(instr, " TOC \\o \"1-2\""));
  free(instr);
  ck_assert_int_eq(tu_xpath_count(xml, "//w:sdt//w:hyperlink[@w:anchor]"), entries);
  ck_assert_int_eq(tu_xpath_count(xml, "//w:sdt//w:hyperlink[@w:anchor='spec_purpose']"), 1);
  free(xml);
  xml = part(ps_write_odt, "content.xml");
  ck_assert_int_eq(tu_xpath_count(xml, "//text:table-of-content/text:index-body/text:p"), entries);
  ck_assert_int_eq(
      tu_xpath_count(xml, "//text:index-body//text:bookmark-ref[@text:reference-format='page']"),
      entries);
  free(xml);
}
END_TEST

START_TEST(references_follow_each_clause_unless_turned_off) {
  char *xml = part(ps_write_docx, "word/document.xml");
  ck_assert_int_eq(tu_xpath_count(xml, "//w:p[w:pPr/w:pStyle/@w:val='ClauseRefs']"),
                   (long)doc->nclauses);
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

/* A references line 【…】 never stands alone at the top of a page or alone
 * on the last page: what comes before it in its clause (a paragraph, a
 * list's last paragraph, every paragraph of a table's last row) is kept
 * with the next paragraph, in DOCX (w:keepNext) and in ODT (a style with
 * fo:keep-with-next="always"). */
START_TEST(references_are_kept_with_the_text_before_them) {
  long refs = (long)doc->nclauses;
  char *xml = part(ps_write_docx, "word/document.xml");
  const char *r = "//w:p[w:pPr/w:pStyle/@w:val='ClauseRefs']";
  ck_assert_int_eq(tu_xpath_count(xml, r), refs);
  char q[1024];
  snprintf(q, sizeof q,
           "%s[preceding-sibling::*[1][self::w:p[w:pPr/w:keepNext] or "
           "self::w:tbl[not(w:tr[last()]//w:p[not(w:pPr/w:keepNext)])]]]",
           r);
  long kept = tu_xpath_count(xml, q);
  snprintf(q, sizeof q, "%s[preceding-sibling::*[1][self::w:tbl]]", r);
  ck_assert_int_gt(tu_xpath_count(xml, q), 0); /* some clause ends with a table */
  ck_assert_int_eq(kept, refs);
  /* The last one is kept with 以上: neither stands alone on the last page. */
  snprintf(q, sizeof q, "(%s)[last()][w:pPr/w:keepNext]", r);
  ck_assert_int_eq(tu_xpath_count(xml, q), 1);
  free(xml);
  xml = part(ps_write_odt, "content.xml");
  r = "//text:p[@text:style-name='Clause_20_References' or "
      "@text:style-name='Keep_Clause_20_References']";
  ck_assert_int_eq(tu_xpath_count(xml, r), refs);
  ck_assert_int_eq(
      tu_xpath_count(xml, "(//text:p[@text:style-name='Clause_20_References' or "
                          "@text:style-name='Keep_Clause_20_References'])[last()]"
                          "[@text:style-name='Keep_Clause_20_References']"
                          "[following-sibling::*[1][self::text:p[@text:style-name='Title_20_Info']]]"),
      1);
  /* The styles that keep: automatic styles with fo:keep-with-next. */
  const char *keeps = "//office:automatic-styles/style:style[style:paragraph-properties/"
                      "@fo:keep-with-next='always']/@style:name";
  ck_assert_int_gt(tu_xpath_count(xml, keeps), 0);
  snprintf(q, sizeof q,
           "%s[preceding-sibling::*[1][self::text:p[@text:style-name=%s] or "
           "self::text:list[(.//text:p)[last()][@text:style-name=%s]] or "
           "self::table:table[not(table:table-row[last()]//text:p[not(@text:style-name=%s)])]]]",
           r, keeps, keeps, keeps);
  ck_assert_int_eq(tu_xpath_count(xml, q), refs);
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

/* The 別表 (the criteria appendix): unnumbered, after 以上 on a new page,
 * in the table of contents at the top level; its 該当する条項 column is a
 * short one however many clauses an item lists (C11). */
START_TEST(the_appendix_is_an_unnumbered_table_after_the_closing) {
  ps_diags *d = ps_diags_new();
  ck_assert_int_eq(ps_document_add_appendix(doc, lib, profile, d), 0);
  ps_diags_free(d);
  char *xml = part(ps_write_docx, "word/document.xml");
  ck_assert_int_eq(
      tu_xpath_count(xml, "//w:body/w:p[w:pPr/w:pStyle/@w:val='Heading1']"
                          "[w:pPr/w:numPr/w:numId/@w:val='0']"
                          "[starts-with(., '別表　利用基準の要求事項（第1の1関係）')]"
                          "[preceding-sibling::w:p[1][.//w:br/@w:type='page']]"
                          "[preceding-sibling::w:p[2][. = '以上']]"),
      1);
  ck_assert_int_eq(tu_xpath_count(xml, "//w:sdt//w:p[w:pPr/w:pStyle/@w:val='TOC1']"
                                       "[starts-with(., '別表　')]"),
                   1);
  char *w1 = tu_xpath_text(xml, "(//w:body/w:tbl)[last()]/w:tblGrid/w:gridCol[2]/@w:w");
  char *w2 = tu_xpath_text(xml, "(//w:body/w:tbl)[last()]/w:tblGrid/w:gridCol[3]/@w:w");
  ck_assert_int_gt(2 * strtol(w1, NULL, 10), 5 * strtol(w2, NULL, 10));
  ck_assert_int_lt(strtol(w2, NULL, 10), 2000); /* two numbers a line: 第1の5、第1の6、 */
  free(w1);
  free(w2);
  free(xml);
  xml = part(ps_write_odt, "content.xml");
  ck_assert_int_eq(tu_xpath_count(xml, "//text:h[@text:is-list-header='true']"
                                       "[starts-with(., '別表　利用基準の要求事項')]"),
                   1);
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
  ck_assert_int_eq(
      tu_xpath_count(
          xml,
          "//w:abstractNum[@w:abstractNumId='1']/w:lvl[@w:ilvl='0'][w:lvlText/@w:val='第%1条']"),
      1);
  free(xml);
  xml = part(ps_write_docx, "word/document.xml");
  char *h = tu_xpath_text(xml, "(//w:p[w:pPr/w:pStyle/@w:val='Heading1'])[1]");
  ck_assert_str_eq(h, "（目的）");
  free(h);
  ck_assert_int_eq(tu_xpath_count(xml, "//w:sdt"), 0); /* no table of contents */
  free(xml);
  xml = part(ps_write_odt, "styles.xml");
  ck_assert_int_eq(
      tu_xpath_count(xml, "//text:outline-level-style[@text:level='1'][@style:num-suffix='条']"),
      1);
  free(xml);
  doc = spec;
  ps_document_free(annex);
  ps_diags_free(d);
}
END_TEST

START_TEST(landscape_documents) {
  doc->landscape = 1;
  char *xml = part(ps_write_docx, "word/document.xml");
  ck_assert_int_eq(
      tu_xpath_count(xml, "//w:sectPr/w:pgSz[@w:orient='landscape'][@w:w='16838'][@w:h='11906']"),
      1);
  free(xml);
  xml = part(ps_write_odt, "styles.xml");
  ck_assert_int_eq(tu_xpath_count(xml, "//"
                                       "style:page-layout-properties[@style:print-orientation='"
                                       "landscape'][@fo:page-width='29.7cm']"),
                   1);
  free(xml);
}
END_TEST

START_TEST(markdown_marks_every_clause) {
  size_t len;
  char *md = (char *)write(ps_write_md, &len);
  size_t marks = 0;
  for (char *p = strstr(md, "<!-- procspec:clause id=\""); p;
       p = strstr(p + 1, "<!-- procspec:clause id=\""))
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

/* Regression (issue 13): U+FFFE or a control character in a text made a
 * DOCX/ODT whose XML did not parse, and the writer said nothing. The XML
 * writer refuses them, in one place, and the writer names the document. */
START_TEST(writers_refuse_characters_xml_cannot_carry) {
  const char *bad[] = {"規約\xef\xbf\xbe", "\x1b[31m赤", "a\xfe"};
  writer writers[] = {ps_write_docx, ps_write_odt};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    for (size_t w = 0; w < 2; w++) {
      const char *title = doc->title;
      doc->title = bad[i];
      unsigned char *out = NULL;
      size_t len = 0;
      ps_diags *d = ps_diags_new();
      ck_assert_int_eq(writers[w](&out, &len, doc, d), PS_EINPUT);
      ck_assert_ptr_null(out);
      ck_assert_msg(tu_has_diag(d, "cannot carry"), "%s", tu_first_diag(d)->message);
      ck_assert(tu_has_diag(d, i == 0 ? "U+FFFE" : i == 1 ? "U+001B" : "not UTF-8"));
      ps_diags_free(d);
      doc->title = title;
    }
}
END_TEST

/* Every part of a package that should be XML parses with libxml2. */
static void parse_every_part(const unsigned char *zip, size_t len, const char *what) {
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *src = zip_source_buffer_create(zip, len, 0, &ze);
  ck_assert(src != NULL);
  zip_t *za = zip_open_from_source(src, ZIP_RDONLY, &ze);
  ck_assert_msg(za != NULL, "%s: not a zip", what);
  zip_int64_t n = zip_get_num_entries(za, 0), parsed = 0;
  for (zip_int64_t i = 0; i < n; i++) {
    const char *name = zip_get_name(za, (zip_uint64_t)i, 0);
    size_t nl = strlen(name);
    if (!(nl > 4 && (strcmp(name + nl - 4, ".xml") == 0 || strcmp(name + nl - 5, ".rels") == 0)))
      continue;
    size_t plen = 0;
    char *xml = tu_zip_part(zip, len, name, &plen);
    xmlDocPtr x = xmlReadMemory(xml, (int)plen, name, NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    ck_assert_msg(x != NULL, "%s: %s is not well-formed XML", what, name);
    xmlFreeDoc(x);
    free(xml);
    parsed++;
  }
  ck_assert_msg(parsed >= 4, "%s: only %lld XML parts", what, (long long)parsed);
  zip_close(za);
  zip_error_fini(&ze);
}

static const char *const samples[] = {"e-application", "backup-service", "web-meeting",
                                      "facility-reservation", "muko-city-groupware"};

START_TEST(every_xml_part_of_every_package_parses) {
  ps_diags *d = ps_diags_new();
  ps_generate_options opts = PS_GENERATE_OPTIONS_INIT;
  opts.formats = PS_FMT_DOCX | PS_FMT_ODT;
  size_t packages = 0;
  for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
    ps_profile *p = tu_sample(samples[i], NULL, NULL);
    ps_outputs out;
    ck_assert_int_eq(ps_generate(&out, p, lib, &opts, d), 0);
    for (size_t f = 0; f < out.count; f++, packages++)
      parse_every_part(out.files[f].data, out.files[f].size, out.files[f].name);
    ps_outputs_free(&out);
    ps_profile_free(p);
  }
  ck_assert_uint_ge(packages, 20);
  ps_diags_free(d);
}
END_TEST

/* The same for the redlines of each kind between two services. */
START_TEST(every_xml_part_of_every_redline_parses) {
  ps_diags *d = ps_diags_new();
  for (size_t k = 0; k < 5; k++) {
    const char *kind = k == 0   ? "spec"
                       : k == 1 ? "annex"
                       : k == 2 ? "application"
                       : k == 3 ? "checklist"
                                : "ledger";
    if (!ps_library_doc(lib, kind))
      continue;
    ps_doc_version *a = NULL, *b = NULL;
    ck_assert_int_eq(ps_doc_version_load(&a, tu_path("samples/backup-service.yaml"), kind, lib, d),
                     0);
    ck_assert_int_eq(ps_doc_version_load(&b, tu_path("samples/e-application.yaml"), kind, lib, d),
                     0);
    ps_diff *diff = NULL;
    ck_assert_int_eq(ps_diff_build(&diff, a, b, NULL, d), 0);
    for (unsigned fmt = PS_FMT_DOCX; fmt <= PS_FMT_ODT; fmt <<= 1) {
      unsigned char *out = NULL;
      size_t len = 0;
      ck_assert_int_eq(ps_diff_redline(&out, &len, diff, fmt, "情報政策課 <x&y>", "2026-05-01", d),
                       0);
      parse_every_part(out, len, kind);
      free(out);
    }
    ps_diff_free(diff);
    ps_doc_version_free(a);
    ps_doc_version_free(b);
  }
  ps_diags_free(d);
}
END_TEST

/* 字下げ: body paragraphs of the annex begin one character in, numbered
 * paragraphs ("2　…") hang their number; DOCX and ODT agree paragraph for
 * paragraph, and both set lines on an 18pt grid. Table cells and list items
 * are not indented. */
START_TEST(body_indent_and_line_grid_agree_in_docx_and_odt) {
  ps_document_free(doc);
  ps_diags *d = ps_diags_new();
  ck_assert_int_eq(ps_document_build(&doc, profile, lib, "annex", d), 0);
  ps_diags_free(d);
  char *docx = part(ps_write_docx, "word/document.xml");
  char *content = part(ps_write_odt, "content.xml");
  char *styles = part(ps_write_odt, "styles.xml");
  long first = tu_xpath_count(docx, "//w:p[w:pPr/w:ind/@w:firstLine='210']");
  long hanging = tu_xpath_count(docx, "//w:p[w:pPr/w:ind/@w:hanging='210']");
  ck_assert_int_gt(first, 10);
  ck_assert_int_gt(hanging, 5);
  /* Keep_*: the variant kept with the references line, indented as its parent. */
  ck_assert_int_eq(tu_xpath_count(content, "//text:p[@text:style-name='Body_20_Indent' or "
                                           "@text:style-name='Keep_Body_20_Indent']"),
                   first);
  ck_assert_int_eq(tu_xpath_count(content, "//text:p[@text:style-name='Numbered_20_Paragraph' or "
                                           "@text:style-name='Keep_Numbered_20_Paragraph']"),
                   hanging);
  ck_assert_int_eq(tu_xpath_count(content, "//style:style[@style:name='Keep_Body_20_Indent']"
                                           "[@style:parent-style-name='Body_20_Indent']"),
                   1);
  char *t = tu_xpath_text(docx, "(//w:p[w:pPr/w:ind/@w:hanging='210'])[1]");
  ck_assert_msg(strncmp(t, "2\xe3\x80\x80", 4) == 0, "a hanging paragraph begins '%s'", t);
  free(t);
  ck_assert_int_eq(tu_xpath_count(docx, "//w:tc//w:ind"), 0);
  ck_assert_int_eq(tu_xpath_count(styles, "//style:style[@style:name='Body_20_Indent']"
                                          "/style:paragraph-properties[@fo:text-indent='10.5pt']"),
                   1);
  ck_assert_int_eq(tu_xpath_count(styles, "//style:page-layout-properties"
                                          "[@style:layout-grid-base-height='18pt']"),
                   1);
  free(styles);
  free(content);
  free(docx);
  char *sect = part(ps_write_docx, "word/document.xml");
  ck_assert_int_eq(tu_xpath_count(sect, "//w:sectPr/w:docGrid[@w:linePitch='360']"), 1);
  free(sect);
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
  tcase_add_test(tc, references_are_kept_with_the_text_before_them);
  tcase_add_test(tc, column_widths_follow_the_content);
  tcase_add_test(tc, the_appendix_is_an_unnumbered_table_after_the_closing);
  tcase_add_test(tc, header_names_title_and_version);
  tcase_add_test(tc, annex_articles_are_numbered_by_the_word_processor);
  tcase_add_test(tc, landscape_documents);
  tcase_add_test(tc, markdown_marks_every_clause);
  tcase_add_test(tc, output_is_reproducible);
  tcase_add_test(tc, xml_syntax_in_values_stays_text);
  tcase_add_test(tc, writers_refuse_characters_xml_cannot_carry);
  tcase_add_test(tc, body_indent_and_line_grid_agree_in_docx_and_odt);
  suite_add_tcase(s, tc);
  /* Every sample, kind and format: long under the sanitizers. */
  TCase *all = tcase_create("every package");
  tcase_add_checked_fixture(all, setup, teardown);
  tcase_set_timeout(all, 300);
  tcase_add_test(all, every_xml_part_of_every_package_parses);
  tcase_add_test(all, every_xml_part_of_every_redline_parses);
  suite_add_tcase(s, all);
  return s;
}
