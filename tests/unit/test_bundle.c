/* Unit tests of the offline copies and e-books (bundle.c), on the Network's own site: which bundles there
 * are and what each holds, and that making one only reads the model: the same bundle made again, or after
 * another, gives the same bytes, and the model's digest is the one the model stage left. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <unistd.h>
#include <zip.h>

#include "bundle.h"
#include "site_fixture.h"
#include "theme.h"
#include "util/fs.h"

#define BUNDLE_TIME ((time_t)1523232000)

static struct {
	struct fixture f;
	struct theme theme;
	struct bundle *bundles;
	size_t n;
} t;

static int setup(void **state)
{
	(void)state;
	memset(&t, 0, sizeof(t));
	t.f.src = source_fs_new(".");
	if (!t.f.src || fixture_model(&t.f) ||
	    theme_load(&t.theme, &t.f.arena, t.f.src, t.f.cfg.theme, &t.f.diags)) {
		char *d = fixture_diags(&t.f);
		fprintf(stderr, "the Network's site does not load (run from the project's root):\n%s", d);
		free(d);
		return -1;
	}
	t.n = bundle_list(&t.f.site, &t.f.arena, &t.bundles);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	theme_release(&t.theme);
	fixture_release(&t.f);
	return 0;
}

/* The bundle whose file is name. */
static const struct bundle *find(const char *name)
{
	for (size_t i = 0; i < t.n; i++)
		if (!strcmp(t.bundles[i].file, name))
			return &t.bundles[i];
	fail_msg("no bundle %s", name);
	return NULL;
}

/* Every language's whole site first, then per product its archive and e-book in each language. */
static void test_list(void **state)
{
	const struct config *cfg = &t.f.cfg;
	size_t products = 0, k = 0;
	char name[128];

	(void)state;
	for (size_t i = 0; i < t.f.site.nitems; i++)
		products += t.f.site.items[i].nchapters > 0;
	assert_true(products > 0);
	assert_int_equal(t.n, cfg->nlanguages * (1 + 2 * products));
	for (size_t l = 0; l < cfg->nlanguages; l++, k++) {
		snprintf(name, sizeof(name), "downloads/site-%s.zip", cfg->languages[l].code);
		assert_string_equal(t.bundles[k].file, name);
		assert_int_equal(t.bundles[k].kind, BUNDLE_SITE);
		assert_null(t.bundles[k].product);
	}
	for (; k < t.n; k += 2) {
		assert_int_equal(t.bundles[k].kind, BUNDLE_PRODUCT);
		assert_int_equal(t.bundles[k + 1].kind, BUNDLE_EPUB);
		assert_ptr_equal(t.bundles[k].product, t.bundles[k + 1].product);
		assert_int_equal(t.bundles[k].lang, t.bundles[k + 1].lang);
	}
}

/* A language's copy holds its pages but the downloads and submit pages; a product's, its own pages only;
 * an attachment travels in its product's copy and in every language's. */
static void test_contents(void **state)
{
	const struct site *s = &t.f.site;
	const struct bundle *fr = find("downloads/site-fr.zip");
	const struct bundle *guide = find("downloads/social-media-guidelines-fr.zip");
	size_t in_site = 0, in_guide = 0;

	(void)state;
	for (size_t i = 0; i < s->npages; i++) {
		const struct page *p = &s->pages[i];
		bool site_has = bundle_has_page(s, fr, p), guide_has = bundle_has_page(s, guide, p);
		in_site += site_has;
		in_guide += guide_has;
		if (p->lang != fr->lang || p->kind == PAGE_DOWNLOADS || p->kind == PAGE_SUBMIT)
			assert_false(site_has);
		else
			assert_true(site_has);
		if (guide_has) {
			const struct item *book = p->item->parent ? p->item->parent : p->item;
			assert_int_equal(p->lang, guide->lang);
			assert_ptr_equal(book, guide->product);
		}
	}
	assert_true(in_guide > 1 && in_guide < in_site);
	for (size_t i = 0; i < s->scan->nfiles; i++) {
		const struct attachment *f = &s->scan->files[i];
		assert_true(bundle_has_file(s, fr, f));
		assert_int_equal(bundle_has_file(s, guide, f), !strncmp(f->out, guide->product->dir,
								      strlen(guide->product->dir)));
	}
}

