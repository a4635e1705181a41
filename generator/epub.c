/* EPUB 3 files (see epub.h): the container, package, navigation and chapter documents are written here as
 * XML, the chapters' HTML fragments made well-formed on the way, and the whole zipped through zipfile.
 * Called once per product and language, after the product's chapters are rendered. */
#include "epub.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"
#include "zipfile.h"

/* The folder of everything but the mimetype and META-INF/: keeps the package apart from the ZIP's root. */
#define EPUB_DIR "EPUB/"

static const char epub_container[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n"
	"<rootfiles>\n"
	"<rootfile full-path=\"" EPUB_DIR "package.opf\" media-type=\"application/oebps-package+xml\"/>\n"
	"</rootfiles>\n"
	"</container>\n";

/*
 * HTML's named entities that XML does not know, as numbers. The Markdown renderer decodes every entity of
 * the source and escapes only & < > " itself, so none should arrive; these are the ones a hand-made
 * fragment is likely to hold. Others are kept as text, with a warning.
 */
static const struct {
	const char *name;
	unsigned code;
} epub_entities[] = {
	{ "nbsp", 0xA0 },    { "iexcl", 0xA1 },  { "cent", 0xA2 },   { "pound", 0xA3 },  { "yen", 0xA5 },
	{ "sect", 0xA7 },    { "copy", 0xA9 },   { "laquo", 0xAB },  { "shy", 0xAD },    { "reg", 0xAE },
	{ "deg", 0xB0 },     { "para", 0xB6 },   { "middot", 0xB7 }, { "raquo", 0xBB },  { "iquest", 0xBF },
	{ "times", 0xD7 },   { "divide", 0xF7 }, { "ensp", 0x2002 }, { "emsp", 0x2003 }, { "thinsp", 0x2009 },
	{ "zwnj", 0x200C },  { "zwj", 0x200D },  { "lrm", 0x200E },  { "rlm", 0x200F },  { "ndash", 0x2013 },
	{ "mdash", 0x2014 }, { "lsquo", 0x2018 }, { "rsquo", 0x2019 }, { "sbquo", 0x201A }, { "ldquo", 0x201C },
	{ "rdquo", 0x201D }, { "bdquo", 0x201E }, { "bull", 0x2022 }, { "hellip", 0x2026 }, { "euro", 0x20AC },
	{ "trade", 0x2122 },
};

/* HTML's void elements: written as empty elements ("<br />") whatever the fragment says. */
static const char *const epub_void[] = { "area", "base", "br",   "col",   "embed", "hr",  "img",
					 "input", "link", "meta", "param", "source", "track", "wbr" };

/* One fragment being made XML: where to report, and the elements it opened and has not closed yet. */
struct fragment {
	const char *path, *chapter;
	struct diag_list *diags;
	struct {
		const char *name;
		size_t len;
	} *open;
	size_t nopen, alloc_open;
};

static bool ascii_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool ascii_alnum(char c)
{
	return ascii_alpha(c) || (c >= '0' && c <= '9');
}

static char ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool ascii_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Whether a[0..alen) and b[0..blen) are the same, ignoring ASCII case. */
static bool ascii_same(const char *a, size_t alen, const char *b, size_t blen)
{
	if (alen != blen)
		return false;
	for (size_t i = 0; i < alen; i++)
		if (ascii_lower(a[i]) != ascii_lower(b[i]))
			return false;
	return true;
}

/* The length of the UTF-8 sequence starting s[0..len), with its code point in *cp; 0 when s[0] starts none. */
static size_t epub_utf8(const unsigned char *s, size_t len, uint32_t *cp)
{
	uint32_t c = s[0], min;
	size_t n;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c < 0xC2 || c > 0xF4) /* a continuation byte, or a lead byte of an overlong or too large value */
		return 0;
	n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
	min = n == 2 ? 0x80 : n == 3 ? 0x800 : 0x10000;
	c &= 0x7Fu >> n;
	if (len < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n;
}

/* XML 1.0's Char: a document holding anything else is not XML at all, and readers refuse it whole. */
static bool epub_xml_char(uint32_t c)
{
	return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
	       (c >= 0x10000 && c <= 0x10FFFF);
}

/*
 * Appends the character at s[0..len), or U+FFFD for one XML cannot hold: the renderer passes control
 * characters through (from the source, or from references such as "&#1;"), and bad UTF-8 is possible
 * in titles. Returns the bytes taken.
 */
static size_t epub_add_char(struct strbuf *out, const char *s, size_t len)
{
	uint32_t c;
	size_t n = epub_utf8((const unsigned char *)s, len, &c);

	if (n && epub_xml_char(c))
		strbuf_add(out, s, n);
	else
		strbuf_addstr(out, "\xEF\xBF\xBD");
	return n ? n : 1;
}

/* Reports why the fragment cannot be XML, quoting the start of s[0..len) (its first line, 40 bytes at most,
 * not cut inside a character). Returns -1. */
static int fragment_error(struct fragment *f, const char *why, const char *s, size_t len)
{
	const char *nl = memchr(s, '\n', len);
	size_t shown = nl ? (size_t)(nl - s) : len;

	if (shown > 40) {
		shown = 40;
		while (shown && ((unsigned char)s[shown] & 0xC0) == 0x80)
			shown--;
	}
	diag_error(f->diags, f->path, 0, 0, "chapter '%s' is not well-formed: %s '%.*s'", f->chapter, why,
		   (int)shown, s);
	return -1;
}

/* A numeric character reference after "&#": the number, or UINT32_MAX past U+10FFFF; *end after its ';'. */
static uint32_t fragment_number(const char *s, size_t len, size_t *end)
{
	bool hex = len && (s[0] == 'x' || s[0] == 'X');
	size_t i = hex, start = i;
	uint32_t c = 0;

	for (; i < len; i++) {
		char d = ascii_lower(s[i]);
		unsigned v;

		if (d >= '0' && d <= '9')
			v = (unsigned)(d - '0');
		else if (hex && d >= 'a' && d <= 'f')
			v = (unsigned)(d - 'a' + 10);
		else
			break;
		c = c > 0x10FFFF ? UINT32_MAX : c * (hex ? 16 : 10) + v;
	}
	*end = i < len && s[i] == ';' && i > start ? i + 1 : 0;
	return c;
}

/*
 * Appends the reference at s[0..len) (s[0] is '&') as XML has it: numeric ones as numbers (U+FFFD for a
 * character XML cannot hold), XML's own five as they are, HTML's others as numbers; an '&' that starts
 * no reference is escaped. Returns the bytes taken.
 */
static size_t fragment_reference(struct fragment *f, struct strbuf *out, const char *s, size_t len)
{
	static const char *const xml_entities[] = { "amp", "lt", "gt", "quot", "apos" };
	size_t i = 1, end;

	if (len > 1 && s[1] == '#') {
		uint32_t c = fragment_number(s + 2, len - 2, &end);

		if (!end) {
			strbuf_addstr(out, "&amp;");
			return 1;
		}
		strbuf_addf(out, "&#%lu;", (unsigned long)(epub_xml_char(c) ? c : 0xFFFD));
		return 2 + end;
	}
	while (i < len && ascii_alnum(s[i]))
		i++;
	if (i == 1 || i >= len || s[i] != ';') {
		strbuf_addstr(out, "&amp;");
		return 1;
	}
	/* names are case-sensitive: HTML knows "&AMP;", XML does not */
	for (size_t k = 0; k < sizeof(xml_entities) / sizeof(xml_entities[0]); k++)
		if (strlen(xml_entities[k]) == i - 1 && !memcmp(s + 1, xml_entities[k], i - 1)) {
			strbuf_add(out, s, i + 1);
			return i + 1;
		}
	for (size_t k = 0; k < sizeof(epub_entities) / sizeof(epub_entities[0]); k++)
		if (strlen(epub_entities[k].name) == i - 1 && !memcmp(s + 1, epub_entities[k].name, i - 1)) {
			strbuf_addf(out, "&#%u;", epub_entities[k].code);
			return i + 1;
		}
	diag_warning(f->diags, f->path, 0, 0, "unknown entity '%.*s' in chapter '%s' kept as text", (int)(i + 1),
		     s, f->chapter);
	strbuf_addstr(out, "&amp;");
	return 1;
}

/*
 * Appends s[0..len) as XML text or attribute value (in double quotes). With f, s is HTML, whose references
 * are kept (made XML's); without, it is plain text, and every '&' is escaped.
 */
static void epub_escape(struct fragment *f, struct strbuf *out, const char *s, size_t len)
{
	for (size_t i = 0; i < len;) {
		switch (s[i]) {
		case '&':
			if (f) {
				i += fragment_reference(f, out, s + i, len - i);
				continue;
			}
			strbuf_addstr(out, "&amp;");
			break;
		case '<':
			strbuf_addstr(out, "&lt;");
			break;
		case '>': /* XML refuses "]]>" in text */
			strbuf_addstr(out, "&gt;");
			break;
		case '"':
			strbuf_addstr(out, "&quot;");
			break;
		default:
			i += epub_add_char(out, s + i, len - i);
			continue;
		}
		i++;
	}
}

static void epub_escape_str(struct strbuf *out, const char *s)
{
	epub_escape(NULL, out, s, strlen(s));
}

/*
 * Writes one attribute. HTML lets an attribute go without a value (cmark-gfm's footnotes have
 * "data-footnote-ref"), XML does not: it gets "". Table cells' align, which XHTML 5 no longer has (epubcheck
 * refuses it), becomes the style it stood for.
 */
static void fragment_attribute(struct fragment *f, struct strbuf *out, const char *name, size_t name_len,
			       const char *value, size_t value_len)
{
	static const char *const aligns[] = { "left", "center", "right", "justify" };

	if (ascii_same(name, name_len, "align", 5)) {
		for (size_t i = 0; i < sizeof(aligns) / sizeof(aligns[0]); i++)
			if (ascii_same(value, value_len, aligns[i], strlen(aligns[i])))
				strbuf_addf(out, " style=\"text-align: %s\"", aligns[i]);
		return;
	}
	strbuf_addch(out, ' ');
	for (size_t i = 0; i < name_len; i++)
		strbuf_addch(out, ascii_lower(name[i]));
	strbuf_addstr(out, "=\"");
	epub_escape(f, out, value, value_len);
	strbuf_addch(out, '"');
}

/*
 * The attributes of a start tag s[0..len), from s[i] to its '>' or "/>" (*end: after it, *empty: whether
 * it was "/>"). Returns -1 when the tag is cut short or an attribute is not a plain name.
 */
static int fragment_attributes(struct fragment *f, struct strbuf *out, const char *s, size_t len, size_t i,
			       size_t *end, bool *empty)
{
	for (;;) {
		size_t name, name_len, value, value_len = 0;

		while (i < len && ascii_space(s[i]))
			i++;
		if (i < len && s[i] == '>') {
			*end = i + 1;
			*empty = false;
			return 0;
		}
		if (i + 1 < len && s[i] == '/' && s[i + 1] == '>') {
			*end = i + 2;
			*empty = true;
			return 0;
		}
		if (i >= len)
			return fragment_error(f, "unterminated tag", s, len);
		if (!ascii_alpha(s[i]))
			return fragment_error(f, "bad attribute in tag", s, len);
		for (name = i; i < len && (ascii_alnum(s[i]) || s[i] == '-' || s[i] == '_' || s[i] == '.'); i++)
			;
		name_len = i - name;
		while (i < len && ascii_space(s[i]))
			i++;
		value = i;
		if (i < len && s[i] == '=') {
			for (i++; i < len && ascii_space(s[i]); i++)
				;
			if (i < len && (s[i] == '"' || s[i] == '\'')) {
				const char *close = memchr(s + i + 1, s[i], len - i - 1);

				if (!close)
					return fragment_error(f, "unterminated attribute in tag", s, len);
				value = i + 1;
				value_len = (size_t)(close - s) - value;
				i = value + value_len + 1;
			} else {
				for (value = i; i < len && !ascii_space(s[i]) && s[i] != '>'; i++)
					;
				value_len = i - value;
			}
		}
		fragment_attribute(f, out, s + name, name_len, s + value, value_len);
	}
}

static bool epub_is_void(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof(epub_void) / sizeof(epub_void[0]); i++)
		if (ascii_same(name, len, epub_void[i], strlen(epub_void[i])))
			return true;
	return false;
}

