/* The status of content translations (see translation_status.h): config → scan → gitinfo, then one report,
 * as text or JSON. */
#include "translation_status.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "gitinfo.h"
#include "scan.h"
#include "source.h"
#include "util/arena.h"
#include "util/strbuf.h"
#include "util/utf8.h"
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
};

struct report {
	const struct config *cfg;
	const struct gitinfo *g; /* NULL outside a repository */
	const char **paths;      /* every Markdown file of content/, sorted */
	size_t npaths;
	const char **originals;  /* the originals among them, sorted */
	size_t noriginals;
	struct entry *entries;   /* one language's, in the order of originals */
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

static void classify(struct report *r, struct entry *e)
{
	const struct gitinfo_file *t;

	if (!exists(r, e->translation)) {
		e->status = ST_MISSING;
		return;
	}
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

static void classify_language(struct report *r, struct arena *a, size_t lang, size_t counts[ST_COUNT])
{
	memset(counts, 0, ST_COUNT * sizeof(*counts));
	for (size_t i = 0; i < r->noriginals; i++) {
		struct entry *e = &r->entries[i];
		memset(e, 0, sizeof(*e));
		e->original = r->originals[i];
		e->translation = translation_path(a, e->original, r->cfg->languages[lang].code);
		classify(r, e);
		counts[e->status]++;
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

	fprintf(out, "  %-14s %s\n", status_text[e->status], e->translation);
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

static void text_language(struct report *r, size_t lang, const size_t counts[ST_COUNT])
{
	const char *sep = ": ";

	fprintf(r->out, "%s (%s)", r->cfg->languages[lang].name, r->cfg->languages[lang].code);
	for (int s = 0; s < ST_COUNT; s++) {
		if (counts[s]) {
			fprintf(r->out, "%s%zu %s", sep, counts[s], status_text[s]);
			sep = ", ";
		}
	}
	fprintf(r->out, "%s\n", r->noriginals ? "" : ": nothing to translate");
	for (int s = 0; s < ST_COUNT; s++)
		for (size_t i = 0; i < r->noriginals; i++)
			if (r->entries[i].status == (enum status)s)
				text_entry(r->out, &r->entries[i]);
}

/* ---- JSON, for programs ---- */

/* s as a JSON string: quotes, backslashes and control characters escaped, and any byte that is not
 * UTF-8 (a commit message in another encoding) replaced by U+FFFD, so the output always parses. */
static void json_str(struct strbuf *sb, const char *s)
{
	size_t len = strlen(s), bad;

	strbuf_addch(sb, '"');
	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)s[i];
		size_t n = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 :
			   c >= 0xf0 && c <= 0xf4 ? 4 : 0; /* the length its first byte announces */
		if (c == '"' || c == '\\') {
			strbuf_addch(sb, '\\');
			strbuf_addch(sb, (char)c);
		} else if (c < 0x20) {
			strbuf_addf(sb, "\\u%04x", c);
		} else if (n > 1 && i + n <= len && utf8_valid(s + i, n, &bad)) {
			strbuf_add(sb, s + i, n);
			i += n;
			continue;
		} else if (n != 1) {
			strbuf_addstr(sb, "\\ufffd");
		} else {
			strbuf_addch(sb, (char)c);
		}
		i++;
	}
	strbuf_addch(sb, '"');
}

static void json_change(struct strbuf *sb, const struct gitinfo_change *c)
{
	char date[11];

	format_date(date, c->time);
	strbuf_addf(sb, "{\"id\": \"%s\", \"short\": \"%.7s\", \"date\": \"%s\", \"time\": %lld, \"summary\": ", c->id,
		    c->id, date, (long long)c->time);
	json_str(sb, c->summary);
	strbuf_addch(sb, '}');
}

static void json_language(struct report *r, struct strbuf *sb, size_t lang, const size_t counts[ST_COUNT])
{
	strbuf_addstr(sb, "    {\n      \"code\": ");
	json_str(sb, r->cfg->languages[lang].code);
	strbuf_addstr(sb, ",\n      \"name\": ");
	json_str(sb, r->cfg->languages[lang].name);
	strbuf_addstr(sb, ",\n      \"counts\": {");
	for (int s = 0; s < ST_COUNT; s++)
		strbuf_addf(sb, "%s\"%s\": %zu", s ? ", " : "", status_json[s], counts[s]);
	strbuf_addstr(sb, "},\n      \"files\": [");
	for (size_t i = 0; i < r->noriginals; i++) {
		const struct entry *e = &r->entries[i];
		strbuf_addf(sb, "%s\n        {\"original\": ", i ? "," : "");
		json_str(sb, e->original);
		strbuf_addstr(sb, ", \"translation\": ");
		json_str(sb, e->translation);
		strbuf_addf(sb, ", \"status\": \"%s\",\n         \"translated\": ", status_json[e->status]);
		if (e->translated)
			json_change(sb, e->translated);
		else
			strbuf_addstr(sb, "null");
		strbuf_addstr(sb, ",\n         \"changes\": [");
		for (size_t k = 0; k < e->nchanges; k++) {
			strbuf_addstr(sb, k ? ",\n           " : "\n           ");
			json_change(sb, &e->changes[k]);
		}
		strbuf_addstr(sb, e->nchanges ? "\n         ]}" : "]}");
	}
	strbuf_addstr(sb, r->noriginals ? "\n      ]\n    }" : "]\n    }");
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
	size_t counts[ST_COUNT];
	bool first = true;

	if (json) {
		strbuf_addstr(&sb, "{\n  \"format\": 1,\n  \"head\": ");
		if (r->g && gitinfo_head(r->g))
			json_str(&sb, gitinfo_head(r->g));
		else
			strbuf_addstr(&sb, "null");
		strbuf_addf(&sb, ",\n  \"git\": %s,\n  \"shallow\": %s,\n  \"languages\": [", r->g ? "true" : "false",
			    r->g && gitinfo_shallow(r->g) ? "true" : "false");
	} else if (!r->g) {
		fprintf(r->out, "not a git repository: whether translations are up to date is unknown\n\n");
	}
	for (size_t lang = 0; lang < r->cfg->nlanguages; lang++) {
		if (!pick[lang])
			continue;
		classify_language(r, a, lang, counts);
		if (json) {
			strbuf_addstr(&sb, first ? "\n" : ",\n");
			json_language(r, &sb, lang, counts);
		} else {
			if (!first)
				fputc('\n', r->out);
			text_language(r, lang, counts);
		}
		first = false;
	}
	if (json) {
		strbuf_addstr(&sb, "\n  ]\n}\n");
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
	bool pick[CONFIG_MAX_LANGUAGES];
	int ret, scanned;

	if (!src) {
		diag_error(diags, ".", 1, 1, "cannot read the project folder: %s", strerror(errno));
		return -1;
	}
	scanned = read_site(&cfg, &scan, &a, src, diags);
	ret = scanned < 0 ? -1 : pick_languages(&cfg, opts->lang, pick, diags);
	if (ret)
		goto cleanup;
	if (gitinfo_open(&g, ".", "content/", ".jisite-cache", diags))
		ret = -1; /* reported; every translation that exists is then "unknown" */
	if (g && gitinfo_shallow(g))
		diag_warning(diags, ".", 0, 0, "a shallow clone: its history stops at its oldest commit, which "
			     "counts as changing every file older than it, so a translation and its original both "
			     "changed only before it are reported up to date (fetch the whole history with "
			     "'git fetch --unshallow')");
	r.cfg = &cfg;
	r.g = g;
	r.out = out;
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
	gitinfo_free(g);
	source_free(src);
	arena_release(&a);
	return ret;
}
