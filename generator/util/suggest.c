/* Suggestions for a name that does not exist (see suggest.h). */
#include "util/suggest.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static size_t min3(size_t a, size_t b, size_t c)
{
	size_t m = a < b ? a : b;

	return m < c ? m : c;
}

size_t suggest_distance(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b);
	/* three rows of the table: two back for a swap, the one before, the one being filled */
	size_t rows[3][SUGGEST_MAX_LEN + 1];
	size_t *back2 = rows[0], *prev = rows[1], *cur = rows[2];

	if (n > SUGGEST_MAX_LEN || m > SUGGEST_MAX_LEN)
		return SIZE_MAX;
	for (size_t j = 0; j <= m; j++)
		prev[j] = j;
	for (size_t i = 1; i <= n; i++) {
		size_t *t;
		cur[0] = i;
		for (size_t j = 1; j <= m; j++) {
			size_t cost = lower(a[i - 1]) != lower(b[j - 1]);
			cur[j] = min3(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
			if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) && lower(a[i - 2]) == lower(b[j - 1]) &&
			    back2[j - 2] + 1 < cur[j])
				cur[j] = back2[j - 2] + 1;
		}
		t = back2;
		back2 = prev;
		prev = cur;
		cur = t;
	}
	return prev[m];
}

void suggest_init(struct suggest *sg, const char *word)
{
	sg->word = word;
	sg->best = NULL;
	sg->best_distance = SIZE_MAX;
}

void suggest_add(struct suggest *sg, const char *candidate)
{
	size_t d = suggest_distance(sg->word, candidate);

	if (d < sg->best_distance) {
		sg->best = candidate;
		sg->best_distance = d;
	}
}

const char *suggest_best(const struct suggest *sg)
{
	size_t len = strlen(sg->word);
	size_t allowed = len <= 4 ? 1 : len <= 8 ? 2 : 3;

	if (!sg->best || sg->best_distance > allowed || sg->best_distance >= len)
		return NULL;
	return sg->best;
}

const char *suggest_hint(struct suggest *sg)
{
	const char *best = suggest_best(sg);

	if (!best)
		return "";
	snprintf(sg->hint, sizeof(sg->hint), " (did you mean '%s'?)", best);
	return sg->hint;
}
