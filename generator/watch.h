/* Watching the project's inputs for changes (inotify): `jisite serve` rebuilds when this says something
 * changed. Folders are watched whole, with the folders made in them later; a file is watched through its
 * folder. Names a build never reads (starting with a dot: editors' swap and lock files, ".#name") and
 * other editors' leftovers ("name~", vim's "4913") are not changes. */
#ifndef JISITE_WATCH_H
#define JISITE_WATCH_H

#include <stdbool.h>

#include "util/strbuf.h"

struct watch;

/* A new watch of nothing yet, or NULL with the reason in why. The caller frees it (watch_free). */
struct watch *watch_new(struct strbuf *why);

/* Watches the folder path (relative to the current folder, a plain name such as "content") and every
 * folder in it, now and made later; a missing folder is watched from its parent for when it appears.
 * Returns 0, or -1 with the reason in why. */
int watch_add_tree(struct watch *w, const char *path, struct strbuf *why);

/* Watches the file name of the current folder (e.g. "site.yaml"), made, changed, replaced or removed.
 * Returns 0, or -1 with the reason in why. */
int watch_add_file(struct watch *w, const char *name, struct strbuf *why);

/* The descriptor to poll for input: readable when watch_read has events to read. */
int watch_fd(const struct watch *w);

/* Reads the events waiting (never blocks). Returns how many were changes to the inputs (0 when none was,
 * e.g. only an editor's swap file), or -1 when reading failed. */
int watch_read(struct watch *w);

void watch_free(struct watch *w);

/* Whether a file called name is one a build never reads and an editor leaves behind: not a change. */
bool watch_ignored(const char *name);

#endif
