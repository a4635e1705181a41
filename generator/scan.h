/* The scan stage: walks content/ and says what each file is, without reading any of them.
 *
 * content/index.md            the home page (index.fr.md: its French translation)
 * content/about.md            a plain page ("about"), about.fr.md its translation
 * content/resources/index.md  the introduction of a collection's listing
 * content/resources/x/index.md an item of the collection; other files in its folder are attachments
 * content/products/x/scope.md  a chapter of item x (scope.fr.md its translation), ordered by x's
 *                              `chapters` field
 * Top-level folders must be collections of site.yaml. Names are URL segments: lowercase letters, digits
 * and hyphens. Dot files are ignored. A symbolic link to a folder inside content/ is walked as that
 * folder; one that leaves content/, or that leads back to a folder that holds it (a walk through it would
 * never end), is an error, reported once at the link.
 */
#ifndef JISITE_SCAN_H
#define JISITE_SCAN_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"
#include "digest.h"
#include "source.h"
#include "util/arena.h"
#include "util/diag.h"
#include "value.h"

enum doc_role {
	DOC_HOME,
	DOC_PAGE,
	DOC_INTRO, /* a collection's listing introduction */
	DOC_ITEM,
	DOC_CHAPTER /* a part of an item, with a page of its own */
};

/* Why a doc is left out of the site (the model skips it, links to it are checked against it), or
 * DOC_PUBLISHED. */
enum doc_omission {
	DOC_PUBLISHED,
	DOC_BROKEN, /* loading it or building its item reported an error: reported, not built */
	DOC_DRAFT,  /* `draft: true`, in a build without drafts */
	DOC_HELD,   /* its `publish_after` is later than the build */
	DOC_MEMBERS /* `audience: members`, in the public build: no byte of it in any output or cache */
};

/* One Markdown file: an original or a translation. */
struct doc {
	const char *path; /* "content/resources/x/index.fr.md" */
	const char *dir;  /* "content/resources/x": relative links start here */
	enum doc_role role;
	const struct config_collection *collection; /* items and introductions */
	const char *slug; /* items, chapters (their item's) and pages; "" for the home page and introductions */
	const char *chapter; /* chapters: the chapter's own name; otherwise "" */
	size_t lang;      /* index into config.languages */
	bool original;    /* written without a language suffix: the default language's text */
	/* Filled by the load stage: */
	struct value *meta; /* the front matter: a map (empty when there is none) */
	bool meta_salvaged; /* loading meta failed (DOC_BROKEN), but every field that is well formed is there */
	const char *body; /* NULL once loaded by frontmatter_load_all: the render stage reads it again */
	size_t body_len;
	size_t body_offset; /* bytes before the body in the file */
	unsigned body_line; /* lines before the body in the file */
	bool members;       /* for members only (publish.h), in either build; set by publish_decide */
	bool body_blank;    /* the body is only white space: a translation of the front matter alone shows
			     * the original's body (site_body_doc) */
	struct source_stamp stamp; /* what the file was when it was scanned (source.h) */
	/* Filled by the load stage for the build cache: the SHA-256 of its bytes, and its
	 * front matter encoded for the next build's cache (NULL when loading it reported anything: a file
	 * with diagnostics is read again every time, so they are never lost). */
	unsigned char digest[DIGEST_LEN];
	const char *meta_enc;
	size_t meta_enc_len;
	unsigned char meta_digest[DIGEST_LEN]; /* of meta_enc */
	/* Originals: where each field of meta is in meta_enc, its offset and length (two numbers a field,
	 * nmeta_fields of them; NULL without meta_enc). The search's keys take a translated item's original
	 * fields from there (search.c). */
	const size_t (*meta_fields)[2];
	size_t nmeta_fields;
	/* The body's links to files ("<kind><url>\0" records, see cache.h), from the cache when the bytes are
	 * the cached ones (links_known); the render stage records them anew for the bodies it renders, in a
	 * table of its own (render.h's render_links). */
	const char *links;
	size_t links_len;
	bool links_known;
	/* Filled by the load stage from git (gitinfo.h), or the file's modification time outside a
	 * repository: */
	char updated[11]; /* the day of its last change, YYYY-MM-DD ("" when unknown) */
	/* Filled by the model stage, the last to write a doc: */
	bool outdated;    /* a translation whose original changed after it */
	/* Filled by the load stage (broken front matter, drafts, embargoes) and the model stage (an item that
	 * reported an error): why the doc is not published */
	enum doc_omission omitted;
};

/* A file beside an item, copied as it is. */
struct attachment {
	const char *path; /* "content/resources/x/report.pdf" */
	const char *out;  /* "resources/x/report.pdf": where it is published, the same for every language */
	struct source_stamp stamp; /* from the scan; all zero for a theme's files */
};

struct scan {
	struct doc *docs;
	size_t ndocs, docs_alloc;
	struct attachment *files;
	size_t nfiles, files_alloc;
};

/* Walks content/ through src. Everything lives in arena a. Every problem is reported; returns 0, or -1
 * when any error was found. */
int scan_content(struct scan *out, struct arena *a, struct source *src, const struct config *cfg,
		 struct diag_list *diags);

#endif
