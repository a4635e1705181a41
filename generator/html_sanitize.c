/* Raw HTML made safe (see html_sanitize.h): markdown.c hands over a page's rendered HTML when the page has raw
 * HTML in it; gumbo parses it as a fragment and only what the allow-list below names is written again, from
 * the tree. Nothing of the input is copied through unparsed. */
#include "html_sanitize.h"

#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gumbo.h>

#include "util/xalloc.h"

/*
 * The allow-list. Every element here may carry id (checked: one word of at most 100 bytes, not used yet in
 * the page), lang (a language tag), dir (ltr, rtl or auto) and title; the attributes named beside it are
 * the only others it may carry, with their values checked by attr_value_ok. The first block is what cmark-gfm itself
 * writes (tables, task lists, footnotes included), the second what editors write.
 */
static const struct allowed {
	GumboTag tag;
	const char *attrs; /* space-separated */
} allowed[] = {
	{ GUMBO_TAG_P, "" },
	{ GUMBO_TAG_H1, "" },
	{ GUMBO_TAG_H2, "" },
	{ GUMBO_TAG_H3, "" },
	{ GUMBO_TAG_H4, "" },
	{ GUMBO_TAG_H5, "" },
	{ GUMBO_TAG_H6, "" },
	{ GUMBO_TAG_EM, "" },
	{ GUMBO_TAG_STRONG, "" },
	{ GUMBO_TAG_DEL, "" },
	{ GUMBO_TAG_CODE, "class" },
	{ GUMBO_TAG_PRE, "" },
	{ GUMBO_TAG_BLOCKQUOTE, "" },
	{ GUMBO_TAG_UL, "" },
	{ GUMBO_TAG_OL, "start" },
	{ GUMBO_TAG_LI, "" },
	{ GUMBO_TAG_HR, "" },
	{ GUMBO_TAG_BR, "" },
	{ GUMBO_TAG_A, "href title class data-footnote-ref data-footnote-backref data-footnote-backref-idx "
		       "aria-label" },
	{ GUMBO_TAG_IMG, "src alt title width height" },
	{ GUMBO_TAG_TABLE, "" },
	{ GUMBO_TAG_THEAD, "" },
	{ GUMBO_TAG_TBODY, "" },
	{ GUMBO_TAG_TR, "" },
	{ GUMBO_TAG_TH, "align colspan rowspan" },
	{ GUMBO_TAG_TD, "align colspan rowspan" },
	{ GUMBO_TAG_SECTION, "class data-footnotes" },
	{ GUMBO_TAG_SUP, "class" },
	{ GUMBO_TAG_INPUT, "type checked disabled" }, /* a task list's box: see input_ok */

	{ GUMBO_TAG_ASIDE, "" },
	{ GUMBO_TAG_DETAILS, "open" },
	{ GUMBO_TAG_SUMMARY, "" },
	{ GUMBO_TAG_FIGURE, "" },
	{ GUMBO_TAG_FIGCAPTION, "" },
	{ GUMBO_TAG_SUB, "" },
	{ GUMBO_TAG_KBD, "" },
	{ GUMBO_TAG_ABBR, "title" },
	{ GUMBO_TAG_MARK, "" },
	{ GUMBO_TAG_SMALL, "" },
	{ GUMBO_TAG_DL, "" },
	{ GUMBO_TAG_DT, "" },
	{ GUMBO_TAG_DD, "" },
	{ GUMBO_TAG_Q, "" },
	{ GUMBO_TAG_CITE, "" },
	{ GUMBO_TAG_S, "" },
	{ GUMBO_TAG_INS, "" },
	{ GUMBO_TAG_U, "" },
	{ GUMBO_TAG_B, "" },
	{ GUMBO_TAG_I, "" },
	{ GUMBO_TAG_BDI, "" },
	{ GUMBO_TAG_BDO, "" },
	{ GUMBO_TAG_SAMP, "" },
	{ GUMBO_TAG_VAR, "" },
	{ GUMBO_TAG_WBR, "" },
	{ GUMBO_TAG_CAPTION, "" },
	{ GUMBO_TAG_TFOOT, "" },
	{ GUMBO_TAG_COLGROUP, "span" },
	{ GUMBO_TAG_COL, "span" },
	{ GUMBO_TAG_SPAN, "" },
	{ GUMBO_TAG_DIV, "" },
};

