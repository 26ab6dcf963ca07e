/* Characters as input and messages see them: UTF-8 decoding, the
 * characters a profile value may not hold, and the one way every message
 * shows a value, so that no value can break a message line, send a
 * terminal escape or hide a character. */
#ifndef PS_CHARS_H
#define PS_CHARS_H
#include <stddef.h>

#include "buf.h"

/* Decodes the UTF-8 character at S (N > 0 bytes available) into *cp.
 * Returns its length in bytes, or 0 when the bytes are not valid UTF-8
 * (overlong, surrogate, beyond U+10FFFF or cut short). */
size_t ps_utf8_next(const char *s, size_t n, unsigned *cp);

/* The English name of a character that is invisible or changes how a
 * line is shown (U+3000, U+200B, U+2028, U+202E, U+FEFF, ...), or NULL.
 * The one table of these names, for translation. */
const char *ps_char_name(unsigned cp);

/* What is wrong with CP in a text value, or NULL when it may appear:
 * control characters other than tab and line feed, line and paragraph
 * separators, direction overrides, and characters XML 1.0 cannot carry
 * or that Unicode reserves as non-characters. */
const char *ps_char_refused(unsigned cp);

/* Finds the first character of text S (LEN bytes) that no document may
 * hold: bytes that are not UTF-8, and what ps_char_refused refuses except
 * carriage return (text files may end lines with CR LF). Returns 1 with its
 * 1-based line and column (in characters) and its bytes, or 0. */
int ps_text_find_refused(const char *s, size_t len, unsigned *line, unsigned *col, size_t *at,
                         size_t *nbytes);

/* Appends S (LEN bytes) to OUT as a message shows it: line feed as \n,
 * tab as \t, carriage return as \r, other C0 controls and bytes that are
 * not UTF-8 as \xNN, C1 controls as \u00NN, and invisible characters as
 * \uXXXX(NAME). Everything else is copied. Applying it twice changes
 * nothing more. Returns 0, or -1 when OUT failed. */
int ps_escape_append(ps_buf *out, const char *s, size_t len);

/* Writes S into OUT (SIZE bytes, always terminated) as ps_escape_append
 * shows it, cut at a character boundary with "..." when it does not
 * fit in MAX characters (0: no limit beyond SIZE). Returns OUT. */
char *ps_escape_into(char *out, size_t size, const char *s, size_t max);
#endif