/* A start tag at s ("<name …>"): written with its attributes, and remembered until its end tag comes. */
static size_t fragment_start_tag(struct fragment *f, struct strbuf *out, const char *s, size_t len)
{
	size_t name_len = 0, end = 0;
	bool empty = false;

	while (1 + name_len < len && ascii_alnum(s[1 + name_len]))
		name_len++;
	strbuf_addch(out, '<');
	for (size_t i = 0; i < name_len; i++)
		strbuf_addch(out, ascii_lower(s[1 + i]));
	if (fragment_attributes(f, out, s, len, 1 + name_len, &end, &empty) < 0)
		return 0;
	if (empty || epub_is_void(s + 1, name_len)) {
		strbuf_addstr(out, " />");
		return end;
	}
	strbuf_addch(out, '>');
	XGROW(f->open, f->alloc_open, f->nopen + 1);
	f->open[f->nopen].name = s + 1;
	f->open[f->nopen++].len = name_len;
	return end;
}

/* An end tag at s ("</name>"): it must close the element opened last, or the result would not be XML. */
static size_t fragment_end_tag(struct fragment *f, struct strbuf *out, const char *s, size_t len)
{
	size_t name_len = 0, i;

	while (2 + name_len < len && ascii_alnum(s[2 + name_len]))
		name_len++;
	for (i = 2 + name_len; i < len && ascii_space(s[i]); i++)
		;
	if (!name_len || i >= len || s[i] != '>') {
		fragment_error(f, "bad end tag", s, len);
		return 0;
	}
	if (!f->nopen || !ascii_same(f->open[f->nopen - 1].name, f->open[f->nopen - 1].len, s + 2, name_len)) {
		fragment_error(f, "end tag does not close the last open element", s, i + 1);
		return 0;
	}
	f->nopen--;
	strbuf_addstr(out, "</");
	for (size_t k = 0; k < name_len; k++)
		strbuf_addch(out, ascii_lower(s[2 + k]));
	strbuf_addch(out, '>');
	return i + 1;
}

