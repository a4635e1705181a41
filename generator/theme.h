/* A theme: themes/<name>/layouts/NAME.mustache (one per kind of page, and parents such as a base layout),
 * themes/<name>/partials/NAME.mustache, themes/<name>/static/ (copied to assets/ in the output) and
 * themes/<name>/epub.css (the e-books' stylesheet). Every template is compiled once when the theme is
 * loaded, and every partial it names is checked then. */
#ifndef JISITE_THEME_H
#define JISITE_THEME_H

#include <stdbool.h>
#include <stddef.h>

#include "mustache.h"
#include "scan.h"
#include "source.h"
#include "util/arena.h"
#include "util/diag.h"

struct theme_template {
	const char *name; /* "page" for layouts/page.mustache, "header" for partials/header.mustache */
	const char *path;
	int is_layout;
	struct mustache_template *t;
};

struct theme {
	const char *name;
	struct theme_template *templates; /* sorted by kind (partials first), then name */
	size_t ntemplates;
	struct mustache_partials partials; /* finds partials, then layouts, by name: for rendering */
	struct attachment *files; /* static files: path in the project, out under assets/ (stylesheets and
				   * scripts with their content's hash in the name) */
	size_t nfiles, files_alloc;
	/* epub.css, read once: what every e-book of the build carries and what their keys hold (NULL, 0
	 * without one: readers use their own style) */
	const char *epub_css;
	size_t epub_css_len;
	/* the ids its templates give elements as written (id="main"; not id="{{x}}"): places on every page
	 * that links may name, sorted */
	const char **ids;
	size_t nids;
};

/* Whether a template of the theme gives an element the id id. */
bool theme_has_id(const struct theme *th, const char *id);

/* Loads themes/<name> through src. Returns 0 or -1 (with errors reported). */
int theme_load(struct theme *th, struct arena *a, struct source *src, const char *name, struct diag_list *diags);
/* Frees the compiled templates (the rest lives in the arena). */
void theme_release(struct theme *th);

/* The layout called name, or NULL. */
const struct mustache_template *theme_layout(const struct theme *th, const char *name);

#endif
