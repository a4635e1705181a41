/* Unit tests of the generic helpers: strbuf, prefixes, JSON, arena, diagnostics, and the value tree. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/bytes.h"
#include "util/diag.h"
#include "util/fs.h"
#include "util/json.h"
#include "util/str.h"
#include "util/suggest.h"
#include "util/utf8.h"
#include "value.h"

static void test_strbuf(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	char *s;
	size_t len;

	(void)state;
	assert_non_null(sb.buf);
	assert_string_equal(sb.buf, "");
	strbuf_addstr(&sb, "abc");
	strbuf_addch(&sb, '-');
	strbuf_addf(&sb, "%d/%s", 42, "x");
	for (int i = 0; i < 1000; i++)
		strbuf_addch(&sb, 'z');
	assert_int_equal(sb.len, 1008);
	assert_memory_equal(sb.buf, "abc-42/xz", 9);
	assert_int_equal(sb.buf[sb.len], '\0');
	strbuf_setlen(&sb, 3);
	assert_string_equal(sb.buf, "abc");
	s = strbuf_detach(&sb, &len);
	assert_int_equal(len, 3);
	assert_string_equal(s, "abc");
	assert_int_equal(sb.len, 0);
	free(s);
	strbuf_release(&sb);
}

static void test_arena(void **state)
{
	struct arena a = ARENA_INIT;
	int *items = NULL;
	size_t alloc = 0;

	(void)state;
	for (int i = 0; i < 10000; i++) {
		char *p = arena_alloc(&a, (size_t)(i % 100) + 1);
		assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
		memset(p, 'x', (size_t)(i % 100) + 1);
	}
	assert_non_null(arena_alloc(&a, 5 * 1024 * 1024)); /* larger than a chunk */
	for (int i = 0; i < 1000; i++) {
		ARENA_GROW(&a, items, alloc, (size_t)i + 1);
		items[i] = i;
	}
	for (int i = 0; i < 1000; i++)
		assert_int_equal(items[i], i);
	assert_string_equal(arena_memdup0(&a, "hello", 4), "hell");
	arena_release(&a);
}

/* What a thread allocated in its own arena lives on in the arena that adopts it, freed with it; the
 * adopting arena's current chunk keeps its free space. */
static void test_arena_adopt(void **state)
{
	struct arena a = ARENA_INIT, from = ARENA_INIT, empty = ARENA_INIT;
	char *mine = arena_memdup0(&a, "mine", 4), *theirs = arena_memdup0(&from, "theirs", 6), *more;

	(void)state;
	for (int i = 0; i < 2000; i++) /* several chunks */
		memset(arena_alloc(&from, 100), 'x', 100);
	arena_adopt(&a, &from);
	assert_null(from.head);
	arena_adopt(&a, &empty); /* nothing to take */
	more = arena_memdup0(&a, "more", 4);
	assert_string_equal(mine, "mine");
	assert_string_equal(theirs, "theirs");
	assert_string_equal(more, "more");
	arena_adopt(&empty, &a); /* into an empty arena: all of it */
	assert_null(a.head);
	assert_string_equal(theirs, "theirs");
	arena_release(&empty);
	arena_release(&from); /* empty, and usable */
	assert_string_equal(arena_memdup0(&from, "again", 5), "again");
	arena_release(&from);
}

/* Diagnostics gathered apart (a thread's) join a list after its own, numbered as if they had arrived there,
 * with their counts. */
static void test_diag_list_take(void **state)
{
	struct diag_list dl = DIAG_LIST_INIT, from = DIAG_LIST_INIT;

	(void)state;
	diag_error(&dl, "b.md", 1, 1, "first");
	diag_warning(&from, "a.md", 2, 1, "second");
	diag_error(&from, "a.md", 3, 1, "third");
	diag_list_take(&dl, &from);
	assert_int_equal(from.len, 0);
	assert_int_equal(from.errors + from.warnings, 0);
	assert_int_equal(dl.len, 3);
	assert_int_equal(dl.errors, 2);
	assert_int_equal(dl.warnings, 1);
	for (size_t i = 0; i < dl.len; i++)
		assert_int_equal(dl.items[i].seq, i);
	assert_string_equal(dl.items[2].message, "third");
	diag_list_take(&dl, &from); /* an empty list: nothing */
	assert_int_equal(dl.len, 3);
	diag_list_release(&dl);
}

