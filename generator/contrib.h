/* `jisite new`: the file a contributor starts from, made from the collection's schema in site.yaml.
 *
 * A scaffold sets every required field to a placeholder that is a valid value (so `jisite check` passes
 * as soon as it is written, and an editor sees at once what to replace), comments out every optional
 * field with a valid example, and says in a comment on each line what the field takes: its type, its
 * range, the values of an enum, the terms of a taxonomy. A translation's scaffold (index.fr.md) holds only
 * the translatable fields. With --branch the file is committed on a new branch instead of being written,
 * without touching the current branch, the index or the working tree.
 *
 * The only module besides gitinfo that includes <git2.h>: its libgit2 objects never leave contrib.c.
 */
#ifndef JISITE_CONTRIB_H
#define JISITE_CONTRIB_H

#include <stdbool.h>
#include <stdio.h>

#include "schema.h"
#include "util/diag.h"
#include "util/strbuf.h"
#include "value.h"

/* What a scaffold is made from. */
struct contrib_scaffold {
	const struct schema *schema;
	bool translation;  /* only the translatable fields: a translation of an existing item */
	const char *what;  /* for the comment at the top: "A new item of resources", "The fr translation of …" */
	const char *today; /* YYYY-MM-DD: the placeholder of dates and date-times */
	/* The terms of the taxonomy whose field is name (a map of term names to labels), or NULL when
	 * name is no taxonomy's field. NULL: no field is. */
	const struct value *(*terms)(void *ctx, const char *name);
	void *ctx;
};

/* Appends the scaffold of sc to out: front matter between '---' lines, then a placeholder body.
 * Nothing is read: the result depends on sc alone. */
void contrib_scaffold(struct strbuf *out, const struct contrib_scaffold *sc);

struct contrib_options {
	const char *collection;
	const char *slug;
	const char *lang; /* NULL or the default language: a new item; another: a translation of one */
	bool branch;      /* commit on contrib/<collection>/<slug> instead of writing the file */
	const char *today; /* YYYY-MM-DD (datetime_today): the placeholder of dates */
};

/* contrib_new's status for a bad argument (unknown collection or language, bad slug). */
#define CONTRIB_USAGE (-2)

/*
 * Makes the scaffold of opts' item in the project in the current directory and writes it under content/
 * (never over an existing file), or with opts->branch commits it on the new branch
 * contrib/<collection>/<slug> (contrib/<collection>/<slug>.<lang> for a translation) with the author
 * of git's user.name and user.email. Says what it did and what to do next on out.
 * Returns 0; CONTRIB_USAGE after reporting a bad argument; -1 after reporting any other problem
 * (site.yaml, the file exists, no original to translate, git).
 */
int contrib_new(const struct contrib_options *opts, FILE *out, struct diag_list *diags);

#endif
