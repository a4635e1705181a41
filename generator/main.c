/* jisite's command line: a table of the commands (cmd/, one file each, over the library), --help and
 * --version, and the dispatch. With cmd/, the only code that prints usage; nothing calls exit(). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "util/faults.h"
#include "util/strbuf.h"
#include "version.h" /* JISITE_VERSION: the Makefile writes it from generator/VERSION or git describe */

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary; /* for `jisite --help`; each command's own usage text is in its file */
};

static const struct command commands[] = {
	{ "build", cmd_build, "build the site into public/" },
	{ "check", cmd_check, "validate everything, write nothing" },
	{ "serve", cmd_serve, "preview the site: build, serve, rebuild on change, reload the browser" },
	{ "new", cmd_new, "start a new item or translation from its collection's schema" },
	{ "translations", cmd_translations, "list missing and outdated translations" },
	{ "apply-update", cmd_apply_update, "bring an offline copy to a newer release with its update" },
};

int usage_error(const char *usage, const char *fmt, const char *arg)
{
	fprintf(stderr, "jisite: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n%s", usage);
	return EXIT_USAGE;
}

int usage_diags(struct diag_list *diags)
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

void report_diags(struct diag_list *diags)
{
	diag_sort(diags);
	diag_print(stderr, diags);
	diag_list_release(diags);
}

int change_dir(const char *dir)
{
	if (!chdir(dir))
		return 0;
	fprintf(stderr, "jisite: cannot change to '%s': %s\n", dir, strerror(errno));
	return EXIT_USAGE;
}

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
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "jisite: '%s' is not a jisite command\n", argv[1]);
	return usage(stderr);
}
