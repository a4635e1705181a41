/* Files, trees and path arithmetic (see fs.h). */
#define _GNU_SOURCE /* O_TMPFILE */
#include "util/fs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/xalloc.h"

int fs_read_file(struct strbuf *sb, const char *path, size_t max)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t start = sb->len;
	int saved;

	if (fd < 0)
		return -1;
	for (;;) {
		ssize_t n;
		strbuf_grow(sb, 65536);
		n = read(fd, sb->buf + sb->len, sb->alloc - sb->len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		if (n == 0)
			break;
		strbuf_setlen(sb, sb->len + (size_t)n);
		if (sb->len - start > max) {
			errno = EFBIG;
			goto fail;
		}
	}
	close(fd);
	return 0;
fail:
	saved = errno;
	close(fd);
	strbuf_setlen(sb, start);
	errno = saved;
	return -1;
}

int fs_write_file(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	const char *p = data;
	int saved;

	if (fd < 0)
		return -1;
	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		p += n;
		len -= (size_t)n;
	}
	if (close(fd))
		return -1;
	return 0;
fail:
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}

int fs_mkdirs(const char *path)
{
	char *parent, *slash;
	int ret;

	/* the folder itself first: a build makes thousands, most of them in a parent that is there already,
	 * and one mkdir is one look-up of the path where walking it from the root is one per component */
	if (!mkdir(path, 0755) || errno == EEXIST)
		return 0;
	if (errno != ENOENT)
		return -1;
	parent = xstrdup(path);
	slash = strrchr(parent, '/');
	while (slash && slash > parent && slash[1] == '\0') { /* "a/b/": the parent of "a/b" */
		*slash = '\0';
		slash = strrchr(parent, '/');
	}
	if (!slash || slash == parent) {
		free(parent);
		errno = ENOENT;
		return -1;
	}
	*slash = '\0';
	ret = fs_mkdirs(parent);
	free(parent);
	if (ret)
		return -1;
	return mkdir(path, 0755) && errno != EEXIST ? -1 : 0;
}

struct dirent *fs_readdir(DIR *d)
{
	struct dirent *de;

	while ((de = readdir(d)) && (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")))
		;
	return de;
}

int fs_remove_tree(const char *path)
{
	struct stat st;
	DIR *dir;
	struct dirent *de;
	int ret = 0;

	if (lstat(path, &st))
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(path);
	dir = opendir(path);
	if (!dir)
		return -1;
	while ((de = fs_readdir(dir))) {
		struct strbuf child = STRBUF_INIT;
		strbuf_addf(&child, "%s/%s", path, de->d_name);
		if (fs_remove_tree(child.buf))
			ret = -1;
		strbuf_release(&child);
	}
	closedir(dir);
	if (rmdir(path))
		ret = -1;
	return ret;
}

int path_resolve(struct strbuf *out, const char *dir, const char *rel)
{
	size_t base = out->len;

	if (rel[0] == '/')
		return -1;
	strbuf_addstr(out, dir);
	for (const char *p = rel; *p;) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);

		if (n == 0 || (n == 1 && p[0] == '.')) {
			/* nothing */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			char *last;
			if (out->len == base)
				goto escape;
			out->buf[out->len] = '\0';
			last = strrchr(out->buf + base, '/');
			strbuf_setlen(out, last ? (size_t)(last - out->buf) : base);
		} else {
			if (out->len > base)
				strbuf_addch(out, '/');
			strbuf_add(out, p, n);
		}
		p += n;
		if (*p == '/')
			p++;
	}
	return 0;
escape:
	strbuf_setlen(out, base);
	return -1;
}

bool path_has_suffix(const char *name, const char *suffix)
{
	size_t n = strlen(name), m = strlen(suffix);

	return n >= m && !memcmp(name + n - m, suffix, m);
}

int fs_open_unnamed(const char *dir)
{
	struct strbuf path = STRBUF_INIT;
	int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);

	if (fd >= 0 || (errno != EOPNOTSUPP && errno != EISDIR))
		return fd;
	strbuf_addf(&path, "%s/.unnamed-XXXXXX", dir);
	fd = mkostemp(path.buf, O_CLOEXEC);
	if (fd >= 0)
		unlink(path.buf);
	strbuf_release(&path);
	return fd;
}
