#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diff.h"
#include "document.h"
#include "myers.h"
#include "textdiff.h"
#include "odt_plan.h"
#include "profile.h"
#include "testutil.h"
#include "writers.h"

typedef struct {
  const char *a, *b;
} chars;

static int char_eq(const void *ctx, size_t i, size_t j) {
  const chars *c = ctx;
  return c->a[i] == c->b[j];
}

/* Applies OPS to A and returns the result, which must equal B. */
static char *apply(const ps_op *ops, long n, const char *a, const char *b) {
  char *out = calloc(strlen(a) + strlen(b) + 1, 1);
  for (long i = 0; i < n; i++) {
    if (ops[i].kind == PS_OP_EQUAL)
      strncat(out, a + ops[i].a, ops[i].len);
    else if (ops[i].kind == PS_OP_INSERT)
      strncat(out, b + ops[i].b, ops[i].len);
  }
  return out;
}

static size_t edits(const ps_op *ops, long n) {
  size_t e = 0;
  for (long i = 0; i < n; i++)
    e += ops[i].kind == PS_OP_EQUAL ? 0 : ops[i].len;
  return e;
}

START_TEST(myers_finds_a_shortest_script) {
  const char *cases[][3] = {{"ABCABBA", "CBABAC", "5"}, {"", "", "0"},
                            {"abc", "", "3"},           {"", "xyz", "3"},
                            {"same", "same", "0"},      {"kitten", "sitting", "5"}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    chars c = {cases[i][0], cases[i][1]};
    ps_op *ops = NULL;
    long n = ps_myers(&ops, strlen(c.a), strlen(c.b), char_eq, &c, (size_t)-1);
    ck_assert_int_ge(n, 0);
    char *out = apply(ops, n, c.a, c.b);
    ck_assert_str_eq(out, c.b);
    ck_assert_uint_eq(edits(ops, n), strtoul(cases[i][2], NULL, 10));
    free(out);
    free(ops);
  }
}
END_TEST

START_TEST(myers_gives_up_past_the_limit) {
  chars c = {"aaaaaaaaaa", "bbbbbbbbbb"};
  ps_op *ops = NULL;
  ck_assert_int_eq(ps_myers(&ops, 10, 10, char_eq, &c, 5), -1);
  ck_assert_ptr_null(ops);
}
END_TEST

/* The tokens of S at G, joined with '|'. */
static char *tokens_of(const char *s, ps_granularity g) {
  ps_token *t = NULL;
  long n = ps_tokenize(&t, s, g);
  ck_assert_int_ge(n, 0);
  char *out = calloc(strlen(s) * 2 + 1, 1);
  for (long i = 0; i < n; i++) {
    if (i)
      strcat(out, "|");
    strncat(out, s + t[i].off, t[i].len);
  }
  free(t);
  return out;
}

START_TEST(tokens_keep_numbers_dates_and_words_whole) {
  static const char *const cases[][3] = {
      /* text, word granularity, char granularity */
      {"稼働率99.95%以上をRTO 4h", "稼働率|99.95%|以上|を|RTO| |4h",
       "稼|働|率|99.95%|以|上|を|RTO| |4h"},
      {"その12か月前までに", "その|12か月|前|までに", "そ|の|12か月|前|ま|で|に"},
      {"自治体機密性2の情報", "自治体機密性|2|の|情報", "自|治|体|機|密|性|2|の|情|報"},
      {"令和8年4月1日から2026-04-01まで", "令和8年4月1日|から|2026-04-01|まで",
       "令和8年4月1日|か|ら|2026-04-01|ま|で"},
      {"第3条及び第2の4", "第3条|及|び|第2の4", "第3条|及|び|第2の4"},
      {"1,000円、ISO/IEC 27001", "1,000円|、|ISO/IEC| |27001", "1,000円|、|ISO/IEC| |27001"},
      {"クラウドバックアップサービス", "クラウドバックアップサービス",
       "ク|ラ|ウ|ド|バ|ッ|ク|ア|ッ|プ|サ|ー|ビ|ス"},
      {"", "", ""},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char *w = tokens_of(cases[i][0], PS_GRANULARITY_WORD),
         *c = tokens_of(cases[i][0], PS_GRANULARITY_CHAR);
    ck_assert_str_eq(w, cases[i][1]);
    ck_assert_str_eq(c, cases[i][2]);
    free(w);
    free(c);
  }
  char *s = tokens_of("一文目。二文目！\n三", PS_GRANULARITY_SENTENCE);
  ck_assert_str_eq(s, "一文目。|二文目！|\n|三");
  free(s);
}
END_TEST

/* A text difference as "=equal-deleted+inserted..." */
static int show_run(void *ctx, ps_op_kind kind, const char *s, size_t len) {
  strcat(ctx, kind == PS_OP_EQUAL ? "=" : kind == PS_OP_DELETE ? "-" : "+");
  strncat(ctx, s, len);
  return 0;
}

static void diff_shows(const char *a, const char *b, ps_granularity g, const char *want) {
  char got[2048] = "";
  ck_assert_int_eq(ps_diff_text(a, b, g, show_run, got), 0);
  ck_assert_str_eq(got, want);
}

/* Issue 14, defect 2: numbers were split into fragments that read as other
 * numbers (99.959%, 126か月, 23); a service name mixed with another. */
