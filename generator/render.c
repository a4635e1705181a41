/* The render stage (see render.h): Markdown bodies, then page contexts through the theme's layouts. */
#include "render.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "digest.h"
#include "feed.h"
#include "ical.h"
#include "locale.h"
#include "markdown.h"
#include "publish.h"
#include "scaffold.h"
#include "search.h"
#include "url.h"
#include "util/datetime.h"
#include "util/fs.h"
#include "util/str.h"
#include "util/suggest.h"
#include "util/xalloc.h"

/* ---- Markdown ---- */

struct link_ctx {
	const struct site *s;
	const struct doc *doc;
	const char *from; /* the page's directory, under a stand-in language: links are the same in all */
	struct diag_list *diags;
	struct strbuf *record; /* every link as "<kind><url>\0", for the build cache (may be NULL) */
	const struct render_scope *scope;
	size_t files; /* links and images to other files: what an offline copy writes otherwise */
};

const struct render_scope render_online = { RENDER_ONLINE, 0, NULL, NULL };

/* The item whose copy or book it is: an item with chapters for itself and its chapters. */
static const struct item *book_of(const struct item *it)
{
	return it && it->parent ? it->parent : it;
}

bool render_in_scope(const struct site *s, const struct render_scope *scope, const struct page *p)
{
	(void)s;
	if (scope->mode == RENDER_ONLINE)
		return true;
	if (p->lang != scope->lang || p->kind == PAGE_DOWNLOADS || p->kind == PAGE_SUBMIT)
		return false; /* pages about the files and the repository online: not in a copy */
	return !scope->product || (p->item && book_of(p->item) == scope->product);
}

/* Whether an attachment is part of a copy: all of them in a language's, a product's own in a product's. */
static bool file_in_scope(const struct render_scope *scope, const struct attachment *file)
{
	const struct item *book = scope->product;
	size_t len;

	if (scope->mode == RENDER_ONLINE || (scope->mode == RENDER_OFFLINE && !book))
		return true;
	if (scope->mode == RENDER_EPUB)
		return false; /* an e-book holds its text only */
	len = strlen(book->dir);
	return !strncmp(file->out, book->dir, len);
}

#define ANY_LANG "xx/"

/* "content/notes", "content/notes/index.md", "content/notes/index.fr.md": the listing of a collection,
 * which exists whether or not it has an introduction. */
static const struct config_collection *collection_of(const struct site *s, const char *path)
{
	const char *rest = path + strlen("content/"), *slash = strchr(rest, '/');
	char name[256];
	size_t n = slash ? (size_t)(slash - rest) : strlen(rest);

	if (n >= sizeof(name))
		return NULL;
	if (slash) {
		const char *file = slash + 1;
		size_t len = strlen(file);
		if (!starts_with(file, "index.") || len < 8 || strcmp(file + len - 3, ".md") || strchr(file, '/'))
			return NULL;
		if (len > 8 && (len < 10 || config_language_index(s->cfg, file + 6, len - 9) < 0))
			return NULL;
	}
	memcpy(name, rest, n);
	name[n] = '\0';
	return config_find_collection(s->cfg, name);
}

/* Where a link to group leads in the scope's output, into out; MARKDOWN_UNLINK when it is not there. */
static int link_to_page(struct link_ctx *c, size_t group, const char *rest, struct strbuf *out)
{
	const struct render_scope *scope = c->scope;
	struct strbuf target = STRBUF_INIT;
	const struct page *p;

	if (scope->mode == RENDER_ONLINE) {
		strbuf_addf(&target, ANY_LANG "%s", site_page(c->s, group, 0)->dir);
		url_relative(out, c->from, target.buf, false);
		strbuf_addstr(out, rest);
		strbuf_release(&target);
		return 0;
	}
	p = site_page(c->s, group, scope->lang);
	if (!render_in_scope(c->s, scope, p))
		return MARKDOWN_UNLINK;
	if (scope->mode == RENDER_EPUB) {
		/* the book's introduction and chapters are the e-book's files */
		strbuf_addf(out, "%s.xhtml%s", p->item->parent ? p->item->chapter : "index", rest);
		return 0;
	}
	strbuf_addf(&target, ANY_LANG "%s", p->dir);
	url_relative(out, c->from, target.buf, true);
	strbuf_addstr(out, rest);
	strbuf_release(&target);
	return 0;
}

/* Whether an item (a page, a chapter) is for members only: in the members' build, where it is there. */
static bool for_members(const struct item *it)
{
	return it->original && it->original->members;
}

/* A public text's link to path, a text (or, file, an attachment of one) or a collection for members only:
 * an error in either build, so that the members' build reports what the public one would. */
static int link_to_members(struct link_ctx *c, const struct markdown_link *link, const char *path, bool file)
{
	diag_error(c->diags, c->doc->path, link->line, link->col, "%s '%s' points to %s%s, which is for members only "
		   "(audience: members): a public page may not link to it",
		   link->kind == MARKDOWN_IMAGE ? "image" : "link", link->url, file ? "a file of " : "", path);
	return -1;
}

/* The published text whose folder holds attachment f (in one of its item's folders), or NULL. */
static const struct doc *file_owner(const struct site *s, const struct attachment *f)
{
	const struct item *it;
	const struct doc *left_out;

	site_file_owner(s, f, &it, &left_out);
	return it ? it->original : NULL;
}

/* A link to a doc left out of the site, or (file) to an attachment in its folder: one that reported errors
 * is not linked, and not reported again; a link to a draft or to a text held back would lead nowhere once
 * published. */
static int link_to_omitted(struct link_ctx *c, const struct markdown_link *link, const struct doc *d, bool file)
{
	const char *what = link->kind == MARKDOWN_IMAGE ? "image" : "link";
	const char *whose = file ? "a file of " : "";
	struct strbuf when = STRBUF_INIT;
	int64_t t;

	switch (d->omitted) {
	case DOC_DRAFT:
		diag_error(c->diags, c->doc->path, link->line, link->col, "%s '%s' points to %s%s, a draft (draft: true) "
			   "that is not published", what, link->url, whose, d->path);
		return -1;
	case DOC_HELD:
		if ((t = publish_held_until(c->s, d)) != INT64_MIN)
			datetime_format(&when, t, DATETIME_MINUTE);
		diag_error(c->diags, c->doc->path, link->line, link->col, "%s '%s' points to %s%s, which is held back "
			   "%s%s (publish_after)", what, link->url, whose, d->path,
			   when.len ? "until " : "for now", when.buf);
		strbuf_release(&when);
		return -1;
	case DOC_MEMBERS:
		return link_to_members(c, link, d->path, file);
	default:
		return MARKDOWN_UNLINK;
	}
}

/*
 * A site-absolute link ("/resources/x/", "/fr/news/y/", "/ji/en/" under a base URL's path), as editors
 * copy them from the address bar: the path without the base URL's path and a language's code, into rest
 * ("resources/x/", "" for the home page). The page is then the one in the language of the text that links.
 */
static void site_absolute_rest(const struct site *s, const char *url, struct strbuf *rest)
{
	const char *base = strstr(s->cfg->base_url, "://"), *p = url;

	base = base ? strchr(base + 3, '/') : NULL;
	if (base && strcmp(base, "/") && starts_with(p, base))
		p += strlen(base) - 1; /* keep the '/' that ends base */
	while (*p == '/')
		p++;
	for (size_t l = 0; l < s->cfg->nlanguages; l++) {
		size_t n = strlen(s->cfg->languages[l].code);
		if (!strncmp(p, s->cfg->languages[l].code, n) && (p[n] == '/' || !p[n])) {
			p += n;
			break;
		}
	}
	while (*p == '/')
		p++;
	strbuf_addstr(rest, p);
	if (path_has_suffix(rest->buf, "index.html"))
		strbuf_setlen(rest, rest->len - strlen("index.html"));
	if (rest->len && rest->buf[rest->len - 1] != '/')
		strbuf_addch(rest, '/');
}

/* The page group whose folder is dir ("topics/x/": pages no content file stands for), or SIZE_MAX. */
static size_t group_by_dir(const struct site *s, const char *dir)
{
	for (size_t g = 0; g < s->ngroups; g++)
		if (!strcmp(site_page(s, g, 0)->dir, dir))
			return g;
	return SIZE_MAX;
}

/* The error for a site-absolute link to no page: with the page whose path is closest, if one is close. */
static void no_such_page(struct link_ctx *c, const struct markdown_link *link, const char *rest)
{
	struct strbuf hint = STRBUF_INIT;
	struct suggest sg;

	suggest_init(&sg, rest);
	for (size_t g = 0; g < c->s->ngroups; g++)
		suggest_add(&sg, site_page(c->s, g, 0)->dir);
	if (suggest_best(&sg))
		strbuf_addf(&hint, " (did you mean '/%s'?)", suggest_best(&sg));
	diag_error(c->diags, c->doc->path, link->line, link->col, "%s '%s' names no page of the site%s",
		   link->kind == MARKDOWN_IMAGE ? "image" : "link", link->url, hint.buf);
	strbuf_release(&hint);
}

/* Records a link with a fragment ("#scope", "../x/#scope") and where it is, for render_check_fragments. */
static void record_fragment(struct link_ctx *c, const struct markdown_link *link)
{
	if (!c->record)
		return;
	strbuf_addf(c->record, "F%u:%u:", link->line, link->col);
	strbuf_add(c->record, link->url, strlen(link->url) + 1);
}

/* Where a link to a file of the site leads: path is the file in content/ ("content/resources/x/a.pdf"),
 * rel the link without its query and fragment. */
static int link_to_path(struct link_ctx *c, const struct markdown_link *link, const char *path, const char *rel,
			struct strbuf *out)
{
	size_t cut = strlen(rel);
	const struct config_collection *col;
	const struct attachment *file;
	const struct item *it;
	const struct doc *left_out = NULL;
	struct strbuf rest = STRBUF_INIT;
	size_t group;
	int ret = 0;

	if ((it = site_find_item(c->s, path))) {
		if (for_members(it) && !c->doc->members) /* the members' build */
			ret = link_to_members(c, link, it->original->path, false);
		else
			ret = link_to_page(c, it->group, link->url + cut, out);
	} else if ((col = collection_of(c->s, path))) {
		if (col->members && !c->doc->members)
			ret = link_to_members(c, link, path, false);
		else
			ret = link_to_page(c, c->s->collection_groups[col - c->s->cfg->collections], link->url + cut,
					   out);
	} else if ((file = site_find_file(c->s, path)) && !(left_out = publish_file_omitted(c->s, file))) {
		const struct doc *owner = c->doc->members ? NULL : file_owner(c->s, file);
		if (owner && owner->members) {
			ret = link_to_members(c, link, owner->path, true);
		} else if (!file_in_scope(c->scope, file)) {
			ret = MARKDOWN_UNLINK;
		} else {
			url_relative(out, c->from, file->out, false);
			strbuf_addstr(out, link->url + cut);
		}
	} else if (left_out || (left_out = site_find_omitted(c->s, path))) {
		ret = link_to_omitted(c, link, left_out, file != NULL);
	} else if (rel[0] == '/') {
		/* pages no file stands for (a taxonomy's, the search page), or none */
		site_absolute_rest(c->s, rel, &rest);
		if ((group = group_by_dir(c->s, rest.buf)) != SIZE_MAX) {
			ret = link_to_page(c, group, link->url + cut, out);
		} else {
			no_such_page(c, link, rest.buf);
			ret = -1;
		}
	} else {
		diag_error(c->diags, c->doc->path, link->line, link->col, "%s '%s' points to %s that does not exist",
			   link->kind == MARKDOWN_IMAGE ? "image" : "link", link->url,
			   path_has_suffix(path, ".md") ? "a page" : "a file");
		ret = -1;
	}
	strbuf_release(&rest);
	return ret;
}

/* The file in content/ that a site-absolute link names, into path: "/fr/resources/x/" is
 * "content/resources/x", "/resources/x/a.pdf" "content/resources/x/a.pdf", "/p/chapter/" the chapter's
 * "content/p/chapter.md" when there is one. -1 when it leaves content/. */
static int site_absolute_path(const struct site *s, const char *rel, struct strbuf *path)
{
	struct strbuf rest = STRBUF_INIT;
	int ret;

	site_absolute_rest(s, rel, &rest);
	ret = path_resolve(path, "content", rest.buf);
	if (!ret && !strcmp(path->buf, "content"))
		strbuf_addch(path, '/'); /* the home page: no file of content/ is it */
	else if (!ret && !site_find_item(s, path->buf)) {
		size_t len = path->len;
		strbuf_addstr(path, ".md"); /* a chapter's page */
		if (!site_find_item(s, path->buf))
			strbuf_setlen(path, len);
	}
	strbuf_release(&rest);
	return ret;
}

int render_link_path(const struct site *s, const char *dir, const char *rel, struct strbuf *path)
{
	if (rel[0] == '/' ? site_absolute_path(s, rel, path) : path_resolve(path, dir, rel))
		return -1;
	return starts_with(path->buf, "content/") ? 0 : -1;
}

