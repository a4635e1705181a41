/* Region allocator (see arena.h): bump allocation in chunks that double up to a ceiling. */
#define _DEFAULT_SOURCE /* madvise's MADV_HUGEPAGE */
#include "util/arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "util/xalloc.h"

#define ARENA_MIN_CHUNK 4096
#define ARENA_MAX_CHUNK (4 * 1024 * 1024)
#define HUGE_PAGE (2 * 1024 * 1024)
#define ARENA_ALIGN alignof(max_align_t)

struct arena_chunk {
	struct arena_chunk *next;
	size_t used, size;
	alignas(max_align_t) unsigned char data[];
};

void arena_init(struct arena *a)
{
	a->head = NULL;
	a->chunk_size = 0;
}

void arena_release(struct arena *a)
{
	struct arena_chunk *c = a->head;

	while (c) {
		struct arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	arena_init(a);
}

void arena_adopt(struct arena *a, struct arena *from)
{
	struct arena_chunk *last = from->head;

	if (!last)
		return;
	while (last->next)
		last = last->next;
	if (a->head) {
		/* behind a's current chunk, which keeps its free space */
		last->next = a->head->next;
		a->head->next = from->head;
	} else {
		a->head = from->head;
		a->chunk_size = from->chunk_size;
	}
	arena_init(from);
}

#ifdef ARENA_DEBUG
void *arena_alloc(struct arena *a, size_t size)
{
	struct arena_chunk *c = xmalloc(sizeof(*c) + (size ? size : 1));

	c->used = c->size = size;
	c->next = a->head;
	a->head = c;
	return c->data;
}
#else
/* A chunk of size bytes. The model of a large site takes a hundred megabytes or more, touched page by
 * page as it is built: large chunks ask for transparent huge pages, which costs one page fault per 2 MiB
 * rather than one per 4 KiB (a tenth of an incremental build's time went to those faults). */
static struct arena_chunk *chunk_alloc(size_t size)
{
	void *p;

	if (size < HUGE_PAGE)
		return xmalloc(size);
#ifdef MADV_HUGEPAGE
	if (!posix_memalign(&p, HUGE_PAGE, size)) {
		madvise(p, size, MADV_HUGEPAGE); /* a hint: without huge pages, ordinary ones */
		return p;
	}
#endif
	return xmalloc(size);
}

void *arena_alloc(struct arena *a, size_t size)
{
	struct arena_chunk *c = a->head;
	size_t rounded;

	if (size > SIZE_MAX - ARENA_ALIGN)
		BUG("arena allocation too large");
	rounded = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (!rounded)
		rounded = ARENA_ALIGN;
	if (!c || c->size - c->used < rounded) {
		size_t want;

		if (a->chunk_size < ARENA_MAX_CHUNK)
			a->chunk_size = a->chunk_size ? a->chunk_size * 2 : ARENA_MIN_CHUNK;
		want = rounded > a->chunk_size / 4 ? rounded : a->chunk_size;
		c = chunk_alloc(sizeof(*c) + want);
		c->used = 0;
		c->size = want;
		if (want == rounded && a->head) {
			/* A large block gets a chunk of its own behind the current one, which keeps its free space. */
			c->next = a->head->next;
			a->head->next = c;
			c->used = rounded;
			return c->data;
		}
		c->next = a->head;
		a->head = c;
	}
	c->used += rounded;
	return c->data + c->used - rounded;
}
#endif

void *arena_calloc(struct arena *a, size_t nmemb, size_t size)
{
	void *p;

	if (size && nmemb > SIZE_MAX / size)
		BUG("arena allocation too large");
	p = arena_alloc(a, nmemb * size);
	memset(p, 0, nmemb * size);
	return p;
}

char *arena_memdup0(struct arena *a, const void *p, size_t len)
{
	char *s = arena_alloc(a, len + 1);

	if (len)
		memcpy(s, p, len);
	s[len] = '\0';
	return s;
}

void arena_grow(struct arena *a, void **items, size_t *alloc, size_t need, size_t elem)
{
	size_t n = *alloc ? *alloc : 4;
	void *p;

	if (need <= *alloc)
		return;
	while (n < need) {
		if (n > SIZE_MAX / 2)
			BUG("arena array too large");
		n *= 2;
	}
	if (n > SIZE_MAX / elem)
		BUG("arena array too large");
	p = arena_alloc(a, n * elem);
	if (*alloc)
		memcpy(p, *items, *alloc * elem);
	*items = p;
	*alloc = n;
}
