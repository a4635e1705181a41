/* Themes (see theme.h): compiled templates and the list of static files. */
#include "theme.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "digest.h"
#include "util/fs.h"
#include "util/xalloc.h"

struct loader {
	struct theme *th;
	struct arena *a;
	struct source *src;
	struct diag_list *diags;
	size_t alloc, ids_alloc;
	int failed;
};

static const struct mustache_template *find(const struct theme *th, const char *name, size_t len, int layouts)
{
	for (size_t i = 0; i < th->ntemplates; i++) {
		const struct theme_template *t = &th->templates[i];
		if (t->is_layout == layouts && strlen(t->name) == len && !memcmp(t->name, name, len))
			return t->t;
	}
	return NULL;
}

static const struct mustache_template *find_partial(void *ctx, const char *name, size_t len)
{
	const struct mustache_template *t = find(ctx, name, len, 0);

	return t ? t : find(ctx, name, len, 1);
}

const struct mustache_template *theme_layout(const struct theme *th, const char *name)
{
	return find(th, name, strlen(name), 1);
}

/* The ids a template writes as they are (id="search"), for theme_has_id; one the template makes
 * (id="{{anchor}}") is the page's business. */
static void collect_ids(struct loader *l, const char *text, size_t len)
{
	static const char attr[] = "id=\"";
	const char *p = text, *end = text + len;

	while ((p = memchr(p, 'i', (size_t)(end - p)))) {
		const char *id = p + sizeof(attr) - 1, *close;
		bool attribute = p > text && (p[-1] == ' ' || p[-1] == '\t' || p[-1] == '\n');
		if ((size_t)(end - p) < sizeof(attr) || memcmp(p, attr, sizeof(attr) - 1) || !attribute) {
			p++;
			continue;
		}
		if (!(close = memchr(id, '"', (size_t)(end - id))))
			break;
		if (close > id && !memchr(id, '{', (size_t)(close - id))) {
			XGROW(l->th->ids, l->ids_alloc, l->th->nids + 1);
			l->th->ids[l->th->nids++] = arena_memdup0(l->a, id, (size_t)(close - id));
		}
		p = close;
	}
}

static int id_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

bool theme_has_id(const struct theme *th, const char *id)
{
	return th->nids && bsearch(&id, th->ids, th->nids, sizeof(*th->ids), id_cmp);
}

static void load_templates(struct loader *l, const char *dir, int is_layout)
{
	struct source_entry *e;
	struct strbuf sb = STRBUF_INIT;
	size_t n;

	if (l->src->list(l->src, dir, &e, &n)) {
		if (errno != ENOENT || is_layout) {
			diag_error(l->diags, dir, 1, 1, "cannot read the theme's folder: %s", strerror(errno));
			l->failed = 1;
		}
		return;
	}
	for (size_t i = 0; i < n; i++) {
		struct theme_template *t;
		size_t len = strlen(e[i].name);
		char *path;

		if (e[i].kind != SOURCE_FILE || !path_has_suffix(e[i].name, ".mustache"))
			continue;
		path = arena_alloc(l->a, strlen(dir) + len + 2);
		snprintf(path, strlen(dir) + len + 2, "%s/%s", dir, e[i].name);
		strbuf_reset(&sb);
		if (l->src->read(l->src, path, &sb, 1024 * 1024)) {
			diag_error(l->diags, path, 1, 1, "cannot read template: %s", strerror(errno));
			l->failed = 1;
			continue;
		}
		collect_ids(l, sb.buf, sb.len);
		XGROW(l->th->templates, l->alloc, l->th->ntemplates + 1);
		t = &l->th->templates[l->th->ntemplates];
		t->name = arena_memdup0(l->a, e[i].name, len - strlen(".mustache"));
		t->path = path;
		t->is_layout = is_layout;
		t->t = mustache_compile(path, sb.buf, sb.len, l->diags);
		if (!t->t)
			l->failed = 1;
		else
			l->th->ntemplates++;
	}
	source_entries_free(e, n);
	strbuf_release(&sb);
}

/* Stylesheets and scripts get their content's hash in their name ("style.3f2a9c1e.css"), so hosts can
 * let browsers cache them for ever: a changed file has a new name. Other static files (images, fonts)
 * keep theirs, since stylesheets refer to them by name. */
