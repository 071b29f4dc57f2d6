/*
 * table.c — table instances (spec §4.2.7) and table.grow (§4.4.6).
 * Elements are 64-bit references, 0 = null.
 */
#include <stdlib.h>

#include "exec/runtime.h"

struct wrr_table *wrr_table_create(struct wrr_store *store,
				   enum wrr_valtype elem_type, uint32_t min,
				   uint32_t max, bool has_max)
{
	if (min > store->limits.max_table_elements)
		return NULL;
	struct wrr_table *t = calloc(1, sizeof *t);
	if (t == NULL)
		return NULL;
	t->store = store;
	t->elem_type = elem_type;
	t->max = has_max ? max : UINT32_MAX;
	t->has_max = has_max;
	t->elems = calloc(min ? min : 1, sizeof *t->elems);
	if (t->elems == NULL) {
		free(t);
		return NULL;
	}
	t->size = min;
	t->capacity = min ? min : 1;
	t->next = store->tables;
	store->tables = t;
	return t;
}

void wrr_table_destroy(struct wrr_table *table)
{
	free(table->elems);
	free(table);
}

struct wrr_table *wrr_table_new(struct wrr_store *store,
				enum wrr_valtype elem_type, uint32_t min,
				uint32_t max, bool has_max)
{
	return wrr_table_create(store, elem_type, min, max, has_max);
}

int32_t wrr_table_grow(struct wrr_table *t, uint32_t delta, uint64_t init)
{
	uint32_t old = t->size;
	uint64_t want = (uint64_t)old + delta;
	if (want > t->max || want > t->store->limits.max_table_elements ||
	    want > UINT32_MAX)
		return -1;
	if (want > t->capacity) {
		uint64_t cap = (uint64_t)t->capacity * 2;
		if (cap < want)
			cap = want;
		if (cap > t->store->limits.max_table_elements)
			cap = want;
		uint64_t *p = realloc(t->elems, cap * sizeof *p);
		if (p == NULL)
			return -1;
		t->elems = p;
		t->capacity = (uint32_t)cap;
	}
	for (uint64_t i = old; i < want; i++)
		t->elems[i] = init;
	t->size = (uint32_t)want;
	return (int32_t)old;
}
