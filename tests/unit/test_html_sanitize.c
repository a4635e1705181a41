/* Unit tests of html_sanitize: the allow-list, each kind of drop with its message and position, ids, the
 * link policy on a href and img src (through markdown_render, as pages get it), serialization. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "html_sanitize.h"
#include "markdown.h"

struct fixture {
	struct diag_list diags;
	struct strbuf out;
	char urls[16][64]; /* what the url callback was asked */
	size_t nurls;
	const char *ids[8]; /* ids the page has already */
	size_t nids;
	int ret;
};

/* Offsets are placed on line 1, a column per byte, all written by the editor but for "<p class=cmark>". */
static bool fake_where(void *ctx, size_t off, unsigned *line, unsigned *col)
{
	(void)ctx;
	*line = 1;
	*col = (unsigned)off + 1;
	return true;
}

static int fake_url(void *ctx, enum html_url_kind kind, const char *url, unsigned line, unsigned col,
		    struct strbuf *replacement)
{
	struct fixture *f = ctx;

	(void)line;
	(void)col;
	assert_true(f->nurls < 16 && strlen(url) < 60);
	strcpy(f->urls[f->nurls++], url);
	if (!strncmp(url, "bad:", 4))
		return -1;
	if (!strncmp(url, "gone", 4))
		return HTML_SANITIZE_UNWRAP;
	if (!strcmp(url, "page.md"))
		strbuf_addstr(replacement, kind == HTML_URL_IMAGE ? "/img/" : "/page/");
	return 0;
}

static bool fake_claim(void *ctx, const char *id, size_t len)
{
	struct fixture *f = ctx;

	for (size_t i = 0; i < f->nids; i++)
		if (strlen(f->ids[i]) == len && !memcmp(f->ids[i], id, len))
			return false;
	assert_true(f->nids < 8);
	f->ids[f->nids++] = strndup(id, len);
	return true;
}

static void fake_note(void *ctx, const char *id, size_t len)
{
	fake_claim(ctx, id, len);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	diag_list_init(&f->diags);
	strbuf_init(&f->out, 0);
	markdown_init();
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	for (size_t i = 0; i < f->nids; i++)
		free((char *)f->ids[i]);
	diag_list_release(&f->diags);
	strbuf_release(&f->out);
	free(f);
	return 0;
}

static const char *sanitize(struct fixture *f, const char *html)
{
	struct html_sanitize_options o = { "doc.md", &f->diags, f, fake_where, fake_url, fake_claim, fake_note };

	strbuf_reset(&f->out);
	f->ret = html_sanitize(&f->out, html, strlen(html), &o);
	return f->out.buf;
}

/* Through markdown_render, with no link callback: the page's own positions, three lines of front matter. */
static const char *render(struct fixture *f, const char *md)
{
	const struct markdown_options opts = { "doc.md", 3, NULL, NULL, &f->diags, NULL, 0 };

	strbuf_reset(&f->out);
	f->ret = markdown_render(&f->out, NULL, md, strlen(md), &opts);
	return f->out.buf;
}

static void assert_diag(const struct fixture *f, size_t i, const char *expected)
{
	char *s;

	if (i >= f->diags.len)
		fail_msg("no diagnostic %zu (there are %zu)", i, f->diags.len);
	s = diag_format(&f->diags.items[i]);
	assert_string_equal(s, expected);
	free(s);
}

static void test_allowed_kept(void **state)
{
	struct fixture *f = *state;
	const char *in = "<aside><details open><summary>More</summary><p>Text with <kbd>Ctrl</kbd>, "
			 "<abbr title=\"HyperText\">HTML</abbr>, <mark>m</mark>, <sub>2</sub><sup>3</sup>, "
			 "<q>q</q> <cite>c</cite> <s>s</s> <ins>i</ins> <del>d</del> <u>u</u> <small>s</small>"
			 "</p></details></aside><figure><img src=\"a.png\" alt=\"A\" width=\"10\" height=\"20\" />"
			 "<figcaption>Cap</figcaption></figure><dl><dt>t</dt><dd>d</dd></dl>"
			 "<table><caption>c</caption><colgroup><col span=\"2\" /></colgroup><tbody><tr>"
			 "<td align=\"center\" colspan=\"2\">x</td></tr></tbody></table>"
			 "<p lang=\"ar\" dir=\"rtl\">مرحبا</p><section><div><span>s</span></div></section>";

	assert_string_equal(sanitize(f, in), in);
	assert_int_equal(f->diags.len, 0);
	assert_int_equal(f->ret, 0);
}