static int resolve_link(void *vctx, const struct markdown_link *link, struct strbuf *out)
{
	struct link_ctx *c = vctx;
	struct strbuf path = STRBUF_INIT;
	size_t cut = strcspn(link->url, "?#");
	char *rel = xmemdup0(link->url, cut);
	int ret;

	if (strchr(link->url, '#'))
		record_fragment(c, link);
	if (link->url[0] == '#') {
		free(rel);
		return 0; /* a place on this page */
	}
	c->files++;
	if (c->record) {
		strbuf_addch(c->record, link->kind == MARKDOWN_IMAGE ? 'I' : 'L');
		strbuf_add(c->record, link->url, strlen(link->url) + 1);
	}
	if (render_link_path(c->s, c->doc->dir, rel, &path)) {
		diag_error(c->diags, c->doc->path, link->line, link->col, "%s '%s' leads outside content/",
			   link->kind == MARKDOWN_IMAGE ? "image" : "link", link->url);
		ret = -1;
	} else {
		ret = link_to_path(c, link, path.buf, rel, out);
	}
	free(rel);
	strbuf_release(&path);
	return ret;
}

void render_texts_init(struct render_texts *t, const struct scan *scan)
{
	t->ndocs = scan->ndocs;
	t->docs = xcalloc(t->ndocs ? t->ndocs : 1, sizeof(*t->docs));
	t->reported = xcalloc(t->ndocs ? t->ndocs : 1, sizeof(*t->reported));
	arena_init(&t->arena);
}

void render_texts_forget(struct render_texts *t)
{
	memset(t->docs, 0, (t->ndocs ? t->ndocs : 1) * sizeof(*t->docs));
	arena_release(&t->arena);
}

void render_texts_release(struct render_texts *t)
{
	free(t->docs);
	free(t->reported);
	t->docs = NULL;
	t->reported = NULL;
	t->ndocs = 0;
	arena_release(&t->arena);
}

struct render_links *render_links_from_load(const struct scan *scan, struct arena *a)
{
	struct render_links *links = arena_calloc(a, scan->ndocs ? scan->ndocs : 1, sizeof(*links));

	for (size_t i = 0; i < scan->ndocs; i++) {
		links[i].data = scan->docs[i].links;
		links[i].len = scan->docs[i].links_len;
		links[i].known = scan->docs[i].links_known;
	}
	return links;
}

/* The index of doc d in the scan: the row of the render stage's tables. */
static size_t doc_index(const struct site *s, const struct doc *d)
{
	return (size_t)(d - s->scan->docs);
}

/* Where the paragraph `jisite new` wrote begins in body[0..len), or NULL: memchr finds each candidate,
 * as every body is looked at on the render's hot path. */
static const char *find_body_placeholder(const char *body, size_t len)
{
	size_t mark = strlen(SCAFFOLD_BODY_MARK);
	const char *last = len >= mark ? body + len - mark : NULL; /* the last place it may begin */

	for (const char *p = body; last && p <= last; p++) {
		if (!(p = memchr(p, SCAFFOLD_BODY_MARK[0], (size_t)(last - p) + 1)))
			return NULL;
		if (!memcmp(p, SCAFFOLD_BODY_MARK, mark))
			return p;
	}
	return NULL;
}

/* The body of a published text that still holds the paragraph `jisite new` wrote (a draft may). */
static void warn_body_placeholder(const struct doc *d, const char *body, size_t len, struct diag_list *diags)
{
	const struct value *draft = value_map_get(d->meta, "draft");
	const char *at = find_body_placeholder(body, len);
	unsigned line = d->body_line + 1, col = 1;

	if (!at || (draft && draft->kind == VALUE_BOOL && draft->u.b))
		return;
	for (const char *p = body; p < at; p++) {
		if (*p == '\n') {
			line++;
			col = 1;
		} else if (((unsigned char)*p & 0xC0) != 0x80) {
			col++; /* columns count characters */
		}
	}
	diag_warning(diags, d->path, line, col, "the text still holds the paragraph written by jisite new: replace it "
		     "with the text");
}

/* Records every id the body's HTML has ("A<id>\0"): what links with a fragment may name. The HTML is
 * markdown_render's, whose text never holds a raw '"', so ` id="` starts an attribute. */
static void record_ids(struct strbuf *record, const char *html, size_t len)
{
	static const char attr[] = " id=\"";
	const char *p = html, *end = html + len;

	while ((p = memchr(p, ' ', (size_t)(end - p)))) {
		const char *id = p + sizeof(attr) - 1, *close;
		if ((size_t)(end - p) < sizeof(attr) || memcmp(p, attr, sizeof(attr) - 1)) {
			p++;
			continue;
		}
		if (!(close = memchr(id, '"', (size_t)(end - id))))
			break;
		strbuf_addch(record, 'A');
		strbuf_add(record, id, (size_t)(close - id));
		strbuf_addch(record, '\0');
		p = close;
	}
}

static bool in_share(const struct render_share *share, size_t group)
{
	return group % share->nshards == share->shard && group >= share->lo && group < share->hi;
}

static void body_sink_put(struct render_body_sink *sink, size_t index, const char *html, size_t len)
{
	struct iovec v[3] = { { &index, sizeof(index) }, { &len, sizeof(len) }, { (void *)html, len } };

	/* a short write leaves a record the reader stops at: none may follow it */
	if (!sink->broken && writev(sink->fd, v, 3) != (ssize_t)(2 * sizeof(size_t) + len))
		sink->broken = true;
}

void render_bodies_take(struct render_bodies *b, const struct scan *scan, const struct render_body_sink *sinks,
			size_t n)
{
	*b = (struct render_bodies){ .ndocs = scan->ndocs };
	b->docs = xcalloc(scan->ndocs ? scan->ndocs : 1, sizeof(*b->docs));
	b->fds = xcalloc(n ? n : 1, sizeof(*b->fds));
	for (size_t k = 0; k < n; k++) {
		struct stat st;
		off_t at = 0;
		if (sinks[k].fd < 0)
			continue;
		b->fds[b->nfds++] = sinks[k].fd;
		if (fstat(sinks[k].fd, &st))
			continue;
		/* only the records' heads are read: the bodies stay in the page cache until a copy reads them */
		while (st.st_size - at >= (off_t)(2 * sizeof(size_t))) {
			size_t head[2];
			if (pread(sinks[k].fd, head, sizeof(head), at) != (ssize_t)sizeof(head))
				break;
			at += (off_t)sizeof(head);
			if (head[0] >= scan->ndocs || head[1] > (size_t)(st.st_size - at))
				break;
			b->docs[head[0]] = (struct render_body_at){ .fd = sinks[k].fd, .at = at, .len = head[1] };
			at += (off_t)head[1];
		}
	}
}

int render_bodies_read(const struct render_bodies *b, const struct scan *scan, const struct doc *d,
		       struct arena *a, const char **html, size_t *len)
{
	size_t index = (size_t)(d - scan->docs);
	const struct render_body_at *r;
	char *buf;

	if (!b || !b->docs || index >= b->ndocs || !(r = &b->docs[index])->at)
		return 0;
	buf = arena_alloc(a, r->len + 1);
	if (pread(r->fd, buf, r->len, r->at) != (ssize_t)r->len)
		return 0;
	buf[r->len] = '\0';
	*html = buf;
	*len = r->len;
	return 1;
}

size_t render_bodies_count(const struct render_bodies *b)
{
	size_t n = 0;

	for (size_t i = 0; b->docs && i < b->ndocs; i++)
		n += b->docs[i].at != 0;
	return n;
}

void render_bodies_release(struct render_bodies *b)
{
	for (size_t k = 0; k < b->nfds; k++)
		close(b->fds[k]);
	free(b->fds);
	free(b->docs);
	*b = (struct render_bodies){ 0 };
}

int render_markdown(const struct site *s, const struct theme *th, struct render_texts *texts, struct source *src,
		    const bool *need, const struct render_share *share, struct strbuf *links, struct diag_list *diags)
{
	struct strbuf html = STRBUF_INIT, from = STRBUF_INIT, text = STRBUF_INIT, record = STRBUF_INIT;
	struct diag_list again = DIAG_LIST_INIT; /* what a body rendered a second time says: said already */
	int ret = 0;

	markdown_init();
	for (size_t i = 0; i < s->nitems; i++) {
		const struct item *it = &s->items[i];
		const struct item *book = book_of(it);
		/* the worker of a printable page needs its book's and chapters' texts too */
		bool mine = in_share(share, it->group) || (book && book->nchapters && in_share(share, book->print_group));
		if (!mine || (need && !need[i]))
			continue;
		strbuf_reset(&from);
		strbuf_addf(&from, ANY_LANG "%s", it->dir);
		for (size_t l = 0; l < s->cfg->nlanguages; l++) {
			const struct doc *d = it->text[l];
			size_t index = d ? doc_index(s, d) : 0;
			bool reported = d && texts->reported[index];
			struct diag_list *dl = reported ? &again : diags;
			struct link_ctx ctx = { .s = s, .doc = d, .from = from.buf, .diags = dl, .record = &record,
						.scope = &render_online };
			struct markdown_options opts = { .link = resolve_link, .ctx = &ctx, .diags = dl,
							 .reserved_ids = th->ids, .nreserved_ids = th->nids };
			size_t before = dl->len;
			struct render_text *t;

			if (!d || (t = &texts->docs[index])->html)
				continue;
			texts->reported[index] = true;
			opts.path = d->path;
			opts.line_offset = d->body_line;
			strbuf_reset(&html);
			strbuf_reset(&text);
			strbuf_reset(&record);
			if (!d->body && (src->read(src, d->path, &text, (size_t)1 << 30) || text.len < d->body_offset)) {
				diag_error(diags, d->path, 1, 1, "cannot read the file again: it changed during the build");
				ret = -1;
				continue;
			}
			if (markdown_render(&html, NULL, d->body ? d->body : text.buf + d->body_offset,
					    d->body ? d->body_len : text.len - d->body_offset, &opts))
				ret = -1;
			else if (share->bodies && !ctx.files && dl->len == before && !reported)
				body_sink_put(share->bodies, index, html.buf, html.len);
			warn_body_placeholder(d, d->body ? d->body : text.buf + d->body_offset,
					      d->body ? d->body_len : text.len - d->body_offset, dl);
			t->html = arena_memdup0(&texts->arena, html.buf, html.len);
			t->html_len = html.len;
			record_ids(&record, html.buf, html.len);
			if (it->nchapters) {
				/* the printable page shows the item's text one folder deeper */
				struct link_ctx pctx = { .s = s, .doc = d, .diags = dl, .scope = &render_online };
				struct markdown_options popts = { .path = d->path, .line_offset = d->body_line, .link = resolve_link,
							   .ctx = &pctx, .diags = dl, .reserved_ids = th->ids,
							   .nreserved_ids = th->nids };
				strbuf_reset(&from);
				strbuf_addf(&from, ANY_LANG "%s", site_page(s, it->print_group, 0)->dir);
				pctx.from = from.buf;
				strbuf_reset(&html);
				markdown_render(&html, NULL, d->body ? d->body : text.buf + d->body_offset,
						d->body ? d->body_len : text.len - d->body_offset, &popts);
				t->print = arena_memdup0(&texts->arena, html.buf, html.len);
				t->print_len = html.len;
				strbuf_reset(&from);
				strbuf_addf(&from, ANY_LANG "%s", it->dir);
			}
			/* the body's links: for the next build's cache when it rendered without a word (a body
			 * with diagnostics renders again every time), and for check --base in any case */
			if (links && !reported) {
				char clean = dl->len == before;
				strbuf_add(links, &index, sizeof(index));
				strbuf_addch(links, clean);
				strbuf_add(links, &record.len, sizeof(record.len));
				strbuf_add(links, record.buf, record.len);
			}
		}
	}
	diag_list_release(&again);
	strbuf_release(&html);
	strbuf_release(&from);
	strbuf_release(&text);
	strbuf_release(&record);
	return ret;
}

int render_doc_html(struct strbuf *out, const struct site *s, const struct theme *th, struct source *src,
		    const char *dir, const struct doc *d, const struct render_scope *scope, struct diag_list *diags)
{
	struct strbuf from = STRBUF_INIT, text = STRBUF_INIT;
	struct link_ctx ctx = { .s = s, .doc = d, .diags = diags, .scope = scope };
	struct markdown_options opts = { .path = d->path, .line_offset = d->body_line, .link = resolve_link,
					 .ctx = &ctx, .diags = diags, .reserved_ids = th->ids, .nreserved_ids = th->nids };
	int ret;

	markdown_init();
	strbuf_addf(&from, ANY_LANG "%s", dir);
	ctx.from = from.buf;
	if (src->read(src, d->path, &text, (size_t)1 << 30) || text.len < d->body_offset) {
		diag_error(diags, d->path, 1, 1, "cannot read the file again: it changed during the build");
		ret = -1;
	} else {
		ret = markdown_render(out, NULL, text.buf + d->body_offset, text.len - d->body_offset, &opts);
	}
	strbuf_release(&from);
	strbuf_release(&text);
	return ret;
}

void render_take_links(const struct site *s, struct render_links *links, struct arena *a, const char *data,
		       size_t len)
{
	const char *p = data, *end = data + len;

	while ((size_t)(end - p) >= 2 * sizeof(size_t) + 1) {
		size_t index, n;
		bool clean;
		memcpy(&index, p, sizeof(index));
		clean = p[sizeof(index)] != 0;
		memcpy(&n, p + sizeof(index) + 1, sizeof(n));
		p += 2 * sizeof(size_t) + 1;
		if (n > (size_t)(end - p) || index >= s->scan->ndocs)
			break;
		links[index].data = arena_memdup0(a, p, n);
		links[index].len = n;
		links[index].known = clean;
		p += n;
	}
}

/* ---- fragments ---- */

