#include <stdio.h>
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm/registry.h>
#include <libxml/encoding.h>
#include <libxml/parser.h>

#include "compliance.h"
#include "diag.h"
#include "document.h"
#include "fileio.h"
#include "i18n.h"
#include "profile.h"
#include "refdoc.h"
#include "template.h"
#include "writers.h"

static int generate_documents(ps_outputs *out, const ps_profile *profile, const ps_library *lib,
                              const ps_generate_options *opts, const ps_refdoc *ref_docx,
                              const ps_refdoc *ref_odt, ps_diags *diags);

static const ps_generate_options default_options = PS_GENERATE_OPTIONS_INIT;

const char *ps_version(void) { return PROCSPEC_VERSION; }

void ps_global_cleanup(void) {
  cmark_release_plugins();
  /* xmlCleanupParser does nothing unless the parser was initialised, which
   * the writer alone never does; initialising is idempotent. */
  xmlInitParser();
  xmlCleanupParser();
}

void ps_outputs_free(ps_outputs *o) {
  if (!o)
    return;
  for (size_t i = 0; i < o->count; i++) {
    free(o->files[i].name);
    free(o->files[i].data);
  }
  free(o->files);
  o->files = NULL;
  o->count = 0;
}

static int add_output(ps_outputs *o, const char *kind, const char *ext, unsigned char *data,
                      size_t size) {
  ps_output *p = realloc(o->files, (o->count + 1) * sizeof(*p));
  if (!p) {
    free(data);
    return PS_ENOMEM;
  }
  o->files = p;
  size_t n = strlen(kind) + strlen(ext) + 2;
  char *name = malloc(n);
  if (!name) {
    free(data);
    return PS_ENOMEM;
  }
  snprintf(name, n, "%s.%s", kind, ext);
  o->files[o->count++] = (ps_output){name, data, size};
  return 0;
}

static int write_formats(ps_outputs *out, const ps_document *doc, unsigned formats,
                         ps_diags *diags) {
  static const struct {
    unsigned bit;
    const char *ext;
    int (*write)(unsigned char **, size_t *, const ps_document *, ps_diags *);
  } writers[] = {
      {.bit = PS_FMT_MD, .ext = "md", .write = ps_write_md},
      {.bit = PS_FMT_DOCX, .ext = "docx", .write = ps_write_docx},
      {.bit = PS_FMT_ODT, .ext = "odt", .write = ps_write_odt},
  };
  for (size_t i = 0; i < sizeof writers / sizeof writers[0]; i++) {
    if (!(formats & writers[i].bit))
      continue;
    unsigned char *data = NULL;
    size_t size = 0;
    int rc = writers[i].write(&data, &size, doc, diags);
    if (rc == 0)
      rc = add_output(out, doc->kind, writers[i].ext, data, size);
    if (rc < 0)
      return rc;
  }
  return 0;
}

static int wrong_format(const char *name, int odt, ps_diags *diags) {
  return ps_error_at(diags, PS_EINPUT, name, 0, 0, "this is %s, given as the reference for %s",
                     odt ? "a DOCX" : "an ODT", odt ? "ODT" : "DOCX");
}

/* The reference document of one format: GIVEN when the caller loaded it,
 * else the one at PATH, loaded into *OWNED; checked to be of that format. */
static int pick_reference(const ps_refdoc **use, ps_refdoc **owned, const ps_refdoc *given,
                          const char *path, int odt, ps_diags *diags) {
  *use = given;
  *owned = NULL;
  if (given)
    return ps_refdoc_is_odt(given) == odt ? 0 : wrong_format(ps_refdoc_name(given), odt, diags);
  if (!path)
    return 0;
  int rc = ps_refdoc_load(owned, path, diags);
  if (rc == 0 && ps_refdoc_is_odt(*owned) != odt)
    rc = wrong_format(path, odt, diags);
  *use = *owned;
  return rc;
}

