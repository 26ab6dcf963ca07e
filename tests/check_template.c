#include <stdlib.h>
#include <string.h>

#include "profile.h"
#include "template.h"
#include "testutil.h"

static ps_profile *profile;
static ps_arena arena;
static ps_diags *diags;

static void setup(void) {
  profile = tu_sample("e-application", NULL, NULL);
  ps_arena_init(&arena);
  diags = ps_diags_new();
}

static void teardown(void) {
  ps_profile_free(profile);
  ps_arena_free(&arena);
  ps_diags_free(diags);
}

/* Renders SRC as Markdown; returns the text (free) or NULL on error. */
static char *render(const char *src) {
  ps_template t;
  if (ps_template_parse(&t, &arena, "clause.md", 5, src, strlen(src), diags) < 0)
    return NULL;
  ps_buf b = PS_BUF_INIT;
  if (ps_template_render(&b, &t, ps_profile_root(profile), "p.yaml", PS_ESC_MARKDOWN, diags) < 0) {
    ps_buf_free(&b);
    return NULL;
  }
  return ps_buf_detach(&b, NULL);
}

static void expect(const char *src, const char *want) {
  char *got = render(src);
  ck_assert_msg(got != NULL, "%s: %s", src,
                ps_diags_count(diags) ? tu_first_diag(diags)->message : "");
  ck_assert_str_eq(got, want);
  free(got);
}

START_TEST(variables_render_typed_values) {
  expect("{{ service.name }}", "電子申請サービス");
  expect("{{ document.date }}", "令和8年4月1日");
  expect("{{ availability_targets.rto }}", "3時間");
  expect("{{ data_handling.exit.notice_period }}", "6か月");
  expect("{{ availability_targets.backup.frequency }}", "毎日");
}
END_TEST

/* A list printed bare was silently joined with 「、」 only (survey-overseas:
 * 「日本、アメリカ合衆国」): it is an error of the template, at its line, that
 * names the key and the two filters that join it properly. A list of one
 * value is a list too, so the error does not depend on the profile. */
START_TEST(bare_list_is_an_error_with_a_hint) {
  ck_assert_ptr_null(render("前文\n{{ data_location.regions }}"));
  const ps_diag *g = tu_first_diag(diags);
  ck_assert_str_eq(g->file, "clause.md");
  ck_assert_uint_eq(g->line, 6);
  ck_assert(tu_has_diag(diags, "'data_location.regions' is a list"));
  ck_assert(tu_has_diag(diags, "{{ data_location.regions | join_and }}"));
  ck_assert(tu_has_diag(diags, "{{ data_location.regions | join_or }}"));
  ck_assert_ptr_null(render("{{ data_location.countries }}"));
  expect("{% for c in data_location.regions %}{{ c }};{% endfor %}", "東日本;西日本;");
}
END_TEST

START_TEST(values_are_escaped_for_markdown) {
  expect("{{ availability_targets.uptime }}", "99\\.5\\%");
  expect("{{ data_handling.encryption.at_rest }}", "AES\\-256");
}
END_TEST

START_TEST(escape_neutralises_markup) {
  ps_buf b = PS_BUF_INIT;
  const char *in = "  # a | b <w:p> [x](javascript:y)\n\n* z\x01 ";
  ps_md_escape(&b, in, strlen(in));
  ck_assert_str_eq(b.ptr, "\\# a \\| b \\<w\\:p\\> \\[x\\]\\(javascript\\:y\\)  \\* z");
  ps_buf_free(&b);
}
END_TEST

START_TEST(conditionals) {
  expect("{% if classification.confidentiality >= 2 %}A{% else %}B{% endif %}", "A");
  expect("{% if classification.confidentiality == 1 %}A{% elif classification.confidentiality == 2 "
         "%}B{% else %}C{% endif %}",
         "B");
  expect("{% if service.missing %}A{% else %}{% if service.name %}N{% endif %}{% endif %}", "N");
}
END_TEST

START_TEST(loops_and_index) {
  expect("{% for c in provider_assurance.certifications %}{{ loop.index }}:{{ c }};{% endfor %}",
         "1:ISO\\/IEC 27001;2:ISO\\/IEC 27017;3:ISMAP;");
  expect("{% for e in incident.escalation %}{{ e.severity }}={{ e.notify_within }} {% endfor %}",
         "重大=1時間 軽微=1日 ");
  expect("{% for x in no.such.list %}never{% endfor %}", "");
}
END_TEST

START_TEST(tag_lines_disappear) {
  expect("a\n{% if service.name %}\nb\n{% endif %}\nc\n", "a\nb\nc\n");
  expect("| h |\n{% for c in provider_assurance.certifications %}\n| {{ c }} |\n{% endfor %}\n",
         "| h |\n| ISO\\/IEC 27001 |\n| ISO\\/IEC 27017 |\n| ISMAP |\n");
  expect("x {# note #}y\n{# whole line #}\nz", "x y\nz");
}
END_TEST

START_TEST(filters) {
  expect("{{ provider_assurance.certifications | count }}", "3");
  expect("{{ service.nothing | default('なし') }}", "なし");
  expect("{{ service.name | default('x') }}", "電子申請サービス");
}
END_TEST

/* 公用文: 「A及びB」, 「A、B及びC」, 「A又はB」; a suffix follows every item
 * and is not doubled (regression: 「バックアップイメージ、CSVの形式」). */
