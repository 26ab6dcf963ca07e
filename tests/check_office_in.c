/* The DOCX/ODT reader of procspec diff (office_in.c), fed document parts
 * directly; whole packages edited in Writer are in e2e.diff-office-in. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "office_in.h"
#include "testutil.h"

#define W_DOC(body)                                                                                \
  "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"          \
  "<w:body>" body "</w:body></w:document>"
#define W_P(style, inner) "<w:p><w:pPr><w:pStyle w:val=\"" style "\"/></w:pPr>" inner "</w:p>"
#define W_R(text) "<w:r><w:t>" text "</w:t></w:r>"
#define W_MARK(name) "<w:bookmarkStart w:id=\"1\" w:name=\"" name "\"/>"

static ps_library *lib;

static void setup(void) { lib = tu_library(); }
static void teardown(void) { ps_library_free(lib); }

/* The annex version read from XML (a DOCX document.xml, or ODT content.xml). */
static ps_doc_version *read_part(const char *xml, int odt, ps_diags *d) {
  ps_office_text t;
  if (ps_office_read_part(&t, "x.docx", odt, xml, strlen(xml), "annex", lib, d) < 0)
    return NULL;
  ps_doc_version *v = NULL;
  ck_assert_int_eq(ps_doc_version_from_markdown(&v, "x.docx", t.markdown, d), 0);
  free(t.markdown);
  return v;
}

START_TEST(clauses_are_found_by_bookmark_and_typed_text_joins_the_clause_before) {
  const char *xml =
      W_DOC(W_P("Title", W_R("特記事項")) W_P("Heading1", W_MARK("annex_purpose") W_R("（目的）"))
                W_P("Normal", W_R("本文。")) W_P("Normal", W_R("書き加えた文。"))
                    W_P("Heading1", W_MARK("annex_roles") W_R("（役割及び責任）"))
                        W_P("Normal", W_R("役割。")));
  ps_diags *d = ps_diags_new();
  ps_doc_version *v = read_part(xml, 0, d);
  ck_assert_ptr_nonnull(v);
  ck_assert_uint_eq(v->count, 2);
  ck_assert_str_eq(v->items[0].id, "annex-purpose");
  ck_assert_str_eq(v->items[0].title, "目的");
  ck_assert_str_eq(v->items[0].text, "本文。\n\n書き加えた文。");
  ck_assert_str_eq(v->items[1].id, "annex-roles");
  ck_assert_str_eq(v->title, "特記事項");
  ck_assert_int_eq(v->numbering, PS_NUM_ARTICLES);
  ps_doc_version_free(v);
  ps_diags_free(d);
}
END_TEST

/* LibreOffice saves a DOCX with the style IDs it makes from the style
 * names: the references line's ClauseRefs becomes ClauseReferences. */
START_TEST(references_lines_are_known_under_the_style_id_writer_gives_them) {
  const char *styles[] = {"ClauseRefs", "ClauseReferences"};
  for (int i = 0; i < 2; i++) {
    char xml[1024];
    snprintf(xml, sizeof xml,
             W_DOC(W_P("Heading1", W_MARK("annex_purpose") W_R("（目的）"))
                       W_P("Normal", W_R("本文。")) W_P("%s", W_R("【3.2①】"))),
             styles[i]);
    ps_diags *d = ps_diags_new();
    ps_doc_version *v = read_part(xml, 0, d);
    ck_assert_ptr_nonnull(v);
    ck_assert_uint_eq(v->count, 1);
    ck_assert_str_eq(v->items[0].text, "本文。");
    ck_assert_str_eq(v->items[0].refs, "3.2①");
    ps_doc_version_free(v);
    ps_diags_free(d);
  }
}
END_TEST

START_TEST(a_heading_without_its_bookmark_is_found_by_its_title) {
  const char *xml = W_DOC(W_P("Heading1", W_MARK("annex_purpose") W_R("（目的）")) W_P(
      "Heading1", W_R("（役割及び責任）")) W_P("Normal", W_R("役割。")));
  ps_diags *d = ps_diags_new();
  ps_doc_version *v = read_part(xml, 0, d);
  ck_assert_ptr_nonnull(v);
  ck_assert_uint_eq(v->count, 2);
  ck_assert_str_eq(v->items[1].id, "annex-roles");
  ck_assert(tu_has_diag(d, "matched by its title to clause 'annex-roles'"));
  ps_doc_version_free(v);
  ps_diags_free(d);
}
END_TEST

