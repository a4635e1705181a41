/* Unit tests of the model stage (site.h's site_build), on small sites written to a temporary folder: the
 * order of listings (ascending, descending, ties, a missing field, per language), pagination, a
 * translation's front matter over its original's, taxonomies and term pages, the pages of a group in every
 * language, chapters, finding items and files by path, and the model's errors with their positions. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "site_fixture.h"

#define NEL(a) (sizeof(a) / sizeof((a)[0]))
#define EN 0
#define FR 1
#define AR 2

static const struct fixture_file site_files[] = {
	{ "site.yaml", "title: Model test\nbase_url: https://model.example/\ndefault_language: en\n"
		       "languages:\n  - {code: en, name: English}\n  - {code: fr, name: Français}\n"
		       "  - {code: ar, name: Arabic, direction: rtl}\n"
		       "collections:\n  notes: {sort: title}\n  ranked: {sort: rank}\n  reversed: {sort: -rank}\n"
		       "  paged: {per_page: 2}\n  empty: {per_page: 2}\n  products:\n    schema:\n"
		       "      title: {type: string, required: true, translatable: true}\n"
		       "      summary: {type: text, translatable: true}\n      year: {type: int}\n"
		       "      chapters: {type: list, items: {type: string}}\n"
		       "taxonomies:\n  topics: {field: topics}\n  types: {field: type}\n"
		       "menu: [about, notes, topics]\n" },
	{ "translations/en.yaml", "site_title: Model\ncollections: {notes: Notes, ranked: Ranked, reversed: Reversed, "
				  "paged: Paged, empty: Empty, products: Products}\ntaxonomies:\n"
				  "  topics: {title: Topics, terms: {x: X, y: Y, z: Z}}\n"
				  "  types: {title: Types, terms: {report: Report}}\n" },
	{ "translations/fr.yaml", "site_title: Modèle\n" },
	{ "translations/ar.yaml", "site_title: نموذج\n" },
	{ "content/index.md", "---\ntitle: Home\n---\nHello.\n" },
	{ "content/about.md", "---\ntitle: Zed page\ntopics: [x]\n---\n" },
	{ "content/about.fr.md", "---\ntitle: Aaa\n---\n" },
	{ "content/notes/index.md", "---\ntitle: Notes intro\n---\n" },
	{ "content/notes/a/index.md", "---\ntitle: Apple\ntopics: [y, x]\ntype: report\n---\n" },
	{ "content/notes/b/index.md", "---\ntitle: banana\ntopics: [y]\n---\n" },
	{ "content/notes/c/index.md", "---\ntitle: cherry\ntopics: [z, y, z]\n---\n" },
	{ "content/notes/c/index.fr.md", "---\ntitle: Abricot\n---\n" },
	{ "content/notes/zz-same/index.md", "---\ntitle: Same\n---\n" },
	{ "content/notes/aa-same/index.md", "---\ntitle: Same\n---\n" },
	{ "content/ranked/r1/index.md", "---\ntitle: R\nrank: 3\n---\n" },
	{ "content/ranked/r2/index.md", "---\ntitle: R\nrank: 1\n---\n" },
	{ "content/ranked/r3/index.md", "---\ntitle: R\nrank: 2\n---\n" },
	{ "content/ranked/r4/index.md", "---\ntitle: R\nrank: 2\n---\n" },
	{ "content/ranked/r5/index.md", "---\ntitle: R\n---\n" },
	{ "content/reversed/r1/index.md", "---\ntitle: R\nrank: 3\n---\n" },
	{ "content/reversed/r2/index.md", "---\ntitle: R\nrank: 1\n---\n" },
	{ "content/reversed/r3/index.md", "---\ntitle: R\nrank: 2\n---\n" },
	{ "content/reversed/r4/index.md", "---\ntitle: R\nrank: 2\n---\n" },
	{ "content/reversed/r5/index.md", "---\ntitle: R\n---\n" },
	{ "content/paged/index.md", "---\ntitle: Paged intro\n---\n" },
	{ "content/paged/p1/index.md", "---\ntitle: Page 1\n---\n" },
	{ "content/paged/p2/index.md", "---\ntitle: Page 2\n---\n" },
	{ "content/paged/p3/index.md", "---\ntitle: Page 3\n---\n" },
	{ "content/paged/p4/index.md", "---\ntitle: Page 4\n---\n" },
	{ "content/paged/p5/index.md", "---\ntitle: Page 5\n---\n" },
	{ "content/products/guide/index.md",
	  "---\ntitle: Guide\nsummary: How\nyear: 2020\nchapters: [second, first]\n---\n" },
	{ "content/products/guide/index.fr.md", "---\ntitle: Guide fr\n---\n" },
	{ "content/products/guide/first.md", "---\ntitle: First\n---\n" },
	{ "content/products/guide/first.fr.md", "---\ntitle: Premier\n---\n" },
	{ "content/products/guide/second.md", "---\ntitle: Second\n---\n" },
	{ "content/products/guide/report.pdf", "%PDF" },
	{ "content/products/guide/img/fig.png", "PNG" },
	{ "content/products/plain/index.md", "---\ntitle: Plain\n---\n" },
};

static int setup(void **state)
{
	struct fixture *f = malloc(sizeof(*f));

	if (fixture_build(f, site_files, NEL(site_files))) {
		char *d = fixture_diags(f);
		fprintf(stderr, "the test site does not build:\n%s", d);
		free(d);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture_release(*state);
	free(*state);
	return 0;
}

static size_t collection_index(const struct site *s, const char *name)
{
	const struct config_collection *c = config_find_collection(s->cfg, name);

	assert_non_null(c);
	return (size_t)(c - s->cfg->collections);
}

/* Page number (from 1) of a collection's listing in lang. */
static const struct page *listing(const struct site *s, const char *name, unsigned number, size_t lang)
{
	return site_page(s, s->collection_groups[collection_index(s, name)] + number - 1, lang);
}

