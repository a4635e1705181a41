/* Offline copies and e-books (see bundle.h). */
#include "bundle.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "epub.h"
#include "i18n.h"
#include "publish.h"
#include "digest.h"
#include "search.h"
#include "update.h"
#include "util/bytes.h"
#include "util/xalloc.h"
#include "zipfile.h"

/* "downloads/site-fr.zip"; the members' build's are "downloads/members-site-fr.zip", so that a copy for
 * members is told apart from a public one wherever it ends up. */
static const char *bundle_name(struct arena *a, const struct config *cfg, const char *stem, const char *lang,
			       const char *ext)
{
	const char *prefix = cfg->members_build ? "members-" : "";
	size_t len = strlen("downloads/") + strlen(prefix) + strlen(stem) + strlen(lang) + strlen(ext) + 3;
	char *p = arena_alloc(a, len);

	snprintf(p, len, "downloads/%s%s-%s.%s", prefix, stem, lang, ext);
	return p;
}

size_t bundle_list(const struct site *s, struct arena *a, struct bundle **out)
{
	const struct config *cfg = s->cfg;
	size_t nproducts = 0, n = 0;
	struct bundle *b;

	for (size_t i = 0; i < s->nitems; i++)
		nproducts += s->items[i].role == DOC_ITEM && s->items[i].nchapters > 0;
	b = arena_calloc(a, cfg->nlanguages * (1 + 2 * nproducts), sizeof(*b));
	for (size_t l = 0; l < cfg->nlanguages; l++)
		b[n++] = (struct bundle){ .kind = BUNDLE_SITE, .lang = l,
					  .file = bundle_name(a, cfg, "site", cfg->languages[l].code, "zip") };
	for (size_t i = 0; i < s->nitems; i++) {
		const struct item *it = &s->items[i];
		if (it->role != DOC_ITEM || !it->nchapters)
			continue;
		for (size_t l = 0; l < cfg->nlanguages; l++) {
			const char *code = cfg->languages[l].code;
			b[n++] = (struct bundle){ .kind = BUNDLE_PRODUCT, .lang = l, .product = it,
						  .file = bundle_name(a, cfg, it->slug, code, "zip") };
			b[n++] = (struct bundle){ .kind = BUNDLE_EPUB, .lang = l, .product = it,
						  .file = bundle_name(a, cfg, it->slug, code, "epub") };
		}
	}
	*out = b;
	return n;
}

static struct render_scope scope_of(const struct bundle *b)
{
	struct render_scope scope = { b->kind == BUNDLE_EPUB ? RENDER_EPUB : RENDER_OFFLINE, b->lang, b->product,
				      NULL };
	return scope;
}

bool bundle_has_page(const struct site *s, const struct bundle *b, const struct page *p)
{
	struct render_scope scope = scope_of(b);

	if (b->kind == BUNDLE_EPUB)
		return p->lang == b->lang && (p->kind == PAGE_ITEM || p->kind == PAGE_CHAPTER) && p->item &&
		       (p->item == b->product || p->item->parent == b->product);
	return render_in_scope(s, &scope, p);
}

bool bundle_has_file(const struct site *s, const struct bundle *b, const struct attachment *f)
{
	if (b->kind == BUNDLE_EPUB || publish_file_omitted(s, f))
		return false;
	return !b->product || !strncmp(f->out, b->product->dir, strlen(b->product->dir));
}

/* ---- the archive's entries, sorted by name before they are added ---- */

struct entry {
	char *name;
	char *data;
	size_t len;
	char sha256[65]; /* "" until a site copy's manifest needs it */
	/* its bytes as the archive holds them (raw.data), or NULL: its data stored as it is; before packing,
	 * the previous archive's entry of that name (take_old_entries), to be checked */
	char *packed;
	struct zipfile_raw raw;
};

struct entries {
	struct entry *items;
	size_t n, alloc;
};

/* Adds an entry whose data the table takes (malloc'd, NUL-terminated). */
static void take_entry(struct entries *e, const char *name, char *data, size_t len)
{
	XGROW(e->items, e->alloc, e->n + 1);
	e->items[e->n] = (struct entry){ .name = xstrdup(name), .data = data, .len = len };
	e->n++;
}

static void add_entry(struct entries *e, const char *name, const char *data, size_t len)
{
	take_entry(e, name, xmemdup0(data, len), len);
}

