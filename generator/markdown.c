/* Markdown → HTML through cmark-gfm (see markdown.h): parse, rewrite the tree (check and rewrite link URLs,
 * give headings ids), then render the HTML (through html_sanitize when the page has raw HTML) and, on
 * request, the plain text. Called once per content file; the only file that includes cmark-gfm's headers. */
#include "markdown.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>

#include "html_sanitize.h"
#include "locale.h"
#include "markdown_limits.h"
#include "util/str.h"
#include "util/xalloc.h"

/* Raw HTML stays off (no CMARK_OPT_UNSAFE) in a page without any: cmark's own blanking of javascript: and
 * similar URLs is a second line of defence behind the link policy. A page with raw HTML is rendered with it
 * on, and html_sanitize parses the whole of the result (and checks every URL's scheme again). */
#define MARKDOWN_OPTIONS CMARK_OPT_FOOTNOTES

/* URLs longer than this are cut in messages: a data: URL can be megabytes long. */
#define URL_SHOWN_MAX 100

/* No "tagfilter": html_sanitize does its work, and more (it drops <script> rather than escaping it). */
static const char *const extension_names[] = { "table", "strikethrough", "autolink", "tasklist" };

/* Put before each raw HTML node's literal to find it in cmark's output, then taken out: cmark escapes '<'
 * in everything else it writes, so only a literal could hold it, and literals are skipped by their length. */
#define RAW_MARK "<!--jisite-raw-%zu-->"

static bool registered;

/* Every id given to a heading of the document, with the next suffix to try when the same slug comes again. */
struct slug_entry {
	char *key;
	unsigned next;
};

struct slug_set {
	struct slug_entry *items; /* open addressing; alloc is 0 or a power of two */
	size_t len, alloc;
};

/* Nodes collected while walking, changed after: cmark's iterator must not see the tree change under it. */
struct node_list {
	cmark_node **items;
	size_t n, alloc;
};

static void node_list_push(struct node_list *l, cmark_node *node)
{
	XGROW(l->items, l->alloc, l->n + 1);
	l->items[l->n++] = node;
}

/*
 * A raw HTML node: where its literal is in the HTML handed to html_sanitize, and where each of its lines is
 * in the source (a block's lines lose their block quote or list prefix; an inline's later lines their
 * indentation), found by looking for the line in the source after the previous one.
 */
struct raw_span {
	size_t html_off, len; /* len 0 when the literal was not found in the output (it always is) */
	size_t guess, block_start, block_end; /* cmark's start offset, and its block's lines */
	size_t first_line, nlines;            /* in render.raw_lines */
};

struct raw_line {
	size_t lit_off; /* where the line starts in the literal */
	size_t src_off; /* and in the source */
};

/* One markdown_render call. */
struct render {
	const struct markdown_options *opts;
	const char *text;
	size_t len;
	size_t *line_starts; /* byte offset of each body line, built on the first position asked for */
	size_t nlines, alloc_lines;
	size_t last_line, last_off; /* the previous offset_position answer, for the next */
	unsigned last_col;          /* 0: none yet */
	size_t autolink_end;        /* where the last autolink looked for in the source ends */
	cmark_node *block;          /* the block the walk last entered: the leaf block of the inlines after it */
	struct strbuf replacement;
	struct node_list raw, raw_alt, headings, unlink;
	struct raw_span *spans; /* one per node of raw, in the same order */
	size_t alloc_spans;
	struct raw_line *raw_lines;
	size_t nraw_lines, alloc_raw_lines;
	unsigned image_depth; /* images the walk is in: raw HTML there is the alt text's, rendered as text */
	struct slug_set slugs;
	int ret;
};

void markdown_init(void)
{
	if (registered)
		return;
	cmark_gfm_core_extensions_ensure_registered();
	registered = true;
}

