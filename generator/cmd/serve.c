/* `jisite serve`: the editor's preview. Builds the site into the preview folder (.jisite-cache/serve/),
 * serves it over HTTP (serve.h), watches the inputs (watch.h) and rebuilds in this process after each
 * burst of changes, telling the open pages what changed so they reload themselves or show the errors.
 * The main thread builds and watches; the server answers from threads of its own meanwhile. */
#define _GNU_SOURCE /* signalfd */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "build.h"
#include "cmd/cmd.h"
#include "output.h"
#include "serve.h"
#include "util/xalloc.h"
#include "watch.h"

/* A burst of saves is one rebuild: the build starts once the inputs were quiet this long, */
#define QUIET_MS 50
/* or this long after the first change, when they never are. */
#define LONGEST_WAIT_MS 500
/* More changed files than this are sent to the pages as a full build: each page then looks for itself. */
#define MAX_CHANGED 20000

static const char serve_usage[] =
	"usage: jisite serve [-C DIR] [--port N] [--bind ADDR] [--drafts | --no-drafts]\n"
	"                    [--audience public|members] [--open]\n\n"
	"Builds the site of the current folder (or DIR) and serves it for a preview at\n"
	"http://127.0.0.1:1313/. Saving a file under content/, themes/ or translations/, or\n"
	"site.yaml, rebuilds what changed; an open page reloads itself when it changed, takes a\n"
	"new stylesheet without reloading, and shows the errors of a build that failed over the\n"
	"last good pages. The preview shows drafts, leaves out the offline copies and e-books\n"
	"(downloads/) to be quick, and lives in .jisite-cache/serve/, never in public/.\n\n"
	"  -C DIR       serve the project in DIR\n"
	"  --port N     listen on port N (default 1313; 0: any free port)\n"
	"  --bind ADDR  listen on the IP address ADDR (default 127.0.0.1: this machine only)\n"
	"  --drafts     show the items marked draft: true (the default)\n"
	"  --no-drafts  show the site as it would be published, without its drafts\n"
	"  --audience A public (the default), or members: the members' site, with the texts marked\n"
	"               audience: members\n"
	"  --open       open the preview in the browser (xdg-open)\n"
	"Stop it with Ctrl-C.\n";

struct serve_options {
	const char *bind;
	unsigned port;
	bool drafts;
	bool members; /* --audience members */
	bool open;
};

/* Returns 0, -1 for a usage error, 1 when --help was printed; *status is the exit status in the last two
 * cases. */
static int parse_options(int argc, char **argv, struct serve_options *o, int *status)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(serve_usage, stdout);
			*status = 0;
			return 1;
		} else if (!strcmp(a, "--drafts") || !strcmp(a, "--no-drafts")) {
			o->drafts = !strcmp(a, "--drafts");
		} else if (!strcmp(a, "--audience")) {
			if (i + 1 == argc || (strcmp(argv[i + 1], "public") && strcmp(argv[i + 1], "members"))) {
				*status = usage_error(serve_usage, "%s is public (the default) or members", a);
				return -1;
			}
			o->members = !strcmp(argv[++i], "members");
		} else if (!strcmp(a, "--open")) {
			o->open = true;
		} else if (!strcmp(a, "--port")) {
			char *end;
			unsigned long n = i + 1 < argc ? strtoul(argv[i + 1], &end, 10) : 0;
			if (i + 1 == argc || !*argv[i + 1] || *end || n > 65535) {
				*status = usage_error(serve_usage, "%s needs a port number from 0 to 65535", a);
				return -1;
			}
			o->port = (unsigned)n;
			i++;
		} else if (!strcmp(a, "--bind") || !strcmp(a, "-C")) {
			if (i + 1 == argc || !*argv[i + 1]) {
				*status = usage_error(serve_usage, "%s needs a value", a);
				return -1;
			}
			if (!strcmp(a, "--bind"))
				o->bind = argv[++i];
			else if ((*status = change_dir(argv[++i])))
				return -1;
		} else {
			*status = usage_error(serve_usage, "unknown option '%s'", a);
			return -1;
		}
	}
	return 0;
}

