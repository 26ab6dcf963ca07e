/* The requirement statements of a document, the compliance form's
 * reader of responses, and the display width of Japanese text. */
#include <stdlib.h>
#include <string.h>

#include "document.h"
#include "response.h"
#include "statements.h"
#include "testutil.h"
#include "xlsx.h"

/* A one-chapter document whose one clause holds MARKDOWN. */
static ps_statements *derive(const char *markdown) {
  static const char *const sections[] = {"総則"};
  ps_plain_clause c = {0, "spec-x", "条文", markdown};
  ps_plain_header h = {"spec", "調達仕様書", "仕様書", "本組合", "1.0", NULL, NULL};
  ps_document *doc = NULL;
  ck_assert_int_eq(ps_document_chapters(&doc, &h, sections, 1, &c, 1), 0);
  ps_statements *st = NULL;
  ck_assert_int_eq(ps_statements_build(&st, doc), 0);
  ps_document_free(doc);
  return st;
}

/* The date of a document headed with ISO_DATE, as year*10000+month*100+day. */
static int statements_date(const char *iso_date) {
  static const char *const sections[] = {"総則"};
  ps_plain_clause c = {0, "spec-x", "条文", "受注者は、報告すること。\n"};
  ps_plain_header h = {"spec", "調達仕様書", "仕様書", "本組合", "1.0", "令和8年4月1日", iso_date};
  ps_document *doc = NULL;
  ck_assert_int_eq(ps_document_chapters(&doc, &h, sections, 1, &c, 1), 0);
  ps_statements *st = NULL;
  ck_assert_int_eq(ps_statements_build(&st, doc), 0);
  ps_document_free(doc);
  int date = st->year * 10000 + st->month * 100 + st->day;
  ps_statements_free(st);
  return date;
}

START_TEST(the_document_date_is_read_from_its_iso_date) {
  ck_assert_int_eq(statements_date("2026-04-01T00:00:00Z"), 20260401);
  ck_assert_int_eq(statements_date("2026-12-31"), 20261231);
  ck_assert_int_eq(statements_date(NULL), 0);
  ck_assert_int_eq(statements_date("2026/04/01"), 0);
  ck_assert_int_eq(statements_date("2026-04-"), 0);
  ck_assert_int_eq(statements_date("20260-04-01"), 0);
  ck_assert_int_eq(statements_date(""), 0);
}
END_TEST

START_TEST(obliging_sentences_are_statements) {
  ps_statements *st = derive("本サービスは重要である。受注者は、報告すること。"
                             "受注者は、再委託してはならない。本組合は確認する。\n");
  ck_assert_uint_eq(st->count, 2);
  ck_assert_str_eq(st->items[0].text, "受注者は、報告すること。");
  /* one paragraph (項) of four sentences: numbered by the sentence */
  ck_assert_str_eq(st->items[0].number, "1-1-2文");
  ck_assert_str_eq(st->items[1].text, "受注者は、再委託してはならない。");
  ck_assert_str_eq(st->items[1].number, "1-1-3文");
  ps_statements_free(st);
}
END_TEST

START_TEST(paragraphs_are_numbered_as_items_of_the_clause) {
  ps_statements *st = derive("受注者は、報告すること。\n\n本組合は確認する。受注者は、協力すること。\n");
  ck_assert_uint_eq(st->count, 2);
  ck_assert_str_eq(st->items[0].number, "1-1-1項");
  ck_assert_str_eq(st->items[1].number, "1-1-2項2文");
  ps_statements_free(st);
}
END_TEST

START_TEST(a_full_stop_in_brackets_ends_no_sentence) {
  ps_statements *st = derive("受注者（再委託先を含む。）は、「次のこと。」を守ること。\n");
  ck_assert_uint_eq(st->count, 1);
  ck_assert_str_eq(st->items[0].text, "受注者（再委託先を含む。）は、「次のこと。」を守ること。");
  ps_statements_free(st);
}
END_TEST

/* 「…消去すること（外部サービス提供者に消去させること。）。」 obliges: the
 * ending is judged without the parenthetical that closes the sentence. */
