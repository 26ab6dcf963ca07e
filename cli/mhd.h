/* libmicrohttpd, opened when procspec serve starts (dlopen) instead of
 * linked: every other command then starts without loading it and the TLS
 * libraries it brings (gnutls, p11-kit, nettle's hogweed, gmp, ...),
 * about 1.5 ms of every run. Files that call MHD_* include this header;
 * the calls go through the table cli_mhd_open fills. */
#ifndef CLI_MHD_H
#define CLI_MHD_H
#include <microhttpd.h>

/* The functions of libmicrohttpd procspec calls. */
#define CLI_MHD_FUNCTIONS(X)                                                                       \
  X(MHD_start_daemon)                                                                              \
  X(MHD_stop_daemon)                                                                               \
  X(MHD_get_daemon_info)                                                                           \
  X(MHD_lookup_connection_value)                                                                   \
  X(MHD_create_response_from_buffer)                                                               \
  X(MHD_add_response_header)                                                                       \
  X(MHD_queue_response)                                                                            \
  X(MHD_destroy_response)                                                                          \
  X(MHD_create_post_processor)                                                                     \
  X(MHD_post_process)                                                                              \
  X(MHD_destroy_post_processor)

typedef struct {
#define CLI_MHD_MEMBER(f) __typeof__(f) *p_##f;
  CLI_MHD_FUNCTIONS(CLI_MHD_MEMBER)
#undef CLI_MHD_MEMBER
} cli_mhd_table;

extern cli_mhd_table cli_mhd;

/* Opens libmicrohttpd once (later calls return at once). 0, or -1 with
 * what went wrong in WHY (N bytes). */
int cli_mhd_open(char *why, size_t n);

#ifndef CLI_MHD_IMPLEMENTATION
#define MHD_start_daemon (*cli_mhd.p_MHD_start_daemon)
#define MHD_stop_daemon (*cli_mhd.p_MHD_stop_daemon)
#define MHD_get_daemon_info (*cli_mhd.p_MHD_get_daemon_info)
#define MHD_lookup_connection_value (*cli_mhd.p_MHD_lookup_connection_value)
#define MHD_create_response_from_buffer (*cli_mhd.p_MHD_create_response_from_buffer)
#define MHD_add_response_header (*cli_mhd.p_MHD_add_response_header)
#define MHD_queue_response (*cli_mhd.p_MHD_queue_response)
#define MHD_destroy_response (*cli_mhd.p_MHD_destroy_response)
#define MHD_create_post_processor (*cli_mhd.p_MHD_create_post_processor)
#define MHD_post_process (*cli_mhd.p_MHD_post_process)
#define MHD_destroy_post_processor (*cli_mhd.p_MHD_destroy_post_processor)
#endif
#endif
