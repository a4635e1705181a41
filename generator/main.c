/* jisite's command line: a table of commands over the library. Only this file prints usage or exits. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "build.h"
#include "contrib.h"
#include "translation_status.h"
#include "util/datetime.h"
#include "util/faults.h"

#define JISITE_VERSION "0.1.0"

enum { EXIT_CONTENT = 1, EXIT_USAGE = 2 };

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
	const char *usage;
};

static const struct command *current;
static bool github; /* --format github: diagnostics as GitHub Actions annotations */

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "jisite: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n%s", current->usage);
	return EXIT_USAGE;
}

/* Prints the messages of diags, usage errors found before anything was read or written (a revision, the
 * output folder, SOURCE_DATE_EPOCH), as a -C folder that is not there is: they name what is wrong. */
static int usage_diags(struct diag_list *diags)
{
	for (size_t i = 0; i < diags->len; i++) {
		struct strbuf line = STRBUF_INIT;
		diag_escape(&line, diags->items[i].message);
		fprintf(stderr, "jisite: %s\n", line.buf);
		strbuf_release(&line);
	}
	diag_list_release(diags);
	return EXIT_USAGE;
}

/* Options shared by build and check. Returns 0, -1 for a usage error, 1 when --help was printed. */
static int parse_build_options(int argc, char **argv, struct build_options *opts, int *status)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(current->usage, stdout);
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
		} else if (!strcmp(a, "--force") && opts->write) {
			opts->force = true;
		} else if (!strcmp(a, "--base") || !strcmp(a, "--format")) {
			if (i + 1 == argc) {
				*status = usage_error("%s needs a value", a);
				return -1;
			}
			if (!strcmp(a, "--base")) {
				opts->base = argv[++i];
			} else if (!strcmp(argv[++i], "github")) {
				github = true;
			} else if (strcmp(argv[i], "text")) {
				*status = usage_error("--format is text or github, not '%s'", argv[i]);
				return -1;
			}
		} else if (!strcmp(a, "--jobs") || !strcmp(a, "-j")) {
			char *end;
			unsigned long n = i + 1 < argc ? strtoul(argv[i + 1], &end, 10) : 0;
			if (i + 1 == argc || *end || n < 1 || n > 256) {
				*status = usage_error("%s needs a number of processes from 1 to 256", a);
				return -1;
			}
			opts->jobs = n;
			i++;
		} else if (!strcmp(a, "--rev")) {
			if (i + 1 == argc || !*argv[i + 1]) {
				*status = usage_error("%s needs a commit, branch or tag", a);
				return -1;
			}
			opts->rev = argv[++i];
		} else if (!strcmp(a, "-C") || !strcmp(a, "--out")) {
			if (i + 1 == argc) {
				*status = usage_error("%s needs a folder", a);
				return -1;
			}
			if (!strcmp(a, "--out")) {
				opts->out = argv[++i];
			} else if (chdir(argv[++i])) {
				fprintf(stderr, "jisite: cannot change to '%s': %s\n", argv[i], strerror(errno));
				*status = EXIT_USAGE;
				return -1;
			}
		} else {
			*status = usage_error("unknown option '%s'", a);
			return -1;
		}
	}
	return 0;
}

static int run_build(int argc, char **argv, bool write)
{
	struct build_options opts = { .out = "public", .write = write };
	struct diag_list diags = DIAG_LIST_INIT;
	int status = 0, ret;

	if (parse_build_options(argc, argv, &opts, &status))
		return status;
	if (opts.base && write) {
		fprintf(stderr, "jisite: --base is an option of check, not of build\n%s", current->usage);
		return EXIT_USAGE;
	}
	ret = build_run(&opts, &diags);
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

static int cmd_build(int argc, char **argv)
{
	return run_build(argc, argv, true);
}

static int cmd_check(int argc, char **argv)
{
	return run_build(argc, argv, false);
}

static int cmd_new(int argc, char **argv)
{
	struct contrib_options opts = { NULL, NULL, NULL, false, NULL };
	struct diag_list diags = DIAG_LIST_INIT;
	const char *dir = NULL;
	char today[11];
	int ret;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(current->usage, stdout);
			return 0;
		} else if (!strcmp(a, "--branch")) {
			opts.branch = true;
		} else if (!strcmp(a, "-C")) {
			if (i + 1 == argc)
				return usage_error("%s needs a folder", a);
			dir = argv[++i];
		} else if (!strcmp(a, "--lang")) {
			if (i + 1 == argc)
				return usage_error("%s needs a language code", a);
			opts.lang = argv[++i];
		} else if (a[0] == '-') {
			return usage_error("unknown option '%s'", a);
		} else if (!opts.collection) {
			opts.collection = a;
		} else if (!opts.slug) {
			opts.slug = a;
		} else {
			return usage_error("one item at a time: '%s' is one argument too many", a);
		}
	}
	if (!opts.slug)
		return usage_error("%s", "a collection and a slug are needed, like: jisite new resources my-guide");
	if (dir && chdir(dir)) {
		fprintf(stderr, "jisite: cannot change to '%s': %s\n", dir, strerror(errno));
		return EXIT_USAGE;
	}
	if (datetime_today(today, &diags))
		return usage_diags(&diags); /* as build does */
	opts.today = today;
	ret = contrib_new(&opts, stdout, &diags);
	diag_sort(&diags);
	diag_print(stderr, &diags);
	diag_list_release(&diags);
	return ret == CONTRIB_USAGE ? EXIT_USAGE : ret ? EXIT_CONTENT : 0;
}

