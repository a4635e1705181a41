/* Unit tests of the build cache: the value encoding, the file round trip, damaged files, stamps, the
 * remembered sort keys and the diagnostics encoding. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cache.h"
#include "locale.h"
#include "source.h"
#include "util/fs.h"
#include "yamltree.h"

static struct value *load_yaml(struct arena *a, const char *text)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct value *v = NULL;

	assert_int_equal(yamltree_load(&v, a, "t.yaml", text, strlen(text), 0, NULL, &d), 0);
	diag_list_release(&d);
	return v;
}

static void test_value_round_trip(void **state)
{
	struct arena a = ARENA_INIT;
	struct strbuf enc = STRBUF_INIT;
	struct value *v, *back;

	(void)state;
	v = load_yaml(&a, "title: \"Déclaration\"\nyear: 2019\nshare: 0.25\nlive: true\nnone: ~\n"
			  "topics: [a, b]\nnested: {x: [1, {y: \"z\"}]}\nempty: \"\"\n");
	cache_put_value(&enc, v);
	back = cache_get_value(&a, enc.buf, enc.len);
	assert_non_null(back);
	assert_true(value_equal(v, back));
	/* positions survive: an error about a cached field still points at its line */
	assert_int_equal(value_map_get(back, "year")->line, 2);
	assert_int_equal(value_map_get(back, "year")->col, 7);
	assert_int_equal(value_map_get(back, "share")->u.f == 0.25, 1);
	/* every cut-short encoding is refused, never read past its end */
	for (size_t n = 0; n < enc.len; n++)
		assert_null(cache_get_value(&a, enc.buf, n));
	strbuf_release(&enc);
	arena_release(&a);
}

/* A map's encoded entries are found in place: each is its key's encoding and its value's. */
static void test_map_entries(void **state)
{
	struct arena a = ARENA_INIT;
	struct strbuf enc = STRBUF_INIT, one = STRBUF_INIT;
	size_t ranges[8][2];
	struct value *v;

	(void)state;
	v = load_yaml(&a, "title: \"Déclaration\"\nyear: 2019\nshare: 0.25\nlive: true\nnone: ~\n"
			  "topics: [a, b]\nnested: {x: [1, {y: \"z\"}]}\nempty: \"\"\n");
	cache_put_value(&enc, v);
	assert_int_equal(cache_map_entries(enc.buf, enc.len, ranges, 8), 8);
	for (size_t i = 0; i < 8; i++) {
		strbuf_reset(&one);
		cache_put_value(&one, v->u.map.entries[i].key);
		cache_put_value(&one, v->u.map.entries[i].val);
		assert_int_equal(ranges[i][1], one.len);
		assert_memory_equal(enc.buf + ranges[i][0], one.buf, one.len);
	}
	assert_int_equal(cache_map_entries(enc.buf, enc.len, ranges, 2), 8); /* counted past max */
	/* cut short, or not a map: refused */
	for (size_t n = 0; n < enc.len; n++)
		assert_int_equal(cache_map_entries(enc.buf, n, ranges, 8), SIZE_MAX);
	strbuf_reset(&one);
	cache_put_value(&one, v->u.map.entries[0].val);
	assert_int_equal(cache_map_entries(one.buf, one.len, ranges, 8), SIZE_MAX);
	strbuf_release(&enc);
	strbuf_release(&one);
	arena_release(&a);
}