/* A long map is looked up through its hash table: the same answers as the scan of a short one, the first of
 * two entries with the same key, and what value_map_set and value_map_remove leave. */
static void test_value_map_lookup(void **state)
{
	struct arena a = ARENA_INIT;
	struct value *map = value_new_map(&a);
	char key[32];

	(void)state;
	for (int i = 0; i < 300; i++) {
		snprintf(key, sizeof(key), "key-%d", i);
		value_map_add(&a, map, value_new_cstring(&a, key), value_new_int(&a, i));
		/* every key so far is found, at each size the table passes through */
		for (int j = 0; j <= i; j += 7) {
			snprintf(key, sizeof(key), "key-%d", j);
			assert_non_null(value_map_get(map, key));
			assert_int_equal(value_map_get(map, key)->u.i, j);
		}
	}
	assert_null(value_map_get(map, "key-300"));
	assert_null(value_map_get(map, "key-"));
	assert_int_equal(value_map_find(map, "key-10", 5)->u.i, 1); /* the first keylen bytes: "key-1" */
	assert_int_equal(value_map_find(map, "key-10", 6)->u.i, 10);
	/* a key added twice: the first is found, and after it is removed, the second */
	value_map_add(&a, map, value_new_cstring(&a, "key-5"), value_new_int(&a, -5));
	assert_int_equal(value_map_get(map, "key-5")->u.i, 5);
	assert_true(value_map_remove(map, "key-5"));
	assert_int_equal(value_map_get(map, "key-5")->u.i, -5);
	assert_true(value_map_remove(map, "key-5"));
	assert_null(value_map_get(map, "key-5"));
	assert_false(value_map_remove(map, "key-5"));
	/* the entries after a removed one moved: each is still found */
	for (int j = 0; j < 300; j++) {
		snprintf(key, sizeof(key), "key-%d", j);
		if (j == 5)
			continue;
		assert_int_equal(value_map_get(map, key)->u.i, j);
	}
	value_map_set(&a, map, "key-7", value_new_int(&a, 70));
	assert_int_equal(value_map_get(map, "key-7")->u.i, 70);
	assert_int_equal(map->u.map.len, 299);
	value_map_set(&a, map, "new", value_new_int(&a, 1));
	assert_int_equal(value_map_get(map, "new")->u.i, 1);
	assert_int_equal(map->u.map.len, 300);

	/* a short map, scanned: names turned away by their first byte and length, or looked at */
	map = value_new_map(&a);
	assert_null(value_map_get(map, ""));
	value_map_add(&a, map, value_new_cstring(&a, "title"), value_new_int(&a, 1));
	value_map_add(&a, map, value_new_cstring(&a, ""), value_new_int(&a, 2));
	assert_int_equal(value_map_get(map, "title")->u.i, 1);
	assert_int_equal(value_map_get(map, "")->u.i, 2);
	assert_null(value_map_get(map, "tilde")); /* the same first byte and length */
	assert_null(value_map_get(map, "t"));
	assert_true(value_map_remove(map, "title"));
	assert_null(value_map_get(map, "title"));
	assert_int_equal(value_map_get(map, "")->u.i, 2);
	arena_release(&a);
}

/* A file without a name: writable and readable, and nothing in its folder. */
static void test_fs_open_unnamed(void **state)
{
	char root[64], buf[4];
	int fd;
	DIR *dir;
	struct dirent *e;
	size_t n = 0;

	(void)state;
	snprintf(root, sizeof(root), "/tmp/jisite-unnamed-%ld", (long)getpid());
	fs_remove_tree(root);
	assert_int_equal(fs_mkdirs(root), 0);
	assert_true((fd = fs_open_unnamed(root)) >= 0);
	assert_int_equal(write(fd, "abc", 3), 3);
	assert_int_equal(pread(fd, buf, 3, 0), 3);
	assert_memory_equal(buf, "abc", 3);
	assert_non_null(dir = opendir(root));
	while ((e = readdir(dir)))
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(dir);
	assert_int_equal(n, 0);
	close(fd);
	assert_int_equal(fs_open_unnamed("/nonexistent-jisite-folder"), -1);
	assert_int_equal(fs_remove_tree(root), 0);
}

