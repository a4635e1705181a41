/* What is published (see publish.h): drafts and embargoes, between the load stage and the model. */
#include "publish.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scaffold.h"
#include "schema.h"
#include "util/datetime.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* ---- the unit a doc belongs to: its original decides for it ---- */

/* What names a doc's unit within its folder: a chapter's or a page's own name; nothing for an item. */
static const char *unit_name(const struct doc *d)
{
	return d->role == DOC_CHAPTER ? d->chapter : d->role == DOC_PAGE ? d->slug : "";
}

static int unit_cmp(const struct doc *a, const struct doc *b)
{
	int c = strcmp(a->dir, b->dir);

	if (!c)
		c = (int)a->role - (int)b->role;
	return c ? c : strcmp(unit_name(a), unit_name(b));
}

static int original_cmp(const void *va, const void *vb)
{
	return unit_cmp(*(const struct doc *const *)va, *(const struct doc *const *)vb);
}

/* The originals, sorted by unit. */
struct originals {
	const struct doc **docs;
	size_t n;
};

static void originals_init(struct originals *o, const struct scan *scan)
{
	o->docs = xcalloc(scan->ndocs + 1, sizeof(*o->docs));
	o->n = 0;
	for (size_t i = 0; i < scan->ndocs; i++)
		if (scan->docs[i].original)
			o->docs[o->n++] = &scan->docs[i];
	qsort(o->docs, o->n, sizeof(*o->docs), original_cmp);
}

static const struct doc *originals_find(const struct originals *o, const struct doc *key)
{
	const struct doc **p = o->n ? bsearch(&key, o->docs, o->n, sizeof(*o->docs), original_cmp) : NULL;

	return p ? *p : NULL;
}

/* The docs whose front matter decides for d, d first: d, its original, and a chapter's item's original
 * (NULL where there is none). */
static void deciders(const struct originals *o, const struct doc *d, const struct doc *out[3])
{
	struct doc item = { .dir = d->dir, .role = DOC_ITEM };

	out[0] = d;
	out[1] = d->original ? NULL : originals_find(o, d);
	out[2] = d->role == DOC_CHAPTER ? originals_find(o, &item) : NULL;
}

/* ---- a doc's own values, checked by publish_decide before they are read ---- */

static bool own_draft(const struct doc *d)
{
	const struct value *v = value_map_get(d->meta, "draft");

	return v && v->kind == VALUE_BOOL && v->u.b;
}

/* Whether an original is for members only: `audience: members`, its own or its collection's. */
static bool own_members(const struct doc *d)
{
	const struct value *v = d->original ? value_map_get(d->meta, "audience") : NULL;

	if (d->collection && d->collection->members)
		return true;
	return v && v->kind == VALUE_STRING && !strcmp(v->u.str.ptr, "members");
}

/* An original's publish_after, or INT64_MIN when it has none. */
static int64_t own_publish_after(const struct doc *d)
{
	const struct value *v = d->original ? value_map_get(d->meta, "publish_after") : NULL;
	struct datetime dt;

	if (!v || v->kind != VALUE_STRING || datetime_parse(&dt, v->u.str.ptr, v->u.str.len))
		return INT64_MIN;
	return dt.t;
}

/* Why d is left out (DOC_PUBLISHED: it is not), by which doc's front matter, and until when. */
struct reason {
	enum doc_omission why;
	const struct doc *by;
	int64_t until;
};

/* Whether d is for members only: its original, or its chapter's item's, says so. */
static bool for_members(const struct originals *o, const struct doc *d)
{
	const struct doc *by[3];

	deciders(o, d, by);
	for (size_t i = 0; i < 3; i++)
		if (by[i] && own_members(by[i]))
			return true;
	return false;
}

static struct reason reason_of(const struct originals *o, const struct doc *d, const struct publish_options *opts)
{
	const struct doc *by[3];
	struct reason r = { DOC_PUBLISHED, NULL, INT64_MIN };

	deciders(o, d, by);
	for (size_t i = 0; i < 3; i++) {
		int64_t t;
		if (!by[i])
			continue;
		if (by[i]->omitted == DOC_BROKEN)
			return (struct reason){ DOC_BROKEN, by[i], INT64_MIN };
		if (!opts->members && own_members(by[i]))
			return (struct reason){ DOC_MEMBERS, by[i], INT64_MIN };
		if (!opts->drafts && own_draft(by[i]) && r.why != DOC_DRAFT)
			r = (struct reason){ DOC_DRAFT, by[i], INT64_MIN };
		t = own_publish_after(by[i]);
		if (r.why != DOC_DRAFT && t > opts->now && t > r.until)
			r = (struct reason){ DOC_HELD, by[i], t };
	}
	return r;
}

/* ---- deciding ---- */

/* The home page and the listings' introductions frame the site: they cannot be left out. */
static int check_role(const struct doc *d, struct diag_list *diags)
{
	int ret = 0;

	if (d->role != DOC_HOME && d->role != DOC_INTRO)
		return 0;
	for (const char *const *name = (const char *const[]){ "draft", "publish_after", "audience", NULL }; *name;
	     name++) {
		const struct value_entry *e = value_map_find_entry(d->meta, *name, strlen(*name));
		if (!e)
			continue;
		diag_error(diags, d->path, e->key->line ? e->key->line : 1, e->key->col ? e->key->col : 1,
			   "'%s' is for items, pages and chapters: %s is always published", *name,
			   d->role == DOC_HOME ? "the home page" : "a listing's introduction");
		ret = -1;
	}
	return ret;
}

int publish_decide(struct scan *scan, const struct publish_options *opts, int64_t *next_release,
		   struct diag_list *diags)
{
	struct originals o;
	int ret = 0;

