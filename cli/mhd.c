#define CLI_MHD_IMPLEMENTATION
#include "mhd.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#ifndef PROCSPEC_MHD_SONAME
#define PROCSPEC_MHD_SONAME "libmicrohttpd.so.12" /* Debian 12's libmicrohttpd12 */
#endif

cli_mhd_table cli_mhd;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static void *library; /* stays open until the process ends */

static int load(char *why, size_t n) {
  void *h = dlopen(PROCSPEC_MHD_SONAME, RTLD_NOW | RTLD_LOCAL);
  if (!h) {
    snprintf(why, n, "%s", dlerror());
    return -1;
  }
  cli_mhd_table t;
  void *sym;
  /* memcpy: ISO C has no conversion from dlsym's void * to a function pointer. */
#define CLI_MHD_LOAD(f)                                                                            \
  if (!(sym = dlsym(h, #f))) {                                                                     \
    snprintf(why, n, "%s", dlerror());                                                             \
    dlclose(h);                                                                                    \
    return -1;                                                                                     \
  }                                                                                                \
  memcpy(&t.p_##f, &sym, sizeof sym);
  CLI_MHD_FUNCTIONS(CLI_MHD_LOAD)
#undef CLI_MHD_LOAD
  cli_mhd = t;
  library = h;
  return 0;
}

int cli_mhd_open(char *why, size_t n) {
  pthread_mutex_lock(&lock);
  int rc = library ? 0 : load(why, n);
  pthread_mutex_unlock(&lock);
  return rc;
}
