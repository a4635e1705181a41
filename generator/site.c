/* The model stage (see site.h): items, listings, taxonomies and the pages of every language. */
/* glibc's qsort_r: the listings' comparisons take what they compare by as an argument, not from a global. */
#define _GNU_SOURCE
#include "site.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "digest.h"
#include "locale.h"
#include "util/suggest.h"
#include "util/xalloc.h"

/* Items per page of a term's listing. */
#define TERM_PER_PAGE 20

struct site_path {
	const char *path;
	struct item *item;
	const struct doc *doc; /* site->omitted: the doc left out */
};

struct builder {
	struct site *s;
	struct arena *a;
	struct diag_list *diags;
	size_t nlang;
	size_t groups_alloc;
	int failed;
	/* groups are collected first (one template page each), then copied into every language */
	struct page *groups;
	struct ranks *ranks; /* the orders made so far, per field and language */
	size_t nranks, ranks_alloc;
	struct term_lists *terms; /* every term's listing in one language (term_lists_for) */
};

/* ---- items ---- */

static int doc_key_cmp(const void *va, const void *vb)
{
	const struct doc *a = *(struct doc *const *)va, *b = *(struct doc *const *)vb;
	int c = (int)a->role - (int)b->role;

	if (!c && a->collection != b->collection)
		c = strcmp(a->collection->name, b->collection->name);
	if (!c)
		c = strcmp(a->slug, b->slug);
	if (!c)
		c = strcmp(a->chapter, b->chapter);
	if (!c)
		c = strcmp(a->path, b->path);
	return c;
}

static bool same_item(const struct doc *a, const struct doc *b)
{
	return a->role == b->role && a->collection == b->collection && !strcmp(a->slug, b->slug) &&
	       !strcmp(a->chapter, b->chapter);
}

static const char *item_dir(struct arena *a, const struct doc *d)
{
	size_t n = strlen(d->slug) + strlen(d->chapter) + (d->collection ? strlen(d->collection->name) : 0) + 4;
	char *p = arena_alloc(a, n);

	switch (d->role) {
	case DOC_HOME:
		p[0] = '\0';
		break;
	case DOC_PAGE:
		snprintf(p, n, "%s/", d->slug);
		break;
	case DOC_INTRO:
		snprintf(p, n, "%s/", d->collection->name);
		break;
	case DOC_ITEM:
		snprintf(p, n, "%s/%s/", d->collection->name, d->slug);
		break;
	case DOC_CHAPTER:
		snprintf(p, n, "%s/%s/%s/", d->collection->name, d->slug, d->chapter);
		break;
	}
	return p;
}

/* A translation's front matter over the original's: a translation carries only what it changes. */
static struct value *merge_meta(struct arena *a, const struct value *orig, const struct value *tr)
{
	struct value *m = value_new_map(a);

	m->line = orig->line;
	m->col = orig->col;
	for (size_t i = 0; i < orig->u.map.len; i++)
		value_map_add(a, m, orig->u.map.entries[i].key, orig->u.map.entries[i].val);
	for (size_t i = 0; i < tr->u.map.len; i++) {
		struct value_entry *e = value_map_find_entry(m, tr->u.map.entries[i].key->u.str.ptr,
							     tr->u.map.entries[i].key->u.str.len);
		if (e)
			e->val = tr->u.map.entries[i].val;
		else
			value_map_add(a, m, tr->u.map.entries[i].key, tr->u.map.entries[i].val);
	}
	return m;
}

/* The schema an item's files follow, or NULL. */
static const struct schema *item_schema(const struct config *cfg, const struct item *it)
{
	return it->role == DOC_ITEM ? it->collection->schema : it->role == DOC_CHAPTER ? cfg->chapter_schema
										  : cfg->page_schema;
}

/* it->text and it->meta are the caller's, zeroed */
static void build_item(struct builder *b, struct item *it, struct doc **docs, size_t n)
{
	const struct config *cfg = b->s->cfg;
	const struct value *title;

	it->role = docs[0]->role;
	it->collection = docs[0]->collection;
	it->slug = docs[0]->slug;
	it->chapter = docs[0]->chapter;
	it->dir = item_dir(b->a, docs[0]);
	/* The original (index.md, about.md) first: a translation file in its language (index.en.md) is the
	 * one in excess, whichever sorts first. */
	for (size_t i = 0; i < n; i++)
		if (docs[i]->original)
			it->text[docs[i]->lang] = it->original = docs[i];
	for (size_t i = 0; i < n; i++) {
		struct doc *d = docs[i];
		if (d == it->original)
			continue;
		if (it->text[d->lang]) {
			diag_error(b->diags, d->path, 1, 1, "%s already gives this page's %s text",
				   it->text[d->lang]->path, cfg->languages[d->lang].name);
			b->failed = 1;
			continue;
		}
		it->text[d->lang] = d;
	}
	if (!it->original) {
		/* scan has reported an item folder without index.md; a page or home page without one is
		 * reported here */
		if (it->role != DOC_ITEM) {
			diag_error(b->diags, docs[0]->path, 1, 1, "a translation without an original: add %s/%s.md",
				   docs[0]->dir, it->role == DOC_HOME || it->role == DOC_INTRO ? "index"
					   : it->role == DOC_CHAPTER ? it->chapter : it->slug);
			b->failed = 1;
		}
		it->original = docs[0];
	}
	for (size_t l = 0; l < b->nlang; l++)
		it->meta[l] = it->text[l] && it->text[l] != it->original
				      ? merge_meta(b->a, it->original->meta, it->text[l]->meta)
				      : it->original->meta;
	title = value_map_get(it->original->meta, "title");
	if ((it->role == DOC_ITEM || it->role == DOC_PAGE || it->role == DOC_CHAPTER) && !item_schema(b->s->cfg, it) &&
	    (!title || title->kind != VALUE_STRING || !title->u.str.len)) {
		diag_error(b->diags, it->original->path, title ? title->line : 1, title ? title->col : 1,
			   "%s", title ? "'title' must be a non-empty text" : "missing 'title' in the front matter");
		b->failed = 1;
	}
	if (it->role == DOC_ITEM && !strcmp(it->slug, "page")) {
		diag_error(b->diags, it->original->dir, 1, 1, "'page' is reserved for the pages of a listing: rename "
							      "the folder");
		b->failed = 1;
	}
}

static void build_items(struct builder *b, const struct scan *scan)
{
	struct doc **order = malloc((scan->ndocs ? scan->ndocs : 1) * sizeof(*order)), **texts;
	struct value **metas;
	struct site *s = b->s;

	size_t n = 0;

	for (size_t i = 0; i < scan->ndocs; i++)
		if (!scan->docs[i].omitted)
			order[n++] = &scan->docs[i];
	qsort(order, n, sizeof(*order), doc_key_cmp);
	s->items = arena_calloc(b->a, n ? n : 1, sizeof(*s->items));
	/* every item's per-language arrays in two blocks: as many items as docs at most */
	texts = arena_calloc(b->a, (n ? n : 1) * b->nlang, sizeof(*texts));
	metas = arena_calloc(b->a, (n ? n : 1) * b->nlang, sizeof(*metas));
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && same_item(order[i], order[j]))
			j++;
		s->items[s->nitems].text = texts + s->nitems * b->nlang;
		s->items[s->nitems].meta = metas + s->nitems * b->nlang;
		build_item(b, &s->items[s->nitems], order + i, j - i);
		if (s->items[s->nitems].role == DOC_HOME)
			s->home = &s->items[s->nitems];
		s->nitems++;
		i = j;
	}
	free(order);
}

