/* site.yaml → struct config (see config.h): the first stage of every build. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "yamltree.h"
#include "util/datetime.h"
#include "util/strbuf.h"
#include "util/str.h"

struct reader {
	struct arena *a;
	const char *path;
	struct diag_list *diags;
};

static void error_at(struct reader *r, const struct value *v, const char *fmt, const char *arg)
{
	diag_error(r->diags, r->path, v && v->line ? v->line : 1, v && v->col ? v->col : 1, fmt, arg);
}

static void check_keys(struct reader *r, const struct value *map, const char *const *known, const char *where)
{
	value_map_warn_unknown_keys(map, known, r->path, where, r->diags);
}

/* A string value of map[key]; NULL when absent (an error if required) or not a string (always an error). */
static const char *get_string(struct reader *r, const struct value *map, const char *key, bool required)
{
	const struct value *v = value_map_get(map, key);

	if (!v || v->kind == VALUE_NULL) {
		if (required)
			error_at(r, map, "missing required key '%s'", key);
		return NULL;
	}
	if (v->kind != VALUE_STRING || !v->u.str.len || strlen(v->u.str.ptr) != v->u.str.len) {
		error_at(r, v, "'%s' must be a non-empty text", key);
		return NULL;
	}
	return v->u.str.ptr;
}

static const struct value *get_map(struct reader *r, const struct value *map, const char *key, bool required)
{
	const struct value *v = value_map_get(map, key);

	if (!v || v->kind == VALUE_NULL) {
		if (required)
			error_at(r, map, "missing required key '%s'", key);
		return NULL;
	}
	if (v->kind != VALUE_MAP) {
		error_at(r, v, "'%s' must be a map of names to settings", key);
		return NULL;
	}
	return v;
}

