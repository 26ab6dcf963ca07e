/* One side of procspec diff, from whatever file the user gave: a service
 * profile (its document is built as the document model and handed to the
 * diff as it is), procspec's Markdown, or a DOCX or ODT that procspec
 * wrote (read by office_in.c as that Markdown). Deciding which, and
 * loading the profile, happen here so that the diff itself only compares
 * versions and never reads a profile. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "diag.h"
#include "diff.h"
#include "document.h"
#include "fileio.h"
#include "office_in.h"
#include "profile.h"

#define MAX_VERSION_BYTES 16777216u /* 16 MiB */

/* The version of document KIND for the profile in TEXT (LEN bytes,
 * NUL-terminated), built from the document model; a version without
 * clauses (absent) when KIND does not apply to that profile. */
static int profile_version(ps_doc_version **out, const char *path, const char *text, size_t len,
                           const char *kind, const ps_library *lib, ps_diags *diags) {
  ps_profile *p = NULL;
  ps_document *doc = NULL;
  int rc = ps_profile_load_buffer(&p, path, text, len, diags);
  const ps_doc_tpl *tpl = rc == 0 ? ps_library_doc(lib, kind) : NULL;
  if (tpl && !ps_document_applies(tpl, p))
    rc = ps_doc_version_new_absent(out, path, kind);
  else if (rc == 0 && (rc = ps_document_build(&doc, p, lib, kind, diags)) == 0)
    rc = ps_doc_version_from_document(out, path, doc);
  if (rc == 0)
    (*out)->from_profile = 1;
  ps_document_free(doc);
  ps_profile_free(p);
  return rc;
}

static int doc_version_load_impl(ps_doc_version **out, const char *path, const char *kind,
                                 const ps_library *lib, ps_diags *diags) {
  *out = NULL;
  char *data = NULL;
  size_t len = 0;
  int rc = ps_read_file(&data, &len, path, MAX_VERSION_BYTES, diags);
  if (rc == 0)
    rc = ps_doc_version_load_buffer(out, path, data, len, kind, lib, diags);
  free(data);
  return rc;
}

/* A document saved on Windows: without its byte order mark, CR LF as LF,
 * so that it reads as the document procspec wrote. */
static void plain_line_ends(char *data, size_t *len) {
  size_t from = *len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0 ? 3 : 0, to = 0;
  for (; from < *len; from++)
    if (!(data[from] == '\r' && from + 1 < *len && data[from + 1] == '\n'))
      data[to++] = data[from];
  data[to] = '\0';
  *len = to;
}

/* Markdown rather than a profile: a .md (.markdown) file, or text that
 * starts with an HTML comment (which YAML cannot). */
static int looks_markdown(const char *path, const char *data) {
  size_t n = path ? strlen(path) : 0;
  if ((n > 3 && strcasecmp(path + n - 3, ".md") == 0) ||
      (n > 9 && strcasecmp(path + n - 9, ".markdown") == 0))
    return 1;
  data += strspn(data, " \t\n");
  return strncmp(data, "<!--", 4) == 0;
}

/* 1 when the text is valid UTF-8 up to byte BAD, where the file ends
 * inside the last character. */
static int cut_short(const char *data, size_t len, size_t bad) {
  if (bad >= len)
    return 0;
  unsigned char c = (unsigned char)data[bad];
  size_t want = (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
  int cut = want && bad + want > len;
  for (size_t k = bad + 1; cut && k < len; k++)
    cut = ((unsigned char)data[k] & 0xc0) == 0x80;
  return cut;
}

/* The located error for text whose byte BAD is not UTF-8. */
static int not_utf8(const char *path, const char *data, size_t len, size_t bad, ps_diags *diags) {
  unsigned line = 1, col = 1;
  for (size_t i = 0; i < bad && i < len; i++) {
    unsigned char c = (unsigned char)data[i];
    if (c == '\n') {
      line++;
      col = 1;
    } else {
      col += (c & 0xc0) != 0x80;
    }
  }
  if (cut_short(data, len, bad))
    return ps_error_at(diags, PS_EINPUT, path, line, col,
                       "the file ends in the middle of a character: it was cut off (an interrupted "
                       "copy, download or save?); copy it again, or generate it again");
  return ps_error_at(diags, PS_EINPUT, path, line, col,
                     "this is not UTF-8 text (saved as Shift_JIS?); save the file as UTF-8, or "
                     "generate it again");
}

/* DATA (LEN bytes, NUL-terminated, malloc'd) in Unicode NFC, so that
 * text typed or saved in NFD (a Mac's file names, some editors) reads as
 * the same characters. Returns the new malloc'd text, or NULL (no memory). */
static char *nfc(char *data, size_t *len) {
  int ascii = 1;
  for (size_t i = 0; i < *len && ascii; i++)
    ascii = (unsigned char)data[i] < 0x80;
  if (ascii)
    return data;
  utf8proc_uint8_t *out = NULL;
  utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)data, (utf8proc_ssize_t)*len, &out,
                                    UTF8PROC_STABLE | UTF8PROC_COMPOSE);
  free(data);
  if (n < 0) {
    free(out);
    return NULL;
  }
  *len = (size_t)n;
  return (char *)out;
}

