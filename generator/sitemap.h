/* The sitemap, an output stage after the pages: every page of the site with its absolute URL, its
 * translations (xhtml:link hreflang, reciprocal, and x-default for the default language) and the day its
 * texts last changed. Past 50,000 URLs or 50 MB in one file, sitemap.xml becomes an index of
 * sitemap-1.xml, sitemap-2.xml… And robots.txt, which names it. */
#ifndef JISITE_SITEMAP_H
#define JISITE_SITEMAP_H

#include <stddef.h>

#include "digest.h"
#include "site.h"
#include "util/strbuf.h"

#define SITEMAP_MAX_URLS 50000
#define SITEMAP_MAX_BYTES ((size_t)50 * 1024 * 1024)

struct sitemap {
	const struct site *s;
	const char **lastmod; /* per page: "YYYY-MM-DD", or "" when unknown; borrowed from the model */
};

/* Works out every page's last change (cheap: no text is written). sitemap_release frees it. */
void sitemap_init(struct sitemap *sm, const struct site *s);
void sitemap_release(struct sitemap *sm);

/* Adds to dg everything the sitemap's bytes depend on: the base URL, the languages, and every page's
 * path, kind and last change. The same digest gives the same files. */
void sitemap_digest(const struct sitemap *sm, struct digest *dg);

/* Receives each file of the sitemap: rel ("sitemap.xml", "sitemap-2.xml") and its bytes, borrowed for
 * the call. Returns 0 or -1 (which stops the writing). */
typedef int sitemap_emit_fn(void *ctx, const char *rel, const char *data, size_t len);

/* Writes the sitemap through emit: sitemap.xml alone, or sitemap.xml as the index of sitemap-1.xml… each
 * within SITEMAP_MAX_URLS and SITEMAP_MAX_BYTES. *nfiles is set to the number of numbered files (0 for
 * one sitemap.xml). Returns 0, or -1 when emit failed. */
int sitemap_write(const struct sitemap *sm, sitemap_emit_fn *emit, void *ctx, size_t *nfiles);

/* Appends robots.txt: everything may be crawled, and the sitemap is there; in the members' build, nothing
 * may be (it has no sitemap). */
void sitemap_robots(struct strbuf *out, const struct config *cfg);

#endif
