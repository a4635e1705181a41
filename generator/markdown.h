/* Markdown → HTML through cmark-gfm: the only module that includes cmark-gfm's headers.
 *
 * GitHub-flavoured extensions (tables, strikethrough, autolinks, task lists, footnotes) are on. Raw HTML is
 * never passed through as written: in a page that has any, the whole rendered HTML goes through
 * html_sanitize (an HTML5 parser and an allow-list; see html_sanitize.h), which keeps safe elements
 * (<details>, <aside>, <figure>…), drops the rest with a warning at its place in the file, gives an
 * editor's a href and img src the link policy below (and the callback), and keeps an editor's id only when
 * no heading nor earlier element has it. A page without raw HTML is rendered without the parser, to the
 * same bytes as ever; raw HTML's own text is not in the plain text. Headings get ids made from their text
 * ("Codes of conduct" → id="codes-of-conduct"; repeated headings get "-1", "-2"), so sections can be
 * linked to. Every link and image URL, autolinks included, goes through a policy: absolute URLs must use
 * http, https or mailto (images: http or https), and protocol-relative ones ("//host/…") are refused;
 * anything else, such as javascript:, is an error with its position, and the URL is emptied. Relative URLs
 * are handed to the caller's callback, which may replace them (a link to another content file becomes that
 * page's URL) or report an error.
 *
 * Rendering is pure: the same text and callback answers give the same bytes.
 */
#ifndef JISITE_MARKDOWN_H
#define JISITE_MARKDOWN_H

#include <stddef.h>

#include "util/diag.h"
#include "util/strbuf.h"

enum markdown_link_kind {
	MARKDOWN_LINK,
	MARKDOWN_IMAGE
};

struct markdown_link {
	enum markdown_link_kind kind;
	const char *url; /* as written in the source (escapes and entities decoded), NUL-terminated */
	/* Where the link or image starts ('[', '!', '<' or a bare URL's first character) in the file
	 * (line_offset applied), 1-based; col counts characters. Exact except on a paragraph's later line
	 * whose text does not start in the column the first line's does (indented, or lazy in a block quote):
	 * cmark counts from the first line's column there. */
	unsigned line, col;
};

/*
 * Called for every relative link or image URL (no scheme, not starting with '//'), a bare "#fragment"
 * included (the caller checks that the page has that id). Either leaves replacement empty (the URL stays as written), or appends the URL to use
 * instead. Returns 0; MARKDOWN_UNLINK to keep only the link's text (or the image's description): what it
 * points at is not part of this output, as in an offline copy of a part of the site; or -1 after reporting
 * an error itself (the link is then left as written and markdown_render returns -1 when it is done).
 */
#define MARKDOWN_UNLINK 1
typedef int (*markdown_link_fn)(void *ctx, const struct markdown_link *link, struct strbuf *replacement);

struct markdown_options {
	const char *path;      /* the file, for diagnostics */
	unsigned line_offset;  /* lines before the body in the file (front matter): added to every line */
	markdown_link_fn link; /* may be NULL: relative URLs stay as they are */
	void *ctx;
	struct diag_list *diags;
	/* ids the page around the text already has (the theme's, such as "main"): no heading takes one */
	const char *const *reserved_ids;
	size_t nreserved_ids;
};

/* Call once before any markdown_render (registers cmark-gfm's extensions). Safe to call again. */
void markdown_init(void);

/*
 * Renders text[0..len) as HTML, appended to html. When plain is not NULL, also appends the text content
 * (no markup and not HTML-escaped; a line per block, table cells separated by spaces, image alt text
 * included) for search indexes and summaries. text should be valid UTF-8 (invalid bytes pass through;
 * nothing breaks). Returns 0, or -1 after adding at least one error to opts->diags or after the link
 * callback returned -1 (html is then still complete, with offending URLs emptied). Text over one of the
 * bounds of markdown_limits.h (what cmark-gfm would take more than linear time over) is not rendered at
 * all: one error at the place that is over, nothing appended, -1.
 */
int markdown_render(struct strbuf *html, struct strbuf *plain, const char *text, size_t len,
		    const struct markdown_options *opts);

#endif
