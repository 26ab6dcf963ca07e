#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

const char *tu_path(const char *rel) {
  static char buf[4096];
  snprintf(buf, sizeof buf, "%s/%s", SOURCE_DIR, rel);
  return buf;
}

char *tu_read(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  ck_assert_msg(f != NULL, "cannot open %s", path);
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = malloc((size_t)n + 1);
  ck_assert(buf != NULL);
  ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
  buf[n] = '\0';
  fclose(f);
  if (len)
    *len = (size_t)n;
  return buf;
}

char *tu_replace(const char *text, const char *from, const char *to) {
  size_t fl = strlen(from), tl = strlen(to), count = 0;
  for (const char *p = strstr(text, from); p; p = strstr(p + fl, from))
    count++;
  char *out = malloc(strlen(text) + count * (tl + 1) + 1);
  ck_assert(out != NULL);
  char *o = out;
  const char *p = text;
  for (const char *q = strstr(p, from); q; q = strstr(p, from)) {
    memcpy(o, p, (size_t)(q - p));
    o += q - p;
    memcpy(o, to, tl);
    o += tl;
    p = q + fl;
  }
  strcpy(o, p);
  return out;
}

int tu_load(ps_profile **out, const char *text, ps_diags **diags) {
  *diags = ps_diags_new();
  ck_assert(*diags != NULL);
  return ps_profile_load_buffer(out, "test.yaml", text, strlen(text), *diags);
}

ps_profile *tu_sample(const char *name, const char *from, const char *to) {
  char rel[256];
  snprintf(rel, sizeof rel, "samples/%s.yaml", name);
  char *text = tu_read(tu_path(rel), NULL);
  if (from) {
    char *t = tu_replace(text, from, to);
    ck_assert_msg(strcmp(t, text) != 0, "'%s' is not in sample %s", from, name);
    free(text);
    text = t;
  }
  ps_profile *p = NULL;
  ps_diags *d;
  int rc = tu_load(&p, text, &d);
  ck_assert_msg(rc == 0, "sample %s does not load: %s", name,
                ps_diags_count(d) ? ps_diags_get(d, 0)->message : "?");
  ps_diags_free(d);
  free(text);
  return p;
}

int tu_has_diag(const ps_diags *d, const char *needle) {
  for (size_t i = 0; i < ps_diags_count(d); i++)
    if (strstr(ps_diags_get(d, i)->message, needle))
      return 1;
  return 0;
}

const ps_diag *tu_first_diag(const ps_diags *d) {
  ck_assert_uint_gt(ps_diags_count(d), 0);
  return ps_diags_get(d, 0);
}

ps_library *tu_library(void) {
  ps_library *lib = NULL;
  ps_diags *d = ps_diags_new();
  int rc = ps_library_load(&lib, tu_path("templates/ja"), NULL, d);
  ck_assert_msg(rc == 0, "templates do not load: %s",
                ps_diags_count(d) ? ps_diags_get(d, 0)->message : "?");
  ps_diags_free(d);
  return lib;
}

char *tu_zip_part(const unsigned char *zip, size_t len, const char *name, size_t *out_len) {
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *src = zip_source_buffer_create(zip, len, 0, &ze);
  ck_assert(src != NULL);
  zip_t *za = zip_open_from_source(src, ZIP_RDONLY, &ze);
  ck_assert(za != NULL);
  char *data = NULL;
  zip_stat_t st;
  if (zip_stat(za, name, 0, &st) == 0) {
    zip_file_t *f = zip_fopen(za, name, 0);
    ck_assert(f != NULL);
    data = malloc(st.size + 1);
    ck_assert(data != NULL);
    ck_assert_int_eq(zip_fread(f, data, st.size), (zip_int64_t)st.size);
    data[st.size] = '\0';
    zip_fclose(f);
    if (out_len)
      *out_len = st.size;
  }
  zip_close(za);
  zip_error_fini(&ze);
  return data;
}

static xmlXPathObjectPtr eval(const char *xml, const char *xpath, xmlDocPtr *doc) {
  *doc = xmlReadMemory(xml, (int)strlen(xml), "part.xml", NULL, XML_PARSE_NONET);
  ck_assert_msg(*doc != NULL, "part is not well-formed XML");
  xmlXPathContextPtr ctx = xmlXPathNewContext(*doc);
  static const char *ns[][2] = {
      {"w", "http://schemas.openxmlformats.org/wordprocessingml/2006/main"},
      {"text", "urn:oasis:names:tc:opendocument:xmlns:text:1.0"},
      {"table", "urn:oasis:names:tc:opendocument:xmlns:table:1.0"},
      {"office", "urn:oasis:names:tc:opendocument:xmlns:office:1.0"},
      {"style", "urn:oasis:names:tc:opendocument:xmlns:style:1.0"},
      {"cp", "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"},
      {"dc", "http://purl.org/dc/elements/1.1/"},
      {"meta", "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"},
      {"fo", "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"},
  };
  for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++)
    xmlXPathRegisterNs(ctx, (const xmlChar *)ns[i][0], (const xmlChar *)ns[i][1]);
  xmlXPathObjectPtr r = xmlXPathEvalExpression((const xmlChar *)xpath, ctx);
  xmlXPathFreeContext(ctx);
  ck_assert_msg(r != NULL, "bad xpath %s", xpath);
  return r;
}

long tu_xpath_count(const char *xml, const char *xpath) {
  xmlDocPtr doc;
  xmlXPathObjectPtr r = eval(xml, xpath, &doc);
  long n = r->nodesetval ? r->nodesetval->nodeNr : 0;
  xmlXPathFreeObject(r);
  xmlFreeDoc(doc);
  return n;
}

char *tu_xpath_text(const char *xml, const char *xpath) {
  xmlDocPtr doc;
  xmlXPathObjectPtr r = eval(xml, xpath, &doc);
  size_t cap = 1, len = 0;
  char *out = calloc(1, 1);
  for (int i = 0; r->nodesetval && i < r->nodesetval->nodeNr; i++) {
    xmlChar *s = xmlNodeGetContent(r->nodesetval->nodeTab[i]);
    size_t n = strlen((const char *)s);
    out = realloc(out, cap += n);
    memcpy(out + len, s, n + 1);
    len += n;
    xmlFree(s);
  }
  xmlXPathFreeObject(r);
  xmlFreeDoc(doc);
  return out;
}