/* Removed with everything in them: code, frames, embedded documents, form controls holding text, what
 * belongs in a document's head, and the elements whose content the parser does not read as HTML. Any element
 * outside HTML's namespace (<svg>, <math> and all in them) goes the same way. */
static const GumboTag dropped_with_content[] = {
	GUMBO_TAG_SCRIPT,   GUMBO_TAG_STYLE,     GUMBO_TAG_TEMPLATE, GUMBO_TAG_NOSCRIPT, GUMBO_TAG_IFRAME,
	GUMBO_TAG_FRAME,    GUMBO_TAG_FRAMESET,  GUMBO_TAG_OBJECT,   GUMBO_TAG_EMBED,    GUMBO_TAG_APPLET,
	GUMBO_TAG_TEXTAREA, GUMBO_TAG_SELECT,    GUMBO_TAG_OPTION,   GUMBO_TAG_OPTGROUP, GUMBO_TAG_DATALIST,
	GUMBO_TAG_TITLE,    GUMBO_TAG_BASE,      GUMBO_TAG_META,     GUMBO_TAG_LINK,     GUMBO_TAG_XMP,
	GUMBO_TAG_PLAINTEXT, GUMBO_TAG_NOEMBED,  GUMBO_TAG_NOFRAMES, GUMBO_TAG_PARAM,    GUMBO_TAG_KEYGEN,
	GUMBO_TAG_SVG,      GUMBO_TAG_MATH,
};

/* Written as cmark-gfm writes them ("<br />"): the same bytes, and XML for the EPUB. */
static const GumboTag void_elements[] = { GUMBO_TAG_BR, GUMBO_TAG_HR, GUMBO_TAG_IMG,
					  GUMBO_TAG_INPUT, GUMBO_TAG_COL, GUMBO_TAG_WBR };

/* Values of class that cmark-gfm writes; "language-" starts a code block's class. */
static const char *const cmark_classes[] = { "footnotes", "footnote-ref", "footnote-backref" };

#define ID_MAX 100
#define LANG_MAX 35
#define SHOWN_MAX 100

/* What happens to an element. */
enum action { KEEP, UNWRAP, DROP, DROP_INPUT };

/*
 * Gumbo's memory: every block it asks for is linked in a list, so all of it is freed at once without
 * gumbo's own recursive release (which a deeply nested page would run off the stack with), and so a parse
 * that goes over its budget can be left with longjmp: the HTML5 algorithm can make a quadratic number of
 * elements out of misnested formatting tags.
 */
struct links {
	struct links *prev, *next;
};

struct block {
	struct links links;
	max_align_t align[];
};

struct sanitize {
	const struct html_sanitize_options *opts;
	const char *html;
	size_t len;
	struct strbuf *out;
	struct links blocks; /* the list of gumbo's blocks */
	size_t budget;       /* bytes gumbo may still ask for */
	jmp_buf over;
	struct strbuf name, replacement, url;
	struct url_result {
		size_t off;
		int verdict;
		char *url;
	} *urls; /* editors' URLs checked so far, for the copies the parser makes of an element */
	size_t nurls, alloc_urls;
	int ret;
};

static void *gumbo_alloc(void *userdata, size_t size)
{
	struct sanitize *s = userdata;
	struct block *b;

	if (size > s->budget)
		longjmp(s->over, 1);
	s->budget -= size;
	b = xmalloc(sizeof(*b) + size);
	b->links.next = s->blocks.next;
	b->links.prev = &s->blocks;
	b->links.next->prev = &b->links;
	s->blocks.next = &b->links;
	return b->align;
}

