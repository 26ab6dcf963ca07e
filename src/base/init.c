#include "init.h"

#include <cmark-gfm-core-extensions.h>
#include <libxml/parser.h>
#include <pthread.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void init(void) {
  xmlInitParser();
  cmark_gfm_core_extensions_ensure_registered();
}

void ps_init_once(void) { (void)pthread_once(&once, init); }
