/* Runs every case of the official Mustache specification (../shared/mustache-spec, or $MUSTACHE_SPEC_DIR)
 * through the engine: one cmocka test per specification module, and one summary line over all cases.
 * tests/mustache-spec holds the same files (MIT licence) for checkouts without ../shared. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mustache.h"
#include "yamltree.h"

static const char *const modules[] = {
	"comments.yml", "delimiters.yml", "interpolation.yml", "inverted.yml",
	"partials.yml", "sections.yml", "~inheritance.yml", "~dynamic-names.yml",
};

static unsigned cases_passed, cases_failed;

#define SHARED_SPEC_DIR "../shared/mustache-spec"
#define VENDORED_SPEC_DIR "tests/mustache-spec"

/* $MUSTACHE_SPEC_DIR, else the shared copy beside the repository, else the copy kept in it (the same
 * files: test_copies_agree checks that whenever both are there). */
static const char *spec_dir(void)
{
	const char *dir = getenv("MUSTACHE_SPEC_DIR");
	DIR *d;

	if (dir && *dir)
		return dir;
	d = opendir(SHARED_SPEC_DIR);
	if (d) {
		closedir(d);
		return SHARED_SPEC_DIR;
	}
	return VENDORED_SPEC_DIR;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)n + 1);
		if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		}
		*len = (size_t)n;
	}
	fclose(f);
	return buf;
}

/* The repository's copy of the specification must not drift from the shared one. */
static void test_copies_agree(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(modules) / sizeof(modules[0]); i++) {
		char a[512], b[512];
		size_t alen = 0, blen = 0;
		char *x, *y;

		snprintf(a, sizeof(a), "%s/%s", SHARED_SPEC_DIR, modules[i]);
		snprintf(b, sizeof(b), "%s/%s", VENDORED_SPEC_DIR, modules[i]);
		x = slurp(a, &alen);
		y = slurp(b, &blen);
		if (!y)
			fail_msg("%s is missing", b);
		if (x && (alen != blen || memcmp(x, y, alen)))
			fail_msg("%s differs from %s", b, a);
		free(x);
		free(y);
	}
}

struct partial_set {
	const char *names[16];
	struct mustache_template *templates[16];
	size_t n;
};

static const struct mustache_template *find_partial(void *ctx, const char *name, size_t len)
{
	struct partial_set *set = ctx;

	for (size_t i = 0; i < set->n; i++)
		if (strlen(set->names[i]) == len && !memcmp(set->names[i], name, len))
			return set->templates[i];
	return NULL;
}

static const char *string_field(const struct value *c, const char *key)
{
	const struct value *v = value_map_get(c, key);
	return v && v->kind == VALUE_STRING ? v->u.str.ptr : NULL;
}

/* Runs one case; returns 0 when the output is the expected one, printing what differs otherwise. */
static int run_case(const char *file, const struct value *c)
{
	const char *name = string_field(c, "name"), *expected = string_field(c, "expected");
	const struct value *partials = value_map_get(c, "partials");
	const struct value *tpl = value_map_get(c, "template");
	struct diag_list diags = DIAG_LIST_INIT;
	struct partial_set set = { .n = 0 };
	struct mustache_partials finder = { find_partial, &set };
	struct strbuf out = STRBUF_INIT;
	struct mustache_template *t = NULL;
	int ok = 0;

	if (!name || !expected || !tpl || tpl->kind != VALUE_STRING) {
		printf("%s: case %s: malformed test case\n", file, name ? name : "?");
		return -1;
	}
	for (size_t i = 0; partials && partials->kind == VALUE_MAP && i < partials->u.map.len && i < 16; i++) {
		const struct value_entry *e = &partials->u.map.entries[i];
		set.names[set.n] = e->key->u.str.ptr;
		set.templates[set.n++] = mustache_compile(e->key->u.str.ptr, e->val->u.str.ptr, e->val->u.str.len, &diags);
	}
	t = mustache_compile(name, tpl->u.str.ptr, tpl->u.str.len, &diags);
	if (t && !diag_errors(&diags))
		ok = !mustache_render(&out, t, value_map_get(c, "data"), &finder, 0, &diags) &&
		     out.len == strlen(expected) && !memcmp(out.buf, expected, out.len);
	if (!ok) {
		printf("FAIL %s: %s\n  template: %s\n  expected: [%s]\n  got:      [%s]\n", file, name,
		       tpl->u.str.ptr, expected, out.buf);
		diag_print(stdout, &diags);
	}
	mustache_free(t);
	for (size_t i = 0; i < set.n; i++)
		mustache_free(set.templates[i]);
	strbuf_release(&out);
	diag_list_release(&diags);
	return ok ? 0 : -1;
}

static void test_module(void **state)
{
	const char *file = *state;
	char path[4096];
	struct arena arena = ARENA_INIT;
	struct diag_list diags = DIAG_LIST_INIT;
	struct value *doc = NULL;
	const struct value *tests;
	unsigned failed = 0;

	snprintf(path, sizeof(path), "%s/%s", spec_dir(), file);
	if (yamltree_load_file(&doc, &arena, path, NULL, &diags))
		diag_print(stdout, &diags);
	assert_non_null(doc);
	tests = value_map_get(doc, "tests");
	assert_non_null(tests);
	assert_int_equal(tests->kind, VALUE_LIST);
	assert_true(tests->u.list.len > 0);
	for (size_t i = 0; i < tests->u.list.len; i++) {
		if (run_case(file, tests->u.list.items[i])) {
			failed++;
			cases_failed++;
		} else {
			cases_passed++;
		}
	}
	arena_release(&arena);
	diag_list_release(&diags);
	assert_int_equal(failed, 0);
}

/* A module added to the specification directory must not be skipped silently. */
static void test_every_module_is_run(void **state)
{
	DIR *dir = opendir(spec_dir());
	struct dirent *de;

	(void)state;
	if (!dir)
		fail_msg("cannot open %s: set MUSTACHE_SPEC_DIR to the mustache-spec directory", spec_dir());
	while ((de = readdir(dir))) {
		size_t len = strlen(de->d_name), i;
		if (len < 4 || strcmp(de->d_name + len - 4, ".yml"))
			continue;
		for (i = 0; i < sizeof(modules) / sizeof(modules[0]); i++)
			if (!strcmp(modules[i], de->d_name))
				break;
		if (i == sizeof(modules) / sizeof(modules[0]))
			fail_msg("specification module %s is not run", de->d_name);
	}
	closedir(dir);
}

int main(void)
{
	enum { NMODULES = sizeof(modules) / sizeof(modules[0]) };
	struct CMUnitTest tests[NMODULES + 2] = { cmocka_unit_test(test_every_module_is_run),
						  cmocka_unit_test(test_copies_agree) };
	int failed;

	for (size_t i = 0; i < NMODULES; i++) {
		tests[i + 2].name = modules[i];
		tests[i + 2].test_func = test_module;
		tests[i + 2].initial_state = (void *)modules[i];
	}
	failed = _cmocka_run_group_tests("mustache-spec", tests, NMODULES + 2, NULL, NULL);
	printf("mustache-spec: %u passed, %u failed\n", cases_passed, cases_failed);
	return failed || cases_failed ? 1 : 0;
}
