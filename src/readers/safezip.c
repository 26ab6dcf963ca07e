#define _GNU_SOURCE /* memmem */
#include "safezip.h"

#include <libxml/parser.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "i18n.h"

/* libzip's own words for why a file is not a readable zip, marked so that
 * the message catalog carries them (ps_tr translates them where they are
 * shown; others stay as libzip says them, after our own explanation). */
static const char *const libzip_words[]
    __attribute__((unused)) = {N_("Not a zip archive"),
                               N_("Zip archive inconsistent"),
                               N_("Premature end of file"),
                               N_("CRC error"),
                               N_("Compression method not supported"),
                               N_("Encryption method not supported"),
                               N_("No password provided"),
                               N_("Wrong password provided"),
                               N_("Malloc failure"),
                               N_("Internal error"),
                               N_("Invalid argument")};

int ps_zip_open(ps_zip *z, const char *path, const char *what, const void *data, size_t len,
                const ps_zip_limits *limits, ps_diags *diags) {
  memset(z, 0, sizeof(*z));
  z->path = path;
  z->what = what;
  z->limits = limits;
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
  z->za = src ? zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze) : NULL;
  if (!z->za) {
    int rc = ps_error_at(diags, PS_EINPUT, path, 0, 0, "not a readable %s (zip): %s", ps_tr(what),
                         ps_tr(zip_error_strerror(&ze)));
    if (src)
      zip_source_free(src);
    zip_error_fini(&ze);
    return rc;
  }
  zip_error_fini(&ze);
  zip_int64_t n = zip_get_num_entries(z->za, 0);
  if (n < 0 || (size_t)n > limits->max_entries) {
    ps_zip_close(z);
    return ps_error_at(diags, PS_ELIMIT, path, 0, 0, "the %s has %lld parts; the limit is %zu",
                       ps_tr(what), (long long)n, limits->max_entries);
  }
  unsigned long long total = 0;
  for (zip_int64_t i = 0; i < n; i++) {
    zip_stat_t st;
    if (zip_stat_index(z->za, (zip_uint64_t)i, 0, &st) < 0 || !(st.valid & ZIP_STAT_SIZE) ||
        !(st.valid & ZIP_STAT_COMP_SIZE))
      continue;
    total += st.size;
    const char *name = st.valid & ZIP_STAT_NAME ? st.name : "a part";
    int rc = 0;
    if (st.size > limits->max_part || total > limits->max_total)
      rc = ps_error_at(diags, PS_ELIMIT, path, 0, 0,
                       "%s is larger than %zu bytes uncompressed (%llu bytes, %llu in all so far); "
                       "is it a zip bomb? refused",
                       name, st.size > limits->max_part ? limits->max_part : limits->max_total,
                       (unsigned long long)st.size, total);
    else if (st.size > (zip_uint64_t)1024 * 1024 &&
             st.size / (st.comp_size ? st.comp_size : 1) > limits->max_ratio)
      rc = ps_error_at(diags, PS_ELIMIT, path, 0, 0,
                       "%s inflates from %llu to %llu bytes, more than %u times; is it a zip bomb? "
                       "refused",
                       name, (unsigned long long)st.comp_size, (unsigned long long)st.size,
                       limits->max_ratio);
    if (rc < 0) {
      ps_zip_close(z);
      return rc;
    }
  }
  return 0;
}

void ps_zip_close(ps_zip *z) {
  if (z->za)
    zip_discard(z->za);
  z->za = NULL;
}

int ps_zip_has(const ps_zip *z, const char *name) { return zip_name_locate(z->za, name, 0) >= 0; }

char *ps_zip_read(const ps_zip *z, const char *name, int required, size_t *len, ps_diags *diags) {
  *len = 0;
  zip_file_t *f = zip_fopen(z->za, name, 0);
  if (!f) {
    if (required)
      ps_error_at(diags, PS_EINPUT, z->path, 0, 0, "the %s has no %s", ps_tr(z->what), name);
    return NULL;
  }
  size_t cap = (size_t)64 * 1024, used = 0;
  char *buf = malloc(cap + 1);
  while (buf) {
    if (used == cap) {
      if (cap >= z->limits->max_part) {
        ps_error_at(diags, PS_ELIMIT, z->path, 0, 0,
                    "%s is larger than %zu bytes uncompressed; is it a zip bomb? refused", name,
                    z->limits->max_part);
        free(buf);
        buf = NULL;
        break;
      }
      char *p = realloc(buf, (cap *= 2) + 1);
      if (!p) {
        free(buf);
        buf = NULL;
        break;
      }
      buf = p;
    }
    zip_int64_t n = zip_fread(f, buf + used, cap - used);
    if (n < 0) {
      ps_error_at(diags, PS_EINPUT, z->path, 0, 0, "cannot read %s: %s", name,
                  zip_error_strerror(zip_file_get_error(f)));
      free(buf);
      buf = NULL;
      break;
    }
    if (n == 0) {
      buf[used] = '\0';
      *len = used;
      break;
    }
    used += (size_t)n;
  }
  zip_fclose(f);
  return buf;
}

xmlDocPtr ps_xml_parse_untrusted(const char *path, const char *name, const char *data, size_t len,
                                 ps_diags *diags) {
  if (memmem(data, len, "<!DOCTYPE", 9) || memmem(data, len, "<!ENTITY", 8)) {
    ps_error_at(diags, PS_EINPUT, path, 0, 0,
                "%s declares a DTD or entities, which office documents never need; refused", name);
    return NULL;
  }
  if (len > 0x7fffffff)
    return NULL;
  xmlDocPtr doc = xmlReadMemory(data, (int)len, name, NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (!doc || doc->intSubset || doc->extSubset) {
    const xmlError *e = xmlGetLastError();
    int line = e ? e->line : 0;
    /* libxml2's own message ends in a newline and is English: ours
     * instead where we know the cause, its text only as a detail. */
    char detail[200] = "";
    if (e && e->message) {
      snprintf(detail, sizeof detail, "%s", e->message);
      size_t n = strlen(detail);
      while (n > 0 && strchr(" \t\r\n", detail[n - 1]))
        detail[--n] = '\0';
    }
    if (strncmp(detail, "Excessive depth", 15) == 0)
      ps_error_at(diags, PS_EINPUT, path, 0, 0,
                  "%s, line %d: its elements are nested more than 256 deep, which office "
                  "software never writes; refused. Save the file again from the office software, "
                  "or send it as it was generated",
                  name, line);
    else
      ps_error_at(diags, PS_EINPUT, path, 0, 0,
                  "%s, line %d: not well-formed XML (%s); the file is damaged: save it again from "
                  "the office software, or send it as it was generated",
                  name, line, detail[0] ? detail : "?");
    if (doc)
      xmlFreeDoc(doc);
    return NULL;
  }
  return doc;
}

xmlDocPtr ps_zip_xml(const ps_zip *z, const char *name, int required, ps_diags *diags) {
  size_t len = 0;
  char *data = ps_zip_read(z, name, required, &len, diags);
  if (!data)
    return NULL;
  xmlDocPtr doc = ps_xml_parse_untrusted(z->path, name, data, len, diags);
  free(data);
  return doc;
}
