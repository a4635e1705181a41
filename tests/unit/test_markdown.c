/* Unit tests of the Markdown adapter: GFM extensions, raw HTML sanitized, heading ids, the link policy with
 * its positioned errors and callback, the plain text, and robustness. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "markdown.h"

/* What the link callback was asked, in order. */
struct call {
	enum markdown_link_kind kind;
	char url[64];
	unsigned line, col;
};

struct fixture {
	struct diag_list diags;
	struct strbuf html, plain;
	struct call calls[16];
	size_t ncalls;
	const char *replace_from, *replace_to; /* the callback's one replacement */
	const char *fail_on;                  /* the URL the callback reports as an error */
	const char *unlink_prefix;            /* URLs starting so are left out (MARKDOWN_UNLINK) */
	int ret;
};

static int record_link(void *ctx, const struct markdown_link *link, struct strbuf *replacement)
{
	struct fixture *f = ctx;
	struct call *c;

	assert_true(f->ncalls < sizeof(f->calls) / sizeof(f->calls[0]));
	c = &f->calls[f->ncalls++];
	c->kind = link->kind;
	assert_true(strlen(link->url) < sizeof(c->url));
	memcpy(c->url, link->url, strlen(link->url) + 1);
	c->line = link->line;
	c->col = link->col;
	assert_int_equal(replacement->len, 0);
	if (f->replace_from && !strcmp(link->url, f->replace_from))
		strbuf_addstr(replacement, f->replace_to);
	if (f->fail_on && !strcmp(link->url, f->fail_on)) {
		diag_error(&f->diags, "doc.md", link->line, link->col, "no page '%s'", link->url);
		return -1;
	}
	if (f->unlink_prefix && !strncmp(link->url, f->unlink_prefix, strlen(f->unlink_prefix)))
		return MARKDOWN_UNLINK;
	return 0;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	diag_list_init(&f->diags);
	strbuf_init(&f->html, 0);
	strbuf_init(&f->plain, 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	diag_list_release(&f->diags);
	strbuf_release(&f->html);
	strbuf_release(&f->plain);
	free(f);
	return 0;
}

/* Renders src as the body of "doc.md", three lines below the top of the file (front matter). */
static const char *render(struct fixture *f, const char *src)
{
	const struct markdown_options opts = { "doc.md", 3, record_link, f, &f->diags, NULL, 0 };

	strbuf_reset(&f->html);
	strbuf_reset(&f->plain);
	f->ret = markdown_render(&f->html, &f->plain, src, strlen(src), &opts);
	return f->html.buf;
}

static void assert_contains(const char *haystack, const char *needle)
{
	if (!strstr(haystack, needle))
		fail_msg("'%s' not found in:\n%s", needle, haystack);
}

static void assert_lacks(const char *haystack, const char *needle)
{
	if (strstr(haystack, needle))
		fail_msg("'%s' unexpected in:\n%s", needle, haystack);
}

static void assert_diag(const struct fixture *f, size_t i, const char *expected)
{
	char *s;

	assert_true(i < f->diags.len);
	s = diag_format(&f->diags.items[i]);
	assert_string_equal(s, expected);
	free(s);
}

static void assert_call(const struct fixture *f, size_t i, enum markdown_link_kind kind, const char *url,
			unsigned line, unsigned col)
{
	assert_true(i < f->ncalls);
	assert_int_equal(f->calls[i].kind, kind);
	assert_string_equal(f->calls[i].url, url);
	assert_int_equal(f->calls[i].line, line);
	assert_int_equal(f->calls[i].col, col);
}

static void test_table(void **state)
{
	struct fixture *f = *state;

	assert_string_equal(render(f, "| a | b |\n|---|--:|\n| 1 | `2` |\n"),
			    "<table>\n<thead>\n<tr>\n<th>a</th>\n<th align=\"right\">b</th>\n</tr>\n</thead>\n"
			    "<tbody>\n<tr>\n<td>1</td>\n<td align=\"right\"><code>2</code></td>\n</tr>\n</tbody>\n"
			    "</table>\n");
	assert_int_equal(f->ret, 0);
	assert_int_equal(f->diags.len, 0);
}

static void test_strikethrough_autolink_tasklist(void **state)
{
	struct fixture *f = *state;

	assert_string_equal(render(f, "~~x~~ and ~~two words~~\n"), "<p><del>x</del> and <del>two words</del></p>\n");
	assert_string_equal(render(f, "see www.example.org and https://example.org.\n"),
			    "<p>see <a href=\"http://www.example.org\">www.example.org</a> and "
			    "<a href=\"https://example.org\">https://example.org</a>.</p>\n");
	assert_string_equal(render(f, "- [ ] todo\n- [x] done\n"),
			    "<ul>\n<li><input type=\"checkbox\" disabled=\"\" /> todo</li>\n"
			    "<li><input type=\"checkbox\" checked=\"\" disabled=\"\" /> done</li>\n</ul>\n");
	assert_int_equal(f->ncalls, 0);
	assert_int_equal(f->ret, 0);
}

static void test_footnotes(void **state)
{
	struct fixture *f = *state;

	assert_string_equal(render(f, "Claim.[^a]\n\n[^a]: The source.\n"),
			    "<p>Claim.<sup class=\"footnote-ref\"><a href=\"#fn-a\" id=\"fnref-a\" data-footnote-ref>1"
			    "</a></sup></p>\n<section class=\"footnotes\" data-footnotes>\n<ol>\n<li id=\"fn-a\">\n"
			    "<p>The source. <a href=\"#fnref-a\" class=\"footnote-backref\" data-footnote-backref "
			    "aria-label=\"Back to content\">↩</a></p>\n</li>\n</ol>\n</section>\n");
	assert_int_equal(f->ncalls, 0); /* the footnote links are fragments */
	assert_string_equal(f->plain.buf, "Claim.\nThe source.\n");
}

static void test_raw_html_sanitized(void **state)
{
	struct fixture *f = *state;
	const char *html;

	/* Safe HTML is kept, unsafe HTML dropped with a warning at its place. */
	html = render(f, "<script>alert(1)</script>\n\na <b onclick=\"x\">b</b> c\n\n<div>\nblock\n</div>\n\nend\n");
	assert_string_equal(html, "\n<p>a <b>b</b> c</p>\n<div>\nblock\n</div>\n<p>end</p>\n");
	assert_lacks(html, "<script");
	assert_lacks(html, "onclick");
	assert_lacks(html, "raw HTML");
	assert_string_equal(f->plain.buf, "a b c\nend\n"); /* raw HTML's own text is not in the plain text */
	assert_int_equal(f->ret, 0);
	assert_int_equal(f->diags.len, 2);
	assert_diag(f, 0, "doc.md:4:1: warning: <script> is not allowed in a page and was removed with its content");
	assert_diag(f, 1, "doc.md:6:6: warning: the attribute onclick of <b> is not allowed and was removed");

	/* Raw HTML as the only content of a list item and inside a heading. */
	assert_string_equal(render(f, "- <img src=x onerror=alert(1)>\n- b\n\n# A <i>b</i>\n"),
			    "<ul>\n<li>\n<img src=\"x\" />\n</li>\n<li>b</li>\n</ul>\n"
			    "<h1 id=\"a-b\">A <i>b</i></h1>\n");
	assert_int_equal(f->diags.len, 3);
	assert_diag(f, 2, "doc.md:4:14: warning: the attribute onerror of <img> is not allowed and was removed");
	assert_int_equal(f->ncalls, 1); /* img src goes to the callback like a Markdown image */
	assert_call(f, 0, MARKDOWN_IMAGE, "x", 4, 8);
}

/* A page without raw HTML is rendered as before: no parser, the same bytes. */
static void test_no_raw_html_same_bytes(void **state)
{
	struct fixture *f = *state;

	assert_string_equal(render(f, "Claim.[^a] <http://x.org?a='b'>\n\n[^a]: Note.\n"),
			    "<p>Claim.<sup class=\"footnote-ref\"><a href=\"#fn-a\" id=\"fnref-a\" data-footnote-ref>1"
			    "</a></sup> <a href=\"http://x.org?a=&#x27;b&#x27;\">http://x.org?a='b'</a></p>\n"
			    "<section class=\"footnotes\" data-footnotes>\n<ol>\n<li id=\"fn-a\">\n"
			    "<p>Note. <a href=\"#fnref-a\" class=\"footnote-backref\" data-footnote-backref "
			    "aria-label=\"Back to content\">↩</a></p>\n</li>\n</ol>\n</section>\n");
}

static void test_heading_ids(void **state)
{
	struct fixture *f = *state;

	assert_string_equal(render(f, "# Codes of conduct\n\n## Codes of conduct\n\n### Codes  of--conduct!\n\n"
				      "# Codes of conduct-1\n"),
			    "<h1 id=\"codes-of-conduct\">Codes of conduct</h1>\n"
			    "<h2 id=\"codes-of-conduct-1\">Codes of conduct</h2>\n"
			    "<h3 id=\"codes--of--conduct\">Codes  of--conduct!</h3>\n"
			    "<h1 id=\"codes-of-conduct-1-1\">Codes of conduct-1</h1>\n");
	assert_string_equal(render(f, "## What's new? (2024)\n\n#\n\n## !!!\n\n## ...\n"),
			    "<h2 id=\"whats-new-2024\">What's new? (2024)</h2>\n<h1 id=\"section\"></h1>\n"
			    "<h2 id=\"section-1\">!!!</h2>\n<h2 id=\"section-2\">...</h2>\n");
	assert_string_equal(render(f, "## مقدمة عامة\n\n## 中文 标题\n"),
			    "<h2 id=\"مقدمة-عامة\">مقدمة عامة</h2>\n<h2 id=\"中文-标题\">中文 标题</h2>\n");
	/* Link, emphasis and code count, an image's description does not (GitHub reads the HTML's text);
	 * the output is cmark's own apart from the id. */
	assert_string_equal(render(f, "## See [the *Guide*](guide.md) `v2` ![Logo](logo.png)\n"),
			    "<h2 id=\"see-the-guide-v2-\">See <a href=\"guide.md\">the <em>Guide</em></a> "
			    "<code>v2</code> <img src=\"logo.png\" alt=\"Logo\" /></h2>\n");
	assert_string_equal(render(f, "Setext\nheading\n===\n\n- # In a list\n\n> ## Quoted\n"),
			    "<h1 id=\"setextheading\">Setext\nheading</h1>\n<ul>\n<li>\n"
			    "<h1 id=\"in-a-list\">In a list</h1>\n</li>\n</ul>\n<blockquote>\n"
			    "<h2 id=\"quoted\">Quoted</h2>\n</blockquote>\n");
	assert_string_equal(render(f, "# A\n## B\ntext\n"),
			    "<h1 id=\"a\">A</h1>\n<h2 id=\"b\">B</h2>\n<p>text</p>\n");
	/* never the id of a footnote or of a reference to one */
	assert_contains(render(f, "## Fn 1\n\nText[^1].\n\n## Fnref 1\n\n[^1]: A note.\n"), "<h2 id=\"h-fn-1\">Fn 1</h2>");
	assert_contains(f->html.buf, "<h2 id=\"h-fnref-1\">Fnref 1</h2>");
	assert_contains(f->html.buf, "id=\"fn-1\"");
}

/* GitHub's ids, as its previews give them (github.com renders these headings with these ids), in the
 * scripts of the Network's languages: letters lowercased by Unicode's rules, punctuation dropped, each
 * space a '-'. */
static void test_github_heading_ids(void **state)
{
	static const char *const cases[][2] = {
		{ "Company's policy", "companys-policy" },
		{ "Non-binding Guidelines: Social Media", "non-binding-guidelines-social-media" },
		{ "Übersicht & Ziele", "übersicht--ziele" },
		{ "Судьи и СМИ", "судьи-и-сми" },
		{ "Éthique judiciaire (2024)", "éthique-judiciaire-2024" },
		{ "Ética_judicial", "ética_judicial" },
		{ "استخدام القضاة لوسائل التواصل", "استخدام-القضاة-لوسائل-التواصل" },
		{ "法官使用社交媒体：指南", "法官使用社交媒体指南" },
		{ "İstanbul", "i\xcc\x87stanbul" }, /* full case mapping: i and a combining dot, as Ruby's downcase */
		{ "C++ & C#", "c--c" },
		{ "v1.2.3 — notes", "v123--notes" },
		{ "`code` and **bold**", "code-and-bold" },
		{ "Tabs\tgone", "tabsgone" },
		{ "١٢٣ أرقام", "١٢٣-أرقام" },
	};
	struct fixture *f = *state;
	struct strbuf src = STRBUF_INIT, want = STRBUF_INIT;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		strbuf_reset(&src);
		strbuf_reset(&want);
		strbuf_addf(&src, "## %s\n", cases[i][0]);
		strbuf_addf(&want, "<h2 id=\"%s\">", cases[i][1]);
		assert_contains(render(f, src.buf), want.buf);
	}
	strbuf_release(&src);
	strbuf_release(&want);
}