/* ---- chapters ---- */

/* Items are in doc_key_cmp's order (role, collection, slug, chapter): a chapter's item is found by
 * binary search, not by a walk over every item per chapter. */
static int parent_cmp(const void *key, const void *elem)
{
	const struct item *ch = key, *it = elem;
	int c = (int)DOC_ITEM - (int)it->role;

	if (!c && ch->collection != it->collection)
		c = strcmp(ch->collection->name, it->collection->name);
	if (!c)
		c = strcmp(ch->slug, it->slug);
	return c ? c : strcmp("", it->chapter);
}

static struct item *find_parent(struct site *s, const struct item *chapter)
{
	return bsearch(chapter, s->items, s->nitems, sizeof(*s->items), parent_cmp);
}

/* Whether chapter name of it has a file that is left out of the site (site_find_omitted). */
static bool chapter_left_out(const struct site *s, const struct item *it, const char *name)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s.md", it->original->dir, name);
	return site_find_omitted(s, path) != NULL;
}

/* An item's chapters in the order its `chapters` field gives; every chapter file must be listed there,
 * and every listed chapter must have a file. On entry it->chapters holds the chapters found, in any
 * order; each is taken (set to NULL) when its name comes up in the list. */
static void order_chapters(struct builder *b, struct item *it)
{
	const struct value *list = value_map_get(it->original->meta, "chapters");
	size_t n = list && list->kind == VALUE_LIST ? list->u.list.len : 0;
	struct item **found = it->chapters;
	size_t nfound = it->nchapters;

	it->chapters = arena_calloc(b->a, n ? n : 1, sizeof(*it->chapters));
	it->nchapters = 0;
	for (size_t k = 0; k < n; k++) {
		const struct value *name = list->u.list.items[k];
		const char *wanted = name->kind == VALUE_STRING ? name->u.str.ptr : "";
		size_t j = 0;

		while (j < nfound && (!found[j] || strcmp(found[j]->chapter, wanted)))
			j++;
		if (j == nfound && chapter_left_out(b->s, it, wanted))
			continue; /* a draft, or held back: the book goes without it (publish.h) */
		if (j == nfound) {
			diag_error(b->diags, it->original->path, name->line, name->col,
				   "chapter '%s' has no file: add %s/%s.md", wanted, it->original->dir, wanted);
			b->failed = 1;
			continue;
		}
		it->chapters[it->nchapters++] = found[j];
		found[j] = NULL;
	}
	for (size_t j = 0; j < nfound; j++) {
		if (!found[j])
			continue;
		diag_error(b->diags, found[j]->original->path, 1, 1, "chapter '%s' is not listed in the 'chapters' "
								     "field of %s", found[j]->chapter, it->original->path);
		b->failed = 1;
	}
}

static void link_chapters(struct builder *b)
{
	struct site *s = b->s;
	size_t *counts = calloc(s->nitems ? s->nitems : 1, sizeof(*counts));

	for (size_t i = 0; i < s->nitems; i++) {
		struct item *ch = &s->items[i], *parent;
		if (ch->role != DOC_CHAPTER)
			continue;
		parent = find_parent(s, ch);
		if (!parent) {
			diag_error(b->diags, ch->original->path, 1, 1, "a chapter of an item without index.md");
			b->failed = 1;
			continue;
		}
		ch->parent = parent;
		ARENA_GROW(b->a, parent->chapters, counts[parent - s->items], parent->nchapters + 1);
		parent->chapters[parent->nchapters++] = ch;
	}
	for (size_t i = 0; i < s->nitems; i++)
		if (s->items[i].role == DOC_ITEM && (s->items[i].nchapters || value_map_get(s->items[i].original->meta,
											  "chapters")))
			order_chapters(b, &s->items[i]);
	free(counts);
}

/* ---- finding files by path ---- */

static int path_cmp(const void *a, const void *b)
{
	return strcmp(((const struct site_path *)a)->path, ((const struct site_path *)b)->path);
}

static void index_paths(struct builder *b)
{
	struct site *s = b->s;
	size_t n = 0;

	for (size_t i = 0; i < s->nitems; i++)
		for (size_t l = 0; l < b->nlang; l++)
			n += s->items[i].text[l] != NULL;
	s->paths = arena_alloc(b->a, (n + s->nitems + 1) * sizeof(*s->paths));
	for (size_t i = 0; i < s->nitems; i++) {
		struct item *it = &s->items[i];
		for (size_t l = 0; l < b->nlang; l++)
			if (it->text[l])
				s->paths[s->npaths++] = (struct site_path){ it->text[l]->path, it, NULL };
		if (it->role == DOC_ITEM)
			s->paths[s->npaths++] = (struct site_path){ it->original->dir, it, NULL };
	}
	qsort(s->paths, s->npaths, sizeof(*s->paths), path_cmp);
}

/* The docs left out, and the folders of the items whose original is left out. */
static void index_omitted(struct builder *b)
{
	struct site *s = b->s;
	const struct scan *scan = s->scan;
	size_t n = 0;

	for (size_t i = 0; i < scan->ndocs; i++)
		n += scan->docs[i].omitted ? 2 : 0;
	s->omitted = arena_alloc(b->a, (n + 1) * sizeof(*s->omitted));
	for (size_t i = 0; i < scan->ndocs; i++) {
		const struct doc *d = &scan->docs[i];
		if (!d->omitted)
			continue;
		s->omitted[s->nomitted++] = (struct site_path){ .path = d->path, .doc = d };
		if (d->role == DOC_ITEM && d->original && !site_find_item(s, d->dir))
			s->omitted[s->nomitted++] = (struct site_path){ .path = d->dir, .doc = d };
	}
	qsort(s->omitted, s->nomitted, sizeof(*s->omitted), path_cmp);
}

const struct doc *site_find_omitted(const struct site *s, const char *path)
{
	struct site_path key = { .path = path };
	const struct site_path *p = s->nomitted ? bsearch(&key, s->omitted, s->nomitted, sizeof(*s->omitted), path_cmp)
						: NULL;

	return p ? p->doc : NULL;
}

void site_file_owner(const struct site *s, const struct attachment *f, const struct item **item,
		     const struct doc **omitted)
{
	struct strbuf dir = STRBUF_INIT;
	char *slash;

	*item = NULL;
	*omitted = NULL;
	strbuf_addstr(&dir, f->path);
	/* an attachment may be in a folder of its item's: every folder above it, up to content/ */
	while (!*item && !*omitted && (slash = strrchr(dir.buf, '/'))) {
		strbuf_setlen(&dir, (size_t)(slash - dir.buf));
		if (!(*omitted = site_find_omitted(s, dir.buf)))
			*item = site_find_item(s, dir.buf);
	}
	strbuf_release(&dir);
}

struct item *site_find_item(const struct site *s, const char *path)
{
	struct site_path key = { path, NULL, NULL };
	/* bsearch may not be given NULL, even for no elements: a site without items has no paths */
	const struct site_path *p = s->npaths ? bsearch(&key, s->paths, s->npaths, sizeof(*s->paths), path_cmp)
					      : NULL;

	return p ? p->item : NULL;
}

