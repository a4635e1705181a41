/* Atom and podcast RSS feeds (see feed.h), written after the pages from the model alone. */
#include "feed.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "util/datetime.h"
#include "util/xalloc.h"
#include "util/xml.h"

/* The show's category in Apple's list: the closest to a network of judges. */
#define PODCAST_CATEGORY "Government"

void feed_atom_path(struct strbuf *out, const struct config *cfg, size_t lang)
{
	strbuf_addf(out, "%s/feed.atom", cfg->languages[lang].code);
}

void feed_podcast_path(struct strbuf *out, const struct config *cfg, size_t lang)
{
	strbuf_addf(out, "%s/%s/feed.xml", cfg->languages[lang].code, cfg->feed_podcast->name);
}

void feed_absolute(struct strbuf *out, const struct config *cfg, const char *path)
{
	strbuf_addstr(out, cfg->base_url);
	strbuf_addstr(out, path);
}

const char *feed_item_updated(const struct item *it, size_t lang)
{
	const char *a = it->original ? it->original->updated : "", *b = it->text[lang] ? it->text[lang]->updated : "";

	return strcmp(a, b) >= 0 ? a : b;
}

/* A string field of the item's front matter in lang, or NULL. */
static const char *field(const struct item *it, size_t lang, const char *name)
{
	const struct value *v = value_map_get(it->meta[lang], name);

	return v && v->kind == VALUE_STRING ? v->u.str.ptr : NULL;
}

static void element(struct strbuf *out, const char *name, const char *text)
{
	strbuf_addf(out, "<%s>", name);
	xml_escape_str(out, text);
	strbuf_addf(out, "</%s>\n", name);
}

/* The day (or moment) text as form; the site's epoch when it is not a date (a feed where nothing has one). */
static void add_date(struct strbuf *out, const struct config *cfg, const char *text, enum datetime_form form)
{
	struct datetime dt;

	if (!text || datetime_parse(&dt, text, strlen(text)))
		dt.t = cfg->epoch;
	datetime_format(out, dt.t, form);
}

static void date_element(struct strbuf *out, const struct config *cfg, const char *name, const char *text,
			 enum datetime_form form)
{
	strbuf_addf(out, "<%s>", name);
	add_date(out, cfg, text, form);
	strbuf_addf(out, "</%s>\n", name);
}

/* An empty element that points at url: tag is its name and the attributes before href. */
static void href_element(struct strbuf *out, const char *tag, const char *url)
{
	strbuf_addf(out, "<%s href=\"", tag);
	xml_escape_str(out, url);
	strbuf_addstr(out, "\"/>\n");
}

/* An Atom author: a name only, since front matter never puts an address in a feed. */
static void author_element(struct strbuf *out, const char *name)
{
	strbuf_addstr(out, "<author><name>");
	xml_escape_str(out, name);
	strbuf_addstr(out, "</name></author>\n");
}

struct entry {
	const struct item *it;
	const char *date; /* its `date`, or "" */
	int64_t number;   /* podcasts: its episode number */
};

/* Newest first; the same day by episode number, then by folder, so the order never depends on the scan. */
static int entry_cmp(const void *pa, const void *pb)
{
	const struct entry *a = pa, *b = pb;
	int c = strcmp(b->date, a->date);

	if (c)
		return c;
	if (a->number != b->number)
		return a->number < b->number ? 1 : -1;
	return strcmp(a->it->dir, b->it->dir);
}

/* The items of the collections cols, sorted; the caller frees the array. */
static struct entry *entries(const struct site *s, const struct config_collection *const *cols, size_t ncols,
			     size_t *n)
{
	struct entry *e = xcalloc(s->nitems + 1, sizeof(*e));

	*n = 0;
	for (size_t i = 0; i < s->nitems; i++) {
		const struct item *it = &s->items[i];
		const struct value *num;
		size_t k = 0;
		if (it->role != DOC_ITEM)
			continue;
		while (k < ncols && cols[k] != it->collection)
			k++;
		if (k == ncols)
			continue;
		e[*n].it = it;
		e[*n].date = field(it, s->cfg->default_language, "date");
		if (!e[*n].date)
			e[*n].date = "";
		num = value_map_get(it->meta[s->cfg->default_language], "number");
		e[*n].number = num && num->kind == VALUE_INT ? num->u.i : 0;
		(*n)++;
	}
	qsort(e, *n, sizeof(*e), entry_cmp);
	return e;
}

