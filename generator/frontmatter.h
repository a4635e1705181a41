/* The load stage: reads every Markdown file of the scan, checks its size and encoding, and splits it into
 * front matter (YAML between two '---' lines at the top, loaded with positions) and body. */
#ifndef JISITE_FRONTMATTER_H
#define JISITE_FRONTMATTER_H

#include <stddef.h>

#include "cache.h"
#include "scan.h"
#include "source.h"
#include "util/arena.h"
#include "util/diag.h"

#define FRONTMATTER_MAX_FILE (1024 * 1024)

/*
 * Splits text (the whole file, named d->path) into d->meta, d->body, d->body_len, d->body_line and
 * d->body_blank;
 * d->body points into text. Invalid UTF-8, an unterminated block and YAML errors are reported
 * with their positions in the file. Returns 0 or -1.
 */
int frontmatter_parse(struct doc *d, struct arena *a, const char *text, size_t len, struct diag_list *diags);

/* Reads and parses every doc of scan; files over max_bytes are errors. Keeps the front matter and where
 * the body starts (body_offset, body_line), not the text: a site's Markdown can be larger than the memory
 * a build should take, and the render stage reads each body again when it renders it.
 * With a cache (or NULL), a doc whose stamp (from the scan) is the cached one is not read: its front
 * matter is decoded from the cache. Every doc gets its digest and encoded front matter (see struct doc).
 * The files are read in up to jobs threads when the source allows it; the problems come in the order of
 * the docs all the same. Returns 0, or -1 when any failed. */
int frontmatter_load_all(struct scan *scan, struct arena *a, struct source *src, size_t max_bytes,
			 struct cache *cache, size_t jobs, struct diag_list *diags);

#endif
