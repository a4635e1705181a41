/* Translations of the interface (see i18n.h). */
#include "i18n.h"

#include <errno.h>
#include <string.h>

#include "util/fs.h"
#include "util/str.h"
#include "yamltree.h"

/* A file of texts as loaded, never changed afterwards: a language's, or a fallback's of no language. */
struct texts {
	const char *code;
	const char *path; /* "translations/pt.yaml" */
	/* whose text it is, in messages: "the English text(s)", or "the text(s) of translations/pt.yaml" */
	const char *text, *texts;
	struct value *root; /* NULL when it could not be loaded (reported) */
};

struct loader {
	struct i18n *t;
	struct arena *a;
	struct source *src;
	struct diag_list *diags;
	struct texts *langs; /* per language of the site */
	struct texts *extra; /* files of fallbacks that are not languages of the site */
	size_t nextra, extra_alloc;
};

static const char *phrase(struct arena *a, const char *fmt, const char *arg) __attribute__((format(printf, 2, 0)));
/* fmt with arg, in a */
static const char *phrase(struct arena *a, const char *fmt, const char *arg)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p;

	strbuf_addf(&sb, fmt, arg);
	p = arena_memdup0(a, sb.buf, sb.len);
	strbuf_release(&sb);
	return p;
}

/* A copy of v whose maps are its own, their leaves shared: a language's texts are merged in place, and the
 * files they are merged from serve other languages too. */
static struct value *copy_maps(struct arena *a, struct value *v)
{
	struct value *m;

	if (v->kind != VALUE_MAP)
		return v;
	m = value_new_map(a);
	m->line = v->line;
	m->col = v->col;
	for (size_t i = 0; i < v->u.map.len; i++)
		value_map_add(a, m, v->u.map.entries[i].key, copy_maps(a, v->u.map.entries[i].val));
	return m;
}

/* Whether dotted key is the title of a collection for members only, in the public build: its absence is
 * not told, as the public build tells nothing of such a collection. */
static bool left_out_key(const struct config *cfg, const char *key)
{
	const struct config_collection *c;

	if (!starts_with(key, "collections."))
		return false;
	c = config_find_collection(cfg, key + strlen("collections."));
	return c && c->left_out;
}

/* Adds to over every key of base it lacks (recursively for maps); warns about each one, named by its
 * dotted key. over is modified in place; base is not, nor shares a map with over afterwards. */
static void merge_missing(struct arena *a, struct value *over, const struct texts *from, const struct value *base,
			  struct strbuf *key, const char *path, const struct config *cfg, struct diag_list *diags)
{
	for (size_t i = 0; i < base->u.map.len; i++) {
		const struct value_entry *e = &base->u.map.entries[i];
		struct value_entry *mine = value_map_find_entry(over, e->key->u.str.ptr, e->key->u.str.len);
		size_t len = key->len;

		if (len)
			strbuf_addch(key, '.');
		strbuf_add(key, e->key->u.str.ptr, e->key->u.str.len);
		if (!mine) {
			if (left_out_key(cfg, key->buf))
				; /* nothing to tell */
			else if (e->val->kind == VALUE_STRING)
				diag_warning(diags, path, 1, 1, "missing translation of '%s' (%s is used)", key->buf,
					     from->text);
			else
				diag_warning(diags, path, 1, 1, "missing '%s' (%s are used)", key->buf, from->texts);
			value_map_add(a, over, e->key, copy_maps(a, e->val));
		} else if (mine->val->kind == VALUE_MAP && e->val->kind == VALUE_MAP) {
			merge_missing(a, mine->val, from, e->val, key, path, cfg, diags);
		}
		strbuf_setlen(key, len);
	}
}

/* Loads the file f->path into f->root (a map with a "ui" map), reporting why it cannot. Returns 0 or -1. */
static int load_file(struct loader *l, struct texts *f)
{
	struct strbuf sb = STRBUF_INIT;
	struct value *root = NULL;
	int ret = -1;

	f->root = NULL;
	if (l->src->read(l->src, f->path, &sb, 4 * 1024 * 1024)) {
		diag_error(l->diags, f->path, 1, 1, "cannot read the translations of '%s': %s", f->code, strerror(errno));
		goto cleanup;
	}
	if (yamltree_load(&root, l->a, f->path, arena_memdup0(l->a, sb.buf, sb.len), sb.len, 0, NULL, l->diags))
		goto cleanup;
	if (root->kind == VALUE_NULL)
		root = value_new_map(l->a);
	if (root->kind != VALUE_MAP) {
		diag_error(l->diags, f->path, root->line, root->col, "translations must be a map of names to texts");
		goto cleanup;
	}
	if (!value_map_get(root, "ui"))
		value_map_set(l->a, root, "ui", value_new_map(l->a));
	f->root = root;
	ret = 0;
cleanup:
	strbuf_release(&sb);
	return ret;
}

