/* The procspec command line: one file per subcommand, a table in main.c. */
#ifndef PROCSPEC_CLI_CMD_H
#define PROCSPEC_CLI_CMD_H
#include "procspec/procspec.h"

#include <libintl.h>

/* Messages and help text are English in the source and translated through
 * gettext (po/ja.po); see cli/lang.c. */
#define _(s) dgettext("procspec", s)
#define N_(s) (s)

/* Chooses the message language (--lang, else the locale variables) and
 * binds the catalogs; removes --lang from ARGV. 0 or EXIT_TROUBLE. */
int cli_lang_setup(int *argc, char **argv);
/* "ja" or "en": the language chosen. */
const char *cli_language(void);
/* Messages from now on in LANG ("ja" or "en"), for a part of the output
 * whose language does not follow the run's (a Japanese document's pages).
 * Returns the language before, to switch back to; not thread-safe. */
const char *cli_lang_use(const char *lang);

/* Exit statuses, the same for every subcommand. */
enum { EXIT_OK = 0, EXIT_FINDINGS = 1, EXIT_TROUBLE = 2 };

typedef struct {
  const char *name;
  const char *summary;
  int (*run)(int argc, char **argv);
  void (*usage)(void);
} cli_command;

int cmd_generate(int argc, char **argv);
void usage_generate(void);
int cmd_check(int argc, char **argv);
void usage_check(void);
int cmd_coverage(int argc, char **argv);
void usage_coverage(void);
int cmd_ledger(int argc, char **argv);
void usage_ledger(void);
int cmd_schema(int argc, char **argv);
void usage_schema(void);
int cmd_diff(int argc, char **argv);
void usage_diff(void);
int cmd_clauses(int argc, char **argv);
int cmd_confirm(int argc, char **argv);
void usage_confirm(void);
int cmd_init(int argc, char **argv);
void usage_init(void);
int cmd_serve(int argc, char **argv);
void usage_serve(void);
void usage_clauses(void);

/* Prints every diagnostic as FILE:LINE:COL: severity [ref]: message. */
void cli_print_diags(const ps_diags *diags);
/* The same; in Japanese, a criteria item is followed by its summary from
 * LIBRARY's requirements.yaml ([3.1(4) 国内法以外の…]). */
void cli_print_findings(const ps_diags *diags, const ps_library *library);
/* Prints "procspec: " and a message to stderr; returns EXIT_TROUBLE. */
int cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints S left-aligned in a column of WIDTH terminal cells (wide
 * Japanese characters take two). */
void cli_pad(const char *s, int width);
/* Writes DATA to the single output file PATH: "-" (or /dev/stdout,
 * /dev/fd/N, /proc/self/fd/N) is that descriptor; a device or FIFO is
 * written in place; a regular file, or the regular file a symbolic link
 * points to, is replaced whole through the library's atomic writer;
 * anything else is refused. */
int cli_write_file(const char *path, const unsigned char *data, size_t len, ps_diags *diags);
/* Expands ARGS (profile files, or folders whose profiles, *.yaml and
 * *.yml in any case, are taken in name order) into *out (free each and the
 * array); every other entry of a folder is reported as skipped, with why.
 * Returns 0, or EXIT_TROUBLE after printing why. */
int cli_expand_profiles(char ***out, size_t *count, char *const *args, size_t nargs);
void cli_free_list(char **list, size_t count);
/* The name standard input ("-") has in messages. */
#define STDIN_NAME "<stdin>"
/* Loads a profile as ps_profile_load does; "-" reads standard input. */
int cli_load_profile(ps_profile **out, const char *path, ps_diags *diags);
/* EXIT_TROUBLE after saying so when "-" is among PATHS more than once. */
int cli_stdin_once(char *const *paths, size_t n);
/* EXIT_TROUBLE after saying so when "-" is among several PATHS. */
int cli_stdin_alone(char *const *paths, size_t n);
/* Adds an error about FILE (no line) to DIAGS; returns PS_EIO. */
int cli_diag(ps_diags *diags, const char *file, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The length of NAME's YAML extension (.yaml, .yml, in any case), or 0. */
size_t cli_yaml_ext(const char *name);
/* Prints a message (translated, values escaped) and a newline to stderr. */
void cli_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* PDF is a CLI-level format: the library writes ODT and LibreOffice
 * converts it (cli/pdf_out.c). This bit never reaches ps_generate. */
#define CLI_FMT_PDF 0x100u
/* Parses --pdf-a 1|2 and --pdf-timeout SECONDS into OPTS. */
int cli_parse_pdfa(const char *arg, ps_pdf_options *opts);
int cli_parse_pdf_timeout(const char *arg, ps_pdf_options *opts);
/* Turns a CLI_FMT_PDF request in *FORMATS into the formats the library
 * writes (ODT in its place); 0 stays 0 (all of md, docx, odt). */
void cli_pdf_request(unsigned *formats);
/* When ASKED (the user's formats) holds CLI_FMT_PDF, converts the ODT files
 * of OUT to PDF, adds them, and drops the ODT files unless odt was asked
 * too. Returns 0 or a PS_E* code with the reason in DIAGS. */
int cli_add_pdf(ps_outputs *out, unsigned asked, const ps_pdf_options *opts, ps_diags *diags);
/* The clause library: the built-in templates, overridden clause by clause
 * by $PROCSPEC_TEMPLATES and then by USER_DIR (--templates; may be NULL). */
int cli_load_library(ps_library **out, const char *user_dir, ps_diags *diags);
#endif
