/* The render stage: every Markdown body to HTML (once per file, whatever the number of languages that show
 * it), then every page through its layout. Rendering reads the model and the theme and writes only into
 * the buffer it is given, so pages can be rendered in any order, or in parallel. */
#ifndef JISITE_RENDER_H
#define JISITE_RENDER_H

#include "site.h"
#include "source.h"
#include "theme.h"
#include "util/arena.h"
#include "util/diag.h"
#include "util/strbuf.h"

/* Renders the body of every doc of the items in share `shard` of `nshards` (by page group, the share of
 * the pages that show them) into doc->html, in arena a. Links to other files become page URLs; a link
 * to a missing file, or leaving content/, is an error with its position. Returns 0 or -1. */
int render_markdown(struct site *s, struct arena *a, struct source *src, size_t shard, size_t nshards,
		    struct diag_list *diags);

/*
 * Checks that the theme has every layout the site needs (reported at site.yaml's collections, or for the
 * built-in kinds of pages, at the theme). Returns 0 or -1.
 */
int render_check_layouts(const struct site *s, const struct theme *th, struct diag_list *diags);

/* Renders page p into out (appending). scratch holds the page's context and is the caller's to reset.
 * Returns 0 or -1 (template errors are reported). */
int render_page(struct strbuf *out, const struct site *s, const struct theme *th, const struct page *p,
		struct arena *scratch, struct diag_list *diags);

/* Renders the root index.html, where a visitor chooses a language. Returns 0 or -1. */
int render_root(struct strbuf *out, const struct site *s, const struct theme *th, struct arena *scratch,
		struct diag_list *diags);

#endif
