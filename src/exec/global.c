/* global.c — global instances (spec §4.2.9). */
#include <stdlib.h>

#include "exec/runtime.h"

struct wrr_global *wrr_global_create(struct wrr_store *store,
				     const struct wrr_global_type *type,
				     const uint64_t val[2])
{
	struct wrr_global *g = calloc(1, sizeof *g);
	if (g == NULL)
		return NULL;
	g->type = *type;
	g->val[0] = val[0];
	g->val[1] = val[1];
	g->next = store->globals;
	store->globals = g;
	return g;
}

struct wrr_global *wrr_global_new(struct wrr_store *store,
				  const struct wrr_val *init, bool mutable_)
{
	struct wrr_global_type type = {init->type, mutable_};
	uint64_t val[2] = {0, 0};
	wrr_val_to_slots(init, val);
	return wrr_global_create(store, &type, val);
}

void wrr_global_get(const struct wrr_global *global, struct wrr_val *out)
{
	wrr_val_from_slots(global->type.type, global->val, out);
}
