/* The procspec comments of the Markdown, written and read (mdcomment.h). */
#include "mdcomment.h"

#include <stdio.h>
#include <string.h>

#define DOCUMENT_OPEN "<!-- procspec:document "
#define CLAUSE_OPEN "<!-- procspec:clause "
#define APPENDIX "<!-- procspec:appendix -->"
#define END "<!-- procspec:end -->"
#define CLOSE " -->\n\n"
/* The clause comment as a message shows how to restore it. */
#define CLAUSE_RESTORE "<!-- procspec:clause id=\"ID\" refs=\"REFS\" -->"

static int starts(const char *line, size_t len, const char *prefix, size_t min_len) {
  return len >= min_len && strncmp(line, prefix, strlen(prefix)) == 0;
}

ps_mdc_kind ps_mdc_line(const char *line, size_t len) {
  /* A document or clause comment has an attribute after its name. */
  if (starts(line, len, CLAUSE_OPEN, sizeof CLAUSE_OPEN + 1))
    return PS_MDC_CLAUSE;
  if (starts(line, len, END, sizeof END - 1))
    return PS_MDC_END;
  if (starts(line, len, APPENDIX, sizeof APPENDIX - 1))
    return PS_MDC_APPENDIX;
  if (starts(line, len, DOCUMENT_OPEN, sizeof DOCUMENT_OPEN + 2))
    return PS_MDC_DOCUMENT;
  return PS_MDC_NONE;
}

void ps_mdc_put_document(ps_buf *out, const char *kind, const char *date) {
  ps_buf_printf(out, DOCUMENT_OPEN "kind=\"%s\"", kind);
  if (date)
    ps_buf_printf(out, " date=\"%.10s\"", date);
  ps_buf_puts(out, CLOSE);
}

void ps_mdc_put_clause(ps_buf *out, const char *id, const char *refs) {
  ps_buf_printf(out, CLAUSE_OPEN "id=\"%s\" refs=\"%s\"" CLOSE, id, refs);
}

void ps_mdc_put_marker(ps_buf *out, ps_mdc_kind kind) {
  ps_buf_puts(out, kind == PS_MDC_APPENDIX ? APPENDIX "\n\n" : END "\n\n");
}

void ps_mdc_put_ref(ps_buf *out, const char *ref, size_t len) {
  for (size_t i = 0; i < len; i++)
    if (ref[i] != '-' && ref[i] != '"' && ref[i] != '>' && ref[i] != ' ')
      ps_buf_putc(out, ref[i]);
}

void ps_mdc_put_refs(ps_buf *out, const char *const *refs, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (i)
      ps_buf_putc(out, ' ');
    ps_mdc_put_ref(out, refs[i], strlen(refs[i]));
  }
}

int ps_mdc_document_attr(const char *line, const char *name, char *out, size_t n) {
  char key[32];
  snprintf(key, sizeof key, "%s=\"", name);
  const char *p = strstr(line, key);
  if (!p)
    return -1;
  p += strlen(key);
  size_t k = strcspn(p, "\"");
  snprintf(out, n, "%.*s", (int)k, p);
  return 0;
}

/* The 1-based column, in characters, of AT in the line starting at LINE. */
static unsigned column_of(const char *line, const char *at) {
  unsigned col = 1;
  for (const char *p = line; p < at; p++)
    col += ((unsigned char)*p & 0xc0) != 0x80;
  return col;
}

static int id_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c == ':';
}

/* The next name="value" of the clause comment from *P: 1 with NAME and
 * VALUE (NUL-terminated in place), 0 at the comment's end, or an error. */
static int next_attr(char **p, char *line, char *end, char **name, size_t *nlen, char **value,
                     const char *file, unsigned at, ps_diags *diags) {
  char *q = *p;
  while (q < end && *q == ' ')
    q++;
  if (end - q >= 3 && strncmp(q, "-->", 3) == 0)
    return 0;
  *name = q;
  while (q < end && *q >= 'a' && *q <= 'z')
    q++;
  *nlen = (size_t)(q - *name);
  if (!*nlen || end - q < 2 || q[0] != '=' || q[1] != '"')
    return ps_error_at(diags, PS_EINPUT, file, at, column_of(line, *name),
                       "the procspec:clause comment is damaged: '%.*s' is not an attribute "
                       "(name=\"value\") nor the end of the comment (-->); restore it as procspec "
                       "wrote it, %s, or generate the document again",
                       (int)strcspn(*name, " "), *name, CLAUSE_RESTORE);
  *value = q + 2;
  char *close = memchr(*value, '"', (size_t)(end - *value));
  if (!close)
    return ps_error_at(diags, PS_EINPUT, file, at, column_of(line, *value),
                       "the procspec:clause comment is damaged: the value of %.*s has no closing "
                       "quote; restore it as procspec wrote it, %s, or generate the document again",
                       (int)*nlen, *name, CLAUSE_RESTORE);
  q = close + 1;
  if (q < end && *q != ' ')
    return ps_error_at(diags, PS_EINPUT, file, at, column_of(line, q),
                       "the procspec:clause comment is damaged: after %.*s=\"%.*s\" comes '%.*s' "
                       "where a space belongs (a quote is missing or one too many?); restore it as "
                       "procspec wrote it, %s, or generate the document again",
                       (int)*nlen, *name, (int)(close - *value), *value, (int)strcspn(q, " "), q,
                       CLAUSE_RESTORE);
  *close = '\0';
  *p = q;
  return 1;
}

int ps_mdc_read_clause(const char **id, const char **refs, char *line, size_t len, const char *file,
                       unsigned at, ps_diags *diags) {
  char *p = line + strlen(CLAUSE_OPEN), *end = line + len, *name = NULL, *value = NULL;
  size_t nlen = 0;
  int rc;
  *id = NULL;
  *refs = "";
  while ((rc = next_attr(&p, line, end, &name, &nlen, &value, file, at, diags)) > 0) {
    if (nlen == 2 && strncmp(name, "id", 2) == 0)
      *id = value;
    else if (nlen == 4 && strncmp(name, "refs", 4) == 0)
      *refs = value;
  }
  if (rc < 0)
    return rc;
  if (!*id || !**id)
    return ps_error_at(
        diags, PS_EINPUT, file, at, 1,
        "the procspec:clause comment has no id; restore it as procspec wrote it, %s, "
        "or generate the document again",
        CLAUSE_RESTORE);
  for (const char *c = *id; *c; c++)
    if (!id_char(*c))
      return ps_error_at(
          diags, PS_EINPUT, file, at, 1,
          "the clause ID '%s' holds characters procspec never writes in an ID (it "
          "uses letters, digits, '-', '_', '.' and ':'); restore it as procspec wrote "
          "it, or generate the document again",
          *id);
  return 0;
}
