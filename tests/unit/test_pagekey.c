/* Unit tests of the page keys (render.h): a page whose key did not change must render to the same bytes.
 * Driven by the real theme: every name a tag of themes/default looks up ({{a.b}}, {{{a}}}, {{#a}}, {{^a}}:
 * each segment, read from the compiled templates) needs a row in `rows` below: a change to the inputs of
 * the site in tests/unit/pagekey-site that changes what the name shows (front matter, a file, site.yaml,
 * translations, today, dates), or the reason it needs none. Every t.X of the layouts gets a translation of
 * its own, which some page must show. For each row the site is built with and without the change, every
 * page rendered (render_page) and keyed (render_page_key, chained as build.c's compute_page_keys chains
 * it): a page whose bytes changed must have a new key, and some page's bytes must change. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mustache_tree.h"
#include "render.h"
#include "site_fixture.h"
#include "theme.h"

#define NEL(a) (sizeof(a) / sizeof((a)[0]))

#define SITE_DIR "tests/unit/pagekey-site" /* the site; its translations get their ui map here */
#define SITE "site.yaml"
#define FR_YAML "translations/fr.yaml"
#define ALPHA "content/resources/r-alpha/index.md"
#define BETA "content/resources/r-beta/index.md"
#define PAST "content/events/e-past/index.md"
#define NEXT "content/events/e-next/index.md"
#define NEWS "content/news/n-one/index.md"
#define PODCAST "content/podcasts/p-one/index.md"
#define VIDEO "content/videos/v-one/index.md"
#define SESSION "content/sessions/s-one/index.md"
#define MEMBER "content/directory/m-one/index.md"
#define QUERY "content/queries/q-one/index.md"
#define GUIDE "content/products/guide/index.md"

struct row {
	const char *tags; /* the names it is for, separated by spaces: a segment, "t.X" for the translation X */
	struct fixture_edit edits[2];
	void (*tweak)(struct site *s); /* after the model stage: what build.c sets from git and the clock */
	const char *why;                /* no change: the reason it needs none */
};

#define REPLACE(path, from, to) { { EDIT_REPLACE, path, from, to } }, NULL, NULL
#define CREATE(path, text) { { EDIT_CREATE, path, NULL, text } }, NULL, NULL
#define DELETE(path) { { EDIT_DELETE, path, NULL, NULL } }, NULL, NULL
#define RENAME(path, to) { { EDIT_RENAME, path, NULL, to } }, NULL, NULL
#define EDITS(...) { __VA_ARGS__ }, NULL, NULL
#define TWEAK(fn) { { EDIT_NONE, NULL, NULL, NULL } }, fn, NULL
#define WHY(text) { { EDIT_NONE, NULL, NULL, NULL } }, NULL, text

#define FROM_PATH(what) what ": from the page's path, which the key holds"

static struct doc *find_doc(struct site *s, const char *path)
{
	for (size_t i = 0; i < s->scan->ndocs; i++)
		if (!strcmp(s->scan->docs[i].path, path))
			return &s->scan->docs[i];
	fail_msg("no doc '%s'", path);
	return NULL;
}

static void later_today(struct site *s)
{
	s->today = "2027-06-01";
}

static void another_day(struct site *s)
{
	s->today = "2026-06-16"; /* e-next is still to come: only "as of" changes */
}

static void touch_about(struct site *s)
{
	memcpy(find_doc(s, "content/about.md")->updated, "2025-09-10", 11);
}

static void outdate_about_fr(struct site *s)
{
	find_doc(s, "content/about.fr.md")->outdated = true;
}

/* the members' build, where an item for members only is there, marked */
static void alpha_for_members(struct site *s)
{
	find_doc(s, ALPHA)->members = true;
}