START_TEST(an_obligation_ending_in_a_parenthetical_is_a_statement) {
  ps_statements *st = derive("受注者は、データを消去すること（外部サービス提供者に消去させること。）。"
                             "本組合は、確認する（必要なときに限る。）。\n");
  ck_assert_uint_eq(st->count, 1);
  ck_assert_str_eq(st->items[0].text,
                   "受注者は、データを消去すること（外部サービス提供者に消去させること。）。");
  ps_statements_free(st);
}
END_TEST

/* 「…も同様とする。」 and 「ただし、…この限りでない。」 continue the
 * obligation before them and belong to its row; after a sentence that
 * does not oblige they belong to none. */
START_TEST(a_sentence_continuing_an_obligation_joins_its_row) {
  ps_statements *st = derive("受注者は、秘密を漏らさないこと。契約の終了後も同様とする。"
                             "ただし、公知の情報は、この限りでない。本組合は通知する。"
                             "変更する場合も同様とする。\n");
  ck_assert_uint_eq(st->count, 1);
  ck_assert_str_eq(st->items[0].text, "受注者は、秘密を漏らさないこと。契約の終了後も同様とする。"
                                      "ただし、公知の情報は、この限りでない。");
  ck_assert_str_eq(st->items[0].number, "1-1-1文");
  ps_statements_free(st);
}
END_TEST

/* The rows of a table and the items of a list hang on the sentence that
 * says 次の, not on the paragraph's last one; a numbered item keeps the
 * number the specification shows, (2). */
START_TEST(items_and_rows_hang_on_the_sentence_that_introduces_them) {
  ps_statements *st =
      derive("受注者は、次の資料を提出すること。変更したときは、再提出すること。\n\n"
             "1. 登録証\n2. 監査報告書\n\n"
             "受注者は、次の水準を満たすこと。\n\n| 項目 | 要求水準 |\n| --- | --- |\n"
             "| 稼働率 | 99.9%以上 |\n\n"
             "次のとおりとする。\n\n- 参考\n");
  ck_assert_uint_eq(st->count, 6);
  ck_assert_str_eq(st->items[0].number, "1-1-1項1文");
  ck_assert_str_eq(st->items[1].number, "1-1-1項2文");
  ck_assert_str_eq(st->items[2].number, "1-1-1項(1)");
  ck_assert_str_eq(st->items[2].text, "登録証");
  ck_assert_str_eq(st->items[3].number, "1-1-1項(2)");
  ck_assert_str_eq(st->items[4].number, "1-1-2項");
  ck_assert_str_eq(st->items[5].number, "1-1-2項表1行");
  ck_assert_str_eq(st->items[5].text, "稼働率（要求水準：99.9%以上）");
  ps_statements_free(st);
}
END_TEST

/* Items to know rather than to answer (次のリスク, 次の脅威, the exceptions
 * of a ただし) stay in the row of the sentence that introduces them. */
START_TEST(items_to_know_stay_in_the_row_that_introduces_them) {
  ps_statements *st = derive("受注者は、次の脅威への対策を示すこと。\n\n- なりすまし\n- 否認\n");
  ck_assert_uint_eq(st->count, 1);
  ck_assert_str_eq(st->items[0].text, "受注者は、次の脅威への対策を示すこと。\n・なりすまし\n・否認");
  ps_statements_free(st);
  st = derive("受注者は、秘密を漏らさないこと。ただし、次の情報は、この限りでない。\n\n"
              "1. 公知の情報\n");
  ck_assert_uint_eq(st->count, 1);
  ck_assert_str_eq(st->items[0].text,
                   "受注者は、秘密を漏らさないこと。ただし、次の情報は、この限りでない。\n(1) 公知の情報");
  ps_statements_free(st);
}
END_TEST

START_TEST(an_unchanged_statement_keeps_its_id) {
  ps_statements *a = derive("受注者は、報告すること。\n");
  ps_statements *b = derive("受注者は、先に通知すること。受注者は、報告すること。\n");
  ck_assert_str_eq(a->items[0].id, b->items[1].id);
  ck_assert_str_ne(a->items[0].number, b->items[1].number);
  ck_assert_str_ne(a->fingerprint, b->fingerprint);
  ck_assert(strncmp(a->items[0].id, "spec-x#", 7) == 0 && strlen(a->items[0].id) == 15);
  ps_statements_free(a);
  ps_statements_free(b);
}
END_TEST

