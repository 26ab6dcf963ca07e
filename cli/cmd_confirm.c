#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "json.h"

void usage_confirm(void) {
  printf(_("usage: procspec confirm PROFILE RESPONSE [--format text|md|json|docx|odt] [-o FILE]\n"
           "                        [--confirmed-by NAME] [--date YYYY-MM-DD] [--templates DIR]\n\n"
           "Reads a compliance form (仕様適合確認書) a bidder filled in (the XLSX, CSV, DOCX\n"
           "or ODT that 'procspec generate' wrote as compliance.*), matches its rows by\n"
           "requirement ID to the specification of PROFILE, and reports unanswered rows,\n"
           "requirements answered 不適合 or 一部適合 with their explanation, rows missing\n"
           "or added, a requirement whose text was edited in the form, a requirement\n"
           "answered twice differently, and a form made for another version of the\n"
           "specification (with the requirements changed since).\n\n"
           "  --format docx|odt  the confirmation record (確認結果) to attach to the usage\n"
           "                     application; needs -o FILE\n"
           "  --confirmed-by NAME  who confirmed, for the record\n"
           "  --date YYYY-MM-DD  the date of the confirmation (default: today)\n\n"
           "Exit 0 when every requirement is answered 適合, 1 when any is not, 2 when the\n"
           "file cannot be read, is not a procspec form or is the form of another\n"
           "specification.\n"));
}

typedef struct {
  const char *profile, *response, *format, *output, *confirmed_by, *date, *templates;
} confirm_args;

/* Writes S with control characters and invisible format characters shown
 * as escapes, so a bidder's text can neither break the report's lines nor
 * send terminal escape sequences. */
static void print_value(const char *s) {
  if (!s)
    return;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p == '\n')
      fputs("\\n", stdout);
    else if (*p == '\t')
      fputs("\\t", stdout);
    else if (*p < 0x20 || *p == 0x7f)
      printf("\\x%02x", *p);
    else if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
      printf("\\u%04x", p[1]), p++;
    else if (p[0] == 0xe2 && p[1] == 0x80 && p[2] >= 0xa8 && p[2] <= 0xae)
      printf("\\u20%02x", 0x28 + (p[2] - 0xa8)), p += 2;
    else if (p[0] == 0xe2 && p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9)
      printf("\\u20%02x", 0x66 + (p[2] - 0xa6)), p += 2;
    else
      putchar(*p);
  }
}

static int needs_attention(const ps_confirm_row *r) {
  return r->conflict || r->rewritten ||
         !(r->state == PS_ROW_MATCHED && r->answer == PS_ANSWER_CONFORMS);
}

static void print_labelled(const char *label, const char *value) {
  printf("    %s: ", label);
  print_value(value);
  putchar('\n');
}

static void print_change(char sign, const ps_confirm_row *r) {
  printf("  %c %s: ", sign, r->number);
  print_value(r->requirement);
  printf("  [%s]\n", ps_confirm_row_status(r));
}

/* ARG as a shell word: as it is when it holds no character the shell
 * would read, else in single quotes. */
static void print_shell_word(const char *arg) {
  if (!arg)
    arg = "";
  if (*arg && strspn(arg, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                          "_-.,/+=:@%") == strlen(arg)) {
    print_value(arg);
    return;
  }
  putchar('\'');
  for (const char *p = arg; *p;) {
    size_t n = strcspn(p, "'");
    char *part = strndup(p, n);
    print_value(part ? part : "");
    free(part);
    p += n;
    if (*p == '\'')
      fputs("'\\''", stdout), p++;
  }
  putchar('\'');
}

/* What changed between the version the form was made from and this one,
 * as far as the form tells: the requirements it holds; for the rest, the
 * command that compares the two versions. */
static void print_changes(const ps_confirmation *c, const char *profile) {
  const ps_confirm_summary *s = ps_confirmation_summary(c);
  printf(_("the form was made for another version of the specification (form: version %s, "
           "fingerprint %.12s; now: version %s, fingerprint %.12s)\n"),
         s->form_version[0] ? s->form_version : "?", s->form_fingerprint, s->spec_version,
         s->spec_fingerprint);
  printf(_("requirements changed since the form's version:\n"));
  for (size_t i = 0; i < ps_confirmation_count(c); i++) {
    const ps_confirm_row *r = ps_confirmation_at(c, i);
    if (r->state == PS_ROW_MISSING && r->reworded && r->pair >= 0) {
      print_change('-', ps_confirmation_at(c, (size_t)r->pair));
      print_change('+', r);
    } else if (r->state == PS_ROW_MISSING) {
      print_change('+', r);
    } else if (r->state == PS_ROW_UNKNOWN && !r->reworded && !r->rewritten) {
      print_change('-', r);
    }
  }
  if (s->reworded + s->added + s->removed == 0)
    printf(_("  (no requirement's wording changed: the version or date of the specification, or "
             "its text outside the requirements, changed)\n"));
  printf(_("  (the form holds only the requirements; to see what else changed in the "
           "specification, compare the version the form was made from with this one:)\n"));
  printf("      procspec diff %s ", _("OLD"));
  print_shell_word(profile);
  printf(" --doc ");
  print_shell_word(s->spec_kind);
  putchar('\n');
  printf(_("  (OLD: the profile of the version the form was made from, or the specification "
           "sent with the form, as DOCX, ODT or Markdown)\n"));
}

