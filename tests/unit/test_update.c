/* Unit tests of the offline copies' updates (update.h): the names a release may have, a copy's manifest
 * written and read back and what a manifest from elsewhere may not hold, an update made from a copy (the
 * changed and new files only, what to delete, the folders left empty deepest first), and an update applied
 * to a copy on disk, or refused with the copy left as it was: from another release, against a changed
 * file, and whole archives that are not right updates. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "digest.h"
#include "update.h"
#include "util/fs.h"
#include "util/xalloc.h"
#include "zipfile.h"

#define TIME 1523232000 /* 2018-04-09 */

struct file {
	const char *name, *data;
};

/* The first release: a page, a stylesheet, a resource in a folder of two levels and one beside it. */
static const struct file release1[] = {
	{ "index.html", "<p>home</p>" },
	{ "assets/style.css", "p{}" },
	{ "en/resources/gone/index.html", "<p>gone</p>" },
	{ "en/resources/kept/index.html", "<p>kept</p>" },
	{ "en/about/index.html", "<p>about</p>" },
};
/* The second: the home page changed, a page is new, the "gone" resource is no more. */
static const struct file release2[] = {
	{ "index.html", "<p>home, again</p>" },
	{ "assets/style.css", "p{}" },
	{ "en/resources/kept/index.html", "<p>kept</p>" },
	{ "en/about/index.html", "<p>about</p>" },
	{ "en/news/new/index.html", "<p>new</p>" },
};
#define N(a) (sizeof(a) / sizeof(a[0]))

static int file_cmp(const void *x, const void *y)
{
	return strcmp(((const struct copy_file *)x)->name, ((const struct copy_file *)y)->name);
}

/* The manifest of files[], into m (its files allocated: free them). */
static void manifest_of(struct copy_manifest *m, const char *release, const struct file *files, size_t n)
{
	struct strbuf hex = STRBUF_INIT;

	*m = (struct copy_manifest){ .release = release, .language = "en", .nfiles = n };
	m->files = xcalloc(n, sizeof(*m->files));
	for (size_t i = 0; i < n; i++) {
		strbuf_reset(&hex);
		digest_sha256_hex(&hex, files[i].data, strlen(files[i].data));
		m->files[i].name = files[i].name;
		memcpy(m->files[i].sha256, hex.buf, 65);
	}
	qsort(m->files, n, sizeof(*m->files), file_cmp);
	strbuf_release(&hex);
}

/* A zip in the folder "site-en": the manifest of release (listing listed[]), update.json when list is not
 * NULL, and files[]. */
static void make_zip(struct strbuf *out, const char *release, const struct file *listed, size_t nlisted,
		     const char *list, const struct file *files, size_t n)
{
	struct diag_list diags = DIAG_LIST_INIT;
	struct zipfile *z = zipfile_new("site-en.zip", &diags);
	struct strbuf name = STRBUF_INIT, text = STRBUF_INIT;
	struct copy_manifest m;

	manifest_of(&m, release, listed, nlisted);
	copy_manifest_write(&text, &m);
	assert_int_equal(zipfile_add(z, "site-en/manifest.json", text.buf, text.len, ZIPFILE_DEFLATE), 0);
	if (list)
		assert_int_equal(zipfile_add(z, "site-en/update.json", list, strlen(list), ZIPFILE_DEFLATE), 0);
	for (size_t i = 0; i < n; i++) {
		strbuf_reset(&name);
		strbuf_addf(&name, "site-en/%s", files[i].name);
		assert_int_equal(zipfile_add(z, name.buf, files[i].data, strlen(files[i].data), ZIPFILE_DEFLATE), 0);
	}
	assert_int_equal(zipfile_finish(z, out), 0);
	assert_int_equal(diags.len, 0);
	free(m.files);
	strbuf_release(&name);
	strbuf_release(&text);
}