/* The slugs of a listing page's items, separated by spaces. */
static void assert_items(const struct page *p, const char *expected)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < p->nitems; i++)
		strbuf_addf(&sb, "%s%s", i ? " " : "", p->items[i]->slug);
	assert_string_equal(sb.buf, expected);
	strbuf_release(&sb);
}

static const char *meta_string(const struct item *it, size_t lang, const char *field)
{
	const struct value *v = value_map_get(it->meta[lang], field);

	return v && v->kind == VALUE_STRING ? v->u.str.ptr : NULL;
}

static void test_sorted_by_title(void **state)
{
	const struct site *s = &((struct fixture *)*state)->site;

	/* in the language's alphabetical order, whatever the case; equal titles by slug */
	assert_items(listing(s, "notes", 1, EN), "a b c aa-same zz-same");
	/* by each language's own titles: c is "Abricot" in French; Arabic shows the originals */
	assert_items(listing(s, "notes", 1, FR), "c a b aa-same zz-same");
	assert_items(listing(s, "notes", 1, AR), "a b c aa-same zz-same");
}

static void test_sorted_by_number(void **state)
{
	const struct site *s = &((struct fixture *)*state)->site;

	/* ranks 3, 1, 2, 2 and none: ties by slug in both directions, a missing value last in both */
	assert_items(listing(s, "ranked", 1, EN), "r2 r3 r4 r1 r5");
	assert_items(listing(s, "reversed", 1, EN), "r1 r3 r4 r2 r5");
	assert_items(listing(s, "reversed", 1, FR), "r1 r3 r4 r2 r5");
}

static void test_pagination(void **state)
{
	const struct site *s = &((struct fixture *)*state)->site;
	const char *paths[] = { "fr/paged/", "fr/paged/page/2/", "fr/paged/page/3/" };
	const char *items[] = { "p1 p2", "p3 p4", "p5" };
	const struct page *p;

	for (unsigned n = 1; n <= 3; n++) {
		p = listing(s, "paged", n, FR);
		assert_int_equal(p->kind, PAGE_LIST);
		assert_int_equal(p->number, n);
		assert_int_equal(p->count, 3);
		assert_string_equal(p->path, paths[n - 1]);
		assert_items(p, items[n - 1]);
		assert_string_equal(p->item->original->path, "content/paged/index.md"); /* the introduction */
	}
	/* the listing's pages are consecutive groups: the next one is an item's */
	assert_int_equal(listing(s, "paged", 4, EN)->kind, PAGE_ITEM);
	/* an empty collection still has its one page */
	p = listing(s, "empty", 1, EN);
	assert_int_equal(p->count, 1);
	assert_int_equal(p->nitems, 0);
	assert_string_equal(p->path, "en/empty/");
	assert_null(p->item);
	/* without per_page, every item on one page */
	p = listing(s, "notes", 1, EN);
	assert_int_equal(p->count, 1);
	assert_int_equal(p->nitems, 5);
}

