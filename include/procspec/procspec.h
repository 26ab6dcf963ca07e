/* procspec: generate procurement documents for external services from a
 * service profile, following the external-service usage criteria.
 *
 * Conventions: every public name starts with ps_ or PS_; fallible functions
 * return 0 on success and a negative PS_E* code on failure, with the reason
 * appended to a caller-owned ps_diags; output parameters come first; every
 * object has a create/free pair and every free accepts NULL.
 *
 * Ownership: an object returned through an output parameter belongs to the
 * caller until it is passed to its free function. Strings and arrays that
 * a getter returns (ps_diags_get, ps_library_clause_at, ps_coverage_row_at,
 * ps_diff_at) belong to the object they came from and live as long as it.
 * Buffers returned as `unsigned char **out` or `char **out` are malloc'd and
 * the caller frees them with free(). Input strings and buffers are only
 * read during the call and copied where kept, unless said otherwise.
 *
 * Threads: the library keeps no mutable global state. Different objects
 * may be used from different threads at the same time; an object is not
 * locked, so one object is used by one thread at a time, except that a
 * loaded ps_profile, ps_library and ps_refdoc are never changed after
 * loading and may be read by many threads at once (ps_generate,
 * ps_coverage_build, ps_profile_judge, ps_ledger_build on shared inputs).
 * ps_global_cleanup is the one exception: call it when no other thread
 * uses the library.
 *
 * Option structs carry a version as their first member: initialise them
 * with the matching PS_*_OPTIONS_INIT macro, then set the members you
 * need, so that a program built against this header keeps working when a
 * later version adds members. */
#ifndef PROCSPEC_PROCSPEC_H
#define PROCSPEC_PROCSPEC_H

#include <stddef.h>

/* Marks the functions the shared library exports; everything else in it is
 * hidden. */
#if defined(_WIN32)
#define PS_EXTERN __declspec(dllexport)
#elif defined(__GNUC__)
#define PS_EXTERN __attribute__((visibility("default")))
#else
#define PS_EXTERN
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Error codes. */
enum {
  PS_OK = 0,
  PS_EINPUT = -1, /* bad input (profile, template, option) */
  PS_EIO = -2,    /* a file could not be read or written */
  PS_ENOMEM = -3, /* out of memory */
  PS_ELIMIT = -4  /* an input exceeded a configured limit */
};

typedef enum { PS_SEV_ERROR, PS_SEV_WARNING, PS_SEV_NOTE } ps_severity;

/* One diagnostic: where (file, 1-based line and column, 0 when unknown),
 * how bad, the criteria section it comes from (may be empty), and one
 * short message. */
typedef struct {
  ps_severity severity;
  const char *file;
  unsigned line;
  unsigned column;
  const char *ref;
  const char *message;
} ps_diag;

/* A caller-owned list of diagnostics. It keeps at most 1000; the ones after
 * that are counted (ps_diags_dropped), not kept. */
typedef struct ps_diags ps_diags;

/* Returns a new, empty list; free it with ps_diags_free. NULL when out of
 * memory. */
PS_EXTERN ps_diags *ps_diags_new(void);
PS_EXTERN void ps_diags_free(ps_diags *diags);
PS_EXTERN size_t ps_diags_count(const ps_diags *diags);
/* The i-th diagnostic; owned by the list. */
PS_EXTERN const ps_diag *ps_diags_get(const ps_diags *diags, size_t i);
/* Appends a copy of D to TO. Returns 0, or PS_ENOMEM. */
PS_EXTERN int ps_diags_copy(ps_diags *to, const ps_diag *d);
/* Number of diagnostics of severity PS_SEV_ERROR. */
PS_EXTERN size_t ps_diags_errors(const ps_diags *diags);
/* Number of diagnostics that were not kept because the list was full (or
 * memory ran out); 0 when the list is complete. */
PS_EXTERN size_t ps_diags_dropped(const ps_diags *diags);
/* Writes TEXT into OUT (SIZE bytes, always terminated) as every message
 * of procspec shows a value: line feed as \n, ESC as \x1b and other
 * control characters likewise, invisible characters such as U+3000 or
 * U+200B as \uXXXX(NAME). Diagnostics are already shown this way; use
 * it for messages of your own. Returns OUT. */
PS_EXTERN char *ps_escape_message(char *out, size_t size, const char *text);

/* A validated service profile. */
typedef struct ps_profile ps_profile;

/* Loads and validates the profile at PATH. On success *out owns the
 * profile (free with ps_profile_free). On failure *out is NULL and every
 * problem found is in DIAGS. */