/* "## Title {#id}": the id as written, claimed before the others'; a second heading with it gets its own. */
static void test_explicit_heading_ids(void **state)
{
	struct fixture *f = *state;

	assert_string_equal(render(f, "## Intro\n\n## Scope of the guidelines {#scope}\n\n## Scope\n\n"
				      "## Second intro {#intro}\n\n## Not an id {#a b}\n\n## {#only}\n\n"
				      "## *Emphasis* {#em.1:x}   \n"),
			    "<h2 id=\"intro-1\">Intro</h2>\n"
			    "<h2 id=\"scope\">Scope of the guidelines</h2>\n"
			    "<h2 id=\"scope-1\">Scope</h2>\n"
			    "<h2 id=\"intro\">Second intro</h2>\n"
			    "<h2 id=\"not-an-id-a-b\">Not an id {#a b}</h2>\n"
			    "<h2 id=\"only\"></h2>\n"
			    "<h2 id=\"em.1:x\"><em>Emphasis</em></h2>\n");
	assert_int_equal(f->diags.len, 0);
	render(f, "# One {#same}\n\nText.\n\n## Two {#same}\n");
	assert_contains(f->html.buf, "<h1 id=\"same\">One</h1>");
	assert_contains(f->html.buf, "<h2 id=\"two\">Two</h2>");
	assert_int_equal(f->diags.len, 1);
	assert_diag(f, 0, "doc.md:8:1: warning: the id 'same' is already used on the page: this heading gets an "
			  "id made from its text");
	/* a quote or an angle bracket is no id: the text stays as written, escaped */
	assert_contains(render(f, "## Q {#a\"b}\n"), "<h2 id=\"q-ab\">Q {#a&quot;b}</h2>");
}

