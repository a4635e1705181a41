/* libFuzzer target: any bytes as a template (and as its one partial) must compile or fail with a
 * diagnostic, and render without crashing, against a small fixed context. */
#include <stddef.h>
#include <stdint.h>

#include "mustache.h"

static const struct mustache_template *partial;

static const struct mustache_template *find(void *ctx, const char *name, size_t len)
{
	(void)ctx;
	(void)name;
	(void)len;
	return partial; /* every partial name finds the template itself: recursion must be caught */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag_list diags = DIAG_LIST_INIT;
	struct arena a = ARENA_INIT;
	struct strbuf out = STRBUF_INIT;
	struct mustache_partials partials = { find, NULL };
	struct value *ctx = value_new_map(&a), *list = value_new_list(&a);
	struct mustache_template *t;

	value_list_push(&a, list, value_new_cstring(&a, "x<y"));
	value_list_push(&a, list, ctx);
	value_map_set(&a, ctx, "a", value_new_cstring(&a, "a"));
	value_map_set(&a, ctx, "list", list);
	value_map_set(&a, ctx, "t", value_new_bool(&a, true));
	t = mustache_compile("fuzz", (const char *)data, size, &diags);
	if (t) {
		partial = t;
		mustache_render(&out, t, ctx, &partials, MUSTACHE_STRICT_PARTIALS, &diags);
		mustache_free(t);
	} else if (!diag_errors(&diags)) {
		__builtin_trap(); /* a template that does not compile must say why */
	}
	partial = NULL;
	strbuf_release(&out);
	arena_release(&a);
	diag_list_release(&diags);
	return 0;
}
