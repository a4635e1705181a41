/* The build (see build.h): stages in order, timed under -v. */
#include "build.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bundle.h"
#include "cache.h"
#include "config.h"
#include "digest.h"
#include "feed.h"
#include "frontmatter.h"
#include "gitinfo.h"
#include "gitsource.h"
#include "locale.h"
#include "i18n.h"
#include "ical.h"
#include "output.h"
#include "progress.h"
#include "publish.h"
#include "render.h"
#include "review.h"
#include "scan.h"
#include "search.h"
#include "site.h"
#include "sitemap.h"
#include "source.h"
#include "theme.h"
#include "update.h"
#include "zipfile.h"
#include "url.h"
#include "util/datetime.h"
#include "util/fs.h"
#include "util/json.h"
#include "util/xalloc.h"
#include "workers.h"

/* An update that this build made of a copy (build --previous), as the downloads list it. */
struct made_update {
	const char *copy;    /* the copy's file: "downloads/site-fr.zip" */
	const char *file;    /* "downloads/site-fr-update-<from>.zip" */
	const char *from;    /* the release it goes from */
	size_t size;
	char sha256[65];
};

struct build {
	const struct build_options *opts;
	struct diag_list *diags;
	struct arena arena; /* the model: freed once, at the end */
	struct source *src;
	struct config cfg;
	struct scan scan;
	struct i18n i18n;
	struct site site;
	struct theme theme;
	struct gitinfo *git; /* NULL outside a repository */
	struct output out;
	struct timespec t0;
	int64_t now;      /* datetime_now: what is held back (publish.h) */
	char today[11];   /* now's day: what is upcoming and what is past */
	int64_t next_release; /* publish_decide's: kept in the cache */
	/* the build cache */
	struct strbuf cache_path;
	struct cache cache;
	bool use_cache;   /* the cache was written by this generator with these options */
	bool incremental; /* ... and describes the output folder as it is */
	unsigned char generator[DIGEST_LEN], options[DIGEST_LEN], inputs[DIGEST_LEN];
	unsigned char (*lang_keys)[DIGEST_LEN];
	struct item_digest *items;
	unsigned char (*group_digests)[DIGEST_LEN];
	bool *group_known;
	unsigned char (*frame_keys)[DIGEST_LEN]; /* per language: lang_keys and the frame (render.h) */
	unsigned char (*page_keys)[DIGEST_LEN]; /* all zero when not known */
	bool *dirty;     /* per page: to render */
	size_t ndirty;
	bool *need_item; /* per item: its Markdown is rendered */
	bool verify;     /* JISITE_VERIFY_CACHE: render clean pages too and report a key that missed */
	time_t bundle_time; /* the time of every entry of the downloads */
	struct copy_manifest *previous; /* build --previous: the copies of earlier releases, to update */
	size_t nprevious, previous_alloc;
	struct made_update *updates; /* the updates this build made, for the manifest and downloads pages */
	size_t nupdates, updates_alloc;
	/* per doc: its body's links, from the cache, then as the render stage found them (render.h) */
	struct render_links *links;
	/* JISITE_CHECK_MODEL: the model's digest when the model stage ended, checked again by every stage
	 * after it, in every process (site_digest) */
	bool check_model;
	unsigned char model_digest[DIGEST_LEN];
	struct build_report *report; /* never NULL: build_run points it at one of its own */
	bool write; /* opts->write, and no error before the render stage: the pages are written */
	struct progress *progress;   /* NULL: no progress line (progress.h) */
	bool *lang_built; /* per language: its pages and files are built (build --lang) */
	bool all_langs;   /* ... every language is */
	bool usage_error; /* a bad --lang: build_run returns BUILD_USAGE */
	/* where the render workers write the bodies the copies show as they are, then where those are (render.h) */
	struct render_body_sink *body_sinks;
	size_t nbody_sinks;
	struct render_bodies bodies;
};

static double seconds_since(struct timespec *t)
{
	struct timespec now;
	double s;

	clock_gettime(CLOCK_MONOTONIC, &now);
	s = (double)(now.tv_sec - t->tv_sec) + (double)(now.tv_nsec - t->tv_nsec) / 1e9;
	*t = now;
	return s;
}

