/* `jisite build` and `jisite check`: one set of options, a build that writes or one that only reports
 * (build.h), and the line that sums up what it did. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "build.h"
#include "cmd/cmd.h"
#include "progress.h"
#include "util/str.h"
#include "util/xalloc.h"

static const char build_usage[] =
	"usage: jisite build [-C DIR] [--out DIR] [--force] [--rev REV] [--lang L,..] [--jobs N]\n"
	"                    [--format text|github] [--precompress] [--no-cache] [--no-bundles] [--drafts]\n"
	"                    [--audience public|members] [--previous MANIFEST]... [--base-url URL] [-q | -v]\n\n"
	"Builds the site of the current folder (or DIR) into public/ (or the --out folder).\n"
	"The output changes only when the whole build succeeded. Builds are incremental: the\n"
	"cache in .jisite-cache/ lets a build skip the files and pages that did not change.\n"
	"On a terminal, a line shows the build's progress; at the end, one line says what it\n"
	"did: pages rendered and kept, downloads, warnings, seconds.\n\n"
	"  -C DIR       build the project in DIR\n"
	"  --out DIR    write into DIR instead of public/ (relative to the project); never the project's\n"
	"               sources, and a folder that exists only when jisite wrote it, or it is empty\n"
	"  --force      replace DIR even when jisite did not write it (never the project's sources)\n"
	"  --rev REV    build the site as of REV (a commit, branch or tag) from the git repository,\n"
	"               without a checkout: the working tree is neither read nor changed\n"
	"  -j N, --jobs N  render with N processes (default: one per processor)\n"
	"  --format F   text (path:line:col: error: message on stderr, the default) or github\n"
	"               (GitHub Actions annotations on stdout)\n"
	"  --precompress  write NAME.gz and NAME.br beside every text file, for hosts that serve them\n"
	"  --no-cache   ignore the build cache: read and render everything (a new cache is written)\n"
	"  --no-bundles leave out the offline copies and e-books (downloads/), for a quicker preview\n"
	"  --lang L     build only language L's pages, feeds, calendars, search index and downloads\n"
	"               (repeat it, or L1,L2), for a quicker preview; every language's texts are still\n"
	"               read and checked. Links to the other languages lead nowhere in its output, which\n"
	"               has no sitemap; the next build without --lang is a full one\n"
	"  --drafts     build the texts marked draft: true too, for a preview; a text whose publish_after\n"
	"               is still to come stays out all the same\n"
	"  --audience A public (the default): the site for everyone, without a trace of what is marked\n"
	"               audience: members; members: the members' site, everything public and the members'\n"
	"               texts, into public-members/ (or --out), for a host that checks who reads it: every\n"
	"               page noindex, no sitemap, offline copies named members-*\n"
	"  --previous MANIFEST  the downloads/manifest.json of an earlier release (a file, relative to\n"
	"               the project; repeat it for several): each offline copy gets an update from it,\n"
	"               downloads/site-LANG-update-RELEASE.zip, with only the files that changed\n"
	"  --base-url URL  the site's address for this build instead of site.yaml's base_url (an http or\n"
	"               https address), for a preview served elsewhere: links, feeds and the sitemap carry it\n"
	"  -q, --quiet  print only the diagnostics: no progress line, no closing line\n"
	"  -v, --verbose  print the time each stage took (and, as check does, what is not published)\n";

static const char check_usage[] =
	"usage: jisite check [-C DIR] [--rev REV] [--base REV] [--format text|github] [--summary FILE]\n"
	"                    [--lang L,..] [--jobs N] [--drafts] [--audience public|members]\n"
	"                    [--base-url URL] [-q | -v]\n\n"
	"Runs every stage of a build but writing, and reports every problem found (going on past a\n"
	"broken file to the stages after it), as notes the texts that are not published (drafts, and\n"
	"those held back until their publish_after), then one line: the pages checked, errors,\n"
	"warnings, seconds.\n\n"
	"  -C DIR       check the project in DIR\n"
	"  --rev REV    check the site as of REV (a commit, branch or tag) from the git repository\n"
	"  --base REV   report only the problems of what changed since REV (a commit, branch or tag),\n"
	"               and of the pages that link to it; print a summary of the change (Markdown) to\n"
	"               paste into the pull request, on stdout or into the --summary FILE\n"
	"  --format F   text (path:line:col: error: message on stderr, the default) or github\n"
	"               (GitHub Actions annotations on stdout: errors, then warnings, then notes, at most\n"
	"               10 of each, as GitHub shows no more; a last notice counts the others)\n"
	"  --summary FILE  append the summary of --base, and a table of every problem (errors first),\n"
	"               to FILE (Markdown: $GITHUB_STEP_SUMMARY), instead of printing it on stdout\n"
	"  --lang L     render only language L's pages (repeat it, or L1,L2); every language's texts\n"
	"               are still read and checked\n"
	"  -j N, --jobs N  render with N processes (default: one per processor)\n"
	"  --drafts     check the drafts too, as build --drafts builds them\n"
	"  --audience A check the public site (the default) or the members' site (members), whose\n"
	"               pages include the texts marked audience: members\n"
	"  --base-url URL  check the site as built for this address instead of site.yaml's base_url\n"
	"  -q, --quiet  print only the diagnostics: no progress line, no closing line\n"
	"  -v, --verbose  print the time each stage took\n";

/* What the command does with the build's results, besides the options of build_run. */
struct command_flags {
	bool github; /* --format github: diagnostics as GitHub Actions annotations */
	bool quiet;
	char **langs; /* --lang, split at commas: build_options.langs */
	size_t nlangs, alloc;
	const char **previous; /* --previous, each: build_options.previous */
	size_t nprevious, previous_alloc;
	const char *summary; /* check --summary FILE: where the summary goes instead of stdout */
	char *base_url;      /* --base-url, normalised: build_options.base_url */
};

