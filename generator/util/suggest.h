/* "Did you mean": among the names that exist (fields of a schema, terms of a taxonomy, languages), the one
 * closest to a name that does not, when it is close enough to be a typo of it. Closeness is the edit
 * distance of the typos people make: a letter added, dropped or changed, or two neighbours swapped
 * (optimal string alignment), ignoring case. */
#ifndef JISITE_SUGGEST_H
#define JISITE_SUGGEST_H

#include <stddef.h>

#define SUGGEST_MAX_LEN 64 /* longer names are never suggested, nor get a suggestion */

struct suggest {
	const char *word;
	const char *best; /* the closest candidate so far, or NULL */
	size_t best_distance;
	char hint[SUGGEST_MAX_LEN + 32]; /* suggest_hint's */
};

void suggest_init(struct suggest *sg, const char *word);
/* Offers one name that exists; the first of equally close ones is kept. */
void suggest_add(struct suggest *sg, const char *candidate);
/* The closest name offered, or NULL when none is close enough: one edit for a name of up to 4
 * characters, two up to 8, three beyond. */
const char *suggest_best(const struct suggest *sg);

/* " (did you mean 'title'?)" for suggest_best's name, to end a message with; "" when there is none. */
const char *suggest_hint(struct suggest *sg);

/* The edit distance of a and b as above; names over SUGGEST_MAX_LEN bytes are SIZE_MAX apart. */
size_t suggest_distance(const char *a, const char *b);

#endif