bool config_valid_slug(const char *s, size_t len)
{
	if (!len || s[0] == '-' || s[len - 1] == '-')
		return false;
	for (size_t i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return false;
	return true;
}

/* BCP 47-like: a 2 or 3 letter lowercase language, then optional "-Subtag"s ("zh-Hant", "pt-BR"). */
static bool valid_language_code(const char *s)
{
	size_t n = 0;

	while (s[n] >= 'a' && s[n] <= 'z')
		n++;
	if (n < 2 || n > 3)
		return false;
	for (s += n; *s; s++) {
		if (*s == '-' && s[1] && s[1] != '-')
			continue;
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')))
			return false;
	}
	return true;
}

static int load_languages(struct reader *r, struct config *cfg, const struct value *root)
{
	static const char *const known[] = { "code", "name", "direction", NULL };
	const struct value *list = value_map_get(root, "languages");
	const char *def;
	int ret = 0;

	if (!list || list->kind != VALUE_LIST || !list->u.list.len) {
		error_at(r, list ? list : root, "%s", "'languages' must list at least one language");
		return -1;
	}
	cfg->languages = arena_calloc(r->a, list->u.list.len, sizeof(*cfg->languages));
	for (size_t i = 0; i < list->u.list.len; i++) {
		const struct value *l = list->u.list.items[i];
		struct config_language *lang = &cfg->languages[cfg->nlanguages];
		const char *dir;

		if (l->kind != VALUE_MAP) {
			error_at(r, l, "%s", "a language is a map with 'code', 'name' and optionally 'direction'");
			ret = -1;
			continue;
		}
		check_keys(r, l, known, "a language");
		lang->code = get_string(r, l, "code", true);
		lang->name = get_string(r, l, "name", true);
		dir = get_string(r, l, "direction", false);
		if (!lang->code || !lang->name) {
			ret = -1;
			continue;
		}
		if (!valid_language_code(lang->code)) {
			error_at(r, value_map_get(l, "code"), "'%s' is not a language code like 'en' or 'pt-BR'",
				 lang->code);
			ret = -1;
		} else if (config_language_index(cfg, lang->code, strlen(lang->code)) >= 0) {
			error_at(r, value_map_get(l, "code"), "language '%s' is listed twice", lang->code);
			ret = -1;
		}
		if (dir && strcmp(dir, "ltr") && strcmp(dir, "rtl")) {
			error_at(r, value_map_get(l, "direction"), "direction '%s' must be 'ltr' or 'rtl'", dir);
			ret = -1;
		}
		lang->rtl = dir && !strcmp(dir, "rtl");
		cfg->nlanguages++;
	}
	def = get_string(r, root, "default_language", true);
	if (def) {
		int idx = config_language_index(cfg, def, strlen(def));
		if (idx < 0) {
			error_at(r, value_map_get(root, "default_language"), "default language '%s' is not in 'languages'",
				 def);
			ret = -1;
		}
		cfg->default_language = idx < 0 ? 0 : (size_t)idx;
	} else {
		ret = -1;
	}
	return ret;
}

/* "-year" sorts by year, newest first; "title" by title, A to Z. */
static int parse_sort(struct reader *r, struct config_collection *c, const struct value *map)
{
	const char *sort = get_string(r, map, "sort", false);

	c->sort_field = "title";
	c->sort_descending = false;
	if (!sort)
		return 0;
	c->sort_descending = sort[0] == '-';
	c->sort_field = sort + c->sort_descending;
	if (!*c->sort_field) {
		error_at(r, value_map_get(map, "sort"), "%s", "'sort' names a field, with '-' before it for descending");
		return -1;
	}
	return 0;
}

static int load_collection(struct reader *r, struct config_collection *c, const struct value *key,
			   const struct value *map)
{
	static const char *const known[] = { "layout", "list_layout", "sort", "per_page", "schema", "audience",
					     NULL };
	const struct value *per_page, *audience;
	int ret = 0;

	c->name = key->u.str.ptr;
	c->where = key;
	c->layout = "item";
	c->list_layout = "list";
	if (!config_valid_slug(key->u.str.ptr, key->u.str.len)) {
		error_at(r, key, "collection name '%s' must be lowercase letters, digits and hyphens", key->u.str.ptr);
		ret = -1;
	}
	if (map->kind == VALUE_NULL)
		return ret | parse_sort(r, c, map);
	if (map->kind != VALUE_MAP) {
		error_at(r, map, "collection '%s' must be a map of settings", c->name);
		return -1;
	}
	check_keys(r, map, known, "a collection");
	if (value_map_get(map, "layout"))
		c->layout = get_string(r, map, "layout", true);
	if (value_map_get(map, "list_layout"))
		c->list_layout = get_string(r, map, "list_layout", true);
	if (!c->layout || !c->list_layout)
		ret = -1;
	per_page = value_map_get(map, "per_page");
	if (per_page && (per_page->kind != VALUE_INT || per_page->u.i < 0 || per_page->u.i > 100000)) {
		error_at(r, per_page, "%s", "'per_page' must be a whole number (0 for a single page)");
		ret = -1;
	} else if (per_page) {
		c->per_page = (unsigned)per_page->u.i;
	}
	audience = value_map_get(map, "audience");
	if (audience && (audience->kind != VALUE_STRING || (strcmp(audience->u.str.ptr, "public") &&
							    strcmp(audience->u.str.ptr, "members")))) {
		error_at(r, audience, "%s", "'audience' must be public (everyone, the default) or members (registered "
			 "participants only)");
		ret = -1;
	} else if (audience) {
		c->members = !strcmp(audience->u.str.ptr, "members");
	}
	if (value_map_get(map, "schema") &&
	    !(c->schema = schema_parse(r->a, value_map_get(map, "schema"), r->path, r->diags)))
		ret = -1;
	return ret | parse_sort(r, c, map);
}

static int load_collections(struct reader *r, struct config *cfg, const struct value *root)
{
	const struct value *map = get_map(r, root, "collections", false);
	int ret = 0;

	if (!map)
		return value_map_get(root, "collections") ? -1 : 0;
	cfg->collections = arena_calloc(r->a, map->u.map.len, sizeof(*cfg->collections));
	for (size_t i = 0; i < map->u.map.len; i++)
		if (load_collection(r, &cfg->collections[cfg->ncollections++], map->u.map.entries[i].key,
				    map->u.map.entries[i].val))
			ret = -1;
	return ret;
}

static int load_taxonomies(struct reader *r, struct config *cfg, const struct value *root)
{
	static const char *const known[] = { "field", NULL };
	const struct value *map = get_map(r, root, "taxonomies", false);
	int ret = 0;

	if (!map)
		return value_map_get(root, "taxonomies") ? -1 : 0;
	cfg->taxonomies = arena_calloc(r->a, map->u.map.len, sizeof(*cfg->taxonomies));
	for (size_t i = 0; i < map->u.map.len; i++) {
		const struct value *key = map->u.map.entries[i].key, *val = map->u.map.entries[i].val;
		struct config_taxonomy *t = &cfg->taxonomies[cfg->ntaxonomies++];

		t->name = key->u.str.ptr;
		t->where = key;
		t->field = key->u.str.ptr;
		if (!config_valid_slug(key->u.str.ptr, key->u.str.len)) {
			error_at(r, key, "taxonomy name '%s' must be lowercase letters, digits and hyphens", t->name);
			ret = -1;
		}
		if (val->kind == VALUE_MAP) {
			check_keys(r, val, known, "a taxonomy");
			if (value_map_get(val, "field") && !(t->field = get_string(r, val, "field", true)))
				ret = -1;
		} else if (val->kind != VALUE_NULL) {
			error_at(r, val, "taxonomy '%s' must be a map of settings", t->name);
			ret = -1;
		}
	}
	return ret;
}

/* The folders the generator makes pages in itself: the assets, listing pages, the downloads, submit and
 * search pages. */
static bool reserved(const char *name)
{
	static const char *const names[] = { "assets", "page", "downloads", "submit", "search" };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(name, names[i]))
			return true;
	return false;
}

