/* The walk shared by the office writers (walk.c): the events a writer's
 * callbacks receive for a small document, in order, and errors stopping
 * the walk. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "document.h"
#include "testutil.h"
#include "walk.h"

/* Records every event as one short line. */
typedef struct {
  char log[8192];
  size_t len;
  int fail_at; /* the event number that returns PS_ENOMEM, or 0 */
  int events;
} recorder;

static int rec(recorder *r, const char *fmt, const char *a, long n) {
  r->events++;
  int k = snprintf(r->log + r->len, sizeof r->log - r->len, fmt, a ? a : "", n);
  if (k > 0 && (size_t)k < sizeof r->log - r->len)
    r->len += (size_t)k;
  return r->fail_at && r->events == r->fail_at ? PS_ENOMEM : 0;
}

static int after_title(void *c, const ps_document *d) { return rec(c, "toc%s%ld\n", "", d->toc); }
static int para_begin(void *c, const ps_para *p) { return rec(c, "p%s%ld(", "", (long)p->kind); }
static int para_end(void *c) { return rec(c, ")%s%ld\n", "", 0); }
static int text(void *c, const char *s, size_t n, unsigned inl) {
  char buf[256];
  snprintf(buf, sizeof buf, "%.*s", (int)n, s);
  return rec(c, "[%s|%ld]", buf, (long)inl);
}
static int line_break(void *c) { return rec(c, "br%s%ld", "", 0); }
static int list_begin(void *c, int ordered, int start) {
  (void)start;
  return rec(c, "list%s%ld{\n", "", ordered);
}
static int list_end(void *c) { return rec(c, "}list%s%ld\n", "", 0); }
static int item_begin(void *c) { return rec(c, "item%s%ld{", "", 0); }
static int item_end(void *c) { return rec(c, "}item%s%ld\n", "", 0); }
static int table_begin(void *c, int ncols, const unsigned *w) {
  unsigned sum = 0;
  for (int i = 0; i < ncols; i++)
    sum += w[i];
  rec(c, "weights%s%ld ", "", (long)sum);
  return rec(c, "table%s%ld{\n", "", ncols);
}
static int table_end(void *c) { return rec(c, "}table%s%ld\n", "", 0); }
static int row_begin(void *c, int header, ps_rev rev) {
  (void)rev;
  return rec(c, "row%s%ld{", "", header);
}
static int row_end(void *c) { return rec(c, "}row%s%ld\n", "", 0); }
static int cell_begin(void *c, int col) { return rec(c, "cell%s%ld{", "", col); }
static int cell_end(void *c) { return rec(c, "}cell%s%ld", "", 0); }

static const ps_walk_ops recording = {
    .after_title = after_title,
    .para_begin = para_begin,
    .para_end = para_end,
    .text = text,
    .line_break = line_break,
    .list_begin = list_begin,
    .list_end = list_end,
    .item_begin = item_begin,
    .item_end = item_end,
    .table_begin = table_begin,
    .table_end = table_end,
    .row_begin = row_begin,
    .row_end = row_end,
    .cell_begin = cell_begin,
    .cell_end = cell_end,
};

static const char body[] = "一行目の**強調**と`code`。\n\n"
                           "- 項目ア\n- 項目イ\n\n"
                           "| 名前 | 値 |\n|---|---:|\n| 稼働率 | 99.5% |\n";

static ps_document *doc;
static recorder r;

static void setup(void) {
  memset(&r, 0, sizeof r);
  ck_assert_int_eq(ps_document_single(&doc, "test", "試験", "試験文書", "向日市", "test-clause",
                                      "条文", body, strlen(body)),
                   0);
}

static void teardown(void) {
  ps_document_free(doc);
  doc = NULL;
}

START_TEST(title_block_then_clause_in_order) {
  ck_assert_int_eq(ps_walk(doc, &recording, &r), 0);
  /* The title comes first, then the place of the table of contents, then
   * the clause heading, then its body. */
  char *title = strstr(r.log, "p6(");
  char *toc = strstr(r.log, "toc");
  char *clause = strstr(r.log, "p9(");
  char *first = strstr(r.log, "[一行目の|0]");
  ck_assert_ptr_nonnull(title);
  ck_assert_ptr_nonnull(toc);
  ck_assert_ptr_nonnull(clause);
  ck_assert_ptr_nonnull(first);
  ck_assert(title < toc && toc < clause && clause < first);
}
END_TEST

START_TEST(inline_formats_are_flags) {
  ck_assert_int_eq(ps_walk(doc, &recording, &r), 0);
  char expect[64];
  snprintf(expect, sizeof expect, "[強調|%d]", PS_INL_STRONG);
  ck_assert_ptr_nonnull(strstr(r.log, expect));
  snprintf(expect, sizeof expect, "[code|%d]", PS_INL_CODE);
  ck_assert_ptr_nonnull(strstr(r.log, expect));
}
END_TEST

