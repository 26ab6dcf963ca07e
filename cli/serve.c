/* procspec serve: the guided form in the browser, on the library.
 *
 * A local HTTP server (libmicrohttpd) in this process: no shelling out to
 * the CLI, nothing written to disk. It listens on 127.0.0.1 by default;
 * every request must carry the random token printed at start (in the URL
 * for the page and its files, in the X-Procspec-Token header for the API,
 * so another web site cannot forge a request: CSRF), and a Host header
 * that names the listening address (DNS rebinding). Responses carry a
 * strict Content-Security-Policy and are never cached. The routes and the
 * API are in serve_api.c; the page's files in web/, embedded at build. */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cmd.h"
#include "mhd.h"
#include "serve.h"

void usage_serve(void) {
  fputs(_("usage: procspec serve [--listen ADDRESS:PORT] [--open] [--templates DIR]\n\n"
          "Starts the guided form in the browser: fill in a service profile step by\n"
          "step, see the findings of check while typing, preview and download the\n"
          "documents, and compare with a previous version. It runs on this computer\n"
          "only and writes nothing to disk. The first line printed is the address to\n"
          "open, with a secret token; stop the server with Ctrl-C.\n\n"
          "  --listen ADDR:PORT  where to listen (default 127.0.0.1:0, a free port);\n"
          "                      another address than 127.0.0.1 must be given\n"
          "                      explicitly and opens the form to the network\n"
          "  --open              open the address in the web browser (xdg-open)\n"
          "  --templates DIR     your own clause templates (as for generate)\n"),
        stdout);
}

static volatile sig_atomic_t stop_requested;

static void on_stop(int sig) {
  (void)sig;
  stop_requested = 1;
}

/* 32 random bytes as 64 hex digits. */
static int make_token(char out[65]) {
  unsigned char raw[32];
  size_t got = 0;
  while (got < sizeof raw) {
    ssize_t n = getrandom(raw + got, sizeof raw - got, 0);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return -1;
    got += (size_t)n;
  }
  for (size_t i = 0; i < sizeof raw; i++)
    snprintf(out + 2 * i, 3, "%02x", raw[i]);
  return 0;
}

static int parse_listen(const char *arg, struct sockaddr_in *addr) {
  char host[64];
  const char *colon = strrchr(arg, ':');
  if (!colon || (size_t)(colon - arg) >= sizeof host)
    return cli_fail(_("--listen takes ADDRESS:PORT, e.g. 127.0.0.1:8080, not '%s'"), arg);
  memcpy(host, arg, (size_t)(colon - arg));
  host[colon - arg] = '\0';
  char *end;
  long port = strtol(colon + 1, &end, 10);
  memset(addr, 0, sizeof *addr);
  addr->sin_family = AF_INET;
  if (*end || end == colon + 1 || port < 0 || port > 65535 ||
      inet_pton(AF_INET, strcmp(host, "localhost") == 0 ? "127.0.0.1" : host, &addr->sin_addr) != 1)
    return cli_fail(_("--listen takes ADDRESS:PORT, e.g. 127.0.0.1:8080, not '%s'"), arg);
  addr->sin_port = htons((uint16_t)port);
  return 0;
}

static void open_browser(const char *url) {
  pid_t pid = fork();
  if (pid == 0) {
    execlp("xdg-open", "xdg-open", url, (char *)NULL);
    _exit(127);
  }
}

int cmd_serve(int argc, char **argv) {
  const char *listen = "127.0.0.1:0", *templates = NULL;
  int open = 0, explicit_listen = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--listen") == 0 && i + 1 < argc) {
      listen = argv[++i];
      explicit_listen = 1;
    } else if (strcmp(argv[i], "--open") == 0) {
      open = 1;
    } else if (strcmp(argv[i], "--templates") == 0 && i + 1 < argc) {
      templates = argv[++i];
    } else {
      return cli_fail(
          _("unknown option '%s' for serve (or it needs a value); try 'procspec serve --help'"),
          argv[i]);
    }
  }
  (void)explicit_listen;
  /* The form is Japanese, and so are the messages it shows. */
  setenv("LANGUAGE", "ja", 1);
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  if (parse_listen(listen, &addr) != 0)
    return EXIT_TROUBLE;
  char why[256];
  if (cli_mhd_open(why, sizeof why) != 0)
    return cli_fail(_("serve needs the libmicrohttpd library, which could not be loaded (%s); "
                      "install the Debian package libmicrohttpd12"),
                    why);
  serve_state st;
  memset(&st, 0, sizeof st);
  if (make_token(st.token) != 0)
    return cli_fail(_("cannot make a random token: %s"), strerror(errno));
  ps_diags *diags = ps_diags_new();
  if (!diags || cli_load_library(&st.library, templates, diags) < 0) {
    cli_print_diags(diags);
    ps_diags_free(diags);
    return EXIT_TROUBLE;
  }
  ps_diags_free(diags);
  char shown[INET_ADDRSTRLEN];
  inet_ntop(AF_INET, &addr.sin_addr, shown, sizeof shown);
  if (addr.sin_addr.s_addr != htonl(INADDR_LOOPBACK))
    fprintf(stderr,
            _("procspec: warning: listening on %s, not 127.0.0.1: other computers on the network "
              "can reach the form (they still need the token)\n"),
            shown);
  struct MHD_Daemon *d = serve_start(&st, &addr);
  if (!d) {
    ps_library_free(st.library);
    return cli_fail(_("cannot listen on %s: %s"), listen, strerror(errno));
  }
  unsigned port = serve_port(d);
  snprintf(st.host, sizeof st.host, "%s:%u", shown, port);
  snprintf(st.host_alt, sizeof st.host_alt, "localhost:%u", port);
  char url[256];
  snprintf(url, sizeof url, "http://%s/?token=%s", st.host, st.token);
  printf("%s\n", url);
  fflush(stdout);
  if (open)
    open_browser(url);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_stop;
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  while (!stop_requested)
    sleep(1); /* a signal ends the sleep at once */
  MHD_stop_daemon(d);
  ps_library_free(st.library);
  return EXIT_OK;
}
