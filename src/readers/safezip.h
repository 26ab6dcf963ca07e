/* Reading untrusted zip packages (DOCX, ODT, XLSX) and their XML parts:
 * bounded entry count, part sizes and compression ratios checked against
 * the directory before anything is inflated and again while reading (the
 * directory may lie), XML with no DTD, no entities, no network. */
#ifndef PS_SAFEZIP_H
#define PS_SAFEZIP_H
#include <libxml/tree.h>
#include <stddef.h>
#include <zip.h>

#include "procspec/procspec.h"

typedef struct {
  size_t max_entries;
  size_t max_part;    /* bytes of one part, uncompressed */
  size_t max_total;   /* bytes of every part together, uncompressed */
  unsigned max_ratio; /* uncompressed : compressed, for parts over 1 MiB */
} ps_zip_limits;

typedef struct {
  zip_t *za;
  const char *path; /* for messages */
  const char *what; /* "DOCX or ODT", "XLSX": what the package should be */
  const ps_zip_limits *limits;
} ps_zip;

/* Opens the package held in DATA (LEN bytes; DATA must outlive Z) and
 * checks every entry of its directory against LIMITS. */
int ps_zip_open(ps_zip *z, const char *path, const char *what, const void *data, size_t len,
                const ps_zip_limits *limits, ps_diags *diags);
void ps_zip_close(ps_zip *z);
/* 1 when the package has a part NAME. */
int ps_zip_has(const ps_zip *z, const char *name);
/* Reads part NAME whole (NUL-terminated; free with free()). A missing
 * part is an error when REQUIRED, else NULL with no diagnostic. */
char *ps_zip_read(const ps_zip *z, const char *name, int required, size_t *len, ps_diags *diags);
/* Parses an XML part with no DTD, entities or network; NULL with a
 * located diagnostic when it is not well-formed or declares a DTD. */
xmlDocPtr ps_xml_parse_untrusted(const char *path, const char *name, const char *data, size_t len,
                                 ps_diags *diags);
/* Reads and parses part NAME. */
xmlDocPtr ps_zip_xml(const ps_zip *z, const char *name, int required, ps_diags *diags);
#endif