/* A line of -v on stderr, after clearing the progress line it would otherwise run into. */
static void verbose(struct build *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void verbose(struct build *b, const char *fmt, ...)
{
	va_list ap;

	if (!b->opts->verbose)
		return;
	progress_clear(b->progress);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

static void timing(struct build *b, const char *stage)
{
	double s = seconds_since(&b->t0);

	verbose(b, "jisite: %-8s %8.3f s\n", stage, s);
}

/* build --lang: which languages to build, once site.yaml says which there are. A code it does not list
 * is a usage error that lists those it does. Returns 0 or -1. */
static int select_langs(struct build *b)
{
	const struct config *cfg = &b->cfg;
	struct strbuf codes = STRBUF_INIT;
	int ret = 0;

	b->lang_built = arena_calloc(&b->arena, cfg->nlanguages ? cfg->nlanguages : 1, sizeof(bool));
	b->all_langs = !b->opts->nlangs;
	for (size_t l = 0; l < cfg->nlanguages; l++) {
		b->lang_built[l] = b->all_langs;
		strbuf_addf(&codes, "%s%s", l ? ", " : "", cfg->languages[l].code);
	}
	for (size_t i = 0; i < b->opts->nlangs; i++) {
		size_t l = 0;
		while (l < cfg->nlanguages && strcmp(cfg->languages[l].code, b->opts->langs[i]))
			l++;
		if (l < cfg->nlanguages) {
			b->lang_built[l] = true;
			continue;
		}
		diag_error(b->diags, "site.yaml", 0, 0, "--lang '%s' is not a language of the site; its languages "
			   "are %s", b->opts->langs[i], codes.buf);
		b->usage_error = true;
		ret = -1;
	}
	strbuf_release(&codes);
	return ret;
}

/* The processes (or threads) a stage may use at once: --jobs, or one per processor. */
static size_t build_jobs(const struct build *b)
{
	return b->opts->jobs ? b->opts->jobs : workers_default();
}

/* Reads site.yaml. The time every file in a download carries is the site's epoch (feeds: epoch), whatever
 * the day or the hour (SOURCE_DATE_EPOCH), so that the same content gives the same bytes and checksum on
 * any day (a court can tell from the manifest that its copy is current), and a build an hour later, which
 * keeps them, gives what a clean one gives. An e-book says when its newest text changed (bundle.c). */
static int stage_config(struct build *b)
{
	if (config_load(&b->cfg, &b->arena, b->src, b->diags))
		return -1;
	if (b->opts->base_url)
		b->cfg.base_url = b->opts->base_url; /* a preview's address: in the options' key (open_cache) */
	config_set_audience(&b->cfg, b->opts->members);
	b->bundle_time = (time_t)b->cfg.epoch;
	return select_langs(b);
}

/* Verify mode: a file the build cache kept (rel, in the output folder) must hold data, byte for byte;
 * otherwise the key that kept it missed a change. Returns 0, or -1 after reporting it. */
static int check_kept(const struct build *b, const char *rel, const char *data, size_t len, const char *what,
		      struct diag_list *diags)
{
	struct strbuf path = STRBUF_INIT, old = STRBUF_INIT;
	int ret = 0;

	strbuf_addf(&path, "%s/%s", b->opts->out, rel);
	if (fs_read_file(&old, path.buf, (size_t)1 << 30) || old.len != len || memcmp(old.buf, data, len)) {
		diag_error(diags, path.buf, 1, 1, "the build cache kept this %s although it changed", what);
		ret = -1;
	}
	strbuf_release(&path);
	strbuf_release(&old);
	return ret;
}

/* Check mode: reports a model that changed since the model stage ended, in whatever process the stage
 * after it (named stage) runs. Returns 0 or -1. */
static int check_model(const struct build *b, const char *stage, struct diag_list *diags)
{
	unsigned char now[DIGEST_LEN];

	if (!b->check_model)
		return 0;
	site_digest(&b->site, now);
	if (!memcmp(now, b->model_digest, DIGEST_LEN))
		return 0;
	diag_error(diags, ".", 0, 0, "the model changed after the model stage (found after %s): a bug of jisite", stage);
	return -1;
}

/* The page groups of a batch of a worker's share: enough that rendering them is most of the work, few
 * enough that the bodies they show (what a worker holds) stay small on a site of any size. */
#define RENDER_BATCH_GROUPS 256

/* One worker's share: the Markdown and the pages of the page groups k, k + n, k + 2n… in batches, the
 * bodies of a batch rendered before its pages and forgotten after them. Only dirty pages are rendered (all
 * of them in verify mode, where a clean page that would change is an error). The bodies live in a table of
 * the share's own, whatever the process. */
static int render_share(size_t k, size_t n, void *ctx, struct diag_list *diags, struct strbuf *result)
{
	struct build *b = ctx;
	struct arena scratch = ARENA_INIT;
	struct strbuf page = STRBUF_INIT, path = STRBUF_INIT;
	struct render_texts texts;
	struct render_share share = { .shard = k, .nshards = n, .bodies = b->body_sinks ? &b->body_sinks[k] : NULL };
	size_t nlang = b->cfg.nlanguages, batch = RENDER_BATCH_GROUPS * n;
	bool stop = false;
	int ret = 0;

	render_texts_init(&texts, &b->scan);
	for (share.lo = 0; share.lo < b->site.ngroups && !stop; share.lo = share.hi) {
		share.hi = b->site.ngroups - share.lo > batch ? share.lo + batch : b->site.ngroups;
		if (render_markdown(&b->site, &b->theme, &texts, b->src, b->verify ? NULL : b->need_item, &share,
				    result, diags))
			ret = -1;
		for (size_t i = share.lo * nlang; i < share.hi * nlang && !stop; i++) {
			const struct page *p = &b->site.pages[i];
			if (p->group % n != k || (!b->dirty[i] && !b->verify) || p->kind == PAGE_DOWNLOADS ||
			    !b->lang_built[p->lang])
				continue; /* the downloads page comes after the downloads (stage_bundles) */
			strbuf_reset(&page);
			arena_release(&scratch);
			if (render_page(&page, &b->site, &b->theme, p, &render_online, &texts, NULL, &scratch, diags)) {
				ret = -1;
				continue; /* every page's template errors are reported */
			}
			progress_add(b->progress, b->dirty[i]);
			strbuf_reset(&path);
			strbuf_addf(&path, "%sindex.html", p->path);
			if (!b->dirty[i]) {
				if (check_kept(b, path.buf, page.buf, page.len, "page", diags))
					ret = -1;
				continue;
			}
			if (b->write && output_write(&b->out, path.buf, page.buf, page.len, diags)) {
				ret = -1;
				stop = true;
			}
		}
		render_texts_forget(&texts);
	}
	if (check_model(b, "rendering", diags))
		ret = -1;
	render_texts_release(&texts);
	arena_release(&scratch);
	strbuf_release(&page);
	strbuf_release(&path);
	return ret;
}

/* Files for the render workers to write the bodies an offline copy shows as they are (render.h), when this
 * build makes copies: files without a name, in the cache's folder (not in memory: 22 MB a language on the
 * 2,000-resource site). Never in verify mode, whose copies must come out the same from bodies rendered for
 * the disk. Where no file can be made, the copies render every body again. */
static void open_body_sinks(struct build *b, size_t jobs)
{
	if (!b->write || b->opts->no_bundles || b->verify || fs_mkdirs(".jisite-cache"))
		return;
	b->body_sinks = xcalloc(jobs, sizeof(*b->body_sinks));
	b->nbody_sinks = jobs;
	for (size_t k = 0; k < jobs; k++) {
		b->body_sinks[k].fd = fs_open_unnamed(".jisite-cache");
		b->body_sinks[k].broken = b->body_sinks[k].fd < 0;
	}
}

/* Where the bodies the render workers wrote are, for the copies: the files stay open until the build ends. */
static void take_bodies(struct build *b)
{
	if (!b->body_sinks)
		return;
	render_bodies_take(&b->bodies, &b->scan, b->body_sinks, b->nbody_sinks);
	free(b->body_sinks);
	b->body_sinks = NULL;
	b->nbody_sinks = 0;
}

/* ---- the build cache ---- */

void build_cache_path(struct strbuf *path, const char *out, bool members)
{
	struct strbuf hex = STRBUF_INIT, key = STRBUF_INIT;

	/* the members' build has a cache of its own, whatever its folder: the public build's cache must never
	 * hold a text for members only */
	strbuf_addf(&key, "%s%s", out, members ? "\nmembers" : "");
	digest_sha256_hex(&hex, key.buf, key.len);
	strbuf_addf(path, ".jisite-cache/%.16s", hex.buf);
	strbuf_release(&hex);
	strbuf_release(&key);
}

/* The digest of a file read through the source, or of its absence. */
static void add_file(struct build *b, struct digest *dg, const char *path)
{
	struct strbuf sb = STRBUF_INIT;

	digest_add_str(dg, path);
	if (b->src->read(b->src, path, &sb, (size_t)1 << 30))
		digest_add_u64(dg, 0);
	else
		digest_add(dg, sb.buf, sb.len);
	strbuf_release(&sb);
}

/* Per language, what every page depends on: the generator, the options, site.yaml, the theme's templates
 * and asset names, and the language's translations (with its fallbacks' and the default language's). */
static void compute_lang_keys(struct build *b)
{
	const struct config *cfg = &b->cfg;
	struct strbuf path = STRBUF_INIT;
	unsigned char global[DIGEST_LEN];
	struct digest dg;

	digest_init(&dg);
	digest_add(&dg, b->generator, DIGEST_LEN);
	digest_add(&dg, b->options, DIGEST_LEN);
	add_file(b, &dg, "site.yaml");
	for (size_t i = 0; i < b->theme.ntemplates; i++)
		add_file(b, &dg, b->theme.templates[i].path);
	for (size_t i = 0; i < b->theme.nfiles; i++)
		digest_add_str(&dg, b->theme.files[i].out);
	digest_final(&dg, global);
	b->lang_keys = arena_alloc(&b->arena, cfg->nlanguages * DIGEST_LEN);
	for (size_t l = 0; l < cfg->nlanguages; l++) {
		digest_init(&dg);
		digest_add(&dg, global, DIGEST_LEN);
		digest_add_u64(&dg, l);
		strbuf_reset(&path);
		strbuf_addf(&path, "translations/%s.yaml", cfg->languages[l].code);
		add_file(b, &dg, path.buf);
		for (const char **f = b->i18n.fallbacks[l]; *f; f++) /* pt-BR's pages show pt's texts */
			add_file(b, &dg, *f);
		strbuf_reset(&path);
		strbuf_addf(&path, "translations/%s.yaml", cfg->languages[cfg->default_language].code);
		add_file(b, &dg, path.buf);
		digest_final(&dg, b->lang_keys[l]);
	}
	strbuf_release(&path);
}

static const unsigned char no_key[DIGEST_LEN];

/* Every item's digest, every group's, then every page's key; a page whose key cannot be known gets none.
 * After the render (again), only what was not known: the links of the bodies just rendered are known
 * now. */
static void compute_page_keys(struct build *b, bool again)
{
	const struct site *s = &b->site;
	unsigned char frame[DIGEST_LEN], lang_key[DIGEST_LEN];
	bool any = false, frame_known;

	for (size_t i = 0; i < s->nitems; i++) {
		if (again && b->items[i].known)
			continue;
		render_item_digest(s, b->links, &s->items[i], &b->items[i]);
		any = true;
	}
	if (!any)
		return;
	render_group_digests(s, b->items, b->group_digests, b->group_known);
	frame_known = render_frame_key(s, (const unsigned char (*)[DIGEST_LEN])b->group_digests, b->group_known, frame);
	for (size_t l = 0; l < b->cfg.nlanguages; l++) {
		struct digest dg;
		digest_init(&dg);
		digest_add(&dg, b->lang_keys[l], DIGEST_LEN);
		digest_add(&dg, frame, DIGEST_LEN);
		digest_final(&dg, b->frame_keys[l]);
	}
	for (size_t i = 0; i < s->npages; i++) {
		const struct page *p = &s->pages[i];
		if (again && memcmp(b->page_keys[i], no_key, DIGEST_LEN))
			continue;
		memcpy(lang_key, b->frame_keys[p->lang], DIGEST_LEN);
		if (frame_known && render_page_key(s, p, lang_key, b->items,
						   (const unsigned char (*)[DIGEST_LEN])b->group_digests, b->group_known,
						   b->page_keys[i]))
			continue;
		memset(b->page_keys[i], 0, DIGEST_LEN);
	}
}

/* What becomes of an output file whose key is key (no_key when it cannot be known): kept from the last
 * build while that is the key the cache holds for it, made anew otherwise. Every kind of output (pages,
 * copies, feeds, calendars, the sitemap, search indexes, downloads) is decided here. */
enum fate {
	FATE_MAKE,    /* new, changed, or its key unknown */
	FATE_KEEP,    /* the last build's file stays */
	FATE_COMPARE  /* verify mode: the cache would keep it; it is made again and compared with the kept file */
};

static enum fate fate_of(struct build *b, const char *rel, const unsigned char key[DIGEST_LEN])
{
	const struct cache_output *co;

	if (!b->incremental || !memcmp(key, no_key, DIGEST_LEN) || !(co = cache_find_output(&b->cache, rel)) ||
	    memcmp(co->key, key, DIGEST_LEN))
		return FATE_MAKE;
	return b->verify ? FATE_COMPARE : FATE_KEEP;
}

static void page_rel(struct strbuf *sb, const struct page *p)
{
	strbuf_reset(sb);
	strbuf_addf(sb, "%sindex.html", p->path);
}

/* Which pages to render: those whose key is not the cached one (all, without an incremental output), and
 * the items whose Markdown they show. */
static void plan(struct build *b)
{
	struct site *s = &b->site;
	struct strbuf rel = STRBUF_INIT;

	b->items = render_item_digests_new(&b->arena, s, s->nitems);
	b->need_item = arena_alloc(&b->arena, (s->nitems ? s->nitems : 1) * sizeof(bool));
	b->group_digests = arena_alloc(&b->arena, (s->ngroups ? s->ngroups : 1) * DIGEST_LEN);
	b->group_known = arena_alloc(&b->arena, (s->ngroups ? s->ngroups : 1) * sizeof(bool));
	b->frame_keys = arena_alloc(&b->arena, b->cfg.nlanguages * DIGEST_LEN);
	b->page_keys = arena_alloc(&b->arena, (s->npages ? s->npages : 1) * DIGEST_LEN);
	b->dirty = arena_alloc(&b->arena, (s->npages ? s->npages : 1) * sizeof(bool));
	memset(b->need_item, 0, (s->nitems ? s->nitems : 1) * sizeof(bool));
	compute_lang_keys(b);
	compute_page_keys(b, false);
	for (size_t i = 0; i < s->npages; i++) {
		const struct page *p = &s->pages[i];
		page_rel(&rel, p);
		/* verify mode renders every page, and compares those not dirty (render_share) */
		b->dirty[i] = p->kind != PAGE_DOWNLOADS && /* made after the downloads: stage_bundles */
			      b->lang_built[p->lang] && fate_of(b, rel.buf, b->page_keys[i]) == FATE_MAKE;
		b->ndirty += b->dirty[i];
		if (b->dirty[i] && p->item)
			b->need_item[p->item - s->items] = true;
		for (size_t k = 0; b->dirty[i] && p->kind == PAGE_PRINT && k < p->item->nchapters; k++)
			b->need_item[p->item->chapters[k] - s->items] = true;
	}
	strbuf_release(&rel);
}

/* A copied file's key: its path and stamp (a theme's files are stamped now, attachments at the scan). */
static void copy_key(struct build *b, const struct attachment *f, bool scanned, unsigned char key[DIGEST_LEN])
{
	struct source_stamp stamp = f->stamp;
	struct digest dg;

	digest_init(&dg);
	digest_add(&dg, b->generator, DIGEST_LEN);
	digest_add_str(&dg, f->path);
	if (!scanned && b->src->stamp(b->src, f->path, &stamp))
		memset(&stamp, 0, sizeof(stamp));
	digest_add(&dg, stamp.bytes, sizeof(stamp.bytes));
	digest_final(&dg, key);
}

struct new_outputs {
	struct cache_output *items;
	size_t n, alloc;
};

static void add_output(struct new_outputs *no, struct arena *a, const char *rel, const unsigned char key[DIGEST_LEN])
{
	XGROW(no->items, no->alloc, no->n + 1);
	no->items[no->n].rel = arena_memdup0(a, rel, strlen(rel));
	memcpy(no->items[no->n++].key, key, DIGEST_LEN);
}

/* The files copied as they are: the theme's static files (stamped now), then the attachments (stamped by
 * the scan). */
struct copies {
	const struct attachment *files;
	size_t n;
	bool scanned;
};

static void list_copies(const struct build *b, struct copies out[2])
{
	out[0] = (struct copies){ .files = b->theme.files, .n = b->theme.nfiles, .scanned = false };
	out[1] = (struct copies){ .files = b->scan.files, .n = b->scan.nfiles, .scanned = true };
}

/* Copies the theme's static files and the attachments; incrementally, only those whose stamp changed. */
static void copy_files(struct build *b, struct new_outputs *no)
{
	struct copies sets[2];

	list_copies(b, sets);
	for (size_t k = 0; k < 2; k++) {
		for (size_t i = 0; i < sets[k].n; i++) {
			const struct attachment *f = &sets[k].files[i];
			unsigned char key[DIGEST_LEN];
			if (sets[k].scanned && publish_file_omitted(&b->site, f))
				continue; /* a draft's or a held item's: not published (an incremental build removes it) */
			copy_key(b, f, sets[k].scanned, key);
			add_output(no, &b->arena, f->out, key);
			if (fate_of(b, f->out, key) != FATE_KEEP)
				output_copy(&b->out, f->out, b->src, f->path, b->diags);
		}
	}
}

/* Incrementally: the files of the previous output that this one no longer has are removed. */
static void remove_stale(struct build *b, struct new_outputs *no)
{
	struct cache now = { .outputs = no->items, .noutputs = no->n };
	size_t i = 0;

	/* usually the same files in the same order: compare in step, and search only from a difference */
	while (i < b->cache.noutputs && i < no->n && !strcmp(b->cache.outputs[i].rel, no->items[i].rel))
		i++;
	for (; i < b->cache.noutputs; i++)
		if (!cache_find_output(&now, b->cache.outputs[i].rel))
			output_remove(&b->out, b->cache.outputs[i].rel);
	now.outputs = NULL;
	cache_release(&now);
}

/* The cache that describes the output just committed. */
static void save_cache(struct build *b, struct new_outputs *no)
{
	struct cache c = { 0 };
	struct strbuf warnings = STRBUF_INIT, sort_keys = STRBUF_INIT;
	struct stat st;

	memcpy(c.generator, b->generator, DIGEST_LEN);
	memcpy(c.options, b->options, DIGEST_LEN);
	memcpy(c.inputs, b->inputs, DIGEST_LEN);
	memcpy(c.today, b->today, 11);
	c.next_release = b->next_release;
	if (stat(b->opts->out, &st))
		return;
	c.out_dev = (uint64_t)st.st_dev;
	c.out_ino = (uint64_t)st.st_ino;
	c.out_ctime_sec = (uint64_t)st.st_ctim.tv_sec;
	c.out_ctime_nsec = (uint64_t)st.st_ctim.tv_nsec;
	diag_encode(&warnings, b->diags); /* warnings only: the build succeeded */
	c.warnings = warnings.buf;
	c.warnings_len = warnings.len;
	locale_sort_keys_save(&sort_keys);
	c.sort_keys = sort_keys.buf;
	c.sort_keys_len = sort_keys.len;
	c.docs = xcalloc(b->scan.ndocs + 1, sizeof(*c.docs));
	for (size_t i = 0; i < b->scan.ndocs; i++) {
		const struct doc *d = &b->scan.docs[i];
		struct cache_doc *cd = &c.docs[c.ndocs];
		if (!d->meta_enc || d->omitted == DOC_MEMBERS)
			continue; /* read again next time: to report what it has, or to keep members' texts out */
		cd->path = d->path;
		cd->stamp = d->stamp;
		memcpy(cd->digest, d->digest, DIGEST_LEN);
		cd->meta = d->meta_enc;
		cd->meta_len = d->meta_enc_len;
		memcpy(cd->meta_digest, d->meta_digest, DIGEST_LEN);
		cd->body_offset = d->body_offset;
		cd->body_line = d->body_line;
		cd->body_blank = d->body_blank;
		cd->links = b->links[i].data;
		cd->links_len = b->links[i].len;
		cd->links_known = b->links[i].known;
		c.ndocs++;
	}
	c.outputs = no->items;
	c.noutputs = no->n;
	c.spare = b->out.after;
	if (fs_mkdirs(".jisite-cache") || cache_save(&c, b->cache_path.buf))
		diag_warning(b->diags, b->cache_path.buf, 0, 0, "cannot write the build cache: %s", strerror(errno));
	free(c.docs);
	strbuf_release(&warnings);
	strbuf_release(&sort_keys);
}

/* ---- offline copies and e-books ---- */

/* The bundles to make, and whether (verify mode) the file the cache kept must come out the same. */
struct bundle_job {
	struct build *b;
	struct bundle *bundles;
	bool *make, *check;
	size_t n;
};

/* What the build wrote at rel (bundle.h): the search stage's index, which a copy holds as it is. */
static int read_built(void *ctx, const char *rel, struct strbuf *out)
{
	struct build *b = ctx;

	return output_read(&b->out, rel, out);
}

/* A worker's share of the bundles to make: k, k + n, k + 2n… of them. */
static int bundle_share(size_t k, size_t n, void *ctx, struct diag_list *diags, struct strbuf *result)
{
	struct bundle_job *job = ctx;
	struct build *b = job->b;
	struct strbuf bytes = STRBUF_INIT, previous = STRBUF_INIT;
	size_t seen = 0;
	int ret = 0;

	(void)result;
	for (size_t i = 0; i < job->n; i++) {
		struct bundle_env env = { .time = b->bundle_time, .jobs = build_jobs(b), .read_built = read_built,
					  .ctx = b, .bodies = b->bodies.docs ? &b->bodies : NULL };
		if (!job->make[i] || seen++ % n != k)
			continue;
		strbuf_reset(&bytes);
		/* the archive this build replaces, to take its unchanged entries from: an incremental build's spare
		 * holds it until it is written, and was made by this generator (verify mode makes all anew); an
		 * e-book is written whole */
		strbuf_reset(&previous);
		if (b->out.incremental && !b->verify && job->bundles[i].kind != BUNDLE_EPUB &&
		    !output_read(&b->out, job->bundles[i].file, &previous)) {
			env.previous = previous.buf;
			env.previous_len = previous.len;
		}
		if (bundle_make(&bytes, &job->bundles[i], &b->site, &b->theme, b->src, &env, diags) ||
		    (job->check[i] && check_kept(b, job->bundles[i].file, bytes.buf, bytes.len, "download", diags)) ||
		    output_write(&b->out, job->bundles[i].file, bytes.buf, bytes.len, diags))
			ret = -1;
		progress_add(b->progress, 1);
	}
	if (check_model(b, "making the downloads", diags))
		ret = -1;
	strbuf_release(&bytes);
	strbuf_release(&previous);
	return ret;
}

/* A bundle's key: its name, its language's key (generator, options, site.yaml, theme, translations), the
 * time its entries carry, the key of every page and file it holds, and for an e-book (alone or in a
 * product's archive) the e-books' stylesheet. */
static bool bundle_key(struct build *b, const struct bundle *bd, unsigned char key[DIGEST_LEN])
{
	const struct site *s = &b->site;
	struct copies sets[2];
	struct digest dg;
	bool known = true;

	digest_init(&dg);
	digest_add_str(&dg, bd->file);
	digest_add(&dg, b->frame_keys[bd->lang], DIGEST_LEN);
	digest_add_u64(&dg, (uint64_t)b->bundle_time);
	if (bd->kind == BUNDLE_SITE)
		digest_add_str(&dg, bundle_release_day(s, bd->lang)); /* its release names the day */
	if (bd->product) {
		digest_add_u64(&dg, b->theme.epub_css_len);
		digest_add(&dg, b->theme.epub_css, b->theme.epub_css_len);
	}
	for (size_t i = 0; i < s->npages; i++) {
		if (!bundle_has_page(s, bd, &s->pages[i]))
			continue;
		digest_add(&dg, b->page_keys[i], DIGEST_LEN);
		if (!memcmp(b->page_keys[i], no_key, DIGEST_LEN))
			known = false;
	}
	list_copies(b, sets);
	for (size_t k = 0; k < 2; k++) {
		for (size_t i = 0; i < sets[k].n; i++) {
			unsigned char fk[DIGEST_LEN];
			if (sets[k].scanned && !bundle_has_file(&b->site, bd, &sets[k].files[i]))
				continue; /* a bundle holds every asset of the theme, and its own attachments */
			copy_key(b, &sets[k].files[i], sets[k].scanned, fk);
			digest_add(&dg, fk, DIGEST_LEN);
		}
	}
	digest_final(&dg, key);
	return known;
}

/* ---- updates of the offline copies (update.h) ---- */

/* "downloads/site-fr.zip" → "downloads/site-fr-update-<from>.zip" */
static const char *update_name(struct arena *a, const struct bundle *bd, const char *from)
{
	struct strbuf sb = STRBUF_INIT;
	const char *name;

	strbuf_add(&sb, bd->file, strlen(bd->file) - strlen(".zip"));
	strbuf_addf(&sb, "-update-%s.zip", from);
	name = arena_memdup0(a, sb.buf, sb.len);
	strbuf_release(&sb);
	return name;
}

/* The earlier releases that copy bd may have an update from: those of its language, each once (update_make
 * makes none from the copy's own release). */
static bool updates_from(const struct build *b, const struct bundle *bd, size_t p)
{
	const struct copy_manifest *from = &b->previous[p];

	if (bd->kind != BUNDLE_SITE || strcmp(from->language, b->cfg.languages[bd->lang].code))
		return false;
	for (size_t q = 0; q < p; q++)
		if (!strcmp(b->previous[q].language, from->language) && !strcmp(b->previous[q].release, from->release))
			return false;
	return true;
}

/* Records the update of copy bd from release from, made into bytes, for the downloads (made_update). */
static void record_update(struct build *b, const struct bundle *bd, const char *name, const char *from,
			  const struct strbuf *bytes)
{
	struct made_update *u;
	struct strbuf hex = STRBUF_INIT;

	XGROW(b->updates, b->updates_alloc, b->nupdates + 1);
	u = &b->updates[b->nupdates++];
	u->copy = bd->file;
	u->file = name;
	u->from = from;
	u->size = bytes->len;
	digest_sha256_hex(&hex, bytes->buf, bytes->len);
	memcpy(u->sha256, hex.buf, sizeof(u->sha256));
	strbuf_release(&hex);
}

/* build --previous: each copy's update from each earlier release of its language, from the copy as the
 * build made or kept it. */
static int make_updates(struct build *b, const struct bundle *bundles, size_t nb, struct new_outputs *no)
{
	struct strbuf copy = STRBUF_INIT, update = STRBUF_INIT;
	int ret = 0;

	for (size_t i = 0; i < nb && !ret; i++) {
		bool read = false;
		for (size_t p = 0; p < b->nprevious && !ret; p++) {
			const char *name;
			int made;
			if (!updates_from(b, &bundles[i], p))
				continue;
			if (!read && output_read(&b->out, bundles[i].file, &copy)) {
				diag_error(b->diags, bundles[i].file, 0, 0, "cannot read the copy back: %s",
				           strerror(errno));
				ret = -1;
				break;
			}
			read = true;
			name = update_name(&b->arena, &bundles[i], b->previous[p].release);
			strbuf_reset(&update);
			made = update_make(&update, name, copy.buf, copy.len, &b->previous[p], b->bundle_time,
					   b->diags);
			if (made == 1)
				continue; /* the copy is still that release */
			if (made || output_write(&b->out, name, update.buf, update.len, b->diags))
				ret = -1;
			add_output(no, &b->arena, name, no_key);
			record_update(b, &bundles[i], name, b->previous[p].release, &update);
		}
		strbuf_reset(&copy);
	}
	strbuf_release(&copy);
	strbuf_release(&update);
	timing(b, "updates");
	return ret;
}

/* A site copy's release and files, in the manifest (from the copy's own manifest.json): what the next
 * release's updates start from. */
static int manifest_copy_files(struct build *b, const struct bundle *bd, const struct strbuf *bytes,
			       struct json *manifest, const char **release)
{
	struct zipfile_reader *r = zipfile_open(bd->file, bytes->buf, bytes->len, bytes->len, b->diags);
	struct strbuf name = STRBUF_INIT, text = STRBUF_INIT;
	struct copy_manifest m;
	struct arena a = ARENA_INIT;
	size_t k = (size_t)-1;
	int ret = -1;

	if (r) {
		const char *base = strrchr(bd->file, '/') + 1;
		strbuf_addf(&name, "%.*s/%s", (int)(strlen(base) - strlen(".zip")), base, COPY_MANIFEST);
		k = zipfile_find(r, name.buf);
	}
	if (k != (size_t)-1 && !zipfile_read(r, k, &text) &&
	    !copy_manifest_read(&m, &a, name.buf, text.buf, text.len, b->diags)) {
		json_string(manifest, "release", m.release);
		*release = arena_memdup0(&b->arena, m.release, strlen(m.release));
		json_object_begin(manifest, "files");
		for (size_t i = 0; i < m.nfiles; i++) {
			json_newline(manifest, 6);
			json_string(manifest, m.files[i].name, m.files[i].sha256);
		}
		json_newline(manifest, 4);
		json_object_end(manifest);
		ret = 0;
	} else if (r && k == (size_t)-1) {
		diag_error(b->diags, bd->file, 0, 0, "the copy has no %s", name.buf);
	}
	zipfile_close(r);
	strbuf_release(&name);
	strbuf_release(&text);
	arena_release(&a);
	return ret;
}

/* The updates of copy bd (now release) in the manifest: each from its release to this one. */
static void manifest_updates(struct build *b, const struct bundle *bd, const char *release, struct json *manifest)
{
	for (size_t k = 0; k < b->nupdates; k++) {
		const struct made_update *u = &b->updates[k];
		if (strcmp(u->copy, bd->file))
			continue;
		json_newline(manifest, 2);
		json_object_begin(manifest, NULL);
		json_string(manifest, "file", u->file);
		json_string(manifest, "language", b->cfg.languages[bd->lang].code);
		json_null(manifest, "product");
		json_string(manifest, "format", "update");
		json_string(manifest, "from", u->from);
		json_string(manifest, "release", release);
		json_uint(manifest, "bytes", u->size);
		json_string(manifest, "sha256", u->sha256);
		json_string(manifest, "date", b->today);
		json_object_end(manifest);
	}
}

/* The updates of copy bd on the downloads page in language lang: each with its link, size and release. */
static struct value *download_updates(struct build *b, struct arena *a, const struct bundle *bd, size_t lang)
{
	struct strbuf sb = STRBUF_INIT;
	struct value *list = value_new_list(a);

	for (size_t k = 0; k < b->nupdates; k++) {
		const struct made_update *u = &b->updates[k];
		struct value *m;
		if (strcmp(u->copy, bd->file))
			continue;
		m = value_new_map(a);
		strbuf_reset(&sb);
		url_relative(&sb, site_page(&b->site, b->site.downloads_group, lang)->path, u->file, false);
		value_map_set(a, m, "url", value_new_string(a, sb.buf, sb.len));
		value_map_set(a, m, "from", value_new_cstring(a, u->from));
		strbuf_reset(&sb);
		if (locale_format_bytes(&sb, b->cfg.languages[lang].code, u->size))
			strbuf_addf(&sb, "%zu B", u->size);
		value_map_set(a, m, "size", value_new_string(a, sb.buf, sb.len));
		value_list_push(a, list, m);
	}
	strbuf_release(&sb);
	return list;
}

/* A download's size and checksum, read once for the pages of every language. */
struct download_file {
	int state; /* 0: not read yet; 1: there; -1: not in the output */
	size_t size;
	char sha256[65];
};

/* One file of the downloads page and of the manifest. */
static struct value *download_entry(struct build *b, struct arena *a, const struct bundle *bd,
				    struct download_file *df, size_t lang, struct json *manifest)
{
	const struct config *cfg = &b->cfg;
	struct strbuf bytes = STRBUF_INIT, sb = STRBUF_INIT;
	struct value *m = value_new_map(a);
	const char *code = cfg->languages[bd->lang].code;

	/* the manifest (the first language's pass) reads a copy's own manifest: the bytes are needed then */
	if (!df->state || manifest) {
		df->state = output_read(&b->out, bd->file, &bytes) ? -1 : 1;
		digest_sha256_hex(&sb, bytes.buf, bytes.len);
		memcpy(df->sha256, sb.buf, sizeof(df->sha256));
		df->size = bytes.len;
	}
	if (df->state < 0) {
		strbuf_release(&bytes);
		strbuf_release(&sb);
		return NULL;
	}
	value_map_set(a, m, "sha256", value_new_cstring(a, df->sha256));
	if (manifest) {
		json_newline(manifest, 2);
		json_object_begin(manifest, NULL);
		json_string(manifest, "file", bd->file);
		json_string(manifest, "language", code);
		if (bd->product)
			json_string(manifest, "product", bd->product->slug);
		else
			json_null(manifest, "product");
		json_string(manifest, "format", bd->kind == BUNDLE_EPUB ? "epub" : "zip");
		json_uint(manifest, "bytes", df->size);
		json_string(manifest, "sha256", df->sha256);
		json_string(manifest, "date", b->today);
		const char *release = NULL;
		if (bd->kind == BUNDLE_SITE && manifest_copy_files(b, bd, &bytes, manifest, &release))
			m = NULL; /* reported */
		json_object_end(manifest);
		if (release)
			manifest_updates(b, bd, release, manifest);
	}
	if (!m) {
		strbuf_release(&bytes);
		strbuf_release(&sb);
		return NULL;
	}
	strbuf_reset(&sb);
	url_relative(&sb, site_page(&b->site, b->site.downloads_group, lang)->path, bd->file, false);
	value_map_set(a, m, "url", value_new_string(a, sb.buf, sb.len));
	value_map_set(a, m, "lang", value_new_cstring(a, code));
	value_map_set(a, m, "lang_name", value_new_cstring(a, cfg->languages[bd->lang].name));
	value_map_set(a, m, "kind", value_new_cstring(a, i18n_find(&b->i18n, lang, "ui",
								      bd->kind == BUNDLE_EPUB ? "download_epub" : "download_zip")));
	strbuf_reset(&sb);
	if (locale_format_bytes(&sb, cfg->languages[lang].code, df->size))
		strbuf_addf(&sb, "%zu B", df->size);
	value_map_set(a, m, "size", value_new_string(a, sb.buf, sb.len));
	value_map_set(a, m, "date", value_new_cstring(a, b->today));
	strbuf_reset(&sb);
	if (locale_format_date(&sb, cfg->languages[lang].code, b->today, 10))
		strbuf_addstr(&sb, b->today);
	value_map_set(a, m, "date_text", value_new_string(a, sb.buf, sb.len));
	if (bd->kind == BUNDLE_SITE)
		value_map_set(a, m, "updates", download_updates(b, a, bd, lang));
	strbuf_release(&bytes);
	strbuf_release(&sb);
	return m;
}

/* The downloads page of every language built, from the bundles in the output (written in the first one's
 * pass, the manifest too). */
static int write_downloads(struct build *b, struct bundle *bundles, size_t nb, struct new_outputs *no)
{
	struct arena a = ARENA_INIT;
	struct strbuf manifest = STRBUF_INIT, page = STRBUF_INIT, rel = STRBUF_INIT;
	struct download_file *files_read = xcalloc(nb + 1, sizeof(*files_read));
	struct json mj;
	bool first = true;
	int ret = 0;

	json_init(&mj, &manifest, JSON_SPACED);
	json_array_begin(&mj, NULL);
	for (size_t l = 0; l < b->cfg.nlanguages && !ret; l++) {
		const struct page *p = site_page(&b->site, b->site.downloads_group, l);
		struct value *extra, *downloads, *files, *products, *product = NULL;

		if (!b->lang_built[l])
			continue;
		extra = value_new_map(&a);
		downloads = value_new_map(&a);
		files = value_new_list(&a);
		products = value_new_list(&a);
		for (size_t i = 0; i < nb; i++) {
			struct value *e = download_entry(b, &a, &bundles[i], &files_read[i], l, first ? &mj : NULL);
			if (!e)
				continue;
			if (!bundles[i].product) {
				const struct value *u = value_map_get(e, "updates");
				if (u && u->u.list.len)
					value_map_set(&a, downloads, "has_updates", value_new_bool(&a, true));
				value_list_push(&a, files, e);
				continue;
			}
			if (!product || (i && bundles[i - 1].product != bundles[i].product)) {
				const char *t = site_item_title(bundles[i].product, l);
				product = value_new_map(&a);
				value_map_set(&a, product, "title", value_new_cstring(&a, t ? t : bundles[i].product->slug));
				value_map_set(&a, product, "files", value_new_list(&a));
				value_list_push(&a, products, product);
			}
			value_list_push(&a, value_map_get(product, "files"), e);
		}
		value_map_set(&a, downloads, "files", files);
		value_map_set(&a, downloads, "products", products);
		value_map_set(&a, extra, "downloads", downloads);
		strbuf_reset(&page);
		if (render_page(&page, &b->site, &b->theme, p, &render_online, NULL, extra, &a, b->diags)) {
			ret = -1;
			break;
		}
		page_rel(&rel, p);
		ret = output_write(&b->out, rel.buf, page.buf, page.len, b->diags);
		first = false;
	}
	if (!ret && nb) {
		json_newline(&mj, 0);
		json_array_end(&mj);
		strbuf_addch(&manifest, '\n');
		ret = output_write(&b->out, "downloads/manifest.json", manifest.buf, manifest.len, b->diags);
		add_output(no, &b->arena, "downloads/manifest.json", no_key);
	}
	arena_release(&a);
	free(files_read);
	strbuf_release(&manifest);
	strbuf_release(&page);
	strbuf_release(&rel);
	return ret;
}

/* The offline copies and e-books whose key changed (in verify mode all of them, and those the cache would
 * keep compared with the kept file), made by worker processes; then the downloads pages and manifest,
 * which show every bundle's size and checksum. */
static int stage_bundles(struct build *b, struct new_outputs *no)
{
	static const char *const needed[] = { "downloads", "download_zip", "download_epub", "contents" };
	const struct config_language *def = &b->cfg.languages[b->cfg.default_language];
	struct bundle *bundles = NULL;
	size_t nb = b->opts->no_bundles ? 0 : bundle_list(&b->site, &b->arena, &bundles), made = 0;
	struct bundle_job job = { .b = b, .bundles = bundles, .n = nb,
				  .make = arena_calloc(&b->arena, nb ? nb : 1, sizeof(bool)),
				  .check = arena_calloc(&b->arena, nb ? nb : 1, sizeof(bool)) };
	size_t jobs = build_jobs(b), kept = 0;

	/* build --lang: only the downloads of the languages built */
	for (size_t i = 0; i < nb; i++)
		if (b->lang_built[bundles[i].lang])
			bundles[kept++] = bundles[i];
	nb = job.n = kept;
	/* the downloads page and the e-books name things in every language: the default one must say them */
	for (size_t i = 0; i < sizeof(needed) / sizeof(needed[0]); i++)
		if (!i18n_find(&b->i18n, b->cfg.default_language, "ui", needed[i]))
			diag_error(b->diags, b->i18n.path[b->cfg.default_language], 1, 1,
				   "missing 'ui.%s': the downloads page and the e-books in %s need it", needed[i],
				   def->name);
	if (diag_errors(b->diags))
		return -1;
	for (size_t i = 0; i < nb; i++) {
		unsigned char key[DIGEST_LEN];
		enum fate fate;
		if (!bundle_key(b, &bundles[i], key))
			memset(key, 0, DIGEST_LEN);
		fate = fate_of(b, bundles[i].file, key);
		job.make[i] = fate != FATE_KEEP;
		job.check[i] = fate == FATE_COMPARE;
		made += job.make[i];
		add_output(no, &b->arena, bundles[i].file, key);
	}
	if (made) {
		if (jobs > made)
			jobs = made;
		progress_stage(b->progress, "making downloads", made);
		if (workers_run(jobs, bundle_share, &job, b->diags, NULL) && !diag_errors(b->diags))
			diag_error(b->diags, b->opts->out, 0, 0, "making the downloads failed without a message");
	}
	timing(b, "bundles");
	b->report->downloads = nb;
	b->report->downloads_made = made;
	verbose(b, "jisite: %zu of %zu downloads made\n", made, nb);
	if (made)
		verbose(b, "jisite: %zu bodies rendered once, for the pages and the copies\n", render_bodies_count(&b->bodies));
	if (diag_errors(b->diags) || make_updates(b, bundles, nb, no))
		return -1;
	return write_downloads(b, bundles, nb, no);
}

/* ---- feeds, calendars and the sitemap ---- */

struct emit {
	struct build *b;
	struct new_outputs *no;
	const unsigned char *key;
	bool check; /* verify mode, the cached key matched: the old bytes must be the new ones */
	/* a thread's own, or NULL for the build's */
	struct arena *arena;
	struct diag_list *diags;
};

static int emit_output(void *ctx, const char *rel, const char *data, size_t len)
{
	struct emit *e = ctx;
	struct build *b = e->b;
	struct diag_list *diags = e->diags ? e->diags : b->diags;

	add_output(e->no, e->arena ? e->arena : &b->arena, rel, e->key);
	if (e->check)
		check_kept(b, rel, data, len, "file", diags);
	return output_write(&b->out, rel, data, len, diags);
}

/* The sitemap is big (a URL per page and language, each with every language's: 75 MB for the 2,000 x 13
 * site, 380 MB for the 10,000 one), and writing it is most of the feeds' time: it is written in a thread of
 * its own while the feeds are made, with outputs, an arena and problems of its own, taken over when it
 * ends. The model is only read. It is written again only when its key, a digest of every page's path and
 * last change, is not the cached one. */
struct sitemap_job {
	struct build *b;
	struct sitemap sm;
	unsigned char key[DIGEST_LEN];
	enum fate fate;
	struct new_outputs no;
	struct arena arena;
	struct diag_list diags;
	int ret;
	pthread_t thread;
	bool threaded;
};

static void *sitemap_run(void *arg)
{
	struct sitemap_job *j = arg;
	struct emit e = { .b = j->b, .no = &j->no, .key = j->key, .check = j->fate == FATE_COMPARE,
			  .arena = &j->arena, .diags = &j->diags };
	size_t nfiles;

	j->ret = sitemap_write(&j->sm, emit_output, &e, &nfiles);
	return NULL;
}

/* Decides whether the sitemap is made again (the cache's look-ups are for this thread only), and starts
 * making it, in a thread when the build may use more than one processor. */
static void sitemap_start(struct build *b, struct new_outputs *no, struct sitemap_job *j)
{
	struct strbuf rel = STRBUF_INIT;
	struct digest dg;
	size_t jobs = build_jobs(b);

	*j = (struct sitemap_job){ .b = b };
	arena_init(&j->arena);
	diag_list_init(&j->diags);
	sitemap_init(&j->sm, &b->site);
	digest_init(&dg);
	digest_add(&dg, b->generator, DIGEST_LEN);
	sitemap_digest(&j->sm, &dg);
	digest_final(&dg, j->key);
	j->fate = fate_of(b, "sitemap.xml", j->key);
	if (j->fate == FATE_KEEP) {
		/* the files of the last build stay: sitemap.xml and the sitemap-N.xml it may list */
		add_output(no, &b->arena, "sitemap.xml", j->key);
		for (size_t k = 1;; k++) {
			strbuf_reset(&rel);
			strbuf_addf(&rel, "sitemap-%zu.xml", k);
			if (fate_of(b, rel.buf, j->key) != FATE_KEEP)
				break;
			add_output(no, &b->arena, rel.buf, j->key);
		}
	} else if (jobs > 1) {
		j->threaded = !pthread_create(&j->thread, NULL, sitemap_run, j);
	}
	strbuf_release(&rel);
}

/* Waits for the sitemap (or makes it here: one processor, or no thread could be made) and takes over its
 * outputs, after the feeds', and its problems. Returns 0 or -1. */
static int sitemap_finish(struct build *b, struct new_outputs *no, struct sitemap_job *j)
{
	if (j->threaded)
		pthread_join(j->thread, NULL);
	else if (j->fate != FATE_KEEP)
		sitemap_run(j);
	/* the names stay where they are: the build's arena adopts the thread's */
	XGROW(no->items, no->alloc, no->n + j->no.n);
	if (j->no.n)
		memcpy(no->items + no->n, j->no.items, j->no.n * sizeof(*no->items));
	no->n += j->no.n;
	free(j->no.items);
	arena_adopt(&b->arena, &j->arena);
	diag_list_take(b->diags, &j->diags);
	verbose(b, "jisite: sitemap %s\n", j->fate == FATE_KEEP ? "unchanged" : "written");
	sitemap_release(&j->sm);
	return j->ret;
}

/* The theme's podcast artwork (static/podcast.png), as an absolute URL; NULL when it has none. */
static char *podcast_image(struct build *b)
{
	for (size_t i = 0; i < b->theme.nfiles; i++) {
		const char *p = b->theme.files[i].path, *slash = strrchr(p, '/');
		struct strbuf url = STRBUF_INIT;
		if (!slash || strcmp(slash, "/podcast.png"))
			continue;
		feed_absolute(&url, &b->cfg, b->theme.files[i].out);
		return strbuf_detach(&url, NULL);
	}
	return NULL;
}

/* Per language, the Atom feed, the podcast feed and the calendars site.yaml's `feeds:` asks for; then the
 * sitemap and robots.txt. Feeds are small: they are made on every build (output_write keeps a file whose
 * bytes did not change). */
/* An event's own calendar file in language l: its language's key, the event's text in it and its last
 * change (DTSTAMP), which for a translation is the original's when that is newer: the text's digest
 * covers only the translation's date. */
static bool event_key(struct build *b, const struct item *it, size_t l, unsigned char key[DIGEST_LEN])
{
	const struct item_digest *d = &b->items[it - b->site.items];
	struct digest dg;

	if (!d->full_known[l])
		return false;
	digest_init(&dg);
	digest_add_str(&dg, "event.ics");
	digest_add(&dg, b->frame_keys[l], DIGEST_LEN);
	digest_add(&dg, d->full[l], DIGEST_LEN);
	digest_add_str(&dg, feed_item_updated(it, l));
	digest_final(&dg, key);
	return true;
}

/* A feed or calendar of collections cols in language l: made from their items alone, so it is kept while
 * its key is (e->key, set here: all zero when unknown). Returns true when the file was kept. */
static bool kept(struct build *b, struct new_outputs *no, struct emit *e, const char *rel,
		 const struct config_collection *const *cols, size_t ncols, size_t l)
{
	unsigned char *key = (unsigned char *)e->key;
	enum fate fate;
	struct digest dg;

	digest_init(&dg);
	digest_add_str(&dg, rel);
	digest_add(&dg, b->frame_keys[l], DIGEST_LEN);
	e->check = false;
	for (size_t i = 0; i < b->site.nitems; i++) {
		const struct item *it = &b->site.items[i];
		const struct item_digest *d = &b->items[i];
		bool mine = false;
		for (size_t c = 0; c < ncols; c++)
			mine |= it->role == DOC_ITEM && it->collection == cols[c];
		if (!mine)
			continue;
		if (!d->full_known[l]) {
			memset(key, 0, DIGEST_LEN);
			return false;
		}
		digest_add(&dg, d->full[l], DIGEST_LEN);
		/* "updated" and DTSTAMP: a translation's full digest has its own date, not the original's */
		digest_add_str(&dg, feed_item_updated(it, l));
	}
	digest_final(&dg, key);
	fate = fate_of(b, rel, key);
	e->check = fate == FATE_COMPARE;
	if (fate != FATE_KEEP)
		return false;
	add_output(no, &b->arena, rel, key);
	return true;
}

/* The feeds of a language that site.yaml's `feeds:` may ask for, each made from its collections alone. */
enum feed_file {
	FEED_ATOM,
	FEED_PODCAST,
	FEED_CALENDAR
};

/* Feed kind of language l into the output, or kept from the last build while its key is. Returns 0 or
 * -1. */
static int write_feed(struct build *b, struct new_outputs *no, enum feed_file kind, size_t l, const char *image)
{
	const struct config *cfg = &b->cfg;
	struct strbuf rel = STRBUF_INIT, data = STRBUF_INIT;
	unsigned char key[DIGEST_LEN];
	struct emit e = { .b = b, .no = no, .key = key };
	const struct config_collection *const *cols =
		kind == FEED_ATOM ? cfg->feed_atom : kind == FEED_PODCAST ? &cfg->feed_podcast : &cfg->feed_calendar;
	void (*path)(struct strbuf *, const struct config *, size_t) =
		kind == FEED_ATOM ? feed_atom_path : kind == FEED_PODCAST ? feed_podcast_path : ical_calendar_path;
	int ret = 0;

	path(&rel, cfg, l);
	if (!kept(b, no, &e, rel.buf, cols, kind == FEED_ATOM ? cfg->nfeed_atom : 1, l)) {
		if (kind == FEED_ATOM)
			feed_atom(&data, &b->site, l);
		else if (kind == FEED_PODCAST)
			feed_podcast(&data, &b->site, l, image);
		else
			ical_calendar(&data, &b->site, l, NULL);
		ret = emit_output(&e, rel.buf, data.buf, data.len);
	}
	strbuf_release(&rel);
	strbuf_release(&data);
	return ret;
}

static int stage_feeds(struct build *b, struct new_outputs *no)
{
	const struct config *cfg = &b->cfg;
	struct strbuf rel = STRBUF_INIT, data = STRBUF_INIT;
	struct emit e = { .b = b, .no = no, .key = no_key };
	char *image = cfg->feed_podcast ? podcast_image(b) : NULL;
	/* a sitemap lists every language's pages: a build of some languages (a preview) has none, and the
	 * members' site is for no search engine */
	bool sitemap = b->all_langs && !b->opts->members;
	struct sitemap_job sj;
	int ret = 0;

	progress_stage(b->progress, "writing feeds and calendars", 0);
	if (sitemap)
		sitemap_start(b, no, &sj);
	for (size_t l = 0; l < cfg->nlanguages && !ret; l++) {
		if (!b->lang_built[l])
			continue;
		if (cfg->nfeed_atom)
			ret |= write_feed(b, no, FEED_ATOM, l, image);
		if (cfg->feed_podcast)
			ret |= write_feed(b, no, FEED_PODCAST, l, image);
		if (!cfg->feed_calendar)
			continue;
		ret |= write_feed(b, no, FEED_CALENDAR, l, image);
		for (size_t i = 0; i < b->site.nitems && !ret; i++) {
			const struct item *it = &b->site.items[i];
			unsigned char ekey[DIGEST_LEN];
			struct emit ev = { .b = b, .no = no, .key = ekey };
			enum fate fate;
			if (it->role != DOC_ITEM || it->collection != cfg->feed_calendar)
				continue;
			strbuf_reset(&rel);
			ical_event_path(&rel, site_page(&b->site, it->group, l));
			/* an event's calendar is made from its text alone: kept while its key is (a site of
			 * many events would otherwise read back thousands of files at every build) */
			if (!event_key(b, it, l, ekey))
				memset(ekey, 0, DIGEST_LEN);
			fate = fate_of(b, rel.buf, ekey);
			ev.check = fate == FATE_COMPARE;
			if (fate == FATE_KEEP) {
				add_output(no, &b->arena, rel.buf, ekey);
				continue;
			}
			strbuf_reset(&data);
			ical_calendar(&data, &b->site, l, it);
			ret |= emit_output(&ev, rel.buf, data.buf, data.len);
		}
	}
	if (sitemap && sitemap_finish(b, no, &sj))
		ret = -1;
	strbuf_reset(&data);
	sitemap_robots(&data, cfg);
	if (!ret)
		ret = emit_output(&e, "robots.txt", data.buf, data.len);
	timing(b, "feeds");
	free(image);
	strbuf_release(&rel);
	strbuf_release(&data);
	return ret ? -1 : 0;
}

/* The search indexes to make: per language, whether to make it, and whether (verify mode) the file
 * the cache kept must come out the same. */
struct search_job {
	struct build *b;
	bool *make, *check;
};

static int search_share(size_t k, size_t n, void *ctx, struct diag_list *diags, struct strbuf *result)
{
	struct search_job *job = ctx;
	struct build *b = job->b;
	struct strbuf rel = STRBUF_INIT, data = STRBUF_INIT;
	int ret = 0;

	(void)result;
	for (size_t l = 0, i = 0; l < b->cfg.nlanguages && !ret; l++) {
		if (!job->make[l] || i++ % n != k)
			continue;
		strbuf_reset(&rel);
		search_index_path(&rel, &b->site, l);
		strbuf_reset(&data);
		search_index(&data, &b->site, l);
		if (job->check[l])
			check_kept(b, rel.buf, data.buf, data.len, "file", diags);
		ret = output_write(&b->out, rel.buf, data.buf, data.len, diags);
	}
	if (check_model(b, "making the search indexes", diags))
		ret = -1;
	strbuf_release(&rel);
	strbuf_release(&data);
	return ret;
}

/* The keys of the search indexes: share k of n of the languages. */
struct search_keys {
	struct build *b;
	unsigned char (*keys)[DIGEST_LEN];
	size_t k, n;
};

static void *search_keys_share(void *arg)
{
	struct search_keys *sk = arg;
	struct build *b = sk->b;
	struct strbuf rel = STRBUF_INIT;

	for (size_t l = sk->k; l < b->cfg.nlanguages; l += sk->n) {
		struct digest dg;
		if (!b->lang_built[l])
			continue; /* not made: no key needed */
		strbuf_reset(&rel);
		search_index_path(&rel, &b->site, l);
		digest_init(&dg);
		digest_add_str(&dg, rel.buf);
		digest_add(&dg, b->lang_keys[l], DIGEST_LEN);
		search_digest(&dg, &b->site, l);
		digest_final(&dg, sk->keys[l]);
	}
	strbuf_release(&rel);
	return NULL;
}

/* Per language, the index of the search page (search.h), kept while what it is made of is the same:
 * its items' front matter in that language, so an edited text, or a title in another language, leaves it
 * as it was. The keys read every item in every language: two threads share them (reading the model
 * only). The indexes to make are made by worker processes, a few languages each. */
static int stage_search(struct build *b, struct new_outputs *no)
{
	const struct config *cfg = &b->cfg;
	struct strbuf rel = STRBUF_INIT;
	struct search_job job = { .b = b, .make = arena_calloc(&b->arena, cfg->nlanguages, sizeof(bool)),
				  .check = arena_calloc(&b->arena, cfg->nlanguages, sizeof(bool)) };
	unsigned char (*keys)[DIGEST_LEN] = arena_alloc(&b->arena, cfg->nlanguages * DIGEST_LEN);
	struct search_keys shares[2] = { { .b = b, .keys = keys, .k = 0, .n = 2 },
					 { .b = b, .keys = keys, .k = 1, .n = 2 } };
	size_t made = 0, jobs = build_jobs(b);
	pthread_t other;
	bool threaded;
	int ret = 0;

	if (!cfg->nsearch)
		return 0;
	progress_stage(b->progress, "making search indexes", 0);
	threaded = jobs > 1 && cfg->nlanguages > 1 && !pthread_create(&other, NULL, search_keys_share, &shares[1]);
	if (!threaded)
		shares[0].n = 1;
	search_keys_share(&shares[0]);
	if (threaded)
		pthread_join(other, NULL);
	for (size_t l = 0; l < cfg->nlanguages; l++) {
		enum fate fate;
		if (!b->lang_built[l])
			continue;
		strbuf_reset(&rel);
		search_index_path(&rel, &b->site, l);
		add_output(no, &b->arena, rel.buf, keys[l]);
		fate = fate_of(b, rel.buf, keys[l]);
		job.make[l] = fate != FATE_KEEP;
		job.check[l] = fate == FATE_COMPARE;
		made += job.make[l];
	}
	if (jobs > made)
		jobs = made;
	if (made < 4) /* a fork costs more than an index or two */
		jobs = 1;
	if (made && (ret = workers_run(jobs, search_share, &job, b->diags, NULL)) && !diag_errors(b->diags))
		diag_error(b->diags, b->opts->out, 0, 0, "making the search indexes failed without a message");
	timing(b, "search");
	verbose(b, "jisite: %zu of %zu search indexes made\n", made, cfg->nlanguages);
	strbuf_release(&rel);
	return ret || diag_errors(b->diags) ? -1 : 0;
}

/* What the commit changed, for the report: the paths an incremental build wrote or removed; none after
 * a full build (or one whose list was too long to keep), which changed everything. */
static void take_changed(struct build_report *r, struct output *o)
{
	r->full = !o->incremental || !o->after.dev;
	if (r->full)
		return;
	r->changed = xcalloc(o->after.nchanged ? o->after.nchanged : 1, sizeof(*r->changed));
	for (size_t i = 0; i < o->after.nchanged; i++)
		r->changed[i] = xstrdup(o->after.changed[i]);
	r->nchanged = o->after.nchanged;
}

/* The pages a host shows for an address with nothing behind it: each language's <lang>/404.html and the
 * root's 404.html (render_not_found), made by every build, as the root's index.html is. Not in offline
 * copies, which are opened from disk. */
static void write_not_found(struct build *b, struct new_outputs *no)
{
	struct arena scratch = ARENA_INIT;
	struct strbuf page = STRBUF_INIT, rel = STRBUF_INIT;

	for (size_t l = 0; l <= b->cfg.nlanguages; l++) {
		size_t lang = l < b->cfg.nlanguages ? l : SIZE_MAX;
		if (lang != SIZE_MAX && !b->lang_built[lang])
			continue;
		strbuf_reset(&page);
		strbuf_reset(&rel);
		arena_release(&scratch);
		if (lang == SIZE_MAX)
			strbuf_addstr(&rel, "404.html");
		else
			strbuf_addf(&rel, "%s404.html", site_page(&b->site, 0, lang)->path);
		if (render_not_found(&page, &b->site, &b->theme, lang, &scratch, b->diags))
			continue; /* an error (reported), or a theme without the layout */
		if (b->write && !output_write(&b->out, rel.buf, page.buf, page.len, b->diags))
			add_output(no, &b->arena, rel.buf, no_key);
	}
	arena_release(&scratch);
	strbuf_release(&page);
	strbuf_release(&rel);
}

/* Markdown and pages into the output folder, by worker processes; with opts->write false, rendered and
 * dropped. The output replaces the old one (or, incrementally, takes what changed) only when nothing
 * failed. */
static int stage_render(struct build *b)
{
	struct arena scratch = ARENA_INIT;
	struct strbuf page = STRBUF_INIT, rel = STRBUF_INIT;
	struct new_outputs no = { 0 };
	struct strbuf *results;
	size_t jobs = build_jobs(b);
	int ret = -1;

	/* after an error, the pages are still rendered, for the problems only rendering finds (links,
	 * templates), but nothing is written */
	b->write = b->opts->write && !diag_errors(b->diags);
	plan(b);
	b->report->pages_rendered = b->ndirty;
	for (size_t i = 0; i < b->site.npages; i++) {
		const struct page *p = &b->site.pages[i];
		b->report->pages += b->lang_built[p->lang];
		/* the downloads pages are made after the downloads: anew by a full build, and by an
		 * incremental one only when a download changed, which it tells apart (downloads_made) */
		b->report->pages_rendered += b->lang_built[p->lang] && p->kind == PAGE_DOWNLOADS && !b->incremental;
	}
	if (b->write && (b->incremental ? output_begin_incremental(&b->out, b->opts->out, &b->cache.spare, b->diags)
					      : output_begin(&b->out, b->opts->out, b->diags)))
		goto cleanup;
	b->out.precompress = b->opts->precompress;
	b->out.ready_spare = b->opts->ready_spare;
	/* more workers than page groups would only fork idle processes, and a few pages are rendered
	 * sooner than a process is forked */
	if (jobs > b->site.ngroups)
		jobs = b->site.ngroups ? b->site.ngroups : 1;
	if (b->ndirty < 200 && !b->verify)
		jobs = 1;
	results = xcalloc(jobs, sizeof(*results));
	progress_stage(b->progress, "rendering pages", b->ndirty);
	open_body_sinks(b, jobs);
	if (workers_run(jobs, render_share, b, b->diags, results) && !diag_errors(b->diags))
		diag_error(b->diags, b->opts->write ? b->opts->out : ".", 0, 0, "rendering failed without a message");
	take_bodies(b);
	for (size_t k = 0; k < jobs; k++) {
		render_take_links(&b->site, b->links, &b->arena, results[k].buf, results[k].len);
		strbuf_release(&results[k]);
	}
	free(results);
	render_check_fragments(&b->site, &b->theme, b->links, b->diags);
	if (!render_root(&page, &b->site, &b->theme, &render_online, &scratch, b->diags) && b->write)
		output_write(&b->out, "index.html", page.buf, page.len, b->diags);
	write_not_found(b, &no);
	timing(b, "render");
	verbose(b, "jisite: %zu of %zu pages rendered%s\n", b->ndirty, b->report->pages,
		b->incremental ? "" : " (full build)");
	if (!b->write)
		ret = diag_errors(b->diags) ? -1 : 0;
	if (diag_errors(b->diags) || !b->write)
		goto cleanup;
	copy_files(b, &no);
	if (diag_errors(b->diags))
		goto cleanup;
	/* the keys of the pages just rendered, now that their links are known */
	compute_page_keys(b, true);
	for (size_t i = 0; i < b->site.npages; i++) {
		if (!b->lang_built[b->site.pages[i].lang])
			continue;
		page_rel(&rel, &b->site.pages[i]);
		add_output(&no, &b->arena, rel.buf, b->site.pages[i].kind == PAGE_DOWNLOADS ? no_key : b->page_keys[i]);
	}
	add_output(&no, &b->arena, "index.html", no_key);
	if (stage_feeds(b, &no) || stage_search(b, &no) || stage_bundles(b, &no))
		goto cleanup;
	if (b->incremental)
		remove_stale(b, &no);
	if (check_model(b, "writing", b->diags))
		goto cleanup;
	unlink(b->cache_path.buf); /* an output half updated must not be trusted */
	progress_stage(b->progress, "writing the output", 0);
	ret = output_commit(&b->out, b->diags);
	if (!ret) {
		save_cache(b, &no);
		take_changed(b->report, &b->out);
	}
	timing(b, "write");
cleanup:
	if (b->write)
		output_abort(&b->out);
	output_spare_release(&b->out.after);
	arena_release(&scratch);
	strbuf_release(&page);
	strbuf_release(&rel);
	free(no.items);
	return ret ? -1 : 0;
}

/* build --previous: the copies of the earlier releases, from their downloads/manifest.json. */
static int read_previous(struct build *b)
{
	for (size_t i = 0; i < b->opts->nprevious; i++) {
		struct copy_manifest *more;
		size_t n;
		if (update_previous_read(&more, &n, &b->arena, b->opts->previous[i], b->diags))
			return -1;
		if (!n)
			continue;
		XGROW(b->previous, b->previous_alloc, b->nprevious + n);
		memcpy(b->previous + b->nprevious, more, n * sizeof(*more));
		b->nprevious += n;
	}
	return 0;
}

static int compare_codes(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* build --lang: the set of languages built, whatever their order or repetitions, so that a build of some
 * languages and a build of all never take each other's cache (nor each other's output) for their own. */
static void add_langs(struct digest *dg, const struct build_options *opts)
{
	const char **codes = xcalloc(opts->nlangs + 1, sizeof(*codes));

	if (opts->nlangs)
		memcpy(codes, opts->langs, opts->nlangs * sizeof(*codes));
	qsort(codes, opts->nlangs, sizeof(*codes), compare_codes);
	for (size_t i = 0; i < opts->nlangs; i++)
		if (!i || strcmp(codes[i - 1], codes[i]))
			digest_add_str(dg, codes[i]);
	free(codes);
}

/* Reads the cache when it was written by this generator with these options, and tells whether it
 * describes the output folder as it is (then the build can be incremental). */
static void open_cache(struct build *b)
{
	struct strbuf versions = STRBUF_INIT;
	struct digest dg;
	struct stat st;

	locale_version(&versions);
	strbuf_addch(&versions, ' ');
	zipfile_version(&versions);
	cache_generator_id(versions.buf, b->generator);
	strbuf_release(&versions);
	digest_init(&dg);
	digest_add_u64(&dg, b->opts->precompress);
	digest_add_u64(&dg, b->opts->no_bundles);
	digest_add_u64(&dg, b->opts->members);
	digest_add_str(&dg, b->opts->out);
	/* pages, feeds, the sitemap and the downloads carry the address: a build for another one is a full one */
	digest_add_str(&dg, b->opts->base_url ? b->opts->base_url : "");
	add_langs(&dg, b->opts);
	digest_final(&dg, b->options);
	build_cache_path(&b->cache_path, b->opts->out, b->opts->members);
	if (!b->opts->write || b->opts->no_cache)
		return;
	switch (cache_load(&b->cache, b->cache_path.buf)) {
	case 0:
		break;
	case CACHE_DAMAGED:
		diag_warning(b->diags, b->cache_path.buf, 0, 0, "the build cache is damaged (its checksum does not "
			     "match): it is ignored, and this build is a full one");
		return;
	default:
		return;
	}
	b->use_cache = !memcmp(b->cache.generator, b->generator, DIGEST_LEN) &&
		       !memcmp(b->cache.options, b->options, DIGEST_LEN);
	b->incremental = b->use_cache && !stat(b->opts->out, &st) && S_ISDIR(st.st_mode) &&
			 (uint64_t)st.st_dev == b->cache.out_dev && (uint64_t)st.st_ino == b->cache.out_ino &&
			 (uint64_t)st.st_ctim.tv_sec == b->cache.out_ctime_sec &&
			 (uint64_t)st.st_ctim.tv_nsec == b->cache.out_ctime_nsec;
	if (!b->use_cache)
		cache_release(&b->cache);
}

/* The fingerprint of the inputs: site.yaml's stamp, the scanned files' paths and stamps, and every file
 * under themes/ and translations/. When it is the cached one (and the day is the same), nothing changed. */
static bool nothing_changed(struct build *b)
{
	struct source_stamp stamp;
	struct digest dg;
	char commit[GITINFO_ID_LEN + 1];

	digest_init(&dg);
	digest_add_u64(&dg, b->opts->drafts); /* the same files give another site with drafts */
	/* a new commit gives pages new dates, though no file changed */
	gitinfo_current(".", b->opts->rev, commit);
	digest_add_str(&dg, commit);
	/* other earlier releases (--previous) give other updates, though nothing of the site changed; the
	 * copies themselves are kept by their keys */
	for (size_t i = 0; i < b->nprevious; i++) {
		digest_add_str(&dg, b->previous[i].release);
		digest_add_str(&dg, b->previous[i].language);
		for (size_t k = 0; k < b->previous[i].nfiles; k++) {
			digest_add_str(&dg, b->previous[i].files[k].name);
			digest_add_str(&dg, b->previous[i].files[k].sha256);
		}
	}
	if (!b->src->stamp(b->src, "site.yaml", &stamp))
		digest_add(&dg, stamp.bytes, sizeof(stamp.bytes));
	for (size_t i = 0; i < b->scan.ndocs; i++) {
		digest_add_str(&dg, b->scan.docs[i].path);
		digest_add(&dg, b->scan.docs[i].stamp.bytes, sizeof(stamp.bytes));
	}
	for (size_t i = 0; i < b->scan.nfiles; i++) {
		digest_add_str(&dg, b->scan.files[i].path);
		digest_add(&dg, b->scan.files[i].stamp.bytes, sizeof(stamp.bytes));
	}
	if (cache_fingerprint_dir(b->src, "themes", &dg) | cache_fingerprint_dir(b->src, "translations", &dg)) {
		digest_final(&dg, b->inputs);
		memset(b->inputs, 0, DIGEST_LEN); /* unknown: the next build will not stop early */
		return false;
	}
	digest_final(&dg, b->inputs);
	/* an item held back until a moment now past is published by this build, though nothing changed */
	return b->incremental && !memcmp(b->cache.inputs, b->inputs, DIGEST_LEN) && !strcmp(b->cache.today, b->today) &&
	       b->now < b->cache.next_release;
}

static void day_of(char out[11], int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm) || !strftime(out, 11, "%Y-%m-%d", &tm))
		out[0] = '\0';
}

