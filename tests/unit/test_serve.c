/* Unit tests of what serve answers without its HTTP server (serve_files.h): which file a request's path
 * names in a folder made here, every spelling of a way out refused, symbolic links not followed,
 * content types, the reload script's place, and the events' JSON; and the editors' files watch.h ignores. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "serve_files.h"
#include "util/fs.h"
#include "watch.h"

static char root[64];

static int make_root(void **state)
{
	char path[128];

	(void)state;
	snprintf(root, sizeof(root), "/tmp/jisite-serve-test-%ld", (long)getpid());
	fs_remove_tree(root);
	snprintf(path, sizeof(path), "%s/site/en/about", root);
	assert_int_equal(fs_mkdirs(path), 0);
	snprintf(path, sizeof(path), "%s/site/en/about/index.html", root);
	assert_int_equal(fs_write_file(path, "<p>about</p>", 12), 0);
	snprintf(path, sizeof(path), "%s/site/style.css", root);
	assert_int_equal(fs_write_file(path, "b{}", 3), 0);
	snprintf(path, sizeof(path), "%s/site/.jisite-output", root);
	assert_int_equal(fs_write_file(path, "", 0), 0);
	snprintf(path, sizeof(path), "%s/secret", root);
	assert_int_equal(fs_write_file(path, "secret", 6), 0);
	snprintf(path, sizeof(path), "%s/site/out", root);
	assert_int_equal(symlink("..", path), 0);
	snprintf(path, sizeof(path), "%s/site/en/secret.html", root);
	assert_int_equal(symlink("../../secret", path), 0);
	return 0;
}

static int remove_root(void **state)
{
	(void)state;
	fs_remove_tree(root);
	return 0;
}

static enum serve_lookup look(const char *raw, struct strbuf *location)
{
	char site[128];
	struct stat st;
	int fd;
	enum serve_lookup ret;

	snprintf(site, sizeof(site), "%s/site", root);
	strbuf_reset(location);
	ret = serve_lookup(site, raw, &fd, &st, location);
	if (ret == SERVE_FILE) {
		assert_true(fd >= 0);
		close(fd);
	} else {
		assert_int_equal(fd, -1);
	}
	return ret;
}

static void test_lookup(void **state)
{
	struct strbuf location = STRBUF_INIT;

	(void)state;
	assert_int_equal(look("/en/about/", &location), SERVE_FILE);
	assert_int_equal(look("/en/about/index.html", &location), SERVE_FILE);
	assert_int_equal(look("/%65n/about/", &location), SERVE_FILE);
	assert_int_equal(look("/style.css", &location), SERVE_FILE);
	assert_int_equal(look("/en/about", &location), SERVE_REDIRECT);
	assert_string_equal(location.buf, "/en/about/");
	assert_int_equal(look("/en/", &location), SERVE_NOT_FOUND); /* a folder without index.html */
	assert_int_equal(look("/", &location), SERVE_NOT_FOUND);
	assert_int_equal(look("/missing", &location), SERVE_NOT_FOUND);
	assert_int_equal(look("/style.css/", &location), SERVE_NOT_FOUND);
	assert_int_equal(look("/.jisite-output", &location), SERVE_NOT_FOUND);
	strbuf_release(&location);
}

static void test_refused(void **state)
{
	static const char *const ways_out[] = {
		"/../secret", "/en/../../secret", "/%2e%2e/secret", "/%2E%2E/secret", "/.%2e/secret", "/..%2fsecret",
		"/en%2f..%2f..%2fsecret", "//secret", "/en//about/", "/en/./about/", "/en/%2e/about/", "/..\\secret",
		"/en%5c..%5c..%5csecret", "/secret%00.html", "/%", "/%2", "/%zz", "relative", "",
	};
	struct strbuf location = STRBUF_INIT;

	(void)state;
	for (size_t i = 0; i < sizeof(ways_out) / sizeof(ways_out[0]); i++) {
		enum serve_lookup got = look(ways_out[i], &location);
		if (got != SERVE_FORBIDDEN)
			fail_msg("'%s' gave %d, not SERVE_FORBIDDEN", ways_out[i], (int)got);
	}
	/* symbolic links are not followed, whether to a folder or a file */
	assert_int_equal(look("/out/secret", &location), SERVE_NOT_FOUND);
	assert_int_equal(look("/out/", &location), SERVE_NOT_FOUND);
	assert_int_equal(look("/en/secret.html", &location), SERVE_NOT_FOUND);
	strbuf_release(&location);
}