/* Collections, taxonomies and the language folders share the first segment of URLs: no two may clash. */
static int check_names(struct reader *r, struct config *cfg)
{
	int ret = 0;

	for (size_t i = 0; i < cfg->ntaxonomies; i++) {
		if (config_find_collection(cfg, cfg->taxonomies[i].name)) {
			error_at(r, cfg->taxonomies[i].where, "taxonomy '%s' has the name of a collection",
				 cfg->taxonomies[i].name);
			ret = -1;
		}
	}
	for (size_t i = 0; i < cfg->ncollections; i++) {
		if (reserved(cfg->collections[i].name)) {
			error_at(r, cfg->collections[i].where, "'%s' is reserved and cannot name a collection",
				 cfg->collections[i].name);
			ret = -1;
		}
	}
	for (size_t i = 0; i < cfg->ntaxonomies; i++) {
		if (reserved(cfg->taxonomies[i].name)) {
			error_at(r, cfg->taxonomies[i].where, "'%s' is reserved and cannot name a taxonomy",
				 cfg->taxonomies[i].name);
			ret = -1;
		}
	}
	return ret;
}

/* menu: [about, resources, topics] (and footer: the same for the footer's links). */
static int load_entries(struct reader *r, const struct value *root, const char *key,
			struct config_menu_entry **entries, size_t *n)
{
	const struct value *list = value_map_get(root, key);

	if (!list)
		return 0;
	if (list->kind != VALUE_LIST) {
		error_at(r, list, "'%s' must list page, collection or taxonomy names", key);
		return -1;
	}
	*entries = arena_calloc(r->a, list->u.list.len ? list->u.list.len : 1, sizeof(**entries));
	for (size_t i = 0; i < list->u.list.len; i++) {
		const struct value *v = list->u.list.items[i];
		if (v->kind != VALUE_STRING || !config_valid_slug(v->u.str.ptr, v->u.str.len)) {
			error_at(r, v, "%s", "a menu entry is the name of a page, a collection or a taxonomy");
			return -1;
		}
		(*entries)[*n].target = v->u.str.ptr;
		(*entries)[(*n)++].where = v;
	}
	return 0;
}