/* mkdir -p: every missing folder of a path, absolute or relative, with or without a final '/'. */
static void test_fs_mkdirs(void **state)
{
	char root[64], path[256];
	struct stat st;

	(void)state;
	snprintf(root, sizeof(root), "/tmp/jisite-mkdirs-%ld", (long)getpid());
	fs_remove_tree(root);
	snprintf(path, sizeof(path), "%s/a/b/c", root);
	assert_int_equal(fs_mkdirs(path), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(fs_mkdirs(path), 0); /* there already */
	snprintf(path, sizeof(path), "%s/a/d//e/", root);
	assert_int_equal(fs_mkdirs(path), 0);
	snprintf(path, sizeof(path), "%s/a/d/e", root);
	assert_int_equal(stat(path, &st), 0);
	/* a file in the way */
	snprintf(path, sizeof(path), "%s/a/file", root);
	assert_int_equal(fs_write_file(path, "x", 1), 0);
	snprintf(path, sizeof(path), "%s/a/file/f/g", root);
	assert_int_equal(fs_mkdirs(path), -1);
	assert_int_equal(errno, ENOTDIR);
	/* relative to the current folder */
	snprintf(path, sizeof(path), "%s/a", root);
	assert_int_equal(chdir(path), 0);
	assert_int_equal(fs_mkdirs("r/s/t"), 0);
	assert_int_equal(stat("r/s/t", &st), 0);
	assert_int_equal(chdir("/"), 0);
	assert_int_equal(fs_remove_tree(root), 0);
}

static void test_diag_sorted_and_formatted(void **state)
{
	struct diag_list dl = DIAG_LIST_INIT;
	char *s;

	(void)state;
	diag_error(&dl, "b.md", 3, 1, "second file");
	diag_warning(&dl, "a.md", 10, 2, "later line");
	diag_error(&dl, "a.md", 2, 7, "unknown layout '%s'", "post2");
	diag_error(&dl, "site.yaml", 0, 0, "whole file");
	assert_int_equal(diag_errors(&dl), 3);
	diag_sort(&dl);
	s = diag_format(&dl.items[0]);
	assert_string_equal(s, "a.md:2:7: error: unknown layout 'post2'");
	free(s);
	s = diag_format(&dl.items[1]);
	assert_string_equal(s, "a.md:10:2: warning: later line");
	free(s);
	s = diag_format(&dl.items[3]);
	assert_string_equal(s, "site.yaml: error: whole file");
	free(s);
	diag_list_release(&dl);
}

/* Reads back what f holds (from its start), into buf of size n. */
static const char *file_text(FILE *f, char *buf, size_t n)
{
	size_t len;

	rewind(f);
	len = fread(buf, 1, n - 1, f);
	buf[len] = '\0';
	return buf;
}

/* GitHub's annotations: errors, then warnings, then notes, each by file, line and column. */
static void test_diag_ranked(void **state)
{
	struct diag_list dl = DIAG_LIST_INIT;
	static const char *const expected[] = { "a.md:2:7: error: e2", "b.md:1:1: error: e1", "c.md: error: e3",
						"a.md:1: warning: w1", "b.md:9:1: warning: w2", "a.md:5:1: note: n1" };

	(void)state;
	diag_note(&dl, "a.md", 5, 1, "n1");
	diag_warning(&dl, "b.md", 9, 1, "w2");
	diag_error(&dl, "b.md", 1, 1, "e1");
	diag_warning(&dl, "a.md", 1, 0, "w1");
	diag_error(&dl, "c.md", 0, 0, "e3");
	diag_error(&dl, "a.md", 2, 7, "e2");
	diag_rank(&dl);
	for (size_t i = 0; i < dl.len; i++) {
		char *s = diag_format(&dl.items[i]);
		assert_string_equal(s, expected[i]);
		free(s);
	}
	/* the text form keeps its order: by file alone */
	diag_sort(&dl);
	assert_string_equal(dl.items[0].message, "w1");
	diag_list_release(&dl);
}

/* At most max of each severity; a last notice counts the others and is one of the notices. */
static void test_diag_github_capped(void **state)
{
	struct diag_list dl = DIAG_LIST_INIT;
	char buf[4096];
	FILE *f = tmpfile();

	(void)state;
	assert_non_null(f);
	for (int i = 0; i < 4; i++)
		diag_error(&dl, "e.md", (unsigned)i + 1, 1, "error %d", i);
	diag_warning(&dl, "w.md", 1, 1, "a warning");
	for (int i = 0; i < 3; i++)
		diag_note(&dl, "n.md", (unsigned)i + 1, 0, "note %d", i);
	diag_rank(&dl);
	assert_int_equal(diag_print_github(f, &dl, 3, "see 100%"), 2);
	assert_string_equal(file_text(f, buf, sizeof(buf)),
			    "::error file=e.md,line=1,col=1::error 0\n"
			    "::error file=e.md,line=2,col=1::error 1\n"
			    "::error file=e.md,line=3,col=1::error 2\n"
			    "::warning file=w.md,line=1,col=1::a warning\n"
			    "::notice file=n.md,line=1::note 0\n"
			    "::notice file=n.md,line=2::note 1\n"
			    "::notice::2 more not shown here (1 error, 1 note): GitHub shows 3 annotations of each kind; "
			    "see 100%25\n");
	fclose(f);
	/* within the limit: every one, and no notice */
	f = tmpfile();
	assert_non_null(f);
	assert_int_equal(diag_print_github(f, &dl, 4, "x"), 0);
	assert_null(strstr(file_text(f, buf, sizeof(buf)), "more not shown"));
	fclose(f);
	diag_list_release(&dl);
}

/* The summary's table: what a name or a message holds shows as text, and breaks no row. */
static void test_diag_markdown(void **state)
{
	struct diag_list dl = DIAG_LIST_INIT;
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	diag_markdown(&sb, &dl, 1000);
	assert_string_equal(sb.buf, "## Problems\n\nNone.\n");
	strbuf_reset(&sb);
	diag_error(&dl, "content/a|b\n::error::x.md", 3, 2, "link 'x|y' is `odd` <b>*&amp;*</b>\n::warning::no");
	diag_warning(&dl, "", 0, 0, "whole site: $x$ ~~y~~ [z](w) _v_ \\");
	diag_note(&dl, "n.md", 4, 0, "note");
	diag_markdown(&sb, &dl, 1000);
	assert_string_equal(sb.buf,
			    "## Problems: 1 error, 1 warning, 1 note\n\n"
			    "| | file | line | message |\n| --- | --- | ---: | --- |\n"
			    "| error | content/a\\|b\\\\n::error::x.md | 3:2 | "
			    "link 'x\\|y' is \\`odd\\` \\<b\\>\\*\\&amp;\\*\\</b\\>\\\\n::warning::no |\n"
			    "| warning |  |  | whole site: \\$x\\$ \\~\\~y\\~\\~ \\[z\\](w) \\_v\\_ \\\\ |\n"
			    "| note | n.md | 4 | note |\n");
	/* past the size given, the rest is counted */
	strbuf_reset(&sb);
	diag_markdown(&sb, &dl, 10);
	assert_non_null(strstr(sb.buf, "| error |"));
	assert_null(strstr(sb.buf, "| warning |"));
	assert_non_null(strstr(sb.buf, "\nAnd 2 more, too many to list here"));
	for (const char *p = sb.buf; p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		assert_false(p[0] == ':' && p[1] == ':');
	strbuf_release(&sb);
	diag_list_release(&dl);
}

/* A code span holds any name: its fence is longer than any run of backquotes in it. */
static void test_diag_markdown_code(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	diag_markdown_code(&sb, "content/a.md");
	assert_string_equal(sb.buf, "`content/a.md`");
	strbuf_reset(&sb);
	diag_markdown_code(&sb, "a``b`\n::x");
	assert_string_equal(sb.buf, "```a``b`\\n::x```");
	strbuf_reset(&sb);
	diag_markdown_code(&sb, "`a");
	assert_string_equal(sb.buf, "`` `a ``");
	strbuf_release(&sb);
}

/* A name with a newline (or any control character) would split its diagnostic in two lines. */
static void test_diag_escapes_control_characters(void **state)
{
	struct diag_list dl = DIAG_LIST_INIT;
	char *s;

	(void)state;
	diag_error(&dl, "content/a\nb.pdf", 1, 1, "'%s' is odd", "a\nb\t\001\177\r.pdf");
	s = diag_format(&dl.items[0]);
	assert_string_equal(s, "content/a\\nb.pdf:1:1: error: 'a\\nb\\t\\x01\\x7f\\r.pdf' is odd");
	free(s);
	/* UTF-8 is text, not control characters */
	diag_error(&dl, "content/caf\xc3\xa9.md", 2, 0, "\xd8\xb9");
	s = diag_format(&dl.items[1]);
	assert_string_equal(s, "content/caf\xc3\xa9.md:2: error: \xd8\xb9");
	free(s);
	diag_list_release(&dl);
}

/* What concerns the project as a whole names no file: not "." nor an empty path. */
static void test_diag_without_a_file(void **state)
{
	struct diag_list dl = DIAG_LIST_INIT;
	char *s;
	FILE *f;
	char buf[256];
	size_t n;

	(void)state;
	diag_warning(&dl, ".", 0, 0, "a shallow clone");
	diag_error(&dl, "", 1, 1, "no file");
	s = diag_format(&dl.items[0]);
	assert_string_equal(s, "jisite: warning: a shallow clone");
	free(s);
	s = diag_format(&dl.items[1]);
	assert_string_equal(s, "jisite: error: no file");
	free(s);
	f = tmpfile();
	assert_non_null(f);
	diag_print_github(f, &dl, DIAG_GITHUB_MAX, "");
	rewind(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	assert_string_equal(buf, "::warning::a shallow clone\n::error::no file\n");
	fclose(f);
	diag_list_release(&dl);
}

static void test_value_map_and_text(void **state)
{
	struct arena a = ARENA_INIT;
	struct value *m = value_new_map(&a), *copy = value_new_map(&a);
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	value_map_set(&a, m, "b", value_new_int(&a, 1));
	value_map_set(&a, m, "a", value_new_float(&a, 1.210));
	value_map_set(&a, m, "b", value_new_bool(&a, true)); /* replaces, keeps the place */
	assert_int_equal(m->u.map.len, 2);
	assert_string_equal(m->u.map.entries[0].key->u.str.ptr, "b");
	assert_int_equal(value_map_get(m, "b")->kind, VALUE_BOOL);
	assert_null(value_map_get(m, "c"));
	assert_null(value_map_get(value_new_list(&a), "a"));
	value_append_text(&sb, value_map_get(m, "a"));
	strbuf_addch(&sb, ' ');
	value_append_text(&sb, value_new_float(&a, 1e21));
	strbuf_addch(&sb, ' ');
	value_append_text(&sb, value_new_float(&a, 0.1 + 0.2));
	strbuf_addch(&sb, ' ');
	value_append_text(&sb, value_new_int(&a, INT64_MIN));
	assert_string_equal(sb.buf, "1.21 1e+21 0.30000000000000004 -9223372036854775808");
	value_map_set(&a, copy, "b", value_new_bool(&a, true));
	value_map_set(&a, copy, "a", value_new_float(&a, 1.21));
	assert_true(value_equal(m, copy));
	value_map_set(&a, copy, "a", value_new_float(&a, 1.22));
	assert_false(value_equal(m, copy));
	strbuf_release(&sb);
	arena_release(&a);
}

static void test_bytes_find(void **state)
{
	static const char hay[] = "abcabd";

	(void)state;
	assert_ptr_equal(bytes_find(hay, 6, "abd", 3), hay + 3); /* after a partial match */
	assert_ptr_equal(bytes_find(hay, 6, "a", 1), hay);
	assert_ptr_equal(bytes_find(hay, 6, "", 0), hay);
	assert_null(bytes_find(hay, 6, "abe", 3));
	assert_null(bytes_find(hay, 5, "abd", 3)); /* only inside the length given */
	assert_null(bytes_find(hay, 2, "abc", 3)); /* needle longer than hay */
}

static void test_utf8_shown(void **state)
{
	(void)state;
	assert_int_equal(utf8_shown("abc", 3, 3), 3);
	assert_int_equal(utf8_shown("abcd", 4, 3), 3);
	assert_int_equal(utf8_shown("a\xc3\xa9" "b", 4, 2), 1);     /* not in the middle of é */
	assert_int_equal(utf8_shown("a\xe2\x82\xac", 4, 3), 1); /* nor of € */
	assert_int_equal(utf8_shown("a\xe2\x82\xac", 4, 4), 4);
}

static void test_prefixes(void **state)
{
	const char *s = "https://example.org", *rest = s;

	(void)state;
	assert_true(starts_with(s, "https://"));
	assert_true(starts_with(s, ""));
	assert_false(starts_with(s, "http://"));
	assert_false(starts_with("http", "https")); /* a prefix longer than the string */
	assert_false(skip_prefix(s, "http://", &rest));
	assert_ptr_equal(rest, s); /* untouched when it fails */
	assert_true(skip_prefix(s, "https://", &rest));
	assert_string_equal(rest, "example.org");
	assert_true(skip_prefix(rest, "example.org", &rest));
	assert_string_equal(rest, "");
}

static void check_escape(const char *s, size_t len, const char *want)
{
	struct strbuf sb = STRBUF_INIT;

	json_escape(&sb, s, len);
	assert_string_equal(sb.buf, want);
	strbuf_release(&sb);
}

static void test_json_escape(void **state)
{
	char c;

	(void)state;
	for (c = 0; c < 0x20; c++) { /* every control character, as \u00XX: no \n or \t shorthands */
		char want[16];
		snprintf(want, sizeof(want), "\"\\u%04x\"", (unsigned)c);
		check_escape(&c, 1, want);
	}
	check_escape("a\"b\\c/d</e\x7f", 11, "\"a\\\"b\\\\c/d</e\x7f\""); /* '/' and DEL as they are */
	check_escape("", 0, "\"\"");
	check_escape("caf\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x98\x80", 14, "\"caf\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x98\x80\"");
	check_escape("a\xe2\x80\xa8" "b\xe2\x80\xa9", 8, "\"a\\u2028b\\u2029\""); /* JavaScript's line ends */
	check_escape("\xe2\x80\xaa", 3, "\"\xe2\x80\xaa\"");                    /* their neighbour is kept */
	check_escape("x\xff" "y", 3, "\"x\\ufffdy\"");                            /* not UTF-8 */
	check_escape("\xc3", 1, "\"\\ufffd\"");                                   /* cut short */
	check_escape("\xc3(", 2, "\"\\ufffd(\"");
	check_escape("\xed\xa0\x80", 3, "\"\\ufffd\\ufffd\\ufffd\"");            /* a surrogate: each byte */
	check_escape("a\0b", 3, "\"a\\u0000b\"");
}

static void test_json_writer(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct json j;

	(void)state;
	json_init(&j, &sb, JSON_COMPACT);
	json_object_begin(&j, NULL);
	json_int(&j, "v", -1);
	json_array_begin(&j, "empty");
	json_array_end(&j);
	json_object_begin(&j, "o");
	json_object_end(&j);
	json_array_begin(&j, "list");
	json_uint(&j, NULL, UINT64_MAX);
	json_array_begin(&j, NULL);
	json_bool(&j, NULL, true);
	json_bool(&j, NULL, false);
	json_array_end(&j);
	json_null(&j, NULL);
	json_object_begin(&j, NULL);
	json_string(&j, "k\"", "v\n");
	json_object_end(&j);
	json_array_end(&j);
	json_string_len(&j, "cut", "abcdef", 3);
	json_object_end(&j);
	assert_string_equal(sb.buf, "{\"v\":-1,\"empty\":[],\"o\":{},\"list\":[18446744073709551615,[true,false],null,"
				    "{\"k\\\"\":\"v\\u000a\"}],\"cut\":\"abc\"}");
	strbuf_release(&sb);
}

/* Lines break where the caller says: the comma stays at the end of the line, no space after it. */
static void test_json_newlines(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct json j;

	(void)state;
	strbuf_addstr(&sb, "f(");
	json_init(&j, &sb, JSON_SPACED);
	json_object_begin(&j, NULL);
	json_newline(&j, 2);
	json_int(&j, "a", 1);
	json_newline(&j, 2);
	json_array_begin(&j, "b");
	for (int i = 0; i < 2; i++) {
		json_newline(&j, 4);
		json_object_begin(&j, NULL);
		json_int(&j, "x", i);
		json_string(&j, "y", "z");
		json_object_end(&j);
	}
	json_newline(&j, 2);
	json_array_end(&j);
	json_array_begin(&j, "c");
	json_newline(&j, 0);
	json_array_end(&j);
	json_newline(&j, 0);
	json_object_end(&j);
	strbuf_addstr(&sb, ");");
	assert_string_equal(sb.buf, "f({\n  \"a\": 1,\n  \"b\": [\n    {\"x\": 0, \"y\": \"z\"},\n    {\"x\": 1, \"y\": \"z\"}"
				    "\n  ], \"c\": [\n]\n});");
	strbuf_release(&sb);
}

/* The edit distance of typos: a letter added, dropped or changed, two neighbours swapped; case aside. */
static void test_suggest_distance(void **state)
{
	char long_name[SUGGEST_MAX_LEN + 2];

	(void)state;
	assert_int_equal(suggest_distance("title", "title"), 0);
	assert_int_equal(suggest_distance("Title", "title"), 0);
	assert_int_equal(suggest_distance("titel", "title"), 1); /* swapped */
	assert_int_equal(suggest_distance("tile", "title"), 1);  /* dropped */
	assert_int_equal(suggest_distance("titles", "title"), 1); /* added */
	assert_int_equal(suggest_distance("tatle", "title"), 1); /* changed */
	assert_int_equal(suggest_distance("", "abc"), 3);
	assert_int_equal(suggest_distance("kitten", "sitting"), 3);
	assert_int_equal(suggest_distance("ca", "abc"), 3); /* a swap is not edited again */
	memset(long_name, 'a', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	assert_int_equal(suggest_distance(long_name, "a"), SIZE_MAX);
}

/* The closest name, when close enough to be a typo: one edit up to 4 letters, two up to 8, three beyond. */
static void test_suggest_best(void **state)
{
	static const char *const fields[] = { "title", "summary", "date", "topics", "publication_date" };
	struct suggest sg;

	(void)state;
	suggest_init(&sg, "sumary");
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		suggest_add(&sg, fields[i]);
	assert_string_equal(suggest_best(&sg), "summary");
	suggest_init(&sg, "colour");
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		suggest_add(&sg, fields[i]);
	assert_null(suggest_best(&sg));
	suggest_init(&sg, "dt"); /* two letters: "date" is two edits away, too far */
	suggest_add(&sg, "date");
	assert_null(suggest_best(&sg));
	suggest_init(&sg, "publicaton_dat"); /* two edits on a long name */
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		suggest_add(&sg, fields[i]);
	assert_string_equal(suggest_best(&sg), "publication_date");
	suggest_init(&sg, "x");
	assert_null(suggest_best(&sg)); /* nothing offered */
	assert_string_equal(suggest_hint(&sg), "");
	suggest_init(&sg, "titel");
	suggest_add(&sg, "title");
	assert_string_equal(suggest_hint(&sg), " (did you mean 'title'?)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strbuf),
		cmocka_unit_test(test_bytes_find),
		cmocka_unit_test(test_utf8_shown),
		cmocka_unit_test(test_prefixes),
		cmocka_unit_test(test_json_escape),
		cmocka_unit_test(test_json_writer),
		cmocka_unit_test(test_json_newlines),
		cmocka_unit_test(test_arena),
		cmocka_unit_test(test_arena_adopt),
		cmocka_unit_test(test_diag_list_take),
		cmocka_unit_test(test_value_map_lookup),
		cmocka_unit_test(test_fs_mkdirs),
		cmocka_unit_test(test_fs_open_unnamed),
		cmocka_unit_test(test_diag_sorted_and_formatted),
		cmocka_unit_test(test_diag_escapes_control_characters),
		cmocka_unit_test(test_diag_without_a_file),
		cmocka_unit_test(test_diag_ranked),
		cmocka_unit_test(test_diag_github_capped),
		cmocka_unit_test(test_diag_markdown),
		cmocka_unit_test(test_diag_markdown_code),
		cmocka_unit_test(test_value_map_and_text),
		cmocka_unit_test(test_suggest_distance),
		cmocka_unit_test(test_suggest_best),
	};

	return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