static int check_kind(const ps_doc_version *v, const char *path, const char *kind,
                      ps_diags *diags) {
  if (kind && strcmp(kind, v->kind) != 0)
    return ps_error_at(diags, PS_EINPUT, path, 0, 0, "this is a document of kind '%s', not '%s'",
                       v->kind, kind);
  return 0;
}

/* A DOCX or ODT procspec wrote, read as its Markdown (office_in.h). */
static int office_version(ps_doc_version **out, const char *path, const char *data, size_t len,
                          const char *kind, const ps_library *lib, ps_diags *diags) {
  ps_office_text text;
  int rc = ps_office_read(&text, path, data, len, kind, lib, diags);
  if (rc < 0)
    return rc;
  if (!text.markdown)
    return PS_ENOMEM;
  ps_doc_version *v = NULL;
  rc = ps_doc_version_from_markdown(&v, path, text.markdown, diags);
  free(text.markdown);
  if (rc == 0) {
    v->refs_unknown = !text.refs_known;
    rc = check_kind(v, path, kind, diags);
  }
  int odt = 0;
  if (rc == 0) { /* the file's own, which Word's File > Properties may have changed */
    rc = ps_office_properties(v->props, &v->props_known, &odt, &v->arena, path, data, len, diags);
    v->source_type = odt ? "odt" : "docx";
  }
  if (rc < 0) {
    ps_doc_version_free(v);
    return rc;
  }
  *out = v;
  return 0;
}

static int doc_version_load_buffer_impl(ps_doc_version **out, const char *path, const char *text,
                                        size_t len, const char *kind, const ps_library *lib,
                                        ps_diags *diags) {
  *out = NULL;
  if (len > MAX_VERSION_BYTES)
    return ps_error_at(diags, PS_ELIMIT, path, 0, 0, "file is %zu bytes; the limit is %u bytes",
                       len, MAX_VERSION_BYTES);
  if (ps_office_is_package(text, len)) /* a DOCX or ODT, by its content */
    return office_version(out, path, text, len, kind, lib, diags);
  /* A NUL-terminated copy: the Markdown parser and the profile loader
   * read it as a string. */
  char *data = malloc(len + 1);
  if (!data)
    return PS_ENOMEM;
  if (len)
    memcpy(data, text, len);
  data[len] = '\0';
  plain_line_ends(data, &len);
  int rc = 0;
  size_t bad = 0; /* set when the text is not valid */
  int markdown = looks_markdown(path, data);
  int valid = ps_utf8_text_valid(data, len, &bad);
  if (memchr(data, '\0', len) || (!valid && !markdown && !cut_short(data, len, bad))) {
    free(data);
    return ps_error_at(diags, PS_EINPUT, path, 0, 0,
                       "neither a profile nor a procspec Markdown document (binary data); "
                       "compare profiles or .md files");
  }
  if (!valid) {
    rc = not_utf8(path, data, len, bad, diags);
    free(data);
    return rc;
  }
  if (markdown && !(data = nfc(data, &len)))
    return PS_ENOMEM;
  if (!markdown) {
    rc = profile_version(out, path, data, len, kind ? kind : "spec", lib, diags);
    free(data);
  } else {
    ps_doc_version *v = NULL;
    rc = ps_doc_version_from_markdown(&v, path, data, diags);
    free(data);
    if (rc == 0)
      ps_doc_version_title_props(v, NULL);
    if (rc == 0 && (rc = check_kind(v, path, kind, diags)) == 0)
      *out = v;
    else
      ps_doc_version_free(v);
  }
  return rc;
}

int ps_doc_version_load_buffer(ps_doc_version **out, const char *path, const char *text, size_t len,
                               const char *kind, const ps_library *lib, ps_diags *diags) {
  size_t errors = ps_diags_errors(diags);
  return ps_diag_fail(diags, errors,
                      doc_version_load_buffer_impl(out, path, text, len, kind, lib, diags),
                      "reading a document to compare");
}

int ps_doc_version_load(ps_doc_version **out, const char *path, const char *kind,
                        const ps_library *lib, ps_diags *diags) {
  size_t errors = ps_diags_errors(diags);
  return ps_diag_fail(diags, errors, doc_version_load_impl(out, path, kind, lib, diags),
                      "reading a document to compare");
}