/* Every text's last change, from git (one walk of the history, cached), or outside a repository from its
 * modification time; and which translations are outdated (marked once the model knows the originals). */
static int stage_dates(struct build *b)
{
	int ret = b->opts->rev ? gitinfo_open_rev(&b->git, ".", "content/", b->opts->rev, GITINFO_CACHE_USER,
						  b->diags)
			       : gitinfo_open(&b->git, ".", "content/", GITINFO_CACHE_USER, b->diags);

	if (ret)
		return -1;
	if (b->git && gitinfo_shallow(b->git))
		diag_warning(b->diags, ".", 0, 0, "a shallow clone: pages older than its oldest commit show that "
				     "commit's date (git fetch --unshallow gives them their own)");
	for (size_t i = 0; i < b->scan.ndocs; i++) {
		struct doc *d = &b->scan.docs[i];
		const struct gitinfo_file *f = b->git ? gitinfo_find(b->git, d->path) : NULL;
		int64_t mtime;
		if (f)
			day_of(d->updated, f->last);
		else if (source_stamp_mtime(b->src, &d->stamp, &mtime)) /* the scan's, not another stat */
			day_of(d->updated, mtime);
	}
	return 0;
}

/* A translation is outdated when its original changed in a commit after the translation's last one. */
static void mark_outdated(struct build *b)
{
	for (size_t i = 0; b->git && i < b->site.nitems; i++) {
		const struct item *it = &b->site.items[i];
		for (size_t l = 0; it->original && l < b->cfg.nlanguages; l++) {
			struct doc *t = it->text[l];
			const struct gitinfo_change *changes;
			size_t n;
			if (t && t != it->original)
				t->outdated = gitinfo_outdated(b->git, it->original->path, t->path, &changes, &n) == 1;
		}
	}
}