static uint32_t slug_hash(const char *s, size_t len)
{
	uint32_t h = 2166136261u; /* FNV-1a */

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* The slot holding key, or the empty slot where it would go. The set must not be full. */
static struct slug_entry *slug_slot(const struct slug_set *set, const char *key, size_t len)
{
	size_t mask = set->alloc - 1, i = slug_hash(key, len) & mask;

	while (set->items[i].key && (strlen(set->items[i].key) != len || memcmp(set->items[i].key, key, len)))
		i = (i + 1) & mask;
	return &set->items[i];
}

static bool slug_used(const struct slug_set *set, const char *key, size_t len)
{
	return set->alloc && slug_slot(set, key, len)->key;
}

static void slug_insert(struct slug_set *set, const char *key, size_t len)
{
	struct slug_entry *e;

	if ((set->len + 1) * 2 > set->alloc) {
		struct slug_set bigger = { NULL, 0, set->alloc ? set->alloc * 2 : 16 };

		bigger.items = xcalloc(bigger.alloc, sizeof(*bigger.items));
		for (size_t i = 0; i < set->alloc; i++)
			if (set->items[i].key)
				*slug_slot(&bigger, set->items[i].key, strlen(set->items[i].key)) = set->items[i];
		bigger.len = set->len;
		free(set->items);
		*set = bigger;
	}
	e = slug_slot(set, key, len);
	e->key = xmemdup0(key, len);
	e->next = 1;
	set->len++;
}

static void slug_set_release(struct slug_set *set)
{
	for (size_t i = 0; i < set->alloc; i++)
		free(set->items[i].key);
	free(set->items);
	set->items = NULL;
	set->len = set->alloc = 0;
}

/*
 * Makes slug unique in the document: the first heading keeps it, later ones get "-1", "-2", … (skipping
 * any suffixed form that an earlier heading already has). The counter kept per slug keeps a document
 * of thousands of identical headings linear.
 */
static void slug_claim(struct slug_set *set, struct strbuf *slug)
{
	size_t base_len = slug->len;
	unsigned n;

	if (!slug_used(set, slug->buf, slug->len)) {
		slug_insert(set, slug->buf, slug->len);
		return;
	}
	n = slug_slot(set, slug->buf, base_len)->next;
	do {
		strbuf_setlen(slug, base_len);
		strbuf_addf(slug, "-%u", n++);
	} while (slug_used(set, slug->buf, slug->len));
	slug_insert(set, slug->buf, slug->len);
	slug_slot(set, slug->buf, base_len)->next = n;
}

/* Appends the text a heading's id is made from, as GitHub reads it from the HTML: text and code, also
 * inside links and emphasis, but not an image's description; a line break is a newline (which the id
 * then drops). */
static void heading_text(struct strbuf *out, cmark_node *heading)
{
	cmark_iter *it = cmark_iter_new(heading);
	cmark_event_type ev;
	unsigned in_image = 0;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		cmark_node_type type = cmark_node_get_type(node);

		if (type == CMARK_NODE_IMAGE) {
			in_image += ev == CMARK_EVENT_ENTER ? 1 : -1;
			continue;
		}
		if (ev != CMARK_EVENT_ENTER || in_image)
			continue;
		if (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE)
			strbuf_addstr(out, cmark_node_get_literal(node));
		else if (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK)
			strbuf_addch(out, '\n');
	}
	cmark_iter_free(it);
}

/*
 * GitHub's id for a heading (locale_heading_id: "Company's policy" → "companys-policy"), so links copied
 * from a GitHub preview work here; "section" when nothing is left of the text. None of its bytes needs
 * escaping in an HTML attribute.
 */
static void slugify(struct strbuf *slug, const char *s, size_t len)
{
	locale_heading_id(slug, s, len);
	if (!slug->len)
		strbuf_addstr(slug, "section");
}

/* Whether c may be in an id written as {#id}: what Pandoc and Hugo accept, and any non-ASCII letter. None
 * needs escaping in an attribute. */
static bool explicit_id_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
	       c == ':' || c == '.' || c >= 0x80;
}

/*
 * A heading's own id, written after its text as in Hugo, kramdown and Pandoc: "## Scope {#scope}". When the
 * heading's last text ends so, the attribute is cut from it (with the spaces before it) and the id put in
 * id. Anything else in the braces ("{#a .b}", "{# a}") stays text.
 */
static bool heading_explicit_id(cmark_node *heading, struct strbuf *id)
{
	cmark_node *last = cmark_node_last_child(heading);
	const char *lit, *open;
	size_t len, end;

	if (!last || cmark_node_get_type(last) != CMARK_NODE_TEXT || !(lit = cmark_node_get_literal(last)))
		return false;
	len = strlen(lit);
	end = len;
	while (end && (lit[end - 1] == ' ' || lit[end - 1] == '\t'))
		end--;
	if (end < 4 || lit[end - 1] != '}')
		return false;
	for (open = lit + end - 1; open > lit && *open != '{'; open--)
		;
	if (*open != '{' || open[1] != '#' || open + 2 == lit + end - 1)
		return false;
	for (const char *p = open + 2; p < lit + end - 1; p++)
		if (!explicit_id_char((unsigned char)*p))
			return false;
	strbuf_add(id, open + 2, (size_t)(lit + end - 1 - (open + 2)));
	end = (size_t)(open - lit);
	while (end && (lit[end - 1] == ' ' || lit[end - 1] == '\t'))
		end--;
	if (!end) {
		cmark_node_free(last); /* the heading is only the id: its text is empty */
	} else {
		char *text = xmemdup0(lit, end);
		cmark_node_set_literal(last, text);
		free(text);
	}
	return true;
}

/*
 * cmark's HTML renderer has no way to add an attribute to a heading, and raw HTML is off, so the heading
 * is replaced by a custom block (which renders only line breaks around it) holding a custom inline whose
 * enter and exit strings are the tags; its children move into that inline. A custom block alone would
 * not do: the renderer puts a newline after its enter string, so "<h2 id=…>\nTitle\n</h2>".
 *
 * The heading itself is only unlinked, and freed after rendering: the children's text still points into
 * its content buffer.
 */