static void print_row(const ps_confirm_row *r) {
  printf("%s %s: ", r->number[0] ? r->number : "-", ps_confirm_row_status(r));
  print_value(r->rewritten ? r->form_requirement : r->requirement);
  putchar('\n');
  if (r->rewritten) {
    printf(_("    the form's text differs from the text the requirement ID was made from\n"));
    if (r->state == PS_ROW_MATCHED)
      print_labelled("仕様書の要件", r->requirement);
    print_labelled("回答", r->answer_text[0] ? r->answer_text : "（未回答）");
  }
  if (r->conflict) {
    printf("    回答: %s (", r->answer_text[0] ? r->answer_text : "（未回答）");
    print_value(r->where);
    printf(")\n");
    if (r->explanation[0])
      print_labelled("説明", r->explanation);
    printf("    回答: %s (", r->other_answer[0] ? r->other_answer : "（未回答）");
    print_value(r->other_where);
    printf(")\n");
    if (r->other_explanation[0])
      print_labelled("説明", r->other_explanation);
    return;
  }
  if (r->explanation[0])
    print_labelled("説明", r->explanation);
  if (r->where[0]) {
    printf("    (");
    print_value(r->where);
    printf(")\n");
  }
}

static void print_text(const ps_confirmation *c, const char *profile, const char *response) {
  const ps_confirm_summary *s = ps_confirmation_summary(c);
  print_value(response);
  printf(": 仕様適合確認書（%s%s%s%s）\n", s->spec_title, s->spec_version[0] ? "　第" : "",
         s->spec_version, s->spec_version[0] ? "版" : "");
  if (!s->same_spec)
    print_changes(c, profile);
  for (size_t i = 0; i < ps_confirmation_count(c); i++) {
    const ps_confirm_row *r = ps_confirmation_at(c, i);
    if (needs_attention(r) && (s->same_spec || r->state == PS_ROW_MATCHED || r->rewritten))
      print_row(r);
  }
  printf("適合 %zu, 一部適合 %zu, 不適合 %zu, 未回答 %zu, 回答が不正 %zu, 回答欄にない要件 %zu, "
         "仕様書にない行 %zu",
         s->conforms, s->partly, s->fails, s->unanswered, s->invalid, s->missing, s->unknown);
  if (s->rewritten)
    printf(", 要件の文言が書き換えられた行 %zu", s->rewritten);
  if (s->conflicts)
    printf(", 回答が食い違う要件 %zu", s->conflicts);
  putchar('\n');
}

static void print_json(const ps_confirmation *c) {
  const ps_confirm_summary *s = ps_confirmation_summary(c);
  printf("{\"specification\": ");
  json_string(stdout, s->spec_title);
  printf(", \"version\": ");
  json_string(stdout, s->spec_version);
  printf(", \"fingerprint\": ");
  json_string(stdout, s->spec_fingerprint);
  printf(", \"form_fingerprint\": ");
  json_string(stdout, s->form_fingerprint);
  printf(", \"form_version\": ");
  json_string(stdout, s->form_version);
  printf(", \"same_specification\": %s, \"all_conform\": %s", s->same_spec ? "true" : "false",
         ps_confirmation_ok(c) ? "true" : "false");
  printf(", \"bidder\": ");
  json_string(stdout, s->bidder);
  printf(
      ",\n \"counts\": {\"conforms\": %zu, \"partly\": %zu, \"fails\": %zu, \"unanswered\": %zu, "
      "\"invalid\": %zu, \"missing\": %zu, \"unknown\": %zu, \"rewritten\": %zu, "
      "\"conflicting\": %zu, \"reworded\": %zu, \"added\": %zu, \"removed\": %zu},\n \"rows\": [",
      s->conforms, s->partly, s->fails, s->unanswered, s->invalid, s->missing, s->unknown,
      s->rewritten, s->conflicts, s->reworded, s->added, s->removed);
  static const char *const states[] = {"matched", "missing", "unknown"};
  static const char *const answers[] = {"none", "conforms", "partly", "fails", "invalid"};
  for (size_t i = 0; i < ps_confirmation_count(c); i++) {
    const ps_confirm_row *r = ps_confirmation_at(c, i);
    printf("%s\n  {\"id\": ", i ? "," : "");
    json_string(stdout, r->id);
    printf(", \"number\": ");
    json_string(stdout, r->number);
    printf(", \"state\": \"%s\", \"answer\": \"%s\", \"reworded\": %s, \"status\": ",
           states[r->state], answers[r->answer], r->reworded ? "true" : "false");
    json_string(stdout, ps_confirm_row_status(r));
    printf(", \"requirement\": ");
    json_string(stdout, r->requirement);
    printf(", \"explanation\": ");
    json_string(stdout, r->explanation);
    printf(", \"where\": ");
    json_string(stdout, r->where);
    printf(", \"form_requirement\": ");
    json_string(stdout, r->form_requirement);
    printf(", \"rewritten\": %s, \"conflict\": %s", r->rewritten ? "true" : "false",
           r->conflict ? "true" : "false");
    if (r->conflict) {
      printf(", \"other_answer\": ");
      json_string(stdout, r->other_answer);
      printf(", \"other_explanation\": ");
      json_string(stdout, r->other_explanation);
      printf(", \"other_where\": ");
      json_string(stdout, r->other_where);
    }
    if (r->pair >= 0)
      printf(", \"pair\": %ld", r->pair);
    printf("}");
  }
  printf("\n ]}\n");
}