static int file_cmp(const void *key, const void *f)
{
	return strcmp(key, ((const struct attachment *)f)->path);
}

const struct attachment *site_find_file(const struct site *s, const char *path)
{
	/* scan lists files in path order: each folder's entries sorted, folders walked in order. bsearch may
	 * not be given NULL, even for no elements: a site without attachments has no files */
	if (!s->scan->nfiles)
		return NULL;
	return bsearch(path, s->scan->files, s->scan->nfiles, sizeof(*s->scan->files), file_cmp);
}

const char *site_item_title(const struct item *it, size_t lang)
{
	const struct value *v = value_map_get(it->meta[lang], "title");

	return v && v->kind == VALUE_STRING ? v->u.str.ptr : NULL;
}

/* ---- schemas ---- */

struct item_files {
	const struct site *s;
	const char *dir;   /* the item's folder */
	bool item;         /* a collection's item: only those have attachments */
};

static bool attachment_exists(void *ctx, const char *name)
{
	struct item_files *f = ctx;
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", f->dir, name);
	return f->item && site_find_file(f->s, path) != NULL;
}

/* Every file of every item against its schema: all violations of the whole site in one run. */
static void check_schemas(struct builder *b)
{
	for (size_t i = 0; i < b->s->nitems; i++) {
		const struct item *it = &b->s->items[i];
		const struct schema *schema = item_schema(b->s->cfg, it);
		struct item_files files = { b->s, it->original->dir, it->role == DOC_ITEM };

		for (size_t l = 0; schema && l < b->nlang; l++) {
			const struct doc *d = it->text[l];
			struct schema_check chk = { .file_exists = attachment_exists, .ctx = &files, .diags = b->diags };
			if (!d)
				continue;
			chk.path = d->path;
			chk.translation = d != it->original;
			if (schema_check(schema, d->meta, &chk))
				b->failed = 1;
		}
	}
}

/* Drops from map the values of s's private fields, and looks into its objects. Returns whether it dropped
 * any. */
static bool strip_map(struct value *map, const struct schema *s)
{
	bool dropped = false;

	for (size_t i = 0; s && map->kind == VALUE_MAP && i < s->n; i++) {
		const struct field *f = &s->fields[i];
		struct value *v;
		if (f->is_private) {
			dropped |= value_map_remove(map, f->name);
			continue;
		}
		if (!(v = value_map_get(map, f->name)))
			continue;
		if (f->type == FIELD_OBJECT) {
			dropped |= strip_map(v, f->fields);
		} else if (f->type == FIELD_LIST && f->items->type == FIELD_OBJECT && v->kind == VALUE_LIST) {
			for (size_t k = 0; k < v->u.list.len; k++)
				dropped |= strip_map(v->u.list.items[k], f->items->fields);
		}
	}
	return dropped;
}

/* The public build: the values of the private fields (schema.h) go, once checked, from every text's front
 * matter and every item's merged one, before anything is made of them. A text that had any is left out of
 * the build cache (its meta_enc goes), which would hold them too, and is read again every time. */
static void strip_private(struct builder *b)
{
	const struct config *cfg = b->s->cfg;
	struct scan *scan = b->s->scan;

	for (size_t i = 0; i < b->s->nitems; i++) {
		struct item *it = &b->s->items[i];
		for (size_t l = 0; l < b->nlang; l++)
			if (it->meta[l] != it->original->meta) /* a merged copy */
				strip_map(it->meta[l], item_schema(cfg, it));
	}
	/* every text, a draft's too: the cache keeps the front matter of the texts left out */
	for (size_t i = 0; i < scan->ndocs; i++) {
		struct doc *d = &scan->docs[i];
		const struct schema *schema = d->role == DOC_ITEM      ? d->collection->schema
					      : d->role == DOC_CHAPTER ? cfg->chapter_schema
								       : cfg->page_schema;
		if (!d->meta || !strip_map(d->meta, schema))
			continue;
		d->meta_enc = NULL;
		d->meta_enc_len = 0;
		d->meta_fields = NULL;
		d->nmeta_fields = 0;
	}
}

/* Whether diags has an error at path, line and column. */
static bool error_at(const struct diag_list *diags, const struct diag *d)
{
	for (size_t i = 0; i < diags->len; i++) {
		const struct diag *e = &diags->items[i];
		if (e->severity == DIAG_ERROR && e->line == d->line && e->col == d->col && !strcmp(e->path, d->path))
			return true;
	}
	return false;
}

/* The files whose front matter failed to load but was read to its end (a number out of range, a duplicate
 * key) are left out of the site; their other fields are checked against the schema all the same, so one run
 * reports every problem of the file. A value that failed to load is reported once, by the load stage. */
static void check_salvaged(struct site *s, const struct config *cfg, struct diag_list *diags)
{
	struct diag_list found = DIAG_LIST_INIT;

	for (size_t i = 0; i < s->scan->ndocs; i++) {
		const struct doc *d = &s->scan->docs[i];
		const struct schema *schema = d->role == DOC_ITEM      ? d->collection->schema
					      : d->role == DOC_CHAPTER ? cfg->chapter_schema
								       : cfg->page_schema;
		struct item_files files = { s, d->dir, d->role == DOC_ITEM };
		struct schema_check chk = { .file_exists = attachment_exists, .ctx = &files, .diags = &found,
					    .path = d->path, .translation = !d->original };
		if (d->omitted == DOC_BROKEN && d->meta_salvaged && schema)
			schema_check(schema, d->meta, &chk);
	}
	for (size_t i = 0; i < found.len; i++) {
		const struct diag *d = &found.items[i];
		if (!error_at(diags, d))
			diag_add(diags, d->severity, d->path, d->line, d->col, "%s", d->message);
	}
	diag_list_release(&found);
}

/* ---- taxonomies ---- */

struct term_use {
	const char *term;
	struct item *item;
	const struct value *where;
};

/* What a term's listing may hold: the collections' items and the plain pages. */
static bool listed_by_terms(const struct item *it)
{
	return it->role == DOC_ITEM || it->role == DOC_PAGE;
}

static int term_use_cmp(const void *va, const void *vb)
{
	const struct term_use *a = va, *b = vb;
	int c = strcmp(a->term, b->term);

	return c ? c : (a->item < b->item ? -1 : a->item > b->item);
}

/* A term without a label: a new term to label in the default language's translations, or a typo of a
 * term that has one. */
static void unknown_term(struct builder *b, const struct item *it, const struct config_taxonomy *tax,
			 const struct value *t)
{
	size_t def = b->s->cfg->default_language;
	const struct value *terms = i18n_field_terms(b->s->i18n->lang[def], b->s->cfg, tax->field);
	struct suggest sg;

	suggest_init(&sg, t->u.str.ptr);
	for (size_t i = 0; terms && terms->kind == VALUE_MAP && i < terms->u.map.len; i++)
		suggest_add(&sg, terms->u.map.entries[i].key->u.str.ptr);
	diag_error(b->diags, it->original->path, t->line, t->col, "term '%s' of '%s' has no label in %s%s",
		   t->u.str.ptr, tax->name, b->s->i18n->path[def], suggest_hint(&sg));
	b->failed = 1;
}

/* The terms an item gives a taxonomy: a text, or a list of texts. */
static void collect_terms(struct builder *b, const struct config_taxonomy *tax, struct item *it,
			  struct term_use **uses, size_t *n, size_t *alloc)
{
	const struct value *v = value_map_get(it->original->meta, tax->field);
	const struct value *const *list = &v;
	size_t count = 1;

