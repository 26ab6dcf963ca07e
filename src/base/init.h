/* One-time initialisation of the libraries underneath, safe from any
 * thread. */
#ifndef PS_INIT_H
#define PS_INIT_H

/* Initialises libxml2 (its parser and encoding tables, which it would
 * otherwise fill lazily, racing between threads) and registers
 * cmark-gfm's extensions, exactly once per process. Every entry point
 * that uses either library calls it first; it costs one atomic load after
 * the first call. */
void ps_init_once(void);
#endif