/* What is published (publish.h): drafts and embargoes leave docs out of the model. check says what it
 * leaves out (a build, under -v), and every run warns about the placeholders of jisite new still in a
 * published text. Returns 0, or -1 after reporting a bad draft or publish_after. */
static int stage_publish(struct build *b)
{
	struct publish_options po = { .now = b->now, .drafts = b->opts->drafts, .members = b->opts->members };
	int ret = publish_decide(&b->scan, &po, &b->next_release, b->diags);

	if (!b->opts->write || b->opts->verbose)
		publish_notes(&b->scan, &po, b->diags);
	publish_placeholders(&b->scan, &b->cfg, b->diags);
	return ret;
}

/* The model, complete: pages, today, which translations are outdated, the theme that renders it, and the
 * body links the load stage knew. Nothing writes it afterwards (check_model). Returns 0 or -1. */
static int stage_model(struct build *b)
{
	if (site_build(&b->site, &b->arena, &b->scan, &b->cfg, &b->i18n, b->diags) |
	    theme_load(&b->theme, &b->arena, b->src, b->cfg.theme, b->diags))
		return -1;
	b->site.today = b->today;
	mark_outdated(b);
	if (render_check_layouts(&b->site, &b->theme, b->diags))
		return -1;
	b->links = render_links_from_load(&b->scan, &b->arena);
	if (b->check_model)
		site_digest(&b->site, b->model_digest);
	return 0;
}

