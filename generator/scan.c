/* The scan stage (see scan.h): content/ → the list of Markdown files and attachments, in sorted order. */
#include "scan.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/fs.h"
#include "util/str.h"
#include "util/suggest.h"
#include "util/xalloc.h"

struct scanner {
	struct scan *out;
	struct arena *a;
	struct source *src;
	const struct config *cfg;
	struct diag_list *diags;
	int failed;
	const struct source_stamp *stamp; /* the stamp of the entry being looked at */
	struct loop *loops; /* links that loop, reported at the end (report_loops) */
	size_t nloops, loops_alloc;
};

/* A symbolic link that leads back to a folder that holds it, as one walk reached it. */
struct loop {
	const char *path; /* "content/notes/x/up" */
	const char *name; /* "up" */
	size_t to_len;    /* path[0..to_len) is the folder it leads back to */
	struct source_stamp link; /* the link's own stamp: the same by every path */
};

static const char *join(struct arena *a, const char *dir, const char *name)
{
	size_t d = strlen(dir), n = strlen(name);
	char *p = arena_alloc(a, d + n + 2);

	memcpy(p, dir, d);
	p[d] = '/';
	memcpy(p + d + 1, name, n + 1);
	return p;
}

static void scan_error(struct scanner *s, const char *path, const char *fmt, const char *arg)
{
	diag_error(s->diags, path, 1, 1, fmt, arg);
	s->failed = 1;
}

/* A name whose language suffix (code, len bytes) is none of the site's; a typo of one is named. */
static void unknown_language(struct scanner *s, const char *path, const char *name, const char *code, size_t len)
{
	char word[SUGGEST_MAX_LEN + 1], hint[SUGGEST_MAX_LEN + 32] = "";
	struct suggest sg;

	snprintf(word, sizeof(word), "%.*s", len <= SUGGEST_MAX_LEN ? (int)len : 0, code);
	suggest_init(&sg, word);
	for (size_t i = 0; i < s->cfg->nlanguages; i++)
		suggest_add(&sg, s->cfg->languages[i].code);
	if (suggest_best(&sg)) /* the whole ending, as the name is to be written */
		snprintf(hint, sizeof(hint), " (did you mean '.%s.md'?)", suggest_best(&sg));
	diag_error(s->diags, path, 1, 1, "'%s' does not end in .md or in .LANG.md with a language of site.yaml%s",
		   name, hint);
	s->failed = 1;
}

/* "index.fr.md" with stem "index": sets *lang and *original. Returns 0, or -1 when the name is not
 * stem[.lang].md with a language of the site. */
static int split_md_name(struct scanner *s, const char *path, const char *name, size_t stem_len, size_t *lang,
			 bool *original)
{
	const char *rest = name + stem_len;
	size_t n = strlen(rest);
	int idx;

	if (!strcmp(rest, ".md")) {
		*lang = s->cfg->default_language;
		*original = true;
		return 0;
	}
	if (n < 5 || rest[0] != '.' || strcmp(rest + n - 3, ".md"))
		return -1;
	idx = config_language_index(s->cfg, rest + 1, n - 4);
	if (idx < 0) {
		unknown_language(s, path, name, rest + 1, n - 4);
		return -1;
	}
	*lang = (size_t)idx;
	*original = false;
	return 0;
}

static void add_doc(struct scanner *s, const char *path, const char *dir, enum doc_role role,
		    const struct config_collection *c, const char *slug, size_t lang, bool original)
{
	struct doc *d;

	ARENA_GROW(s->a, s->out->docs, s->out->docs_alloc, s->out->ndocs + 1);
	d = &s->out->docs[s->out->ndocs++];
	memset(d, 0, sizeof(*d));
	d->path = path;
	d->dir = dir;
	d->role = role;
	d->collection = c;
	d->slug = slug;
	d->chapter = "";
	d->lang = lang;
	d->original = original;
	d->stamp = *s->stamp;
}

