/* The render stage: every Markdown body to HTML (once per file, whatever the number of languages that show
 * it), then every page through its layout. Rendering reads the model and the theme and writes only into
 * the buffer it is given, so pages can be rendered in any order, or in parallel. */
#ifndef JISITE_RENDER_H
#define JISITE_RENDER_H

#include <stdbool.h>
#include <string.h>
#include <sys/types.h> /* off_t */

#include "digest.h"
#include "site.h"
#include "source.h"
#include "theme.h"
#include "util/arena.h"
#include "util/diag.h"
#include "util/strbuf.h"

/* What pages are rendered for: the published site, an offline copy (a language's whole site, or one
 * knowledge product in one language), or an e-book. Offline, links end in index.html, and links to pages
 * outside the copy (other languages, the rest of the site for a product) are left out: lists drop them,
 * and a link in a text keeps its words only. */
enum render_mode {
	RENDER_ONLINE,
	RENDER_OFFLINE,
	RENDER_EPUB /* Markdown only: links between the book's parts lead to its XHTML files */
};

struct render_scope {
	enum render_mode mode;
	size_t lang; /* offline and e-book: the copy's language */
	const struct item *product; /* a product's copy or e-book: the item with chapters; NULL: a whole language */
	/* a language's offline copy: the release it is (update.h), which its home page and its update page
	 * say, and no other page, so that a new release changes no other page of the copy; NULL otherwise */
	const char *release;
};

extern const struct render_scope render_online;

/* Whether page p is part of scope's output. */
bool render_in_scope(const struct site *s, const struct render_scope *scope, const struct page *p);

/* The file in content/ a link of a text in folder dir names, into path: rel (the link without its query and
 * fragment) relative to dir, or site-absolute ("/resources/x/", "/fr/about/": see README). -1 when it
 * leads outside content/. */
int render_link_path(const struct site *s, const char *dir, const char *rel, struct strbuf *path);

/* Renders doc d for scope into out, reading its body through src, with links made for the page in folder
 * dir (without the language: "products/x/"), and heading ids that step around the theme th's. Returns 0
 * or -1. */
int render_doc_html(struct strbuf *out, const struct site *s, const struct theme *th, struct source *src,
		    const char *dir, const struct doc *d, const struct render_scope *scope, struct diag_list *diags);

/* The render stage's results besides the pages: the bodies as HTML, and the links each body makes.
 * Both are tables by doc (the doc's index in the scan), owned by whoever renders: the model is never
 * written after the model stage, so the same model serves every process and every bundle. */

/* A body as HTML: for its item's own page in any language (links are relative, and every language's
 * pages sit at the same depth), and for an item with chapters again for its printable page (a level
 * deeper). html is NULL for a body not rendered (not needed, or not this process's share). */
struct render_text {
	const char *html, *print;
	size_t html_len, print_len;
};

struct render_texts {
	struct render_text *docs; /* per doc of the scan */
	size_t ndocs;
	struct arena arena; /* the HTML */
	/* per doc: rendered before render_texts_forget, its diagnostics and links reported then; a body two
	 * batches need (a chapter, for its page and its book's printable page) is reported once */
	bool *reported;
};

/* An empty table for the docs of scan. */
void render_texts_init(struct render_texts *t, const struct scan *scan);
/* Forgets the HTML (the memory goes back to the table), keeping what was reported. */
void render_texts_forget(struct render_texts *t);
void render_texts_release(struct render_texts *t);

/* The links of a body to files, as "<kind><url>\0" records (cache.h): kind 'L' a link, 'I' an image; and
 * what render_check_fragments needs: "A<id>\0" for every id of the body's HTML, "F<line>:<col>:<url>\0"
 * for every link with a fragment. known: they may be trusted for the next build's cache and keys (the body
 * rendered without a diagnostic, or its bytes are the cached ones). */
struct render_links {
	const char *data;
	size_t len;
	bool known;
};