static const char *site_title(const struct site *s, size_t lang)
{
	const char *t = i18n_find(s->i18n, lang, "site_title", NULL);

	return t ? t : s->cfg->title;
}

/* The entry's last change: its last edit or its date, whichever is later. */
static const char *entry_updated(const struct entry *e, size_t lang)
{
	const char *u = feed_item_updated(e->it, lang);

	return strcmp(u, e->date) > 0 ? u : e->date;
}

static void atom_entry(struct strbuf *out, const struct site *s, const struct entry *e, size_t lang)
{
	const struct item *it = e->it;
	const struct doc *d = it->text[lang] ? it->text[lang] : it->original;
	const struct page *p = site_page(s, it->group, lang);
	const char *title = field(it, lang, "title"), *summary = field(it, lang, "summary");
	const char *author = field(it, lang, "author");
	struct strbuf url = STRBUF_INIT;

	feed_absolute(&url, s->cfg, p->path);
	strbuf_addf(out, "<entry xml:lang=\"%s\">\n", s->cfg->languages[d->lang].code);
	/* the page's address: stable as long as the item keeps its folder */
	element(out, "id", url.buf);
	element(out, "title", title ? title : it->slug);
	date_element(out, s->cfg, "updated", entry_updated(e, lang), DATETIME_RFC3339);
	if (*e->date)
		date_element(out, s->cfg, "published", e->date, DATETIME_RFC3339);
	href_element(out, "link rel=\"alternate\" type=\"text/html\"", url.buf);
	if (summary) {
		strbuf_addstr(out, "<summary type=\"text\">");
		xml_escape_str(out, summary);
		strbuf_addstr(out, "</summary>\n");
	}
	if (author)
		author_element(out, author);
	strbuf_addstr(out, "</entry>\n");
	strbuf_release(&url);
}

void feed_atom(struct strbuf *out, const struct site *s, size_t lang)
{
	const struct config *cfg = s->cfg;
	struct strbuf self = STRBUF_INIT, home = STRBUF_INIT;
	size_t n;
	struct entry *e = entries(s, cfg->feed_atom, cfg->nfeed_atom, &n);
	const char *newest = "";

	for (size_t i = 0; i < n; i++)
		if (strcmp(entry_updated(&e[i], lang), newest) > 0)
			newest = entry_updated(&e[i], lang);
	feed_atom_path(&home, cfg, lang);
	feed_absolute(&self, cfg, home.buf);
	strbuf_addf(out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
			 "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"%s\">\n",
		    cfg->languages[lang].code);
	element(out, "id", self.buf);
	element(out, "title", site_title(s, lang));
	date_element(out, cfg, "updated", *newest ? newest : NULL, DATETIME_RFC3339);
	href_element(out, "link rel=\"self\" type=\"application/atom+xml\"", self.buf);
	strbuf_reset(&home);
	feed_absolute(&home, cfg, site_page(s, 0, lang)->path);
	href_element(out, "link rel=\"alternate\" type=\"text/html\"", home.buf);
	/* Atom wants an author for every entry: the site's, for those that name none */
	author_element(out, site_title(s, lang));
	strbuf_addstr(out, "<generator>jisite</generator>\n");
	for (size_t i = 0; i < n; i++)
		atom_entry(out, s, &e[i], lang);
	strbuf_addstr(out, "</feed>\n");
	free(e);
	strbuf_release(&self);
	strbuf_release(&home);
}

/* What a transcript is, from its name (the Podcast Index's list of types). */
static const char *transcript_type(const char *name)
{
	static const char *const types[][2] = { { ".txt", "text/plain" },  { ".vtt", "text/vtt" },
						{ ".srt", "application/srt" }, { ".html", "text/html" },
						{ ".json", "application/json" } };
	const char *dot = strrchr(name, '.');

	for (size_t i = 0; dot && i < sizeof(types) / sizeof(types[0]); i++)
		if (!strcmp(dot, types[i][0]))
			return types[i][1];
	return "text/plain";
}