/* A copy's zip as the build makes it: files[] and their manifest.json. */
static void make_copy(struct strbuf *out, const char *release, const struct file *files, size_t n)
{
	make_zip(out, release, files, n, NULL, files, n);
}

/* The copy of files[] unzipped: dir/ and its manifest.json. */
static void write_copy(const char *dir, const char *release, const struct file *files, size_t n)
{
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
	struct copy_manifest m;

	for (size_t i = 0; i < n; i++) {
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", dir, files[i].name);
		*strrchr(path.buf, '/') = '\0';
		assert_int_equal(fs_mkdirs(path.buf), 0);
		path.buf[strlen(path.buf)] = '/';
		assert_int_equal(fs_write_file(path.buf, files[i].data, strlen(files[i].data)), 0);
	}
	manifest_of(&m, release, files, n);
	copy_manifest_write(&text, &m);
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/manifest.json", dir);
	assert_int_equal(fs_write_file(path.buf, text.buf, text.len), 0);
	free(m.files);
	strbuf_release(&path);
	strbuf_release(&text);
}

static void test_release_names(void **state)
{
	static const char *const good[] = { "2026-12-04-61075bb", "2026-12-04", "v1.2_rc" };
	static const char *const bad[] = { "", ".hidden", "../x", "a/b", "a b", "ä",
					   "12345678901234567890123456789012345678901234567890123456789012345" };

	(void)state;
	for (size_t i = 0; i < N(good); i++)
		assert_true(update_release_valid(good[i]));
	for (size_t i = 0; i < N(bad); i++)
		if (update_release_valid(bad[i]))
			fail_msg("'%s' should not name a release", bad[i]);
}

static void test_manifest_round_trip_and_refusals(void **state)
{
	static const char *const bad[] = {
		"{\"release\": \"r1\", \"language\": \"en\", \"files\": {\"../x\": \"" /* a name out of the folder */
		"0000000000000000000000000000000000000000000000000000000000000000\"}}",
		"{\"release\": \"r1\", \"language\": \"en\", \"files\": {\"a\": \"00\"}}",      /* not a SHA-256 */
		"{\"release\": \"../r\", \"language\": \"en\", \"files\": {}}",                 /* not a release */
		"{\"release\": \"r1\", \"files\": {}}",                                         /* no language */
		"{\"release\": \"r1\", \"language\": \"en\"}",                                  /* no files */
		"{\"release\": \"r1\", \"language\": \"en\", \"files\": {\"manifest.json\": \"" /* itself */
		"0000000000000000000000000000000000000000000000000000000000000000\"}}",
		"[1, 2", /* not JSON */
	};
	struct diag_list diags = DIAG_LIST_INIT;
	struct strbuf text = STRBUF_INIT;
	struct arena a = ARENA_INIT;
	struct copy_manifest m, back;

	(void)state;
	manifest_of(&m, "2026-12-04-61075bb", release1, N(release1));
	copy_manifest_write(&text, &m);
	assert_int_equal(copy_manifest_read(&back, &a, "manifest.json", text.buf, text.len, &diags), 0);
	assert_string_equal(back.release, "2026-12-04-61075bb");
	assert_string_equal(back.language, "en");
	assert_int_equal(back.nfiles, N(release1));
	for (size_t i = 0; i < back.nfiles; i++) {
		assert_string_equal(back.files[i].name, m.files[i].name);
		assert_string_equal(back.files[i].sha256, m.files[i].sha256);
	}
	for (size_t i = 0; i < N(bad); i++) {
		size_t before = diags.len;
		if (copy_manifest_read(&back, &a, "m.json", bad[i], strlen(bad[i]), &diags) != -1)
			fail_msg("manifest %zu should be refused", i);
		assert_int_equal(diags.len, before + 1);
	}
	assert_non_null(strstr(diags.items[0].message, "refused file name '../x'"));
	assert_non_null(strstr(diags.items[1].message, "the checksum of 'a' is not a SHA-256"));
	free(m.files);
	strbuf_release(&text);
	arena_release(&a);
	diag_list_release(&diags);
}