static void test_dropped_with_content(void **state)
{
	struct fixture *f = *state;

	assert_string_equal(sanitize(f, "a<script>alert(1)</script>b<style>p{}</style>c<iframe srcdoc=x>i</iframe>"
					"d<template><b>t</b></template>e<noscript>n</noscript>f<textarea>t</textarea>"
					"g<object data=x>o</object>h<embed src=x>"),
			    "abcdefgh");
	assert_int_equal(f->diags.len, 8);
	assert_diag(f, 0, "doc.md:1:2: warning: <script> is not allowed in a page and was removed with its content");
	assert_diag(f, 1, "doc.md:1:28: warning: <style> is not allowed in a page and was removed with its content");
	assert_diag(f, 2, "doc.md:1:47: warning: <iframe> is not allowed in a page and was removed with its content");
	assert_diag(f, 7, "doc.md:1:177: warning: <embed> is not allowed in a page and was removed with its content");
}

static void test_foreign_dropped(void **state)
{
	struct fixture *f = *state;

	assert_string_equal(sanitize(f, "<svg><script>alert(1)</script></svg>x<math><mtext><table><mglyph><style>"
					"<img src=x onerror=alert(1)>"),
			    "x");
	assert_int_equal(f->diags.len, 2);
	assert_diag(f, 0, "doc.md:1:1: warning: <svg> is not allowed in a page and was removed with its content");
	assert_diag(f, 1, "doc.md:1:38: warning: <math> is not allowed in a page and was removed with its content");
}

static void test_unknown_unwrapped(void **state)
{
	struct fixture *f = *state;

	assert_string_equal(sanitize(f, "<center><font color=red>big</font></center><Blink>x</Blink>"), "bigx");
	assert_int_equal(f->diags.len, 3);
	assert_diag(f, 0, "doc.md:1:1: warning: <center> is not allowed in a page and was removed, its content kept");
	assert_diag(f, 1, "doc.md:1:9: warning: <font> is not allowed in a page and was removed, its content kept");
	assert_diag(f, 2, "doc.md:1:44: warning: <blink> is not allowed in a page and was removed, its content kept");
}

static void test_comments_silent(void **state)
{
	struct fixture *f = *state;

	assert_string_equal(sanitize(f, "a<!-- note -->b<![CDATA[x]]>c<?php x ?>d<!DOCTYPE html>e<!--><script>x"
					"</script>-->"),
			    "abcde--&gt;");
	assert_int_equal(f->diags.len, 1); /* the script only */
	assert_diag(f, 0, "doc.md:1:62: warning: <script> is not allowed in a page and was removed with its content");
}

static void test_attributes(void **state)
{
	struct fixture *f = *state;

	assert_string_equal(sanitize(f, "<p onclick=\"x\" style=\"color:red\" dir=\"sideways\" lang=\"en us\" "
					"class=\"x\">p</p><img srcset=\"a 1x\" src=\"a.png\" width=\"10%\">"),
			    "<p>p</p><img src=\"a.png\" />");
	assert_int_equal(f->diags.len, 7);
	assert_diag(f, 0, "doc.md:1:4: warning: the attribute onclick of <p> is not allowed and was removed");
	assert_diag(f, 1, "doc.md:1:16: warning: the attribute style of <p> is not allowed and was removed");
	assert_diag(f, 2, "doc.md:1:34: warning: the attribute dir=\"sideways\" of <p> has a value that is not "
			  "allowed and was removed");
	assert_diag(f, 3, "doc.md:1:49: warning: the attribute lang=\"en us\" of <p> has a value that is not "
			  "allowed and was removed");
	assert_diag(f, 4, "doc.md:1:62: warning: the attribute class of <p> is not allowed and was removed");
	assert_diag(f, 5, "doc.md:1:82: warning: the attribute srcset of <img> is not allowed and was removed");
	assert_diag(f, 6, "doc.md:1:108: warning: the attribute width=\"10%\" of <img> has a value that is not "
			  "allowed and was removed");
	/* cmark-gfm's own classes stay, on the elements it writes them on */
	assert_string_equal(sanitize(f, "<code class=\"language-c\">x</code><sup class=\"footnote-ref\">1</sup>"),
			    "<code class=\"language-c\">x</code><sup class=\"footnote-ref\">1</sup>");
}