static void print_summary(unsigned long n, int ret, const struct build_report *r, const struct diag_list *diags)
{
	size_t errors = diag_errors(diags);

	if (ret)
		fprintf(stderr, "build failed in %.2f s: %zu error%s; the last good pages are still served\n",
			r->seconds, errors, errors == 1 ? "" : "s");
	else if (r->unchanged)
		fprintf(stderr, "nothing changed (%.2f s)\n", r->seconds);
	else if (n == 1 || r->full)
		fprintf(stderr, "%s in %.2f s: %zu pages\n", n == 1 ? "built" : "rebuilt", r->seconds, r->pages);
	else
		fprintf(stderr, "rebuilt in %.2f s: %zu page%s, %zu file%s changed\n", r->seconds, r->pages_rendered,
			r->pages_rendered == 1 ? "" : "s", r->nchanged, r->nchanged == 1 ? "" : "s");
}

/* A build as the pages are told of it. */
struct outcome {
	struct serve_event ev;
	char **lines; /* the diagnostics, as printed */
	struct build_report report;
};

static void outcome_release(struct outcome *out)
{
	for (size_t i = 0; i < out->ev.ndiagnostics; i++)
		free(out->lines[i]);
	free(out->lines);
	build_report_release(&out->report);
}

/* Build number n into the preview folder; prints its diagnostics and a summary, and fills out (released
 * by the caller) but for a usage error of the first build, which it prints. Returns build_run's status. */
static int rebuild(struct outcome *out, unsigned long n, const struct serve_options *o)
{
	struct build_options opts = { .out = OUTPUT_PREVIEW, .write = true, .drafts = o->drafts, .no_bundles = true,
				     .ready_spare = true, .members = o->members };
	struct diag_list diags = DIAG_LIST_INIT;
	int ret = build_run(&opts, &diags, &out->report);

	memset(&out->ev, 0, sizeof(out->ev));
	out->lines = NULL;
	if (ret == BUILD_USAGE && n == 1) {
		build_report_release(&out->report);
		usage_diags(&diags);
		return ret;
	}
	diag_sort(&diags);
	diag_print(stderr, &diags);
	print_summary(n, ret, &out->report, &diags);
	fflush(stderr);
	out->lines = xcalloc(diags.len + 1, sizeof(*out->lines));
	for (size_t i = 0; i < diags.len; i++)
		out->lines[i] = diag_format(&diags.items[i]);
	out->ev = (struct serve_event){
		.build = n,
		.ok = !ret,
		.full = out->report.full || out->report.nchanged > MAX_CHANGED,
		.unchanged = out->report.unchanged,
		.changed = (const char *const *)out->report.changed,
		.nchanged = out->report.nchanged > MAX_CHANGED ? 0 : out->report.nchanged,
		.diagnostics = (const char *const *)out->lines,
		.ndiagnostics = diags.len,
		.errors = diag_errors(&diags),
	};
	diag_list_release(&diags);
	return ret;
}