/* --base-url: an absolute http or https address with a host, ending with '/' as site.yaml's base_url is
 * made to. Pages and feeds embed it, so no space, control character, quote or angle bracket, and no query
 * or fragment (it is the start of every address). Returns a copy to free, or NULL. */
static char *base_url_arg(const char *value)
{
	const char *host;
	size_t len = strlen(value);
	char *url;

	if (!skip_prefix(value, "https://", &host) && !skip_prefix(value, "http://", &host))
		return NULL;
	if (!*host || *host == '/')
		return NULL;
	for (const char *p = value; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f || strchr("\"'<>\\^`{|}?#", *p))
			return NULL;
	url = xmalloc(len + 2);
	memcpy(url, value, len);
	url[len] = '/';
	url[len + (value[len - 1] != '/')] = '\0';
	return url;
}

/* --lang fr,es: each code of value. Returns 0, or -1 when it holds none. */
static int add_langs(struct command_flags *f, const char *value)
{
	size_t before = f->nlangs;

	for (const char *p = value; *p;) {
		size_t len = strcspn(p, ",");
		if (len) {
			XGROW(f->langs, f->alloc, f->nlangs + 1);
			f->langs[f->nlangs] = xmalloc(len + 1);
			memcpy(f->langs[f->nlangs], p, len);
			f->langs[f->nlangs++][len] = '\0';
		}
		p += len + (p[len] == ',');
	}
	return f->nlangs > before ? 0 : -1;
}
/* Options shared by build and check. Returns 0, -1 for a usage error, 1 when --help was printed; *status
 * is the exit status in the last two cases. */