static int check_options(const ps_generate_options *o, ps_diags *diags) {
  if (o->version != PS_GENERATE_OPTIONS_VERSION)
    return ps_error_at(diags, PS_EINPUT, NULL, 0, 0,
                       "ps_generate_options version %u is not supported (initialise it with "
                       "PS_GENERATE_OPTIONS_INIT)",
                       o->version);
  unsigned known = PS_FMT_ALL | PS_FMT_XLSX | PS_FMT_CSV;
  if (o->formats & ~known)
    return ps_error_at(diags, PS_EINPUT, NULL, 0, 0, "unknown output format bits 0x%x",
                       o->formats & ~known);
  return 0;
}

static int generate_impl(ps_outputs *out, const ps_profile *profile, const ps_library *lib,
                         const ps_generate_options *opts, ps_diags *diags) {
  memset(out, 0, sizeof(*out));
  if (!opts)
    opts = &default_options;
  const ps_refdoc *ref_docx = NULL, *ref_odt = NULL;
  ps_refdoc *own_docx = NULL, *own_odt = NULL;
  int rc = check_options(opts, diags);
  if (rc == 0)
    rc = pick_reference(&ref_docx, &own_docx, opts->docx_style, opts->reference_docx, 0, diags);
  if (rc == 0)
    rc = pick_reference(&ref_odt, &own_odt, opts->odt_style, opts->reference_odt, 1, diags);
  if (rc == 0)
    rc = generate_documents(out, profile, lib, opts, ref_docx, ref_odt, diags);
  ps_refdoc_free(own_docx);
  ps_refdoc_free(own_odt);
  return rc;
}

/* The profile key a finding is about: the leading key path of its message
 * ("data_handling.exit.notice_period is missing" -> that path), or "". */
static void finding_field(char *out, size_t n, const char *msg) {
  size_t k = strspn(msg, "abcdefghijklmnopqrstuvwxyz0123456789_.[]");
  int is_path = k > 0 && (msg[k] == ' ' || msg[k] == ':') && memchr(msg, '.', k);
  snprintf(out, n, "%.*s", is_path ? (int)k : 0, msg);
}

/* The first page of a draft: each error finding from index FROM of DIAGS
 * (what the profile does not yet meet), as escaped Markdown. */
static cmark_node *draft_preface(const ps_diags *diags, size_t from) {
  ps_buf b = PS_BUF_INIT;
  size_t n = 0;
  ps_buf_puts(&b, "**この文書は案です。**\n\n");
  for (size_t i = from; i < ps_diags_count(diags); i++) {
    const ps_diag *d = ps_diags_get(diags, i);
    if (d->severity != PS_SEV_ERROR)
      continue;
    if (n++ == 0)
      ps_buf_puts(&b, "プロファイルは、次の事項について利用基準を満たしていません。これらを解消し、"
                      "「案」を外して作り直すまで、この文書を契約の手続に用いないでください。\n\n"
                      "| No. | 満たしていない事項 | 利用基準の項目 | プロファイルの項目 |\n"
                      "| --- | --- | --- | --- |\n");
    char field[128];
    finding_field(field, sizeof field, d->message);
    ps_buf_printf(&b, "| %zu | ", n);
    ps_md_escape(&b, d->message, strlen(d->message));
    ps_buf_puts(&b, " | ");
    ps_md_escape(&b, d->ref ? d->ref : "", d->ref ? strlen(d->ref) : 0);
    ps_buf_puts(&b, " | ");
    ps_md_escape(&b, field, strlen(field));
    ps_buf_printf(&b, "（%u行目） |\n", d->line);
  }
  if (n == 0)
    ps_buf_puts(&b,
                "プロファイルは利用基準を満たしています。承認を受けた後、「案」を外して作り直して"
                "ください。\n");
  cmark_node *node = b.failed ? NULL : ps_markdown_parse(b.ptr, b.len);
  ps_buf_free(&b);
  return node;
}

/* Marks DOC as a draft: （案） after the title (so in the header and the
 * properties too) and the first page listing what is unmet. */
static int mark_draft(ps_document *doc, const ps_diags *diags, size_t from) {
  if (!doc) /* callers pass the document they built; never NULL when the build succeeded */
    return PS_ENOMEM;
  doc->title = ps_arena_printf(&doc->arena, "%s（案）", doc->title);
  doc->preface = draft_preface(diags, from);
  return doc->title && doc->preface ? 0 : PS_ENOMEM;
}