static void gumbo_free(void *userdata, void *p)
{
	struct block *b;

	(void)userdata;
	if (!p)
		return;
	b = (struct block *)((char *)p - offsetof(struct block, align));
	b->links.prev->next = b->links.next;
	b->links.next->prev = b->links.prev;
	free(b);
}

static void free_blocks(struct sanitize *s)
{
	struct links *l = s->blocks.next;

	while (l != &s->blocks) {
		struct links *next = l->next;

		free((struct block *)((char *)l - offsetof(struct block, links)));
		l = next;
	}
	s->blocks.next = s->blocks.prev = &s->blocks;
}

static bool tag_in(GumboTag tag, const GumboTag *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (list[i] == tag)
			return true;
	return false;
}

static const struct allowed *allowed_find(GumboTag tag)
{
	for (size_t i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++)
		if (allowed[i].tag == tag)
			return &allowed[i];
	return NULL;
}

/* Whether name[0..len) is one of the words of the space-separated list. */
static bool word_in(const char *list, const char *name, size_t len)
{
	const char *p = list;

	while (*p) {
		size_t n = strcspn(p, " ");

		if (n == len && !memcmp(p, name, len))
			return true;
		p += n;
		p += strspn(p, " ");
	}
	return false;
}

static const GumboAttribute *attr_find(const GumboElement *el, const char *name)
{
	for (unsigned i = 0; i < el->attributes.length; i++) {
		const GumboAttribute *a = el->attributes.data[i];

		if (!strcmp(a->name, name))
			return a;
	}
	return NULL;
}

/* A task list's box as cmark-gfm writes it: a checkbox that cannot be changed. */
static bool input_ok(const GumboElement *el)
{
	const GumboAttribute *type = attr_find(el, "type");

	return type && !strcmp(type->value, "checkbox") && attr_find(el, "disabled");
}

static enum action element_action(const GumboNode *node)
{
	const GumboElement *el = &node->v.element;

	if (node->type == GUMBO_NODE_TEMPLATE || el->tag_namespace != GUMBO_NAMESPACE_HTML ||
	    tag_in(el->tag, dropped_with_content, sizeof(dropped_with_content) / sizeof(dropped_with_content[0])))
		return DROP;
	if (el->tag == GUMBO_TAG_INPUT)
		return input_ok(el) ? KEEP : DROP_INPUT;
	return allowed_find(el->tag) ? KEEP : UNWRAP;
}