static void test_translation_over_original(void **state)
{
	const struct site *s = &((struct fixture *)*state)->site;
	const struct item *it = site_find_item(s, "content/products/guide");
	const struct value *year;

	assert_non_null(it);
	assert_string_equal(it->original->path, "content/products/guide/index.md");
	assert_ptr_equal(it->text[EN], it->original);
	assert_string_equal(it->text[FR]->path, "content/products/guide/index.fr.md");
	assert_null(it->text[AR]);
	/* French: its own title, the original's summary and year */
	assert_string_equal(meta_string(it, FR, "title"), "Guide fr");
	assert_string_equal(meta_string(it, FR, "summary"), "How");
	year = value_map_get(it->meta[FR], "year");
	assert_non_null(year);
	assert_int_equal(year->u.i, 2020);
	assert_string_equal(site_item_title(it, FR), "Guide fr");
	/* the translation's file itself is left as it was */
	assert_null(value_map_get(it->text[FR]->meta, "summary"));
	/* English and Arabic (no translation) show the original's front matter */
	assert_ptr_equal(it->meta[EN], it->original->meta);
	assert_ptr_equal(it->meta[AR], it->original->meta);
	assert_string_equal(site_item_title(it, AR), "Guide");
}

static const struct term *find_term(const struct taxonomy_terms *tt, const char *name)
{
	for (size_t k = 0; k < tt->nterms; k++)
		if (!strcmp(tt->terms[k].name, name))
			return &tt->terms[k];
	fail_msg("no term '%s'", name);
	return NULL;
}

static void test_taxonomies(void **state)
{
	const struct site *s = &((struct fixture *)*state)->site;
	const struct taxonomy_terms *topics = &s->taxonomies[0], *types = &s->taxonomies[1];
	const struct item *about = site_find_item(s, "content/about.md"), *a = site_find_item(s, "content/notes/a");
	const struct term *x = find_term(topics, "x");
	const struct page *p;

	assert_string_equal(topics->taxonomy->name, "topics");
	assert_int_equal(topics->nterms, 3);
	assert_string_equal(topics->terms[0].name, "x");
	assert_string_equal(topics->terms[1].name, "y");
	assert_string_equal(topics->terms[2].name, "z");
	/* a term listed in several items (and plain pages), each once */
	assert_int_equal(x->nitems, 2);
	assert_true((x->items[0] == about && x->items[1] == a) || (x->items[0] == a && x->items[1] == about));
	assert_int_equal(find_term(topics, "y")->nitems, 3);
	assert_int_equal(find_term(topics, "z")->nitems, 1); /* [z, y, z] */
	/* a field holding one text */
	assert_int_equal(types->nterms, 1);
	assert_ptr_equal(types->terms[0].items[0], a);
	/* the taxonomy's page and each term's, in every language */
	for (size_t l = EN; l <= AR; l++) {
		char path[64];
		p = site_page(s, topics->group, l);
		assert_int_equal(p->kind, PAGE_TAXONOMY);
		assert_ptr_equal(p->taxonomy, topics);
		snprintf(path, sizeof(path), "%s/topics/", s->cfg->languages[l].code);
		assert_string_equal(p->path, path);
		p = site_page(s, x->group, l);
		assert_int_equal(p->kind, PAGE_TERM);
		assert_ptr_equal(p->term, x);
		assert_ptr_equal(p->taxonomy, topics);
		snprintf(path, sizeof(path), "%s/topics/x/", s->cfg->languages[l].code);
		assert_string_equal(p->path, path);
		assert_int_equal(p->nitems, 2);
	}
	/* a term's items by title in each language: c is "Abricot" in French */
	assert_items(site_page(s, find_term(topics, "y")->group, EN), "a b c");
	assert_items(site_page(s, find_term(topics, "y")->group, FR), "c a b");
	assert_items(site_page(s, x->group, EN), "a about");
}