static void test_make(void **state)
{
	struct diag_list diags = DIAG_LIST_INIT;
	struct strbuf copy = STRBUF_INIT, update = STRBUF_INIT, list = STRBUF_INIT;
	struct copy_manifest from;
	struct zipfile_reader *r;
	static const char *const expected[] = { "site-en/en/news/new/index.html", "site-en/index.html",
						"site-en/manifest.json", "site-en/update.json" };

	(void)state;
	make_copy(&copy, "r2", release2, N(release2));
	manifest_of(&from, "r1", release1, N(release1));
	assert_int_equal(update_make(&update, "site-en-update-r1.zip", copy.buf, copy.len, &from, TIME, &diags), 0);
	r = zipfile_open("u.zip", update.buf, update.len, 1 << 20, &diags);
	assert_non_null(r);
	/* the changed and the new page, the new manifest and the list: nothing that stayed the same */
	assert_int_equal(zipfile_count(r), N(expected));
	for (size_t i = 0; i < N(expected); i++)
		assert_string_equal(zipfile_name(r, i), expected[i]);
	assert_int_equal(zipfile_read(r, zipfile_find(r, "site-en/update.json"), &list), 0);
	assert_string_equal(list.buf, "{\"from\": \"r1\", \"to\": \"r2\", \"language\": \"en\", \"delete\": [\n"
				      "  \"en/resources/gone/index.html\",\n"
				      "  \"update.json\",\n"
				      "  \"en/resources/gone/\"\n"
				      "]}\n");
	zipfile_close(r);
	assert_int_equal(diags.len, 0);
	free(from.files);
	strbuf_release(&copy);
	strbuf_release(&update);
	strbuf_release(&list);
	diag_list_release(&diags);
}

/* Deleting a whole branch: its folders, deepest first, and not those that keep a file. */
static void test_make_empty_folders(void **state)
{
	static const struct file before[] = { { "a/b/c/1.html", "1" }, { "a/b/d/2.html", "2" }, { "a/e.html", "e" },
					      { "x/y/3.html", "3" }, { "x/z.html", "z" } };
	static const struct file after[] = { { "a/e.html", "e" }, { "x/z.html", "z" } };
	struct diag_list diags = DIAG_LIST_INIT;
	struct strbuf copy = STRBUF_INIT, update = STRBUF_INIT, list = STRBUF_INIT;
	struct copy_manifest from;
	struct zipfile_reader *r;

	(void)state;
	make_copy(&copy, "r2", after, N(after));
	manifest_of(&from, "r1", before, N(before));
	assert_int_equal(update_make(&update, "u.zip", copy.buf, copy.len, &from, TIME, &diags), 0);
	r = zipfile_open("u.zip", update.buf, update.len, 1 << 20, &diags);
	assert_int_equal(zipfile_read(r, zipfile_find(r, "site-en/update.json"), &list), 0);
	assert_non_null(strstr(list.buf, "\"update.json\",\n  \"a/b/c/\",\n  \"a/b/d/\",\n  \"a/b/\",\n  \"x/y/\"\n]"));
	zipfile_close(r);
	free(from.files);
	strbuf_release(&copy);
	strbuf_release(&update);
	strbuf_release(&list);
	diag_list_release(&diags);
}

/* A temporary folder for the copies on disk. */
static char *temp_dir(void)
{
	char *dir = xstrdup("/tmp/test_update.XXXXXX");

	assert_non_null(mkdtemp(dir));
	return dir;
}

static void read_into(struct strbuf *sb, const char *dir, const char *name)
{
	struct strbuf path = STRBUF_INIT;

	strbuf_reset(sb);
	strbuf_addf(&path, "%s/%s", dir, name);
	if (fs_read_file(sb, path.buf, 1 << 20))
		strbuf_addstr(sb, "(none)");
	strbuf_release(&path);
}