START_TEST(tracked_changes_are_read_as_accepted_with_a_note) {
  const char *xml = W_DOC(W_P(
      "Heading1",
      W_MARK("annex_purpose") W_R(
          "（目的）")) "<w:p><w:r><w:t>残る</w:t></w:r>"
                       "<w:del w:id=\"2\" "
                       "w:author=\"a\"><w:r><w:delText>消えた</w:delText></w:r></w:del>"
                       "<w:ins w:id=\"3\" w:author=\"a\"><w:r><w:t>加えた</w:t></w:r></w:ins></w:p>"
                       "<w:p><w:pPr><w:rPr><w:del w:id=\"4\" w:author=\"a\"/></w:rPr></w:pPr>"
                       "<w:r><w:t>前半</w:t></w:r></w:p>" W_P("Normal", W_R("後半")));
  ps_diags *d = ps_diags_new();
  ps_doc_version *v = read_part(xml, 0, d);
  ck_assert_ptr_nonnull(v);
  ck_assert_str_eq(v->items[0].text, "残る加えた\n\n前半後半");
  ck_assert(tu_has_diag(d, "3 tracked changes; they were read as accepted"));
  ps_doc_version_free(v);
  ps_diags_free(d);
}
END_TEST

START_TEST(odt_lists_and_tables_become_markdown_blocks) {
  const char *xml =
      "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
      "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" "
      "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\"><office:body><office:text>"
      "<text:h text:outline-level=\"1\"><text:bookmark-start "
      "text:name=\"annex-purpose\"/>（目的）</text:h>"
      "<text:list "
      "text:style-name=\"L_Ordered\"><text:list-item><text:p>一つ目</text:p></text:list-item>"
      "<text:list-item><text:p>二つ目</text:p></text:list-item></text:list>"
      "<table:table><table:table-row><table:table-cell><text:p>項目</text:p></table:table-cell>"
      "<table:table-cell><text:p>内容 | *印*</text:p></table:table-cell></table:table-row>"
      "<table:table-row><table:table-cell><text:p>a</text:p></table:table-cell>"
      "<table:table-cell><text:p>b</text:p></table:table-cell></table:table-row></table:table>"
      "</office:text></office:body></office:document-content>";
  ps_diags *d = ps_diags_new();
  ps_doc_version *v = read_part(xml, 1, d);
  ck_assert_ptr_nonnull(v);
  ck_assert_uint_eq(v->count, 1);
  cmark_node *list = cmark_node_first_child(v->items[0].body);
  ck_assert_int_eq(cmark_node_get_type(list), CMARK_NODE_LIST);
  ck_assert_int_eq(cmark_node_get_list_type(list), CMARK_ORDERED_LIST);
  /* a GFM table's plain text keeps the escaped bar; the emphasis marks stay text */
  ck_assert_ptr_nonnull(strstr(v->items[0].text, "内容 \\| *印*"));
  ck_assert_str_eq(cmark_node_get_type_string(cmark_node_next(list)), "table");
  ps_doc_version_free(v);
  ps_diags_free(d);
}
END_TEST

START_TEST(a_document_without_procspec_bookmarks_is_refused) {
  const char *xml =
      W_DOC(W_P("Heading1", W_MARK("purpose") W_R("目的")) W_P("Normal", W_R("本文")));
  ps_diags *d = ps_diags_new();
  ps_office_text t;
  ck_assert_int_eq(ps_office_read_part(&t, "x.docx", 0, xml, strlen(xml), "annex", lib, d),
                   PS_EINPUT);
  ck_assert_ptr_null(t.markdown);
  ck_assert(tu_has_diag(d, "this DOCX was not written by procspec"));
  ps_diags_free(d);
}
END_TEST

START_TEST(a_package_is_known_by_its_content) {
  ck_assert(ps_office_is_package("PK\x03\x04rest", 8));
  ck_assert(!ps_office_is_package("procspec: 1\n", 12));
  ck_assert(!ps_office_is_package("PK", 2));
}
END_TEST

Suite *office_in_suite(void) {
  Suite *s = suite_create("office_in");
  TCase *tc = tcase_create("office_in");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, clauses_are_found_by_bookmark_and_typed_text_joins_the_clause_before);
  tcase_add_test(tc, a_heading_without_its_bookmark_is_found_by_its_title);
  tcase_add_test(tc, references_lines_are_known_under_the_style_id_writer_gives_them);
  tcase_add_test(tc, tracked_changes_are_read_as_accepted_with_a_note);
  tcase_add_test(tc, odt_lists_and_tables_become_markdown_blocks);
  tcase_add_test(tc, a_document_without_procspec_bookmarks_is_refused);
  tcase_add_test(tc, a_package_is_known_by_its_content);
  suite_add_tcase(s, tc);
  return s;
}
