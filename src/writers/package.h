/* Builds a zip container (DOCX or ODT) in memory with libzip. Parts are
 * added in call order, with a fixed timestamp, so the same parts always
 * give the same bytes. */
#ifndef PS_PACKAGE_H
#define PS_PACKAGE_H
#include <stddef.h>

#include "procspec/procspec.h"

typedef struct ps_package ps_package;

ps_package *ps_package_new(void);
/* Adds a part; the package takes ownership of DATA (malloc'd) in every
 * case, so the caller never frees it. STORE: 1 to store uncompressed. */
int ps_package_add(ps_package *pkg, const char *name, unsigned char *data, size_t len, int store);
/* Closes the archive; *out (free with free()) holds the zip bytes. The
 * package is freed in every case. */
int ps_package_finish(ps_package *pkg, unsigned char **out, size_t *len, ps_diags *diags);
void ps_package_free(ps_package *pkg);
#endif
