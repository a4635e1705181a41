/* The model stage: from the loaded files, the whole site as it will be published, before anything is
 * rendered. Items (home, plain pages, collection items, listing introductions) gather their original and
 * translations; pages are what gets written: every item, listing page, taxonomy and term page exists in
 * every language (a language without a translation shows the original, marked as such).
 *
 * Pages come in groups, one page per language: pages[group * nlanguages + lang], so the same page in the
 * other languages is found by index, never by search.
 */
#ifndef JISITE_SITE_H
#define JISITE_SITE_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"
#include "digest.h"
#include "i18n.h"
#include "scan.h"
#include "util/arena.h"
#include "util/diag.h"
#include "value.h"

struct site_path;

struct item {
	enum doc_role role;
	const struct config_collection *collection; /* items and introductions */
	const char *slug;
	const char *chapter; /* chapters: the chapter's name; otherwise "" */
	const char *dir; /* where its page is published, without the language: "resources/x/", "" for home */
	struct doc *original;
	/* per language (cfg->nlanguages entries, in the build arena): */
	struct doc **text;   /* each language's own text, or NULL: the original is shown */
	struct value **meta; /* front matter per language: translation over original */
	size_t group; /* its page group */
	struct item *parent;    /* chapters: the item they belong to */
	struct item **chapters; /* an item's chapters, in the order of its `chapters` field */
	size_t nchapters;
	size_t print_group; /* an item with chapters: its printable page */
};

struct term {
	const char *name; /* the term as written in front matter: "social-media" */
	struct item **items;
	size_t nitems, alloc;
	size_t group; /* the first page of its listing */
};

struct taxonomy_terms {
	const struct config_taxonomy *taxonomy;
	struct term *terms; /* sorted by name */
	size_t nterms;
	size_t group; /* the page listing its terms */
};

enum page_kind {
	PAGE_HOME,
	PAGE_PAGE,
	PAGE_ITEM,
	PAGE_LIST,
	PAGE_TAXONOMY,
	PAGE_TERM,
	PAGE_CHAPTER,
	PAGE_PRINT,    /* an item with chapters, all on one page to print */
	PAGE_DOWNLOADS, /* the offline copies and e-books to download */
	PAGE_SUBMIT,    /* how to propose an item of cfg->repo_submit, in the repository's web editor */
	PAGE_SEARCH     /* searches cfg->search's collections (search.h) */
};

struct page {
	enum page_kind kind;
	size_t lang;
	size_t group;
	const char *path; /* in the output: "en/resources/x/" (a directory, holding index.html) */
	const char *dir;  /* the same without the language: "resources/x/" */
	struct item *item; /* home, plain page, item; a listing's introduction (may be NULL) */
	const struct config_collection *collection; /* items and listings */
	struct taxonomy_terms *taxonomy; /* taxonomy and term pages */
	struct term *term;
	struct item **items; /* a listing page's share of its items, in order */
	size_t nitems;
	unsigned number, count; /* a listing page's number (from 1) and how many pages the listing has */
};

struct site {
	const struct config *cfg;
	const struct i18n *i18n;
	struct item *items;
	size_t nitems;
	struct item *home; /* NULL when content/index.md is missing */
	struct taxonomy_terms *taxonomies; /* one per cfg->taxonomies */
	size_t *collection_groups; /* per cfg->collections: the first page of its listing */
	size_t *menu_groups; /* per cfg->menu: the page the entry leads to; SIZE_MAX while its page is left out */
	size_t *footer_groups; /* per cfg->footer: the same */
	size_t downloads_group;
	size_t submit_group; /* SIZE_MAX when the site has no submit page */
	size_t search_group; /* SIZE_MAX when the site has no search page */
	struct page *pages;
	size_t npages, ngroups;
	/* for links between files: every doc path and item folder, sorted */
	struct site_path *paths;
	size_t npaths;
	/* the docs left out (doc->omitted), by path, and the folders of items left out whole, sorted */
	struct site_path *omitted;
	size_t nomitted;
	struct scan *scan;
	const char *today; /* YYYY-MM-DD: what is upcoming and what is past (datetime_today); set by the model
			    * stage */
};

/* Builds the model from scan (loaded), in arena a, and reports every problem. A doc that reported an
 * error (in loading, or in building its item) is left out of the model (doc->omitted = DOC_BROKEN), with
 * its whole item when it is the original, so that the later stages go on and report theirs. Returns 0
 * when the model holds what was not left out, or -1 when it cannot be rendered (an error in site.yaml or
 * the translations that no doc can be left out for). */
int site_build(struct site *s, struct arena *a, struct scan *scan, const struct config *cfg,
	       const struct i18n *i18n, struct diag_list *diags);

/* The item whose file or folder is path ("content/resources/x/index.fr.md", "content/resources/x"), or NULL. */
struct item *site_find_item(const struct site *s, const char *path);
/* The doc left out of the site (doc->omitted) whose file, or whose item's folder, is path; or NULL. */
const struct doc *site_find_omitted(const struct site *s, const char *path);
/* Who holds attachment f: the nearest folder above it that is an item's, published (*item) or left out
 * (*omitted, its doc); both NULL when there is none. */
void site_file_owner(const struct site *s, const struct attachment *f, const struct item **item,
		     const struct doc **omitted);
/* The attachment at path ("content/resources/x/a.pdf"), or NULL. */
const struct attachment *site_find_file(const struct site *s, const char *path);
/* The page of group in language lang. */
static inline struct page *site_page(const struct site *s, size_t group, size_t lang)
{
	return &s->pages[group * s->cfg->nlanguages + lang];
}
/* The title of an item in lang (from its front matter), or NULL. */
const char *site_item_title(const struct item *it, size_t lang);
/* The text whose body a page of it in lang shows: lang's own, unless it has none or translates only the
 * front matter (a blank body); then the original's. */
static inline const struct doc *site_body_doc(const struct item *it, size_t lang)
{
	const struct doc *d = it->text[lang];

	return d && (!d->body_blank || !it->original || d == it->original) ? d : it->original;
}

/* A digest of the whole model: every record of the scan, the items, terms and pages, with the values they
 * hold and where each lies in memory. The model is complete when the model stage ends and only read
 * afterwards; the build checks that with it (JISITE_CHECK_MODEL, build.h). */
void site_digest(const struct site *s, unsigned char out[DIGEST_LEN]);

#endif
