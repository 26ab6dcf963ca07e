/* The difference of two texts as a reader checks it: tokens that keep a
 * number, a date, an ASCII word or code and (at word granularity) a run
 * of one Japanese script whole, compared sentence by sentence, and a
 * sentence that changed too much replaced whole. Used by the clause
 * report and by the redline runs alike. */
#ifndef PS_TEXTDIFF_H
#define PS_TEXTDIFF_H
#include <stddef.h>

#include "myers.h"
#include "procspec/procspec.h"

/* A token of text: an offset and a length in bytes. */
typedef struct {
  size_t off, len;
} ps_token;

/* Splits UTF-8 TEXT into tokens at granularity G (see ps_granularity):
 * - always one token: a number with its decimal point, thousands commas,
 *   unit or % (99.95%, 6か月, 24時間, 1,000円), a date (2026年4月1日,
 *   令和8年4月1日, 2026-04-01), an article number (第3条, 第2の4), an ASCII
 *   word or code (SOC2, ISO/IEC, v1.2);
 * - PS_GRANULARITY_WORD: a run of kanji, of hiragana or of katakana is one
 *   token; PS_GRANULARITY_CHAR: every other character is one token;
 * - PS_GRANULARITY_SENTENCE: a sentence (up to 。！？ or a line end) is one.
 * Never splits a character. Returns the count (free *tokens), or -1 when
 * out of memory. */
long ps_tokenize(ps_token **tokens, const char *text, ps_granularity g);

/* Beyond this many edits between the sentences of two texts, or between
 * the tokens of two sentences, the text counts as replaced whole. It keeps
 * Myers' trace (quadratic in the edits) under about 40 MB. */
#define PS_TEXT_MAX_EDITS 2000

/* Two sentences less similar than this (equal tokens, twice, over the
 * tokens of both) are shown replaced whole, not token by token. */
#define PS_TEXT_MIN_SIMILARITY 0.4

/* 1 when A and B, compared word by word, are at least that similar; 0
 * when not; PS_ENOMEM when memory ran out. */
int ps_text_similar(const char *a, const char *b);

/* Receives one stretch of a text difference: LEN bytes at S, taken from A
 * for EQUAL and DELETE and from B for INSERT. Returns 0 to go on. */
typedef int (*ps_text_run)(void *ctx, ps_op_kind kind, const char *s, size_t len);

/* Compares A with B: sentence by sentence, then changed sentences token
 * by token at granularity G (whole at PS_GRANULARITY_SENTENCE, or when
 * too different), and calls RUN for each stretch in order; adjacent
 * stretches of one kind are joined. When memory runs out or the texts
 * differ too much, A is reported deleted and B inserted whole (empty texts
 * are not reported). Returns 0 or the first non-zero RUN result. */
int ps_diff_text(const char *a, const char *b, ps_granularity g, ps_text_run run, void *ctx);
#endif