/* Whether doc index i's records name id among its body's ids. */
static bool doc_has_id(const struct render_links *l, const char *id)
{
	for (const char *p = NULL; (p = render_links_next(l, p));)
		if (p[0] == 'A' && !strcmp(p + 1, id))
			return true;
	return false;
}

/* A fragment as the browser compares it with ids: percent-escapes decoded ("#%D9%85" is "#م"). */
static void fragment_decode(struct strbuf *out, const char *frag)
{
	for (const char *p = frag; *p; p++) {
		unsigned hi, lo;
		if (p[0] == '%' && p[1] && p[2] && sscanf(p + 1, "%1x%1x", &hi, &lo) == 2) {
			strbuf_addch(out, (char)(hi << 4 | lo));
			p += 2;
		} else {
			strbuf_addch(out, *p);
		}
	}
}

/* The text whose ids the page a fragment link leads to has: d's own for "#x", the linked item's text in
 * d's language for "x.md#x" or "/resources/x/#x"; NULL when the link leads elsewhere (a listing, a file),
 * which is not checked. */
static const struct doc *fragment_target(const struct site *s, const struct doc *d, const char *url)
{
	struct strbuf path = STRBUF_INIT;
	char *rel = xmemdup0(url, strcspn(url, "?#"));
	const struct item *it = NULL;

	if (!rel[0]) {
		free(rel);
		return d;
	}
	if (!render_link_path(s, d->dir, rel, &path))
		it = site_find_item(s, path.buf);
	free(rel);
	strbuf_release(&path);
	return it ? site_body_doc(it, d->lang) : NULL;
}

/* Checks one "F<line>:<col>:<url>" record of doc d. */
static int check_fragment(const struct site *s, const struct theme *th, const struct render_links *links,
			  const struct doc *d, const char *rec, struct diag_list *diags)
{
	unsigned line, col;
	int used = 0;
	const char *url, *hash;
	const struct doc *target;
	const struct render_links *tl;
	struct strbuf id = STRBUF_INIT;
	struct suggest sg;

	if (sscanf(rec + 1, "%u:%u:%n", &line, &col, &used) != 2 || !used)
		return 0;
	url = rec + 1 + used;
	hash = strchr(url, '#');
	if (!hash || !hash[1] || !(target = fragment_target(s, d, url)))
		return 0; /* "#" alone is the top of the page */
	fragment_decode(&id, hash + 1);
	tl = &links[doc_index(s, target)];
	if (doc_has_id(tl, id.buf) || theme_has_id(th, id.buf)) {
		strbuf_release(&id);
		return 0;
	}
	suggest_init(&sg, id.buf);
	for (const char *p = NULL; (p = render_links_next(tl, p));)
		if (p[0] == 'A')
			suggest_add(&sg, p + 1);
	diag_error(diags, d->path, line, col, "link '%s' points to no heading or id of %s%s", url,
		   target == d ? "this page" : target->path, suggest_hint(&sg));
	strbuf_release(&id);
	return -1;
}

int render_check_fragments(const struct site *s, const struct theme *th, const struct render_links *links,
			   struct diag_list *diags)
{
	int ret = 0;

	for (size_t i = 0; i < s->scan->ndocs; i++) {
		const struct doc *d = &s->scan->docs[i];
		const struct render_links *l = &links[i];

		if (d->omitted)
			continue;
		for (const char *p = NULL; (p = render_links_next(l, p));)
			if (p[0] == 'F' && check_fragment(s, th, links, d, p, diags))
				ret = -1;
	}
	return ret;
}

/* ---- what a page is made from, for the build cache ---- */

/* Where d's links lead now, appended to rec: false when they are not known or one leads nowhere (its page
 * must be rendered, to report it). */
static bool links_record(const struct site *s, const struct render_links *links, const struct doc *d,
			 const char *from, struct strbuf *rec)
{
	struct diag_list quiet = DIAG_LIST_INIT;
	struct link_ctx ctx = { .s = s, .doc = d, .from = from, .diags = &quiet, .scope = &render_online };
	struct strbuf out = STRBUF_INIT;
	const struct render_links *l = &links[doc_index(s, d)];
	bool ok = l->known;

	for (const char *p = NULL; ok && (p = render_links_next(l, p));) {
		struct markdown_link link = { .kind = p[0] == 'I' ? MARKDOWN_IMAGE : MARKDOWN_LINK, .url = p + 1 };
		if (p[0] != 'I' && p[0] != 'L')
			continue; /* an id, or a fragment: render_check_fragments reads those */
		strbuf_reset(&out);
		ok = !resolve_link(&ctx, &link, &out);
		strbuf_add(rec, out.buf, out.len + 1);
	}
	strbuf_release(&out);
	diag_list_release(&quiet);
	return ok;
}

/* Whether a collection's items happen at a time, and end: events, which are upcoming until their end and
 * past after it. Their listing and pages say which they are as of the build's day (a script corrects that
 * by the reader's clock). */
static bool timed_collection(const struct config_collection *col)
{
	const struct field *end = col && col->schema ? schema_field(col->schema, "end") : NULL;

	return end && (end->type == FIELD_DATE || end->type == FIELD_DATETIME);
}

/* Whether an event is upcoming on the build's day, as put_item_facts decides it. */
static bool upcoming(const struct site *s, const struct value *meta)
{
	const struct value *when = value_map_get(meta, "end");

	if (!when)
		when = value_map_get(meta, "start");
	return when && when->kind == VALUE_STRING && when->u.str.len >= 10 &&
	       strncmp(when->u.str.ptr, s->today ? s->today : "", 10) >= 0;
}

/* What a page shows of text d, appended to rec: its path, bytes, last change, whether it is outdated, and
 * where its links lead now. Returns whether that is known. */
static bool text_record(const struct site *s, const struct render_links *links, const struct doc *d,
			const char *from, struct strbuf *rec)
{
	strbuf_add(rec, d->path, strlen(d->path) + 1);
	strbuf_add(rec, (const char *)d->digest, DIGEST_LEN);
	strbuf_add(rec, d->updated, strlen(d->updated) + 1); /* its page says when it last changed */
	strbuf_addch(rec, d->outdated ? 1 : 0);
	return links_record(s, links, d, from, rec);
}

/* The names an item gives in a taxonomy's field, in their order: a list, or one string. */
struct term_names {
	const struct value *one;
	const struct value *const *v;
	size_t n;
};

static void term_names(struct term_names *out, const struct taxonomy_terms *tt, const struct item *it)
{
	const struct value *v = value_map_get(it->original->meta, tt->taxonomy->field);

	out->one = v;
	out->v = &out->one;
	out->n = v ? 1 : 0;
	if (v && v->kind == VALUE_LIST) {
		out->v = (const struct value *const *)v->u.list.items;
		out->n = v->u.list.len;
	}
}

static int term_name_cmp(const void *key, const void *t)
{
	return strcmp(key, ((const struct term *)t)->name);
}

/* The term of tt that name (one of term_names) names, or NULL: not a string, or no item of the taxonomy's
 * listings has it (a chapter's or the home page's own term, say). */
static const struct term *find_term(const struct taxonomy_terms *tt, const struct value *name)
{
	if (name->kind != VALUE_STRING)
		return NULL;
	return bsearch(name->u.str.ptr, tt->terms, tt->nterms, sizeof(*tt->terms), term_name_cmp);
}

/* Which of the terms item it names exist (page.terms links to those), appended to rec: other items decide
 * that for an item in no listing (a chapter, the home page), so its own page's digest must cover it. */
static void terms_record(const struct site *s, const struct item *it, struct strbuf *rec)
{
	for (size_t t = 0; it->original && t < s->cfg->ntaxonomies; t++) {
		struct term_names names;
		term_names(&names, &s->taxonomies[t], it);
		for (size_t n = 0; n < names.n; n++)
			strbuf_addch(rec, find_term(&s->taxonomies[t], names.v[n]) ? 1 : 0);
	}
}

/*
 * Digests are most of what a build that changed one text does with the others: each text's record is
 * digested once, with what the item shows (its full digest in that language), rather than digested alone
 * first; and the languages' facts go in as a byte each.
 */
void render_item_digest(const struct site *s, const struct render_links *links, const struct item *it,
			struct item_digest *out)
{
	size_t n = s->cfg->nlanguages, orig;
	struct strbuf from = STRBUF_INIT, recs = STRBUF_INIT, terms = STRBUF_INIT;
	/* per language, and one more for the original: where its record is in recs, and whether it is known */
	size_t *start = xmalloc(2 * (n + 1) * sizeof(*start)), *len = start + n + 1;
	bool *known = xcalloc(n + 1, sizeof(*known));
	unsigned char *facts = xmalloc(2 * n);
	struct digest shown;

	strbuf_addf(&from, ANY_LANG "%s", it->dir);
	out->shown_known = out->known = true;
	digest_init(&shown);
	digest_add_str(&shown, it->dir);
	digest_add_str(&shown, it->chapter);
	digest_add_u64(&shown, for_members(it)); /* its page and its listings' entries say so */
	for (size_t l = 0; l <= n; l++) {
		/* each language's text, then the original when no language has it as its own text */
		const struct doc *d = l < n ? it->text[l] : it->original && !it->text[it->original->lang] ? it->original : NULL;
		if (l < n) {
			facts[2 * l] = d ? 1 : 0;
			facts[2 * l + 1] = upcoming(s, it->meta[l]) ? 1 : 0;
		}
		start[l] = recs.len;
		len[l] = 0;
		if (!d)
			continue;
		/* what links and listings show comes from the front matter: a body changes only its own pages */
		digest_add_str(&shown, d->path);
		if (d->meta_enc)
			digest_add(&shown, d->meta_digest, DIGEST_LEN);
		else
			out->shown_known = false;
		known[l] = text_record(s, links, d, from.buf, &recs);
		len[l] = recs.len - start[l];
	}
	digest_add(&shown, facts, 2 * n);
	digest_final(&shown, out->shown);
	/* the original's text: its language's, or its own record */
	orig = it->original && it->text[it->original->lang] ? it->original->lang : n;
	terms_record(s, it, &terms);
	/* a page in language l shows l's own text, or the original */
	for (size_t l = 0; l < n; l++) {
		struct digest full;
		size_t t = it->text[l] ? l : orig;
		/* a translation of the front matter alone shows the original's body as well */
		bool body = it->text[l] && site_body_doc(it, l) != it->text[l] && t != orig;
		digest_init(&full);
		digest_add(&full, out->shown, DIGEST_LEN);
		digest_add(&full, recs.buf + start[t], len[t]);
		if (body)
			digest_add(&full, recs.buf + start[orig], len[orig]);
		digest_add(&full, terms.buf, terms.len);
		digest_final(&full, out->full[l]);
		out->full_known[l] = known[t] && (!body || known[orig]) && out->shown_known;
		if (!out->full_known[l])
			out->known = false;
	}
	strbuf_release(&from);
	strbuf_release(&recs);
	strbuf_release(&terms);
	free(start);
	free(known);
	free(facts);
}

struct item_digest *render_item_digests_new(struct arena *a, const struct site *s, size_t n)
{
	size_t nlang = s->cfg->nlanguages;
	struct item_digest *d = arena_calloc(a, n ? n : 1, sizeof(*d));
	unsigned char (*full)[DIGEST_LEN] = arena_alloc(a, (n ? n : 1) * nlang * DIGEST_LEN);
	bool *full_known = arena_calloc(a, (n ? n : 1) * nlang, sizeof(*full_known));

	for (size_t i = 0; i < n; i++) {
		d[i].full = full + i * nlang;
		d[i].full_known = full_known + i * nlang;
	}
	return d;
}

void render_group_digests(const struct site *s, const struct item_digest *items, unsigned char (*groups)[DIGEST_LEN],
			  bool *groups_known)
{
	for (size_t g = 0; g < s->ngroups; g++) {
		const struct page *p = site_page(s, g, 0);
		struct digest dg;

		digest_init(&dg);
		digest_add_str(&dg, p->dir);
		groups_known[g] = true;
		if (p->item) {
			digest_add(&dg, items[p->item - s->items].shown, DIGEST_LEN);
			groups_known[g] = items[p->item - s->items].shown_known;
		}
		digest_final(&dg, groups[g]);
	}
}

/* A key being made: its bytes gathered in buf and digested in pieces, a digest call per group digest
 * (hundreds of thousands in a large site's keys) costing more than its bytes. */
struct key_ctx {
	const unsigned char (*groups)[DIGEST_LEN];
	const bool *known;
	bool ok;
	struct digest dg;
	size_t len;
	unsigned char buf[2048];
};

static void key_init(struct key_ctx *k, const unsigned char (*groups)[DIGEST_LEN], const bool *known)
{
	k->groups = groups;
	k->known = known;
	k->ok = true;
	k->len = 0;
	digest_init(&k->dg);
}

static void key_add(struct key_ctx *k, const void *p, size_t len)
{
	if (k->len + len > sizeof(k->buf)) {
		digest_add(&k->dg, k->buf, k->len);
		k->len = 0;
	}
	if (len > sizeof(k->buf)) {
		digest_add(&k->dg, p, len);
		return;
	}
	memcpy(k->buf + k->len, p, len);
	k->len += len;
}

static void key_add_str(struct key_ctx *k, const char *s)
{
	key_add(k, s, strlen(s) + 1);
}

/* As digest_add_u64: little-endian. */
static void key_add_u64(struct key_ctx *k, uint64_t v)
{
	unsigned char b[8];

	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)(v >> (8 * i));
	key_add(k, b, sizeof(b));
}

