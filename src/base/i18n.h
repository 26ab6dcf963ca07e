/* Message translation through gettext. Library messages are English in
 * the source and translated when they are made (ps_diag_add and the other
 * places that format a message), in the text domain "procspec"; the
 * program chooses the language and binds the domain (cli/lang.c). */
#ifndef PS_I18N_H
#define PS_I18N_H

#define PS_TEXTDOMAIN "procspec"

/* MSGID translated into the current message language, or MSGID itself. */
const char *ps_tr(const char *msgid) __attribute__((format_arg(1)));

/* Marks a string for translation where it is used: _() translates now,
 * N_() only marks it for xgettext (it is translated later, by ps_tr). */
#define _(s) ps_tr(s)
#define N_(s) (s)
#endif
