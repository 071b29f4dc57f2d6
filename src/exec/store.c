/*
 * store.c — the store (spec §4.2.3): owner of every runtime object, the
 * interned function types, the execution stacks, fuel and progress.
 */
#include <stdlib.h>
#include <string.h>

#include "exec/runtime.h"

void wrr_limits_default(struct wrr_limits *limits)
{
	limits->max_call_depth = 10000;
	limits->max_stack_slots = 1u << 20;
	limits->max_memory_pages = WRR_MAX_PAGES;
	limits->max_table_elements = 10000000;
}

struct wrr_store *wrr_store_new(const struct wrr_limits *limits)
{
	struct wrr_store *store = calloc(1, sizeof *store);
	if (store == NULL)
		return NULL;
	if (limits != NULL)
		store->limits = *limits;
	else
		wrr_limits_default(&store->limits);
	if (store->limits.max_call_depth == 0)
		store->limits.max_call_depth = 1;
	if (store->limits.max_stack_slots < 16)
		store->limits.max_stack_slots = 16;
	if (store->limits.max_memory_pages > WRR_MAX_PAGES)
		store->limits.max_memory_pages = WRR_MAX_PAGES;
	store->stack = calloc(store->limits.max_stack_slots, sizeof(uint64_t));
	store->frames = calloc(store->limits.max_call_depth,
			       sizeof(struct wrr_frame));
	if (store->stack == NULL || store->frames == NULL) {
		wrr_store_free(store);
		return NULL;
	}
	store->stack_end = store->stack + store->limits.max_stack_slots;
	store->sp = store->stack;
	store->fuel = UINT64_MAX;
	store->fuel_unlimited = true;
	return store;
}

static void free_instance(struct wrr_instance *inst)
{
	const struct wrr_module *m = inst->module;
	if (inst->elem_refs != NULL) {
		for (uint32_t i = 0; i < m->elem_count; i++)
			free(inst->elem_refs[i]);
	}
	free(inst->elem_refs);
	free(inst->elem_sizes);
	free(inst->data_sizes);
	free(inst->type_ids);
	free(inst->funcs);
	free(inst->defined);
	free(inst->tables);
	free(inst->memories);
	free(inst->globals);
	free(inst);
}

void wrr_store_free(struct wrr_store *store)
{
	if (store == NULL)
		return;
	while (store->instances != NULL) {
		struct wrr_instance *next = store->instances->next;
		free_instance(store->instances);
		store->instances = next;
	}
	while (store->host_funcs != NULL) {
		struct wrr_func *next = store->host_funcs->next;
		free(store->host_funcs->module_name);
		free(store->host_funcs->name);
		free(store->host_funcs);
		store->host_funcs = next;
	}
	while (store->tables != NULL) {
		struct wrr_table *next = store->tables->next;
		wrr_table_destroy(store->tables);
		store->tables = next;
	}
	while (store->memories != NULL) {
		struct wrr_memory *next = store->memories->next;
		wrr_memory_destroy(store->memories);
		store->memories = next;
	}
	while (store->globals != NULL) {
		struct wrr_global *next = store->globals->next;
		free(store->globals);
		store->globals = next;
	}
	for (uint32_t i = 0; i < store->type_count; i++) {
		free((void *)store->types[i]->type.params);
		free((void *)store->types[i]->type.results);
		free(store->types[i]);
	}
	free(store->types);
	free(store->type_slots);
	free(store->stack);
	free(store->frames);
	free(store);
}

/* ------------------------------------------------------ type interning */

static uint64_t type_hash(const struct wrr_functype *t)
{
	uint64_t h = 0xcbf29ce484222325ull;
	h = (h ^ t->param_count) * 0x100000001b3ull;
	for (uint32_t i = 0; i < t->param_count; i++)
		h = (h ^ (uint64_t)t->params[i]) * 0x100000001b3ull;
	h = (h ^ 0xffu ^ t->result_count) * 0x100000001b3ull;
	for (uint32_t i = 0; i < t->result_count; i++)
		h = (h ^ (uint64_t)t->results[i]) * 0x100000001b3ull;
	return h;
}

static bool type_equal(const struct wrr_functype *a,
		       const struct wrr_functype *b)
{
	if (a->param_count != b->param_count ||
	    a->result_count != b->result_count)
		return false;
	for (uint32_t i = 0; i < a->param_count; i++)
		if (a->params[i] != b->params[i])
			return false;
	for (uint32_t i = 0; i < a->result_count; i++)
		if (a->results[i] != b->results[i])
			return false;
	return true;
}

static bool rehash_types(struct wrr_store *store, uint32_t slot_count)
{
	uint32_t *slots = calloc(slot_count, sizeof *slots);
	if (slots == NULL)
		return false;
	for (uint32_t id = 0; id < store->type_count; id++) {
		uint32_t s = (uint32_t)store->types[id]->hash & (slot_count - 1);
		while (slots[s] != 0)
			s = (s + 1) & (slot_count - 1);
		slots[s] = id + 1;
	}
	free(store->type_slots);
	store->type_slots = slots;
	store->type_slot_count = slot_count;
	return true;
}

