/* EPUB 3 files of a multi-chapter product, for reading offline on e-readers and phones.
 *
 * An EPUB is a ZIP (made by zipfile.h, so the same book gives the same bytes) holding a package document,
 * a navigation document, one XHTML document per chapter and a stylesheet. Chapters arrive as the HTML
 * fragments the Markdown renderer produces; they are turned into well-formed XML on the way in (values
 * given to attributes that have none, characters XML cannot hold replaced, HTML entities made numeric),
 * and one that cannot be is reported rather than written broken.
 */
#ifndef JISITE_EPUB_H
#define JISITE_EPUB_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "util/diag.h"
#include "util/strbuf.h"

struct epub_chapter {
	const char *name;  /* file stem: "guiding-principles" becomes guiding-principles.xhtml; unique, [a-z0-9-] */
	const char *title; /* plain text */
	const char *html;  /* the body: an HTML fragment from markdown_render(), links between chapters
			    * already pointing at "<name>.xhtml" */
};

struct epub_book {
	const char *identifier;     /* dc:identifier, written as given: the product's URL will do */
	const char *title;          /* plain text */
	const char *language;       /* BCP 47: "en", "ar", "zh" */
	bool rtl;                   /* right to left: the spine's page progression and every document's dir */
	const char *modified;       /* dcterms:modified, "CCYY-MM-DDThh:mm:ssZ" */
	const char *contents_title; /* the navigation document's heading, translated ("Contents") */
	const char *stylesheet;     /* CSS for every document, stored as style.css; may be NULL when empty */
	size_t stylesheet_len;
	const struct epub_chapter *chapters; /* in reading order; at least one */
	size_t nchapters;
	time_t time; /* the modification time of every file in the ZIP */
};

/*
 * Appends the EPUB's bytes to out. Every string of book but the stylesheet must be set (a NULL one is a
 * bug in the caller). Returns 0, or -1 after reporting every problem into diags at path (a chapter name
 * that is not [a-z0-9-]+, "nav" or a repeat; a malformed modified; a fragment that is not well-formed);
 * out is then left as it was. Unknown HTML entities in a fragment are kept as text, with a warning.
 */
int epub_write(struct strbuf *out, const struct epub_book *book, const char *path, struct diag_list *diags);

#endif
