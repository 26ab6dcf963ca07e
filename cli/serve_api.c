/* procspec serve: requests, security checks, routes and the HTTP API.
 *
 *   GET  /?token=T                 the page (web/index.html)
 *   GET  /app.js?token=T, ...      its files
 *   GET  /api/info                 {"pdf": true} when LibreOffice can make PDF
 *   GET  /api/schema               the profile's JSON Schema (descriptions in
 *                                  the language of the server)
 *   POST /api/check                profile (YAML or JSON) -> findings as JSON
 *                                  (?documents=0: without the list of documents,
 *                                  which takes most of the time)
 *   POST /api/profile              profile -> the profile as JSON and its findings
 *   POST /api/generate?doc=K&format=F   profile -> the file, or a ZIP of all
 *   POST /api/preview?doc=K        profile -> the document as HTML
 *   POST /api/diff?doc=K&format=F  form fields old and new (profiles or
 *                                  procspec Markdown) -> the changes as JSON,
 *                                  a redline (docx, odt), or the 新旧対照表
 *                                  (comparison-docx, -odt, -md, -html)
 *
 * API requests carry the token in the X-Procspec-Token header. A request
 * that fails gets a JSON error {"error": message} with the message the CLI
 * would print; the server keeps serving. */
#define _POSIX_C_SOURCE 200809L
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "cmd.h"
#include "json.h"
#include "mhd.h"
#include "serve.h"

#define MAX_BODY ((size_t)2 << 20) /* a profile is at most 1 MB */

static const char csp[] = "default-src 'none'; script-src 'self'; style-src 'self'; "
                          "img-src 'self' data:; connect-src 'self'; form-action 'none'; "
                          "frame-ancestors 'none'; base-uri 'none'";

typedef struct {
  char *data;
  size_t len;
} part;

typedef struct {
  char *body;
  size_t len;
  int too_large;
  struct MHD_PostProcessor *form; /* multipart/form-data (POST /api/diff) */
  part old_side, new_side;
} request;

typedef struct {
  int status;
  char *data;
  size_t size;
  const char *type;
  char disposition[160];
} reply;

/* ---- replies ---- */

static void reply_json(reply *r, int status, char *json, size_t len) {
  r->status = status;
  r->data = json;
  r->size = len;
  r->type = "application/json; charset=utf-8";
}

/* {"error": MESSAGE, "messages": [DIAGS...]} */
static void reply_error(reply *r, int status, const char *message, const ps_diags *diags) {
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  if (!f) {
    r->status = 500;
    return;
  }
  fputs("{\"error\": ", f);
  json_string(f, message);
  fputs(", \"messages\": [", f);
  for (size_t i = 0; diags && i < ps_diags_count(diags); i++) {
    const ps_diag *d = ps_diags_get(diags, i);
    fprintf(f, "%s{\"line\": %u, \"column\": %u, \"message\": ", i ? ", " : "", d->line, d->column);
    json_string(f, d->message);
    fputc('}', f);
  }
  fputs("]}", f);
  fclose(f);
  reply_json(r, status, buf, len);
}

static const char *severity_name(ps_severity s) {
  return s == PS_SEV_ERROR ? "error" : s == PS_SEV_WARNING ? "warning" : "note";
}

static void findings_json(FILE *f, const ps_diags *diags, const ps_library *lib) {
  fputs("[", f);
  for (size_t i = 0; i < ps_diags_count(diags); i++) {
    const ps_diag *d = ps_diags_get(diags, i);
    fprintf(f, "%s\n  {\"severity\": \"%s\", \"line\": %u, \"column\": %u, \"ref\": ", i ? "," : "",
            severity_name(d->severity), d->line, d->column);
    json_string(f, d->ref && d->ref[0] ? d->ref : NULL);
    fputs(", \"summary\": ", f);
    json_string(f, ps_library_requirement_summary(lib, d->ref));
    fputs(", \"message\": ", f);
    json_string(f, d->message);
    fputc('}', f);
  }
  fputs("]", f);
}

/* ---- the API ---- */