static const struct row rows[] = {
	{ "0 1", WHY("a list's first or second element ({{#x.0}}, {{#x.1}}): its own fields have rows") },
	{ "achieved", REPLACE(SESSION, "achieved: true", "achieved: false") },
	{ "anchor", EDITS({ EDIT_RENAME, "content/products/guide/method.md", NULL, "content/products/guide/way.md" },
			  { EDIT_REPLACE, GUIDE, "method]", "way]" }) },
	{ "as_of", TWEAK(another_day) },
	{ "assets events_js favicon_svg search_js style_css update_js", WHY("the theme's static files: the lang key covers their names (build.c)") },
	{ "audio", REPLACE(PODCAST, "1.mp3", "one.mp3") },
	{ "author", REPLACE(NEWS, "author: Ann", "author: Bea") },
	{ "author_role", REPLACE(NEWS, "Judge", "Clerk") },
	{ "background", REPLACE(SESSION, "Context", "Setting") },
	/* r-alpha's French translation loses its body: the page shows the original's, and says so */
	{ "body_fallback", REPLACE("content/resources/r-alpha/index.fr.md", "Alpha en français.", "") },
	{ "breadcrumbs", REPLACE("content/resources/index.md", "Resources intro", "Our resources") },
	{ "browse", REPLACE("content/events/index.md", "Events intro", "Our events") },
	{ "calendar_url footer_feeds", REPLACE(SITE, "  calendar: events\n", "") },
	{ "captions", REPLACE(VIDEO, "[en]", "[en, fr]") },
	{ "chapters", REPLACE("content/products/guide/scope.md", "title: Scope", "title: Purpose") },
	{ "code written_in", CREATE("content/products/guide/index.ar.md", "---\ntitle: دليل\n---\nنص.\n") },
	{ "conclusions", REPLACE(SESSION, "Done", "Finished") },
	{ "content", REPLACE("content/about.md", "About us", "About them") },
	{ "content", REPLACE("content/products/guide/method.md", "Method text", "Method words") },
	/* r-beta's French translation has no body: its page shows the original's */
	{ "content", REPLACE(BETA, "---\nBeta.", "---\nBeta, revised.") },
	{ "content_attrs", DELETE("content/about.fr.md") },
	{ "content_dir", CREATE("content/resources/r-beta/index.ar.md", "---\ntitle: بيتا\n---\nبيتا.\n") },
	{ "content_lang", CREATE("content/news/n-one/index.fr.md", "---\ntitle: Nouvelle\n---\nN.\n") },
	{ "coordinator", REPLACE(SESSION, "coordinator: Cy", "coordinator: Cyd") },
	{ "count_text", REPLACE(BETA, "topics: [ethics]", "topics: [ethics, courts]") },
	{ "countries", REPLACE(ALPHA, "[FR]", "[FR, IT]") },
	{ "current", WHY("whether an entry is the page itself: from the page's group, number and language (its key)") },
	{ "date when when_iso", REPLACE(NEWS, "2024-02-03", "2024-02-04") },
	{ "date_text downloads kind products sha256 size t.download_checksum t.download_checksum_help "
	  "t.download_date t.download_size t.downloads_intro t.downloads_site updates from has_updates "
	  "t.download_update t.download_updates_help",
	  WHY("the downloads page only: rendered after the bundles every build, never keyed (build.c)") },
	{ "dates", REPLACE(PAST, "start: 2020-05-01", "start: 2020-04-30") },
	{ "dir", REPLACE(SITE, "{code: fr, name: Français}", "{code: fr, name: Français, direction: rtl}") },
	{ "downloads_url", WHY(FROM_PATH("the downloads page's address")) },
	{ "duration", REPLACE(PODCAST, "30 min", "31 min") },
	{ "edit_url", REPLACE(SITE, "branch: main", "branch: live") },
	{ "empty", CREATE("content/opinion/o-one/index.md", "---\ntitle: Opinion\n---\nO.\n") },
	{ "end", REPLACE(PAST, "end: 2020-05-02", "end: 2020-05-03") },
	{ "ends", REPLACE(NEXT, "end: 2027-03-02T17:00", "end: 2027-03-02T18:00") },
	{ "event", REPLACE(SESSION, "Assembly", "Congress") },
	{ "fallback", CREATE("content/resources/r-gamma/index.fr.md", "---\ntitle: Gamma fr\n---\nG.\n") },
	{ "feeds", REPLACE(SITE, "  podcast: podcasts\n", "") },
	{ "file", REPLACE(ALPHA, "file: alpha.pdf", "file: alpha-v2.pdf") },
	{ "files poster", REPLACE(VIDEO, "poster.jpg", "poster-2.jpg") },
	{ "count_text gap list next_url number_text pages pagination", CREATE("content/resources/r-e/index.md", "---\ntitle: E\n---\n") },
	{ "guests", REPLACE(PODCAST, "[Bo]", "[Bo, Cy]") },
	{ "home_url", WHY(FROM_PATH("the home page's address")) },
	{ "is_home is_search og_type", WHY("the page's kind, which the key holds") },
	{ "items", REPLACE("content/resources/r-delta/index.md", "title: Delta", "title: Aaa delta") },
	{ "lang og_locale", WHY("the language's code: the first folder of the page's path, which the key holds") },
	{ "numbering", WHY("the digits of the language's code in the ICU in use: the key holds the code, the generator's id the ICU") },
	{ "lang_name", REPLACE(SITE, "name: English", "name: Anglais") },
	/* the French publisher goes: the original's shows, in English */
	{ "lang_of", REPLACE("content/resources/r-alpha/index.fr.md", "publisher: ONU\n", "") },
	{ "languages", REPLACE(SITE, "name: Français", "name: French") },
	{ "languages", REPLACE(ALPHA, "languages: [en]", "languages: [en, fr]") },
	{ "length", REPLACE(PODCAST, "1234", "2345") },
	{ "link", REPLACE(VIDEO, "example.org/v", "example.org/w") },
	{ "members", TWEAK(alpha_for_members) },
	{ "members_build t.members_only t.members_site",
	  WHY("the members' build, whose cache is its own (build_cache_path): no key is compared across builds") },
	{ "name", REPLACE(MEMBER, "name: One, Member", "name: One, A Member") },
	{ "role", REPLACE(MEMBER, "role: Judge", "role: Registrar") },
	{ "court", REPLACE(MEMBER, "High Court", "Supreme Court") },
	{ "country", REPLACE(MEMBER, "Austria", "Kenya") },
	{ "email", REPLACE(MEMBER, "one@example.org", "first@example.org") },
	{ "phone", REPLACE(MEMBER, "+43 1 000 000", "+43 1 000 001") },
	{ "asked_by", REPLACE(QUERY, "asked_by: m-one", "asked_by: m-two") },
	{ "answered_by", REPLACE(QUERY, "answered_by: [m-one]", "answered_by: [m-one, m-two]") },
	{ "status", REPLACE(QUERY, "status: answered", "status: open") },
	{ "menu", REPLACE(SITE, "[about, resources, products, topics]", "[about, products, topics]") },
	{ "menu", REPLACE("content/about.md", "title: About", "title: About us") },
	{ "meta", REPLACE(ALPHA, "First", "Primary") },
	{ "mime", REPLACE(PODCAST, "audio/mpeg", "audio/ogg") },
	{ "moderator", REPLACE(SESSION, "moderator: Ed", "moderator: Eve") },
	{ "name", REPLACE(SITE, "name: العربية", "name: Arabic") },
	{ "name", REPLACE(SESSION, "name: Flo", "name: Flora") },
	{ "next_chapter previous_chapter", REPLACE(GUIDE, "[scope, method]", "[method, scope]") },
	{ "number", REPLACE(PODCAST, "number: 1", "number: 2") },
	{ "objectives", REPLACE(SESSION, "Aims", "Goals") },
	{ "offline t.offline_copy", WHY("offline copies only: those have keys of their own (build.c bundle_key)") },
	{ "release update_url downloads_online t.offline_release t.update_link t.update_intro "
	  "t.update_step_download t.update_step_unzip t.update_step_delete t.update_step_open t.update_tool "
	  "t.update_check_title t.update_check_help t.update_check_choose t.update_check_ok t.update_check_changed "
	  "t.update_check_missing t.update_check_delete t.update_check_none t.update_check_script",
	  WHY("a site copy's home page and update.html only: the copy's key holds its release (build.c bundle_key)") },
	{ "online", REPLACE(PAST, "example.org/live", "example.org/stream") },
	{ "organisation", REPLACE(SESSION, "organisation: Court", "organisation: Tribunal") },
	{ "organisers", REPLACE(NEXT, "[UNODC, Courts]", "[UNODC]") },
	{ "outcome", REPLACE(SESSION, "outcome: Guide", "outcome: Manual") },
	{ "outcomes", REPLACE(SESSION, "  - {outcome: Course, achieved: false}\n", "") },
	{ "outdated", TWEAK(outdate_about_fr) },
	{ "outline", REPLACE(SESSION, "outline: Talk", "outline: Speech") },
	{ "page", WHY("the page's own map: each of its fields has rows") },
	{ "panellists", REPLACE(SESSION, "topic: Bias", "topic: Fairness") },
	{ "past submit_url upcoming upcoming_empty", TWEAK(later_today) },
	{ "past_empty", EDITS({ EDIT_REPLACE, PAST, "start: 2020-05-01", "start: 2028-05-01" },
			      { EDIT_REPLACE, PAST, "end: 2020-05-02", "end: 2028-05-02" }) },
	{ "position", REPLACE(SESSION, "position: Judge", "position: Clerk") },
	{ "prev_url", WHY(FROM_PATH("the listing's previous page, from the page's number")) },
	{ "print_url", WHY(FROM_PATH("the printable page: the book's folder and print/")) },
	{ "publisher", REPLACE(ALPHA, "publisher: UN", "publisher: UNODC") },
	{ "rapporteur", REPLACE(SESSION, "rapporteur: Di", "rapporteur: Dee") },
	{ "search_index", WHY("the search index's file name, fixed (search.h)") },
	{ "search_root", WHY(FROM_PATH("the way up to the language's folder")) },
	{ "search_url", REPLACE(SITE, "search:\n  collections: [resources, events]\n  facets: [topics]\n", "") },
	{ "sections", REPLACE("content/products/guide/scope.fr.md", "Portée.", "Portée, revue.") },
	{ "show_upcoming", WHY("the page's number (the key holds it), and whether an event is upcoming (upcoming_empty)") },
	{ "several", REPLACE(SITE, "per_page: 1", "per_page: 9") },
	{ "site_title", REPLACE(FR_YAML, "[fr site]", "[fr site!]") },
	{ "start", REPLACE(NEXT, "T09:00+01:00", "T10:00+01:00") },
	{ "submit_page_url", REPLACE(SITE, ", submit: resources", "") },
	{ "submit_url repository_url", REPLACE(SITE, "example.org/site", "example.org/web") },
	{ "summary description", REPLACE(BETA, "summary: Second", "summary: Later") },
	{ "t.*", REPLACE(FR_YAML, "[fr ui ", "[fr ui! ") },
	{ "t.choose_language", WHY("the root index.html only: written every build, never keyed") },
	{ "terms", REPLACE(ALPHA, "topics: [courts, ethics]", "topics: [courts]") },
	/* the chapter method.md has the term too: a chapter's page has `page.terms` (not shown by the theme) */
	{ "terms", REPLACE(NEWS, "topics: [courts, appeals]", "topics: [courts]") },
	{ "terms_of_taxonomy", REPLACE(BETA, "topics: [ethics]", "topics: [ethics, bias]") },
	{ "timed", WHY("whether the collection's schema has an end date: site.yaml, which the lang key covers") },
	{ "title", REPLACE("content/resources/r-gamma/index.md", "title: Gamma", "title: Gamma ray") },
	{ "title_dir", REPLACE(SITE, "{code: en, name: English}", "{code: en, name: English, direction: rtl}") },
	{ "title_lang", CREATE("content/resources/r-delta/index.ar.md", "---\ntitle: دلتا\n---\nد.\n") },
	{ "topic", REPLACE(SESSION, "topic: Ethics", "topic: Integrity") },
	{ "transcript", REPLACE(PODCAST, "transcript: transcript.txt", "transcript: notes.txt") },
	{ "type", WHY("a feed's MIME type, fixed per kind of feed") },
	{ "updated updated_text", TWEAK(touch_about) },
	{ "url", RENAME("content/resources/r-gamma/index.md", "content/resources/r-golf/index.md") },
	{ "url", REPLACE(ALPHA, "example.org/a", "example.org/b") },
	{ "values", REPLACE(VIDEO, "[en]", "[fr]") },
	{ "venue", REPLACE(PAST, "Vienna", "Bangkok") },
	{ "year", REPLACE(ALPHA, "year: 2020", "year: 2019") },
	/* the theme's home page, footer and head */
	{ "home_lists", REPLACE(ALPHA, "featured: true", "featured: false") },
	{ "collection_title", REPLACE(SITE, "collections: [news, opinion]", "collections: [news]") },
	{ "summaries", REPLACE(SITE, "by: date, count: 2", "by: date, count: 1") },
	{ "footer_links", REPLACE(SITE, "footer: [about]", "footer: [about, resources]") },
	{ "license", REPLACE(SITE, "name: CC BY 4.0", "name: CC BY-SA 4.0") },
	{ "before after", WHY("the words of ui.license_text around {license}: the translations, which the lang key covers") },
	{ "subscribe", REPLACE(SITE, "  atom: [news]\n", "") },
	{ "page_url", REPLACE(SITE, "base_url: https://keys.example/", "base_url: https://keys.example/site/") },
	{ "not_found_url t.not_found_text t.not_found_home",
	  WHY("the not-found pages only: written every build, never keyed (build.c write_not_found)") },
};

