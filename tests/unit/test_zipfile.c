/* Unit tests of the ZIP writer: a round trip through Info-ZIP's unzip (another implementation than the
 * one that wrote the archive), the header fields that make archives deterministic, byte-identical
 * archives whatever the time zone, the method chosen by name, and the names that are refused. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/bytes.h"
#include "util/fs.h"
#include "util/xalloc.h"
#include "zipfile.h"

/* 2026-12-01 00:00:00 UTC, and its DOS date (46 years after 1980, December, 1st) and time. */
#define TEST_TIME 1796083200
#define TEST_DOSDATE ((46 << 9) | (12 << 5) | 1)
#define TEST_DOSTIME 0

struct entry {
	const char *name;
	const char *data;
	size_t len;
};

static const char text[] = "Judicial integrity is the foundation of public trust in the courts. "
			   "Judicial integrity is the foundation of public trust in the courts.\n";
/* bytes that deflate cannot shrink much, named as a photograph: stored */
static const char photo[] = "\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x02\x00\x00\x01\x00\x01\x00\x00\xFF\xD9";

#define BYTES(s) s, sizeof(s) - 1

static const struct entry entries[] = {
	{ "mimetype", BYTES("application/epub+zip") },
	{ "docs/readme.txt", BYTES(text) },
	{ "img/photo.JPG", BYTES(photo) },
	{ "中文/说明.txt", BYTES("司法诚信 ✓ 🙂\n") },
	{ "empty.txt", BYTES("") },
};
#define NENTRIES (sizeof(entries) / sizeof(entries[0]))

static unsigned get16(const unsigned char *p)
{
	return p[0] | (unsigned)p[1] << 8;
}

static unsigned long get32(const unsigned char *p)
{
	return get16(p) | (unsigned long)get16(p + 2) << 16;
}

/* The archive of entries[], with entries[0] stored and the others by their names, at time t. */
static void make_archive(struct strbuf *out, time_t t)
{
	struct diag_list diags = DIAG_LIST_INIT;
	struct zipfile *z = zipfile_new("test.zip", &diags);

	zipfile_set_time(z, t);
	for (size_t i = 0; i < NENTRIES; i++)
		assert_int_equal(zipfile_add(z, entries[i].name, entries[i].data, entries[i].len,
					     i ? zipfile_method_for(entries[i].name) : ZIPFILE_STORE),
				 0);
	assert_int_equal(zipfile_finish(z, out), 0);
	assert_int_equal(diags.len, 0);
	diag_list_release(&diags);
}

/* Runs cmd and returns what it printed on its standard output; fails the test if it did not exit with 0. */
static void run(struct strbuf *out, const char *cmd)
{
	FILE *p = popen(cmd, "r");
	char buf[4096];
	size_t n;

	assert_non_null(p);
	strbuf_reset(out);
	while ((n = fread(buf, 1, sizeof(buf), p)) > 0)
		strbuf_add(out, buf, n);
	if (pclose(p) != 0)
		fail_msg("'%s' failed (is unzip installed? make test installs it)", cmd);
}

static void test_round_trip_through_unzip(void **state)
{
	char dir[] = "/tmp/jisite-zipfile-test-XXXXXX";
	struct strbuf archive = STRBUF_INIT, file = STRBUF_INIT, cmd = STRBUF_INIT, got = STRBUF_INIT;
	struct strbuf names = STRBUF_INIT;

	(void)state;
	make_archive(&archive, TEST_TIME);
	assert_non_null(mkdtemp(dir));
	strbuf_addf(&file, "%s/test.zip", dir);
	assert_int_equal(fs_write_file(file.buf, archive.buf, archive.len), 0);

	strbuf_addf(&cmd, "unzip -tqq '%s'", file.buf); /* every CRC checks */
	run(&got, cmd.buf);
	strbuf_reset(&cmd);
	strbuf_addf(&cmd, "unzip -Z1 '%s'", file.buf); /* the names, in archive order */
	run(&got, cmd.buf);
	for (size_t i = 0; i < NENTRIES; i++)
		strbuf_addf(&names, "%s\n", entries[i].name);
	assert_string_equal(got.buf, names.buf);
	for (size_t i = 0; i < NENTRIES; i++) {
		strbuf_reset(&cmd);
		strbuf_addf(&cmd, "unzip -p '%s' '%s'", file.buf, entries[i].name);
		run(&got, cmd.buf);
		assert_int_equal(got.len, entries[i].len);
		assert_memory_equal(got.buf, entries[i].data, entries[i].len);
	}

	assert_int_equal(fs_remove_tree(dir), 0);
	strbuf_release(&archive);
	strbuf_release(&file);
	strbuf_release(&cmd);
	strbuf_release(&got);
	strbuf_release(&names);
}

