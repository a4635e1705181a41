/* Relative and absolute URLs (see url.h). */
#include "url.h"

#include <string.h>

void url_relative(struct strbuf *out, const char *from_dir, const char *target, bool offline)
{
	size_t common = 0, start = out->len;
	bool target_is_dir = !*target || target[strlen(target) - 1] == '/';

	/* the longest run of whole directories the two paths share */
	for (size_t i = 0; from_dir[i] && from_dir[i] == target[i]; i++)
		if (from_dir[i] == '/')
			common = i + 1;
	for (const char *p = from_dir + common; *p; p++)
		if (*p == '/')
			strbuf_addstr(out, "../");
	strbuf_addstr(out, target + common);
	if (target_is_dir && offline)
		strbuf_addstr(out, "index.html");
	else if (out->len == start)
		strbuf_addstr(out, "./");
}