/* Every document.editions[].kind names a document kind of the library. */
static int check_editions(const ps_profile *profile, const ps_library *lib, ps_diags *diags) {
  const ps_ynode *editions = ps_ynode_path(ps_profile_root(profile), "document.editions");
  int rc = 0;
  char kinds[256] = "";
  for (size_t i = 0; i < lib->ndocs; i++)
    snprintf(kinds + strlen(kinds), sizeof kinds - strlen(kinds), "%s%s", i ? ", " : "",
             lib->docs[i].kind);
  for (const ps_ynode *e = editions ? editions->first : NULL; e; e = e->next) {
    const ps_ynode *kind = ps_ymap_get(e, "kind");
    if (!ps_library_doc(lib, kind->value))
      rc = ps_error_at(diags, PS_EINPUT, ps_profile_file(profile), kind->line, kind->col,
                       "document.editions: '%s' is not a document kind; use one of %s", kind->value,
                       kinds);
  }
  return rc;
}

/* A compliance form: the statements of the document it is the form of,
 * in every format asked for. */
typedef struct {
  unsigned formats;
  const ps_refdoc *ref_docx, *ref_odt;
  int draft;              /* the documents are drafts (（案）) */
  const ps_diags *unmet;  /* a draft's findings, in Japanese */
} form_job;

static int write_form(ps_outputs *out, const ps_doc_tpl *d, const ps_profile *profile,
                      const ps_library *lib, const form_job *job, ps_diags *diags) {
  unsigned formats = job->formats;
  ps_document *source = NULL, *form = NULL;
  ps_statements *st = NULL;
  ps_buf title = PS_BUF_INIT;
  int rc = ps_library_doc(lib, d->form_of) && !ps_library_doc(lib, d->form_of)->form_of
               ? ps_document_build(&source, profile, lib, d->form_of, diags)
               : ps_error_at(diags, PS_EINPUT, NULL, 0, 0,
                             "document '%s' is a form of '%s', which is not a document of clauses "
                             "in documents.yaml",
                             d->kind, d->form_of);
  /* The form of a draft is made from, and titled as, the draft. */
  if (rc == 0 && job->draft)
    rc = mark_draft(source, job->unmet, 0);
  if (rc == 0)
    rc = ps_statements_build(&st, source);
  if (rc == 0)
    rc = ps_template_render(&title, &d->title, ps_profile_root(profile), ps_profile_file(profile),
                            PS_ESC_PLAIN, diags);
  if (rc == 0 && job->draft)
    ps_buf_puts(&title, "（案）");
  if (rc == 0 && title.failed)
    rc = PS_ENOMEM;
  if (rc == 0 && (formats & (PS_FMT_MD | PS_FMT_DOCX | PS_FMT_ODT)) &&
      (rc = ps_compliance_document(&form, st, d->kind, d->name, title.ptr)) == 0) {
    form->reference_docx = job->ref_docx;
    form->reference_odt = job->ref_odt;
    rc = write_formats(out, form, formats, diags);
  }
  unsigned char *data = NULL;
  size_t size = 0;
  if (rc == 0 && (formats & PS_FMT_XLSX) &&
      (rc = ps_compliance_xlsx(&data, &size, st, title.ptr, diags)) == 0)
    rc = add_output(out, d->kind, "xlsx", data, size);
  if (rc == 0 && (formats & PS_FMT_CSV) &&
      (rc = ps_compliance_csv(&data, &size, st, title.ptr)) == 0)
    rc = add_output(out, d->kind, "csv", data, size);
  ps_buf_free(&title);
  ps_document_free(form);
  ps_statements_free(st);
  ps_document_free(source);
  return rc;
}

/* Document kinds a profile may not call for, with the profile key that
 * decides it and why the document is not made: `--doc KIND` on such a
 * profile is refused at that key rather than written full of filler. */
