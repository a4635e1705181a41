/* serve's HTTP server (serve.h) over libmicrohttpd, the only file that includes it. A thread per
 * connection: an event stream's thread simply waits on a condition variable until the next build, and a
 * few open pages on one machine need no more. Which file a path names, and the rest of what is answered,
 * is serve_files.c's. */
#include "serve.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/str.h"
#include "util/xalloc.h"

/* The events of the last HISTORY builds stay, so a page that fell behind by a few gets each of them. */
#define HISTORY 32
/* A comment line on an idle stream this often: a page that went away is noticed when writing to it fails. */
#define KEEPALIVE_SECONDS 15

struct serve {
	struct MHD_Daemon *daemon;
	char *root;
	unsigned port;
	pthread_mutex_t lock; /* guards what follows; never held across anything but copying strings */
	pthread_cond_t published;
	bool stopping;
	unsigned long build;           /* the latest build published, 0 before the first */
	char *events[HISTORY];         /* events[b % HISTORY]: build b's event, while b > build - HISTORY */
	char *hello;                   /* the latest state, for a page that connects */
	char *catchup;                 /* the latest event as a full build, for a page too far behind */
};

/* One page's event stream. */
struct stream {
	struct serve *s;
	unsigned long sent; /* the last build it was told of */
	bool greeted;
	struct strbuf out;  /* what is still to send, from off */
	size_t off;
};

static void add_message(struct strbuf *out, const char *json)
{
	strbuf_addf(out, "data: %s\n\n", json);
}

/* Waits for what the stream is to say next and puts it into st->out. Returns -1 when serve stops. */
static int next_messages(struct stream *st)
{
	struct serve *s = st->s;
	struct timespec until;
	int ret = 0;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += KEEPALIVE_SECONDS;
	pthread_mutex_lock(&s->lock);
	if (!st->greeted) {
		/* reconnect after a second when the stream drops: serve restarted, or the page slept */
		strbuf_addstr(&st->out, "retry: 1000\n");
		add_message(&st->out, s->hello);
		st->greeted = true;
		st->sent = s->build;
		goto unlock;
	}
	while (!s->stopping && st->sent == s->build)
		if (pthread_cond_timedwait(&s->published, &s->lock, &until) == ETIMEDOUT)
			break;
	if (s->stopping) {
		ret = -1;
	} else if (st->sent == s->build) {
		strbuf_addstr(&st->out, ": keepalive\n\n");
	} else if (s->build - st->sent > HISTORY) {
		add_message(&st->out, s->catchup);
	} else {
		while (st->sent < s->build)
			add_message(&st->out, s->events[++st->sent % HISTORY]);
	}
	st->sent = s->build;
unlock:
	pthread_mutex_unlock(&s->lock);
	return ret;
}

static ssize_t stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct stream *st = cls;
	size_t n;

	(void)pos;
	if (st->off == st->out.len) {
		strbuf_reset(&st->out);
		st->off = 0;
		if (next_messages(st))
			return MHD_CONTENT_READER_END_OF_STREAM;
	}
	n = st->out.len - st->off < max ? st->out.len - st->off : max;
	memcpy(buf, st->out.buf + st->off, n);
	st->off += n;
	return (ssize_t)n;
}

static void stream_free(void *cls)
{
	struct stream *st = cls;

	strbuf_release(&st->out);
	free(st);
}

static enum MHD_Result send_response(struct MHD_Connection *c, unsigned status, struct MHD_Response *r,
				     const char *type)
{
	enum MHD_Result ret;

	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	/* a preview changes under the browser: never keep a copy */
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result send_text(struct MHD_Connection *c, unsigned status, const char *text)
{
	struct MHD_Response *r =
		MHD_create_response_from_buffer(strlen(text), (void *)(uintptr_t)text, MHD_RESPMEM_PERSISTENT);

	return send_response(c, status, r, "text/plain; charset=utf-8");
}

/* sb's bytes as the response, with the reload script in (sb is emptied). */
static enum MHD_Result send_html(struct MHD_Connection *c, unsigned status, struct strbuf *sb)
{
	size_t len;
	char *buf;

	serve_inject(sb);
	buf = strbuf_detach(sb, &len);
	return send_response(c, status, MHD_create_response_from_buffer_with_free_callback(len, buf, free),
			     "text/html; charset=utf-8");
}

static int read_fd(struct strbuf *sb, int fd)
{
	char buf[65536];

	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return (int)n;
		strbuf_add(sb, buf, (size_t)n);
	}
}