/* The names of an archive's entries, one per line. */
static char *entries(const struct strbuf *zip)
{
	zip_error_t err;
	zip_source_t *zs = zip_source_buffer_create(zip->buf, zip->len, 0, &err);
	zip_t *z = zs ? zip_open_from_source(zs, ZIP_RDONLY, &err) : NULL;
	struct strbuf sb = STRBUF_INIT;

	assert_non_null(z);
	for (zip_int64_t i = 0; i < zip_get_num_entries(z, 0); i++)
		strbuf_addf(&sb, "%s\n", zip_get_name(z, (zip_uint64_t)i, 0));
	zip_discard(z);
	return strbuf_detach(&sb, NULL);
}

static void make(struct strbuf *out, const struct bundle *b)
{
	struct bundle_env env = { .time = BUNDLE_TIME, .jobs = 2 };

	strbuf_reset(out);
	assert_int_equal(bundle_make(out, b, &t.f.site, &t.theme, t.f.src, &env, &t.f.diags), 0);
	assert_int_equal(diag_errors(&t.f.diags), 0);
}

/* Making bundles writes nothing into the model, so a bundle's bytes do not depend on what was made before
 * it in the same process (each once left its texts in the model for the next). */
static void test_make_reads_only(void **state)
{
	const struct bundle *guide = find("downloads/social-media-guidelines-fr.zip");
	const struct bundle *book = find("downloads/social-media-guidelines-fr.epub");
	const struct bundle *site = find("downloads/site-fr.zip");
	struct strbuf first = STRBUF_INIT, again = STRBUF_INIT, other = STRBUF_INIT;
	unsigned char before[DIGEST_LEN], after[DIGEST_LEN];
	char *names;

	(void)state;
	site_digest(&t.f.site, before);
	make(&first, guide);
	make(&other, site);
	make(&other, book);
	make(&again, guide);
	site_digest(&t.f.site, after);
	assert_memory_equal(before, after, DIGEST_LEN);
	assert_int_equal(first.len, again.len);
	assert_memory_equal(first.buf, again.buf, first.len);
	assert_true(other.len > 1000);
	assert_memory_equal(other.buf, "PK\3\4", 4); /* an EPUB is a zip whose first entry is its mimetype */
	names = entries(&first);
	/* all in one folder named after the archive, which unzipping makes */
	assert_non_null(strstr(names, "\nsocial-media-guidelines-fr/fr/products/social-media-guidelines/index.html\n"));
	assert_non_null(strstr(names, "\nsocial-media-guidelines-fr/social-media-guidelines-fr.epub\n"));
	assert_non_null(strstr(names, "\nsocial-media-guidelines-fr/index.html\n"));
	assert_null(strstr(names, "fr/resources/"));
	assert_null(strstr(names, "/en/"));
	free(names);
	strbuf_release(&first);
	strbuf_release(&again);
	strbuf_release(&other);
}

/* The bodies the render stage wrote, those that name no other file, make the same copies and e-books as
 * bodies rendered for them; a body that links to another file is not among them. */