static int entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

static void entries_release(struct entries *e)
{
	for (size_t i = 0; i < e->n; i++) {
		free(e->items[i].name);
		free(e->items[i].data);
		free(e->items[i].packed);
	}
	free(e->items);
}

static int add_source_file(struct entries *e, struct source *src, const char *path, const char *name,
			   struct diag_list *diags)
{
	struct strbuf sb = STRBUF_INIT;
	int ret = src->read(src, path, &sb, (size_t)1 << 31);

	if (ret)
		diag_error(diags, path, 1, 1, "cannot read the file again: it changed during the build");
	else
		add_entry(e, name, sb.buf, sb.len);
	strbuf_release(&sb);
	return ret;
}

/* Whether one of the entries from..n of the copy names the theme file published as out
 * ("assets/search.0123456789.js"). */
static bool named(const struct entries *e, size_t from, const char *out)
{
	const char *name = strrchr(out, '/') ? strrchr(out, '/') + 1 : out;
	size_t len = strlen(name);

	for (size_t i = from; i < e->n; i++)
		if (bytes_find(e->items[i].data, e->items[i].len, name, len))
			return true;
	return false;
}

/* Marks in used[] the theme files that the pages name as "assets/NAME": one pass over the copy, whatever
 * the number of theme files (looking for each name in turn read every page once per file). */
static void mark_named_assets(const struct entries *e, const struct theme *th, bool *used)
{
	static const char prefix[] = "assets/";

	for (size_t i = 0; i < e->n; i++) {
		const char *p = e->items[i].data, *end = p + e->items[i].len;
		while ((p = bytes_find(p, (size_t)(end - p), prefix, sizeof(prefix) - 1))) {
			const char *name = p += sizeof(prefix) - 1;
			size_t len = 0;
			while (name + len < end && name[len] &&
			       (isalnum((unsigned char)name[len]) || strchr("._-/", name[len])))
				len++;
			for (size_t k = 0; k < th->nfiles; k++) {
				const char *out = th->files[k].out;
				if (used[k] || strncmp(out, prefix, sizeof(prefix) - 1))
					continue;
				out += sizeof(prefix) - 1; /* without "assets/" */
				used[k] = strlen(out) == len && !memcmp(out, name, len);
			}
		}
	}
}

/* The theme's files that the copy's pages use, and those its stylesheets use in turn: a product's copy
 * has no search page, so no search script. */
static int add_theme_files(struct entries *e, const struct theme *th, struct source *src, struct diag_list *diags)
{
	bool *added = xcalloc(th->nfiles + 1, sizeof(*added)), *used = xcalloc(th->nfiles + 1, sizeof(*used));
	size_t pages = e->n;
	int ret = 0;

	mark_named_assets(e, th, used);
	for (size_t i = 0; i < th->nfiles && !ret; i++) {
		if (!used[i])
			continue;
		added[i] = true;
		ret = add_source_file(e, src, th->files[i].path, th->files[i].out, diags);
	}
	/* what the theme's own files name (a stylesheet's images), found in them alone; a file published
	 * elsewhere than assets/, looked for everywhere */
	for (size_t i = 0; i < th->nfiles && !ret; i++) {
		bool elsewhere = strncmp(th->files[i].out, "assets/", 7) != 0;
		if (added[i] || !named(e, elsewhere ? 0 : pages, th->files[i].out))
			continue;
		added[i] = true;
		ret = add_source_file(e, src, th->files[i].path, th->files[i].out, diags);
	}
	free(added);
	free(used);
	return ret;
}

/* A thread's share of the entries to pack: k, k + n, k + 2n… of them. */
struct pack_share {
	struct entries *e;
	size_t k, n;
	pthread_t thread;
	bool threaded;
};

static void *pack_share(void *arg)
{
	struct pack_share *sh = arg;
	struct zipfile_packer *p = zipfile_packer_new();

	for (size_t i = sh->k; i < sh->e->n; i += sh->n) {
		struct entry *it = &sh->e->items[i];
		if (it->packed && zipfile_raw_holds(p, &it->raw, it->data, it->len))
			continue;
		free(it->packed);
		it->packed = NULL;
		zipfile_pack(p, it->data, it->len, zipfile_method_for(it->name), &it->raw);
		if (it->raw.deflated)
			it->raw.data = it->packed = xmemdup0(it->raw.data, it->raw.len);
	}
	zipfile_packer_free(p);
	return NULL;
}