PS_EXTERN int ps_profile_load(ps_profile **out, const char *path, ps_diags *diags);
/* Same, from a buffer; NAME is used in diagnostics. */
PS_EXTERN int ps_profile_load_buffer(ps_profile **out, const char *name, const char *data,
                                     size_t len, ps_diags *diags);
PS_EXTERN void ps_profile_free(ps_profile *profile);

/* One value that differs between two profiles: PATH is dotted, with list
 * positions 1-based in brackets (availability_targets.uptime,
 * subcontractors[2].name); each value is its display text as documents
 * print it (99.95%, 6か月, 令和8年4月1日), NULL where that side has none. */
typedef struct {
  const char *path;
  const char *old_value, *new_value;
  const char *help; /* what the key is, in English as the schema says it
                       ("uptime, e.g. 99.9%"; gettext domain procspec), or NULL */
} ps_profile_change;

/* Calls FN for each value that differs between OLD and NEW, in NEW's key
 * order (keys only OLD has follow). A list of maps is compared item by
 * item after the items equal at its start and at its end, so removing
 * one item reports that item only. The strings are valid during the
 * call. Returns 0, PS_ENOMEM, or FN's first non-zero result. */
PS_EXTERN int ps_profile_compare(const ps_profile *old_profile, const ps_profile *new_profile,
                                 int (*fn)(void *ctx, const ps_profile_change *change), void *ctx);
/* PROFILE as a JSON object, with every value in the form the loader
 * understood it (a value typed as ９９．９％ comes back as "99.9%"; whole
 * numbers and yes/no as JSON numbers and booleans). *out is malloc'd and
 * NUL-terminated. Returns 0 or PS_ENOMEM. */
PS_EXTERN int ps_profile_json(char **out, size_t *len, const ps_profile *profile);

struct ps_library;

/* Thresholds for judging a profile; NULL members take the defaults. */
typedef struct {
  unsigned version;       /* PS_CHECK_OPTIONS_VERSION */
  const char *min_uptime; /* availability class 2: weakest uptime accepted ("99.5%") */
  const char *max_rto;    /* availability class 2: longest recovery time accepted ("24h") */
  /* The clause library whose requirement items the profile's `exceptions`
   * must name; NULL: the names are not checked. */
  const struct ps_library *library;
} ps_check_options;

#define PS_CHECK_OPTIONS_VERSION 1
#define PS_CHECK_OPTIONS_INIT                                                                      \
  { PS_CHECK_OPTIONS_VERSION, NULL, NULL, NULL }

/* Judges PROFILE against the criteria. Each finding goes to DIAGS with its
 * severity, location and the criteria item it comes from. Returns the
 * number of error findings (0: the service as profiled can be approved),
 * or PS_EINPUT when an option is malformed or of an unknown version. OPTS
 * may be NULL (the defaults). */
PS_EXTERN int ps_profile_judge(const ps_profile *profile, const ps_check_options *opts,
                               ps_diags *diags);

/* The clause library: built-in templates, optionally overridden clause by
 * clause from a user's directory. */
typedef struct ps_library ps_library;

/* An in-memory file: NAME relative to a template folder, with '/' between
 * folders ("documents.yaml", "clauses/spec-purpose.md"). */
typedef struct {
  const char *name;
  const char *data;
  size_t size;
} ps_file;

/* One layer of templates: a folder on disk (DIR), or files in memory
 * (FILES, NFILES; DIR NULL). NAME labels the in-memory files in
 * diagnostics (as NAME/clauses/x.md); NULL for DIR layers. */
typedef struct {
  const char *dir;
  const ps_file *files;
  size_t nfiles;
  const char *name;
} ps_template_layer;

typedef struct {
  unsigned version; /* PS_LIBRARY_OPTIONS_VERSION */
  /* The base library: NULL for the built-in templates compiled into the
   * library, or a folder that replaces them whole. */
  const char *base_dir;
  /* Layers over the base, in order: a clause of a later layer replaces the
   * clause of the same ID below it and a new ID is added; a layer's
   * documents.yaml, requirements.yaml or ledger.yaml replaces the file
   * below it whole. Within one layer an ID may appear once. */
  const ps_template_layer *layers;
  size_t nlayers;
} ps_library_options;

#define PS_LIBRARY_OPTIONS_VERSION 1
#define PS_LIBRARY_OPTIONS_INIT                                                                    \
  { PS_LIBRARY_OPTIONS_VERSION, NULL, NULL, 0 }