static void test_input_only_disabled_checkbox(void **state)
{
	struct fixture *f = *state;

	assert_string_equal(sanitize(f, "<input type=\"checkbox\" checked=\"\" disabled=\"\" />"
					"<input type=checkbox><input type=text disabled value=x>"),
			    "<input type=\"checkbox\" checked=\"\" disabled=\"\" />");
	assert_int_equal(f->diags.len, 2);
	assert_diag(f, 0, "doc.md:1:49: warning: <input> is only allowed as a disabled checkbox and was removed");
}

static void test_ids(void **state)
{
	struct fixture *f = *state;

	f->ids[f->nids++] = strdup("intro"); /* a heading's */
	assert_string_equal(sanitize(f, "<div id=\"intro\">a</div><div id=\"x y\">b</div><div id=\"note\">c</div>"
					"<span id=\"note\">d</span>"),
			    "<div>a</div><div>b</div><div id=\"note\">c</div><span>d</span>");
	assert_int_equal(f->diags.len, 3);
	assert_diag(f, 0, "doc.md:1:6: warning: the id 'intro' of <div> is already used in this page and was removed");
	assert_diag(f, 1, "doc.md:1:29: warning: the id 'x y' of <div> is not a single word of at most 100 bytes "
			  "and was removed");
	assert_diag(f, 2, "doc.md:1:73: warning: the id 'note' of <span> is already used in this page and was removed");
}

static void test_urls_to_callback(void **state)
{
	struct fixture *f = *state;

	assert_string_equal(sanitize(f, "<a href=\" page.md \">p</a><img src=\"page.md\"><a href=\"bad:x\">b</a>"
					"<a href=\"gone/x\">kept <b>text</b></a><img src=gone alt=x>"
					"<a href=\"java&#x09;script:x\">j</a>"),
			    "<a href=\"/page/\">p</a><img src=\"/img/\" /><a>b</a>kept <b>text</b>"
			    "<a href=\"javascript:x\">j</a>");
	assert_int_equal(f->nurls, 6);
	assert_string_equal(f->urls[0], "page.md"); /* trimmed, as browsers read it */
	assert_string_equal(f->urls[5], "javascript:x"); /* the tab taken out: the policy sees the scheme */
	assert_int_equal(f->ret, -1);
}

static void test_serialization(void **state)
{
	struct fixture *f = *state;

	assert_string_equal(sanitize(f, "<P TITLE='a\"b&amp;c'>x &lt; \"y\" &amp; z<BR></P><hr><wbr>"),
			    "<p title=\"a&quot;b&amp;c\">x &lt; &quot;y&quot; &amp; z<br /></p><hr /><wbr />");
	/* pre keeps its bytes, the newline after <pre> included */
	assert_string_equal(sanitize(f, "<pre>\n  a\n\n b</pre><pre>\n\nc</pre><pre>d</pre>"),
			    "<pre>\n  a\n\n b</pre><pre>\n\nc</pre><pre>d</pre>");
	/* unclosed and misnested tags: closed as a browser would */
	assert_string_equal(sanitize(f, "<b><i>x</b>y</i><p>a<p>b"), "<b><i>x</i></b><i>y</i><p>a</p><p>b</p>");
}

static void test_too_deep(void **state)
{
	struct fixture *f = *state;
	struct strbuf big = STRBUF_INIT;

	/* thousands of paragraphs left open, or of void elements, do not nest */
	for (int i = 0; i <= 3 * HTML_SANITIZE_MAX_DEPTH; i++)
		strbuf_addstr(&big, "<p>a<br><li>b<img alt=x>");
	sanitize(f, big.buf);
	assert_int_equal(f->ret, 0);
	assert_int_equal(f->diags.len, 0);
	strbuf_reset(&big);
	for (int i = 0; i <= HTML_SANITIZE_MAX_DEPTH; i++)
		strbuf_addstr(&big, "<div>");
	strbuf_reset(&f->out);
	{
		struct html_sanitize_options o = { "doc.md", &f->diags, f, fake_where, fake_url, fake_claim,
						   fake_note };

		assert_int_equal(html_sanitize(&f->out, big.buf, big.len, &o), -1);
	}
	assert_int_equal(f->out.len, 0);
	assert_int_equal(f->diags.len, 1);
	assert_int_equal(f->diags.items[0].line, 1);
	assert_int_equal(f->diags.items[0].col, 5 * HTML_SANITIZE_MAX_DEPTH + 1);
	assert_diag(f, 0, "doc.md:1:5001: error: elements nested more than 1000 deep (tags not closed?): the page's "
			  "HTML was not written");
	strbuf_release(&big);
}

