/* The build (see build.h): stages in order, timed under -v. */
#include "build.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "frontmatter.h"
#include "i18n.h"
#include "locale.h"
#include "output.h"
#include "render.h"
#include "scan.h"
#include "site.h"
#include "source.h"
#include "theme.h"
#include "workers.h"

struct build {
	const struct build_options *opts;
	struct diag_list *diags;
	struct arena arena; /* the model: freed once, at the end */
	struct source *src;
	struct config cfg;
	struct scan scan;
	struct i18n i18n;
	struct site site;
	struct theme theme;
	struct timespec t0;
};

static double seconds_since(struct timespec *t)
{
	struct timespec now;
	double s;

	clock_gettime(CLOCK_MONOTONIC, &now);
	s = (double)(now.tv_sec - t->tv_sec) + (double)(now.tv_nsec - t->tv_nsec) / 1e9;
	*t = now;
	return s;
}

static void timing(struct build *b, const char *stage)
{
	double s = seconds_since(&b->t0);

	if (b->opts->verbose)
		fprintf(stderr, "jisite: %-8s %8.3f s\n", stage, s);
}

static int stage_config(struct build *b)
{
	struct strbuf sb = STRBUF_INIT;
	int ret;

	if (b->src->read(b->src, "site.yaml", &sb, 1024 * 1024)) {
		diag_error(b->diags, "site.yaml", 1, 1, "cannot read the site's configuration: %s", strerror(errno));
		strbuf_release(&sb);
		return -1;
	}
	ret = config_parse(&b->cfg, &b->arena, "site.yaml", arena_memdup0(&b->arena, sb.buf, sb.len), sb.len,
			   b->diags);
	strbuf_release(&sb);
	return ret;
}

struct render_job {
	struct build *b;
	struct output *out; /* NULL for `check` */
};

/* One worker's share: the Markdown and the pages of the page groups k, k + n, k + 2n… */
static int render_share(size_t k, size_t n, void *ctx, struct diag_list *diags)
{
	struct render_job *job = ctx;
	struct build *b = job->b;
	struct arena scratch = ARENA_INIT;
	struct strbuf page = STRBUF_INIT, path = STRBUF_INIT;
	int ret = render_markdown(&b->site, &b->arena, b->src, k, n, diags);

	for (size_t i = 0; i < b->site.npages; i++) {
		const struct page *p = &b->site.pages[i];
		if (p->group % n != k)
			continue;
		strbuf_reset(&page);
		arena_release(&scratch);
		if (render_page(&page, &b->site, &b->theme, p, &scratch, diags)) {
			ret = -1;
			continue; /* every page's template errors are reported */
		}
		strbuf_reset(&path);
		strbuf_addf(&path, "%sindex.html", p->path);
		if (job->out && output_write(job->out, path.buf, page.buf, page.len, diags)) {
			ret = -1;
			break;
		}
	}
	arena_release(&scratch);
	strbuf_release(&page);
	strbuf_release(&path);
	return ret;
}

/* Markdown and pages into the output folder, by worker processes; with opts->write false, rendered and
 * dropped. The output replaces the old one only when nothing failed. */
static int stage_render(struct build *b)
{
	struct arena scratch = ARENA_INIT;
	struct strbuf page = STRBUF_INIT;
	struct output out = { 0 };
	struct render_job job = { b, b->opts->write ? &out : NULL };
	size_t jobs = b->opts->jobs ? b->opts->jobs : workers_default();
	int ret = -1;

	if (b->opts->write && output_begin(&out, b->opts->out, b->diags))
		goto cleanup;
	out.precompress = b->opts->precompress;
	/* more workers than page groups would only fork idle processes */
	if (jobs > b->site.ngroups)
		jobs = b->site.ngroups ? b->site.ngroups : 1;
	workers_run(jobs, render_share, &job, b->diags);
	if (!render_root(&page, &b->site, &b->theme, &scratch, b->diags) && b->opts->write)
		output_write(&out, "index.html", page.buf, page.len, b->diags);
	timing(b, "render");
	if (!b->opts->write)
		ret = diag_errors(b->diags) ? -1 : 0;
	if (diag_errors(b->diags) || !b->opts->write)
		goto cleanup;
	for (size_t i = 0; i < b->theme.nfiles; i++)
		output_copy(&out, b->theme.files[i].out, b->src, b->theme.files[i].path, b->diags);
	for (size_t i = 0; i < b->scan.nfiles; i++)
		output_copy(&out, b->scan.files[i].out, b->src, b->scan.files[i].path, b->diags);
	if (diag_errors(b->diags))
		goto cleanup;
	ret = output_commit(&out, b->diags);
	timing(b, "write");
cleanup:
	if (b->opts->write)
		output_abort(&out);
	arena_release(&scratch);
	strbuf_release(&page);
	return ret ? -1 : 0;
}

int build_today(char out[11])
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	time_t t = time(NULL);
	struct tm tm;

	if (epoch && *epoch) {
		char *end;
		long long v;
		errno = 0;
		v = strtoll(epoch, &end, 10);
		if (errno || *end || v < 0 || v > 253402300799LL) /* up to 9999-12-31 */
			return -1;
		t = (time_t)v;
	}
	if (!gmtime_r(&t, &tm) || !strftime(out, 11, "%Y-%m-%d", &tm))
		return -1;
	return 0;
}

static int run_stages(struct build *b)
{
	char today[11];

	if (build_today(today)) {
		diag_error(b->diags, "SOURCE_DATE_EPOCH", 1, 1, "'%s' is not a number of seconds since 1970",
			   getenv("SOURCE_DATE_EPOCH"));
		return -1;
	}
	if (stage_config(b))
		return -1;
	timing(b, "config");
	/* independent of each other: one run reports the problems of all three */
	if (scan_content(&b->scan, &b->arena, b->src, &b->cfg, b->diags) |
	    frontmatter_load_all(&b->scan, &b->arena, b->src, FRONTMATTER_MAX_FILE, b->diags) |
	    i18n_load(&b->i18n, &b->arena, b->src, &b->cfg, b->diags))
		return -1;
	timing(b, "load");
	if (site_build(&b->site, &b->arena, &b->scan, &b->cfg, &b->i18n, b->diags) |
	    theme_load(&b->theme, &b->arena, b->src, b->cfg.theme, b->diags))
		return -1;
	b->site.today = arena_memdup0(&b->arena, today, 10);
	if (render_check_layouts(&b->site, &b->theme, b->diags))
		return -1;
	timing(b, "model");
	return stage_render(b);
}

int build_run(const struct build_options *opts, struct diag_list *diags)
{
	struct build b = { 0 };
	int ret;

	b.opts = opts;
	b.diags = diags;
	arena_init(&b.arena);
	clock_gettime(CLOCK_MONOTONIC, &b.t0);
	b.src = source_fs_new(".");
	if (!b.src) {
		diag_error(diags, ".", 1, 1, "cannot read the project folder: %s", strerror(errno));
		return -1;
	}
	ret = run_stages(&b);
	if (!ret && diag_errors(diags))
		ret = -1;
	theme_release(&b.theme);
	locale_release();
	source_free(b.src);
	arena_release(&b.arena);
	return ret;
}