/* KNOWN BUG (skipped until site.c is fixed): a term's listing sorts by title only the items of collections.
 * text_places and order_of rank DOC_ITEM items only, so a plain page gets place UINT_MAX and comes after
 * every item whatever its title (and pages tie among themselves); before the ranks (fe90faa) every item of
 * a term was sorted by title. In French, about.fr.md's "Aaa" should come before "Apple". */
static void test_term_listing_sorts_pages_too(void **state)
{
	const struct site *s = &((struct fixture *)*state)->site;

	assert_items(site_page(s, find_term(&s->taxonomies[0], "x")->group, FR), "about a");
}

static void test_groups_in_every_language(void **state)
{
	const struct site *s = &((struct fixture *)*state)->site;
	size_t n = s->cfg->nlanguages;

	assert_int_equal(s->npages, s->ngroups * n);
	for (size_t g = 0; g < s->ngroups; g++) {
		const struct page *first = site_page(s, g, 0);
		for (size_t l = 0; l < n; l++) {
			const struct page *p = site_page(s, g, l);
			char path[256];
			assert_int_equal(p->group, g);
			assert_int_equal(p->lang, l);
			assert_int_equal(p->kind, first->kind);
			assert_ptr_equal(p->item, first->item);
			assert_string_equal(p->dir, first->dir);
			snprintf(path, sizeof(path), "%s/%s", s->cfg->languages[l].code, p->dir);
			assert_string_equal(p->path, path);
		}
		/* no two groups publish to the same folder */
		for (size_t h = 0; h < g; h++)
			assert_string_not_equal(site_page(s, h, 0)->dir, first->dir);
	}
	/* an item's group is its own page's */
	for (size_t i = 0; i < s->nitems; i++)
		if (s->items[i].role != DOC_INTRO)
			assert_ptr_equal(site_page(s, s->items[i].group, FR)->item, &s->items[i]);
	/* the fixed pages and the menu */
	assert_int_equal(site_page(s, 0, EN)->kind, PAGE_HOME);
	assert_ptr_equal(site_page(s, 0, EN)->item, s->home);
	assert_string_equal(site_page(s, s->downloads_group, AR)->path, "ar/downloads/");
	assert_int_equal(s->submit_group, SIZE_MAX);
	assert_int_equal(s->search_group, SIZE_MAX);
	assert_int_equal(s->menu_groups[0], site_find_item(s, "content/about.md")->group);
	assert_int_equal(s->menu_groups[1], s->collection_groups[collection_index(s, "notes")]);
	assert_int_equal(s->menu_groups[2], s->taxonomies[0].group);
}

static void test_chapters(void **state)
{
	const struct site *s = &((struct fixture *)*state)->site;
	struct item *guide = site_find_item(s, "content/products/guide/index.md");
	const struct item *plain = site_find_item(s, "content/products/plain");
	const struct page *p;

	/* in the order of the `chapters` field, not of the files */
	assert_int_equal(guide->nchapters, 2);
	assert_string_equal(guide->chapters[0]->chapter, "second");
	assert_string_equal(guide->chapters[1]->chapter, "first");
	for (size_t k = 0; k < 2; k++) {
		assert_ptr_equal(guide->chapters[k]->parent, guide);
		assert_int_equal(guide->chapters[k]->role, DOC_CHAPTER);
		/* the item's page, then its chapters' and its printable page */
		assert_int_equal(guide->chapters[k]->group, guide->group + 1 + k);
		p = site_page(s, guide->chapters[k]->group, FR);
		assert_int_equal(p->kind, PAGE_CHAPTER);
		assert_ptr_equal(p->item, guide->chapters[k]);
	}
	assert_string_equal(site_page(s, guide->chapters[0]->group, FR)->path, "fr/products/guide/second/");
	assert_string_equal(guide->chapters[1]->text[FR]->path, "content/products/guide/first.fr.md");
	assert_null(guide->chapters[0]->text[FR]);
	assert_string_equal(site_item_title(guide->chapters[1], FR), "Premier");
	assert_ptr_equal(site_find_item(s, "content/products/guide/first.fr.md"), guide->chapters[1]);
	assert_int_equal(guide->print_group, guide->group + 3);
	p = site_page(s, guide->print_group, EN);
	assert_int_equal(p->kind, PAGE_PRINT);
	assert_ptr_equal(p->item, guide);
	assert_string_equal(p->path, "en/products/guide/print/");
	/* an item without chapters has no printable page */
	assert_int_equal(plain->nchapters, 0);
	assert_int_equal(site_page(s, plain->group + 1, EN)->kind, PAGE_TAXONOMY);
}

