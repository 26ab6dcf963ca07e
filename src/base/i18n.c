#include "i18n.h"

#include <libintl.h>

const char *ps_tr(const char *msgid) { return dgettext(PS_TEXTDOMAIN, msgid); }
