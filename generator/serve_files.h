/* What `jisite serve` answers, without the HTTP server (serve.h): which file of the preview folder a
 * request names, its content type, the reload script added to HTML, and the messages that tell open
 * pages what a build did. Kept apart from libmicrohttpd so the unit tests reach every case. */
#ifndef JISITE_SERVE_FILES_H
#define JISITE_SERVE_FILES_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

#include "util/strbuf.h"

/* The paths only serve answers: none is a path a site can have (content names are lowercase letters,
 * digits and hyphens, and never start with an underscore). */
#define SERVE_PREFIX "/_jisite/"
#define SERVE_SCRIPT_PATH SERVE_PREFIX "reload.js"
#define SERVE_EVENTS_PATH SERVE_PREFIX "events"

/* What a request's path names. */
enum serve_lookup {
	SERVE_FILE,      /* a regular file, opened */
	SERVE_REDIRECT,  /* a folder named without its trailing slash: go to the slash form */
	SERVE_NOT_FOUND, /* nothing there, or nothing that may be served (a hidden file, a symbolic link) */
	SERVE_FORBIDDEN  /* a path that tries to leave the folder: "..", ".", "//", "\", NUL, bad escapes */
};

/*
 * Finds the file that raw (a request's path as sent, still percent-encoded, starting with "/") names
 * in the folder root: a folder's index.html for a path ending in "/". Every segment is decoded and then
 * checked, so "%2e%2e" and "..%2f" are refused like "..", and each is opened with O_NOFOLLOW from the
 * folder before it, so no symbolic link leads out of root. SERVE_FILE: *fd is the open file (the caller
 * closes it) and *st its status; SERVE_REDIRECT: location holds the path to go to.
 */
enum serve_lookup serve_lookup(const char *root, const char *raw, int *fd, struct stat *st,
			       struct strbuf *location);

/* The Content-Type of a file by its name's extension ("application/octet-stream" when unknown); text
 * types say charset=utf-8. Returns a static string. */
const char *serve_content_type(const char *name);

/* Whether a content type is HTML: what gets the reload script. */
bool serve_is_html(const char *content_type);

/* Adds the reload script's tag to html, before its last </body> (at the end when there is none). */
void serve_inject(struct strbuf *html);

/* What a build did, as open pages are told. */
struct serve_event {
	unsigned long build;   /* 1 for the first build of this serve, then one more for each */
	bool ok;               /* the build succeeded (otherwise nothing of the output changed) */
	bool full;             /* every file was written anew: changed lists nothing */
	bool unchanged;        /* nothing changed at all */
	const char *const *changed; /* output paths written or removed ("en/about/index.html") */
	size_t nchanged;
	const char *const *diagnostics; /* as the terminal prints them, "path:line:col: error: message" */
	size_t ndiagnostics;
	size_t errors;
};

/* The event's JSON (one line) appended to out. hello: the message a page gets when it connects, which
 * carries the state (build number, diagnostics) but no change to act on. */
void serve_event_json(struct strbuf *out, const struct serve_event *ev, bool hello);

/* The reload script served at SERVE_SCRIPT_PATH (serve_script.c). */
extern const char serve_script[];

#endif