START_TEST(text_diff_replaces_whole_numbers) {
  diff_shows("稼働率は99.95%以上とすること。", "稼働率は99.9%以上とすること。", PS_GRANULARITY_WORD,
             "=稼働率は-99.95%+99.9%=以上とすること。");
  diff_shows("その12か月前までに通知すること。", "その6か月前までに通知すること。",
             PS_GRANULARITY_WORD, "=その-12か月+6か月=前までに通知すること。");
  diff_shows("自治体機密性2の情報資産", "自治体機密性3の情報資産", PS_GRANULARITY_CHAR,
             "=自治体機密性-2+3=の情報資産");
  diff_shows("外部サービス「窓口予約サービス」", "外部サービス「クラウドバックアップサービス」",
             PS_GRANULARITY_WORD,
             "=外部サービス「-窓口予約サービス+クラウドバックアップサービス=」");
  /* in char mode too, a number stays whole */
  diff_shows("99.95%以上", "99.9%以上", PS_GRANULARITY_CHAR, "-99.95%+99.9%=以上");
}
END_TEST

/* A sentence with little left in common is replaced whole; the others
 * keep their place; --granularity sentence replaces every changed one. */
START_TEST(text_diff_replaces_dissimilar_sentences) {
  diff_shows("甲は乙に通知する。丙は丁に報告する。", "甲は乙に通知する。戊が己を監査しない。",
             PS_GRANULARITY_WORD, "=甲は乙に通知する。-丙は丁に報告する。+戊が己を監査しない。");
  diff_shows("甲は乙に通知する。丙は丁に報告する。", "甲は乙に通知する。丙は丁に連絡する。",
             PS_GRANULARITY_WORD, "=甲は乙に通知する。丙は丁に-報告+連絡=する。");
  diff_shows("甲は乙に通知する。丙は丁に報告する。", "甲は乙に通知する。丙は丁に連絡する。",
             PS_GRANULARITY_SENTENCE, "=甲は乙に通知する。-丙は丁に報告する。+丙は丁に連絡する。");
  /* an added sentence between two that stay */
  diff_shows("一。三。", "一。二。三。", PS_GRANULARITY_WORD, "=一。+二。=三。");
  diff_shows("", "新", PS_GRANULARITY_WORD, "+新");
  diff_shows("旧", "", PS_GRANULARITY_WORD, "-旧");
}
END_TEST

static ps_doc_version *version_of(const char *sample, const char *from, const char *to,
                                  ps_library *lib) {
  char *text = tu_read(tu_path(sample), NULL);
  char *t = from ? tu_replace(text, from, to) : strdup(text);
  char path[] = "/tmp/procspec-diff-XXXXXX";
  int fd = mkstemp(path);
  ck_assert_int_ge(fd, 0);
  ck_assert_int_eq(write(fd, t, strlen(t)), (long)strlen(t));
  close(fd);
  ps_doc_version *v = NULL;
  ps_diags *d = ps_diags_new();
  ck_assert_int_eq(ps_doc_version_load(&v, path, "spec", lib, d), 0);
  ps_diags_free(d);
  unlink(path);
  free(text);
  free(t);
  return v;
}

/* The sample's specification before and after one edit: FROM replaced
 * by TO in the profile. */
typedef struct {
  ps_library *lib;
  ps_doc_version *a, *b;
  ps_diags *d;
} sample_edit;

static sample_edit sample_edit_new(const char *from, const char *to) {
  sample_edit e;
  e.lib = tu_library();
  e.a = version_of("samples/e-application.yaml", NULL, NULL, e.lib);
  e.b = version_of("samples/e-application.yaml", from, to, e.lib);
  e.d = ps_diags_new();
  return e;
}

/* The difference of E's two versions (default options). */
static ps_diff *edit_diff(const sample_edit *e) {
  ps_diff *diff = NULL;
  ck_assert_int_eq(ps_diff_build(&diff, e->a, e->b, NULL, e->d), 0);
  return diff;
}

/* A copy of the part PART of DIFF's redline in FMT, written by AUTHOR on
 * DATE (NULL: the defaults). */
static char *redline_part(const ps_diff *diff, unsigned fmt, const char *author, const char *date,
                          const char *part, ps_diags *d) {
  unsigned char *out = NULL;
  size_t len = 0, xlen = 0;
  ck_assert_int_eq(ps_diff_redline(&out, &len, diff, fmt, author, date, d), 0);
  char *xml = tu_zip_part(out, len, part, &xlen);
  ck_assert_msg(xml != NULL, "the redline has no %s", part);
  free(out);
  return xml;
}

static void sample_edit_free(sample_edit *e) {
  ps_diags_free(e->d);
  ps_doc_version_free(e->a);
  ps_doc_version_free(e->b);
  ps_library_free(e->lib);
}

START_TEST(changes_are_classified_by_id) {
  sample_edit e = sample_edit_new("rto: 3h", "rto: 2h");
  ps_diags *d = e.d;
  ps_diff *diff = edit_diff(&e);
  ck_assert(ps_diff_differs(diff));
  ck_assert_uint_eq(ps_diff_total(diff, PS_CHANGE_CHANGED), 1);
  ck_assert_uint_eq(ps_diff_total(diff, PS_CHANGE_ADDED), 0);
  for (size_t i = 0; i < ps_diff_count(diff); i++) {
    const ps_clause_change *c = ps_diff_at(diff, i);
    if (c->kind == PS_CHANGE_CHANGED) {
      ck_assert_str_eq(c->id, "spec-service-level");
      ck_assert_str_eq(c->refs, "3.1(3) 3.1(6)① 3.3(3)g");
    }
  }
  ps_diff_free(diff);
  ck_assert_int_eq(ps_diff_build(&diff, e.a, e.a, NULL, d), 0);
  ck_assert(!ps_diff_differs(diff));
  ps_diff_free(diff);
  sample_edit_free(&e);
}
END_TEST

