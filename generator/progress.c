/* The progress line and the summary line of a build (see progress.h). The line is drawn with one write(2)
 * per update, so that the lines of two processes never interleave within a line. */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include "progress.h"

#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define PROGRESS_INTERVAL_NS 100000000LL /* at most ten lines a second: more only costs the terminal */

/* Shared (MAP_SHARED) with the worker processes forked after progress_new: they count and draw, the
 * parent alone sets the stage, while no worker runs. */
struct progress {
	atomic_size_t done;
	atomic_llong due;   /* the earliest time (CLOCK_MONOTONIC, ns) of the next redraw */
	atomic_int visible; /* a line is on the screen: progress_clear has something to clear */
	size_t total;
	char stage[64];
};

static long long now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

struct progress *progress_new(bool on)
{
	void *p;

	if (!on)
		return NULL;
	p = mmap(NULL, sizeof(struct progress), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL; /* no progress line: the build does not need one */
	memset(p, 0, sizeof(struct progress));
	return p;
}

void progress_free(struct progress *p)
{
	if (!p)
		return;
	progress_clear(p);
	munmap(p, sizeof(*p));
}

static void write_all(const char *s, size_t len)
{
	while (len) {
		ssize_t n = write(STDERR_FILENO, s, len);
		if (n <= 0)
			return; /* a progress line is not worth retrying for */
		s += n;
		len -= (size_t)n;
	}
}

void progress_count(struct strbuf *sb, size_t n)
{
	char digits[32];
	int len = snprintf(digits, sizeof(digits), "%zu", n);

	for (int i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			strbuf_addch(sb, ',');
		strbuf_addch(sb, digits[i]);
	}
}

/* \r, the line, then \033[K to clear what a longer line before it left */
static void draw(struct progress *p, size_t done)
{
	struct strbuf line = STRBUF_INIT;

	strbuf_addf(&line, "\rjisite: %s", p->stage);
	if (p->total) {
		strbuf_addch(&line, ' ');
		progress_count(&line, done < p->total ? done : p->total);
		strbuf_addstr(&line, " of ");
		progress_count(&line, p->total);
	} else {
		strbuf_addstr(&line, "...");
	}
	strbuf_addstr(&line, "\033[K");
	atomic_store(&p->visible, 1);
	write_all(line.buf, line.len);
	strbuf_release(&line);
}

void progress_stage(struct progress *p, const char *stage, size_t total)
{
	if (!p)
		return;
	snprintf(p->stage, sizeof(p->stage), "%s", stage);
	p->total = total;
	atomic_store(&p->done, 0);
	atomic_store(&p->due, now_ns() + PROGRESS_INTERVAL_NS);
	draw(p, 0);
}

void progress_add(struct progress *p, size_t n)
{
	size_t done;
	long long due, now;

	if (!p)
		return;
	done = atomic_fetch_add(&p->done, n) + n;
	now = now_ns();
	due = atomic_load(&p->due);
	/* of the processes that find the line due, the one that moves the next time on draws it */
	if (now >= due && atomic_compare_exchange_strong(&p->due, &due, now + PROGRESS_INTERVAL_NS))
		draw(p, done);
}

void progress_clear(struct progress *p)
{
	if (p && atomic_exchange(&p->visible, 0))
		write_all("\r\033[K", 4);
}