START_TEST(a_repeated_statement_gets_a_distinct_id) {
  ps_statements *st = derive("受注者は、報告すること。受注者は、報告すること。\n");
  ck_assert_uint_eq(st->count, 2);
  ck_assert_str_ne(st->items[0].id, st->items[1].id);
  ck_assert(strstr(st->items[1].id, "-2") != NULL);
  ps_statements_free(st);
}
END_TEST

START_TEST(wide_characters_count_two) {
  ck_assert_uint_eq(ps_text_width("abc"), 3);
  ck_assert_uint_eq(ps_text_width("日本"), 4);
  ck_assert_uint_eq(ps_text_width("①ａ"), 4);
  ck_assert_uint_eq(ps_text_width("ab\n日本語"), 6);
  ck_assert_uint_eq(ps_text_width(""), 0);
}
END_TEST

static ps_grid *csv(const char *text, int ok) {
  ps_diags *d = ps_diags_new();
  ps_grid *g = NULL;
  int rc = ps_grid_load_buffer(&g, "r.csv", text, strlen(text), d);
  ck_assert_int_eq(rc == 0, ok);
  ps_diags_free(d);
  return g;
}

START_TEST(csv_fields_quotes_and_lines) {
  ps_grid *g = csv("\xef\xbb\xbf"
                   "a,\"b,c\",\"d\"\"e\"\r\n\"multi\nline\",x\r\n\r\nlast",
                   1);
  ck_assert_uint_eq(g->count, 4);
  ck_assert_uint_eq(g->rows[0].ncells, 3);
  ck_assert_str_eq(g->rows[0].cells[0], "a");
  ck_assert_str_eq(g->rows[0].cells[1], "b,c");
  ck_assert_str_eq(g->rows[0].cells[2], "d\"e");
  ck_assert_str_eq(g->rows[1].cells[0], "multi\nline");
  ck_assert_uint_eq(g->rows[1].line, 2);
  ck_assert_uint_eq(g->rows[3].line, 5);
  ck_assert_str_eq(g->rows[3].cells[0], "last");
  ps_grid_free(g);
}
END_TEST

START_TEST(csv_unterminated_quote_is_located) {
  ps_diags *d = ps_diags_new();
  ps_grid *g = NULL;
  const char *text = "a,b\nc,\"never";
  ck_assert_int_eq(ps_grid_load_buffer(&g, "r.csv", text, strlen(text), d), PS_EINPUT);
  ck_assert_ptr_null(g);
  ck_assert_uint_eq(ps_diags_get(d, 0)->line, 2);
  ck_assert(tu_has_diag(d, "never ends"));
  ps_diags_free(d);
}
END_TEST

START_TEST(xlsx_cells_formulas_and_gaps) {
  const char *sheet =
      "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
      "<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>項番</t></is></c>"
      "<c r=\"C3\" t=\"str\"><f>IF(1,\"適合\")</f><v>適合</v></c>"
      "<c r=\"D3\" "
      "t=\"inlineStr\"><is><t>&lt;b&gt;x&lt;/b&gt;</t><rPh><t>ふりがな</t></rPh></is></c>"
      "</row></sheetData></worksheet>";
  ps_diags *d = ps_diags_new();
  ps_grid *g = NULL;
  ck_assert_int_eq(ps_grid_load_part(&g, "s.xml", PS_GRID_XLSX, sheet, strlen(sheet), d), 0);
  ck_assert_uint_eq(g->count, 1);
  ck_assert_uint_eq(g->rows[0].line, 3);
  ck_assert_uint_eq(g->rows[0].ncells, 4);
  ck_assert_str_eq(g->rows[0].cells[1], "");
  ck_assert_str_eq(g->rows[0].cells[2], "=IF(1,\"適合\")");
  ck_assert(g->rows[0].formula && g->rows[0].formula[2]);
  ck_assert_str_eq(g->rows[0].cells[3], "<b>x</b>");
  char where[100];
  g->sheet = "回答";
  ps_grid_where(where, sizeof where, g, &g->rows[0], 2);
  ck_assert_str_eq(where, "sheet 回答, row 3, column C");
  ps_grid_free(g);
  ps_diags_free(d);
}
END_TEST

