#include <stdio.h>
#include <string.h>

#include "cmd.h"

void usage_check(void) {
  printf("usage: procspec check PROFILE...\n\n"
         "Validates each service profile and prints every problem as\n"
         "FILE:LINE:COL: error: message. Exit 0 when all are valid, 2 otherwise.\n");
}

int cmd_check(int argc, char **argv) {
  if (argc < 2)
    return cli_fail("check needs a profile; try 'procspec check --help'");
  int status = EXIT_OK;
  for (int i = 1; i < argc; i++) {
    if (argv[i][0] == '-' && argv[i][1])
      return cli_fail("unknown option '%s' for check", argv[i]);
    ps_diags *diags = ps_diags_new();
    if (!diags)
      return cli_fail("out of memory");
    ps_profile *profile = NULL;
    if (ps_profile_load(&profile, argv[i], diags) < 0)
      status = EXIT_TROUBLE;
    cli_print_diags(diags);
    if (profile)
      printf("%s: ok\n", argv[i]);
    ps_profile_free(profile);
    ps_diags_free(diags);
  }
  return status;
}