/* The element's name as written, lowercased, into s->name. */
static const char *element_name(struct sanitize *s, const GumboElement *el)
{
	GumboStringPiece tag = el->original_tag;

	strbuf_reset(&s->name);
	if (el->tag != GUMBO_TAG_UNKNOWN) {
		strbuf_addstr(&s->name, gumbo_normalized_tagname(el->tag));
		return s->name.buf;
	}
	if (tag.length) {
		gumbo_tag_from_original_text(&tag);
		for (size_t i = 0; i < tag.length && i < SHOWN_MAX; i++) {
			char c = tag.data[i];

			strbuf_addch(&s->name, c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
		}
	}
	if (!s->name.len)
		strbuf_addstr(&s->name, "element");
	return s->name.buf;
}

static void escape(struct strbuf *out, const char *p, size_t len)
{
	size_t start = 0;

	for (size_t i = 0; i < len; i++) {
		const char *rep;

		switch (p[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		default: continue;
		}
		strbuf_add(out, p + start, i - start);
		strbuf_addstr(out, rep);
		start = i + 1;
	}
	strbuf_add(out, p + start, len - start);
}

/* Whether the warning about a node may be given: the copies the parser makes of an element (misnested
 * formatting tags) were warned about as the original. */
static bool from_editor(struct sanitize *s, const GumboNode *node, size_t off, unsigned *line, unsigned *col)
{
	bool editor = s->opts->where(s->opts->ctx, off, line, col);

	return editor && !(node->parse_flags & (GUMBO_INSERTION_RECONSTRUCTED_FORMATTING_ELEMENT |
						 GUMBO_INSERTION_ADOPTION_AGENCY_CLONED));
}

static bool digits(const char *v, size_t max)
{
	size_t n = strspn(v, "0123456789");

	return n && n <= max && !v[n];
}

static bool lang_ok(const char *v)
{
	size_t n = strspn(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-");

	return n && n <= LANG_MAX && !v[n];
}

static bool class_ok(GumboTag tag, const char *v)
{
	if (tag == GUMBO_TAG_CODE)
		return !strncmp(v, "language-", 9) && v[9] && !v[strcspn(v, " \t\n\f\r")];
	for (size_t i = 0; i < sizeof(cmark_classes) / sizeof(cmark_classes[0]); i++)
		if (!strcmp(v, cmark_classes[i]))
			return (tag == GUMBO_TAG_SECTION) == !strcmp(v, "footnotes") &&
			       (tag == GUMBO_TAG_SUP) == !strcmp(v, "footnote-ref");
	return false;
}

/* Whether an allowed attribute's value is one it may have (URLs and ids are checked apart). */
static bool attr_value_ok(GumboTag tag, const char *name, const char *v)
{
	if (!strcmp(name, "dir"))
		return !strcmp(v, "ltr") || !strcmp(v, "rtl") || !strcmp(v, "auto");
	if (!strcmp(name, "lang"))
		return lang_ok(v);
	if (!strcmp(name, "class"))
		return class_ok(tag, v);
	if (!strcmp(name, "width") || !strcmp(name, "height"))
		return digits(v, 5);
	if (!strcmp(name, "start"))
		return digits(v[0] == '-' ? v + 1 : v, 9);
	if (!strcmp(name, "colspan") || !strcmp(name, "rowspan") || !strcmp(name, "span") ||
	    !strcmp(name, "data-footnote-backref-idx"))
		return digits(v, 4);
	if (!strcmp(name, "align"))
		return !strcmp(v, "left") || !strcmp(v, "center") || !strcmp(v, "right");
	if (!strcmp(name, "type"))
		return !strcmp(v, "checkbox");
	if (!strncmp(name, "data-", 5) || !strcmp(name, "checked") || !strcmp(name, "disabled") ||
	    !strcmp(name, "open"))
		return !v[0];
	return true; /* title, alt, aria-label: text */
}

/* The first SHOWN_MAX bytes of v, not cutting a character. */
static int shown_len(const char *v)
{
	size_t n = strlen(v);

	if (n <= SHOWN_MAX)
		return (int)n;
	n = SHOWN_MAX;
	while (n && ((unsigned char)v[n] & 0xC0) == 0x80)
		n--;
	return (int)n;
}

/* Whether the attribute was written with a value ("=" after its name). */
static bool has_value(const struct sanitize *s, const GumboAttribute *a)
{
	size_t i = a->name_end.offset;

	while (i < s->len && (s->html[i] == ' ' || s->html[i] == '\t' || s->html[i] == '\n' || s->html[i] == '\f' ||
			      s->html[i] == '\r'))
		i++;
	return i < s->len && s->html[i] == '=';
}

static void write_attr(struct sanitize *s, const GumboAttribute *a, const char *value)
{
	strbuf_addch(s->out, ' ');
	strbuf_addstr(s->out, a->name);
	if (!value[0] && !has_value(s, a))
		return; /* as written: cmark-gfm writes data-footnotes without a value */
	strbuf_addstr(s->out, "=\"");
	escape(s->out, value, strlen(value));
	strbuf_addch(s->out, '"');
}

static const struct url_result *url_cached(const struct sanitize *s, size_t off)
{
	for (size_t i = s->nurls; i-- > 0;)
		if (s->urls[i].off == off)
			return &s->urls[i];
	return NULL;
}

/* A scheme that markup written by cmark-gfm may carry: its URLs went through the policy already, so this
 * only keeps a mistake from becoming a hole. */
static bool url_scheme_safe(const char *url)
{
	size_t n = strspn(url, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.");

	if (url[n] != ':' || n < 2)
		return !(url[0] == '/' && url[1] == '/');
	return (n == 4 && !strncasecmp(url, "http", 4)) || (n == 5 && !strncasecmp(url, "https", 5)) ||
	       (n == 6 && !strncasecmp(url, "mailto", 6));
}

/* The URL a browser reads: without the spaces and control characters around it, nor any tab or line break
 * inside ("java&#9;script:" is javascript:). */
static void url_normalize(struct strbuf *sb, const char *v)
{
	size_t len = strlen(v);

	while (len && (unsigned char)v[len - 1] <= ' ')
		len--;
	while (len && (unsigned char)*v <= ' ') {
		v++;
		len--;
	}
	strbuf_reset(sb);
	for (size_t i = 0; i < len; i++)
		if (v[i] != '\t' && v[i] != '\n' && v[i] != '\r')
			strbuf_addch(sb, v[i]);
}

/*
 * An editor's URL through the caller's policy, once per place in the source (the parser's copies of an
 * element get the first answer). Returns the verdict; *url is what to write.
 */
static int check_url(struct sanitize *s, const GumboElement *el, const GumboAttribute *a, const char **url)
{
	const struct url_result *known = url_cached(s, a->name_start.offset);
	unsigned line, col;
	int verdict;

	if (!known) {
		s->opts->where(s->opts->ctx, a->name_start.offset, &line, &col);
		strbuf_reset(&s->replacement);
		verdict = s->opts->url(s->opts->ctx, el->tag == GUMBO_TAG_IMG ? HTML_URL_IMAGE : HTML_URL_LINK,
				       s->url.buf, line, col, &s->replacement);
		if (verdict < 0)
			s->ret = -1;
		XGROW(s->urls, s->alloc_urls, s->nurls + 1);
		s->urls[s->nurls].off = a->name_start.offset;
		s->urls[s->nurls].verdict = verdict;
		s->urls[s->nurls].url = xstrdup(s->replacement.len ? s->replacement.buf : s->url.buf);
		known = &s->urls[s->nurls++];
	}
	*url = known->url;
	return known->verdict;
}

static bool is_url_attr(GumboTag tag, const char *name)
{
	return (tag == GUMBO_TAG_A && !strcmp(name, "href")) || (tag == GUMBO_TAG_IMG && !strcmp(name, "src"));
}

/* Why an attribute is dropped, or NULL when it is kept. Editors' ids are claimed here. */
static const char *attr_refused(struct sanitize *s, const GumboElement *el, const GumboAttribute *a,
				const struct allowed *rule, bool editor)
{
	size_t len = strlen(a->name);

	if (a->attr_namespace != GUMBO_ATTR_NAMESPACE_NONE)
		return "is not allowed";
	if (!strcmp(a->name, "id")) {
		size_t n = strlen(a->value);

		if (!editor)
			return NULL; /* noted already */
		if (!n || n > ID_MAX || a->value[strcspn(a->value, " \t\n\f\r")])
			return "is not a single word of at most 100 bytes";
		return s->opts->claim_id(s->opts->ctx, a->value, n) ? NULL : "is already used in this page";
	}
	if (strcmp(a->name, "lang") && strcmp(a->name, "dir") && strcmp(a->name, "title") &&
	    !word_in(rule->attrs, a->name, len))
		return "is not allowed";
	return attr_value_ok(el->tag, a->name, a->value) ? NULL : "has a value that is not allowed";
}

static void warn_attr(struct sanitize *s, const GumboNode *node, const GumboAttribute *a, const char *why)
{
	unsigned line, col;

	if (!from_editor(s, node, a->name_start.offset, &line, &col))
		return;
	if (!strcmp(a->name, "id"))
		diag_warning(s->opts->diags, s->opts->path, line, col,
			     "the id '%.*s%s' of <%s> %s and was removed", shown_len(a->value), a->value,
			     a->value[shown_len(a->value)] ? "..." : "", element_name(s, &node->v.element), why);
	else if (!strcmp(why, "is not allowed"))
		diag_warning(s->opts->diags, s->opts->path, line, col,
			     "the attribute %.*s of <%s> is not allowed and was removed", shown_len(a->name), a->name,
			     element_name(s, &node->v.element));
	else
		diag_warning(s->opts->diags, s->opts->path, line, col,
			     "the attribute %s=\"%.*s%s\" of <%s> %s and was removed", a->name, shown_len(a->value),
			     a->value, a->value[shown_len(a->value)] ? "..." : "", element_name(s, &node->v.element),
			     why);
}

/*
 * Writes the attributes that may stay and warns about the others. Returns false when the element itself
 * must go instead (an image whose source the caller unlinked), true with *unwrap set for a link to unwrap.
 */
static bool write_attrs(struct sanitize *s, const GumboNode *node, bool editor, bool *unwrap)
{
	const GumboElement *el = &node->v.element;
	const struct allowed *rule = allowed_find(el->tag);
	size_t mark = s->out->len;

	*unwrap = false;
	for (unsigned i = 0; i < el->attributes.length; i++) {
		const GumboAttribute *a = el->attributes.data[i];
		const char *why = attr_refused(s, el, a, rule, editor), *url = a->value;

		if (why) {
			warn_attr(s, node, a, why);
			continue;
		}
		if (is_url_attr(el->tag, a->name)) {
			int verdict;

			url_normalize(&s->url, a->value);
			url = s->url.buf;
			verdict = editor ? check_url(s, el, a, &url) : url_scheme_safe(url) ? 0 : -1;

			if (verdict < 0)
				continue;
			if (verdict == HTML_SANITIZE_UNWRAP) {
				strbuf_setlen(s->out, mark);
				*unwrap = true;
				return el->tag != GUMBO_TAG_IMG;
			}
		}
		write_attr(s, a, url);
	}
	return true;
}

static void warn_element(struct sanitize *s, const GumboNode *node, enum action action)
{
	unsigned line, col;
	const char *name;

	if (!from_editor(s, node, node->v.element.start_pos.offset, &line, &col) ||
	    !node->v.element.original_tag.length)
		return;
	name = element_name(s, &node->v.element);
	if (action == DROP)
		diag_warning(s->opts->diags, s->opts->path, line, col,
			     "<%s> is not allowed in a page and was removed with its content", name);
	else if (action == DROP_INPUT)
		diag_warning(s->opts->diags, s->opts->path, line, col,
			     "<input> is only allowed as a disabled checkbox and was removed");
	else
		diag_warning(s->opts->diags, s->opts->path, line, col,
			     "<%s> is not allowed in a page and was removed, its content kept", name);
}

static bool is_void(GumboTag tag)
{
	return tag_in(tag, void_elements, sizeof(void_elements) / sizeof(void_elements[0]));
}

/* After "<pre>", the newline the parser drops: written when the source had it, or when the text starts
 * with one (which a reader's parser would drop otherwise). */
static void pre_newline(struct sanitize *s, const GumboNode *node)
{
	const GumboElement *el = &node->v.element;
	const char *after = el->original_tag.data + el->original_tag.length;
	const GumboNode *first = el->children.length ? el->children.data[0] : NULL;

	if ((el->original_tag.length && after < s->html + s->len && (*after == '\n' || *after == '\r')) ||
	    (first && (first->type == GUMBO_NODE_TEXT || first->type == GUMBO_NODE_WHITESPACE) &&
	     first->v.text.text[0] == '\n'))
		strbuf_addch(s->out, '\n');
}

/* Enters a node: writes its start tag or text. Returns whether its children are to be visited, and then
 * whether its end tag is to be written in *tags. */
static bool enter(struct sanitize *s, const GumboNode *node, bool *tags)
{
	enum action action;
	unsigned line, col;
	bool editor, unwrap;
	size_t mark;

	*tags = false;
	switch (node->type) {
	case GUMBO_NODE_TEXT:
	case GUMBO_NODE_WHITESPACE:
		escape(s->out, node->v.text.text, strlen(node->v.text.text));
		return false;
	case GUMBO_NODE_ELEMENT:
	case GUMBO_NODE_TEMPLATE:
		break;
	default: /* comments, CDATA; a doctype is no node in a fragment */
		return false;
	}
	action = element_action(node);
	if (action != KEEP) {
		warn_element(s, node, action);
		return action == UNWRAP;
	}
	editor = s->opts->where(s->opts->ctx, node->v.element.start_pos.offset, &line, &col);
	mark = s->out->len;
	strbuf_addch(s->out, '<');
	strbuf_addstr(s->out, gumbo_normalized_tagname(node->v.element.tag));
	if (!write_attrs(s, node, editor, &unwrap)) {
		strbuf_setlen(s->out, mark);
		return false;
	}
	if (unwrap) {
		strbuf_setlen(s->out, mark);
		return true;
	}
	if (is_void(node->v.element.tag)) {
		strbuf_addstr(s->out, " />");
		return false;
	}
	strbuf_addch(s->out, '>');
	if (node->v.element.tag == GUMBO_TAG_PRE)
		pre_newline(s, node);
	*tags = true;
	return true;
}

static const GumboVector *children(const GumboNode *node)
{
	return node->type == GUMBO_NODE_DOCUMENT ? &node->v.document.children : &node->v.element.children;
}

/* The tree in document order without recursion (a page may nest thousands deep). Whether an end tag is due
 * is kept per level in a stack of bits. */
static void serialize(struct sanitize *s, const GumboNode *root)
{
	unsigned char *open = NULL;
	size_t depth = 0, alloc = 0;
	const GumboNode *node = children(root)->length ? children(root)->data[0] : NULL;

	while (node) {
		bool tags, descend = enter(s, node, &tags);

		if (descend && node->v.element.children.length) {
			XGROW(open, alloc, depth + 1);
			open[depth++] = tags;
			node = node->v.element.children.data[0];
			continue;
		}
		if (tags) {
			strbuf_addf(s->out, "</%s>", gumbo_normalized_tagname(node->v.element.tag));
		}
		for (;;) {
			const GumboNode *parent = node->parent;

			if (node->index_within_parent + 1 < children(parent)->length) {
				node = children(parent)->data[node->index_within_parent + 1];
				break;
			}
			if (parent == root) {
				node = NULL;
				break;
			}
			node = parent;
			if (open[--depth])
				strbuf_addf(s->out, "</%s>", gumbo_normalized_tagname(node->v.element.tag));
		}
	}
	free(open);
}

/* Records the ids of cmark-gfm's own markup first: footnotes come last in the page, and an editor's element
 * before them must not take theirs. */
static void note_ids(struct sanitize *s, const GumboNode *root)
{
	const GumboNode *node = root;
	unsigned line, col;

	for (;;) {
		if (node->type == GUMBO_NODE_ELEMENT) {
			const GumboAttribute *id = attr_find(&node->v.element, "id");

			if (id && !s->opts->where(s->opts->ctx, node->v.element.start_pos.offset, &line, &col))
				s->opts->note_id(s->opts->ctx, id->value, strlen(id->value));
			if (node->v.element.children.length) {
				node = node->v.element.children.data[0];
				continue;
			}
		}
		while (node != root && node->index_within_parent + 1 >= children(node->parent)->length)
			node = node->parent;
		if (node == root)
			return;
		node = children(node->parent)->data[node->index_within_parent + 1];
	}
}

/* Elements whose start tag closes the one before (so a run of them does not nest), and void elements. */
static const char *const flat_tags[] = { "p", "li", "dt", "dd", "tr", "td", "th", "option", "br", "hr", "img",
					 "input", "col", "wbr", "area", "base", "link", "meta", "param", "source",
					 "track", "embed", "keygen" };

static bool flat_tag(const char *p, size_t len)
{
	for (size_t i = 0; i < sizeof(flat_tags) / sizeof(flat_tags[0]); i++)
		if (strlen(flat_tags[i]) == len && !strncasecmp(flat_tags[i], p, len))
			return true;
	return false;
}

static bool ascii_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/*
 * How deep the tags nest, counted from the text (start tags up, end tags down): more than
 * HTML_SANITIZE_MAX_DEPTH and the page is not parsed, since gumbo takes time in the square of the depth.
 * Returns the offset of the tag that goes over, or len. Unclosed tags count as nested, but those whose
 * end tag HTML leaves out (p, li, td…) and void ones do not.
 */
static size_t too_deep(const char *html, size_t len)
{
	size_t depth = 0;

	for (const char *p = html, *end = html + len; (p = memchr(p, '<', (size_t)(end - p))); p++) {
		bool closing = p + 1 < end && p[1] == '/';
		const char *name = p + 1 + closing, *gt;
		size_t n = 0;

		while (name + n < end && (ascii_letter(name[n]) || (n && name[n] >= '0' && name[n] <= '9')))
			n++;
		if (!n || flat_tag(name, n))
			continue;
		if (closing) {
			depth -= depth > 0;
			continue;
		}
		gt = memchr(name, '>', (size_t)(end - name));
		if (gt && gt[-1] == '/')
			continue;
		if (++depth > HTML_SANITIZE_MAX_DEPTH)
			return (size_t)(p - html);
	}
	return len;
}

static void too_large(struct sanitize *s, size_t off, const char *why)
{
	unsigned line, col;

	s->opts->where(s->opts->ctx, off, &line, &col);
	diag_error(s->opts->diags, s->opts->path, line, col, "%s: the page's HTML was not written", why);
	s->ret = -1;
}

int html_sanitize(struct strbuf *out, const char *html, size_t len, const struct html_sanitize_options *opts)
{
	struct sanitize *s = xcalloc(1, sizeof(*s)); /* not a local: longjmp comes back to it */
	GumboOptions options = kGumboDefaultOptions;
	GumboOutput *volatile parsed = NULL;
	size_t over = too_deep(html, len), start = out->len;
	int ret;

	s->opts = opts;
	s->html = html;
	s->len = len;
	s->out = out;
	s->blocks.next = s->blocks.prev = &s->blocks;
	s->budget = 64 * len + ((size_t)16 << 20); /* gumbo takes about 20 times its input */
	strbuf_init(&s->name, 0);
	strbuf_init(&s->replacement, 0);
	strbuf_init(&s->url, 0);
	if (over < len) {
		too_large(s, over,
			  "elements nested more than " HTML_SANITIZE_MAX_DEPTH_TEXT " deep (tags not closed?)");
		goto cleanup;
	}
	options.allocator = gumbo_alloc;
	options.deallocator = gumbo_free;
	options.userdata = s;
	options.max_errors = 0;
	options.fragment_context = GUMBO_TAG_BODY;
	if (setjmp(s->over)) {
		strbuf_setlen(out, start);
		too_large(s, 0, "HTML that makes the parser build too many elements (formatting tags not closed?)");
		goto cleanup;
	}
	parsed = gumbo_parse_with_options(&options, html, len);
	note_ids(s, parsed->root);
	serialize(s, parsed->root);
cleanup:
	free_blocks(s); /* instead of gumbo_destroy_output */
	for (size_t i = 0; i < s->nurls; i++)
		free(s->urls[i].url);
	free(s->urls);
	strbuf_release(&s->name);
	strbuf_release(&s->replacement);
	strbuf_release(&s->url);
	ret = s->ret;
	free(s);
	return ret;
}
