/* Worker processes (see workers.h). Each child sends back through a pipe the length of its diagnostics
 * (8 bytes), its diagnostics (diag_encode), then its result until the end. */
#include "workers.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/strbuf.h"
#include "util/xalloc.h"

static void send_all(int fd, const char *p, size_t left)
{
	while (left) {
		ssize_t n = write(fd, p, left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		p += n;
		left -= (size_t)n;
	}
}

static void send_diags(int fd, const struct diag_list *dl)
{
	struct strbuf sb = STRBUF_INIT;
	unsigned char len[8];

	diag_encode(&sb, dl);
	for (int i = 0; i < 8; i++)
		len[i] = (unsigned char)((uint64_t)sb.len >> (8 * i));
	send_all(fd, (const char *)len, sizeof(len));
	send_all(fd, sb.buf, sb.len);
	strbuf_release(&sb);
}

/* Reads a child's reply. Returns 0, or -1 when it is cut short or malformed (nothing of it is taken). */
static int receive(int fd, struct diag_list *dl, struct strbuf *result)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[65536];
	uint64_t dlen = 0;

	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		strbuf_add(&sb, buf, (size_t)n);
	}
	for (int i = 0; i < 8 && sb.len >= 8; i++)
		dlen |= (uint64_t)(unsigned char)sb.buf[i] << (8 * i);
	if (sb.len < 8 || dlen > sb.len - 8) {
		strbuf_release(&sb);
		return -1; /* the child died before it sent its diagnostics whole */
	}
	diag_decode(dl, sb.buf + 8, (size_t)dlen);
	if (result)
		strbuf_add(result, sb.buf + 8 + dlen, sb.len - 8 - (size_t)dlen);
	strbuf_release(&sb);
	return 0;
}

static _Noreturn void run_child(int fd, size_t k, size_t n, worker_fn fn, void *ctx)
{
	struct diag_list local = DIAG_LIST_INIT;
	struct strbuf result = STRBUF_INIT;
	int ret = fn(k, n, ctx, &local, &result);

	send_diags(fd, &local);
	send_all(fd, result.buf, result.len);
	close(fd);
	_exit(ret ? 1 : 0); /* no atexit handlers, no flushing the parent's stdio buffers twice */
}

int workers_run(size_t n, worker_fn fn, void *ctx, struct diag_list *diags, struct strbuf *results)
{
	struct strbuf ignored = STRBUF_INIT;
	pid_t *pids;
	int *fds, ret = 0;

	if (n <= 1) {
		ret = fn(0, 1, ctx, diags, results ? &results[0] : &ignored);
		strbuf_release(&ignored);
		return ret;
	}
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
		size_t errors = diag_errors(diags);
		int status = 0, replied = receive(fds[k], diags, results ? &results[k] : NULL);
		close(fds[k]);
		while (waitpid(pids[k], &status, 0) < 0 && errno == EINTR)
			;
		/* whatever the worker did not finish fails the build: a signal, an exit status that its
		 * diagnostics do not explain, a reply cut short */
		if (WIFSIGNALED(status))
			diag_error(diags, "jisite", 0, 0, "worker %zu of %zu died (signal %d)", k + 1, n, WTERMSIG(status));
		else if (!WIFEXITED(status) || (WEXITSTATUS(status) && diag_errors(diags) == errors))
			diag_error(diags, "jisite", 0, 0, "worker %zu of %zu stopped with status %d and no message", k + 1,
				   n, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		else if (replied)
			diag_error(diags, "jisite", 0, 0, "worker %zu of %zu sent back a reply cut short", k + 1, n);
		if (WIFSIGNALED(status) || !WIFEXITED(status) || WEXITSTATUS(status) || replied)
			ret = -1;
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