/* Loads the clause library as OPTS says (NULL: the built-in templates
 * alone). Nothing of a layer is kept after the call: in-memory files are
 * copied. Free with ps_library_free. */
PS_EXTERN int ps_library_open(ps_library **out, const ps_library_options *opts, ps_diags *diags);
/* Shorthand: the base BASE_DIR (NULL: built-in), then USER_DIR (may be
 * NULL) over it. */
PS_EXTERN int ps_library_load(ps_library **out, const char *base_dir, const char *user_dir,
                              ps_diags *diags);
PS_EXTERN void ps_library_free(ps_library *library);
/* $PROCSPEC_TEMPLATES when it is set and not empty, else NULL (the built-in
 * templates); the string belongs to the environment. Kept for programs
 * written against 0.1, which passed it as BASE_DIR; the procspec command
 * uses $PROCSPEC_TEMPLATES as a layer over the built-in templates. */
PS_EXTERN const char *ps_default_template_dir(void);

/* A clause template as the library holds it; strings are owned by the
 * library. */
typedef struct {
  const char *id, *title;
  const char *file;        /* where it was read, "templates/ja/clauses/x.md" when built in */
  const char *const *refs; /* criteria items it implements */
  size_t nrefs;
  const char *const *docs; /* document kinds it belongs to */
  size_t ndocs;
  const char *chapter; /* NULL for article-numbered documents */
  long order;
  const char *when; /* its condition as written, or NULL */
  int overridden;   /* 1 when it comes from the user's folder */
} ps_clause_info;

PS_EXTERN size_t ps_library_clause_count(const ps_library *library);
/* Fills *out with the i-th clause (in load order); returns 0, or PS_EINPUT
 * when I is out of range. The strings belong to LIBRARY. */
PS_EXTERN int ps_library_clause_at(const ps_library *library, size_t i, ps_clause_info *out);

/* The document kinds LIBRARY defines (spec, compliance, annex, ...), in
 * output order; NULL when I is out of range. */
PS_EXTERN size_t ps_library_doc_count(const ps_library *library);
PS_EXTERN const char *ps_library_doc_kind(const ps_library *library, size_t i);

/* The summary (in Japanese) of the criteria item ID, e.g. "3.1(4)", as the
 * library's requirements.yaml gives it; NULL for an unknown item. The
 * string belongs to LIBRARY. */
PS_EXTERN const char *ps_library_requirement_summary(const ps_library *library, const char *id);

/* Output formats, combinable as a bit set where a function takes several
 * (unsigned formats). XLSX and CSV apply to the compliance form
 * (仕様適合確認書) only; PS_FMT_ALL is the three of every document. */
typedef enum {
  PS_FMT_MD = 1,
  PS_FMT_DOCX = 2,
  PS_FMT_ODT = 4,
  PS_FMT_XLSX = 8,
  PS_FMT_CSV = 16
} ps_format;
#define PS_FMT_ALL (PS_FMT_MD | PS_FMT_DOCX | PS_FMT_ODT)

/* A house-style document (--reference-doc): a DOCX or ODT whose fonts,
 * type sizes and page setup the generated documents take. Load it once and
 * pass it to any number of ps_generate calls, also from several threads. */
typedef struct ps_refdoc ps_refdoc;

/* Loads the reference document at PATH; its format is read from the
 * package, not the name. Free with ps_refdoc_free. */
PS_EXTERN int ps_refdoc_load(ps_refdoc **out, const char *path, ps_diags *diags);
/* Same, from a buffer (copied); NAME is used in diagnostics. */
PS_EXTERN int ps_refdoc_load_buffer(ps_refdoc **out, const char *name, const void *data, size_t len,
                                    ps_diags *diags);
/* PS_FMT_DOCX or PS_FMT_ODT. */
PS_EXTERN ps_format ps_refdoc_format(const ps_refdoc *ref);
PS_EXTERN void ps_refdoc_free(ps_refdoc *ref);

/* An in-memory output file. */
typedef struct {
  char *name; /* file name, no directory */
  unsigned char *data;
  size_t size;
} ps_output;

typedef struct {
  ps_output *files;
  size_t count;
} ps_outputs;