static int parse_build_options(int argc, char **argv, const char *usage, struct build_options *opts,
			       struct command_flags *flags, int *status)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(usage, stdout);
			*status = 0;
			return 1;
		} else if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) {
			opts->verbose = true;
		} else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
			flags->quiet = true;
		} else if (!strcmp(a, "--lang")) {
			if (i + 1 == argc || add_langs(flags, argv[i + 1])) {
				*status = usage_error(usage, "%s needs a language code (or codes: fr,es)", a);
				return -1;
			}
			i++;
		} else if (!strcmp(a, "--precompress")) {
			opts->precompress = true;
		} else if (!strcmp(a, "--no-cache")) {
			opts->no_cache = true;
		} else if (!strcmp(a, "--no-bundles")) {
			opts->no_bundles = true;
		} else if (!strcmp(a, "--drafts")) {
			opts->drafts = true;
		} else if (!strcmp(a, "--force") && opts->write) {
			opts->force = true;
		} else if (!strcmp(a, "--base") || !strcmp(a, "--format")) {
			if (i + 1 == argc) {
				*status = usage_error(usage, "%s needs a value", a);
				return -1;
			}
			if (!strcmp(a, "--base")) {
				opts->base = argv[++i];
			} else if (!strcmp(argv[++i], "github")) {
				flags->github = true;
			} else if (strcmp(argv[i], "text")) {
				*status = usage_error(usage, "--format is text or github, not '%s'", argv[i]);
				return -1;
			}
		} else if (!strcmp(a, "--audience")) {
			if (i + 1 == argc || (strcmp(argv[i + 1], "public") && strcmp(argv[i + 1], "members"))) {
				*status = usage_error(usage, "%s is public (the default) or members", a);
				return -1;
			}
			opts->members = !strcmp(argv[++i], "members");
		} else if (!strcmp(a, "--jobs") || !strcmp(a, "-j")) {
			char *end;
			unsigned long n = i + 1 < argc ? strtoul(argv[i + 1], &end, 10) : 0;
			if (i + 1 == argc || *end || n < 1 || n > 256) {
				*status = usage_error(usage, "%s needs a number of processes from 1 to 256", a);
				return -1;
			}
			opts->jobs = n;
			i++;
		} else if (!strcmp(a, "--previous") && opts->write) {
			if (i + 1 == argc || !*argv[i + 1]) {
				*status = usage_error(usage, "%s needs the manifest.json of an earlier release", a);
				return -1;
			}
			if (strstr(argv[i + 1], "://")) {
				*status = usage_error(usage, "--previous reads a file: download '%s' first (curl -o)",
						      argv[i + 1]);
				return -1;
			}
			XGROW(flags->previous, flags->previous_alloc, flags->nprevious + 1);
			flags->previous[flags->nprevious++] = argv[++i];
		} else if (!strcmp(a, "--base-url")) {
			if (i + 1 == argc) {
				*status = usage_error(usage, "%s needs the site's address (https://…/)", a);
				return -1;
			}
			free(flags->base_url);
			if (!(flags->base_url = base_url_arg(argv[++i]))) {
				*status = usage_error(usage, "--base-url must be an http:// or https:// address with a "
						      "host, without a query or fragment, not '%s'", argv[i]);
				return -1;
			}
		} else if (!strcmp(a, "--summary") && !opts->write) {
			if (i + 1 == argc || !*argv[i + 1]) {
				*status = usage_error(usage, "%s needs a file", a);
				return -1;
			}
			flags->summary = argv[++i];
		} else if (!strcmp(a, "--rev")) {
			if (i + 1 == argc || !*argv[i + 1]) {
				*status = usage_error(usage, "%s needs a commit, branch or tag", a);
				return -1;
			}
			opts->rev = argv[++i];
		} else if (!strcmp(a, "-C") || !strcmp(a, "--out")) {
			if (i + 1 == argc) {
				*status = usage_error(usage, "%s needs a folder", a);
				return -1;
			}
			if (!strcmp(a, "--out")) {
				opts->out = argv[++i];
			} else if ((*status = change_dir(argv[++i]))) {
				return -1;
			}
		} else {
			*status = usage_error(usage, "unknown option '%s'", a);
			return -1;
		}
	}
	return 0;
}

/* "1 page", "2 pages" */
static void add_noun(struct strbuf *sb, size_t n, const char *what)
{
	progress_count(sb, n);
	strbuf_addf(sb, " %s%s", what, n == 1 ? "" : "s");
}

/* "26,013 pages (12 rendered, 26,001 kept)" */
static void add_split(struct strbuf *sb, size_t n, const char *what, size_t made, const char *made_word,
		      const char *other_word)
{
	add_noun(sb, n, what);
	strbuf_addstr(sb, " (");
	progress_count(sb, made);
	strbuf_addf(sb, " %s", made_word);
	if (other_word) {
		strbuf_addstr(sb, ", ");
		progress_count(sb, n - made);
		strbuf_addf(sb, " %s", other_word);
	}
	strbuf_addch(sb, ')');
}

static void add_seconds(struct strbuf *sb, double s)
{
	strbuf_addf(sb, s < 1 ? "%.2f s" : "%.1f s", s);
}

/* The closing line of a build (write) or a check that returned ret (0 or -1), without a newline:
 *   jisite: built 26,013 pages (12 rendered, 26,001 kept), 26 downloads (1 made), 2 warnings in 0.42 s
 *   jisite: nothing changed since the last build (0.11 s)
 *   jisite: checked 26,013 pages: 3 errors, 2 warnings in 1.2 s
 * A failed build says that nothing was written instead; so does a failed check, when it stopped before
 * the pages: "jisite: 3 errors: see above". */
static void summary(struct strbuf *sb, const struct build_report *r, const struct diag_list *diags, bool write,
		    int ret)
{
	size_t errors = diag_errors(diags), warnings = diag_warnings(diags);

	if (ret && (write || !r->pages)) {
		/* a check that stopped before the pages has no count to give */
		strbuf_addf(sb, "jisite: %zu error%s: %s", errors, errors == 1 ? "" : "s",
			    write ? "nothing was written, the previous output is unchanged" : "see above");
		return;
	}
	if (!write) {
		strbuf_addstr(sb, "jisite: checked ");
		add_noun(sb, r->pages, "page");
		strbuf_addstr(sb, errors || warnings ? ": " : "");
		if (errors)
			add_noun(sb, errors, "error");
		strbuf_addstr(sb, errors && warnings ? ", " : "");
		if (warnings)
			add_noun(sb, warnings, "warning");
		strbuf_addstr(sb, " in ");
		add_seconds(sb, r->seconds);
		return;
	}
	if (r->unchanged) {
		strbuf_addstr(sb, "jisite: nothing changed since the last build (");
		if (warnings) {
			add_noun(sb, warnings, "warning");
			strbuf_addstr(sb, ", ");
		}
		add_seconds(sb, r->seconds);
		strbuf_addch(sb, ')');
		return;
	}
	strbuf_addstr(sb, "jisite: built ");
	add_split(sb, r->pages, "page", r->pages_rendered, "rendered", "kept");
	if (r->downloads) {
		strbuf_addstr(sb, ", ");
		add_split(sb, r->downloads, "download", r->downloads_made, "made", NULL);
	}
	if (warnings) {
		strbuf_addstr(sb, ", ");
		add_noun(sb, warnings, "warning");
	}
	strbuf_addstr(sb, " in ");
	add_seconds(sb, r->seconds);
}

