/* Shared set-up of the fuzz targets: one valid profile, loaded once. */
#ifndef PROCSPEC_FUZZ_COMMON_H
#define PROCSPEC_FUZZ_COMMON_H
#include <stdlib.h>
#include <string.h>

#include "procspec/procspec.h"

static const char fuzz_profile_yaml[] =
    "procspec: 1\n"
    "organization: {name: 乙訓福祉施設事務組合}\n"
    "document: {version: \"1.0\", date: 2026-04-01}\n"
    "service: {name: 電子申請サービス, provider: 株式会社サンプル, purpose: 申請の受付,\n"
    "  period: {start: 2026-04-01, end: 2029-03-31}}\n"
    "classification: {confidentiality: 1, integrity: 1, availability: 1}\n"
    "incident: {priority: recovery, escalation: [{severity: 重大, notify_within: 1h, to: 責任者},\n"
    "  {severity: 軽微, notify_within: 1d, to: 管理者}]}\n"
    "data_handling: {secondary_use: prohibited}\n";

static ps_profile *fuzz_profile(void) {
  static ps_profile *p;
  if (!p) {
    ps_diags *d = ps_diags_new();
    if (ps_profile_load_buffer(&p, "fuzz.yaml", fuzz_profile_yaml, strlen(fuzz_profile_yaml), d) <
        0)
      abort();
    ps_diags_free(d);
  }
  return p;
}

/* DATA as a NUL-terminated string (free with free()). */
static char *fuzz_string(const unsigned char *data, size_t size) {
  char *s = malloc(size + 1);
  if (s) {
    memcpy(s, data, size);
    s[size] = '\0';
  }
  return s;
}
#endif
