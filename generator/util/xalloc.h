/* Allocation wrappers that never return NULL: running out of memory aborts with a message. */
#ifndef JISITE_XALLOC_H
#define JISITE_XALLOC_H

#include <stddef.h>

/* Each returns memory the caller frees with free(); none returns NULL. */
void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);
char *xmemdup0(const void *p, size_t len); /* copy of len bytes plus a NUL */

/* Grows *items (of *alloc elements of size elem) to hold at least need elements. */
void xgrow(void **items, size_t *alloc, size_t need, size_t elem);
#define XGROW(items, alloc, need) xgrow((void **)&(items), &(alloc), (need), sizeof(*(items)))

/* An invariant was broken: a bug in jisite, never in the input. */
#define BUG(msg) bug_at(__FILE__, __LINE__, (msg))
_Noreturn void bug_at(const char *file, int line, const char *msg);

#endif
