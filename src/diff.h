/* Internal entry points of the diff, for tests and fuzzing. */
#ifndef PS_DIFF_H
#define PS_DIFF_H
#include "procspec/procspec.h"

/* A version read from procspec Markdown held in TEXT (NUL-terminated). */
int ps_doc_version_from_markdown(ps_doc_version **out, const char *name, const char *text,
                                 ps_diags *diags);
#endif