static int run_stages(struct build *b)
{
	int scan_failed;

	open_cache(b);
	if (stage_config(b))
		return -1;
	timing(b, "config");
	scan_failed = scan_content(&b->scan, &b->arena, b->src, &b->cfg, b->diags);
	if (!scan_failed && nothing_changed(b)) {
		/* what this build reported so far, the last one reported too */
		diag_list_release(b->diags);
		diag_decode(b->diags, b->cache.warnings, b->cache.warnings_len);
		b->report->unchanged = true;
		timing(b, "scan: nothing changed");
		return 0;
	}
	timing(b, "scan");
	if (b->use_cache)
		locale_sort_keys_load(b->cache.sort_keys, b->cache.sort_keys_len);
	/* Every stage goes on past what it reported, leaving out what is broken (a file with a bad name, one
	 * whose front matter does not load, a bad draft or publish_after, an item with a schema error), so
	 * one run reports every problem; only a build without errors writes (stage_render). */
	frontmatter_load_all(&b->scan, &b->arena, b->src, FRONTMATTER_MAX_FILE, b->use_cache ? &b->cache : NULL,
			     build_jobs(b), b->diags);
	if (i18n_load(&b->i18n, &b->arena, b->src, &b->cfg, b->diags))
		return -1;
	if (stage_dates(b))
		return -1;
	stage_publish(b); /* a bad draft or publish_after leaves its doc out, reported */
	timing(b, "load");
	if (stage_model(b))
		return -1;
	timing(b, "model");
	return stage_render(b);
}