static const struct {
  const char *kind, *key, *why;
} not_made[] = {
    {"privacy", "personal_data.handled",
     N_("no 個人情報取扱特記事項 (--doc privacy) is made for this profile: it does not say that "
        "the service handles personal data (personal_data.handled is not true), and a contract "
        "that entrusts no personal data needs no such annex. If the service handles residents' "
        "or staff's personal data, write personal_data: {handled: true} in the profile")},
    {"annex", "classification.confidentiality",
     N_("no 外部サービスの利用に関する特記事項 (--doc annex) is made for this profile: the annex "
        "is for services that handle information of confidentiality class 2 or 3, and this "
        "profile's classification.confidentiality is 1. If the service handles such "
        "information, raise classification.confidentiality to 2 or 3")},
};

/* The error for `--doc D` when D's condition is false for PROFILE: at the
 * profile key that decides it (or its nearest written parent). */
static int refuse_not_applicable(const ps_doc_tpl *d, const ps_profile *profile, ps_diags *diags) {
  const char *file = ps_profile_file(profile);
  for (size_t i = 0; i < sizeof not_made / sizeof not_made[0]; i++) {
    if (strcmp(not_made[i].kind, d->kind) != 0)
      continue;
    const ps_ynode *at = ps_ynode_path(ps_profile_root(profile), not_made[i].key);
    if (!at) { /* the key is absent: point at its parent map when written */
      char parent[64];
      const char *dot = strchr(not_made[i].key, '.');
      size_t n = dot ? (size_t)(dot - not_made[i].key) : 0;
      if (n > 0 && n < sizeof parent) {
        memcpy(parent, not_made[i].key, n);
        parent[n] = '\0';
        at = ps_ymap_get(ps_profile_root(profile), parent);
      }
    }
    return ps_error_at(diags, PS_EINPUT, file, at ? at->key_line : 0, at ? at->key_col : 0, "%s",
                       _(not_made[i].why));
  }
  return ps_error_at(diags, PS_EINPUT, file, 0, 0,
                     "the document kind '%s' does not apply to this profile (its condition in "
                     "documents.yaml: %s), so it is not made; change the profile so that the "
                     "condition holds, or leave out --doc",
                     d->kind, d->when_src ? d->when_src : "?");
}

int ps_generate(ps_outputs *out, const ps_profile *profile, const ps_library *lib,
                const ps_generate_options *opts, ps_diags *diags) {
  size_t errors = ps_diags_errors(diags);
  return ps_diag_fail(diags, errors, generate_impl(out, profile, lib, opts, diags),
                      "generating the documents");
}