static size_t count_of(const char *hay, const char *needle) {
  size_t n = 0;
  for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
    n++;
  return n;
}

/* Regression (issue 13): a control character in --author made a redline
 * whose XML did not parse, with exit 0. */
START_TEST(redline_refuses_an_author_xml_cannot_carry) {
  sample_edit e = sample_edit_new("rto: 3h", "rto: 2h");
  ps_diff *diff = edit_diff(&e);
  for (unsigned fmt = PS_FMT_DOCX; fmt <= PS_FMT_ODT; fmt <<= 1) {
    unsigned char *out = NULL;
    size_t len = 0;
    ck_assert_int_eq(ps_diff_redline(&out, &len, diff, fmt, "\x1b[31m課", NULL, e.d), PS_EINPUT);
    ck_assert_ptr_null(out);
    ck_assert(tu_has_diag(e.d, "the author name holds the character U+001B"));
  }
  ps_diff_free(diff);
  sample_edit_free(&e);
}
END_TEST

/* An ODT redline: every change has one region in text:tracked-changes and
 * its marks in the body (one text:change for a deletion, a start and an
 * end for an insertion); the RTO edit is one deleted and one inserted
 * character. */
START_TEST(odt_redline_pairs_regions_and_marks) {
  sample_edit e = sample_edit_new("rto: 3h", "rto: 2h");
  ps_diags *d = e.d;
  ps_diff *diff = edit_diff(&e);
  char *xml = redline_part(diff, PS_FMT_ODT, "情報政策課", "2026-05-01", "content.xml", d);
  const char *body = strstr(xml, "</text:tracked-changes>");
  ck_assert_ptr_nonnull(body);
  size_t regions = count_of(xml, "<text:changed-region ");
  ck_assert_uint_eq(regions, 2);
  for (size_t k = 1; k <= regions; k++) {
    char id[64], ref[64];
    snprintf(id, sizeof id, "xml:id=\"ct%zu\"", k);
    snprintf(ref, sizeof ref, "text:change-id=\"ct%zu\"", k);
    ck_assert_uint_eq(count_of(xml, id), 1);
    const char *region = strstr(xml, id);
    int deletion = strncmp(strchr(region, '>') + 1, "<text:deletion>", 15) == 0;
    ck_assert_uint_eq(count_of(body, ref), deletion ? 1 : 2);
  }
  ck_assert(strstr(xml, "<dc:creator>情報政策課</dc:creator>"));
  ck_assert(strstr(xml, "text:style-name=\"T0\"") == NULL); /* marks are not formatting */
  ck_assert(strstr(body, "<text:change-start text:change-id=\"ct2\"/>2時間<text:change-end"));
  free(xml);
  /* no differences: no region, no mark */
  ps_diff_free(diff);
  ck_assert_int_eq(ps_diff_build(&diff, e.a, e.a, NULL, d), 0);
  xml = redline_part(diff, PS_FMT_ODT, NULL, NULL, "content.xml", d);
  ck_assert_uint_eq(count_of(xml, "<text:changed-region "), 0);
  ck_assert_uint_eq(count_of(xml, "text:change-id="), 0);
  free(xml);
  ps_diff_free(diff);
  sample_edit_free(&e);
}
END_TEST

/* A plan from SPEC: top-level blocks "=pA" (a paragraph of style "A" that
 * stays), "-tX" (a deleted table), "+pB" (an inserted paragraph), ...;
 * a change of sign begins a new change. */
static void plan_of(ps_plan *p, const char *spec) {
  static const char letters[] =
      "A\0B\0C\0D\0E\0F\0G\0H\0I\0J\0K\0L\0M\0N\0O\0P\0Q\0R\0S\0T\0U\0V\0W\0X\0Y\0Z";
  memset(p, 0, sizeof *p);
  char sign = '=';
  for (const char *t = spec; *t; t += t[3] ? 4 : 3) {
    if (t[0] != sign)
      ps_plan_change(p, t[0] == '+' ? PS_REV_INS : t[0] == '-' ? PS_REV_DEL : PS_REV_NONE);
    sign = t[0];
    ck_assert(t[2] >= 'A' && t[2] <= 'Z');
    ps_plan_block_add(p, t[1] == 'p', letters + 2 * (t[2] - 'A'), 0);
  }
  ck_assert_int_eq(ps_plan_decide(p), 0);
}