/* Whether the build may write its output folder (output_check_path); an output of an earlier version has
 * no marker, and passes when its build cache names it. Returns 0, or -1 after reporting why not. */
static int check_output(const struct build_options *opts, struct diag_list *diags)
{
	struct strbuf sb = STRBUF_INIT;
	bool ours;
	int ret;

	build_cache_path(&sb, opts->out, opts->members);
	ours = cache_names_folder(sb.buf, opts->out);
	strbuf_reset(&sb);
	ret = output_check_path(opts->out, ours, opts->force, &sb);
	if (ret)
		diag_error(diags, opts->out, 0, 0, "%s", sb.buf);
	strbuf_release(&sb);
	return ret;
}

void build_report_release(struct build_report *r)
{
	for (size_t i = 0; i < r->nchanged; i++)
		free(r->changed[i]);
	free(r->changed);
	free(r->summary);
	memset(r, 0, sizeof(*r));
}

int build_run(const struct build_options *opts, struct diag_list *diags, struct build_report *report)
{
	struct build b = { 0 };
	struct build_report own;
	struct review review = { 0 };
	struct timespec start;
	int ret;

	b.report = report ? report : &own;
	memset(b.report, 0, sizeof(*b.report));
	clock_gettime(CLOCK_MONOTONIC, &start);

	/* usage errors first, before anything is read or written */
	if (datetime_now(&b.now, diags))
		return BUILD_USAGE;
	datetime_day(b.today, b.now);
	if (opts->write && check_output(opts, diags))
		return BUILD_USAGE;
	b.opts = opts;
	b.diags = diags;
	arena_init(&b.arena);
	clock_gettime(CLOCK_MONOTONIC, &b.t0);
	/* a build of a commit keeps the output folder's cache, as any build: its stamps are blob ids, so only
	 * files with the same bytes pass for unchanged, whatever was built into the folder before */
	b.src = opts->rev ? source_git_new(".", opts->rev, diags) : source_fs_new(".");
	if (!b.src && opts->rev)
		return BUILD_USAGE;
	if (!b.src) {
		diag_error(diags, "", 0, 0, "cannot read the project folder: %s", strerror(errno));
		return -1;
	}
	strbuf_init(&b.cache_path, 0);
	b.verify = getenv("JISITE_VERIFY_CACHE") && *getenv("JISITE_VERIFY_CACHE");
	b.check_model = getenv("JISITE_CHECK_MODEL") && *getenv("JISITE_CHECK_MODEL");
	b.progress = progress_new(opts->progress);
	progress_stage(b.progress, "reading the site", 0);
	if (read_previous(&b)) {
		ret = -1;
	} else if (opts->base && (ret = review_diff(&review, ".", opts->base, diags))) {
		ret = ret == REVIEW_BAD_BASE ? BUILD_USAGE : -1;
	} else {
		ret = run_stages(&b);
		if (opts->base) {
			/* only what the change touched, and a summary for the reviewer */
			struct strbuf summary = STRBUF_INIT;
			review_filter(&review, b.site.pages ? &b.site : NULL, b.links, diags);
			ret = diag_errors(diags) ? -1 : 0;
			review_summary(&summary, &review, b.cfg.nlanguages ? &b.cfg : NULL, b.site.pages ? &b.site : NULL);
			b.report->summary = strbuf_detach(&summary, NULL);
		}
	}
	review_release(&review);
	if (b.usage_error)
		ret = BUILD_USAGE;
	if (!ret && diag_errors(diags))
		ret = -1;
	progress_free(b.progress); /* the line is cleared before anything else is printed */
	b.report->seconds = seconds_since(&start);
	if (!report)
		build_report_release(&own);
	theme_release(&b.theme);
	gitinfo_free(b.git);
	locale_release(); /* before the cache: its sort keys are borrowed from it */
	cache_release(&b.cache);
	render_bodies_release(&b.bodies);
	strbuf_release(&b.cache_path);
	source_free(b.src);
	free(b.previous);
	free(b.updates);
	arena_release(&b.arena);
	return ret;
}