	if (!v || v->kind == VALUE_NULL)
		return;
	if (v->kind == VALUE_LIST) {
		list = (const struct value *const *)v->u.list.items;
		count = v->u.list.len;
	}
	for (size_t i = 0; i < count; i++) {
		const struct value *t = list[i];
		if (t->kind != VALUE_STRING || !config_valid_slug(t->u.str.ptr, t->u.str.len) ||
		    !strcmp(t->u.str.ptr, "page")) {
			diag_error(b->diags, it->original->path, t->line, t->col,
				   "'%s' must be a term name like 'social-media' (lowercase letters, digits and "
				   "hyphens), or a list of them", tax->field);
			b->failed = 1;
			continue;
		}
		if (!i18n_term(b->s->i18n, b->s->cfg->default_language, tax->name, t->u.str.ptr))
			unknown_term(b, it, tax, t);
		XGROW(*uses, *alloc, *n + 1);
		(*uses)[(*n)++] = (struct term_use){ t->u.str.ptr, it, t };
	}
}

static void build_taxonomy(struct builder *b, struct taxonomy_terms *tt)
{
	struct term_use *uses = NULL;
	size_t n = 0, alloc = 0;

	for (size_t i = 0; i < b->s->nitems; i++)
		if (listed_by_terms(&b->s->items[i]))
			collect_terms(b, tt->taxonomy, &b->s->items[i], &uses, &n, &alloc);
	if (n)
		qsort(uses, n, sizeof(*uses), term_use_cmp);
	tt->terms = arena_calloc(b->a, n ? n : 1, sizeof(*tt->terms));
	for (size_t i = 0; i < n; i++) {
		struct term *t = tt->nterms ? &tt->terms[tt->nterms - 1] : NULL;
		if (!t || strcmp(t->name, uses[i].term)) {
			t = &tt->terms[tt->nterms++];
			t->name = uses[i].term;
		} else if (t->items[t->nitems - 1] == uses[i].item) {
			continue; /* the same term twice in one item */
		}
		ARENA_GROW(b->a, t->items, t->alloc, t->nitems + 1);
		t->items[t->nitems++] = uses[i].item;
	}
	free(uses);
}

/* ---- listings ---- */

/* Listings are sorted through orders made once per field, direction and language over all the items:
 * texts get ICU sort keys once per item (comparing texts with ICU at every step of every listing's sort
 * was most of the model stage), the values are looked up once, and a listing then sorts by place. */
enum rank_kind {
	RANK_TEXT_PLACES, /* places of texts alone: equal texts, equal places */
	RANK_ASCENDING,   /* an order */
	RANK_DESCENDING,
};

struct ranks {
	const char *field;
	size_t lang;
	enum rank_kind kind;
	const struct config_collection *only; /* orders: of this collection's items only, or NULL for all */
	unsigned *place; /* per item */
	size_t *sorted;  /* orders: the items in order */
	size_t nsorted;
};

struct keyed {
	size_t item;
	size_t off, len; /* the key in the shared buffer */
};

/* keys: the shared buffer */
static int keyed_cmp(const void *va, const void *vb, void *keys)
{
	const struct keyed *a = va, *b = vb;
	const char *key_buf = keys;
	int c = memcmp(key_buf + a->off, key_buf + b->off, a->len < b->len ? a->len : b->len);

	return c ? c : (a->len > b->len) - (a->len < b->len);
}

static struct ranks *find_ranks(struct builder *b, const char *field, size_t lang, enum rank_kind kind,
			       const struct config_collection *only)
{
	struct ranks *r;

	for (size_t i = 0; i < b->nranks; i++)
		if (b->ranks[i].lang == lang && b->ranks[i].kind == kind && b->ranks[i].only == only &&
		    !strcmp(b->ranks[i].field, field))
			return &b->ranks[i];
	XGROW(b->ranks, b->ranks_alloc, b->nranks + 1);
	r = &b->ranks[b->nranks++];
	memset(r, 0, sizeof(*r));
	r->field = field;
	r->lang = lang;
	r->kind = kind;
	r->only = only;
	return r;
}

/* Every item's place among the texts of field in lang's alphabetical order. */
static const unsigned *text_places(struct builder *b, const char *field, size_t lang)
{
	const struct site *s = b->s;
	struct ranks *r = find_ranks(b, field, lang, RANK_TEXT_PLACES, NULL);
	struct strbuf keys = STRBUF_INIT;
	struct keyed *k;
	size_t n = 0;

	if (r->place)
		return r->place;
	r->place = arena_calloc(b->a, s->nitems ? s->nitems : 1, sizeof(*r->place));
	k = xcalloc(s->nitems ? s->nitems : 1, sizeof(*k));
	for (size_t i = 0; i < s->nitems; i++) {
		const struct value *v = value_map_get(s->items[i].meta[lang], field);
		if (!v || v->kind != VALUE_STRING || !listed_by_terms(&s->items[i]))
			continue;
		k[n].item = i;
		k[n].off = keys.len;
		locale_sort_key(&keys, s->cfg->languages[lang].code, v->u.str.ptr, v->u.str.len);
		k[n].len = keys.len - k[n].off;
		n++;
	}
	if (n > 1)
		qsort_r(k, n, sizeof(*k), keyed_cmp, keys.buf);
	for (size_t i = 0, place = 0; i < n; i++) {
		if (i && keyed_cmp(&k[i - 1], &k[i], keys.buf))
			place = i;
		r->place[k[i].item] = (unsigned)place;
	}
	free(k);
	strbuf_release(&keys);
	return r->place;
}

/* Numbers before texts, each in their order; a missing value after everything. */
static int value_order(const struct value *a, const struct value *b)
{
	bool an = a->kind == VALUE_INT || a->kind == VALUE_FLOAT, bn = b->kind == VALUE_INT || b->kind == VALUE_FLOAT;

	if (an && bn) {
		double x = a->kind == VALUE_INT ? (double)a->u.i : a->u.f, y = b->kind == VALUE_INT ? (double)b->u.i : b->u.f;
		return x < y ? -1 : x > y;
	}
	if (an != bn)
		return an ? -1 : 1;
	return (int)a->kind - (int)b->kind;
}

/* What items are sorted by: an order's values (item_order). */
struct sort_ctx {
	const struct item *items;
	const struct value **values; /* per item: its value of the field */
	const unsigned *text_place;  /* per item: text_places of the field */
	bool descending;
};

static int item_order(const void *va, const void *vb, void *ctx)
{
	const struct sort_ctx *sort_by = ctx;
	size_t ia = *(const size_t *)va, ib = *(const size_t *)vb;
	const struct item *a = &sort_by->items[ia], *b = &sort_by->items[ib];
	const struct value *x = sort_by->values[ia], *y = sort_by->values[ib];
	bool xmissing = !x || x->kind == VALUE_NULL, ymissing = !y || y->kind == VALUE_NULL;
	int c;

	if (xmissing || ymissing) {
		c = xmissing - ymissing; /* missing values last, whichever the direction */
	} else if (x->kind == VALUE_STRING && y->kind == VALUE_STRING) {
		unsigned px = sort_by->text_place[ia], py = sort_by->text_place[ib];
		c = px < py ? -1 : px > py;
		if (sort_by->descending)
			c = -c;
	} else {
		c = sort_by->descending ? value_order(y, x) : value_order(x, y);
	}
	if (!c && a->collection != b->collection) /* a plain page has none: before the items */
		c = strcmp(a->collection ? a->collection->name : "", b->collection ? b->collection->name : "");
	if (!c)
		c = strcmp(a->slug, b->slug);
	return c ? c : (ia > ib) - (ia < ib);
}

