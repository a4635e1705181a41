/* Worker processes (see workers.h). Each child sends its diagnostics back through a pipe, as
 * NUL-separated fields: severity, path, line, column, message. */
#include "workers.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/strbuf.h"
#include "util/xalloc.h"

static void send_diags(int fd, const struct diag_list *dl)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p;
	size_t left;

	for (size_t i = 0; i < dl->len; i++) {
		const struct diag *d = &dl->items[i];
		strbuf_addch(&sb, d->severity == DIAG_ERROR ? 'E' : 'W');
		strbuf_addch(&sb, '\0');
		strbuf_addf(&sb, "%s%c%u%c%u%c%s%c", d->path, 0, d->line, 0, d->col, 0, d->message, 0);
	}
	for (p = sb.buf, left = sb.len; left;) {
		ssize_t n = write(fd, p, left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		p += n;
		left -= (size_t)n;
	}
	strbuf_release(&sb);
}

static unsigned parse_unsigned(const char *s)
{
	unsigned long v = strtoul(s, NULL, 10);
	return v > 1000000000UL ? 0 : (unsigned)v;
}

static void receive_diags(int fd, struct diag_list *dl)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[65536];
	const char *p, *end;

	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		strbuf_add(&sb, buf, (size_t)n);
	}
	for (p = sb.buf, end = sb.buf + sb.len; p < end;) {
		const char *f[5];
		for (int i = 0; i < 5; i++) {
			f[i] = p;
			p += strnlen(p, (size_t)(end - p)) + 1;
		}
		if (p > end + 1)
			break; /* cut short: the child died while writing */
		diag_add(dl, f[0][0] == 'E' ? DIAG_ERROR : DIAG_WARNING, f[1], parse_unsigned(f[2]),
			 parse_unsigned(f[3]), "%s", f[4]);
	}
	strbuf_release(&sb);
}

static _Noreturn void run_child(int fd, size_t k, size_t n, worker_fn fn, void *ctx)
{
	struct diag_list local = DIAG_LIST_INIT;
	int ret = fn(k, n, ctx, &local);

	send_diags(fd, &local);
	close(fd);
	_exit(ret ? 1 : 0); /* no atexit handlers, no flushing the parent's stdio buffers twice */
}

int workers_run(size_t n, worker_fn fn, void *ctx, struct diag_list *diags)
{
	pid_t *pids;
	int *fds, ret = 0;

	if (n <= 1)
		return fn(0, 1, ctx, diags);
	pids = xcalloc(n, sizeof(*pids));
	fds = xcalloc(n, sizeof(*fds));
	fflush(NULL);
	for (size_t k = 0; k < n; k++) {
		int p[2];
		if (pipe(p)) {
			diag_error(diags, "jisite", 0, 0, "cannot start a worker: %s", strerror(errno));
			ret = -1;
			n = k;
			break;
		}
		pids[k] = fork();
		if (pids[k] == 0) {
			close(p[0]);
			for (size_t j = 0; j < k; j++)
				close(fds[j]);
			run_child(p[1], k, n, fn, ctx);
		}
		close(p[1]);
		fds[k] = p[0];
		if (pids[k] < 0) {
			diag_error(diags, "jisite", 0, 0, "cannot start a worker: %s", strerror(errno));
			close(p[0]);
			ret = -1;
			n = k;
			break;
		}
	}
	for (size_t k = 0; k < n; k++) {
		int status;
		receive_diags(fds[k], diags);
		close(fds[k]);
		while (waitpid(pids[k], &status, 0) < 0 && errno == EINTR)
			;
		if (WIFSIGNALED(status)) {
			diag_error(diags, "jisite", 0, 0, "worker %zu of %zu died (signal %d)", k + 1, n, WTERMSIG(status));
			ret = -1;
		} else if (!WIFEXITED(status) || WEXITSTATUS(status)) {
			ret = -1;
		}
	}
	free(pids);
	free(fds);
	return ret;
}

size_t workers_default(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 64 ? 64 : (size_t)n;
}