static void test_apply(void **state)
{
	struct diag_list diags = DIAG_LIST_INIT;
	struct strbuf copy = STRBUF_INIT, update = STRBUF_INIT, path = STRBUF_INIT, sb = STRBUF_INIT;
	struct strbuf copy_dir = STRBUF_INIT, zip = STRBUF_INIT;
	struct copy_manifest from;
	char *dir = temp_dir();

	(void)state;
	make_copy(&copy, "r2", release2, N(release2));
	manifest_of(&from, "r1", release1, N(release1));
	assert_int_equal(update_make(&update, "u.zip", copy.buf, copy.len, &from, TIME, &diags), 0);
	strbuf_addf(&zip, "%s/u.zip", dir);
	assert_int_equal(fs_write_file(zip.buf, update.buf, update.len), 0);
	strbuf_addf(&copy_dir, "%s/site-en", dir);
	write_copy(copy_dir.buf, "r1", release1, N(release1));
	strbuf_addf(&path, "%s/notes.txt", copy_dir.buf);
	assert_int_equal(fs_write_file(path.buf, "mine", 4), 0);

	assert_int_equal(update_apply(copy_dir.buf, zip.buf, &diags), 0);
	assert_int_equal(diags.len, 0);
	for (size_t i = 0; i < N(release2); i++) {
		read_into(&sb, copy_dir.buf, release2[i].name);
		assert_string_equal(sb.buf, release2[i].data);
	}
	read_into(&sb, copy_dir.buf, "en/resources/gone/index.html");
	assert_string_equal(sb.buf, "(none)");
	read_into(&sb, copy_dir.buf, "update.json");
	assert_string_equal(sb.buf, "(none)");
	read_into(&sb, copy_dir.buf, "notes.txt");
	assert_string_equal(sb.buf, "mine");
	read_into(&sb, copy_dir.buf, "manifest.json");
	assert_non_null(strstr(sb.buf, "\"release\": \"r2\""));
	/* again: already there, nothing done */
	assert_int_equal(update_apply(copy_dir.buf, zip.buf, &diags), 1);
	assert_int_equal(diags.len, 0);

	/* a copy of another release: refused, untouched */
	assert_int_equal(fs_remove_tree(copy_dir.buf), 0);
	write_copy(copy_dir.buf, "r0", release1, N(release1));
	assert_int_equal(update_apply(copy_dir.buf, zip.buf, &diags), -1);
	assert_int_equal(diags.len, 1);
	assert_non_null(strstr(diags.items[0].message, "the update goes from release r1, but the copy is release r0"));
	read_into(&sb, copy_dir.buf, "en/resources/gone/index.html");
	assert_string_equal(sb.buf, "<p>gone</p>");

	/* a kept file that the reader changed: refused, named */
	assert_int_equal(fs_remove_tree(copy_dir.buf), 0);
	write_copy(copy_dir.buf, "r1", release1, N(release1));
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/en/about/index.html", copy_dir.buf);
	assert_int_equal(fs_write_file(path.buf, "edited", 6), 0);
	assert_int_equal(update_apply(copy_dir.buf, zip.buf, &diags), -1);
	assert_int_equal(diags.len, 2);
	assert_string_equal(diags.items[1].path, path.buf);
	read_into(&sb, copy_dir.buf, "index.html");
	assert_string_equal(sb.buf, "<p>home</p>");

	/* nothing but the copy and the update is left in the folder */
	strbuf_reset(&path);
	strbuf_addf(&path, "ls -A %s | wc -l | grep -qx 2", dir);
	assert_int_equal(system(path.buf), 0);
	fs_remove_tree(dir);
	free(dir);
	free(from.files);
	strbuf_release(&copy);
	strbuf_release(&update);
	strbuf_release(&path);
	strbuf_release(&sb);
	strbuf_release(&copy_dir);
	strbuf_release(&zip);
	diag_list_release(&diags);
}