/*
 * Writes the fragment html as XML into out. Tags are taken apart and written again; text and attribute
 * values are escaped for XML; comments (cmark-gfm's "<!-- end list -->") are dropped.
 */
static int fragment_to_xml(struct fragment *f, struct strbuf *out, const char *html)
{
	size_t len = strlen(html), n;

	for (size_t i = 0; i < len; i += n) {
		const char *s = html + i, *close;

		if (s[0] != '<') {
			close = memchr(s, '<', len - i);
			n = close ? (size_t)(close - s) : len - i;
			epub_escape(f, out, s, n);
		} else if (len - i >= 4 && !memcmp(s, "<!--", 4)) {
			close = strstr(s + 4, "-->");
			if (!close)
				return fragment_error(f, "unterminated comment", s, len - i);
			n = (size_t)(close + 3 - s);
		} else if (len - i > 1 && ascii_alpha(s[1])) {
			if (!(n = fragment_start_tag(f, out, s, len - i)))
				return -1;
		} else if (len - i > 1 && s[1] == '/') {
			if (!(n = fragment_end_tag(f, out, s, len - i)))
				return -1;
		} else {
			strbuf_addstr(out, "&lt;"); /* a '<' that starts no tag is text in HTML */
			n = 1;
		}
	}
	if (f->nopen)
		return fragment_error(f, "element never closed", f->open[f->nopen - 1].name - 1,
				      f->open[f->nopen - 1].len + 1);
	return 0;
}

