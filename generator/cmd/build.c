/* `jisite build` and `jisite check`: one set of options, a build that writes or one that only reports
 * (build.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build.h"
#include "cmd/cmd.h"

static const char build_usage[] =
	"usage: jisite build [-C DIR] [--out DIR] [--force] [--rev REV] [--jobs N] [--precompress]\n"
	"                    [--no-cache] [--no-bundles] [--drafts] [-v]\n\n"
	"Builds the site of the current folder (or DIR) into public/ (or the --out folder).\n"
	"The output changes only when the whole build succeeded. Builds are incremental: the\n"
	"cache in .jisite-cache/ lets a build skip the files and pages that did not change.\n\n"
	"  -C DIR       build the project in DIR\n"
	"  --out DIR    write into DIR instead of public/ (relative to the project); never the project's\n"
	"               sources, and a folder that exists only when jisite wrote it, or it is empty\n"
	"  --force      replace DIR even when jisite did not write it (never the project's sources)\n"
	"  --rev REV    build the site as of REV (a commit, branch or tag) from the git repository,\n"
	"               without a checkout: the working tree is neither read nor changed\n"
	"  --jobs N     render with N processes (default: one per processor)\n"
	"  --precompress  write NAME.gz and NAME.br beside every text file, for hosts that serve them\n"
	"  --no-cache   ignore the build cache: read and render everything (a new cache is written)\n"
	"  --no-bundles leave out the offline copies and e-books (downloads/), for a quicker preview\n"
	"  --drafts     build the texts marked draft: true too, for a preview; a text whose publish_after\n"
	"               is still to come stays out all the same\n"
	"  -v           print the time each stage took (and, as check does, what is not published)\n";

static const char check_usage[] =
	"usage: jisite check [-C DIR] [--rev REV] [--base REV] [--format text|github] [--jobs N] [--drafts]\n"
	"                    [-v]\n\n"
	"Runs every stage of a build but writing, and reports every problem found, and as notes the\n"
	"texts that are not published: drafts, and those held back until their publish_after.\n\n"
	"  -C DIR       check the project in DIR\n"
	"  --rev REV    check the site as of REV (a commit, branch or tag) from the git repository\n"
	"  --base REV   report only the problems of what changed since REV (a commit, branch or tag),\n"
	"               and of the pages that link to it; print a summary of the change to paste into\n"
	"               the pull request\n"
	"  --format F   text (path:line:col: error: message on stderr, the default) or github\n"
	"               (GitHub Actions annotations on stdout)\n"
	"  --jobs N     render with N processes (default: one per processor)\n"
	"  --drafts     check the drafts too, as build --drafts builds them\n"
	"  -v           print the time each stage took\n";

/* Options shared by build and check. Returns 0, -1 for a usage error, 1 when --help was printed; *status
 * is the exit status in the last two cases. */
static int parse_build_options(int argc, char **argv, const char *usage, struct build_options *opts,
			       bool *github, int *status)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(usage, stdout);
			*status = 0;
			return 1;
		} else if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) {
			opts->verbose = true;
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
				*github = true;
			} else if (strcmp(argv[i], "text")) {
				*status = usage_error(usage, "--format is text or github, not '%s'", argv[i]);
				return -1;
			}
		} else if (!strcmp(a, "--jobs") || !strcmp(a, "-j")) {
			char *end;
			unsigned long n = i + 1 < argc ? strtoul(argv[i + 1], &end, 10) : 0;
			if (i + 1 == argc || *end || n < 1 || n > 256) {
				*status = usage_error(usage, "%s needs a number of processes from 1 to 256", a);
				return -1;
			}
			opts->jobs = n;
			i++;
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

static int run_build(int argc, char **argv, bool write)
{
	const char *usage = write ? build_usage : check_usage;
	struct build_options opts = { .out = "public", .write = write };
	struct diag_list diags = DIAG_LIST_INIT;
	bool github = false; /* --format github: diagnostics as GitHub Actions annotations */
	int status = 0, ret;

	if (parse_build_options(argc, argv, usage, &opts, &github, &status))
		return status;
	if (opts.base && write) {
		fprintf(stderr, "jisite: --base is an option of check, not of build\n%s", usage);
		return EXIT_USAGE;
	}
	ret = build_run(&opts, &diags, NULL);
	if (ret == BUILD_USAGE)
		return usage_diags(&diags);
	diag_sort(&diags);
	if (github)
		diag_print_github(stdout, &diags);
	else
		diag_print(stderr, &diags);
	if (ret)
		fprintf(stderr, "jisite: %zu error%s: %s\n", diag_errors(&diags), diag_errors(&diags) == 1 ? "" : "s",
			write ? "nothing was written, the previous output is unchanged" : "see above");
	diag_list_release(&diags);
	return ret ? EXIT_CONTENT : 0;
}

int cmd_build(int argc, char **argv)
{
	return run_build(argc, argv, true);
}

int cmd_check(int argc, char **argv)
{
	return run_build(argc, argv, false);
}
