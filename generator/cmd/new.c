/* `jisite new`: the arguments of contrib_new (contrib.h), and the day its dates start from. */
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "contrib.h"
#include "util/datetime.h"

static const char new_usage[] =
	"usage: jisite new COLLECTION SLUG [-C DIR] [--lang L] [--branch]\n\n"
	"Writes content/COLLECTION/SLUG/index.md: every field of the collection's schema in site.yaml,\n"
	"required ones with placeholders to replace (valid values: 'jisite check' passes), optional\n"
	"ones commented out, each with what it takes. The file is a draft (draft: true), left out of\n"
	"the site until that line is deleted; 'jisite check' then warns about each placeholder left.\n"
	"Never replaces a file.\n\n"
	"  -C DIR       work in the project in DIR\n"
	"  --lang L     start the translation into L of an existing item: index.L.md, with only\n"
	"               the fields a translation may set\n"
	"  --branch     commit the file on a new branch, contrib/COLLECTION/SLUG (.L for a translation),\n"
	"               as git's user.name and user.email, instead of writing it: the current branch,\n"
	"               the index and the working tree stay as they are\n";

int cmd_new(int argc, char **argv)
{
	struct contrib_options opts = { 0 };
	struct diag_list diags = DIAG_LIST_INIT;
	const char *dir = NULL;
	char today[11];
	int ret;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(new_usage, stdout);
			return 0;
		} else if (!strcmp(a, "--branch")) {
			opts.branch = true;
		} else if (!strcmp(a, "-C")) {
			if (i + 1 == argc)
				return usage_error(new_usage, "%s needs a folder", a);
			dir = argv[++i];
		} else if (!strcmp(a, "--lang")) {
			if (i + 1 == argc)
				return usage_error(new_usage, "%s needs a language code", a);
			opts.lang = argv[++i];
		} else if (a[0] == '-') {
			return usage_error(new_usage, "unknown option '%s'", a);
		} else if (!opts.collection) {
			opts.collection = a;
		} else if (!opts.slug) {
			opts.slug = a;
		} else {
			return usage_error(new_usage, "one item at a time: '%s' is one argument too many", a);
		}
	}
	if (!opts.slug)
		return usage_error(new_usage, "%s",
				   "a collection and a slug are needed, like: jisite new resources my-guide");
	if (dir && change_dir(dir))
		return EXIT_USAGE;
	if (datetime_today(today, &diags))
		return usage_diags(&diags); /* as build does */
	opts.today = today;
	ret = contrib_new(&opts, stdout, &diags);
	report_diags(&diags);
	return ret == CONTRIB_USAGE ? EXIT_USAGE : ret ? EXIT_CONTENT : 0;
}