static int load_menu(struct reader *r, struct config *cfg, const struct value *root)
{
	return load_entries(r, root, "menu", &cfg->menu, &cfg->nmenu) |
	       load_entries(r, root, "footer", &cfg->footer, &cfg->nfooter);
}

static int load_pages(struct reader *r, struct config *cfg, const struct value *root)
{
	static const char *const known[] = { "schema", NULL };
	const struct value *pages = get_map(r, root, "pages", false);

	if (!pages)
		return value_map_get(root, "pages") ? -1 : 0;
	check_keys(r, pages, known, "'pages'");
	if (value_map_get(pages, "schema") &&
	    !(cfg->page_schema = schema_parse(r->a, value_map_get(pages, "schema"), r->path, r->diags)))
		return -1;
	return 0;
}

static int load_chapters(struct reader *r, struct config *cfg, const struct value *root)
{
	static const char *const known[] = { "schema", "layout", NULL };
	const struct value *ch = get_map(r, root, "chapters", false);

	cfg->chapter_layout = "chapter";
	if (!ch)
		return value_map_get(root, "chapters") ? -1 : 0;
	check_keys(r, ch, known, "'chapters'");
	if (value_map_get(ch, "layout") && !(cfg->chapter_layout = get_string(r, ch, "layout", true)))
		return -1;
	if (value_map_get(ch, "schema") &&
	    !(cfg->chapter_schema = schema_parse(r->a, value_map_get(ch, "schema"), r->path, r->diags)))
		return -1;
	return 0;
}

/* The collection named by v, which must be one; NULL after an error. */
static const struct config_collection *named_collection(struct reader *r, const struct config *cfg,
							const struct value *v)
{
	const struct config_collection *c;

	if (v->kind != VALUE_STRING) {
		error_at(r, v, "%s", "the name of a collection goes here");
		return NULL;
	}
	c = config_find_collection(cfg, v->u.str.ptr);
	if (!c)
		error_at(r, v, "'%s' is not a collection", v->u.str.ptr);
	return c;
}

/* The collection named at v, for a part of the site everyone may read (what: "a feed"); one for members
 * only is an error, since its items would show there in the public build. NULL after an error. */
static const struct config_collection *public_collection(struct reader *r, const struct config *cfg,
							 const struct value *v, const char *what)
{
	const struct config_collection *c = named_collection(r, cfg, v);

	if (c && c->members) {
		diag_error(r->diags, r->path, v->line ? v->line : 1, v->col ? v->col : 1,
			   "collection '%s' is for members only (audience: members), and %s is public", c->name, what);
		return NULL;
	}
	return c;
}

/* feeds: { atom: [news, opinion], podcast: podcasts, calendar: events }, each optional. */
static int load_feeds(struct reader *r, struct config *cfg, const struct value *root)
{
	static const char *const known[] = { "atom", "podcast", "calendar", "epoch", "tag_authority", NULL };
	const struct value *feeds = get_map(r, root, "feeds", false), *v;
	int ret = 0;

	if (!feeds)
		return value_map_get(root, "feeds") ? -1 : 0;
	check_keys(r, feeds, known, "'feeds'");
	if ((v = value_map_get(feeds, "atom"))) {
		/* one collection or a list of them */
		const struct value *const *items = v->kind == VALUE_LIST ? (const struct value *const *)v->u.list.items : &v;
		size_t n = v->kind == VALUE_LIST ? v->u.list.len : 1;
		cfg->feed_atom = arena_calloc(r->a, n ? n : 1, sizeof(*cfg->feed_atom));
		for (size_t i = 0; i < n; i++) {
			const struct config_collection *c = public_collection(r, cfg, items[i], "a feed");
			if (!c)
				ret = -1;
			else
				cfg->feed_atom[cfg->nfeed_atom++] = c;
		}
	}
	if ((v = value_map_get(feeds, "podcast")) && !(cfg->feed_podcast = public_collection(r, cfg, v, "a feed")))
		ret = -1;
	if ((v = value_map_get(feeds, "calendar")) && !(cfg->feed_calendar = public_collection(r, cfg, v, "a feed")))
		ret = -1;
	return ret;
}