/*
 * Deflates the entries in up to jobs threads. The copies are made by as many workers as there are cores,
 * but 13 copies do not share evenly between 2: the worker left with the last one has the machine to itself.
 */
static void pack_entries(struct entries *e, size_t jobs)
{
	struct pack_share *shares;

	if (!jobs)
		jobs = 1;
	if (jobs > e->n / 64 + 1)
		jobs = e->n / 64 + 1; /* a thread is worth it for dozens of files, not for a few */
	shares = xcalloc(jobs, sizeof(*shares));
	for (size_t k = 0; k < jobs; k++) {
		shares[k] = (struct pack_share){ .e = e, .k = k, .n = jobs };
		shares[k].threaded = k > 0 && !pthread_create(&shares[k].thread, NULL, pack_share, &shares[k]);
	}
	pack_share(&shares[0]);
	for (size_t k = 1; k < jobs; k++) {
		if (shares[k].threaded)
			pthread_join(shares[k].thread, NULL);
		else
			pack_share(&shares[k]);
	}
	free(shares);
}

/* Takes from the previous archive, as it is packed there, each entry of the same name: pack_share() keeps
 * it where it holds the same bytes. Deflating is most of the cost of a copy, and an edit changes few of its
 * files. A previous archive that cannot be read is no reason to fail: everything is then deflated. */
static void take_old_entries(struct entries *e, const char *path, const char *folder, const struct bundle_env *env)
{
	struct diag_list quiet = DIAG_LIST_INIT;
	struct zipfile_reader *r = zipfile_open(path, env->previous, env->previous_len, (size_t)1 << 31, &quiet);
	struct strbuf name = STRBUF_INIT, bytes = STRBUF_INIT;

	for (size_t i = 0; r && i < e->n; i++) {
		size_t k;
		strbuf_reset(&name);
		strbuf_addf(&name, "%s/%s", folder, e->items[i].name);
		k = zipfile_find(r, name.buf);
		strbuf_reset(&bytes);
		if (k == (size_t)-1 || zipfile_read_raw(r, k, &bytes, &e->items[i].raw))
			continue;
		e->items[i].packed = strbuf_detach(&bytes, NULL);
		e->items[i].raw.data = e->items[i].packed;
	}
	zipfile_close(r);
	strbuf_release(&name);
	strbuf_release(&bytes);
	diag_list_release(&quiet);
}

/* Every entry goes in one folder named after the archive ("site-fr/" in site-fr.zip), so unzipping it
 * makes that folder rather than spilling the copy into the current one. */
static int zip_entries(struct strbuf *out, struct entries *e, const char *path, const struct bundle_env *env,
		       struct diag_list *diags)
{
	struct zipfile *z = zipfile_new(path, diags);
	struct strbuf name = STRBUF_INIT, folder = STRBUF_INIT;
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	int ret = 0;

	/* without ".zip" */
	strbuf_add(&folder, base, strlen(base) > 4 ? strlen(base) - 4 : strlen(base));
	zipfile_set_time(z, env->time);
	if (e->n > 1)
		qsort(e->items, e->n, sizeof(*e->items), entry_cmp);
	if (env->previous)
		take_old_entries(e, path, folder.buf, env);
	pack_entries(e, env->jobs);
	for (size_t i = 0; i < e->n && !ret; i++) {
		strbuf_reset(&name);
		strbuf_addf(&name, "%s/%s", folder.buf, e->items[i].name);
		ret = zipfile_add_raw(z, name.buf, &e->items[i].raw);
	}
	strbuf_release(&folder);
	strbuf_release(&name);
	if (ret) {
		zipfile_free(z);
		return -1;
	}
	return zipfile_finish(z, out);
}

static void hash_entries(struct entries *e)
{
	struct strbuf hex = STRBUF_INIT;

	for (size_t i = 0; i < e->n; i++) {
		if (e->items[i].sha256[0])
			continue;
		strbuf_reset(&hex);
		digest_sha256_hex(&hex, e->items[i].data, e->items[i].len);
		memcpy(e->items[i].sha256, hex.buf, sizeof(e->items[i].sha256));
	}
	strbuf_release(&hex);
}

/* A site copy's manifest.json (update.h): its release, its language and every file's SHA-256, so that an
 * update can be made from it and checked against it. */
