/* Message translation through gettext. Library messages are English in
 * the source and translated when they are made (ps_diag_add and the other
 * places that format a message), in the text domain "procspec"; the
 * program chooses the language and binds the domain (cli/lang.c). */
#ifndef PS_I18N_H
#define PS_I18N_H

#define PS_TEXTDOMAIN "procspec"

/* MSGID translated into the current message language, or MSGID itself. */
const char *ps_tr(const char *msgid) __attribute__((format_arg(1)));

/* ON: until called with 0, ps_tr of this thread translates into Japanese
 * whatever the language of the process, from the Japanese catalog of the
 * text domain's folder (the documents' language: a draft's first page
 * lists the unmet findings in Japanese under LANG=C). -1 when that
 * catalog cannot be read (ps_tr then keeps the process's language). */
int ps_i18n_japanese(int on);

/* Marks a string for translation where it is used: _() translates now,
 * N_() only marks it for xgettext (it is translated later, by ps_tr). */
#define _(s) ps_tr(s)
#define N_(s) (s)
#endif