static int load_profile(ps_profile **p, const request *rq, ps_diags *diags) {
  return ps_profile_load_buffer(p, "profile.yaml", rq->body ? rq->body : "", rq->len, diags);
}

/* The kinds of document that apply, from an in-memory generation. */
static void documents_json(FILE *f, const ps_profile *p, const ps_library *lib) {
  ps_generate_options opts = PS_GENERATE_OPTIONS_INIT;
  opts.formats = PS_FMT_MD;
  ps_outputs out = {NULL, 0};
  ps_diags *quiet = ps_diags_new();
  fputs("[", f);
  if (quiet && ps_generate(&out, p, lib, &opts, quiet) == 0)
    for (size_t i = 0; i < out.count; i++) {
      char kind[64];
      snprintf(kind, sizeof kind, "%s", out.files[i].name);
      char *dot = strrchr(kind, '.');
      if (dot)
        *dot = '\0';
      fprintf(f, "%s", i ? ", " : "");
      json_string(f, kind);
    }
  fputs("]", f);
  ps_outputs_free(&out);
  ps_diags_free(quiet);
}

static void coverage_json(FILE *f, const ps_profile *p, const ps_library *lib) {
  ps_coverage *cov = NULL;
  ps_diags *quiet = ps_diags_new();
  if (quiet && ps_coverage_build(&cov, p, lib, quiet) == 0)
    fprintf(f, "{\"rows\": %zu, \"uncovered\": %zu}", ps_coverage_rows(cov),
            ps_coverage_uncovered(cov));
  else
    fputs("null", f);
  ps_coverage_free(cov);
  ps_diags_free(quiet);
}

/* POST /api/check and /api/profile: findings, documents and coverage, and
 * for /api/profile the profile itself. */
static void api_check(reply *r, const serve_state *st, const request *rq, int with_profile,
                      int with_documents) {
  ps_diags *diags = ps_diags_new();
  ps_profile *p = NULL;
  char *buf = NULL;
  size_t len = 0;
  FILE *f = diags ? open_memstream(&buf, &len) : NULL;
  if (!f) {
    ps_diags_free(diags);
    reply_error(r, 500, _("out of memory"), NULL);
    return;
  }
  int loaded = load_profile(&p, rq, diags) == 0;
  ps_check_options copts = PS_CHECK_OPTIONS_INIT;
  copts.library = st->library;
  int verdict = loaded ? ps_profile_judge(p, &copts, diags) : PS_EINPUT;
  fprintf(f, "{\"readable\": %s, \"approvable\": %s, \"findings\": ", loaded ? "true" : "false",
          loaded && verdict == 0 && !ps_diags_errors(diags) ? "true" : "false");
  findings_json(f, diags, st->library);
  fputs(", \"documents\": ", f);
  if (!with_documents)
    fputs("null", f);
  else if (loaded && verdict == 0)
    documents_json(f, p, st->library);
  else
    fputs("[]", f);
  fputs(", \"coverage\": ", f);
  if (loaded)
    coverage_json(f, p, st->library);
  else
    fputs("null", f);
  if (with_profile) {
    char *json = NULL;
    size_t jlen = 0;
    fputs(", \"profile\": ", f);
    if (loaded && ps_profile_json(&json, &jlen, p) == 0)
      fwrite(json, 1, jlen, f);
    else
      fputs("null", f);
    free(json);
  }
  fputs("}\n", f);
  fclose(f);
  reply_json(r, 200, buf, len);
  ps_profile_free(p);
  ps_diags_free(diags);
}

static unsigned format_bits(const char *format) {
  if (!format || !*format || strcmp(format, "all") == 0)
    return 0;
  if (strcmp(format, "md") == 0)
    return PS_FMT_MD;
  if (strcmp(format, "docx") == 0)
    return PS_FMT_DOCX;
  if (strcmp(format, "odt") == 0)
    return PS_FMT_ODT;
  if (strcmp(format, "pdf") == 0)
    return CLI_FMT_PDF;
  if (strcmp(format, "xlsx") == 0)
    return PS_FMT_XLSX;
  if (strcmp(format, "csv") == 0)
    return PS_FMT_CSV;
  return (unsigned)-1;
}