/*
 * Walks the local headers, the central directory and its end record (APPNOTE 4.3), checking every field
 * that could vary between runs or that extractors act on.
 */
static void test_header_fields(void **state)
{
	struct strbuf archive = STRBUF_INIT;
	const unsigned char *p, *end;
	size_t i;

	(void)state;
	make_archive(&archive, TEST_TIME);
	p = (const unsigned char *)archive.buf;
	end = p + archive.len;
	for (i = 0; i < NENTRIES; i++) {
		size_t name_len, extra_len;
		/* only the long text shrinks when deflated; the others are stored: the first as asked, the
		 * photograph by its name, the short and the empty text because deflate would make them larger */
		unsigned method = !strcmp(entries[i].name, "docs/readme.txt") ? 8 : 0;

		assert_true(end - p >= 30);
		assert_int_equal(get32(p), 0x04034b50);
		assert_int_equal(get16(p + 6) & 8, 0); /* no data descriptor: sizes are in the header */
		assert_int_equal(get16(p + 8), method);
		assert_int_equal(get16(p + 10), TEST_DOSTIME);
		assert_int_equal(get16(p + 12), TEST_DOSDATE);
		if (!method)
			assert_int_equal(get32(p + 18), entries[i].len);
		else
			assert_true(get32(p + 18) < entries[i].len);
		assert_int_equal(get32(p + 22), entries[i].len);
		name_len = get16(p + 26);
		extra_len = get16(p + 28);
		assert_int_equal(extra_len, 0);
		assert_int_equal(name_len, strlen(entries[i].name));
		assert_memory_equal(p + 30, entries[i].name, name_len);
		p += 30 + name_len + get32(p + 18);
	}
	for (i = 0; i < NENTRIES; i++) {
		assert_true(end - p >= 46);
		assert_int_equal(get32(p), 0x02014b50);
		assert_int_equal(get16(p + 4) >> 8, 3);                /* made by Unix */
		assert_int_equal(get16(p + 12), TEST_DOSTIME);
		assert_int_equal(get16(p + 14), TEST_DOSDATE);
		assert_int_equal(get16(p + 30), 0);                    /* no extra field */
		assert_int_equal(get16(p + 32), 0);                    /* no comment */
		assert_int_equal(get32(p + 38), 0100644ul << 16);      /* -rw-r--r-- */
		p += 46 + get16(p + 28);
	}
	assert_int_equal(end - p, 22);
	assert_int_equal(get32(p), 0x06054b50);
	assert_int_equal(get16(p + 10), NENTRIES);
	assert_int_equal(get16(p + 20), 0); /* no archive comment */
	strbuf_release(&archive);
}

static void test_deterministic(void **state)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT, c = STRBUF_INIT;
	const char *tz = getenv("TZ");
	char *saved = tz ? xstrdup(tz) : NULL;

	(void)state;
	make_archive(&a, TEST_TIME);
	make_archive(&b, TEST_TIME);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.buf, b.buf, a.len);

	/* the same time in another time zone: the same bytes (the time is written as UTC) */
	setenv("TZ", "JST-9", 1); /* POSIX form: needs no tzdata */
	tzset();
	strbuf_reset(&b);
	make_archive(&b, TEST_TIME);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.buf, b.buf, a.len);
	if (saved)
		setenv("TZ", saved, 1);
	else
		unsetenv("TZ");
	tzset();
	free(saved);

	make_archive(&c, TEST_TIME + 86400);
	assert_int_equal(a.len, c.len);
	assert_memory_not_equal(a.buf, c.buf, a.len);
	strbuf_release(&a);
	strbuf_release(&b);
	strbuf_release(&c);
}