/* The theme's own ids ("main") are the page's already: a heading steps around them, as around another's. */
static void test_reserved_ids(void **state)
{
	static const char *const reserved[] = { "main", "search" };
	struct fixture *f = *state;
	const struct markdown_options opts = { .path = "doc.md", .line_offset = 3, .diags = &f->diags,
					       .reserved_ids = reserved, .nreserved_ids = 2 };

	f->ret = markdown_render(&f->html, NULL, "## Main\n\n## Search {#search}\n\n## Main {#main-1}\n", 48, &opts);
	assert_string_equal(f->html.buf, "<h2 id=\"main-2\">Main</h2>\n<h2 id=\"search-1\">Search</h2>\n"
					 "<h2 id=\"main-1\">Main</h2>\n");
	assert_int_equal(f->diags.len, 1);
	assert_diag(f, 0, "doc.md:6:1: warning: the id 'search' is already used on the page: this heading gets an "
			  "id made from its text");
}

/* Thousands of identical headings: every id distinct, and quickly (the suffix search does not restart). */
static void test_many_duplicate_headings(void **state)
{
	struct fixture *f = *state;
	struct strbuf src = STRBUF_INIT;

	for (int i = 0; i < 20000; i++)
		strbuf_addstr(&src, "# x\n");
	strbuf_addstr(&src, "# x 1\n");
	render(f, src.buf);
	assert_contains(f->html.buf, "<h1 id=\"x\">x</h1>\n<h1 id=\"x-1\">x</h1>\n");
	assert_contains(f->html.buf, "<h1 id=\"x-19999\">x</h1>\n<h1 id=\"x-1-1\">x 1</h1>\n");
	strbuf_release(&src);
}