/* The files as one ZIP in memory, each with a fixed time, so the same
 * documents give the same ZIP. */
static int zip_outputs(char **out, size_t *len, const ps_outputs *o) {
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
  zip_t *z = src ? zip_open_from_source(src, ZIP_TRUNCATE, &ze) : NULL;
  int ok = z != NULL;
  if (src)
    zip_source_keep(src);
  for (size_t i = 0; ok && i < o->count; i++) {
    zip_source_t *fs = zip_source_buffer(z, o->files[i].data, o->files[i].size, 0);
    zip_int64_t idx = fs ? zip_file_add(z, o->files[i].name, fs, ZIP_FL_ENC_UTF_8) : -1;
    if (idx < 0) {
      zip_source_free(fs);
      ok = 0;
    } else {
      zip_file_set_mtime(z, (zip_uint64_t)idx, 0x5b6a0000, 0); /* 2018-11-10 */
    }
  }
  if (z && (!ok || zip_close(z) != 0)) {
    zip_discard(z);
    ok = 0;
  }
  *out = NULL;
  *len = 0;
  if (ok && zip_source_open(src) == 0) {
    zip_stat_t zs;
    zip_source_stat(src, &zs);
    *out = malloc(zs.size ? zs.size : 1);
    if (*out && zip_source_read(src, *out, zs.size) == (zip_int64_t)zs.size)
      *len = zs.size;
    else
      ok = 0;
    zip_source_close(src);
  }
  zip_source_free(src);
  zip_error_fini(&ze);
  if (!ok) {
    free(*out);
    *out = NULL;
  }
  return ok ? 0 : -1;
}

static const char *type_of(const char *name) {
  const char *ext = strrchr(name, '.');
  if (!ext)
    return "application/octet-stream";
  if (strcmp(ext, ".docx") == 0)
    return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  if (strcmp(ext, ".odt") == 0)
    return "application/vnd.oasis.opendocument.text";
  if (strcmp(ext, ".pdf") == 0)
    return "application/pdf";
  if (strcmp(ext, ".md") == 0)
    return "text/markdown; charset=utf-8";
  if (strcmp(ext, ".xlsx") == 0)
    return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  if (strcmp(ext, ".csv") == 0)
    return "text/csv; charset=utf-8";
  return "application/zip";
}

/* POST /api/generate?doc=KIND&format=FMT */
static void api_generate(reply *r, const serve_state *st, const request *rq, const char *doc,
                         const char *format) {
  unsigned formats = format_bits(format);
  if (formats == (unsigned)-1) {
    reply_error(r, 400, _("format must be md, docx, odt, pdf, xlsx, csv or all"), NULL);
    return;
  }
  ps_diags *diags = ps_diags_new();
  ps_profile *p = NULL;
  ps_outputs out = {NULL, 0};
  ps_generate_options opts = PS_GENERATE_OPTIONS_INIT;
  opts.doc_kind = doc && *doc && strcmp(doc, "all") != 0 ? doc : NULL;
  opts.formats = formats;
  cli_pdf_request(&opts.formats);
  ps_pdf_options pdf = PS_PDF_OPTIONS_INIT;
  if (!diags || load_profile(&p, rq, diags) != 0 ||
      ps_generate(&out, p, st->library, &opts, diags) != 0 ||
      cli_add_pdf(&out, formats, &pdf, diags) != 0) {
    reply_error(r, 422, _("the documents could not be generated"), diags);
  } else if (out.count == 1) {
    r->status = 200;
    r->data = (char *)out.files[0].data;
    r->size = out.files[0].size;
    r->type = type_of(out.files[0].name);
    snprintf(r->disposition, sizeof r->disposition, "attachment; filename=\"%s\"",
             out.files[0].name);
    out.files[0].data = NULL;
  } else if (zip_outputs(&r->data, &r->size, &out) == 0) {
    r->status = 200;
    r->type = "application/zip";
    snprintf(r->disposition, sizeof r->disposition, "attachment; filename=\"procspec.zip\"");
  } else {
    reply_error(r, 500, _("out of memory"), NULL);
  }
  ps_outputs_free(&out);
  ps_profile_free(p);
  ps_diags_free(diags);
}