static int generate_documents(ps_outputs *out, const ps_profile *profile, const ps_library *lib,
                              const ps_generate_options *opts, const ps_refdoc *ref_docx,
                              const ps_refdoc *ref_odt, ps_diags *diags) {
  unsigned asked = opts->formats;
  const char *only = opts->doc_kind;
  const ps_doc_tpl *only_doc = only ? ps_library_doc(lib, only) : NULL;
  if (only && !only_doc)
    return ps_error_at(diags, PS_EINPUT, NULL, 0, 0, "unknown document kind '%s'", only);
  if (only_doc && !only_doc->form_of && asked && !(asked & (PS_FMT_MD | PS_FMT_DOCX | PS_FMT_ODT)))
    return ps_error_at(diags, PS_EINPUT, NULL, 0, 0,
                       "'%s' is written as md, docx or odt; xlsx and csv are for the compliance "
                       "form (--doc compliance)",
                       only);
  if (only_doc && !ps_document_applies(only_doc, profile))
    return refuse_not_applicable(only_doc, profile, diags);
  if (check_editions(profile, lib, diags) < 0)
    return PS_EINPUT;
  /* A service that does not meet the criteria gets no documents, unless
   * they are drafts. A caller that has just judged it need not again. */
  int draft = opts->draft;
  ps_check_options judge_opts = PS_CHECK_OPTIONS_INIT;
  judge_opts.library = lib;
  int rc = opts->judged && !draft ? 0 : ps_profile_judge(profile, &judge_opts, diags);
  if (rc > 0 && draft)
    rc = 0;
  if (rc != 0)
    return rc < 0 ? rc
                  : ps_error_at(diags, PS_EINPUT, ps_profile_file(profile), 0, 0,
                                "the profile does not meet the criteria (see the errors above); "
                                "no document was written");
  /* A draft's first page lists the findings in the documents' language,
   * whatever the language of the messages: judged again in Japanese. */
  ps_diags *unmet = draft ? ps_diags_new() : NULL;
  if (draft && !unmet)
    return PS_ENOMEM;
  if (draft) {
    ps_i18n_japanese(1); /* without the catalog, in the process's language */
    rc = ps_profile_judge(profile, &judge_opts, unmet);
    ps_i18n_japanese(0);
    rc = rc < 0 ? rc : 0;
  }
  for (size_t i = 0; i < lib->ndocs && rc == 0; i++) {
    const ps_doc_tpl *d = &lib->docs[i];
    if (only ? strcmp(only, d->kind) != 0 : !ps_document_applies(d, profile))
      continue;
    unsigned formats = asked ? asked : PS_FMT_MD | PS_FMT_DOCX | PS_FMT_ODT;
    if (d->form_of) {
      form_job job = {asked ? asked : formats | PS_FMT_XLSX | PS_FMT_CSV, ref_docx, ref_odt, draft,
                      unmet};
      rc = write_form(out, d, profile, lib, &job, diags);
      continue;
    }
    if (!(formats & (PS_FMT_MD | PS_FMT_DOCX | PS_FMT_ODT)))
      continue;
    ps_document *doc = NULL;
    int refs = opts->no_refs ? PS_REFS_NONE : opts->refs; /* ps_generate gave the defaults */
    if ((rc = ps_document_build_ex(&doc, profile, lib, d->kind, opts->note_defaults, diags)) == 0 &&
        draft)
      rc = mark_draft(doc, unmet, 0);
    if (rc == 0) {
      doc->show_refs = refs == PS_REFS_INLINE;
      if (refs == PS_REFS_APPENDIX)
        rc = ps_document_add_appendix(doc, lib, profile, diags);
    }
    if (rc == 0) {
      doc->reference_docx = ref_docx;
      doc->reference_odt = ref_odt;
      rc = write_formats(out, doc, formats, diags);
    }
    ps_document_free(doc);
  }
  ps_diags_free(unmet);
  if (rc < 0)
    ps_outputs_free(out);
  return rc;
}

int ps_write_file(const char *path, const void *data, size_t len, ps_diags *diags) {
  const char *slash = strrchr(path, '/');
  if (!slash)
    return ps_write_atomic(".", path, data, len, diags);
  size_t n = (size_t)(slash - path);
  char *dir = malloc(n + 2);
  if (!dir)
    return PS_ENOMEM;
  memcpy(dir, path, n ? n : 1);
  dir[n ? n : 1] = '\0'; /* "/name" lives in "/" */
  int rc = ps_safe_filename(slash + 1)
               ? ps_write_atomic(dir, slash + 1, data, len, diags)
               : ps_error_at(diags, PS_EINPUT, path, 0, 0, "not a file name");
  free(dir);
  return rc;
}

static int outputs_write_impl(const ps_outputs *o, const char *dir, ps_diags *diags) {
  for (size_t i = 0; i < o->count; i++)
    if (!ps_safe_filename(o->files[i].name))
      return ps_error_at(diags, PS_EINPUT, o->files[i].name, 0, 0, "unsafe output file name");
  const char **names = calloc(o->count + 1, sizeof(char *));
  const void **data = calloc(o->count + 1, sizeof(void *));
  size_t *sizes = calloc(o->count + 1, sizeof(size_t));
  int rc = names && data && sizes ? 0 : PS_ENOMEM;
  for (size_t i = 0; rc == 0 && i < o->count; i++) {
    names[i] = o->files[i].name;
    data[i] = o->files[i].data;
    sizes[i] = o->files[i].size;
  }
  if (rc == 0)
    rc = ps_write_atomic_all(dir, names, data, sizes, o->count, diags);
  free(names);
  free(data);
  free(sizes);
  return rc;
}

int ps_outputs_write(const ps_outputs *o, const char *dir, ps_diags *diags) {
  size_t errors = ps_diags_errors(diags);
  return ps_diag_fail(diags, errors, outputs_write_impl(o, dir, diags), "writing the documents");
}
