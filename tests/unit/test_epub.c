/* Unit tests of the EPUB writer: books made from the Markdown renderer's own output, in English and in
 * Arabic, validated by epubcheck; the mimetype entry readers look for; fragments made XML; refused books. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "epub.h"
#include "markdown.h"
#include "util/fs.h"
#include "util/xalloc.h"

#define TEST_TIME 1796083200 /* 2026-12-01 00:00:00 UTC */

static const char stylesheet[] = "body { line-height: 1.5 }\nth, td { border: 1px solid #999 }\n";

/* Chapters in Markdown: what the renderer makes of them is what epub_write gets in a build. */
static const char *const sources[] = {
	"Read the [guiding principles](guiding-principles.md#independence) and the [annex](2019-annex.md) "
	"first.\n\n"
	"## Why it matters\n\nJudges & courts < > \"quotes\" 'apostrophes' — 司法诚信 🙂 &copy; &nbsp;kept "
	"together.\n\n"
	"### Who it is for\n\n- judges\n- court staff\n\n> Integrity is *indivisible*.\n",

	"## Independence\n\n"
	"| Principle | Applies to | Since |\n| :-- | :-: | --: |\n"
	"| Independence | all judges | 2002 |\n| Impartiality | *all* courts & tribunals | 2002 |\n\n"
	"Adopted in Bangalore[^bangalore].\n\n- [x] read\n- [ ] share\n\n"
	"~~Old~~ new: see https://www.unodc.org/ and <mailto:info@example.org>.\n\n"
	"[^bangalore]: The Bangalore Principles of Judicial Conduct, 2002.\n",

	"# Annex\n\n## Annex\n\nControl characters \x01 &#1; &#x0B; and a form feed \f here. Line\\\nbreak.\n\n"
	"```c\nif (a < b && c > d)\n\treturn \"&amp;\";\n```\n\n"
	"<div onclick=\"x()\">raw HTML is sanitized</div>\n\n<script>alert(1)</script>\n\n---\n\n"
	"1. one\n2. two\n\n- a\n- b\n\n* c\n",
};

static const char *const names[] = { "introduction", "guiding-principles", "2019-annex" };
static const char *const titles_en[] = { "Introduction: \"Why\" & <how>", "Guiding principles 🙂",
					 "2019 annex — 附件" };
static const char *const titles_ar[] = { "مقدمة: \"لماذا\" & <كيف>", "المبادئ التوجيهية",
					 "ملحق ٢٠١٩" };

/* Points links to another chapter's Markdown file at its XHTML document: "x.md#a" → "x.xhtml#a". */
static int link_to_chapter(void *ctx, const struct markdown_link *link, struct strbuf *replacement)
{
	const char *md = strstr(link->url, ".md");

	(void)ctx;
	if (md && (!md[3] || md[3] == '#'))
		strbuf_addf(replacement, "%.*s.xhtml%s", (int)(md - link->url), link->url, md + 3);
	return 0;
}

struct book {
	struct epub_chapter chapters[3];
	char *html[3];
	struct epub_book b;
};

static void book_init(struct book *bk, bool arabic)
{
	struct diag_list diags = DIAG_LIST_INIT;

	memset(bk, 0, sizeof(*bk));
	for (size_t i = 0; i < 3; i++) {
		struct strbuf html = STRBUF_INIT;
		struct markdown_options opts = { names[i], 0, link_to_chapter, NULL, &diags, NULL, 0 };

		assert_int_equal(markdown_render(&html, NULL, sources[i], strlen(sources[i]), &opts), 0);
		bk->html[i] = strbuf_detach(&html, NULL);
		bk->chapters[i].name = names[i];
		bk->chapters[i].title = arabic ? titles_ar[i] : titles_en[i];
		bk->chapters[i].html = bk->html[i];
	}
	assert_int_equal(diag_errors(&diags), 0); /* the raw HTML's onclick and <script> are warnings */
	assert_int_equal(diags.len, 2);
	bk->b.identifier = arabic ? "https://example.org/ar/products/social-media-guidelines/"
				  : "https://example.org/en/products/social-media-guidelines/?a=1&b=2";
	bk->b.title = arabic ? "إرشادات وسائل التواصل الاجتماعي & <القضاة>" : "Social media \"guidelines\" & <judges>";
	bk->b.language = arabic ? "ar" : "en";
	bk->b.rtl = arabic;
	bk->b.modified = "2026-12-01T00:00:00Z";
	bk->b.contents_title = arabic ? "المحتويات" : "Contents";
	bk->b.stylesheet = stylesheet;
	bk->b.stylesheet_len = sizeof(stylesheet) - 1;
	bk->b.chapters = bk->chapters;
	bk->b.nchapters = 3;
	bk->b.time = TEST_TIME;
	diag_list_release(&diags);
}