static enum wrr_valtype *copy_types(const enum wrr_valtype *src, uint32_t n)
{
	enum wrr_valtype *dst = malloc((n ? n : 1) * sizeof *dst);
	if (dst != NULL && n != 0)
		memcpy(dst, src, n * sizeof *dst);
	return dst;
}

bool wrr_store_intern_type(struct wrr_store *store,
			   const struct wrr_functype *type, uint32_t *id)
{
	uint64_t h = type_hash(type);
	if (store->type_slot_count != 0) {
		uint32_t mask = store->type_slot_count - 1;
		for (uint32_t s = (uint32_t)h & mask; store->type_slots[s] != 0;
		     s = (s + 1) & mask) {
			struct wrr_interned_type *e =
				store->types[store->type_slots[s] - 1];
			if (e->hash == h && type_equal(&e->type, type)) {
				*id = store->type_slots[s] - 1;
				return true;
			}
		}
	}
	if ((uint64_t)(store->type_count + 1) * 2 > store->type_slot_count &&
	    !rehash_types(store, store->type_slot_count ?
					 store->type_slot_count * 2 : 64))
		return false;
	if (store->type_count == store->type_capacity) {
		uint32_t cap = store->type_capacity ? store->type_capacity * 2 : 32;
		void *p = realloc(store->types, cap * sizeof *store->types);
		if (p == NULL)
			return false;
		store->types = p;
		store->type_capacity = cap;
	}
	struct wrr_interned_type *e = calloc(1, sizeof *e);
	if (e == NULL)
		return false;
	e->hash = h;
	e->type.param_count = type->param_count;
	e->type.result_count = type->result_count;
	e->type.params = copy_types(type->params, type->param_count);
	e->type.results = copy_types(type->results, type->result_count);
	if (e->type.params == NULL || e->type.results == NULL) {
		free((void *)e->type.params);
		free((void *)e->type.results);
		free(e);
		return false;
	}
	uint32_t new_id = store->type_count++;
	store->types[new_id] = e;
	uint32_t mask = store->type_slot_count - 1;
	uint32_t s = (uint32_t)h & mask;
	while (store->type_slots[s] != 0)
		s = (s + 1) & mask;
	store->type_slots[s] = new_id + 1;
	*id = new_id;
	return true;
}

/* -------------------------------------------------- settings, counters */

void wrr_store_set_gate(struct wrr_store *store, const struct wrr_gate *gate)
{
	store->has_gate = gate != NULL;
	if (gate != NULL)
		store->gate = *gate;
}

void wrr_store_set_write_observer(struct wrr_store *store,
				  const struct wrr_write_observer *observer)
{
	store->has_observer = observer != NULL;
	if (observer != NULL)
		store->observer = *observer;
}

void wrr_store_set_fuel(struct wrr_store *store, uint64_t fuel)
{
	store->fuel = fuel;
	store->fuel_unlimited = fuel == UINT64_MAX;
}

uint64_t wrr_store_fuel(const struct wrr_store *store)
{
	return store->fuel_unlimited ? UINT64_MAX : store->fuel;
}

uint64_t wrr_store_progress(const struct wrr_store *store)
{
	return store->progress;
}

/* ----------------------------------------------------------- backtrace */

static uint32_t frame_code_offset(const struct wrr_frame *f)
{
	const struct wrr_code_func *code = &f->func->body->code;
	if (f->pc == NULL || !wrr_code_ready(code))
		return UINT32_MAX;
	size_t i = (size_t)(f->pc - code->code);
	if (i >= code->code_len)
		return UINT32_MAX;
	/* code_offsets are not kept (exec/lazy.h): lower once more. */
	uint32_t at = wrr_func_body_code_offset(f->func->instance->module,
						f->func->func_index,
						(uint32_t)i);
	if (at == UINT32_MAX)
		return UINT32_MAX;
	return at - f->func->body->start;
}

void wrr_error_place(struct wrr_error *err, const struct wrr_frame *frame)
{
	if (err == NULL || err->func_index != UINT32_MAX)
		return;
	err->func_index = frame->func->func_index;
	err->code_offset = frame_code_offset(frame);
	if (err->code_offset != UINT32_MAX)
		err->offset = (uint64_t)err->code_offset +
			      frame->func->body->start;
}

uint32_t wrr_store_backtrace(const struct wrr_store *store,
			     struct wrr_frame_info *out, uint32_t max,
			     uint32_t *total)
{
	uint32_t n = 0;
	for (uint32_t i = store->depth; i-- > 0;) {
		const struct wrr_frame *f = &store->frames[i];
		if (n < max && out != NULL) {
			out[n].instance = f->func->instance;
			out[n].func_index = f->func->func_index;
			out[n].code_offset = frame_code_offset(f);
			n++;
		}
	}
	if (total != NULL)
		*total = store->depth;
	return n;
}