START_TEST(list_items_hold_their_paragraphs) {
  ck_assert_int_eq(ps_walk(doc, &recording, &r), 0);
  ck_assert_ptr_nonnull(strstr(
      r.log, "list0{\nitem0{p0([項目ア|0])0\n}item0\nitem0{p0([項目イ|0])0\n}item0\n}list0\n"));
}
END_TEST

START_TEST(table_rows_cells_and_weights) {
  ck_assert_int_eq(ps_walk(doc, &recording, &r), 0);
  /* Column weights always sum to PS_WEIGHT_TOTAL; the header row is
   * marked, the body row not; cells are numbered from 0. */
  char expect[64];
  snprintf(expect, sizeof expect, "weights%d table2{\nrow1{cell0{p3(", PS_WEIGHT_TOTAL);
  ck_assert_ptr_nonnull(strstr(r.log, expect));
  ck_assert_ptr_nonnull(strstr(
      r.log, "row0{cell0{p3([稼働率|0])0\n}cell0cell1{p3([99.5%|0])0\n}cell0}row0\n}table0\n"));
}
END_TEST

/* The weights of the last table walked. */
static unsigned widths[8];
static int keep_widths(void *c, int ncols, const unsigned *w) {
  (void)c;
  for (int i = 0; i < ncols && i < 8; i++)
    widths[i] = w[i];
  return 0;
}

/* A table whose prose needs more than the page's width: its short
 * columns keep the width of their longest text and their margins, and
 * the prose columns share the rest (a redline's change summary had
 * 「第1の1」 and 「変更」 wrapped a character a line, shrunk in proportion
 * with the prose). */
START_TEST(short_columns_keep_their_width) {
  char md[2048] =
      "| 条番号 | 見出し | 変更 | 値の変更 |\n|---|---|---|---|\n| 第1の1 | 調達の概要 | 変更 | ";
  for (int i = 0; i < 30; i++)
    strcat(md, "文書の日付 令和8年4月1日 → ");
  strcat(md, "|\n");
  ps_document *d = NULL;
  ck_assert_int_eq(ps_document_single(&d, "test", "試験", "試験文書", "向日市", "test-clause",
                                      "条文", md, strlen(md)),
                   0);
  ps_walk_ops ops = recording;
  ops.table_begin = keep_widths;
  ck_assert_int_eq(ps_walk(d, &ops, &r), 0);
  ps_document_free(d);
  /* 第1の1: 6 cells, a quarter of a full width between kanji and digits
   * three times (2 cells), and the cell's margins (2): 10 of the 84 cells
   * an A4 portrait page holds, 119 of 1000 (it was 96) */
  ck_assert_uint_ge(widths[0], 10 * PS_WEIGHT_TOTAL / 84);
  ck_assert_uint_ge(widths[2], 6 * PS_WEIGHT_TOTAL / 84); /* 変更: 4 cells and the margins */
  ck_assert_uint_gt(widths[3], widths[1]);
  ck_assert_uint_eq(widths[0] + widths[1] + widths[2] + widths[3], PS_WEIGHT_TOTAL);
}
END_TEST

START_TEST(an_error_stops_the_walk) {
  r.fail_at = 3;
  ck_assert_int_eq(ps_walk(doc, &recording, &r), PS_ENOMEM);
  ck_assert_int_eq(r.events, 3);
}
END_TEST

static int count_lines(void *ctx, const ps_toc_entry *e) {
  (void)e;
  (*(int *)ctx)++;
  return 0;
}

START_TEST(toc_each_without_a_toc_entry) {
  int n = 0;
  /* A single-clause document without chapters: one line, the clause. */
  ck_assert_int_eq(ps_toc_each(doc, count_lines, &n), 0);
  ck_assert_int_le(n, 1);
}
END_TEST

Suite *walk_suite(void) {
  Suite *s = suite_create("walk");
  TCase *t = tcase_create("walk");
  tcase_add_checked_fixture(t, setup, teardown);
  tcase_add_test(t, title_block_then_clause_in_order);
  tcase_add_test(t, inline_formats_are_flags);
  tcase_add_test(t, list_items_hold_their_paragraphs);
  tcase_add_test(t, table_rows_cells_and_weights);
  tcase_add_test(t, short_columns_keep_their_width);
  tcase_add_test(t, an_error_stops_the_walk);
  tcase_add_test(t, toc_each_without_a_toc_entry);
  suite_add_tcase(s, t);
  return s;
}
