/* Allocation-failure test, as curl's test suite does it: run a whole
 * generate (template library, profile, every document kind in every
 * format, in memory), a diff of two versions of the annex (redlines as
 * DOCX and ODT, the 新旧対照表) and the redlines of a moved clause, and
 * make the Nth allocation fail, for each N in turn,
 * and pass only if every run either fails with an error message or, when
 * the failure was absorbed, produces exactly the bytes of a run without
 * failures; and, in a sanitizer build, leaks nothing.
 *
 * The allocations counted are every malloc, calloc, realloc and strdup of
 * procspec's own code (the executable is linked with -Wl,--wrap for
 * them), of cmark-gfm (through procspec's cmark_mem, which calls them),
 * and of libxml2 (given them with xmlMemSetup). libyaml and libzip offer
 * no allocator hook, and their internal allocations are not failed.
 *
 * A full run makes tens of thousands of allocations, too many to fail
 * each in CI. A first run records, for each allocation, its call site:
 * the four return addresses above the allocator. The runs then fail the
 * first allocation of every distinct call site (so every place that
 * allocates fails at least once), plus evenly spaced ones up to
 * PS_ALLOCFAIL_MAX runs in all (default 500); PS_ALLOCFAIL_ALL=1 fails
 * every single one (about 140,000 runs: more than an hour);
 * PS_ALLOCFAIL_MATCH=NAME fails every allocation whose call stack passes
 * through a function whose name contains NAME (xmlNewTextWriterMemory,
 * ps_diff_build), to look at one part exhaustively; PS_ALLOCFAIL_FROM=N
 * skips the allocations before the Nth, to go back to a run that
 * misbehaved; PS_ALLOCFAIL_PART=move runs only the redlines of two
 * Markdown versions of an article that moved (unit.allocfail-markdown
 * fails each of its allocations). A run stops after 20 runs that
 * misbehaved.
 * In a sanitizer build each run ends with a leak check.
 *
 * usage: allocfail SOURCE_DIR */
#include <execinfo.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlerror.h>
#include <libxml/xmlmemory.h>

#include "procspec/procspec.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PS_LSAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define PS_LSAN 1
#endif
#ifdef PS_LSAN
#include <sanitizer/lsan_interface.h>

/* libxml2 2.9.14 leaks an element's stack entry when the list push in
 * xmlTextWriterStartElement fails for want of memory (its result is not
 * checked); an upstream fault procspec cannot mend. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void) { return "leak:xmlTextWriterStartElement\n"; }
const char *__lsan_default_options(void);
const char *__lsan_default_options(void) { return "print_suppressions=0"; }
#endif

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);

static int armed;        /* count (and fail) allocations now */
static long counter;     /* allocations since armed */
static long fail_at;     /* the one to fail; 0: none */
static uintptr_t *sites; /* recording run: the site of each allocation */
static long nsites, capsites;
static const char *match;   /* PS_ALLOCFAIL_MATCH */
static char *matched;       /* recording run: 1 where the stack matched */
static void *failed_at[12]; /* the stack of the allocation failed */
static int nfailed_at;

/* The call site of an allocation: four return addresses above the
 * wrapper (site_key, should_fail and the wrapper are never inlined, so
 * they are frames 0 to 2). */
__attribute__((noinline)) static uintptr_t site_key(void) {
  void *frames[7];
  int n = backtrace(frames, 7);
  uintptr_t key = 0;
  for (int i = 3; i < n; i++)
    key = key * 1000003u ^ (uintptr_t)frames[i];
  return key;
}

/* 1 when a function of the current call stack has MATCH in its name
 * (backtrace_symbols allocates: disarmed meanwhile). */
__attribute__((noinline)) static int stack_matches(void) {
  void *frames[40];
  int n = backtrace(frames, 40);
  int saved = armed, found = 0;
  armed = 0;
  char **names = backtrace_symbols(frames, n);
  for (int i = 3; names && i < n && !found; i++)
    found = strstr(names[i], match) != NULL;
  free(names);
  armed = saved;
  return found;
}