/* The largest table of problems in a summary: GitHub takes 1 MiB of a step's summary, and a reader no more. */
#define SUMMARY_TABLE_MAX (512 * 1024)

/* check --summary: the summary of --base (NULL without it), then every problem, ranked, appended to f (the
 * file named path), which is closed. Returns 0, or -1 after saying why it could not be written. */
static int write_summary(FILE *f, const char *path, const char *summary, const struct diag_list *diags)
{
	struct strbuf sb = STRBUF_INIT;
	int ret = 0;

	if (summary)
		strbuf_addf(&sb, "%s\n", summary);
	diag_markdown(&sb, diags, SUMMARY_TABLE_MAX);
	if (fwrite(sb.buf, 1, sb.len, f) != sb.len || fflush(f))
		ret = -1;
	if (fclose(f) && !ret)
		ret = -1;
	if (ret)
		fprintf(stderr, "jisite: cannot write the summary to '%s': %s\n", path, strerror(errno));
	strbuf_release(&sb);
	return ret;
}

static int run_build(int argc, char **argv, bool write)
{
	const char *usage = write ? build_usage : check_usage;
	struct build_options opts = { .out = NULL, .write = write };
	struct diag_list diags = DIAG_LIST_INIT;
	struct command_flags flags = { 0 };
	struct build_report report = { 0 };
	struct strbuf line = STRBUF_INIT;
	FILE *summary_file = NULL;
	int status = 0, ret;

	if (parse_build_options(argc, argv, usage, &opts, &flags, &status))
		goto cleanup;
	if (opts.base && write) {
		fprintf(stderr, "jisite: --base is an option of check, not of build\n%s", usage);
		status = EXIT_USAGE;
		goto cleanup;
	}
	/* opened before the build, so that a file that cannot be written is said at once; relative to the
	 * project (-C), as --out is */
	if (flags.summary && !(summary_file = fopen(flags.summary, "a"))) {
		fprintf(stderr, "jisite: cannot write the summary to '%s': %s\n", flags.summary, strerror(errno));
		status = EXIT_USAGE;
		goto cleanup;
	}
	if (!opts.out)
		opts.out = opts.members ? "public-members" : "public";
	opts.base_url = flags.base_url;
	opts.langs = (const char *const *)flags.langs;
	opts.nlangs = flags.nlangs;
	opts.previous = flags.previous;
	opts.nprevious = flags.nprevious;
	/* a line rewritten with \r is for a person watching, not for a log */
	opts.progress = !flags.quiet && isatty(STDERR_FILENO);
	ret = build_run(&opts, &diags, &report);
	if (ret == BUILD_USAGE) {
		status = usage_diags(&diags);
		goto cleanup;
	}
	if (report.summary && !summary_file)
		fputs(report.summary, stdout);
	if (flags.github) {
		diag_rank(&diags);
		diag_print_github(stdout, &diags, DIAG_GITHUB_MAX,
				  summary_file ? "the job summary lists them all" : "jisite check --format text lists them all");
	} else {
		diag_sort(&diags);
		diag_print(stderr, &diags);
		diag_rank(&diags);
	}
	if (summary_file && write_summary(summary_file, flags.summary, report.summary, &diags))
		ret = -1;
	summary_file = NULL;
	if (!flags.quiet) {
		summary(&line, &report, &diags, write, ret);
		fprintf(stderr, "%s\n", line.buf);
	}
	status = ret ? EXIT_CONTENT : 0;
cleanup:
	if (summary_file)
		fclose(summary_file);
	build_report_release(&report);
	diag_list_release(&diags);
	strbuf_release(&line);
	for (size_t i = 0; i < flags.nlangs; i++)
		free(flags.langs[i]);
	free(flags.langs);
	free(flags.previous);
	free(flags.base_url);
	return status;
}

int cmd_build(int argc, char **argv)
{
	return run_build(argc, argv, true);
}

int cmd_check(int argc, char **argv)
{
	return run_build(argc, argv, false);
}