/* Markdown of procspec's writer -> HTML (cmark-gfm with tables). The
 * writer's own <u> and <br> pass; filter_html keeps nothing else. */
static char *filter_html(const char *html);
static char *markdown_to_html(const char *md, size_t len) {
  cmark_gfm_core_extensions_ensure_registered();
  cmark_parser *parser = cmark_parser_new(CMARK_OPT_UNSAFE);
  cmark_syntax_extension *table = cmark_find_syntax_extension("table");
  if (!parser)
    return NULL;
  if (table)
    cmark_parser_attach_syntax_extension(parser, table);
  cmark_parser_feed(parser, md, len);
  cmark_node *doc = cmark_parser_finish(parser);
  char *raw =
      doc ? cmark_render_html(doc, CMARK_OPT_UNSAFE, cmark_parser_get_syntax_extensions(parser))
          : NULL;
  cmark_node_free(doc);
  cmark_parser_free(parser);
  char *html = raw ? filter_html(raw) : NULL;
  free(raw);
  return html;
}

/* HTML rendered from procspec's Markdown keeps only the elements a
 * document is made of; any other tag is shown as text. Values from a
 * profile are escaped by the Markdown writer already; this is the second
 * line, with the Content-Security-Policy as the third. */
static char *filter_html(const char *html) {
  static const char *const allowed[] = {
      "p",     "h1",     "h2",  "h3",  "h4",   "h5",  "h6",         "table", "thead",
      "tbody", "tr",     "th",  "td",  "u",    "br",  "ol",         "ul",    "li",
      "em",    "strong", "del", "ins", "code", "pre", "blockquote", "hr"};
  size_t n = strlen(html);
  char *out = malloc(n * 4 + 1), *o = out;
  if (!out)
    return NULL;
  for (const char *p = html; *p;) {
    if (*p != '<') {
      *o++ = *p++;
      continue;
    }
    if (strncmp(p, "<!--", 4) == 0) { /* procspec's clause marks: not shown */
      const char *close = strstr(p + 4, "-->");
      p = close ? close + 3 : p + strlen(p);
      continue;
    }
    const char *q = p + 1 + (p[1] == '/');
    size_t len = 0;
    while ((q[len] >= 'a' && q[len] <= 'z') || (q[len] >= '0' && q[len] <= '9'))
      len++;
    const char *end = strchr(p, '>');
    int ok = 0;
    for (size_t i = 0; end && len && i < sizeof allowed / sizeof allowed[0]; i++)
      ok |= strlen(allowed[i]) == len && strncmp(allowed[i], q, len) == 0;
    if (!ok) { /* shown as text */
      memcpy(o, "&lt;", 4);
      o += 4;
      p++;
      continue;
    }
    /* The tag without attributes, but a table cell's alignment. */
    const char *align = strstr(p, " align=\"");
    size_t head = (size_t)(q - p) + len;
    memcpy(o, p, head);
    o += head;
    static const char *const aligns[] = {" align=\"left\"", " align=\"right\"",
                                         " align=\"center\""};
    for (size_t i = 0; align && align < end && i < sizeof aligns / sizeof aligns[0]; i++) {
      size_t k = strlen(aligns[i]);
      if (strncmp(align, aligns[i], k) == 0) { /* as long as the input's own text */
        memcpy(o, aligns[i], k);
        o += k;
        break;
      }
    }
    if (end[-1] == '/')
      *o++ = '/';
    *o++ = '>';
    p = end + 1;
  }
  *o = '\0';
  return out;
}