static void book_release(struct book *bk)
{
	for (size_t i = 0; i < 3; i++)
		free(bk->html[i]);
}

/* Starts cmd with its standard error joined to its output, to be read by run_finish(). */
static FILE *run_start(const char *cmd)
{
	struct strbuf full = STRBUF_INIT;
	FILE *p;

	strbuf_addf(&full, "%s 2>&1", cmd);
	p = popen(full.buf, "r");
	assert_non_null(p);
	strbuf_release(&full);
	return p;
}

/* Reads what a command started by run_start() prints into out, and returns its exit status. */
static int run_finish(FILE *p, struct strbuf *out)
{
	char buf[4096];
	size_t n;
	int status;

	strbuf_reset(out);
	while ((n = fread(buf, 1, sizeof(buf), p)) > 0)
		strbuf_add(out, buf, n);
	status = pclose(p);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int run(struct strbuf *out, const char *cmd)
{
	return run_finish(run_start(cmd), out);
}

/*
 * Debian's epubcheck is an executable jar: "epubcheck" runs only where binfmt_misc hands jars to java (not
 * in most containers), so the jar goes to java directly when it is where Debian puts it, with the JIT
 * options that halve the time of a short run. NULL when neither is there.
 */
static const char *epubcheck_command(void)
{
	if (access("/usr/share/java/epubcheck.jar", R_OK) == 0 && system("command -v java >/dev/null 2>&1") == 0)
		return "java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar /usr/share/java/epubcheck.jar";
	if (system("command -v epubcheck >/dev/null 2>&1") == 0)
		return "epubcheck";
	return NULL;
}

/*
 * The suite's only epubcheck runs (a Java start each, seconds), side by side: the English book and the
 * Arabic one, each with no fatal error and no error.
 */
static void test_epubcheck_valid(void **state)
{
	static const char *const files[] = { "en.epub", "ar.epub" };
	char dir[] = "/tmp/jisite-epub-test-XXXXXX";
	const char *epubcheck = epubcheck_command();
	struct diag_list diags = DIAG_LIST_INIT;
	struct strbuf out = STRBUF_INIT, cmd = STRBUF_INIT;
	FILE *runs[2];

	(void)state;
	if (!epubcheck)
		fail_msg("epubcheck is not installed: make test installs it (apt-get install epubcheck)");
	assert_non_null(mkdtemp(dir));
	for (size_t i = 0; i < 2; i++) {
		struct book bk;

		book_init(&bk, i == 1);
		strbuf_reset(&out);
		assert_int_equal(epub_write(&out, &bk.b, files[i], &diags), 0);
		book_release(&bk);
		strbuf_reset(&cmd);
		strbuf_addf(&cmd, "%s/%s", dir, files[i]);
		assert_int_equal(fs_write_file(cmd.buf, out.buf, out.len), 0);
		strbuf_reset(&cmd);
		strbuf_addf(&cmd, "%s '%s/%s'", epubcheck, dir, files[i]);
		runs[i] = run_start(cmd.buf);
	}
	assert_int_equal(diags.len, 0);
	for (size_t i = 0; i < 2; i++) {
		int status = run_finish(runs[i], &out);
		const char *summary = strstr(out.buf, "Messages: ");

		if (status != 0 || !summary || strncmp(summary, "Messages: 0 fatals / 0 errors /", 31))
			fail_msg("epubcheck refused %s (exit status %d):\n%s", files[i], status, out.buf);
		print_message("%s: %.*s\n", files[i], (int)strcspn(summary, "\n"), summary);
	}
	assert_int_equal(fs_remove_tree(dir), 0);
	strbuf_release(&out);
	strbuf_release(&cmd);
	diag_list_release(&diags);
}

static unsigned get16(const char *p)
{
	return (unsigned char)p[0] | (unsigned)(unsigned char)p[1] << 8;
}

/* Readers tell an EPUB by its first entry: "mimetype", stored, no extra field, its value at byte 38. */
static void test_mimetype_first_and_stored(void **state)
{
	struct diag_list diags = DIAG_LIST_INIT;
	struct strbuf out = STRBUF_INIT, again = STRBUF_INIT;
	struct book bk;

	(void)state;
	book_init(&bk, false);
	assert_int_equal(epub_write(&out, &bk.b, "en.epub", &diags), 0);
	assert_true(out.len > 58);
	assert_memory_equal(out.buf, "PK\3\4", 4);
	assert_int_equal(get16(out.buf + 8), 0);  /* stored */
	assert_int_equal(get16(out.buf + 26), 8); /* name length */
	assert_int_equal(get16(out.buf + 28), 0); /* no extra field */
	assert_memory_equal(out.buf + 30, "mimetype", 8);
	assert_memory_equal(out.buf + 38, "application/epub+zip", 20);
	assert_memory_equal(out.buf + 58, "PK\3\4", 4); /* nothing after it: no data descriptor */

	/* the same book gives the same bytes, appended after what the buffer held */
	strbuf_addstr(&again, "x");
	assert_int_equal(epub_write(&again, &bk.b, "en.epub", &diags), 0);
	assert_int_equal(again.len, out.len + 1);
	assert_memory_equal(again.buf + 1, out.buf, out.len);
	assert_int_equal(diags.len, 0);
	book_release(&bk);
	strbuf_release(&out);
	strbuf_release(&again);
	diag_list_release(&diags);
}

/* Writes book b and reads its entry back through unzip into got. */
static void book_entry(struct strbuf *got, const struct epub_book *b, const char *entry, struct diag_list *diags)
{
	char dir[] = "/tmp/jisite-epub-test-XXXXXX";
	struct strbuf out = STRBUF_INIT, cmd = STRBUF_INIT;

	assert_int_equal(epub_write(&out, b, "t.epub", diags), 0);
	assert_non_null(mkdtemp(dir));
	strbuf_addf(&cmd, "%s/t.epub", dir);
	assert_int_equal(fs_write_file(cmd.buf, out.buf, out.len), 0);
	strbuf_reset(&cmd);
	strbuf_addf(&cmd, "unzip -p '%s/t.epub' '%s'", dir, entry);
	if (run(got, cmd.buf) != 0)
		fail_msg("'%s' failed (is unzip installed? make test installs it):\n%s", cmd.buf, got->buf);
	assert_int_equal(fs_remove_tree(dir), 0);
	strbuf_release(&out);
	strbuf_release(&cmd);
}

/* The chapter document of a one-chapter book of html. */
static void chapter_xhtml(struct strbuf *xhtml, const char *html, struct diag_list *diags)
{
	struct epub_chapter ch = { "chapter", "Chapter", html };
	struct epub_book b = { "urn:x", "Book", "fr", false, "2026-12-01T00:00:00Z", "Sommaire", NULL, 0,
			       &ch, 1, TEST_TIME };

	book_entry(xhtml, &b, "EPUB/chapter.xhtml", diags);
}

static void assert_contains(const char *haystack, const char *needle)
{
	if (!strstr(haystack, needle))
		fail_msg("'%s' not found in:\n%s", needle, haystack);
}

/* What HTML allows and XML does not, each made XML. */
static void test_fragment_made_xml(void **state)
{
	struct diag_list diags = DIAG_LIST_INIT;
	struct strbuf x = STRBUF_INIT;
	char *s;

	(void)state;
	chapter_xhtml(&x,
		      "<p>a&nbsp;b &AMP; &amp;&lt;&gt;&quot;&apos; &bogus; &#0; &#x1F600; &#xD800; &#99999999999; "
		      "& alone &#; 3 < 4 > 2</p>\n"
		      "<P Class=x data-footnotes>\x01\x0B\x7F\xC3\x28\xEF\xBF\xBE ok</P><!-- end list -->\n"
		      "<br><img src=\"a b.png\" alt='say \"hi\"' title=plain><hr/>\n"
		      "<table><tr><th align=\"center\">h</th><td align=\"bogus\">d</td></tr></table>\n",
		      &diags);
	assert_contains(x.buf, "<p>a&#160;b &amp;AMP; &amp;&lt;&gt;&quot;&apos; &amp;bogus; &#65533; &#128512; "
			       "&#65533; &#65533; &amp; alone &amp;#; 3 &lt; 4 &gt; 2</p>\n");
	/* \x01 \x0B: not XML characters; \x7F: one; \xC3\x28: bad UTF-8; \xEF\xBF\xBE: U+FFFE */
	assert_contains(x.buf, "<p class=\"x\" data-footnotes=\"\">\xEF\xBF\xBD\xEF\xBF\xBD\x7F\xEF\xBF\xBD("
			       "\xEF\xBF\xBD ok</p>\n<br />");
	assert_contains(x.buf, "<img src=\"a b.png\" alt=\"say &quot;hi&quot;\" title=\"plain\" /><hr />");
	assert_contains(x.buf, "<th style=\"text-align: center\">h</th><td>d</td>");
	assert_contains(x.buf, "<html xmlns=\"http://www.w3.org/1999/xhtml\""
			       " xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"fr\" xml:lang=\"fr\">");
	assert_int_equal(diags.len, 2);
	s = diag_format(&diags.items[0]);
	assert_string_equal(s, "t.epub: warning: unknown entity '&AMP;' in chapter 'chapter' kept as text");
	free(s);
	s = diag_format(&diags.items[1]);
	assert_string_equal(s, "t.epub: warning: unknown entity '&bogus;' in chapter 'chapter' kept as text");
	free(s);
	assert_int_equal(diag_errors(&diags), 0);
	strbuf_release(&x);
	diag_list_release(&diags);
}

/* The package and navigation documents: reading order, escaped titles, and the Arabic book right to left. */
static void test_package_and_nav(void **state)
{
	struct diag_list diags = DIAG_LIST_INIT;
	struct strbuf x = STRBUF_INIT;
	struct book en, ar;

	(void)state;
	book_init(&en, false);
	book_init(&ar, true);
	book_entry(&x, &en.b, "EPUB/package.opf", &diags);
	assert_contains(x.buf, "<dc:identifier id=\"id\">https://example.org/en/products/social-media-guidelines/"
			       "?a=1&amp;b=2</dc:identifier>\n<dc:title>Social media &quot;guidelines&quot; &amp; "
			       "&lt;judges&gt;</dc:title>\n<dc:language>en</dc:language>\n");
	assert_contains(x.buf, "<spine>\n<itemref idref=\"c-introduction\"/>\n<itemref idref=\"c-guiding-principles\"/>"
			       "\n<itemref idref=\"c-2019-annex\"/>\n</spine>");
	book_entry(&x, &en.b, "EPUB/guiding-principles.xhtml", &diags);
	assert_contains(x.buf, " lang=\"en\" xml:lang=\"en\">\n<head>\n<title>Guiding principles 🙂</title>");
	book_entry(&x, &en.b, "EPUB/introduction.xhtml", &diags);
	assert_contains(x.buf, "<a href=\"guiding-principles.xhtml#independence\">");

	book_entry(&x, &ar.b, "EPUB/package.opf", &diags);
	assert_contains(x.buf, "<spine page-progression-direction=\"rtl\">");
	book_entry(&x, &ar.b, "EPUB/nav.xhtml", &diags);
	assert_contains(x.buf, " lang=\"ar\" xml:lang=\"ar\" dir=\"rtl\">\n<head>\n<title>المحتويات</title>");
	assert_contains(x.buf, "<nav epub:type=\"toc\" id=\"toc\">\n<h1>المحتويات</h1>\n<ol>\n"
			       "<li><a href=\"introduction.xhtml\">مقدمة: &quot;لماذا&quot; &amp; &lt;كيف&gt;</a></li>\n"
			       "<li><a href=\"guiding-principles.xhtml\">المبادئ التوجيهية</a></li>\n"
			       "<li><a href=\"2019-annex.xhtml\">ملحق ٢٠١٩</a></li>\n</ol>\n</nav>");
	book_entry(&x, &ar.b, "EPUB/2019-annex.xhtml", &diags);
	assert_contains(x.buf, " dir=\"rtl\">");
	assert_contains(x.buf, "<h1>ملحق ٢٠١٩</h1>\n<h1 id=\"annex\">Annex</h1>\n<h2 id=\"annex-1\">Annex</h2>");
	assert_int_equal(diags.len, 0);
	book_release(&en);
	book_release(&ar);
	strbuf_release(&x);
	diag_list_release(&diags);
}

/* Every problem is reported, and nothing is written. */
static void test_refused(void **state)
{
	struct epub_chapter chapters[] = {
		{ "Intro", "A", "<p>a</p>" },
		{ "nav", "B", "<p>b</p>" },
		{ "same", "C", "<p>c" },
		{ "same", "D", "<p><em>d</p></em>" },
		{ "a/b", "E", "</p>" },
	};
	struct epub_book b = { "urn:x", "Book", "en_GB", false, "2026-12-01 00:00:00", "Contents", NULL, 0,
			       chapters, 5, TEST_TIME };
	static const char *const expected[] = {
		"t.epub: error: book language 'en_GB' is not a BCP 47 tag",
		"t.epub: error: book modification time '2026-12-01 00:00:00' is not CCYY-MM-DDThh:mm:ssZ",
		"t.epub: error: chapter name 'Intro' is not made of a-z, 0-9 and '-'",
		"t.epub: error: chapter name 'nav' is taken by the navigation document",
		"t.epub: error: chapter name 'same' is used twice",
		"t.epub: error: chapter name 'a/b' is not made of a-z, 0-9 and '-'",
	};
	static const char *const fragment_errors[] = {
		"t.epub: error: chapter 'third' is not well-formed: element never closed '<p'",
		"t.epub: error: chapter 'fourth' is not well-formed: end tag does not close the last open element '</p>'",
		"t.epub: error: chapter 'fifth' is not well-formed: end tag does not close the last open element '</p>'",
		"t.epub: error: chapter 'third' is not well-formed: unterminated attribute in tag '<a href=\"x>'",
	};
	struct diag_list diags = DIAG_LIST_INIT;
	struct strbuf out = STRBUF_INIT;
	char *s;

	(void)state;
	strbuf_addstr(&out, "kept");
	assert_int_equal(epub_write(&out, &b, "t.epub", &diags), -1);
	assert_int_equal(diags.len, 6);
	for (size_t i = 0; i < diags.len; i++) {
		s = diag_format(&diags.items[i]);
		assert_string_equal(s, expected[i]);
		free(s);
	}

	/* with the book's fields right, the fragments that cannot be XML are reported, each chapter's first */
	diag_list_release(&diags);
	b.language = "en-GB";
	b.modified = "2026-12-01T00:00:00Z";
	chapters[0].name = "first";
	chapters[1].name = "second";
	chapters[2].name = "third";
	chapters[3].name = "fourth";
	chapters[4].name = "fifth";
	chapters[4].html = "<p>a</p></p>";
	assert_int_equal(epub_write(&out, &b, "t.epub", &diags), -1);
	b.nchapters = 3;
	chapters[2].html = "<a href=\"x>";
	assert_int_equal(epub_write(&out, &b, "t.epub", &diags), -1);
	assert_int_equal(diags.len, 4);
	for (size_t i = 0; i < diags.len; i++) {
		s = diag_format(&diags.items[i]);
		assert_string_equal(s, fragment_errors[i]);
		free(s);
	}
	assert_string_equal(out.buf, "kept");
	strbuf_release(&out);
	diag_list_release(&diags);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_epubcheck_valid),
		cmocka_unit_test(test_mimetype_first_and_stored),
		cmocka_unit_test(test_fragment_made_xml),
		cmocka_unit_test(test_package_and_nav),
		cmocka_unit_test(test_refused),
	};

	markdown_init();
	return cmocka_run_group_tests_name("epub", tests, NULL, NULL);
}
