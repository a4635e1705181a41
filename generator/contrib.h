/* `jisite new`: the file a contributor starts from, the scaffold (scaffold.h) of an item or of its
 * translation, made from the collection's schema in site.yaml and written under content/. With --branch
 * the file is committed on a new branch instead, without touching the current branch, the index or the
 * working tree.
 *
 * One of the four modules that include <git2.h> (with gitinfo.c, gitsource.c and review.c; see
 * gitinfo.h), for that commit alone: its libgit2 objects never leave contrib.c.
 */
#ifndef JISITE_CONTRIB_H
#define JISITE_CONTRIB_H

#include <stdbool.h>
#include <stdio.h>

#include "util/diag.h"

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
