/* Helpers shared by the unit tests. */
#ifndef PROCSPEC_TESTUTIL_H
#define PROCSPEC_TESTUTIL_H
#include <check.h>
#include <stddef.h>

#include "procspec/procspec.h"

/* Suites, one per module. */
Suite *yamltree_suite(void);
Suite *format_suite(void);
Suite *profile_suite(void);
Suite *expr_suite(void);
Suite *template_suite(void);
Suite *library_suite(void);
Suite *document_suite(void);
Suite *writers_suite(void);
Suite *fileio_suite(void);
Suite *judge_suite(void);
Suite *coverage_suite(void);
Suite *diff_suite(void);
Suite *normalize_suite(void);
Suite *chars_suite(void);
Suite *walk_suite(void);
Suite *api_suite(void);
Suite *compliance_suite(void);
Suite *office_in_suite(void);

/* SOURCE_DIR/rel, in a static buffer. */
const char *tu_path(const char *rel);
/* The whole file (free with free()). */
char *tu_read(const char *path, size_t *len);
/* TEXT with every FROM replaced by TO (free with free()). */
char *tu_replace(const char *text, const char *from, const char *to);
/* Loads the named sample with FROM replaced by TO (both may be NULL);
 * asserts that it loads. Free with ps_profile_free. */
ps_profile *tu_sample(const char *name, const char *from, const char *to);
/* Loads a profile from TEXT; returns the status and leaves the problems
 * in *diags (caller frees). */
int tu_load(ps_profile **out, const char *text, ps_diags **diags);
/* 1 when some diagnostic's message contains NEEDLE. */
int tu_has_diag(const ps_diags *d, const char *needle);
/* The first diagnostic (asserts there is one). */
const ps_diag *tu_first_diag(const ps_diags *d);
/* The built-in clause library (asserts that it loads). */
ps_library *tu_library(void);

/* A part of a zip held in memory (free with free()), or NULL. */
char *tu_zip_part(const unsigned char *zip, size_t len, const char *name, size_t *out_len);
/* Number of nodes matching XPATH in XML; namespaces w, text, table,
 * office, style, cp, dc are registered. */
long tu_xpath_count(const char *xml, const char *xpath);
/* The concatenated text of the nodes matching XPATH (free with free()). */
char *tu_xpath_text(const char *xml, const char *xpath);
#endif