__attribute__((noinline)) static int should_fail(void) {
  if (!armed)
    return 0;
  counter++;
  if (sites) {
    if (nsites == capsites) {
      capsites = capsites ? capsites * 2 : 65536;
      uintptr_t *grown = __real_realloc(sites, (size_t)capsites * sizeof *sites);
      if (!grown)
        abort();
      sites = grown;
    }
    if (match) {
      char *grown = __real_realloc(matched, (size_t)capsites);
      if (!grown)
        abort();
      matched = grown;
      matched[nsites] = (char)stack_matches();
    }
    sites[nsites++] = site_key();
  }
  if (counter != fail_at)
    return 0;
  nfailed_at = backtrace(failed_at, 12);
  return 1;
}

__attribute__((noinline)) void *__wrap_malloc(size_t n) {
  return should_fail() ? NULL : __real_malloc(n);
}
__attribute__((noinline)) void *__wrap_calloc(size_t n, size_t size) {
  return should_fail() ? NULL : __real_calloc(n, size);
}
__attribute__((noinline)) void *__wrap_realloc(void *p, size_t n) {
  return should_fail() ? NULL : __real_realloc(p, n);
}
__attribute__((noinline)) char *__wrap_strdup(const char *s) {
  return should_fail() ? NULL : __real_strdup(s);
}

static void *xml_malloc(size_t n) { return __wrap_malloc(n); }
static void *xml_realloc(void *p, size_t n) { return __wrap_realloc(p, n); }
static char *xml_strdup(const char *s) { return __wrap_strdup(s); }
static void xml_free(void *p) { free(p); }

static void quiet(void *ctx, const char *fmt, ...) {
  (void)ctx;
  (void)fmt;
}

typedef struct {
  ps_outputs out;
  int rc;
  /* redline DOCX, redline ODT, 新旧対照表 DOCX; the redlines of a move */
  unsigned char *diffs[5];
  size_t ndiffs[5];
} result;

static void result_free(result *r) {
  ps_outputs_free(&r->out);
  for (int i = 0; i < 5; i++)
    free(r->diffs[i]);
}

/* Reads FILE of the source tree into a new string; aborts on failure
 * (before anything is counted). */
static char *slurp(const char *src, const char *file, size_t *len) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", src, file);
  FILE *f = fopen(path, "rb");
  if (!f)
    abort();
  char *data = __real_malloc(1 << 20);
  if (!data)
    abort();
  *len = fread(data, 1, (1 << 20) - 1, f);
  data[*len] = '\0';
  fclose(f);
  return data;
}