static void heading_set_id(cmark_node *heading, const char *id)
{
	struct strbuf tag = STRBUF_INIT;
	cmark_node *block = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
	cmark_node *inl = cmark_node_new(CMARK_NODE_CUSTOM_INLINE);
	cmark_node *child;
	int level = cmark_node_get_heading_level(heading);

	strbuf_addf(&tag, "<h%d id=\"%s\">", level, id);
	cmark_node_set_on_enter(inl, tag.buf);
	strbuf_reset(&tag);
	strbuf_addf(&tag, "</h%d>", level);
	cmark_node_set_on_exit(inl, tag.buf);
	while ((child = cmark_node_first_child(heading))) {
		cmark_node_unlink(child);
		cmark_node_append_child(inl, child);
	}
	if (!cmark_node_append_child(block, inl) || !cmark_node_replace(heading, block))
		BUG("cmark refused the heading replacement");
	strbuf_release(&tag);
}

/* The id a heading without one of its own gets: GitHub's, made unique in the document. */
static void heading_auto_id(struct render *r, cmark_node *heading, struct strbuf *slug)
{
	struct strbuf text = STRBUF_INIT, tag = STRBUF_INIT;

	heading_text(&text, heading);
	slugify(slug, text.buf, text.len);
	/* cmark-gfm names footnotes fn-<label> and their references fnref-<label>: a heading "Fn 1" must not
	 * take the id of footnote 1 */
	if (starts_with(slug->buf, "fn-") || starts_with(slug->buf, "fnref-")) {
		strbuf_addf(&tag, "h-%s", slug->buf);
		strbuf_reset(slug);
		strbuf_addbuf(slug, &tag);
	}
	slug_claim(&r->slugs, slug);
	strbuf_release(&text);
	strbuf_release(&tag);
}

static void node_position(struct render *r, cmark_node *node, unsigned *line, unsigned *col);

/*
 * Gives every heading its id: first the ids written as {#id} (so that GitHub-style ids of the other
 * headings step around them), then the others. An id written twice is kept by the first heading only.
 */
static void headings_add_ids(struct render *r)
{
	struct strbuf *ids = xcalloc(r->headings.n ? r->headings.n : 1, sizeof(*ids));
	struct strbuf slug = STRBUF_INIT;

	for (size_t i = 0; i < r->headings.n; i++) {
		cmark_node *h = r->headings.items[i];
		unsigned line, col;

		strbuf_init(&ids[i], 0);
		if (!heading_explicit_id(h, &ids[i]))
			continue;
		if (!slug_used(&r->slugs, ids[i].buf, ids[i].len)) {
			slug_insert(&r->slugs, ids[i].buf, ids[i].len);
			continue;
		}
		node_position(r, h, &line, &col);
		diag_warning(r->opts->diags, r->opts->path, line, col, "the id '%s' is already used on the page: "
			     "this heading gets an id made from its text", ids[i].buf);
		strbuf_reset(&ids[i]);
	}
	for (size_t i = 0; i < r->headings.n; i++) {
		strbuf_reset(&slug);
		if (!ids[i].len)
			heading_auto_id(r, r->headings.items[i], &slug);
		heading_set_id(r->headings.items[i], ids[i].len ? ids[i].buf : slug.buf);
		strbuf_release(&ids[i]);
	}
	free(ids);
	strbuf_release(&slug);
}

/* Indexes where each body line starts, once per document; line ends as cmark sees them: \n, \r\n, \r. */
static void index_lines(struct render *r)
{
	if (r->nlines)
		return;
	XGROW(r->line_starts, r->alloc_lines, 1);
	r->line_starts[r->nlines++] = 0;
	for (size_t i = 0; i < r->len; i++) {
		if (r->text[i] != '\n' && r->text[i] != '\r')
			continue;
		if (r->text[i] == '\r' && i + 1 < r->len && r->text[i + 1] == '\n')
			i++;
		XGROW(r->line_starts, r->alloc_lines, r->nlines + 1);
		r->line_starts[r->nlines++] = i + 1;
	}
}

/* Where body line `line` (1-based) starts and ends (before its line end). */
static void line_span(struct render *r, int line, size_t *start, size_t *end)
{
	size_t i = line < 1 ? 0 : (size_t)line - 1;

	index_lines(r);
	if (i >= r->nlines) {
		*start = *end = r->len;
		return;
	}
	*start = r->line_starts[i];
	*end = i + 1 < r->nlines ? r->line_starts[i + 1] : r->len;
	while (*end > *start && (r->text[*end - 1] == '\n' || r->text[*end - 1] == '\r'))
		(*end)--;
}

