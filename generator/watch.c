/* The watch of serve's inputs (watch.h) over Linux's inotify; the only file that includes it. inotify
 * watches one folder at a time, so a tree is a watch per folder, kept in a table from watch descriptor to
 * path, and a folder made or moved in later gets its watch (and counts as a change) when its event comes. */
#include "watch.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/xalloc.h"

/* What a change is, in a watched folder: a file written and closed, made, removed or renamed (editors save
 * by writing a temporary file and renaming it over the old one), or its mode changed. */
#define CHANGES (IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB)

struct watched {
	int wd;
	char *path;   /* the folder, relative to the current folder ("." for the project's) */
	bool tree;    /* its subfolders are watched too */
};

/* A name of the project folder to report, and whether it is a tree to watch once it appears. */
struct wanted {
	char *name;
	bool tree;
};

struct watch {
	int fd;
	struct watched *dirs;
	size_t ndirs, alloc;
	struct wanted *top; /* the names of "." that matter: everything else there (public/, .git) is not */
	size_t ntop, top_alloc;
	int top_wd;         /* the watch of "." (-1 until a name of it is wanted) */
};

bool watch_ignored(const char *name)
{
	size_t n = strlen(name);

	return !n || name[0] == '.' || name[0] == '#' || name[n - 1] == '~' || !strcmp(name, "4913");
}

struct watch *watch_new(struct strbuf *why)
{
	struct watch *w = xcalloc(1, sizeof(*w));

	w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	w->top_wd = -1;
	if (w->fd < 0) {
		strbuf_addf(why, "cannot watch the project for changes: %s", strerror(errno));
		free(w);
		return NULL;
	}
	return w;
}

static struct watched *find(struct watch *w, int wd)
{
	for (size_t i = 0; i < w->ndirs; i++)
		if (w->dirs[i].wd == wd)
			return &w->dirs[i];
	return NULL;
}

/* Watches the folder path; a folder watched already keeps its entry (inotify gives the same wd). */
static int add_dir(struct watch *w, const char *path, bool tree, struct strbuf *why)
{
	int wd = inotify_add_watch(w->fd, path, CHANGES | IN_ONLYDIR | IN_DONT_FOLLOW | IN_EXCL_UNLINK);

	if (wd < 0) {
		strbuf_addf(why, "cannot watch '%s' for changes: %s%s", path, strerror(errno),
			    errno == ENOSPC ? " (raise fs.inotify.max_user_watches)" : "");
		return -1;
	}
	if (find(w, wd))
		return 0;
	if (w->ndirs == w->alloc) {
		w->alloc = w->alloc ? 2 * w->alloc : 16;
		w->dirs = xrealloc(w->dirs, w->alloc * sizeof(*w->dirs));
	}
	w->dirs[w->ndirs++] = (struct watched){ .wd = wd, .path = xstrdup(path), .tree = tree };
	return 0;
}

/* Watches path and the folders under it. A folder that goes away meanwhile is no error: its removal is
 * an event of its own. */
static int add_tree(struct watch *w, const char *path, struct strbuf *why)
{
	struct strbuf sub = STRBUF_INIT;
	struct dirent *de;
	DIR *d;
	int ret = 0;

	struct stat st;

	if (lstat(path, &st) || !S_ISDIR(st.st_mode))
		return 0; /* watched from its parent: seen when it appears */
	if (add_dir(w, path, true, why))
		return -1;
	if (!(d = opendir(path)))
		return 0;
	while (!ret && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		strbuf_reset(&sub);
		strbuf_addf(&sub, "%s/%s", path, de->d_name);
		if (!lstat(sub.buf, &st) && S_ISDIR(st.st_mode))
			ret = add_tree(w, sub.buf, why);
	}
	closedir(d);
	strbuf_release(&sub);
	return ret;
}

static int want_top(struct watch *w, const char *name, bool tree, struct strbuf *why)
{
	if (w->top_wd < 0) {
		if (add_dir(w, ".", false, why))
			return -1;
		w->top_wd = w->dirs[w->ndirs - 1].wd;
	}
	if (w->ntop == w->top_alloc) {
		w->top_alloc = w->top_alloc ? 2 * w->top_alloc : 8;
		w->top = xrealloc(w->top, w->top_alloc * sizeof(*w->top));
	}
	w->top[w->ntop++] = (struct wanted){ .name = xstrdup(name), .tree = tree };
	return 0;
}

int watch_add_tree(struct watch *w, const char *path, struct strbuf *why)
{
	if (!strchr(path, '/') && want_top(w, path, true, why))
		return -1;
	return add_tree(w, path, why);
}

int watch_add_file(struct watch *w, const char *name, struct strbuf *why)
{
	return want_top(w, name, false, why);
}

int watch_fd(const struct watch *w)
{
	return w->fd;
}

static const struct wanted *top_name(const struct watch *w, const char *name)
{
	for (size_t i = 0; i < w->ntop; i++)
		if (!strcmp(w->top[i].name, name))
			return &w->top[i];
	return NULL;
}

/* Whether one event is a change of the inputs; watches the folders it makes appear. */
static bool handle(struct watch *w, const struct inotify_event *ev)
{
	struct watched *dir;
	struct strbuf path = STRBUF_INIT, ignored = STRBUF_INIT;
	bool made_dir = (ev->mask & IN_ISDIR) && (ev->mask & (IN_CREATE | IN_MOVED_TO));

	if (ev->mask & IN_Q_OVERFLOW)
		return true; /* events were lost: one of them may have been a change */
	if (!(dir = find(w, ev->wd)))
		return false;
	if (ev->mask & IN_IGNORED) { /* the folder went away: its removal was an event of its parent */
		free(dir->path);
		*dir = w->dirs[--w->ndirs];
		return false;
	}
	if (!ev->len || watch_ignored(ev->name))
		return false;
	if (ev->wd == w->top_wd) {
		const struct wanted *t = top_name(w, ev->name);
		if (!t)
			return false;
		if (t->tree && made_dir)
			add_tree(w, t->name, &ignored);
		strbuf_release(&ignored);
		return true;
	}
	if (made_dir && dir->tree) {
		strbuf_addf(&path, "%s/%s", dir->path, ev->name);
		add_tree(w, path.buf, &ignored); /* a folder it cannot watch is seen at the next rebuild */
		strbuf_release(&path);
		strbuf_release(&ignored);
	}
	return true;
}

int watch_read(struct watch *w)
{
	char buf[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
	int changes = 0;

	for (;;) {
		ssize_t n = read(w->fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return changes;
		if (n <= 0)
			return -1;
		for (char *p = buf; p < buf + n;) {
			const struct inotify_event *ev = (const struct inotify_event *)p;
			changes += handle(w, ev);
			p += sizeof(*ev) + ev->len;
		}
	}
}

void watch_free(struct watch *w)
{
	if (!w)
		return;
	close(w->fd);
	for (size_t i = 0; i < w->ndirs; i++)
		free(w->dirs[i].path);
	for (size_t i = 0; i < w->ntop; i++)
		free(w->top[i].name);
	free(w->dirs);
	free(w->top);
	free(w);
}