/* ---- the theme's names, and the translations made from them ---- */

struct names {
	char **v;
	size_t n;
};

static void names_add(struct names *ns, const char *p, size_t len)
{
	for (size_t i = 0; i < ns->n; i++)
		if (strlen(ns->v[i]) == len && !memcmp(ns->v[i], p, len))
			return;
	ns->v = realloc(ns->v, (ns->n + 1) * sizeof(*ns->v));
	ns->v[ns->n++] = strndup(p, len);
}

/* Every name that tags of node and below look up: "t.X" for a translation, otherwise each segment. */
static void collect_names(struct names *ns, const struct mnode *node)
{
	for (size_t i = 0; i < node->nchildren; i++) {
		const struct mnode *c = &node->children[i];
		const struct mname *nm = &c->name;
		if (c->kind == MNODE_VAR || c->kind == MNODE_RAW || c->kind == MNODE_SECTION ||
		    c->kind == MNODE_INVERTED) {
			if (nm->nparts == 2 && nm->parts[0].len == 1 && nm->parts[0].p[0] == 't') {
				char t[128];
				snprintf(t, sizeof(t), "t.%.*s", (int)nm->parts[1].len, nm->parts[1].p);
				names_add(ns, t, strlen(t));
			} else {
				for (size_t k = 0; k < nm->nparts; k++)
					names_add(ns, nm->parts[k].p, nm->parts[k].len);
			}
		}
		collect_names(ns, c);
	}
}

