/* A reference document (--reference-doc): an existing DOCX or ODT whose
 * fonts, type sizes and page setup a municipality wants its documents to
 * use. It is read defensively: bounded part sizes and entry counts, no
 * DTDs or entities, no network. */
#ifndef PS_REFDOC_H
#define PS_REFDOC_H
#include <libxml/tree.h>

#include "procspec/procspec.h"
#include "xmlw.h"

typedef struct ps_refdoc ps_refdoc; /* struct ps_refdoc in document.h */

/* ps_refdoc_load, ps_refdoc_load_buffer and ps_refdoc_free are public. */
/* The name it was loaded under. */
const char *ps_refdoc_name(const ps_refdoc *ref);
/* 1 for an ODT, 0 for a DOCX. */
int ps_refdoc_is_odt(const ps_refdoc *ref);
/* The root element of styles.xml. */
xmlNodePtr ps_refdoc_styles(const ps_refdoc *ref);
/* DOCX: the last w:sectPr of the body, or NULL. */
xmlNodePtr ps_refdoc_section(const ps_refdoc *ref);

/* The first child element of PARENT named NAME in namespace NS, or NULL. */
xmlNodePtr ps_xml_child(xmlNodePtr parent, const char *ns, const char *name);
/* The value of attribute NAME in namespace NS (owned by the node), or NULL. */
const char *ps_xml_attr(xmlNodePtr node, const char *ns, const char *name);

/* Namespace URI to the prefix our parts declare for it. */
typedef struct {
  const char *uri, *prefix;
} ps_ns_map;

/* Copies NODE and its subtree into X. Elements and attributes whose
 * namespace is not in MAP (foreign markup such as w14 or loext) are left
 * out, so the copy stays valid against the schema. Elements and attributes
 * named in SKIP (prefix:name, NULL-terminated) are left out too. */
void ps_xml_copy(ps_xw *x, xmlNodePtr node, const ps_ns_map *map, const char *const *skip);
#endif