/* A domain name: dot-separated labels of letters, digits and inner hyphens. */
static bool valid_domain(const char *s, size_t len)
{
	size_t label = 0;

	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '.') {
			if (!label || s[i - 1] == '-')
				return false;
			label = 0;
		} else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			   (c == '-' && label)) {
			label++;
		} else {
			return false;
		}
	}
	return label && s[len - 1] != '-';
}

/* A tag URI's tagging entity (RFC 4151): a domain name the site holds, a comma, and a day it held it on
 * (YYYY, YYYY-MM or YYYY-MM-DD): "judicial-integrity.example.org,2018". */
static bool valid_tag_authority(const char *s)
{
	const char *comma = strrchr(s, ',');
	size_t n;

	if (!comma || !valid_domain(s, (size_t)(comma - s)))
		return false;
	n = strlen(++comma);
	for (size_t i = 0; i < n; i++)
		if (!(i == 4 || i == 7 ? comma[i] == '-' : comma[i] >= '0' && comma[i] <= '9'))
			return false;
	return n == 4 || n == 7 || n == 10;
}

/* feeds: { epoch: 2018-04-09, tag_authority: example.org,2018 }: the day the site began, the date of what
 * has none (a feed without dates, an event never edited, every file of a download), never the clock, so
 * that builds repeat; and the tag URIs that name podcast episodes for good, whatever base_url is. By
 * default 2000-01-01 and base_url's host with the epoch's year. */
static int load_feed_names(struct reader *r, struct config *cfg, const struct value *root)
{
	const struct value *feeds = value_map_get(root, "feeds");
	const struct value *epoch = feeds && feeds->kind == VALUE_MAP ? value_map_get(feeds, "epoch") : NULL;
	const struct value *tag = feeds && feeds->kind == VALUE_MAP ? value_map_get(feeds, "tag_authority") : NULL;
	const char *day = epoch ? get_string(r, feeds, "epoch", true) : "2000-01-01";
	struct datetime dt;

	if (!day)
		return -1;
	/* a zip file's times begin in 1980 */
	if (strlen(day) != 10 || datetime_parse(&dt, day, 10) || strcmp(day, "1980-01-01") < 0) {
		error_at(r, epoch, "'epoch' must be a day from 1980-01-01 on, as 2018-04-09, not '%s'", day);
		return -1;
	}
	cfg->epoch_day = day;
	cfg->epoch = dt.t;
	if (tag) {
		cfg->tag_authority = get_string(r, feeds, "tag_authority", true);
		if (!cfg->tag_authority)
			return -1;
		if (!valid_tag_authority(cfg->tag_authority)) {
			error_at(r, tag, "'tag_authority' must be a domain name, a comma and a date, as example.org,2018, "
				 "not '%s'", cfg->tag_authority);
			return -1;
		}
	} else {
		const char *h = strstr(cfg->base_url, "://");
		struct strbuf sb = STRBUF_INIT;
		h = h ? h + 3 : cfg->base_url;
		strbuf_addf(&sb, "%.*s,%.4s", (int)strcspn(h, "/:?#"), h, day);
		cfg->tag_authority = arena_memdup0(r->a, sb.buf, sb.len);
		strbuf_release(&sb);
	}
	return 0;
}

/* search: { collections: [resources, news], facets: [types, topics] }: what the search page finds and the
 * taxonomies it filters by. The page exists only when site.yaml has this. */
