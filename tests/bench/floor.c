/* The floor a build is measured against (make bench): the least work any generator must do for a site.
 * Reads every Markdown file under DIR/content, parses its front matter with libyaml (events only, no
 * tree), renders its body with cmark-gfm and its extensions, on NPROC processes; then writes BYTES bytes
 * spread over PAGES files into a fresh folder. Prints "read_render_s write_s".
 *
 * usage: floor DIR PAGES BYTES NPROC
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <yaml.h>

static char **files;
static size_t nfiles, alloc;

static void walk(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d))) {
		char path[4096];
		struct stat st;
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (stat(path, &st))
			continue;
		if (S_ISDIR(st.st_mode)) {
			walk(path);
		} else if (strstr(de->d_name, ".md")) {
			if (nfiles == alloc) {
				alloc = alloc ? alloc * 2 : 1024;
				files = realloc(files, alloc * sizeof(*files));
			}
			files[nfiles++] = strdup(path);
		}
	}
	closedir(d);
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void parse_yaml(const char *text, size_t len)
{
	yaml_parser_t p;
	yaml_event_t e;
	int done = 0;

	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	while (!done && yaml_parser_parse(&p, &e)) {
		done = e.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&e);
	}
	yaml_parser_delete(&p);
}

static void render(const char *path)
{
	static const char *ext[] = { "table", "strikethrough", "autolink", "tagfilter", "tasklist" };
	FILE *f = fopen(path, "rb");
	char *text, *body, *html, *end;
	long n;
	cmark_parser *parser;
	cmark_node *doc;

	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET))
		exit(1);
	text = malloc((size_t)n + 1);
	if (fread(text, 1, (size_t)n, f) != (size_t)n)
		exit(1);
	text[n] = '\0';
	fclose(f);
	body = text;
	if (!strncmp(text, "---\n", 4) && (end = strstr(text + 4, "\n---\n"))) {
		parse_yaml(text + 4, (size_t)(end - text - 3));
		body = end + 5;
	}
	parser = cmark_parser_new(CMARK_OPT_FOOTNOTES);
	for (size_t i = 0; i < 5; i++)
		cmark_parser_attach_syntax_extension(parser, cmark_find_syntax_extension(ext[i]));
	cmark_parser_feed(parser, body, strlen(body));
	doc = cmark_parser_finish(parser);
	html = cmark_render_html(doc, CMARK_OPT_DEFAULT, cmark_parser_get_syntax_extensions(parser));
	free(html);
	cmark_node_free(doc);
	cmark_parser_free(parser);
	free(text);
}

int main(int argc, char **argv)
{
	char dir[4096], out[4096];
	long pages, nproc;
	long long bytes;
	double t0, t1, t2;
	char *chunk;

	if (argc != 5)
		return 2;
	pages = atol(argv[2]);
	bytes = atoll(argv[3]);
	nproc = atol(argv[4]);
	snprintf(dir, sizeof(dir), "%s/content", argv[1]);
	cmark_gfm_core_extensions_ensure_registered();
	walk(dir);
	t0 = now();
	for (long k = 0; k < nproc; k++) {
		if (fork() == 0) {
			for (size_t i = (size_t)k; i < nfiles; i += (size_t)nproc)
				render(files[i]);
			_exit(0);
		}
	}
	while (wait(NULL) > 0)
		;
	t1 = now();
	snprintf(out, sizeof(out), "%s/floor-out", argv[1]);
	mkdir(out, 0755);
	chunk = calloc(1, (size_t)(bytes / pages + 1));
	for (long i = 0; i < pages; i++) {
		char path[4200];
		FILE *f;
		snprintf(path, sizeof(path), "%s/d%ld", out, i / 100);
		mkdir(path, 0755);
		snprintf(path, sizeof(path), "%s/d%ld/%ld.html", out, i / 100, i);
		f = fopen(path, "wb");
		if (!f || fwrite(chunk, 1, (size_t)(bytes / pages), f) != (size_t)(bytes / pages))
			return 1;
		fclose(f);
	}
	t2 = now();
	printf("%.3f %.3f\n", t1 - t0, t2 - t1);
	return 0;
}