static const char *texts_path(struct arena *a, const char *code, size_t len)
{
	struct strbuf path = STRBUF_INIT;
	const char *p;

	strbuf_addf(&path, "translations/%.*s.yaml", (int)len, code);
	p = arena_memdup0(a, path.buf, path.len);
	strbuf_release(&path);
	return p;
}

/* The texts of code (its first len bytes) as a fallback: a language of the site's, or else the file
 * translations/<code>.yaml when there is one, loaded once; NULL when there is neither, or for the default
 * language (the last fallback of every language anyway). */
static struct texts *fallback_texts(struct loader *l, const char *code, size_t len)
{
	const struct config *cfg = l->t->cfg;
	int idx = config_language_index(cfg, code, len);
	enum source_kind kind;
	struct texts *f;

	if (idx >= 0)
		return (size_t)idx == cfg->default_language ? NULL : &l->langs[idx];
	for (size_t i = 0; i < l->nextra; i++)
		if (strlen(l->extra[i].code) == len && !memcmp(l->extra[i].code, code, len))
			return &l->extra[i];
	f = &(struct texts){ .code = arena_memdup0(l->a, code, len), .path = texts_path(l->a, code, len) };
	if (l->src->kind(l->src, f->path, &kind) || kind != SOURCE_FILE)
		return NULL;
	f->text = phrase(l->a, "the text of %s", f->path);
	f->texts = phrase(l->a, "the texts of %s", f->path);
	load_file(l, f);
	ARENA_GROW(l->a, l->extra, l->extra_alloc, l->nextra + 1);
	l->extra[l->nextra] = *f;
	return &l->extra[l->nextra++];
}

/* Language lang's texts: its own file, then each fallback's for what it lacks, then the default
 * language's; each key it lacks reported once, at its file, naming whose text is used. */
static void merge_language(struct loader *l, size_t lang, struct strbuf *key)
{
	const struct config *cfg = l->t->cfg;
	const struct texts *own = &l->langs[lang], *def = &l->langs[cfg->default_language];
	const char *code = cfg->languages[lang].code;
	const char **paths = arena_calloc(l->a, strlen(code) + 1, sizeof(*paths)); /* at most one per '-' */
	struct diag_list quiet = DIAG_LIST_INIT;
	/* a language whose file failed (reported) shows its fallbacks' texts, unannounced: the build goes on
	 * to report the problems of the content */
	struct diag_list *diags = own->root ? l->diags : &quiet;
	struct value *texts = own->root ? copy_maps(l->a, own->root) : value_new_map(l->a);
	size_t n = 0;

	/* "zh-Hant-TW": "zh-Hant", then "zh" */
	for (size_t len = strlen(code); len--;) {
		const struct texts *f;
		if (code[len] != '-' || !(f = fallback_texts(l, code, len)))
			continue;
		paths[n++] = f->path;
		if (f->root)
			merge_missing(l->a, texts, f, f->root, key, own->path, l->t->cfg, diags);
	}
	merge_missing(l->a, texts, def, def->root, key, own->path, l->t->cfg, diags);
	diag_list_release(&quiet);
	l->t->lang[lang] = texts;
	l->t->fallbacks[lang] = paths;
}

/* The files of translations/ that are neither a language's nor a fallback's are reported: they are not
 * used, most likely for a language site.yaml does not have (yet), or a code spelled otherwise there. */
static void report_unused(struct loader *l)
{
	const struct config *cfg = l->t->cfg;
	struct source_entry *e;
	struct strbuf codes = STRBUF_INIT;
	size_t n;

	if (l->src->list(l->src, "translations", &e, &n))
		return; /* the default language's file reported it */
	for (size_t i = 0; i < cfg->nlanguages; i++)
		strbuf_addf(&codes, "%s%s", i ? ", " : "", cfg->languages[i].code);
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(e[i].name) - strlen(".yaml");
		bool used = false;

		if (e[i].kind != SOURCE_FILE || !path_has_suffix(e[i].name, ".yaml") || !len)
			continue;
		used = config_language_index(cfg, e[i].name, len) >= 0;
		for (size_t x = 0; x < l->nextra && !used; x++)
			used = strlen(l->extra[x].code) == len && !memcmp(l->extra[x].code, e[i].name, len);
		if (!used)
			diag_warning(l->diags, texts_path(l->a, e[i].name, len), 1, 1,
				     "'%.*s' is not a language of the site (site.yaml has %s), nor the start of one's "
				     "code ('%.*s-…') that falls back to it: this file is not used",
				     (int)len, e[i].name, codes.buf, (int)len, e[i].name);
	}
	strbuf_release(&codes);
	source_entries_free(e, n);
}

