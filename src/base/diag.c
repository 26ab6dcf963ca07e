#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "chars.h"
#include "i18n.h"

#define MAX_DIAGS 1000

struct ps_diags {
  ps_arena arena;
  ps_diag *items;
  size_t count;
  size_t cap;
  size_t dropped;
  /* The first error that could not be stored for want of memory, kept in
   * room allocated up front, so that running out of memory is never
   * silent: it follows the stored diagnostics. */
  int lost;
  ps_diag lost_diag;
  char lost_message[256];
};

ps_diags *ps_diags_new(void) {
  ps_diags *d = calloc(1, sizeof(*d));
  if (d)
    ps_arena_init(&d->arena);
  return d;
}

void ps_diags_free(ps_diags *d) {
  if (!d)
    return;
  ps_arena_free(&d->arena);
  free(d->items);
  free(d);
}

size_t ps_diags_count(const ps_diags *d) { return d ? d->count + (size_t)d->lost : 0; }

const ps_diag *ps_diags_get(const ps_diags *d, size_t i) {
  if (!d)
    return NULL;
  if (i < d->count)
    return &d->items[i];
  return i == d->count && d->lost ? &d->lost_diag : NULL;
}

size_t ps_diags_dropped(const ps_diags *d) { return d ? d->dropped : 0; }

size_t ps_diags_errors(const ps_diags *d) {
  size_t n = 0;
  for (size_t i = 0; i < ps_diags_count(d); i++)
    n += ps_diags_get(d, i)->severity == PS_SEV_ERROR;
  return n;
}

/* TEXT as every message shows it (see ps_escape_append), in ARENA: no
 * value quoted in a message can break its line or reach the terminal as
 * a control sequence, whatever the caller formatted into it. */
static const char *shown(ps_arena *arena, const char *text) {
  ps_buf b = PS_BUF_INIT;
  ps_escape_append(&b, text, strlen(text));
  const char *copy = b.failed ? NULL : ps_arena_strndup(arena, b.ptr ? b.ptr : "", b.len);
  ps_buf_free(&b);
  return copy;
}

/* Keeps MSG (cut to fit) as the diagnostic that could not be stored;
 * returns 0 when the one place is taken (or MSG is not an error). */
static int keep_lost(ps_diags *d, ps_severity sev, const char *msg) {
  if (d->lost || sev != PS_SEV_ERROR)
    return 0;
  size_t n = strlen(msg);
  if (n >= sizeof d->lost_message) { /* cut at a character boundary */
    n = sizeof d->lost_message - 1;
    while (n && ((unsigned char)msg[n] & 0xc0) == 0x80)
      n--;
  }
  for (size_t i = 0; i < n; i++) /* no room to quote: control characters go */
    d->lost_message[i] = (unsigned char)msg[i] < 0x20 || msg[i] == 0x7f ? '?' : msg[i];
  d->lost_message[n] = '\0';
  d->lost_diag = (ps_diag){sev, NULL, 0, 0, NULL, d->lost_message};
  d->lost = 1;
  return 1;
}

int ps_diag_add(ps_diags *d, int code, ps_severity sev, const char *file, unsigned line,
                unsigned col, const char *ref, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  code = ps_diag_vadd(d, code, sev, file, line, col, ref, fmt, ap);
  va_end(ap);
  return code;
}

int ps_diag_vadd(ps_diags *d, int code, ps_severity sev, const char *file, unsigned line,
                 unsigned col, const char *ref, const char *fmt, va_list ap) {
  if (!d)
    return code;
  if (d->count >= MAX_DIAGS) {
    d->dropped++;
    return code;
  }
  char msg[1024];
  vsnprintf(msg, sizeof msg, ps_tr(fmt), ap);
  ps_diag *items = ps_grow(d->items, &d->cap, d->count, sizeof *items);
  if (!items) {
    if (!keep_lost(d, sev, msg))
      d->dropped++;
    return code;
  }
  d->items = items;
  ps_diag *g = &d->items[d->count];
  g->severity = sev;
  g->file = file ? shown(&d->arena, file) : NULL;
  g->line = line;
  g->column = col;
  g->ref = ref ? ps_arena_strdup(&d->arena, ref) : NULL;
  g->message = shown(&d->arena, msg);
  if (!g->message || (file && !g->file) || (ref && !g->ref)) {
    if (!keep_lost(d, sev, msg))
      d->dropped++;
    return code;
  }
  d->count++;
  return code;
}

int ps_diag_fail(ps_diags *d, size_t errors_before, int rc, const char *doing) {
  if (rc >= 0 || ps_diags_errors(d) > errors_before)
    return rc;
  /* DOING is a message of its own (xgettext: ps_diag_fail:4). */
  if (rc == PS_ENOMEM)
    return ps_error_at(d, rc, NULL, 0, 0,
                       "out of memory while %s; close other programs or "
                       "process fewer files at once",
                       ps_tr(doing));
  return ps_error_at(d, rc, NULL, 0, 0, "%s failed: %s", ps_tr(doing),
                     rc == PS_ELIMIT ? _("an input exceeded a size limit")
                                     : _("an unexpected error"));
}

int ps_diags_copy(ps_diags *to, const ps_diag *d) {
  size_t before = ps_diags_count(to);
  ps_diag_add(to, PS_ENOMEM, d->severity, d->file, d->line, d->column, d->ref, "%s", d->message);
  return ps_diags_count(to) > before ? 0 : PS_ENOMEM;
}