static void test_content_types(void **state)
{
	(void)state;
	assert_string_equal(serve_content_type("en/index.html"), "text/html; charset=utf-8");
	assert_string_equal(serve_content_type("a/style.5fbbf4dc2d.css"), "text/css; charset=utf-8");
	assert_string_equal(serve_content_type("search-index.js"), "text/javascript; charset=utf-8");
	assert_string_equal(serve_content_type("x.JPG"), "image/jpeg");
	assert_string_equal(serve_content_type("events.ics"), "text/calendar; charset=utf-8");
	assert_string_equal(serve_content_type("book.epub"), "application/epub+zip");
	assert_string_equal(serve_content_type("font.woff2"), "font/woff2");
	assert_string_equal(serve_content_type("a.dir/noext"), "application/octet-stream");
	assert_true(serve_is_html(serve_content_type("a.htm")));
	assert_false(serve_is_html(serve_content_type("a.svg")));
}

static void test_inject(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	strbuf_addstr(&sb, "<body><p>&lt;/body&gt;</p></BODY>\n</html>");
	serve_inject(&sb);
	assert_string_equal(sb.buf, "<body><p>&lt;/body&gt;</p><script src=\"/_jisite/reload.js\"></script>\n</BODY>\n</html>");
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "<p>no body");
	serve_inject(&sb);
	assert_string_equal(sb.buf, "<p>no body<script src=\"/_jisite/reload.js\"></script>\n");
	strbuf_release(&sb);
}

static void test_event_json(void **state)
{
	const char *changed[] = { "en/about/index.html", "assets/a\"b.css" };
	const char *diags[] = { "content/x.md:2:8: error: unknown field 'tilte'" };
	struct serve_event ev = { .build = 7, .ok = false, .changed = changed, .nchanged = 2,
				  .diagnostics = diags, .ndiagnostics = 1, .errors = 1 };
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	serve_event_json(&sb, &ev, false);
	assert_string_equal(sb.buf, "{\"build\":7,\"hello\":false,\"ok\":false,\"full\":false,\"unchanged\":false,"
				    "\"changed\":[\"en/about/index.html\",\"assets/a\\\"b.css\"],\"errors\":1,"
				    "\"diagnostics\":[\"content/x.md:2:8: error: unknown field 'tilte'\"]}");
	strbuf_reset(&sb);
	serve_event_json(&sb, &ev, true);
	assert_non_null(strstr(sb.buf, "\"hello\":true,\"ok\":false,\"full\":false,\"unchanged\":true,\"changed\":[]"));
	assert_non_null(strstr(sb.buf, "unknown field"));
	strbuf_release(&sb);
}

static void test_watch_ignored(void **state)
{
	(void)state;
	assert_true(watch_ignored(".index.md.swp"));
	assert_true(watch_ignored(".#index.md"));
	assert_true(watch_ignored("index.md~"));
	assert_true(watch_ignored("4913"));
	assert_true(watch_ignored("#index.md#"));
	assert_false(watch_ignored("index.md"));
	assert_false(watch_ignored("index.fr.md"));
	assert_false(watch_ignored("site.yaml"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_content_types),
		cmocka_unit_test(test_inject),
		cmocka_unit_test(test_event_json),
		cmocka_unit_test(test_watch_ignored),
	};

	return cmocka_run_group_tests_name("serve", tests, make_root, remove_root);
}