/* POST /api/preview?doc=KIND */
static void api_preview(reply *r, const serve_state *st, const request *rq, const char *doc) {
  ps_diags *diags = ps_diags_new();
  ps_profile *p = NULL;
  ps_outputs out = {NULL, 0};
  ps_generate_options opts = PS_GENERATE_OPTIONS_INIT;
  opts.doc_kind = doc && *doc ? doc : "spec";
  opts.formats = PS_FMT_MD;
  if (!diags || load_profile(&p, rq, diags) != 0 ||
      ps_generate(&out, p, st->library, &opts, diags) != 0 || out.count == 0) {
    reply_error(r, 422, _("the document could not be generated"), diags);
  } else {
    char *html = markdown_to_html((const char *)out.files[0].data, out.files[0].size);
    if (html) {
      r->status = 200;
      r->data = html;
      r->size = strlen(html);
      r->type = "text/html; charset=utf-8";
    } else {
      reply_error(r, 500, _("out of memory"), NULL);
    }
  }
  ps_outputs_free(&out);
  ps_profile_free(p);
  ps_diags_free(diags);
}

static const char *const change_names[] = {"unchanged", "added", "removed",
                                           "changed",   "moved", "moved_changed"};
static const char *const change_names_ja[] = {"変更なし", "追加", "削除",
                                              "変更",     "移動", "移動及び変更"};

static void diff_json(FILE *f, const ps_diff *d) {
  fprintf(f, "{\"differs\": %s, \"changes\": [", ps_diff_differs(d) ? "true" : "false");
  int first = 1;
  for (size_t i = 0; i < ps_diff_count(d); i++) {
    const ps_clause_change *c = ps_diff_at(d, i);
    if (c->kind == PS_CHANGE_UNCHANGED)
      continue;
    fprintf(f, "%s\n  {\"id\": ", first ? "" : ",");
    json_string(f, c->id);
    fputs(", \"title\": ", f);
    json_string(f, c->title);
    fputs(", \"old_title\": ", f);
    json_string(f, c->old_title);
    fprintf(
        f, ", \"kind\": \"%s\", \"kind_ja\": \"%s\", \"old_position\": %zu, \"new_position\": %zu}",
        change_names[c->kind], change_names_ja[c->kind], c->old_position, c->new_position);
    first = 0;
  }
  fputs("]}\n", f);
}

/* The 新旧対照表 of D as a file, or as HTML for the page. */
static void comparison_reply(reply *r, const ps_diff *d, const char *kind, const char *ctype,
                             ps_diags *diags) {
  unsigned fmt = strcmp(ctype, "docx") == 0  ? PS_FMT_DOCX
                 : strcmp(ctype, "odt") == 0 ? PS_FMT_ODT
                                             : PS_FMT_MD;
  unsigned char *data = NULL;
  size_t len = 0;
  if (ps_diff_comparison(&data, &len, d, fmt, NULL, diags) != 0) {
    reply_error(r, 422, _("the comparison table could not be written"), diags);
    return;
  }
  r->status = 200;
  if (strcmp(ctype, "html") == 0) {
    char *html = markdown_to_html((const char *)data, len);
    free(data);
    if (!html) {
      reply_error(r, 500, _("out of memory"), NULL);
      return;
    }
    r->data = html;
    r->size = strlen(html);
    r->type = "text/html; charset=utf-8";
    return;
  }
  r->data = (char *)data;
  r->size = len;
  r->type = type_of(fmt == PS_FMT_DOCX ? "x.docx" : fmt == PS_FMT_ODT ? "x.odt" : "x.md");
  snprintf(r->disposition, sizeof r->disposition, "attachment; filename=\"%s-comparison.%s\"", kind,
           ctype);
}

