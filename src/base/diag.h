/* Internal side of the diagnostics list. */
#ifndef PS_DIAG_H
#define PS_DIAG_H
#include <stdarg.h>

#include "procspec/procspec.h"

/* Appends a diagnostic; FILE and REF may be NULL. Copies every string.
 * Returns CODE so callers can write `return ps_diag_add(...)`. */
int ps_diag_add(ps_diags *d, int code, ps_severity sev, const char *file, unsigned line,
                unsigned col, const char *ref, const char *fmt, ...)
    __attribute__((format(printf, 8, 9)));
/* The same with the arguments of FMT in AP. */
int ps_diag_vadd(ps_diags *d, int code, ps_severity sev, const char *file, unsigned line,
                 unsigned col, const char *ref, const char *fmt, va_list ap)
    __attribute__((format(printf, 8, 0)));

/* For the public entry points: when RC is an error and no error was added
 * to D since it held ERRORS_BEFORE, adds one saying what was being done
 * ("reading the profile") and why (out of memory, a limit). Returns RC,
 * so that no failure reaches the user without a message. */
int ps_diag_fail(ps_diags *d, size_t errors_before, int rc, const char *doing);

/* Shorthand for an error at a location. */
#define ps_error_at(d, code, file, line, col, ...)                                                 \
  ps_diag_add((d), (code), PS_SEV_ERROR, (file), (line), (col), NULL, __VA_ARGS__)
#endif