START_TEST(odt_plan_places_each_change) {
  ps_plan p;
  /* a removed clause after a paragraph that stays, ending in a paragraph:
   * at the end of that paragraph, the deletion opening like it */
  plan_of(&p, "=pA -pB -pC =pD");
  ck_assert_int_eq(p.groups[0].place, PS_PLACE_PREV_END);
  ck_assert_str_eq(p.groups[0].style, "A");
  ps_plan_free(&p);
  /* a body ending in a table, replaced by one starting like it: where it
   * was, before the new body (its first paragraph joins one of its style) */
  plan_of(&p, "=pA -pB -tB +pB +tB =pR");
  ck_assert_int_eq(p.groups[0].place, PS_PLACE_START);
  ck_assert_str_eq(p.groups[0].style, "B");
  ck_assert_int_eq(p.groups[1].place, PS_PLACE_NEXT);
  ps_plan_free(&p);
  /* the same after a table: before the next paragraph that stays, which
   * starts like the deleted blocks */
  plan_of(&p, "=tA -pR -tB =pR");
  ck_assert_int_eq(p.groups[0].place, PS_PLACE_NEXT);
  ck_assert_str_eq(p.groups[0].style, "R");
  ps_plan_free(&p);
  /* never past another deletion: it would come back first */
  plan_of(&p, "=tA -pC -tC +pD -pE =pC");
  ck_assert_int_ne(p.groups[0].place, PS_PLACE_NEXT);
  ck_assert_int_eq(p.groups[2].place, PS_PLACE_NEXT);
  ps_plan_free(&p);
  /* at the end of the document: inserted (and deleted) blocks ending in a
   * paragraph go at the end of the last paragraph that stays */
  plan_of(&p, "=pA -pB +pC");
  ck_assert_int_eq(p.groups[0].place, PS_PLACE_PREV_END);
  ck_assert_int_eq(p.groups[1].place, PS_PLACE_PREV_END);
  ps_plan_free(&p);
  /* ending in a table, they cannot: before a paragraph yet to come */
  plan_of(&p, "=pA +pC +tC");
  ck_assert_int_eq(p.groups[0].place, PS_PLACE_NEXT);
  ps_plan_free(&p);
}
END_TEST

/* Regression (fuzz_diff): a clause comment without a heading crashed. */
START_TEST(clause_without_heading_is_an_error) {
  const char *md = "<!-- procspec:document kind=\"spec\" -->\n\n"
                   "<!-- procspec:clause id=\"a\" refs=\"2(1)\" -->\n";
  ps_doc_version *v = NULL;
  ps_diags *d = ps_diags_new();
  ck_assert_int_eq(ps_doc_version_from_markdown(&v, "x.md", md, d), PS_EINPUT);
  ck_assert(tu_has_diag(d, "clause 'a' has no heading"));
  ps_diags_free(d);
}
END_TEST

/* Regression (issue 14, defect 6): procspec Markdown saved with CR LF
 * line ends, with a byte order mark, or in Unicode NFD (が as か and a
 * combining mark) is the document procspec wrote; NFD made every clause
 * "changed" with no visible difference. */
START_TEST(markdown_crlf_bom_and_nfd_read_as_written) {
  ps_library *lib = tu_library();
  ps_diags *d = ps_diags_new();
  ps_profile *p = NULL;
  ps_document *doc = NULL;
  unsigned char *md = NULL;
  size_t len = 0;
  char *yaml = tu_read(tu_path("samples/e-application.yaml"), NULL);
  ck_assert_int_eq(ps_profile_load_buffer(&p, "e-application.yaml", yaml, strlen(yaml), d), 0);
  ck_assert_int_eq(ps_document_build(&doc, p, lib, "spec", d), 0);
  ck_assert_int_eq(ps_write_md(&md, &len, doc, d), 0);
  char *text = strndup((const char *)md, len);
  ps_doc_version *orig = NULL;
  ck_assert_int_eq(ps_doc_version_load_buffer(&orig, "spec.md", text, len, "spec", lib, d), 0);
  char *crlf = tu_replace(text, "\n", "\r\n");
  char *bom = malloc(len + 4);
  snprintf(bom, len + 4, "\xef\xbb\xbf%s", text);
  /* が (U+304C) and い (U+3044) are in every clause; が decomposed */
  char *nfd = tu_replace(text, "\xe3\x81\x8c", "\xe3\x81\x8b\xe3\x82\x99");
  ck_assert(strcmp(nfd, text) != 0);
  const char *variants[] = {crlf, bom, nfd};
  for (size_t i = 0; i < 3; i++) {
    ps_doc_version *v = NULL;
    ps_diff *diff = NULL;
    ck_assert_int_eq(ps_doc_version_load_buffer(&v, "saved.md", variants[i], strlen(variants[i]),
                                                "spec", lib, d),
                     0);
    ck_assert_int_eq(ps_diff_build(&diff, orig, v, NULL, d), 0);
    ck_assert_msg(!ps_diff_differs(diff), "variant %zu differs from the document procspec wrote",
                  i);
    ck_assert_uint_eq(ps_diff_total(diff, PS_CHANGE_UNCHANGED), ps_diff_count(diff));
    ps_diff_free(diff);
    ps_doc_version_free(v);
  }
  free(crlf);
  free(bom);
  free(nfd);
  ps_doc_version_free(orig);
  free(text);
  free(md);
  free(yaml);
  ps_document_free(doc);
  ps_profile_free(p);
  ps_diags_free(d);
  ps_library_free(lib);
}
END_TEST

/* Regression (issue 14, defect 4): a changed title alone was 「0
 * changed」 with exit 0, and the page header kept NEW's title and version
 * after Reject All. The title block is compared (unless ignore_title) and
 * the header's change is tracked in both redline formats. */
