/* The profile's JSON Schema, generated from ps_profile_fields so editors
 * check profiles by the same rules as the loader. Rules the schema cannot
 * express (calendar dates, end after start, percentages up to 100) stay
 * with the loader. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "schema.h"
#include "i18n.h"

static void json_str(ps_buf *b, const char *s) {
  ps_buf_putc(b, '"');
  for (; *s; s++) {
    if (*s == '"' || *s == '\\')
      ps_buf_putc(b, '\\');
    ps_buf_putc(b, *s);
  }
  ps_buf_putc(b, '"');
}

static void indent(ps_buf *b, int n) {
  ps_buf_putc(b, '\n');
  for (int i = 0; i < n; i++)
    ps_buf_puts(b, "  ");
}

/* The direct children of PATH ("" for the root), in table order. */
static int is_child(const char *path, const char *parent) {
  size_t n = strlen(parent);
  if (n == 0)
    return strchr(path, '.') == NULL && strstr(path, "[]") == NULL;
  return strncmp(path, parent, n) == 0 && path[n] == '.' && !strchr(path + n + 1, '.') &&
         !strstr(path + n + 1, "[]");
}

static const ps_field *field(const char *path) {
  for (const ps_field *f = ps_profile_fields; f->path; f++)
    if (strcmp(f->path, path) == 0)
      return f;
  return NULL;
}

static void emit(ps_buf *b, const ps_field *f, int depth);

/* Every value of CHOICES, and its Japanese label, which the loader also
 * takes (src/profile/normalize.c). */
static void enum_values(ps_buf *b, const char *choices) {
  ps_buf_puts(b, "\"enum\": [");
  for (const char *p = choices, *sep = ""; *p; sep = ", ") {
    size_t k = strcspn(p, "=");
    char v[64], label[128];
    snprintf(v, sizeof v, "%.*s", (int)k, p);
    p += k + (p[k] == '=');
    size_t l = strcspn(p, "|");
    snprintf(label, sizeof label, "%.*s", (int)l, p);
    ps_buf_puts(b, sep);
    json_str(b, v);
    ps_buf_puts(b, ", ");
    json_str(b, label);
    p += l;
    p += *p == '|';
  }
  ps_buf_puts(b, "]");
}

/* The forms src/profile/normalize.c rewrites: full-width digits and letters,
 * Japanese units (weeks, fractions), 和暦 and slashed dates with spaces
 * between their parts, はい/いいえ. */
#define FW_DIGIT "[0-9０-９]"
#define FW_SPACE "[ 　]*"
#define DATE_PATTERN                                                                               \
  "^([0-9]{4}-[0-9]{2}-[0-9]{2}|(" FW_DIGIT "{4}|(令和|平成|昭和|大正|[RHSTrhstＲＨＳＴ])" FW_SPACE \
  "(元|" FW_DIGIT "{1,2}))" FW_SPACE "[年./．／]" FW_SPACE FW_DIGIT "{1,2}" FW_SPACE           \
  "[月./．／]" FW_SPACE FW_DIGIT "{1,2}" FW_SPACE "日?)$"
#define DURATION_PATTERN                                                                           \
  "^" FW_DIGIT "{1,7}([.．]" FW_DIGIT "{1,3})?" FW_SPACE "(min|h|d|mo|y|分間?|時間|日間?|週間?|[かヶカヵケ箇]月間?|年間?)$"
#define PERCENT_PATTERN "^" FW_DIGIT "{1,3}([.．]" FW_DIGIT "{1,3})?" FW_SPACE "[%％]$"

static void scalar(ps_buf *b, const ps_field *f) {
  switch (f->type) {
  case PS_T_INT: {
    long lo = strtol(f->choices, NULL, 10), hi = strtol(strstr(f->choices, "..") + 2, NULL, 10);
    ps_buf_printf(b,
                  "\"anyOf\": [{\"type\": \"integer\", \"minimum\": %ld, \"maximum\": %ld}, "
                  "{\"type\": \"string\", \"pattern\": \"^[０-９]+$\"}]",
                  lo, hi);
    break;
  }
  case PS_T_BOOL:
    ps_buf_puts(b, "\"anyOf\": [{\"type\": \"boolean\"}, {\"enum\": [\"はい\", \"いいえ\"]}]");
    break;
  case PS_T_DATE:
    ps_buf_puts(b, "\"type\": \"string\", \"pattern\": ");
    json_str(b, DATE_PATTERN);
    break;
  case PS_T_DURATION:
    ps_buf_puts(b, "\"type\": \"string\", \"pattern\": ");
    json_str(b, DURATION_PATTERN);
    break;
  case PS_T_PERCENT:
    ps_buf_puts(b, "\"type\": \"string\", \"pattern\": ");
    json_str(b, PERCENT_PATTERN);
    break;
  case PS_T_ENUM: enum_values(b, f->choices); break;
  case PS_T_COUNTRY:
    ps_buf_puts(b, "\"type\": \"string\", \"pattern\": \"^[A-ZＡ-Ｚ]{2}$\"");
    break;
  default:
    /* Plain YAML scalars such as 1.0 are text too. */
    ps_buf_puts(b, "\"type\": [\"string\", \"number\"], \"pattern\": \"\\\\S\"");
    break;
  }
}