/* Every layout's t.X as a text of its own in the ui map of each translations/<code>.yaml ("[fr ui X]"), so
 * that a page shows which ones it uses. */
static void add_ui(struct fixture_files *fs, const struct names *ns)
{
	for (size_t f = 0; f < fs->n; f++) {
		struct strbuf sb = STRBUF_INIT;
		const char *code;
		if (strncmp(fs->f[f].path, "translations/", strlen("translations/")))
			continue;
		code = fs->f[f].path + strlen("translations/");
		strbuf_addf(&sb, "%sui:\n", fs->f[f].text);
		for (size_t i = 0; i < ns->n; i++)
			if (!strncmp(ns->v[i], "t.", 2))
				strbuf_addf(&sb, "  %s: \"[%.*s ui %s]\"\n", ns->v[i] + 2, (int)strcspn(code, "."),
					    code, ns->v[i] + 2);
		free((void *)fs->f[f].text);
		fs->f[f].text = strbuf_detach(&sb, NULL);
	}
}

/* ---- a site built, keyed and rendered ---- */

struct model {
	struct fixture f;
	unsigned char (*keys)[DIGEST_LEN];
	bool *known;
	struct strbuf *pages; /* each page's bytes (the downloads page: none) */
	struct render_texts texts; /* the render stage's results: the bodies as HTML, and their links */
	struct render_links *links;
};

