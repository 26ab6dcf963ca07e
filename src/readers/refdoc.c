#define _GNU_SOURCE /* memmem */
#include "refdoc.h"

#include <libxml/parser.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "diag.h"
#include "i18n.h"
#include "init.h"
#include "fileio.h"
#include "safezip.h"

#define MAX_REFDOC_BYTES 67108864u /* the file: 64 MiB */
#define MAX_PART_BYTES 16777216u   /* one part, uncompressed: 16 MiB */
#define MAX_ENTRIES 4096

#define NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

struct ps_refdoc {
  char *name; /* for diagnostics */
  int odt;
  xmlDocPtr styles;
  xmlDocPtr document; /* DOCX only */
};

int ps_refdoc_is_odt(const ps_refdoc *ref) { return ref->odt; }

const char *ps_refdoc_name(const ps_refdoc *ref) { return ref->name; }

xmlNodePtr ps_refdoc_styles(const ps_refdoc *ref) { return xmlDocGetRootElement(ref->styles); }

void ps_refdoc_free(ps_refdoc *ref) {
  if (!ref)
    return;
  if (ref->styles)
    xmlFreeDoc(ref->styles);
  if (ref->document)
    xmlFreeDoc(ref->document);
  free(ref->name);
  free(ref);
}

static const ps_zip_limits refdoc_limits = {MAX_ENTRIES, MAX_PART_BYTES, (size_t)4 * MAX_PART_BYTES,
                                            1000};

static int detect(zip_t *za, const char *path, int *odt, ps_diags *diags) {
  zip_int64_t n = zip_get_num_entries(za, 0);
  if (n < 0 || n > MAX_ENTRIES)
    return ps_error_at(diags, PS_ELIMIT, path, 0, 0, "the reference document has %lld entries",
                       (long long)n);
  if (zip_name_locate(za, "[Content_Types].xml", 0) >= 0 &&
      zip_name_locate(za, "word/styles.xml", 0) >= 0) {
    *odt = 0;
    return 0;
  }
  if (zip_name_locate(za, "mimetype", 0) >= 0 && zip_name_locate(za, "styles.xml", 0) >= 0) {
    *odt = 1;
    return 0;
  }
  return ps_error_at(diags, PS_EINPUT, path, 0, 0,
                     "not a DOCX or ODT with styles; give a document saved by Word or Writer");
}

ps_format ps_refdoc_format(const ps_refdoc *ref) { return ref->odt ? PS_FMT_ODT : PS_FMT_DOCX; }

int ps_refdoc_load(ps_refdoc **out, const char *path, ps_diags *diags) {
  *out = NULL;
  char *data = NULL;
  size_t len = 0;
  int rc = ps_read_file(&data, &len, path, MAX_REFDOC_BYTES, diags);
  if (rc == 0)
    rc = ps_refdoc_load_buffer(out, path, data, len, diags);
  free(data);
  return rc;
}

int ps_refdoc_load_buffer(ps_refdoc **out, const char *path, const void *data, size_t len,
                          ps_diags *diags) {
  *out = NULL;
  if (len > MAX_REFDOC_BYTES)
    return ps_error_at(diags, PS_ELIMIT, path, 0, 0, "file is %zu bytes; the limit is %u bytes",
                       len, MAX_REFDOC_BYTES);
  ps_init_once();
  ps_zip z;
  int rc = ps_zip_open(&z, path, N_("DOCX or ODT"), data, len, &refdoc_limits, diags);
  ps_refdoc *ref = rc == 0 ? calloc(1, sizeof(*ref)) : NULL;
  if (rc == 0 && (!ref || !(ref->name = strdup(path ? path : "reference document")))) {
    rc = PS_ENOMEM;
  } else if (rc == 0 && (rc = detect(z.za, path, &ref->odt, diags)) == 0) {
    ref->styles = ps_zip_xml(&z, ref->odt ? "styles.xml" : "word/styles.xml", 1, diags);
    if (!ref->odt && ref->styles)
      ref->document = ps_zip_xml(&z, "word/document.xml", 1, diags);
    if (!ref->styles || (!ref->odt && !ref->document))
      rc = PS_EINPUT;
  }
  ps_zip_close(&z);
  if (rc < 0) {
    ps_refdoc_free(ref);
    return rc;
  }
  *out = ref;
  return 0;
}

xmlNodePtr ps_xml_child(xmlNodePtr parent, const char *ns, const char *name) {
  for (xmlNodePtr c = parent ? parent->children : NULL; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE && c->ns && strcmp((const char *)c->ns->href, ns) == 0 &&
        strcmp((const char *)c->name, name) == 0)
      return c;
  return NULL;
}

const char *ps_xml_attr(xmlNodePtr node, const char *ns, const char *name) {
  for (xmlAttrPtr a = node ? node->properties : NULL; a; a = a->next)
    if (a->ns && strcmp((const char *)a->ns->href, ns) == 0 &&
        strcmp((const char *)a->name, name) == 0 && a->children && a->children->content)
      return (const char *)a->children->content;
  return NULL;
}

xmlNodePtr ps_refdoc_section(const ps_refdoc *ref) {
  xmlNodePtr body = ps_xml_child(xmlDocGetRootElement(ref->document), NS_W, "body");
  return ps_xml_child(body, NS_W, "sectPr");
}

/* A local name we can write back: no ':' (libxml2 keeps "a:b" of a
 * malformed QName such as w:w14:x as the local name) and ASCII only. */
static int plain_name(const xmlChar *name) {
  for (const xmlChar *p = name; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
          *p == '-' || *p == '_' || *p == '.'))
      return 0;
  return *name != '\0';
}

static const char *prefix_of(const ps_ns_map *map, xmlNsPtr ns) {
  for (; ns && map->uri; map++)
    if (strcmp(map->uri, (const char *)ns->href) == 0)
      return map->prefix;
  return NULL;
}

void ps_xml_copy(ps_xw *x, xmlNodePtr node, const ps_ns_map *map, const char *const *skip) {
  if (node->type == XML_TEXT_NODE) {
    xw_text(x, (const char *)node->content, strlen((const char *)node->content));
    return;
  }
  const char *prefix = node->type == XML_ELEMENT_NODE ? prefix_of(map, node->ns) : NULL;
  if (!prefix || !plain_name(node->name))
    return;
  char qname[160];
  snprintf(qname, sizeof qname, "%s:%s", prefix, (const char *)node->name);
  for (const char *const *s = skip; s && *s; s++)
    if (strcmp(*s, qname) == 0)
      return;
  xw_start(x, qname);
  for (xmlAttrPtr a = node->properties; a; a = a->next) {
    const char *ap = a->ns ? prefix_of(map, a->ns) : NULL;
    if (!ap || !plain_name(a->name) || !a->children || !a->children->content)
      continue;
    snprintf(qname, sizeof qname, "%s:%s", ap, (const char *)a->name);
    int skipped = 0;
    for (const char *const *s = skip; s && *s; s++)
      skipped |= strcmp(*s, qname) == 0;
    if (!skipped)
      xw_attr(x, qname, (const char *)a->children->content);
  }
  for (xmlNodePtr c = node->children; c; c = c->next)
    ps_xml_copy(x, c, map, skip);
  xw_end(x);
}
