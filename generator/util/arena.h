/* A region allocator: many small allocations, freed all at once.
 *
 * The build's model and each compiled template live in an arena, so nothing in them is freed one by one.
 * Building with -DARENA_DEBUG turns every allocation into its own malloc(), so that AddressSanitizer and
 * valgrind see overruns and use after release.
 */
#ifndef JISITE_ARENA_H
#define JISITE_ARENA_H

#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk *head;
	size_t chunk_size;
};

#define ARENA_INIT { NULL, 0 }

void arena_init(struct arena *a);
/* Frees every allocation made from the arena; it stays usable. */
void arena_release(struct arena *a);

/* Makes every allocation of from one of a, which frees them with its own; from is left empty. For work
 * done in threads, each with an arena of its own. */
void arena_adopt(struct arena *a, struct arena *from);

/* Returns size bytes aligned for any type, owned by the arena; never NULL. */
void *arena_alloc(struct arena *a, size_t size);
/* Like arena_alloc, zero-filled. */
void *arena_calloc(struct arena *a, size_t nmemb, size_t size);
/* A copy of len bytes plus a terminating NUL, owned by the arena. */
char *arena_memdup0(struct arena *a, const void *p, size_t len);
/* Grows an arena array of *alloc elements to hold need; the old contents are copied. */
void arena_grow(struct arena *a, void **items, size_t *alloc, size_t need, size_t elem);
#define ARENA_GROW(a, items, alloc, need) \
	arena_grow((a), (void **)&(items), &(alloc), (need), sizeof(*(items)))

#endif