/* Positions in the Markdown file: block quotes, indented blocks, inline tags over several lines. */
static void test_positions_in_markdown(void **state)
{
	struct fixture *f = *state;

	render(f, "Text\n\n> <div\n> onclick=x>\n> <font>y</font></div>\n\n  <aside style=a>\n  q\n  </aside>\n\n"
		  "para\n  <span\n  onmouseover=1>x</span> é <b onclick=y>z</b>\n");
	assert_int_equal(f->diags.len, 5);
	assert_diag(f, 0, "doc.md:7:3: warning: the attribute onclick of <div> is not allowed and was removed");
	assert_diag(f, 1, "doc.md:8:3: warning: <font> is not allowed in a page and was removed, its content kept");
	assert_diag(f, 2, "doc.md:10:10: warning: the attribute style of <aside> is not allowed and was removed");
	assert_diag(f, 3, "doc.md:16:3: warning: the attribute onmouseover of <span> is not allowed and was "
			  "removed");
	assert_diag(f, 4, "doc.md:16:31: warning: the attribute onclick of <b> is not allowed and was removed");
}

/* The link policy of Markdown, word for word, on an editor's a href and img src. */
static void test_url_policy_in_markdown(void **state)
{
	struct fixture *f = *state;
	const char *html;

	html = render(f, "<a href=\"&#106;avascript:alert(1)\">a</a> <a href=\"&#x6A;avascript:x\">b</a>\n"
			 "<a href=\" JAVA&#x09;SCRIPT:x\">c</a> <img src=\"data:image/png;base64,AA\">\n"
			 "<a href=\"//evil.example\">d</a> <img src=\"http://ok.example/a.png\"> "
			 "<a href=\"mailto:a@b.org\">m</a> <a href=\"vbscript:x\">v</a>\n");
	assert_null(strstr(html, "script:"));
	assert_null(strstr(html, "data:"));
	assert_non_null(strstr(html, "<img src=\"http://ok.example/a.png\" />"));
	assert_non_null(strstr(html, "<a href=\"mailto:a@b.org\">m</a>"));
	assert_int_equal(f->ret, -1);
	assert_int_equal(f->diags.len, 6);
	assert_diag(f, 0, "doc.md:4:4: error: link to 'javascript:alert(1)' is not allowed: use an http, https or "
			  "mailto address");
	assert_diag(f, 1, "doc.md:4:45: error: link to 'javascript:x' is not allowed: use an http, https or "
			  "mailto address");
	assert_diag(f, 2, "doc.md:5:4: error: link to 'JAVASCRIPT:x' is not allowed: use an http, https or "
			  "mailto address");
	assert_diag(f, 3, "doc.md:5:42: error: image 'data:image/png;base64,AA' is not allowed: use an http or "
			  "https address");
	assert_diag(f, 4, "doc.md:6:4: error: link to '//evil.example' is not allowed: use http or https "
			  "explicitly");
	assert_diag(f, 5, "doc.md:6:102: error: link to 'vbscript:x' is not allowed: use an http, https or "
			  "mailto address");
}

/* An editor's id may not take a heading's, and a later heading cannot take it. */
static void test_ids_in_markdown(void **state)
{
	struct fixture *f = *state;
	const char *html = render(f, "# Intro\n\n<div id=\"intro\">a</div>\n\n<div id=\"fn-1\">b</div>\n\nx[^1]\n\n"
				     "[^1]: n\n");

	assert_non_null(strstr(html, "<h1 id=\"intro\">Intro</h1>\n<div>a</div>"));
	assert_non_null(strstr(html, "<div>b</div>"));
	assert_int_equal(f->diags.len, 2);
	assert_diag(f, 0, "doc.md:6:6: warning: the id 'intro' of <div> is already used in this page and was removed");
	assert_diag(f, 1, "doc.md:8:6: warning: the id 'fn-1' of <div> is already used in this page and was removed");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_allowed_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dropped_with_content, setup, teardown),
		cmocka_unit_test_setup_teardown(test_foreign_dropped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_unwrapped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_comments_silent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_attributes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_input_only_disabled_checkbox, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ids, setup, teardown),
		cmocka_unit_test_setup_teardown(test_urls_to_callback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_serialization, setup, teardown),
		cmocka_unit_test_setup_teardown(test_too_deep, setup, teardown),
		cmocka_unit_test_setup_teardown(test_positions_in_markdown, setup, teardown),
		cmocka_unit_test_setup_teardown(test_url_policy_in_markdown, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ids_in_markdown, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