static void test_find(void **state)
{
	const struct site *s = &((struct fixture *)*state)->site;
	const struct item *c = site_find_item(s, "content/notes/c");
	const struct attachment *file;

	assert_non_null(c);
	assert_string_equal(c->dir, "notes/c/");
	assert_ptr_equal(site_find_item(s, "content/notes/c/index.md"), c);
	assert_ptr_equal(site_find_item(s, "content/notes/c/index.fr.md"), c);
	assert_string_equal(site_find_item(s, "content/notes/index.md")->original->path, "content/notes/index.md");
	assert_ptr_equal(site_find_item(s, "content/index.md"), s->home);
	assert_string_equal(site_find_item(s, "content/about.fr.md")->dir, "about/");
	/* the same slug in two collections: two items */
	assert_string_equal(site_find_item(s, "content/ranked/r1")->dir, "ranked/r1/");
	assert_string_equal(site_find_item(s, "content/reversed/r1")->dir, "reversed/r1/");
	assert_null(site_find_item(s, "content/notes/d"));
	assert_null(site_find_item(s, "content/notes/c/index.ar.md"));
	assert_null(site_find_item(s, "content/products/guide/report.pdf"));
	assert_null(site_find_item(s, "content/notes")); /* a listing is not an item */
	file = site_find_file(s, "content/products/guide/report.pdf");
	assert_non_null(file);
	assert_string_equal(file->out, "products/guide/report.pdf");
	file = site_find_file(s, "content/products/guide/img/fig.png");
	assert_non_null(file);
	assert_string_equal(file->out, "products/guide/img/fig.png");
	assert_null(site_find_file(s, "content/products/guide/first.md"));
	assert_null(site_find_file(s, "content/products/guide/missing.pdf"));
}

static const struct fixture_file broken_files[] = {
	{ "site.yaml", "title: Broken\nbase_url: https://broken.example/\ndefault_language: en\n"
		       "languages:\n  - {code: en, name: English}\n  - {code: fr, name: Français}\n"
		       "collections:\n  notes: {}\n  products:\n    schema:\n"
		       "      title: {type: string, required: true, translatable: true}\n      year: {type: int}\n"
		       "      chapters: {type: list, items: {type: string}}\n"
		       "taxonomies:\n  topics: {field: topics}\nmenu: [notes, nowhere]\n" },
	{ "translations/en.yaml", "site_title: Broken\ncollections: {notes: Notes, products: Products}\n"
				  "taxonomies: {topics: {title: Topics, terms: {known: Known}}}\n" },
	{ "translations/fr.yaml", "site_title: Cassé\ncollections: {notes: Notes, products: Produits}\n"
				  "taxonomies: {topics: {title: Sujets, terms: {known: Connu}}}\n" },
	{ "content/about.md", "---\ntitle: About\n---\n" },
	{ "content/about.en.md", "---\ntitle: About again\n---\n" },
	{ "content/faq.fr.md", "---\ntitle: FAQ\n---\n" },
	{ "content/notes/untitled/index.md", "---\nsummary: no title\n---\n" },
	{ "content/notes/page/index.md", "---\ntitle: Page\n---\n" },
	{ "content/notes/tagged/index.md", "---\ntitle: Tagged\ntopics: [known, unknown, Bad Term]\n---\n" },
	{ "content/products/book/index.md", "---\ntitle: Book\nyear: 2020\nchapters: [alpha, omega]\n---\n" },
	{ "content/products/book/index.fr.md", "---\ntitle: Livre\nyear: 2021\n---\n" },
	{ "content/products/book/alpha.md", "---\ntitle: Alpha\n---\n" },
	{ "content/products/book/beta.md", "---\ntitle: Beta\n---\n" },
};