static void key_final(struct key_ctx *k, unsigned char key[DIGEST_LEN])
{
	digest_add(&k->dg, k->buf, k->len);
	digest_final(&k->dg, key);
}

static void add_group(struct key_ctx *k, size_t group)
{
	key_add(k, k->groups[group], DIGEST_LEN);
	if (!k->known[group])
		k->ok = false;
}

/* ---- the home page's lists (config.h: home) ---- */

/* Orders two values of a list's `by` field: years as numbers, dates and times as their ISO text. */
static int by_cmp(const struct value *a, const struct value *b)
{
	if (a->kind == VALUE_INT && b->kind == VALUE_INT)
		return a->u.i < b->u.i ? -1 : a->u.i > b->u.i;
	if (a->kind == VALUE_STRING && b->kind == VALUE_STRING)
		return strcmp(a->u.str.ptr, b->u.str.ptr);
	return (int)a->kind - (int)b->kind;
}

static size_t collection_rank(const struct config_home_list *h, const struct item *it)
{
	for (size_t c = 0; c < h->ncollections; c++)
		if (h->collections[c] == it->collection)
			return c;
	return SIZE_MAX;
}

/* Whether a comes before b in list h on the home page of lang: soonest first for upcoming items, newest
 * first otherwise, featured items without `by` in the list's order of collections; then by title and
 * folder, so that the order never depends on the order of the scan. */
static bool home_before(const struct config_home_list *h, size_t lang, const struct item *a, const struct item *b)
{
	const char *ta, *tb;
	int d = 0;

	if (h->by) {
		d = by_cmp(value_map_get(a->meta[lang], h->by), value_map_get(b->meta[lang], h->by));
		if (h->show != HOME_UPCOMING)
			d = -d;
	} else {
		size_t ra = collection_rank(h, a), rb = collection_rank(h, b);
		d = ra < rb ? -1 : ra > rb;
	}
	if (d)
		return d < 0;
	ta = site_item_title(a, lang);
	tb = site_item_title(b, lang);
	if ((d = strcmp(ta ? ta : "", tb ? tb : "")))
		return d < 0;
	return strcmp(a->dir, b->dir) < 0;
}

static bool home_shows(const struct site *s, const struct config_home_list *h, size_t lang, const struct item *it)
{
	const struct value *v;

	if (it->role != DOC_ITEM || collection_rank(h, it) == SIZE_MAX)
		return false;
	if (h->by && !value_map_get(it->meta[lang], h->by))
		return false;
	if (h->show == HOME_UPCOMING)
		return upcoming(s, it->meta[lang]);
	if (h->show == HOME_FEATURED)
		return (v = value_map_get(it->meta[lang], "featured")) && v->kind == VALUE_BOOL && v->u.b;
	return true;
}

/* The items list h shows on the home page of lang, in their order, into out (room for h->count); returns
 * how many. The page's key (render_page_key) and its context (home_lists) both ask here. */
static size_t home_select(const struct site *s, const struct config_home_list *h, size_t lang, const struct item **out)
{
	size_t n = 0;

	for (size_t i = 0; i < s->nitems; i++) {
		const struct item *it = &s->items[i];
		size_t at;
		if (!home_shows(s, h, lang, it))
			continue;
		for (at = n; at > 0 && home_before(h, lang, it, out[at - 1]); at--)
			;
		if (at >= h->count)
			continue;
		if (n < h->count)
			n++;
		memmove(out + at + 1, out + at, (n - 1 - at) * sizeof(*out));
		out[at] = it;
	}
	return n;
}

bool render_frame_key(const struct site *s, const unsigned char (*groups)[DIGEST_LEN], const bool *known,
		      unsigned char key[DIGEST_LEN])
{
	struct key_ctx k;

	key_init(&k, groups, known);
	add_group(&k, site_page(s, 0, 0)->group);
	for (size_t m = 0; m < s->cfg->nmenu; m++)
		if (s->menu_groups[m] != SIZE_MAX) /* an entry whose page is left out */
			add_group(&k, s->menu_groups[m]);
	for (size_t m = 0; m < s->cfg->nfooter; m++)
		if (s->footer_groups[m] != SIZE_MAX)
			add_group(&k, s->footer_groups[m]);
	key_final(&k, key);
	return k.ok;
}

/* What the home page's lists show: each list's listing and items, in their order. */
static void add_home_groups(struct key_ctx *k, const struct site *s, size_t lang)
{
	const struct item *shown[100];

	for (size_t l = 0; l < s->cfg->nhome; l++) {
		const struct config_home_list *h = &s->cfg->home[l];
		size_t n = home_select(s, h, lang, shown);
		add_group(k, s->collection_groups[h->collections[0] - s->cfg->collections]);
		key_add_u64(k, n);
		for (size_t i = 0; i < n; i++)
			add_group(k, shown[i]->group);
	}
}

bool render_page_key(const struct site *s, const struct page *p, const unsigned char lang_key[DIGEST_LEN],
		     const struct item_digest *items, const unsigned char (*groups)[DIGEST_LEN], const bool *known,
		     unsigned char key[DIGEST_LEN])
{
	const struct item *it = p->item;
	struct key_ctx k;

	key_init(&k, groups, known);
	key_add(&k, lang_key, DIGEST_LEN);
	key_add_str(&k, p->path);
	key_add_u64(&k, p->kind);
	key_add_u64(&k, p->number);
	key_add_u64(&k, p->count);
	/* the scaffold's dates are today's; an event and its listing say "as of" the build's day */
	if (p->kind == PAGE_SUBMIT || ((p->kind == PAGE_ITEM || p->kind == PAGE_LIST) && timed_collection(p->collection)))
		key_add_str(&k, s->today ? s->today : "");
	add_group(&k, p->group);
	if (it) { /* its own text in the page's language, body included */
		key_add(&k, items[it - s->items].full[p->lang], DIGEST_LEN);
		if (!items[it - s->items].full_known[p->lang])
			k.ok = false;
	}
	if (p->collection)
		add_group(&k, s->collection_groups[p->collection - s->cfg->collections]);
	if (p->taxonomy) {
		add_group(&k, p->taxonomy->group);
		for (size_t t = 0; p->kind == PAGE_TAXONOMY && t < p->taxonomy->nterms; t++) {
			key_add_str(&k, p->taxonomy->terms[t].name);
			key_add_u64(&k, p->taxonomy->terms[t].nitems);
		}
	}
	if (it && (it->nchapters || it->parent)) {
		const struct item *book = it->parent ? it->parent : it;
		add_group(&k, book->group);
		for (size_t c = 0; c < book->nchapters; c++) {
			const struct item_digest *ch = &items[book->chapters[c] - s->items];
			add_group(&k, book->chapters[c]->group);
			if (p->kind != PAGE_PRINT)
				continue;
			/* the printable page shows every chapter's text */
			key_add(&k, ch->full[p->lang], DIGEST_LEN);
			if (!ch->full_known[p->lang])
				k.ok = false;
		}
	}
	for (size_t i = 0; i < p->nitems; i++)
		add_group(&k, p->items[i]->group);
	if (p->kind == PAGE_HOME) /* the lists below its text (home_lists) */
		add_home_groups(&k, s, p->lang);
	if (p->kind == PAGE_SEARCH) { /* the listings it points at, by their titles (put_search) */
		for (size_t i = 0; i < s->cfg->nsearch; i++)
			if (!s->cfg->search[i]->left_out)
				add_group(&k, s->collection_groups[s->cfg->search[i] - s->cfg->collections]);
		for (size_t i = 0; i < s->cfg->nsearch_facets; i++)
			add_group(&k, s->taxonomies[s->cfg->search_facets[i] - s->cfg->taxonomies].group);
	}
	key_final(&k, key);
	return k.ok;
}

/* ---- page contexts ---- */

struct ctx {
	struct arena *a;
	const struct site *s;
	const struct theme *th;
	const struct page *p;
	size_t lang;
	const struct render_scope *scope;
	const struct render_texts *texts;
	struct strbuf sb;
	bool absolute; /* URLs are paths from base_url's: a "not found" page is served at any address */
};

static struct value *text(struct ctx *c, const char *s)
{
	return s ? value_new_string_borrowed(c->a, s, strlen(s)) : value_new(c->a, VALUE_NULL);
}

static void put(struct ctx *c, struct value *map, const char *key, struct value *v)
{
	value_map_add(c->a, map, value_new_string_borrowed(c->a, key, strlen(key)), v);
}

static void put_text(struct ctx *c, struct value *map, const char *key, const char *s)
{
	put(c, map, key, text(c, s));
}

static void put_bool(struct ctx *c, struct value *map, const char *key, bool b)
{
	put(c, map, key, value_new_bool(c->a, b));
}

/* The path of base_url ("/" of "https://example.org/", "/site/" of "https://x.github.io/site/"): where a
 * "not found" page's links start, whatever the address it is served at, on the site's host or a preview's. */
static const char *base_path(const char *base_url)
{
	const char *p = strstr(base_url, "://");

	p = p ? strchr(p + 3, '/') : NULL;
	return p ? p : "/";
}

/* The URL of the output path target seen from the current page. */
static struct value *url_to(struct ctx *c, const char *target)
{
	strbuf_reset(&c->sb);
	if (c->absolute)
		strbuf_addf(&c->sb, "%s%s", base_path(c->s->cfg->base_url), target);
	else
		url_relative(&c->sb, c->p->path, target, c->scope->mode == RENDER_OFFLINE);
	return value_new_string(c->a, c->sb.buf, c->sb.len);
}

static bool group_in_scope(struct ctx *c, size_t group)
{
	return render_in_scope(c->s, c->scope, site_page(c->s, group, c->lang));
}

static struct value *url_to_group(struct ctx *c, size_t group)
{
	return url_to(c, site_page(c->s, group, c->lang)->path);
}

static const char *group_title(struct ctx *c, size_t group);

/* The body of d as this page shows it: none when it was not rendered (the root page shows no text). */
static const struct render_text *text_of(struct ctx *c, const struct doc *d)
{
	static const struct render_text none;

	return c->texts ? &c->texts->docs[doc_index(c->s, d)] : &none;
}

/* An item's title in the page's language. The home page and listing introductions that are not
 * translated take the interface's translated names rather than the original's title. */
static const char *item_title(struct ctx *c, const struct item *it)
{
	const char *t = site_item_title(it, c->lang);

	if (t && (it->text[c->lang] || (it->role != DOC_HOME && it->role != DOC_INTRO)))
		return t;
	if (it->role == DOC_INTRO)
		return i18n_find(c->s->i18n, c->lang, "collections", it->collection->name);
	return i18n_find(c->s->i18n, c->lang, "site_title", NULL);
}

/* The language a field of an item's front matter shown in the page's language is written in: the
 * translation's, or the original's for a field the translation does not set (or with no translation). */
static size_t field_lang(struct ctx *c, const struct item *it, const char *field)
{
	const struct doc *tr = it->text[c->lang];

	if (!it->original || (tr && (tr == it->original || value_map_get(tr->meta, field))))
		return c->lang;
	return it->original->lang;
}

/* A title shown in the original's language (an untranslated page, or a translation without a title of its
 * own) says which language it is in. */
static void put_title_lang(struct ctx *c, struct value *m, const struct item *it)
{
	const struct config_language *lang;
	size_t l;

	/* null, not missing: a template looking title_lang up inside another link's section (as
	 * {{#menu.0}}…{{#menu}}) must not find the outer link's */
	if (!it || it->role == DOC_HOME || (it->role == DOC_INTRO && !it->text[c->lang]) ||
	    (l = field_lang(c, it, "title")) == c->lang) {
		put_text(c, m, "title_lang", NULL);
		put_text(c, m, "title_dir", NULL);
		return;
	}
	lang = &c->s->cfg->languages[l];
	put_text(c, m, "title_lang", lang->code);
	put_text(c, m, "title_dir", lang->rtl ? "rtl" : "ltr");
}

/* lang="…" dir="…" for a field in another language than the page's, as page.lang_of.<field>: made of
 * validated language codes only, so templates may write it unescaped (<dd{{{page.lang_of.venue}}}>). */
static struct value *fields_lang(struct ctx *c, const struct item *it)
{
	const struct value *meta = it->meta[c->lang];
	struct value *m = value_new_map(c->a);

	for (size_t i = 0; meta && meta->kind == VALUE_MAP && i < meta->u.map.len; i++) {
		const char *key = meta->u.map.entries[i].key->u.str.ptr;
		size_t l = field_lang(c, it, key);
		const struct config_language *lang = &c->s->cfg->languages[l];
		if (l == c->lang)
			continue;
		strbuf_reset(&c->sb);
		strbuf_addf(&c->sb, " lang=\"%s\" dir=\"%s\"", lang->code, lang->rtl ? "rtl" : "ltr");
		put(c, m, key, value_new_string(c->a, c->sb.buf, c->sb.len));
	}
	return m;
}

static const char *term_label(struct ctx *c, const struct taxonomy_terms *tt, const char *term)
{
	const char *l = i18n_term(c->s->i18n, c->lang, tt->taxonomy->name, term);

	return l ? l : term;
}