START_TEST(title_block_is_compared_and_tracked) {
  sample_edit e = sample_edit_new("version: \"1.0\"", "version: \"2.0\"");
  ps_diags *d = e.d;
  ps_diff *diff = edit_diff(&e);
  ck_assert(ps_diff_differs(diff));
  ck_assert_uint_eq(ps_diff_total(diff, PS_CHANGE_UNCHANGED), ps_diff_count(diff));
  ck_assert_uint_eq(ps_diff_title_count(diff), 1);
  const ps_title_change *t = ps_diff_title_at(diff, 0);
  ck_assert_str_eq(t->field, "version");
  ck_assert_str_eq(t->old_value, "第1.0版");
  ck_assert_str_eq(t->new_value, "第2.0版");
  ck_assert_ptr_null(ps_diff_title_at(diff, 1));
  char *xml = redline_part(diff, PS_FMT_DOCX, "情報政策課", "2026-05-01", "word/header1.xml", d);
  ck_assert_msg(strstr(xml, "<w:delText xml:space=\"preserve\">第1.0版</w:delText>") &&
                    strstr(xml, "<w:t xml:space=\"preserve\">第2.0版</w:t></w:r></w:ins>"),
                "the DOCX header does not track 1.0 -> 2.0: %s", xml);
  free(xml);
  xml = redline_part(diff, PS_FMT_ODT, "情報政策課", "2026-05-01", "styles.xml", d);
  const char *header = strstr(xml, "<style:header>");
  ck_assert_ptr_nonnull(header);
  ck_assert_msg(
      strstr(header, "<text:tracked-changes><text:changed-region xml:id=\"ph1\"") &&
          count_of(header, "<text:changed-region ") == 2 &&
          strstr(header, "<text:change-start text:change-id=\"ph2\"/>第2.0版<text:change-end"),
      "the ODT header does not track 1.0 -> 2.0: %s", header);
  free(xml);
  ps_diff_free(diff);
  ps_diff_options o = PS_DIFF_OPTIONS_INIT;
  o.ignore_title = 1;
  ck_assert_int_eq(ps_diff_build(&diff, e.a, e.b, &o, d), 0);
  ck_assert(!ps_diff_differs(diff));
  ck_assert_uint_eq(ps_diff_title_count(diff), 0);
  xml = redline_part(diff, PS_FMT_DOCX, NULL, NULL, "word/header1.xml", d);
  ck_assert(strstr(xml, "<w:ins ") == NULL && strstr(xml, "<w:del ") == NULL && strstr(xml, "2.0"));
  free(xml);
  ps_diff_free(diff);
  sample_edit_free(&e);
}
END_TEST

/* The paragraphs of a DOCX body right before a table whose mark is
 * inserted (REV "ins") or deleted ("del"): LibreOffice Writer cannot
 * remove them (they cannot join a table), so Reject All (Accept All)
 * leaves each as an empty line. */
static size_t marked_before_tables(const char *xml, const char *rev) {
  char mark[32];
  snprintf(mark, sizeof mark, "<w:rPr><w:%s ", rev);
  size_t n = 0;
  for (const char *t = strstr(xml, "</w:p><w:tbl>"); t; t = strstr(t + 1, "</w:p><w:tbl>")) {
    const char *p = NULL;
    for (const char *q = strstr(xml, "<w:p><w:pPr>"); q && q < t; q = strstr(q + 1, "<w:p><w:pPr>"))
      p = q;
    const char *end = p ? strstr(p, "</w:pPr>") : NULL;
    const char *m = p ? strstr(p, mark) : NULL;
    n += m && end && m < end;
  }
  return n;
}

/* Class 2 -> 1 (issue 14): most chapters' clauses removed whole and
 * others added, many ending in tables, and in the incident clause a table
 * and paragraphs replaced. In walk order, 10 stretches of paragraphs
 * before a table had no paragraph kept on both sides, and Writer left 8
 * empty lines after Accept All and an empty numbered heading after Reject
 * All. The redline interleaves the removed and added blocks, fuses
 * paragraphs and walks two tables as one (docx_marks.h): none is left. */
START_TEST(docx_redline_leaves_no_mark_writer_cannot_remove) {
  sample_edit e =
      sample_edit_new("classification: {confidentiality: 2", "classification: {confidentiality: 1");
  ps_diags *d = e.d;
  ps_diff *diff = edit_diff(&e);
  unsigned char *out = NULL;
  size_t len = 0, xlen = 0;
  ck_assert_int_eq(ps_diff_redline(&out, &len, diff, PS_FMT_DOCX, "情報政策課", "2026-05-01", d),
                   0);
  char *xml = tu_zip_part(out, len, "word/document.xml", &xlen);
  ck_assert_ptr_nonnull(xml);
  ck_assert_uint_eq(marked_before_tables(xml, "ins"), 0);
  ck_assert_uint_eq(marked_before_tables(xml, "del"), 0);
  /* The same bytes again (the order is decided, not found by chance). */
  unsigned char *again = NULL;
  size_t again_len = 0;
  ck_assert_int_eq(
      ps_diff_redline(&again, &again_len, diff, PS_FMT_DOCX, "情報政策課", "2026-05-01", d), 0);
  ck_assert(again_len == len && memcmp(again, out, len) == 0);
  free(again);
  free(xml);
  free(out);
  ps_diff_free(diff);
  sample_edit_free(&e);
}
END_TEST

