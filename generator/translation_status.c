/* The status of content translations (see translation_status.h): config → scan → gitinfo, then one report,
 * as text or JSON. */
#include "translation_status.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "frontmatter.h"
#include "gitinfo.h"
#include "scan.h"
#include "source.h"
#include "util/arena.h"
#include "util/json.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* In the order the text report lists them: what needs work first. */
enum status {
	ST_OUTDATED,
	ST_MISSING,
	ST_UNCOMMITTED,
	ST_UNKNOWN,
	ST_UP_TO_DATE,
	ST_COUNT
};

static const char *const status_text[ST_COUNT] = {
	"outdated", "missing", "not committed", "unknown", "up to date"
};
static const char *const status_json[ST_COUNT] = {
	"outdated", "missing", "uncommitted", "unknown", "up_to_date"
};

/* One original and its translation into a language. */
struct entry {
	const char *original;
	const char *translation; /* its path, whether the file exists or not */
	enum status status;
	const struct gitinfo_change *changes; /* outdated: the commits that changed the original since */
	size_t nchanges;
	const struct gitinfo_change *translated; /* the translation's last commit, when it has one */
	bool front_matter_only; /* its body is blank: readers see the original's body under its title */
	bool needs_review;      /* needs_review: true, a text a translator has still to review */
};

struct report {
	const struct config *cfg;
	const struct gitinfo *g; /* NULL outside a repository */
	const char **paths;      /* every Markdown file of content/, sorted */
	size_t npaths;
	const char **originals;  /* the originals among them, sorted */
	size_t noriginals;
	struct entry *entries;   /* one language's, in the order of originals */
	struct source *src;
	struct strbuf text;      /* a translation's file, read for its front matter */
	FILE *out;
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool exists(const struct report *r, const char *path)
{
	return bsearch(&path, r->paths, r->npaths, sizeof(*r->paths), cmp_str) != NULL;
}

/* "content/about.md" in French: "content/about.fr.md", as the scan names translations. */
static const char *translation_path(struct arena *a, const char *original, const char *code)
{
	size_t stem = strlen(original) - 3, len = strlen(code);
	char *p = arena_alloc(a, stem + len + 5);

	memcpy(p, original, stem);
	p[stem] = '.';
	memcpy(p + stem + 1, code, len);
	memcpy(p + stem + 1 + len, ".md", 4);
	return p;
}

/* What the translation's own file says: whether it has a body, whether it asks for a review. A file that
 * does not load says nothing here (a build reports it). */
static void read_flags(struct report *r, struct arena *a, struct entry *e)
{
	struct diag_list quiet = DIAG_LIST_INIT;
	struct doc d = { .path = e->translation };
	const struct value *v;

	strbuf_reset(&r->text);
	if (!r->src->read(r->src, e->translation, &r->text, FRONTMATTER_MAX_FILE) &&
	    !frontmatter_parse(&d, a, r->text.buf, r->text.len, &quiet)) {
		e->front_matter_only = d.body_blank;
		v = value_map_get(d.meta, "needs_review");
		e->needs_review = v && v->kind == VALUE_BOOL && v->u.b;
	}
	diag_list_release(&quiet);
}

static void classify(struct report *r, struct arena *a, struct entry *e)
{
	const struct gitinfo_file *t;

	if (!exists(r, e->translation)) {
		e->status = ST_MISSING;
		return;
	}
	read_flags(r, a, e);
	if (!r->g) {
		e->status = ST_UNKNOWN;
		return;
	}
	switch (gitinfo_outdated(r->g, e->original, e->translation, &e->changes, &e->nchanges)) {
	case 1:
		e->status = ST_OUTDATED;
		break;
	case 0:
		e->status = ST_UP_TO_DATE;
		break;
	default:
		e->status = ST_UNCOMMITTED;
	}
	t = gitinfo_find(r->g, e->translation);
	e->translated = t && t->nchanges ? &t->changes[0] : NULL;
}

static void classify_language(struct report *r, struct arena *a, size_t lang, size_t counts[ST_COUNT + 2])
{
	memset(counts, 0, (ST_COUNT + 2) * sizeof(*counts));
	for (size_t i = 0; i < r->noriginals; i++) {
		struct entry *e = &r->entries[i];
		memset(e, 0, sizeof(*e));
		e->original = r->originals[i];
		e->translation = translation_path(a, e->original, r->cfg->languages[lang].code);
		classify(r, a, e);
		counts[e->status]++;
		counts[ST_COUNT] += e->front_matter_only;
		counts[ST_COUNT + 1] += e->needs_review;
	}
}

static void format_date(char out[11], int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm) || !strftime(out, 11, "%Y-%m-%d", &tm))
		memcpy(out, "0000-00-00", 11);
}

/* ---- text, for translators ---- */