/* POST /api/diff?doc=KIND&format=json|docx|odt|comparison-... */
static void api_diff(reply *r, const serve_state *st, const request *rq, const char *doc,
                     const char *format) {
  int json = !format || !*format || strcmp(format, "json") == 0;
  ps_format redline = format && strcmp(format, "odt") == 0 ? PS_FMT_ODT : PS_FMT_DOCX;
  int comparison = format && strncmp(format, "comparison-", 11) == 0;
  const char *ctype = comparison ? format + 11 : "";
  if (comparison && strcmp(ctype, "docx") != 0 && strcmp(ctype, "odt") != 0 &&
      strcmp(ctype, "md") != 0 && strcmp(ctype, "html") != 0) {
    reply_error(r, 400, _("format must be json, docx, odt or comparison-docx, -odt, -md, -html"),
                NULL);
    return;
  }
  if (!json && !comparison && strcmp(format, "docx") != 0 && strcmp(format, "odt") != 0) {
    reply_error(r, 400, _("format must be json, docx, odt or comparison-docx, -odt, -md, -html"),
                NULL);
    return;
  }
  if (!rq->old_side.data || !rq->new_side.data) {
    reply_error(r, 400, _("send the two versions as the form fields old and new"), NULL);
    return;
  }
  ps_diags *diags = ps_diags_new();
  ps_doc_version *old_v = NULL, *new_v = NULL;
  ps_diff *d = NULL;
  const char *kind = doc && *doc ? doc : "spec";
  if (!diags ||
      ps_doc_version_load_buffer(&old_v, "old", rq->old_side.data, rq->old_side.len, kind,
                                 st->library, diags) != 0 ||
      ps_doc_version_load_buffer(&new_v, "new", rq->new_side.data, rq->new_side.len, kind,
                                 st->library, diags) != 0 ||
      ps_diff_build(&d, old_v, new_v, NULL, diags) != 0) {
    reply_error(r, 422, _("the two versions could not be compared"), diags);
  } else if (comparison) {
    comparison_reply(r, d, kind, ctype, diags);
  } else if (json) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (f) {
      diff_json(f, d);
      fclose(f);
      reply_json(r, 200, buf, len);
    }
  } else {
    unsigned char *data = NULL;
    size_t len = 0;
    if (ps_diff_redline(&data, &len, d, redline, "procspec", NULL, diags) == 0) {
      r->status = 200;
      r->data = (char *)data;
      r->size = len;
      r->type = type_of(redline == PS_FMT_ODT ? "x.odt" : "x.docx");
      snprintf(r->disposition, sizeof r->disposition, "attachment; filename=\"%s-redline.%s\"",
               kind, redline == PS_FMT_ODT ? "odt" : "docx");
    } else {
      reply_error(r, 422, _("the redline could not be written"), diags);
    }
  }
  ps_diff_free(d);
  ps_doc_version_free(old_v);
  ps_doc_version_free(new_v);
  ps_diags_free(diags);
}

/* Whether PDF can be offered: soffice (or $PROCSPEC_SOFFICE) on the PATH. */
static int have_soffice(void) {
  const char *prog = getenv("PROCSPEC_SOFFICE");
  if (!prog || !*prog)
    prog = "soffice";
  if (strchr(prog, '/'))
    return access(prog, X_OK) == 0;
  const char *path = getenv("PATH");
  char dir[4096];
  for (const char *p = path ? path : "/usr/bin:/bin"; *p;) {
    size_t n = strcspn(p, ":");
    if (snprintf(dir, sizeof dir, "%.*s/%s", (int)n, p, prog) < (int)sizeof dir &&
        access(dir, X_OK) == 0)
      return 1;
    p += n + (p[n] == ':');
  }
  return 0;
}

static void api_info(reply *r) {
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  if (!f) {
    reply_error(r, 500, _("out of memory"), NULL);
    return;
  }
  fprintf(f, "{\"pdf\": %s, \"version\": ", have_soffice() ? "true" : "false");
  json_string(f, ps_version());
  fputs("}\n", f);
  fclose(f);
  reply_json(r, 200, buf, len);
}

static void api_schema(reply *r) {
  char *json = NULL;
  size_t len = 0;
  if (ps_profile_json_schema(&json, &len) == 0)
    reply_json(r, 200, json, len);
  else
    reply_error(r, 500, _("out of memory"), NULL);
}

/* ---- the page ---- */

static const serve_asset *find_asset(const char *url) {
  if (strcmp(url, "/") == 0)
    url = "/index.html";
  for (size_t i = 0; i < serve_nassets; i++)
    if (strcmp(serve_assets[i].path, url) == 0)
      return &serve_assets[i];
  return NULL;
}