static void add_copy_manifest(struct entries *e, const char *release, const char *lang)
{
	struct copy_manifest m = { .release = release, .language = lang, .nfiles = e->n };
	struct strbuf text = STRBUF_INIT;

	hash_entries(e);
	qsort(e->items, e->n, sizeof(*e->items), entry_cmp);
	m.files = xcalloc(e->n + 1, sizeof(*m.files));
	for (size_t i = 0; i < e->n; i++) {
		m.files[i].name = e->items[i].name;
		memcpy(m.files[i].sha256, e->items[i].sha256, sizeof(m.files[i].sha256));
	}
	copy_manifest_write(&text, &m);
	add_entry(e, COPY_MANIFEST, text.buf, text.len);
	free(m.files);
	strbuf_release(&text);
}

const char *bundle_release_day(const struct site *s, size_t lang)
{
	const char *newest = "";

	for (size_t i = 0; i < s->nitems; i++) {
		const struct doc *d[2] = { s->items[i].text[lang], s->items[i].original };
		for (size_t k = 0; k < 2; k++)
			if (d[k] && strcmp(d[k]->updated, newest) > 0)
				newest = d[k]->updated;
	}
	return newest;
}

/*
 * The release a site copy is, from what it holds so far (every page but its home page, which will name
 * the release; its search index; its attachments): the day its newest text last changed and a digest of
 * those files, "2026-12-03-4f1c2ab". The content names it, not the build: a copy whose pages did not
 * change keeps its release, so no reader is asked to update it, and a build that keeps it (incremental) or
 * makes it again (clean) gives the same bytes.
 */
static void name_release(char out[UPDATE_RELEASE_MAX], struct entries *e, const struct site *s, size_t lang)
{
	const char *newest = bundle_release_day(s, lang);
	unsigned char key[DIGEST_LEN];
	struct digest dg;

	hash_entries(e);
	qsort(e->items, e->n, sizeof(*e->items), entry_cmp);
	digest_init(&dg);
	for (size_t i = 0; i < e->n; i++) {
		digest_add_str(&dg, e->items[i].name);
		digest_add_str(&dg, e->items[i].sha256);
	}
	digest_final(&dg, key);
	snprintf(out, UPDATE_RELEASE_MAX, "%s%s%02x%02x%02x%x", newest, *newest ? "-" : "r-", key[0], key[1], key[2],
		 key[3] >> 4);
}

/* ---- texts ---- */

struct bundle_work {
	const struct bundle *b;
	const struct site *s;
	const struct theme *th;
	struct source *src;
	struct render_scope scope;
	struct render_texts texts; /* the bodies as this bundle shows them */
	const struct render_bodies *bodies; /* those the render stage wrote, which are the same here */
	struct diag_list *diags;
};

static int render_text(struct bundle_work *w, const struct doc *d, const char *dir, const char **html, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;
	int ret;

	/* a body naming no other file, as the render stage wrote it: a third of a copy's time was rendering it */
	if (render_bodies_read(w->bodies, w->s->scan, d, &w->texts.arena, html, len))
		return 0;
	ret = render_doc_html(&sb, w->s, w->th, w->src, dir, d, &w->scope, w->diags);

	*html = arena_memdup0(&w->texts.arena, sb.buf, sb.len);
	*len = sb.len;
	strbuf_release(&sb);
	return ret;
}

/* Renders, for the bundle's scope, the text every page of the bundle shows (and the printable pages' own
 * copies), into the bundle's table of texts. */
static int render_texts(struct bundle_work *w)
{
	const struct site *s = w->s;
	int ret = 0;

	for (size_t i = 0; i < s->nitems; i++) {
		const struct item *it = &s->items[i];
		const struct page *p = site_page(s, it->group, w->b->lang);
		const struct doc *d = site_body_doc(it, w->b->lang);
		struct render_text *t;
		if (!d || !render_in_scope(s, &w->scope, p))
			continue;
		t = &w->texts.docs[d - s->scan->docs];
		if (render_text(w, d, it->dir, &t->html, &t->html_len))
			ret = -1;
		if (it->nchapters &&
		    render_text(w, d, site_page(s, it->print_group, 0)->dir, &t->print, &t->print_len))
			ret = -1;
	}
	return ret;
}

/* ---- e-books ---- */