static const char *group_title(struct ctx *c, size_t group)
{
	const struct page *p = site_page(c->s, group, c->lang);

	switch (p->kind) {
	case PAGE_HOME:
	case PAGE_PAGE:
	case PAGE_ITEM:
	case PAGE_CHAPTER:
		return p->item ? item_title(c, p->item) : i18n_find(c->s->i18n, c->lang, "site_title", NULL);
	case PAGE_LIST:
		return p->item ? item_title(c, p->item)
			       : i18n_find(c->s->i18n, c->lang, "collections", p->collection->name);
	case PAGE_TAXONOMY:
		return i18n_taxonomy_title(c->s->i18n, c->lang, p->taxonomy->taxonomy->name);
	case PAGE_TERM:
		return term_label(c, p->taxonomy, p->term->name);
	case PAGE_PRINT:
		return item_title(c, p->item);
	case PAGE_DOWNLOADS:
		return i18n_find(c->s->i18n, c->lang, "ui", "downloads");
	case PAGE_SUBMIT:
		return i18n_find(c->s->i18n, c->lang, "ui", "submit_resource");
	case PAGE_SEARCH:
		return i18n_find(c->s->i18n, c->lang, "ui", "search");
	}
	return NULL;
}

/* A link to another page: its title and URL, and whether it is the current page; NULL when the page is not
 * part of the output (an offline copy's), so lists leave it out. */
static struct value *link_to(struct ctx *c, size_t group, const char *title)
{
	struct value *m;

	if (!group_in_scope(c, group))
		return NULL;
	m = value_new_map(c->a);

	put_text(c, m, "title", title ? title : group_title(c, group));
	put_title_lang(c, m, title ? NULL : site_page(c->s, group, c->lang)->item);
	put(c, m, "url", url_to_group(c, group));
	put_bool(c, m, "current", group == c->p->group);
	return m;
}

static void push(struct ctx *c, struct value *list, struct value *v)
{
	if (v)
		value_list_push(c->a, list, v);
}

/* "style.css" → "style_css": asset names become names templates can use ({{assets.style_css}}). */
static struct value *assets(struct ctx *c)
{
	struct value *m = value_new_map(c->a);

	size_t prefix = strlen("themes/") + strlen(c->th->name) + strlen("/static/");

	for (size_t i = 0; i < c->th->nfiles; i++) {
		const char *name = c->th->files[i].path + prefix; /* the name as written, not the hashed one */
		char *key = arena_memdup0(c->a, name, strlen(name));
		for (char *k = key; *k; k++)
			if (!((*k >= 'a' && *k <= 'z') || (*k >= 'A' && *k <= 'Z') || (*k >= '0' && *k <= '9')))
				*k = '_';
		put(c, m, key, url_to(c, c->th->files[i].out));
	}
	return m;
}

/* The same page in every language, for the language switcher and alternate links. */
static struct value *languages(struct ctx *c)
{
	struct value *list = value_new_list(c->a);

	for (size_t l = 0; l < c->s->cfg->nlanguages; l++) {
		const struct config_language *lang = &c->s->cfg->languages[l];
		struct value *m;

		if (!render_in_scope(c->s, c->scope, site_page(c->s, c->p->group, l)))
			continue; /* an offline copy holds one language */
		m = value_new_map(c->a);
		put_text(c, m, "code", lang->code);
		put_text(c, m, "name", lang->name);
		put_text(c, m, "dir", lang->rtl ? "rtl" : "ltr");
		put(c, m, "url", url_to(c, site_page(c->s, c->p->group, l)->path));
		put_bool(c, m, "current", l == c->lang);
		value_list_push(c->a, list, m);
	}
	return list;
}

static struct value *menu(struct ctx *c)
{
	struct value *list = value_new_list(c->a);

	for (size_t m = 0; m < c->s->cfg->nmenu; m++)
		if (c->s->menu_groups[m] != SIZE_MAX) /* an entry whose page is left out (site.h) */
			push(c, list, link_to(c, c->s->menu_groups[m], NULL));
	return list;
}

static struct value *breadcrumbs(struct ctx *c)
{
	struct value *list = value_new_list(c->a);
	const struct page *p = c->p;

	if (p->kind != PAGE_HOME)
		push(c, list, link_to(c, site_page(c->s, 0, 0)->group, NULL));
	if (p->kind == PAGE_ITEM || p->kind == PAGE_CHAPTER || p->kind == PAGE_PRINT)
		push(c, list, link_to(c, c->s->collection_groups[p->collection - c->s->cfg->collections], NULL));
	if (p->kind == PAGE_CHAPTER)
		push(c, list, link_to(c, p->item->parent->group, NULL));
	if (p->kind == PAGE_PRINT)
		push(c, list, link_to(c, p->item->group, NULL));
	if (p->kind == PAGE_TERM)
		push(c, list, link_to(c, p->taxonomy->group, NULL));
	return list;
}

/* The terms an item has, per taxonomy and in the order its front matter gives them, with links to their
 * listings: found by name in each taxonomy's sorted terms. */
static struct value *item_terms(struct ctx *c, const struct item *it)
{
	struct value *list = value_new_list(c->a);

	for (size_t t = 0; t < c->s->cfg->ntaxonomies; t++) {
		const struct taxonomy_terms *tt = &c->s->taxonomies[t];
		struct value *terms = value_new_list(c->a), *m;
		struct term_names names;

		term_names(&names, tt, it);
		for (size_t k = 0; k < names.n; k++) {
			const struct term *term = find_term(tt, names.v[k]);
			if (term)
				push(c, terms, link_to(c, term->group, term_label(c, tt, term->name)));
		}
		if (!terms->u.list.len)
			continue;
		m = value_new_map(c->a);
		put_text(c, m, "name", tt->taxonomy->name);
		put_text(c, m, "title", i18n_taxonomy_title(c->s->i18n, c->lang, tt->taxonomy->name));
		put(c, m, "terms", terms);
		value_list_push(c->a, list, m);
	}
	return list;
}

static void put_item_facts(struct ctx *c, struct value *m, const struct item *it, bool full);

/* What a listing shows of each item. */
static struct value *item_summary(struct ctx *c, const struct item *it)
{
	struct value *m = link_to(c, it->group, NULL);

	if (!m)
		return NULL;
	put(c, m, "meta", it->meta[c->lang]);
	put_bool(c, m, "fallback", !it->text[c->lang]);
	put_bool(c, m, "members", for_members(it));
	put_item_facts(c, m, it, false);
	return m;
}

/* A number as the page's language writes it, in its digits: a page shows one digit system. */
static struct value *number_text(struct ctx *c, int64_t n)
{
	strbuf_reset(&c->sb);
	if (locale_format_number(&c->sb, c->s->cfg->languages[c->lang].code, n, true))
		strbuf_addf(&c->sb, "%lld", (long long)n);
	return value_new_string(c->a, c->sb.buf, c->sb.len);
}

/* "as of 3 December 2026": the build's day, as the language's interface puts it. */
static struct value *as_of(struct ctx *c)
{
	const char *pattern = i18n_find(c->s->i18n, c->lang, "ui", "as_of");
	const char *at = pattern ? strstr(pattern, "{date}") : NULL;
	struct strbuf date = STRBUF_INIT;
	struct value *v;

	if (!c->s->today || locale_format_date(&date, c->s->cfg->languages[c->lang].code, c->s->today, 10))
		strbuf_addstr(&date, c->s->today ? c->s->today : "");
	strbuf_reset(&c->sb);
	if (at) {
		strbuf_add(&c->sb, pattern, (size_t)(at - pattern));
		strbuf_addbuf(&c->sb, &date);
		strbuf_addstr(&c->sb, at + strlen("{date}"));
	} else {
		strbuf_addbuf(&c->sb, &date);
	}
	v = value_new_string(c->a, c->sb.buf, c->sb.len);
	strbuf_release(&date);
	return v;
}

static struct value *pagination(struct ctx *c)
{
	const struct page *p = c->p;
	struct value *m = value_new_map(c->a), *pages = value_new_list(c->a);
	size_t first = p->group - (p->number - 1);

	put(c, m, "number", value_new_int(c->a, p->number));
	put(c, m, "count", value_new_int(c->a, p->count));
	put(c, m, "number_text", number_text(c, p->number));
	put(c, m, "count_text", number_text(c, p->count));
	put_bool(c, m, "several", p->count > 1);
	if (p->number > 1)
		put(c, m, "prev_url", url_to_group(c, p->group - 1));
	if (p->number < p->count)
		put(c, m, "next_url", url_to_group(c, p->group + 1));
	/* The first and last pages and the two on each side of this one, with a gap marked between: a long
	 * listing does not put a link to every one of its pages on each of them. */
	for (unsigned i = 1; i <= p->count; i++) {
		struct value *e;
		if (i != 1 && i != p->count && (i + 2 < p->number || i > p->number + 2)) {
			if (i == 2 || i == p->number + 3) {
				e = value_new_map(c->a);
				put_bool(c, e, "gap", true);
				value_list_push(c->a, pages, e);
			}
			continue;
		}
		e = value_new_map(c->a);
		put(c, e, "number", value_new_int(c->a, i));
		put(c, e, "number_text", number_text(c, i));
		put(c, e, "url", url_to_group(c, first + i - 1));
		put_bool(c, e, "current", i == p->number);
		value_list_push(c->a, pages, e);
	}
	put(c, m, "pages", pages);
	return m;
}

/* An events listing's entries as two lists: the upcoming ones, soonest first, and the past ones, latest
 * first (the listing's own order, latest start first, on each of its pages). The first page shows the
 * upcoming list even when it is empty, where the script moves events whose end has passed to. */
static struct value *timed_listing(struct ctx *c, struct value *items)
{
	struct value *m = value_new_map(c->a), *up = value_new_list(c->a), *past = value_new_list(c->a);

	for (size_t i = items->u.list.len; i-- > 0;) {
		const struct value *e = items->u.list.items[i], *u = value_map_get(e, "upcoming");
		if (u && u->kind == VALUE_BOOL && u->u.b)
			value_list_push(c->a, up, (struct value *)e);
	}
	for (size_t i = 0; i < items->u.list.len; i++) {
		const struct value *e = items->u.list.items[i], *u = value_map_get(e, "upcoming");
		if (!u || u->kind != VALUE_BOOL || !u->u.b)
			value_list_push(c->a, past, (struct value *)e);
	}
	put(c, m, "upcoming", up);
	put_bool(c, m, "upcoming_empty", !up->u.list.len);
	put_bool(c, m, "show_upcoming", up->u.list.len || c->p->number == 1);
	put(c, m, "past", past);
	put_bool(c, m, "past_empty", !past->u.list.len);
	put(c, m, "as_of", as_of(c));
	return m;
}

static struct value *listing(struct ctx *c)
{
	const struct page *p = c->p;
	struct value *m = value_new_map(c->a), *items = value_new_list(c->a);

	for (size_t i = 0; i < p->nitems; i++)
		push(c, items, item_summary(c, p->items[i]));
	put(c, m, "items", items);
	put_bool(c, m, "empty", !p->nitems);
	put(c, m, "pagination", pagination(c));
	if (p->kind == PAGE_LIST && timed_collection(p->collection))
		put(c, m, "timed", timed_listing(c, items));
	return m;
}

/* The taxonomy page: every term with its number of items. */
static struct value *term_list(struct ctx *c)
{
	const struct taxonomy_terms *tt = c->p->taxonomy;
	struct value *list = value_new_list(c->a);

	for (size_t k = 0; k < tt->nterms; k++) {
		struct value *m = link_to(c, tt->terms[k].group, term_label(c, tt, tt->terms[k].name));
		if (!m)
			continue;
		put(c, m, "count", value_new_int(c->a, (int64_t)tt->terms[k].nitems));
		put(c, m, "count_text", number_text(c, (int64_t)tt->terms[k].nitems));
		value_list_push(c->a, list, m);
	}
	return list;
}

/* The table of contents of an item with chapters, and for a chapter: its item, and the chapters before
 * and after it. */
static void put_chapters(struct ctx *c, struct value *m, const struct item *it)
{
	const struct item *book = it->parent ? it->parent : it;
	struct value *toc = value_new_list(c->a);

	for (size_t k = 0; k < book->nchapters; k++) {
		struct value *e = link_to(c, book->chapters[k]->group, NULL);
		if (e) {
			put(c, e, "number", value_new_int(c->a, (int64_t)k + 1));
			value_list_push(c->a, toc, e);
		}
		if (book->chapters[k] != it)
			continue;
		if (k > 0 && (e = link_to(c, book->chapters[k - 1]->group, NULL)))
			put(c, m, "previous_chapter", e);
		if (k + 1 < book->nchapters && (e = link_to(c, book->chapters[k + 1]->group, NULL)))
			put(c, m, "next_chapter", e);
	}
	put(c, m, "chapters", toc);
	if (book->nchapters && group_in_scope(c, book->print_group))
		put(c, m, "print_url", url_to_group(c, book->print_group));
	if (it->parent || c->p->kind == PAGE_PRINT) {
		struct value *e = link_to(c, book->group, NULL);
		if (e)
			put(c, m, "book", e);
	} else if (book->nchapters) {
		struct value *e = link_to(c, book->chapters[0]->group, NULL);
		if (e)
			put(c, m, "next_chapter", e);
	}
}