static void test_forbidden_urls(void **state)
{
	struct fixture *f = *state;
	const char *html;

	html = render(f, "Intro.\n[a](javascript:alert(1)) [b](JAVASCRIPT:alert(1)) [c](vbscript:msgbox)\n"
			 "[d](data:text/html,x) ![e](data:image/png;base64,AAAA) [f](file:///etc/passwd)\n"
			 "[g](//evil.example/x) ![h](//evil.example/a.png) ![i](mailto:a@example.org)\n"
			 "[j](&#106;avascript:alert(1)) <ftp://example.org/f>\n");
	assert_int_equal(f->ret, -1);
	assert_int_equal(f->ncalls, 0);
	assert_int_equal(f->diags.len, 11);
	assert_diag(f, 0, "doc.md:5:1: error: link to 'javascript:alert(1)' is not allowed: "
			  "use an http, https or mailto address");
	assert_diag(f, 1, "doc.md:5:26: error: link to 'JAVASCRIPT:alert(1)' is not allowed: "
			  "use an http, https or mailto address");
	assert_diag(f, 2, "doc.md:5:51: error: link to 'vbscript:msgbox' is not allowed: "
			  "use an http, https or mailto address");
	assert_diag(f, 3, "doc.md:6:1: error: link to 'data:text/html,x' is not allowed: "
			  "use an http, https or mailto address");
	assert_diag(f, 4, "doc.md:6:23: error: image 'data:image/png;base64,AAAA' is not allowed: "
			  "use an http or https address");
	assert_diag(f, 5, "doc.md:6:56: error: link to 'file:///etc/passwd' is not allowed: "
			  "use an http, https or mailto address");
	assert_diag(f, 6, "doc.md:7:1: error: link to '//evil.example/x' is not allowed: use http or https explicitly");
	assert_diag(f, 7, "doc.md:7:23: error: image '//evil.example/a.png' is not allowed: "
			  "use http or https explicitly");
	assert_diag(f, 8, "doc.md:7:50: error: image 'mailto:a@example.org' is not allowed: "
			  "use an http or https address");
	assert_diag(f, 9, "doc.md:8:1: error: link to 'javascript:alert(1)' is not allowed: "
			  "use an http, https or mailto address");
	assert_diag(f, 10, "doc.md:8:31: error: link to 'ftp://example.org/f' is not allowed: "
			   "use an http, https or mailto address");
	/* Every offending URL is emptied; the rest of the page renders. */
	assert_lacks(html, "script");
	assert_lacks(html, "data:");
	assert_lacks(html, "file:");
	assert_lacks(html, "evil");
	assert_lacks(html, "href=\"ftp");
	assert_contains(html, "<p>Intro.\n<a href=\"\">a</a> <a href=\"\">b</a> <a href=\"\">c</a>\n");
	assert_contains(html, "<img src=\"\" alt=\"e\" />");
}