/* TEXT with the first FROM replaced by TO (a new string). */
static char *edited(const char *text, const char *from, const char *to) {
  const char *at = strstr(text, from);
  if (!at)
    abort();
  size_t n = strlen(text) + strlen(to) + 1;
  char *out = __real_malloc(n);
  if (!out)
    abort();
  snprintf(out, n, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
  return out;
}

static char *old_profile, *new_profile;

/* The diff of the annex between OLD_PROFILE and NEW_PROFILE (uptime,
 * RTO and a subcontractor's name changed), as redlines and a 新旧対照表. */
static int run_diff(result *r, const ps_library *lib, ps_diags *diags) {
  ps_doc_version *a = NULL, *b = NULL;
  ps_diff *diff = NULL;
  int rc = ps_doc_version_load_buffer(&a, "old.yaml", old_profile, strlen(old_profile), "annex",
                                      lib, diags);
  if (rc == 0)
    rc = ps_doc_version_load_buffer(&b, "new.yaml", new_profile, strlen(new_profile), "annex", lib,
                                    diags);
  if (rc == 0)
    rc = ps_diff_build(&diff, a, b, NULL, diags);
  if (rc == 0)
    rc = ps_diff_redline(&r->diffs[0], &r->ndiffs[0], diff, PS_FMT_DOCX, "procspec", "2026-04-01",
                         diags);
  if (rc == 0)
    rc = ps_diff_redline(&r->diffs[1], &r->ndiffs[1], diff, PS_FMT_ODT, "procspec", "2026-04-01",
                         diags);
  if (rc == 0)
    rc = ps_diff_comparison(&r->diffs[2], &r->ndiffs[2], diff, PS_FMT_DOCX, NULL, diags);
  ps_diff_free(diff);
  ps_doc_version_free(b);
  ps_doc_version_free(a);
  return rc;
}

/* Two versions of a small annex in procspec Markdown: the first article
 * moved to the end and edited (issue 14, defect 7). */
static const char moved_old[] =
    "<!-- procspec:document kind=\"annex\" -->\n\n# 特記事項\n\n乙訓福祉施設事務組合\n\n"
    "<!-- procspec:clause id=\"art-a\" refs=\"3.2①\" -->\n\n## "
    "第1条（期限）\n\n期限は10日とする。\n\n"
    "| 項目 | 期限 |\n| --- | --- |\n| 報告 | 10日 |\n\n"
    "<!-- procspec:clause id=\"art-b\" refs=\"3.2①\" -->\n\n## 第2条（報告）\n\n乙は報告する。\n";
static const char moved_new[] =
    "<!-- procspec:document kind=\"annex\" -->\n\n# 特記事項\n\n乙訓福祉施設事務組合\n\n"
    "<!-- procspec:clause id=\"art-b\" refs=\"3.2①\" -->\n\n## 第1条（報告）\n\n乙は報告する。\n\n"
    "<!-- procspec:clause id=\"art-a\" refs=\"3.2①\" -->\n\n## "
    "第2条（期限）\n\n期限は14日とする。\n\n"
    "| 項目 | 期限 |\n| --- | --- |\n| 報告 | 14日 |\n| 通知 | 3日 |\n";

/* The redlines of MOVED_OLD and MOVED_NEW. */
static int run_move(result *r, const ps_library *lib, ps_diags *diags) {
  ps_doc_version *a = NULL, *b = NULL;
  ps_diff *diff = NULL;
  int rc =
      ps_doc_version_load_buffer(&a, "old.md", moved_old, strlen(moved_old), "annex", lib, diags);
  if (rc == 0)
    rc =
        ps_doc_version_load_buffer(&b, "new.md", moved_new, strlen(moved_new), "annex", lib, diags);
  if (rc == 0)
    rc = ps_diff_build(&diff, a, b, NULL, diags);
  if (rc == 0 && ps_diff_total(diff, PS_CHANGE_MOVED_CHANGED) != 1)
    abort(); /* the pair no longer holds a move */
  for (int i = 0; i < 2 && rc == 0; i++)
    rc = ps_diff_redline(&r->diffs[3 + i], &r->ndiffs[3 + i], diff, i ? PS_FMT_ODT : PS_FMT_DOCX,
                         "procspec", "2026-04-01", diags);
  ps_diff_free(diff);
  ps_doc_version_free(b);
  ps_doc_version_free(a);
  return rc;
}

/* PS_ALLOCFAIL_PART=move: only the redlines of the moved article (reading
 * procspec Markdown, the diff, DOCX and ODT), with a library loaded once,
 * not counted: few enough allocations to fail every one in a test. */
static int move_only;
static ps_library *move_lib;

/* One whole generate; the library, profile and outputs are freed. */
static result run(const char *src, ps_diags *diags) {
  char templates[4096], profile[4096];
  snprintf(templates, sizeof templates, "%s/templates/ja", src);
  snprintf(profile, sizeof profile, "%s/samples/e-application.yaml", src);
  result r = {{NULL, 0}, 0, {NULL, NULL, NULL, NULL, NULL}, {0, 0, 0, 0, 0}};
  if (move_only) {
    if (!move_lib && ps_library_load(&move_lib, templates, NULL, diags) != 0)
      abort();
    armed = 1;
    r.rc = run_move(&r, move_lib, diags);
    armed = 0;
    return r;
  }
  ps_library *lib = NULL;
  ps_profile *p = NULL;
  armed = 1;
  r.rc = ps_library_load(&lib, templates, NULL, diags);
  if (r.rc == 0)
    r.rc = ps_profile_load(&p, profile, diags);
  if (r.rc == 0) {
    ps_generate_options opts = PS_GENERATE_OPTIONS_INIT;
    opts.formats = PS_FMT_MD | PS_FMT_DOCX | PS_FMT_ODT;
    r.rc = ps_generate(&r.out, p, lib, &opts, diags);
  }
  if (r.rc == 0)
    r.rc = run_diff(&r, lib, diags);
  if (r.rc == 0)
    r.rc = run_move(&r, lib, diags);
  armed = 0;
  ps_profile_free(p);
  ps_library_free(lib);
  return r;
}

static int same_outputs(const result *ra, const result *rb) {
  const ps_outputs *a = &ra->out, *b = &rb->out;
  for (int i = 0; i < 5; i++)
    if (ra->ndiffs[i] != rb->ndiffs[i] ||
        (ra->ndiffs[i] && memcmp(ra->diffs[i], rb->diffs[i], ra->ndiffs[i]) != 0))
      return 0;
  if (a->count != b->count)
    return 0;
  for (size_t i = 0; i < a->count; i++)
    if (strcmp(a->files[i].name, b->files[i].name) != 0 || a->files[i].size != b->files[i].size ||
        memcmp(a->files[i].data, b->files[i].data, a->files[i].size) != 0)
      return 0;
  return 1;
}

/* Fails allocation N; returns 0 when the run behaved. */
static int check_one(const char *src, long n, const result *reference) {
  ps_diags *d = ps_diags_new();
  if (!d)
    abort();
  counter = 0;
  fail_at = n;
  result r = run(src, d);
  fail_at = 0;
  int bad = 0;
  if (r.rc < 0) {
    const ps_diag *first = ps_diags_get(d, 0);
    if (!ps_diags_errors(d) || !first || !first->message[0]) {
      fprintf(stderr, "allocation %ld: failed (%d) without a message\n", n, r.rc);
      bad = 1;
    }
  } else if (!same_outputs(&r, reference)) {
    fprintf(stderr, "allocation %ld: the failure was absorbed, but the output differs\n", n);
    bad = 1;
  }
  result_free(&r);
  ps_diags_free(d);
#ifdef PS_LSAN
  if (__lsan_do_recoverable_leak_check()) {
    fprintf(stderr, "allocation %ld: memory leaked (see above)\n", n);
    bad = 1;
  }
#endif
  if (bad) {
    fprintf(stderr, "  the allocation failed was made at:\n");
    backtrace_symbols_fd(failed_at + 2, nfailed_at - 2, 2);
  }
  return bad;
}

static int cmp_long(const void *a, const void *b) {
  long x = *(const long *)a, y = *(const long *)b;
  return (x > y) - (x < y);
}

typedef struct {
  uintptr_t key;
  long index;
} site;

static int cmp_site(const void *a, const void *b) {
  const site *x = a, *y = b;
  if (x->key != y->key)
    return x->key < y->key ? -1 : 1;
  return (x->index > y->index) - (x->index < y->index);
}

/* The allocations to fail (1-based): the first of each call site, then
 * evenly spaced ones up to MAX in all. */
static long *choose(const uintptr_t *keys, long total, long max, long *count) {
  long *picked = __real_malloc((size_t)(total + max + 1) * sizeof *picked);
  char *taken = __real_calloc((size_t)total + 1, 1);
  site *all = __real_malloc((size_t)(total + 1) * sizeof *all);
  if (!picked || !taken || !all)
    abort();
  for (long i = 0; i < total; i++)
    all[i] = (site){keys[i], i + 1};
  qsort(all, (size_t)total, sizeof *all, cmp_site);
  long n = 0;
  for (long i = 0; i < total; i++)
    if (i == 0 || all[i].key != all[i - 1].key) {
      picked[n++] = all[i].index;
      taken[all[i].index] = 1;
    }
  long distinct = n, room = max > n ? max - n : 0;
  for (long k = 0; k < room; k++) {
    long i = 1 + (long)((double)k * (double)total / (double)room);
    if (i <= total && !taken[i]) {
      taken[i] = 1;
      picked[n++] = i;
    }
  }
  qsort(picked, (size_t)n, sizeof *picked, cmp_long);
  fprintf(stderr, "allocfail: %ld allocations from %ld call sites; failing %ld of them\n", total,
          distinct, n);
  free(all);
  free(taken);
  *count = n;
  return picked;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: allocfail SOURCE_DIR\n");
    return 2;
  }
  const char *src = argv[1];
  void *warm[2];
  backtrace(warm, 2); /* loads the unwinder now, not inside a counted run */
  xmlMemSetup(xml_free, xml_malloc, xml_realloc, xml_strdup);
  xmlSetGenericErrorFunc(NULL, quiet); /* libxml2 prints its own out-of-memory reports */
  /* A reference run, recording the call sites. */
  size_t len;
  char *profile = slurp(src, "samples/e-application.yaml", &len);
  old_profile = profile;
  char *step = edited(profile, "uptime: 99.5%", "uptime: 99.95%");
  new_profile = edited(step, "rto: 3h", "rto: 2h");
  free(step);
  const char *part = getenv("PS_ALLOCFAIL_PART");
  move_only = part && strcmp(part, "move") == 0;
  match = getenv("PS_ALLOCFAIL_MATCH");
  if (match && !*match)
    match = NULL;
  ps_diags *d = ps_diags_new();
  sites = __real_malloc(sizeof *sites);
  capsites = 1;
  result ref = run(src, d);
  if (ref.rc != 0) {
    fprintf(stderr, "allocfail: the reference run failed: %s\n",
            ps_diags_count(d) ? ps_diags_get(d, 0)->message : "(no message)");
    return 1;
  }
  ps_diags_free(d);
  long total = counter;
  uintptr_t *recorded = sites;
  sites = NULL;
  const char *all = getenv("PS_ALLOCFAIL_ALL"), *max_env = getenv("PS_ALLOCFAIL_MAX");
  long max = all && *all == '1' ? total : max_env ? strtol(max_env, NULL, 10) : 500;
  long count = 0;
  long *picked;
  if (match) {
    if (!(picked = __real_malloc((size_t)(total + 1) * sizeof *picked)))
      abort();
    for (long i = 0; i < total; i++)
      if (matched[i])
        picked[count++] = i + 1;
    fprintf(stderr, "allocfail: %ld of %ld allocations pass through %s\n", count, total, match);
    free(matched);
  } else {
    picked = choose(recorded, total, max, &count);
  }
  free(recorded);
  const char *from_env = getenv("PS_ALLOCFAIL_FROM");
  long from = from_env ? strtol(from_env, NULL, 10) : 0;
  int failures = 0;
  for (long i = 0; i < count && failures < 20; i++)
    if (picked[i] >= from)
      failures += check_one(src, picked[i], &ref);
  free(picked);
  ps_library_free(move_lib);
  result_free(&ref);
  free(old_profile);
  free(new_profile);
  ps_global_cleanup();
  if (failures) {
    fprintf(stderr, "allocfail: %d run(s) misbehaved\n", failures);
    return 1;
  }
  fprintf(stderr, "allocfail: every failed allocation was reported or absorbed\n");
  return 0;
}
