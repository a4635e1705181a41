/* `jisite translations`: the options of the report on content translations (translation_status.h). */
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "translation_status.h"

static const char translations_usage[] =
	"usage: jisite translations [-C DIR] [--lang L] [--format text|json]\n\n"
	"For every language (or only L), lists the translations of content/ that are missing, those\n"
	"that are outdated (their original changed in a commit after the translation's last commit),\n"
	"with the commits that changed the original since, and those that are up to date.\n\n"
	"  -C DIR         report on the project in DIR\n"
	"  --lang L       only the language whose code is L (\"fr\")\n"
	"  --format json  a report for programs (described in README.md) instead of text\n";

int cmd_translations(int argc, char **argv)
{
	struct translation_status_options opts = { 0 };
	struct diag_list diags = DIAG_LIST_INIT;
	int ret;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(translations_usage, stdout);
			return 0;
		} else if (!strcmp(a, "-C") || !strcmp(a, "--lang") || !strcmp(a, "--format")) {
			if (i + 1 == argc)
				return usage_error(translations_usage, "%s needs a value", a);
			if (!strcmp(a, "--lang")) {
				opts.lang = argv[++i];
			} else if (!strcmp(a, "--format")) {
				if (strcmp(argv[++i], "text") && strcmp(argv[i], "json"))
					return usage_error(translations_usage, "--format is text or json, not '%s'",
							   argv[i]);
				opts.json = !strcmp(argv[i], "json");
			} else if (change_dir(argv[++i])) {
				return EXIT_USAGE;
			}
		} else {
			return usage_error(translations_usage, "unknown option '%s'", a);
		}
	}
	ret = translation_status_run(&opts, stdout, &diags);
	report_diags(&diags);
	if (ret == TRANSLATION_STATUS_BAD_LANGUAGE) {
		fputs(translations_usage, stderr);
		return EXIT_USAGE;
	}
	return ret ? EXIT_CONTENT : 0;
}