/* The order of field (descending or not) in lang: of the items of collection only, or of all items. */
static const struct ranks *order_of(struct builder *b, const char *field, bool descending, size_t lang,
				    const struct config_collection *only)
{
	const struct site *s = b->s;
	const unsigned *text = text_places(b, field, lang); /* first: it may add to (and move) b->ranks */
	struct ranks *r = find_ranks(b, field, lang, descending ? RANK_DESCENDING : RANK_ASCENDING, only);
	size_t n = s->nitems, m = 0, *idx;
	struct sort_ctx sort_by = { .items = s->items, .text_place = text, .descending = descending };

	if (r->place)
		return r;
	r->place = arena_calloc(b->a, n ? n : 1, sizeof(*r->place));
	idx = arena_calloc(b->a, n ? n : 1, sizeof(*idx));
	sort_by.values = xcalloc(n ? n : 1, sizeof(*sort_by.values));
	for (size_t i = 0; i < n; i++) {
		r->place[i] = UINT_MAX; /* not in this order */
		if (!listed_by_terms(&s->items[i]) || (only && s->items[i].collection != only))
			continue;
		idx[m++] = i;
		sort_by.values[i] = value_map_get(s->items[i].meta[lang], field);
	}
	if (m > 1)
		qsort_r(idx, m, sizeof(*idx), item_order, &sort_by);
	for (size_t i = 0; i < m; i++)
		r->place[idx[i]] = (unsigned)i;
	r->sorted = idx;
	r->nsorted = m;
	free(sort_by.values);
	return r;
}

/* ---- pages ---- */

static struct page *new_group(struct builder *b, enum page_kind kind, const char *dir)
{
	struct page *p;

	XGROW(b->groups, b->groups_alloc, b->s->ngroups + 1);
	p = &b->groups[b->s->ngroups];
	memset(p, 0, sizeof(*p));
	p->kind = kind;
	p->dir = dir;
	p->group = b->s->ngroups++;
	p->number = p->count = 1;
	return p;
}

static const char *listing_dir(struct arena *a, const char *base, unsigned number)
{
	char *p;
	size_t n = strlen(base) + 32;

	if (number == 1)
		return base;
	p = arena_alloc(a, n);
	snprintf(p, n, "%spage/%u/", base, number);
	return p;
}

/* "resources" → "resources/" */
static const char *listing_base(struct arena *a, const char *name)
{
	size_t len = strlen(name);
	char *p = arena_alloc(a, len + 2);

	memcpy(p, name, len);
	memcpy(p + len, "/", 2);
	return p;
}

/* One group per page of a paginated listing of n items; the items themselves are sorted per language
 * later, when the groups become pages. */
static void add_listing(struct builder *b, enum page_kind kind, const char *base, unsigned per_page, size_t n,
			void (*fill)(struct page *, void *), void *ctx)
{
	unsigned count = per_page && n ? (unsigned)((n + per_page - 1) / per_page) : 1;

	for (unsigned i = 1; i <= count; i++) {
		struct page *p = new_group(b, kind, listing_dir(b->a, base, i));
		p->number = i;
		p->count = count;
		fill(p, ctx);
	}
}

static void fill_collection(struct page *p, void *ctx)
{
	p->collection = ctx;
}

static void fill_term(struct page *p, void *ctx)
{
	p->term = ctx;
}

/* "products/x/" → "products/x/print/" (no chapter may be called "print": see scan.c). */
static const char *print_dir(struct arena *a, const char *dir)
{
	size_t len = strlen(dir) + sizeof("print/");
	char *p = arena_alloc(a, len);

	snprintf(p, len, "%sprint/", dir);
	return p;
}

static void add_groups(struct builder *b)
{
	struct site *s = b->s;
	const struct config *cfg = s->cfg;

	new_group(b, PAGE_HOME, "")->item = s->home;
	s->downloads_group = new_group(b, PAGE_DOWNLOADS, "downloads/")->group;
	s->submit_group = SIZE_MAX;
	if (cfg->repo_url && cfg->repo_submit) {
		struct page *p = new_group(b, PAGE_SUBMIT, "submit/");
		p->collection = cfg->repo_submit;
		s->submit_group = p->group;
	}
	s->search_group = cfg->nsearch ? new_group(b, PAGE_SEARCH, "search/")->group : SIZE_MAX;
	for (size_t i = 0; i < s->nitems; i++) {
		if (s->items[i].role == DOC_PAGE) {
			struct page *p = new_group(b, PAGE_PAGE, s->items[i].dir);
			p->item = &s->items[i];
			s->items[i].group = p->group;
		}
	}
	for (size_t c = 0; c < cfg->ncollections; c++) {
		const struct config_collection *col = &cfg->collections[c];
		size_t n = 0;
		if (col->left_out) { /* for members only, in the public build: no listing (its texts are left out) */
			s->collection_groups[c] = SIZE_MAX;
			continue;
		}
		for (size_t i = 0; i < s->nitems; i++)
			n += s->items[i].role == DOC_ITEM && s->items[i].collection == col;
		s->collection_groups[c] = s->ngroups;
		add_listing(b, PAGE_LIST, listing_base(b->a, col->name), col->per_page, n, fill_collection,
			    (void *)col);
		for (size_t i = 0; i < s->nitems; i++) {
			struct item *it = &s->items[i];
			if (it->role == DOC_INTRO && it->collection == col) {
				it->group = s->collection_groups[c]; /* shown on the listing's first page */
				for (size_t g = 0; g < s->ngroups; g++)
					if (b->groups[g].kind == PAGE_LIST && b->groups[g].collection == col)
						b->groups[g].item = it;
			} else if (it->role == DOC_ITEM && it->collection == col) {
				struct page *p = new_group(b, PAGE_ITEM, it->dir);
				p->item = it;
				p->collection = col;
				it->group = p->group;
				for (size_t k = 0; k < it->nchapters; k++) {
					p = new_group(b, PAGE_CHAPTER, it->chapters[k]->dir);
					p->item = it->chapters[k];
					p->collection = col;
					it->chapters[k]->group = p->group;
				}
				if (it->nchapters) {
					p = new_group(b, PAGE_PRINT, print_dir(b->a, it->dir));
					p->item = it;
					p->collection = col;
					it->print_group = p->group;
				}
			}
		}
	}
	for (size_t t = 0; t < cfg->ntaxonomies; t++) {
		struct taxonomy_terms *tt = &s->taxonomies[t];
		size_t len = strlen(tt->taxonomy->name);
		const char *base = listing_base(b->a, tt->taxonomy->name);

		tt->group = s->ngroups;
		new_group(b, PAGE_TAXONOMY, base)->taxonomy = tt;
		for (size_t k = 0; k < tt->nterms; k++) {
			struct term *term = &tt->terms[k];
			size_t tl = strlen(term->name);
			char *tbase = arena_alloc(b->a, len + tl + 3);
			size_t first = s->ngroups;
			term->group = first;
			snprintf(tbase, len + tl + 3, "%s%s/", base, term->name);
			add_listing(b, PAGE_TERM, tbase, TERM_PER_PAGE, term->nitems, fill_term, term);
			for (size_t g = first; g < s->ngroups; g++)
				b->groups[g].taxonomy = tt;
		}
	}
}

