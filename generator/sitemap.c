/* sitemap.xml (split past the protocol's limits) and robots.txt (see sitemap.h). */
#include "sitemap.h"

#include <stdlib.h>
#include <string.h>

#include "feed.h"
#include "util/xalloc.h"
#include "util/xml.h"

static const char *newer(const char *a, const char *b)
{
	return strcmp(a, b) >= 0 ? a : b;
}

/* The newest change of the texts page p shows: its own, or a listing's items and introduction. updated
 * holds every item's last change in every language (feed_item_updated), at [item * nlanguages + lang]: the
 * listings read an item's tens of times, and reading it from its texts, scattered over the model, was most
 * of the work. */
static const char *page_lastmod(const struct site *s, const char *const *updated, const struct page *p)
{
	size_t n = s->cfg->nlanguages;
	const char *m = "";

#define UPDATED(it) updated[(size_t)((it) - s->items) * n + p->lang]
	switch (p->kind) {
	case PAGE_HOME:
	case PAGE_PAGE:
	case PAGE_ITEM:
	case PAGE_CHAPTER:
		return p->item ? UPDATED(p->item) : "";
	case PAGE_PRINT:
		m = UPDATED(p->item);
		for (size_t i = 0; i < p->item->nchapters; i++)
			m = newer(m, UPDATED(p->item->chapters[i]));
		return m;
	case PAGE_LIST:
	case PAGE_TERM:
		if (p->item && p->number <= 1)
			m = UPDATED(p->item);
		for (size_t i = 0; i < p->nitems; i++)
			m = newer(m, UPDATED(p->items[i]));
		return m;
	case PAGE_TAXONOMY:
		for (size_t t = 0; t < p->taxonomy->nterms; t++)
			for (size_t i = 0; i < p->taxonomy->terms[t].nitems; i++)
				m = newer(m, UPDATED(p->taxonomy->terms[t].items[i]));
		return m;
	case PAGE_DOWNLOADS: /* made of the build's own files: no text's date says when they changed */
	case PAGE_SUBMIT:
	case PAGE_SEARCH:
		return "";
	}
#undef UPDATED
	return "";
}

void sitemap_init(struct sitemap *sm, const struct site *s)
{
	size_t n = s->cfg->nlanguages;
	const char **updated = xcalloc(s->nitems * n + 1, sizeof(*updated));

	for (size_t i = 0; i < s->nitems; i++)
		for (size_t l = 0; l < n; l++)
			updated[i * n + l] = feed_item_updated(&s->items[i], l);
	sm->s = s;
	sm->lastmod = xcalloc(s->npages + 1, sizeof(*sm->lastmod));
	for (size_t i = 0; i < s->npages; i++)
		sm->lastmod[i] = page_lastmod(s, updated, &s->pages[i]);
	free(updated);
}

void sitemap_release(struct sitemap *sm)
{
	free(sm->lastmod);
	sm->lastmod = NULL;
}

void sitemap_digest(const struct sitemap *sm, struct digest *dg)
{
	const struct config *cfg = sm->s->cfg;
	struct strbuf sb = STRBUF_INIT;

	digest_add_str(dg, "sitemap 1");
	digest_add_str(dg, cfg->base_url);
	digest_add_u64(dg, cfg->default_language);
	for (size_t l = 0; l < cfg->nlanguages; l++)
		digest_add_str(dg, cfg->languages[l].code);
	/* written out, then digested in large pieces: three digest calls a page cost more than their bytes */
	for (size_t i = 0; i < sm->s->npages; i++) {
		strbuf_add(&sb, sm->s->pages[i].path, strlen(sm->s->pages[i].path) + 1);
		strbuf_addch(&sb, (char)sm->s->pages[i].kind);
		strbuf_add(&sb, sm->lastmod[i], strlen(sm->lastmod[i]) + 1);
		if (sb.len > 65536) {
			digest_add(dg, sb.buf, sb.len);
			strbuf_reset(&sb);
		}
	}
	digest_add(dg, sb.buf, sb.len);
	strbuf_release(&sb);
}

static void add_url(struct strbuf *out, const struct config *cfg, const char *path)
{
	xml_escape_str(out, cfg->base_url);
	xml_escape_str(out, path);
}