/* The record after rec in l ("<kind><text>\0" each), the first for NULL; NULL after the last:
 *   for (const char *r = NULL; (r = render_links_next(l, r));) */
static inline const char *render_links_next(const struct render_links *l, const char *rec)
{
	const char *next = rec ? rec + strlen(rec) + 1 : l->data;

	return next && next < l->data + l->len ? next : NULL;
}

/* Per doc of scan, the links the load stage found in the build cache (scan.h), into arena a. */
struct render_links *render_links_from_load(const struct scan *scan, struct arena *a);

/* The page groups a process renders: those in [lo, hi) with group % nshards == shard. A worker takes its
 * share in batches of groups, so that it holds the bodies of a batch, not of the whole site. */
struct render_share {
	size_t shard, nshards;
	size_t lo, hi;
	struct render_body_sink *bodies; /* may be NULL */
};

/*
 * Where render_markdown writes the HTML of each body that links to no other file and rendered without a
 * diagnostic: such a body is the same online and in an offline copy, so the copies take it from there
 * (render_bodies_take) instead of rendering it again. A file of the share's own, written as records of
 * the doc's index, the length and the bytes; after a failed write, nothing more is written.
 */
struct render_body_sink {
	int fd;
	bool broken;
};

/* Where the bodies render_markdown wrote into sinks[0..n) are, per doc of the scan (at 0: none). They
 * are read from the files when a copy needs them, not held: the page cache has them, and a copy's worker
 * reads its language's only. The files are closed by render_bodies_release. */
struct render_body_at {
	int fd;
	off_t at;
	size_t len;
};
struct render_bodies {
	struct render_body_at *docs;
	size_t ndocs;
	int *fds;
	size_t nfds;
};
void render_bodies_take(struct render_bodies *b, const struct scan *scan, const struct render_body_sink *sinks,
			size_t n);
/* Reads the body of d, as render_markdown wrote it, into arena a (NUL-terminated): 1; 0 when b (may be
 * NULL) does not hold it, or it cannot be read: the caller renders it. */
int render_bodies_read(const struct render_bodies *b, const struct scan *scan, const struct doc *d,
		       struct arena *a, const char **html, size_t *len);
/* How many bodies b holds. */
size_t render_bodies_count(const struct render_bodies *b);
void render_bodies_release(struct render_bodies *b);

/* Renders the body of every doc of the items whose pages are in share (a body its page and its book's
 * printable page show) into texts; with need (per item, or NULL for all), only the items whose pages
 * will be rendered. Links to other files become page URLs; a link to a missing file, or leaving content/,
 * is an error with its position. When links is not NULL, the links of each body are appended to it (with
 * whether it rendered without a diagnostic), for render_take_links. Returns 0 or -1. */
int render_markdown(const struct site *s, const struct theme *th, struct render_texts *texts, struct source *src,
		    const bool *need, const struct render_share *share, struct strbuf *links, struct diag_list *diags);
/* Takes the links render_markdown recorded (in a worker process) into the table links (per doc), their
 * bytes in arena a. */
void render_take_links(const struct site *s, struct render_links *links, struct arena *a, const char *data,
		       size_t len);

/* Checks every link with a fragment of the bodies (their records in links): "#x" must name an id of its own
 * page, "page.md#x" one of that page in the same language: a heading's, one written in the body, or one the
 * theme gives every page. Each that does not is an error at the link, with the closest id when one is
 * close. Links to listings and files are not checked. Returns 0 or -1. */
int render_check_fragments(const struct site *s, const struct theme *th, const struct render_links *links,
			   struct diag_list *diags);