/* Generation options. */
typedef struct {
  unsigned version;           /* PS_GENERATE_OPTIONS_VERSION */
  const char *doc_kind;       /* NULL: every document kind that applies */
  unsigned formats;           /* PS_FMT_* bits; 0 means every format of each kind
                            (MD, DOCX, ODT; the compliance form also XLSX, CSV) */
  int no_refs;                /* 1: omit the 【3.1(1)】 line after each clause */
  const char *reference_docx; /* path of a DOCX whose fonts, sizes and page setup to use */
  const char *reference_odt;  /* the same for ODT output */
  int draft;                  /* 1: write the documents even if the profile does not meet the
                            criteria, titled （案） with a first page listing what is unmet */
  /* Already loaded reference documents (borrowed; they take precedence
   * over the paths above). Load once, use for a whole batch. */
  const ps_refdoc *docx_style;
  const ps_refdoc *odt_style;
  /* 1: the caller has just judged the profile with ps_profile_judge and
   * found no error, so ps_generate does not judge it again. */
  int judged;
  int refs;          /* where the criteria references go: PS_REFS_* (no_refs wins) */
  int note_defaults; /* 1: a note for each value taken from defaults.yaml */
} ps_generate_options;

/* Where the 【3.1(1)】 criteria references of the clauses go:
 * APPENDIX (the default, 0): a last table quoting each criteria item the
 * document relies on, its summary and the clauses implementing it;
 * INLINE: a small line after each clause, kept on the page of its text;
 * NONE. */
enum { PS_REFS_APPENDIX = 0, PS_REFS_INLINE = 1, PS_REFS_NONE = 2 };

#define PS_GENERATE_OPTIONS_VERSION 1
#define PS_GENERATE_OPTIONS_INIT                                                                   \
  { PS_GENERATE_OPTIONS_VERSION, NULL, 0, 0, NULL, NULL, 0, NULL, NULL, 0, PS_REFS_APPENDIX, 0 }

/* Generates the documents for PROFILE into memory. *out owns the files
 * (free with ps_outputs_free). Nothing is written to disk. OPTS may be
 * NULL (every applicable document, all formats). Unknown format bits, an
 * unknown document kind or an unknown options version are refused with
 * PS_EINPUT. */
PS_EXTERN int ps_generate(ps_outputs *out, const ps_profile *profile, const ps_library *library,
                          const ps_generate_options *opts, ps_diags *diags);
PS_EXTERN void ps_outputs_free(ps_outputs *outputs);

/* Writes every file of OUTPUTS into DIR, each through a temporary file,
 * fsync and rename, all or none: every target is checked first (a regular
 * file, nothing, or a symbolic link to a regular file, whose target is
 * replaced; anything else is refused), and when a rename fails the files
 * already replaced are put back. No file is written if any name is
 * unsafe. The termination signals (SIGINT, SIGTERM, SIGHUP, SIGQUIT,
 * SIGPIPE) are held back while the files are renamed. */
PS_EXTERN int ps_outputs_write(const ps_outputs *outputs, const char *dir, ps_diags *diags);

/* Removes the temporary files of the writes under way in this process.
 * Async-signal-safe: a program calls it from its SIGINT or SIGTERM
 * handler, so that an interrupted run leaves no temporary file. */
PS_EXTERN void ps_remove_temp_files(void);

/* The traceability matrix of one profile: for every requirement item of
 * the criteria that applies to it and every document that item names, the
 * clauses that implement it. */
typedef struct ps_coverage ps_coverage;

typedef struct {
  const char *requirement; /* e.g. "3.1(7)①" */
  const char *text;        /* its summary */
  const char *document;    /* e.g. "spec" */
  const char **clauses;    /* IDs of the implementing clauses */
  size_t nclauses;         /* 0: not covered */
} ps_coverage_row;

/* Builds the matrix (free with ps_coverage_free). It copies what it needs:
 * PROFILE and LIBRARY may be freed before COV. */
PS_EXTERN int ps_coverage_build(ps_coverage **out, const ps_profile *profile,
                                const ps_library *library, ps_diags *diags);
PS_EXTERN size_t ps_coverage_rows(const ps_coverage *cov);
/* The i-th row; owned by COV. */
PS_EXTERN const ps_coverage_row *ps_coverage_row_at(const ps_coverage *cov, size_t i);
/* Number of rows with no clause. */
PS_EXTERN size_t ps_coverage_uncovered(const ps_coverage *cov);
PS_EXTERN void ps_coverage_free(ps_coverage *cov);

/* Formats of the approved-services ledger. */
typedef enum {
  PS_LEDGER_CSV,
  PS_LEDGER_MD,
  PS_LEDGER_DOCX,
  PS_LEDGER_ODT,
  PS_LEDGER_XLSX /* a workbook: frozen header, autofilter, dates in the Japanese era */
} ps_ledger_format;