/* "  outdated       content/about.fr.md", then for an outdated one the commits since */
static void text_entry(FILE *out, const struct entry *e)
{
	char date[11];

	const char *flags = e->front_matter_only ? (e->needs_review ? " (front matter only, to review)"
								    : " (front matter only)")
						 : e->needs_review ? " (to review)" : "";

	fprintf(out, "  %-14s %s%s\n", status_text[e->status], e->translation, flags);
	if (e->status != ST_OUTDATED)
		return;
	format_date(date, e->translated->time);
	fprintf(out, "  %-14s last translated in %.7s (%s); %s changed since in:\n", "", e->translated->id, date,
		e->original);
	for (size_t k = 0; k < e->nchanges; k++) {
		format_date(date, e->changes[k].time);
		fprintf(out, "  %-14s   %.7s %s %s\n", "", e->changes[k].id, date, e->changes[k].summary);
	}
}

static void text_language(struct report *r, size_t lang, const size_t counts[ST_COUNT + 2])
{
	const char *sep = ": ";

	fprintf(r->out, "%s (%s)", r->cfg->languages[lang].name, r->cfg->languages[lang].code);
	for (int s = 0; s < ST_COUNT; s++) {
		if (counts[s]) {
			fprintf(r->out, "%s%zu %s", sep, counts[s], status_text[s]);
			sep = ", ";
		}
	}
	/* translated, but only in part or not yet reviewed */
	if (counts[ST_COUNT])
		fprintf(r->out, "; %zu of the front matter only", counts[ST_COUNT]);
	if (counts[ST_COUNT + 1])
		fprintf(r->out, "; %zu to review", counts[ST_COUNT + 1]);
	fprintf(r->out, "%s\n", r->noriginals ? "" : ": nothing to translate");
	for (int s = 0; s < ST_COUNT; s++)
		for (size_t i = 0; i < r->noriginals; i++)
			if (r->entries[i].status == (enum status)s)
				text_entry(r->out, &r->entries[i]);
}

/* ---- JSON, for programs ---- */

/* A commit, as one line. */
static void json_change(struct json *j, const char *key, const struct gitinfo_change *c)
{
	char date[11];

	format_date(date, c->time);
	json_object_begin(j, key);
	json_string(j, "id", c->id);
	json_string_len(j, "short", c->id, strnlen(c->id, 7));
	json_string(j, "date", date);
	json_int(j, "time", (int64_t)c->time);
	json_string(j, "summary", c->summary);
	json_object_end(j);
}

/* A file: what and how on one line, its last translation and the changes since on lines of their own. */
static void json_file(struct json *j, const struct entry *e)
{
	json_newline(j, 8);
	json_object_begin(j, NULL);
	json_string(j, "original", e->original);
	json_string(j, "translation", e->translation);
	json_string(j, "status", status_json[e->status]);
	json_bool(j, "front_matter_only", e->front_matter_only);
	json_bool(j, "needs_review", e->needs_review);
	json_newline(j, 9);
	if (e->translated)
		json_change(j, "translated", e->translated);
	else
		json_null(j, "translated");
	json_newline(j, 9);
	json_array_begin(j, "changes");
	for (size_t k = 0; k < e->nchanges; k++) {
		json_newline(j, 11);
		json_change(j, NULL, &e->changes[k]);
	}
	if (e->nchanges)
		json_newline(j, 9);
	json_array_end(j);
	json_object_end(j);
}

static void json_language(struct report *r, struct json *j, size_t lang, const size_t counts[ST_COUNT + 2])
{
	json_newline(j, 4);
	json_object_begin(j, NULL);
	json_newline(j, 6);
	json_string(j, "code", r->cfg->languages[lang].code);
	json_newline(j, 6);
	json_string(j, "name", r->cfg->languages[lang].name);
	json_newline(j, 6);
	json_object_begin(j, "counts");
	for (int s = 0; s < ST_COUNT; s++)
		json_uint(j, status_json[s], counts[s]);
	json_uint(j, "front_matter_only", counts[ST_COUNT]);
	json_uint(j, "needs_review", counts[ST_COUNT + 1]);
	json_object_end(j);
	json_newline(j, 6);
	json_array_begin(j, "files");
	for (size_t i = 0; i < r->noriginals; i++)
		json_file(j, &r->entries[i]);
	if (r->noriginals)
		json_newline(j, 6);
	json_array_end(j);
	json_newline(j, 4);
	json_object_end(j);
}

/* The report's head, up to the list of languages it opens. */
static void json_start(struct report *r, struct json *j)
{
	json_object_begin(j, NULL);
	json_newline(j, 2);
	json_int(j, "format", 1);
	json_newline(j, 2);
	if (r->g && gitinfo_head(r->g))
		json_string(j, "head", gitinfo_head(r->g));
	else
		json_null(j, "head");
	json_newline(j, 2);
	json_bool(j, "git", r->g != NULL);
	json_newline(j, 2);
	json_bool(j, "shallow", r->g && gitinfo_shallow(r->g));
	json_newline(j, 2);
	json_array_begin(j, "languages");
}

