#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"

void usage_schema(void) {
  printf(_("usage: procspec schema\n\n"
           "Prints the JSON Schema of the service profile (also installed as\n"
           "schemas/profile.schema.json) for YAML editors that validate and complete.\n"));
}

int cmd_schema(int argc, char **argv) {
  (void)argv;
  if (argc > 1)
    return cli_fail("schema takes no arguments");
  char *json;
  size_t len;
  if (ps_profile_json_schema(&json, &len) < 0)
    return cli_fail("out of memory");
  int ok = fwrite(json, 1, len, stdout) == len;
  free(json);
  return ok ? EXIT_OK : EXIT_TROUBLE;
}