/* Builds the approved-services ledger (5.2(4)) in memory: one row per
 * profile, the columns of the library's ledger.yaml. CSV is UTF-8 with one
 * header row, every field quoted; BOM adds a byte-order mark for
 * spreadsheet software. XLSX holds the same cells, dates as dates shown in
 * the Japanese era. *out is malloc'd and owned by the caller; nothing is
 * written to disk (ps_write_file does that). An unknown FORMAT is refused
 * with PS_EINPUT. */
PS_EXTERN int ps_ledger_build(unsigned char **out, size_t *len, const ps_profile *const *profiles,
                              size_t count, const ps_library *library, ps_ledger_format format,
                              int bom, ps_diags *diags);
/* The former name of ps_ledger_build, which it calls. */
PS_EXTERN int ps_ledger_write(unsigned char **out, size_t *len, const ps_profile *const *profiles,
                              size_t count, const ps_library *library, ps_ledger_format format,
                              int bom, ps_diags *diags);

/* Writes LEN bytes of DATA to PATH through a temporary file, fsync and
 * rename, so an existing file is either kept or replaced whole. */
PS_EXTERN int ps_write_file(const char *path, const void *data, size_t len, ps_diags *diags);

/* The JSON Schema (draft 2020-12) of the service profile, generated from
 * the same table the loader validates with. *out is malloc'd. */
PS_EXTERN int ps_profile_json_schema(char **out, size_t *len);

/* Releases what the libraries underneath keep for the whole process
 * (libxml2's tables, cmark-gfm's extension registry). Call it once at the
 * end of a program, when no procspec function will run again. */
PS_EXTERN void ps_global_cleanup(void);

/* ---- Differences between two versions of a document ---- */

typedef enum {
  PS_CHANGE_UNCHANGED,
  PS_CHANGE_ADDED,
  PS_CHANGE_REMOVED,
  PS_CHANGE_CHANGED,
  PS_CHANGE_MOVED,        /* same text, another position */
  PS_CHANGE_MOVED_CHANGED /* another position and another text */
} ps_change_kind;

/* What happened to one stretch of a changed clause's text. */
typedef enum { PS_TEXT_EQUAL = 0, PS_TEXT_DELETED = 1, PS_TEXT_INSERTED = 2 } ps_text_op;

/* One stretch of a changed clause's text. */
typedef struct {
  ps_text_op kind;
  const char *text;
} ps_text_change;

typedef struct {
  const char *id;
  const char *title;     /* NEW's title, or OLD's for a removed clause */
  const char *old_title; /* when the title changed, else NULL */
  const char *refs;      /* criteria references, "3.1(1) 3.2①" */
  ps_change_kind kind;
  size_t old_position; /* 1-based; 0 when absent */
  size_t new_position;
  const ps_text_change *changes; /* CHANGED and MOVED_CHANGED: old text to new */
  size_t nchanges;
  /* The clause's number as each side shows it (第2の4, 第7条), NULL when
   * the clause is absent there or the document does not number clauses. */
  const char *old_number, *new_number;
  /* Each side's plain text of the body (without the references line) and
   * its references; NULL when the clause is absent there. */
  const char *old_text, *new_text;
  const char *old_refs;
} ps_clause_change;

typedef struct ps_diff ps_diff;

/* How finely a changed sentence is compared. Numbers with their unit or %,
 * dates, article numbers and ASCII words are never split. */
typedef enum {
  PS_GRANULARITY_WORD,    /* runs of one Japanese script (kanji, kana) whole */
  PS_GRANULARITY_CHAR,    /* every Japanese character on its own */
  PS_GRANULARITY_SENTENCE /* a changed sentence replaced whole */
} ps_granularity;

/* Reads one side of a comparison: a service profile (its document KIND is
 * generated with LIBRARY; KIND NULL means spec), a Markdown document
 * procspec wrote, or a DOCX or ODT procspec wrote, also one edited since
 * (known by its content; clauses found by their bookmarks, or by their
 * headings among LIBRARY's clauses; tracked changes read as accepted, with
 * a note in DIAGS; KIND NULL means the kind its properties name). LIBRARY
 * is only used during the call. */
typedef struct ps_doc_version ps_doc_version;
PS_EXTERN int ps_doc_version_load(ps_doc_version **out, const char *path, const char *kind,
                                  const ps_library *library, ps_diags *diags);