/* The site's own 404.html when it has one, else a short page; with the reload script in either, so the
 * page appears by itself once a build makes it. */
static enum MHD_Result send_not_found(struct serve *s, struct MHD_Connection *c)
{
	struct strbuf sb = STRBUF_INIT, location = STRBUF_INIT;
	struct stat st;
	int fd;

	if (serve_lookup(s->root, "/404.html", &fd, &st, &location) == SERVE_FILE) {
		read_fd(&sb, fd);
		close(fd);
	} else {
		strbuf_addstr(&sb, "<!DOCTYPE html>\n<html lang=\"en\"><meta charset=\"utf-8\"><title>404 not found</title>\n"
				   "<body><h1>404 not found</h1><p>No page of the site has this address.</p></body></html>\n");
	}
	strbuf_release(&location);
	return send_html(c, MHD_HTTP_NOT_FOUND, &sb);
}

static enum MHD_Result send_file(struct serve *s, struct MHD_Connection *c, const char *url)
{
	struct strbuf location = STRBUF_INIT, sb = STRBUF_INIT;
	struct MHD_Response *r;
	const char *type;
	struct stat st;
	int fd;

	switch (serve_lookup(s->root, url, &fd, &st, &location)) {
	case SERVE_FORBIDDEN:
		return send_text(c, MHD_HTTP_FORBIDDEN, "403 forbidden\n");
	case SERVE_NOT_FOUND:
		return send_not_found(s, c);
	case SERVE_REDIRECT:
		r = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
		if (r)
			MHD_add_response_header(r, MHD_HTTP_HEADER_LOCATION, location.buf);
		strbuf_release(&location);
		return send_response(c, MHD_HTTP_FOUND, r, "text/plain; charset=utf-8");
	case SERVE_FILE:
		break;
	}
	type = serve_content_type(strrchr(url, '/')[1] ? url : "index.html");
	if (!serve_is_html(type))
		return send_response(c, MHD_HTTP_OK, MHD_create_response_from_fd64((uint64_t)st.st_size, fd), type);
	read_fd(&sb, fd);
	close(fd);
	return send_html(c, MHD_HTTP_OK, &sb);
}

static enum MHD_Result send_events(struct serve *s, struct MHD_Connection *c)
{
	struct stream *st = xcalloc(1, sizeof(*st));
	struct MHD_Response *r;

	st->s = s;
	strbuf_init(&st->out, 0);
	r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 16384, stream_read, st, stream_free);
	if (!r) {
		stream_free(st);
		return MHD_NO;
	}
	return send_response(c, MHD_HTTP_OK, r, "text/event-stream; charset=utf-8");
}

static enum MHD_Result answer(void *cls, struct MHD_Connection *c, const char *url, const char *method,
			      const char *version, const char *upload_data, size_t *upload_data_size,
			      void **con_cls)
{
	struct serve *s = cls;

	(void)version, (void)upload_data, (void)con_cls;
	if (strcmp(method, MHD_HTTP_METHOD_GET) && strcmp(method, MHD_HTTP_METHOD_HEAD)) {
		struct MHD_Response *r = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
		if (r)
			MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
		*upload_data_size = 0;
		return send_response(c, MHD_HTTP_METHOD_NOT_ALLOWED, r, "text/plain; charset=utf-8");
	}
	if (!strcmp(url, SERVE_SCRIPT_PATH))
		return send_response(c, MHD_HTTP_OK,
				     MHD_create_response_from_buffer(strlen(serve_script), (void *)(uintptr_t)serve_script,
								     MHD_RESPMEM_PERSISTENT),
				     "text/javascript; charset=utf-8");
	if (!strcmp(url, SERVE_EVENTS_PATH))
		return send_events(s, c);
	if (starts_with(url, SERVE_PREFIX))
		return send_not_found(s, c);
	return send_file(s, c, url);
}