static void test_file_round_trip(void **state)
{
	char dir[] = "/tmp/jisite-cache-test-XXXXXX";
	struct cache c = { 0 }, back;
	struct cache_doc docs[2] = { 0 };
	struct cache_output outs[2] = { 0 };
	struct strbuf path = STRBUF_INIT, bytes = STRBUF_INIT;
	const struct cache_doc *d;

	(void)state;
	assert_non_null(mkdtemp(dir));
	strbuf_addf(&path, "%s/cache", dir);
	memset(c.generator, 1, DIGEST_LEN);
	memset(c.inputs, 2, DIGEST_LEN);
	memcpy(c.today, "2026-12-01", 11);
	c.out_ino = 123456789;
	static const char warnings[] = "W\0a.md\0" "1\0" "2\0careful\0";
	c.warnings = warnings;
	c.warnings_len = sizeof(warnings) - 1;
	docs[0].path = "content/a.md";
	docs[0].meta = "m0";
	docs[0].meta_len = 2;
	docs[0].body_offset = 40;
	docs[0].body_line = 5;
	docs[0].links = "L../b.md";
	docs[0].links_len = 9;
	docs[0].links_known = true;
	docs[1].path = "content/b.md";
	memset(docs[1].digest, 7, DIGEST_LEN);
	c.docs = docs;
	c.ndocs = 2;
	outs[0].rel = "en/a/index.html";
	outs[1].rel = "en/b/index.html";
	memset(outs[1].key, 9, DIGEST_LEN);
	c.outputs = outs;
	c.noutputs = 2;
	static char changed0[] = "en/a/index.html", changed1[] = "downloads/site-en.zip";
	static char *changed[] = { changed0, changed1 };
	c.spare.dev = 5;
	c.spare.ino = 77;
	c.spare.ctime_nsec = 999999999;
	c.spare.changed = changed;
	c.spare.nchanged = 2;
	assert_int_equal(cache_save(&c, path.buf), 0);

	assert_int_equal(cache_load(&back, path.buf), 0);
	assert_memory_equal(back.generator, c.generator, DIGEST_LEN);
	assert_string_equal(back.today, "2026-12-01");
	assert_int_equal(back.out_ino, 123456789);
	assert_int_equal(back.warnings_len, sizeof(warnings) - 1);
	d = cache_find_doc(&back, "content/a.md");
	assert_non_null(d);
	assert_int_equal(d->body_offset, 40);
	assert_int_equal(d->body_line, 5);
	assert_true(d->links_known);
	assert_memory_equal(d->links, "L../b.md", 9);
	assert_memory_equal(cache_find_doc(&back, "content/b.md")->digest, docs[1].digest, DIGEST_LEN);
	assert_null(cache_find_doc(&back, "content/c.md"));
	assert_memory_equal(cache_find_output(&back, "en/b/index.html")->key, outs[1].key, DIGEST_LEN);
	assert_null(cache_find_output(&back, "en/c/index.html"));
	assert_int_equal(back.spare.ino, 77);
	assert_int_equal(back.spare.ctime_nsec, 999999999);
	assert_int_equal(back.spare.nchanged, 2);
	assert_string_equal(back.spare.changed[1], "downloads/site-en.zip");
	cache_release(&back);

	/* a cache cut short at any length is refused whole: as another format while its first line is cut,
	 * as damaged after */
	assert_int_equal(fs_read_file(&bytes, path.buf, 1 << 20), 0);
	for (size_t n = 0; n < bytes.len; n++) {
		assert_int_equal(fs_write_file(path.buf, bytes.buf, n), 0);
		assert_int_equal(cache_load(&back, path.buf), n < 15 ? -1 : CACHE_DAMAGED);
		assert_null(back.docs);
	}
	/* a change of any one byte past the format's line, the length the same, fails the checksum */
	for (size_t n = 15; n < bytes.len; n++) {
		bytes.buf[n] ^= 0x20;
		assert_int_equal(fs_write_file(path.buf, bytes.buf, bytes.len), 0);
		assert_int_equal(cache_load(&back, path.buf), CACHE_DAMAGED);
		assert_null(back.docs);
		bytes.buf[n] ^= 0x20;
	}
	assert_int_equal(fs_write_file(path.buf, bytes.buf, bytes.len), 0);
	assert_int_equal(cache_load(&back, path.buf), 0);
	cache_release(&back);
	assert_int_equal(cache_load(&back, "/nonexistent/cache"), -1);
	unlink(path.buf);
	rmdir(dir);
	strbuf_release(&path);
	strbuf_release(&bytes);
}

