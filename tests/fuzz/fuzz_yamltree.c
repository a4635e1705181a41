/* libFuzzer target: any bytes as YAML must load into a tree or fail with a positioned diagnostic. */
#include <stddef.h>
#include <stdint.h>

#include "yamltree.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag_list diags = DIAG_LIST_INIT;
	struct arena a = ARENA_INIT;
	struct value *v = NULL;

	if (yamltree_load(&v, &a, "fuzz.yaml", (const char *)data, size, 0, NULL, &diags)) {
		if (!diag_errors(&diags) || v)
			__builtin_trap(); /* failure must say why, and leave no tree */
	} else if (!v) {
		__builtin_trap();
	}
	arena_release(&a);
	diag_list_release(&diags);
	return 0;
}