/* A URL as long as a data: image is cut in the message, at a character boundary. */
static void test_long_url_cut(void **state)
{
	struct fixture *f = *state;
	struct strbuf src = STRBUF_INIT, expected = STRBUF_INIT;

	strbuf_addstr(&src, "![x](data:é");
	for (int i = 0; i < 5000; i++)
		strbuf_addch(&src, 'A');
	strbuf_addstr(&src, ")\n");
	render(f, src.buf);
	strbuf_addstr(&expected, "doc.md:4:1: error: image 'data:é");
	for (int i = 0; i < 100 - 7; i++)
		strbuf_addch(&expected, 'A');
	strbuf_addstr(&expected, "...' is not allowed: use an http or https address");
	assert_diag(f, 0, expected.buf);
	strbuf_release(&src);
	strbuf_release(&expected);
}

static void test_allowed_absolute_urls(void **state)
{
	struct fixture *f = *state;

	assert_string_equal(render(f, "[a](http://example.org) [b](HTTPS://example.org/x?y#z) "
				      "[c](mailto:me@example.org) ![d](https://example.org/d.png) [e](#top) [f]() "
				      "<me@example.org>\n"),
			    "<p><a href=\"http://example.org\">a</a> <a href=\"HTTPS://example.org/x?y#z\">b</a> "
			    "<a href=\"mailto:me@example.org\">c</a> "
			    "<img src=\"https://example.org/d.png\" alt=\"d\" /> <a href=\"#top\">e</a> "
			    "<a href=\"\">f</a> <a href=\"mailto:me@example.org\">me@example.org</a></p>\n");
	assert_int_equal(f->ncalls, 1); /* the bare fragment: the caller checks the page has it */
	assert_call(f, 0, MARKDOWN_LINK, "#top", 4, 115);
	assert_int_equal(f->diags.len, 0);
	assert_int_equal(f->ret, 0);
}

static void test_relative_urls_to_callback(void **state)
{
	struct fixture *f = *state;

	f->replace_from = "other.md";
	f->replace_to = "/other/";
	render(f, "Intro.\nSee [other](other.md) and [part](../x/index.md#part).\n\n![A](img/a.png)\n\n"
		  "> - [q](q.md) [drive](C:\\\\x) [colon](a/b:c) [top](#top)\n");
	assert_int_equal(f->ret, 0);
	assert_int_equal(f->diags.len, 0);
	assert_int_equal(f->ncalls, 7);
	assert_call(f, 6, MARKDOWN_LINK, "#top", 9, 45);
	assert_call(f, 0, MARKDOWN_LINK, "other.md", 5, 5);
	assert_call(f, 1, MARKDOWN_LINK, "../x/index.md#part", 5, 27);
	assert_call(f, 2, MARKDOWN_IMAGE, "img/a.png", 7, 1);
	assert_call(f, 3, MARKDOWN_LINK, "q.md", 9, 5);
	assert_call(f, 4, MARKDOWN_LINK, "C:\\x", 9, 15);
	assert_call(f, 5, MARKDOWN_LINK, "a/b:c", 9, 30);
	assert_contains(f->html.buf, "<a href=\"/other/\">other</a>");
	assert_contains(f->html.buf, "<a href=\"../x/index.md#part\">part</a>");
	assert_contains(f->html.buf, "<img src=\"img/a.png\" alt=\"A\" />");
	assert_contains(f->html.buf, "<a href=\"#top\">top</a>");
}

static void test_callback_replacement_and_error(void **state)
{
	struct fixture *f = *state;

	f->replace_from = "img/a.png";
	f->replace_to = "/media/a.1234.png";
	f->fail_on = "missing.md";
	render(f, "![A](img/a.png) [gone](missing.md) [ok](ok.md)\n");
	assert_int_equal(f->ret, -1);
	assert_int_equal(f->ncalls, 3);
	assert_diag(f, 0, "doc.md:4:17: error: no page 'missing.md'");
	assert_string_equal(f->html.buf, "<p><img src=\"/media/a.1234.png\" alt=\"A\" /> "
					 "<a href=\"missing.md\">gone</a> "
					 "<a href=\"ok.md\">ok</a></p>\n");
}

