#include "profile.h"

#include <stdlib.h>

#include "diag.h"
#include "fileio.h"
#include "schema.h"

static int profile_load_buffer_impl(ps_profile **out, const char *name, const char *data,
                                    size_t len, ps_diags *diags) {
  *out = NULL;
  ps_ytree *tree = NULL;
  int rc = ps_ytree_parse(&tree, name, data, len, NULL, diags);
  if (rc < 0)
    return rc;
  if (!tree->root) {
    ps_ytree_free(tree);
    return ps_error_at(diags, PS_EINPUT, name, 1, 1,
                       "the profile is empty; start from a file in samples/");
  }
  if ((rc = ps_schema_validate(tree, diags)) < 0) {
    ps_ytree_free(tree);
    return rc;
  }
  ps_profile *p = calloc(1, sizeof(*p));
  if (!p) {
    ps_ytree_free(tree);
    return PS_ENOMEM;
  }
  p->tree = tree;
  p->confidentiality = (int)ps_ynode_path(tree->root, "classification.confidentiality")->ival;
  p->integrity = (int)ps_ynode_path(tree->root, "classification.integrity")->ival;
  p->availability = (int)ps_ynode_path(tree->root, "classification.availability")->ival;
  *out = p;
  return 0;
}

int ps_profile_load_buffer(ps_profile **out, const char *name, const char *data, size_t len,
                           ps_diags *diags) {
  size_t errors = ps_diags_errors(diags);
  return ps_diag_fail(diags, errors, profile_load_buffer_impl(out, name, data, len, diags),
                      "reading the profile");
}

static int profile_load_impl(ps_profile **out, const char *path, ps_diags *diags) {
  *out = NULL;
  char *data = NULL;
  size_t len = 0;
  int rc = ps_read_file(&data, &len, path, ps_ylimits_default.max_bytes, diags);
  if (rc < 0)
    return rc;
  rc = ps_profile_load_buffer(out, path, data, len, diags);
  free(data);
  return rc;
}

int ps_profile_load(ps_profile **out, const char *path, ps_diags *diags) {
  size_t errors = ps_diags_errors(diags);
  return ps_diag_fail(diags, errors, profile_load_impl(out, path, diags), "reading the profile");
}

void ps_profile_free(ps_profile *p) {
  if (!p)
    return;
  ps_ytree_free(p->tree);
  free(p);
}

const ps_ynode *ps_profile_root(const ps_profile *p) { return p->tree->root; }

const char *ps_profile_file(const ps_profile *p) { return p->tree->file; }
