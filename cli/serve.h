/* procspec serve: shared state of the server and its API (serve_api.c). */
#ifndef PROCSPEC_CLI_SERVE_H
#define PROCSPEC_CLI_SERVE_H
#include <netinet/in.h>

#include "procspec/procspec.h"

typedef struct {
  ps_library *library; /* loaded once; only read by the requests */
  char token[65];      /* 64 hex digits */
  char host[80];       /* what the Host header must say: ADDRESS:PORT */
  char host_alt[80];   /* or localhost:PORT */
} serve_state;

struct MHD_Daemon;
/* Starts the HTTP daemon on ADDR (threads of its own); NULL with errno set. */
struct MHD_Daemon *serve_start(serve_state *st, const struct sockaddr_in *addr);
/* The port the daemon listens on (the one the system chose for port 0). */
unsigned serve_port(struct MHD_Daemon *d);

/* One embedded file of the page (web/), generated at build time. */
typedef struct {
  const char *path; /* "/app.js" */
  const char *type; /* its Content-Type */
  const unsigned char *data;
  size_t size;
} serve_asset;
extern const serve_asset serve_assets[];
extern const size_t serve_nassets;
#endif
