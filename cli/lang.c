/* The language of messages and help: Japanese or English.
 *
 * --lang ja|en decides; otherwise the first entry of the LANGUAGE list
 * that is Japanese or English (fr:ja is Japanese), else the first of
 * LC_ALL, LC_MESSAGES and LANG that is set, Japanese for ja*. The choice does not
 * depend on the Japanese locale being installed (many servers have only
 * C.UTF-8): gettext is told the language through LANGUAGE, with
 * LC_MESSAGES set to C.UTF-8 where the locale itself cannot be had (glibc
 * ignores LANGUAGE in the plain C locale). Numbers are never read by the
 * locale: LC_NUMERIC stays C. The catalogs are found beside the program
 * (build tree: locale/; installed: ../share/locale), as the templates are. */
#define _POSIX_C_SOURCE 200809L
#include <libintl.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"

/* "ja" or "en" for a locale name or LANGUAGE entry of that language
 * (ja, ja_JP, ja_JP.UTF-8, ja@...), else NULL. */
static const char *language_of(const char *name, size_t len) {
  static const char *const known[] = {"ja", "en"};
  for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
    if (len >= 2 && strncmp(name, known[i], 2) == 0 &&
        (len == 2 || name[2] == '_' || name[2] == '.' || name[2] == '@'))
      return known[i];
  return NULL;
}

static const char *env_language(void) {
  /* LANGUAGE is a list of preferences (fr:ja): as GNU gettext does, the
   * first entry procspec speaks wins; a list of none of them is English,
   * the language of the messages without a catalog. */
  const char *list = getenv("LANGUAGE");
  if (list && *list) {
    for (const char *p = list; *p;) {
      size_t n = strcspn(p, ":");
      const char *lang = language_of(p, n);
      if (lang)
        return lang;
      p += n + (p[n] == ':');
    }
    return "en";
  }
  /* Then the first of LC_ALL, LC_MESSAGES and LANG that is set. */
  static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
  for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
    const char *v = getenv(vars[i]);
    if (v && *v)
      return strncmp(v, "ja", 2) == 0 ? "ja" : "en";
  }
  return "en";
}

/* Removes --lang X and --lang=X from ARGV; *LANG gets X (or stays). */
static int take_lang_option(int *argc, char **argv, const char **lang) {
  int out = 0;
  for (int i = 0; i < *argc; i++) {
    const char *v = NULL;
    if (strcmp(argv[i], "--lang") == 0) {
      if (i + 1 >= *argc)
        return cli_fail(_("--lang takes ja or en"));
      v = argv[++i];
    } else if (strncmp(argv[i], "--lang=", 7) == 0) {
      v = argv[i] + 7;
    } else {
      argv[out++] = argv[i];
      continue;
    }
    if (strcmp(v, "ja") != 0 && strcmp(v, "en") != 0)
      return cli_fail(_("--lang takes ja or en, not '%s'"), v);
    *lang = v;
  }
  *argc = out;
  argv[out] = NULL;
  return 0;
}

static int has_catalog(const char *dir) {
  char path[PATH_MAX];
  struct stat st;
  return snprintf(path, sizeof path, "%s/ja/LC_MESSAGES/procspec.mo", dir) < (int)sizeof path &&
         stat(path, &st) == 0;
}

/* The folder holding ja/LC_MESSAGES/procspec.mo, or the configured one. */
static void bind_catalogs(void) {
  char exe[PATH_MAX], dir[PATH_MAX + 32];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0) {
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash)
      *slash = '\0';
    static const char *const rel[] = {"locale", "../share/locale"};
    for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
      snprintf(dir, sizeof dir, "%s/%s", exe, rel[i]);
      if (has_catalog(dir)) {
        bindtextdomain("procspec", dir);
        bind_textdomain_codeset("procspec", "UTF-8");
        return;
      }
    }
  }
  bindtextdomain("procspec", PROCSPEC_LOCALEDIR);
  bind_textdomain_codeset("procspec", "UTF-8");
}

int cli_lang_setup(int *argc, char **argv) {
  const char *lang = env_language();
  /* Messages of the option itself use the language of the environment. */
  setenv("LANGUAGE", lang, 1);
  if (!setlocale(LC_MESSAGES, "") || strcmp(setlocale(LC_MESSAGES, NULL), "C") == 0 ||
      strcmp(setlocale(LC_MESSAGES, NULL), "POSIX") == 0)
    setlocale(LC_MESSAGES, "C.UTF-8");
  if (!setlocale(LC_CTYPE, "") || strcmp(setlocale(LC_CTYPE, NULL), "C") == 0)
    setlocale(LC_CTYPE, "C.UTF-8");
  bind_catalogs();
  const char *chosen = lang;
  if (take_lang_option(argc, argv, &chosen) != 0)
    return EXIT_TROUBLE;
  if (chosen != lang)
    setenv("LANGUAGE", chosen, 1);
  return 0;
}

const char *cli_lang_use(const char *lang) {
  const char *was = cli_language(); /* a literal, not the variable */
  setenv("LANGUAGE", lang, 1);
  /* gettext keeps the translations it found; setting the locale again
   * (to what it is) tells it that the language changed. */
  char *locale = strdup(setlocale(LC_MESSAGES, NULL));
  if (locale)
    setlocale(LC_MESSAGES, locale);
  free(locale);
  return was;
}

const char *cli_language(void) {
  const char *v = getenv("LANGUAGE");
  return v && strcmp(v, "ja") == 0 ? "ja" : "en";
}