static int cmd_translations(int argc, char **argv)
{
	struct translation_status_options opts = { NULL, false };
	struct diag_list diags = DIAG_LIST_INIT;
	int ret;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(current->usage, stdout);
			return 0;
		} else if (!strcmp(a, "-C") || !strcmp(a, "--lang") || !strcmp(a, "--format")) {
			if (i + 1 == argc)
				return usage_error("%s needs a value", a);
			if (!strcmp(a, "--lang")) {
				opts.lang = argv[++i];
			} else if (!strcmp(a, "--format")) {
				if (strcmp(argv[++i], "text") && strcmp(argv[i], "json"))
					return usage_error("--format is text or json, not '%s'", argv[i]);
				opts.json = !strcmp(argv[i], "json");
			} else if (chdir(argv[++i])) {
				fprintf(stderr, "jisite: cannot change to '%s': %s\n", argv[i], strerror(errno));
				return EXIT_USAGE;
			}
		} else {
			return usage_error("unknown option '%s'", a);
		}
	}
	ret = translation_status_run(&opts, stdout, &diags);
	diag_sort(&diags);
	diag_print(stderr, &diags);
	diag_list_release(&diags);
	if (ret == TRANSLATION_STATUS_BAD_LANGUAGE) {
		fputs(current->usage, stderr);
		return EXIT_USAGE;
	}
	return ret ? EXIT_CONTENT : 0;
}

static const struct command commands[] = {
	{ "build", cmd_build, "build the site into public/",
	  "usage: jisite build [-C DIR] [--out DIR] [--force] [--rev REV] [--jobs N] [--precompress]\n"
	  "                    [--no-cache] [--no-bundles] [-v]\n\n"
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
	  "  -v           print the time each stage took\n" },
	{ "check", cmd_check, "validate everything, write nothing",
	  "usage: jisite check [-C DIR] [--rev REV] [--base REV] [--format text|github] [--jobs N] [-v]\n\n"
	  "Runs every stage of a build but writing, and reports every problem found.\n\n"
	  "  -C DIR       check the project in DIR\n"
	  "  --rev REV    check the site as of REV (a commit, branch or tag) from the git repository\n"
	  "  --base REV   report only the problems of what changed since REV (a commit, branch or tag),\n"
	  "               and of the pages that link to it; print a summary of the change to paste into\n"
	  "               the pull request\n"
	  "  --format F   text (path:line:col: error: message on stderr, the default) or github\n"
	  "               (GitHub Actions annotations on stdout)\n"
	  "  --jobs N     render with N processes (default: one per processor)\n"
	  "  -v           print the time each stage took\n" },
	{ "new", cmd_new, "start a new item or translation from its collection's schema",
	  "usage: jisite new COLLECTION SLUG [-C DIR] [--lang L] [--branch]\n\n"
	  "Writes content/COLLECTION/SLUG/index.md: every field of the collection's schema in site.yaml,\n"
	  "required ones with placeholders to replace (valid values: 'jisite check' passes), optional\n"
	  "ones commented out, each with what it takes. Never replaces a file.\n\n"
	  "  -C DIR       work in the project in DIR\n"
	  "  --lang L     start the translation into L of an existing item: index.L.md, with only\n"
	  "               the fields a translation may set\n"
	  "  --branch     commit the file on a new branch, contrib/COLLECTION/SLUG (.L for a translation),\n"
	  "               as git's user.name and user.email, instead of writing it: the current branch,\n"
	  "               the index and the working tree stay as they are\n" },
	{ "translations", cmd_translations, "list missing and outdated translations",
	  "usage: jisite translations [-C DIR] [--lang L] [--format text|json]\n\n"
	  "For every language (or only L), lists the translations of content/ that are missing, those\n"
	  "that are outdated (their original changed in a commit after the translation's last commit),\n"
	  "with the commits that changed the original since, and those that are up to date.\n\n"
	  "  -C DIR         report on the project in DIR\n"
	  "  --lang L       only the language whose code is L (\"fr\")\n"
	  "  --format json  a report for programs (described in README.md) instead of text\n" },
};

static int usage(FILE *out)
{
	fprintf(out, "usage: jisite [--version] [--help] <command> [<args>]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-14s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\nRun 'jisite <command> --help' for a command's options.\n"
		     "Exit status: 0 success, 1 content errors, 2 usage errors.\n");
	return out == stdout ? 0 : EXIT_USAGE;
}

int main(int argc, char **argv)
{
	fault_init(); /* the tests' fault injection, off unless $JISITE_FAULT asks */
	if (argc < 2)
		return usage(stderr);
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help"))
		return usage(stdout);
	if (!strcmp(argv[1], "--version")) {
		printf("jisite %s\n", JISITE_VERSION);
		return 0;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (!strcmp(argv[1], commands[i].name)) {
			current = &commands[i];
			return commands[i].run(argc - 1, argv + 1);
		}
	}
	fprintf(stderr, "jisite: '%s' is not a jisite command\n", argv[1]);
	return usage(stderr);
}