/* An annex of articles from "ID:TITLE:BODY" entries ('|' between paragraphs). */
static ps_doc_version *articles(const char *const *clauses, size_t n) {
  char md[4096];
  size_t len = (size_t)snprintf(
      md, sizeof md,
      "<!-- procspec:document kind=\"annex\" -->\n\n# 特記事項\n\n乙訓福祉施設事務組合\n\n");
  for (size_t i = 0; i < n; i++) {
    char id[32], title[64], body[512];
    ck_assert_int_eq(sscanf(clauses[i], "%31[^:]:%63[^:]:%511[^\n]", id, title, body), 3);
    len +=
        (size_t)snprintf(md + len, sizeof md - len,
                         "<!-- procspec:clause id=\"%s\" refs=\"3.2①\" -->\n\n## 第%zu条（%s）\n\n",
                         id, i + 1, title);
    for (char *para = strtok(body, "|"); para; para = strtok(NULL, "|"))
      len += (size_t)snprintf(md + len, sizeof md - len, "%s\n\n", para);
  }
  ck_assert_uint_lt(len, sizeof md);
  ps_doc_version *v = NULL;
  ps_diags *d = ps_diags_new();
  ck_assert_int_eq(ps_doc_version_from_markdown(&v, "annex.md", md, d), 0);
  ps_diags_free(d);
  return v;
}

/* The text between the first START and the END after it, in a copy. */
static char *between(const char *hay, const char *start, const char *end) {
  const char *a = strstr(hay, start);
  ck_assert_msg(a != NULL, "no %s", start);
  const char *b = strstr(a, end);
  ck_assert_msg(b != NULL, "no %s", end);
  return strndup(a, (size_t)(b - a));
}

/* A copy of the paragraph that ends right before the first AT in XML. */
static char *para_before(const char *xml, const char *at) {
  const char *end = strstr(xml, at), *p = NULL;
  ck_assert_msg(end != NULL, "no %s", at);
  for (const char *q = strstr(xml, "<w:p>"); q && q < end; q = strstr(q + 1, "<w:p>"))
    p = q;
  ck_assert_msg(p != NULL, "no paragraph before %s", at);
  return strndup(p, (size_t)(end - p));
}

/* Issue 14, defect 7: a moved clause is a tracked move in a DOCX redline
 * (w:moveFrom where it was, w:moveTo where it went, each inside a range
 * of one name), not a deletion and an insertion; the edits of a moved and
 * changed clause are deletions where it was and insertions where it went
 * (Writer 7.4 drops a deletion nested in moved-to text), and a paragraph
 * mark after such an edit is marked like it (Writer drops a moved mark
 * there). ODF has no move mark: the ODT comments the inserted heading
 * with OLD's number. A moved and changed clause is counted once. */
START_TEST(moves_are_tracked_as_moves) {
  const char *a = "art-a:期限:期限は10日とする。|通知の期限は30日";
  const char *old_side[] = {a, "art-b:報告:乙は報告する。", "art-c:協議:甲乙協議する。"};
  const char *changed[] = {old_side[1], old_side[2],
                           "art-a:期限:期限は14日とする。|通知の期限は60日"};
  const char *moved[] = {old_side[1], old_side[2], a};
  ps_doc_version *o = articles(old_side, 3), *nc = articles(changed, 3), *nm = articles(moved, 3);
  ps_diags *d = ps_diags_new();
  for (int pure = 0; pure < 2; pure++) {
    ps_diff *diff = NULL;
    ck_assert_int_eq(ps_diff_build(&diff, o, pure ? nm : nc, NULL, d), 0);
    ck_assert_uint_eq(ps_diff_total(diff, pure ? PS_CHANGE_MOVED : PS_CHANGE_MOVED_CHANGED), 1);
    ck_assert_uint_eq(ps_diff_total(diff, PS_CHANGE_UNCHANGED), 2);
    ck_assert_uint_eq(ps_diff_count(diff), 3);
    char *xml = redline_part(diff, PS_FMT_DOCX, "情報政策課", "2026-05-01", "word/document.xml", d);
    ck_assert_uint_eq(count_of(xml, "<w:moveFromRangeStart "), 1);
    ck_assert_uint_eq(count_of(xml, "<w:moveToRangeStart "), 1);
    char *from = between(xml, "<w:moveFromRangeStart ", "<w:moveFromRangeEnd ");
    char *to = between(xml, "<w:moveToRangeStart ", "<w:moveToRangeEnd ");
    ck_assert(strstr(from, "w:name=\"move1\"") && strstr(to, "w:name=\"move1\""));
    ck_assert(strstr(from, "<w:moveFrom w:id=") && strstr(to, "<w:moveTo w:id="));
    ck_assert_msg(strstr(from, "w:name=\"art_a_old\""),
                  "the heading it left keeps its bookmark apart: %s", from);
    ck_assert(strstr(to, "w:name=\"art_a\""));
    char *rest = tu_replace(xml, from, "");
    char *outside = tu_replace(rest, to, "");
    if (pure) {
      /* nothing outside the ranges is marked */
      ck_assert(!strstr(outside, "<w:ins ") && !strstr(outside, "<w:del ") &&
                !strstr(outside, "<w:moveFrom ") && !strstr(outside, "<w:moveTo "));
      ck_assert(!strstr(from, "<w:ins ") && !strstr(from, "<w:del ") && !strstr(to, "<w:ins ") &&
                !strstr(to, "<w:del "));
      ck_assert(strstr(from, "<w:t xml:space=\"preserve\">期限は10日とする。</w:t>"));
      ck_assert(strstr(to, "<w:t xml:space=\"preserve\">期限は10日とする。</w:t>"));
    } else {
      ck_assert_msg(!strstr(from, "<w:ins ") && !strstr(from, "14日") && !strstr(to, "<w:del ") &&
                        !strstr(to, "10日"),
                    "an edit at the wrong end: %s\n%s", from, to);
      ck_assert(strstr(from, "<w:delText xml:space=\"preserve\">10日</w:delText>"));
      ck_assert(strstr(to, "<w:t xml:space=\"preserve\">14日</w:t></w:r></w:ins>"));
      /* Several changes at each end, which Writer removes one by one: the
       * last paragraph (通知の期限は…, which ends in an edit) hands its
       * mark to the paragraph right before the range, and nothing else
       * outside the ranges is marked. */
      ck_assert_uint_eq(count_of(from, "<w:rPr><w:del "), 0);
      ck_assert_uint_eq(count_of(to, "<w:rPr><w:ins "), 0);
      ck_assert_uint_eq(count_of(from, "<w:rPr><w:moveFrom "), 2); /* the heading, 期限は… */
      ck_assert_uint_eq(count_of(to, "<w:rPr><w:moveTo "), 2);
      const char *ends[][2] = {{"<w:moveFromRangeStart ", "<w:rPr><w:del "},
                               {"<w:moveToRangeStart ", "<w:rPr><w:ins "}};
      for (int k = 0; k < 2; k++) {
        char *before = para_before(xml, ends[k][0]);
        ck_assert_msg(strstr(before, ends[k][1]) && strstr(before, "</w:p>"),
                      "the paragraph before %s does not carry the mark: %s", ends[k][0], before);
        free(before);
        ck_assert_uint_eq(count_of(outside, ends[k][1]), 1);
      }
      ck_assert(count_of(outside, "<w:ins ") == 1 && count_of(outside, "<w:del ") == 1 &&
                !strstr(outside, "<w:moveFrom ") && !strstr(outside, "<w:moveTo "));
    }
    free(rest);
    free(outside);
    free(from);
    free(to);
    free(xml);
    xml = redline_part(diff, PS_FMT_ODT, "情報政策課", "2026-05-01", "content.xml", d);
    ck_assert_uint_eq(count_of(xml, "<office:annotation>"), 1);
    ck_assert_msg(
        strstr(xml,
               "<office:annotation><dc:creator>情報政策課</dc:creator><dc:date>2026-05-01T00:00:00Z"
               "</dc:date><text:p>第1条から移動</text:p></office:annotation>（期限）"),
        "no comment on the inserted heading: %s", xml);
    free(xml);
    ps_diff_free(diff);
  }
  ps_diags_free(d);
  ps_doc_version_free(o);
  ps_doc_version_free(nc);
  ps_doc_version_free(nm);
}
END_TEST