/* A link or image whose target is not part of the output keeps its text, without the link. */
static void test_callback_unlink(void **state)
{
	struct fixture *f = *state;

	f->unlink_prefix = "out/";
	render(f, "See [the *other* page](out/a.md), [this one](in.md) and ![a chart](out/c.png).\n\n"
		  "[![inner](out/i.png) outer](out/b.md)\n");
	assert_int_equal(f->ret, 0);
	assert_int_equal(f->ncalls, 5);
	assert_string_equal(f->html.buf, "<p>See the <em>other</em> page, <a href=\"in.md\">this one</a> and a chart.</p>\n"
					 "<p>inner outer</p>\n");
	assert_int_equal(f->diags.len, 0);
}

/* Without a callback relative URLs stay as written. */
static void test_no_callback(void **state)
{
	struct fixture *f = *state;
	const struct markdown_options opts = { "doc.md", 0, NULL, NULL, &f->diags, NULL, 0 };
	const char *src = "[a](a.md) [b](javascript:x)\n";

	assert_int_equal(markdown_render(&f->html, NULL, src, strlen(src), &opts), -1);
	assert_string_equal(f->html.buf, "<p><a href=\"a.md\">a</a> <a href=\"\">b</a></p>\n");
	assert_diag(f, 0, "doc.md:1:11: error: link to 'javascript:x' is not allowed: "
			  "use an http, https or mailto address");
}

/* cmark-gfm gives links and images their own start, in bytes, which is turned into characters. */
static void test_positions(void **state)
{
	struct fixture *f = *state;

	render(f, "مرحبا [رابط](a.md)\n\n| x | y |\n|---|---|\n| é | [c](c.md) |\n\nText[^n]\n\n"
		  "[^n]: See [d](d.md).\n\n"
		  "Some text\nthen ftp://example.org/x here\n\n\xEF\xBB\xBF[bom](e.md)\n");
	assert_int_equal(f->ncalls, 4);
	assert_call(f, 0, MARKDOWN_LINK, "a.md", 4, 7);
	assert_call(f, 1, MARKDOWN_LINK, "c.md", 8, 7);
	/* A BOM not at the start of the text is a character; footnotes move to the end of the tree. */
	assert_call(f, 2, MARKDOWN_LINK, "e.md", 17, 2);
	assert_call(f, 3, MARKDOWN_LINK, "d.md", 12, 11);
	assert_diag(f, 0, "doc.md:15:6: error: link to 'ftp://example.org/x' is not allowed: "
			  "use an http, https or mailto address");

	f->ncalls = 0;
	render(f, "\xEF\xBB\xBF[bom](e.md)\r\n\rline\r\n[x](x.md)\n  [y](y.md)\n");
	assert_int_equal(f->ncalls, 3);
	assert_call(f, 0, MARKDOWN_LINK, "e.md", 4, 1);
	assert_call(f, 1, MARKDOWN_LINK, "x.md", 7, 1);
	/* On a paragraph's later lines cmark does not count the indentation it strips. */
	assert_call(f, 2, MARKDOWN_LINK, "y.md", 8, 1);
}

/* cmark-gfm misplaces autolinks (or gives none a position): they are found in the source. */
static void test_autolink_positions(void **state)
{
	struct fixture *f = *state;

	render(f, "First <javascript:alert(1)> line\nsecond <vbscript:x> and xmpp:me@example.org\n"
		  "   indented ftp://a.example/ and ftp://a.example/ again <ftp://a.example/>\n\n"
		  "> quoted\n> ftp://b.example/ <ftp://b.example/>\n\n> <file:///c> and\n- see <file:///c>\n");
	assert_int_equal(f->diags.len, 10);
	assert_diag(f, 0, "doc.md:4:7: error: link to 'javascript:alert(1)' is not allowed: "
			  "use an http, https or mailto address");
	assert_diag(f, 1, "doc.md:5:8: error: link to 'vbscript:x' is not allowed: "
			  "use an http, https or mailto address");
	assert_diag(f, 2, "doc.md:5:25: error: link to 'xmpp:me@example.org' is not allowed: "
			  "use an http, https or mailto address");
	assert_diag(f, 3, "doc.md:6:13: error: link to 'ftp://a.example/' is not allowed: "
			  "use an http, https or mailto address");
	assert_diag(f, 4, "doc.md:6:34: error: link to 'ftp://a.example/' is not allowed: "
			  "use an http, https or mailto address");
	assert_diag(f, 5, "doc.md:6:57: error: link to 'ftp://a.example/' is not allowed: "
			  "use an http, https or mailto address");
	assert_diag(f, 6, "doc.md:9:3: error: link to 'ftp://b.example/' is not allowed: "
			  "use an http, https or mailto address");
	assert_diag(f, 7, "doc.md:9:20: error: link to 'ftp://b.example/' is not allowed: "
			  "use an http, https or mailto address");
	assert_diag(f, 8, "doc.md:11:3: error: link to 'file:///c' is not allowed: "
			  "use an http, https or mailto address");
	assert_diag(f, 9, "doc.md:12:7: error: link to 'file:///c' is not allowed: "
			  "use an http, https or mailto address");
}

