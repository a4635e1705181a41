/* The scaffold of an item: the front matter a contributor starts from, made from a collection's schema,
 * for `jisite new` (contrib.h) and for the submit page's new-file form (render.c).
 *
 * A scaffold sets every required field to a placeholder that is a valid value (so `jisite check` passes
 * as soon as it is written, and an editor sees at once what to replace), comments out every optional
 * field with a valid example, and says in a comment on each line what the field takes: its type, its
 * range, the values of an enum, the terms of a taxonomy. A translation's scaffold (index.fr.md) holds only
 * the translatable fields. Nothing is read: the text depends on struct scaffold alone.
 *
 * `jisite check` warns about the placeholders it can tell from real values (publish.h): the text "…",
 * the address https://example.org/, SCAFFOLD_EMAIL and SCAFFOLD_PHONE, a file field naming itself, and the
 * body's placeholder paragraph (SCAFFOLD_BODY_MARK, render.c). The others (today's date, a number at
 * the edge of its range, the first allowed value or term) are real values too: the scaffold of `jisite
 * new` is a draft, so none of them is published before an editor deletes that line.
 */
#ifndef JISITE_SCAFFOLD_H
#define JISITE_SCAFFOLD_H

/* How the placeholder paragraph of a scaffold's body begins. */
#define SCAFFOLD_BODY_MARK "Replace this paragraph with the "
/* The placeholders of an email and a phone field: valid, and plainly nobody's. */
#define SCAFFOLD_EMAIL "name@example.org"
#define SCAFFOLD_PHONE "+00 000 000 000"

#include <stdbool.h>
#include <stddef.h>

#include "schema.h"
#include "util/strbuf.h"
#include "value.h"

/* What a scaffold is made from. */
struct scaffold {
	const struct schema *schema;
	bool translation;  /* only the translatable fields: a translation of an existing item */
	const char *what;  /* for the comment at the top: "A new item of resources", "The fr translation of …" */
	const char *today; /* YYYY-MM-DD: the placeholder of dates and date-times */
	/* The terms of the taxonomy whose field is name (a map of term names to labels), or NULL when
	 * name is no taxonomy's field. NULL: no field is. */
	const struct value *(*terms)(void *ctx, const char *name);
	void *ctx;
	bool draft; /* the file starts as a draft (`draft: true`, publish.h), with how to publish it */
};

/* Appends the scaffold of sc to out: front matter between '---' lines, then a placeholder body. */
void scaffold_make(struct strbuf *out, const struct scaffold *sc);

/* Appends the required attachments (file fields) of s to out, as "'poster'" or "'poster' and 'cover'";
 * returns how many. No placeholder passes for them: the file itself must be there. */
size_t scaffold_required_files(struct strbuf *out, const struct schema *s);

#endif