static void json_finish(struct json *j)
{
	json_newline(j, 2);
	json_array_end(j);
	json_newline(j, 0);
	json_object_end(j);
	strbuf_addch(j->out, '\n');
}

/* ---- the command ---- */

/* Reads site.yaml and scans content/ through src, as the first two stages of a build. Returns 0, 1
 * when the scan reported errors (there is still something to report on), or -1. */
static int read_site(struct config *cfg, struct scan *scan, struct arena *a, struct source *src,
		     struct diag_list *diags)
{
	if (config_load(cfg, a, src, diags))
		return -1;
	return scan_content(scan, a, src, cfg, diags) ? 1 : 0;
}

/* The languages to report on: opts->lang, or every one but the default. */
static int pick_languages(const struct config *cfg, const char *lang, bool pick[], struct diag_list *diags)
{
	int idx = lang ? config_language_index(cfg, lang, strlen(lang)) : -1;

	for (size_t i = 0; i < cfg->nlanguages; i++)
		pick[i] = lang ? (int)i == idx : i != cfg->default_language;
	if (lang && (idx < 0 || (size_t)idx == cfg->default_language)) {
		diag_error(diags, "site.yaml", 0, 0, "'%s' is not a language to translate into: %s", lang,
			   idx < 0 ? "site.yaml has no such language" : "it is the language of the originals");
		return TRANSLATION_STATUS_BAD_LANGUAGE;
	}
	return 0;
}

static void write_report(struct report *r, struct arena *a, const bool pick[], bool json)
{
	struct strbuf sb = STRBUF_INIT;
	struct json j;
	size_t counts[ST_COUNT + 2];
	bool first = true;

	json_init(&j, &sb, JSON_SPACED);
	if (json) {
		json_start(r, &j);
	} else if (!r->g) {
		fprintf(r->out, "not a git repository: whether translations are up to date is unknown\n\n");
	}
	for (size_t lang = 0; lang < r->cfg->nlanguages; lang++) {
		if (!pick[lang])
			continue;
		classify_language(r, a, lang, counts);
		if (json) {
			json_language(r, &j, lang, counts);
		} else {
			if (!first)
				fputc('\n', r->out);
			text_language(r, lang, counts);
		}
		first = false;
	}
	if (json) {
		json_finish(&j);
		fwrite(sb.buf, 1, sb.len, r->out);
	}
	strbuf_release(&sb);
}

int translation_status_run(const struct translation_status_options *opts, FILE *out, struct diag_list *diags)
{
	struct arena a = ARENA_INIT;
	struct config cfg;
	struct scan scan = { 0 };
	struct report r = { 0 };
	struct gitinfo *g = NULL;
	struct source *src = source_fs_new(".");
	bool *pick = NULL; /* per language of site.yaml, in a */
	int ret, scanned;

	if (!src) {
		diag_error(diags, ".", 1, 1, "cannot read the project folder: %s", strerror(errno));
		return -1;
	}
	scanned = read_site(&cfg, &scan, &a, src, diags);
	if (scanned >= 0)
		pick = arena_calloc(&a, cfg.nlanguages, sizeof(*pick));
	ret = scanned < 0 ? -1 : pick_languages(&cfg, opts->lang, pick, diags);
	if (ret)
		goto cleanup;
	if (gitinfo_open(&g, ".", "content/", GITINFO_CACHE_USER, diags))
		ret = -1; /* reported; every translation that exists is then "unknown" */
	if (g && gitinfo_shallow(g))
		diag_warning(diags, ".", 0, 0, "a shallow clone: its history stops at its oldest commit, which "
			     "counts as changing every file older than it, so a translation and its original both "
			     "changed only before it are reported up to date (fetch the whole history with "
			     "'git fetch --unshallow')");
	r.cfg = &cfg;
	r.g = g;
	r.out = out;
	r.src = src;
	r.paths = xmalloc((scan.ndocs + 1) * sizeof(*r.paths));
	r.originals = xmalloc((scan.ndocs + 1) * sizeof(*r.originals));
	for (size_t i = 0; i < scan.ndocs; i++) {
		r.paths[r.npaths++] = scan.docs[i].path;
		if (scan.docs[i].original)
			r.originals[r.noriginals++] = scan.docs[i].path;
	}
	qsort(r.paths, r.npaths, sizeof(*r.paths), cmp_str);
	qsort(r.originals, r.noriginals, sizeof(*r.originals), cmp_str);
	r.entries = xmalloc((r.noriginals + 1) * sizeof(*r.entries));
	write_report(&r, &a, pick, opts->json);
	if (scanned)
		ret = -1;
cleanup:
	free(r.paths);
	free(r.originals);
	free(r.entries);
	strbuf_release(&r.text);
	gitinfo_free(g);
	source_free(src);
	arena_release(&a);
	return ret;
}
