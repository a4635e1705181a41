/* Worker processes: the same job run by n forked processes, each on its share, with their diagnostics
 * gathered into the parent's list. Processes, not threads: cmark-gfm keeps per-process state that two
 * threads parsing at once would corrupt, and a fork after the model is built shares it for free (copy on
 * write). */
#ifndef JISITE_WORKERS_H
#define JISITE_WORKERS_H

#include <stddef.h>

#include "util/diag.h"
#include "util/strbuf.h"

/* Does share k of n (k < n). Reports into diags; what it appends to result reaches the parent (the build
 * cache's records of what the share rendered). Returns 0 or -1. */
typedef int (*worker_fn)(size_t k, size_t n, void *ctx, struct diag_list *diags, struct strbuf *result);

/* Runs fn for every k < n: in this process when n is 1, otherwise in n processes at once. A process that
 * dies is an error of its own. results, when not NULL, is n buffers: share k's result is appended to
 * results[k]. Returns 0 when every share returned 0, otherwise -1. */
int workers_run(size_t n, worker_fn fn, void *ctx, struct diag_list *diags, struct strbuf *results);

/* The number of processors online (at least 1): the default number of workers. */
size_t workers_default(void);

#endif