static void podcast_item(struct strbuf *out, const struct site *s, const struct entry *e, size_t lang)
{
	const struct item *it = e->it;
	const char *title = field(it, lang, "title"), *summary = field(it, lang, "summary");
	const char *audio = field(it, lang, "audio"), *mime = field(it, lang, "mime");
	const char *duration = field(it, lang, "duration"), *transcript = field(it, lang, "transcript");
	const struct value *length = value_map_get(it->meta[lang], "length");
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(out, "<item>\n");
	element(out, "title", title ? title : it->slug);
	feed_absolute(&sb, s->cfg, site_page(s, it->group, lang)->path);
	element(out, "link", sb.buf);
	if (summary) {
		element(out, "description", summary);
		element(out, "itunes:summary", summary);
	}
	/* the same in every language and on every build: apps know an episode by it */
	strbuf_reset(&sb);
	strbuf_addf(&sb, "tag:%s:%s", s->cfg->tag_authority, it->dir);
	strbuf_addstr(out, "<guid isPermaLink=\"false\">");
	xml_escape(out, sb.buf, sb.len);
	strbuf_addstr(out, "</guid>\n");
	date_element(out, s->cfg, "pubDate", e->date, DATETIME_RFC822);
	if (audio && mime && length && length->kind == VALUE_INT) {
		strbuf_addstr(out, "<enclosure url=\"");
		xml_escape_str(out, audio);
		strbuf_addf(out, "\" length=\"%" PRId64 "\" type=\"", length->u.i);
		xml_escape_str(out, mime);
		strbuf_addstr(out, "\"/>\n");
	}
	if (duration)
		element(out, "itunes:duration", duration);
	if (e->number > 0)
		strbuf_addf(out, "<itunes:episode>%" PRId64 "</itunes:episode>\n", e->number);
	strbuf_addstr(out, "<itunes:explicit>false</itunes:explicit>\n");
	if (transcript) {
		strbuf_reset(&sb);
		feed_absolute(&sb, s->cfg, it->dir);
		strbuf_addstr(&sb, transcript);
		strbuf_addstr(out, "<podcast:transcript url=\"");
		xml_escape(out, sb.buf, sb.len);
		strbuf_addf(out, "\" type=\"%s\"/>\n", transcript_type(transcript));
	}
	strbuf_addstr(out, "</item>\n");
	strbuf_release(&sb);
}

void feed_podcast(struct strbuf *out, const struct site *s, size_t lang, const char *image)
{
	const struct config *cfg = s->cfg;
	const struct config_collection *col = cfg->feed_podcast;
	const struct page *list = site_page(s, s->collection_groups[col - cfg->collections], lang);
	const char *name = i18n_find(s->i18n, lang, "collections", col->name);
	const char *about = list->item ? field(list->item, lang, "summary") : NULL;
	struct strbuf title = STRBUF_INIT, sb = STRBUF_INIT, self = STRBUF_INIT;
	size_t n;
	struct entry *e = entries(s, &col, 1, &n);

	strbuf_addf(&title, "%s | %s", name ? name : col->name, site_title(s, lang));
	feed_podcast_path(&sb, cfg, lang);
	feed_absolute(&self, cfg, sb.buf);
	strbuf_addstr(out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
			   "<rss version=\"2.0\" xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\" "
			   "xmlns:podcast=\"https://podcastindex.org/namespace/1.0\" "
			   "xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n");
	element(out, "title", title.buf);
	strbuf_reset(&sb);
	feed_absolute(&sb, cfg, list->path);
	element(out, "link", sb.buf);
	element(out, "description", about ? about : title.buf);
	element(out, "language", cfg->languages[lang].code);
	href_element(out, "atom:link rel=\"self\" type=\"application/rss+xml\"", self.buf);
	if (image) {
		strbuf_addstr(out, "<image><url>");
		xml_escape_str(out, image);
		strbuf_addstr(out, "</url><title>");
		xml_escape(out, title.buf, title.len);
		strbuf_addstr(out, "</title><link>");
		xml_escape(out, sb.buf, sb.len);
		strbuf_addstr(out, "</link></image>\n");
		href_element(out, "itunes:image", image);
	}
	element(out, "itunes:author", site_title(s, lang));
	strbuf_addstr(out, "<itunes:category text=\"" PODCAST_CATEGORY "\"/>\n"
			   "<itunes:explicit>false</itunes:explicit>\n<itunes:type>episodic</itunes:type>\n");
	for (size_t i = 0; i < n; i++)
		podcast_item(out, s, &e[i], lang);
	strbuf_addstr(out, "</channel>\n</rss>\n");
	free(e);
	strbuf_release(&title);
	strbuf_release(&sb);
	strbuf_release(&self);
}