static void test_stamps(void **state)
{
	char dir[] = "/tmp/jisite-stamp-test-XXXXXX";
	struct strbuf path = STRBUF_INIT;
	struct source *src;
	struct source_stamp a, b;
	struct source_entry *e;
	size_t n;

	(void)state;
	assert_non_null(mkdtemp(dir));
	strbuf_addf(&path, "%s/f.md", dir);
	assert_int_equal(fs_write_file(path.buf, "one", 3), 0);
	src = source_fs_new(dir);
	assert_non_null(src);
	assert_int_equal(src->stamp(src, "f.md", &a), 0);
	/* a listing gives the same stamps, without asking again */
	assert_int_equal(src->list(src, "", &e, &n), 0);
	assert_int_equal(n, 1);
	assert_memory_equal(e[0].stamp.bytes, a.bytes, sizeof(a.bytes));
	source_entries_free(e, n);
	assert_int_equal(src->stamp(src, "f.md", &b), 0);
	assert_memory_equal(a.bytes, b.bytes, sizeof(a.bytes));
	/* same size, new bytes: the stamp changes (times, and the change time even if mtime is put back) */
	assert_int_equal(fs_write_file(path.buf, "two", 3), 0);
	assert_int_equal(src->stamp(src, "f.md", &b), 0);
	assert_memory_not_equal(a.bytes, b.bytes, sizeof(a.bytes));
	assert_int_equal(src->stamp(src, "missing.md", &b), -1);
	assert_int_equal(errno, ENOENT); /* not EACCES: nothing there is not a link that leads out */
	assert_int_equal(src->read(src, "missing.md", &path, 10), -1);
	assert_int_equal(errno, ENOENT);
	source_free(src);
	unlink(path.buf);
	rmdir(dir);
	strbuf_release(&path);
}

static void test_sort_keys(void **state)
{
	struct strbuf k1 = STRBUF_INIT, k2 = STRBUF_INIT, saved = STRBUF_INIT, again = STRBUF_INIT;
	char *copy;

	(void)state;
	locale_sort_key(&k1, "fr", "Éthique", strlen("Éthique"));
	locale_sort_key(&k2, "fr", "ethos", strlen("ethos"));
	/* in French order "Éthique" comes before "ethos" (letters first, accents and case after), though
	 * its first byte is greater */
	assert_true(memcmp(k1.buf, k2.buf, k1.len < k2.len ? k1.len : k2.len) < 0);
	locale_sort_keys_save(&saved);
	locale_release();
	copy = malloc(saved.len + 1);
	memcpy(copy, saved.buf, saved.len);
	locale_sort_keys_load(copy, saved.len);
	locale_sort_key(&again, "fr", "Éthique", strlen("Éthique"));
	assert_int_equal(again.len, k1.len);
	assert_memory_equal(again.buf, k1.buf, k1.len);
	/* damaged data is ignored from where it breaks */
	locale_release();
	locale_sort_keys_load(copy, saved.len / 2);
	strbuf_reset(&again);
	locale_sort_key(&again, "fr", "Éthique", strlen("Éthique"));
	assert_memory_equal(again.buf, k1.buf, k1.len);
	locale_release();
	free(copy);
	strbuf_release(&k1);
	strbuf_release(&k2);
	strbuf_release(&saved);
	strbuf_release(&again);
}

static void test_diag_encoding(void **state)
{
	struct diag_list d = DIAG_LIST_INIT, back = DIAG_LIST_INIT;
	struct strbuf enc = STRBUF_INIT;

	(void)state;
	diag_warning(&d, "content/a.md", 3, 4, "unknown key 'colour'");
	diag_error(&d, "site.yaml", 0, 0, "tab\there");
	diag_encode(&enc, &d);
	diag_decode(&back, enc.buf, enc.len);
	assert_int_equal(back.len, 2);
	assert_int_equal(back.errors, 1);
	assert_string_equal(back.items[0].path, "content/a.md");
	assert_int_equal(back.items[0].col, 4);
	assert_string_equal(back.items[1].message, "tab\there");
	diag_list_release(&back);
	diag_decode(&back, enc.buf, enc.len - 3); /* cut short: the whole records only */
	assert_int_equal(back.len, 1);
	diag_list_release(&back);
	diag_list_release(&d);
	strbuf_release(&enc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_value_round_trip),
		cmocka_unit_test(test_file_round_trip),
		cmocka_unit_test(test_stamps),
		cmocka_unit_test(test_sort_keys),
		cmocka_unit_test(test_map_entries),
		cmocka_unit_test(test_diag_encoding),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
