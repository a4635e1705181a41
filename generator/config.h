/* site.yaml: the site's identity, its languages, collections, taxonomies and menu.
 * First stage of the pipeline; everything after it reads struct config and never site.yaml itself. */
#ifndef JISITE_CONFIG_H
#define JISITE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "schema.h"
#include "source.h"
#include "util/arena.h"
#include "util/diag.h"
#include "value.h"

struct config_language {
	const char *code; /* "en", "ar", "zh" */
	const char *name; /* its own name: "English", "العربية" */
	bool rtl;
};

struct config_collection {
	const char *name;   /* folder under content/ and first part of its URLs */
	const char *layout; /* layout of an item page; default "item" */
	const char *list_layout; /* layout of the listing pages; default "list" */
	const char *sort_field;  /* front-matter field the listing is sorted by; default "title" */
	bool sort_descending;
	unsigned per_page; /* items per listing page; 0: all on one page */
	const struct schema *schema; /* NULL: any fields (only a title is required) */
	const struct value *where; /* the collection's entry in site.yaml, for positions */
	bool members; /* `audience: members`: every text of it is for members only (publish.h) */
	/* Set by the build, not read from site.yaml: a collection for members in the public build, which
	 * has no listing, feed, menu entry, home list or search of it (build.c's stage_config) */
	bool left_out;
};

struct config_taxonomy {
	const char *name;  /* URL part and translation key: "topics" */
	const char *field; /* front-matter field holding the terms: a string or a list of strings */
	const struct value *where;
};

/* `home:` a list the home page shows, under the heading ui.home_<name>: the items of some collections
 * that are upcoming (soonest first), the newest (by field, newest first), or marked `featured: true`. */
enum config_home_show { HOME_UPCOMING, HOME_NEWEST, HOME_FEATURED };

struct config_home_list {
	const char *name; /* a slug: its heading is ui.home_<name>, its CSS class home-<name> */
	const struct config_collection **collections;
	size_t ncollections;
	enum config_home_show show;
	const char *by; /* the date (or year) field it is sorted by and shows; NULL: featured, by title */
	unsigned count;
	const struct value *where;
};

/* A menu entry names a plain page ("about"), a collection ("resources") or a taxonomy ("topics"). */
struct config_menu_entry {
	const char *target;
	const struct value *where;
};

struct config {
	const char *path; /* "site.yaml" as named in diagnostics */
	const char *title;
	const char *base_url; /* absolute, ends with '/' */
	const char *repo_url; /* may be NULL */
	const char *repo_branch;
	const struct config_collection *repo_submit; /* the collection the "submit" page offers a scaffold of */
	const char *theme;
	/* as many as site.yaml lists: every per-language array of later stages has nlanguages entries */
	struct config_language *languages;
	size_t nlanguages;
	size_t default_language; /* index into languages */
	struct config_collection *collections;
	size_t ncollections;
	struct config_taxonomy *taxonomies;
	size_t ntaxonomies;
	const struct schema *page_schema; /* plain pages, the home page and listing introductions */
	const struct schema *chapter_schema; /* chapters of items */
	const char *chapter_layout; /* default "chapter" */
	struct config_menu_entry *menu;
	size_t nmenu;
	struct config_menu_entry *footer; /* `footer:` the pages the footer links to, named as in the menu */
	size_t nfooter;
	/* `feeds:` the collections published as an Atom feed of each language, a podcast (RSS 2.0) feed and
	 * an iCalendar file of events; none when site.yaml does not name them */
	const struct config_collection **feed_atom;
	size_t nfeed_atom;
	const struct config_collection *feed_podcast;
	const struct config_collection *feed_calendar;
	/* `search:` the collections the search page finds and the taxonomies it filters by; no search page
	 * when nsearch is 0 */
	const struct config_collection **search;
	size_t nsearch;
	const struct config_taxonomy **search_facets;
	size_t nsearch_facets;
	struct config_home_list *home; /* `home:` the home page's lists, in their order */
	size_t nhome;
	/* `feeds: epoch` the day the site began: the date of what has none, in seconds and as YYYY-MM-DD;
	 * `feeds: tag_authority` "example.org,2018", whose tag URIs name podcast episodes */
	int64_t epoch;
	const char *epoch_day;
	const char *tag_authority;
	/* `license:` the licence of the content, named and linked in every page's footer; NULL when none */
	const char *license_name;
	const char *license_url;
	const struct value *root; /* the whole file, for later stages that read more of it */
	/* Set by the build, not read from site.yaml: this is the members' build (build --audience members) */
	bool members_build;
};

/*
 * Parses the text of site.yaml (named path in diagnostics) into cfg; everything lives in arena a.
 * Missing required keys and bad values are errors, unknown keys warnings, all with positions.
 * Returns 0, or -1 after reporting errors.
 */
int config_parse(struct config *cfg, struct arena *a, const char *path, const char *text, size_t len,
		 struct diag_list *diags);

/*
 * Reads site.yaml (at most 1 MiB) through src and parses it into cfg, as config_parse does: the one way
 * every command reads the site's configuration. Returns 0, or -1 after reporting why (a file that cannot
 * be read is an error at site.yaml:1:1 naming the system's reason).
 */
int config_load(struct config *cfg, struct arena *a, struct source *src, struct diag_list *diags);

/* Sets what a build for audience makes of cfg: members_build, and left_out on each collection for members
 * only when the build is the public one (members false). */
void config_set_audience(struct config *cfg, bool members);

/* Index of the language with this code, or -1. */
int config_language_index(const struct config *cfg, const char *code, size_t len);
/* The collection named name, or NULL. */
const struct config_collection *config_find_collection(const struct config *cfg, const char *name);

/* True for names that are safe as one URL path segment: lowercase ASCII letters, digits and '-', not
 * starting or ending with '-'. Slugs, collection, taxonomy and term names all follow it. */
bool config_valid_slug(const char *s, size_t len);

#endif