/* Every model error of a site in one run, each at its position. */
static void test_model_errors(void **state)
{
	struct fixture f;
	char *d;

	(void)state;
	assert_int_equal(fixture_build(&f, broken_files, NEL(broken_files)), -1);
	assert_true(f.modelled);
	d = fixture_diags(&f);
	assert_string_equal(d,
		"content/about.en.md:1:1: error: content/about.md already gives this page's English text\n"
		"content/faq.fr.md:1:1: error: a translation without an original: add content/faq.md\n"
		"content/notes/page:1:1: error: 'page' is reserved for the pages of a listing: rename the folder\n"
		"content/notes/tagged/index.md:3:17: error: term 'unknown' of 'topics' has no label in "
		"translations/en.yaml (did you mean 'known'?)\n"
		"content/notes/tagged/index.md:3:26: error: 'topics' must be a term name like 'social-media' "
		"(lowercase letters, digits and hyphens), or a list of them\n"
		"content/notes/untitled/index.md:1:1: error: missing 'title' in the front matter\n"
		"content/products/book/beta.md:1:1: error: chapter 'beta' is not listed in the 'chapters' field of "
		"content/products/book/index.md\n"
		"content/products/book/index.fr.md:3:1: error: 'year' is the same in every language: set it in the "
		"original only\n"
		"content/products/book/index.md:4:19: error: chapter 'omega' has no file: add "
		"content/products/book/omega.md\n"
		"site.yaml:16:15: error: menu entry 'nowhere' is neither a page, a collection nor a taxonomy\n");
	free(d);
	fixture_release(&f);
}

/* A folder that is no collection is reported, and the model goes on without it, as build.c does. */
static void test_unknown_collection_folder(void **state)
{
	struct fixture_file files[5];
	struct fixture f;
	char *d;

	(void)state;
	memcpy(files, broken_files, 3 * sizeof(files[0]));
	files[3] = (struct fixture_file){ "content/misc/x/index.md", "---\ntitle: X\n---\n" };
	files[4] = (struct fixture_file){ "content/about.md", "---\ntitle: About\n---\n" };
	assert_int_equal(fixture_build(&f, files, NEL(files)), -1);
	assert_true(f.modelled);
	assert_non_null(site_find_item(&f.site, "content/about.md"));
	d = fixture_diags(&f);
	assert_string_equal(d, "content/misc:1:1: error: folder 'misc' is not a collection: declare it under "
			       "'collections' in site.yaml\n"
			       "site.yaml:16:15: error: menu entry 'nowhere' is neither a page, a collection nor a "
			       "taxonomy\n");
	free(d);
	fixture_release(&f);
}

/* A site where some files are broken in each stage: each is reported once, left out of the model with
 * its item, and the model holds the rest, whole. */
static const struct fixture_file partly_broken_files[] = {
	{ "site.yaml", "title: Partly\nbase_url: https://partly.example/\ndefault_language: en\n"
		       "languages:\n  - {code: en, name: English}\n  - {code: fr, name: Français}\n"
		       "collections:\n  notes:\n    schema:\n"
		       "      title: {type: string, required: true, translatable: true}\n"
		       "      pages: {type: int}\n      summary: {type: text, translatable: true}\n"
		       "      topics: {type: list, items: {type: string}}\n"
		       "taxonomies:\n  topics: {field: topics}\nmenu: [notes, about]\n" },
	{ "translations/en.yaml", "site_title: Partly\ncollections: {notes: Notes}\n"
				  "taxonomies: {topics: {title: Topics, terms: {ethics: Ethics}}}\n" },
	{ "translations/fr.yaml", "site_title: [unclosed\n" },
	{ "content/about.md", "---\ntitle: \"About\n---\n" },
	{ "content/about.fr.md", "---\ntitle: À propos\n---\n" },
	{ "content/notes/good/index.md", "---\ntitle: Good\ntopics: [ethics]\n---\n" },
	{ "content/notes/good/index.fr.md", "---\ntitle: Bon\n---\n" },
	{ "content/notes/big/index.md", "---\ntitle: Big\npages: 99999999999999999999999\nsumary: typo\n---\n" },
	{ "content/notes/big/index.fr.md", "---\ntitle: Grand\n---\n" },
	{ "content/notes/typo/index.md", "---\ntitle: Typo\ntopics: [ethic]\n---\n" },
};

