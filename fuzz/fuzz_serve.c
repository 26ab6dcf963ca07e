/* libFuzzer target: procspec serve's HTTP API. The server runs in this
 * process on 127.0.0.1; each input becomes one HTTP request with the right
 * Host and token, so the fuzzer reaches the handlers: the first byte picks
 * the route (check, profile, generate, preview, diff, or a raw request of
 * its own), the rest is the body (for diff, two form fields split at the
 * first NUL). The request must get a whole HTTP response, and the server
 * must keep answering. */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cmd.h"
#include "serve.h"

/* serve_api.c and pdf_out.c report usage errors through the CLI's
 * cli_fail; the fuzzer has no CLI. */
int cli_fail(const char *fmt, ...) {
  (void)fmt;
  return EXIT_TROUBLE;
}

static serve_state st;
static unsigned port;

static int start(void) {
  static int started;
  if (started)
    return port ? 0 : -1;
  started = 1;
  ps_diags *diags = ps_diags_new();
  if (ps_library_load(&st.library, ps_default_template_dir(), NULL, diags) != 0) {
    ps_diags_free(diags);
    return -1;
  }
  ps_diags_free(diags);
  snprintf(st.token, sizeof st.token, "%064d", 7);
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  struct MHD_Daemon *d = serve_start(&st, &addr);
  if (!d)
    return -1;
  port = serve_port(d);
  snprintf(st.host, sizeof st.host, "127.0.0.1:%u", port);
  snprintf(st.host_alt, sizeof st.host_alt, "localhost:%u", port);
  return 0;
}

/* Sends REQ and reads the answer to its end; aborts if none comes. */
static void exchange(const char *req, size_t len) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_port = htons((uint16_t)port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0)
    abort(); /* the server stopped answering */
  for (size_t off = 0; off < len;) {
    ssize_t n = write(fd, req + off, len - off);
    if (n <= 0)
      break;
    off += (size_t)n;
  }
  shutdown(fd, SHUT_WR);
  char buf[65536];
  while (read(fd, buf, sizeof buf) > 0) {
  }
  close(fd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (start() != 0 || size == 0)
    return 0;
  static const char *const paths[] = {"/api/check",
                                      "/api/profile",
                                      "/api/generate?doc=all&format=all",
                                      "/api/preview?doc=spec",
                                      "/api/diff?doc=spec",
                                      "/api/generate?doc=annex&format=docx"};
  unsigned route = data[0] % 8;
  const char *body = (const char *)data + 1;
  size_t blen = size - 1;
  size_t cap = blen * 2 + 1024;
  char *req = malloc(cap);
  if (!req)
    return 0;
  size_t n;
  if (route >= 6) { /* a raw request: our headers, then whatever the input says */
    n = (size_t)snprintf(req, 1024, "GET /%s HTTP/1.0\r\nHost: %s\r\nX-Procspec-Token: %s\r\n",
                         route == 6 ? "?token=0" : "api/schema", st.host, st.token);
    memcpy(req + n, body, blen);
    n += blen;
  } else if (route == 4) {
    const char *nul = memchr(body, 0, blen);
    size_t old_len = nul ? (size_t)(nul - body) : blen;
    const char *new_part = nul ? nul + 1 : "";
    size_t new_len = nul ? blen - old_len - 1 : 0;
    char head[512];
    static const char b[] = "fuzzboundary";
    int part1 = snprintf(head, sizeof head,
                         "--%s\r\nContent-Disposition: form-data; name=\"old\"\r\n\r\n", b);
    size_t total = (size_t)part1 + old_len + 2 + strlen(b) + 4 +
                   strlen("\r\nContent-Disposition: form-data; name=\"new\"\r\n\r\n") + new_len +
                   2 + strlen(b) + 6;
    n = (size_t)snprintf(
        req, 1024,
        "POST %s HTTP/1.0\r\nHost: %s\r\nX-Procspec-Token: %s\r\n"
        "Content-Type: multipart/form-data; boundary=%s\r\nContent-Length: %zu\r\n\r\n%s",
        paths[route], st.host, st.token, b, total, head);
    memcpy(req + n, body, old_len);
    n += old_len;
    n += (size_t)snprintf(req + n, cap - n,
                          "\r\n--%s\r\nContent-Disposition: form-data; name=\"new\"\r\n\r\n", b);
    memcpy(req + n, new_part, new_len);
    n += new_len;
    n += (size_t)snprintf(req + n, cap - n, "\r\n--%s--\r\n", b);
  } else {
    n = (size_t)snprintf(req, 1024,
                         "POST %s HTTP/1.0\r\nHost: %s\r\nX-Procspec-Token: %s\r\n"
                         "Content-Type: application/yaml\r\nContent-Length: %zu\r\n\r\n",
                         paths[route], st.host, st.token, blen);
    memcpy(req + n, body, blen);
    n += blen;
  }
  exchange(req, n);
  free(req);
  return 0;
}