static struct {
	struct theme theme;
	struct arena arena;
	struct names names;
	struct fixture_files files;
	struct model base;
} t;

/* The Markdown bodies, as the render stage makes them before the pages (build.c's render_share), with
 * their links recorded: the keys cover where links lead. */
static void render_bodies(struct model *m)
{
	struct render_share all = { .shard = 0, .nshards = 1, .lo = 0, .hi = SIZE_MAX };
	struct strbuf links = STRBUF_INIT;

	render_texts_init(&m->texts, m->f.site.scan);
	m->links = render_links_from_load(m->f.site.scan, &m->f.arena);
	assert_int_equal(render_markdown(&m->f.site, &t.theme, &m->texts, m->f.src, NULL, &all, &links, &m->f.diags), 0);
	render_take_links(&m->f.site, m->links, &m->f.arena, links.buf, links.len);
	strbuf_release(&links);
}

static void add_file(struct digest *dg, const struct fixture_files *fs, const char *path)
{
	digest_add_str(dg, path);
	digest_add_str(dg, fixture_files_find(fs, path)->text);
}

/* Every page's key, chained as build.c's compute_lang_keys and compute_page_keys chain them (the theme,
 * the generator and the options are the same in every model here). */
static void compute_keys(struct model *m, const struct fixture_files *fs)
{
	const struct site *s = &m->f.site;
	const struct config *cfg = s->cfg;
	struct item_digest *items = render_item_digests_new(&m->f.arena, s, s->nitems);
	unsigned char (*groups)[DIGEST_LEN] = calloc(s->ngroups + 1, DIGEST_LEN), frame[DIGEST_LEN];
	unsigned char (*lang_keys)[DIGEST_LEN] = calloc(cfg->nlanguages, DIGEST_LEN);
	bool *known = calloc(s->ngroups + 1, sizeof(bool)), frame_known;
	char path[64];

	for (size_t i = 0; i < s->nitems; i++)
		render_item_digest(s, m->links, &s->items[i], &items[i]);
	render_group_digests(s, items, groups, known);
	frame_known = render_frame_key(s, (const unsigned char (*)[DIGEST_LEN])groups, known, frame);
	for (size_t l = 0; l < cfg->nlanguages; l++) {
		struct digest dg;
		digest_init(&dg);
		add_file(&dg, fs, SITE);
		digest_add_u64(&dg, l);
		snprintf(path, sizeof(path), "translations/%s.yaml", cfg->languages[l].code);
		add_file(&dg, fs, path);
		snprintf(path, sizeof(path), "translations/%s.yaml", cfg->languages[cfg->default_language].code);
		add_file(&dg, fs, path);
		digest_final(&dg, lang_keys[l]);
		digest_init(&dg); /* the frame key of the language */
		digest_add(&dg, lang_keys[l], DIGEST_LEN);
		digest_add(&dg, frame, DIGEST_LEN);
		digest_final(&dg, lang_keys[l]);
	}
	m->keys = calloc(s->npages, DIGEST_LEN);
	m->known = calloc(s->npages, sizeof(bool));
	for (size_t i = 0; i < s->npages; i++)
		m->known[i] = frame_known &&
			      render_page_key(s, &s->pages[i], lang_keys[s->pages[i].lang], items,
					      (const unsigned char (*)[DIGEST_LEN])groups, known, m->keys[i]);
	free(lang_keys);
	free(groups);
	free(known);
}

