/* The validated profile: the typed YAML tree plus the classification. */
#ifndef PS_PROFILE_H
#define PS_PROFILE_H
#include "procspec/procspec.h"
#include "yamltree.h"

struct ps_profile {
  ps_ytree *tree;
  int confidentiality, integrity, availability;
};

/* The root map of the profile (never NULL for a loaded profile). */
const ps_ynode *ps_profile_root(const ps_profile *p);
/* The file name the profile was loaded from. */
const char *ps_profile_file(const ps_profile *p);
#endif