/* Opens url in the browser, in the background; whatever fails is the desktop's business. */
static void open_browser(const char *url)
{
	static char sh[] = "sh", c[] = "-c", script[] = "xdg-open \"$1\" >/dev/null 2>&1 &";
	char *arg = xstrdup(url), *argv[] = { sh, c, script, sh, arg, NULL };
	posix_spawnattr_t attr;
	sigset_t none;
	pid_t pid;

	sigemptyset(&none);
	posix_spawnattr_init(&attr);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
	if (!posix_spawnp(&pid, "sh", NULL, &attr, argv, environ))
		waitpid(pid, NULL, 0); /* sh returns at once; xdg-open goes on alone */
	posix_spawnattr_destroy(&attr);
	free(arg);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The inputs a build reads. Returns the watch, or NULL after saying why not. */
static struct watch *watch_inputs(void)
{
	static const char *const trees[] = { "content", "themes", "translations" };
	struct strbuf why = STRBUF_INIT;
	struct watch *w = watch_new(&why);
	int ret = w ? watch_add_file(w, "site.yaml", &why) : -1;

	for (size_t i = 0; !ret && i < sizeof(trees) / sizeof(trees[0]); i++)
		ret = watch_add_tree(w, trees[i], &why);
	if (ret) {
		fprintf(stderr, "jisite: %s\n", why.buf);
		watch_free(w);
		w = NULL;
	}
	strbuf_release(&why);
	return w;
}

/* Rebuilds after each burst of changes until SIGINT or SIGTERM arrives on sigfd. */
static void run_loop(struct serve *srv, struct watch *w, int sigfd, const struct serve_options *o)
{
	struct pollfd fds[2] = { { .fd = sigfd, .events = POLLIN }, { .fd = watch_fd(w), .events = POLLIN } };
	long long first = 0, deadline = 0;
	unsigned long n = 1;
	bool pending = false;

	for (;;) {
		long long now = now_ms();
		int timeout = pending ? (int)(deadline > now ? deadline - now : 0) : -1;
		if (poll(fds, 2, timeout) < 0 && errno != EINTR)
			return;
		if (fds[0].revents)
			return;
		now = now_ms();
		if (fds[1].revents && watch_read(w) > 0) {
			if (!pending)
				first = now;
			pending = true;
			deadline = now + QUIET_MS < first + LONGEST_WAIT_MS ? now + QUIET_MS : first + LONGEST_WAIT_MS;
		}
		if (pending && now >= deadline) {
			struct outcome out;
			pending = false;
			rebuild(&out, ++n, o);
			serve_publish(srv, &out.ev);
			outcome_release(&out);
		}
	}
}

int cmd_serve(int argc, char **argv)
{
	struct serve_options o = { .bind = "127.0.0.1", .port = 1313, .drafts = true };
	struct strbuf why = STRBUF_INIT, url = STRBUF_INIT;
	struct serve *srv = NULL;
	struct watch *w = NULL;
	struct outcome first;
	sigset_t stop;
	int status = 0, sigfd = -1;

	if (parse_options(argc, argv, &o, &status))
		return status;
	/* SIGINT and SIGTERM only through sigfd, in the loop: blocked in every thread (the server's inherit
	 * the mask), and in the build's workers, which finish their share and end by themselves */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN); /* a page that went away is an error of its write, not the end of serve */
	sigfd = signalfd(-1, &stop, SFD_CLOEXEC);
	output_allow_preview();
	if (sigfd < 0 || !(w = watch_inputs())) {
		status = sigfd < 0 ? EXIT_CONTENT : EXIT_USAGE;
		goto cleanup;
	}
	/* listening first: a port in use is said at once, not after the first build (which the server's
	 * threads may answer from the last session's preview meanwhile) */
	if (!(srv = serve_start(OUTPUT_PREVIEW, o.bind, o.port, &why))) {
		fprintf(stderr, "jisite: %s\n", why.buf);
		status = EXIT_USAGE;
		goto cleanup;
	}
	if (rebuild(&first, 1, &o) == BUILD_USAGE) {
		status = EXIT_USAGE;
		goto cleanup;
	}
	serve_publish(srv, &first.ev);
	outcome_release(&first);
	strbuf_addf(&url, strchr(o.bind, ':') ? "http://[%s]:%u/" : "http://%s:%u/", o.bind, serve_port(srv));
	printf("serving %s\n", url.buf);
	fflush(stdout);
	if (o.open)
		open_browser(url.buf);
	run_loop(srv, w, sigfd, &o);
cleanup:
	serve_stop(srv);
	watch_free(w);
	if (sigfd >= 0)
		close(sigfd);
	strbuf_release(&why);
	strbuf_release(&url);
	return status;
}