/* Builds fs as build --audience members would on FIXTURE_TODAY, every text last changed on 2025-01-02 and
 * the French alpha outdated; then tweak, if any; then keys and pages. Returns 0, or -1 after printing the errors. */
static int model_build(struct model *m, const struct fixture_files *fs, void (*tweak)(struct site *))
{
	struct arena scratch = ARENA_INIT;
	struct site *s = &m->f.site;
	unsigned char before[DIGEST_LEN], after[DIGEST_LEN];

	memset(m, 0, sizeof(*m));
	/* the members' build: the private fields are shown there (the public one drops them) */
	if (fixture_build_with(&m->f, fs->f, fs->n, &(struct publish_options){ .members = true })) {
		char *d = fixture_diags(&m->f);
		print_error("the site does not build:\n%s", d);
		free(d);
		return -1;
	}
	for (size_t i = 0; i < s->scan->ndocs; i++)
		memcpy(s->scan->docs[i].updated, "2025-01-02", 11);
	find_doc(s, "content/resources/r-alpha/index.fr.md")->outdated = true;
	if (tweak)
		tweak(s);
	site_digest(s, before); /* the model stage ends here */
	render_bodies(m);
	compute_keys(m, fs);
	m->pages = calloc(s->npages, sizeof(*m->pages));
	for (size_t i = 0; i < s->npages; i++) {
		strbuf_init(&m->pages[i], 0);
		if (s->pages[i].kind == PAGE_DOWNLOADS)
			continue;
		arena_release(&scratch);
		assert_int_equal(render_page(&m->pages[i], s, &t.theme, &s->pages[i], &render_online, &m->texts, NULL,
					     &scratch, &m->f.diags), 0);
	}
	arena_release(&scratch);
	assert_int_equal(diag_errors(&m->f.diags), 0);
	site_digest(s, after);
	assert_memory_equal(before, after, DIGEST_LEN); /* rendering and keying only read the model */
	return 0;
}

