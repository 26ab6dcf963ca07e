/* procspec: generate procurement documents for external services from a
 * service profile, following the external-service usage criteria.
 *
 * Conventions: every public name starts with ps_ or PS_; fallible functions
 * return 0 on success and a negative PS_E* code on failure, with the reason
 * appended to a caller-owned ps_diags; output parameters come first; every
 * object has a create/free pair and every free accepts NULL. */
#ifndef PROCSPEC_PROCSPEC_H
#define PROCSPEC_PROCSPEC_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Error codes. */
enum {
  PS_OK = 0,
  PS_EINPUT = -1,   /* bad input (profile, template, option) */
  PS_EIO = -2,      /* a file could not be read or written */
  PS_ENOMEM = -3,   /* out of memory */
  PS_ELIMIT = -4    /* an input exceeded a configured limit */
};

typedef enum { PS_SEV_ERROR, PS_SEV_WARNING, PS_SEV_NOTE } ps_severity;

/* One diagnostic: where (file, 1-based line and column, 0 when unknown),
 * how bad, the criteria section it comes from (may be empty), and one
 * short message. */
typedef struct {
  ps_severity severity;
  const char *file;
  unsigned line;
  unsigned column;
  const char *ref;
  const char *message;
} ps_diag;

/* A caller-owned list of diagnostics. */
typedef struct ps_diags ps_diags;

/* Returns a new, empty list; free it with ps_diags_free. NULL when out of
 * memory. */
ps_diags *ps_diags_new(void);
void ps_diags_free(ps_diags *diags);
size_t ps_diags_count(const ps_diags *diags);
/* The i-th diagnostic; owned by the list. */
const ps_diag *ps_diags_get(const ps_diags *diags, size_t i);
/* Number of diagnostics of severity PS_SEV_ERROR. */
size_t ps_diags_errors(const ps_diags *diags);

/* A validated service profile. */
typedef struct ps_profile ps_profile;

/* Loads and validates the profile at PATH. On success *out owns the
 * profile (free with ps_profile_free). On failure *out is NULL and every
 * problem found is in DIAGS. */
int ps_profile_load(ps_profile **out, const char *path, ps_diags *diags);
/* Same, from a buffer; NAME is used in diagnostics. */
int ps_profile_load_buffer(ps_profile **out, const char *name,
                           const char *data, size_t len, ps_diags *diags);
void ps_profile_free(ps_profile *profile);

/* The clause library: built-in templates, optionally overridden clause by
 * clause from a user's directory. */
typedef struct ps_library ps_library;

/* Loads the clause library from BASE_DIR, then overrides and additions from
 * USER_DIR (may be NULL). Free with ps_library_free. */
int ps_library_load(ps_library **out, const char *base_dir,
                    const char *user_dir, ps_diags *diags);
void ps_library_free(ps_library *library);
/* The built-in template directory: $PROCSPEC_TEMPLATES if set, else the
 * directory beside the executable's source tree or the installed data
 * directory. Returned string is static. */
const char *ps_default_template_dir(void);

/* Output formats, combinable as a bit set. */
enum { PS_FMT_MD = 1, PS_FMT_DOCX = 2, PS_FMT_ODT = 4 };

/* An in-memory output file. */
typedef struct {
  char *name;           /* file name, no directory */
  unsigned char *data;
  size_t size;
} ps_output;

typedef struct {
  ps_output *files;
  size_t count;
} ps_outputs;

/* Generation options. */
typedef struct {
  const char *doc_kind;  /* NULL: every document kind that applies */
  unsigned formats;      /* PS_FMT_* bits; 0 means all three */
} ps_generate_options;

/* Generates the documents for PROFILE into memory. *out owns the files
 * (free with ps_outputs_free). Nothing is written to disk. */
int ps_generate(ps_outputs *out, const ps_profile *profile,
                const ps_library *library, const ps_generate_options *opts,
                ps_diags *diags);
void ps_outputs_free(ps_outputs *outputs);

/* Writes every file of OUTPUTS into DIR, each through a temporary file,
 * fsync and rename, so an existing file is either kept or replaced whole.
 * No file is written if any name is unsafe. */
int ps_outputs_write(const ps_outputs *outputs, const char *dir,
                     ps_diags *diags);

/* The library version, e.g. "0.1.0". */
const char *ps_version(void);

#ifdef __cplusplus
}
#endif
#endif