static void test_plain_text(void **state)
{
	struct fixture *f = *state;

	render(f, "# Title *here*\n\nSome **bold** and `code`,\nnext line.  \nAfter a break.\n\n"
		  "- one\n- [two](two.md)\n\n> quoted ![alt text](a.png)\n\n```c\nint x;\n```\n\n"
		  "| a | b |\n|---|---|\n| 1 | 2 |\n\n<div>raw</div>\n\n---\n\nEnd\n");
	assert_string_equal(f->plain.buf, "Title here\nSome bold and code, next line.\nAfter a break.\none\ntwo\n"
					  "quoted alt text\nint x;\na b\n1 2\nEnd\n");

	/* Appended to what the buffer holds. */
	strbuf_reset(&f->plain);
	strbuf_addstr(&f->plain, "before|");
	{
		const struct markdown_options opts = { "doc.md", 0, NULL, NULL, &f->diags, NULL, 0 };

		assert_int_equal(markdown_render(&f->html, &f->plain, "a\n\nb", 4, &opts), 0);
	}
	assert_string_equal(f->plain.buf, "before|a\nb\n");
}

static void test_deterministic(void **state)
{
	struct fixture *f = *state;
	const char *src = "# A\n\n# A\n\n| x |\n|---|\n| [y](y.md) |\n\nText[^1] www.example.org\n\n[^1]: Note.\n";
	char *first;

	render(f, src);
	first = strdup(f->html.buf);
	render(f, src);
	assert_string_equal(f->html.buf, first);
	free(first);
}

static void test_invalid_utf8(void **state)
{
	struct fixture *f = *state;
	const char src[] = "# \xff\xfe head\xc3\n\n[\x80](\xe2\x82.md) \xf0\x9f\x98 *\xc0\xaf*\n"
			   "\0after nul [z](z.md)\n";

	{
		const struct markdown_options opts = { "doc.md", 3, record_link, f, &f->diags, NULL, 0 };

		f->ret = markdown_render(&f->html, &f->plain, src, sizeof(src) - 1, &opts);
	}
	assert_int_equal(f->ret, 0);
	assert_int_equal(f->ncalls, 2);
	assert_call(f, 0, MARKDOWN_LINK, "\xe2\x82.md", 6, 1);
	assert_string_equal(f->calls[1].url, "z.md");
	assert_contains(f->html.buf, "<h1 id=\"-head\">"); /* no invalid byte in an attribute */
}

/* Renders src, which must be refused with exactly `expected` and nothing else: no HTML at all. */
static void assert_refused(struct fixture *f, const char *src, const char *expected)
{
	render(f, src);
	assert_int_equal(f->ret, -1);
	assert_int_equal(f->diags.len, 1);
	assert_diag(f, 0, expected);
	assert_int_equal(f->html.len, 0);
	diag_list_release(&f->diags);
	diag_list_init(&f->diags);
}

static void assert_rendered(struct fixture *f, const char *src)
{
	render(f, src);
	assert_int_equal(f->ret, 0);
	assert_int_equal(f->diags.len, 0);
	assert_true(f->html.len > 0);
}

static char *repeat(const char *head, const char *unit, size_t n, const char *tail)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, head);
	while (n--)
		strbuf_addstr(&sb, unit);
	strbuf_addstr(&sb, tail);
	return strbuf_detach(&sb, NULL);
}

static void test_limit_open_brackets(void **state)
{
	struct fixture *f = *state;
	char *ok = repeat("", "![", 100, "\n\nnew paragraph [\n"), *over = repeat("a\n\nb ", "[", 101, "]\n");
	char *escaped = repeat("", "\\[", 500, "\n"), *not_escaped = repeat("", "\\\\[", 101, "\n");

	assert_rendered(f, ok);
	assert_rendered(f, escaped);
	assert_refused(f, over, "doc.md:6:103: error: more than 100 '[' open at once in a paragraph: close them, "
				"or write '\\[' for a bracket that opens nothing");
	assert_refused(f, not_escaped, "doc.md:4:303: error: more than 100 '[' open at once in a paragraph: "
				       "close them, or write '\\[' for a bracket that opens nothing");
	free(ok);
	free(over);
	free(escaped);
	free(not_escaped);
}