START_TEST(japanese_list_joining) {
  expect("{{ data_location.regions | join_and }}", "東日本及び西日本");
  expect("{{ data_location.regions | join_or }}", "東日本又は西日本");
  expect("{{ data_location.regions | join_or('地域') }}", "東日本地域又は西日本地域");
  expect("{{ data_location.regions | join_and('本') }}", "東日本及び西日本");
  expect("{{ provider_assurance.certifications | join_and }}",
         "ISO\\/IEC 27001、ISO\\/IEC 27017及びISMAP");
  expect("{{ service.name | join_or('形式') }}", "電子申請サービス形式");
  expect("{{ data_location.countries | join_and }}", "日本");
  ck_assert_ptr_null(render("{{ incident.escalation | join_and }}"));
  ck_assert(tu_has_diag(diags, "holds groups of keys"));
  ck_assert_ptr_null(render("{{ data_location.regions | join_or(形式) }}"));
  ck_assert(tu_has_diag(diags, "in quotes"));
}
END_TEST

/* ref() and submissions() need the document being built: outside of one
 * they are errors with the template's line, never silent text. */
START_TEST(cross_references_need_a_document) {
  ck_assert_ptr_null(render("前文\n{{ ref('spec-purpose') }}"));
  ck_assert_uint_eq(tu_first_diag(diags)->line, 6);
  ck_assert(tu_has_diag(diags, "ref('spec-purpose') names no clause"));
  ck_assert_ptr_null(render("{{ submissions() }}"));
  ck_assert(tu_has_diag(diags, "submissions() can only be used in a clause body"));
  ck_assert_ptr_null(render("{{ ref(spec-purpose) }}"));
  ck_assert(tu_has_diag(diags, "ref('clause-id')"));
}
END_TEST

START_TEST(missing_variable_names_template_line_and_key) {
  ck_assert_ptr_null(render("line one\n{{ service.nothing }}\n"));
  const ps_diag *g = tu_first_diag(diags);
  ck_assert_str_eq(g->file, "clause.md");
  ck_assert_uint_eq(g->line, 6);
  ck_assert_ptr_nonnull(strstr(g->message, "service.nothing"));
  ck_assert_ptr_nonnull(strstr(g->message, "p.yaml"));
}
END_TEST

START_TEST(map_is_not_a_value) {
  ck_assert_ptr_null(render("{{ service }}"));
  ck_assert(tu_has_diag(diags, "group of keys"));
}
END_TEST

START_TEST(structure_errors_are_found_when_parsing) {
  const char *bad[][2] = {
      {"{% if service.name %}open", "not closed"},
      {"{% for x in a.b %}open", "not closed"},
      {"{% endif %}", "closes nothing"},
      {"{{ service.name | shout }}", "unknown filter"},
      {"{% frobnicate %}", "unknown tag"},
      {"{{ service.name", "unclosed '{{'"},
      {"{% if service.name", "unclosed '{%'"},
      {"{% for x service %}{% endfor %}", "write the loop"},
      {"{% if a == %}x{% endif %}", "bad condition"},
      {"{{ a == b }}", "value name"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    ps_diags_free(diags);
    diags = ps_diags_new();
    ck_assert_msg(render(bad[i][0]) == NULL, "%s accepted", bad[i][0]);
    ck_assert_msg(tu_has_diag(diags, bad[i][1]), "%s: got '%s'", bad[i][0],
                  tu_first_diag(diags)->message);
    ck_assert_str_eq(tu_first_diag(diags)->file, "clause.md");
  }
}
END_TEST

/* Regression (fuzz_template): the parser read past LEN looking for "%}". */
START_TEST(parse_stays_within_its_length) {
  const char *text = "{% if service.name %}x{% endif %}";
  ps_template t;
  ck_assert_int_eq(ps_template_parse(&t, &arena, "clause.md", 1, text, 8, diags), PS_EINPUT);
  ck_assert(tu_has_diag(diags, "unclosed '{%'"));
}
END_TEST

START_TEST(deep_nesting_is_refused) {
  char src[2000] = "";
  for (int i = 0; i < 40; i++)
    strcat(src, "{% if service.name %}");
  ck_assert_ptr_null(render(src));
  ck_assert(tu_has_diag(diags, "nested too deeply"));
}
END_TEST

/* Regression (issue 13): 30 loops nested with an empty body over a list
 * of three never finished: the output limit never triggered. */
START_TEST(nested_loops_hit_the_step_budget) {
  char src[4000] = "";
  for (int i = 0; i < 30; i++)
    strcat(src, "{% for e in incident.escalation %}");
  for (int i = 0; i < 30; i++)
    strcat(src, "{% endfor %}");
  ck_assert_ptr_null(render(src));
  ck_assert(tu_has_diag(diags, "more than 1000000 steps"));
  ck_assert_str_eq(tu_first_diag(diags)->file, "clause.md");
  ck_assert_uint_eq(tu_first_diag(diags)->line, 5);
}
END_TEST

Suite *template_suite(void) {
  Suite *s = suite_create("template");
  TCase *tc = tcase_create("template");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, variables_render_typed_values);
  tcase_add_test(tc, bare_list_is_an_error_with_a_hint);
  tcase_add_test(tc, values_are_escaped_for_markdown);
  tcase_add_test(tc, escape_neutralises_markup);
  tcase_add_test(tc, conditionals);
  tcase_add_test(tc, loops_and_index);
  tcase_add_test(tc, tag_lines_disappear);
  tcase_add_test(tc, filters);
  tcase_add_test(tc, japanese_list_joining);
  tcase_add_test(tc, cross_references_need_a_document);
  tcase_add_test(tc, missing_variable_names_template_line_and_key);
  tcase_add_test(tc, map_is_not_a_value);
  tcase_add_test(tc, structure_errors_are_found_when_parsing);
  tcase_add_test(tc, deep_nesting_is_refused);
  tcase_add_test(tc, parse_stays_within_its_length);
  tcase_add_test(tc, nested_loops_hit_the_step_budget);
  suite_add_tcase(s, tc);
  return s;
}
