/* `jisite apply-update COPY_DIR UPDATE.zip`: brings an offline copy to the release of its update, checked
 * and in one step (update.h), for those who have the tool; others unzip the update over the copy. */
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "update.h"

static const char apply_update_usage[] =
	"usage: jisite apply-update COPY_DIR UPDATE.zip\n\n"
	"Brings the offline copy in COPY_DIR (the folder site-LANG/ of an unzipped site-LANG.zip) to the\n"
	"release of UPDATE.zip (a site-LANG-update-RELEASE.zip from the downloads page). It checks that the\n"
	"update is whole, that it goes from the copy's release and that the copy's files are those of its\n"
	"release, makes the new copy beside the old one and puts it in its place in one step. On any error\n"
	"the copy is left as it was. Files of your own in the copy are kept.\n";

int cmd_apply_update(int argc, char **argv)
{
	struct diag_list diags = DIAG_LIST_INIT;
	int ret;

	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(apply_update_usage, stdout);
		return 0;
	}
	if (argc != 3 || argv[1][0] == '-' || argv[2][0] == '-')
		return usage_error(apply_update_usage, "%s",
				   argc < 3 ? "apply-update needs a copy's folder and an update"
					    : "apply-update takes a copy's folder and an update");
	ret = update_apply(argv[1], argv[2], &diags);
	report_diags(&diags);
	if (ret < 0) {
		fprintf(stderr, "jisite: the copy in %s is unchanged\n", argv[1]);
		return EXIT_CONTENT;
	}
	fprintf(stderr,
		ret ? "jisite: the copy in %s is already the update's release: nothing to do\n"
		    : "jisite: the copy in %s is up to date\n",
		argv[1]);
	return 0;
}