/* The asset, with every TOKEN placeholder replaced by the token (the page
 * needs it for its own requests). */
static void page(reply *r, const serve_state *st, const serve_asset *a) {
  static const char mark[] = "@TOKEN@";
  size_t n = 0;
  for (const char *p = (const char *)a->data; (p = strstr(p, mark)) != NULL; p += sizeof mark - 1)
    n++;
  size_t size = a->size + n * (strlen(st->token) - (sizeof mark - 1));
  char *out = malloc(size + 1), *o = out;
  if (!out) {
    reply_error(r, 500, _("out of memory"), NULL);
    return;
  }
  const char *p = (const char *)a->data, *end = p + a->size;
  for (const char *m; (m = strstr(p, mark)) != NULL && m < end; p = m + sizeof mark - 1) {
    memcpy(o, p, (size_t)(m - p));
    o += m - p;
    memcpy(o, st->token, strlen(st->token));
    o += strlen(st->token);
  }
  memcpy(o, p, (size_t)(end - p));
  o += end - p;
  *o = '\0';
  r->status = 200;
  r->data = out;
  r->size = (size_t)(o - out);
  r->type = a->type;
}

/* ---- security and dispatch ---- */

static int same_token(const char *given, const char *token) {
  if (!given || strlen(given) != strlen(token))
    return 0;
  unsigned char diff = 0;
  for (size_t i = 0; token[i]; i++)
    diff |= (unsigned char)(given[i] ^ token[i]);
  return diff == 0;
}

static void route(reply *r, const serve_state *st, struct MHD_Connection *c, const char *url,
                  const char *method, const request *rq) {
  const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
  if (!host || (strcmp(host, st->host) != 0 && strcmp(host, st->host_alt) != 0)) {
    reply_error(r, 421, _("wrong Host header; open the address procspec serve printed"), NULL);
    return;
  }
  int api = strncmp(url, "/api/", 5) == 0;
  const char *token = api ? MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Procspec-Token")
                          : MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "token");
  if (!same_token(token, st->token)) {
    reply_error(r, 403, _("missing or wrong token; open the address procspec serve printed"), NULL);
    return;
  }
  if (rq->too_large) {
    reply_error(r, 413, _("the request is too large (at most 2 MB)"), NULL);
    return;
  }
  int get = strcmp(method, "GET") == 0, post = strcmp(method, "POST") == 0;
  const char *doc = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "doc");
  const char *format = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "format");
  if (!api && get) {
    const serve_asset *a = find_asset(url);
    if (a)
      page(r, st, a);
    else
      reply_error(r, 404, _("not found"), NULL);
  } else if (get && strcmp(url, "/api/info") == 0) {
    api_info(r);
  } else if (get && strcmp(url, "/api/schema") == 0) {
    api_schema(r);
  } else if (post && strcmp(url, "/api/check") == 0) {
    const char *docs = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "documents");
    api_check(r, st, rq, 0, !docs || strcmp(docs, "0") != 0);
  } else if (post && strcmp(url, "/api/profile") == 0) {
    api_check(r, st, rq, 1, 1);
  } else if (post && strcmp(url, "/api/generate") == 0) {
    api_generate(r, st, rq, doc, format);
  } else if (post && strcmp(url, "/api/preview") == 0) {
    api_preview(r, st, rq, doc);
  } else if (post && strcmp(url, "/api/diff") == 0) {
    api_diff(r, st, rq, doc, format);
  } else {
    reply_error(r, 404, _("not found"), NULL);
  }
}

static enum MHD_Result send_reply(struct MHD_Connection *c, reply *r) {
  struct MHD_Response *resp =
      MHD_create_response_from_buffer(r->size, r->data, MHD_RESPMEM_MUST_FREE);
  if (!resp) {
    free(r->data);
    return MHD_NO;
  }
  MHD_add_response_header(resp, "Content-Type", r->type ? r->type : "application/json");
  MHD_add_response_header(resp, "Content-Security-Policy", csp);
  MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
  MHD_add_response_header(resp, "Cache-Control", "no-store");
  MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
  MHD_add_response_header(resp, "X-Frame-Options", "DENY");
  if (r->disposition[0])
    MHD_add_response_header(resp, "Content-Disposition", r->disposition);
  enum MHD_Result ret = MHD_queue_response(c, (unsigned)r->status, resp);
  MHD_destroy_response(resp);
  return ret;
}

