/* Translations of the interface (see i18n.h). */
#include "i18n.h"

#include <errno.h>
#include <string.h>

#include "yamltree.h"

/* Adds to over every key of base it lacks (recursively for maps); warns about each one, named by its
 * dotted key. over is modified in place. */
static void merge_missing(struct arena *a, struct value *over, const struct value *base, struct strbuf *key,
			  const char *path, const char *fallback_name, struct diag_list *diags)
{
	for (size_t i = 0; i < base->u.map.len; i++) {
		const struct value_entry *e = &base->u.map.entries[i];
		struct value_entry *mine = value_map_find_entry(over, e->key->u.str.ptr, e->key->u.str.len);
		size_t len = key->len;

		if (len)
			strbuf_addch(key, '.');
		strbuf_add(key, e->key->u.str.ptr, e->key->u.str.len);
		if (!mine) {
			if (e->val->kind == VALUE_STRING)
				diag_warning(diags, path, 1, 1, "missing translation of '%s' (the %s text is used)",
					     key->buf, fallback_name);
			else
				diag_warning(diags, path, 1, 1, "missing '%s' (the %s texts are used)", key->buf,
					     fallback_name);
			value_map_add(a, over, e->key, e->val);
		} else if (mine->val->kind == VALUE_MAP && e->val->kind == VALUE_MAP) {
			merge_missing(a, mine->val, e->val, key, path, fallback_name, diags);
		}
		strbuf_setlen(key, len);
	}
}

static int load_one(struct i18n *t, struct arena *a, struct source *src, size_t lang, struct diag_list *diags)
{
	struct strbuf sb = STRBUF_INIT, path = STRBUF_INIT;
	struct value *root = NULL;
	int ret = -1;

	strbuf_addf(&path, "translations/%s.yaml", t->cfg->languages[lang].code);
	t->path[lang] = arena_memdup0(a, path.buf, path.len);
	if (src->read(src, path.buf, &sb, 4 * 1024 * 1024)) {
		diag_error(diags, t->path[lang], 1, 1, "cannot read the translations of '%s': %s",
			   t->cfg->languages[lang].code, strerror(errno));
		goto cleanup;
	}
	if (yamltree_load(&root, a, t->path[lang], arena_memdup0(a, sb.buf, sb.len), sb.len, 0, NULL, diags))
		goto cleanup;
	if (root->kind == VALUE_NULL)
		root = value_new_map(a);
	if (root->kind != VALUE_MAP) {
		diag_error(diags, t->path[lang], root->line, root->col, "translations must be a map of names to texts");
		goto cleanup;
	}
	if (!value_map_get(root, "ui"))
		value_map_set(a, root, "ui", value_new_map(a));
	t->lang[lang] = root;
	ret = 0;
cleanup:
	strbuf_release(&sb);
	strbuf_release(&path);
	return ret;
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
		if (!i18n_find(t, def, "collections", t->cfg->collections[i].name)) {
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
	size_t def = cfg->default_language;
	struct strbuf key = STRBUF_INIT;
	bool failed[CONFIG_MAX_LANGUAGES] = { false };

	memset(t, 0, sizeof(*t));
	t->cfg = cfg;
	for (size_t i = 0; i < cfg->nlanguages; i++)
		failed[i] = load_one(t, a, src, i, diags) != 0;
	if (failed[def])
		return -1;
	for (size_t i = 0; i < cfg->nlanguages; i++) {
		struct diag_list quiet = DIAG_LIST_INIT;
		if (i == def)
			continue;
		/* a language whose file failed (reported) shows the default language's texts, unannounced:
		 * the build goes on to report the problems of the content */
		if (failed[i])
			t->lang[i] = value_new_map(a);
		merge_missing(a, t->lang[i], t->lang[def], &key, t->path[i], cfg->languages[def].name,
			      failed[i] ? &quiet : diags);
		diag_list_release(&quiet);
	}
	strbuf_release(&key);
	return check_default(t, def, diags);
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
