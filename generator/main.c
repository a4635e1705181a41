/* jisite's command line: a table of commands over the library. Only this file prints usage or exits. */
#include <stdio.h>
#include <string.h>

#define JISITE_VERSION "0.1.0"

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

static int usage(FILE *out);

static int cmd_build(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "jisite: 'build' is not implemented yet\n");
	return 2;
}

static const struct command commands[] = {
	{ "build", cmd_build, "build the site into public/" },
};

static int usage(FILE *out)
{
	fprintf(out, "usage: jisite [--version] [--help] <command> [<args>]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-14s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\nRun 'jisite <command> --help' for a command's options.\n");
	return out == stdout ? 0 : 2;
}

int main(int argc, char **argv)
{
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