static void model_release(struct model *m)
{
	for (size_t i = 0; m->pages && i < m->f.site.npages; i++)
		strbuf_release(&m->pages[i]);
	free(m->pages);
	free(m->keys);
	free(m->known);
	render_texts_release(&m->texts);
	fixture_release(&m->f);
}

static int setup(void **state)
{
	struct source *src = source_fs_new(".");
	struct diag_list diags = DIAG_LIST_INIT;

	(void)state;
	arena_init(&t.arena);
	if (!src || theme_load(&t.theme, &t.arena, src, "default", &diags)) {
		fprintf(stderr, "cannot load themes/default: run the test from the project's root\n");
		return -1;
	}
	for (size_t i = 0; i < t.theme.ntemplates; i++)
		collect_names(&t.names, &t.theme.templates[i].t->root);
	source_free(src);
	src = source_fs_new(SITE_DIR);
	if (!src || fixture_files_load(&t.files, src, "")) {
		fprintf(stderr, "cannot read " SITE_DIR ": run the test from the project's root\n");
		return -1;
	}
	add_ui(&t.files, &t.names);
	source_free(src);
	diag_list_release(&diags);
	return model_build(&t.base, &t.files, NULL);
}

static int teardown(void **state)
{
	(void)state;
	model_release(&t.base);
	fixture_files_free(&t.files);
	for (size_t i = 0; i < t.names.n; i++)
		free(t.names.v[i]);
	free(t.names.v);
	theme_release(&t.theme);
	arena_release(&t.arena);
	return 0;
}

/* ---- the tests ---- */

static size_t nproblems;

/* Reports one problem (cmocka's fail_msg would cut a long list short); the test fails at its end. */
#define problem(...) (print_error(__VA_ARGS__), print_error("\n"), nproblems++)

static void check_no_problems(void)
{
	size_t n = nproblems;

	nproblems = 0;
	if (n)
		fail_msg("%zu problems, listed above", n);
}

/* Whether name is one of the space-separated names of list. */
static bool in_list(const char *list, const char *name)
{
	size_t len = strlen(name);

	for (const char *p = strstr(list, name); p; p = strstr(p + 1, name))
		if ((p == list || p[-1] == ' ') && (!p[len] || p[len] == ' '))
			return true;
	return false;
}

static bool has_row(const char *name)
{
	for (size_t r = 0; r < NEL(rows); r++)
		if (in_list(rows[r].tags, name))
			return true;
	return false;
}

/* Whether every name of a row's list is a layout's ("t.*" stands for all translations). */
static bool names_used(const char *list)
{
	char name[128];

	for (const char *p = list; *p; p += strspn(p, " ")) {
		size_t len = strcspn(p, " "), i = 0;
		snprintf(name, sizeof(name), "%.*s", (int)len, p);
		while (i < t.names.n && strcmp(t.names.v[i], name))
			i++;
		if (i == t.names.n && strcmp(name, "t.*"))
			return false;
		p += len;
	}
	return true;
}

/* Every name the layouts use has a row, and every row a name the layouts use. */
static void test_every_tag_has_a_row(void **state)
{
	(void)state;
	assert_true(t.names.n > 100);
	for (size_t i = 0; i < t.names.n; i++)
		if (strncmp(t.names.v[i], "t.", 2) && !has_row(t.names.v[i]))
			problem("layout tag '%s' has no key mutation: add one to test_pagekey.c", t.names.v[i]);
	for (size_t r = 0; r < NEL(rows); r++) {
		if (!names_used(rows[r].tags))
			problem("row '%s': no layout uses one of its names any more", rows[r].tags);
		if (!rows[r].tweak && rows[r].edits[0].op == EDIT_NONE && !(rows[r].why && *rows[r].why))
			problem("row '%s' has neither a change nor a reason", rows[r].tags);
	}
	check_no_problems();
}

