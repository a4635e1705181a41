/* Files and paths: reading whole files, making and removing trees, and path arithmetic on '/'-separated
 * relative paths (content paths are always '/'-separated, whatever they came from). */
#ifndef JISITE_FS_H
#define JISITE_FS_H

#include <dirent.h>
#include <stdbool.h>
#include <stddef.h>

#include "util/strbuf.h"

/* Reads the whole file into sb (appending). Fails with errno set, or with EFBIG when it is larger than
 * max bytes. Returns 0 or -1. */
int fs_read_file(struct strbuf *sb, const char *path, size_t max);

/* Writes data to path, creating or truncating it. Returns 0 or -1 (errno set). */
int fs_write_file(const char *path, const void *data, size_t len);

/* mkdir -p. Returns 0 or -1 (errno set). */
int fs_mkdirs(const char *path);
/* A new empty file in folder dir that has no name, open for reading and writing (O_TMPFILE, or a name removed
 * at once where the file system has no such files): it is gone when the last descriptor or mapping of it
 * is, whatever ends the program. Returns the descriptor, or -1 with errno set. */
int fs_open_unnamed(const char *dir);

/* rm -rf: removes path and everything below it, never following symbolic links. Returns 0 or -1. */
int fs_remove_tree(const char *path);

/* readdir() without "." and "..": the next entry of d, or NULL at the end (or on an error, errno set). */
struct dirent *fs_readdir(DIR *d);

/*
 * Resolves rel against the directory dir ('/'-separated, relative to a root, "" for the root itself):
 * "." and ".." are applied and repeated slashes dropped. The result, appended to out, never starts
 * with '/'. Returns 0, or -1 when the path would leave the root (too many ".." or an absolute rel).
 */
int path_resolve(struct strbuf *out, const char *dir, const char *rel);

/* True when name ends with suffix. */
bool path_has_suffix(const char *name, const char *suffix);

#endif