/*
 * The build cache's keys. An item has two digests: what other pages show of it (links and listings: its
 * folder, its files' front matter, which languages it has, whether it is an upcoming event), and the
 * full one, which adds its files' bytes and where their links lead now; each is unknown when it cannot be
 * known without rendering (a file that reported something, links not recorded or leading nowhere). A
 * group's digest is its folder and its item's shown digest. The frame key covers what every page shows of
 * others: the home page and the menu. A page's key covers lang_key (the generator, options, site.yaml,
 * theme, the language's translations and the frame), its place (path, number, count, and for a taxonomy
 * its terms), its own item's full digest and the digests of every group it shows: its own, its
 * collection's, its taxonomy's, its book and chapters, its listing's items. The frame and page keys return
 * false when something they cover is unknown (the page must be rendered). A page whose key did not change
 * renders to the same bytes: whoever changes what a page context shows (page_map, site_context) changes
 * this too; the build's verify mode (JISITE_VERIFY_CACHE) renders every page anyway and reports a key that
 * missed.
 */
struct item_digest {
	unsigned char shown[DIGEST_LEN];
	/* per language (cfg->nlanguages entries, see render_item_digests_new): its page in that language */
	unsigned char (*full)[DIGEST_LEN];
	bool shown_known, *full_known;
	bool known; /* all of them */
};

/* An array of n item digests whose per-language arrays are allocated too, all in arena a, for
 * render_item_digest to fill. */
struct item_digest *render_item_digests_new(struct arena *a, const struct site *s, size_t n);

void render_item_digest(const struct site *s, const struct render_links *links, const struct item *it,
			struct item_digest *out);
void render_group_digests(const struct site *s, const struct item_digest *items, unsigned char (*groups)[DIGEST_LEN],
			  bool *groups_known);
bool render_frame_key(const struct site *s, const unsigned char (*groups)[DIGEST_LEN], const bool *known,
		      unsigned char key[DIGEST_LEN]);
bool render_page_key(const struct site *s, const struct page *p, const unsigned char lang_key[DIGEST_LEN],
		     const struct item_digest *items, const unsigned char (*groups)[DIGEST_LEN], const bool *known,
		     unsigned char key[DIGEST_LEN]);

/*
 * Checks that the theme has every layout the site needs (reported at site.yaml's collections, or for the
 * built-in kinds of pages, at the theme). Returns 0 or -1.
 */
int render_check_layouts(const struct site *s, const struct theme *th, struct diag_list *diags);

/* Renders page p for scope into out (appending). The entries of extra (a map, or NULL) are added to the
 * page's context (the downloads page's files). The texts it shows are taken from texts, rendered for that
 * scope. scratch holds the page's context and is the caller's to reset. Returns 0 or -1 (template errors
 * are reported). */
int render_page(struct strbuf *out, const struct site *s, const struct theme *th, const struct page *p,
		const struct render_scope *scope, const struct render_texts *texts, const struct value *extra,
		struct arena *scratch, struct diag_list *diags);

/* Renders update.html at the top of a language's offline copy (scope->release set): the copy's release,
 * how to bring it up to date with an update, and a check of the copy's files against its manifest, in the
 * copy's language. Returns 0, 1 when the theme has no layout "update" (the copy has no such page), or -1. */
int render_update_page(struct strbuf *out, const struct site *s, const struct theme *th,
		       const struct render_scope *scope, struct arena *scratch, struct diag_list *diags);

/* Renders the root index.html, where a visitor chooses a language (offline: the way into the copy).
 * Returns 0 or -1. */
int render_root(struct strbuf *out, const struct site *s, const struct theme *th, const struct render_scope *scope,
		struct arena *scratch, struct diag_list *diags);

/* Renders the page a host shows for an address with nothing behind it ("404.html"): language lang's
 * (layout "404"), or with lang SIZE_MAX the root's (layout "root-404"), which sends a reader to the page of
 * their language. Online only, its URLs paths from base_url's ("/en/"). Returns 0, 1 when the theme has no
 * such layout (the host shows its own), or -1 (template errors are reported). */
int render_not_found(struct strbuf *out, const struct site *s, const struct theme *th, size_t lang,
		     struct arena *scratch, struct diag_list *diags);

#endif
