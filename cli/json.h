/* Minimal JSON output for the --json options. */
#ifndef PROCSPEC_CLI_JSON_H
#define PROCSPEC_CLI_JSON_H
#include <stdio.h>

/* Writes S as a JSON string literal, escaping quotes, backslashes and
 * control characters (UTF-8 passes through). NULL is written as null. */
void json_string(FILE *f, const char *s);
#endif
