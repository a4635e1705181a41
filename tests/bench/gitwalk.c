/* The walk of the history (make bench): times gitinfo_open on a repository (tests/bench/gen_repo.py) once
 * with no cache, which walks every commit, then again, which reads the cache the first one wrote.
 * Prints "walk_s cached_s".
 *
 * usage: gitwalk REPO
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "gitinfo.h"
#include "util/strbuf.h"

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Opens repo's history with its cache in repo/.jisite-cache; returns the seconds taken, or -1. */
static double timed_open(const char *repo, const char *cache)
{
	struct diag_list diags = DIAG_LIST_INIT;
	struct gitinfo *g;
	double t = now();
	int ret = gitinfo_open(&g, repo, "content/", cache, &diags);

	t = now() - t;
	diag_print(stderr, &diags);
	diag_list_release(&diags);
	if (ret || !g) {
		fprintf(stderr, "gitwalk: %s: %s\n", repo, ret ? "cannot read the history" : "not a git repository");
		return -1;
	}
	gitinfo_free(g);
	return t;
}

int main(int argc, char **argv)
{
	struct strbuf cache = STRBUF_INIT, file = STRBUF_INIT;
	double walk, cached;

	if (argc != 2) {
		fprintf(stderr, "usage: gitwalk REPO\n");
		return 2;
	}
	strbuf_addf(&cache, "%s/.jisite-cache", argv[1]);
	strbuf_addf(&file, "%s/gitinfo", cache.buf);
	unlink(file.buf);
	walk = timed_open(argv[1], cache.buf);
	if (walk < 0)
		return 1;
	if (access(file.buf, R_OK)) {
		fprintf(stderr, "gitwalk: the walk wrote no cache at %s\n", file.buf);
		return 1;
	}
	cached = timed_open(argv[1], cache.buf);
	if (cached < 0)
		return 1;
	printf("%.3f %.3f\n", walk, cached);
	strbuf_release(&cache);
	strbuf_release(&file);
	return 0;
}