/* An update made by hand: the manifest of release2 as "r2", an update.json going from "r1" to `to` (none
 * when to is ""), and files[]. */
static void make_update(struct strbuf *out, const char *to, const struct file *files, size_t n)
{
	struct strbuf list = STRBUF_INIT;

	strbuf_addf(&list, "{\"from\": \"r1\", \"to\": \"%s\", \"delete\": [\"update.json\"]}", to);
	make_zip(out, "r2", release2, N(release2), *to ? list.buf : NULL, files, n);
	strbuf_release(&list);
}

/* Updates that are whole zip archives and still wrong: each refused with its reason, the copy as it was. */
static void test_apply_refusals(void **state)
{
	static const struct file changed[] = { { "index.html", "<p>home, again</p>" },
					       { "en/news/new/index.html", "<p>new</p>" } };
	static const struct file foreign[] = { { "index.html", "<p>home, again</p>" },
					       { "en/news/new/index.html", "<p>new</p>" },
					       { "evil.html", "<script></script>" } };
	static const struct file altered[] = { { "index.html", "<p>home, altered</p>" },
					       { "en/news/new/index.html", "<p>new</p>" } };
	static const struct file lacking[] = { { "en/news/new/index.html", "<p>new</p>" } };
	static const struct {
		const char *to;
		const struct file *files;
		size_t n;
		const char *says;
	} cases[] = {
		{ "", changed, N(changed), "not an update of an offline copy: it has no site-en/update.json" },
		{ "r3", changed, N(changed), "update.json says release r3, its manifest r2: a damaged update" },
		{ "../x", changed, N(changed), "update.json does not say from and to which release the update goes" },
		{ "r2", foreign, N(foreign), "the update holds 'evil.html', which its manifest does not list" },
		{ "r2", altered, N(altered), "the update's file 'index.html' is not the one its manifest names" },
		{ "r2", lacking, N(lacking), "the update lacks 'index.html', which changed since release r1" },
	};
	struct strbuf update = STRBUF_INIT, zip = STRBUF_INIT, copy_dir = STRBUF_INIT, sb = STRBUF_INIT;
	char *dir = temp_dir();

	(void)state;
	strbuf_addf(&zip, "%s/u.zip", dir);
	strbuf_addf(&copy_dir, "%s/site-en", dir);
	write_copy(copy_dir.buf, "r1", release1, N(release1));
	for (size_t i = 0; i < N(cases); i++) {
		struct diag_list diags = DIAG_LIST_INIT;
		strbuf_reset(&update);
		make_update(&update, cases[i].to, cases[i].files, cases[i].n);
		assert_int_equal(fs_write_file(zip.buf, update.buf, update.len), 0);
		assert_int_equal(update_apply(copy_dir.buf, zip.buf, &diags), -1);
		assert_int_equal(diags.len, 1);
		if (!strstr(diags.items[0].message, cases[i].says))
			fail_msg("case %zu says '%s'", i, diags.items[0].message);
		read_into(&sb, copy_dir.buf, "index.html");
		assert_string_equal(sb.buf, "<p>home</p>");
		read_into(&sb, copy_dir.buf, "en/news/new/index.html");
		assert_string_equal(sb.buf, "(none)");
		diag_list_release(&diags);
	}
	/* nothing but the copy and the update is left in the folder */
	strbuf_reset(&sb);
	strbuf_addf(&sb, "ls -A %s | wc -l | grep -qx 2", dir);
	assert_int_equal(system(sb.buf), 0);
	fs_remove_tree(dir);
	free(dir);
	strbuf_release(&update);
	strbuf_release(&zip);
	strbuf_release(&copy_dir);
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_release_names),
		cmocka_unit_test(test_manifest_round_trip_and_refusals),
		cmocka_unit_test(test_make),
		cmocka_unit_test(test_make_empty_folders),
		cmocka_unit_test(test_apply),
		cmocka_unit_test(test_apply_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