static const char *text_title(const struct item *it, size_t lang)
{
	const char *t = site_item_title(it, lang);
	return t ? t : it->slug;
}

static void format_time(char out[21], time_t t)
{
	struct tm tm;

	if (!gmtime_r(&t, &tm) || !strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm))
		memcpy(out, "1970-01-01T00:00:00Z", 21);
}

/* dcterms:modified: the day the book's newest text in its language last changed, as its pages say it (so a
 * new edition has a new date, and the same text the same bytes); time when no text has a date. */
static void book_modified(char out[21], const struct item *book, size_t lang, time_t time)
{
	const char *newest = "";

	for (size_t k = 0; k <= book->nchapters; k++) {
		const struct item *it = k ? book->chapters[k - 1] : book;
		const struct doc *d = it->text[lang] ? it->text[lang] : it->original;
		if (d && strcmp(d->updated, newest) > 0)
			newest = d->updated;
	}
	if (strlen(newest) == 10)
		snprintf(out, 21, "%sT00:00:00Z", newest);
	else
		format_time(out, time);
}

static int make_epub(struct strbuf *out, struct bundle_work *w, time_t time)
{
	const struct bundle *b = w->b;
	const struct item *book = b->product;
	const struct config *cfg = w->s->cfg;
	struct epub_chapter *chapters = xcalloc(book->nchapters + 1, sizeof(*chapters));
	struct strbuf id = STRBUF_INIT;
	struct epub_book e = { 0 };
	char modified[21];
	int ret = 0;

	for (size_t k = 0; k <= book->nchapters; k++) {
		const struct item *it = k ? book->chapters[k - 1] : book;
		const struct doc *d = site_body_doc(it, b->lang);
		chapters[k].name = k ? it->chapter : "index";
		chapters[k].title = text_title(it, b->lang);
		if (render_text(w, d, it->dir, &chapters[k].html, &(size_t){ 0 }))
			ret = -1;
	}
	strbuf_addf(&id, "%s%s/%s", cfg->base_url, cfg->languages[b->lang].code, book->dir);
	book_modified(modified, book, b->lang, time);
	e.identifier = id.buf;
	e.title = chapters[0].title;
	e.language = cfg->languages[b->lang].code;
	e.rtl = cfg->languages[b->lang].rtl;
	e.modified = modified;
	e.contents_title = i18n_find(w->s->i18n, b->lang, "ui", "contents");
	e.stylesheet = w->th->epub_css ? w->th->epub_css : "";
	e.stylesheet_len = w->th->epub_css_len;
	e.chapters = chapters;
	e.nchapters = book->nchapters + 1;
	e.time = time;
	if (!ret)
		ret = epub_write(out, &e, b->file, w->diags);
	free(chapters);
	strbuf_release(&id);
	return ret;
}

/* ---- archives ---- */

/* Which pages render_pages() renders: a site copy's home page names the copy's release, which the others
 * determine, so it comes last. */
enum pages_pass { PAGES_ALL, PAGES_BUT_HOME, PAGES_HOME };

static int render_pages(struct bundle_work *w, struct entries *e, enum pages_pass pass)
{
	const struct site *s = w->s;
	struct arena scratch = ARENA_INIT;
	struct strbuf page = STRBUF_INIT, name = STRBUF_INIT;
	int ret = 0;

	for (size_t i = 0; i < s->npages; i++) {
		const struct page *p = &s->pages[i];
		bool home = p->kind == PAGE_HOME;
		char *html;
		size_t len;
		if (!bundle_has_page(s, w->b, p) || (pass == PAGES_BUT_HOME && home) || (pass == PAGES_HOME && !home))
			continue;
		strbuf_reset(&page);
		arena_release(&scratch);
		if (render_page(&page, s, w->th, p, &w->scope, &w->texts, NULL, &scratch, w->diags)) {
			ret = -1;
			continue;
		}
		strbuf_reset(&name);
		strbuf_addf(&name, "%sindex.html", p->path);
		html = strbuf_detach(&page, &len); /* the next page starts a buffer of its own */
		take_entry(e, name.buf, html, len);
	}
	strbuf_reset(&page);
	arena_release(&scratch);
	if (pass != PAGES_HOME && render_root(&page, s, w->th, &w->scope, &scratch, w->diags))
		ret = -1;
	else if (pass != PAGES_HOME)
		add_entry(e, "index.html", page.buf, page.len);
	arena_release(&scratch);
	strbuf_release(&page);
	strbuf_release(&name);
	return ret;
}