/* One <url>: the page, its last change, and every language's version of it. */
static void url_entry(struct strbuf *out, const struct sitemap *sm, size_t i)
{
	const struct site *s = sm->s;
	const struct config *cfg = s->cfg;
	const struct page *p = &s->pages[i];

	strbuf_addstr(out, "<url><loc>");
	add_url(out, cfg, p->path);
	strbuf_addstr(out, "</loc>");
	if (*sm->lastmod[i])
		strbuf_addf(out, "<lastmod>%s</lastmod>", sm->lastmod[i]);
	strbuf_addch(out, '\n');
	for (size_t l = 0; l <= cfg->nlanguages; l++) {
		bool def = l == cfg->nlanguages; /* last: x-default, the default language's */
		strbuf_addf(out, "<xhtml:link rel=\"alternate\" hreflang=\"%s\" href=\"",
			    def ? "x-default" : cfg->languages[l].code);
		add_url(out, cfg, site_page(s, p->group, def ? cfg->default_language : l)->path);
		strbuf_addstr(out, "\"/>\n");
	}
	strbuf_addstr(out, "</url>\n");
}

static const char urlset_head[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
				  "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
				  "xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n";
static const char urlset_tail[] = "</urlset>\n";

struct writer {
	const struct sitemap *sm;
	sitemap_emit_fn *emit;
	void *ctx;
	struct strbuf file, name, index;
	size_t urls, nfiles;
	const char *newest; /* of the file being filled */
};

/* The file being filled is complete: it is sitemap-N.xml, and the index lists it. */
static int flush(struct writer *w)
{
	const struct config *cfg = w->sm->s->cfg;
	int ret;

	strbuf_addstr(&w->file, urlset_tail);
	strbuf_reset(&w->name);
	strbuf_addf(&w->name, "sitemap-%zu.xml", ++w->nfiles);
	ret = w->emit(w->ctx, w->name.buf, w->file.buf, w->file.len);
	strbuf_addstr(&w->index, "<sitemap><loc>");
	add_url(&w->index, cfg, w->name.buf);
	strbuf_addstr(&w->index, "</loc>");
	if (*w->newest)
		strbuf_addf(&w->index, "<lastmod>%s</lastmod>", w->newest);
	strbuf_addstr(&w->index, "</sitemap>\n");
	strbuf_reset(&w->file);
	strbuf_addstr(&w->file, urlset_head);
	w->urls = 0;
	w->newest = "";
	return ret;
}

int sitemap_write(const struct sitemap *sm, sitemap_emit_fn *emit, void *ctx, size_t *nfiles)
{
	struct writer w = {
		.sm = sm, .emit = emit, .ctx = ctx, .file = STRBUF_INIT, .name = STRBUF_INIT, .index = STRBUF_INIT,
		.newest = "",
	};
	struct strbuf entry = STRBUF_INIT;
	int ret = 0;

	strbuf_addstr(&w.file, urlset_head);
	for (size_t i = 0; i < sm->s->npages && !ret; i++) {
		strbuf_reset(&entry);
		url_entry(&entry, sm, i);
		if (w.urls == SITEMAP_MAX_URLS || w.file.len + entry.len + sizeof(urlset_tail) > SITEMAP_MAX_BYTES)
			ret = flush(&w);
		strbuf_addbuf(&w.file, &entry);
		w.urls++;
		w.newest = newer(w.newest, sm->lastmod[i]);
	}
	if (!ret && w.nfiles)
		ret = flush(&w);
	if (!ret && w.nfiles) {
		strbuf_reset(&w.file);
		strbuf_addstr(&w.file, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
				       "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
		strbuf_addbuf(&w.file, &w.index);
		strbuf_addstr(&w.file, "</sitemapindex>\n");
	} else if (!ret) {
		strbuf_addstr(&w.file, urlset_tail);
	}
	if (!ret)
		ret = emit(ctx, "sitemap.xml", w.file.buf, w.file.len);
	*nfiles = w.nfiles;
	strbuf_release(&entry);
	strbuf_release(&w.file);
	strbuf_release(&w.name);
	strbuf_release(&w.index);
	return ret;
}

void sitemap_robots(struct strbuf *out, const struct config *cfg)
{
	if (cfg->members_build) {
		strbuf_addstr(out, "User-agent: *\nDisallow: /\n");
		return;
	}
	strbuf_addf(out, "User-agent: *\nAllow: /\n\nSitemap: %ssitemap.xml\n", cfg->base_url);
}
