/* Raw HTML made safe: a page's rendered HTML parsed as an HTML5 fragment and written again from the parsed
 * tree through an allow-list of elements and attributes (the table at the top of html_sanitize.c, described
 * in README.md). The only module that includes gumbo's header.
 *
 * Gumbo: a parser that follows the HTML5 specification (so it parses as browsers do), packaged by Debian,
 * with no dependencies; libxml2's HTML parser is HTML4 and does not parse like browsers.
 */
#ifndef JISITE_HTML_SANITIZE_H
#define JISITE_HTML_SANITIZE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/diag.h"
#include "util/strbuf.h"

/* Elements nested deeper than this (as counted from the tags) and a page's HTML is not parsed at all: the
 * parser slows down with the square of the nesting. Browsers stop nesting at 512. */
#define HTML_SANITIZE_MAX_DEPTH 1000
#define HTML_SANITIZE_MAX_DEPTH_TEXT "1000"

enum html_url_kind {
	HTML_URL_LINK, /* a href */
	HTML_URL_IMAGE /* img src */
};

#define HTML_SANITIZE_UNWRAP 1

struct html_sanitize_options {
	const char *path; /* the file, for diagnostics */
	struct diag_list *diags;
	void *ctx;
	/*
	 * Where byte off of the HTML was written in the file (line and column as diagnostics count them).
	 * Returns true when it is inside raw HTML the editor wrote, false when it is markup cmark-gfm wrote
	 * itself (whose URLs and ids were checked already); line and col are then the nearest guess, or 0.
	 */
	bool (*where)(void *ctx, size_t off, unsigned *line, unsigned *col);
	/*
	 * The URL policy for an editor's a href or img src, at line:col: returns 0 with replacement left empty
	 * (keep the URL) or holding the URL to write instead; HTML_SANITIZE_UNWRAP to keep only the link's
	 * content (an image is dropped); or -1 when the URL is refused, after reporting why (the attribute is
	 * dropped).
	 */
	int (*url)(void *ctx, enum html_url_kind kind, const char *url, unsigned line, unsigned col,
		   struct strbuf *replacement);
	/* Claims id for an element the editor wrote: false when the page already has it. */
	bool (*claim_id)(void *ctx, const char *id, size_t len);
	/* Records an id that cmark-gfm's own markup carries, so an editor's element cannot take it later. */
	void (*note_id)(void *ctx, const char *id, size_t len);
};

/*
 * Parses html[0..len) as the content of a <body> and appends to out what is allowed of it, serialized from
 * the parse tree: lowercase names, attributes in source order, "&<>\"" escaped in text and attribute
 * values, void elements as "<br />". Every element or attribute dropped from the editor's HTML is a warning
 * at its place (comments are dropped silently). Returns 0, or -1 when the url callback returned -1 or the
 * HTML was too deeply nested to check, or made the parser build too many elements (an error then; nothing
 * appended).
 */
int html_sanitize(struct strbuf *out, const char *html, size_t len, const struct html_sanitize_options *opts);

#endif