/* The default language must name every collection and taxonomy. */
static int check_default(struct i18n *t, size_t def, struct diag_list *diags)
{
	int ret = 0;

	if (!i18n_find(t, def, "site_title", NULL)) {
		diag_error(diags, t->path[def], 1, 1, "missing 'site_title'");
		ret = -1;
	}
	for (size_t i = 0; i < t->cfg->ncollections; i++) {
		/* the public build knows nothing of a collection for members only */
		const struct config_collection *c = &t->cfg->collections[i];
		if (!c->left_out && !i18n_find(t, def, "collections", c->name)) {
			diag_error(diags, t->path[def], 1, 1, "missing 'collections.%s': the title of the collection",
				   t->cfg->collections[i].name);
			ret = -1;
		}
	}
	for (size_t i = 0; i < t->cfg->ntaxonomies; i++) {
		if (!i18n_taxonomy_title(t, def, t->cfg->taxonomies[i].name)) {
			diag_error(diags, t->path[def], 1, 1, "missing 'taxonomies.%s.title': the title of the taxonomy",
				   t->cfg->taxonomies[i].name);
			ret = -1;
		}
	}
	return ret;
}

int i18n_load(struct i18n *t, struct arena *a, struct source *src, const struct config *cfg,
	      struct diag_list *diags)
{
	size_t def = cfg->default_language, nlang = cfg->nlanguages;
	struct loader l = { .t = t, .a = a, .src = src, .diags = diags };
	struct strbuf key = STRBUF_INIT;
	int ret = 0;

	memset(t, 0, sizeof(*t));
	t->cfg = cfg;
	t->lang = arena_calloc(a, nlang, sizeof(*t->lang));
	t->path = arena_calloc(a, nlang, sizeof(*t->path));
	t->fallbacks = arena_calloc(a, nlang, sizeof(*t->fallbacks));
	l.langs = arena_calloc(a, nlang, sizeof(*l.langs));
	/* every language's file first, as loaded: fallbacks are merged from them before they are merged
	 * themselves */
	for (size_t i = 0; i < nlang; i++) {
		struct texts *f = &l.langs[i];
		f->code = cfg->languages[i].code;
		f->text = phrase(a, "the %s text", cfg->languages[i].name);
		f->texts = phrase(a, "the %s texts", cfg->languages[i].name);
		f->path = t->path[i] = texts_path(a, f->code, strlen(f->code));
		load_file(&l, f);
	}
	if (!l.langs[def].root) {
		ret = -1;
		goto cleanup;
	}
	t->lang[def] = l.langs[def].root;
	t->fallbacks[def] = arena_calloc(a, 1, sizeof(*t->fallbacks[def]));
	for (size_t i = 0; i < nlang; i++)
		if (i != def)
			merge_language(&l, i, &key);
	report_unused(&l);
	ret = check_default(t, def, diags);
cleanup:
	strbuf_release(&key);
	return ret;
}

static const char *string_of(const struct value *v)
{
	return v && v->kind == VALUE_STRING ? v->u.str.ptr : NULL;
}

const char *i18n_find(const struct i18n *t, size_t lang, const char *section, const char *key)
{
	const struct value *v = value_map_get(t->lang[lang], section);

	return string_of(key ? value_map_get(v, key) : v);
}

const char *i18n_term(const struct i18n *t, size_t lang, const char *taxonomy, const char *term)
{
	const struct value *tax = value_map_get(value_map_get(t->lang[lang], "taxonomies"), taxonomy);

	return string_of(value_map_get(value_map_get(tax, "terms"), term));
}

const char *i18n_taxonomy_title(const struct i18n *t, size_t lang, const char *taxonomy)
{
	const struct value *tax = value_map_get(value_map_get(t->lang[lang], "taxonomies"), taxonomy);

	return string_of(value_map_get(tax, "title"));
}

const struct value *i18n_field_terms(const struct value *labels, const struct config *cfg, const char *field)
{
	for (size_t i = 0; i < cfg->ntaxonomies; i++)
		if (!strcmp(cfg->taxonomies[i].field, field))
			return value_map_get(value_map_get(value_map_get(labels, "taxonomies"),
							   cfg->taxonomies[i].name), "terms");
	return NULL;
}

const struct value *i18n_ui(const struct i18n *t, size_t lang)
{
	return value_map_get(t->lang[lang], "ui");
}
