/* The HTTP server of `jisite serve` (serve.c over libmicrohttpd): the files of the preview folder, with
 * the reload script added to HTML, and the stream of build events (Server-Sent Events) that open pages
 * listen to. It runs in threads of its own, one per connection, while the caller builds; what it shares
 * with the caller is the latest events, under one lock that no other code takes (the build's worker
 * processes, forked meanwhile, never touch it). */
#ifndef JISITE_SERVE_H
#define JISITE_SERVE_H

#include "serve_files.h"
#include "util/strbuf.h"

struct serve;

/* Starts serving the folder root (a path, opened anew for each request: a build replaces the folder)
 * on addr (numeric IPv4 or IPv6) and port (0: any free port). Returns NULL with the reason in why; the
 * caller stops it with serve_stop. */
struct serve *serve_start(const char *root, const char *addr, unsigned port, struct strbuf *why);

/* The port it listens on. */
unsigned serve_port(const struct serve *s);

/* Tells every open page what a build did; pages connecting later get its state (build number and
 * diagnostics) at once. ev is copied. */
void serve_publish(struct serve *s, const struct serve_event *ev);

/* Ends the event streams, stops the server and frees s (NULL is nothing). */
void serve_stop(struct serve *s);

#endif