/* The printable page: every chapter's text after the book's own, each with its title and anchor. */
static void put_sections(struct ctx *c, struct value *m, const struct item *book)
{
	struct value *list = value_new_list(c->a);

	for (size_t k = 0; k < book->nchapters; k++) {
		const struct item *ch = book->chapters[k];
		const struct doc *d = site_body_doc(ch, c->lang);
		const struct config_language *lang = &c->s->cfg->languages[d->lang];
		struct value *e = value_new_map(c->a);

		put_text(c, e, "title", item_title(c, ch));
		put_title_lang(c, e, ch);
		put_text(c, e, "anchor", ch->chapter);
		put(c, e, "number", value_new_int(c->a, (int64_t)k + 1));
		put(c, e, "number_text", number_text(c, (int64_t)k + 1));
		const struct render_text *t = text_of(c, d);
		put(c, e, "content", value_new_string_borrowed(c->a, t->html ? t->html : "", t->html ? t->html_len : 0));
		put_bool(c, e, "fallback", d->lang != c->lang);
		strbuf_reset(&c->sb);
		if (d->lang != c->lang)
			strbuf_addf(&c->sb, " lang=\"%s\" dir=\"%s\"", lang->code, lang->rtl ? "rtl" : "ltr");
		put(c, e, "content_attrs", value_new_string(c->a, c->sb.buf, c->sb.len));
		value_list_push(c->a, list, e);
	}
	put(c, m, "sections", list);
}

/* Whether an end (a date and time) falls on the day of its start, in the same offset: it is then shown as
 * its time alone. */
static bool same_day(const struct value *start, const struct value *end)
{
	const char *a, *b;
	size_t la, lb;

	if (!start || !end || start->kind != VALUE_STRING || end->kind != VALUE_STRING)
		return false;
	a = start->u.str.ptr;
	b = end->u.str.ptr;
	la = start->u.str.len;
	lb = end->u.str.len;
	if (la < 16 || lb < 16 || a[10] != 'T' || b[10] != 'T' || memcmp(a, b, 10))
		return false;
	/* the offsets: what follows the time (":SS" left out), "Z" or "±HH:MM" */
	a += 16 + (la >= 19 && a[16] == ':' ? 3 : 0);
	b += 16 + (lb >= 19 && b[16] == ':' ? 3 : 0);
	la -= (size_t)(a - start->u.str.ptr);
	lb -= (size_t)(b - end->u.str.ptr);
	return la == lb && !memcmp(a, b, la);
}

/* The item's dates and times as its page's language writes them: page.dates.<field>, a time with its
 * offset from UTC. */
static struct value *formatted_dates(struct ctx *c, const struct item *it, const struct schema *schema)
{
	struct value *dates = value_new_map(c->a);
	const char *lang = c->s->cfg->languages[c->lang].code;
	const struct value *meta = it->meta[c->lang];

	for (size_t i = 0; i < (schema ? schema->n : 1); i++) {
		const char *name = schema ? schema->fields[i].name : "date";
		const struct value *v = value_map_get(meta, name);
		bool time_only;
		if (schema && schema->fields[i].type != FIELD_DATE && schema->fields[i].type != FIELD_DATETIME)
			continue;
		if (!v || v->kind != VALUE_STRING)
			continue;
		time_only = !strcmp(name, "end") && same_day(value_map_get(meta, "start"), v);
		strbuf_reset(&c->sb);
		if (!locale_format_time(&c->sb, lang, v->u.str.ptr, v->u.str.len, time_only))
			put(c, dates, name, value_new_string(c->a, c->sb.buf, c->sb.len));
	}
	return dates;
}

/* A media type's name for readers: the name of its format, which every language writes the same. */
static const char *format_name(const char *mime)
{
	static const char *const names[][2] = {
		{ "audio/mpeg", "MP3" }, { "audio/mp4", "M4A" }, { "audio/ogg", "Ogg" }, { "video/mp4", "MP4" },
		{ "video/webm", "WebM" }, { "application/pdf", "PDF" }, { "application/epub+zip", "EPUB" },
		{ "application/zip", "ZIP" }, { "text/plain", "TXT" },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(mime, names[i][0]))
			return names[i][1];
	return NULL;
}

static bool taxonomy_field(const struct config *cfg, const char *name)
{
	for (size_t t = 0; t < cfg->ntaxonomies; t++)
		if (!strcmp(cfg->taxonomies[t].field, name))
			return true;
	return false;
}

/* A list of texts joined as the language joins them; codes of languages or countries (by the field's
 * name) become their names in the page's language. Texts written in another language (text_lang: a field
 * the page's translation does not set, as guests described in English) are joined as that language joins
 * them, and page.lang_of says which it is. Into c->sb; false when it is not a list of texts. */
static bool joined_list(struct ctx *c, const char *name, const struct value *v, size_t text_lang)
{
	bool languages = !strcmp(name, "languages") || !strcmp(name, "captions");
	bool countries = !strcmp(name, "countries");
	const char *lang = c->s->cfg->languages[languages || countries ? c->lang : text_lang].code;
	struct strbuf names = STRBUF_INIT;
	const char **items;
	size_t *lens, *starts, n = v->u.list.len;
	int ret;

	for (size_t k = 0; k < n; k++)
		if (v->u.list.items[k]->kind != VALUE_STRING)
			return false;
	items = xcalloc(n ? n : 1, sizeof(*items));
	lens = xcalloc(n ? n : 1, sizeof(*lens));
	starts = xcalloc(n ? n : 1, sizeof(*starts));
	for (size_t k = 0; k < n; k++) {
		const struct value *e = v->u.list.items[k];
		starts[k] = names.len;
		if (!(languages && !locale_language_name(&names, lang, e->u.str.ptr)) &&
		    !(countries && !locale_country_name(&names, lang, e->u.str.ptr)))
			strbuf_add(&names, e->u.str.ptr, e->u.str.len); /* a name, or a code ICU does not know */
		lens[k] = names.len - starts[k];
	}
	for (size_t k = 0; k < n; k++)
		items[k] = names.buf + starts[k];
	strbuf_reset(&c->sb);
	ret = locale_format_list(&c->sb, lang, items, lens, n);
	free(items);
	free(lens);
	free(starts);
	strbuf_release(&names);
	return !ret;
}

/*
 * The item's values as readers read them, ready to show: page.values.<field>. Numbers in the language's
 * digits (a year without a separator); a file's size (`length`, `size`) in kB or MB; a duration
 * ("00:24:13") as "24 min 13 s"; a media type (`mime`) as its format's name; a list of texts joined as
 * the language joins them, codes of `languages`, `captions` and `countries` as their names. The raw
 * values stay in page.meta, for the attributes machines read.
 */
static struct value *human_values(struct ctx *c, const struct item *it, const struct schema *schema)
{
	struct value *values = value_new_map(c->a);
	const char *lang = c->s->cfg->languages[c->lang].code;

	for (size_t i = 0; schema && i < schema->n; i++) {
		const struct field *f = &schema->fields[i];
		const struct value *v = value_map_get(it->meta[c->lang], f->name);
		const char *name;
		int ret = -1;

		if (!v)
			continue;
		strbuf_reset(&c->sb);
		if (v->kind == VALUE_INT && (!strcmp(f->name, "length") || !strcmp(f->name, "size")) && v->u.i >= 0)
			ret = locale_format_bytes(&c->sb, lang, (uint64_t)v->u.i);
		else if (v->kind == VALUE_INT)
			ret = locale_format_number(&c->sb, lang, v->u.i, strcmp(f->name, "year") != 0);
		else if (v->kind == VALUE_STRING && !strcmp(f->name, "duration"))
			ret = locale_format_duration(&c->sb, lang, v->u.str.ptr, v->u.str.len);
		else if (v->kind == VALUE_STRING && !strcmp(f->name, "mime") && (name = format_name(v->u.str.ptr)))
			ret = (strbuf_addstr(&c->sb, name), 0);
		else if (v->kind == VALUE_LIST && v->u.list.len && !taxonomy_field(c->s->cfg, f->name))
			ret = joined_list(c, f->name, v, field_lang(c, it, f->name)) ? 0 : -1;
		if (!ret)
			put(c, values, f->name, value_new_string(c->a, c->sb.buf, c->sb.len));
		else if (v->kind == VALUE_STRING && !strcmp(f->name, "duration"))
			put(c, values, f->name, (struct value *)v); /* written some other way: shown as it is */
	}
	return values;
}

/* Facts the generator works out for an item: its dates in the page's language, whether an event is
 * upcoming or past (and its end, for the script that decides it again by the reader's clock), and on its
 * own page (full), its values as readers read them, its attachments' URLs (file fields) and the
 * languages it is written in. */
static void put_item_facts(struct ctx *c, struct value *m, const struct item *it, bool full)
{
	const struct schema *schema = it->role == DOC_ITEM ? it->collection->schema : NULL;
	const struct value *when = value_map_get(it->meta[c->lang], "end");
	struct value *files = value_new_map(c->a), *langs = value_new_list(c->a);

	for (size_t i = 0; full && schema && i < schema->n; i++) {
		const struct value *v = value_map_get(it->meta[c->lang], schema->fields[i].name);
		if (schema->fields[i].type != FIELD_FILE || !v || v->kind != VALUE_STRING)
			continue;
		strbuf_reset(&c->sb);
		strbuf_addf(&c->sb, "%s%s", it->dir, v->u.str.ptr);
		put(c, files, schema->fields[i].name, url_to(c, arena_memdup0(c->a, c->sb.buf, c->sb.len)));
	}
	put(c, m, "files", files);
	put(c, m, "dates", formatted_dates(c, it, schema));
	if (full)
		put(c, m, "values", human_values(c, it, schema));
	if (!when)
		when = value_map_get(it->meta[c->lang], "start");
	if (when && when->kind == VALUE_STRING && when->u.str.len >= 10) {
		bool upcoming = strncmp(when->u.str.ptr, c->s->today ? c->s->today : "", 10) >= 0;
		put_bool(c, m, "upcoming", upcoming);
		put_bool(c, m, "past", !upcoming);
		if (it->role == DOC_ITEM && timed_collection(it->collection)) {
			put(c, m, "ends", value_new_string_borrowed(c->a, when->u.str.ptr, when->u.str.len));
			if (full && upcoming)
				put(c, m, "as_of", as_of(c));
		}
	}
	for (size_t l = 0; full && l < c->s->cfg->nlanguages; l++) {
		if (!it->text[l] || !render_in_scope(c->s, c->scope, site_page(c->s, it->group, l)))
			continue;
		struct value *e = value_new_map(c->a);
		put_text(c, e, "code", c->s->cfg->languages[l].code);
		put_text(c, e, "name", c->s->cfg->languages[l].name);
		put(c, e, "url", url_to(c, site_page(c->s, it->group, l)->path));
		value_list_push(c->a, langs, e);
	}
	put(c, m, "written_in", langs);
}

/* The page's own text: its translation, or the original when there is none (marked as such). */
static void put_content(struct ctx *c, struct value *page, const struct item *it)
{
	const struct doc *d = it->text[c->lang] ? it->text[c->lang] : it->original;
	const struct doc *b = site_body_doc(it, c->lang); /* d, or the original for a blank translation */
	const struct config_language *lang = &c->s->cfg->languages[d->lang];
	const struct config_language *body_lang = &c->s->cfg->languages[b->lang];
	const struct render_text *t = text_of(c, b);
	bool print = c->p->kind == PAGE_PRINT;
	const char *html = print ? t->print : t->html;
	size_t len = print ? t->print_len : t->html_len;

	put(c, page, "content", value_new_string_borrowed(c->a, html ? html : "", html ? len : 0));
	put_bool(c, page, "fallback", d->lang != c->lang);
	/* the front matter is translated, the body not yet: the body says which language it is in */
	put_bool(c, page, "body_fallback", d->lang == c->lang && b->lang != c->lang);
	put_text(c, page, "content_lang", body_lang->code);
	put_text(c, page, "content_dir", body_lang->rtl ? "rtl" : "ltr");
	put_text(c, page, "body_lang_name", body_lang->name);
	put(c, page, "lang_of", fields_lang(c, it));
	/* For elements that show the text's own fields: on a page shown in the original's language, they
	 * say which language they are in. Made of validated language codes only, so templates may write it
	 * unescaped: <p{{{page.content_attrs}}}>. */
	strbuf_reset(&c->sb);
	if (d->lang != c->lang)
		strbuf_addf(&c->sb, " lang=\"%s\" dir=\"%s\"", lang->code, lang->rtl ? "rtl" : "ltr");
	put(c, page, "content_attrs", value_new_string(c->a, c->sb.buf, c->sb.len));
	put_text(c, page, "content_lang_name", lang->name);
	put(c, page, "meta", it->meta[c->lang]);
	put_item_facts(c, page, it, true);
	if (d->updated[0]) {
		put_text(c, page, "updated", d->updated);
		strbuf_reset(&c->sb);
		if (!locale_format_date(&c->sb, c->s->cfg->languages[c->lang].code, d->updated, 10))
			put(c, page, "updated_text", value_new_string(c->a, c->sb.buf, c->sb.len));
	}
	put_bool(c, page, "outdated", d->outdated && d->lang == c->lang);
	/* the file behind the page, in the repository host's web editor (GitHub's form of address) */
	if (c->scope->mode == RENDER_ONLINE && c->s->cfg->repo_url) {
		strbuf_reset(&c->sb);
		strbuf_addf(&c->sb, "%s/edit/%s/%s", c->s->cfg->repo_url, c->s->cfg->repo_branch, d->path);
		put(c, page, "edit_url", value_new_string(c->a, c->sb.buf, c->sb.len));
	}
}

static const struct value *default_terms(void *ctx, const char *field)
{
	const struct ctx *c = ctx;

	return i18n_field_terms(c->s->i18n->lang[c->s->cfg->default_language], c->s->cfg, field);
}

