/* A DOCX or ODT that procspec generated, perhaps edited since in Word or
 * Writer, read back as one side of a comparison. Clauses are found by the
 * bookmark procspec put on each clause heading (the clause ID, '-' as '_'
 * in DOCX); a heading whose bookmark was deleted is matched to a clause of
 * the templates by its title; text typed between clauses belongs to the
 * clause before it; tracked changes are read as accepted. The package is
 * read with safezip's limits, its XML with no DTD, entities or network.
 *
 * The result is the document in procspec's Markdown form (the one format
 * the diff reads clauses from), so a DOCX, an ODT and the Markdown of the
 * same document compare as equal. */
#ifndef PS_OFFICE_IN_H
#define PS_OFFICE_IN_H
#include <stddef.h>

#include "arena.h"
#include "library.h"
#include "procspec/procspec.h"

/* 1 when DATA (LEN bytes) starts like a zip package (DOCX, ODT). */
int ps_office_is_package(const char *data, size_t len);

typedef struct {
  char *markdown; /* NUL-terminated; free with free() */
  size_t len;
  int refs_known; /* the document shows each clause's 【references】 line */
} ps_office_text;

/* Reads the DOCX or ODT in DATA (LEN bytes; PATH names it in messages)
 * as procspec Markdown of document KIND (NULL: the kind its properties
 * name). LIB gives the document kinds and the clause titles a heading
 * without its bookmark is matched with. Tracked changes are read as
 * accepted, with a note in DIAGS. Refused with a located error when the
 * package is not a procspec document. OUT owns its Markdown. */
int ps_office_read(ps_office_text *out, const char *path, const char *data, size_t len,
                   const char *kind, const ps_library *lib, ps_diags *diags);
/* The document properties the diff compares (docProps/core.xml of a
 * DOCX, meta.xml of an ODT), in this order. */
typedef enum {
  PS_PROP_TITLE,       /* dc:title */
  PS_PROP_SUBJECT,     /* dc:subject: the document's name, 調達仕様書 */
  PS_PROP_CREATOR,     /* dc:creator (DOCX), meta:initial-creator (ODT) */
  PS_PROP_KEYWORDS,    /* cp:keywords, meta:keyword */
  PS_PROP_DESCRIPTION, /* dc:description */
  PS_PROP_VERSION,     /* cp:version (DOCX only) */
  PS_PROP_CREATED,     /* dcterms:created, meta:creation-date: its date, 2026-04-01 */
  PS_NPROPS
} ps_doc_prop;

/* The properties of the DOCX or ODT in DATA (LEN bytes) into OUT, in
 * ARENA; NULL where the package has none (or it is empty). *KNOWN gets a
 * bit (1u << prop) for each property the format can hold (an ODT has no
 * version); *ODT 1 for an ODT, 0 for a DOCX. 0, or PS_EINPUT when the
 * package cannot be read. */
int ps_office_properties(const char *out[PS_NPROPS], unsigned *known, int *odt, ps_arena *arena,
                         const char *path, const char *data, size_t len, ps_diags *diags);

/* The same from one XML part: a DOCX word/document.xml or (ODT) an ODT
 * content.xml, without the package's properties, numbering or styles;
 * for the fuzzer and tests. */
int ps_office_read_part(ps_office_text *out, const char *name, int odt, const char *xml, size_t len,
                        const char *kind, const ps_library *lib, ps_diags *diags);
#endif
