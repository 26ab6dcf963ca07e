/* What the judge decides for the later stages (the documents), beyond the
 * findings ps_profile_judge reports. */
#ifndef PS_JUDGE_H
#define PS_JUDGE_H
#include <stddef.h>

#include "library.h"
#include "procspec/procspec.h"

/* Which of the profile's `exceptions` cover a finding (with the default
 * thresholds): USED[i] is set to 1 when the i-th exception accepts a
 * deviation the profile has, 0 when the profile meets that item anyway
 * (check warns of such an exception). Fills the first N entries. Returns 0
 * or PS_ENOMEM. */
int ps_exceptions_in_use(const ps_profile *p, const ps_library *lib, unsigned char *used,
                         size_t n);
#endif