/* Lists dir; reports a folder that cannot be read. Returns 0 or -1. */
static int list(struct scanner *s, const char *dir, struct source_entry **e, size_t *n)
{
	if (!s->src->list(s->src, dir, e, n))
		return 0;
	diag_error(s->diags, dir, 1, 1, "cannot read folder: %s", strerror(errno));
	s->failed = 1;
	return -1;
}

/* Files may be anything but must stay inside the project; only names that are safe in a URL are kept. */
static bool usable_entry(struct scanner *s, const char *path, const struct source_entry *e)
{
	if (e->name[0] == '.')
		return false;
	if (e->kind == SOURCE_OUTSIDE) {
		scan_error(s, path, "'%s' is a symbolic link that leads outside content/", e->name);
		return false;
	}
	if (e->kind == SOURCE_OTHER) {
		scan_error(s, path, "'%s' is neither a file nor a folder", e->name);
		return false;
	}
	if (e->kind == SOURCE_LOOP) {
		/* the walk does not go round it; report_loops says so once */
		ARENA_GROW(s->a, s->loops, s->loops_alloc, s->nloops + 1);
		/* the entry's name is freed with its listing: path ends with it */
		s->loops[s->nloops++] = (struct loop){
			.path = path, .name = path + strlen(path) - strlen(e->name), .to_len = e->loop_len,
			.link = e->stamp,
		};
		s->failed = 1;
		return false;
	}
	for (const char *p = e->name; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c <= ' ' || strchr("\"#%&'*:<>?\\^`{|}", c) || c == 0x7f) {
			scan_error(s, path, "'%s' has a character that does not belong in a file name of the site: "
					    "use letters, digits, '-', '_' and '.'", e->name);
			return false;
		}
	}
	return true;
}

/* Makes entry e of folder dir the one being looked at. Returns its path, or NULL when the scan skips it. */
static const char *look_at(struct scanner *s, const char *dir, const struct source_entry *e)
{
	const char *path = join(s->a, dir, e->name);

	s->stamp = &e->stamp;
	return usable_entry(s, path, e) ? path : NULL;
}

/* index.md, or index.LANG.md for split_md_name to check. */
static bool index_md(const char *name)
{
	return starts_with(name, "index.") && path_has_suffix(name, ".md");
}

static void add_file(struct scanner *s, const char *path, const char *out)
{
	ARENA_GROW(s->a, s->out->files, s->out->files_alloc, s->out->nfiles + 1);
	s->out->files[s->out->nfiles].path = path;
	s->out->files[s->out->nfiles].stamp = *s->stamp;
	s->out->files[s->out->nfiles++].out = out;
}

/* The files of a folder below the item's folder item_dir, and of the folders below it. */
static void scan_attachments(struct scanner *s, const char *item_dir, const char *dir, const char *out_dir)
{
	struct source_entry *e;
	size_t n;

	if (list(s, dir, &e, &n))
		return;
	for (size_t i = 0; i < n; i++) {
		const char *path = look_at(s, dir, &e[i]);
		if (!path)
			continue;
		if (e[i].kind == SOURCE_DIR) {
			scan_attachments(s, item_dir, path, join(s->a, out_dir, e[i].name));
		} else if (path_has_suffix(e[i].name, ".md")) {
			/* copied as it is, it would be published as raw Markdown and links to it would lead there:
			 * whoever wrote it meant a page, and an item's pages are its chapters */
			diag_error(s->diags, path, 1, 1, "Markdown in a folder below an item is not a page: move '%s' "
				   "beside %s/index.md, as a chapter of the item", e[i].name, item_dir);
			s->failed = 1;
		} else {
			add_file(s, path, join(s->a, out_dir, e[i].name));
		}
	}
	source_entries_free(e, n);
}