/* A field of a multipart form: old and new, each at most MAX_BODY. */
static enum MHD_Result form_field(void *cls, enum MHD_ValueKind kind, const char *key,
                                  const char *filename, const char *type, const char *encoding,
                                  const char *data, uint64_t off, size_t size) {
  (void)kind, (void)filename, (void)type, (void)encoding, (void)off;
  request *rq = cls;
  part *p = strcmp(key, "old") == 0   ? &rq->old_side
            : strcmp(key, "new") == 0 ? &rq->new_side
                                      : NULL;
  if (!p || size == 0)
    return MHD_YES;
  if (p->len + size > MAX_BODY) {
    rq->too_large = 1;
    return MHD_YES;
  }
  char *b = realloc(p->data, p->len + size + 1);
  if (!b) {
    rq->too_large = 1;
    return MHD_YES;
  }
  memcpy(b + p->len, data, size);
  p->data = b;
  p->len += size;
  p->data[p->len] = '\0';
  return MHD_YES;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_size, void **con_cls) {
  (void)version;
  request *rq = *con_cls;
  if (!rq) {
    rq = calloc(1, sizeof *rq);
    if (!rq)
      return MHD_NO;
    const char *ctype = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
    if (strcmp(method, "POST") == 0 && ctype && strncmp(ctype, "multipart/form-data", 19) == 0)
      rq->form = MHD_create_post_processor(c, (size_t)64 * 1024, form_field, rq);
    *con_cls = rq;
    return MHD_YES;
  }
  if (*upload_size && rq->form) {
    if (MHD_post_process(rq->form, upload, *upload_size) != MHD_YES)
      rq->too_large = 1;
    *upload_size = 0;
    return MHD_YES;
  }
  if (*upload_size) {
    if (!rq->too_large && rq->len + *upload_size <= MAX_BODY) {
      char *b = realloc(rq->body, rq->len + *upload_size + 1);
      if (b) {
        memcpy(b + rq->len, upload, *upload_size);
        rq->body = b;
        rq->len += *upload_size;
        rq->body[rq->len] = '\0';
      } else {
        rq->too_large = 1;
      }
    } else {
      rq->too_large = 1;
    }
    *upload_size = 0;
    return MHD_YES;
  }
  reply r;
  memset(&r, 0, sizeof r);
  route(&r, cls, c, url, method, rq);
  if (!r.status)
    reply_error(&r, 500, _("out of memory"), NULL);
  return send_reply(c, &r);
}

static void done(void *cls, struct MHD_Connection *c, void **con_cls,
                 enum MHD_RequestTerminationCode t) {
  (void)cls, (void)c, (void)t;
  request *rq = *con_cls;
  if (rq) {
    if (rq->form)
      MHD_destroy_post_processor(rq->form);
    free(rq->body);
    free(rq->old_side.data);
    free(rq->new_side.data);
    free(rq);
  }
  *con_cls = NULL;
}

struct MHD_Daemon *serve_start(serve_state *st, const struct sockaddr_in *addr) {
  char why[256];
  if (cli_mhd_open(why, sizeof why) != 0)
    return NULL;
  return MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG, 0, NULL, NULL,
                          handle, st, MHD_OPTION_SOCK_ADDR, (const struct sockaddr *)addr,
                          MHD_OPTION_THREAD_POOL_SIZE, (unsigned)4, MHD_OPTION_CONNECTION_LIMIT,
                          (unsigned)200, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
                          MHD_OPTION_NOTIFY_COMPLETED, done, NULL, MHD_OPTION_END);
}

unsigned serve_port(struct MHD_Daemon *d) {
  const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
  return info ? info->port : 0;
}
