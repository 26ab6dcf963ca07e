#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "document.h"
#include "profile.h"

struct ps_coverage {
  ps_arena arena;
  ps_coverage_row *rows;
  size_t nrows;
};

/* The documents of the library, each built once for the profile; a kind
 * that does not apply to the profile stays NULL. */
typedef struct {
  ps_document **docs;
  size_t n;
} doc_set;

static void free_docs(doc_set *set) {
  for (size_t i = 0; i < set->n; i++)
    ps_document_free(set->docs[i]);
  free(set->docs);
}

static int build_docs(doc_set *set, const ps_profile *p, const ps_library *lib, ps_diags *diags) {
  set->n = lib->ndocs;
  set->docs = calloc(lib->ndocs + 1, sizeof(*set->docs));
  if (!set->docs)
    return PS_ENOMEM;
  for (size_t i = 0; i < lib->ndocs; i++) {
    if (!ps_document_applies(&lib->docs[i], p))
      continue;
    int rc = ps_document_build(&set->docs[i], p, lib, lib->docs[i].kind, diags);
    if (rc < 0)
      return rc;
  }
  return 0;
}

static const ps_document *find_doc(const doc_set *set, const ps_library *lib, const char *kind) {
  for (size_t i = 0; i < set->n; i++)
    if (strcmp(lib->docs[i].kind, kind) == 0)
      return set->docs[i];
  return NULL;
}

static int fill_row(ps_coverage *cov, ps_coverage_row *row, const ps_document *doc) {
  row->nclauses = 0;
  row->clauses = NULL;
  if (!doc)
    return 0;
  row->clauses = ps_arena_alloc(&cov->arena, (doc->nclauses + 1) * sizeof(char *));
  if (!row->clauses)
    return PS_ENOMEM;
  for (size_t c = 0; c < doc->nclauses; c++)
    for (size_t r = 0; r < doc->clauses[c].nrefs; r++)
      if (strcmp(doc->clauses[c].refs[r], row->requirement) == 0) {
        row->clauses[row->nclauses++] = ps_arena_strdup(&cov->arena, doc->clauses[c].id);
        break;
      }
  return 0;
}

static int coverage_build_impl(ps_coverage **out, const ps_profile *p, const ps_library *lib,
                               ps_diags *diags) {
  *out = NULL;
  ps_coverage *cov = calloc(1, sizeof(*cov));
  doc_set set = {NULL, 0};
  if (!cov)
    return PS_ENOMEM;
  ps_arena_init(&cov->arena);
  ps_check_options judge_opts = PS_CHECK_OPTIONS_INIT;
  judge_opts.library = lib;
  int verdict = ps_profile_judge(p, &judge_opts, diags);
  if (verdict != 0) {
    ps_coverage_free(cov);
    return verdict < 0
               ? verdict
               : ps_error_at(diags, PS_EINPUT, ps_profile_file(p), 0, 0,
                             "the profile does not meet the criteria; fix the errors first");
  }
  size_t max = 0;
  for (size_t i = 0; i < lib->nrequirements; i++)
    max += lib->requirements[i].ndocs;
  int rc = build_docs(&set, p, lib, diags);
  if (rc == 0 && !(cov->rows = ps_arena_alloc(&cov->arena, (max + 1) * sizeof(ps_coverage_row))))
    rc = PS_ENOMEM;
  for (size_t i = 0; i < lib->nrequirements && rc == 0; i++) {
    const ps_requirement *req = &lib->requirements[i];
    if (req->when && !ps_expr_truthy(req->when, ps_profile_root(p), NULL))
      continue;
    for (size_t d = 0; d < req->ndocs && rc == 0; d++) {
      ps_coverage_row *row = &cov->rows[cov->nrows++];
      /* Copies, so the report does not depend on the library's lifetime. */
      row->requirement = ps_arena_strdup(&cov->arena, req->id);
      row->text = ps_arena_strdup(&cov->arena, req->text);
      row->document = ps_arena_strdup(&cov->arena, req->docs[d]);
      if (!row->requirement || !row->text || !row->document)
        rc = PS_ENOMEM;
      else
        rc = fill_row(cov, row, find_doc(&set, lib, req->docs[d]));
    }
  }
  free_docs(&set);
  if (rc < 0) {
    ps_coverage_free(cov);
    return rc;
  }
  *out = cov;
  return 0;
}

int ps_coverage_build(ps_coverage **out, const ps_profile *p, const ps_library *lib,
                      ps_diags *diags) {
  size_t errors = ps_diags_errors(diags);
  return ps_diag_fail(diags, errors, coverage_build_impl(out, p, lib, diags),
                      "building the traceability matrix");
}

size_t ps_coverage_rows(const ps_coverage *cov) { return cov->nrows; }

const ps_coverage_row *ps_coverage_row_at(const ps_coverage *cov, size_t i) {
  return i < cov->nrows ? &cov->rows[i] : NULL;
}

size_t ps_coverage_uncovered(const ps_coverage *cov) {
  size_t n = 0;
  for (size_t i = 0; i < cov->nrows; i++)
    n += cov->rows[i].nclauses == 0;
  return n;
}

void ps_coverage_free(ps_coverage *cov) {
  if (!cov)
    return;
  ps_arena_free(&cov->arena);
  free(cov);
}