/* The work of making bundle b: its scope, and an empty table of texts. */
static void work_init(struct bundle_work *w, const struct bundle *b, const struct site *s, const struct theme *th,
		      struct source *src, const struct render_bodies *bodies, struct diag_list *diags)
{
	*w = (struct bundle_work){ .b = b, .s = s, .th = th, .src = src, .scope = scope_of(b), .bodies = bodies,
				   .diags = diags };
	render_texts_init(&w->texts, s->scan);
}

/* A site copy's update.html (render.h), when the theme has the layout. */
static int add_update_page(struct bundle_work *w, struct entries *e)
{
	struct arena scratch = ARENA_INIT;
	struct strbuf page = STRBUF_INIT;
	int ret = render_update_page(&page, w->s, w->th, &w->scope, &scratch, w->diags);

	if (!ret)
		add_entry(e, "update.html", page.buf, page.len);
	arena_release(&scratch);
	strbuf_release(&page);
	return ret < 0 ? -1 : 0;
}

int bundle_make(struct strbuf *out, const struct bundle *b, const struct site *s, const struct theme *th,
		struct source *src, const struct bundle_env *env, struct diag_list *diags)
{
	char release[UPDATE_RELEASE_MAX] = "";
	struct bundle_work w;
	struct entries e = { 0 };
	int ret;

	work_init(&w, b, s, th, src, env->bodies, diags);
	if (b->kind == BUNDLE_EPUB) {
		ret = make_epub(out, &w, env->time);
		render_texts_release(&w.texts);
		return ret;
	}
	ret = render_texts(&w);
	if (!ret)
		ret = render_pages(&w, &e, b->kind == BUNDLE_SITE ? PAGES_BUT_HOME : PAGES_ALL);
	if (!ret && b->kind == BUNDLE_SITE && s->search_group != SIZE_MAX) {
		/* the search page's index: the same file as online (its script adds index.html to links) */
		struct strbuf index = STRBUF_INIT, name = STRBUF_INIT;
		search_index_path(&name, s, b->lang);
		if (!env->read_built || env->read_built(env->ctx, name.buf, &index)) {
			strbuf_reset(&index);
			search_index(&index, s, b->lang);
		}
		add_entry(&e, name.buf, index.buf, index.len);
		strbuf_release(&index);
		strbuf_release(&name);
	}
	for (size_t i = 0; !ret && i < s->scan->nfiles; i++)
		if (bundle_has_file(s, b, &s->scan->files[i]))
			ret = add_source_file(&e, src, s->scan->files[i].path, s->scan->files[i].out, diags);
	if (!ret && b->kind == BUNDLE_SITE) {
		/* what the copy holds names its release; then the pages that say it */
		name_release(release, &e, s, b->lang);
		w.scope.release = release;
		ret = render_pages(&w, &e, PAGES_HOME);
		if (!ret)
			ret = add_update_page(&w, &e);
	}
	ret = ret ? ret : add_theme_files(&e, th, src, diags);
	if (!ret && b->product) {
		/* the product's e-book travels in its archive */
		struct bundle epub = { .kind = BUNDLE_EPUB, .lang = b->lang, .product = b->product, .file = b->file };
		struct bundle_work ew;
		struct strbuf bytes = STRBUF_INIT, name = STRBUF_INIT;
		/* "downloads/guidelines-fr.zip" holds "guidelines-fr.epub" */
		strbuf_addf(&name, "%s%s-%s.epub", s->cfg->members_build ? "members-" : "", b->product->slug,
			    s->cfg->languages[b->lang].code);
		work_init(&ew, &epub, s, th, src, env->bodies, diags);
		ret = make_epub(&bytes, &ew, env->time);
		if (!ret)
			add_entry(&e, name.buf, bytes.buf, bytes.len);
		strbuf_release(&name);
		strbuf_release(&bytes);
		render_texts_release(&ew.texts);
	}
	if (!ret && b->kind == BUNDLE_SITE)
		add_copy_manifest(&e, release, s->cfg->languages[b->lang].code);
	if (!ret)
		ret = zip_entries(out, &e, b->file, env, diags);
	entries_release(&e);
	render_texts_release(&w.texts);
	return ret;
}
