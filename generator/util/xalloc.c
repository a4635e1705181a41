/* Allocation wrappers: out of memory is not an error jisite can recover from, so it stops with a message. */
#include "util/xalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static _Noreturn void die_oom(size_t size)
{
	fprintf(stderr, "jisite: fatal: out of memory (allocating %zu bytes)\n", size);
	abort();
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (!p)
		die_oom(size);
	return p;
}

void *xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);
	if (!p)
		die_oom(nmemb * size);
	return p;
}

void *xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);
	if (!p)
		die_oom(size);
	return p;
}

char *xstrdup(const char *s)
{
	return xmemdup0(s, strlen(s));
}

char *xmemdup0(const void *p, size_t len)
{
	char *s = xmalloc(len + 1);
	if (len)
		memcpy(s, p, len);
	s[len] = '\0';
	return s;
}

void xgrow(void **items, size_t *alloc, size_t need, size_t elem)
{
	size_t n;

	if (need <= *alloc)
		return;
	n = *alloc ? *alloc : 8;
	while (n < need) {
		if (n > SIZE_MAX / 2)
			die_oom(SIZE_MAX);
		n *= 2;
	}
	if (n > SIZE_MAX / elem)
		die_oom(SIZE_MAX);
	*items = xrealloc(*items, n * elem);
	*alloc = n;
}

void bug_at(const char *file, int line, const char *msg)
{
	fprintf(stderr, "jisite: BUG: %s:%d: %s\n", file, line, msg);
	abort();
}