static void test_broken_files_left_out(void **state)
{
	struct fixture f;
	const struct doc *d;
	char *text;

	(void)state;
	assert_int_equal(fixture_build(&f, partly_broken_files, NEL(partly_broken_files)), -1);
	assert_true(f.modelled);
	text = fixture_diags(&f);
	assert_string_equal(text,
		"content/about.md:3:1: error: YAML syntax error: found unexpected end of stream while scanning a "
		"quoted scalar (opened at 2:8)\n"
		"content/notes/big/index.md:3:8: error: integer '99999999999999999999999' is out of range\n"
		"content/notes/big/index.md:4:1: error: unknown field 'sumary' (did you mean 'summary'?)\n"
		"content/notes/typo/index.md:3:10: error: term 'ethic' of 'topics' has no label in "
		"translations/en.yaml (did you mean 'ethics'?)\n"
		"translations/fr.yaml:2:1: error: YAML syntax error: did not find expected ',' or ']' while parsing "
		"a flow sequence (opened at 1:13)\n");
	free(text);
	/* the good item is whole, in both languages; the French texts fall back to English's */
	assert_non_null(site_find_item(&f.site, "content/notes/good/index.fr.md"));
	assert_string_equal(i18n_find(&f.i18n, 1, "site_title", NULL), "Partly");
	/* the broken ones are left out, with their translations, and known as such */
	assert_null(site_find_item(&f.site, "content/notes/big"));
	assert_null(site_find_item(&f.site, "content/notes/typo"));
	assert_null(site_find_item(&f.site, "content/about.fr.md"));
	d = site_find_omitted(&f.site, "content/notes/big");
	assert_non_null(d);
	assert_int_equal(d->omitted, DOC_BROKEN);
	d = site_find_omitted(&f.site, "content/notes/big/index.fr.md");
	assert_non_null(d);
	assert_int_equal(d->omitted, DOC_BROKEN);
	assert_non_null(site_find_omitted(&f.site, "content/notes/typo/index.md"));
	assert_null(site_find_omitted(&f.site, "content/notes/good/index.md"));
	/* the listing holds the good item alone; the menu leaves the broken page out */
	assert_int_equal(site_page(&f.site, f.site.collection_groups[0], 0)->nitems, 1);
	assert_int_equal(f.site.menu_groups[1], SIZE_MAX);
	fixture_release(&f);
}

/* KNOWN BUG (skipped until scan.c is fixed): a plain page named after a collection, or "search" on a site
 * with a search page, gets the address of that listing or page; scan_page checks only taxonomies and some
 * reserved names. `jisite check` says nothing, and the build writes one page over the other (or, with the
 * downloads, fails at the archives with "duplicate archive entry"). It must be an error. */
static void test_page_named_like_a_collection(void **state)
{
	struct fixture_file files[NEL(site_files) + 1];
	struct fixture f;

	char *d;

	(void)state;
	memcpy(files, site_files, sizeof(site_files));
	files[NEL(site_files)] = (struct fixture_file){ "content/notes.md", "---\ntitle: Notes page\n---\n" };
	assert_int_equal(fixture_build(&f, files, NEL(files)), -1);
	d = fixture_diags(&f);
	assert_non_null(strstr(d, "content/notes.md:1:1: error: page 'notes' would have the address of the "
				  "collection of that name"));
	free(d);
	fixture_release(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sorted_by_title),
		cmocka_unit_test(test_sorted_by_number),
		cmocka_unit_test(test_pagination),
		cmocka_unit_test(test_translation_over_original),
		cmocka_unit_test(test_taxonomies),
		cmocka_unit_test(test_term_listing_sorts_pages_too),
		cmocka_unit_test(test_groups_in_every_language),
		cmocka_unit_test(test_chapters),
		cmocka_unit_test(test_find),
		/* sites of their own */
		cmocka_unit_test(test_model_errors),
		cmocka_unit_test(test_broken_files_left_out),
		cmocka_unit_test(test_unknown_collection_folder),
		cmocka_unit_test(test_page_named_like_a_collection),
	};

	return cmocka_run_group_tests_name("site", tests, setup, teardown);
}