/* The start of an XHTML document of the book, up to and including <body>. */
static void epub_html_start(struct strbuf *out, const struct epub_book *book, const char *title)
{
	strbuf_addstr(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n"
			   "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\""
			   " lang=\"");
	epub_escape_str(out, book->language);
	strbuf_addstr(out, "\" xml:lang=\"");
	epub_escape_str(out, book->language);
	strbuf_addstr(out, book->rtl ? "\" dir=\"rtl\">\n<head>\n<title>" : "\">\n<head>\n<title>");
	epub_escape_str(out, title);
	strbuf_addstr(out, "</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"style.css\" />\n"
			   "</head>\n<body>\n");
}

static void epub_package(struct strbuf *out, const struct epub_book *book)
{
	strbuf_addstr(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			   "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"id\">\n"
			   "<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<dc:identifier id=\"id\">");
	epub_escape_str(out, book->identifier);
	strbuf_addstr(out, "</dc:identifier>\n<dc:title>");
	epub_escape_str(out, book->title);
	strbuf_addstr(out, "</dc:title>\n<dc:language>");
	epub_escape_str(out, book->language);
	strbuf_addstr(out, "</dc:language>\n<meta property=\"dcterms:modified\">");
	epub_escape_str(out, book->modified);
	strbuf_addstr(out, "</meta>\n</metadata>\n<manifest>\n"
			   "<item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\""
			   " properties=\"nav\"/>\n"
			   "<item id=\"style\" href=\"style.css\" media-type=\"text/css\"/>\n");
	/* ids get a prefix: a chapter name may start with a digit, which an XML id may not */
	for (size_t i = 0; i < book->nchapters; i++)
		strbuf_addf(out, "<item id=\"c-%s\" href=\"%s.xhtml\" media-type=\"application/xhtml+xml\"/>\n",
			    book->chapters[i].name, book->chapters[i].name);
	strbuf_addstr(out, book->rtl ? "</manifest>\n<spine page-progression-direction=\"rtl\">\n"
				     : "</manifest>\n<spine>\n");
	for (size_t i = 0; i < book->nchapters; i++)
		strbuf_addf(out, "<itemref idref=\"c-%s\"/>\n", book->chapters[i].name);
	strbuf_addstr(out, "</spine>\n</package>\n");
}