	*next_release = PUBLISH_NONE;
	for (size_t i = 0; i < scan->ndocs; i++) {
		struct doc *d = &scan->docs[i];
		struct schema_check chk = { .path = d->path, .translation = !d->original, .diags = diags };
		int64_t t;
		if (d->omitted == DOC_BROKEN || !d->meta)
			continue;
		if (schema_check_builtins(d->meta, &chk) | check_role(d, diags)) {
			d->omitted = DOC_BROKEN;
			ret = -1;
			continue;
		}
		t = own_publish_after(d);
		if (t > opts->now && t < *next_release)
			*next_release = t;
	}
	originals_init(&o, scan);
	/* only DOC_BROKEN, all set above, is read back from another doc: the order does not matter */
	for (size_t i = 0; i < scan->ndocs; i++) {
		struct doc *d = &scan->docs[i];
		if (d->omitted != DOC_BROKEN && d->meta) {
			d->omitted = reason_of(&o, d, opts).why;
			d->members = for_members(&o, d);
		}
	}
	free(o.docs);
	return ret;
}

/* ---- what check tells ---- */

void publish_notes(const struct scan *scan, const struct publish_options *opts, struct diag_list *diags)
{
	struct originals o;
	struct strbuf when = STRBUF_INIT;

	originals_init(&o, scan);
	for (size_t i = 0; i < scan->ndocs; i++) {
		const struct doc *d = &scan->docs[i];
		struct reason r;
		if (d->omitted != DOC_DRAFT && d->omitted != DOC_HELD)
			continue;
		r = reason_of(&o, d, opts);
		if (r.why == DOC_DRAFT && r.by == d) {
			diag_note(diags, d->path, 0, 0, "a draft: not published (draft: true)");
		} else if (r.why == DOC_DRAFT) {
			diag_note(diags, d->path, 0, 0, "not published: %s is a draft (draft: true)", r.by->path);
		} else if (r.why == DOC_HELD) {
			strbuf_reset(&when);
			datetime_format(&when, r.until, DATETIME_MINUTE);
			diag_note(diags, d->path, 0, 0, "held back until %s (publish_after%s%s)", when.buf,
				  r.by == d ? "" : " of ", r.by == d ? "" : r.by->path);
		}
	}
	strbuf_release(&when);
	free(o.docs);
}

/* The schema d follows, or NULL (site.c's item_schema, for a doc). */
static const struct schema *doc_schema(const struct config *cfg, const struct doc *d)
{
	return d->role == DOC_ITEM ? d->collection->schema : d->role == DOC_CHAPTER ? cfg->chapter_schema
										  : cfg->page_schema;
}

static bool is_text(const struct value *v, const char *s)
{
	return v->kind == VALUE_STRING && v->u.str.len == strlen(s) && !memcmp(v->u.str.ptr, s, v->u.str.len);
}

/* Whether v is what scaffold.c writes as the placeholder of field f (NULL: unknown) called name. */
static bool is_placeholder(const struct value *v, const struct field *f, const char *name)
{
	if (is_text(v, "…") || is_text(v, "https://example.org/") || is_text(v, SCAFFOLD_EMAIL) ||
	    is_text(v, SCAFFOLD_PHONE))
		return true;
	return f && f->type == FIELD_FILE && is_text(v, name);
}

struct finder {
	const struct doc *d;
	struct diag_list *diags;
};

static void find_in_map(struct finder *fd, const struct value *map, const struct schema *s, const char *label);

/* The placeholders in v, the value of field f (NULL: unknown) called name, shown as label. */
static void find_in(struct finder *fd, const struct value *v, const struct field *f, const char *name,
		    const char *label)
{
	char sub[256];

	if (v->kind == VALUE_LIST) {
		for (size_t i = 0; i < v->u.list.len; i++) {
			snprintf(sub, sizeof(sub), "%s[%zu]", label, i + 1);
			find_in(fd, v->u.list.items[i], f && f->type == FIELD_LIST ? f->items : NULL, name, sub);
		}
	} else if (v->kind == VALUE_MAP) {
		find_in_map(fd, v, f && f->type == FIELD_OBJECT ? f->fields : NULL, label);
	} else if (is_placeholder(v, f, name)) {
		diag_warning(fd->diags, fd->d->path, v->line ? v->line : 1, v->col ? v->col : 1,
			     "'%s' still holds the placeholder written by jisite new", label);
	}
}

static void find_in_map(struct finder *fd, const struct value *map, const struct schema *s, const char *label)
{
	char sub[256];

	for (size_t i = 0; i < map->u.map.len; i++) {
		const char *key = map->u.map.entries[i].key->u.str.ptr;
		snprintf(sub, sizeof(sub), "%s%s%s", label, *label ? "." : "", key);
		find_in(fd, map->u.map.entries[i].val, schema_field(s, key), key, sub);
	}
}

void publish_placeholders(const struct scan *scan, const struct config *cfg, struct diag_list *diags)
{
	for (size_t i = 0; i < scan->ndocs; i++) {
		struct finder fd = { &scan->docs[i], diags };
		if (fd.d->omitted == DOC_PUBLISHED && fd.d->meta && fd.d->meta->kind == VALUE_MAP)
			find_in_map(&fd, fd.d->meta, doc_schema(cfg, fd.d), "");
	}
}

/* ---- what the later stages ask ---- */

int64_t publish_held_until(const struct site *s, const struct doc *d)
{
	int64_t t = own_publish_after(d);
	const struct doc *item = t == INT64_MIN ? site_find_omitted(s, d->dir) : NULL;

	return item ? own_publish_after(item) : t;
}

const struct doc *publish_file_omitted(const struct site *s, const struct attachment *f)
{
	const struct item *it;
	const struct doc *d;

	site_file_owner(s, f, &it, &d);
	return d;
}