static int parse_args(confirm_args *a, int argc, char **argv) {
  const char *pos[2];
  int npos = 0;
  for (int i = 1; i < argc; i++) {
    const char *s = argv[i];
    int more = i + 1 < argc;
    if (strcmp(s, "--format") == 0 && more)
      a->format = argv[++i];
    else if ((strcmp(s, "-o") == 0 || strcmp(s, "--output") == 0) && more)
      a->output = argv[++i];
    else if (strcmp(s, "--confirmed-by") == 0 && more)
      a->confirmed_by = argv[++i];
    else if (strcmp(s, "--date") == 0 && more)
      a->date = argv[++i];
    else if (strcmp(s, "--templates") == 0 && more)
      a->templates = argv[++i];
    else if (s[0] == '-' && s[1])
      return cli_fail(_("unknown option '%s' for confirm (or it needs a value)"), s);
    else if (npos < 2)
      pos[npos++] = s;
    else
      return cli_fail(_("confirm takes one profile and one response, not '%s' as well"), s);
  }
  if (npos != 2)
    return cli_fail(_("confirm needs PROFILE and RESPONSE; try 'procspec confirm --help'"));
  a->profile = pos[0];
  a->response = pos[1];
  static const char *const formats[] = {"text", "md", "json", "docx", "odt"};
  int known = 0;
  for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
    known |= strcmp(a->format, formats[i]) == 0;
  if (!known)
    return cli_fail(_("unknown format '%s'; use text, md, json, docx or odt"), a->format);
  if ((strcmp(a->format, "docx") == 0 || strcmp(a->format, "odt") == 0) && !a->output)
    return cli_fail(_("--format %s needs -o FILE"), a->format);
  return 0;
}

static int output(const confirm_args *a, const ps_confirmation *c, ps_diags *diags) {
  if (strcmp(a->format, "text") == 0) {
    print_text(c, a->profile, a->response);
    return 0;
  }
  if (strcmp(a->format, "json") == 0) {
    print_json(c);
    return 0;
  }
  unsigned fmt = strcmp(a->format, "docx") == 0  ? PS_FMT_DOCX
                 : strcmp(a->format, "odt") == 0 ? PS_FMT_ODT
                                                 : PS_FMT_MD;
  unsigned char *data = NULL;
  size_t len = 0;
  int rc = ps_confirmation_record(&data, &len, c, fmt, a->confirmed_by, a->date, diags);
  if (rc == 0 && a->output)
    rc = cli_write_file(a->output, data, len, diags);
  else if (rc == 0 && fwrite(data, 1, len, stdout) != len)
    rc = PS_EIO;
  free(data);
  return rc;
}

int cmd_confirm(int argc, char **argv) {
  confirm_args a = {NULL, NULL, "text", NULL, NULL, NULL, NULL};
  if (parse_args(&a, argc, argv) != 0)
    return EXIT_TROUBLE;
  char today[16];
  if (!a.date) {
    time_t now = time(NULL);
    struct tm tm;
    if (localtime_r(&now, &tm))
      strftime(today, sizeof today, "%Y-%m-%d", &tm);
    a.date = today;
  }
  ps_diags *diags = ps_diags_new();
  ps_profile *profile = NULL;
  ps_library *lib = NULL;
  ps_confirmation *c = NULL;
  int status = EXIT_TROUBLE;
  if (diags && ps_profile_load(&profile, a.profile, diags) == 0 &&
      cli_load_library(&lib, a.templates, diags) == 0 &&
      ps_confirm(&c, profile, lib, a.response, diags) == 0 && output(&a, c, diags) == 0)
    status = ps_confirmation_ok(c) ? EXIT_OK : EXIT_FINDINGS;
  cli_print_diags(diags);
  ps_confirmation_free(c);
  ps_library_free(lib);
  ps_profile_free(profile);
  ps_diags_free(diags);
  return status;
}