/* Same, from a buffer (copied); NAME is used in diagnostics. */
PS_EXTERN int ps_doc_version_load_buffer(ps_doc_version **out, const char *name, const char *data,
                                         size_t len, const char *kind, const ps_library *library,
                                         ps_diags *diags);
/* 1 when VERSION is a profile to which the document kind does not apply:
 * it is compared as a document without clauses (the document exists on
 * the other side only). */
PS_EXTERN int ps_doc_version_absent(const ps_doc_version *version);

/* What a version says of itself: its title block and where it came from.
 * Strings belong to the version; NULL when the document has none. */
typedef struct {
  const char *source; /* the path or name it was loaded from */
  int from_profile;   /* 1: generated from a profile; 0: procspec Markdown */
  const char *kind;   /* spec, annex, ... */
  const char *title;
  const char *version;  /* "1.0" (the title block's 第1.0版) */
  const char *date;     /* as printed: 令和8年4月1日 */
  const char *iso_date; /* 2026-04-01 */
  const char *organization;
  const char *source_type; /* "profile", "markdown", "docx" or "odt" */
} ps_doc_info;
PS_EXTERN void ps_doc_version_describe(const ps_doc_version *version, ps_doc_info *out);
PS_EXTERN void ps_doc_version_free(ps_doc_version *version);

/* Options of a comparison. */
typedef struct {
  unsigned version; /* PS_DIFF_OPTIONS_VERSION */
  ps_granularity granularity;
  int no_refs;      /* 1: the redline leaves out the 【3.1(1)】 lines, as generate --no-refs */
  int ignore_title; /* 1: the title block (title, date, organization, version)
                       and so the page header are not compared: not reported,
                       and NEW's, unmarked, in a redline */
} ps_diff_options;

#define PS_DIFF_OPTIONS_VERSION 1
#define PS_DIFF_OPTIONS_INIT                                                                       \
  { PS_DIFF_OPTIONS_VERSION, PS_GRANULARITY_WORD, 0, 0 }

/* Compares OLD and NEW clause by clause (by ID, never by position).
 * OPTIONS may be NULL for the defaults. The diff borrows from both
 * versions: free it before either of them. */
PS_EXTERN int ps_diff_build(ps_diff **out, const ps_doc_version *old_version,
                            const ps_doc_version *new_version, const ps_diff_options *options,
                            ps_diags *diags);
PS_EXTERN size_t ps_diff_count(const ps_diff *diff);
PS_EXTERN const ps_clause_change *ps_diff_at(const ps_diff *diff, size_t i);
/* Number of clauses with each kind of change (index by ps_change_kind). */
PS_EXTERN size_t ps_diff_total(const ps_diff *diff, ps_change_kind kind);

/* A line of the title block that differs (the page header shows the
 * title and the version): FIELD is "title", "date", "organization" or
 * "version"; a value is NULL when that side has none. */
typedef struct {
  const char *field;
  const char *old_value, *new_value;
} ps_title_change;

/* The title block's changed lines, title first (none with ignore_title,
 * or when the document exists on one side only). */
PS_EXTERN size_t ps_diff_title_count(const ps_diff *diff);
PS_EXTERN const ps_title_change *ps_diff_title_at(const ps_diff *diff, size_t i);
/* The document properties (docProps/core.xml, meta.xml) that differ, as
 * field ("title", "subject", "creator", "keywords", "description",
 * "version", "created": its date) with OLD's and NEW's value (NULL: none).
 * Compared where both sides say them (a profile all, procspec Markdown all
 * but the subject, a DOCX or ODT what its format holds); a property that
 * only follows its side's title block on both sides is left out (the title
 * block's change says it). A redline carries NEW's properties. */
PS_EXTERN size_t ps_diff_property_count(const ps_diff *diff);
PS_EXTERN const ps_title_change *ps_diff_property_at(const ps_diff *diff, size_t i);
/* 1 when anything differs, the title block and the properties included. */
PS_EXTERN int ps_diff_differs(const ps_diff *diff);
PS_EXTERN void ps_diff_free(ps_diff *diff);

/* Builds NEW as a DOCX or ODT in memory (FORMAT is PS_FMT_DOCX or
 * PS_FMT_ODT; anything else is refused with PS_EINPUT) whose tracked
 * changes turn it back into OLD when rejected. AUTHOR and DATE
 * (YYYY-MM-DD) label the changes. *out is malloc'd; nothing is written to
 * disk. */
PS_EXTERN int ps_diff_redline(unsigned char **out, size_t *len, const ps_diff *diff,
                              ps_format format, const char *author, const char *date,
                              ps_diags *diags);