/* The 新旧対照表 of a changed article shows the paragraphs that did not
 * change as （略） with their numbers (DOMAIN.md section 6), runs of them
 * as one 「2・3」 or 「2～4」, not the whole article; a paragraph renumbered
 * by one added before it is （略） under each side's number, underlined. */
static char *comparison_md(const char *old_article, const char *new_article) {
  ps_doc_version *o = articles(&old_article, 1), *n = articles(&new_article, 1);
  ps_diags *d = ps_diags_new();
  ps_diff *diff = NULL;
  ck_assert_int_eq(ps_diff_build(&diff, o, n, NULL, d), 0);
  unsigned char *out = NULL;
  size_t len = 0;
  ck_assert_int_eq(ps_diff_comparison(&out, &len, diff, PS_FMT_MD, NULL, d), 0);
  char *md = strndup((const char *)out, len);
  const char *row = strstr(md, "| 第1条");
  ck_assert_msg(row != NULL, "no row: %s", md);
  char *r = strndup(row, strcspn(row, "\n"));
  free(out);
  free(md);
  ps_diff_free(diff);
  ps_diags_free(d);
  ps_doc_version_free(o);
  ps_doc_version_free(n);
  return r;
}

START_TEST(comparison_abbreviates_paragraphs_that_did_not_change) {
  const char *before = "art-a:期限:乙は、報告する。|2　報告は月1回とする。|3　期限は10日とする。|"
                       "4　甲は、解除できる。|5　甲乙は、協議する。";
  char *row =
      comparison_md(before, "art-a:期限:乙は、報告する。|2　報告は月1回とする。|"
                            "3　期限は14日とする。|4　甲は、解除できる。|5　甲乙は、協議する。");
  ck_assert_str_eq(row,
                   "| 第1条（期限）<br>（略）<br><br>2　（略）<br><br>3　期限は<u>14日</u>とする。"
                   "<br><br>4・5　（略） | 第1条（期限）<br>（略）<br><br>2　（略）<br><br>"
                   "3　期限は<u>10日</u>とする。<br><br>4・5　（略） |");
  free(row);
  row = comparison_md(before,
                      "art-a:期限:乙は、通知する。|2　報告は月1回とする。|3　期限は10日とする。|"
                      "4　甲は、解除できる。|5　甲乙は、協議する。");
  ck_assert_msg(strstr(row, "<br>2～5　（略） |") && !strstr(row, "協議"), "%s", row);
  free(row);
  /* a paragraph added as 2: the old 2 to 5 are the new 3 to 6 */
  row = comparison_md(before,
                      "art-a:期限:乙は、報告する。|2　乙は、記録する。|3　報告は月1回とする。|"
                      "4　期限は10日とする。|5　甲は、解除できる。|6　甲乙は、協議する。");
  ck_assert_msg(
      strstr(row, "<u>2　乙は、記録する。</u><br><br><u>3</u>　（略）<br><br><u>4</u>　（略）"),
      "%s", row);
  ck_assert_msg(
      strstr(row, "| 第1条（期限）<br>（略）<br><br><u>2</u>　（略）<br><br><u>3</u>　（略）"),
      "%s", row);
  free(row);
}
END_TEST