static void add_encoded(struct strbuf *out, const char *s, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";

	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];
		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || strchr("-_.~", ch))
			strbuf_addch(out, (char)ch);
		else
			strbuf_addf(out, "%%%c%c", hex[ch >> 4], hex[ch & 15]);
	}
}

/* The repository host's new-file editor (GitHub's form of address) in col's folder, filled in with the
 * scaffold `jisite new` would write. */
static struct value *submit_url(struct ctx *c, const struct config_collection *col)
{
	const struct config *cfg = c->s->cfg;
	struct strbuf text = STRBUF_INIT, url = STRBUF_INIT, what = STRBUF_INIT;
	struct scaffold sc = { .schema = col->schema, .today = c->s->today, .terms = default_terms, .ctx = c };
	static const char file[] = "your-resource/index.md";
	struct value *v;

	strbuf_addf(&what, "A new item of %s", col->name);
	sc.what = what.buf;
	if (col->schema)
		scaffold_make(&text, &sc);
	else
		strbuf_addstr(&text, "---\ntitle: \"…\"\n---\n");
	strbuf_addf(&url, "%s/new/%s/content/%s?filename=", cfg->repo_url, cfg->repo_branch, col->name);
	add_encoded(&url, file, strlen(file));
	strbuf_addstr(&url, "&value=");
	add_encoded(&url, text.buf, text.len);
	v = value_new_string(c->a, url.buf, url.len);
	strbuf_release(&text);
	strbuf_release(&url);
	strbuf_release(&what);
	return v;
}

/* The search page: its index (beside it), the way from it to the language's root (which the index's
 * URLs start from), and the listings to browse instead when the script cannot run: the searched
 * collections and the taxonomies that filter them. */
static void put_search(struct ctx *c, struct value *m)
{
	const struct config *cfg = c->s->cfg;
	struct value *browse = value_new_list(c->a);
	struct strbuf root = STRBUF_INIT;

	for (const char *d = c->p->dir; *d; d++)
		if (*d == '/')
			strbuf_addstr(&root, "../");
	put_text(c, m, "search_index", SEARCH_INDEX_FILE);
	put(c, m, "search_root", value_new_string(c->a, root.buf, root.len));
	for (size_t i = 0; i < cfg->nsearch; i++)
		if (!cfg->search[i]->left_out) /* for members only, in the public build */
			push(c, browse, link_to(c, c->s->collection_groups[cfg->search[i] - cfg->collections], NULL));
	for (size_t i = 0; i < cfg->nsearch_facets; i++)
		push(c, browse, link_to(c, c->s->taxonomies[cfg->search_facets[i] - cfg->taxonomies].group, NULL));
	put(c, m, "browse", browse);
	strbuf_release(&root);
}

/* A feed: its media type, title and URL, appended to list; returns its map. */
static struct value *push_feed(struct ctx *c, struct value *list, const char *type, const char *title,
			       const char *path)
{
	struct value *m = value_new_map(c->a);

	put_text(c, m, "type", type);
	put_text(c, m, "title", title);
	put(c, m, "url", url_to(c, path));
	value_list_push(c->a, list, m);
	return m;
}

/* A subscribe link: a feed titled by its label (ui.subscribe_<kind>), with the kind for the theme (feed,
 * podcast, calendar). */
static void push_subscribe(struct ctx *c, struct value *list, const char *kind, const char *type, const char *path)
{
	char key[32];

	snprintf(key, sizeof(key), "subscribe_%s", kind);
	put_text(c, push_feed(c, list, type, i18n_find(c->s->i18n, c->lang, "ui", key), path), "kind", kind);
}

/* The home page's lists (site.yaml's home): each with its heading, its listing and its items, each item
 * with the date (or year) it is sorted by and, in a list of several collections, its collection. */
static struct value *home_lists(struct ctx *c)
{
	const struct config *cfg = c->s->cfg;
	struct value *lists = value_new_list(c->a);
	const struct item *shown[100];

	for (size_t l = 0; l < cfg->nhome; l++) {
		const struct config_home_list *h = &cfg->home[l];
		size_t n = home_select(c->s, h, c->lang, shown), group;
		struct value *m = value_new_map(c->a), *items = value_new_list(c->a);

		strbuf_reset(&c->sb);
		strbuf_addf(&c->sb, "home_%s", h->name);
		put_text(c, m, "name", h->name);
		put_text(c, m, "title", i18n_find(c->s->i18n, c->lang, "ui", c->sb.buf));
		/* featured items and a list of one say what they are about; the others are titles and dates */
		put_bool(c, m, "summaries", h->show == HOME_FEATURED || h->count == 1);
		group = c->s->collection_groups[h->collections[0] - cfg->collections];
		if (group_in_scope(c, group))
			put(c, m, "url", url_to_group(c, group));
		for (size_t i = 0; i < n; i++) {
			const struct value *by = h->by ? value_map_get(shown[i]->meta[c->lang], h->by) : NULL;
			struct value *e = item_summary(c, shown[i]);
			if (!e)
				continue;
			strbuf_reset(&c->sb);
			if (by && by->kind == VALUE_INT) {
				strbuf_addf(&c->sb, "%lld", (long long)by->u.i);
				put_text(c, e, "when_iso", arena_memdup0(c->a, c->sb.buf, c->sb.len));
				put(c, e, "when", value_new_string(c->a, c->sb.buf, c->sb.len));
			} else if (by && by->kind == VALUE_STRING && by->u.str.len >= 10) {
				put(c, e, "when_iso", value_new_string(c->a, by->u.str.ptr, 10));
				if (!locale_format_date(&c->sb, cfg->languages[c->lang].code, by->u.str.ptr, 10))
					put(c, e, "when", value_new_string(c->a, c->sb.buf, c->sb.len));
			}
			if (h->ncollections > 1)
				put_text(c, e, "collection_title",
					 i18n_find(c->s->i18n, c->lang, "collections", shown[i]->collection->name));
			value_list_push(c->a, items, e);
		}
		put(c, m, "items", items);
		value_list_push(c->a, lists, m);
	}
	return lists;
}

/* The visible "subscribe" links of a page (online only: an offline copy holds no feeds): the Atom feed on
 * the home page and its collections' listings, the podcast feed on its listing, the calendar on the
 * events' listing. */
static struct value *subscribe_links(struct ctx *c)
{
	const struct config *cfg = c->s->cfg;
	const struct page *p = c->p;
	struct value *list = value_new_list(c->a);
	struct strbuf path = STRBUF_INIT;
	bool atom = p->kind == PAGE_HOME;

	for (size_t i = 0; i < cfg->nfeed_atom; i++)
		atom |= p->kind == PAGE_LIST && p->collection == cfg->feed_atom[i];
	if (c->scope->mode != RENDER_ONLINE)
		return list;
	if (atom && cfg->nfeed_atom) {
		feed_atom_path(&path, cfg, c->lang);
		push_subscribe(c, list, "feed", "application/atom+xml", path.buf);
	}
	if (p->kind == PAGE_LIST && cfg->feed_podcast && p->collection == cfg->feed_podcast) {
		strbuf_reset(&path);
		feed_podcast_path(&path, cfg, c->lang);
		push_subscribe(c, list, "podcast", "application/rss+xml", path.buf);
	}
	if (p->kind == PAGE_LIST && cfg->feed_calendar && p->collection == cfg->feed_calendar) {
		strbuf_reset(&path);
		ical_calendar_path(&path, cfg, c->lang);
		push_subscribe(c, list, "calendar", "text/calendar", path.buf);
	}
	strbuf_release(&path);
	return list;
}

static struct value *page_map(struct ctx *c)
{
	const struct page *p = c->p;
	struct value *m = value_new_map(c->a);
	static const char *const kinds[] = { "is_home", "is_page", "is_item", "is_list", "is_taxonomy", "is_term",
					     "is_chapter", "is_print", "is_downloads", "is_submit", "is_search" };

	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
		put_bool(c, m, kinds[k], (size_t)p->kind == k);
	put_text(c, m, "title", group_title(c, p->group));
	put_bool(c, m, "members", p->item && for_members(p->item)); /* for members only: marked */
	put_title_lang(c, m, p->item);
	put(c, m, "breadcrumbs", breadcrumbs(c));
	if (p->item && (p->kind != PAGE_LIST || p->number == 1))
		put_content(c, m, p->item);
	if (p->item && p->kind != PAGE_LIST && p->kind != PAGE_PRINT)
		put(c, m, "terms", item_terms(c, p->item));
	if (p->item && (p->item->nchapters || p->item->parent))
		put_chapters(c, m, p->item);
	if (p->kind == PAGE_PRINT)
		put_sections(c, m, p->item);
	if (p->collection) {
		struct value *col = link_to(c, c->s->collection_groups[p->collection - c->s->cfg->collections], NULL);
		if (col) {
			put_text(c, col, "name", p->collection->name);
			put(c, m, "collection", col);
		}
	}
	if (p->kind == PAGE_LIST || p->kind == PAGE_TERM)
		put(c, m, "list", listing(c));
	if (p->kind == PAGE_TAXONOMY)
		put(c, m, "terms_of_taxonomy", term_list(c));
	if (p->kind == PAGE_SUBMIT)
		put(c, m, "submit_url", submit_url(c, p->collection));
	if (p->kind == PAGE_SEARCH)
		put_search(c, m);
	if (p->kind == PAGE_HOME)
		put(c, m, "home_lists", home_lists(c));
	put(c, m, "subscribe", subscribe_links(c));
	/* "Add to calendar": the event's own .ics, published beside its page (online only) */
	if (p->kind == PAGE_ITEM && p->collection == c->s->cfg->feed_calendar && c->scope->mode == RENDER_ONLINE) {
		struct strbuf path = STRBUF_INIT;
		ical_event_path(&path, p);
		put(c, m, "calendar_url", url_to(c, path.buf));
		strbuf_release(&path);
	}
	/* the listing of the collection the site invites submissions to leads to the submit page */
	if (p->kind == PAGE_LIST && p->collection == c->s->cfg->repo_submit && group_in_scope(c, c->s->submit_group) &&
	    c->s->submit_group != SIZE_MAX)
		put(c, m, "submit_page_url", url_to_group(c, c->s->submit_group));
	return m;
}

/* The feeds a page offers in its head: the Atom feed on every page, the podcast feed on its collection's
 * pages, the calendar on the events' pages (on an event's page, its own). Online only: an offline copy
 * holds no feeds. */
static struct value *feed_links(struct ctx *c)
{
	const struct config *cfg = c->s->cfg;
	const struct page *p = c->p;
	struct value *list = value_new_list(c->a);
	struct strbuf path = STRBUF_INIT;
	const char *name;

	if (cfg->nfeed_atom) {
		feed_atom_path(&path, cfg, c->lang);
		push_feed(c, list, "application/atom+xml", i18n_find(c->s->i18n, c->lang, "site_title", NULL), path.buf);
	}
	if (cfg->feed_podcast && p->collection == cfg->feed_podcast) {
		strbuf_reset(&path);
		feed_podcast_path(&path, cfg, c->lang);
		name = i18n_find(c->s->i18n, c->lang, "collections", cfg->feed_podcast->name);
		push_feed(c, list, "application/rss+xml", name ? name : cfg->feed_podcast->name, path.buf);
	}
	if (cfg->feed_calendar && p->collection == cfg->feed_calendar) {
		strbuf_reset(&path);
		if (p->kind == PAGE_ITEM)
			ical_event_path(&path, p);
		else
			ical_calendar_path(&path, cfg, c->lang);
		name = p->kind == PAGE_ITEM ? item_title(c, p->item)
					    : i18n_find(c->s->i18n, c->lang, "collections", cfg->feed_calendar->name);
		push_feed(c, list, "text/calendar", name ? name : cfg->feed_calendar->name, path.buf);
	}
	strbuf_release(&path);
	return list;
}

/* What a page says of itself to search engines and to sites a link to it is shared on: its summary in its
 * language (or the site's description, ui.footer_note) on one line, and for Open Graph its absolute address, its
 * kind and its language as a locale. */
static void put_metadata(struct ctx *c, struct value *m)
{
	const struct page *p = c->p;
	/* the summary the page's language gives (its own text's, or the original's when in its language):
	 * a page shown in another language's words describes itself in the site's words */
	const struct doc *d = p->item ? p->item->text[c->lang] : NULL;
	const struct value *summary = d ? value_map_get(d->meta, "summary") : NULL;
	const char *text = summary && summary->kind == VALUE_STRING ? summary->u.str.ptr
								      : i18n_find(c->s->i18n, c->lang, "ui", "footer_note");
	const char *code = c->s->cfg->languages[c->lang].code;
	bool space = false;

	strbuf_reset(&c->sb);
	for (const char *t = text ? text : ""; *t; t++) {
		if (*t == ' ' || *t == '\n' || *t == '\t' || *t == '\r') {
			space = c->sb.len > 0;
			continue;
		}
		if (space)
			strbuf_addch(&c->sb, ' ');
		space = false;
		strbuf_addch(&c->sb, *t);
	}
	put(c, m, "description", value_new_string(c->a, c->sb.buf, c->sb.len));
	strbuf_reset(&c->sb);
	strbuf_addf(&c->sb, "%s%s", c->s->cfg->base_url, p->path);
	put(c, m, "page_url", value_new_string(c->a, c->sb.buf, c->sb.len));
	put_text(c, m, "og_type", p->kind == PAGE_ITEM || p->kind == PAGE_CHAPTER ? "article" : "website");
	strbuf_reset(&c->sb);
	for (const char *t = code; *t; t++)
		strbuf_addch(&c->sb, *t == '-' ? '_' : *t);
	put(c, m, "og_locale", value_new_string(c->a, c->sb.buf, c->sb.len));
}