static void epub_nav(struct strbuf *out, const struct epub_book *book)
{
	epub_html_start(out, book, book->contents_title);
	strbuf_addstr(out, "<nav epub:type=\"toc\" id=\"toc\">\n<h1>");
	epub_escape_str(out, book->contents_title);
	strbuf_addstr(out, "</h1>\n<ol>\n");
	for (size_t i = 0; i < book->nchapters; i++) {
		strbuf_addf(out, "<li><a href=\"%s.xhtml\">", book->chapters[i].name);
		epub_escape_str(out, book->chapters[i].title);
		strbuf_addstr(out, "</a></li>\n");
	}
	strbuf_addstr(out, "</ol>\n</nav>\n</body>\n</html>\n");
}

static int epub_chapter(struct strbuf *out, const struct epub_book *book, const struct epub_chapter *ch,
			const char *path, struct diag_list *diags)
{
	struct fragment f = { .path = path, .chapter = ch->name, .diags = diags };
	int ret;

	epub_html_start(out, book, ch->title);
	strbuf_addstr(out, "<h1>");
	epub_escape_str(out, ch->title);
	strbuf_addstr(out, "</h1>\n");
	ret = fragment_to_xml(&f, out, ch->html);
	strbuf_addstr(out, "</body>\n</html>\n");
	free(f.open);
	return ret;
}

/* A chapter's name becomes a file name and, prefixed, an XML id: kept to what is safe for both. */
static bool epub_name_ok(const char *name)
{
	if (!name[0])
		return false;
	for (; *name; name++)
		if (!((*name >= 'a' && *name <= 'z') || (*name >= '0' && *name <= '9') || *name == '-'))
			return false;
	return true;
}

/* dcterms:modified must be exactly CCYY-MM-DDThh:mm:ssZ (EPUB 3, section 4.2.4.1). */
static bool epub_modified_ok(const char *s)
{
	static const char pattern[] = "0000-00-00T00:00:00Z";

	for (size_t i = 0; i < sizeof(pattern); i++)
		if (pattern[i] == '0' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != pattern[i])
			return false;
	return true;
}