static int load_search(struct reader *r, struct config *cfg, const struct value *root)
{
	static const char *const known[] = { "collections", "facets", NULL };
	const struct value *search = get_map(r, root, "search", false), *cols, *facets;
	int ret = 0;

	if (!search)
		return value_map_get(root, "search") ? -1 : 0;
	check_keys(r, search, known, "'search'");
	cols = value_map_get(search, "collections");
	if (!cols || cols->kind != VALUE_LIST || !cols->u.list.len) {
		error_at(r, cols ? cols : search, "%s", "'search' needs 'collections': the list of collections it finds");
		return -1;
	}
	cfg->search = arena_calloc(r->a, cols->u.list.len, sizeof(*cfg->search));
	for (size_t i = 0; i < cols->u.list.len; i++) {
		const struct config_collection *c = named_collection(r, cfg, cols->u.list.items[i]);
		if (!c)
			ret = -1;
		else
			cfg->search[cfg->nsearch++] = c;
	}
	facets = value_map_get(search, "facets");
	if (facets && facets->kind != VALUE_LIST) {
		error_at(r, facets, "%s", "'facets' lists the taxonomies the search page filters by");
		return -1;
	}
	cfg->search_facets = arena_calloc(r->a, facets ? facets->u.list.len + 1 : 1, sizeof(*cfg->search_facets));
	for (size_t i = 0; facets && i < facets->u.list.len; i++) {
		const struct value *v = facets->u.list.items[i];
		const struct config_taxonomy *t = NULL;
		for (size_t k = 0; v->kind == VALUE_STRING && k < cfg->ntaxonomies; k++)
			if (!strcmp(cfg->taxonomies[k].name, v->u.str.ptr))
				t = &cfg->taxonomies[k];
		if (!t && v->kind != VALUE_STRING) {
			error_at(r, v, "%s", "the name of a taxonomy goes here");
			ret = -1;
			continue;
		}
		if (!t) {
			error_at(r, v, "'%s' is not a taxonomy", v->u.str.ptr);
			ret = -1;
			continue;
		}
		cfg->search_facets[cfg->nsearch_facets++] = t;
	}
	return ret;
}

/* One of home's lists: { name: news, collections: [news, opinion], show: newest, by: date, count: 4 }. */
static int load_home_list(struct reader *r, struct config *cfg, const struct value *v, struct config_home_list *h)
{
	static const char *const known[] = { "name", "collections", "show", "by", "count", NULL };
	static const char *const shows[] = { "upcoming", "newest", "featured" };
	const struct value *cols, *count;
	const char *show;
	int ret = 0;

	if (v->kind != VALUE_MAP) {
		error_at(r, v, "%s", "each list of 'home' is a map: { name: news, collections: [news], show: newest, by: date }");
		return -1;
	}
	check_keys(r, v, known, "a list of 'home'");
	memset(h, 0, sizeof(*h)); /* the slot of a list that failed before is used again */
	h->where = v;
	h->name = get_string(r, v, "name", true);
	if (h->name && !config_valid_slug(h->name, strlen(h->name))) {
		error_at(r, value_map_get(v, "name"), "the name '%s' must be lowercase letters, digits and '-'", h->name);
		ret = -1;
	}
	show = get_string(r, v, "show", true);
	h->show = HOME_NEWEST;
	for (size_t i = 0; show && i < sizeof(shows) / sizeof(shows[0]); i++)
		if (!strcmp(show, shows[i]))
			h->show = (enum config_home_show)i, show = NULL;
	if (show) {
		error_at(r, value_map_get(v, "show"), "'show' is upcoming, newest or featured, not '%s'", show);
		ret = -1;
	}
	h->by = value_map_get(v, "by") ? get_string(r, v, "by", true) : NULL;
	if (!h->by && h->show != HOME_FEATURED) {
		error_at(r, v, "%s", "this list needs 'by': the date field its items are sorted by");
		ret = -1;
	}
	h->count = 3;
	count = value_map_get(v, "count");
	if (count && (count->kind != VALUE_INT || count->u.i < 1 || count->u.i > 100)) {
		error_at(r, count, "%s", "'count' must be a whole number from 1 to 100");
		ret = -1;
	} else if (count) {
		h->count = (unsigned)count->u.i;
	}
	cols = value_map_get(v, "collections");
	if (!cols || cols->kind != VALUE_LIST || !cols->u.list.len) {
		error_at(r, cols ? cols : v, "%s", "this list needs 'collections': the collections its items come from");
		return -1;
	}
	h->collections = arena_calloc(r->a, cols->u.list.len, sizeof(*h->collections));
	for (size_t i = 0; i < cols->u.list.len; i++) {
		const struct config_collection *c = public_collection(r, cfg, cols->u.list.items[i],
								      "the home page");
		const struct field *f;
		if (!c) {
			ret = -1;
			continue;
		}
		h->collections[h->ncollections++] = c;
		if (!h->by || !c->schema)
			continue;
		f = schema_field(c->schema, h->by);
		if (!f || (f->type != FIELD_DATE && f->type != FIELD_DATETIME && f->type != FIELD_INT)) {
			diag_error(r->diags, r->path, value_map_get(v, "by")->line, value_map_get(v, "by")->col,
				   "collection '%s' has no date, datetime or int field '%s' to sort by", c->name, h->by);
			ret = -1;
		}
	}
	return ret;
}