/* The footer's links (site.yaml's footer) and the licence of the content. */
static void put_footer(struct ctx *c, struct value *m)
{
	const struct config *cfg = c->s->cfg;
	struct value *links = value_new_list(c->a);

	for (size_t f = 0; f < cfg->nfooter; f++)
		if (c->s->footer_groups[f] != SIZE_MAX)
			push(c, links, link_to(c, c->s->footer_groups[f], NULL));
	put(c, m, "footer_links", links);
	if (cfg->license_name) {
		struct value *lic = value_new_map(c->a);
		const char *text = i18n_find(c->s->i18n, c->lang, "ui", "license_text");
		const char *at = text ? strstr(text, "{license}") : NULL;
		put_text(c, lic, "name", cfg->license_name);
		put_text(c, lic, "url", cfg->license_url);
		/* "Text licensed under {license}": the words around the licence's linked name */
		if (at) {
			put(c, lic, "before", value_new_string(c->a, text, (size_t)(at - text)));
			put_text(c, lic, "after", at + strlen("{license}"));
		}
		put(c, m, "license", lic);
	}
	if (cfg->repo_url)
		put_text(c, m, "repository_url", cfg->repo_url);
	if (c->scope->mode == RENDER_ONLINE) { /* an offline copy holds no feeds */
		struct value *feeds = value_new_list(c->a);
		struct strbuf path = STRBUF_INIT;
		if (cfg->nfeed_atom) {
			feed_atom_path(&path, cfg, c->lang);
			push_subscribe(c, feeds, "feed", "application/atom+xml", path.buf);
		}
		if (cfg->feed_podcast) {
			strbuf_reset(&path);
			feed_podcast_path(&path, cfg, c->lang);
			push_subscribe(c, feeds, "podcast", "application/rss+xml", path.buf);
		}
		if (cfg->feed_calendar) {
			strbuf_reset(&path);
			ical_calendar_path(&path, cfg, c->lang);
			push_subscribe(c, feeds, "calendar", "text/calendar", path.buf);
		}
		put(c, m, "footer_feeds", feeds);
		strbuf_release(&path);
	}
}

static struct value *site_context(struct ctx *c)
{
	const struct config_language *lang = &c->s->cfg->languages[c->lang];
	struct value *m = value_new_map(c->a);
	size_t home;

	put_text(c, m, "lang", lang->code);
	put_text(c, m, "lang_name", lang->name);
	put_text(c, m, "dir", lang->rtl ? "rtl" : "ltr");
	put_bool(c, m, "rtl", lang->rtl);
	strbuf_reset(&c->sb);
	if (!locale_numbering(&c->sb, lang->code)) /* the digits of the page's numbers, for its scripts and CSS */
		put(c, m, "numbering", value_new_string(c->a, c->sb.buf, c->sb.len));
	put_text(c, m, "site_title", i18n_find(c->s->i18n, c->lang, "site_title", NULL));
	put(c, m, "t", (struct value *)i18n_ui(c->s->i18n, c->lang));
	put(c, m, "assets", assets(c));
	put(c, m, "languages", languages(c));
	put(c, m, "menu", menu(c));
	/* a product's offline copy starts at the product */
	home = group_in_scope(c, 0) || !c->scope->product ? 0 : c->scope->product->group;
	put(c, m, "home_url", url_to_group(c, home));
	put(c, m, "root_url", url_to(c, ""));
	put_bool(c, m, "offline", c->scope->mode != RENDER_ONLINE);
	if (c->scope->release && c->p->kind == PAGE_HOME) {
		/* which release the copy is, and how to update it: on its home page only */
		put_text(c, m, "release", c->scope->release);
		put(c, m, "update_url", url_to(c, "update.html"));
	}
	put_bool(c, m, "members_build", c->s->cfg->members_build); /* noindex, and a notice on every page */
	if (c->scope->mode == RENDER_ONLINE) {
		put(c, m, "feeds", feed_links(c));
		put_metadata(c, m);
	}
	put_footer(c, m);
	if (group_in_scope(c, c->s->downloads_group))
		put(c, m, "downloads_url", url_to_group(c, c->s->downloads_group));
	if (c->s->search_group != SIZE_MAX && group_in_scope(c, c->s->search_group))
		put(c, m, "search_url", url_to_group(c, c->s->search_group));
	return m;
}

static const char *layout_name(const struct config *cfg, const struct page *p)
{
	switch (p->kind) {
	case PAGE_HOME: return "home";
	case PAGE_PAGE: return "page";
	case PAGE_ITEM: return p->collection->layout;
	case PAGE_LIST: return p->collection->list_layout;
	case PAGE_TAXONOMY: return "taxonomy";
	case PAGE_TERM: return "term";
	case PAGE_CHAPTER: return cfg->chapter_layout;
	case PAGE_PRINT: return "print";
	case PAGE_DOWNLOADS: return "downloads";
	case PAGE_SUBMIT: return "submit";
	case PAGE_SEARCH: return "search";
	}
	return "page";
}

int render_check_layouts(const struct site *s, const struct theme *th, struct diag_list *diags)
{
	static const char *const fixed[] = { "home", "page", "taxonomy", "term", "root", "downloads" };
	const struct config *cfg = s->cfg;
	int ret = 0;

	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		if (!theme_layout(th, fixed[i])) {
			diag_error(diags, cfg->path, 1, 1, "theme '%s' has no layout '%s' (themes/%s/layouts/%s.mustache)",
				   th->name, fixed[i], th->name, fixed[i]);
			ret = -1;
		}
	}
	if (s->search_group != SIZE_MAX && !theme_layout(th, "search")) {
		diag_error(diags, cfg->path, 1, 1, "the search page needs layout 'search', which theme '%s' does not have",
			   th->name);
		ret = -1;
	}
	if (s->submit_group != SIZE_MAX && !theme_layout(th, "submit")) {
		diag_error(diags, cfg->path, 1, 1, "the submit page needs layout 'submit', which theme '%s' does not have",
			   th->name);
		ret = -1;
	}
	for (size_t i = 0; i < s->nitems; i++) {
		if (s->items[i].role == DOC_CHAPTER && !theme_layout(th, cfg->chapter_layout)) {
			diag_error(diags, cfg->path, 1, 1, "chapters need layout '%s', which theme '%s' does not have",
				   cfg->chapter_layout, th->name);
			ret = -1;
			break;
		}
		if (s->items[i].role == DOC_CHAPTER && !theme_layout(th, "print")) {
			diag_error(diags, cfg->path, 1, 1, "items with chapters need layout 'print', which theme '%s' does "
				   "not have", th->name);
			ret = -1;
			break;
		}
	}
	for (size_t i = 0; i < cfg->ncollections; i++) {
		const struct config_collection *col = &cfg->collections[i];
		const char *need[] = { col->layout, col->list_layout };
		for (size_t k = 0; k < 2; k++) {
			if (theme_layout(th, need[k]))
				continue;
			diag_error(diags, cfg->path, col->where->line, col->where->col,
				   "collection '%s' needs layout '%s', which theme '%s' does not have", col->name,
				   need[k], th->name);
			ret = -1;
		}
	}
	return ret;
}

int render_page(struct strbuf *out, const struct site *s, const struct theme *th, const struct page *p,
		const struct render_scope *scope, const struct render_texts *texts, const struct value *extra,
		struct arena *scratch, struct diag_list *diags)
{
	struct ctx c = { .a = scratch, .s = s, .th = th, .p = p, .lang = p->lang, .scope = scope, .texts = texts,
			 .sb = STRBUF_INIT };
	const struct value *stack[2];
	struct value *page;
	int ret;

	stack[0] = site_context(&c);
	stack[1] = value_new_map(scratch);
	page = page_map(&c);
	for (size_t i = 0; extra && extra->kind == VALUE_MAP && i < extra->u.map.len; i++)
		value_map_add(scratch, page, extra->u.map.entries[i].key, extra->u.map.entries[i].val);
	put(&c, (struct value *)stack[1], "page", page);
	ret = mustache_render_stack(out, theme_layout(th, layout_name(s->cfg, p)), stack, 2, &th->partials,
				    MUSTACHE_STRICT_PARTIALS, diags);
	strbuf_release(&c.sb);
	return ret;
}

int render_root(struct strbuf *out, const struct site *s, const struct theme *th, const struct render_scope *scope,
		struct arena *scratch, struct diag_list *diags)
{
	struct page root = { .kind = PAGE_HOME, .path = "", .dir = "", .lang = s->cfg->default_language };
	struct ctx c = { .a = scratch, .s = s, .th = th, .p = &root, .lang = root.lang, .scope = scope, .texts = NULL,
			 .sb = STRBUF_INIT };

	/* an offline copy's root leads to its one language, or to its product */
	if (scope->mode != RENDER_ONLINE)
		root.lang = c.lang = scope->lang;
	if (scope->product)
		root.group = scope->product->group;
	struct value *ctx = site_context(&c);
	int ret;

	ret = mustache_render(out, theme_layout(th, "root"), ctx, &th->partials, MUSTACHE_STRICT_PARTIALS, diags);
	strbuf_release(&c.sb);
	return ret;
}

int render_update_page(struct strbuf *out, const struct site *s, const struct theme *th,
		       const struct render_scope *scope, struct arena *scratch, struct diag_list *diags)
{
	struct page here = { .kind = PAGE_PAGE, .path = "", .dir = "", .lang = scope->lang, .group = 0 };
	struct ctx c = { .a = scratch, .s = s, .th = th, .p = &here, .lang = scope->lang, .scope = scope,
			 .sb = STRBUF_INIT };
	const struct value *stack[2];
	struct value *page;
	int ret;

	if (!theme_layout(th, "update"))
		return 1;
	stack[0] = site_context(&c);
	stack[1] = value_new_map(scratch);
	page = value_new_map(scratch);
	put_text(&c, page, "title", i18n_find(s->i18n, scope->lang, "ui", "update_title"));
	put_text(&c, page, "release", scope->release);
	/* the downloads page of the site online, where the updates are */
	if (s->downloads_group != SIZE_MAX) {
		strbuf_reset(&c.sb);
		strbuf_addf(&c.sb, "%s%s", s->cfg->base_url, site_page(s, s->downloads_group, scope->lang)->path);
		put(&c, page, "downloads_online", value_new_string(scratch, c.sb.buf, c.sb.len));
	}
	put(&c, (struct value *)stack[1], "page", page);
	ret = mustache_render_stack(out, theme_layout(th, "update"), stack, 2, &th->partials,
				    MUSTACHE_STRICT_PARTIALS, diags);
	strbuf_release(&c.sb);
	return ret ? -1 : 0;
}

/* The page of language lang (or, with lang SIZE_MAX, of the root) that the host shows for an address with
 * nothing behind it: the same header and footer as the language's home page, every URL a path from
 * base_url's ("/en/"), as it is served at any address: the host's own or a preview's. Its languages lead to their homes and their own page. */
static int render_not_found_page(struct strbuf *out, const struct site *s, const struct theme *th, size_t lang,
				 const char *layout, struct arena *scratch, struct diag_list *diags)
{
	size_t l = lang == SIZE_MAX ? s->cfg->default_language : lang;
	struct page here = { .kind = PAGE_HOME, .path = "", .dir = "", .lang = l, .group = 0 };
	struct ctx c = { .a = scratch, .s = s, .th = th, .p = &here, .lang = l, .scope = &render_online,
			 .sb = STRBUF_INIT, .absolute = true };
	const struct value *stack[2];
	struct value *page, *langs;
	int ret;

	if (lang != SIZE_MAX)
		here.path = site_page(s, 0, lang)->path;
	stack[0] = site_context(&c);
	stack[1] = value_new_map(scratch);
	page = value_new_map(scratch);
	put_text(&c, page, "title", i18n_find(s->i18n, l, "ui", "not_found"));
	put_bool(&c, page, "is_not_found", true);
	put(&c, (struct value *)stack[1], "page", page);
	/* each language's own "not found" page, where the root's script sends a reader of it */
	langs = value_map_get(stack[0], "languages");
	for (size_t i = 0; langs && i < langs->u.list.len; i++) {
		const struct value *code = value_map_get(langs->u.list.items[i], "code");
		strbuf_reset(&c.sb);
		strbuf_addf(&c.sb, "%s%s/404.html", base_path(s->cfg->base_url), code->u.str.ptr);
		put(&c, langs->u.list.items[i], "not_found_url", value_new_string(scratch, c.sb.buf, c.sb.len));
	}
	ret = mustache_render_stack(out, theme_layout(th, layout), stack, 2, &th->partials, MUSTACHE_STRICT_PARTIALS,
				    diags);
	strbuf_release(&c.sb);
	return ret;
}

int render_not_found(struct strbuf *out, const struct site *s, const struct theme *th, size_t lang,
		     struct arena *scratch, struct diag_list *diags)
{
	const char *layout = lang == SIZE_MAX ? "root-404" : "404";

	if (!theme_layout(th, layout))
		return 1;
	return render_not_found_page(out, s, th, lang, layout, scratch, diags) ? -1 : 0;
}