/* Times outside what ZIP can say are clamped, and odd seconds rounded down. */
static void test_time_limits(void **state)
{
	static const struct {
		time_t t;
		unsigned dosdate, dostime;
	} cases[] = {
		{ 0, (0 << 9) | (1 << 5) | 1, 0 },
		{ TEST_TIME + 13 * 3600 + 45 * 60 + 59, TEST_DOSDATE, (13 << 11) | (45 << 5) | 29 },
		{ (time_t)1 << 40, (127u << 9) | (12 << 5) | 31, (23 << 11) | (59 << 5) | 29 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct diag_list diags = DIAG_LIST_INIT;
		struct strbuf out = STRBUF_INIT;
		struct zipfile *z = zipfile_new("t.zip", &diags);

		assert_int_equal(zipfile_add(z, "a", "x", 1, ZIPFILE_STORE), 0);
		zipfile_set_time(z, cases[i].t); /* after the entry: it still applies */
		assert_int_equal(zipfile_finish(z, &out), 0);
		assert_int_equal(get16((const unsigned char *)out.buf + 10), cases[i].dostime);
		assert_int_equal(get16((const unsigned char *)out.buf + 12), cases[i].dosdate);
		strbuf_release(&out);
		diag_list_release(&diags);
	}
}

static void test_method_for(void **state)
{
	static const char *const stored[] = { "a.pdf", "x/y/photo.JPG", "b.jpeg", "c.png", "d.gif", "e.webp",
					      "f.avif", "g.mp3", "h.mp4", "i.m4a", "j.ogg", "k.opus", "l.webm",
					      "m.zip", "n.epub", "o.html.gz", "p.css.br", "q.woff", "r.Woff2" };
	static const char *const deflated[] = { "index.html", "style.css", "a.txt", "mimetype", "zip",
						"pdf.d/readme", "x.pdfx", "x.tar", "a.gz/b", "svg.svg", ".png.txt" };

	(void)state;
	for (size_t i = 0; i < sizeof(stored) / sizeof(stored[0]); i++)
		if (zipfile_method_for(stored[i]) != ZIPFILE_STORE)
			fail_msg("'%s' should be stored", stored[i]);
	for (size_t i = 0; i < sizeof(deflated) / sizeof(deflated[0]); i++)
		if (zipfile_method_for(deflated[i]) != ZIPFILE_DEFLATE)
			fail_msg("'%s' should be deflated", deflated[i]);
}

static void test_refused_names(void **state)
{
	static const char *const bad[] = { "../x", "/x", "a/../../b", "a/..", "..", ".", "./a", "a/./b", "a//b",
					   "a/", "", "a\\..\\b", "..\\x", "C:x", "a\nb", "a\x7f", "\xC3(" };
	struct diag_list diags = DIAG_LIST_INIT;
	struct strbuf out = STRBUF_INIT, msg = STRBUF_INIT;
	struct zipfile *z = zipfile_new("bad.zip", &diags);
	const size_t nbad = sizeof(bad) / sizeof(bad[0]);
	char *s;

	(void)state;
	for (size_t i = 0; i < nbad; i++)
		if (zipfile_add(z, bad[i], "x", 1, ZIPFILE_STORE) != -1)
			fail_msg("'%s' should be refused", bad[i]);
	assert_int_equal(diags.len, nbad);
	s = diag_format(&diags.items[0]);
	assert_string_equal(s, "bad.zip: error: unsafe archive entry name '../x': it has a '.' or '..' component");
	free(s);
	/* names that only look odd are fine */
	assert_int_equal(zipfile_add(z, "a..b/..c/d..", "x", 1, ZIPFILE_STORE), 0);
	assert_int_equal(zipfile_add(z, ".well-known/x", "y", 1, ZIPFILE_STORE), 0);
	assert_int_equal(zipfile_add(z, "a..b/..c/d..", "z", 1, ZIPFILE_STORE), -1);
	s = diag_format(&diags.items[nbad]);
	assert_string_equal(s, "bad.zip: error: duplicate archive entry 'a..b/..c/d..'");
	free(s);
	/* the archive is still whole, with the two good entries */
	assert_int_equal(zipfile_finish(z, &out), 0);
	assert_int_equal(get16((const unsigned char *)out.buf + out.len - 12), 2);
	assert_int_equal(diag_errors(&diags), nbad + 1);
	strbuf_release(&out);
	strbuf_release(&msg);
	diag_list_release(&diags);
}

static void test_empty_and_abandoned(void **state)
{
	struct diag_list diags = DIAG_LIST_INIT;
	struct strbuf out = STRBUF_INIT;
	struct zipfile *z = zipfile_new("empty.zip", &diags);

	(void)state;
	strbuf_addstr(&out, "before");
	assert_int_equal(zipfile_finish(z, &out), 0);
	assert_int_equal(out.len, 6 + 22);
	assert_memory_equal(out.buf, "beforePK\5\6", 10);
	for (size_t i = 10; i < out.len; i++)
		assert_int_equal(out.buf[i], 0);

	z = zipfile_new("abandoned.zip", &diags); /* freed unfinished: nothing leaks */
	assert_int_equal(zipfile_add(z, "a.txt", text, sizeof(text) - 1, ZIPFILE_DEFLATE), 0);
	zipfile_free(z);
	zipfile_free(NULL);
	assert_int_equal(diags.len, 0);
	strbuf_release(&out);
	diag_list_release(&diags);
}

/* ---- reading ---- */

/* Every entry of entries[] reads back as it went in, found by its name. */
static void test_read_round_trip(void **state)
{
	struct diag_list diags = DIAG_LIST_INIT;
	struct strbuf zip = STRBUF_INIT, data = STRBUF_INIT;
	struct zipfile_reader *r;

	(void)state;
	make_archive(&zip, TEST_TIME);
	r = zipfile_open("t.zip", zip.buf, zip.len, 1 << 20, &diags);
	assert_non_null(r);
	assert_int_equal(zipfile_count(r), NENTRIES);
	for (size_t i = 0; i < NENTRIES; i++) {
		size_t k = zipfile_find(r, entries[i].name);
		assert_int_not_equal(k, (size_t)-1);
		assert_string_equal(zipfile_name(r, k), entries[i].name);
		strbuf_reset(&data);
		assert_int_equal(zipfile_read(r, k, &data), 0);
		assert_int_equal(data.len, entries[i].len);
		assert_memory_equal(data.buf, entries[i].data, entries[i].len);
	}
	assert_int_equal(zipfile_find(r, "docs"), (size_t)-1);
	zipfile_close(r);
	zipfile_close(NULL);
	assert_int_equal(diags.len, 0);
	strbuf_release(&zip);
	strbuf_release(&data);
	diag_list_release(&diags);
}

/* What an archive from elsewhere may not do: be damaged, name a path out of its folder, or inflate past
 * the bound the caller sets. */
static void test_read_refusals(void **state)
{
	struct diag_list diags = DIAG_LIST_INIT;
	struct strbuf zip = STRBUF_INIT, data = STRBUF_INIT;
	struct zipfile *z;
	struct zipfile_reader *r;
	char *at, *s;

	(void)state;
	/* a byte of the deflated text flipped: its CRC (or zlib) says so when it is read */
	make_archive(&zip, TEST_TIME);
	at = (char *)bytes_find(zip.buf, zip.len, "docs/readme.txt", 15);
	assert_non_null(at);
	at[15 + 5] ^= 0x55; /* in the data after the local header's name */
	r = zipfile_open("t.zip", zip.buf, zip.len, 1 << 20, &diags);
	assert_non_null(r);
	assert_int_equal(zipfile_read(r, zipfile_find(r, "docs/readme.txt"), &data), -1);
	assert_int_equal(diags.len, 1);
	assert_non_null(strstr(diags.items[0].message, "damaged archive entry 'docs/readme.txt'"));
	zipfile_close(r);

	/* larger than the bound */
	r = zipfile_open("t.zip", zip.buf, zip.len, 10, &diags);
	assert_null(r);
	assert_non_null(strstr(diags.items[1].message, "is too large"));

	/* a name that leaves the folder: "ab/xx" made "ab/.." in both its headers */
	strbuf_reset(&zip);
	z = zipfile_new("t.zip", &diags);
	assert_int_equal(zipfile_add(z, "ab/xx", "x", 1, ZIPFILE_STORE), 0);
	assert_int_equal(zipfile_finish(z, &zip), 0);
	for (at = zip.buf; (at = (char *)bytes_find(at, zip.len - (size_t)(at - zip.buf), "ab/xx", 5)); at += 5)
		memcpy(at, "ab/..", 5);
	r = zipfile_open("t.zip", zip.buf, zip.len, 1 << 20, &diags);
	assert_null(r);
	s = diag_format(&diags.items[2]);
	assert_string_equal(s, "t.zip: error: unsafe archive entry name 'ab/..': it has a '.' or '..' component");
	free(s);

	/* not an archive at all */
	assert_null(zipfile_open("t.zip", "PK\3\4 and then nothing", 20, 1 << 20, &diags));
	assert_non_null(strstr(diags.items[3].message, "not a zip archive, or a damaged one"));
	assert_int_equal(diags.len, 4);
	strbuf_release(&zip);
	strbuf_release(&data);
	diag_list_release(&diags);
}

/* Entries copied as they are packed (zipfile_read_raw, zipfile_add_raw) make the same archive, byte for
 * byte; and zipfile_raw_holds() tells an entry that holds given bytes from one that does not, even when
 * its size and CRC say it does. */
static void test_raw_copy(void **state)
{
	struct diag_list diags = DIAG_LIST_INIT;
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT, raw_bytes = STRBUF_INIT;
	struct zipfile_packer *p = zipfile_packer_new();
	struct zipfile_reader *r;
	struct zipfile *z;
	size_t deflated = 0;

	(void)state;
	make_archive(&a, TEST_TIME);
	r = zipfile_open("a.zip", a.buf, a.len, 1 << 20, &diags);
	assert_non_null(r);
	z = zipfile_new("b.zip", &diags);
	zipfile_set_time(z, TEST_TIME);
	for (size_t i = 0; i < NENTRIES; i++) {
		struct zipfile_raw raw;
		char *changed;

		strbuf_reset(&raw_bytes);
		assert_int_equal(zipfile_read_raw(r, i, &raw_bytes, &raw), 0);
		assert_int_equal(raw.size, entries[i].len);
		assert_true(zipfile_raw_holds(p, &raw, entries[i].data, entries[i].len));
		assert_int_equal(zipfile_add_raw(z, zipfile_name(r, i), &raw), 0);
		if (!entries[i].len)
			continue;
		/* the same length, one byte changed; one byte fewer */
		changed = xmemdup0(entries[i].data, entries[i].len);
		changed[entries[i].len / 2] ^= 0x20;
		assert_false(zipfile_raw_holds(p, &raw, changed, entries[i].len));
		assert_false(zipfile_raw_holds(p, &raw, entries[i].data, entries[i].len - 1));
		free(changed);
		if (!raw.deflated)
			continue;
		/* packed bytes damaged under a size and CRC that still claim the text */
		deflated++;
		raw_bytes.buf[raw.len / 2] ^= 0x55;
		assert_false(zipfile_raw_holds(p, &raw, entries[i].data, entries[i].len));
	}
	assert_int_equal(deflated, 1);
	assert_int_equal(zipfile_finish(z, &b), 0);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.buf, b.buf, a.len);
	assert_int_equal(diags.len, 0);

	/* a name refused as zipfile_add() refuses it */
	z = zipfile_new("b.zip", &diags);
	assert_int_equal(zipfile_add_raw(z, "../x", &(struct zipfile_raw){ .data = "x", .len = 1, .size = 1 }), -1);
	zipfile_free(z);
	assert_int_equal(diags.len, 1);

	/* an entry packed by a method other than deflate (bzip2, 12, in both its headers) is not copied */
	zipfile_close(r);
	for (char *at = a.buf; (at = (char *)bytes_find(at, a.len - (size_t)(at - a.buf), "docs/readme.txt", 15));
	     at += 15) {
		bool central = !memcmp(at - 46, "PK\1\2", 4);
		assert_true(central || !memcmp(at - 30, "PK\3\4", 4));
		at[central ? -46 + 10 : -30 + 8] = 12;
	}
	r = zipfile_open("a.zip", a.buf, a.len, 1 << 20, &diags);
	assert_non_null(r);
	strbuf_reset(&raw_bytes);
	assert_int_equal(zipfile_read_raw(r, zipfile_find(r, "docs/readme.txt"), &raw_bytes,
					 &(struct zipfile_raw){ 0 }),
			 -1);
	assert_int_equal(raw_bytes.len, 0);
	assert_int_equal(diags.len, 2);
	assert_string_equal(diags.items[1].message,
			    "archive entry 'docs/readme.txt' is packed in a way this tool does not copy");

	zipfile_close(r);
	zipfile_packer_free(p);
	strbuf_release(&a);
	strbuf_release(&b);
	strbuf_release(&raw_bytes);
	diag_list_release(&diags);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip_through_unzip),
		cmocka_unit_test(test_header_fields),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_time_limits),
		cmocka_unit_test(test_method_for),
		cmocka_unit_test(test_refused_names),
		cmocka_unit_test(test_empty_and_abandoned),
		cmocka_unit_test(test_read_round_trip),
		cmocka_unit_test(test_read_refusals),
		cmocka_unit_test(test_raw_copy),
	};

	return cmocka_run_group_tests_name("zipfile", tests, NULL, NULL);
}