/* "scope.fr.md" beside an item's index.md: a chapter of the item. */
static void add_chapter(struct scanner *s, const struct config_collection *c, const char *path, const char *dir,
			const char *slug, const char *name)
{
	size_t stem = strcspn(name, "."), lang;
	bool original;
	const char *chapter = arena_memdup0(s->a, name, stem);

	if (!config_valid_slug(chapter, stem)) {
		scan_error(s, path, "chapter name '%s' is not a valid slug: use lowercase letters, digits and hyphens",
			   chapter);
		return;
	}
	if (!strcmp(chapter, "page") || !strcmp(chapter, "print")) {
		scan_error(s, path, "'%s' is reserved and cannot name a chapter", chapter);
		return;
	}
	if (split_md_name(s, path, name, stem, &lang, &original))
		return;
	add_doc(s, path, dir, DOC_CHAPTER, c, slug, lang, original);
	s->out->docs[s->out->ndocs - 1].chapter = chapter;
}

/* A folder listed ahead of time, maybe by another thread. */
struct listing {
	const char *dir;
	struct source_entry *e;
	size_t n;
	int err; /* errno when listing failed, otherwise 0 */
};

struct list_share {
	struct source *src;
	struct listing *l;
	size_t n, k, step;
};

static void *list_share(void *arg)
{
	struct list_share *sh = arg;

	for (size_t i = sh->k; i < sh->n; i += sh->step) {
		struct listing *l = &sh->l[i];
		l->err = sh->src->list(sh->src, l->dir, &l->e, &l->n) ? (errno ? errno : EIO) : 0;
	}
	return NULL;
}

/* The length of name without its extension when that is another of Markdown's than ".md" (README.markdown,
 * notes.MD), or 0. */
static size_t markdown_stem(const char *name)
{
	static const char *const ext[] = { ".markdown", ".mdown", ".mkdn", ".mkd", ".mdwn", ".MD", ".Md", ".mD" };

	for (size_t i = 0; i < sizeof(ext) / sizeof(*ext); i++)
		if (path_has_suffix(name, ext[i]) && strlen(name) > strlen(ext[i]))
			return strlen(name) - strlen(ext[i]);
	return 0;
}

/* A file at the top of content/, or of collection c's folder, that is not named '.md': pages and items are
 * '.md' files, and the files they show live in an item's folder. Says which it looks meant to be. */
static void not_md(struct scanner *s, const char *path, const char *name, const struct config_collection *c)
{
	size_t stem = markdown_stem(name);

	if (stem && !c)
		diag_error(s->diags, path, 1, 1, "'%s' is Markdown but not a page: a page's file ends in '.md', "
			   "rename it '%.*s.md'", name, (int)stem, name);
	else if (stem)
		diag_error(s->diags, path, 1, 1, "'%s' is Markdown but not an item: an item is a folder, move it "
			   "into a folder of its own, as content/%s/%.*s/index.md", name, c->name, (int)stem, name);
	else if (!c)
		diag_error(s->diags, path, 1, 1, "'%s' is not Markdown, so not a page: pages are Markdown files "
			   "('.md'), and a file that a page shows (an image, a PDF) belongs in the folder of the item "
			   "that uses it", name);
	else
		diag_error(s->diags, path, 1, 1, "'%s' is not Markdown, so not an item: a file that an item shows "
			   "(an image, a PDF) belongs in that item's folder, beside its index.md", name);
	s->failed = 1;
}

/* Lists the folders of l, on up to LIST_THREADS threads: a collection holds thousands of item folders,
 * and looking at each file of each (the stamps) is most of a build that finds nothing changed. */
#define LIST_THREADS 4
static void list_all(struct source *src, struct listing *l, size_t n)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t threads = cpus < 1 ? 1 : cpus > LIST_THREADS ? LIST_THREADS : (size_t)cpus;
	struct list_share shares[LIST_THREADS];
	pthread_t ids[LIST_THREADS];
	size_t started = 1;

	if (n < 64)
		threads = 1;
	for (size_t k = 0; k < threads; k++)
		shares[k] = (struct list_share){ .src = src, .l = l, .n = n, .k = k, .step = threads };
	for (size_t k = 1; k < threads; k++, started++)
		if (pthread_create(&ids[k], NULL, list_share, &shares[k]))
			break;
	/* this thread takes share 0, and the shares of threads that could not start */
	list_share(&shares[0]);
	for (size_t k = started; k < threads; k++)
		list_share(&shares[k]);
	for (size_t k = 1; k < started; k++)
		pthread_join(ids[k], NULL);
}