/* A listing page's share of its items, already sorted for its language. */
static void take_share(struct builder *b, struct page *p, struct item **sorted, size_t n, unsigned per_page)
{
	size_t first = per_page ? (size_t)(p->number - 1) * per_page : 0;
	size_t count = per_page ? (n - first < per_page ? n - first : per_page) : n;

	p->items = arena_alloc(b->a, (count ? count : 1) * sizeof(*p->items));
	memcpy(p->items, sorted + first, count * sizeof(*p->items));
	p->nitems = count;
}

/* Every term's items in one language, in the order of their titles: gathered in one walk of that order,
 * each item into the listings of its terms (sorting each term's items again in each language was most of
 * the model stage of a build that changed one text). Terms are numbered through the taxonomies. */
struct term_lists {
	size_t *tax_first;      /* per taxonomy: the number of its first term */
	size_t *first;          /* per term: where its items start in items; one more: the end */
	size_t *of_item_first;  /* per item: where its terms start in of_item; one more: the end */
	size_t *of_item;        /* the terms of each item */
	struct item **items;
	size_t nterms;
	size_t lang;            /* what items holds: the listings in this language, or SIZE_MAX for none */
};

static struct term_lists *term_lists_new(struct builder *b)
{
	const struct site *s = b->s;
	struct term_lists *tl = xcalloc(1, sizeof(*tl));
	size_t nterms = 0, npairs = 0, *fill;

	tl->tax_first = xcalloc(s->cfg->ntaxonomies + 1, sizeof(size_t));
	for (size_t t = 0; t < s->cfg->ntaxonomies; t++) {
		tl->tax_first[t] = nterms;
		nterms += s->taxonomies[t].nterms;
		for (size_t k = 0; k < s->taxonomies[t].nterms; k++)
			npairs += s->taxonomies[t].terms[k].nitems;
	}
	tl->nterms = nterms;
	tl->first = xcalloc(nterms + 1, sizeof(size_t));
	tl->of_item_first = xcalloc(s->nitems + 1, sizeof(size_t));
	tl->of_item = xcalloc(npairs + 1, sizeof(size_t));
	tl->items = xcalloc(npairs + 1, sizeof(*tl->items));
	tl->lang = SIZE_MAX;
	/* count each term's items and each item's terms, then place them (a counting sort) */
	for (size_t t = 0, n = 0; t < s->cfg->ntaxonomies; t++) {
		for (size_t k = 0; k < s->taxonomies[t].nterms; k++, n++) {
			const struct term *term = &s->taxonomies[t].terms[k];
			tl->first[n + 1] = tl->first[n] + term->nitems;
			for (size_t i = 0; i < term->nitems; i++)
				tl->of_item_first[term->items[i] - s->items + 1]++;
		}
	}
	for (size_t i = 0; i < s->nitems; i++)
		tl->of_item_first[i + 1] += tl->of_item_first[i];
	fill = xcalloc(s->nitems + 1, sizeof(size_t));
	for (size_t t = 0, n = 0; t < s->cfg->ntaxonomies; t++) {
		for (size_t k = 0; k < s->taxonomies[t].nterms; k++, n++) {
			const struct term *term = &s->taxonomies[t].terms[k];
			for (size_t i = 0; i < term->nitems; i++) {
				size_t it = (size_t)(term->items[i] - s->items);
				tl->of_item[tl->of_item_first[it] + fill[it]++] = n;
			}
		}
	}
	free(fill);
	return tl;
}

static void term_lists_free(struct term_lists *tl)
{
	if (!tl)
		return;
	free(tl->tax_first);
	free(tl->first);
	free(tl->of_item_first);
	free(tl->of_item);
	free(tl->items);
	free(tl);
}

/* The term listings of language lang, made when first asked for. */
static const struct term_lists *term_lists_for(struct builder *b, size_t lang)
{
	struct site *s = b->s;
	const struct ranks *r;
	struct term_lists *tl;
	size_t *fill;

	if (!b->terms)
		b->terms = term_lists_new(b);
	tl = b->terms;
	if (tl->lang == lang)
		return tl;
	r = order_of(b, "title", false, lang, NULL);
	fill = xcalloc(tl->nterms + 1, sizeof(size_t));
	for (size_t i = 0; i < r->nsorted; i++) {
		size_t it = r->sorted[i];
		for (size_t k = tl->of_item_first[it]; k < tl->of_item_first[it + 1]; k++) {
			size_t t = tl->of_item[k];
			tl->items[tl->first[t] + fill[t]++] = &s->items[it];
		}
	}
	free(fill);
	tl->lang = lang;
	return tl;
}

/* Gathers and sorts the items of a listing (a collection or a term) in one language. */
static size_t sort_listing(struct builder *b, const struct page *p, struct item **out)
{
	const struct site *s = b->s;
	size_t n = 0;

	const struct config_collection *c = p->collection;
	const struct ranks *r;

	if (p->kind == PAGE_LIST) {
		/* the order of all items by title, which term listings need, serves collections sorted so too */
		bool shared = s->cfg->ntaxonomies && !c->sort_descending && !strcmp(c->sort_field, "title");
		r = order_of(b, c->sort_field, c->sort_descending, p->lang, shared ? NULL : c);
		for (size_t i = 0; i < r->nsorted; i++)
			if (s->items[r->sorted[i]].collection == c)
				out[n++] = &s->items[r->sorted[i]];
	} else {
		const struct term_lists *tl = term_lists_for(b, p->lang);
		size_t t = tl->tax_first[p->taxonomy - s->taxonomies] + (size_t)(p->term - p->taxonomy->terms);
		n = tl->first[t + 1] - tl->first[t];
		memcpy(out, tl->items + tl->first[t], n * sizeof(*out));
	}
	return n;
}

/* Every group becomes one page per language. A listing is sorted once per language, whatever its number
 * of pages: its pages are consecutive groups. */
static void expand_languages(struct builder *b)
{
	struct site *s = b->s;
	struct item **sorted = malloc((s->nitems ? s->nitems : 1) * sizeof(*sorted));

	s->npages = s->ngroups * b->nlang;
	s->pages = arena_alloc(b->a, (s->npages ? s->npages : 1) * sizeof(*s->pages));
	for (size_t l = 0; l < b->nlang; l++) {
		const void *sorted_for = NULL;
		size_t nsorted = 0;

		for (size_t g = 0; g < s->ngroups; g++) {
			struct page *p = &s->pages[g * b->nlang + l];
			const char *code = s->cfg->languages[l].code;
			size_t len = strlen(code) + strlen(b->groups[g].dir) + 2;
			char *path = arena_alloc(b->a, len);
			const void *listing;

			*p = b->groups[g];
			p->lang = l;
			snprintf(path, len, "%s/%s", code, p->dir);
			p->path = path;
			if (p->kind != PAGE_LIST && p->kind != PAGE_TERM)
				continue;
			listing = p->kind == PAGE_LIST ? (const void *)p->collection : (const void *)p->term;
			if (listing != sorted_for) {
				nsorted = sort_listing(b, p, sorted);
				sorted_for = listing;
			}
			take_share(b, p, sorted, nsorted, p->kind == PAGE_LIST ? p->collection->per_page : TERM_PER_PAGE);
		}
	}
	free(sorted);
}