static void test_bodies_from_render(void **state)
{
	static const char *const names[] = { "downloads/site-fr.zip", "downloads/social-media-guidelines-ar.zip",
					     "downloads/social-media-guidelines-zh.epub" };
	struct render_body_sink sink = { .fd = fs_open_unnamed("/tmp") };
	struct render_share all = { .shard = 0, .nshards = 1, .lo = 0, .hi = SIZE_MAX, .bodies = &sink };
	struct render_texts texts;
	struct render_bodies bodies;
	struct bundle_env env = { .time = BUNDLE_TIME, .jobs = 2 };
	struct strbuf rendered = STRBUF_INIT, taken = STRBUF_INIT;
	size_t linked = 0;

	(void)state;
	assert_true(sink.fd >= 0);
	render_texts_init(&texts, t.f.site.scan);
	assert_int_equal(render_markdown(&t.f.site, &t.theme, &texts, t.f.src, NULL, &all, NULL, &t.f.diags), 0);
	render_bodies_take(&bodies, t.f.site.scan, &sink, 1);
	assert_true(render_bodies_count(&bodies) > 300);
	for (size_t i = 0; i < texts.ndocs; i++) {
		const char *html;
		size_t len;
		int held = render_bodies_read(&bodies, t.f.site.scan, &t.f.site.scan->docs[i], &t.f.arena, &html, &len);
		/* online, a link to another page ends in '/'; offline, in index.html */
		if (texts.docs[i].html && strstr(texts.docs[i].html, "/\">")) {
			assert_int_equal(held, 0);
			linked++;
		} else if (held) {
			assert_int_equal(len, texts.docs[i].html_len);
			assert_memory_equal(html, texts.docs[i].html, len);
		}
	}
	assert_true(linked > 10);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		make(&rendered, find(names[i]));
		env.bodies = &bodies;
		strbuf_reset(&taken);
		assert_int_equal(bundle_make(&taken, find(names[i]), &t.f.site, &t.theme, t.f.src, &env, &t.f.diags), 0);
		env.bodies = NULL;
		assert_int_equal(taken.len, rendered.len);
		assert_memory_equal(taken.buf, rendered.buf, taken.len);
	}
	render_bodies_release(&bodies);
	render_texts_release(&texts);
	strbuf_release(&rendered);
	strbuf_release(&taken);
}

static void put_record(int fd, size_t index, size_t len, const char *bytes)
{
	size_t head[2] = { index, len };

	assert_int_equal(write(fd, head, sizeof(head)), (ssize_t)sizeof(head));
	assert_int_equal(write(fd, bytes, strlen(bytes)), (ssize_t)strlen(bytes));
}

/* A file of bodies cut short (a worker's disk full) keeps the records before the cut; a record naming a doc
 * the scan does not have ends the file; a body that cannot be read back is rendered instead. */
static void test_bodies_cut_short(void **state)
{
	const struct scan *scan = t.f.site.scan;
	struct render_body_sink sink = { .fd = fs_open_unnamed("/tmp") };
	int fd = sink.fd;
	struct render_bodies b;
	const char *html;
	size_t len;

	(void)state;
	assert_true(fd >= 0);
	put_record(fd, 1, 3, "abc");
	put_record(fd, 2, 100, "de");
	render_bodies_take(&b, scan, &sink, 1);
	assert_int_equal(render_bodies_count(&b), 1);
	assert_int_equal(render_bodies_read(&b, scan, &scan->docs[1], &t.f.arena, &html, &len), 1);
	assert_int_equal(len, 3);
	assert_string_equal(html, "abc");
	assert_int_equal(render_bodies_read(&b, scan, &scan->docs[2], &t.f.arena, &html, &len), 0);
	/* a body that cannot be read back is not taken: the copy renders it */
	b.docs[1].fd = -1;
	assert_int_equal(render_bodies_read(&b, scan, &scan->docs[1], &t.f.arena, &html, &len), 0);
	render_bodies_release(&b);

	fd = sink.fd = fs_open_unnamed("/tmp");
	put_record(fd, scan->ndocs, 1, "x");
	put_record(fd, 0, 1, "y");
	render_bodies_take(&b, scan, &sink, 1);
	assert_int_equal(render_bodies_count(&b), 0);
	render_bodies_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_contents),
		cmocka_unit_test(test_make_reads_only),
		cmocka_unit_test(test_bodies_from_render),
		cmocka_unit_test(test_bodies_cut_short),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