static void scan_item(struct scanner *s, const struct config_collection *c, const char *slug, struct listing *l)
{
	struct source_entry *e = l->e;
	const char *dir = l->dir;
	const char *out_dir = join(s->a, c->name, slug);
	bool has_original = false;
	size_t n = l->n;

	if (l->err) {
		diag_error(s->diags, dir, 1, 1, "cannot read folder: %s", strerror(l->err));
		s->failed = 1;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const char *path = look_at(s, dir, &e[i]);

		if (!path)
			continue;
		if (e[i].kind == SOURCE_FILE && index_md(e[i].name)) {
			size_t lang;
			bool original;
			if (split_md_name(s, path, e[i].name, strlen("index"), &lang, &original))
				continue;
			add_doc(s, path, dir, DOC_ITEM, c, slug, lang, original);
			has_original |= original;
		} else if (e[i].kind == SOURCE_FILE && path_has_suffix(e[i].name, ".md")) {
			add_chapter(s, c, path, dir, slug, e[i].name);
		} else if (e[i].kind == SOURCE_DIR) {
			scan_attachments(s, dir, path, join(s->a, out_dir, e[i].name));
		} else {
			add_file(s, path, join(s->a, out_dir, e[i].name));
		}
	}
	source_entries_free(e, n);
	if (!has_original)
		scan_error(s, dir, "item '%s' has no index.md: the original text of an item is its index.md", slug);
}

static void scan_collection(struct scanner *s, const struct config_collection *c, const char *dir)
{
	struct source_entry *e;
	struct listing *items;
	size_t n, nitems = 0, files = 0;

	if (list(s, dir, &e, &n))
		return;
	items = xcalloc(n ? n : 1, sizeof(*items));
	for (size_t i = 0; i < n; i++)
		if (e[i].kind == SOURCE_DIR && e[i].name[0] != '.' && config_valid_slug(e[i].name, strlen(e[i].name)))
			items[nitems++].dir = join(s->a, dir, e[i].name);
	list_all(s->src, items, nitems);
	/* room for every file of the item folders at once: grown one doc at a time, the array of docs (a few
	 * hundred bytes each) was copied over and over, a site of thirty thousand texts taking some
	 * twenty megabytes of memory for it */
	for (size_t i = 0; i < nitems; i++)
		files += items[i].n;
	ARENA_GROW(s->a, s->out->docs, s->out->docs_alloc, s->out->ndocs + files);
	nitems = 0;
	for (size_t i = 0; i < n; i++) {
		const char *path = look_at(s, dir, &e[i]);

		if (!path)
			continue;
		if (e[i].kind == SOURCE_DIR) {
			if (!config_valid_slug(e[i].name, strlen(e[i].name)))
				scan_error(s, path, "folder name '%s' is not a valid slug: use lowercase letters, digits "
						    "and hyphens", e[i].name);
			else
				scan_item(s, c, arena_memdup0(s->a, e[i].name, strlen(e[i].name)), &items[nitems++]);
		} else if (index_md(e[i].name)) {
			size_t lang;
			bool original;
			if (!split_md_name(s, path, e[i].name, strlen("index"), &lang, &original))
				add_doc(s, path, dir, DOC_INTRO, c, "", lang, original);
		} else if (path_has_suffix(e[i].name, ".md")) {
			scan_error(s, path, "an item is a folder: move '%s' into a folder of its own, as index.md",
				   e[i].name);
		} else {
			not_md(s, path, e[i].name, c);
		}
	}
	source_entries_free(e, n);
	free(items);
}