/* Options of a redline beyond author and date. */
typedef struct {
  unsigned version;   /* PS_REDLINE_OPTIONS_VERSION */
  const char *author; /* NULL: "procspec" */
  const char *date;   /* YYYY-MM-DD, or NULL: NEW's date */
  /* Markdown (a caller's own text, escaped by the caller) put after the
   * title block on a page of its own, as plain text that is not a tracked
   * change (the change summary of procspec diff), or NULL. It stays when
   * every change is accepted or rejected. */
  const char *front_matter;
} ps_redline_options;

#define PS_REDLINE_OPTIONS_VERSION 1
#define PS_REDLINE_OPTIONS_INIT                                                                    \
  { PS_REDLINE_OPTIONS_VERSION, NULL, NULL, NULL }

/* ps_diff_redline with OPTIONS (NULL for the defaults). */
PS_EXTERN int ps_diff_redline_ex(unsigned char **out, size_t *len, const ps_diff *diff,
                                 ps_format format, const ps_redline_options *options,
                                 ps_diags *diags);

/* PDF. procspec converts its ODT documents with LibreOffice in headless
 * mode (it computes the page breaks and the table of contents' page
 * numbers, and embeds the fonts), in a private temporary folder with its
 * own LibreOffice profile, so that it works while the user has LibreOffice
 * open. The export time and file ID that LibreOffice stamps are replaced,
 * so the same input gives the same PDF. */
typedef enum {
  PS_PDF_PLAIN = 0, /* PDF 1.6 */
  PS_PDF_A1B = 1,   /* PDF/A-1: LibreOffice writes level a (tagged), which meets 1b */
  PS_PDF_A2B = 2    /* PDF/A-2b */
} ps_pdf_standard;

typedef struct {
  unsigned version;         /* PS_PDF_OPTIONS_VERSION */
  const char *soffice;      /* the program; NULL: $PROCSPEC_SOFFICE, else "soffice" on PATH */
  unsigned timeout_seconds; /* 0: 180 */
  ps_pdf_standard standard;
} ps_pdf_options;

#define PS_PDF_OPTIONS_VERSION 1
#define PS_PDF_OPTIONS_INIT                                                                        \
  { PS_PDF_OPTIONS_VERSION, NULL, 0, PS_PDF_PLAIN }

/* Converts COUNT in-memory ODT (or DOCX) files to PDF in one LibreOffice
 * run. *out receives one PDF per input, in order, named like the input
 * with ".pdf" (free with ps_outputs_free); on failure *out is empty and
 * the reason (LibreOffice missing, failed, or too slow) is in DIAGS.
 * OPTS may be NULL. Starts a process: not for a signal handler. */
PS_EXTERN int ps_pdf_convert(ps_outputs *out, const ps_output *inputs, size_t count,
                             const ps_pdf_options *opts, ps_diags *diags);

/* ---- Reading back a filled compliance form (仕様適合確認書) ---- */

typedef enum {
  PS_ANSWER_NONE,     /* left empty */
  PS_ANSWER_CONFORMS, /* 適合 */
  PS_ANSWER_PARTLY,   /* 一部適合 */
  PS_ANSWER_FAILS,    /* 不適合 */
  PS_ANSWER_INVALID   /* something else (a formula, another word) */
} ps_answer;

typedef enum {
  PS_ROW_MATCHED, /* a requirement of the specification, found in the form by its ID */
  PS_ROW_MISSING, /* a requirement of the specification the form does not have */
  PS_ROW_UNKNOWN  /* a row of the form whose ID the specification does not have */
} ps_row_state;

typedef struct {
  ps_row_state state;
  const char *id;          /* requirement ID ("" for a row without one) */
  const char *number;      /* 項番: the specification's, or the form's for UNKNOWN */
  const char *requirement; /* 要件: the specification's, or the form's for UNKNOWN */
  ps_answer answer;        /* MATCHED rows */
  const char *answer_text; /* as written in the form ("" when empty) */
  const char *explanation; /* 説明・根拠資料 as written ("" when empty) */
  const char *where; /* the row in the form: "sheet 仕様適合確認書, row 12"; "" for MISSING */
  unsigned line;     /* that row's line or sheet row, 0 for MISSING */
  int reworded;      /* MISSING paired with an UNKNOWN row of the same clause (see
                        pair): the requirement's wording changed between the versions */
  long pair;         /* reworded: the index of the other row of the pair; -1 otherwise */
  const char *form_requirement; /* 要件 as the form has it ("" for MISSING) */
  int rewritten; /* the form's 要件 is not the text its requirement ID was made from:
                    someone edited the requirement in the form */
  int conflict;  /* MATCHED, and another row of the form answers the same
                    requirement differently (see other_*) */
  const char *other_answer, *other_explanation, *other_where; /* that row; "" otherwise */
} ps_confirm_row;