/* home: the lists of the home page (see config.h), none when site.yaml has no such key. */
static int load_home(struct reader *r, struct config *cfg, const struct value *root)
{
	const struct value *home = value_map_get(root, "home");
	int ret = 0;

	if (!home || home->kind == VALUE_NULL)
		return 0;
	if (home->kind != VALUE_LIST) {
		error_at(r, home, "%s", "'home' is a list of the lists the home page shows");
		return -1;
	}
	cfg->home = arena_calloc(r->a, home->u.list.len ? home->u.list.len : 1, sizeof(*cfg->home));
	for (size_t i = 0; i < home->u.list.len; i++) {
		if (load_home_list(r, cfg, home->u.list.items[i], &cfg->home[cfg->nhome]))
			ret = -1;
		else
			cfg->nhome++;
	}
	return ret;
}

/* license: { name: CC BY 4.0, url: https://… }: the licence of the content, for the footer. */
static int load_license(struct reader *r, struct config *cfg, const struct value *root)
{
	static const char *const known[] = { "name", "url", NULL };
	const struct value *lic = get_map(r, root, "license", false);

	if (!lic)
		return value_map_get(root, "license") ? -1 : 0;
	check_keys(r, lic, known, "'license'");
	cfg->license_name = get_string(r, lic, "name", true);
	cfg->license_url = get_string(r, lic, "url", true);
	if (cfg->license_url && !starts_with(cfg->license_url, "https://") && !starts_with(cfg->license_url, "http://")) {
		error_at(r, value_map_get(lic, "url"), "'%s' must be an http or https address", "url");
		return -1;
	}
	return cfg->license_name && cfg->license_url ? 0 : -1;
}