/* The byte offset of cmark's line and column (which counts bytes), kept within the line. */
static size_t source_offset(struct render *r, int line, int col)
{
	size_t start, end;

	line_span(r, line, &start, &end);
	if (col > 1 && (size_t)col - 1 < end - start)
		return start + (size_t)col - 1;
	return col > 1 ? end : start;
}

/*
 * The line and column of a byte offset, as diagnostics count them: columns in characters, a byte-order
 * mark not counted. (cmark reads a NUL as the three bytes of U+FFFD: columns after a NUL are early.)
 * Counting goes on from the previous answer when it is earlier on the same line, so a long line full of
 * links is not counted again for each.
 */
static void offset_position(struct render *r, size_t off, unsigned *line, unsigned *col)
{
	size_t lo = 0, hi, i;

	index_lines(r);
	hi = r->nlines; /* the last line starting at or before off */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (r->line_starts[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	if (r->last_col && r->last_line == lo && r->last_off <= off) {
		i = r->last_off;
		*col = r->last_col;
	} else {
		i = r->line_starts[lo];
		if (!lo && r->len >= 3 && !memcmp(r->text, "\xEF\xBB\xBF", 3))
			i = off < 3 ? off : 3;
		*col = 1;
	}
	for (; i < off; i++)
		if (((unsigned char)r->text[i] & 0xC0) != 0x80)
			(*col)++;
	r->last_line = lo;
	r->last_off = off;
	r->last_col = *col;
	*line = (unsigned)lo + 1 + r->opts->line_offset;
}

/* An autolink's only child is its URL as written (without the "mailto:" or "http://" cmark adds). */
static const char *autolink_text(cmark_node *link)
{
	cmark_node *child = cmark_node_first_child(link);
	const char *url = cmark_node_get_url(link), *text, *rest;

	if (!child || cmark_node_next(child) || cmark_node_get_type(child) != CMARK_NODE_TEXT)
		return NULL;
	text = cmark_node_get_literal(child);
	if (!text || !text[0])
		return NULL;
	if (!strcmp(url, text) || (skip_prefix(url, "mailto:", &rest) && !strcmp(rest, text)) ||
	    (skip_prefix(url, "http://", &rest) && !strcmp(rest, text)))
		return text;
	return NULL;
}

static bool text_at(const struct render *r, size_t off, const char *s, size_t len)
{
	return off <= r->len && r->len - off >= len && !memcmp(r->text + off, s, len);
}

/* Finds s in text[from..to), right after a '<' if pointy. */
static bool find_text(const struct render *r, size_t from, size_t to, const char *s, size_t len, bool pointy,
		      size_t *at)
{
	const char *p;

	while (from < to && to - from >= len && (p = memchr(r->text + from, s[0], to - from - len + 1))) {
		size_t i = (size_t)(p - r->text);

		if (!memcmp(p, s, len) && (!pointy || (i > 0 && r->text[i - 1] == '<'))) {
			*at = i;
			return true;
		}
		from = i + 1;
	}
	return false;
}

/*
 * cmark-gfm 0.29 misplaces autolinks: a <…> one gets its offset in the paragraph's text rather than in
 * its line (wrong inside a block quote or list item, or on a paragraph's later line), a www. one is one
 * column early, and one found in bare text starting with a scheme (https://…, ftp://…) or an e-mail
 * address has no position at all. Its text is its URL as written, so it is looked for in the source: in
 * its line, or without one in its block, after the previous autolink looked for (the walk follows the
 * source, footnotes aside).
 */
static void autolink_offset(struct render *r, cmark_node *link, cmark_node *block, size_t *off)
{
	const char *text = autolink_text(link);
	bool pointy = cmark_node_get_start_line(link) > 0; /* of those cmark places, only <…> ones can be off */
	size_t from, to, unused, len, at;

	if (!text || r->text[*off] == '[')
		return;
	len = strlen(text);
	if (pointy) {
		if ((r->text[*off] == '<' && text_at(r, *off + 1, text, len)) || text_at(r, *off, text, len))
			return;
		if (text_at(r, *off + 1, text, len)) {
			(*off)++;
			return;
		}
		line_span(r, cmark_node_get_start_line(link), &from, &to);
	} else {
		line_span(r, cmark_node_get_start_line(block), &from, &unused);
		line_span(r, cmark_node_get_end_line(block), &unused, &to);
	}
	if (r->autolink_end > from && r->autolink_end < to)
		from = r->autolink_end;
	if (!find_text(r, from, to, text, len, pointy, &at))
		return;
	r->autolink_end = at + len;
	*off = pointy ? at - 1 : at;
}

/*
 * Where a link or image starts in the file: its '[', '!', '<', or the first character of a bare URL.
 * cmark-gfm gives [text](url) and ![alt](url) their own start, as it does most inlines (not line breaks);
 * autolinks are corrected above; a node without one would get its enclosing block's start. On a
 * paragraph's later lines cmark counts from the column the first line's text starts in, which is wrong
 * where a later line's text starts elsewhere (indented, or lazy in a block quote).
 */
static void node_position(struct render *r, cmark_node *node, unsigned *line, unsigned *col)
{
	cmark_node *block = r->block ? r->block : node; /* not up from node: images nest thousands deep */
	size_t off;

	while (block && (cmark_node_get_start_line(block) <= 0 ||
			 (cmark_node_get_type(block) & CMARK_NODE_TYPE_MASK) != CMARK_NODE_TYPE_BLOCK))
		block = cmark_node_parent(block);
	if (!block) {
		*line = *col = 0;
		return;
	}
	if (cmark_node_get_start_line(node) > 0)
		off = source_offset(r, cmark_node_get_start_line(node), cmark_node_get_start_column(node));
	else
		off = source_offset(r, cmark_node_get_start_line(block), cmark_node_get_start_column(block));
	if (cmark_node_get_type(node) == CMARK_NODE_LINK && off < r->len)
		autolink_offset(r, node, block, &off);
	offset_position(r, off, line, col);
}

static bool ascii_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/*
 * Length of url's scheme (RFC 3986: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) then ':'), or 0 when it
 * has none. A single letter is taken for a Windows drive ("C:\x"), not a scheme.
 */
static size_t url_scheme_len(const char *url)
{
	size_t i = 0;

	if (!ascii_alpha(url[0]))
		return 0;
	while (ascii_alpha(url[i]) || (url[i] >= '0' && url[i] <= '9') || url[i] == '+' || url[i] == '-' ||
	       url[i] == '.')
		i++;
	return url[i] == ':' && i > 1 ? i : 0;
}

/* Whether the scheme url[0..len) is name, ignoring ASCII case (independent of the locale). */
static bool scheme_is(const char *url, size_t len, const char *name)
{
	if (strlen(name) != len)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = url[i] >= 'A' && url[i] <= 'Z' ? (char)(url[i] - 'A' + 'a') : url[i];

		if (c != name[i])
			return false;
	}
	return true;
}

/* Where a URL is written: a Markdown link or image (placed only when a message needs it), or an attribute
 * of raw HTML (placed by html_sanitize). */
struct url_site {
	cmark_node *node; /* NULL for raw HTML */
	unsigned line, col;
};

enum url_verdict {
	URL_KEEP,    /* as written */
	URL_REPLACE, /* by r->replacement */
	URL_UNLINK,  /* keep only the link's text, or the image's description */
	URL_REFUSED, /* reported: the URL is not written */
	URL_FAILED   /* the callback reported an error: left as written */
};

static void url_site_position(struct render *r, const struct url_site *site, unsigned *line, unsigned *col)
{
	if (site->node) {
		node_position(r, site->node, line, col);
	} else {
		*line = site->line;
		*col = site->col;
	}
}

/* Reports a URL the policy refuses: the caller writes it empty (or not at all), so the page still renders
 * with nothing unsafe in it. */
static enum url_verdict refuse_url(struct render *r, const struct url_site *site, const char *url, bool image,
				   const char *advice)
{
	size_t shown = strlen(url);
	unsigned line, col;

	if (shown > URL_SHOWN_MAX) {
		shown = URL_SHOWN_MAX;
		while (shown && ((unsigned char)url[shown] & 0xC0) == 0x80)
			shown--; /* not in the middle of a character */
	}
	url_site_position(r, site, &line, &col);
	diag_error(r->opts->diags, r->opts->path, line, col, "%s '%.*s%s' is not allowed: %s",
		   image ? "image" : "link to", (int)shown, url, url[shown] ? "..." : "", advice);
	r->ret = -1;
	return URL_REFUSED;
}

/* Hands a relative URL to the caller; its replacement, if it gave one, is left in r->replacement. */
static enum url_verdict resolve_url(struct render *r, const struct url_site *site, const char *url, bool image)
{
	struct markdown_link link;

	if (!r->opts->link)
		return URL_KEEP;
	link.kind = image ? MARKDOWN_IMAGE : MARKDOWN_LINK;
	link.url = url;
	url_site_position(r, site, &link.line, &link.col);
	strbuf_reset(&r->replacement);
	switch (r->opts->link(r->opts->ctx, &link, &r->replacement)) {
	case 0:
		return r->replacement.len ? URL_REPLACE : URL_KEEP;
	case MARKDOWN_UNLINK:
		return URL_UNLINK;
	default:
		r->ret = -1;
		return URL_FAILED;
	}
}

/* Puts a link's (or an image's) children where it was, and drops it. */
static void unlink_node(cmark_node *node)
{
	cmark_node *child;

	while ((child = cmark_node_first_child(node)))
		cmark_node_insert_before(node, child);
	cmark_node_free(node);
}

/* The link policy, the same for Markdown's links and images and for raw HTML's a href and img src. */
static enum url_verdict url_policy(struct render *r, const struct url_site *site, const char *url, bool image)
{
	size_t scheme;

	if (!url[0])
		return URL_KEEP;
	if (url[0] == '/' && url[1] == '/')
		return refuse_url(r, site, url, image, "use http or https explicitly");
	scheme = url_scheme_len(url);
	if (!scheme)
		return resolve_url(r, site, url, image);
	if (scheme_is(url, scheme, "http") || scheme_is(url, scheme, "https"))
		return URL_KEEP;
	if (!image && scheme_is(url, scheme, "mailto"))
		return URL_KEEP;
	return refuse_url(r, site, url, image,
			  image ? "use an http or https address" : "use an http, https or mailto address");
}

static void check_url(struct render *r, cmark_node *node)
{
	struct url_site site = { node, 0, 0 };
	const char *url = cmark_node_get_url(node);

	if (!url)
		return;
	switch (url_policy(r, &site, url, cmark_node_get_type(node) == CMARK_NODE_IMAGE)) {
	case URL_REPLACE:
		cmark_node_set_url(node, r->replacement.buf);
		break;
	case URL_UNLINK:
		node_list_push(&r->unlink, node);
		break;
	case URL_REFUSED:
		cmark_node_set_url(node, "");
		break;
	default:
		break;
	}
}

/* Finds s[0..len) in hay[from..to). */
static bool find_bytes(const char *hay, size_t from, size_t to, const char *s, size_t len, size_t *at)
{
	const char *p;

	if (!len) {
		*at = from;
		return from <= to;
	}
	while (from < to && to - from >= len && (p = memchr(hay + from, s[0], to - from - len + 1))) {
		if (!memcmp(p, s, len)) {
			*at = (size_t)(p - hay);
			return true;
		}
		from = (size_t)(p - hay) + 1;
	}
	return false;
}

/* Notes a raw HTML node, where cmark places it and the lines of its block, to find its lines in the source
 * once the walk is done. Raw HTML in an image's description goes: cmark would write it as alt text. */
static void raw_add(struct render *r, cmark_node *node)
{
	cmark_node *block = r->block ? r->block : node;
	struct raw_span *sp;
	size_t unused;

	if (r->image_depth) {
		node_list_push(&r->raw_alt, node);
		return;
	}
	while (cmark_node_parent(block) && cmark_node_get_start_line(block) <= 0)
		block = cmark_node_parent(block);
	node_list_push(&r->raw, node);
	XGROW(r->spans, r->alloc_spans, r->raw.n);
	sp = &r->spans[r->raw.n - 1];
	memset(sp, 0, sizeof(*sp));
	sp->guess = source_offset(r, cmark_node_get_start_line(node), cmark_node_get_start_column(node));
	line_span(r, cmark_node_get_start_line(block), &sp->block_start, &unused);
	line_span(r, cmark_node_get_end_line(block), &unused, &sp->block_end);
	if (sp->block_end < sp->guess || sp->block_start > sp->guess) {
		sp->block_start = 0;
		sp->block_end = r->len;
	}
}

/*
 * Finds each line of a raw node's literal in the source: the first from where cmark places it, or after the
 * previous raw node of the same block (cmark misplaces inlines after a line break), each later one after
 * the line before. A line not found (a NUL cmark replaced) is placed where the search stood.
 */
static void raw_locate(struct render *r, struct raw_span *sp, const char *lit, size_t *cursor)
{
	size_t pos = sp->guess, len = strlen(lit), i = 0;

	if (*cursor > pos && *cursor < sp->block_end)
		pos = *cursor;
	sp->len = len;
	sp->first_line = r->nraw_lines;
	for (;;) {
		size_t end = i, seg, at;
		bool found;

		while (end < len && lit[end] != '\n')
			end++;
		seg = end > i && lit[end - 1] == '\r' ? end - 1 - i : end - i;
		found = find_bytes(r->text, pos, sp->block_end, lit + i, seg, &at) ||
			(i == 0 && find_bytes(r->text, sp->block_start, sp->block_end, lit, seg, &at));
		if (found)
			pos = at + seg;
		XGROW(r->raw_lines, r->alloc_raw_lines, r->nraw_lines + 1);
		r->raw_lines[r->nraw_lines].lit_off = i;
		r->raw_lines[r->nraw_lines++].src_off = found ? at : pos;
		if (end >= len)
			break;
		i = end + 1;
	}
	sp->nlines = r->nraw_lines - sp->first_line;
	*cursor = pos;
}

/* Places every raw node's lines, then puts a mark before each literal, to find it in cmark's output. */
static void raw_mark(struct render *r)
{
	struct strbuf lit = STRBUF_INIT;
	size_t cursor = 0;

	for (size_t i = 0; i < r->raw.n; i++) {
		const char *literal = cmark_node_get_literal(r->raw.items[i]);

		raw_locate(r, &r->spans[i], literal ? literal : "", &cursor);
		strbuf_reset(&lit);
		strbuf_addf(&lit, RAW_MARK, i);
		strbuf_addstr(&lit, literal ? literal : "");
		cmark_node_set_literal(r->raw.items[i], lit.buf);
	}
	strbuf_release(&lit);
}

/* Copies cmark's output without the marks, noting where each literal is in the copy. */
static void raw_unmark(struct render *r, struct strbuf *clean, const char *html)
{
	struct strbuf mark = STRBUF_INIT;
	size_t pos = 0, len = strlen(html), at;

	for (size_t i = 0; i < r->raw.n; i++) {
		struct raw_span *sp = &r->spans[i];

		strbuf_reset(&mark);
		strbuf_addf(&mark, RAW_MARK, i);
		if (!find_bytes(html, pos, len, mark.buf, mark.len, &at) || len - at - mark.len < sp->len) {
			sp->html_off = clean->len; /* not written (cmark never leaves one out): nothing to place */
			sp->len = 0;
			continue;
		}
		strbuf_add(clean, html + pos, at - pos);
		sp->html_off = clean->len;
		strbuf_add(clean, html + at + mark.len, sp->len);
		pos = at + mark.len + sp->len;
	}
	strbuf_add(clean, html + pos, len - pos);
	strbuf_release(&mark);
}

/* html_sanitize's where: inside a literal, the place in the source; elsewhere, the previous literal's. */
static bool raw_where(void *ctx, size_t off, unsigned *line, unsigned *col)
{
	struct render *r = ctx;
	size_t lo = 0, hi = r->raw.n, delta, k, src;
	const struct raw_span *sp;
	bool inside;

	while (lo < hi) { /* the first span starting after off */
		size_t mid = lo + (hi - lo) / 2;

		if (r->spans[mid].html_off <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo) {
		*line = *col = 0;
		return false;
	}
	sp = &r->spans[lo - 1];
	delta = off - sp->html_off;
	inside = delta < sp->len;
	if (!inside)
		delta = 0;
	for (k = sp->first_line; k + 1 < sp->first_line + sp->nlines && r->raw_lines[k + 1].lit_off <= delta;)
		k++;
	src = r->raw_lines[k].src_off + (delta - r->raw_lines[k].lit_off);
	offset_position(r, src < r->len ? src : r->len, line, col);
	return inside;
}

/* html_sanitize's url: the link policy, as for Markdown. */
static int raw_url(void *ctx, enum html_url_kind kind, const char *url, unsigned line, unsigned col,
		   struct strbuf *replacement)
{
	struct render *r = ctx;
	struct url_site site = { NULL, line, col };

	switch (url_policy(r, &site, url, kind == HTML_URL_IMAGE)) {
	case URL_REPLACE:
		strbuf_addbuf(replacement, &r->replacement);
		return 0;
	case URL_UNLINK:
		return HTML_SANITIZE_UNWRAP;
	case URL_REFUSED:
		return -1;
	default:
		return 0;
	}
}

/* An editor's id: taken when no heading nor earlier element has it, so no later heading takes it either. */
static bool raw_claim_id(void *ctx, const char *id, size_t len)
{
	struct render *r = ctx;

	if (slug_used(&r->slugs, id, len))
		return false;
	slug_insert(&r->slugs, id, len);
	return true;
}

static void raw_note_id(void *ctx, const char *id, size_t len)
{
	struct render *r = ctx;

	if (!slug_used(&r->slugs, id, len))
		slug_insert(&r->slugs, id, len);
}

/* The page's HTML when it has raw HTML: cmark's output without the marks, through html_sanitize. */
static void render_safe(struct render *r, struct strbuf *html, const char *out)
{
	struct strbuf clean = STRBUF_INIT;
	struct html_sanitize_options o = { 0 };

	o.path = r->opts->path;
	o.diags = r->opts->diags;
	o.ctx = r;
	o.where = raw_where;
	o.url = raw_url;
	o.claim_id = raw_claim_id;
	o.note_id = raw_note_id;
	raw_unmark(r, &clean, out);
	if (html_sanitize(html, clean.buf, clean.len, &o) < 0)
		r->ret = -1;
	strbuf_release(&clean);
}

/* Checks every URL and collects what is changed after the walk: raw HTML to sanitize, headings to give
 * ids. */
static void walk_tree(struct render *r, cmark_node *doc)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);

		if (ev != CMARK_EVENT_ENTER) {
			if (cmark_node_get_type(node) == CMARK_NODE_IMAGE)
				r->image_depth--;
			continue;
		}
		if ((cmark_node_get_type(node) & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK)
			r->block = node;
		switch (cmark_node_get_type(node)) {
		case CMARK_NODE_LINK:
			check_url(r, node);
			break;
		case CMARK_NODE_IMAGE:
			check_url(r, node);
			r->image_depth++;
			break;
		case CMARK_NODE_HTML_BLOCK:
		case CMARK_NODE_HTML_INLINE:
			raw_add(r, node);
			break;
		case CMARK_NODE_HEADING:
			node_list_push(&r->headings, node);
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
}

static void plain_newline(struct strbuf *plain, size_t start)
{
	if (plain->len > start && plain->buf[plain->len - 1] != '\n')
		strbuf_addch(plain, '\n');
}

static bool is_block(cmark_node_type type)
{
	return (type & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK;
}

/* The extensions' node types are not in Debian's headers; their names are. */
static bool is_table_cell(cmark_node *node)
{
	return !strcmp(cmark_node_get_type_string(node), "table_cell");
}

/* The text content: what a reader sees, a line per block (and per table row, its cells between spaces). */
static void render_plain(struct strbuf *plain, cmark_node *doc)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	size_t start = plain->len;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		cmark_node_type type = cmark_node_get_type(node);

		if (ev == CMARK_EVENT_EXIT) {
			if (is_block(type) && !is_table_cell(node))
				plain_newline(plain, start);
			continue;
		}
		if (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE) {
			strbuf_addstr(plain, cmark_node_get_literal(node));
		} else if (type == CMARK_NODE_CODE_BLOCK) {
			plain_newline(plain, start);
			strbuf_addstr(plain, cmark_node_get_literal(node));
			plain_newline(plain, start);
		} else if (type == CMARK_NODE_SOFTBREAK) {
			strbuf_addch(plain, ' ');
		} else if (type == CMARK_NODE_LINEBREAK) {
			strbuf_addch(plain, '\n');
		} else if (is_block(type) && is_table_cell(node) && cmark_node_previous(node)) {
			strbuf_addch(plain, ' ');
		}
	}
	cmark_iter_free(it);
}

static cmark_parser *parser_new(void)
{
	cmark_parser *parser = cmark_parser_new(MARKDOWN_OPTIONS);

	for (size_t i = 0; i < sizeof(extension_names) / sizeof(extension_names[0]); i++) {
		cmark_syntax_extension *ext = cmark_find_syntax_extension(extension_names[i]);

		if (!ext)
			BUG("markdown_render called before markdown_init");
		cmark_parser_attach_syntax_extension(parser, ext);
	}
	return parser;
}

/* Refuses text that cmark-gfm would take too long over (see markdown_limits.h), at the place that is over. */
static bool within_limits(struct render *r)
{
	struct strbuf why = STRBUF_INIT;
	unsigned line, col;
	size_t at;
	bool ok = markdown_within_limits(r->text, r->len, &at, &why);

	if (!ok) {
		offset_position(r, at, &line, &col);
		diag_error(r->opts->diags, r->opts->path, line, col, "%s", why.buf);
	}
	strbuf_release(&why);
	return ok;
}

static void render_tree(struct render *r, struct strbuf *html, struct strbuf *plain)
{
	cmark_parser *parser = parser_new();
	cmark_node *doc;
	char *out;

	cmark_parser_feed(parser, r->text, r->len);
	doc = cmark_parser_finish(parser);
	walk_tree(r, doc);
	for (size_t i = 0; i < r->raw_alt.n; i++)
		cmark_node_free(r->raw_alt.items[i]); /* unlinks it too */
	if (r->raw.n)
		raw_mark(r);
	headings_add_ids(r);
	for (size_t i = 0; i < r->unlink.n; i++)
		unlink_node(r->unlink.items[i]);

	out = cmark_render_html(doc, MARKDOWN_OPTIONS | (r->raw.n ? CMARK_OPT_UNSAFE : 0),
				cmark_parser_get_syntax_extensions(parser));
	if (r->raw.n)
		render_safe(r, html, out);
	else
		strbuf_addstr(html, out);
	free(out);
	if (plain)
		render_plain(plain, doc);

	cmark_node_free(doc);
	for (size_t i = 0; i < r->headings.n; i++)
		cmark_node_free(r->headings.items[i]);
	cmark_parser_free(parser);
}

int markdown_render(struct strbuf *html, struct strbuf *plain, const char *text, size_t len,
		    const struct markdown_options *opts)
{
	struct render r = { 0 };

	r.opts = opts;
	r.text = text;
	r.len = len;
	strbuf_init(&r.replacement, 0);
	for (size_t i = 0; i < opts->nreserved_ids; i++)
		slug_insert(&r.slugs, opts->reserved_ids[i], strlen(opts->reserved_ids[i]));
	if (within_limits(&r))
		render_tree(&r, html, plain);
	else
		r.ret = -1;
	free(r.raw.items);
	free(r.raw_alt.items);
	free(r.spans);
	free(r.raw_lines);
	free(r.headings.items);
	free(r.unlink.items);
	free(r.line_starts);
	slug_set_release(&r.slugs);
	strbuf_release(&r.replacement);
	return r.ret;
}