/* A top-level Markdown file: the home page or a plain page. */
static void scan_page(struct scanner *s, const char *path, const char *name)
{
	const char *dot = strchr(name, '.');
	size_t stem = dot ? (size_t)(dot - name) : strlen(name), lang;
	bool original;
	const char *slug;

	if (!path_has_suffix(name, ".md")) {
		not_md(s, path, name, NULL);
		return;
	}
	if (split_md_name(s, path, name, stem, &lang, &original))
		return;
	slug = arena_memdup0(s->a, name, stem);
	if (!strcmp(slug, "index")) {
		add_doc(s, path, "content", DOC_HOME, NULL, "", lang, original);
		return;
	}
	if (!config_valid_slug(slug, stem)) {
		scan_error(s, path, "page name '%s' is not a valid slug: use lowercase letters, digits and hyphens",
			   slug);
		return;
	}
	for (size_t i = 0; i < s->cfg->ntaxonomies; i++)
		if (!strcmp(slug, s->cfg->taxonomies[i].name))
			scan_error(s, path, "page '%s' would have the address of the taxonomy of that name", slug);
	/* a top-level folder of content/ that is not a collection is reported by the scan of folders */
	if (config_find_collection(s->cfg, slug))
		scan_error(s, path, "page '%s' would have the address of the collection of that name", slug);
	if (!strcmp(slug, "assets") || !strcmp(slug, "downloads") || !strcmp(slug, "submit") ||
	    (s->cfg->nsearch && !strcmp(slug, "search")) || config_language_index(s->cfg, slug, stem) >= 0)
		scan_error(s, path, "'%s' is reserved and cannot name a page", slug);
	else
		add_doc(s, path, "content", DOC_PAGE, NULL, slug, lang, original);
}

/* A top-level folder that is no collection of site.yaml; a typo of one is named. */
static void unknown_collection(struct scanner *s, const char *path, const char *name)
{
	struct suggest sg;

	suggest_init(&sg, name);
	for (size_t i = 0; i < s->cfg->ncollections; i++)
		suggest_add(&sg, s->cfg->collections[i].name);
	diag_error(s->diags, path, 1, 1, "folder '%s' is not a collection%s: declare it under 'collections' in site.yaml",
		   name, suggest_hint(&sg));
	s->failed = 1;
}

static int loop_cmp(const void *va, const void *vb)
{
	const struct loop *a = va, *b = vb;
	size_t alen = strlen(a->path), blen = strlen(b->path);
	int c = memcmp(a->link.bytes, b->link.bytes, sizeof(a->link.bytes));

	if (!c)
		c = alen < blen ? -1 : alen > blen;
	return c ? c : strcmp(a->path, b->path);
}

/* One error per link that loops: a folder that holds it may also be reached through other links (a/x ->
 * ../b), and the walk then meets the link again by a longer path. The shortest path is the one reported:
 * the fewest links to follow to see where the link is. */
static void report_loops(struct scanner *s)
{
	if (s->nloops > 1)
		qsort(s->loops, s->nloops, sizeof(*s->loops), loop_cmp);
	for (size_t i = 0; i < s->nloops; i++) {
		const struct loop *l = &s->loops[i];
		if (i && !memcmp(l->link.bytes, l[-1].link.bytes, sizeof(l->link.bytes)))
			continue;
		diag_error(s->diags, l->path, 1, 1, "'%s' is a symbolic link that loops back to '%.*s', a folder "
			   "that holds it", l->name, (int)l->to_len, l->path);
	}
}

int scan_content(struct scan *out, struct arena *a, struct source *src, const struct config *cfg,
		 struct diag_list *diags)
{
	struct scanner s = { .out = out, .a = a, .src = src, .cfg = cfg, .diags = diags };
	struct source_entry *e;
	size_t n;

	memset(out, 0, sizeof(*out));
	if (list(&s, "content", &e, &n))
		return -1;
	for (size_t i = 0; i < n; i++) {
		const char *path = look_at(&s, "content", &e[i]);
		const struct config_collection *c;

		if (!path)
			continue;
		if (e[i].kind == SOURCE_FILE) {
			scan_page(&s, path, e[i].name);
			continue;
		}
		c = config_find_collection(cfg, e[i].name);
		if (c)
			scan_collection(&s, c, path);
		else
			unknown_collection(&s, path, e[i].name);
	}
	source_entries_free(e, n);
	report_loops(&s);
	return s.failed ? -1 : 0;
}