static int has_table(cmark_node *root) {
  for (cmark_node *n = cmark_node_first_child(root); n; n = cmark_node_next(n))
    if (strcmp(cmark_node_get_type_string(n), "table") == 0)
      return 1;
  return 0;
}

/* A profile's document becomes a version with no Markdown between: the
 * version holds the document's own clause trees (tables and all), its IDs,
 * titles, chapters and title block, borrows nothing from the document,
 * and compares equal to the version read from the document's Markdown. */
START_TEST(version_is_built_from_the_document_model) {
  ps_library *lib = tu_library();
  ps_diags *d = ps_diags_new();
  size_t len = 0;
  /* Markdown's own characters in the organization: its Markdown line is
   * escaped, and the two versions still have the same title block. */
  char *text = tu_read(tu_path("samples/e-application.yaml"), &len);
  char *yaml = tu_replace(text, "  name: 乙訓福祉施設事務組合\n", "  name: 乙訓*福祉*_組合_\n");
  free(text);
  len = strlen(yaml);
  ps_profile *p = NULL;
  ps_document *doc = NULL;
  ck_assert_int_eq(ps_profile_load_buffer(&p, "e-application.yaml", yaml, len, d), 0);
  ck_assert_int_eq(ps_document_build(&doc, p, lib, "spec", d), 0);
  unsigned char *md = NULL;
  ck_assert_int_eq(ps_write_md(&md, &len, doc, d), 0);
  size_t n = doc->nclauses, tables = 0;
  cmark_node **bodies = calloc(n, sizeof *bodies);
  for (size_t i = 0; i < n; i++)
    bodies[i] = doc->clauses[i].body;
  ps_doc_version *v = NULL;
  ck_assert_int_eq(ps_doc_version_from_document(&v, "e-application.yaml", doc), 0);
  ck_assert_str_eq(v->kind, "spec");
  ck_assert_str_eq(v->title, doc->title);
  ck_assert_str_eq(v->version, doc->version);
  ck_assert_int_eq(v->numbering, PS_NUM_CHAPTERS);
  size_t k = 0, section = (size_t)-1;
  for (size_t i = 0; i < n; i++) {
    const ps_clause *c = &doc->clauses[i];
    if (c->section != section) {
      section = c->section;
      ck_assert(v->items[k].chapter);
      ck_assert_str_eq(v->items[k++].title, doc->sections[section].title);
    }
    const ps_version_item *it = &v->items[k++];
    ck_assert(!it->chapter);
    ck_assert_str_eq(it->id, c->id);
    ck_assert_str_eq(it->title, c->title);
    ck_assert_ptr_eq(it->body, bodies[i]); /* the very tree, not one parsed again */
    ck_assert_ptr_null(c->body);           /* moved: the version frees it */
    tables += has_table(it->body);
  }
  ck_assert_uint_eq(k, v->count);
  ck_assert_uint_gt(tables, 0);
  ps_document_free(doc); /* nothing of the version is the document's or the profile's */
  ps_profile_free(p);
  ps_doc_version *m = NULL;
  ck_assert_int_eq(ps_doc_version_from_markdown(&m, "e-application.md", (const char *)md, d), 0);
  ck_assert_uint_eq(m->count, v->count);
  for (size_t i = 0; i < v->count; i++) {
    ck_assert_str_eq(m->items[i].id, v->items[i].id);
    ck_assert_str_eq(m->items[i].refs, v->items[i].refs);
    ck_assert_str_eq(m->items[i].text, v->items[i].text);
  }
  ck_assert_int_eq(m->has_refs, v->has_refs);
  ps_diff *diff = NULL;
  ck_assert_int_eq(ps_diff_build(&diff, m, v, NULL, d), 0);
  ck_assert(!ps_diff_differs(diff));
  ck_assert_uint_eq(ps_diff_total(diff, PS_CHANGE_UNCHANGED), ps_diff_count(diff));
  ps_diff_free(diff);
  ps_doc_version_free(m);
  ps_doc_version_free(v);
  free(bodies);
  free(md);
  free(yaml);
  ps_diags_free(d);
  ps_library_free(lib);
}
END_TEST

Suite *diff_suite(void) {
  Suite *s = suite_create("diff");
  TCase *tc = tcase_create("diff");
  tcase_add_test(tc, myers_finds_a_shortest_script);
  tcase_add_test(tc, myers_gives_up_past_the_limit);
  tcase_add_test(tc, tokens_keep_numbers_dates_and_words_whole);
  tcase_add_test(tc, text_diff_replaces_whole_numbers);
  tcase_add_test(tc, text_diff_replaces_dissimilar_sentences);
  tcase_add_test(tc, changes_are_classified_by_id);
  tcase_add_test(tc, odt_redline_pairs_regions_and_marks);
  tcase_add_test(tc, redline_refuses_an_author_xml_cannot_carry);
  tcase_add_test(tc, odt_plan_places_each_change);
  tcase_add_test(tc, clause_without_heading_is_an_error);
  tcase_add_test(tc, markdown_crlf_bom_and_nfd_read_as_written);
  tcase_add_test(tc, title_block_is_compared_and_tracked);
  tcase_add_test(tc, docx_redline_leaves_no_mark_writer_cannot_remove);
  tcase_add_test(tc, moves_are_tracked_as_moves);
  tcase_add_test(tc, comparison_abbreviates_paragraphs_that_did_not_change);
  tcase_add_test(tc, version_is_built_from_the_document_model);
  suite_add_tcase(s, tc);
  return s;
}