static void test_limit_addresses(void **state)
{
	struct fixture *f = *state;
	char *ok = repeat("", "a@b.org ", 50, "\nwww.example.org\n"), *over = repeat("x ", "a@b.org www.c.org ", 25, "é a@b");
	char *upper = repeat("", "WwW.a ", 51, "\n");

	assert_rendered(f, ok);
	assert_contains(f->html.buf, "<a href=\"mailto:a@b.org\">");
	assert_refused(f, over, "doc.md:4:456: error: more than 50 e-mail or web addresses ('@', 'www.') on one "
				"line: break the line");
	assert_refused(f, upper, "doc.md:4:301: error: more than 50 e-mail or web addresses ('@', 'www.') on one "
				 "line: break the line");
	free(ok);
	free(over);
	free(upper);
}

static void test_limit_table_columns(void **state)
{
	struct fixture *f = *state;
	char *head = repeat("", "| a ", 100, "|\n"), *ok = repeat(head, "|---", 100, "|\n| 1 |\n");
	char *over = repeat("", "| a ", 101, "|\n");

	assert_rendered(f, ok);
	assert_contains(f->html.buf, "<td>1</td>\n<td></td>");
	assert_refused(f, over, "doc.md:4:405: error: more than 101 '|' on one line: a table has at most 100 "
				"columns");
	free(head);
	free(ok);
	free(over);
}

static void test_limit_table_cells(void **state)
{
	struct fixture *f = *state;
	/* 10 columns: the header and 9,999 rows are 100,000 cells; a row of one cell is filled in */
	char *ok = repeat("|a|b|c|d|e|f|g|h|i|j|\n|-|-|-|-|-|-|-|-|-|-|\n", "x\n", 9999, "");
	char *over = repeat("|a|b|c|d|e|f|g|h|i|j|\n|-|-|-|-|-|-|-|-|-|-|\n", "x\n", 5000,
			    "\n|a|b|c|d|e|f|g|h|i|j|\n|-|-|-|-|-|-|-|-|-|-|\n");
	char *more = repeat(over, "x\n", 5000, "");

	assert_rendered(f, ok);
	assert_refused(f, more, "doc.md:10007:1: error: the page's tables have more than 100000 cells: split the "
				"page");
	free(ok);
	free(over);
	free(more);
}

static void test_limit_delimiter_rows(void **state)
{
	struct fixture *f = *state;
	/* each line like a delimiter row makes cmark-gfm read the paragraph above it again */
	char *ok = repeat("", "some text\n", 100000, "-|-\n"), *over = repeat(ok, "some text\n", 5000, "  -|-\n");

	assert_rendered(f, ok);
	assert_refused(f, over, "doc.md:105005:3: error: too much text above lines like a table's delimiter row "
				"('|---|'): put a blank line before each table");
	free(ok);
	free(over);
}

static void test_limit_references(void **state)
{
	struct fixture *f = *state;
	char *url = repeat("[a]: http://x.org/", "x", 19986, " 'title'\n\n"); /* ']' to the end: 20,010 bytes */
	char *ok = repeat(url, "[a] ", 837, "\n"), *over = repeat(url, "[a] ", 838, "\n");

	assert_rendered(f, ok);
	assert_refused(f, over, "doc.md:4:1: error: link reference definition of 20010 bytes could be repeated by "
				"each of the page's 839 ']': make it shorter than 19996 bytes");
	free(url);
	free(ok);
	free(over);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_strikethrough_autolink_tasklist, setup, teardown),
		cmocka_unit_test_setup_teardown(test_footnotes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_raw_html_sanitized, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_raw_html_same_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_heading_ids, setup, teardown),
		cmocka_unit_test_setup_teardown(test_github_heading_ids, setup, teardown),
		cmocka_unit_test_setup_teardown(test_explicit_heading_ids, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reserved_ids, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_duplicate_headings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_forbidden_urls, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_url_cut, setup, teardown),
		cmocka_unit_test_setup_teardown(test_allowed_absolute_urls, setup, teardown),
		cmocka_unit_test_setup_teardown(test_relative_urls_to_callback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_callback_replacement_and_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_callback_unlink, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_callback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_positions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_autolink_positions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plain_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deterministic, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invalid_utf8, setup, teardown),
		cmocka_unit_test_setup_teardown(test_limit_open_brackets, setup, teardown),
		cmocka_unit_test_setup_teardown(test_limit_addresses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_limit_table_columns, setup, teardown),
		cmocka_unit_test_setup_teardown(test_limit_table_cells, setup, teardown),
		cmocka_unit_test_setup_teardown(test_limit_delimiter_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_limit_references, setup, teardown),
	};

	markdown_init();
	markdown_init(); /* a second call is harmless */
	return cmocka_run_group_tests_name("markdown", tests, NULL, NULL);
}
