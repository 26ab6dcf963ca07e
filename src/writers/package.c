#define _POSIX_C_SOURCE 200809L
#include "package.h"

#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "diag.h"

#define MAX_PARTS 64

/* 1980-01-01 00:00 in MS-DOS format: the same in every time zone. */
#define DOS_DATE ((0 << 9) | (1 << 5) | 1)
#define DOS_TIME 0

struct ps_package {
  struct {
    char *name;
    unsigned char *data;
    size_t len;
    int store;
  } parts[MAX_PARTS];
  size_t count;
  int failed;
};

ps_package *ps_package_new(void) { return calloc(1, sizeof(ps_package)); }

int ps_package_add(ps_package *pkg, const char *name, unsigned char *data, size_t len, int store) {
  char *copy = strdup(name);
  if (!data || !copy || pkg->count == MAX_PARTS) {
    free(copy);
    free(data);
    pkg->failed = 1;
    return PS_ENOMEM;
  }
  pkg->parts[pkg->count].name = copy;
  pkg->parts[pkg->count].data = data;
  pkg->parts[pkg->count].len = len;
  pkg->parts[pkg->count].store = store;
  pkg->count++;
  return 0;
}

void ps_package_free(ps_package *pkg) {
  if (!pkg)
    return;
  for (size_t i = 0; i < pkg->count; i++) {
    free(pkg->parts[i].name);
    free(pkg->parts[i].data);
  }
  free(pkg);
}

static int add_parts(zip_t *za, ps_package *pkg) {
  for (size_t i = 0; i < pkg->count; i++) {
    /* freep = 0: the package keeps the bytes until the archive is closed. */
    zip_source_t *src = zip_source_buffer(za, pkg->parts[i].data, pkg->parts[i].len, 0);
    if (!src)
      return -1;
    zip_int64_t idx = zip_file_add(za, pkg->parts[i].name, src, ZIP_FL_ENC_UTF_8);
    if (idx < 0) {
      zip_source_free(src); /* the archive took no ownership */
      return -1;
    }
    zip_uint64_t u = (zip_uint64_t)idx;
    if (zip_set_file_compression(za, u, pkg->parts[i].store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 1) <
            0 ||
        zip_file_set_dostime(za, u, DOS_TIME, DOS_DATE, 0) < 0 ||
        zip_file_set_external_attributes(za, u, 0, ZIP_OPSYS_UNIX, 0100644u << 16) < 0)
      return -1;
  }
  return 0;
}

/* Copies the whole content of a buffer source. */
static int read_source(zip_source_t *src, unsigned char **out, size_t *len) {
  zip_stat_t st;
  if (zip_source_open(src) < 0)
    return -1;
  int rc = -1;
  if (zip_source_stat(src, &st) == 0 && (st.valid & ZIP_STAT_SIZE)) {
    *out = malloc(st.size ? st.size : 1);
    if (*out && zip_source_read(src, *out, st.size) == (zip_int64_t)st.size) {
      *len = st.size;
      rc = 0;
    } else {
      free(*out);
      *out = NULL;
    }
  }
  zip_source_close(src);
  return rc;
}

int ps_package_finish(ps_package *pkg, unsigned char **out, size_t *len, ps_diags *diags) {
  *out = NULL;
  *len = 0;
  zip_error_t ze;
  zip_error_init(&ze);
  int rc = PS_ENOMEM;
  zip_source_t *buf = pkg->failed ? NULL : zip_source_buffer_create(NULL, 0, 0, &ze);
  zip_t *za = buf ? zip_open_from_source(buf, ZIP_TRUNCATE, &ze) : NULL;
  if (!za) {
    if (buf)
      zip_source_free(buf);
    goto out;
  }
  zip_source_keep(buf); /* survives zip_close so we can read the bytes */
  if (add_parts(za, pkg) < 0 || zip_close(za) < 0) {
    /* A failed zip_close still leaves the archive to discard. */
    rc = ps_error_at(diags, PS_EIO, NULL, 0, 0, "cannot build the document: %s", zip_strerror(za));
    zip_discard(za);
  } else {
    rc = read_source(buf, out, len) == 0 ? 0 : PS_ENOMEM;
  }
  zip_source_free(buf);
out:
  zip_error_fini(&ze);
  ps_package_free(pkg);
  return rc;
}