START_TEST(xml_with_a_dtd_is_refused) {
  const char *xml = "<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>";
  ps_diags *d = ps_diags_new();
  ps_grid *g = NULL;
  ck_assert_int_eq(ps_grid_load_part(&g, "s.xml", PS_GRID_DOCX, xml, strlen(xml), d), PS_EINPUT);
  ck_assert(tu_has_diag(d, "DTD or entities"));
  ps_diags_free(d);
}
END_TEST

/* Found by fuzz_response: a workbook whose relationships part does not
 * parse crashed the search for its first sheet. */
START_TEST(a_workbook_without_readable_relationships_is_an_error) {
  size_t len = 0;
  char *data = tu_read(tu_path("tests/fuzz-regressions/response-c363ffb39c24"), &len);
  ps_diags *d = ps_diags_new();
  ps_grid *g = NULL;
  ck_assert_int_lt(ps_grid_load_buffer(&g, "r.xlsx", data + 1, len - 1, d), 0);
  ck_assert_ptr_null(g);
  ck_assert_uint_gt(ps_diags_errors(d), 0);
  ps_diags_free(d);
  free(data);
}
END_TEST

/* Forms of an earlier procspec carry the longer 項番: read as the
 * current ones, each level kept; anything else unchanged. */
START_TEST(earlier_numbers_read_as_current_ones) {
  static const char *const pairs[][2] = {
      {"第3の1第1項表1行目", "3-1-1項表1行"}, {"第2の3第3項第2文", "2-3-3項2文"},
      {"第1の1第2文", "1-1-2文"},             {"第4の2第3項(1)", "4-2-3項(1)"},
      {"第5の2(2)", "5-2(2)"},                {"第8の1表3行目", "8-1表3行"},
      {"第2の2の3番目", "2-2-3番目"},         {"第2の2第1項の3番目", "2-2-1項3番目"},
      {"第5の2(2)第2文", "5-2(2)2文"},        {"第12の10", "12-10"},
      {"第3条第2項", "第3条2項"},             {"第3条", "第3条"},
      {"3-1-1項表1行", "3-1-1項表1行"},       {"第3の1第1項表", "第3の1第1項表"},
      {"第3の", "第3の"},                     {"", ""},
      {"第9の9(9", "第9の9(9"},               {"独自の行", "独自の行"}};
  ps_arena a;
  ps_arena_init(&a);
  for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
    ck_assert_str_eq(ps_statement_number_update(&a, pairs[i][0]), pairs[i][1]);
  ps_arena_free(&a);
}
END_TEST

Suite *compliance_suite(void) {
  Suite *s = suite_create("compliance");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, obliging_sentences_are_statements);
  tcase_add_test(tc, the_document_date_is_read_from_its_iso_date);
  tcase_add_test(tc, a_full_stop_in_brackets_ends_no_sentence);
  tcase_add_test(tc, paragraphs_are_numbered_as_items_of_the_clause);
  tcase_add_test(tc, earlier_numbers_read_as_current_ones);
  tcase_add_test(tc, an_obligation_ending_in_a_parenthetical_is_a_statement);
  tcase_add_test(tc, a_sentence_continuing_an_obligation_joins_its_row);
  tcase_add_test(tc, items_and_rows_hang_on_the_sentence_that_introduces_them);
  tcase_add_test(tc, items_to_know_stay_in_the_row_that_introduces_them);
  tcase_add_test(tc, an_unchanged_statement_keeps_its_id);
  tcase_add_test(tc, a_repeated_statement_gets_a_distinct_id);
  tcase_add_test(tc, wide_characters_count_two);
  tcase_add_test(tc, csv_fields_quotes_and_lines);
  tcase_add_test(tc, csv_unterminated_quote_is_located);
  tcase_add_test(tc, xlsx_cells_formulas_and_gaps);
  tcase_add_test(tc, xml_with_a_dtd_is_refused);
  tcase_add_test(tc, a_workbook_without_readable_relationships_is_an_error);
  suite_add_tcase(s, tc);
  return s;
}
