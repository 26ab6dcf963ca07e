/* Canonical forms of profile values as Japanese users type them. */
#ifndef PS_NORMALIZE_H
#define PS_NORMALIZE_H
#include <stddef.h>

#include "arena.h"
#include "schema.h"

/* Sets *out to the canonical form of VALUE for a field of TYPE (CHOICES:
 * the field's "key=label|..." list, for enums): NFKC and Japanese units,
 * dates, はい/いいえ and labels for typed values; NFC without surrounding
 * U+3000 for text. Returns 1 when *out differs from VALUE (it is then in
 * ARENA), 0 when VALUE is already canonical or not a form this knows (the
 * validator then judges it), PS_EINPUT with WHY when it is a Japanese date
 * that names no day of its era, PS_ENOMEM. */
int ps_canonical_value(const char **out, ps_arena *arena, ps_ftype type, const char *choices,
                       const char *value, char *why, size_t why_size);
#endif