static int load_site(struct reader *r, struct config *cfg, const struct value *root)
{
	static const char *const known[] = { "title", "base_url", "repository", "default_language", "languages",
					     "theme", "pages", "chapters", "collections", "taxonomies", "menu", "feeds", "search", "home", "license", "footer",
					     NULL };
	const struct value *repo;
	const char *base;
	int ret = 0;

	check_keys(r, root, known, "site.yaml");
	cfg->title = get_string(r, root, "title", true);
	base = get_string(r, root, "base_url", true);
	cfg->theme = value_map_get(root, "theme") ? get_string(r, root, "theme", true) : "default";
	if (!cfg->title || !base || !cfg->theme)
		ret = -1;
	if (base && !starts_with(base, "https://") && !starts_with(base, "http://")) {
		error_at(r, value_map_get(root, "base_url"), "base URL '%s' must start with https:// or http://", base);
		ret = -1;
	} else if (base) {
		size_t n = strlen(base);
		char *b = arena_alloc(r->a, n + 2);
		memcpy(b, base, n);
		b[n] = '/';
		b[n + (base[n - 1] != '/')] = '\0';
		cfg->base_url = b;
	}
	repo = get_map(r, root, "repository", false);
	if (repo) {
		static const char *const repo_keys[] = { "url", "branch", "submit", NULL };
		check_keys(r, repo, repo_keys, "'repository'");
		cfg->repo_url = get_string(r, repo, "url", true);
		cfg->repo_branch = value_map_get(repo, "branch") ? get_string(r, repo, "branch", true) : "main";
		if (!cfg->repo_url || !cfg->repo_branch) {
			ret = -1;
		} else if (!starts_with(cfg->repo_url, "https://") && !starts_with(cfg->repo_url, "http://")) {
			/* pages link to it: only a web address will do */
			error_at(r, value_map_get(repo, "url"), "'%s' must be an http or https address", "url");
			ret = -1;
		} else {
			size_t len = strlen(cfg->repo_url);
			while (len && cfg->repo_url[len - 1] == '/')
				len--;
			cfg->repo_url = arena_memdup0(r->a, cfg->repo_url, len);
		}
	}
	if (load_languages(r, cfg, root) | load_collections(r, cfg, root) | load_taxonomies(r, cfg, root) |
	    load_menu(r, cfg, root) | load_pages(r, cfg, root) |
	    load_chapters(r, cfg, root))
		ret = -1;
	if (!ret && check_names(r, cfg))
		ret = -1;
	if (!ret && (load_feeds(r, cfg, root) || load_feed_names(r, cfg, root)))
		ret = -1;
	if (!ret && load_search(r, cfg, root))
		ret = -1;
	if (!ret && load_home(r, cfg, root))
		ret = -1;
	if (load_license(r, cfg, root))
		ret = -1;
	if (!ret && repo && value_map_get(repo, "submit")) {
		const char *name = get_string(r, repo, "submit", true);
		cfg->repo_submit = name ? config_find_collection(cfg, name) : NULL;
		if (!cfg->repo_submit) {
			error_at(r, value_map_get(repo, "submit"), "'submit' must name a collection, not '%s'",
				 name ? name : "");
			ret = -1;
		}
	}
	return ret;
}

int config_parse(struct config *cfg, struct arena *a, const char *path, const char *text, size_t len,
		 struct diag_list *diags)
{
	struct reader r = { a, path, diags };
	struct value *root = NULL;
	size_t errors = diag_errors(diags);

	memset(cfg, 0, sizeof(*cfg));
	cfg->path = path;
	if (yamltree_load(&root, a, path, text, len, 0, NULL, diags))
		return -1;
	if (!root || root->kind != VALUE_MAP) {
		diag_error(diags, path, 1, 1, "site.yaml must be a map of settings");
		return -1;
	}
	cfg->root = root;
	load_site(&r, cfg, root);
	return diag_errors(diags) > errors ? -1 : 0;
}

int config_load(struct config *cfg, struct arena *a, struct source *src, struct diag_list *diags)
{
	struct strbuf sb = STRBUF_INIT;
	int ret;

	memset(cfg, 0, sizeof(*cfg)); /* an empty configuration when there is none */
	if (src->read(src, "site.yaml", &sb, 1024 * 1024)) {
		diag_error(diags, "site.yaml", 1, 1, "cannot read the site's configuration: %s", strerror(errno));
		strbuf_release(&sb);
		return -1;
	}
	ret = config_parse(cfg, a, "site.yaml", arena_memdup0(a, sb.buf, sb.len), sb.len, diags);
	strbuf_release(&sb);
	return ret;
}

void config_set_audience(struct config *cfg, bool members)
{
	for (size_t i = 0; i < cfg->ncollections; i++)
		cfg->collections[i].left_out = cfg->collections[i].members && !members;
	cfg->members_build = members;
}

int config_language_index(const struct config *cfg, const char *code, size_t len)
{
	for (size_t i = 0; i < cfg->nlanguages; i++)
		if (strlen(cfg->languages[i].code) == len && !memcmp(cfg->languages[i].code, code, len))
			return (int)i;
	return -1;
}

const struct config_collection *config_find_collection(const struct config *cfg, const char *name)
{
	for (size_t i = 0; i < cfg->ncollections; i++)
		if (!strcmp(cfg->collections[i].name, name))
			return &cfg->collections[i];
	return NULL;
}
