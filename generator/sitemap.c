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

/* The newest change of the texts page p shows: its own, or a listing's items and introduction. */
static const char *page_lastmod(const struct page *p)
{
	const char *m = "";

	switch (p->kind) {
	case PAGE_HOME:
	case PAGE_PAGE:
	case PAGE_ITEM:
	case PAGE_CHAPTER:
		return p->item ? feed_item_updated(p->item, p->lang) : "";
	case PAGE_PRINT:
		m = feed_item_updated(p->item, p->lang);
		for (size_t i = 0; i < p->item->nchapters; i++)
			m = newer(m, feed_item_updated(p->item->chapters[i], p->lang));
		return m;
	case PAGE_LIST:
	case PAGE_TERM:
		if (p->item && p->number <= 1)
			m = feed_item_updated(p->item, p->lang);
		for (size_t i = 0; i < p->nitems; i++)
			m = newer(m, feed_item_updated(p->items[i], p->lang));
		return m;
	case PAGE_TAXONOMY:
		for (size_t t = 0; t < p->taxonomy->nterms; t++)
			for (size_t i = 0; i < p->taxonomy->terms[t].nitems; i++)
				m = newer(m, feed_item_updated(p->taxonomy->terms[t].items[i], p->lang));
		return m;
	case PAGE_DOWNLOADS: /* made of the build's own files: no text's date says when they changed */
	case PAGE_SUBMIT:
	case PAGE_SEARCH:
		return "";
	}
	return "";
}

void sitemap_init(struct sitemap *sm, const struct site *s)
{
	sm->s = s;
	sm->lastmod = xcalloc(s->npages + 1, sizeof(*sm->lastmod));
	for (size_t i = 0; i < s->npages; i++)
		sm->lastmod[i] = page_lastmod(&s->pages[i]);
}

void sitemap_release(struct sitemap *sm)
{
	free(sm->lastmod);
	sm->lastmod = NULL;
}

void sitemap_digest(const struct sitemap *sm, struct digest *dg)
{
	const struct config *cfg = sm->s->cfg;

	digest_add_str(dg, "sitemap 1");
	digest_add_str(dg, cfg->base_url);
	digest_add_u64(dg, cfg->default_language);
	for (size_t l = 0; l < cfg->nlanguages; l++)
		digest_add_str(dg, cfg->languages[l].code);
	for (size_t i = 0; i < sm->s->npages; i++) {
		digest_add_str(dg, sm->s->pages[i].path);
		digest_add_u64(dg, sm->s->pages[i].kind);
		digest_add_str(dg, sm->lastmod[i]);
	}
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
	strbuf_addf(out, "User-agent: *\nAllow: /\n\nSitemap: %ssitemap.xml\n", cfg->base_url);
}