static const char *hashed_name(struct loader *l, const char *path, const char *out)
{
	struct strbuf data = STRBUF_INIT, name = STRBUF_INIT;
	const char *dot = strrchr(out, '.'), *result = out;

	if (!dot || (strcmp(dot, ".css") && strcmp(dot, ".js")))
		return out;
	if (l->src->read(l->src, path, &data, (size_t)64 << 20)) {
		diag_error(l->diags, path, 1, 1, "cannot read: %s", strerror(errno));
		l->failed = 1;
	} else {
		strbuf_add(&name, out, (size_t)(dot - out));
		strbuf_addch(&name, '.');
		digest_sha256_hex(&name, data.buf, data.len);
		strbuf_setlen(&name, (size_t)(dot - out) + 1 + 10);
		strbuf_addstr(&name, dot);
		result = arena_memdup0(l->a, name.buf, name.len);
	}
	strbuf_release(&data);
	strbuf_release(&name);
	return result;
}

static void list_static(struct loader *l, const char *dir, const char *out)
{
	struct source_entry *e;
	size_t n;

	if (l->src->list(l->src, dir, &e, &n))
		return; /* a theme without static files is fine */
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(dir) + strlen(e[i].name) + 2, olen = strlen(out) + strlen(e[i].name) + 2;
		char *path = arena_alloc(l->a, len), *o = arena_alloc(l->a, olen);

		if (e[i].name[0] == '.')
			continue;
		snprintf(path, len, "%s/%s", dir, e[i].name);
		snprintf(o, olen, "%s/%s", out, e[i].name);
		if (e[i].kind == SOURCE_DIR) {
			list_static(l, path, o);
		} else if (e[i].kind == SOURCE_FILE) {
			XGROW(l->th->files, l->th->files_alloc, l->th->nfiles + 1);
			memset(&l->th->files[l->th->nfiles], 0, sizeof(l->th->files[0]));
			l->th->files[l->th->nfiles].path = path;
			l->th->files[l->th->nfiles++].out = hashed_name(l, path, o);
		} else if (e[i].kind == SOURCE_LOOP) {
			diag_error(l->diags, path, 1, 1, "'%s' is a symbolic link that loops back to a folder that holds it",
				   e[i].name);
			l->failed = 1;
		} else {
			diag_error(l->diags, path, 1, 1, "'%s' is a symbolic link that leads outside the theme",
				   e[i].name);
			l->failed = 1;
		}
	}
	source_entries_free(e, n);
}

static void load_epub_css(struct loader *l, const char *path)
{
	struct strbuf sb = STRBUF_INIT;

	if (!l->src->read(l->src, path, &sb, 1 << 20)) {
		l->th->epub_css = arena_memdup0(l->a, sb.buf, sb.len);
		l->th->epub_css_len = sb.len;
	} else if (errno != ENOENT) {
		diag_error(l->diags, path, 1, 1, "cannot read the e-books' stylesheet: %s", strerror(errno));
		l->failed = 1;
	}
	strbuf_release(&sb);
}

int theme_load(struct theme *th, struct arena *a, struct source *src, const char *name, struct diag_list *diags)
{
	struct loader l = { .th = th, .a = a, .src = src, .diags = diags };
	struct strbuf dir = STRBUF_INIT;
	size_t base;

	memset(th, 0, sizeof(*th));
	th->name = name;
	th->partials.find = find_partial;
	th->partials.ctx = th;
	strbuf_addf(&dir, "themes/%s", name);
	base = dir.len;
	strbuf_addstr(&dir, "/partials");
	load_templates(&l, dir.buf, 0);
	strbuf_setlen(&dir, base);
	strbuf_addstr(&dir, "/layouts");
	load_templates(&l, dir.buf, 1);
	if (th->nids) {
		size_t n = 1;
		qsort(th->ids, th->nids, sizeof(*th->ids), id_cmp);
		for (size_t i = 1; i < th->nids; i++)
			if (strcmp(th->ids[i], th->ids[n - 1]))
				th->ids[n++] = th->ids[i];
		th->nids = n;
	}
	strbuf_setlen(&dir, base);
	strbuf_addstr(&dir, "/static");
	list_static(&l, dir.buf, "assets");
	strbuf_setlen(&dir, base);
	strbuf_addstr(&dir, "/epub.css");
	load_epub_css(&l, dir.buf);
	strbuf_release(&dir);
	for (size_t i = 0; i < th->ntemplates; i++)
		if (mustache_check_partials(th->templates[i].t, &th->partials, diags))
			l.failed = 1;
	return l.failed ? -1 : 0;
}

void theme_release(struct theme *th)
{
	for (size_t i = 0; i < th->ntemplates; i++)
		mustache_free(th->templates[i].t);
	free(th->templates);
	free(th->files);
	free(th->ids);
	memset(th, 0, sizeof(*th));
}
