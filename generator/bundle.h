/* Offline copies and e-books: for courts that read the site from disk, with nothing to fetch.
 *
 *   downloads/site-<lang>.zip          one language's whole site (the downloads page excepted), its assets
 *                                      and every attachment, opened from index.html
 *   downloads/<product>-<lang>.zip     a knowledge product in one language: its pages, its printable page,
 *                                      its EPUB and its attachments
 *   downloads/<product>-<lang>.epub    the product as an EPUB 3 e-book
 *
 * Pages in a copy are rendered offline (render.h): links end in index.html, and links to what the copy does
 * not hold are left out. Archives are deterministic (zipfile.h): sorted entries, one fixed time, fixed
 * permissions, so the same content gives the same bytes and the same checksum.
 */
#ifndef JISITE_BUNDLE_H
#define JISITE_BUNDLE_H

#include <stddef.h>
#include <time.h>

#include "render.h"
#include "site.h"
#include "source.h"
#include "theme.h"
#include "util/arena.h"
#include "util/diag.h"
#include "util/strbuf.h"

enum bundle_kind {
	BUNDLE_SITE,
	BUNDLE_PRODUCT,
	BUNDLE_EPUB
};

struct bundle {
	enum bundle_kind kind;
	size_t lang;
	const struct item *product; /* products and e-books: the item with chapters */
	const char *file;           /* in the output: "downloads/site-fr.zip" */
};

/* Every bundle of the site, in the order the downloads page shows them: each language's site, then each
 * product's archive and e-book per language. Returns how many, in *out (arena a). */
size_t bundle_list(const struct site *s, struct arena *a, struct bundle **out);

/* The day the newest text of language lang's copy changed ("" when none says): the first part of the
 * copy's release (bundle_make), which the copy's key must therefore hold. Borrowed from s. */
const char *bundle_release_day(const struct site *s, size_t lang);

/* Whether page p belongs in bundle b (the pages an e-book is made from for BUNDLE_EPUB). */
bool bundle_has_page(const struct site *s, const struct bundle *b, const struct page *p);
/* Whether attachment f belongs in bundle b: an e-book holds none, and no bundle holds the attachments of an
 * item left out of the site (publish.h). */
bool bundle_has_file(const struct site *s, const struct bundle *b, const struct attachment *f);

/* How bundle_make() works. */
struct bundle_env {
	time_t time; /* stamps every entry, and dates an e-book none of whose texts has a date */
	size_t jobs; /* how many threads deflate the entries */
	/* the archive this one replaces, made by this generator (an incremental build), or NULL: an entry whose
	 * bytes it holds already is taken as it is packed there (checked: inflated, it must be those bytes) */
	const char *previous;
	size_t previous_len;
	/* reads the file the build wrote at rel into out (0, or -1 when it cannot): a copy's search index is
	 * the one online, made once; NULL makes it again */
	int (*read_built)(void *ctx, const char *rel, struct strbuf *out);
	void *ctx;
	/* the bodies the render stage wrote that are the same offline (render.h), or NULL: rendered again */
	const struct render_bodies *bodies;
};

/* Makes bundle b into out: renders its texts (but those env->bodies holds) and pages offline (into a table of
 * its own: the model is only read) and archives them with the theme's assets and the attachments it holds. A site copy also holds its manifest.json (update.h),
 * which names its release: the day its newest text changed and a digest of what it holds
 * ("2026-12-03-4f1c2ab"), which its home page and update.html say too. Returns 0 or -1. */
int bundle_make(struct strbuf *out, const struct bundle *b, const struct site *s, const struct theme *th,
		struct source *src, const struct bundle_env *env, struct diag_list *diags);

#endif