static bool epub_language_ok(const char *s)
{
	if (!ascii_alpha(s[0]))
		return false;
	for (; *s; s++)
		if (!ascii_alnum(*s) && *s != '-')
			return false;
	return true;
}

/* Reports every problem of the book that would make it an invalid EPUB. Returns 0 or -1. */
static int epub_check(const struct epub_book *book, const char *path, struct diag_list *diags)
{
	size_t errors = diag_errors(diags);

	if (!book->identifier || !book->title || !book->language || !book->modified || !book->contents_title ||
	    (!book->stylesheet && book->stylesheet_len) || (!book->chapters && book->nchapters))
		BUG("epub_write given a book with a field unset");
	if (!book->identifier[0])
		diag_error(diags, path, 0, 0, "book has no identifier");
	if (!book->title[0])
		diag_error(diags, path, 0, 0, "book has no title");
	if (!epub_language_ok(book->language))
		diag_error(diags, path, 0, 0, "book language '%s' is not a BCP 47 tag", book->language);
	if (!epub_modified_ok(book->modified))
		diag_error(diags, path, 0, 0, "book modification time '%s' is not CCYY-MM-DDThh:mm:ssZ",
			   book->modified);
	if (!book->nchapters)
		diag_error(diags, path, 0, 0, "book has no chapters");
	for (size_t i = 0; i < book->nchapters; i++) {
		const struct epub_chapter *ch = &book->chapters[i];

		if (!ch->name || !ch->title || !ch->html)
			BUG("epub_write given a chapter with a field unset");
		if (!epub_name_ok(ch->name))
			diag_error(diags, path, 0, 0, "chapter name '%s' is not made of a-z, 0-9 and '-'", ch->name);
		else if (!strcmp(ch->name, "nav"))
			diag_error(diags, path, 0, 0, "chapter name 'nav' is taken by the navigation document");
		for (size_t k = 0; k < i; k++)
			if (!strcmp(book->chapters[k].name, ch->name)) {
				diag_error(diags, path, 0, 0, "chapter name '%s' is used twice", ch->name);
				break;
			}
	}
	return diag_errors(diags) > errors ? -1 : 0;
}

int epub_write(struct strbuf *out, const struct epub_book *book, const char *path, struct diag_list *diags)
{
	struct strbuf doc = STRBUF_INIT, name = STRBUF_INIT;
	struct zipfile *z;
	int ret = 0;

	if (epub_check(book, path, diags) < 0)
		return -1;
	z = zipfile_new(path, diags);
	zipfile_set_time(z, book->time);
	/* First and stored: readers recognise an EPUB by "mimetype" at byte 30 and its value at byte 38. */
	if (zipfile_add(z, "mimetype", "application/epub+zip", 20, ZIPFILE_STORE) < 0 ||
	    zipfile_add(z, "META-INF/container.xml", epub_container, sizeof(epub_container) - 1, ZIPFILE_DEFLATE) < 0)
		ret = -1;
	epub_package(&doc, book);
	if (zipfile_add(z, EPUB_DIR "package.opf", doc.buf, doc.len, ZIPFILE_DEFLATE) < 0)
		ret = -1;
	strbuf_reset(&doc);
	epub_nav(&doc, book);
	if (zipfile_add(z, EPUB_DIR "nav.xhtml", doc.buf, doc.len, ZIPFILE_DEFLATE) < 0 ||
	    zipfile_add(z, EPUB_DIR "style.css", book->stylesheet, book->stylesheet_len, ZIPFILE_DEFLATE) < 0)
		ret = -1;
	for (size_t i = 0; i < book->nchapters; i++) {
		strbuf_reset(&doc);
		strbuf_reset(&name);
		strbuf_addf(&name, EPUB_DIR "%s.xhtml", book->chapters[i].name);
		if (epub_chapter(&doc, book, &book->chapters[i], path, diags) < 0 ||
		    zipfile_add(z, name.buf, doc.buf, doc.len, ZIPFILE_DEFLATE) < 0)
			ret = -1;
	}
	strbuf_release(&doc);
	strbuf_release(&name);
	if (ret < 0) {
		zipfile_free(z);
		return -1;
	}
	return zipfile_finish(z, out);
}