/* Each t.X is shown by some page (the "t.*" row then changes them all), or has a row saying why not. */
static void test_every_translation_is_shown(void **state)
{
	const struct site *s = &t.base.f.site;
	struct strbuf text = STRBUF_INIT;

	(void)state;
	for (size_t i = 0; i < t.names.n; i++) {
		size_t p = 0;
		if (strncmp(t.names.v[i], "t.", 2) || has_row(t.names.v[i]))
			continue;
		strbuf_reset(&text);
		strbuf_addf(&text, "[fr ui %s]", t.names.v[i] + 2);
		while (p < s->npages && !strstr(t.base.pages[p].buf, text.buf))
			p++;
		if (p == s->npages)
			problem("no page shows '%s': make the site of test_pagekey.c show it, or give it a row "
				"saying why it cannot", t.names.v[i]);
	}
	strbuf_release(&text);
	check_no_problems();
}

/* The same inputs give the same keys and bytes, and every key is known (or the test below proves little). */
static void test_same_inputs_same_keys(void **state)
{
	struct model again;
	const struct site *s = &t.base.f.site;

	(void)state;
	assert_int_equal(model_build(&again, &t.files, NULL), 0);
	assert_int_equal(again.f.site.npages, s->npages);
	for (size_t i = 0; i < s->npages; i++) {
		assert_true(t.base.known[i]);
		assert_memory_equal(t.base.keys[i], again.keys[i], DIGEST_LEN);
		assert_string_equal(t.base.pages[i].buf, again.pages[i].buf);
	}
	model_release(&again);
}

/* Compares a changed site's pages with the base's, by path; returns how many pages' bytes changed. */
static size_t compare(const struct row *row, const struct model *b)
{
	const struct site *sa = &t.base.f.site, *sb = &b->f.site;
	size_t changed = 0;

	for (size_t j = 0; j < sb->npages; j++) {
		size_t i = 0;
		while (i < sa->npages && strcmp(sa->pages[i].path, sb->pages[j].path))
			i++;
		if (i == sa->npages || !strcmp(t.base.pages[i].buf, b->pages[j].buf))
			continue;
		changed++;
		if (t.base.known[i] && b->known[j] && !memcmp(t.base.keys[i], b->keys[j], DIGEST_LEN))
			problem("row '%s': %s renders differently with the same key", row->tags, sb->pages[j].path);
	}
	return changed;
}

static void test_bytes_change_with_keys(void **state)
{
	(void)state;
	for (size_t r = 0; r < NEL(rows); r++) {
		struct fixture_files fs = { NULL, 0, 0 };
		struct model b;
		bool applies = true;

		if (!rows[r].tweak && rows[r].edits[0].op == EDIT_NONE)
			continue;
		for (size_t i = 0; i < t.files.n; i++)
			fixture_files_add(&fs, t.files.f[i].path, t.files.f[i].text, strlen(t.files.f[i].text));
		for (size_t e = 0; e < NEL(rows[r].edits); e++)
			applies &= fixture_files_apply(&fs, &rows[r].edits[e]);
		if (!applies)
			problem("row '%s': its edit finds nothing to change", rows[r].tags);
		else if (model_build(&b, &fs, rows[r].tweak))
			problem("row '%s': the changed site does not build", rows[r].tags);
		else if (!compare(&rows[r], &b))
			problem("row '%s': no page changed: make the site of test_pagekey.c show it", rows[r].tags);
		if (applies)
			model_release(&b);
		fixture_files_free(&fs);
	}
	check_no_problems();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_tag_has_a_row),
		cmocka_unit_test(test_every_translation_is_shown),
		cmocka_unit_test(test_same_inputs_same_keys),
		cmocka_unit_test(test_bytes_change_with_keys),
	};

	return cmocka_run_group_tests_name("page keys", tests, setup, teardown);
}