typedef struct {
  const char *spec_title, *spec_version, *spec_fingerprint; /* the current specification */
  const char *form_fingerprint, *form_version; /* what the form says it was made from */
  const char *bidder, *filled_on; /* 商号又は名称 (事業者名 in earlier forms), 記入日 as written */
  int same_spec;                               /* 1 when the fingerprints agree */
  /* Every row is counted once: a conflicting row as such, else a
   * rewritten one as such, else by its state and answer. */
  size_t conforms, partly, fails, unanswered, invalid, missing, unknown;
  size_t rewritten, conflicts;
  size_t reworded, added, removed; /* other version: pairs, lone MISSING, lone UNKNOWN */
  const char *spec_kind; /* the kind of document the form is of ("spec"), for procspec diff --doc */
} ps_confirm_summary;

typedef struct ps_confirmation ps_confirmation;

/* Reads the filled form at RESPONSE_PATH (XLSX, CSV, DOCX or ODT, told
 * apart by content) and matches its rows by requirement ID to the
 * requirement statements of the specification procspec generates for
 * PROFILE with LIBRARY. Returns PS_EINPUT (with a located diagnostic) for
 * a file that cannot be read, is not a procspec compliance form, or is
 * the form of another specification (another title or organization);
 * PS_ELIMIT for one over the size limits. Free with ps_confirmation_free. */
PS_EXTERN int ps_confirm(ps_confirmation **out, const ps_profile *profile,
                         const ps_library *library, const char *response_path, ps_diags *diags);
/* Rows: every requirement of the specification in its order, then the
 * form's rows the specification does not have. Owned by C. */
PS_EXTERN size_t ps_confirmation_count(const ps_confirmation *c);
PS_EXTERN const ps_confirm_row *ps_confirmation_at(const ps_confirmation *c, size_t i);
PS_EXTERN const ps_confirm_summary *ps_confirmation_summary(const ps_confirmation *c);
/* What a row's state and answer mean, in Japanese: 適合, 不適合, 未回答,
 * 回答欄にない要件, ... (a static string). */
PS_EXTERN const char *ps_confirm_row_status(const ps_confirm_row *row);
/* 1 when the form is for this specification and every requirement is
 * answered 適合. */
PS_EXTERN int ps_confirmation_ok(const ps_confirmation *c);
/* The confirmation record (確認結果) as FORMAT (PS_FMT_MD, PS_FMT_DOCX or
 * PS_FMT_ODT), stating who confirmed (CONFIRMED_BY, may be NULL) and when
 * (DATE, YYYY-MM-DD). *out is malloc'd. */
PS_EXTERN int ps_confirmation_record(unsigned char **out, size_t *len, const ps_confirmation *c,
                                     unsigned format, const char *confirmed_by, const char *date,
                                     ps_diags *diags);
PS_EXTERN void ps_confirmation_free(ps_confirmation *c);

/* How a 新旧対照表 is laid out; all zero is the usual form. */
typedef struct {
  int old_first;      /* 改正前 | 改正後 (the old text on the left) */
  int show_unchanged; /* unchanged clauses as rows of （略）, not left out */
} ps_comparison_options;

/* Writes the 新旧対照表 of DIFF as FORMAT (PS_FMT_DOCX, PS_FMT_ODT or
 * PS_FMT_MD): the caption 「NEW's title　新旧対照表」, the note
 * （傍線部分は改正部分）, and a table 改正後 | 改正前 with a row per clause
 * that changed, its changed wording underlined on both sides and its
 * paragraphs that did not change shown as 「2　（略）」, a new clause
 * opposite （新設）, a removed one opposite （削る）; clause numbers as each
 * side has them; A4 landscape. OPTIONS may be NULL. *out is malloc'd. */
PS_EXTERN int ps_diff_comparison(unsigned char **out, size_t *len, const ps_diff *diff,
                                 unsigned format, const ps_comparison_options *options,
                                 ps_diags *diags);

/* The library version, e.g. "0.1.0"; a static string. */
PS_EXTERN const char *ps_version(void);

#ifdef __cplusplus
}
#endif
#endif