/* A menu entry names a page, a collection or a taxonomy. */
/* Whether the plain page slug is left out of the site (scan.h's doc->omitted). */
static bool page_left_out(const struct site *s, const char *slug)
{
	for (size_t i = 0; i < s->scan->ndocs; i++) {
		const struct doc *d = &s->scan->docs[i];
		if (d->omitted && d->original && d->role == DOC_PAGE && !strcmp(d->slug, slug))
			return true;
	}
	return false;
}

/* The groups a list of menu entries (the menu's, the footer's) leads to. */
static size_t *resolve_entries(struct builder *b, const struct config_menu_entry *entries, size_t n)
{
	const struct config *cfg = b->s->cfg;
	struct site *s = b->s;
	size_t *groups = arena_calloc(b->a, n ? n : 1, sizeof(*groups));

	for (size_t m = 0; m < n; m++) {
		const char *target = entries[m].target;
		const struct config_collection *col;
		size_t g = SIZE_MAX;

		for (size_t c = 0; c < cfg->ncollections && g == SIZE_MAX; c++)
			if (!strcmp(cfg->collections[c].name, target))
				g = s->collection_groups[c];
		/* a collection for members only, in the public build, has no entry: its listing is not there */
		if (g == SIZE_MAX && (col = config_find_collection(cfg, target)) && col->left_out) {
			groups[m] = SIZE_MAX;
			continue;
		}
		for (size_t t = 0; t < cfg->ntaxonomies && g == SIZE_MAX; t++)
			if (!strcmp(cfg->taxonomies[t].name, target))
				g = s->taxonomies[t].group;
		for (size_t i = 0; i < s->nitems && g == SIZE_MAX; i++)
			if (s->items[i].role == DOC_PAGE && !strcmp(s->items[i].slug, target))
				g = s->items[i].group;
		/* an entry whose page is left out stays SIZE_MAX: it shows once the page is published */
		if (g == SIZE_MAX && !page_left_out(s, target)) {
			diag_error(b->diags, cfg->path, entries[m].where->line, entries[m].where->col,
				   "menu entry '%s' is neither a page, a collection nor a taxonomy", target);
			b->failed = 1;
			g = 0;
		}
		groups[m] = g;
	}
	return groups;
}

static void resolve_menu(struct builder *b)
{
	b->s->menu_groups = resolve_entries(b, b->s->cfg->menu, b->s->cfg->nmenu);
	b->s->footer_groups = resolve_entries(b, b->s->cfg->footer, b->s->cfg->nfooter);
}

static int attachment_cmp(const void *a, const void *b)
{
	return strcmp(((const struct attachment *)a)->path, ((const struct attachment *)b)->path);
}

/* One attempt at the model. Returns 0, or -1 when a problem was reported. */
static int build_model(struct site *s, struct arena *a, struct scan *scan, const struct config *cfg,
		       const struct i18n *i18n, struct diag_list *diags)
{
	struct builder b = { .s = s, .a = a, .diags = diags, .nlang = cfg->nlanguages };

	memset(s, 0, sizeof(*s));
	s->cfg = cfg;
	s->i18n = i18n;
	s->scan = scan;
	build_items(&b, scan);
	index_paths(&b);
	index_omitted(&b);
	link_chapters(&b);
	check_schemas(&b);
	if (!cfg->members_build)
		strip_private(&b);
	s->taxonomies = arena_calloc(a, cfg->ntaxonomies ? cfg->ntaxonomies : 1, sizeof(*s->taxonomies));
	for (size_t t = 0; t < cfg->ntaxonomies; t++) {
		s->taxonomies[t].taxonomy = &cfg->taxonomies[t];
		build_taxonomy(&b, &s->taxonomies[t]);
	}
	s->collection_groups = arena_calloc(a, cfg->ncollections ? cfg->ncollections : 1, sizeof(size_t));
	add_groups(&b);
	resolve_menu(&b);
	expand_languages(&b);
	free(b.groups);
	free(b.ranks);
	term_lists_free(b.terms);
	return b.failed ? -1 : 0;
}

/* With a broken original, the other texts of its item are left out too (they would be translations
 * without an original). Returns how many it left out. */
static size_t leave_out_items(struct scan *scan)
{
	size_t n = 0;

	for (size_t i = 0; i < scan->ndocs; i++) {
		const struct doc *o = &scan->docs[i];
		if (o->omitted != DOC_BROKEN || !o->original)
			continue;
		for (size_t j = 0; j < scan->ndocs; j++) {
			struct doc *t = &scan->docs[j];
			if (!t->omitted && same_item(o, t)) {
				t->omitted = DOC_BROKEN;
				n++;
			}
		}
	}
	return n;
}

/* Leaves out of the site the docs that the errors diags->items[from..] are about (at their file, or at
 * their item's folder), and with an original every text of its item. Returns how many it left out. */
static size_t leave_out_broken(struct scan *scan, const struct diag_list *diags, size_t from)
{
	size_t n = 0, errors = 0;

	for (size_t k = from; k < diags->len; k++)
		errors += diags->items[k].severity == DIAG_ERROR;
	if (!errors)
		return 0; /* the usual case: no doc to look at */

	for (size_t i = 0; i < scan->ndocs; i++) {
		struct doc *d = &scan->docs[i];
		for (size_t k = from; !d->omitted && k < diags->len; k++) {
			const struct diag *e = &diags->items[k];
			if (e->severity == DIAG_ERROR && (!strcmp(e->path, d->path) ||
							  (d->role >= DOC_ITEM && !strcmp(e->path, d->dir)))) {
				d->omitted = DOC_BROKEN;
				n++;
			}
		}
	}
	return n + leave_out_items(scan);
}

/* The model is built again without the docs that reported errors, until it holds none (each attempt
 * after the first only leaves out what the earlier ones left out needed: those errors were reported). */
#define MODEL_ATTEMPTS 8

int site_build(struct site *s, struct arena *a, struct scan *scan, const struct config *cfg,
	       const struct i18n *i18n, struct diag_list *diags)
{
	struct diag_list again = DIAG_LIST_INIT;
	int ret = 0;

	if (scan->nfiles > 1)
		qsort(scan->files, scan->nfiles, sizeof(*scan->files), attachment_cmp);
	s->scan = scan;
	check_salvaged(s, cfg, diags);
	leave_out_broken(scan, diags, 0); /* what the scan and the load reported (an item without index.md) */
	for (size_t attempt = 0;; attempt++) {
		struct diag_list *into = attempt ? &again : diags;
		size_t from = into->len;
		if (!(ret = build_model(s, a, scan, cfg, i18n, into)))
			break;
		if (attempt + 1 == MODEL_ATTEMPTS || !leave_out_broken(scan, into, from))
			break; /* an error no doc can be left out for (site.yaml's menu): nothing to render */
	}
	diag_list_release(&again);
	return ret;
}

/* ---- the model's digest, for the check that nothing writes it after the model stage ---- */

static void add_ptr(struct digest *dg, const void *p)
{
	digest_add(dg, &p, sizeof(p));
}

static void add_bytes(struct digest *dg, const char *p, size_t len)
{
	add_ptr(dg, p);
	digest_add_u64(dg, len);
	if (p)
		digest_add(dg, p, len);
}

