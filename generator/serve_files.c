/* What serve answers (serve_files.h): a request's path checked and opened under the preview folder one
 * segment at a time, the content types, the reload script's tag, and the build events as JSON. */
#include "serve_files.h"

#include <fcntl.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "util/json.h"
#include "util/str.h"

/* Decodes one segment raw[0..len) into out. Returns -1 for what no file name of a site can be, whatever
 * the encoding: a bad escape, NUL, "/" or "\" inside the segment, "." or "..". */
static int decode_segment(struct strbuf *out, const char *raw, size_t len)
{
	strbuf_reset(out);
	for (size_t i = 0; i < len; i++) {
		int c = (unsigned char)raw[i];
		if (c == '%') { /* the two hex digits must be inside the segment */
			int hi = i + 2 < len ? hex_digit_value((unsigned char)raw[i + 1]) : -1;
			int lo = hi < 0 ? -1 : hex_digit_value((unsigned char)raw[i + 2]);
			if (lo < 0)
				return -1;
			c = hi * 16 + lo;
			i += 2;
		}
		if (c == 0 || c == '/' || c == '\\')
			return -1;
		strbuf_addch(out, c);
	}
	if (!strcmp(out->buf, ".") || !strcmp(out->buf, ".."))
		return -1;
	return 0;
}

/* Opens name in the folder dirfd without following a symbolic link and without blocking on a FIFO. */
static int open_in(int dirfd, const char *name, struct stat *st)
{
	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);

	if (fd >= 0 && fstat(fd, st)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* The index.html of the folder dirfd (closed), when it is a regular file. */
static enum serve_lookup open_index(int dirfd, int *fd, struct stat *st)
{
	*fd = open_in(dirfd, "index.html", st);
	close(dirfd);
	if (*fd >= 0 && S_ISREG(st->st_mode))
		return SERVE_FILE;
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
	return SERVE_NOT_FOUND;
}

enum serve_lookup serve_lookup(const char *root, const char *raw, int *fd, struct stat *st,
			       struct strbuf *location)
{
	struct strbuf seg = STRBUF_INIT;
	enum serve_lookup ret = SERVE_NOT_FOUND;
	const char *p = raw + 1;
	int dir;

	*fd = -1;
	if (raw[0] != '/')
		return SERVE_FORBIDDEN;
	if ((dir = open(root, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0)
		return SERVE_NOT_FOUND;
	for (;;) {
		const char *slash = strchr(p, '/');
		size_t len = slash ? (size_t)(slash - p) : strlen(p);
		int next;

		if (!len && !slash) { /* "/" or "dir/": the folder's index */
			strbuf_release(&seg);
			return open_index(dir, fd, st);
		}
		if (!len || decode_segment(&seg, p, len)) {
			ret = SERVE_FORBIDDEN; /* "//", "..", and their encodings */
			break;
		}
		if (seg.buf[0] == '.' || (next = open_in(dir, seg.buf, st)) < 0)
			break; /* hidden (the output's marker), missing, or a symbolic link (ELOOP) */
		close(dir);
		dir = -1;
		if (S_ISDIR(st->st_mode) && slash) {
			dir = next;
			p = slash + 1;
			continue;
		}
		if (S_ISDIR(st->st_mode)) {
			strbuf_addf(location, "%s/", raw);
			ret = SERVE_REDIRECT;
		} else if (S_ISREG(st->st_mode) && !slash) {
			*fd = next;
			next = -1;
			ret = SERVE_FILE;
		}
		if (next >= 0)
			close(next);
		break;
	}
	if (dir >= 0)
		close(dir);
	strbuf_release(&seg);
	return ret;
}

static const char *const types[][2] = {
	{ "html", "text/html; charset=utf-8" }, { "htm", "text/html; charset=utf-8" },
	{ "css", "text/css; charset=utf-8" }, { "js", "text/javascript; charset=utf-8" },
	{ "mjs", "text/javascript; charset=utf-8" }, { "json", "application/json; charset=utf-8" },
	{ "xml", "application/xml; charset=utf-8" }, { "atom", "application/atom+xml; charset=utf-8" },
	{ "rss", "application/rss+xml; charset=utf-8" }, { "svg", "image/svg+xml; charset=utf-8" },
	{ "txt", "text/plain; charset=utf-8" }, { "md", "text/markdown; charset=utf-8" },
	{ "ics", "text/calendar; charset=utf-8" }, { "csv", "text/csv; charset=utf-8" },
	{ "png", "image/png" }, { "jpg", "image/jpeg" }, { "jpeg", "image/jpeg" }, { "gif", "image/gif" },
	{ "webp", "image/webp" }, { "avif", "image/avif" }, { "ico", "image/x-icon" },
	{ "pdf", "application/pdf" }, { "woff2", "font/woff2" }, { "woff", "font/woff" },
	{ "epub", "application/epub+zip" }, { "zip", "application/zip" }, { "mp3", "audio/mpeg" },
	{ "m4a", "audio/mp4" }, { "ogg", "audio/ogg" }, { "mp4", "video/mp4" }, { "webm", "video/webm" },
	{ "vtt", "text/vtt; charset=utf-8" }, { "gz", "application/gzip" }, { "br", "application/octet-stream" },
	{ "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
	{ "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
	{ "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation" },
};

const char *serve_content_type(const char *name)
{
	const char *base = strrchr(name, '/'), *dot;

	dot = strrchr(base ? base : name, '.');
	if (dot)
		for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
			if (!strcasecmp(dot + 1, types[i][0]))
				return types[i][1];
	return "application/octet-stream";
}

bool serve_is_html(const char *content_type)
{
	return !strncmp(content_type, "text/html", 9);
}

void serve_inject(struct strbuf *html)
{
	static const char tag[] = "<script src=\"" SERVE_SCRIPT_PATH "\"></script>\n";
	size_t at = html->len;

	for (size_t i = html->len; i-- > 0;) {
		if (html->buf[i] == '<' && html->len - i >= 7 && !strncasecmp(html->buf + i, "</body", 6)) {
			at = i;
			break;
		}
	}
	strbuf_grow(html, sizeof(tag) - 1);
	memmove(html->buf + at + sizeof(tag) - 1, html->buf + at, html->len - at);
	memcpy(html->buf + at, tag, sizeof(tag) - 1);
	strbuf_setlen(html, html->len + sizeof(tag) - 1);
}

void serve_event_json(struct strbuf *out, const struct serve_event *ev, bool hello)
{
	struct json j;

	json_init(&j, out, JSON_COMPACT);
	json_object_begin(&j, NULL);
	json_uint(&j, "build", ev->build);
	json_bool(&j, "hello", hello);
	json_bool(&j, "ok", ev->ok);
	json_bool(&j, "full", !hello && ev->full);
	json_bool(&j, "unchanged", hello || ev->unchanged);
	json_array_begin(&j, "changed");
	for (size_t i = 0; !hello && i < ev->nchanged; i++)
		json_string(&j, NULL, ev->changed[i]);
	json_array_end(&j);
	json_uint(&j, "errors", ev->errors);
	json_array_begin(&j, "diagnostics");
	for (size_t i = 0; i < ev->ndiagnostics; i++)
		json_string(&j, NULL, ev->diagnostics[i]);
	json_array_end(&j);
	json_object_end(&j);
}