static void object(ps_buf *b, const char *path, int depth) {
  ps_buf_puts(b, "\"type\": \"object\", \"additionalProperties\": false,");
  indent(b, depth);
  ps_buf_puts(b, "\"properties\": {");
  int first = 1;
  for (const ps_field *c = ps_profile_fields; c->path; c++) {
    if (!is_child(c->path, path))
      continue;
    ps_buf_puts(b, first ? "" : ",");
    indent(b, depth + 1);
    json_str(b, strrchr(c->path, '.') ? strrchr(c->path, '.') + 1 : c->path);
    ps_buf_puts(b, ": ");
    emit(b, c, depth + 2);
    first = 0;
  }
  ps_buf_puts(b, "}");
  int any = 0;
  for (const ps_field *c = ps_profile_fields; c->path; c++)
    if (is_child(c->path, path) && c->req == PS_REQ_ALWAYS) {
      ps_buf_puts(b, any ? ", " : ",\n");
      if (!any) {
        for (int i = 0; i < depth; i++)
          ps_buf_puts(b, "  ");
        ps_buf_puts(b, "\"required\": [");
      }
      json_str(b, strrchr(c->path, '.') ? strrchr(c->path, '.') + 1 : c->path);
      any = 1;
    }
  if (any)
    ps_buf_puts(b, "]");
}

static void emit(ps_buf *b, const ps_field *f, int depth) {
  ps_buf_puts(b, "{");
  indent(b, depth);
  /* In the language of messages: procspec schema --lang ja, and the
   * descriptions the web form shows. */
  ps_buf_puts(b, "\"description\": ");
  json_str(b, ps_tr(f->help));
  ps_buf_puts(b, ",");
  indent(b, depth);
  if (f->type == PS_T_MAP) {
    object(b, f->path, depth);
  } else if (f->type == PS_T_LIST) {
    char item[256];
    snprintf(item, sizeof item, "%s[]", f->path);
    ps_buf_printf(b,
                  "\"type\": \"array\", \"minItems\": %d, \"items\": ", f->req != PS_REQ_OPTIONAL);
    const ps_field *it = field(item);
    if (it)
      emit(b, it, depth + 1);
    else
      ps_buf_puts(b, "{}");
  } else {
    scalar(b, f);
  }
  ps_buf_puts(b, "}");
}

/* Whether some field below PATH is required for class 2+. */
static int has_class2_below(const char *path) {
  size_t n = strlen(path);
  for (const ps_field *f = ps_profile_fields; f->path; f++)
    if (f->req == PS_REQ_CONF2 && (!n || (strncmp(f->path, path, n) == 0 && f->path[n] == '.')))
      return 1;
  return 0;
}

/* The "then" part for PATH: required class-2 children, and the same for
 * each child map that has class-2 fields below it. */
static void class2_then(ps_buf *b, const char *path) {
  ps_buf_puts(b, "{\"required\": [");
  int first = 1;
  for (const ps_field *f = ps_profile_fields; f->path; f++)
    if (f->req == PS_REQ_CONF2 && is_child(f->path, path)) {
      ps_buf_puts(b, first ? "" : ", ");
      json_str(b, strrchr(f->path, '.') ? strrchr(f->path, '.') + 1 : f->path);
      first = 0;
    }
  ps_buf_puts(b, "], \"properties\": {");
  first = 1;
  for (const ps_field *f = ps_profile_fields; f->path; f++)
    if (f->type == PS_T_MAP && is_child(f->path, path) && has_class2_below(f->path)) {
      ps_buf_puts(b, first ? "" : ", ");
      json_str(b, strrchr(f->path, '.') ? strrchr(f->path, '.') + 1 : f->path);
      ps_buf_puts(b, ": ");
      class2_then(b, f->path);
      first = 0;
    }
  ps_buf_puts(b, "}}");
}

/* Class 2+ profiles must carry what the criteria demand (PS_REQ_CONF2). */
static void class2_rule(ps_buf *b) {
  ps_buf_puts(b, ",\n  \"if\": {\"properties\": {\"classification\": {\"properties\": "
                 "{\"confidentiality\": {\"minimum\": 2}}}}},\n  \"then\": ");
  class2_then(b, "");
}

int ps_profile_json_schema(char **out, size_t *len) {
  ps_buf b = PS_BUF_INIT;
  ps_buf_puts(&b, "{\n  \"$schema\": \"https://json-schema.org/draft/2020-12/schema\",\n"
                  "  \"$id\": \"https://procspec.example/schemas/profile.schema.json\",\n"
                  "  \"title\": \"procspec service profile\",\n  ");
  object(&b, "", 1);
  class2_rule(&b);
  ps_buf_puts(&b, "\n}\n");
  *out = ps_buf_detach(&b, len);
  return *out ? 0 : -3;
}