static void add_cstr(struct digest *dg, const char *s)
{
	add_bytes(dg, s, s ? strlen(s) : 0);
}

/* A value tree: every node's place in memory, kind, position and contents. */
static void add_value(struct digest *dg, const struct value *v)
{
	add_ptr(dg, v);
	if (!v)
		return;
	digest_add_u64(dg, v->kind);
	digest_add_u64(dg, ((uint64_t)v->line << 32) | v->col);
	switch (v->kind) {
	case VALUE_NULL:
		break;
	case VALUE_BOOL:
		digest_add_u64(dg, v->u.b);
		break;
	case VALUE_INT:
		digest_add_u64(dg, (uint64_t)v->u.i);
		break;
	case VALUE_FLOAT:
		digest_add(dg, &v->u.f, sizeof(v->u.f));
		break;
	case VALUE_STRING:
		add_bytes(dg, v->u.str.ptr, v->u.str.len);
		break;
	case VALUE_LIST:
		add_ptr(dg, v->u.list.items);
		digest_add_u64(dg, v->u.list.len);
		for (size_t i = 0; i < v->u.list.len; i++)
			add_value(dg, v->u.list.items[i]);
		break;
	case VALUE_MAP:
		add_ptr(dg, v->u.map.entries);
		digest_add_u64(dg, v->u.map.len);
		for (size_t i = 0; i < v->u.map.len; i++) {
			add_value(dg, v->u.map.entries[i].key);
			add_value(dg, v->u.map.entries[i].val);
		}
		break;
	}
}

static void add_doc(struct digest *dg, const struct doc *d)
{
	add_cstr(dg, d->path);
	add_cstr(dg, d->dir);
	digest_add_u64(dg, d->role);
	add_ptr(dg, d->collection);
	add_cstr(dg, d->slug);
	add_cstr(dg, d->chapter);
	digest_add_u64(dg, d->lang);
	digest_add_u64(dg, d->original);
	add_value(dg, d->meta);
	add_bytes(dg, d->body, d->body_len);
	digest_add_u64(dg, d->body_offset);
	digest_add_u64(dg, d->body_line);
	digest_add(dg, d->stamp.bytes, sizeof(d->stamp.bytes));
	digest_add(dg, d->digest, DIGEST_LEN);
	add_bytes(dg, d->meta_enc, d->meta_enc_len);
	digest_add(dg, d->meta_digest, DIGEST_LEN);
	add_ptr(dg, d->meta_fields);
	digest_add_u64(dg, d->nmeta_fields);
	for (size_t i = 0; d->meta_fields && i < d->nmeta_fields; i++)
		digest_add(dg, d->meta_fields[i], sizeof(d->meta_fields[i]));
	add_bytes(dg, d->links, d->links_len);
	digest_add_u64(dg, d->links_known);
	digest_add(dg, d->updated, sizeof(d->updated));
	digest_add_u64(dg, d->outdated);
	digest_add_u64(dg, d->omitted);
	digest_add_u64(dg, d->meta_salvaged);
}

static void add_item(struct digest *dg, const struct site *s, const struct item *it)
{
	digest_add_u64(dg, it->role);
	add_ptr(dg, it->collection);
	add_cstr(dg, it->slug);
	add_cstr(dg, it->chapter);
	add_cstr(dg, it->dir);
	add_ptr(dg, it->original);
	for (size_t l = 0; l < s->cfg->nlanguages; l++) {
		add_ptr(dg, it->text[l]);
		add_value(dg, it->meta[l]);
	}
	digest_add_u64(dg, it->group);
	add_ptr(dg, it->parent);
	add_ptr(dg, it->chapters);
	digest_add_u64(dg, it->nchapters);
	for (size_t k = 0; k < it->nchapters; k++)
		add_ptr(dg, it->chapters[k]);
	digest_add_u64(dg, it->print_group);
}

static void add_page(struct digest *dg, const struct page *p)
{
	digest_add_u64(dg, p->kind);
	digest_add_u64(dg, p->lang);
	digest_add_u64(dg, p->group);
	add_cstr(dg, p->path);
	add_cstr(dg, p->dir);
	add_ptr(dg, p->item);
	add_ptr(dg, p->collection);
	add_ptr(dg, p->taxonomy);
	add_ptr(dg, p->term);
	add_ptr(dg, p->items);
	digest_add_u64(dg, p->nitems);
	for (size_t i = 0; i < p->nitems; i++)
		add_ptr(dg, p->items[i]);
	digest_add_u64(dg, ((uint64_t)p->number << 32) | p->count);
}

static void add_taxonomies(struct digest *dg, const struct site *s)
{
	for (size_t t = 0; t < s->cfg->ntaxonomies; t++) {
		const struct taxonomy_terms *tt = &s->taxonomies[t];
		add_ptr(dg, tt->taxonomy);
		add_ptr(dg, tt->terms);
		digest_add_u64(dg, tt->nterms);
		digest_add_u64(dg, tt->group);
		for (size_t k = 0; k < tt->nterms; k++) {
			add_cstr(dg, tt->terms[k].name);
			add_ptr(dg, tt->terms[k].items);
			digest_add_u64(dg, tt->terms[k].nitems);
			digest_add_u64(dg, tt->terms[k].group);
			for (size_t i = 0; i < tt->terms[k].nitems; i++)
				add_ptr(dg, tt->terms[k].items[i]);
		}
	}
}

void site_digest(const struct site *s, unsigned char out[DIGEST_LEN])
{
	struct digest dg;

	digest_init(&dg);
	add_cstr(&dg, s->today);
	add_value(&dg, s->cfg->root);
	for (size_t l = 0; s->i18n && l < s->cfg->nlanguages; l++)
		add_value(&dg, s->i18n->lang[l]);
	for (size_t i = 0; s->scan && i < s->scan->ndocs; i++)
		add_doc(&dg, &s->scan->docs[i]);
	for (size_t i = 0; s->scan && i < s->scan->nfiles; i++) {
		add_cstr(&dg, s->scan->files[i].path);
		add_cstr(&dg, s->scan->files[i].out);
		digest_add(&dg, s->scan->files[i].stamp.bytes, sizeof(s->scan->files[i].stamp.bytes));
	}
	for (size_t i = 0; i < s->nitems; i++)
		add_item(&dg, s, &s->items[i]);
	add_ptr(&dg, s->home);
	add_taxonomies(&dg, s);
	for (size_t c = 0; s->collection_groups && c < s->cfg->ncollections; c++)
		digest_add_u64(&dg, s->collection_groups[c]);
	for (size_t m = 0; s->menu_groups && m < s->cfg->nmenu; m++)
		digest_add_u64(&dg, s->menu_groups[m]);
	for (size_t m = 0; s->footer_groups && m < s->cfg->nfooter; m++)
		digest_add_u64(&dg, s->footer_groups[m]);
	digest_add_u64(&dg, s->downloads_group);
	digest_add_u64(&dg, s->submit_group);
	digest_add_u64(&dg, s->search_group);
	for (size_t i = 0; i < s->npages; i++)
		add_page(&dg, &s->pages[i]);
	for (size_t i = 0; i < s->npaths; i++) {
		add_cstr(&dg, s->paths[i].path);
		add_ptr(&dg, s->paths[i].item);
	}
	digest_final(&dg, out);
}