/* Leaves the path as the request sent it: serve_lookup decodes each segment itself, after splitting at
 * the slashes, so "%2f" never becomes a separator. (libmicrohttpd's own decoding would also cut the path
 * at a "%00".) */
static size_t keep_escaped(void *cls, struct MHD_Connection *c, char *uri)
{
	(void)cls, (void)c;
	return strlen(uri);
}

/* addr and port as a socket address in *ss; returns its flags for libmicrohttpd, or -1 when addr is no
 * numeric address. */
static int parse_address(struct sockaddr_storage *ss, const char *addr, unsigned port)
{
	struct sockaddr_in *v4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, addr, &v4->sin_addr) == 1) {
		v4->sin_family = AF_INET;
		v4->sin_port = htons((uint16_t)port);
		return 0;
	}
	if (inet_pton(AF_INET6, addr, &v6->sin6_addr) == 1) {
		v6->sin6_family = AF_INET6;
		v6->sin6_port = htons((uint16_t)port);
		return MHD_USE_IPv6;
	}
	return -1;
}

struct serve *serve_start(const char *root, const char *addr, unsigned port, struct strbuf *why)
{
	struct sockaddr_storage ss;
	struct serve *s;
	const union MHD_DaemonInfo *info;
	int flags = parse_address(&ss, addr, port);

	if (flags < 0) {
		strbuf_addf(why, "'%s' is not an IP address to listen on (e.g. 127.0.0.1 or ::1)", addr);
		return NULL;
	}
	s = xcalloc(1, sizeof(*s));
	s->root = xstrdup(root);
	s->hello = xstrdup("{}");
	s->catchup = xstrdup("{}");
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->published, NULL);
	/* no MHD_OPTION_LISTENING_ADDRESS_REUSE: with SO_REUSEPORT a second preview would share the port,
	 * each getting some of the requests, rather than be told the port is taken */
	errno = 0;
	s->daemon = MHD_start_daemon((unsigned)flags | MHD_USE_THREAD_PER_CONNECTION | MHD_USE_POLL_INTERNAL_THREAD,
				     (uint16_t)port, NULL, NULL, answer, s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
				     MHD_OPTION_UNESCAPE_CALLBACK, keep_escaped, NULL, MHD_OPTION_CONNECTION_TIMEOUT,
				     (unsigned)(2 * KEEPALIVE_SECONDS), MHD_OPTION_END);
	if (!s->daemon) {
		strbuf_addf(why, "cannot listen on %s port %u%s%s", addr, port, errno ? ": " : "",
			    errno ? strerror(errno) : "");
		serve_stop(s);
		return NULL;
	}
	info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
	s->port = info ? info->port : port;
	return s;
}

unsigned serve_port(const struct serve *s)
{
	return s->port;
}

void serve_publish(struct serve *s, const struct serve_event *ev)
{
	struct strbuf event = STRBUF_INIT, hello = STRBUF_INIT, catchup = STRBUF_INIT;
	struct serve_event full = *ev;

	full.full = ev->ok;
	full.nchanged = 0;
	serve_event_json(&event, ev, false);
	serve_event_json(&hello, ev, true);
	serve_event_json(&catchup, &full, false);
	pthread_mutex_lock(&s->lock);
	s->build = ev->build;
	free(s->events[ev->build % HISTORY]);
	s->events[ev->build % HISTORY] = strbuf_detach(&event, NULL);
	free(s->hello);
	s->hello = strbuf_detach(&hello, NULL);
	free(s->catchup);
	s->catchup = strbuf_detach(&catchup, NULL);
	pthread_cond_broadcast(&s->published);
	pthread_mutex_unlock(&s->lock);
}

void serve_stop(struct serve *s)
{
	if (!s)
		return;
	/* the streams' threads end first: libmicrohttpd waits for every connection's thread */
	pthread_mutex_lock(&s->lock);
	s->stopping = true;
	pthread_cond_broadcast(&s->published);
	pthread_mutex_unlock(&s->lock);
	if (s->daemon)
		MHD_stop_daemon(s->daemon);
	pthread_cond_destroy(&s->published);
	pthread_mutex_destroy(&s->lock);
	for (size_t i = 0; i < HISTORY; i++)
		free(s->events[i]);
	free(s->hello);
	free(s->catchup);
	free(s->root);
	free(s);
}
