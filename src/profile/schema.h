/* The service profile's schema: one table row per key path, checked
 * against a parsed YAML tree. Validation also types each scalar (dates,
 * durations, percentages, enums) for the template renderer. */
#ifndef PS_SCHEMA_H
#define PS_SCHEMA_H
#include "procspec/procspec.h"
#include "yamltree.h"

typedef enum {
  PS_T_MAP,
  PS_T_LIST,
  PS_T_STR,
  PS_T_INT,
  PS_T_BOOL,
  PS_T_DATE,
  PS_T_DURATION,
  PS_T_PERCENT,
  PS_T_ENUM,
  PS_T_COUNTRY,
  PS_T_TEXT /* text that may span lines (documents join them); STR is one line */
} ps_ftype;

typedef enum {
  PS_REQ_OPTIONAL,
  PS_REQ_ALWAYS, /* required whenever its parent is present */
  PS_REQ_CONF2   /* the criteria require it for confidentiality 2 or above:
                     checked by the judge as a finding, not by the schema */
} ps_freq;

typedef struct {
  const char *path; /* dotted; "[]" marks list elements */
  ps_ftype type;
  ps_freq req;
  const char *choices; /* ENUM: "value=label|value=label"; INT: "min..max" */
  const char *help;    /* what the value is, for messages and docs */
  const char *ref;     /* PS_REQ_CONF2: the criteria item that requires it */
} ps_field;

/* The table, terminated by a row with a NULL path. */
extern const ps_field ps_profile_fields[];

/* Checks TREE against the schema, types its scalars and reports every
 * problem to DIAGS. Returns 0 when no error was found. */
int ps_schema_validate(ps_ytree *tree, ps_diags *diags);

/* The row of PATH ("incident.escalation[].to"), or NULL when the profile
 * has no such key. */
const ps_field *ps_schema_field(const char *path);

/* The known key path closest to PATH (at most two edits away), or NULL. */
const char *ps_schema_closest(const char *path);
/* Checks and types a tree of profile keys where nothing is required (the
 * defaults of templates/ja/defaults.yaml). */
int ps_schema_type_partial(ps_ytree *tree, ps_diags *diags);

/* Levenshtein distance of two byte strings (capped at 255). */
unsigned ps_edit_distance(const char *a, const char *b);
#endif
